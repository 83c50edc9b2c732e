"""Per-unit target checklists (bảng theo dõi thực hiện chỉ tiêu): DOCX, XLSX and PDF, in batch.

Each subordinate unit gets the targets that apply to its level, with its own quota where a
target is an apportioned number (see :mod:`app.quotas`), as a DOCX to print and an XLSX to fill
in and send back. ``render_checklists`` writes them for every unit:

* the DOCX template (``templates_docx/checklist.docx``) is loaded, patched and compiled once
  (:class:`FastDocxTemplate`); a unit then costs one Jinja render of the body XML plus one zip
  member, every other member of the package is copied as already-compressed bytes;
* units are spread over all CPU cores in chunks (small batches stay in-process, where starting
  workers would cost more than it saves);
* PDFs come from :func:`app.pdf.convert_to_pdf`: one LibreOffice run per 200 files, never one
  process per file.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichText
from jinja2.sandbox import SandboxedEnvironment

from app import vnformat
from app.campaign import Campaign, Unit
from app.docx_render import FONT_SPEC, rich_text
from app.fsutil import atomic_output, atomic_write_bytes
from app.pdf import convert_to_pdf
from app.quotas import MetricQuotas, campaign_quotas
from app.textmarkup import Run, parse_emphasis

__all__ = [
    "ChecklistError", "Quota", "ChecklistRow", "ChecklistBatch", "FORMATS", "TEMPLATE",
    "unit_slug", "unit_slugs", "select_units", "resolved_targets", "checklist_rows", "checklist_context",
    "FastDocxTemplate", "write_checklist_xlsx", "render_checklists", "checklists_dir",
    "zip_path", "TITLE", "write_zip",
]

TEMPLATE = Path(__file__).resolve().parent.parent / "templates_docx" / "checklist.docx"
FORMATS = ("docx", "xlsx", "pdf")
TITLE = "BẢNG THEO DÕI THỰC HIỆN CHỈ TIÊU THI ĐUA NĂM {year}"
FONT = "Times New Roman"
# docxtpl's RichText writes w:ascii, w:hAnsi, w:cs from the name and the prefixed slot too.
# Below this many units a process pool costs more to start than it saves.
PARALLEL_MIN_UNITS = 48

Progress = Callable[[int, int], None]


class ChecklistError(ValueError):
    """Bad request for checklists (unknown unit, unknown format); the message is Vietnamese."""


# --- naming ---------------------------------------------------------------------------------

def unit_slug(text: str) -> str:
    """ASCII file name for a unit: ``huyện Bát Xát`` → ``huyen-bat-xat`` (đ → d, no diacritics)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "don-vi"


def unit_slugs(units: Iterable[Unit]) -> dict[str, str]:
    """Unit name → unique slug of its short name (``-2``, ``-3`` … when two units collide)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for unit in units:
        base = slug = unit_slug(unit.short_name)
        n = 2
        while slug in used:
            slug = f"{base}-{n}"
            n += 1
        used.add(slug)
        out[unit.name] = slug
    return out


def select_units(campaign: Campaign, names: Sequence[str] | None) -> list[Unit]:
    """The units named (full name, short name or slug, any case); all units when ``names`` is empty."""
    if not names:
        return list(campaign.units)
    slugs = unit_slugs(campaign.units)
    index: dict[str, Unit] = {}
    for unit in campaign.units:
        for key in (unit.name, unit.short_name, slugs[unit.name]):
            index.setdefault(key.casefold(), unit)
    chosen: list[Unit] = []
    unknown: list[str] = []
    for name in names:
        unit = index.get(name.strip().casefold())
        if unit is None:
            unknown.append(name)
        elif unit not in chosen:
            chosen.append(unit)
    if unknown:
        known = ", ".join(u.short_name for u in campaign.units) or "(chiến dịch chưa có đơn vị nào)"
        raise ChecklistError(f"không có đơn vị {', '.join(repr(n) for n in unknown)} trong chiến dịch; "
                             f"các đơn vị: {known}")
    return chosen


def checklists_dir(out_dir: str | os.PathLike[str], name: str) -> Path:
    """``<out_dir>/<campaign>/checklists``."""
    return Path(out_dir) / name / "checklists"


def zip_path(out_dir: str | os.PathLike[str], name: str) -> Path:
    """``<out_dir>/<campaign>/checklists.zip``."""
    return Path(out_dir) / name / "checklists.zip"


# --- content --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quota:
    """What one unit must reach for one metric: its share of an apportioned province number, or a
    number the target sets for every unit of its level (e.g. a 30 million đồng project)."""

    metric_id: str | None
    value: int | float
    unit: str  # đơn vị tính, e.g. "đơn vị máu"

    @property
    def formatted(self) -> str:
        """``1.250`` (Vietnamese thousands separator)."""
        return vnformat.format_number(self.value)


@dataclass(frozen=True)
class ChecklistRow:
    """One line of a unit's checklist: its number, the resolved target text, the unit's quotas."""

    number: int
    text: str  # resolved ([[ nam ]] evaluated), emphasis markers kept
    quotas: tuple[Quota, ...] = ()

    @property
    def runs(self) -> list[Run]:
        """The text as bold/italic runs."""
        return parse_emphasis(self.text)


def resolved_targets(campaign: Campaign) -> list[str]:
    """Every target's text with its ``[[ … ]]`` values evaluated (the same for every unit)."""
    return [campaign.resolve(target.text) for target in campaign.targets]


