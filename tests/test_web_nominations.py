"""The award documents' page: the list of documents, each DOCX and PDF, the ZIP, what is missing."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import pytest
from docx import Document

from helpers import docx_texts, response_text
from test_nominations import NOMINEES

PAGE = "/campaigns/lao-cai-2023/nominations"


@pytest.fixture
def with_nominees(campaigns_dir):
    (campaigns_dir / "lao-cai-2023" / "nominees.yaml").write_text(NOMINEES, encoding="utf-8")
    return campaigns_dir


def download_name(response) -> str:
    return unquote(response.headers["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_campaign_page_links_to_the_award_documents(client):
    assert f'href="{PAGE}"' in response_text(client.get("/campaigns/lao-cai-2023"))


def test_page_lists_every_document_with_its_downloads(client, with_nominees):
    html = response_text(client.get(PAGE))
    assert "Tờ trình số 45/TTr-CTĐ gửi Trung ương Hội Chữ thập đỏ Việt Nam" in html
    assert "Danh sách kèm theo Tờ trình số 45/TTr-CTĐ" in html and "Quyết định số 120/QĐ-CTĐ khen thưởng" in html
    assert "Báo cáo thành tích (8)" in html and "Báo cáo thành tích: Nguyễn Thị Lan" in html
    assert f'href="{PAGE}/to-trinh-45.docx"' in html and f'href="{PAGE}/quyet-dinh-120.pdf"' in html
    assert 'href="/campaigns/lao-cai-2023/khen-thuong.zip"' in html


def test_each_document_downloads_as_docx_under_a_vietnamese_name(client, with_nominees, outputs_dir):
    response = client.get(f"{PAGE}/to-trinh-45.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert download_name(response) == "Tờ trình 45-TTr-CTĐ đề nghị khen thưởng năm 2023.docx"
    assert "Số: 45/TTr-CTĐ" in docx_texts(response.data)
    assert (outputs_dir / "lao-cai-2023" / "khen-thuong" / "to-trinh-45.docx").is_file()
    response = client.get(f"{PAGE}/bao-cao-thanh-tich-nguyen-thi-lan.docx")
    assert download_name(response) == "Báo cáo thành tích - Nguyễn Thị Lan.docx"
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in "\n".join(docx_texts(response.data))
    response = client.get(f"{PAGE}/danh-sach-quyet-dinh-120.docx")
    assert download_name(response) == "Danh sách kèm theo Quyết định 120-QĐ-CTĐ.docx"


def test_the_zip_holds_every_docx(client, with_nominees):
    response = client.get("/campaigns/lao-cai-2023/khen-thuong.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert download_name(response) == "Hồ sơ khen thưởng 2023 - lao-cai-2023.zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert len(names) == 12 and "quyet-dinh-120.docx" in names
        assert Document(io.BytesIO(archive.read("quyet-dinh-120.docx"))).tables


def test_unknown_documents_are_404(client):
    assert client.get(f"{PAGE}/khong-co.docx").status_code == 404
    assert client.get(f"{PAGE}/to-trinh-45.xlsx").status_code == 404
    assert client.get("/campaigns/khong-co/nominations").status_code == 404


def test_without_scoring_rules_the_page_says_so_and_downloads_are_refused(client, campaigns_dir):
    path = campaigns_dir / "lao-cai-2023.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("\n# Chấm điểm thi đua")] + "\n", encoding="utf-8")
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Chưa lập được hồ sơ khen thưởng: chiến dịch chưa có quy chế chấm điểm" in response_text(response)
    assert "khen-thuong.zip" not in response_text(response)
    response = client.get("/campaigns/lao-cai-2023/khen-thuong.zip")
    assert response.status_code == 422 and "quy chế chấm điểm" in response_text(response)


def test_the_page_in_english(client, with_nominees):
    html = response_text(client.get(f"{PAGE}?lang=en"))
    assert "Award documents 2023" in html and "Download all (.zip)" in html


@pytest.mark.libreoffice
def test_a_document_downloads_as_pdf(client, with_nominees):
    response = client.get(f"{PAGE}/quyet-dinh-120.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert download_name(response) == "Quyết định 120-QĐ-CTĐ khen thưởng năm 2023.pdf"
