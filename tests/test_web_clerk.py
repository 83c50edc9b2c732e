"""Issue 10.6, a clerk's comfort: a removed row can be put back, the checklists table keeps its
column names on a phone, the checklists come as PDF (each unit, all in a ZIP), the preview prints
the dispatch's PDF, the new-campaign name hint shows its placeholder.

The browser tests drive /usr/bin/chromium with the fixtures of tests/test_browser.py; screenshots
go to outputs/screenshots/ (``clerk-…``) for a person to look at.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from app.loader import load_campaign
from helpers import ROOT, response_text
from test_browser import browser, page, server  # noqa: F401 - pytest fixtures shared with the other browser tests

NAME = "lao-cai-2023"
SCREENSHOTS = ROOT / "outputs" / "screenshots"


def _shot(tab, name: str, **kwargs) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"clerk-{name}.png"), **kwargs)


def _without_libreoffice(monkeypatch, tmp_path: Path) -> None:
    """Make LibreOffice really unreachable for this test: an empty PATH and no VANTHU_SOFFICE."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("VANTHU_SOFFICE", raising=False)
    if any(os.path.exists(p) for p in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                                        "/Applications/LibreOffice.app/Contents/MacOS/soffice")):
        pytest.fail("this test needs LibreOffice to be unreachable through PATH only")


# --- The name hint ----------------------------------------------------------------------------------

def test_new_campaign_name_hint_shows_the_file_name_placeholder(client):
    html = response_text(client.get("/campaigns/new"))
    assert "Tệp sẽ là campaigns/&lt;tên&gt;.yaml." in html


# --- Checklists: column names on a phone --------------------------------------------------------------

def test_every_checklist_cell_carries_its_column_name(client):
    html = response_text(client.get(f"/campaigns/{NAME}/checklists"))
    for label in ("STT", "Đơn vị", "Loại", "Trọng số", "suất quà", "đơn vị máu", "Tệp"):
        # one per unit row (nine units), the metrics once more in the totals row
        assert html.count(f'data-label="{label}"') >= 9, label


@pytest.mark.browser
def test_checklists_table_shows_the_column_name_beside_each_value_on_a_phone(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="vi-VN")
    phone = context.new_page()
    try:
        phone.goto(server + f"/campaigns/{NAME}/checklists")
        assert not phone.locator("table.checklist-quotas thead").is_visible()  # stacked rows on a phone
        first = phone.locator("table.checklist-quotas tbody tr").first
        cells = first.locator("td, th")
        seen = {}
        for k in range(cells.count()):
            cell = cells.nth(k)
            assert cell.is_visible()
            label = cell.evaluate("c => getComputedStyle(c, '::before').content")
            seen[label.strip('"')] = cell.inner_text().split("\n")[-1].strip()
        assert seen == {"STT": "1", "Đơn vị": "thành phố Lào Cai", "Loại": "thành phố", "Trọng số": "130",
                        "suất quà": "3.571", "người được khám, tư vấn, phát thuốc": "2.143",
                        "đơn vị máu": "1.339", "Tệp": "Word · Excel · PDF"}
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways
        first.scroll_into_view_if_needed()
        _shot(phone, "checklists-phone")
    finally:
        context.close()


