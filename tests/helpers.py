"""Plain helpers shared by the tests (no fixtures: those are in conftest.py).

Tests import them as ``from helpers import …``: pyproject.toml puts tests/ on ``sys.path``
(``pythonpath = ["tests"]``), so this works from a fresh clone whatever the import mode.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "campaigns" / "lao-cai-2023.yaml"
# A copy of shared/seeds/000_6a8d03d26de57ab1.txt, the real 2023 dispatch, so that a clone
# without shared/ beside it still runs the fidelity test.
SEED = ROOT / "tests" / "data" / "seed-lao-cai-2023.txt"


# --- Text -----------------------------------------------------------------------------------------

def squash(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space, ends stripped."""
    return " ".join(text.split())


def response_text(response) -> str:
    """The body of a Flask test-client response, decoded."""
    return response.get_data(as_text=True)


# --- DOCX -----------------------------------------------------------------------------------------

def docx_texts(source) -> list[str]:
    """The text of every body paragraph of a DOCX, table cells included, in document order.

    ``source`` is a path, the bytes of the file or an open ``docx`` Document. A merged cell is
    read once (``app.nd30.iter_paragraphs``); headers and footers are not included.
    """
    from docx import Document

    from app.nd30 import iter_paragraphs

    if hasattr(source, "element"):
        doc = source
    else:
        doc = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return [paragraph.text for paragraph, _ in iter_paragraphs(doc)]


# --- PDF (poppler-utils) --------------------------------------------------------------------------

def tool(name: str) -> str:
    """The path of the command-line program ``name``; fails saying what to install when missing."""
    path = shutil.which(name)
    assert path, f"'{name}' is missing: install poppler-utils (apt-get install poppler-utils, or make install)"
    return path


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    """The text of ``pdf`` (pages ``first``..``last``, 1-based, all by default) by ``pdftotext``."""
    command = [tool("pdftotext")]
    if layout:
        command.append("-layout")
    if first is not None:
        command += ["-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    result = subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def pdf_page_text(pdf: Path, page: int) -> str:
    """The text of one page of ``pdf``, laid out as on the page (``pdftotext -layout``)."""
    return pdf_text(pdf, first=page, last=page, layout=True)


# --- HTML forms -----------------------------------------------------------------------------------

class _FormParser(HTMLParser):
    def __init__(self, form_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.in_template = 0
        self.textarea: list[str] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and self.form_class in a.get("class", "").split():
            self.in_form = 1
        if tag == "template":
            self.in_template += 1
        if not self.in_form or self.in_template:
            return
        kind = a.get("type", "text")
        if tag == "input" and "name" in a and kind not in ("submit", "button"):
            if kind not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and "selected" in a and self.select:
            self.fields.append((self.select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "form":
            self.in_form = 0
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def parse_form_fields(html: str, form_class: str = "campaign-form") -> list[tuple[str, str]]:
    """The fields a browser would submit from the form ``form_class`` of ``html`` (no buttons).

    Reads inputs, checked checkboxes, selected options and textareas, in page order, and skips
    the row templates (``<template>``) that only JavaScript uses.
    """
    parser = _FormParser(form_class)
    parser.feed(html)
    return parser.fields


@contextlib.contextmanager
def served(app):
    """``app`` served by werkzeug in a thread on a free port of 127.0.0.1; yields its base URL."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


def free_port() -> int:
    """A TCP port of 127.0.0.1 free at the time of asking."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(campaigns: Path, outputs: Path, *, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """A real ``vanthu serve`` (waitress, its own process) on a free port over ``campaigns``,
    answering ``/``; returns the process and its base URL (stop it with :func:`stop_serve`)."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("vanthu")), "serve", "--port", str(port),
               "--campaigns", str(campaigns), "--outputs", str(outputs)]
    process = subprocess.Popen(command, env=os.environ.copy() if env is None else env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=5):  # noqa: S310 - our own http:// server
                return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError("vanthu serve did not start: " + process.stdout.read()) from None
            time.sleep(0.2)


def stop_serve(process: subprocess.Popen) -> None:
    """Stop a server of :func:`start_serve` (terminate, then kill if it does not end)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
