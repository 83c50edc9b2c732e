"""The long-lived LibreOffice (unoserver) for single documents: warm conversions, restarts, fallback.

Real LibreOffice and real processes throughout. The server needs LibreOffice's Python bridge:
``apt-get install python3-uno`` (or ``make install``).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from app.dispatch import render_dispatch
from app.layout import MOTTO, NATIONAL_NAME
from app.pdf import INSTALL_HINT, PdfError
from app.pdf_service import PdfService, convert_document, pdf_service, shutdown_pdf_service
from helpers import pdf_page_text

ROOT = Path(__file__).resolve().parent.parent
NEEDS_UNO = "the PDF server needs LibreOffice's Python bridge: apt-get install python3-uno (or make install)"


@pytest.fixture(scope="module")
def docx(sample_campaign, tmp_path_factory) -> Path:
    (path,) = render_dispatch(sample_campaign, tmp_path_factory.mktemp("dispatch"), "lao-cai-2023")
    return path


@pytest.fixture
def service():
    service = PdfService()
    yield service
    service.stop()


def _assert_is_the_dispatch(pdf: Path) -> None:
    lines = [" ".join(line.split()) for line in pdf_page_text(pdf, 1).splitlines() if line.strip()]
    assert any(line.endswith(NATIONAL_NAME) for line in lines), lines[:6]
    assert any(line.endswith(MOTTO) for line in lines), lines[:6]
    assert any("Số: 21/CTĐ-VP" in line and "Lào Cai, ngày 10 tháng 02 năm 2023" in line for line in lines), lines[:8]
    assert any(line.startswith("V/v phát động phong trào thi đua 2023") for line in lines)


def _group(pgid: int) -> list[tuple[int, str]]:
    """(pid, name) of the live processes in process group ``pgid`` (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append((int(entry.name), name))
    return found


def _wait_until_gone(pgid: int, seconds: float = 15) -> list[tuple[int, str]]:
    deadline = time.monotonic() + seconds
    while (left := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _started(service: PdfService) -> int:
    assert service.start(), f"{NEEDS_UNO}: {service.fallback_reason}"
    return service.server_pid


@pytest.mark.libreoffice
def test_a_warm_conversion_goes_through_the_server(service, docx, tmp_path):
    pid = _started(service)
    assert any(name == "soffice.bin" for _, name in _group(pid)), _group(pid)
    service.convert(docx, tmp_path / "warm-up.pdf")
    pdf = service.convert(docx, tmp_path / "out" / "cong-van.pdf")
    assert pdf == tmp_path / "out" / "cong-van.pdf"
    assert service.last_mode == "server" and service.server_pid == pid and service.starts == 1
    _assert_is_the_dispatch(pdf)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["cong-van.pdf"]  # written atomically


@pytest.mark.libreoffice
def test_the_pdf_goes_beside_the_docx_by_default_and_replaces_an_old_one(service, docx, tmp_path):
    source = tmp_path / docx.name
    source.write_bytes(docx.read_bytes())
    old = source.with_suffix(".pdf")
    old.write_bytes(b"old")
    assert service.convert(source) == old
    assert old.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name, old.name]


@pytest.mark.libreoffice
def test_the_server_is_restarted_when_killed(service, docx, tmp_path):
    first = _started(service)
    os.killpg(first, signal.SIGKILL)  # the server and its soffice
    assert not _wait_until_gone(first)
    pdf = service.convert(docx, tmp_path / "after-kill.pdf")
    assert service.last_mode == "server" and service.starts == 2 and service.server_pid != first
    _assert_is_the_dispatch(pdf)


@pytest.mark.libreoffice
def test_the_server_is_restarted_when_its_libreoffice_dies(service, docx, tmp_path):
    pid = _started(service)
    service.convert(docx, tmp_path / "warm-up.pdf")
    (soffice,) = [p for p, name in _group(pid) if name == "soffice.bin"]
    os.kill(soffice, signal.SIGKILL)  # LibreOffice crashes; its server notices and exits
    pdf = service.convert(docx, tmp_path / "after-crash.pdf")
    assert service.last_mode == "server" and service.starts == 2
    _assert_is_the_dispatch(pdf)
    assert not _wait_until_gone(pid)  # nothing of the first server is left


@pytest.mark.libreoffice
def test_stop_leaves_no_libreoffice_behind(service, docx, tmp_path):
    pid = _started(service)
    service.convert(docx, tmp_path / "a.pdf")
    service.stop()
    assert not service.running
    assert not _wait_until_gone(pid, 5)


@pytest.mark.libreoffice
def test_without_a_python_that_has_uno_a_one_shot_soffice_makes_the_pdf(monkeypatch, docx, tmp_path, caplog):
    no_uno = sys.executable  # the virtualenv's Python: LibreOffice's bridge is not installed for it
    if subprocess.run([no_uno, "-c", "import uno"], capture_output=True).returncode == 0:
        no_uno = str(tmp_path / "no-such-python")
    monkeypatch.setenv("VANTHU_UNO_PYTHON", no_uno)
    service = PdfService()
    try:
        with caplog.at_level(logging.WARNING, logger="app.pdf"):
            pdf = service.convert(docx, tmp_path / "fallback.pdf")
        assert service.last_mode == "one-shot" and not service.running
        assert "uno" in service.fallback_reason and no_uno in service.fallback_reason
        assert any("soffice" in record.getMessage() for record in caplog.records)
        _assert_is_the_dispatch(pdf)
        service.convert(docx, tmp_path / "again.pdf")  # not tried again at once: straight to soffice
        assert service.last_mode == "one-shot"
    finally:
        service.stop()


@pytest.mark.libreoffice
def test_a_file_that_is_not_a_document_is_a_clear_error_and_the_server_goes_on(service, docx, tmp_path):
    pid = _started(service)
    bogus = tmp_path / "bogus.docx"
    bogus.write_bytes(b"\x00\x01 not a zip")
    with pytest.raises(PdfError, match="bogus.docx"):
        service.convert(bogus, tmp_path / "bogus.pdf")
    assert not (tmp_path / "bogus.pdf").exists()
    with pytest.raises(PdfError, match="missing.docx"):
        service.convert(tmp_path / "missing.docx")
    service.convert(docx, tmp_path / "good.pdf")
    assert service.server_pid == pid and service.starts == 1


@pytest.mark.libreoffice
def test_threads_share_one_server(service, docx, tmp_path):
    _started(service)
    errors: list[BaseException] = []

    def convert(index: int) -> None:
        try:
            service.convert(docx, tmp_path / f"t{index}.pdf")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert service.starts == 1
    for index in range(6):
        assert (tmp_path / f"t{index}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_convert_document_uses_one_service_per_process(docx, tmp_path):
    try:
        convert_document(docx, tmp_path / "a.pdf")
        service = pdf_service()
        assert service.last_mode == "server", NEEDS_UNO + f": {service.fallback_reason}"
        convert_document(docx, tmp_path / "b.pdf")
        assert pdf_service() is service and service.starts == 1
    finally:
        shutdown_pdf_service()
    assert not service.running


def _child(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the words of its last line of output."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()[-1].split()


@pytest.mark.libreoffice
def test_no_libreoffice_is_left_when_the_application_exits(docx, tmp_path):
    pid, work = _child(f"""
        from app.pdf_service import convert_document, pdf_service
        convert_document({str(docx)!r}, {str(tmp_path / 'x.pdf')!r})
        assert pdf_service().last_mode == "server", pdf_service().fallback_reason
        print(pdf_service().server_pid, pdf_service()._work)
    """)  # stopped at interpreter exit (atexit)
    assert not _wait_until_gone(int(pid), 5)
    assert not Path(work).exists()
    pid, work = _child(f"""
        import os, sys
        from app.pdf_service import convert_document, pdf_service
        convert_document({str(docx)!r}, {str(tmp_path / 'y.pdf')!r})
        assert pdf_service().last_mode == "server", pdf_service().fallback_reason
        print(pdf_service().server_pid, pdf_service()._work, flush=True)
        os._exit(0)  # no atexit: the server notices that its application is gone
    """)
    assert not _wait_until_gone(int(pid), 10)
    service = PdfService()  # the next server removes the scratch folder left behind
    try:
        _started(service)
        assert not Path(work).exists()
    finally:
        service.stop()


def test_without_libreoffice_the_error_says_what_to_install(monkeypatch, tmp_path, docx):
    monkeypatch.setenv("VANTHU_SOFFICE", str(tmp_path / "no-soffice"))
    monkeypatch.setenv("PATH", str(tmp_path))
    service = PdfService()
    with pytest.raises(PdfError) as error:
        service.convert(docx, tmp_path / "x.pdf")
    assert str(error.value) == INSTALL_HINT
    assert not service.running


@pytest.mark.libreoffice
def test_a_conversion_that_does_not_answer_is_an_error_and_the_server_is_replaced(docx, tmp_path):
    service = PdfService(convert_timeout=2)
    try:
        pid = _started(service)
        (soffice,) = [p for p, name in _group(pid) if name == "soffice.bin"]
        os.kill(soffice, signal.SIGSTOP)  # LibreOffice hangs
        start = time.monotonic()
        with pytest.raises(PdfError, match="không trả lời"):
            service.convert(docx, tmp_path / "hung.pdf")
        assert time.monotonic() - start < 30
        assert not (tmp_path / "hung.pdf").exists()
        assert not _wait_until_gone(pid, 5)  # the hung LibreOffice was killed, stopped or not
        _assert_is_the_dispatch(service.convert(docx, tmp_path / "after.pdf"))
        assert service.last_mode == "server" and service.starts == 2
    finally:
        service.stop()
