"""Web app: dispatch preview, DOCX/PDF downloads, and what no URL may reach."""

from __future__ import annotations

import os
import re
from urllib.parse import unquote

import pytest

from app.dispatch import build_dispatch
from helpers import docx_texts, response_text

NAME = "lao-cai-2023"


def test_preview_shows_every_printed_line_of_the_dispatch(client, sample_campaign):
    response = client.get(f"/campaigns/{NAME}")
    assert response.status_code == 200
    html = response_text(response)
    view = build_dispatch(sample_campaign)
    for line in (view.header.parent_body, view.header.issuing_body, view.number_symbol, view.subject, view.place_date,
                 view.header.national_name, view.header.motto, view.signer.authority_line, view.signer.title_line,
                 view.signer.name,
                 "Kính gửi:", "Nơi nhận:", *view.addressees, *view.distribution):
        assert line in html, line
    assert "Số: 21/CTĐ-VP" in html and "Lào Cai, ngày 10 tháng 02 năm 2023" in html
    # Part headings in order, bold by their class; emphasis becomes <em>.
    headings = re.findall(r'<p class="part-heading"><strong>(.*?)</strong></p>', html)
    assert headings == ["I. Mục tiêu thi đua", "II. Chỉ tiêu cụ thể", "III. Nội dung thi đua",
                        "IV. Tổ chức thực hiện"]
    assert "<em>Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo</em>" in html
    assert "[[" not in html.split('<article class="sheet"')[1]  # computed values are resolved


def test_preview_links_to_downloads_and_edit(client):
    html = response_text(client.get(f"/campaigns/{NAME}"))
    for href in (f"/campaigns/{NAME}/dispatch.docx", f"/campaigns/{NAME}/dispatch.pdf", f"/campaigns/{NAME}/edit"):
        assert f'href="{href}"' in html


def test_preview_shows_links_other_areas_register(app, client):
    from flask import Blueprint

    from app.web import register_campaign_link

    bp = Blueprint("other_area", __name__)
    bp.add_url_rule("/campaigns/<slug:name>/other", "page", lambda name: name)
    app.register_blueprint(bp)
    register_campaign_link(app, "other_area.page", "Bảng theo dõi chỉ tiêu")
    html = response_text(client.get(f"/campaigns/{NAME}"))
    assert f'<a href="/campaigns/{NAME}/other">Bảng theo dõi chỉ tiêu</a>' in html


def test_preview_of_a_broken_campaign_lists_its_errors(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    path.write_text(path.read_text("utf-8").replace("name: Vàng Thị Mai Hương", "nam: X"), "utf-8")
    response = client.get(f"/campaigns/{NAME}")
    assert response.status_code == 422
    html = response_text(response)
    assert re.search(rf"{NAME}\.yaml:\d+: signer\.name: thiếu trường bắt buộc", html)
    assert client.get(f"/campaigns/{NAME}/dispatch.docx").status_code == 422


def _disposition_names(header: str) -> tuple[str, str]:
    ascii_name = re.search(r'filename="([^"]+)"', header).group(1)
    utf8_name = unquote(re.search(r"filename\*=UTF-8''(\S+)", header).group(1))
    return ascii_name, utf8_name


def test_docx_download_has_a_vietnamese_name_and_the_campaign_text(client, outputs_dir):
    response = client.get(f"/campaigns/{NAME}/dispatch.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ascii_name, utf8_name = _disposition_names(response.headers["Content-Disposition"])
    assert utf8_name == "Công văn 21-CTĐ-VP phát động phong trào thi đua 2023.docx"
    assert ascii_name == "Cong van 21-CTD-VP phat dong phong trao thi dua 2023.docx"
    text = "\n".join(docx_texts(response.data))
    assert "phát động phong trào thi đua năm 2023" in text
    assert (outputs_dir / NAME / "cong-van-21.docx").is_file()  # generated under outputs/


def test_download_reflects_a_saved_edit(client, edit_form):
    form = edit_form()
    form["targets-4-text"] = "Chỉ tiêu thứ năm đã sửa trên web năm [[ nam ]]."
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    texts = docx_texts(client.get(f"/campaigns/{NAME}/dispatch.docx").data)
    assert "5. Chỉ tiêu thứ năm đã sửa trên web năm 2023." in texts


@pytest.mark.libreoffice
def test_pdf_download(client):
    response = client.get(f"/campaigns/{NAME}/dispatch.pdf")
    assert response.status_code == 200, response_text(response)[:500]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    _, utf8_name = _disposition_names(response.headers["Content-Disposition"])
    assert utf8_name.endswith("thi đua 2023.pdf")


def test_pdf_without_libreoffice_is_a_clear_503(client, monkeypatch, tmp_path):
    # LibreOffice is really absent for this request: an empty PATH and no VANTHU_SOFFICE.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("VANTHU_SOFFICE", raising=False)
    if any(os.path.exists(p) for p in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                                        "/Applications/LibreOffice.app/Contents/MacOS/soffice")):
        pytest.fail("this test needs LibreOffice to be unreachable through PATH only")
    response = client.get(f"/campaigns/{NAME}/dispatch.pdf")
    assert response.status_code == 503
    html = response_text(response)
    assert "Chưa tạo được PDF" in html and "libreoffice-writer-nogui" in html
    assert "Bản Word (DOCX) vẫn tải được" in html


@pytest.mark.parametrize("url", [
    "/campaigns/../pyproject.toml",
    "/campaigns/..%2F..%2Fpyproject.toml",
    "/campaigns/%2e%2e/edit",
    "/campaigns/%2e%2e%2f%2e%2e%2fetc%2fpasswd/dispatch.docx",
    "/campaigns/..%2Fcampaigns%2Flao-cai-2023/edit",
    "/campaigns/%2Fetc%2Fpasswd",
    "/campaigns//etc/passwd/dispatch.docx",
    "/campaigns/C:%5CWindows%5Cwin.ini",
    "/campaigns/lao-cai-2023%2F..%2F..%2Fpyproject.toml",
    "/campaigns/lao-cai-2023/dispatch.exe",
    "/campaigns/lao-cai-2023/../../pyproject.toml",
    "/static/..%2F..%2F..%2Fpyproject.toml",
    "/static/%2e%2e/__init__.py",
    "/etc/passwd",
    "//etc/passwd",
])
def test_no_url_reads_outside_campaigns_and_outputs(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)
    assert b"[project]" not in response.data and b"root:" not in response.data
    if response.status_code == 404:
        assert "Không tìm thấy trang" in response_text(response)
