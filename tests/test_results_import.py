"""Results read back from the units' returned checklist workbooks: the round trip, each refusal,
all-or-nothing batches, the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.checklists import render_checklists
from app.cli import main
from app.loader import load_campaign
from app.records import load_results, results_path
from app.results_import import MAX_XLSX_BYTES, ResultsImportError, import_results, parse_value
from app.scoring import score_campaign
from helpers import ROOT, SAMPLE

NAME = "lao-cai-2023"
BAT_XAT = "Hội Chữ thập đỏ huyện Bát Xát"
SA_PA = "Hội Chữ thập đỏ thị xã Sa Pa"


@pytest.fixture
def campaign_file(tmp_path: Path) -> Path:
    """A scratch copy of the sample campaign with its folder (the invented results.yaml)."""
    folder = tmp_path / "campaigns"
    folder.mkdir()
    shutil.copytree(ROOT / "campaigns" / NAME, folder / NAME)
    return Path(shutil.copy2(SAMPLE, folder / SAMPLE.name))


def _render(campaign, tmp_path: Path, unit: str = "huyen-bat-xat", name: str = NAME) -> Path:
    return render_checklists(campaign, name, tmp_path / "out", units=[unit], formats="xlsx", workers=1).paths[0]


@pytest.fixture
def returned(tmp_path, sample_campaign) -> Path:
    """Bát Xát's checklist XLSX as the office sends it."""
    return _render(sample_campaign, tmp_path)


def _rows(wb) -> dict[str, int]:
    """Result key → row of the main sheet, from the identity sheet."""
    ids = wb["vanthu"]
    return {ids.cell(r, 2).value: int(ids.cell(r, 1).value) for r in range(8, ids.max_row + 1) if ids.cell(r, 1).value}


def _fill(path: Path, values: dict[str, object], target: Path | None = None, **cells: object) -> Path:
    """Type ``values`` in "Kết quả thực hiện" by result key (and any other cell) as a unit would, then save."""
    wb = load_workbook(path)
    ws = wb["Chỉ tiêu"]
    rows = _rows(wb)
    for key, value in values.items():
        ws[f"D{rows[key]}"] = value
    for coordinate, value in cells.items():
        ws[coordinate] = value
    wb.save(target or path)
    return target or path


def _problems(excinfo) -> str:
    return "\n".join(excinfo.value.problems)


def test_checklist_xlsx_names_campaign_unit_and_row_keys_on_a_very_hidden_protected_sheet(returned):
    wb = load_workbook(returned)
    ids = wb["vanthu"]
    assert wb.sheetnames == ["Chỉ tiêu", "vanthu"] and wb.active.title == "Chỉ tiêu"
    assert ids.sheet_state == "veryHidden" and ids.protection.sheet and wb.security.lockStructure
    fields = {ids.cell(r, 1).value: ids.cell(r, 2).value for r in range(1, 7)}
    assert fields["year"] == "2023" and fields["issuer"] == "Hội Chữ thập đỏ tỉnh Lào Cai"
    assert fields["dispatch"] == "21/CTĐ-VP" and fields["unit"] == BAT_XAT
    assert len(fields["fingerprint"]) == 64
    rows = _rows(wb)
    # each quota row is target number + metric number, a row without quota the target's number
    assert list(rows) == ["1", "2.1", "3.1", "4", "5", "6.1", "7.1", "8", "9", "10", "11", "12"]
    assert list(rows.values()) == list(range(9, 21))
    assert "Kết quả thực hiện" in wb["Chỉ tiêu"]["A7"].value  # how to fill the column
    checks = {v.type: str(v.sqref) for v in wb["Chỉ tiêu"].data_validations.dataValidation}
    assert checks == {"decimal": "D10 D11 D14 D15", "list": "D9 D12 D13 D16 D17 D19 D20"}  # D18: office-scored


