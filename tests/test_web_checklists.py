"""The checklists page: quotas per unit with totals, the background job, the ZIP download."""

from __future__ import annotations

import io
import re
import time
import zipfile
from urllib.parse import unquote

from docx import Document
from openpyxl import load_workbook

from app.quotas import campaign_quotas


def _wait_for_job(client, name="lao-cai-2023", timeout=60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/campaigns/{name}/checklists/status").get_json()
        if job["state"] in ("done", "error"):
            return job
        time.sleep(0.1)
    raise AssertionError("the checklist job did not finish")


def test_page_lists_units_with_quotas_and_totals(client, sample_campaign):
    response = client.get("/campaigns/lao-cai-2023/checklists")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Hội Chữ thập đỏ huyện Bát Xát" in html and "Hội Chữ thập đỏ thị xã Sa Pa" in html
    quotas = campaign_quotas(sample_campaign)
    assert "845" in html or str(quotas["mau"].quotas["Hội Chữ thập đỏ huyện Bát Xát"]) in html
    tfoot = html[html.index("<tfoot>"):html.index("</tfoot>")]
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td class="num"[^>]*>(.*?)</td>', tfoot)] == \
        ["20.000", "12.000", "7.500"]
    assert 'action="/campaigns/lao-cai-2023/checklists/generate"' in html


def test_campaign_page_links_to_the_checklists(client):
    html = client.get("/campaigns/lao-cai-2023").get_data(as_text=True)
    assert 'href="/campaigns/lao-cai-2023/checklists"' in html


def test_generate_all_runs_in_the_background_and_reports_progress(client, outputs_dir):
    assert client.get("/campaigns/lao-cai-2023/checklists/status").get_json()["state"] == "idle"
    response = client.post("/campaigns/lao-cai-2023/checklists/generate")
    assert response.status_code == 303
    job = _wait_for_job(client)
    assert job == {"done": 18, "total": 18, "state": "done", "error": None}
    folder = outputs_dir / "lao-cai-2023" / "checklists"
    assert len(list(folder.glob("*.docx"))) == 9 and len(list(folder.glob("*.xlsx"))) == 9
    assert (outputs_dir / "lao-cai-2023" / "checklists.zip").is_file()


def test_zip_download_generates_when_missing_and_has_a_utf8_name(client):
    response = client.get("/campaigns/lao-cai-2023/checklists.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Bảng theo dõi chỉ tiêu 2023 - lao-cai-2023.zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert len(names) == 18 and "huyen-bat-xat.docx" in names
        assert Document(io.BytesIO(archive.read("huyen-bat-xat.docx"))).tables
        assert load_workbook(io.BytesIO(archive.read("huyen-bat-xat.xlsx"))).active.protection.sheet


def test_zip_is_regenerated_when_the_campaign_changes(client, campaigns_dir, outputs_dir):
    client.get("/campaigns/lao-cai-2023/checklists.zip")
    zip_file = outputs_dir / "lao-cai-2023" / "checklists.zip"
    first = zip_file.stat().st_mtime
    path = campaigns_dir / "lao-cai-2023.yaml"
    text = path.read_text(encoding="utf-8").replace("weight: 38}", "weight: 380}")
    time.sleep(0.05)
    path.write_text(text, encoding="utf-8")
    client.get("/campaigns/lao-cai-2023/checklists.zip")
    assert zip_file.stat().st_mtime > first


def test_one_unit_file_downloads(client):
    response = client.get("/campaigns/lao-cai-2023/checklists/huyen-bat-xat.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    assert ws["A5"].value == "Đơn vị: Hội Chữ thập đỏ huyện Bát Xát"
    assert client.get("/campaigns/lao-cai-2023/checklists/huyen-khong-co.docx").status_code == 404


def test_unknown_campaign_is_404(client):
    assert client.get("/campaigns/khong-co/checklists").status_code == 404
    assert client.get("/campaigns/khong-co/checklists.zip").status_code == 404
    assert client.get("/campaigns/khong-co/checklists/status").status_code == 404


def test_generate_requires_the_csrf_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/campaigns/lao-cai-2023/checklists/generate")
    assert response.status_code == 400
    assert client.get("/campaigns/lao-cai-2023/checklists/status").get_json()["state"] == "idle"