def checklist_rows(campaign: Campaign, unit: Unit, quotas: dict[str, MetricQuotas] | None = None,
                   texts: list[str] | None = None) -> list[ChecklistRow]:
    """The targets that apply to ``unit`` (its level is in ``target.levels``), numbered from 1.

    ``quotas`` (:func:`app.quotas.campaign_quotas`) and ``texts`` (:func:`resolved_targets`) are
    the same for every unit: batch callers compute them once and pass them in (evaluating the
    texts compiles a sandboxed Jinja template each time); they are computed here when omitted.
    """
    if quotas is None:
        quotas = campaign_quotas(campaign)
    if texts is None:
        texts = resolved_targets(campaign)
    rows: list[ChecklistRow] = []
    for target, text in zip(campaign.targets, texts):
        if unit.level not in target.levels:
            continue
        unit_quotas = tuple(
            Quota(m.id, quotas[m.id].quotas[unit.name], m.unit) if m.apportion else Quota(m.id, m.value, m.unit)
            for m in target.metrics
            if (m.apportion and m.id in quotas and unit.name in quotas[m.id].quotas)
            or (not m.apportion and m.level == unit.level))
        rows.append(ChecklistRow(len(rows) + 1, text, unit_quotas))
    return rows


def _reference(campaign: Campaign) -> str:
    d = campaign.dispatch
    number = vnformat.format_number_symbol(d.number, campaign.symbol).removeprefix("Số: ")
    return f"(Kèm theo Công văn số {number} ngày {vnformat.format_short_date(d.date)} của {campaign.issuer.name})"


def _request(campaign: Campaign, unit: Unit) -> str:
    when = (f"trước {vnformat.format_long_date(campaign.report_deadline)}" if campaign.report_deadline
            else "theo thời hạn báo cáo quy định")
    return (f"Đề nghị {unit.name} theo dõi, cập nhật kết quả thực hiện từng chỉ tiêu và gửi bảng này "
            f"về {campaign.issuer.name} {when}./.")


def _quota_rich(quotas: tuple[Quota, ...]) -> RichText | str:
    if not quotas:
        return ""
    rich = RichText()
    for i, quota in enumerate(quotas):
        # "\n" becomes a line break (docxtpl's listing pass): number bold, its unit below.
        rich.add(("\n" if i else "") + quota.formatted, bold=True, size=26, font=FONT_SPEC)
        rich.add("\n" + quota.unit, size=22, font=FONT_SPEC)
    return rich


def checklist_context(campaign: Campaign, unit: Unit, rows: list[ChecklistRow]) -> dict[str, Any]:
    """The values the DOCX template uses (see templates_docx/build_checklist_template.py)."""
    return {
        "issuer_parent": (campaign.issuer.parent or "").upper(),
        "issuer_name": campaign.issuer.name.upper(),
        "unit_name": unit.name,
        "year": campaign.year,
        "reference": _reference(campaign),
        "rows": [{"number": row.number, "text": rich_text(row.runs, 13), "quota": _quota_rich(row.quotas)}
                 for row in rows],
        "request": _request(campaign, unit),
    }