def test_round_trip_fills_results_and_changes_the_score(campaign_file, returned):
    campaign = load_campaign(campaign_file)
    before = score_campaign(campaign, load_results(campaign_file)[0])
    _fill(returned, {"1": "Đạt", "2.1": 31, "3.1": 2500, "6.1": "1.500", "7.1": 400.5, "12": "đạt", "4": 0})
    summary = import_results(campaign_file, [returned])
    assert [(u.unit, u.source) for u in summary.units] == [(BAT_XAT, "huyen-bat-xat.xlsx")]
    assert summary.path == results_path(campaign_file)
    results, _version = load_results(campaign_file)
    values = results.units[BAT_XAT].values
    assert {k: values[k] for k in ("1", "2.1", "3.1", "6.1", "7.1", "12", "4")} == {
        "1": 1, "2.1": 31, "3.1": 2500, "6.1": 1500, "7.1": 400.5, "12": 1, "4": 0}
    assert values["10"] == 7.5 and values["5"] == 1  # not in the file: kept as stored
    assert results.units[SA_PA] == load_results(ROOT / "campaigns" / SAMPLE.name)[0].units[SA_PA]
    after = score_campaign(campaign, results)

    def line(board, key):
        row = next(r for r in board.rows if r.unit.name == BAT_XAT)
        return next(item for item in row.lines if item.key == key)

    assert line(before, "7.1").achieved == 868 and line(after, "7.1").achieved == 400.5
    assert line(after, "7.1").score < line(before, "7.1").score
    assert line(before, "12").score == 0 and line(after, "12").score == 5
    assert (campaign_file.parent / NAME / ".history").is_dir()  # the previous results were kept


def test_first_import_creates_the_results_file(tmp_path, sample_campaign, returned):
    campaign_file = Path(shutil.copy2(SAMPLE, tmp_path / SAMPLE.name))
    _fill(returned, {"7.1": 900})
    import_results(campaign_file, [returned])
    assert load_results(campaign_file)[0].units[BAT_XAT].values == {"7.1": 900}


@pytest.mark.parametrize("kind, raw, value", [
    ("pass_fail", "đạt", 1), ("pass_fail", " Không đạt ", 0), ("pass_fail", 1, 1), ("pass_fail", "0", 0),
    ("pass_fail", None, None), ("number", "  ", None), ("number", 12, 12), ("number", "12.000", 12000),
    ("number", "12,5", 12.5), ("number", 0, 0), ("office", "7,5", 7.5),
])
def test_values_are_numbers_or_dat_khong_dat(kind, raw, value):
    assert parse_value(kind, raw, 8) == value


@pytest.mark.parametrize("kind, raw, message", [
    ("number", "nhiều", "phải là một số"), ("number", -3, "không được là số âm"), ("number", "12.5", "phải là một số"),
    ("pass_fail", "tốt", "“đạt” hoặc “không đạt”"), ("pass_fail", 2, "“đạt” hoặc “không đạt”"),
    ("office", 9, "từ 0 đến 8"), ("number", True, "phải là một số"),
])
def test_bad_values_are_refused_with_the_reason(kind, raw, message):
    with pytest.raises(ValueError, match=message):
        parse_value(kind, raw, 8)


def test_text_in_a_number_cell_is_refused_naming_file_sheet_and_cell(campaign_file, returned):
    before = results_path(campaign_file).read_bytes()
    _fill(returned, {"7.1": "khoảng 900", "1": "tốt", "3.1": 10})
    with pytest.raises(ResultsImportError) as excinfo:
        import_results(campaign_file, [returned])
    problems = _problems(excinfo)
    assert "huyen-bat-xat.xlsx: trang 'Chỉ tiêu', ô D15 (Kết quả thực hiện, chỉ tiêu 7.1): phải là một số" in problems
    assert "ô D9 (Kết quả thực hiện, chỉ tiêu 1): ghi “đạt” hoặc “không đạt”" in problems
    assert len(excinfo.value.problems) == 2
    assert results_path(campaign_file).read_bytes() == before


def test_a_changed_locked_cell_is_refused_with_its_old_and_new_value(campaign_file, returned):
    _fill(returned, {"7.1": 900}, C15=10, A5="Đơn vị: Hội Chữ thập đỏ huyện Sa Pa")
    with pytest.raises(ResultsImportError) as excinfo:
        import_results(campaign_file, [returned])
    problems = excinfo.value.problems
    assert problems[0] == ("huyen-bat-xat.xlsx: trang 'Chỉ tiêu', ô A5: ô đã khóa bị sửa (“Đơn vị: Hội Chữ thập đỏ "
                           "huyện Bát Xát” thành “Đơn vị: Hội Chữ thập đỏ huyện Sa Pa”); chỉ được ghi cột Kết quả "
                           "thực hiện và Ghi chú")
    assert "ô C15: ô đã khóa bị sửa (“845” thành “10”)" in problems[1]


def test_a_changed_target_text_is_refused(campaign_file, returned):
    _fill(returned, {}, B16="100 % Hội cấp huyện: không phải chỉ tiêu của tỉnh")
    with pytest.raises(ResultsImportError, match="ô B16: ô đã khóa bị sửa"):
        import_results(campaign_file, [returned])


