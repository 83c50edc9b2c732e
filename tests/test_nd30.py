"""The Decree 30 lint (``vanthu check``): every kind of document vanthu makes passes it, and every
row of docs/nd30.md it reads is caught when one thing is broken in a good document.

The documents are made by the ``vanthu`` commands on a copy of the sample campaign (with its
results and a nominees file); each seed case changes exactly one thing with python-docx and
expects exactly its row to be reported.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from app.cli import main
from app.nd30 import check_docx, iter_paragraphs
from helpers import ROOT, SAMPLE

NAME = "lao-cai-2023"
SINGLE_ADDRESSEE = "  addressees:\n    - Hội Chữ thập đỏ các huyện, thị xã, thành phố và đơn vị trực thuộc\n"
SEVERAL_ADDRESSEES = ("  addressees:\n    - Hội Chữ thập đỏ các huyện, thị xã, thành phố\n"
                      "    - Các đơn vị trực thuộc\n    - Các ban chuyên môn cơ quan Hội\n")
NOMINEES = """\
people:
  - name: Lò Thị Hoa
    award: giay-khen
    sex: Nữ
    born: 1985
    position: Chủ tịch
    unit: Hội Chữ thập đỏ thị xã Sa Pa
    summary: Vận động 649 đơn vị máu và 1.731 suất quà tết.
