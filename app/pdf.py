"""DOCX → PDF through a headless LibreOffice, in two ways.

* **Batches** (:func:`convert_to_pdf`, the checklists): starting LibreOffice costs about a
  second and converting a page costs milliseconds, so a batch never starts one process per file.
  It is split evenly over one ``soffice --convert-to`` process per CPU core, running at the same
  time, each with its own throw-away profile (parallel runs and a desktop LibreOffice the user has
  open never share a profile lock). Each process converts its share in runs of at most 200 files.
* **Single documents** (:func:`app.pdf_service.convert_document`, the web app's PDF download): a
  long-lived LibreOffice behind unoserver, with a one-shot run as the fallback; it shares this
  module's process handling.

Every PDF replaces any older one atomically (:func:`app.fsutil.atomic_output`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.fsutil import atomic_output
from app.messages import msg
from app.procguard import guarded

__all__ = ["PdfError", "INSTALL_HINT", "find_soffice", "convert_to_pdf", "pdf_timeout", "MAX_FILES_PER_RUN"]


INSTALL_HINT = msg("cần LibreOffice để tạo PDF: cài bằng "
                   "'apt-get install libreoffice-writer-nogui fonts-liberation2' (hoặc 'make install')")
PDF_FILTER = "writer_pdf_Export"


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


# How long LibreOffice may take before it is killed: its start (a few seconds, more on a slow
# office PC) plus a little per document (a page converts in milliseconds; a long table in a
# second or two). A LibreOffice that hangs is noticed in seconds, not in ten minutes.
TIMEOUT_BASE = 20.0
TIMEOUT_PER_DOCUMENT = 3.0


def _seconds(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def pdf_timeout(documents: int = 1) -> float:
    """Seconds one LibreOffice run converting ``documents`` documents may take before it is
    killed: ``VANTHU_PDF_TIMEOUT`` (default 20) plus ``VANTHU_PDF_TIMEOUT_PER_DOC`` (default 3)
    per document, both read from the environment on every call."""
    return (_seconds("VANTHU_PDF_TIMEOUT", TIMEOUT_BASE)
            + _seconds("VANTHU_PDF_TIMEOUT_PER_DOC", TIMEOUT_PER_DOCUMENT) * max(0, documents))


# --- processes ----------------------------------------------------------------------------------
# soffice is a launcher (oosplash) that starts soffice.bin: killing only the launcher would leave
# soffice.bin running. Every LibreOffice we start gets a process group (POSIX) of its own, and is
# stopped by killing the whole group: on a timeout here, and by the guard (app.procguard) the
# batch runs under when the application itself dies.

def _popen(command: list[str], **kwargs) -> subprocess.Popen:
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    # The program is LibreOffice or a Python interpreter we located, the arguments are ours; no shell.
    return subprocess.Popen(command, **kwargs)  # noqa: S603


def _kill_tree(process: subprocess.Popen, sig: int = getattr(signal, "SIGKILL", signal.SIGTERM)) -> None:
    """Stop ``process`` and everything it started; wait for it."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],  # noqa: S603, S607 (Windows' own)
                       capture_output=True)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def _run(command: list[str], timeout: float, env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` in its own process group; return (status, output); kill it all on timeout."""
    # Under the guard (app.procguard): if this application dies, killed or crashed, the run dies too.
    process = _popen(guarded(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                     errors="replace", env=env)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise PdfError(msg("LibreOffice không trả lời sau {timeout:.0f} giây", timeout=timeout)) from None
    except BaseException:
        _kill_tree(process)
        raise
    return process.returncode, output or ""


def _lo_env(home: Path) -> dict[str, str]:
    """Environment of a LibreOffice process: its own HOME and TMPDIR inside our scratch folder
    (removed with it, even when LibreOffice was killed)."""
    tmp = home / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}


# A profile's settings before its first start: no lock file written beside each PDF and removed
# again, no recent-documents list (with a thumbnail per document) kept in the profile.
_PROFILE_SETTINGS = {
    "/org.openoffice.Office.Common/Misc": {"UseLocking": "false", "UseDocumentOOoLockFile": "false",
                                           "UseDocumentSystemFileLocking": "false"},
    "/org.openoffice.Office.Common/History": {"PickListSize": "0", "RecentDocsThumbnail": "false"},
}


def _new_profile(directory: Path) -> str:
    """Create a LibreOffice profile folder with :data:`_PROFILE_SETTINGS`; return its URL."""
    user = directory / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
                    f"</prop></item>\n"
                    for path, props in _PROFILE_SETTINGS.items() for name, value in props.items())
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + items + "</oor:items>\n", encoding="utf-8")
    return directory.as_uri()


# --- batches ------------------------------------------------------------------------------------

# LibreOffice 7 silently stops after about 245 files in one --convert-to run (exit status 0,
# the rest never converted), so a large batch goes in runs of at most this many files; the
# runs of one process share its profile, so only the first pays for creating it.
MAX_FILES_PER_RUN = 200
# Below this many files a batch stays in one process: a second LibreOffice would cost about as
# much to start as it saves.
PARALLEL_MIN_FILES = 8


def _runs(paths: Sequence[Path], max_per_run: int) -> list[list[Path]]:
    """Split ``paths`` into runs of at most ``max_per_run`` files with distinct stems.

    LibreOffice names each PDF after its input's stem, so two inputs with the same stem in one
    run would overwrite each other in the shared output folder.
    """
    runs: list[list[Path]] = []
    stems: list[set[str]] = []
    for path in paths:
        for run, seen in zip(runs, stems, strict=True):
            if len(run) < max_per_run and path.stem not in seen:
                run.append(path)
                seen.add(path.stem)
                break
        else:
            runs.append([path])
            stems.append({path.stem})
    return runs


def _shares(paths: list[Path], processes: int) -> list[list[Path]]:
    """``paths`` cut into ``processes`` consecutive parts whose sizes differ by at most one."""
    size, extra = divmod(len(paths), processes)
    shares, start = [], 0
    for index in range(processes):
        end = start + size + (1 if index < extra else 0)
        shares.append(paths[start:end])
        start = end
    return [share for share in shares if share]


def _process_count(files: int, processes: int | None) -> int:
    if files < PARALLEL_MIN_FILES:
        return 1
    wanted = processes if processes else (os.cpu_count() or 1)
    return max(1, min(wanted, files // (PARALLEL_MIN_FILES // 2)))


def _convert_share(soffice: str, share: list[Path], work_dir: Path, targets: dict[Path, Path],
                   timeout: float | None, max_per_run: int, failed: threading.Event) -> None:
    """Convert ``share`` with one LibreOffice profile, run after run; move each PDF into place."""
    work_dir.mkdir(parents=True)
    profile = _new_profile(work_dir / "profile")
    env = _lo_env(work_dir)
    for index, batch in enumerate(_runs(share, max_per_run)):
        if failed.is_set():  # another process failed: the batch fails anyway
            return
        staging = work_dir / f"run-{index}"
        staging.mkdir()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--nolockcheck", "--nologo", "--nodefault", "--convert-to", f"pdf:{PDF_FILTER}",
                   "--outdir", str(staging), *map(str, batch)]
        _status, output = _run(command, timeout if timeout is not None else pdf_timeout(len(batch)), env)
        missing = [p for p in batch if not (staging / (p.stem + ".pdf")).exists()]
        if missing:
            detail = output.strip()[-500:]
            if detail:
                raise PdfError(msg("LibreOffice không chuyển được {name} sang PDF: {message}",
                                   name=missing[0].name, message=detail))
            raise PdfError(msg("LibreOffice không chuyển được {name} sang PDF", name=missing[0].name))
        for source in batch:
            with atomic_output(targets[source]) as tmp:
                shutil.move(str(staging / (source.stem + ".pdf")), str(tmp))
        shutil.rmtree(staging, ignore_errors=True)


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path | None = None, *, timeout: float | None = None,
                   max_per_run: int = MAX_FILES_PER_RUN, processes: int | None = None) -> list[Path]:
    """Convert every DOCX in ``docx_paths`` to PDF, one LibreOffice process per CPU core.

    The files are split evenly over ``processes`` (default: ``os.cpu_count()``) LibreOffice
    processes working at the same time, each with its own profile, each in runs of at most
    ``max_per_run`` files with distinct names; fewer than eight files stay in one process.
    ``timeout`` is per LibreOffice run (default :func:`pdf_timeout` of the run's files): a run
    that takes longer is killed with everything it started and is a :class:`PdfError`. Each PDF lands beside its DOCX (or in ``out_dir``) and
    replaces any older one atomically. Returns the PDF paths in the order of ``docx_paths``.
    """
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    soffice = find_soffice()
    targets = {p: (Path(out_dir) if out_dir else p.parent) / (p.stem + ".pdf") for p in paths}
    unique = list(dict.fromkeys(paths))
    shares = _shares(unique, _process_count(len(unique), processes))
    failed = threading.Event()
    with tempfile.TemporaryDirectory(prefix="vanthu-lo-") as work:
        work_dir = Path(work)
        if len(shares) == 1:
            _convert_share(soffice, shares[0], work_dir / "p0", targets, timeout, max_per_run, failed)
        else:
            def convert(index: int) -> None:
                try:
                    _convert_share(soffice, shares[index], work_dir / f"p{index}", targets, timeout,
                                   max_per_run, failed)
                except BaseException:
                    failed.set()
                    raise

            with ThreadPoolExecutor(len(shares), thread_name_prefix="vanthu-pdf") as pool:
                futures = [pool.submit(convert, index) for index in range(len(shares))]
                errors = [f.exception() for f in futures if f.exception() is not None]
            if errors:
                raise errors[0]
    return [targets[p] for p in paths]
