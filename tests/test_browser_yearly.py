"""The whole yearly round of a clerk who has only a browser (issue 10.7), in a real Chromium.

From last year's campaign (a copy of campaigns/lao-cai-2023.yaml, alone in a scratch campaigns
folder): "Tạo kế hoạch năm sau" makes lao-cai-2024; the review list at the top of its edit page
is worked through (the dispatch number filled in, every note ticked) and saved; this year's unit
list is uploaded as a CSV; the dispatch (DOCX) and the checklists (ZIP) are downloaded and read
with python-docx; then the version before the unit list is restored from the history page.
The server and browser fixtures are those of tests/test_browser.py.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from app.loader import load_campaign
from helpers import ROOT, docx_texts
from test_browser import browser, page, server  # noqa: F401 - pytest fixtures shared with the other browser tests

pytestmark = pytest.mark.browser

OLD, NEW = "lao-cai-2023", "lao-cai-2024"
SCREENSHOTS = ROOT / "outputs" / "screenshots"
ANNIVERSARY = "kỷ niệm 33 năm ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai (14/11/1991-14/11/2024)"
# The one 2023 the clerk keeps: the province's directive of January 2023 the dispatch cites (its
# review note says to replace it when there is a 2024 one; there is none yet).
KEPT_2023 = "Chỉ thị số 03/CT-UBND ngày 13/01/2023"
# This year's weights (population, thousands) of the nine district-level units.
WEIGHTS_2024 = {"thành phố Lào Cai": 135, "thị xã Sa Pa": 66, "huyện Bát Xát": 84, "huyện Bảo Thắng": 112,
                "huyện Bảo Yên": 87, "huyện Bắc Hà": 66, "huyện Mường Khương": 65, "huyện Si Ma Cai": 38,
                "huyện Văn Bàn": 88}


@pytest.fixture
def campaigns_dir(tmp_path: Path) -> Path:
    """A campaigns folder holding only a copy of last year's campaign."""
    folder = tmp_path / "campaigns"
    folder.mkdir()
    shutil.copy2(ROOT / "campaigns" / f"{OLD}.yaml", folder / f"{OLD}.yaml")
    return folder


def _shot(tab, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"yearly-{name}.png"), full_page=full_page)