def test_an_edited_identity_sheet_is_refused(campaign_file, returned):
    wb = load_workbook(returned)
    wb["vanthu"]["B5"] = SA_PA  # claims to be another unit's file
    wb.save(returned)
    with pytest.raises(ResultsImportError, match="trang nhận dạng 'vanthu' \\(ẩn\\) đã bị sửa"):
        import_results(campaign_file, [returned])


def test_a_checklist_of_another_campaign_is_refused(campaign_file, tmp_path, sample_campaign):
    other = sample_campaign.model_copy(update={"year": 2024})
    path = _fill(_render(other, tmp_path / "2024"), {"7.1": 900})
    with pytest.raises(ResultsImportError) as excinfo:
        import_results(campaign_file, [path])
    assert _problems(excinfo) == (
        "huyen-bat-xat.xlsx: bảng theo dõi của chiến dịch khác (Hội Chữ thập đỏ tỉnh Lào Cai, năm 2024, công văn "
        "số 21/CTĐ-VP), không phải chiến dịch lao-cai-2023 (Hội Chữ thập đỏ tỉnh Lào Cai, năm 2023, công văn số "
        "21/CTĐ-VP)")


def test_a_unit_not_in_the_campaign_is_refused(campaign_file, tmp_path, sample_campaign):
    data = sample_campaign.model_dump()
    data["units"].append({"name": "Hội Chữ thập đỏ huyện Mới", "short_name": "huyện Mới", "kind": "huyện",
                          "weight": 50000})
    bigger = type(sample_campaign).model_validate(data)
    path = _fill(_render(bigger, tmp_path / "bigger", unit="huyen-moi"), {"7.1": 12})
    with pytest.raises(ResultsImportError, match="huyen-moi.xlsx: trang 'Chỉ tiêu', ô A5: chiến dịch lao-cai-2023 "
                                                 "không có đơn vị “Hội Chữ thập đỏ huyện Mới”"):
        import_results(campaign_file, [path])


def test_rows_whose_target_changed_in_the_campaign_since_are_refused(campaign_file, returned):
    text = campaign_file.read_text(encoding="utf-8")
    # targets 6 and 7 swap their numbers: "7.1" would now be the people examined, not blood
    start, middle, end = text.index("  - text: 100% Hội cấp tỉnh, huyện phối hợp"), text.index("  - text: 'Vận động hiến máu"), \
        text.index("  - text: 100 % Hội cấp huyện và tương đương thành lập")
    campaign_file.write_text(text[:start] + text[middle:end] + text[start:middle] + text[end:], encoding="utf-8")
    _fill(returned, {"7.1": 900})
    with pytest.raises(ResultsImportError, match="ô D15: chỉ tiêu 7.1 đã thay đổi trong chiến dịch"):
        import_results(campaign_file, [returned])


def test_a_file_that_is_not_an_xlsx_is_refused(campaign_file, tmp_path):
    text = tmp_path / "ket-qua.xlsx"
    text.write_text("STT;Kết quả\n1;900\n", encoding="utf-8")
    docx = next(p for p in (ROOT / "templates_docx").glob("*.docx"))
    with pytest.raises(ResultsImportError) as excinfo:
        import_results(campaign_file, [text, docx, ("bang.xlsx", b"PK\x03\x04 hong")])
    assert [p.split(":")[0] for p in excinfo.value.problems] == ["ket-qua.xlsx", docx.name, "bang.xlsx"]
    assert all("không phải tệp Excel .xlsx" in p for p in excinfo.value.problems)