"""

# The document of each kind vanthu makes, under <out>/<campaign>/.
KINDS = {
    "công văn": f"{NAME}/cong-van-21.docx",
    "công văn, nhiều nơi nhận": "nhieu-noi-nhan/cong-van-21.docx",
    "bảng theo dõi chỉ tiêu": f"{NAME}/checklists/huyen-bat-xat.docx",
    "bảng điểm": f"{NAME}/bang-diem.docx",
    "tờ trình": f"{NAME}/khen-thuong/to-trinh-45.docx",
    "danh sách kèm tờ trình": f"{NAME}/khen-thuong/danh-sach-to-trinh-45.docx",
    "quyết định": f"{NAME}/khen-thuong/quyet-dinh-120.docx",
    "danh sách kèm quyết định": f"{NAME}/khen-thuong/danh-sach-quyet-dinh-120.docx",
    "báo cáo thành tích tập thể": f"{NAME}/khen-thuong/bao-cao-thanh-tich-thanh-pho-lao-cai.docx",
    "báo cáo thành tích cá nhân": f"{NAME}/khen-thuong/bao-cao-thanh-tich-lo-thi-hoa.docx",
}


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """Every kind of document, made once by the vanthu commands on a copy of the sample."""
    folder = tmp_path_factory.mktemp("nd30")
    campaigns, out = folder / "campaigns", folder / "out"
    (campaigns / NAME).mkdir(parents=True)
    sample = SAMPLE.read_text(encoding="utf-8")
    assert SINGLE_ADDRESSEE in sample
    (campaigns / f"{NAME}.yaml").write_text(sample, encoding="utf-8")
    (campaigns / "nhieu-noi-nhan.yaml").write_text(sample.replace(SINGLE_ADDRESSEE, SEVERAL_ADDRESSEES),
                                                   encoding="utf-8")
    shutil.copy2(ROOT / "campaigns" / NAME / "results.yaml", campaigns / NAME / "results.yaml")
    (campaigns / NAME / "nominees.yaml").write_text(NOMINEES, encoding="utf-8")
    campaign = str(campaigns / f"{NAME}.yaml")
    for args in (["render", campaign], ["render", str(campaigns / "nhieu-noi-nhan.yaml")],
                 ["checklists", campaign, "--format", "docx", "--units", "huyen-bat-xat"],
                 ["score", campaign], ["nominations", campaign]):
        result = CliRunner().invoke(main, [*args, "--out", str(out)])
        assert result.exit_code == 0, (args, result.output)
    return {kind: out / path for kind, path in KINDS.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_document_passes_the_lint(documents, kind):
    assert [str(f) for f in check_docx(documents[kind])] == []


def test_a_plain_word_file_breaks_many_rows(tmp_path):
    path = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("V/v thử")
    doc.save(str(path))
    rules = {f.rule for f in check_docx(path)}
    assert {"P2", "P4", "H1", "H2", "H5", "B1", "S3"} <= rules


# --- editing a good document ----------------------------------------------------------------------

def para(doc, text: str) -> Paragraph:
    """The first paragraph whose text is ``text`` (or starts with it, when ``text`` ends with "…");
    the last one when ``text`` starts with "…"."""
    found = [p for p, _ in iter_paragraphs(doc)
             if p.text.strip() == text.strip("…") or (text.endswith("…") and p.text.strip().startswith(text[:-1]))]
    assert found, f"no paragraph {text!r}"
    return found[-1] if text.startswith("…") else found[0]


def after(p: Paragraph) -> Paragraph:
    """The paragraph after ``p`` in its cell (the short line under a name or a subject)."""
    return Paragraph(p._p.getnext(), p._parent)


def restyle(text: str, **look) -> Callable:
    """An edit setting ``look`` (bold, italic, size, font, color, caps) on every run of a paragraph."""
    def edit(doc):
        for run in para(doc, text).runs:
            for name, value in look.items():
                if name == "size":
                    run.font.size = Pt(value)
                elif name == "font":
                    run.font.name = value
                elif name == "color":
                    run.font.color.rgb = RGBColor.from_string(value)
                else:
                    setattr(run.font, name, value)
    return edit


def retext(text: str, old: str, new: str) -> Callable:
    """An edit replacing ``old`` with ``new`` in the run of paragraph ``text`` that holds it."""
    def edit(doc):
        run = next(r for r in para(doc, text).runs if old in r.text)
        run.text = run.text.replace(old, new)
    return edit


def reformat(text: str, **fmt) -> Callable:
    """An edit setting paragraph properties (alignment, indents, spacing) of paragraph ``text``."""
    def edit(doc):
        for name, value in fmt.items():
            setattr(para(doc, text).paragraph_format, name, value)
    return edit


def widen_rule(text: str, twips: int) -> Callable:
    """An edit making the short line under paragraph ``text`` longer (or shorter, ``twips`` < 0)."""
    def edit(doc):
        line = after(para(doc, text)).paragraph_format
        line.left_indent = Twips(line.left_indent.twips - twips)
        line.right_indent = Twips(line.right_indent.twips - twips)
    return edit


def section(**attrs) -> Callable:
    def edit(doc):
        for name, value in attrs.items():
            setattr(doc.sections[0], name, value)
    return edit


def line_break(text: str) -> Callable:
    def edit(doc):
        para(doc, text).runs[0].add_break()
    return edit


def page_number(**look) -> Callable:
    def edit(doc):
        number = next(p for p in doc.sections[0].header.paragraphs if "PAGE" in p._p.xml)
        for run in number.runs:
            if "size" in look:
                run.font.size = Pt(look["size"])
            if "font" in look:
                run.font.name = look["font"]
        if "alignment" in look:
            number.alignment = look["alignment"]
    return edit


@dataclass(frozen=True)
class Seed:
    """One violation: in the document ``kind``, ``edit`` breaks row ``rule``; a message says ``says``."""

    kind: str
    rule: str
    says: str
    edit: Callable


CV, MULTI, SCORE, CHECK = "công văn", "công văn, nhiều nơi nhận", "bảng điểm", "bảng theo dõi chỉ tiêu"
TTR, QD, GROUP, PERSON = "tờ trình", "quyết định", "báo cáo thành tích tập thể", "báo cáo thành tích cá nhân"
ISSUER, NATIONAL, MOTTO = "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
SIGNER, VV = "Vàng Thị Mai Hương", "V/v phát động phong trào thi đua 2023"
SEEDS = {
    # P1–P4: page
    "letter paper": Seed(CV, "P1", "khổ giấy", section(page_width=Mm(216), page_height=Mm(279))),
    "landscape without a wide table": Seed(CV, "P1", "trang ngang", section(page_width=Mm(297), page_height=Mm(210))),
    "left margin 25 mm": Seed(CV, "P2", "lề trái", section(left_margin=Mm(25))),
    "bottom margin 30 mm": Seed(TTR, "P2", "lề dưới", section(bottom_margin=Mm(30))),
    "Arial in a table": Seed(SCORE, "P3", "Arial", restyle("Huyện Bát Xát", font="Arial")),
    "Arial in the page header": Seed(QD, "P3", "đầu trang", page_number(font="Arial")),
    "red text": Seed(CV, "P3", "màu", restyle("II. Chỉ tiêu cụ thể", color="C00000")),
    "page number 12 pt": Seed(CV, "P4", "cỡ chữ 12", page_number(size=12)),
    "page number on the left": Seed(CHECK, "P4", "căn giữa", page_number(alignment=WD_ALIGN_PARAGRAPH.LEFT)),
    "page 1 numbered": Seed(TTR, "P4", "trang 1", section(different_first_page_header_footer=False)),
    # H1–H8: header and title
    "national name not bold": Seed(TTR, "H1", "in đậm", restyle(NATIONAL, bold=False)),
    "national name in lower case": Seed(CV, "H1", "in hoa", retext(NATIONAL, NATIONAL, "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    "motto 12 pt": Seed(CV, "H2", "cỡ chữ 12", restyle(MOTTO, size=12)),
    "line under the motto too short": Seed(QD, "H2", "đường kẻ", widen_rule(MOTTO, -400)),
    "parent body bold": Seed(CV, "H3", "không được in đậm", restyle("TW HỘI CHỮ THẬP ĐỎ VIỆT NAM", bold=True)),
    "parent body in lower case": Seed(SCORE, "H3", "in hoa", retext("TW HỘI CHỮ THẬP ĐỎ VIỆT NAM", "TW HỘI", "Tw Hội")),
    "issuing body not bold": Seed(CV, "H4", "phải in đậm", restyle(ISSUER, bold=False)),
    "issuing body in lower case": Seed(TTR, "H4", "in hoa", retext(ISSUER, ISSUER, "Hội Chữ thập đỏ tỉnh Lào Cai")),
    "line under the issuing body too long": Seed(CHECK, "H4", "đường kẻ", widen_rule(ISSUER, 500)),
    "number without its leading zero": Seed(CV, "H5", "số 0", retext("Số: 21/CTĐ-VP", "21", "5")),
    "a Tờ trình numbered as a decision": Seed(TTR, "H5", "TTr", retext("Số: 45/TTr-CTĐ", "TTr", "QĐ")),
    "spaces in the symbol": Seed(QD, "H5", "sai thể thức", retext("Số: 120/QĐ-CTĐ", "QĐ-CTĐ", "QĐ - CTĐ")),
    "number 14 pt": Seed(CV, "H5", "cỡ chữ 14", restyle("Số: 21/CTĐ-VP", size=14)),
    "March with a zero": Seed(CV, "H6", "tháng", retext("Lào Cai, ngày 10 tháng 02 năm 2023", "tháng 02", "tháng 03")),
    "date upright": Seed(QD, "H6", "nghiêng", restyle("Lào Cai, ngày 08 tháng 12 năm 2023", italic=False)),
    "V/v italic": Seed(CV, "H7", "nghiêng", restyle(VV, italic=True)),
    "V/v bold": Seed(MULTI, "H7", "in đậm", restyle(VV, bold=True)),
    "subject not bold": Seed(QD, "H8", "trích yếu", restyle("Về việc khen thưởng thành tích…", bold=False)),
    "type name in lower case": Seed(TTR, "H8", "in hoa", retext("TỜ TRÌNH", "TỜ TRÌNH", "Tờ trình")),
    "line under the subject too long": Seed(GROUP, "H8", "đường kẻ", widen_rule("Đề nghị tặng…", 1500)),
    # B1–B6: body
    "Kính gửi bold": Seed(CV, "B1", "in đậm", restyle("Kính gửi:…", bold=True)),
    "an addressee without its ;": Seed(MULTI, "B1", "';'", retext("- Các đơn vị trực thuộc;", ";", "")),
    "addressees not lined up": Seed(MULTI, "B1", "thẳng hàng", reformat("- Các đơn vị trực thuộc;", left_indent=Mm(30))),
    "a ground upright": Seed(TTR, "B2", "nghiêng", restyle("Căn cứ Nghị định…", italic=False)),
    "the last ground ending ;": Seed(QD, "B2", "'.'", retext("Xét kết quả…", "đơn vị.", "đơn vị;")),
    "text left-aligned": Seed(CV, "B3", "căn đều", reformat("Thực hiện Chỉ thị…", alignment=WD_ALIGN_PARAGRAPH.LEFT)),
    "no first-line indent": Seed(TTR, "B3", "thụt đầu dòng", reformat("Thực hiện Công văn…", first_line_indent=0)),
    "double line spacing": Seed(PERSON, "B3", "giãn dòng", reformat("II. Thành tích đạt được", line_spacing=2.0)),
    "text 12 pt": Seed(QD, "B3", "cỡ chữ 12", restyle("Điều 2…", size=12)),
    "no space between paragraphs": Seed(CV, "B3", "6 pt", reformat("Trên đây là…", space_after=0)),
    "part heading not bold": Seed(CV, "B4", "in đậm", restyle("II. Chỉ tiêu cụ thể", bold=False)),
    "parts out of order": Seed(PERSON, "B4", "thứ tự", retext("III. Khen thưởng", "III.", "IV.")),
    "a manual line break": Seed(CV, "B5", "ngắt dòng", line_break("Thực hiện Chỉ thị…")),
    "a manual line break in a table": Seed(GROUP, "B5", "ngắt dòng", line_break("100% các cấp Hội từ tỉnh…")),
    "article number not bold": Seed(QD, "B6", "Điều 2.", restyle("Điều 2…", bold=False)),
    "authority line not bold": Seed(QD, "B6", "in đậm", restyle("CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", bold=False)),
    "QUYẾT ĐỊNH: on the left": Seed(QD, "B6", "căn giữa", reformat("QUYẾT ĐỊNH:", alignment=WD_ALIGN_PARAGRAPH.LEFT)),
    "articles out of order": Seed(QD, "B6", "thứ tự", retext("Điều 3…", "Điều 3", "Điều 4")),
    # S1–S3: signature and distribution
    "no space after KT.": Seed(CV, "S1", "dấu cách", retext("KT. CHỦ TỊCH", "KT. ", "KT.")),
    "title in lower case": Seed(SCORE, "S1", "in hoa", retext("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phó Chủ tịch")),
    "sign box title not bold": Seed(CHECK, "S1", "in đậm", restyle("NGƯỜI LẬP BIỂU", bold=False)),
    "signer's name in capitals": Seed(CV, "S2", "in hoa", retext(SIGNER, SIGNER, SIGNER.upper())),
    "signer's name not bold": Seed(TTR, "S2", "in đậm", restyle(SIGNER, bold=False)),
    "a degree before the name": Seed(QD, "S2", "học vị", retext(SIGNER, SIGNER, "TS. " + SIGNER)),
    "no room to sign": Seed(CV, "S2", "để ký", reformat(SIGNER, space_before=0)),
    "reporter's name in capitals": Seed(PERSON, "S2", "in hoa", retext("…Lò Thị Hoa", "Lò Thị Hoa", "LÒ THỊ HOA")),
    "Nơi nhận not italic": Seed(CV, "S3", "nghiêng", restyle("Nơi nhận:", italic=False)),
    "first recipient not Như trên": Seed(CV, "S3", "Như trên", retext("- Như trên;", "Như trên", "Ban TĐKT tỉnh")),
    "a recipient without its ;": Seed(CV, "S3", "';'", retext("- Ban TĐKT tỉnh;", ";", "")),
    "no archive line": Seed(TTR, "S3", "Lưu", retext("- Lưu: VT, VP.", "- Lưu: VT, VP.", "- Văn phòng.")),
    "recipients 12 pt": Seed(QD, "S3", "cỡ chữ 12", restyle("- Như Điều 3;", size=12)),
}


@pytest.mark.parametrize("name", SEEDS)
def test_one_broken_row_is_reported_alone(documents, tmp_path, name):
    seed = SEEDS[name]
    doc = Document(str(documents[seed.kind]))
    seed.edit(doc)
    broken = tmp_path / "broken.docx"
    doc.save(str(broken))
    findings = check_docx(broken)
    assert {f.rule for f in findings} == {seed.rule}, [str(f) for f in findings]
    assert any(seed.says in f.message for f in findings), [str(f) for f in findings]


def test_every_row_of_the_rules_is_seeded():
    rows = set(re.findall(r"^\| ([PHBS]\d) \|", (ROOT / "docs" / "nd30.md").read_text(encoding="utf-8"), re.M))
    assert len(rows) == 21
    assert {seed.rule for seed in SEEDS.values()} == rows


# --- looks as Word resolves them -------------------------------------------------------------------

def _check_edited(documents, tmp_path, kind: str, edit: Callable) -> list[str]:
    doc = Document(str(documents[kind]))
    edit(doc)
    doc.save(str(tmp_path / "edited.docx"))
    return [str(f) for f in check_docx(tmp_path / "edited.docx")]


def test_capitals_by_format_and_bold_by_style_count(documents, tmp_path):
    def issuer_in_a_bold_style_typed_in_lower_case(doc):
        style = doc.styles.add_style("Tên cơ quan", 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.font.bold = True
        issuer = para(doc, ISSUER)
        issuer.style = style
        for run in issuer.runs:
            run.bold = None
            run.font.all_caps = True
            run.text = run.text.lower()

    assert _check_edited(documents, tmp_path, CV, issuer_in_a_bold_style_typed_in_lower_case) == []


def test_a_theme_font_breaks_p3(documents, tmp_path):
    def theme_font(doc):
        run = para(doc, SIGNER).runs[0]
        run.font.name = None
        run._r.get_or_add_rPr().get_or_add_rFonts().set(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hAnsiTheme", "minorHAnsi")

    assert _check_edited(documents, tmp_path, CV, theme_font) == [
        "P3: thân văn bản: phông theo chủ đề (theme) trong “Vàng Thị Mai Hương” (cần Times New Roman)"]


def test_clauses_in_capitals_numbered_1_2_are_allowed(documents, tmp_path):
    # Another office's "1. MỤC ĐÍCH, YÊU CẦU": a text without parts numbers its clauses 1., 2.
    def arabic_parts(doc):
        for number, roman in enumerate(("I", "II", "III", "IV"), start=1):
            heading = next(p for p, _ in iter_paragraphs(doc) if p.text.startswith(f"{roman}. "))
            heading.runs[0].text = f"{number}. " + heading.text.split(". ", 1)[1].upper()

    assert _check_edited(documents, tmp_path, CV, arabic_parts) == []