def _unit_list_csv(campaign, path: Path) -> Path:
    """This year's unit list as the office keeps it: a CSV with Vietnamese headers."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Tên đơn vị", "Tên ngắn", "Loại", "Trọng số"])
        for unit in campaign.units:
            writer.writerow([unit.name, unit.short_name, unit.kind.value, WEIGHTS_2024[unit.short_name]])
    return path


def test_a_clerk_plans_next_year_in_the_browser_downloads_it_and_restores_a_version(
        page, server, campaigns_dir, tmp_path):  # noqa: F811 - fixtures
    # 1. Last year's campaign page: make next year's plan.
    page.goto(f"{server}/campaigns/{OLD}")
    page.get_by_role("button", name="Tạo kế hoạch năm sau", exact=True).click()
    page.wait_for_url(f"**/campaigns/{NEW}/edit")
    assert page.get_by_text(f"Đã tạo kế hoạch năm 2024 ({NEW}) từ {OLD}").is_visible()
    created = campaigns_dir / f"{NEW}.yaml"
    notes = load_campaign(created).review
    assert load_campaign(created).year == 2024

    # 2. The review list on top of the edit page: fill in what it asks, tick every note, save.
    review = page.locator("#s-review")
    boxes = review.get_by_role("checkbox")
    assert boxes.count() == len(notes) >= 5
    assert any("số công văn vẫn là 21 của năm 2023" in note for note in notes)
    _shot(page, "1-review", full_page=False)
    page.get_by_role("textbox", name="Số công văn", exact=True).fill("5")
    for k in range(boxes.count()):
        boxes.nth(k).check()
    page.get_by_role("button", name="Lưu chiến dịch", exact=True).last.click()
    page.wait_for_url(f"**/campaigns/{NEW}")
    assert page.get_by_text("Đã lưu chiến dịch").is_visible()
    reviewed = load_campaign(created)
    assert reviewed.review == [] and reviewed.dispatch.number == 5
    after_review = created.read_text("utf-8")

    # 3. The unit list: from the campaign page to the checklists, then to the upload.
    page.get_by_role("link", name="Bảng theo dõi chỉ tiêu của các đơn vị").click()
    page.get_by_role("link", name="Nhập danh sách đơn vị (.csv, .xlsx)").first.click()
    page.wait_for_url(f"**/campaigns/{NEW}/units")
    page.get_by_label("Tệp danh sách đơn vị").set_input_files(str(_unit_list_csv(reviewed, tmp_path / "don-vi-2024.csv")))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.wait_for_url(f"**/campaigns/{NEW}/checklists")
    assert page.get_by_text("Đã nhập 9 đơn vị từ don-vi-2024.csv").is_visible()
    assert {u.short_name: u.weight for u in load_campaign(created).units} == WEIGHTS_2024
    _shot(page, "2-checklists")

    # 4. The dispatch, downloaded from the campaign page: this year's, the clerk's number.
    page.get_by_role("link", name="Xem công văn").click()
    page.wait_for_url(f"**/campaigns/{NEW}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải bản Word (.docx)").click()
    dispatch = tmp_path / "cong-van-2024.docx"
    info.value.save_as(dispatch)
    assert info.value.suggested_filename.endswith("thi đua 2024.docx")
    texts = docx_texts(dispatch)
    assert "V/v phát động phong trào thi đua 2024" in texts
    assert "Lào Cai, ngày 10 tháng 02 năm 2024" in texts
    assert any(t.startswith("Số: 05/") or t.startswith("Số: 5/") for t in texts), [t for t in texts if "Số" in t][:3]
    assert any(ANNIVERSARY in t for t in texts)
    still_2023 = [t for t in texts if "2023" in t]
    assert [t.replace(KEPT_2023, "") for t in still_2023 if "2023" in t.replace(KEPT_2023, "")] == []
    assert len(still_2023) == 1  # the opening paragraph citing the directive, and nothing else
    for section in Document(str(dispatch)).sections:  # nor the page headers and footers
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            assert not any("2023" in p.text for p in part.paragraphs)

    # 5. The checklists: every unit's Word file and workbook in one ZIP, each DOCX opened.
    page.get_by_role("link", name="Bảng theo dõi chỉ tiêu của các đơn vị").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tất cả (.zip)").first.click()
    assert info.value.suggested_filename == f"Bảng theo dõi chỉ tiêu 2024 - {NEW}.zip"
    archive = zipfile.ZipFile(info.value.path())
    word_files = [n for n in archive.namelist() if n.endswith(".docx")]
    assert len(word_files) == 9 and len(archive.namelist()) == 18
    units = load_campaign(created).units
    city = "\n".join(docx_texts(archive.read("thanh-pho-lao-cai.docx")))
    assert "3.644" in city  # the city's share of 20.000 gift parcels by this year's weights (3.571 in 2023)
    for name in word_files:
        document = Document(io.BytesIO(archive.read(name)))
        text = "\n".join(docx_texts(document))
        assert "2024" in text and "2023" not in text, name
        assert any(u.name in text or u.short_name in text for u in units), name

    # 6. History: the newest saved version is the file as it was before the unit list.
    page.goto(f"{server}/campaigns/{NEW}")
    page.get_by_role("link", name="Lịch sử", exact=True).click()
    page.wait_for_url(f"**/campaigns/{NEW}/history")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2  # the plan as created, then as reviewed
    _shot(page, "3-history")
    rows.first.get_by_role("button", name="Khôi phục bản này").click()
    page.wait_for_url(f"**/campaigns/{NEW}")
    assert page.get_by_text(re.compile(r"Đã khôi phục bản lưu lúc")).is_visible()
    assert created.read_text("utf-8") == after_review
    restored = load_campaign(created)
    assert {u.short_name: u.weight for u in restored.units} != WEIGHTS_2024
    assert restored.dispatch.number == 5 and restored.review == []
