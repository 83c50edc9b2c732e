"""DOCX → PDF through a headless LibreOffice, in two ways.

* **Batches** (:func:`convert_to_pdf`, the checklists): starting LibreOffice costs about a
  second and converting a page costs milliseconds, so a batch never starts one process per file.
  It is split evenly over one ``soffice --convert-to`` process per CPU core, running at the same
  time, each with its own throw-away profile (parallel runs and a desktop LibreOffice the user has
  open never share a profile lock). Each process converts its share in runs of at most 200 files.
* **Single documents** (:func:`convert_document`, the web app's PDF download): a long-lived
  LibreOffice behind `unoserver <https://pypi.org/project/unoserver/>`_'s XML-RPC server, started
  on first need, converts a document in a fraction of a second instead of paying LibreOffice's
  start-up on every request. The server runs under a Python that can ``import uno`` (Debian's
  ``python3-uno`` is for /usr/bin/python3 only), see :mod:`app.pdf_server`. When it cannot be
  started, the document goes through a one-shot ``soffice --convert-to`` run instead (slower, same
  PDF) and the reason is logged.

Every PDF replaces any older one atomically (:func:`app.fsutil.atomic_output`).
"""

from __future__ import annotations

import atexit
import http.client
import importlib.metadata
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
import xmlrpc.client
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app.fsutil import atomic_output

__all__ = ["PdfError", "INSTALL_HINT", "find_soffice", "convert_to_pdf", "MAX_FILES_PER_RUN",
           "PdfService", "pdf_service", "convert_document", "shutdown_pdf_service"]

logger = logging.getLogger(__name__)

INSTALL_HINT = ("cần LibreOffice để tạo PDF: cài bằng "
                "'apt-get install libreoffice-writer-nogui fonts-liberation2' (hoặc 'make install')")
UNO_HINT = ("không chạy được máy chủ LibreOffice thường trực (cần Python có mô-đun 'uno': "
            "'apt-get install python3-uno' hoặc đặt VANTHU_UNO_PYTHON)")

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


