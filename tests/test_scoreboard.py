"""The scoreboard: its view, DOCX (python-docx, Decree 30 lint), XLSX (openpyxl), the override
kept in the results file, and ``vanthu score``."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from app.loader import CampaignError, load_campaign
from app.records import load_results, results_path
from app.scoreboard import (
    NO_AWARD,
    build_scoreboard,
    load_scoreboard,
    ranking_lines,
    render_scoreboard,
    save_override,
)
from app.store import MISSING, VersionConflict
from helpers import ROOT, docx_texts

NAME = "lao-cai-2023"
UNITS = 9


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A scratch campaigns folder with the sample and its invented results."""
    target = tmp_path / "campaigns"
    target.mkdir()
    shutil.copy2(ROOT / "campaigns" / f"{NAME}.yaml", target)
    shutil.copytree(ROOT / "campaigns" / NAME, target / NAME)
    return target


@pytest.fixture
def path(folder: Path) -> Path:
    return folder / f"{NAME}.yaml"


def view_of(path: Path):
    campaign = load_campaign(path)
    board, _results, _version = load_scoreboard(path, campaign)
    return build_scoreboard(campaign, board)


# --- The view -------------------------------------------------------------------------------------

def test_the_view_has_a_row_per_unit_best_first_with_every_points_column(path):
    view = view_of(path)
    assert view.title == "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2023"
    assert view.header.issuing_body == "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"
    assert [t.max_text for t in view.targets] == ["10", "8", "12", "6", "5", "12", "15", "6", "8", "8", "5", "5"]
    assert len(view.rows) == UNITS and [r.rank for r in view.rows] == list(range(1, 10))
    first, second, last = view.rows[0], view.rows[1], view.rows[-1]
    assert (first.unit_label, first.base_text, first.bonus_text, first.total_text) == (
        "Thành phố Lào Cai", "100", "5", "105")
    assert first.award == "Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam" and first.award_id == "co-thi-dua"
    assert len(first.bonus_items) == 2 and first.bonus_items[0].endswith("(+3)")
    assert (second.cells[2].reported, second.cells[2].quota, second.cells[2].score_text) == ("1.700", 1731, "11,79")
    assert first.cells[0].reported == "đạt" and last.cells[3].reported == "không đạt"
    assert (last.unit_label, last.penalty_text, last.total_text, last.award) == ("Huyện Si Ma Cai", "2", "59,73",
                                                                                NO_AWARD)
    assert last.penalty_items == ["Gửi báo cáo, bảng theo dõi chậm so với thời hạn (−2)"]
    assert view.maker.title == "NGƯỜI LẬP BIỂU"
    assert (view.signer.authority_line, view.signer.name) == ("KT. CHỦ TỊCH", "Vàng Thị Mai Hương")
    assert view.place_date == "Lào Cai, ngày …… tháng …… năm 2023"
    assert "Đề nghị Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai: 3 đơn vị (huyện Văn Bàn, huyện Bát Xát, " \
           "huyện Mường Khương)." in view.notes


def test_a_target_a_unit_does_not_carry_or_has_not_reported_is_shown_so(path):
    text = path.read_text("utf-8").replace("    levels: [district]\n    score: {max: 6, method: pass_fail}",
                                           "    levels: [province]\n    score: {max: 6, method: pass_fail}")
    path.write_text(text, "utf-8")
    results = results_path(path)
    results.write_text(results.read_text("utf-8").replace("'8': 1, ", ""), "utf-8")
    view = view_of(path)
    row = view.rows[0]
    assert (row.cells[7].carried, row.cells[7].score_text, row.cells[7].reported) == (False, "—", "—")
    assert any("quy đổi về thang 100 điểm" in note for note in view.notes)
    results.write_text(results.read_text("utf-8").replace("'9': 1, ", "", 1), "utf-8")
    first_unit = next(r for r in view_of(path).rows if r.unit_name == "Hội Chữ thập đỏ thành phố Lào Cai")
    assert first_unit.missing == [9] and first_unit.notes == ["Chưa báo cáo chỉ tiêu 9"]


def test_ranking_lines_are_a_table_for_the_terminal(path):
    lines = ranking_lines(view_of(path))
    assert lines[0].split()[:3] == ["Hạng", "Đơn", "vị"]
    assert re.fullmatch(r"\s+1  Thành phố Lào Cai\s+100\s+5\s+105  Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam",
                        lines[1])
    assert len(lines) == 1 + UNITS


# --- Results that do not fit, overrides -----------------------------------------------------------