# --- DOCX: a docxtpl template compiled once ---------------------------------------------------

_EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'
_LISTING_CHARS = re.compile(r"[\t\a\f\n]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # the pattern resolve_listing uses


class FastDocxTemplate:
    """A docxtpl template prepared once and rendered many times.

    ``DocxTemplate(path).render(ctx).save(out)`` reopens the package with python-docx, re-runs
    docxtpl's regex patching and compiles the Jinja template for every document. Here those
    steps run once: the body XML is patched (``DocxTemplate.patch_xml``) and compiled, every
    other zip member is kept as one pre-built zip of compressed bytes; a render is the Jinja
    render of the body, docxtpl's post-processing of it (``{_{`` escapes, line breaks), and
    one new zip member appended to a copy of those bytes.

    Limits (checked, not assumed): no images to replace, no ``{%tc %}`` column loops (docxtpl's
    ``fix_tables`` is not run), templated headers and footers are rendered the same way.
    """

    DOCUMENT = "word/document.xml"

    def __init__(self, path: str | os.PathLike[str] = TEMPLATE):
        self.path = Path(path)
        self._docxtpl = DocxTemplate(str(self.path))
        self._docxtpl.init_docx()
        # Sandboxed like every other template evaluation in vanthu; autoescape because campaign
        # text is data (RichText values carry __html__ and go in as XML).
        self.env = SandboxedEnvironment(autoescape=True)
        body = self._docxtpl.patch_xml(self._docxtpl.get_xml())
        # The body serialised alone repeats the root's namespace declarations: drop them,
        # the root element in the package already declares every one.
        body = re.sub(r"^<w:body[^>]*>", "<w:body>", body)
        if "{%tc" in body or "{%c" in body:
            raise ValueError(f"{self.path}: FastDocxTemplate does not support column loops")
        self._body = self.env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body))
        with zipfile.ZipFile(self.path) as package:
            raw = package.read(self.DOCUMENT).decode("utf-8")
            start, end = raw.index("<w:body>"), raw.index("</w:body>") + len("</w:body>")
            self._prefix, self._suffix = raw[:start], raw[end:]
            self._parts: dict[str, Any] = {}
            static = io.BytesIO()
            with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as out:
                for info in package.infolist():
                    if info.filename == self.DOCUMENT:
                        continue
                    data = package.read(info.filename)
                    if info.filename.endswith(".xml") and (b"{{" in data or b"{%" in data):
                        xml = self._docxtpl.patch_xml(data.decode("utf-8"))
                        self._parts[info.filename] = self.env.from_string(
                            re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))
                        continue
                    out.writestr(info, data)
        self._static = static.getvalue()

    def _finish(self, xml: str) -> str:
        """docxtpl's steps after the Jinja render (render_xml_part): undo the markers, listings."""
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # docxtpl leaves an empty run without properties after each {{r …}}: it shows nothing
        # but would be the one run in the file without Times New Roman.
        xml = xml.replace(_EMPTY_RUN, "")
        # resolve_listing (tabs, line breaks, page breaks typed in values) runs a few regexes per
        # run of every paragraph; only the paragraphs holding such a character need it.
        if not _LISTING_CHARS.search(xml):
            return xml
        return _PARAGRAPH.sub(
            lambda m: self._docxtpl.resolve_listing(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0),
            xml)

    def render_bytes(self, context: dict[str, Any]) -> bytes:
        """The finished DOCX for ``context``, as bytes."""
        body = self._finish(self._body.render(context))
        buffer = io.BytesIO(self._static)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
            for name, template in self._parts.items():
                package.writestr(name, self._finish(template.render(context)).encode("utf-8"))
            package.writestr(self.DOCUMENT, (self._prefix + body + self._suffix).encode("utf-8"))
        return buffer.getvalue()

    def render_to(self, context: dict[str, Any], target: str | os.PathLike[str]) -> Path:
        """Render and write ``target`` atomically."""
        return atomic_write_bytes(target, self.render_bytes(context))


# --- XLSX -----------------------------------------------------------------------------------

