"""The web app under load: many clients on the dispatch preview and its DOCX download, with the
caches off (the baseline) and on, measured in the same run.

    .venv/bin/python benchmarks/bench_web.py [--seconds 60] [--clients 50] [--only preview,docx]

For each configuration the real server is started as ``vanthu serve`` starts it (waitress, in a
subprocess, on a copy of campaigns/ and a fresh outputs folder); the baseline runs it with
``VANTHU_CACHE=off`` (every request reads and validates the YAML again, as before issue 11.6).
``--clients`` threads of this process each keep one HTTP/1.1 connection and send GET after GET
for ``--seconds`` per page. Printed per page and configuration: requests, requests/s, errors
(a status other than 200, or a failed connection), the server's resident memory (RSS) before
and after, and the ratio of cached to baseline requests/s. Targets: preview ≥ 5×, DOCX ≥ 3×.
The load generator shares the machine with the server: the figures are for this machine only.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VANTHU = Path(sys.executable).with_name("vanthu")
CAMPAIGN = "lao-cai-2023"
PAGES = {"preview": f"/campaigns/{CAMPAIGN}", "docx": f"/campaigns/{CAMPAIGN}/dispatch.docx"}


@dataclass
class Result:
    """One page under load in one configuration."""

    config: str
    page: str
    requests: int
    errors: int
    seconds: float
    rss_before_mb: float
    rss_after_mb: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """``vanthu serve`` on a free port over scratch copies of the campaigns and outputs."""

    def __init__(self, work: Path, cache: bool, threads: int):
        self.port = _free_port()
        campaigns = work / "campaigns"
        shutil.copytree(ROOT / "campaigns", campaigns, ignore=shutil.ignore_patterns(".history", ".trash", ".locks"))
        env = {k: v for k, v in os.environ.items() if k not in ("VANTHU_SECRET_KEY", "VANTHU_ALLOWED_HOSTS")}
        env["VANTHU_CACHE"] = "on" if cache else "off"
        command = [str(VANTHU), "serve", "--port", str(self.port), "--campaigns", str(campaigns),
                   "--outputs", str(work / "outputs"), "--threads", str(threads)]
        # Its log goes to a file: a pipe nobody reads fills up and stops the server mid-run.
        self.log = work / "serve.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(self.port, "/")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"vanthu serve did not start: {self.log.read_text(errors='replace')}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def get(port: int, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, int]:
    """GET ``path``: (status, body length); on a fresh connection unless one is given."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        if own:
            connection.close()


def load(port: int, path: str, clients: int, seconds: float) -> tuple[int, int, float]:
    """``clients`` threads sending GET ``path`` for ``seconds``: (good answers, errors, seconds)."""
    counts = [[0, 0] for _ in range(clients)]
    start_line = threading.Barrier(clients + 1)
    stop_at: list[float] = []

    def client(mine: list[int]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start_line.wait()
        while time.monotonic() < stop_at[0]:
            try:
                status, _size = get(port, path, connection)
                mine[0 if status == 200 else 1] += 1
            except (OSError, http.client.HTTPException):
                mine[1] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()

    threads = [threading.Thread(target=client, args=(mine,)) for mine in counts]
    for thread in threads:
        thread.start()
    stop_at.append(time.monotonic() + seconds)
    began = time.monotonic()
    start_line.wait()
    for thread in threads:
        thread.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts), time.monotonic() - began


def run(config: str, cache: bool, pages: list[str], clients: int, seconds: float, threads: int) -> list[Result]:
    """Start a server with the caches ``cache`` and put each page under load in turn."""
    results = []
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-web-") as tmp:
        server = Server(Path(tmp), cache, threads)
        try:
            for page in pages:
                for _ in range(3):  # warm up: templates compiled, the DOCX made once
                    status, _size = get(server.port, PAGES[page])
                    if status != 200:
                        raise SystemExit(f"{PAGES[page]} answered {status}")
                before = rss_mb(server.process.pid)
                good, errors, took = load(server.port, PAGES[page], clients, seconds)
                results.append(Result(config, page, good, errors, took, before, rss_mb(server.process.pid)))
                print(f"  {config:9} {page:8} {good / took:8.1f}/s  errors {errors}", flush=True)
        finally:
            server.stop()
    return results


def print_table(results: list[Result], clients: int) -> None:
    load_avg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nvanthu serve (waitress) dưới tải: {clients} máy khách đồng thời, {os.cpu_count()} lõi CPU, "
          f"tải máy lúc kết thúc {load_avg}\n")
    print(f"{'trang':8} {'cấu hình':10} {'yêu cầu':>8} {'giây':>6} {'yêu cầu/s':>10} {'lỗi':>5} "
          f"{'RSS đầu (MB)':>13} {'RSS cuối (MB)':>14} {'so với':>7}")
    baseline = {r.page: r.rate for r in results if r.config == "baseline"}
    for r in results:
        ratio = f"{r.rate / baseline[r.page]:.1f}×" if baseline.get(r.page) else ""
        print(f"{r.page:8} {r.config:10} {r.requests:>8} {r.seconds:>6.1f} {r.rate:>10.1f} {r.errors:>5} "
              f"{r.rss_before_mb:>13.1f} {r.rss_after_mb:>14.1f} {ratio:>7}")
    print("\n(baseline: VANTHU_CACHE=off; cached: the parsed campaign and the made DOCX reused while unchanged)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="seconds of load per page and configuration")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--threads", type=int, default=16, help="vanthu serve --threads (default 16, as serve)")
    parser.add_argument("--only", default="preview,docx", help="pages: preview, docx (comma-separated)")
    args = parser.parse_args()
    pages = [page.strip() for page in args.only.split(",") if page.strip()]
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    results = run("baseline", False, pages, args.clients, args.seconds, args.threads)
    results += run("cached", True, pages, args.clients, args.seconds, args.threads)
    print_table(results, args.clients)


if __name__ == "__main__":
    main()
