"""The công văn DOCX: seed fidelity, every Decree 30 row, hostile text."""

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from app.dispatch import build_dispatch, render_dispatch
from app.layout import CELL_MARGIN, DISPATCH_HEADER, MOTTO, NATIONAL_NAME
from app.loader import load_campaign
from app.nd30 import check_docx, effective, iter_paragraphs
from app.textmarkup import TextError
from helpers import docx_texts, squash

# Where the seed (a pasted copy) is wrong by Decree 30, the output is right.
SEED_CORRECTIONS = {
    "Số: 21/CTĐ - VP": "Số: 21/CTĐ-VP",
    "**KT.CHỦ TỊCH": "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH**": "PHÓ CHỦ TỊCH",
}


def _doc_text(path: Path) -> str:
    return squash(" ".join(docx_texts(path)))


@pytest.fixture(scope="module")
def rendered(sample_campaign, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    (docx,) = render_dispatch(sample_campaign, out, "lao-cai-2023")
    return docx


def test_output_path_is_campaign_and_number(rendered):
    assert rendered.parts[-2:] == ("lao-cai-2023", "cong-van-21.docx")


def test_every_seed_line_appears_in_order(rendered, seed_path):
    text = _doc_text(rendered)
    position = 0
    checked = 0
    for raw in seed_path.read_text(encoding="utf-8").splitlines():
        line = squash(SEED_CORRECTIONS.get(raw.strip(), raw))
        if not line:
            continue
        line = line.replace("*", "")  # emphasis markers of the paste; the DOCX has real italics
        found = text.find(line, position)
        assert found >= 0, f"seed line missing or out of order: {line!r}"
        position = found + len(line)
        checked += 1
    assert checked == 47  # every non-blank line of the seed


def test_decree_30_lint_is_clean(rendered):
    assert [str(f) for f in check_docx(rendered)] == []


def _paragraph(doc, text):
    for paragraph, _ in iter_paragraphs(doc):
        if paragraph.text.strip() == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def _look(doc, paragraph):
    styles = {effective(doc, paragraph, run) for run in paragraph.runs if run.text.strip()}
    assert len(styles) == 1, styles
    return styles.pop()


def test_page_is_a4_with_decree_margins(rendered):
    section = Document(str(rendered)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20


def test_header_block_sizes_and_styles(rendered):
    doc = Document(str(rendered))
    expected = {
        "TW HỘI CHỮ THẬP ĐỎ VIỆT NAM": (12, False, False),
        "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI": (12, True, False),
        NATIONAL_NAME: (12, True, False),
        MOTTO: (13, True, False),
        "Số: 21/CTĐ-VP": (13, False, False),
        "V/v phát động phong trào thi đua 2023": (12, False, False),
        "Lào Cai, ngày 10 tháng 02 năm 2023": (13, False, True),
        "KT. CHỦ TỊCH": (14, True, False),
        "PHÓ CHỦ TỊCH": (14, True, False),
        "Vàng Thị Mai Hương": (14, True, False),
        "Nơi nhận:": (12, True, True),
    }
    for text, (size, bold, italic) in expected.items():
        paragraph = _paragraph(doc, text)
        look = _look(doc, paragraph)
        assert (look.size, look.bold, look.italic, look.font) == (size, bold, italic, "Times New Roman"), text
        if text != "Nơi nhận:":
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER, text


def test_header_tables_are_fixed_borderless_two_columns(rendered):
    doc = Document(str(rendered))
    for table in (doc.tables[0], doc.tables[-1]):
        xml = table._tbl.xml
        assert 'w:tblLayout w:type="fixed"' in xml
        assert xml.count("<w:gridCol ") == 2
        assert 'w:val="nil"' in xml


def test_lines_under_motto_and_issuing_body_follow_the_text(rendered):
    from app.textwidth import text_width_pt

    doc = Document(str(rendered))
    cells = doc.tables[0].rows[0].cells
    columns = DISPATCH_HEADER
    cell_text_width = {0: columns.left - 2 * CELL_MARGIN, 1: columns.right - 2 * CELL_MARGIN}
    for column, text, size, low, high in ((0, "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", 12, 1 / 3, 1 / 2), (1, MOTTO, 13, 0.95, 1.05)):
        rules = [p for p in cells[column].paragraphs if p._p.pPr is not None and p._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None]
        assert len(rules) == 1
        indent = rules[0].paragraph_format.left_indent.twips
        assert rules[0].paragraph_format.right_indent.twips == indent
        rule_length = cell_text_width[column] - 2 * indent
        ratio = rule_length / (text_width_pt(text, size, bold=True) * 20)
        assert low <= ratio <= high, (text, ratio)


def test_body_is_justified_indented_and_spaced(rendered):
    doc = Document(str(rendered))
    heading = _paragraph(doc, "II. Chỉ tiêu cụ thể")
    assert _look(doc, heading).bold
    target = next(p for p, t in iter_paragraphs(doc) if p.text.startswith("7. Vận động hiến máu"))
    fmt = target.paragraph_format
    assert target.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent.cm - 1.27) < 0.01
    assert fmt.space_after >= Pt(6)
    assert not target._p.xpath(".//w:br")
    look = _look(doc, target)
    assert (look.size, look.bold, look.italic) == (14, False, False)


def test_inline_emphasis_becomes_italic_runs(rendered):
    doc = Document(str(rendered))
    target = next(p for p, t in iter_paragraphs(doc) if p.text.startswith("5. 100 %"))
    italic = [r.text for r in target.runs if r.italic]
    assert italic == ["Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo"]
    assert "*" not in target.text


def test_addressee_and_distribution_list(rendered):
    doc = Document(str(rendered))
    greeting = next(p for p, t in iter_paragraphs(doc) if p.text.startswith("Kính gửi:"))
    assert greeting.text == "Kính gửi:\tHội Chữ thập đỏ các huyện, thị xã, thành phố và đơn vị trực thuộc."
    cell = doc.tables[-1].rows[0].cells[0]
    items = [p.text for p in cell.paragraphs][1:]
    assert items == ["- Như trên;", "- TW Hội CTĐ VN;", "- Ban TĐKT tỉnh;", "- Hội CCB tỉnh;",
                     "- TT Hội CTĐ tỉnh;", "- Các phòng, ban chuyên môn cơ quan;", "- Lưu: VT, VP."]
    assert all(_look(doc, p).size == 11 for p in cell.paragraphs[1:])


def test_page_numbers_from_page_two(rendered):
    section = Document(str(rendered)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_several_addressees_each_on_its_own_line(sample_campaign, tmp_path):
    campaign = sample_campaign.model_copy(deep=True)
    campaign.dispatch.addressees = ["Hội Chữ thập đỏ các huyện", "Các ban chuyên môn;", "Văn phòng."]
    view = build_dispatch(campaign)
    assert view.addressees == ["- Hội Chữ thập đỏ các huyện;", "- Các ban chuyên môn;", "- Văn phòng."]
    (docx,) = render_dispatch(campaign, tmp_path, "multi")
    doc = Document(str(docx))
    lines = [p.text for p, _ in iter_paragraphs(doc) if p.text.startswith(("Kính gửi", "- Các ban", "- Văn phòng"))]
    assert lines == ["Kính gửi:\t- Hội Chữ thập đỏ các huyện;", "- Các ban chuyên môn;", "- Văn phòng."]
    assert check_docx(docx) == []


HOSTILE = [
    "Tôm & Cua <b>không</b> \"đậm\" 'nháy' </w:t></w:r><w:r><w:t>chèn",
    "{{ 7*7 }} {% for x in range(3) %}lặp{% endfor %} {{ config }}",
    "{%p if true %} {{r x }} {# comment #} ${HOME} %(name)s {0.__class__}",
]


def test_hostile_text_comes_out_literally(sample_campaign, tmp_path):
    campaign = sample_campaign.model_copy(deep=True)
    campaign.dispatch.parts[0].items = list(HOSTILE)  # the objectives, dashed
    campaign.dispatch.addressees = ["A & B <C>"]
    campaign.signer.name = "{{ 7*7 }} & <Tên>"
    (docx,) = render_dispatch(campaign, tmp_path, "hostile")
    text = _doc_text(docx)
    for line in HOSTILE:
        assert squash("- " + line) in text
    assert "A & B <C>." in text
    assert "{{ 7*7 }} & <Tên>" in text
    assert "49" not in text
    assert check_docx(docx) == []


def test_sandbox_escape_payload_fails_with_a_clear_error(sample_path, tmp_path):
    payload = "[[ cycler.__init__.__globals__.os.system('touch /tmp/vanthu-pwned') ]]"
    source = sample_path.read_text(encoding="utf-8").replace(
        "        - Thông qua phong trào thi đua", f"        - \"{payload}\"\n        - Thông qua phong trào thi đua", 1)
    path = tmp_path / "evil.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(Exception) as info:
        load_campaign(path)
    assert "dispatch.parts[0].items[3]" in str(info.value)
    assert not Path("/tmp/vanthu-pwned").exists()  # noqa: S108 - the file the payload above would create
    with pytest.raises(TextError, match="sandbox|không tồn tại"):
        load_campaign(sample_path).resolve("[[ ''.__class__.__mro__[1].__subclasses__() ]]")


def test_lint_catches_a_broken_document(rendered, tmp_path):
    doc = Document(str(rendered))
    doc.sections[0].left_margin = Mm(20)
    number = _paragraph(doc, "Số: 21/CTĐ-VP")
    number.runs[0].text = "Số: 21/CTĐ - VP"
    date = _paragraph(doc, "Lào Cai, ngày 10 tháng 02 năm 2023")
    date.runs[0].text = "Lào Cai, ngày 10 tháng 03 năm 2023"
    motto = _paragraph(doc, MOTTO)
    motto.runs[0].font.name = "Arial"
    first_item = _paragraph(doc, "- Như trên;")
    first_item.runs[0].text = "- Ban TĐKT tỉnh;"
    broken = tmp_path / "broken.docx"
    doc.save(str(broken))
    rules = {f.rule for f in check_docx(broken)}
    assert {"P2", "H5", "H6", "P3", "S3"} <= rules


def test_date_and_year_ranges_do_not_break_across_lines(rendered):
    doc = Document(str(rendered))
    target = next(p for p, t in iter_paragraphs(doc) if p.text.startswith("2. Cấp cơ sở"))
    assert "(14/11/1991-14/11/2023)" in target.text  # reads back with a plain hyphen
    assert len(target._p.xpath(".//w:noBreakHyphen")) == 5
    eleven = next(p for p, t in iter_paragraphs(doc) if p.text.startswith("11. "))
    assert eleven._p.xpath(".//w:noBreakHyphen") and "nhiệm kỳ 2021-2026" in eleven.text


def test_a_second_render_reuses_the_file_until_the_campaign_changes(sample_campaign, tmp_path):
    (first,) = render_dispatch(sample_campaign, tmp_path, "x")
    made = first.stat().st_mtime_ns
    (again,) = render_dispatch(sample_campaign, tmp_path, "x")
    assert again == first and again.stat().st_mtime_ns == made  # nothing was written
    data = sample_campaign.model_dump()
    data["dispatch"]["closing"] = "Đoạn kết đã sửa."
    (changed,) = render_dispatch(type(sample_campaign).model_validate(data), tmp_path, "x")
    assert changed.stat().st_mtime_ns != made
    assert "Đoạn kết đã sửa." in "\n".join(p.text for p in Document(str(changed)).paragraphs)