def test_results_that_do_not_fit_the_campaign_are_refused_with_their_line(path):
    results = results_path(path)
    text = results.read_text("utf-8")
    results.write_text(text.replace("'12': 1}\n    bonuses: [mo-hinh-moi", "'12': 1, '13': 1}\n    bonuses: [mo-hinh-moi"),
                       "utf-8")
    line = next(n for n, row in enumerate(results.read_text("utf-8").splitlines(), start=1) if "'13': 1" in row)
    with pytest.raises(CampaignError) as info:
        load_scoreboard(path, load_campaign(path))
    assert str(info.value) == (f"{results}:{line}: units.Hội Chữ thập đỏ thành phố Lào Cai.values.13: "
                               "thành phố Lào Cai không có chỉ tiêu 13")


def test_an_override_is_saved_in_the_results_file_with_its_reason_and_shown(path):
    campaign = load_campaign(path)
    _board, _results, version = load_scoreboard(path, campaign)
    before = results_path(path).read_text("utf-8")
    save_override(path, campaign, "Hội Chữ thập đỏ huyện Bảo Thắng", "giay-khen", "Có nhiều đóng góp cho công tác "
                  "cứu trợ lũ", version=version)
    saved, version = load_results(path)
    override = saved.units["Hội Chữ thập đỏ huyện Bảo Thắng"].override
    assert (override.award, override.reason) == ("giay-khen", "Có nhiều đóng góp cho công tác cứu trợ lũ")
    text = results_path(path).read_text("utf-8")
    assert text.startswith(before.split("units:")[0])  # the file's comments are kept
    row = next(r for r in view_of(path).rows if r.unit_label == "Huyện Bảo Thắng")
    assert (row.award, row.proposed, row.overridden) == ("Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai", NO_AWARD, True)
    assert row.notes == ["Theo quy chế: Không đề nghị", "Lý do: Có nhiều đóng góp cho công tác cứu trợ lũ"]
    # To nothing: the rules propose a Bằng khen for Sa Pa, the office proposes nothing.
    save_override(path, campaign, "Hội Chữ thập đỏ thị xã Sa Pa", None, "Đang bị thanh tra", version=version)
    row = next(r for r in view_of(path).rows if r.unit_label == "Thị xã Sa Pa")
    assert (row.award, row.award_id, row.reason) == (NO_AWARD, None, "Đang bị thanh tra")
    _results, version = load_results(path)
    save_override(path, campaign, "Hội Chữ thập đỏ thị xã Sa Pa", None, None, version=version, clear=True)
    assert load_results(path)[0].units["Hội Chữ thập đỏ thị xã Sa Pa"].override is None


def test_an_override_is_refused_without_reason_for_unknown_award_or_unit_or_when_the_file_changed(path):
    campaign = load_campaign(path)
    version = load_results(path)[1]
    before = results_path(path).read_bytes()
    unit = "Hội Chữ thập đỏ huyện Bắc Hà"
    for award, reason, unit_name, field in (("giay-khen", "  ", unit, "reason"), ("huan-chuong", "x", unit, "award"),
                                            ("giay-khen", "x", "Hội khác", "unit")):
        with pytest.raises(CampaignError) as info:
            save_override(path, campaign, unit_name, award, reason, version=version)
        assert field in info.value.problems[0].field
    with pytest.raises(VersionConflict):
        save_override(path, campaign, unit, "giay-khen", "lý do", version=MISSING)
    assert results_path(path).read_bytes() == before


def test_an_override_creates_the_results_file_when_there_is_none(path):
    results_path(path).unlink()
    campaign = load_campaign(path)
    save_override(path, campaign, "Hội Chữ thập đỏ huyện Bắc Hà", "giay-khen", "Thành tích đột xuất", version=MISSING)
    assert load_results(path)[0].units["Hội Chữ thập đỏ huyện Bắc Hà"].override.award == "giay-khen"


# --- DOCX and XLSX --------------------------------------------------------------------------------

