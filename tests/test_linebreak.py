"""Header lines (issue 9): names broken as a clerk breaks them, typed breaks kept, no word alone
on the subject's last line; unit tests of app.linebreak, every document kind's DOCX, and real
Vietnamese bodies' names set by LibreOffice and read back from the PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from app import nd30
from app.campaign import Campaign
from app.checklist import build_checklist
from app.checklists import TEMPLATE as CHECKLIST_TEMPLATE
from app.checklists import render_checklists
from app.dispatch import build_dispatch, render_dispatch
from app.docx_render import render_docx, rule_indent
from app.layout import CELL_MARGIN, CHECKLIST_HEADER, DISPATCH_HEADER, LANDSCAPE, PORTRAIT, Size
from app.linebreak import FIT, break_lines, cell_lines, one_line
from app.loader import load_campaign, parse_campaign
from app.nominations import render_nominations
from app.scoreboard import build_scoreboard, load_scoreboard, render_scoreboard
from app.textwidth import text_width_pt
from helpers import ROOT, SAMPLE, tool

PORTRAIT_CELL, LANDSCAPE_CELL = DISPATCH_HEADER.left, CHECKLIST_HEADER.left

# Real bodies' names as they head their documents: (parent body, issuing body).
BODIES = [
    (None, "BỘ GIÁO DỤC VÀ ĐÀO TẠO"),
    (None, "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    (None, "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    (None, "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    (None, "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"),
    (None, "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),
    (None, "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"),
    (None, "ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG"),
    ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    (None, "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LÀO CAI"),
    ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP", "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ Y TẾ"),
    ("ỦY BAN NHÂN DÂN THỊ XÃ SA PA", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"),
    ("TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM", "HỘI CHỮ THẬP ĐỎ TỈNH THÁI NGUYÊN"),
    ("HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "HỘI CHỮ THẬP ĐỎ HUYỆN BÁT XÁT"),
    ("HỘI CHỮ THẬP ĐỎ THÀNH PHỐ HỒ CHÍ MINH", "HỘI CHỮ THẬP ĐỎ QUẬN BÌNH THẠNH"),
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "HỘI CHỮ THẬP ĐỎ TỈNH BÀ RỊA - VŨNG TÀU"),
    ("HỘI NÔNG DÂN VIỆT NAM", "HỘI NÔNG DÂN TỈNH THÁI NGUYÊN"),
    ("HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM", "HỘI LIÊN HIỆP PHỤ NỮ TỈNH LÀO CAI"),
    (None, "HỘI CỰU CHIẾN BINH THÀNH PHỐ HẢI PHÒNG"),
    (None, "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH LÀO CAI"),
    ("BỘ Y TẾ", "BỆNH VIỆN ĐA KHOA TRUNG ƯƠNG THÁI NGUYÊN"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH THÁI NGUYÊN", "TRƯỜNG TRUNG HỌC PHỔ THÔNG CHUYÊN THÁI NGUYÊN"),
]
NAMES = sorted({name for pair in BODIES for name in pair if name})

# Subjects (after V/v); several leave one word alone on the last line when wrapped where the
# cell ends ("… thi đua năm / 2023").
SUBJECTS = [
    "phát động phong trào thi đua năm 2023",
    "báo cáo kết quả công tác Hội năm 2023",
    "phát động phong trào thi đua năm 2023 và kỷ niệm 32 năm ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai "
    "(14/11/1991-14/11/2023)",
    "hưởng ứng Tháng Nhân đạo năm 2024",
    "tổ chức các hoạt động nhân đạo nhân dịp Tết Nguyên đán Giáp Thìn 2024",
    "hỗ trợ người dân bị ảnh hưởng bởi bão số 3 tại xã Tân Cương",
    "tuyên truyền, vận động hiến máu tình nguyện tại thành phố Hồ Chí Minh",
    "phát động phong trào thi đua năm 2024 và kỷ niệm 30 năm ngày thành lập Hội Chữ thập đỏ tỉnh Bà Rịa - "
    "Vũng Tàu",
    "kiện toàn Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Thái Nguyên",
    "phát động ủng hộ đồng bào bị thiệt hại do thiên tai",
]

# What a clerk never splits when it fits on a line: places and bodies (written here, not taken
# from app.linebreak, so that the tests say what is right rather than what the code does).
PROTECTED = [
    "TỈNH THÁI NGUYÊN", "TỈNH LÀO CAI", "TỈNH BÀ RỊA - VŨNG TÀU", "TỈNH ĐỒNG THÁP", "THÀNH PHỐ HỒ CHÍ MINH",
    "THÀNH PHỐ HÀ NỘI", "THÀNH PHỐ HẢI PHÒNG", "XÃ TÂN CƯƠNG", "HUYỆN BÁT XÁT", "QUẬN BÌNH THẠNH",
    "THỊ XÃ SA PA", "ỦY BAN NHÂN DÂN", "HỘI CHỮ THẬP ĐỎ", "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "SỞ Y TẾ", "BỘ Y TẾ", "HỘI NÔNG DÂN", "HỘI LIÊN HIỆP PHỤ NỮ",
    "HỘI CỰU CHIẾN BINH", "TRUNG ƯƠNG", "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "tỉnh Lào Cai", "tỉnh Thái Nguyên", "tỉnh Bà Rịa - Vũng Tàu", "thành phố Hồ Chí Minh", "xã Tân Cương",
    "Hội Chữ thập đỏ", "Tháng Nhân đạo", "Tết Nguyên đán", "năm 2023", "năm 2024", "phong trào", "thi đua",
]


def usable_pt(cell: int) -> float:
    return (cell - 2 * CELL_MARGIN) / 20


def split_names(lines: list[str], cell: int, size: float, bold: bool) -> list[str]:
    """The protected names of ``lines`` that fit one line of the cell but were split."""
    text = f" {' '.join(lines)} "
    return [name for name in PROTECTED if f" {name} " in text
            and text_width_pt(name, size, bold=bold) <= usable_pt(cell) * FIT
            and not any(f" {name} " in f" {line} " for line in lines)]


def greedy(text: str, cell: int, size: float, bold: bool = False) -> list[str]:
    """``text`` wrapped where the cell ends, as Word and LibreOffice do."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width_pt(f"{lines[-1]} {word}", size, bold=bold) <= usable_pt(cell):
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def check_lines(text: str, lines: list[str], cell: int, size: float, bold: bool, *, subject: bool = False) -> None:
    assert " ".join(lines) == " ".join(text.split()), lines
    assert not split_names(lines, cell, size, bold), (lines, split_names(lines, cell, size, bold))
    for line in lines:
        assert len(line.split()) == 1 or text_width_pt(line, size, bold=bold) <= usable_pt(cell), (line, lines)
    if len(lines) > 1:
        assert not lines[-1].startswith(("-", "–")) and all(not line.startswith("- ") for line in lines)
        if subject:
            assert len(lines[-1].split()) >= 2, lines


