"""``vanthu serve``: waitress on loopback by default, refuses other hosts without a secret key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from app.cli import main
from helpers import start_serve, stop_serve


def test_serve_refuses_a_network_host_without_secret_key(runner, monkeypatch, campaigns_dir):
    monkeypatch.delenv("VANTHU_SECRET_KEY", raising=False)
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--campaigns", str(campaigns_dir)])
    assert result.exit_code == 2
    assert "VANTHU_SECRET_KEY" in result.output and "Traceback" not in result.output


def test_serve_refuses_a_missing_campaigns_folder(runner, tmp_path):
    result = runner.invoke(main, ["serve", "--campaigns", str(tmp_path / "khong-co")])
    assert result.exit_code == 2 and "Không có thư mục chiến dịch" in result.output


def test_serve_runs_waitress_on_loopback(campaigns_dir, outputs_dir):
    process, base = start_serve(campaigns_dir, outputs_dir,
                                env={k: v for k, v in os.environ.items() if k != "VANTHU_SECRET_KEY"})
    try:
        with urllib.request.urlopen(f"{base}/", timeout=10) as response:  # noqa: S310 - our own http:// server
            body = response.read().decode("utf-8")
            server = response.headers.get("Server", "")
        assert "lao-cai-2023" in body
        assert server == "vanthu"  # waitress' ident, not werkzeug's development server
    finally:
        stop_serve(process)
    assert base in process.stdout.read()


def test_serve_says_when_the_port_is_taken(campaigns_dir):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([str(Path(sys.executable).with_name("vanthu")), "serve", "--port", str(port),
                                 "--campaigns", str(campaigns_dir)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"Không mở được cổng {port}" in result.stderr
