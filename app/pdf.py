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


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path | None = None, *, timeout: float = 600) -> list[Path]:
    """Convert every DOCX in ``docx_paths`` with one LibreOffice run; return the PDF paths.

    Each PDF lands beside its DOCX (or in ``out_dir``) and replaces any older one atomically:
    LibreOffice writes into a private folder first, then each file is renamed into place.
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    soffice = find_soffice()
    targets = [(out_dir or p.parent) / (p.stem + ".pdf") for p in paths]
    with tempfile.TemporaryDirectory(prefix="vanthu-lo-") as work:
        work_dir = Path(work)
        profile = (work_dir / "profile").as_uri()
        staging = work_dir / "out"
        staging.mkdir()
        # Two inputs with the same stem would overwrite each other in one output folder.
        groups: dict[str, list[Path]] = {}
        for p in paths:
            groups.setdefault(p.stem, []).append(p)
        rounds = max(len(g) for g in groups.values())
        for round_index in range(rounds):
            batch = [g[round_index] for g in groups.values() if len(g) > round_index]
            round_dir = staging / str(round_index)
            round_dir.mkdir()
            command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                       "--outdir", str(round_dir), *map(str, batch)]
            try:
                result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                        env={**os.environ, "HOME": str(work_dir)})
            except subprocess.TimeoutExpired:
                raise PdfError(f"LibreOffice không trả lời sau {timeout:.0f} giây") from None
            missing = [p for p in batch if not (round_dir / (p.stem + ".pdf")).exists()]
            if missing:
                detail = (result.stderr or result.stdout).strip()[-500:]
                raise PdfError(f"LibreOffice không chuyển được {missing[0].name} sang PDF"
                               + (f": {detail}" if detail else ""))
        for source, target in zip(paths, targets):
            index = groups[source.stem].index(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = staging / str(index) / (source.stem + ".pdf")
            shutil.move(str(staged), str(target.with_suffix(".pdf.tmp")))
            os.replace(target.with_suffix(".pdf.tmp"), target)
    return targets
