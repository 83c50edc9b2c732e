"""Web scoreboard: the sortable, printable table, its downloads, the office's overrides (saved in
results.yaml, 409 on a changed file), the page of a campaign without rules."""

from __future__ import annotations

import io
import re

from app.records import load_results
from helpers import response_text

NAME = "lao-cai-2023"
URL = f"/campaigns/{NAME}/scoreboard"
BAO_THANG = "Hội Chữ thập đỏ huyện Bảo Thắng"


def _version(html: str) -> str:
    return re.search(r'name="_version" value="([^"]*)"', html).group(1)


def _rows(html: str) -> list[str]:
    """The units in the table's order."""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return re.findall(r'<th scope="row" title="[^"]*">([^<]+)</th>', body)


def test_the_page_lists_every_unit_best_first_with_its_points(client):
    response = client.get(URL)
    html = response_text(response)
    assert response.status_code == 200
    assert "Bảng tổng hợp kết quả chấm điểm thi đua năm 2023" in html
    assert _rows(html) == ["Thành phố Lào Cai", "Thị xã Sa Pa", "Huyện Bảo Yên", "Huyện Văn Bàn", "Huyện Bát Xát",
                           "Huyện Mường Khương", "Huyện Bảo Thắng", "Huyện Bắc Hà", "Huyện Si Ma Cai"]
    assert '<td class="num total" data-value="105.0"><strong>105</strong></td>' in html
    assert "11,79<small class=\"reported\">1.700/1.731</small>" in html  # score, then reported / quota
    assert "<strong>Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam</strong>" in html
    assert "Đề nghị Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai: 3 đơn vị" in html


def test_the_table_is_sortable_by_a_vendored_script_and_plain_without_it(client):
    response = client.get(URL)
    html = response_text(response)
    assert '<table class="scoreboard sortable" id="scoreboard">' in html
    headings = re.findall(r'<th scope="col"[^>]*data-sort="(number|text)"', html)
    assert len(headings) == 2 + 12 + 5
    assert 'aria-sort="ascending">Xếp thứ</th>' in html  # the server's order, said to screen readers
    assert '<script src="/static/sortable.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'self' only
    script = response_text(client.get("/static/sortable.js"))
    assert "data-sort" in script and "Intl.Collator(\"vi\"" in script
    assert "<button" not in html[html.index("<thead>"):html.index("</thead>")]  # buttons come with the script


def test_the_page_prints_on_its_own_in_landscape(client):
    html = response_text(client.get(URL))
    assert '<link rel="stylesheet" href="/static/scoreboard.css">' in html
    css = response_text(client.get("/static/scoreboard.css"))
    print_rules = css[css.index("@media print"):]
    assert "@page { size: A4 landscape;" in print_rules
    assert ".topbar" in print_rules and ".no-print" in print_rules and "display: none !important" in print_rules
    assert '<header class="print-only print-head">' in html and "NGƯỜI LẬP BIỂU" in html
    assert "KT. CHỦ TỊCH" in html and "Vàng Thị Mai Hương" in html
    assert '<section class="card no-print overrides"' in html


