"""DOCX → PDF through a headless LibreOffice.

One ``soffice`` process converts a whole batch (starting LibreOffice costs seconds; converting a
page costs milliseconds), with its own throw-away profile directory so that parallel runs and a
desktop LibreOffice the user has open never share a profile lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.fsutil import atomic_output

__all__ = ["PdfError", "find_soffice", "convert_to_pdf"]

INSTALL_HINT = ("cần LibreOffice để tạo PDF: cài bằng "
                "'apt-get install libreoffice-writer-nogui fonts-liberation2' (hoặc 'make install')")


class PdfError(RuntimeError):
    """LibreOffice is missing or failed to convert a file."""


def find_soffice() -> str:
    """Path of the ``soffice`` program, or :class:`PdfError` saying what to install."""
    for name in (os.environ.get("VANTHU_SOFFICE"), "soffice", "libreoffice"):
        if name and (found := shutil.which(name)):
            return found
    for candidate in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(candidate).exists():
            return candidate
    raise PdfError(INSTALL_HINT)


# LibreOffice 7 silently stops after about 245 files in one --convert-to run (exit status 0,
# the rest never converted), so a large batch goes in runs of at most this many files; the
# runs share one profile, so only the first pays for creating it.
MAX_FILES_PER_RUN = 200


def _runs(paths: Sequence[Path], max_per_run: int) -> list[list[Path]]:
    """Split ``paths`` into runs of at most ``max_per_run`` files with distinct stems.

    LibreOffice names each PDF after its input's stem, so two inputs with the same stem in one
    run would overwrite each other in the shared output folder.
    """
    runs: list[list[Path]] = []
    stems: list[set[str]] = []
    for path in paths:
        for run, seen in zip(runs, stems):
            if len(run) < max_per_run and path.stem not in seen:
                run.append(path)
                seen.add(path.stem)
                break
        else:
            runs.append([path])
            stems.append({path.stem})
    return runs


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path | None = None, *, timeout: float = 600,
                   max_per_run: int = MAX_FILES_PER_RUN) -> list[Path]:
    """Convert every DOCX in ``docx_paths`` to PDF with as few LibreOffice runs as possible.

    Each PDF lands beside its DOCX (or in ``out_dir``) and replaces any older one atomically:
    LibreOffice writes into a private folder first, then each file is renamed into place.
    Returns the PDF paths in the order of ``docx_paths``.
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    soffice = find_soffice()
    targets = {p: (out_dir or p.parent) / (p.stem + ".pdf") for p in paths}
    with tempfile.TemporaryDirectory(prefix="vanthu-lo-") as work:
        work_dir = Path(work)
        profile = (work_dir / "profile").as_uri()
        for index, batch in enumerate(_runs(paths, max_per_run)):
            staging = work_dir / f"run-{index}"
            staging.mkdir()
            command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", str(staging), *map(str, batch)]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                        env={**os.environ, "HOME": str(work_dir)})
            except subprocess.TimeoutExpired:
                raise PdfError(f"LibreOffice không trả lời sau {timeout:.0f} giây") from None
            missing = [p for p in batch if not (staging / (p.stem + ".pdf")).exists()]
            if missing:
                detail = (result.stderr or result.stdout).strip()[-500:]
                raise PdfError(f"LibreOffice không chuyển được {missing[0].name} sang PDF"
                               + (f": {detail}" if detail else ""))
            for source in batch:
                target = targets[source]
                with atomic_output(target) as tmp:
                    shutil.move(str(staging / (source.stem + ".pdf")), str(tmp))
    return [targets[p] for p in paths]
