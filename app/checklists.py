"""Per-unit checklists in batch: every unit's DOCX, XLSX and PDF, and the ZIP of them all.

Each unit's file comes from its view (:func:`app.checklist.build_checklist`), through the one
DOCX renderer (:mod:`app.docx_render`) and the XLSX writer (:mod:`app.xlsx_render`).
``render_checklists`` writes them for every unit:

* the template is compiled once per process and the texts and quotas are computed once per
  batch (:class:`app.checklist.ChecklistBuilder`);
* units are spread over all CPU cores in chunks (small batches stay in-process, where starting
  workers would cost more than it saves);
* PDFs come from :func:`app.pdf.convert_to_pdf`, never one LibreOffice process per file.
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock

from app import outputs
from app.campaign import Campaign, Unit
from app.checklist import ChecklistBuilder, unit_slugs
from app.docx_render import compiled
from app.fsutil import atomic_output
from app.messages import msg
from app.pdf import convert_to_pdf
from app.procguard import exit_with_parent
from app.quotas import MetricQuotas
from app.store import LOCKS
from app.xlsx_render import write_checklist_xlsx

__all__ = [
    "ChecklistError", "ChecklistBatch", "FORMATS", "TEMPLATE", "select_units", "render_checklists",
    "checklists_dir", "zip_path", "write_zip", "current_zip", "open_current_zip",
]

TEMPLATE = Path(__file__).resolve().parent.parent / "templates_docx" / "checklist.docx"
FORMATS = ("docx", "xlsx", "pdf")
# Below this many units a process pool costs more to start than it saves.
PARALLEL_MIN_UNITS = 48

Progress = Callable[[int, int], None]


class ChecklistError(ValueError):
    """Bad request for checklists (unknown unit, unknown format); the message is Vietnamese."""


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
        raise ChecklistError(msg("không có đơn vị {unknown} trong chiến dịch; "
                             "các đơn vị: {known}", unknown=', '.join(repr(n) for n in unknown), known=known))
    return chosen


def checklists_dir(out_dir: str | os.PathLike[str], name: str) -> Path:
    """``<out_dir>/<campaign>/checklists``."""
    return Path(out_dir) / name / "checklists"


def zip_path(out_dir: str | os.PathLike[str], name: str, formats: Iterable[str] = ()) -> Path:
    """``<out_dir>/<campaign>/checklists.zip``; ``checklists-pdf.zip`` for a batch of PDFs only (the
    web's two downloads), so that neither ZIP overwrites the other."""
    pdf_only = tuple(formats) == ("pdf",)
    return Path(out_dir) / name / ("checklists-pdf.zip" if pdf_only else "checklists.zip")


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
    """Per-process state: the views' shared parts and the compiled template (built once)."""

    def __init__(self, builder: ChecklistBuilder, template: Path, directory: Path, formats: tuple[str, ...],
                 docx_dir: Path):
        self.builder = builder
        self.slugs = unit_slugs(builder.campaign.units)
        self.units = {u.name: u for u in builder.campaign.units}
        self.directory, self.formats, self.docx_dir = directory, formats, docx_dir
        self.docx = compiled(template) if ("docx" in formats or "pdf" in formats) else None

    def render(self, name: str) -> list[Path]:
        view = self.builder.view(self.units[name])
        slug = self.slugs[name]
        written: list[Path] = []
        if self.docx is not None:
            written.append(self.docx.render_to({"v": view}, self.docx_dir / f"{slug}.docx"))
        if "xlsx" in self.formats:
            written.append(write_checklist_xlsx(view, self.directory / f"{slug}.xlsx"))
        return written


_worker: _Worker | None = None


def _init_worker(parent: int, *args: object) -> None:
    # Workers get the builder (the validated campaign, its quotas and texts) pickled, not a dump
    # of the campaign to validate and resolve again.
    global _worker
    # A server killed mid-batch leaves no worker waiting for it for ever. Its pid is passed, not
    # read here: it may already be gone when this worker starts.
    exit_with_parent(parent)
    _worker = _Worker(*args)  # type: ignore[arg-type]


def _render_chunk(names: list[str]) -> list[tuple[str, list[str]]]:
    if _worker is None:
        raise RuntimeError("_init_worker did not run in this process")
    return [(name, [str(p) for p in _worker.render(name)]) for name in names]


def _parse_formats(formats: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ChecklistError(msg("định dạng không hỗ trợ: {unknown}; "
                             "chọn trong: {FORMATS}", unknown=', '.join(unknown) or '(trống)', FORMATS=', '.join(FORMATS)))
    return chosen


def _one_batch_at_a_time(render: Callable[..., ChecklistBatch]) -> Callable[..., ChecklistBatch]:
    """Run ``render`` holding a file lock on ``<out_dir>/.locks/<campaign>.checklists.lock``: two
    batches of one campaign (two ``vanthu serve`` on one folder, the command line meanwhile)
    never write its checklists folder at once, so no ZIP mixes one batch's files with another's.
    The ``filelock`` library, as :func:`app.store.locked`."""
    @functools.wraps(render)
    def locked(campaign: Campaign, name: str, out_dir: str | os.PathLike[str] = "outputs", **options) -> ChecklistBatch:
        folder = Path(out_dir) / LOCKS
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(folder / f"{name}.checklists.lock"):
            return render(campaign, name, out_dir, **options)

    return locked


@_one_batch_at_a_time
def render_checklists(campaign: Campaign, name: str, out_dir: str | os.PathLike[str] = "outputs", *,
                      units: Sequence[str] | None = None, formats: Iterable[str] | str = ("docx", "xlsx"),
                      make_zip: bool = False, progress: Progress | None = None, workers: int | None = None,
                      template: str | os.PathLike[str] = TEMPLATE) -> ChecklistBatch:
    """Write the checklists of ``units`` (all by default) to ``<out_dir>/<name>/checklists/``.

    ``formats`` is any of docx, xlsx, pdf; ``make_zip`` also writes ``<out_dir>/<name>/checklists.zip``
    with this batch's files. ``progress(done, total)`` is called as files are finished.
    ``workers`` caps the processes (default: every CPU; 1 = in this process). The ZIP records
    the fingerprint of the data it was made from (:func:`open_current_zip`). Raises
    :class:`ChecklistError` for an unknown unit or format or a campaign without units and :class:`app.quotas.QuotaError`
    for quotas that cannot be computed — before anything is written.
    """
    chosen = select_units(campaign, units)
    if not chosen:  # an empty ZIP would look like a download that failed
        raise ChecklistError(msg("chiến dịch chưa có đơn vị nào: thêm đơn vị (trang Sửa, phần Đơn vị) "
                             "rồi tạo lại bảng theo dõi"))
    fmt = _parse_formats(formats)
    builder = ChecklistBuilder(campaign)  # quotas fail here, before any file is written
    directory = checklists_dir(out_dir, name)
    directory.mkdir(parents=True, exist_ok=True)
    batch = ChecklistBatch(directory, quotas=builder.quotas)
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
            state = _Worker(builder, Path(template), directory, fmt, docx_dir)
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
                                     initargs=(os.getpid(), builder, Path(template), directory, fmt,
                                               docx_dir)) as pool:
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
            for unit_name, pdf in zip(names, pdfs, strict=True):
                batch.files[unit_name].append(pdf)
            done = total
            if progress:
                progress(done, total)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    if make_zip:
        batch.zip_path = write_zip(batch.paths, zip_path(out_dir, name, fmt), _zip_key(campaign, template, fmt, chosen))
    return batch


def _zip_key(campaign: Campaign, template: str | os.PathLike[str], formats: tuple[str, ...],
             units: Sequence[Unit]) -> str:
    return outputs.fingerprint(campaign, template, ",".join(formats), "\n".join(u.name for u in units))


def open_current_zip(campaign: Campaign, name: str, out_dir: str | os.PathLike[str],
                     formats: Iterable[str] | str = ("docx", "xlsx"),
                     template: str | os.PathLike[str] = TEMPLATE) -> BinaryIO | None:
    """The ZIP of every unit's files, opened, when it was made from this campaign, template and
    code; else ``None``. The fingerprint is read from the opened file's own ZIP comment, so what
    is checked is what is read, even when another process (a second ``vanthu serve``) replaces
    the file meanwhile: a ZIP of older data is never taken for the current one."""
    fmt = _parse_formats(formats)
    try:
        handle = open(zip_path(out_dir, name, fmt), "rb")  # handed to the caller open
    except OSError:
        return None
    try:
        made_from = zipfile.ZipFile(handle).comment.decode("ascii", "replace")
    except (zipfile.BadZipFile, OSError):
        made_from = None
    if made_from == _zip_key(campaign, template, fmt, campaign.units):
        handle.seek(0)
        return handle
    handle.close()
    return None


def current_zip(campaign: Campaign, name: str, out_dir: str | os.PathLike[str],
                formats: Iterable[str] | str = ("docx", "xlsx"), template: str | os.PathLike[str] = TEMPLATE) -> Path | None:
    """The ZIP of every unit's files when it was made from this campaign, template and code; else ``None``."""
    handle = open_current_zip(campaign, name, out_dir, formats, template)
    if handle is None:
        return None
    handle.close()
    return zip_path(out_dir, name, _parse_formats(formats))


def write_zip(paths: Sequence[Path], target: Path, key: str | None = None) -> Path:
    """One ZIP of ``paths`` (flat names), written atomically; ``key``, the fingerprint of what it
    was made from, goes into the ZIP's comment (with the content, in the same rename).

    DOCX and XLSX are zips already, so they are stored; PDFs are deflated.
    """
    with atomic_output(target) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            if key:
                archive.comment = key.encode("ascii")
            for path in paths:
                method = zipfile.ZIP_STORED if path.suffix in (".docx", ".xlsx") else zipfile.ZIP_DEFLATED
                archive.write(path, path.name, compress_type=method)
    return target