_XLSX_COLUMNS = [("STT", 6), ("Chỉ tiêu", 72), ("Chỉ tiêu giao", 15), ("Kết quả thực hiện", 16),
                 ("Tỷ lệ (%)", 11), ("Ghi chú", 24)]
XLSX_HEADER_ROW = 8


def write_checklist_xlsx(campaign: Campaign, unit: Unit, rows: list[ChecklistRow],
                         target: str | os.PathLike[str]) -> Path:
    """Write the unit's checklist as a protected workbook the unit fills in and sends back.

    Everything is locked except the input cells (Kết quả thực hiện, Ghi chú); the rate is a
    formula; Times New Roman throughout; A4 landscape with the header row repeated on every
    printed page and page numbers from page 2.
    """
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Border, Font, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    def font(size: int = 13, bold: bool = False, italic: bool = False) -> Font:
        return Font(name=FONT, size=size, bold=bold, italic=italic)

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = get_column_letter(len(_XLSX_COLUMNS))
    for i, (_, width) in enumerate(_XLSX_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    def merged(row: int, first: str, last_col: str, value: str, f: Font, height: float | None = None) -> None:
        ws.merge_cells(f"{first}{row}:{last_col}{row}")
        cell = ws[f"{first}{row}"]
        cell.value, cell.font, cell.alignment = value, f, center
        if height:
            ws.row_dimensions[row].height = height

    merged(1, "A", "B", (campaign.issuer.parent or "").upper(), font(12))
    merged(1, "C", last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font(12, bold=True))
    merged(2, "A", "B", campaign.issuer.name.upper(), font(12, bold=True))
    merged(2, "C", last, "Độc lập - Tự do - Hạnh phúc", font(13, bold=True))
    merged(4, "A", last, TITLE.format(year=campaign.year), font(14, bold=True), 22)
    merged(5, "A", last, f"Đơn vị: {unit.name}", font(14, bold=True), 20)
    merged(6, "A", last, _reference(campaign), font(13, italic=True), 20)

    header = XLSX_HEADER_ROW
    for i, (label, _) in enumerate(_XLSX_COLUMNS, start=1):
        cell = ws.cell(header, i, label)
        cell.font, cell.alignment, cell.border = font(12, bold=True), center, box
    ws.row_dimensions[header].height = 33

    unlocked = Protection(locked=False)
    r = header
    for row in rows:
        quota_lines = row.quotas or (None,)
        for k, quota in enumerate(quota_lines):
            r += 1
            runs = row.runs if k == 0 else [Run(f"(tiếp theo chỉ tiêu {row.number})", italic=True)]
            rich = CellRichText([TextBlock(InlineFont(rFont=FONT, sz=13, b=run.bold or None, i=run.italic or None),
                                           run.text) for run in runs])
            if quota is not None:
                rich.append(TextBlock(InlineFont(rFont=FONT, sz=12, i=True), f"\nĐơn vị tính: {quota.unit}"))
            values: list[Any] = [row.number if k == 0 else None, rich,
                                 quota.value if quota else None, None,
                                 f'=IF(AND(N(C{r})>0,ISNUMBER(D{r})),D{r}/C{r},"")', None]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c, value)
                cell.font, cell.border = font(13, bold=(c == 3)), box
                cell.alignment = Alignment(horizontal="justify" if c == 2 else "center",
                                           vertical="top" if c == 2 else "center", wrap_text=True)
            ws.cell(r, 3).number_format = "#,##0"
            ws.cell(r, 4).number_format = "#,##0"
            ws.cell(r, 5).number_format = "0.0%"
            for c in (4, 6):
                ws.cell(r, c).protection = unlocked
            # openpyxl cannot measure text: estimate the wrapped height so print and screen
            # show every line (about 1.15 characters per width unit at 13 pt).
            chars = sum(len(run.text) for run in runs) + (len(quota.unit) + 14 if quota else 0)
            line_count = max(1, math.ceil(chars / (_XLSX_COLUMNS[1][1] * 1.05))) + (1 if quota else 0)
            ws.row_dimensions[r].height = max(20, 17.5 * line_count + 4)

    r += 2
    merged(r, "A", last, _request(campaign, unit), font(13), 36)
    ws[f"A{r}"].alignment = Alignment(horizontal="justify", vertical="top", wrap_text=True)
    r += 2
    ws.merge_cells(f"D{r}:{last}{r}")
    ws[f"D{r}"].value = f"……………, ngày …… tháng …… năm {campaign.year}"
    ws[f"D{r}"].font, ws[f"D{r}"].alignment = font(13, italic=True), center
    r += 1
    for col, text, f in (("B", "NGƯỜI LẬP BIỂU", font(13, bold=True)), ("D", "THỦ TRƯỞNG ĐƠN VỊ", font(13, bold=True))):
        if col == "D":
            ws.merge_cells(f"D{r}:{last}{r}")
        ws[f"{col}{r}"].value, ws[f"{col}{r}"].font, ws[f"{col}{r}"].alignment = text, f, center
    r += 1
    for col, text in (("B", "(Ký, ghi rõ họ tên)"), ("D", "(Ký, ghi rõ họ tên, đóng dấu)")):
        if col == "D":
            ws.merge_cells(f"D{r}:{last}{r}")
        ws[f"{col}{r}"].value, ws[f"{col}{r}"].font, ws[f"{col}{r}"].alignment = text, font(13, italic=True), center

    # Protection: locked header and texts; a unit types only results and remarks.
    ws.protection.sheet = True
    ws.protection.formatRows = False  # may still resize rows
    ws.protection.formatColumns = False

    # Print: A4 landscape, one page wide, header row on every page, Decree 30 margins.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    mm = 1 / 25.4
    ws.page_margins.left, ws.page_margins.right = 30 * mm, 15 * mm
    ws.page_margins.top, ws.page_margins.bottom = 22 * mm, 20 * mm
    ws.page_margins.header = 10 * mm
    ws.print_title_rows = f"{header}:{header}"
    ws.print_options.horizontalCentered = True
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.oddHeader.center.size = 14
    ws.freeze_panes = f"A{header + 1}"

    with atomic_output(target) as tmp:
        wb.save(tmp)
    return Path(target)