def test_a_plain_workbook_without_the_identity_sheet_is_refused(campaign_file, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "tu-lam.xlsx"
    Workbook().save(path)
    with pytest.raises(ResultsImportError, match="tu-lam.xlsx: không phải bảng theo dõi chỉ tiêu do phần mềm tạo"):
        import_results(campaign_file, [path])


def test_a_file_too_large_is_refused_before_it_is_read(campaign_file, tmp_path):
    big = tmp_path / "lon.xlsx"
    big.write_bytes(b"\0" * (MAX_XLSX_BYTES + 1))
    with pytest.raises(ResultsImportError, match="lon.xlsx: tệp quá lớn"):
        import_results(campaign_file, [big])


def test_a_batch_with_one_bad_file_changes_nothing(campaign_file, tmp_path, sample_campaign, returned):
    before = results_path(campaign_file).read_bytes()
    good = _fill(returned, {"7.1": 1})
    bad = _fill(_render(sample_campaign, tmp_path / "sa-pa", unit="thi-xa-sa-pa"), {"7.1": "chưa có"})
    with pytest.raises(ResultsImportError) as excinfo:
        import_results(campaign_file, [good, bad])
    assert [p.split(":")[0] for p in excinfo.value.problems] == ["thi-xa-sa-pa.xlsx"]
    assert results_path(campaign_file).read_bytes() == before
    assert not (campaign_file.parent / NAME / ".history").exists()


def test_two_files_of_one_unit_are_refused(campaign_file, tmp_path, returned):
    copy = shutil.copy2(_fill(returned, {"7.1": 1}), tmp_path / "ban-sao.xlsx")
    with pytest.raises(ResultsImportError, match="huyen-bat-xat.xlsx và ban-sao.xlsx đều là bảng theo dõi của "
                                                 "Hội Chữ thập đỏ huyện Bát Xát"):
        import_results(campaign_file, [returned, copy])


def test_several_units_in_one_batch(campaign_file, tmp_path, sample_campaign, returned):
    sa_pa = _fill(_render(sample_campaign, tmp_path / "sa-pa", unit="thi-xa-sa-pa"), {"7.1": 777, "8": "không đạt"})
    summary = import_results(campaign_file, [_fill(returned, {"7.1": 888}), sa_pa])
    assert [u.unit for u in summary.units] == [BAT_XAT, SA_PA]
    results = load_results(campaign_file)[0]
    assert results.units[BAT_XAT].values["7.1"] == 888
    assert results.units[SA_PA].values["7.1"] == 777 and results.units[SA_PA].values["8"] == 0
    assert results.units[SA_PA].bonuses == [] and results.units["Hội Chữ thập đỏ thành phố Lào Cai"].bonuses


def test_the_office_scored_target_is_not_taken_from_the_unit_file(campaign_file, returned):
    _fill(returned, {"10": "Hoàn thành xuất sắc", "7.1": 900})  # target 10 is scored by the office (manual)
    summary = import_results(campaign_file, [returned])
    assert "10" not in summary.units[0].values and "10" not in summary.units[0].not_reported
    assert load_results(campaign_file)[0].units[BAT_XAT].values["10"] == 7.5


def test_nothing_changed_writes_nothing(campaign_file, returned):
    before = results_path(campaign_file).read_bytes()
    _fill(returned, {"7.1": 868})  # as stored
    summary = import_results(campaign_file, [returned])
    assert summary.path is None and summary.changed == 0
    assert results_path(campaign_file).read_bytes() == before


def test_cli_imports_and_prints_each_unit(runner, campaign_file, returned):
    _fill(returned, {"7.1": 1250, "1": "đạt"})
    result = runner.invoke(main, ["results", "import", str(campaign_file), str(returned)])
    assert result.exit_code == 0, result.output
    assert "huyen-bat-xat.xlsx: Hội Chữ thập đỏ huyện Bát Xát: 2 kết quả (1 thay đổi)" in result.output
    assert "1: 1, 7.1: 1.250" in result.output and "chưa báo cáo: 2.1, 3.1" in result.output
    assert f"Đã lưu {results_path(campaign_file)}" in result.output
    assert load_results(campaign_file)[0].units[BAT_XAT].values["7.1"] == 1250


def test_cli_refusal_exits_2_with_located_messages_and_writes_nothing(runner, campaign_file, returned, tmp_path):
    before = results_path(campaign_file).read_bytes()
    _fill(returned, {"7.1": "nhiều"})
    other = tmp_path / "ghi-chu.xlsx"
    other.write_text("không phải Excel", encoding="utf-8")
    result = runner.invoke(main, ["results", "import", str(campaign_file), str(returned), str(other)])
    assert result.exit_code == 2
    assert f"{campaign_file}: không nhập được kết quả thực hiện, chưa lưu gì:" in result.output
    assert "huyen-bat-xat.xlsx: trang 'Chỉ tiêu', ô D15 (Kết quả thực hiện, chỉ tiêu 7.1): phải là một số" in result.output
    assert "ghi-chu.xlsx: không phải tệp Excel .xlsx" in result.output
    assert "Traceback" not in result.output
    assert results_path(campaign_file).read_bytes() == before


def test_cli_needs_at_least_one_file(runner, campaign_file):
    result = runner.invoke(main, ["results", "import", str(campaign_file)])
    assert result.exit_code == 2 and "FILES" in result.output
