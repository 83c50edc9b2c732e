"""Per-unit checklists: the DOCX content and layout, the XLSX, the batch, the ZIP, the PDF."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook

from app import vnformat
from app.campaign import Campaign
from app.checklist import ChecklistBuilder, unit_slug
from app.checklists import ChecklistError, render_checklists, select_units
from app.quotas import campaign_quotas
from helpers import docx_texts, pdf_text, tool

BAT_XAT = "Hội Chữ thập đỏ huyện Bát Xát"


@pytest.fixture(scope="module")
def batch(tmp_path_factory, sample_campaign):
    """All nine units, DOCX + XLSX, zipped (in-process: nine units are below the pool threshold)."""
    out = tmp_path_factory.mktemp("checklists")
    return render_checklists(sample_campaign, "lao-cai-2023", out, formats="docx,xlsx", make_zip=True)


def _unit(campaign, name=BAT_XAT):
    return next(u for u in campaign.units if u.name == name)


@pytest.mark.parametrize("text, slug", [
    ("huyện Bát Xát", "huyen-bat-xat"), ("thành phố Lào Cai", "thanh-pho-lao-cai"),
    ("xã Đồng Tuyển", "xa-dong-tuyen"), ("phường Đức  Thịnh!", "phuong-duc-thinh"), ("???", "don-vi"),
])
def test_unit_slug_is_ascii_without_diacritics(text, slug):
    assert unit_slug(text) == slug


def test_rows_follow_the_unit_level_and_carry_its_quotas(sample_campaign):
    quotas = campaign_quotas(sample_campaign)
    rows = ChecklistBuilder(sample_campaign, quotas).rows(_unit(sample_campaign))
    assert [r.number for r in rows] == list(range(1, 13))  # a district unit carries all twelve
    assert "năm 2023" in rows[0].text and "[[" not in rows[0].text
    by_id = {q.metric_id: q.value for r in rows for q in r.quotas if q.metric_id}
    assert by_id == {m: quotas[m].quotas[BAT_XAT] for m in ("qua-tet", "kham-benh", "mau")}
    # A number set for every unit of its level (target 2: a 30 million đồng project) is shown as
    # it is; the province's own 50 million project is not.
    assert [(q.value, q.unit) for q in rows[1].quotas] == [(30, "triệu đồng mỗi công trình")]
    # a commune (grassroots) does not get the district-only targets nor the [province, district] ones
    data = sample_campaign.model_dump()
    data["units"].append({"name": "Hội Chữ thập đỏ xã Bản Vược", "short_name": "xã Bản Vược", "kind": "xã",
                          "weight": 10})
    campaign = Campaign.model_validate(data)
    commune = ChecklistBuilder(campaign).rows(campaign.units[-1])
    assert len(commune) == 12 - 4 - 2
    assert [q.metric_id for r in commune for q in r.quotas] == ["mau"]


def test_docx_of_one_unit_has_title_unit_rows_and_quotas(batch, sample_campaign):
    doc = Document(batch.directory / "huyen-bat-xat.docx")
    text = "\n".join(docx_texts(doc))
    assert "BẢNG THEO DÕI THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM 2023" in text
    assert "Đơn vị: Hội Chữ thập đỏ huyện Bát Xát" in text
    assert "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI" in text and "TW HỘI CHỮ THẬP ĐỎ VIỆT NAM" in text
    assert "Kèm theo Công văn số 21/CTĐ-VP ngày 10/02/2023" in text
    assert "trước ngày 15 tháng 11 năm 2023" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in text
    title = next(p for p in doc.paragraphs if p.text.startswith("BẢNG THEO DÕI"))
    assert all(r.bold for r in title.runs) and title.runs[0].font.size.pt == 14

    table = doc.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả thực hiện", "Tỷ lệ (%)", "Ghi chú"]
    body = table.rows[1:]
    assert len(body) == 12
    assert [r.cells[0].text for r in body] == [str(n) for n in range(1, 13)]
    quotas = campaign_quotas(sample_campaign)
    mau = vnformat.format_number(quotas["mau"].quotas[BAT_XAT])
    blood_row = next(r for r in body if "hiến máu tình nguyện và tiếp nhận" in r.cells[1].text)
    assert blood_row.cells[2].text.split("\n")[0] == mau
    assert "đơn vị máu" in blood_row.cells[2].text
    assert body[3].cells[2].text == ""  # a target without a number has no quota
    # emphasis from the campaign text survives as an italic run
    row5 = body[4].cells[1].paragraphs[0]
    assert any(r.italic and "Mỗi tổ chức" in r.text for r in row5.runs)


def test_docx_layout_follows_decree_30(batch):
    doc = Document(batch.directory / "huyen-bat-xat.docx")
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # A4 landscape
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    # page numbers: a PAGE field centred in the header, none on page 1 (titlePg)
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:val="center"' in header_xml
    assert "PAGE" not in section.first_page_header._element.xml
    # Times New Roman in every run's four font slots, including the table cells
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert len(runs) > 40
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts is not None, run.text
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    # the table: header row repeated, rows never split, fixed layout with grid widths
    tbl = doc.tables[1]._tbl
    rows = tbl.findall(qn("w:tr"))
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 6 and abs(sum(grid) - Mm(252).twips) < 10


def test_campaign_text_is_escaped_not_evaluated(tmp_path, sample_campaign):
    data = sample_campaign.model_dump()
    data["targets"][0]["text"] = "Hội A & B <tag> {{ 7*7 }} {% if 1 %}x{% endif %} năm [[ nam ]]"
    campaign = Campaign.model_validate(data)
    batch = render_checklists(campaign, "x", tmp_path, units=["huyen-bat-xat"], formats="docx")
    cell = Document(batch.paths[0]).tables[1].rows[1].cells[1].text
    assert cell == "Hội A & B <tag> {{ 7*7 }} {% if 1 %}x{% endif %} năm 2023"


def test_xlsx_is_protected_with_formulas_and_unlocked_inputs(batch, sample_campaign):
    wb = load_workbook(batch.directory / "huyen-bat-xat.xlsx")
    ws = wb.active
    assert ws.protection.sheet
    header = [ws.cell(8, c).value for c in range(1, 7)]
    assert header == ["STT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả thực hiện", "Tỷ lệ (%)", "Ghi chú"]
    assert all(ws.cell(8, c).protection.locked for c in range(1, 7))
    assert ws.print_title_rows == "$8:$8"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    quotas = campaign_quotas(sample_campaign)
    rows = range(9, 21)
    assert [ws.cell(r, 1).value for r in rows] == list(range(1, 13))
    blood = next(r for r in rows if "hiến máu tình nguyện" in str(ws.cell(r, 2).value))
    assert ws.cell(blood, 3).value == quotas["mau"].quotas[BAT_XAT]
    for r in rows:
        assert ws.cell(r, 5).value == f'=IF(AND(N(C{r})>0,ISNUMBER(D{r})),D{r}/C{r},"")'
        assert "%" in ws.cell(r, 5).number_format
        assert not ws.cell(r, 4).protection.locked and not ws.cell(r, 6).protection.locked
        assert ws.cell(r, 1).protection.locked and ws.cell(r, 2).protection.locked
        assert ws.cell(r, 3).protection.locked and ws.cell(r, 5).protection.locked
        assert ws.cell(r, 2).alignment.wrap_text
        assert ws.cell(r, 2).font.name == "Times New Roman"
    assert ws.column_dimensions["B"].width > 50


def test_batch_writes_every_unit_and_quotas_add_up(batch, sample_campaign):
    files = sorted(p.name for p in batch.directory.iterdir())
    slugs = ["huyen-bac-ha", "huyen-bao-thang", "huyen-bao-yen", "huyen-bat-xat", "huyen-muong-khuong",
             "huyen-si-ma-cai", "huyen-van-ban", "thanh-pho-lao-cai", "thi-xa-sa-pa"]
    assert files == sorted(f"{s}.{ext}" for s in slugs for ext in ("docx", "xlsx"))
    # Read the quotas back from the documents: each metric sums to the province total.
    totals = {"suất quà": 0, "người được khám": 0, "đơn vị máu": 0}
    for slug in slugs:
        table = Document(batch.directory / f"{slug}.docx").tables[1]
        for row in table.rows[1:]:
            lines = row.cells[2].text.split("\n")
            if lines[0] and lines[1].startswith(tuple(totals)):
                key = next(k for k in totals if lines[1].startswith(k))
                totals[key] += int(lines[0].replace(".", ""))
    assert totals == {"suất quà": 20000, "người được khám": 12000, "đơn vị máu": 7500}


def test_zip_holds_every_file_and_each_opens(batch):
    with zipfile.ZipFile(batch.zip_path) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(p.name for p in batch.paths)
        assert len(names) == 18
        for name in names:
            with archive.open(name) as member:
                if name.endswith(".docx"):
                    assert Document(member).tables
                else:
                    assert load_workbook(member).active.protection.sheet


def test_process_pool_gives_the_same_files(tmp_path, sample_campaign):
    """Enough units to use the worker processes; every file is written and readable."""
    data = sample_campaign.model_dump()
    data["units"] = [{"name": f"Hội Chữ thập đỏ xã Số {i}", "short_name": f"xã Số {i}", "kind": "xã",
                      "weight": 1 + i % 7} for i in range(60)]
    campaign = Campaign.model_validate(data)
    seen: list[tuple[int, int]] = []
    batch = render_checklists(campaign, "many", tmp_path, formats="docx", workers=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert len(batch.paths) == 60 and seen[-1] == (60, 60)
    total = 0
    for path in batch.paths:
        rows = Document(path).tables[1].rows
        # blood donation is the only apportioned metric a commune carries
        blood = next(r for r in rows if "hiến máu tình nguyện và tiếp nhận" in r.cells[1].text)
        total += int(blood.cells[2].text.split("\n")[0].replace(".", ""))
    assert total == 7500


def test_unknown_unit_and_format_are_refused_before_writing(tmp_path, sample_campaign):
    with pytest.raises(ChecklistError, match="không có đơn vị 'huyện Không Có'"):
        render_checklists(sample_campaign, "x", tmp_path, units=["huyện Không Có"])
    with pytest.raises(ChecklistError, match="định dạng không hỗ trợ: odt"):
        render_checklists(sample_campaign, "x", tmp_path, formats="docx,odt")
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").rglob("*.*"))


def test_units_are_found_by_name_short_name_or_slug(sample_campaign):
    chosen = select_units(sample_campaign, ["huyen-bat-xat", "thị xã sa pa", "Hội Chữ thập đỏ huyện Bắc Hà"])
    assert [u.short_name for u in chosen] == ["huyện Bát Xát", "thị xã Sa Pa", "huyện Bắc Hà"]


@pytest.mark.libreoffice
def test_pdf_batch_converts_in_one_call(tmp_path, sample_campaign):
    tool("pdftotext")
    batch = render_checklists(sample_campaign, "lao-cai-2023", tmp_path, units=["huyen-bat-xat", "thi-xa-sa-pa"],
                              formats="pdf")
    pdfs = [p for p in batch.paths if p.suffix == ".pdf"]
    assert [p.name for p in pdfs] == ["huyen-bat-xat.pdf", "thi-xa-sa-pa.pdf"]
    assert not list(batch.directory.glob("*.docx"))  # PDF only: the DOCX were scratch files
    quotas = campaign_quotas(sample_campaign)
    for pdf, name in zip(pdfs, [BAT_XAT, "Hội Chữ thập đỏ thị xã Sa Pa"], strict=True):
        text = pdf_text(pdf, first=1, last=1, layout=True)
        assert "BẢNG THEO DÕI THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM 2023" in text
        assert f"Đơn vị: {name}" in text
        assert "STT" in text and "Chỉ tiêu giao" in text
        everything = pdf_text(pdf)
        assert vnformat.format_number(quotas["qua-tet"].quotas[name]) in everything


@pytest.mark.libreoffice
def test_large_pdf_batches_go_in_runs_and_keep_their_order(tmp_path, sample_campaign):
    """LibreOffice stops after ~245 files per run: batches are split, every PDF still arrives."""
    from app.pdf import convert_to_pdf

    batch = render_checklists(sample_campaign, "x", tmp_path, formats="docx", units=["huyen-bat-xat",
                              "thi-xa-sa-pa", "huyen-bac-ha"])
    pdfs = convert_to_pdf(batch.paths, tmp_path / "pdf", max_per_run=2)
    assert [p.name for p in pdfs] == ["huyen-bat-xat.pdf", "thi-xa-sa-pa.pdf", "huyen-bac-ha.pdf"]
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_zip_is_current_until_the_campaign_changes(tmp_path, sample_campaign):
    from app.checklists import current_zip

    assert current_zip(sample_campaign, "x", tmp_path) is None
    batch = render_checklists(sample_campaign, "x", tmp_path, formats="docx,xlsx", make_zip=True)
    assert current_zip(sample_campaign, "x", tmp_path) == batch.zip_path
    assert current_zip(sample_campaign, "x", tmp_path, formats="docx") is None  # other formats: other files
    data = sample_campaign.model_dump()
    data["targets"][0]["text"] += " Sửa."
    assert current_zip(Campaign.model_validate(data), "x", tmp_path) is None
