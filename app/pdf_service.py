"""The long-lived LibreOffice for single documents (the web app's PDF download).

A LibreOffice behind `unoserver <https://pypi.org/project/unoserver/>`_'s XML-RPC server, started
on first need, converts a document in a fraction of a second instead of paying LibreOffice's
start-up on every request. The server runs under a Python that can ``import uno`` (Debian's
``python3-uno`` is for /usr/bin/python3 only), see :mod:`app.pdf_server`. When it cannot be
started, the document goes through a one-shot ``soffice --convert-to`` run instead (slower, same
PDF) and the reason is logged. Batches use :func:`app.pdf.convert_to_pdf`.
"""

from __future__ import annotations

import atexit
import http.client
import importlib.metadata
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
import xmlrpc.client
from pathlib import Path

from app.fsutil import atomic_output
from app.messages import join, msg, of_exception, prefixed
from app.pdf import (
    PDF_FILTER,
    PdfError,
    _convert_share,
    _kill_tree,
    _lo_env,
    _new_profile,
    _popen,
    find_soffice,
    pdf_timeout,
)

__all__ = ["PdfService", "pdf_service", "convert_document", "shutdown_pdf_service"]

logger = logging.getLogger(__name__)

UNO_HINT = msg("không chạy được máy chủ LibreOffice thường trực (cần Python có mô-đun 'uno': "
            "'apt-get install python3-uno' hoặc đặt VANTHU_UNO_PYTHON)")

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

    def __init__(self, *, start_timeout: float | None = None, convert_timeout: float | None = None,
                 retry_after: float = 300) -> None:
        # By default, what one document may take (app.pdf.pdf_timeout, VANTHU_PDF_TIMEOUT): the
        # lock that serialises conversions is held no longer than that by a LibreOffice that hangs.
        self.start_timeout = start_timeout if start_timeout is not None else pdf_timeout(0)
        self.convert_timeout = convert_timeout if convert_timeout is not None else pdf_timeout(1)
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
            raise PdfError(msg("không có tệp {name} để chuyển sang PDF", name=source.name))
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
            raise PdfError(msg("{hint}: thiếu gói unoserver (pip install unoserver)", hint=UNO_HINT)) from None
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
                problems.append(prefixed(python, of_exception(exc)))
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
                problems.append(prefixed(python, of_exception(exc)))
                _kill_tree(self._process)
                self._process = None
        raise PdfError(msg("{hint} — {problems}", hint=UNO_HINT, problems=join(problems, "; ")))

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
                raise PdfError(msg("tiến trình dừng (mã {status}): {_log_tail}", status=status, _log_tail=self._log_tail() or 'không rõ lý do'))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PdfError(msg("không sẵn sàng sau {start_timeout:.0f} giây", start_timeout=self.start_timeout))
            try:
                with self._proxy(min(remaining, 5)) as proxy:
                    info = proxy.info()
            except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError):
                time.sleep(0.05)
                continue
            except xmlrpc.client.Fault as fault:
                raise PdfError(msg("unoserver báo lỗi: {faultString}", faultString=fault.faultString[-300:])) from None
            if str(info.get("api")) != "3":
                raise PdfError(msg("unoserver API {info} không được hỗ trợ (cần 3)", info=info.get('api')))
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
        timed_out = PdfError(msg("LibreOffice không trả lời sau {convert_timeout:.0f} giây "
                             "khi chuyển {name}", convert_timeout=self.convert_timeout, name=source.name))
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
                raise _ServerGone(msg("lỗi khi chuyển {name}: {faultString}", name=source.name, faultString=fault.faultString[-200:])) from None
            message = fault.faultString.strip().splitlines()[-1:] or [""]
            raise PdfError(msg("LibreOffice không chuyển được {name} sang PDF: {message}", name=source.name, message=message[0][-300:])) from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise _ServerGone(msg("{__name__}: {exc}", __name__=type(exc).__name__, exc=exc)) from None
        if not output.exists() or output.stat().st_size == 0:
            raise PdfError(msg("LibreOffice không chuyển được {name} sang PDF", name=source.name))


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