# --- batch ----------------------------------------------------------------------------------

@dataclass
class ChecklistBatch:
    """What a batch wrote: the folder, each unit's files, the ZIP, and the quotas used."""

    directory: Path
    files: dict[str, list[Path]] = field(default_factory=dict)  # unit name → paths
    zip_path: Path | None = None
    quotas: dict[str, MetricQuotas] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        """Every file written, unit by unit."""
        return [p for paths in self.files.values() for p in paths]


class _Worker:
    """Per-process state: the campaign, its quotas, the compiled template (built once)."""

    def __init__(self, campaign: Campaign, template: Path, directory: Path, formats: tuple[str, ...],
                 docx_dir: Path):
        self.campaign = campaign
        self.quotas = campaign_quotas(campaign)
        self.texts = resolved_targets(campaign)
        self.slugs = unit_slugs(campaign.units)
        self.units = {u.name: u for u in campaign.units}
        self.directory, self.formats, self.docx_dir = directory, formats, docx_dir
        self.docx = FastDocxTemplate(template) if ("docx" in formats or "pdf" in formats) else None

    def render(self, name: str) -> list[Path]:
        unit = self.units[name]
        rows = checklist_rows(self.campaign, unit, self.quotas, self.texts)
        slug = self.slugs[name]
        written: list[Path] = []
        if self.docx is not None:
            written.append(self.docx.render_to(checklist_context(self.campaign, unit, rows),
                                               self.docx_dir / f"{slug}.docx"))
        if "xlsx" in self.formats:
            written.append(write_checklist_xlsx(self.campaign, unit, rows, self.directory / f"{slug}.xlsx"))
        return written


_worker: _Worker | None = None


def _init_worker(campaign_data: dict[str, Any], *args: Any) -> None:
    global _worker
    _worker = _Worker(Campaign.model_validate(campaign_data), *args)


def _render_chunk(names: list[str]) -> list[tuple[str, list[str]]]:
    assert _worker is not None
    return [(name, [str(p) for p in _worker.render(name)]) for name in names]


