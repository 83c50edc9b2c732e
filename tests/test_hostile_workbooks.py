"""Hostile spreadsheets (issue 11.2): texts that look like formulas stay text in every workbook
vanthu writes, and the workbooks and CSV files it imports are bounded and read as standard.

The hostile files are built here, in ``tmp_path`` or in memory: a sheet streamed into a real
XLSX package (openpyxl's own), so that a few kilobytes on disk expand to many megabytes.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from app.loader import load_campaign
from app.nominees_import import NomineesImportError, read_nominees
from app.results_import import ResultsImportError, import_results, read_returned_checklist
from app.units_import import UnitsImportError, read_units
from helpers import ROOT, response_text

NAME = "lao-cai-2023"
# OWASP's list of what makes a spreadsheet read a text as a formula.
ISSUER = "=cmd|' /C calc'!A0"
PARENT = "@SUM(A1:A2)"
SHORT_NAMES = {0: "-2+3", 1: "+1+2"}
TARGETS = {0: "- tổ chức thực hiện =1+1", 3: "=1+1 các cấp Hội"}
RATE = re.compile(r'^=IF\(AND\(N\(C(\d+)\)>0,ISNUMBER\(D\1\)\),D\1/C\1,""\)$')  # the checklist's own formula

SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main">')


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A campaigns folder holding the sample campaign (with its results) whose issuing body,
    parent body, two units' short names and two targets' texts start like formulas."""
    folder = tmp_path / "campaigns"
    folder.mkdir()
    shutil.copytree(ROOT / "campaigns" / NAME, folder / NAME)
    data = yaml.safe_load((ROOT / "campaigns" / f"{NAME}.yaml").read_text("utf-8"))
    data["issuer"].update(name=ISSUER, parent=PARENT)
    for index, short_name in SHORT_NAMES.items():
        data["units"][index]["short_name"] = short_name
    for index, text in TARGETS.items():
        data["targets"][index]["text"] = text
    path = folder / f"{NAME}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _formulas(path: Path) -> list[str]:
    """Every formula (``<f>``) in the package's sheets, as written in the XML."""
    with zipfile.ZipFile(path) as package:
        return [f for name in package.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f[^>]*>([^<]*)</f>", package.read(name).decode("utf-8"))]


def _texts(path: Path) -> dict[str, tuple[str, object]]:
    """``sheet!cell`` → (data type, value) of every cell holding something."""
    book = load_workbook(path)  # formulas as formulas: nothing is computed
    return {f"{sheet.title}!{c.coordinate}": (c.data_type, c.value)
            for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}


def test_every_workbook_vanthu_writes_keeps_formula_like_texts_as_text(hostile, tmp_path):
    from app.checklist import build_checklist
    from app.scoreboard import build_scoreboard, load_scoreboard, render_scoreboard
    from app.xlsx_render import write_checklist_xlsx

    campaign = load_campaign(hostile)
    checklist = write_checklist_xlsx(build_checklist(campaign, campaign.units[0]), tmp_path / "bang.xlsx")
    board, _results, _version = load_scoreboard(hostile, campaign)
    _docx, scoreboard = render_scoreboard(build_scoreboard(campaign, board), tmp_path / "out", NAME)

    cells = _texts(checklist)
    assert cells["Chỉ tiêu!A1"] == ("s", PARENT)
    assert cells["Chỉ tiêu!A2"] == ("s", ISSUER.upper())  # Decree 30 prints the issuing body in capitals
    assert cells["Chỉ tiêu!B9"][0] == "s" and str(cells["Chỉ tiêu!B9"][1]) == TARGETS[0]  # the dash kept
    assert str(cells["Chỉ tiêu!B12"][1]) == TARGETS[3] and cells["Chỉ tiêu!B12"][0] == "s"
    assert cells["vanthu!B3"] == ("s", ISSUER)
    assert cells["Chỉ tiêu!A9"] == ("n", 1) and cells["Chỉ tiêu!C11"][0] == "n"  # numbers stay numbers
    formulas = {k: v for k, (t, v) in cells.items() if t == "f"}
    assert formulas and all(k.startswith("Chỉ tiêu!E") and RATE.match(v) for k, v in formulas.items()), formulas
    assert all(f.startswith("IF(AND(N(C") for f in _formulas(checklist))

    cells = _texts(scoreboard)
    assert not [(k, v) for k, (t, v) in cells.items() if t == "f"]
    assert _formulas(scoreboard) == []
    starting = [v for t, v in cells.values() if isinstance(v, str) and v.startswith(("=", "+", "-", "@"))]
    assert {ISSUER.upper(), PARENT, *SHORT_NAMES.values()} <= set(starting)
    assert all(t == "s" for t, v in cells.values() if isinstance(v, str))


def test_put_keeps_every_owasp_formula_start_as_the_same_text():
    from app.sheets import put

    texts = [ISSUER, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "- tổ chức", "=1+1\r\n=2"]
    book = Workbook()
    sheet = book.active
    for row, text in enumerate(texts, start=1):
        put(sheet.cell(row, 1), text)
    put(sheet.cell(1, 2), 1250)
    put(sheet.cell(2, 2), 12.5)
    buffer = io.BytesIO()
    book.save(buffer)
    xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and xml.count('t="inlineStr"') == len(texts)
    again = load_workbook(buffer).active
    assert [(c.data_type, c.value) for (c,) in again.iter_rows(max_col=1)] == [("s", t) for t in texts]
    assert (again["B1"].data_type, again["B1"].value, again["B2"].value) == ("n", 1250, 12.5)
    assert again["A7"].quotePrefix and not again["A1"].value.startswith("'")


def test_a_returned_checklist_of_a_campaign_with_formula_like_names_is_read_back(hostile, tmp_path):
    from app.checklist import build_checklist
    from app.xlsx_render import write_checklist_xlsx

    campaign = load_campaign(hostile)
    path = write_checklist_xlsx(build_checklist(campaign, campaign.units[0]), tmp_path / "bang.xlsx")
    book = load_workbook(path)
    book["Chỉ tiêu"]["D11"] = 2500  # the unit types a result, in Excel
    book.save(path)
    returned = read_returned_checklist(path, campaign, NAME)
    assert returned.unit == campaign.units[0].name and returned.values == {"3.1": 2500.0}


# --- Imported workbooks: bounded before parsing ---------------------------------------------------

def hostile_xlsx(write_sheet, *, dimension: str = "") -> bytes:
    """A real XLSX package whose first sheet's ``<sheetData>`` is what ``write_sheet(file)`` streams."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                package.writestr(member.filename, source.read(member.filename))
                continue
            with package.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(SHEET_HEAD + (f'<dimension ref="{dimension}"/>'.encode() if dimension else b""))
                sheet.write(b"<sheetData>")
                write_sheet(sheet)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _row(r: int, *texts: str) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{t}</t></is></c>' for i, t in enumerate(texts))
    return f'<row r="{r}">{cells}</row>'.encode()


def long_text(megabytes: int, header: tuple[str, ...] = ("Tên đơn vị", "Loại")):
    """A header, then one cell of ``megabytes`` MB of text (it compresses about 1000 to 1)."""
    def write(sheet) -> None:
        sheet.write(_row(1, *header) + b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        for _ in range(megabytes):
            sheet.write(b"a" * (1 << 20))
        sheet.write(b"</t></is></c></row>")
    return write


def one_long_row(cells: int, header: tuple[str, ...] = ("Tên đơn vị", "Loại")):
    """A header, then one row of ``cells`` empty cells: openpyxl holds a whole row at once."""
    def write(sheet) -> None:
        sheet.write(_row(1, *header) + b'<row r="2">')
        for _ in range(cells // 1000):
            sheet.write(b'<c r="A2"/>' * 1000)
        sheet.write(b"</row>")
    return write


def far_cells(rows: int):
    """A header, then ``rows`` units each with one empty cell in the last column (XFD)."""
    def write(sheet) -> None:
        sheet.write(_row(1, "Tên đơn vị", "Loại"))
        for r in range(2, rows + 2):
            sheet.write(_row(r, f"Hội Chữ thập đỏ xã {r}", "xã")[:-6] + f'<c r="XFD{r}"/></row>'.encode())
    return write


def _units_problem(tmp_path: Path, data: bytes, campaign, name: str = "don-vi.xlsx") -> str:
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(UnitsImportError) as info:
        read_units(source, campaign)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def test_a_unit_list_that_expands_past_32_mb_is_refused_before_it_is_parsed(tmp_path, sample_campaign):
    data = hostile_xlsx(long_text(40))
    assert len(data) < 100_000
    problem = _units_problem(tmp_path, data, sample_campaign)
    assert problem == f"{tmp_path / 'don-vi.xlsx'}: tệp quá lớn khi giải nén: 40 MB (tối đa 32 MB); hãy bỏ các " \
                      "trang, hình ảnh không cần rồi lưu lại"


def test_a_unit_list_with_too_many_cells_is_refused_but_not_for_the_size_it_declares(tmp_path, sample_campaign):
    for data in (hostile_xlsx(one_long_row(250_000)), hostile_xlsx(far_cells(20))):
        problem = _units_problem(tmp_path, data, sample_campaign)
        assert problem.endswith("don-vi.xlsx: bảng tính có quá nhiều ô (tối đa 200.000 ô); hãy xóa các dòng, cột thừa "
                                "(kể cả ô trống đã định dạng ở xa) rồi lưu lại"), problem

    def write(sheet) -> None:
        sheet.write(_row(1, "Tên đơn vị", "Loại") + _row(2, "Hội Chữ thập đỏ xã Bản Vược", "xã")
                    + _row(3, "Hội Chữ thập đỏ phường Cốc Lếu", "phường"))
    # A sheet that declares the whole grid (<dimension>) is read by the cells it has.
    source = tmp_path / "don-vi.xlsx"
    source.write_bytes(hostile_xlsx(write, dimension="A1:XFD1048576"))
    result = read_units(source, sample_campaign)
    assert [u["name"] for u in result.units] == ["Hội Chữ thập đỏ xã Bản Vược", "Hội Chữ thập đỏ phường Cốc Lếu"]


def test_files_that_are_not_xlsx_are_named_for_what_they_are(tmp_path, sample_campaign):
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    docx = next((ROOT / "templates_docx").glob("*.docx")).read_bytes()
    assert "don-vi.xlsx: tệp Excel cũ (.xls) hoặc tệp Word, không phải .xlsx" in _units_problem(tmp_path, xls, sample_campaign)
    assert "don-vi.xls: tệp Excel cũ (.xls)" in _units_problem(tmp_path, xls, sample_campaign, "don-vi.xls")
    assert "don-vi.xlsx: không phải tệp Excel .xlsx (là một tệp nén khác, ví dụ .docx" in \
        _units_problem(tmp_path, docx, sample_campaign)
    with pytest.raises(NomineesImportError, match=r"^ds\.xlsx: tệp Excel cũ \(\.xls\)"):
        read_nominees("ds.xlsx", xls, sample_campaign)
    # Members compressed with Deflate64, which zipfile cannot read.
    buffer = io.BytesIO()
    Workbook().save(buffer)
    deflate64 = buffer.getvalue().replace(b"PK\x03\x04\x14\x00\x00\x00\x08\x00", b"PK\x03\x04\x14\x00\x00\x00\x09\x00")
    deflate64 = deflate64.replace(b"PK\x01\x02\x14\x03\x14\x00\x00\x00\x08\x00", b"PK\x01\x02\x14\x03\x14\x00\x00\x00\x09\x00")
    assert _units_problem(tmp_path, deflate64, sample_campaign).endswith(
        "don-vi.xlsx: không đọc được tệp Excel (.xlsx): tệp hỏng (NotImplementedError)")


NOMINEE_HEADER = ("Họ và tên", "Hình thức khen thưởng")


def test_a_nominees_list_that_expands_too_far_or_has_too_many_cells_is_refused(sample_campaign):
    with pytest.raises(NomineesImportError) as info:
        read_nominees("ds.xlsx", hostile_xlsx(long_text(40, NOMINEE_HEADER)), sample_campaign)
    assert info.value.problems == ["ds.xlsx: tệp quá lớn khi giải nén: 40 MB (tối đa 32 MB); hãy bỏ các trang, "
                                   "hình ảnh không cần rồi lưu lại"]
    with pytest.raises(NomineesImportError, match=r"^ds\.xlsx: bảng tính có quá nhiều ô"):
        read_nominees("ds.xlsx", hostile_xlsx(one_long_row(250_000, NOMINEE_HEADER)), sample_campaign)


def test_a_returned_checklist_with_too_many_cells_is_refused_before_openpyxl_loads_it(sample_path, tmp_path):
    data = hostile_xlsx(one_long_row(60_000))
    with pytest.raises(ResultsImportError) as info:
        import_results(sample_path, [("bang.xlsx", data)])
    assert info.value.problems == ["bang.xlsx: bảng tính có quá nhiều ô (tối đa 50.000 ô); hãy xóa các dòng, cột "
                                   "thừa (kể cả ô trống đã định dạng ở xa) rồi lưu lại"]


# --- CSV ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_lines_are_read_with_standard_quotes_on_every_line(tmp_path, sample_campaign, delimiter):
    d = delimiter
    source = tmp_path / "don-vi.csv"
    source.write_text(f"\ufeffTên đơn vị{d}Tên ngắn{d}Loại\n"
                      f'"Hội Chữ thập đỏ trường ""Hoa Mai"""{d}"trường ""Hoa Mai"""{d}huyện\n'
                      f'"Hội Chữ thập đỏ xã A{d} xã B"{d}xã A{d}xã\n', encoding="utf-8")
    result = read_units(source, sample_campaign)
    assert [(u["name"], u["short_name"]) for u in result.units] == [
        ('Hội Chữ thập đỏ trường "Hoa Mai"', 'trường "Hoa Mai"'), (f"Hội Chữ thập đỏ xã A{d} xã B", "xã A")]