def test_downloads_are_the_docx_and_the_xlsx_under_vietnamese_names(client, outputs_dir):
    from docx import Document
    from openpyxl import load_workbook

    response = client.get(f"{URL}.docx")
    assert response.status_code == 200
    assert "B%E1%BA%A3ng%20t%E1%BB%95ng%20h%E1%BB%A3p" in response.headers["Content-Disposition"]
    texts = [p.text for p in Document(io.BytesIO(response.data)).paragraphs]
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2023" in texts
    response = client.get(f"{URL}.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(response.data)).sheetnames == ["Bảng điểm", "Kết quả báo cáo"]
    assert (outputs_dir / NAME / "bang-diem.docx").is_file()


def test_an_override_is_saved_with_its_reason_and_shown(client, campaigns_dir):
    html = response_text(client.get(URL))
    response = client.post(f"{URL}/override", data={
        "unit": BAO_THANG, "award": "giay-khen", "reason": "Đóng góp lớn cho cứu trợ lũ", "_version": _version(html)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{URL}#u-huyen-bao-thang")
    override = load_results(campaigns_dir / f"{NAME}.yaml")[0].units[BAO_THANG].override
    assert (override.award, override.reason) == ("giay-khen", "Đóng góp lớn cho cứu trợ lũ")
    html = response_text(client.get(URL))
    assert "Đã lưu điều chỉnh của huyện Bảo Thắng." in html
    row = html[html.index('id="u-huyen-bao-thang"'):]
    row = row[:row.index("</tr>")]
    assert "<strong>Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai</strong>" in row
    assert "Theo quy chế: Không đề nghị" in row and "Lý do: Đóng góp lớn cho cứu trợ lũ" in row
    # Removing it brings the rules' proposal back.
    response = client.post(f"{URL}/override", data={"unit": BAO_THANG, "_action": "clear", "_version": _version(html)})
    assert response.status_code == 303
    assert load_results(campaigns_dir / f"{NAME}.yaml")[0].units[BAO_THANG].override is None


def test_an_override_to_no_award(client, campaigns_dir):
    html = response_text(client.get(URL))
    sa_pa = "Hội Chữ thập đỏ thị xã Sa Pa"
    assert client.post(f"{URL}/override", data={"unit": sa_pa, "award": "", "reason": "Đang thanh tra",
                                                 "_version": _version(html)}).status_code == 303
    override = load_results(campaigns_dir / f"{NAME}.yaml")[0].units[sa_pa].override
    assert (override.award, override.reason) == (None, "Đang thanh tra")
    assert "<strong>Thị xã Sa Pa</strong>: Không đề nghị <em>(đã điều chỉnh)</em>" in response_text(client.get(URL))


def test_an_override_needs_a_reason_and_a_known_award(client, campaigns_dir):
    results = campaigns_dir / NAME / "results.yaml"
    before = results.read_bytes()
    version = _version(response_text(client.get(URL)))
    response = client.post(f"{URL}/override", data={"unit": BAO_THANG, "award": "giay-khen", "reason": "  ",
                                                    "_version": version})
    html = response_text(response)
    assert response.status_code == 422
    assert '<p class="error" id="e-huyen-bao-thang">Cần ghi lý do điều chỉnh.</p>' in html
    assert '<details id="o-huyen-bao-thang" open>' in html
    response = client.post(f"{URL}/override", data={"unit": BAO_THANG, "award": "huan-chuong", "reason": "x",
                                                    "_version": version})
    assert response.status_code == 422 and "không có hình thức khen thưởng &#39;huan-chuong&#39;" in response_text(response)
    response = client.post(f"{URL}/override", data={"unit": "Hội khác", "award": "", "reason": "x", "_version": version})
    assert response.status_code == 422
    assert results.read_bytes() == before


def test_an_override_is_refused_with_409_when_the_results_changed_meanwhile(client, campaigns_dir):
    results = campaigns_dir / NAME / "results.yaml"
    version = _version(response_text(client.get(URL)))
    changed = results.read_text("utf-8").replace("'10': 8,", "'10': 7,", 1)
    results.write_text(changed, "utf-8")
    response = client.post(f"{URL}/override", data={"unit": BAO_THANG, "award": "giay-khen", "reason": "Của tôi",
                                                    "_version": version})
    html = response_text(response)
    assert response.status_code == 409
    assert "Chưa lưu: kết quả đã bị thay đổi ở nơi khác" in html
    assert ">Của tôi</textarea>" in html  # the reason typed is still there
    assert results.read_text("utf-8") == changed


def test_a_campaign_without_rules_explains_and_links_to_the_form(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("\nscoring:")] + "\n", "utf-8")
    response = client.get(URL)
    html = response_text(response)
    assert response.status_code == 200
    assert "Chiến dịch chưa có quy chế chấm điểm" in html
    assert f'href="/campaigns/{NAME}/edit#s-scoring"' in html and "<table" not in html
    assert client.get(f"{URL}.docx").status_code == 303


def test_results_that_do_not_fit_are_named_without_the_servers_path(client, campaigns_dir):
    results = campaigns_dir / NAME / "results.yaml"
    results.write_text(results.read_text("utf-8").replace("bonuses: [mo-hinh-moi,", "bonuses: [khong-co,"), "utf-8")
    response = client.get(URL)
    html = response_text(response)
    assert response.status_code == 422
    assert re.search(rf"<code>{NAME}/results\.yaml:\d+: units\.Hội Chữ thập đỏ thành phố Lào Cai\.bonuses: "
                     "không có mục &#39;khong-co&#39; trong quy chế chấm điểm</code>", html)
    assert str(campaigns_dir) not in html and f'href="/campaigns/{NAME}/results"' in html


def test_the_campaign_page_links_to_the_scoreboard_and_the_nominees(client):
    html = response_text(client.get(f"/campaigns/{NAME}"))
    assert f'href="{URL}">Bảng tổng hợp kết quả chấm điểm thi đua</a>' in html
    assert f'href="/campaigns/{NAME}/nominees">Cá nhân đề nghị khen thưởng</a>' in html


def test_the_page_speaks_english_on_request(client):
    html = response_text(client.get(f"{URL}?lang=en"))
    assert "Emulation scoring table for 2023" in html and "Adjust the proposed award" in html