def _parse_formats(formats: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ChecklistError(f"định dạng không hỗ trợ: {', '.join(unknown) or '(trống)'}; "
                             f"chọn trong: {', '.join(FORMATS)}")
    return chosen


def render_checklists(campaign: Campaign, name: str, out_dir: str | os.PathLike[str] = "outputs", *,
                      units: Sequence[str] | None = None, formats: Iterable[str] | str = ("docx", "xlsx"),
                      make_zip: bool = False, progress: Progress | None = None, workers: int | None = None,
                      template: str | os.PathLike[str] = TEMPLATE) -> ChecklistBatch:
    """Write the checklists of ``units`` (all by default) to ``<out_dir>/<name>/checklists/``.

    ``formats`` is any of docx, xlsx, pdf; ``make_zip`` also writes ``<out_dir>/<name>/checklists.zip``
    with this batch's files. ``progress(done, total)`` is called as files are finished.
    ``workers`` caps the processes (default: every CPU; 1 = in this process). Raises
    :class:`ChecklistError` for an unknown unit or format and :class:`app.quotas.QuotaError`
    for quotas that cannot be computed — before anything is written.
    """
    chosen = select_units(campaign, units)
    fmt = _parse_formats(formats)
    quotas = campaign_quotas(campaign)  # fail early, before any file is written
    directory = checklists_dir(out_dir, name)
    directory.mkdir(parents=True, exist_ok=True)
    batch = ChecklistBatch(directory, quotas=quotas)
    per_unit = sum(1 for f in fmt if f in ("docx", "xlsx", "pdf"))
    total = len(chosen) * per_unit
    done = 0
    if progress:
        progress(0, total)

    # Without docx in the output, the DOCX needed for PDF goes to a scratch folder.
    scratch = tempfile.mkdtemp(prefix=".docx-", dir=directory) if ("pdf" in fmt and "docx" not in fmt) else None
    docx_dir = Path(scratch) if scratch else directory
    try:
        names = [u.name for u in chosen]
        cpu = os.cpu_count() or 1
        workers = max(1, min(workers or cpu, cpu, len(names)))
        rendered: dict[str, list[Path]] = {}
        step = sum(1 for f in fmt if f in ("docx", "xlsx"))
        if workers == 1 or len(names) < PARALLEL_MIN_UNITS:
            state = _Worker(campaign, Path(template), directory, fmt, docx_dir)
            for unit_name in names:
                rendered[unit_name] = state.render(unit_name)
                done += step
                if progress:
                    progress(done, total)
        else:
            # About eight chunks per worker: balances load and keeps per-task overhead small.
            size = max(1, min(64, math.ceil(len(names) / (workers * 8))))
            chunks = [names[i:i + size] for i in range(0, len(names), size)]
            # fork is cheap (the workers inherit the loaded modules) but forking a process that
            # runs other threads (the web server) can deadlock on a lock one of them held: there,
            # spawn fresh interpreters instead.
            method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
            with ProcessPoolExecutor(workers, mp_context=get_context(method), initializer=_init_worker,
                                     initargs=(campaign.model_dump(mode="python"), Path(template), directory,
                                               fmt, docx_dir)) as pool:
                futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
                for future in as_completed(futures):
                    for unit_name, paths in future.result():
                        rendered[unit_name] = [Path(p) for p in paths]
                        done += step
                    if progress:
                        progress(done, total)
        for unit_name in names:
            paths = rendered[unit_name]
            batch.files[unit_name] = [p for p in paths if p.suffix != ".docx" or "docx" in fmt]
        if "pdf" in fmt:
            docx_paths = [p for n in names for p in rendered[n] if p.suffix == ".docx"]
            pdfs = convert_to_pdf(docx_paths, directory)
            for unit_name, pdf in zip(names, pdfs):
                batch.files[unit_name].append(pdf)
            done = total
            if progress:
                progress(done, total)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if make_zip:
        batch.zip_path = write_zip(batch.paths, zip_path(out_dir, name))
    return batch


def write_zip(paths: Sequence[Path], target: Path) -> Path:
    """One ZIP of ``paths`` (flat names), written atomically.

    DOCX and XLSX are zips already, so they are stored; PDFs are deflated.
    """
    with atomic_output(target) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            for path in paths:
                method = zipfile.ZIP_STORED if path.suffix in (".docx", ".xlsx") else zipfile.ZIP_DEFLATED
                archive.write(path, path.name, compress_type=method)
    return target
