"""The long-lived LibreOffice behind :class:`app.pdf_service.PdfService`: soffice + unoserver's XML-RPC server.

Not imported by the application: :mod:`app.pdf_service` runs this file as a script, in its own process
group, under a Python that can ``import uno`` (on Debian that is /usr/bin/python3 with
``python3-uno``, not the virtualenv's interpreter), in isolated mode (``-I``) so that nothing of
the application or of the virtualenv shadows that Python's own modules; ``--pythonpath`` names a
folder that holds only the ``unoserver`` package. Standard library only, apart from ``uno`` and
``unoserver``.

Differences from ``python -m unoserver.server``: soffice is started here and the XML-RPC server
is started as soon as soffice accepts UNO connections (unoserver's own start-up sleeps seven
seconds whatever happens); and the process makes sure it never outlives what it serves: when
soffice exits, or the application that started it is gone, the whole process group (this
process and soffice) is killed, so no orphan LibreOffice is left behind.

Exit status: 3 when ``uno`` or ``unoserver`` cannot be imported, 4 when soffice never accepted
a connection.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time


def _die(soffice: subprocess.Popen | None, code: int) -> None:
    """Kill soffice and this process: the whole group when we lead it."""
    if os.name == "posix" and os.getpgid(0) == os.getpid():
        os.killpg(0, signal.SIGKILL)
    if soffice is not None and soffice.poll() is None:
        soffice.kill()
    os._exit(code)


def _watch(soffice: subprocess.Popen, parent: int) -> None:
    while True:
        if soffice.poll() is not None:
            print(f"vanthu-pdf-server: soffice exited ({soffice.returncode})", file=sys.stderr, flush=True)
            _die(soffice, 1)
        if parent and os.name == "posix" and os.getppid() != parent:
            print("vanthu-pdf-server: the application is gone, stopping", file=sys.stderr, flush=True)
            _die(soffice, 0)
        time.sleep(0.25)


def _wait_for_port(port: int, soffice: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and soffice.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pythonpath", help="folder holding the unoserver package")
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--port", type=int, required=True, help="XML-RPC port (127.0.0.1)")
    parser.add_argument("--uno-port", type=int, required=True, help="soffice's UNO port (127.0.0.1)")
    parser.add_argument("--profile", required=True, help="LibreOffice profile, as a file:// URL")
    parser.add_argument("--parent", type=int, default=0, help="stop when this process is gone")
    parser.add_argument("--conversion-timeout", type=int, default=120)
    parser.add_argument("--start-timeout", type=float, default=60)
    args = parser.parse_args()
    if args.pythonpath:
        sys.path.insert(0, args.pythonpath)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        import uno  # noqa: F401  (LibreOffice's Python-UNO bridge)
        from unoserver.server import UnoServer
    except ImportError as exc:
        print(f"vanthu-pdf-server: {sys.executable}: {exc}", file=sys.stderr, flush=True)
        return 3

    server = UnoServer(interface="127.0.0.1", port=str(args.port), uno_interface="127.0.0.1",
                       uno_port=str(args.uno_port), user_installation=args.profile,
                       conversion_timeout=args.conversion_timeout)
    connection = f"socket,host=127.0.0.1,port={args.uno_port},tcpNoDelay=1;urp;StarOffice.ComponentContext"
    # The soffice app.pdf located, our own arguments, no shell.
    soffice = subprocess.Popen([args.soffice, "--headless", "--invisible", "--nocrashreport",  # noqa: S603
                                "--nodefault", "--nologo", "--nofirststartwizard", "--norestore", "--nolockcheck",
                                f"-env:UserInstallation={args.profile}", f"--accept={connection}"],
                               stdin=subprocess.DEVNULL)
    server.libreoffice_process = soffice  # unoserver terminates it when a conversion times out
    threading.Thread(target=_watch, args=(soffice, args.parent), daemon=True).start()
    if not _wait_for_port(args.uno_port, soffice, args.start_timeout):
        print("vanthu-pdf-server: soffice did not accept connections", file=sys.stderr, flush=True)
        _die(soffice, 4)
    server.serve()  # returns only when it could not connect to soffice
    print("vanthu-pdf-server: unoserver could not connect to soffice", file=sys.stderr, flush=True)
    _die(soffice, 4)
    return 4


if __name__ == "__main__":
    sys.exit(main())
