"""The web app in a real Chromium: edit the fifth target, add and remove one, save, download.

The app runs on a free local port (werkzeug's server in a thread) over a scratch copy of
campaigns/; Playwright drives /usr/bin/chromium (``playwright install`` cannot download browsers
here). Screenshots of the main pages go to outputs/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.web import create_app
from helpers import ROOT, docx_texts, served

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "outputs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
NAME = "lao-cai-2023"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium; fails (never skips) saying what to install when it is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: run 'make install' (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run 'make install' "
                    "(or 'sudo apt-get install chromium')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def server(campaigns_dir, outputs_dir):
    """The web app served on a free port of 127.0.0.1; yields its base URL."""
    app = create_app({"SECRET_KEY": "browser-test", "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir})
    with served(app) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A 404/422 answer is logged as a console error too; those are checked by the tests themselves.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _shot(page, name: str, **kwargs) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **kwargs)


def test_edit_fifth_target_add_remove_save_preview_download(page, server, campaigns_dir, tmp_path):
    # The list: every campaign, with its subject; go to the form.
    page.goto(server + "/")
    assert page.locator("table.campaigns").get_by_text("V/v phát động phong trào thi đua 2023").is_visible()
    _shot(page, "01-list")
    page.get_by_role("row", name=re.compile(NAME)).get_by_role("link", name="Sửa", exact=True).click()
    page.wait_for_url(f"**/campaigns/{NAME}/edit")
    assert page.locator("li.target").count() == 12
    _shot(page, "02-edit-form")

    # Edit the fifth target.
    fifth = page.get_by_label("Nội dung chỉ tiêu 5")
    assert fifth.input_value().startswith("100 % các cấp Hội cơ sở phát động phong trào")
    new_text = "100% các cấp Hội cơ sở phát động phong trào “Tết Nhân ái” năm [[ nam ]] (sửa trên trình duyệt)."
    fifth.fill(new_text)
    page.locator("li.target").nth(4).scroll_into_view_if_needed()
    _shot(page, "02b-edit-targets")

    # Add a target, type into it, then remove it again: nothing of it must reach the file.
    page.get_by_role("button", name="+ Thêm chỉ tiêu", exact=True).click()
    assert page.locator("li.target").count() == 13
    added = page.locator("li.target").nth(12)
    added.get_by_label("Nội dung chỉ tiêu 13").fill("Chỉ tiêu tạm, sẽ bị xóa")
    added.locator(".item-head button.danger").click()
    assert page.locator("li.target").count() == 12

    # Reorder in the page: move the last target up and back down, names follow the rows.
    last = page.locator("li.target").nth(11)
    last_text = last.get_by_label("Nội dung chỉ tiêu 12").input_value()
    last.locator(".item-head button[value^='up:']").click()
    assert page.locator("#f-targets-10-text").input_value() == last_text
    page.locator("li.target").nth(10).locator(".item-head button[value^='down:']").click()
    assert page.locator("#f-targets-11-text").input_value() == last_text

    # A mistake is shown next to its field, in Vietnamese, and the typed text is kept.
    page.get_by_label("Số công văn").fill("hai mốt")
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_load_state()
    error = page.locator("#e-dispatch-number")
    assert error.inner_text().strip().endswith("phải là số nguyên")
    assert page.get_by_label("Nội dung chỉ tiêu 5").input_value() == new_text
    page.locator("#f-dispatch-number").scroll_into_view_if_needed()
    _shot(page, "03-edit-error")
    page.locator("#error-summary").scroll_into_view_if_needed()
    _shot(page, "03b-edit-error-summary")

    # Fix it and save: the preview shows the change.
    page.get_by_label("Số công văn").fill("21")
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_url(f"**/campaigns/{NAME}")
    assert page.get_by_text("Đã lưu chiến dịch").is_visible()
    sheet = page.locator("article.sheet")
    assert "5. 100% các cấp Hội cơ sở phát động phong trào “Tết Nhân ái” năm 2023 (sửa trên trình duyệt)." \
        in sheet.inner_text()
    _shot(page, "04-preview")
    _shot(page, "04b-preview-full", full_page=True)

    # Download the DOCX and find the change in it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải bản Word (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "Công văn 21-CTĐ-VP phát động phong trào thi đua 2023.docx"
    saved = tmp_path / "cong-van.docx"
    download.save_as(saved)
    paragraphs = docx_texts(saved)
    assert any("“Tết Nhân ái” năm 2023 (sửa trên trình duyệt)." in p for p in paragraphs)
    assert not any("Chỉ tiêu tạm" in p for p in paragraphs)

    # The file on disk is the single source of truth.
    assert "(sửa trên trình duyệt)" in (campaigns_dir / f"{NAME}.yaml").read_text(encoding="utf-8")


def test_narrow_screen_and_english(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + f"/campaigns/{NAME}")
    _shot(page, "05-preview-phone")
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Download Word (.docx)").is_visible()
    page.goto(server + "/")
    _shot(page, "06-list-phone-en")
    assert page.get_by_role("heading", name="Campaigns").is_visible()


def test_broken_file_is_listed_with_its_error(page, server, campaigns_dir):
    shutil.copy(campaigns_dir / f"{NAME}.yaml", campaigns_dir / "sai-2024.yaml")
    path = campaigns_dir / "sai-2024.yaml"
    path.write_text(path.read_text("utf-8").replace("year: 2023", "year: hai nghìn"), "utf-8")
    page.goto(server + "/")
    row = page.get_by_role("row", name=re.compile("sai-2024"))
    assert re.search(r"sai-2024\.yaml:\d+: year: phải là số nguyên", row.inner_text())
    _shot(page, "07-list-with-broken-file")


def test_scoreboard_sorts_by_a_heading_and_prints_alone(page, server):
    page.goto(server + f"/campaigns/{NAME}/scoreboard")
    units = page.locator("#scoreboard tbody th")
    assert units.first.inner_text() == "Thành phố Lào Cai"  # the ranking, as the server sent it
    page.get_by_role("button", name="Đơn vị").click()
    assert units.first.inner_text() == "Huyện Bảo Thắng"  # Vietnamese order: Bảo < Bát < Bắc
    assert page.get_by_role("columnheader", name="Đơn vị").get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Tổng điểm").click()  # points: highest first
    assert units.first.inner_text() == "Thành phố Lào Cai" and units.last.inner_text() == "Huyện Si Ma Cai"
    _shot(page, "08-scoreboard", full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible() and not page.locator("#overrides").is_visible()
    assert page.locator(".print-title").is_visible() and page.get_by_text("NGƯỜI LẬP BIỂU").is_visible()
    _shot(page, "09-scoreboard-print", full_page=True)


def test_year_end_results_change_the_ranking_a_person_is_added_and_the_submission_downloads(page, server, tmp_path):
    # Results: the last unit (huyện Si Ma Cai, index 7 in the campaign) reaches every target, the first (thành
    # phố Lào Cai, index 0) reports nothing for its three numbers.
    page.goto(server + f"/campaigns/{NAME}/scoreboard")
    units = page.locator("#scoreboard tbody th")
    assert units.first.inner_text() == "Thành phố Lào Cai" and units.last.inner_text() == "Huyện Si Ma Cai"
    page.goto(server + f"/campaigns/{NAME}/results")
    for key in ("4", "9", "11"):
        page.select_option(f"[id='f-v-7-{key}']", "1")
    for key, value in (("2.1", "30"), ("3.1", "5.000"), ("6.1", "5.000"), ("7.1", "3.000"), ("10", "8")):
        page.fill(f"[id='f-v-7-{key}']", value)
    for key in ("3.1", "6.1", "7.1"):
        page.fill(f"[id='f-v-0-{key}']", "0")
    _shot(page, "10-results", full_page=True)
    page.get_by_role("button", name="Lưu kết quả").first.click()
    page.wait_for_load_state()
    page.goto(server + f"/campaigns/{NAME}/scoreboard")
    ranking = page.locator("#scoreboard tbody th").all_inner_texts()
    assert ranking[:3] == ["Thị xã Sa Pa", "Huyện Bảo Yên", "Huyện Si Ma Cai"], ranking
    assert ranking.index("Thành phố Lào Cai") > 5, ranking

    # A person, added by hand, proposed for the Central Committee's Bằng khen.
    page.goto(server + f"/campaigns/{NAME}/nominees")
    page.get_by_role("button", name="Thêm cá nhân").click()
    page.fill("#f-people-0-name", "Nguyễn Thị Hoa")
    page.select_option("#f-people-0-sex", "Nữ")
    page.fill("#f-people-0-born", "1985")
    page.fill("#f-people-0-position", "Chủ tịch Hội Chữ thập đỏ xã Bản Phiệt")
    page.select_option("#f-people-0-award", "bang-khen-tw")
    page.fill("#f-people-0-summary", "Vận động 120 đơn vị máu và 300 suất quà Tết.")
    page.get_by_role("button", name="Lưu danh sách").last.click()
    page.wait_for_load_state()
    assert page.get_by_text("Nguyễn Thị Hoa").count() or page.locator("#f-people-0-name").input_value() == "Nguyễn Thị Hoa"

    # The Tờ trình: its counts now include the person and the new ranking.
    page.goto(server + f"/campaigns/{NAME}/nominations")
    with page.expect_download() as info:
        page.get_by_role("link", name="Word").first.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert info.value.suggested_filename.startswith("Tờ trình 45-TTr-CTĐ")
    text = "\n".join(docx_texts(target.read_bytes()))
    assert "Số: 45/TTr-CTĐ" in text and "TỜ TRÌNH" in text
    assert "Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam: 02 tập thể và 01 cá nhân" in text, text
    _shot(page, "11-nominations", full_page=True)


def test_parts_are_added_filled_and_moved_in_the_page(page, server, campaigns_dir):
    """The dispatch's parts with the script: a new part with two lettered items, moved above
    "Tổ chức thực hiện", the targets part moved to the top; saved and shown in the preview."""
    page.goto(f"{server}/campaigns/{NAME}/edit")
    parts = page.locator("#f-dispatch-parts > ol > li.part")
    assert parts.count() == 4
    page.get_by_role("button", name="+ Thêm phần", exact=True).click()
    assert parts.count() == 5
    new = parts.nth(4)
    new.locator("#f-dispatch-parts-4-heading").fill("Khen thưởng")
    new.locator("#f-dispatch-parts-4-item_numbering").select_option("letter")
    for n, text in enumerate(("Tập thể xuất sắc: Bằng khen.", "Cá nhân tiêu biểu: Giấy khen.")):
        new.get_by_role("button", name="+ Thêm mục", exact=True).click()
        new.locator(f"#f-dispatch-parts-4-items-{n}-text").fill(text)
    new.locator(".item-head button[value='up:dispatch-parts-4']").click()
    assert page.locator("#f-dispatch-parts-3-heading").input_value() == "Khen thưởng"
    assert page.locator("#f-dispatch-parts-3-items-1-text").input_value() == "Cá nhân tiêu biểu: Giấy khen."
    page.locator(".item-head button[value='up:dispatch-parts-1']").click()  # the targets part first
    assert page.locator("#f-dispatch-parts-0-targets").is_checked()
    assert parts.nth(0).locator("li.target").count() == 12  # the targets' rows go with their part
    parts.nth(3).scroll_into_view_if_needed()
    _shot(page, "02c-edit-parts")
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_url(f"**/campaigns/{NAME}")
    headings = page.locator("article.sheet p.part-heading").all_inner_texts()
    assert headings == ["I. Chỉ tiêu cụ thể", "II. Mục tiêu thi đua", "III. Nội dung thi đua", "IV. Khen thưởng",
                        "V. Tổ chức thực hiện"]
    body = page.locator("article.sheet .doc-body").inner_text()
    assert "a) Tập thể xuất sắc: Bằng khen.\n" in body and "b) Cá nhân tiêu biểu: Giấy khen." in body


def test_next_year_plan_then_one_review_note_ticked_off(page, server, campaigns_dir):
    """Issue 10: the campaign page's button makes lao-cai-2024 and opens its edit page with the
    review list; one note ticked off and saved is gone, the others stay."""
    from app.loader import load_campaign

    page.goto(f"{server}/campaigns/{NAME}")
    page.get_by_role("button", name="Tạo kế hoạch năm sau", exact=True).click()
    page.wait_for_url("**/campaigns/lao-cai-2024/edit")
    notes = load_campaign(campaigns_dir / "lao-cai-2024.yaml").review
    review = page.locator("#s-review")
    assert review.get_by_role("checkbox").count() == len(notes) >= 2
    _shot(page, "08-next-year-review")
    review.get_by_label(notes[0], exact=True).check()
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_url("**/campaigns/lao-cai-2024")
    assert load_campaign(campaigns_dir / "lao-cai-2024.yaml").review == notes[1:]


def test_enter_in_a_text_box_does_not_save_and_ctrl_s_does(page, server, campaigns_dir):
    """Issue 10.6: Enter in a one-line box leaves the form as it is; Ctrl+S saves it; a "Lưu"
    button sits at the top of the form."""
    page.goto(f"{server}/campaigns/{NAME}/edit")
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    box = page.locator("#f-signer-name")
    box.fill("Nguyễn Văn Thử")
    box.press("Enter")
    page.wait_for_timeout(300)
    assert page.url.endswith("/edit")
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before
    assert page.locator("nav.form-toc button[name=_save]").is_visible()
    box.press("Control+s")
    page.wait_for_url(f"**/campaigns/{NAME}")
    assert "name: Nguyễn Văn Thử" in (campaigns_dir / f"{NAME}.yaml").read_text("utf-8")


def test_error_summary_links_reach_their_fields_in_page_order(page, server):
    """Two errors the server finds in the opposite order of the page (a number typed wrong low on
    the page, a missing Mã in a target above it): the summary lists them in page order, in
    English, and each link brings its field into view with its label (issue 10.5)."""
    page.goto(server + f"/campaigns/{NAME}/edit?lang=en")
    apportioned = page.locator("input[type=checkbox][name$='-apportion']:checked").first
    prefix = apportioned.get_attribute("name").removesuffix("-apportion")
    page.locator(f"#f-{prefix}-id").fill("")
    page.locator("#f-scoring-total").fill("abc")
    page.get_by_role("button", name="Save campaign", exact=True).last.click()
    page.wait_for_load_state()
    links = page.locator("#error-summary a")
    assert links.count() == 2
    targets = [links.nth(i).get_attribute("href").removeprefix("#") for i in range(2)]
    assert targets == [f"f-{prefix}-id", "f-scoring-total"]
    assert "fill in the Id" in page.locator("#error-summary").inner_text()
    # Page order: the first link's field comes before the second's in the document.
    assert page.evaluate("([a, b]) => !!(document.getElementById(a).compareDocumentPosition("
                         "document.getElementById(b)) & Node.DOCUMENT_POSITION_FOLLOWING)", targets)
    for i, target in enumerate(targets):
        page.locator("#error-summary").scroll_into_view_if_needed()
        links.nth(i).click()
        label = page.locator(f"label[for='{target}']")
        box, height = label.bounding_box(), page.viewport_size["height"]
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, (target, box)
    _shot(page, "04-error-summary-link")