# --- app.linebreak ------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", [PORTRAIT_CELL, LANDSCAPE_CELL])
@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_never_split_where_it_fits_and_its_lines_are_even(name, cell):
    for bold in (True, False):
        lines = cell_lines(name, cell, Size.BODY_NAME, bold=bold)
        check_lines(name, lines, cell, Size.BODY_NAME, bold)
        widths = [text_width_pt(line, Size.BODY_NAME, bold=bold) for line in lines]
        assert min(widths) >= max(widths) / 3, lines  # no long line over a stub


@pytest.mark.parametrize("name, lines", [
    ("HỘI CHỮ THẬP ĐỎ TỈNH THÁI NGUYÊN", ["HỘI CHỮ THẬP ĐỎ", "TỈNH THÁI NGUYÊN"]),
    ("ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG", ["ỦY BAN NHÂN DÂN", "XÃ TÂN CƯƠNG"]),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LÀO CAI", ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "TỈNH LÀO CAI"]),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", ["BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]),
    ("TRUNG ƯƠNG HỘI CHỮ THẬP ĐỎ VIỆT NAM", ["TRUNG ƯƠNG", "HỘI CHỮ THẬP ĐỎ VIỆT NAM"]),
    ("TRƯỜNG TRUNG HỌC PHỔ THÔNG CHUYÊN THÁI NGUYÊN", ["TRƯỜNG TRUNG HỌC", "PHỔ THÔNG CHUYÊN", "THÁI NGUYÊN"]),
    ("HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", ["HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"]),
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", ["BỘ GIÁO DỤC VÀ ĐÀO TẠO"]),
])
def test_the_issues_names_break_as_a_clerk_breaks_them(name, lines):
    assert cell_lines(name, PORTRAIT_CELL, Size.BODY_NAME, bold=True) == lines


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_subject_never_leaves_one_word_alone_at_any_width(subject):
    text = f"V/v {subject}"
    for width in range(180, 420, 9):  # the portrait header's cell is 208 pt, the landscape's 279
        lines = break_lines(text, width, Size.SUBJECT)
        # a date range in brackets may stand alone when the place before it cannot share its line
        alone = len(lines[-1].split()) == 1 and not lines[-1].startswith("(")
        assert len(lines) == 1 or not alone, (width, lines)
        assert not split_names(lines, width * 20 + 2 * CELL_MARGIN, Size.SUBJECT, False), (width, lines)
        assert all(text_width_pt(line, Size.SUBJECT) <= width for line in lines), (width, lines)


def test_the_subjects_that_wrapping_at_the_cell_leaves_a_word_alone_on_are_broken_evenly():
    orphaned = [s for s in SUBJECTS if len(greedy(f"V/v {s}", PORTRAIT_CELL, Size.SUBJECT)[-1].split()) == 1]
    assert len(orphaned) >= 2  # the corpus holds the issue's case
    assert cell_lines("V/v phát động phong trào thi đua năm 2023", PORTRAIT_CELL, Size.SUBJECT) == [
        "V/v phát động phong trào", "thi đua năm 2023"]
    assert cell_lines("V/v phát động phong trào thi đua 2023", PORTRAIT_CELL, Size.SUBJECT) == [
        "V/v phát động phong trào thi đua 2023"]  # the seed's subject fits one line


def test_a_typed_line_break_is_kept_and_a_typed_line_too_long_is_broken_again():
    assert cell_lines("HỘI CHỮ THẬP ĐỎ\nTỈNH LÀO CAI", PORTRAIT_CELL, 12, bold=True) == [
        "HỘI CHỮ THẬP ĐỎ", "TỈNH LÀO CAI"]
    assert cell_lines("HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", PORTRAIT_CELL, 12, bold=True) == ["HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"]
    assert cell_lines("UBND TỈNH LÀO CAI\nỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", PORTRAIT_CELL, 12, bold=True) == [
        "UBND TỈNH LÀO CAI", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert one_line("HỘI CHỮ THẬP ĐỎ\nTỈNH LÀO CAI") == "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"


def test_generic_syllables_inside_a_word_start_no_name():
    # "XÃ HỘI" is not a commune, "MÔI TRƯỜNG" not a school: the name is cut before VÀ, not there
    assert cell_lines("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH THÁI NGUYÊN", LANDSCAPE_CELL, 12, bold=True) == [
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "TỈNH THÁI NGUYÊN"]
    assert cell_lines("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", PORTRAIT_CELL, 12, bold=True) == ["BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"]
    # running text: "các xã" is no name; "xã Tân Cương" is
    lines = break_lines("V/v hỗ trợ các xã, phường bị ảnh hưởng bởi bão số 3 tại xã Tân Cương", 150, 12)
    assert any(line.endswith("xã Tân Cương") for line in lines)


# --- The campaign model and the form ------------------------------------------------------------

def _yaml_with(parent: str, name: str, subject: str) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("  parent: TW Hội Chữ thập đỏ Việt Nam\n  name: Hội Chữ thập đỏ tỉnh Lào Cai\n",
                        f"  parent: {parent}\n  name: {name}\n", 1)
    return text.replace("  subject: phát động phong trào thi đua [[ nam ]]\n", f"  subject: {subject}\n", 1)


TYPED = _yaml_with("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "|\n    Hội Chữ thập đỏ\n    tỉnh  Lào Cai",
                   '"phát động phong trào\\nthi đua [[ nam ]]"')


def test_a_literal_block_or_a_quoted_newline_keeps_the_break_and_other_text_still_folds():
    campaign = parse_campaign(TYPED)
    assert campaign.issuer.name == "Hội Chữ thập đỏ\ntỉnh Lào Cai"
    assert campaign.dispatch.subject == "phát động phong trào\nthi đua [[ nam ]]"
    assert campaign.issuer.parent == "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"
    data = campaign.model_dump()
    data["issuer"]["place"] = "Lào\nCai"
    assert Campaign.model_validate(data).issuer.place == "Lào Cai"  # one-paragraph text folds as before
    data["issuer"]["name"] = "Hội\x07"
    with pytest.raises(ValueError, match="ký tự điều khiển"):
        Campaign.model_validate(data)


def test_the_form_shows_the_names_and_subject_in_text_areas_and_keeps_a_typed_break(client, sample_campaign):
    from app.web.formdata import to_payload

    html = client.get("/campaigns/lao-cai-2023/edit").get_data(as_text=True)
    for name in ("issuer-parent", "issuer-name", "dispatch-subject"):
        assert re.search(rf'<textarea id="f-{name}" name="{name}"', html), name
    payload, problems = to_payload({"issuer": {"name": "Hội Chữ thập đỏ\r\ntỉnh Lào Cai  "}})
    assert not problems and payload["issuer"]["name"] == "Hội Chữ thập đỏ\r\ntỉnh Lào Cai"
    data = sample_campaign.model_dump()
    data["issuer"]["name"] = payload["issuer"]["name"]
    assert Campaign.model_validate(data).issuer.name == "Hội Chữ thập đỏ\ntỉnh Lào Cai"


# --- Every document kind ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """Every document of a campaign whose issuing body has a typed break, whose parent is long and
    whose subject has a typed break: the dispatch, a checklist, the scoreboard, the award documents."""
    folder = tmp_path_factory.mktemp("typed")
    campaigns = folder / "campaigns"
    shutil.copytree(ROOT / "campaigns" / "lao-cai-2023", campaigns / "lao-cai-2023")
    path = campaigns / "lao-cai-2023.yaml"
    path.write_text(TYPED, encoding="utf-8")
    campaign = load_campaign(path)
    out = folder / "out"
    docs = render_dispatch(campaign, out, "c")
    docs += render_checklists(campaign, "c", out, units=[campaign.units[0].name], formats=("docx", "xlsx"), workers=1).paths
    board, _results, _version = load_scoreboard(path, campaign)
    docs += list(render_scoreboard(build_scoreboard(campaign, board), out, "c"))
    docs += render_nominations(path, "c", out)
    return {f"{p.parent.name}/{p.name}": p for p in docs if p.suffix == ".docx"}


def _header_cell(path: Path) -> list[str]:
    """The texts of the paragraphs of the header's left cell (ô 2), line breaks as "\\n"."""
    table = Document(str(path)).tables[0]
    return [p.text for p in table.rows[0].cells[0].paragraphs if p.text]


def test_every_document_kind_prints_the_names_on_their_lines_and_passes_the_lint(documents):
    kinds = {"c/cong-van-", "checklists/", "c/bang-diem", "/to-trinh-", "/quyet-dinh-", "/danh-sach-", "/bao-cao-"}
    assert {k for k in kinds for n in documents if k in n} == kinds, sorted(documents)
    for name, path in documents.items():
        assert [str(f) for f in nd30.check_docx(path)] == [], name
        doc = Document(str(path))
        landscape = doc.sections[0].page_width > doc.sections[0].page_height
        cell = _header_cell(path)
        if "/bao-cao-" in name:  # headed by the nominee's unit under its parent: the issuer here
            assert "HỘI CHỮ THẬP ĐỎ\nTỈNH LÀO CAI" in cell[:2], (name, cell)
            continue
        parent = "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU" if landscape else "ỦY BAN NHÂN DÂN\nTỈNH BÀ RỊA - VŨNG TÀU"
        assert cell[:2] == [parent, "HỘI CHỮ THẬP ĐỎ\nTỈNH LÀO CAI"], name


def test_names_and_the_subject_in_running_text_are_on_one_line(documents):
    typed = re.compile(r"(?i)chữ thập đỏ\ntỉnh|phong trào\nthi đua")
    for name, path in documents.items():
        doc = Document(str(path))
        header = doc.tables[0]._tbl
        assert not [p.text for p, _ in nd30.iter_paragraphs(doc) if typed.search(p.text)
                    and not any(a is header for a in p._p.iterancestors())], name
    text = " ".join(p.text for p, _ in nd30.iter_paragraphs(Document(str(documents["khen-thuong/quyet-dinh-120.docx"]))))
    assert "CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI" in text
    assert "về việc phát động phong trào thi đua 2023" in text


def test_the_dispatch_subject_keeps_its_typed_break_and_the_rule_follows_the_longest_line(documents):
    doc = Document(str(documents["c/cong-van-21.docx"]))
    left = doc.tables[0].rows[1].cells[0].paragraphs
    assert [p.text for p in left if p.text][1] == "V/v phát động phong trào\nthi đua 2023"
    rule = next(p for p in doc.tables[0].rows[0].cells[0].paragraphs if p._p.pPr.find(qn("w:pBdr")) is not None)
    indent = rule.paragraph_format.left_indent.twips
    assert indent == rule_indent(["HỘI CHỮ THẬP ĐỎ", "TỈNH LÀO CAI"], PORTRAIT_CELL, Size.BODY_NAME)
    assert indent == rule_indent("HỘI CHỮ THẬP ĐỎ\nTỈNH LÀO CAI", PORTRAIT_CELL, Size.BODY_NAME)
    longest = text_width_pt("HỘI CHỮ THẬP ĐỎ", Size.BODY_NAME, bold=True) * 20
    assert 1 / 3 <= (PORTRAIT_CELL - 2 * CELL_MARGIN - 2 * indent) / longest <= 1 / 2


def test_the_preview_prints_the_header_on_the_same_lines(client, campaigns_dir):
    (campaigns_dir / "lao-cai-2023.yaml").write_text(TYPED, encoding="utf-8")
    html = client.get("/campaigns/lao-cai-2023").get_data(as_text=True)
    assert "ỦY BAN NHÂN DÂN<br>TỈNH BÀ RỊA - VŨNG TÀU" in html
    assert "HỘI CHỮ THẬP ĐỎ<br>TỈNH LÀO CAI" in html and "V/v phát động phong trào<br>thi đua 2023" in html


# --- Real names through LibreOffice -------------------------------------------------------------

def _left_column(pdf: Path, right_edge: float, stop: tuple[str, ...]) -> list[str]:
    """The lines of page 1 left of ``right_edge`` (points) above the first line starting with ``stop``,
    from ``pdftotext -bbox-layout``."""
    xml = subprocess.run([tool("pdftotext"), "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    lines = []
    for line in ET.fromstring(xml).iter(f"{ns}line"):  # noqa: S314 - pdftotext's output of our own PDF
        words = " ".join(w.text or "" for w in line.iter(f"{ns}word"))
        lines.append((float(line.get("yMin")), float(line.get("xMax")), words))
    lines.sort()
    bottom = next(y for y, _x, text in lines if text.startswith(stop))
    return [text for y, x, text in lines if y < bottom and x <= right_edge]


@pytest.mark.libreoffice
def test_real_names_set_by_libreoffice_break_where_the_view_says(sample_campaign, tmp_path):
    """24 headers of real bodies (and a landscape form for every fourth) in one LibreOffice batch:
    the PDF's left column reads exactly the view's lines, no name that fits a line is split, and
    no subject leaves one word alone on its last line."""
    from app.pdf import convert_to_pdf

    tool("pdftotext")
    expected: dict[Path, tuple[list[str], list[str], list[str]]] = {}  # parent, body, the rest
    for i, (parent, body) in enumerate(BODIES):
        campaign = sample_campaign.model_copy(deep=True)
        campaign.issuer.parent, campaign.issuer.name = parent, body
        campaign.dispatch.subject = SUBJECTS[i % len(SUBJECTS)]
        view = build_dispatch(campaign)
        (docx,) = render_dispatch(campaign, tmp_path / "dispatch", f"d{i:02d}")
        expected[docx] = (view.header.parent_lines, view.header.issuing_lines, [view.number_symbol, *view.subject_lines])
        if i % 4 == 1:  # the landscape forms' wider cell
            checklist = build_checklist(campaign, campaign.units[0])
            target = render_docx(CHECKLIST_TEMPLATE, checklist, tmp_path / "checklist" / f"c{i:02d}.docx")
            expected[target] = (checklist.header.parent_lines, checklist.header.issuing_lines, [])
    pdfs = dict(zip(expected, convert_to_pdf(list(expected)), strict=True))
    # The left cell's right edge on the page, in points, with a little slack.
    portrait_edge = PORTRAIT.left_mm / 25.4 * 72 + (DISPATCH_HEADER.indent + PORTRAIT_CELL) / 20 + 2
    text_width = (LANDSCAPE.width_mm - LANDSCAPE.left_mm - LANDSCAPE.right_mm) / 25.4 * 72  # the table is centred on it
    landscape_edge = LANDSCAPE.left_mm / 25.4 * 72 + (text_width - CHECKLIST_HEADER.width / 20) / 2 + LANDSCAPE_CELL / 20 + 2
    for docx, (parent, body, rest) in expected.items():
        dispatch = bool(rest)
        printed = _left_column(pdfs[docx], portrait_edge if dispatch else landscape_edge,
                               ("Kính gửi",) if dispatch else ("BẢNG THEO DÕI",))
        assert printed == parent + body + rest, (docx.name, printed)
        cell = PORTRAIT_CELL if dispatch else LANDSCAPE_CELL
        check_lines(" ".join(parent), printed[:len(parent)], cell, Size.BODY_NAME, False)
        check_lines(" ".join(body), printed[len(parent):len(parent) + len(body)], cell, Size.BODY_NAME, True)
        if dispatch:
            subject = printed[len(parent) + len(body) + 1:]
            check_lines(" ".join(subject), subject, cell, Size.SUBJECT, False, subject=True)
    assert len(BODIES) >= 20 and len(NAMES) >= 30 and len(expected) == len(BODIES) + 6


def test_the_workbooks_write_each_name_on_its_one_row(documents):
    from openpyxl import load_workbook

    books = sorted({x for path in documents.values() for x in path.parent.glob("*.xlsx")})
    assert len(books) == 2  # a checklist, the scoreboard
    for xlsx in books:
        sheet = load_workbook(xlsx).worksheets[0]
        assert (sheet["A1"].value, sheet["A2"].value) == (
            "ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"), xlsx.name