# --- Checklists as PDF ---------------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_one_units_checklist_downloads_as_pdf(client):
    response = client.get(f"/campaigns/{NAME}/checklists/huyen-bat-xat.pdf")
    assert response.status_code == 200, response_text(response)[:300]
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    utf8_name = unquote(response.headers["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert utf8_name == "Bảng theo dõi chỉ tiêu 2023 - huyện Bát Xát.pdf"


@pytest.mark.libreoffice
def test_all_checklists_download_as_one_zip_of_pdfs_beside_the_word_zip(client, outputs_dir):
    campaign = load_campaign(ROOT / "campaigns" / f"{NAME}.yaml")
    response = client.get(f"/campaigns/{NAME}/checklists-pdf.zip")
    assert response.status_code == 200, response_text(response)[:300]
    assert response.mimetype == "application/zip"
    assert "%28PDF%29.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == len(campaign.units) and all(n.endswith(".pdf") for n in names)
    assert "huyen-bat-xat.pdf" in names
    assert all(archive.read(n).startswith(b"%PDF") for n in names)

    # The Word/Excel ZIP is another file: making one never overwrites the other.
    words = zipfile.ZipFile(io.BytesIO(client.get(f"/campaigns/{NAME}/checklists.zip").data)).namelist()
    assert {Path(n).suffix for n in words} == {".docx", ".xlsx"}
    pdf_zip = outputs_dir / NAME / "checklists-pdf.zip"
    made = pdf_zip.stat().st_mtime_ns
    again = client.get(f"/campaigns/{NAME}/checklists-pdf.zip")
    assert again.data == response.data and pdf_zip.stat().st_mtime_ns == made  # reused, not made again


def test_checklist_pdfs_without_libreoffice_are_a_503_page_linking_to_the_word_files(client, monkeypatch, tmp_path):
    _without_libreoffice(monkeypatch, tmp_path)
    for url, word in ((f"/campaigns/{NAME}/checklists/huyen-bat-xat.pdf",
                       f"/campaigns/{NAME}/checklists/huyen-bat-xat.docx"),
                      (f"/campaigns/{NAME}/checklists-pdf.zip", f"/campaigns/{NAME}/checklists.zip")):
        response = client.get(url)
        assert response.status_code == 503, url
        html = response_text(response)
        assert "PDF chưa tạo được" in html and "libreoffice-writer-nogui" in html
        assert "Bản Word (DOCX) vẫn tải được." in html
        assert f'href="{word}"' in html
        assert client.get(word).status_code == 200  # and the Word file really comes


# --- Printing the dispatch -------------------------------------------------------------------------

@pytest.mark.libreoffice
def test_print_pdf_is_shown_inline_and_framable_by_our_pages_only(client):
    response = client.get(f"/campaigns/{NAME}/print.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    # Every other page still refuses to be framed.
    assert client.get(f"/campaigns/{NAME}").headers["X-Frame-Options"] == "DENY"


# Record print() calls in every frame of the page (a PDF viewer's frame included) instead of
# opening the print dialog, which a headless browser does not have.
RECORD_PRINT = ("window.print = function () { (window.top.__printed = window.top.__printed || [])"
                ".push(location.pathname); };")


@pytest.mark.browser
@pytest.mark.libreoffice
def test_print_button_prints_the_dispatch_pdf_from_a_hidden_frame(page, server):  # noqa: F811
    page.context.add_init_script(RECORD_PRINT)
    page.goto(server + f"/campaigns/{NAME}")
    button = page.get_by_role("link", name="In", exact=True)
    assert button.get_attribute("target") == "_blank"  # without JavaScript: the PDF in a new tab
    with page.expect_response("**/print.pdf") as answer:
        button.click()
    assert answer.value.status == 200 and answer.value.headers["content-type"] == "application/pdf"
    page.wait_for_function("(window.__printed || []).length > 0")
    assert page.evaluate("window.__printed") == [f"/campaigns/{NAME}/print.pdf"]
    frame = page.locator("#print-frame")
    assert frame.get_attribute("aria-hidden") == "true" and frame.bounding_box()["width"] == 0
    _shot(page, "preview-print-button")


@pytest.mark.browser
def test_print_without_libreoffice_opens_the_page_saying_why(page, server, monkeypatch, tmp_path):  # noqa: F811
    _without_libreoffice(monkeypatch, tmp_path)
    page.context.add_init_script(RECORD_PRINT)
    page.goto(server + f"/campaigns/{NAME}")
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="In", exact=True).click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.get_by_role("heading", name="Chưa tạo được PDF").is_visible()
    assert "Bản Word (DOCX) vẫn tải được." in popup.inner_text("main")
    assert page.evaluate("window.__printed || []") == []  # the error page is never printed


# --- Undoing a removed row -------------------------------------------------------------------------

# (remove button, a field of the row, the bar's text): one list of each kind of the edit form.
ROWS = [
    ("del:targets-2", "#f-targets-2-text", "Đã xóa chỉ tiêu 3"),
    ("del:targets-2-metrics-1", "#f-targets-2-metrics-1-unit", "Đã xóa số liệu 2"),
    ("del:dispatch-parts-0", "#f-dispatch-parts-0-heading", "Đã xóa phần 1"),
    ("del:dispatch-parts-2-items-1", "#f-dispatch-parts-2-items-1-text", "Đã xóa mục 2"),
    ("del:dispatch-distribution-1", "#f-dispatch-distribution-1", "Đã xóa nơi nhận 2"),
    ("del:units-3", "#f-units-3-name", "Đã xóa đơn vị"),
    ("del:anniversaries-0", "#f-anniversaries-0-id", "Đã xóa ngày kỷ niệm"),
    ("del:scoring-awards-0", "#f-scoring-awards-0-name", "Đã xóa"),
]


@pytest.mark.browser
def test_a_removed_row_of_any_list_comes_back_in_place_with_what_was_typed(page, server, campaigns_dir):  # noqa: F811
    page.goto(server + f"/campaigns/{NAME}/edit")
    bar = page.locator("#undo-bar")
    assert not bar.locator(".undo-inner").is_visible()
    before: dict[str, str] = {}
    for button, field, text in ROWS:
        rows = page.locator(f"[data-list='{button[4:].rsplit('-', 1)[0]}'] > ol.items > li")
        count = rows.count()
        before[field] = page.locator(field).input_value()
        typed = before[field] + " (đã sửa)"
        page.locator(field).fill(typed)
        page.locator(f"button[value='{button}']").click()
        assert rows.count() == count - 1, button
        assert page.locator(field).count() == 0 or page.locator(field).input_value() != typed
        assert bar.locator(".undo-inner").is_visible() and bar.inner_text().startswith(text), bar.inner_text()
        if button == ROWS[0][0]:
            _shot(page, "undo-bar")
        # The bar has the focus: Enter puts the row back, numbered and named as before.
        assert page.evaluate("document.activeElement.className") == "undo-button"
        page.keyboard.press("Enter")
        assert rows.count() == count, button
        assert page.locator(field).input_value() == typed, button
        assert page.evaluate("document.activeElement.value") == button  # back on the row's own button
        assert not bar.locator(".undo-inner").is_visible()

    # Saved, the rows are where they were: three keep the typed text (a code or a metric's unit
    # with " (đã sửa)" would not validate, so those get their text back).
    for field, value in before.items():
        if field not in ("#f-targets-2-text", "#f-units-3-name", "#f-dispatch-distribution-1"):
            page.locator(field).fill(value)
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_url(f"**/campaigns/{NAME}")
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    original = load_campaign(ROOT / "campaigns" / f"{NAME}.yaml")
    assert saved.targets[2].text == original.targets[2].text + " (đã sửa)"
    assert [u.name for u in saved.units] == [u.name + (" (đã sửa)" if k == 3 else "")
                                            for k, u in enumerate(original.units)]
    assert saved.dispatch.distribution[1] == original.dispatch.distribution[1] + " (đã sửa)"
    assert len(saved.targets) == len(original.targets) and len(saved.dispatch.parts) == len(original.dispatch.parts)


@pytest.mark.browser
def test_the_undo_bar_closes_with_escape_and_after_ten_seconds_but_not_under_the_focus(page, server):  # noqa: F811
    page.clock.install()
    page.goto(server + f"/campaigns/{NAME}/edit")
    inner = page.locator("#undo-bar .undo-inner")

    # Escape closes it; the focus goes on to the next row, as after a removal without the bar.
    page.locator("button[value='del:targets-4']").click()
    assert inner.is_visible()
    page.keyboard.press("Escape")
    assert not inner.is_visible()
    assert page.evaluate("document.activeElement.value") == "up:targets-4"
    assert page.locator("li.target").count() == 11

    # Left alone with the focus on it, the bar stays; once the focus leaves after the 10 s, it goes.
    page.locator("button[value='del:targets-0']").click()
    page.clock.run_for(11_000)
    assert inner.is_visible()
    page.locator("#f-dispatch-number").focus()
    assert not inner.is_visible()

    # With the focus elsewhere it goes after 10 s by itself, and the row stays removed.
    page.locator("button[value='del:targets-0']").click()
    page.locator("#f-dispatch-number").focus()
    page.clock.run_for(5_000)
    assert inner.is_visible()
    page.clock.run_for(6_000)
    assert not inner.is_visible()
    assert page.locator("li.target").count() == 9


@pytest.mark.browser
def test_the_nominees_form_undoes_a_removed_person_too(page, server):  # noqa: F811
    page.goto(server + f"/campaigns/{NAME}/nominees")
    page.get_by_role("button", name="+ Thêm cá nhân", exact=True).click()
    person = page.locator("li.item[data-prefix^='people-']").last
    prefix = person.get_attribute("data-prefix")
    name_field = page.locator(f"#f-{prefix}-name")
    name_field.fill("Nguyễn Thị Hoa")
    page.locator(f"button[value='del:{prefix}']").click()
    assert name_field.count() == 0
    assert page.locator("#undo-bar").inner_text().startswith("Đã xóa cá nhân")
    page.get_by_role("button", name="Hoàn tác").click()
    assert page.locator(f"#f-{prefix}-name").input_value() == "Nguyễn Thị Hoa"
