"""Decree 30/2020/NĐ-CP layout constants: the one place every measure and fixed label lives.

The template builders (``templates_docx/``), the DOCX renderer, the XLSX writer, the lint
(``vanthu check``) and the tests all read these names, so a rule is changed here once. Row ids
(P1, H4, S3 …) are those of ``docs/nd30.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FONT", "FONT_SPEC", "NATIONAL_NAME", "MOTTO", "Size", "Page", "PORTRAIT", "LANDSCAPE",
    "Columns", "DISPATCH_HEADER", "DISPATCH_HEADER_LEFT_MM", "CHECKLIST_HEADER", "CHECKLIST_SIGNATURE", "CELL_MARGIN",
    "FIRST_LINE_INDENT", "BODY_RULE_RATIO", "TWIPS_PER_MM", "Label", "CHECKLIST_COLUMNS",
    "ChecklistColumn", "DocType", "SUBMISSION", "DECISION", "ACHIEVEMENT_REPORT", "NAMED_TYPES", "TableColumn",
    "AWARD_LIST_COLUMNS", "RESULT_COLUMNS", "PAST_AWARD_COLUMNS", "REPORT_SIGNATURE", "SCOREBOARD_COLUMNS",
    "SCOREBOARD_TARGETS", "TYPE_ABBREVIATIONS", "MIXED_CASE_SYMBOLS",
]

# P3: Times New Roman everywhere, body and tables.
FONT = "Times New Roman"
# docxtpl's RichText writes w:ascii, w:hAnsi and w:cs from a font name, and the prefixed slot
# (w:eastAsia) from this spec: all four slots then name Times New Roman.
FONT_SPEC = f"eastAsia:{FONT}"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # H1
MOTTO = "Độc lập - Tự do - Hạnh phúc"                # H2

TWIPS_PER_MM = 56.6929  # 1440 twips per inch / 25.4


class Size:
    """Font sizes in points: the defaults the decree's own sample uses (within each row's range)."""

    NATIONAL_NAME = 12      # H1: 12–13
    MOTTO = 13              # H2: 13–14
    BODY_NAME = 12          # H3, H4: 12–13
    NUMBER = 13             # H5: 13
    PLACE_DATE = 13         # H6: 13–14
    SUBJECT = 12            # H7: 12–13
    TITLE = 14              # H8: type name and subject, 13–14
    TEXT = 14               # B3: 13–14
    SIGNATURE = 14          # S1, S2: 13–14
    DISTRIBUTION_LABEL = 12  # S3: "Nơi nhận:" 12
    DISTRIBUTION_ITEM = 11  # S3: items 11
    PAGE_NUMBER = 14        # P4: 13–14
    # A form's table and its notes (checklist): 13 keeps twelve targets on two landscape pages.
    FORM_TEXT = 13
    FORM_HEADER = 12
    REPORT_TABLE = 12       # an achievement report's tables: the targets' whole texts in a column


@dataclass(frozen=True)
class Page:
    """P1, P2: paper in millimetres, portrait or landscape, margins inside the decree's ranges."""

    width_mm: int
    height_mm: int
    top_mm: int = 20
    bottom_mm: int = 20
    left_mm: int = 30
    right_mm: int = 15
    header_mm: int = 10  # distance of the page number (P4) from the paper's edge


PORTRAIT = Page(210, 297)
LANDSCAPE = Page(297, 210)  # P1: only for a wide table (the checklist)


@dataclass(frozen=True)
class Columns:
    """A borderless two-column table (header ô 1–5, or signature ô 7–9), widths in twips."""

    left: int
    right: int
    indent: int = 0  # twips; negative pulls the table into the left margin

    @property
    def width(self) -> int:
        return self.left + self.right