def test_a_csv_field_past_the_csv_limit_is_refused_naming_the_line(tmp_path, sample_campaign):
    source = tmp_path / "don-vi.csv"
    source.write_text("Tên đơn vị,Loại\nHội Chữ thập đỏ xã A,xã\n\"" + "a" * 200_000 + ",xã\n", encoding="utf-8")
    with pytest.raises(UnitsImportError) as info:
        read_units(source, sample_campaign)
    assert info.value.problems == [f"{source}:3: ô quá dài (tối đa 128 KB); có thể một dấu ngoặc kép (\") mở mà "
                                   "chưa đóng"]


# --- The web upload pages -------------------------------------------------------------------------

def _upload(client, url: str, field: str, data: bytes, filename: str):
    return client.post(url, data={field: [(io.BytesIO(data), filename)]}, content_type="multipart/form-data")


def test_the_upload_pages_refuse_hostile_workbooks_with_a_4xx_page_naming_the_file(client, campaigns_dir):
    bomb = hostile_xlsx(long_text(40, NOMINEE_HEADER))
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    before = {p.name: p.read_bytes() for p in campaigns_dir.rglob("*.yaml")}
    for url, field, data, filename, expected in (
            (f"/campaigns/{NAME}/units", "file", bomb, "don-vi.xlsx", "tệp quá lớn khi giải nén: 40 MB (tối đa 32 MB)"),
            (f"/campaigns/{NAME}/units", "file", xls, "cu.xlsx", "tệp Excel cũ (.xls)"),
            (f"/campaigns/{NAME}/units", "file", b'T\xc3\xaan \xc4\x91\xc6\xa1n v\xe1\xbb\x8b\n"' + b"a" * 200_000, "dai.csv",
             "ô quá dài (tối đa 128 KB)"),
            (f"/campaigns/{NAME}/nominees/import", "file", bomb, "ds.xlsx",
             "ds.xlsx: tệp quá lớn khi giải nén: 40 MB (tối đa 32 MB)"),
            (f"/campaigns/{NAME}/nominees/import", "file", xls, "cu.xlsx", "cu.xlsx: tệp Excel cũ (.xls)"),
            (f"/campaigns/{NAME}/results/import", "files", hostile_xlsx(one_long_row(60_000)), "bang.xlsx",
             "bang.xlsx: bảng tính có quá nhiều ô (tối đa 50.000 ô)"),
            (f"/campaigns/{NAME}/results/import", "files", xls, "cu.xlsx", "cu.xlsx: tệp Excel cũ (.xls)")):
        response = _upload(client, url, field, data, filename)
        page = response_text(response)
        assert response.status_code == 422, (url, filename, page[:2000])
        assert expected in page and filename in page, (url, filename)
        assert "Traceback" not in page
    assert {p.name: p.read_bytes() for p in campaigns_dir.rglob("*.yaml")} == before