def test_the_docx_is_a_landscape_form_with_a_row_per_unit_and_passes_the_lint(path, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    from app.nd30 import check_docx

    docx, _xlsx = render_scoreboard(view_of(path), tmp_path / "out", NAME)
    assert docx == tmp_path / "out" / NAME / "bang-diem.docx"
    assert check_docx(docx) == []
    document = Document(str(docx))
    section = document.sections[0]
    assert section.page_width > section.page_height
    texts = docx_texts(document)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2023" in texts
    assert "NGƯỜI LẬP BIỂU" in texts and "KT. CHỦ TỊCH" in texts and "Vàng Thị Mai Hương" in texts
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = table.rows
    assert len(rows) == 2 + UNITS and len(table.columns) == 2 + 12 + 6
    for r in rows:
        flags = r._tr.trPr
        assert flags is not None and flags.find(qn("w:cantSplit")) is not None
    assert all(rows[i]._tr.trPr.find(qn("w:tblHeader")) is not None for i in (0, 1))
    assert [c.text for c in rows[1].cells[2:6]] == ["1\n(10)", "2\n(8)", "3\n(12)", "4\n(6)"]
    units = [[c.text for c in r.cells] for r in rows[2:]]
    assert [u[1] for u in units][:3] == ["Thành phố Lào Cai", "Thị xã Sa Pa", "Huyện Bảo Yên"]
    assert units[0][-3:] == ["105", "1", "Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam"]
    assert [u[-2] for u in units] == [str(n) for n in range(1, 10)]
    assert units[1][4] == "11,79" and units[-1][-3] == "59,73" and units[-1][-4] == "2"


def test_the_xlsx_holds_numbers_as_numbers_and_texts_never_as_formulas(path, tmp_path):
    from openpyxl import load_workbook

    from app.scoreboard_xlsx import HEADER_ROW, REPORT_SHEET, SCORE_SHEET

    text = path.read_text("utf-8").replace("short_name: huyện Bắc Hà", "short_name: '=HYPERLINK(\"http://x\",\"y\")'")
    path.write_text(text, "utf-8")
    campaign = load_campaign(path)
    version = load_results(path)[1]
    save_override(path, campaign, "Hội Chữ thập đỏ huyện Bảo Yên", "giay-khen", "+cmd|' /C calc'!A0", version=version)
    _docx, xlsx = render_scoreboard(view_of(path), tmp_path / "out", NAME)
    book = load_workbook(xlsx)
    assert book.sheetnames == [SCORE_SHEET, REPORT_SHEET]
    scores = book[SCORE_SHEET]
    assert scores.cell(4, 1).value == "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM 2023"
    headings = [c.value for c in scores[HEADER_ROW]]
    assert headings[:4] == ["STT", "Đơn vị", "Loại", "Chỉ tiêu 1 (10 điểm)"]
    assert headings[-9:] == ["Điểm chỉ tiêu", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp thứ",
                             "Đề nghị theo quy chế", "Đề nghị khen thưởng", "Lý do điều chỉnh", "Ghi chú"]
    rows = [[c.value for c in r] for r in scores.iter_rows(min_row=HEADER_ROW + 1)]
    assert len(rows) == UNITS
    assert rows[0][:4] == [1, "Thành phố Lào Cai", "thành phố", 10]
    assert rows[0][-9:-4] == [100, 5, 0, 105, 1] and isinstance(rows[1][5], float) and rows[1][5] == 11.79
    yen = next(r for r in rows if r[1] == "Huyện Bảo Yên")
    assert yen[-4:-1] == ["Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam", "Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai",
                          "+cmd|' /C calc'!A0"]
    assert any(r[1] == '=HYPERLINK("http://x","y")' for r in rows)
    for sheet in book:
        for r in sheet.iter_rows():
            for c in r:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
    with zipfile.ZipFile(xlsx) as package:
        assert not any(b"<f>" in package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/"))
    assert scores.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}" and scores.page_setup.orientation == "landscape"
    report = [[c.value for c in r] for r in book[REPORT_SHEET].iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW + 1)]
    assert report[0][:5] == ["STT", "Đơn vị", "Chỉ tiêu 1: kết quả", "Chỉ tiêu 2: giao", "Chỉ tiêu 2: kết quả"]
    assert report[1][:7] == [1, "Thành phố Lào Cai", "đạt", 30, 38, 3571, 4389]


# --- vanthu score ---------------------------------------------------------------------------------

def test_vanthu_score_prints_the_ranking_and_writes_both_files(runner, path, tmp_path):
    from app.cli import main

    out = tmp_path / "out"
    result = runner.invoke(main, ["score", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Hạng  Đơn vị") and "Thành phố Lào Cai" in lines[1] and "105" in lines[1]
    assert lines[-2:] == [str(out / NAME / "bang-diem.docx"), str(out / NAME / "bang-diem.xlsx")]
    assert (out / NAME / "bang-diem.docx").is_file() and (out / NAME / "bang-diem.xlsx").is_file()


def test_vanthu_score_refuses_a_campaign_without_rules_or_with_results_that_do_not_fit(runner, path, tmp_path):
    from app.cli import main

    out = tmp_path / "out"
    results = results_path(path)
    results.write_text(results.read_text("utf-8").replace("penalties: [bao-cao-cham]", "penalties: [khong-co]"), "utf-8")
    result = runner.invoke(main, ["score", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert re.search(r"results\.yaml:\d+: units\.Hội Chữ thập đỏ huyện Si Ma Cai\.penalties: không có mục 'khong-co' "
                     "trong quy chế chấm điểm", result.output)
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("\nscoring:")] + "\n", "utf-8")
    result = runner.invoke(main, ["score", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}: chiến dịch chưa có quy chế chấm điểm (mục scoring trong tệp chiến dịch)"
    assert "Traceback" not in result.output and not out.exists()