# The header and signature tables of a portrait document: 7.5 cm + 9.5 cm, a little wider than
# the 16.5 cm text area so that the national name fits one line at 12 pt, centred on it.
DISPATCH_HEADER = Columns(4252, 5386, indent=-142)
# A dispatch may widen the header's left column within this range (mm, the table's width kept): an
# imported dispatch whose names or subject sit on one line of Word's wider cell (dispatch.header_left_mm).
# At 79 mm the right column keeps 9.1 cm, where the national name (8.83 cm at 12 pt bold) still fits.
DISPATCH_HEADER_LEFT_MM = (75, 79)
# A landscape form (252 mm of text): 100 mm for the issuing body, the rest for ô 1.
CHECKLIST_HEADER = Columns(5669, 8617)
CHECKLIST_SIGNATURE = Columns(7143, 7143)
# An achievement report's two signature boxes, side by side in halves as wide as the header.
REPORT_SIGNATURE = Columns(4819, 4819, indent=-142)
CELL_MARGIN = 45             # twips each side of a header/signature cell

FIRST_LINE_INDENT = 720      # twips: 1.27 cm (B3)
BODY_RULE_RATIO = 0.4        # H4: the line under the issuing body, 1/3 to 1/2 of its length


class Label:
    """Fixed words printed on documents (Vietnamese, as the decree and office practice write them)."""

    ADDRESSEE = "Kính gửi:"                     # B1
    DISTRIBUTION = "Nơi nhận:"                  # S3
    AS_ABOVE = "Như trên"                       # S3: a công văn's first recipient
    ARCHIVE = "Lưu"                             # S3: "- Lưu: VT, VP."
    SUBJECT_PREFIX = "V/v"                      # H7
    NUMBER_PREFIX = "Số:"                       # H5
    MAKER = "NGƯỜI LẬP BIỂU"
    UNIT_HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
    SIGN_NOTE = "(Ký, ghi rõ họ tên)"
    SIGN_AND_SEAL_NOTE = "(Ký, ghi rõ họ tên, đóng dấu)"
    BLANK_PLACE_DATE = "……………, ngày …… tháng …… năm {year}"
    MEASURE = "Đơn vị tính: {unit}"             # a quota's unit, under its target (XLSX)
    CONTINUED = "(tiếp theo chỉ tiêu {number})"  # a target's second quota row (XLSX)
    # Named documents (nd30 H8, B2, B6) and the award documents.
    BASIS = "Căn cứ"                            # B2: each legal ground starts so
    DECIDES = "QUYẾT ĐỊNH:"                     # B6, bold, centred, before the articles
    ARTICLE = "Điều {number}."                  # B6, bold, at the start of each article
    AS_ARTICLE = "Như Điều {number}"            # S3: a decision's first recipient
    SEAL_NOTE = "(Ký, đóng dấu)"
    CONFIRMS_ABOVE = "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"  # a collective's report, left box
    REPORTER = "NGƯỜI BÁO CÁO THÀNH TÍCH"       # a person's report, right box
    HEAD_CONFIRMS = "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN"  # a person's report, left box
    ANNEX_REFERENCE = "(Kèm theo {document} số {number} ngày {date} của {issuer})"
    LIST_ENCLOSED = "(Có danh sách và báo cáo thành tích kèm theo)"


@dataclass(frozen=True)
class ChecklistColumn:
    """One column of the checklist table: its heading, DOCX width (mm) and XLSX width (characters)."""

    label: str
    docx_mm: int
    xlsx_width: int


# STT · Chỉ tiêu · Chỉ tiêu giao · Kết quả thực hiện · Tỷ lệ (%) · Ghi chú; the DOCX widths add up
# to the landscape text width (252 mm). The target text gets most of it: a tall row that cannot
# split leaves a gap at the page end.
CHECKLIST_COLUMNS = (
    ChecklistColumn("STT", 12, 6),
    ChecklistColumn("Chỉ tiêu", 138, 72),
    ChecklistColumn("Chỉ tiêu giao", 30, 15),
    ChecklistColumn("Kết quả thực hiện", 28, 16),
    ChecklistColumn("Tỷ lệ (%)", 16, 11),
    ChecklistColumn("Ghi chú", 28, 24),
)


@dataclass(frozen=True)
class DocType:
    """A named document's type (nd30 H8): its name in capitals and its abbreviation (Phụ lục III)."""

    name: str
    abbreviation: str | None = None