# --- processes ----------------------------------------------------------------------------------
# soffice is a launcher (oosplash) that starts soffice.bin: killing only the launcher would leave
# soffice.bin running. Every LibreOffice we start gets a process group (POSIX) of its own, and is
# stopped by killing the whole group.

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
    process = _popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                     errors="replace", env=env)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process)
        raise PdfError(f"LibreOffice không trả lời sau {timeout:.0f} giây") from None
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
                   timeout: float, max_per_run: int, failed: threading.Event) -> None:
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
        _status, output = _run(command, timeout, env)
        missing = [p for p in batch if not (staging / (p.stem + ".pdf")).exists()]
        if missing:
            detail = output.strip()[-500:]
            raise PdfError(f"LibreOffice không chuyển được {missing[0].name} sang PDF"
                           + (f": {detail}" if detail else ""))
        for source in batch:
            with atomic_output(targets[source]) as tmp:
                shutil.move(str(staging / (source.stem + ".pdf")), str(tmp))
        shutil.rmtree(staging, ignore_errors=True)


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path | None = None, *, timeout: float = 600,
                   max_per_run: int = MAX_FILES_PER_RUN, processes: int | None = None) -> list[Path]:
    """Convert every DOCX in ``docx_paths`` to PDF, one LibreOffice process per CPU core.

    The files are split evenly over ``processes`` (default: ``os.cpu_count()``) LibreOffice
    processes working at the same time, each with its own profile, each in runs of at most
    ``max_per_run`` files with distinct names; fewer than eight files stay in one process.
    ``timeout`` is per LibreOffice run. Each PDF lands beside its DOCX (or in ``out_dir``) and
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


# --- the long-lived server for single documents ---------------------------------------------------

SERVER_SCRIPT = Path(__file__).resolve().with_name("pdf_server.py")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout (the standard transport waits forever)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


class _ServerGone(Exception):
    """The server did not answer (refused, reset, died): restart it."""


def _unoserver_path(into: Path) -> Path:
    """A folder holding only the ``unoserver`` package (and its metadata), to put on the path of
    LibreOffice's Python: the venv's whole site-packages was built for another interpreter."""
    import unoserver

    into.mkdir(parents=True, exist_ok=True)
    links = [Path(unoserver.__file__).resolve().parent]
    try:
        dist = importlib.metadata.distribution("unoserver")
        metadata_dirs = {dist.locate_file(f).resolve().parent for f in (dist.files or [])
                         if f.parts and f.parts[0].endswith((".dist-info", ".egg-info"))}
        links += sorted(metadata_dirs)
    except importlib.metadata.PackageNotFoundError:
        pass
    for source in links:
        link = into / source.name
        if link.exists():
            continue
        try:
            link.symlink_to(source, target_is_directory=True)
        except OSError:  # no symlinks (Windows without the privilege): copy, it is small
            shutil.copytree(source, link)
    return into


class PdfService:
    """One long-lived LibreOffice (unoserver) converting single documents, one at a time.

    Thread-safe: conversions are serialised by a lock. The server starts on the first
    :meth:`convert` (or :meth:`start`), is restarted when its process died or a conversion did not
    answer, and is stopped by :meth:`stop` and at interpreter exit. When it cannot be started the
    conversion falls back to a one-shot ``soffice --convert-to`` run; :attr:`fallback_reason`
    then says why, and starting is tried again after ``retry_after`` seconds.
    """

    def __init__(self, *, start_timeout: float = 60, convert_timeout: float = 120,
                 retry_after: float = 300) -> None:
        self.start_timeout = start_timeout
        self.convert_timeout = convert_timeout
        self.retry_after = retry_after
        self.fallback_reason: str | None = None
        self.last_mode: str | None = None  # "server" or "one-shot": how the last document was made
        self.starts = 0                    # servers started so far (restarts included)
        self._lock = threading.RLock()
        self._process: subprocess.Popen | None = None
        self._work: Path | None = None
        self._port = 0
        self._failed_at: float | None = None
        self._python: str | None = None  # the interpreter that last ran the server
        self._owner = os.getpid()
        atexit.register(_stop_at_exit, weakref.ref(self))

    # -- public --------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether a server process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def server_pid(self) -> int | None:
        """Process id of the server (leader of the process group that holds its soffice)."""
        return self._process.pid if self.running else None

    def start(self) -> bool:
        """Start the server now unless it runs; False (and :attr:`fallback_reason`) if it cannot."""
        with self._lock:
            return self._ensure_started(find_soffice())

    def convert(self, docx_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str] | None = None) -> Path:
        """Convert one DOCX to ``pdf_path`` (default: beside it, ``.pdf``), atomically; return it."""
        source = Path(docx_path).resolve()
        target = Path(pdf_path) if pdf_path is not None else source.with_suffix(".pdf")
        soffice = find_soffice()
        if not source.is_file():
            raise PdfError(f"không có tệp {source.name} để chuyển sang PDF")
        with self._lock:
            for _attempt in range(2):
                if not self._ensure_started(soffice):
                    break
                try:
                    with atomic_output(target) as tmp:
                        self._call_convert(source, tmp)
                    self.last_mode = "server"
                    return target
                except _ServerGone as exc:
                    logger.warning("máy chủ PDF không trả lời (%s): khởi động lại", exc)
                    self._kill()
        # The server cannot be started, or died twice in a row: one LibreOffice for this file.
        logger.warning("PDF: chuyển %s bằng một lần chạy soffice riêng (%s)", source.name,
                       self.fallback_reason or "máy chủ không trả lời")
        _convert_one_shot(soffice, source, target, self.convert_timeout)
        self.last_mode = "one-shot"
        return target

    def stop(self) -> None:
        """Stop the server and its LibreOffice, remove its scratch folder (idempotent)."""
        if os.getpid() != self._owner:  # a forked child does not own the parent's server
            return
        with self._lock:
            self._kill()

    # -- internals -----------------------------------------------------------------------------

    def _kill(self) -> None:
        process, work = self._process, self._work
        self._process = self._work = None
        if process is not None:
            # The whole group, even when the server itself has exited: its soffice may not have.
            # SIGKILL: nothing of the profile or the scratch folder is worth a clean shutdown.
            _kill_tree(process)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    def _ensure_started(self, soffice: str) -> bool:
        if self.running:
            return True
        if self._process is not None:
            logger.warning("máy chủ PDF đã dừng (mã %s): khởi động lại", self._process.returncode)
            self._kill()
        if self._failed_at is not None and time.monotonic() - self._failed_at < self.retry_after:
            return False
        try:
            self._start(soffice)
        except PdfError as exc:
            self._kill()
            self._failed_at = time.monotonic()
            self.fallback_reason = str(exc)
            logger.warning("PDF: %s; dùng soffice --convert-to cho từng tệp", exc)
            return False
        self._failed_at = None
        self.fallback_reason = None
        return True

    def _interpreters(self, soffice: str) -> list[str]:
        override = os.environ.get("VANTHU_UNO_PYTHON")
        if override:
            return [override]
        program = Path(soffice).resolve().parent  # LibreOffice's own Python (Windows, macOS builds)
        candidates = [self._python, sys.executable, "/usr/bin/python3", str(program / "python.exe"),
                      str(program / "python")]
        return [c for c in dict.fromkeys(candidates) if c and Path(c).is_file()]

    def _start(self, soffice: str) -> None:
        _remove_stale_work_dirs()
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
        (work / "owner").write_text(str(os.getpid()))
        self._work = work
        try:
            pythonpath = _unoserver_path(work / "pylib")
        except ImportError:
            raise PdfError(UNO_HINT + ": thiếu gói unoserver (pip install unoserver)") from None
        interpreters = self._interpreters(soffice)
        if not interpreters:
            raise PdfError(UNO_HINT)
        profile = _new_profile(work / "profile")
        problems = []
        for python in interpreters:
            port, uno_port = _free_port(), _free_port()
            while uno_port == port:
                uno_port = _free_port()
            command = [python, "-I", str(SERVER_SCRIPT), "--pythonpath", str(pythonpath),
                       "--soffice", soffice, "--port", str(port), "--uno-port", str(uno_port),
                       "--profile", profile, "--parent", str(os.getpid()),
                       "--conversion-timeout", str(int(self.convert_timeout))]
            log = open(work / "server.log", "ab")
            try:
                self._process = _popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT, env=_lo_env(work))
            except OSError as exc:
                problems.append(f"{python}: {exc}")
                continue
            finally:
                log.close()
            self._port = port
            try:
                self._wait_ready()
                self.starts += 1
                self._python = python
                logger.info("máy chủ PDF chạy (unoserver, %s, cổng %d, pid %d)", python, port,
                            self._process.pid)
                return
            except PdfError as exc:
                problems.append(f"{python}: {exc}")
                _kill_tree(self._process)
                self._process = None
        raise PdfError(UNO_HINT + " — " + "; ".join(problems))

    def _log_tail(self) -> str:
        try:
            text = (self._work / "server.log").read_text(errors="replace")
        except (OSError, TypeError):
            return ""
        lines = [line for line in text.strip().splitlines() if line.strip()]
        return lines[-1][-300:] if lines else ""

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True,
                                         transport=_TimeoutTransport(timeout))

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        while True:
            status = self._process.poll()
            if status is not None:
                raise PdfError(f"tiến trình dừng (mã {status}): {self._log_tail() or 'không rõ lý do'}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PdfError(f"không sẵn sàng sau {self.start_timeout:.0f} giây")
            try:
                with self._proxy(min(remaining, 5)) as proxy:
                    info = proxy.info()
            except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError):
                time.sleep(0.05)
                continue
            except xmlrpc.client.Fault as fault:
                raise PdfError(f"unoserver báo lỗi: {fault.faultString[-300:]}") from None
            if str(info.get("api")) != "3":
                raise PdfError(f"unoserver API {info.get('api')} không được hỗ trợ (cần 3)")
            return

    def _healthy(self) -> bool:
        """Whether the server and its LibreOffice still answer (``info`` asks LibreOffice)."""
        if not self.running:
            return False
        try:
            with self._proxy(10) as proxy:
                proxy.info()
        except (OSError, http.client.HTTPException, xmlrpc.client.Error):
            return False
        return True

    def _call_convert(self, source: Path, output: Path) -> None:
        """One conversion through the server. A conversion that does not finish in time (the
        server's own timeout, or no answer at all) kills the server and is an error: the next
        conversion gets a fresh LibreOffice, and a document that hangs LibreOffice costs one
        timeout, not one per retry."""
        timed_out = PdfError(f"LibreOffice không trả lời sau {self.convert_timeout:.0f} giây "
                             f"khi chuyển {source.name}")
        try:
            with self._proxy(self.convert_timeout + 5) as proxy:
                # unoserver API 3: convert(inpath, indata, outpath, convert_to, filtername,
                # filter_options, update_index, infiltername, password). The same export filter
                # as `soffice --convert-to pdf:writer_pdf_Export`, no index update (like it).
                proxy.convert(str(source), None, str(output), "pdf", PDF_FILTER, [], False, None, None)
        except TimeoutError:
            self._kill()
            raise timed_out from None
        except xmlrpc.client.Fault as fault:
            if "TimeoutError" in fault.faultString:  # unoserver's --conversion-timeout
                self._kill()
                raise timed_out from None
            if not self._healthy():  # the fault came from a LibreOffice that crashed
                raise _ServerGone(f"lỗi khi chuyển {source.name}: {fault.faultString[-200:]}") from None
            message = fault.faultString.strip().splitlines()[-1:] or [""]
            raise PdfError(f"LibreOffice không chuyển được {source.name} sang PDF: {message[0][-300:]}") from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise _ServerGone(f"{type(exc).__name__}: {exc}") from None
        if not output.exists() or output.stat().st_size == 0:
            raise PdfError(f"LibreOffice không chuyển được {source.name} sang PDF")


WORK_PREFIX = "vanthu-unoserver-"


def _remove_stale_work_dirs() -> None:
    """Remove the scratch folders of servers whose application died without stopping them (the
    server then kills itself and its LibreOffice, but cannot remove the folder it runs in)."""
    for folder in Path(tempfile.gettempdir()).glob(WORK_PREFIX + "*"):
        try:
            owner = int((folder / "owner").read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):  # not ours to judge (another user's, being created)
            continue


def _stop_at_exit(ref: weakref.ref) -> None:
    service = ref()
    if service is not None:
        service.stop()


def _convert_one_shot(soffice: str, source: Path, target: Path, timeout: float) -> None:
    """``soffice --convert-to`` for one file, with a throw-away profile; atomic write of ``target``."""
    with tempfile.TemporaryDirectory(prefix="vanthu-lo-") as work:
        work_dir = Path(work)
        _convert_share(soffice, [source], work_dir / "p0", {source: target}, timeout, 1, threading.Event())


_service: PdfService | None = None
_service_lock = threading.Lock()


def pdf_service() -> PdfService:
    """The process-wide :class:`PdfService` (created on first use; stopped at exit)."""
    global _service
    with _service_lock:
        if _service is None:
            _service = PdfService()
        return _service


def convert_document(docx_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str] | None = None) -> Path:
    """Convert one DOCX to PDF through the long-lived LibreOffice (see :class:`PdfService`).

    The PDF goes to ``pdf_path`` (default: beside the DOCX) and replaces any older one atomically.
    Falls back to a one-shot ``soffice`` run when the server cannot start. Raises
    :class:`PdfError` (Vietnamese message) when LibreOffice is missing or the file does not convert.
    """
    return pdf_service().convert(docx_path, pdf_path)


def shutdown_pdf_service() -> None:
    """Stop the process-wide server, if any; the next :func:`convert_document` starts a new one."""
    global _service
    with _service_lock:
        service, _service = _service, None
    if service is not None:
        service.stop()