SUBMISSION = DocType("TỜ TRÌNH", "TTr")
DECISION = DocType("QUYẾT ĐỊNH", "QĐ")
ACHIEVEMENT_REPORT = DocType("BÁO CÁO THÀNH TÍCH")  # the nominee's own report: not numbered
# The type names (Phụ lục III, capitals) the lint takes for an H8 title when a paragraph starts with one.
NAMED_TYPES = ("NGHỊ QUYẾT", "QUYẾT ĐỊNH", "CHỈ THỊ", "QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO",
               "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "KẾ HOẠCH", "PHƯƠNG ÁN", "ĐỀ ÁN", "DỰ ÁN", "BÁO CÁO",
               "BIÊN BẢN", "TỜ TRÌNH")
# Phụ lục III: the abbreviation a named document's symbol starts with (H5), and the official
# abbreviations written in mixed case (every other part of a symbol is in capitals).
TYPE_ABBREVIATIONS = {"NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
                      "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr",
                      "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC",
                      "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr"}
MIXED_CASE_SYMBOLS = ("TTr", "CTr", "QyĐ", "TrS")


@dataclass(frozen=True)
class TableColumn:
    """A column of a DOCX table: its heading and width in millimetres."""

    label: str
    mm: int


# The award list (landscape, 252 mm of text): STT · name · position and unit · award · summary.
AWARD_LIST_COLUMNS = (
    TableColumn("STT", 12),
    TableColumn("Tên tập thể, cá nhân", 60),
    TableColumn("Chức vụ, đơn vị", 56),
    TableColumn("Hình thức khen thưởng", 52),
    TableColumn("Tóm tắt thành tích", 72),
)
# An achievement report's tables (portrait, 165 mm of text). No heading may start with "Số":
# the lint takes such a paragraph for the document's number (H5).
RESULT_COLUMNS = (
    TableColumn("STT", 13),
    TableColumn("Chỉ tiêu", 80),
    TableColumn("Chỉ tiêu giao", 26),
    TableColumn("Kết quả", 25),
    TableColumn("Điểm", 21),
)
PAST_AWARD_COLUMNS = (
    TableColumn("Năm", 16),
    TableColumn("Hình thức khen thưởng", 62),
    TableColumn("Quyết định (số, ngày)", 45),
    TableColumn("Cơ quan ban hành", 42),
)
# The scoreboard (landscape, 252 mm of text): these columns stand before (number, unit) and after
# (base … award) one column per target, and the targets share the width they leave (twelve
# targets: about 8.7 mm each, enough for "11,79" at 9 pt).
SCOREBOARD_COLUMNS = {
    "number": TableColumn("STT", 8),
    "unit": TableColumn("Đơn vị", 32),
    "base": TableColumn("Điểm chỉ tiêu", 14),
    "bonus": TableColumn("Điểm thưởng", 12),
    "penalty": TableColumn("Điểm trừ", 12),
    "total": TableColumn("Tổng điểm", 14),
    "rank": TableColumn("Xếp thứ", 11),
    "award": TableColumn("Đề nghị khen thưởng", 44),
}
SCOREBOARD_TARGETS = "Điểm chấm các chỉ tiêu"  # the heading over the targets' columns


class Allowed:
    """The decree's ranges, as the lint (:mod:`app.nd30`) accepts them; every value chosen above
    lies inside its range (a test checks it)."""

    PAPER_MM = (210, 297)
    MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}  # P2
    PAGE_NUMBER = (13, 14)          # P4
    NATIONAL_NAME = (12, 13)        # H1
    BODY_NAME = (12, 13)            # H3, H4
    RULE_RATIO = (1 / 3, 1 / 2)     # H4, H8: the short line under the issuing body, under the subject
    MOTTO = (13, 14)                # H2
    NUMBER = (13, 13)               # H5
    PLACE_DATE = (13, 14)           # H6
    SUBJECT = (12, 13)              # H7
    ADDRESSEE = (13, 14)            # B1
    TEXT = (13, 14)                 # B3
    FIRST_LINE_INDENT_CM = (1.0, 1.27)  # B3
    SIGNATURE = (13, 14)            # S1, S2
    DISTRIBUTION_LABEL = (12, 12)   # S3
    DISTRIBUTION_ITEM = (11, 11)    # S3
    TITLE = (13, 14)                # H8
