"""Issue 11.4, no lost edit, no stale file, no orphan: saves from several processes, a save
during a checklist batch, a LibreOffice that hangs, a server killed mid-batch, files whose BOM,
line endings or duplicate keys a save must respect.

Every case runs the real thing: worker processes and ``vanthu serve`` instances on one folder,
a fake ``soffice`` (an executable script that hangs and starts a child that hangs too) found
through ``VANTHU_SOFFICE``, a server process killed with SIGKILL.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from helpers import ROOT, parse_form_fields, start_serve, stop_serve

SAVERS = 20
ROUNDS = 5


# --- a. saves from several processes ------------------------------------------------------------

def _saver(path: str, index: int, barrier, version, results) -> None:
    """One process saving its own theme over the version the test sets, round after round."""
    from app import store
    from app.loader import load_campaign

    campaign = load_campaign(path)
    for round_ in range(ROUNDS):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return
        changed = campaign.model_copy(update={"theme": f"Chủ đề của tiến trình {index}, lượt {round_}"})
        try:
            store.save(Path(path), changed, version=version.value.decode())
            results.put((round_, index, "saved"))
        except store.VersionConflict:
            results.put((round_, index, "conflict"))
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            results.put((round_, index, f"error {exc!r}"))


def test_parallel_saves_from_twenty_processes_let_exactly_one_win_each_round(campaigns_dir):
    from app import store
    from app.loader import load_campaign

    path = campaigns_dir / "lao-cai-2023.yaml"
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    barrier = context.Barrier(SAVERS + 1)
    version = context.Array("c", 64)
    results = context.Queue()
    workers = [context.Process(target=_saver, args=(str(path), i, barrier, version, results), daemon=True)
               for i in range(SAVERS)]
    for worker in workers:
        worker.start()
    try:
        for round_ in range(ROUNDS):
            before = store.file_version(path)
            version.value = before.encode()
            history_before = len(list((campaigns_dir / ".history").glob("lao-cai-2023.*.yaml")))
            barrier.wait(timeout=120)
            outcome = [results.get(timeout=120) for _ in range(SAVERS)]
            saved = [index for r, index, what in outcome if what == "saved"]
            assert all(r == round_ for r, _i, _w in outcome)
            assert [w for _r, _i, w in outcome if w not in ("saved", "conflict")] == []
            assert len(saved) == 1, f"lượt {round_}: {len(saved)} lần lưu cùng thành công trên một phiên bản"
            assert load_campaign(path).theme == f"Chủ đề của tiến trình {saved[0]}, lượt {round_}"
            history_after = len(list((campaigns_dir / ".history").glob("lao-cai-2023.*.yaml")))
            assert history_after == history_before + 1  # the one version replaced, kept once
    finally:
        barrier.abort()  # workers still waiting for a round (the test failed) stop now
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()


def _serve(campaigns: Path, outputs: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """``vanthu serve`` on a free port over ``campaigns``, with a secret key shared by both servers."""
    return start_serve(campaigns, outputs,
                       env={**os.environ, "VANTHU_SECRET_KEY": "hostile-faults-test-" + "0" * 44, **env})


_stop = stop_serve


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser() -> urllib.request.OpenerDirector:
    """A client with its own session cookie that reports redirects and errors as statuses."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())


def _status(opener, url: str, data: bytes | None = None, timeout: float = 120) -> tuple[int, bytes]:
    try:
        with opener.open(url, data=data, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _post(opener, url: str, data: bytes, gate: threading.Barrier, statuses: list[int]) -> None:
    gate.wait()  # the twenty posts leave together
    statuses.append(_status(opener, url, data)[0])


def test_parallel_saves_through_two_servers_on_one_folder_let_exactly_one_win(campaigns_dir, tmp_path):
    first, first_url = _serve(campaigns_dir, tmp_path / "out1")
    second, second_url = _serve(campaigns_dir, tmp_path / "out2")
    path = campaigns_dir / "lao-cai-2023.yaml"
    try:
        for round_ in range(3):
            forms = []
            for index in range(SAVERS):
                base = (first_url, second_url)[index % 2]
                opener = _browser()
                status, body = _status(opener, f"{base}/campaigns/lao-cai-2023/edit")
                assert status == 200
                fields = [(k, f"Chủ đề {index}, lượt {round_}" if k == "theme" else v)
                          for k, v in parse_form_fields(body.decode("utf-8"))]
                forms.append((opener, f"{base}/campaigns/lao-cai-2023/edit", urllib.parse.urlencode(fields).encode()))
            statuses: list[int] = []
            gate = threading.Barrier(SAVERS)
            threads = [threading.Thread(target=_post, args=(*form, gate, statuses)) for form in forms]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(statuses) == [302] + [409] * (SAVERS - 1), f"lượt {round_}: {sorted(statuses)}"
            assert "theme: Chủ đề" in path.read_text(encoding="utf-8")
    finally:
        _stop(first)
        _stop(second)


# --- c. a LibreOffice that hangs ------------------------------------------------------------------

def _fake_soffice(folder: Path) -> tuple[Path, Path]:
    """An executable ``soffice`` that never answers: it records its pid, starts a child that
    sleeps (as soffice starts soffice.bin) and records that pid, then waits for ever."""
    folder.mkdir(parents=True, exist_ok=True)
    pids = folder / "pids"
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\necho $$ >> '{pids}'\nsleep 3600 &\necho $! >> '{pids}'\nwait\n")
    script.chmod(0o755)
    return script, pids


def _pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting for its parent to read its status does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return found


def _fetch_into(result: dict, key: str, url: str, timeout: float) -> None:
    try:
        result[key] = _status(_browser(), url, timeout=timeout)
    except OSError as exc:  # no answer in time
        result[key] = (None, repr(exc).encode())


def test_a_hanging_libreoffice_is_killed_with_its_child_and_blocks_no_other_campaign(campaigns_dir, tmp_path):
    soffice, pids = _fake_soffice(tmp_path / "fake")
    shutil.copy(campaigns_dir / "lao-cai-2023.yaml", campaigns_dir / "ban-khac.yaml")
    server, base = _serve(campaigns_dir, tmp_path / "out", VANTHU_SOFFICE=str(soffice),
                          VANTHU_PDF_TIMEOUT="3", VANTHU_PDF_TIMEOUT_PER_DOC="1")
    try:
        result: dict = {}
        pdf = threading.Thread(target=_fetch_into, args=(result, "pdf", f"{base}/campaigns/lao-cai-2023/dispatch.pdf", 90))
        pdf.start()
        hanging = _wait_for(lambda: _pids(pids) if len(_pids(pids)) >= 2 else None, "the fake soffice never ran")
        # Another campaign's Word file comes while that LibreOffice still hangs.
        status, body = _status(_browser(), f"{base}/campaigns/ban-khac/dispatch.docx", timeout=90)
        assert status == 200 and body[:2] == b"PK"
        assert all(_running(pid) for pid in hanging), "the Word file of another campaign waited for the hung LibreOffice"
        pdf.join(timeout=120)
        status, body = result["pdf"]
        assert status == 503, body[:300]
        assert "PDF" in body.decode("utf-8")
        assert [pid for pid in _pids(pids) if _running(pid)] == [], "LibreOffice or its child still runs"
    finally:
        _stop(server)
        for pid in _pids(pids):
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


# --- d. a server killed mid-batch leaves nothing running ------------------------------------------

def _children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run (Linux' /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # a thread that just ended
            continue
    return found


def _batch_workers(pid: int) -> list[int]:
    """The process pool's workers among ``pid``'s children, once they are working (two of them)."""
    workers = []
    for child in _children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"spawn_main" in command or b"--multiprocessing-fork" in command:
            workers.append(child)
    return workers if len(workers) >= 2 else []


def _with_many_units(path: Path, count: int) -> None:
    """Give the campaign at ``path`` ``count`` units (enough for the batch to use worker processes)."""
    from app.loader import dump_campaign, load_campaign

    campaign = load_campaign(path)
    units = [campaign.units[0].model_copy(update={"name": f"Hội Chữ thập đỏ huyện Số {i}",
                                                  "short_name": f"huyện Số {i}"}) for i in range(count)]
    path.write_text(dump_campaign(campaign.model_copy(update={"units": units})), encoding="utf-8")


def _csrf(opener, url: str) -> str:
    status, body = _status(opener, url)
    assert status == 200, status
    return dict(parse_form_fields(body.decode("utf-8"), "inline-form"))["csrf_token"]


def test_killing_the_server_mid_batch_leaves_no_worker_running(campaigns_dir, tmp_path):
    _with_many_units(campaigns_dir / "lao-cai-2023.yaml", 400)
    server, base = _serve(campaigns_dir, tmp_path / "out")
    workers: list[int] = []
    try:
        opener = _browser()
        token = _csrf(opener, f"{base}/campaigns/lao-cai-2023/checklists")
        status, _body = _status(opener, f"{base}/campaigns/lao-cai-2023/checklists/generate",
                                urllib.parse.urlencode({"csrf_token": token}).encode())
        assert status == 303
        workers = _wait_for(lambda: _batch_workers(server.pid), "the batch started no worker process")
        time.sleep(1)  # let them import the application and start working (not a timing assertion)
        workers += [pid for pid in _children(server.pid) if pid not in workers]  # and the resource tracker
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        _wait_for(lambda: not [pid for pid in workers if _running(pid)],
                  "worker processes still run after the server was killed")
    finally:
        _stop(server)
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_killing_the_server_during_a_pdf_batch_leaves_no_libreoffice_running(campaigns_dir, tmp_path):
    soffice, pids = _fake_soffice(tmp_path / "fake")
    server, base = _serve(campaigns_dir, tmp_path / "out", VANTHU_SOFFICE=str(soffice), VANTHU_PDF_TIMEOUT="600")
    try:
        result: dict = {}  # every unit's PDF: a batch of soffice --convert-to runs (app.pdf.convert_to_pdf)
        threading.Thread(target=_fetch_into, daemon=True,
                         args=(result, "pdf", f"{base}/campaigns/lao-cai-2023/checklists-pdf.zip", 120)).start()
        hanging = _wait_for(lambda: _pids(pids) if len(_pids(pids)) >= 2 else None, "the fake soffice never ran")
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        _wait_for(lambda: not [pid for pid in hanging if _running(pid)],
                  "LibreOffice (or its child) still runs after the server was killed")
    finally:
        _stop(server)
        for pid in _pids(pids):
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_temporary_file_left_by_a_kill_during_a_save_is_removed_at_the_next_start(campaigns_dir, outputs_dir, tmp_path):
    from app.web import create_app

    target = campaigns_dir / "lao-cai-2023.yaml"
    before = target.read_bytes()
    # A real kill in the middle of an atomic write: the process dies inside atomic_output.
    script = ("import os, signal, sys\nfrom app.fsutil import atomic_output\n"
              "for path in sys.argv[1:]:\n    with atomic_output(path) as tmp:\n        tmp.write_bytes(b'half a file')\n"
              "        if path == sys.argv[-1]:\n            os.kill(os.getpid(), signal.SIGKILL)\n")
    killed = [outputs_dir / "lao-cai-2023" / "cong-van-21.docx", campaigns_dir / ".history" / "x.yaml", target]
    for path in killed[:2]:
        path.parent.mkdir(parents=True, exist_ok=True)
    for path in killed:
        ran = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True)
        assert ran.returncode == -signal.SIGKILL, ran.stderr
    left = sorted(p for folder in (campaigns_dir, outputs_dir) for p in folder.rglob(".*.tmp"))
    assert len(left) == 3 and target.read_bytes() == before
    an_hour_ago = time.time() - 3600
    for path in left:
        os.utime(path, (an_hour_ago, an_hour_ago))
    # Another vanthu serve may be writing one right now: a temporary file just made stays.
    in_progress = campaigns_dir / ".lao-cai-2023.yaml.Ab3_xY9z.tmp"
    in_progress.write_bytes(b"")
    mine = campaigns_dir / ".ghi-chu.tmp"  # not one of ours (no random part): never touched
    mine.write_bytes(b"")
    os.utime(mine, (an_hour_ago, an_hour_ago))
    create_app({"TESTING": True, "SECRET_KEY": "x" * 64, "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir})
    assert not any(path.exists() for path in left)
    assert in_progress.exists() and mine.exists() and target.read_bytes() == before


# --- d. a save keeps the file's BOM and line ends; e. duplicate keys ------------------------------

def _windows_file(path: Path) -> bytes:
    """The campaign file as Notepad on Windows writes it: UTF-8 with a BOM, CRLF line ends."""
    raw = b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(raw)
    return raw


def _assert_windows_style(raw: bytes) -> None:
    assert raw.startswith(b"\xef\xbb\xbf"), "the BOM was dropped"
    assert raw.count(b"\n") == raw.count(b"\r\n"), "some lines lost their CRLF"


def test_saving_keeps_a_files_bom_and_crlf_line_ends(campaigns_dir):
    from app import store
    from app.loader import load_campaign

    path = campaigns_dir / "lao-cai-2023.yaml"
    raw = _windows_file(path)
    changed = load_campaign(path).model_copy(update={"theme": "Chủ đề mới"})
    store.save(path, changed, version=store.version_of(raw))
    saved = path.read_bytes()
    _assert_windows_style(saved)
    assert "Chủ đề mới" in saved.decode("utf-8-sig") and b"# " in saved  # merged, comments kept
    assert load_campaign(path).theme == "Chủ đề mới"


def test_the_text_editor_keeps_a_files_bom_and_crlf_line_ends(client, campaigns_dir):
    from app import store

    path = campaigns_dir / "lao-cai-2023.yaml"
    raw = _windows_file(path)
    text = raw.decode("utf-8-sig").replace("\r\n", "\n") + "# sửa bằng ô văn bản\n"
    response = client.post("/campaigns/lao-cai-2023/text",  # a browser sends a text box's lines with CRLF
                           data={"text": text.replace("\n", "\r\n"), "_version": store.version_of(raw)})
    assert response.status_code == 302
    saved = path.read_bytes()
    _assert_windows_style(saved)
    assert saved.endswith("# sửa bằng ô văn bản\r\n".encode())


def _with_duplicate_key(path: Path) -> tuple[bytes, int]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("theme:"))
    lines.insert(at + 1, "theme: Chủ đề viết lần hai\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path.read_bytes(), at + 2


def test_saving_over_a_file_with_a_duplicate_key_is_refused_naming_line_and_key(client, edit_form, campaigns_dir):
    from app import store
    from app.loader import CampaignError, load_campaign

    path = campaigns_dir / "lao-cai-2023.yaml"
    form = edit_form()
    campaign = load_campaign(path)
    raw, line = _with_duplicate_key(path)
    with pytest.raises(CampaignError) as refused:
        store.save(path, campaign.model_copy(update={"theme": "Chủ đề mới"}), version=store.version_of(raw))
    assert f"lao-cai-2023.yaml:{line}: " in str(refused.value) and "'theme'" in str(refused.value)
    assert path.read_bytes() == raw
    # The edit form opened before the key was doubled, posted with the version of the file as it is now.
    form["theme"], form["_version"] = "Chủ đề mới", store.version_of(raw)
    response = client.post("/campaigns/lao-cai-2023/edit", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"lao-cai-2023.yaml:{line}" in page and "theme" in page
    assert path.read_bytes() == raw  # not rewritten without its comments
    # The text editor and the upload refuse it the same way.
    text = raw.decode("utf-8")
    response = client.post("/campaigns/lao-cai-2023/text", data={"text": text, "_version": store.version_of(raw)})
    assert response.status_code == 422 and f"lao-cai-2023.yaml:{line}" in response.get_data(as_text=True)
    response = client.post("/campaigns/upload", data={"name": "lao-cai-2023", "_version": store.version_of(raw),
                                                      "file": (io.BytesIO(raw), "lao-cai-2023.yaml")})
    assert response.status_code == 422 and f"lao-cai-2023.yaml:{line}" in response.get_data(as_text=True)
    assert path.read_bytes() == raw


# --- b. a save during a checklist batch ------------------------------------------------------------

def _rename_first_unit(path: Path) -> None:
    """Save (as the edit form does) the campaign with its first unit renamed."""
    from app import store
    from app.loader import load_campaign

    campaign = load_campaign(path)
    units = list(campaign.units)
    units[0] = units[0].model_copy(update={"name": "Hội Chữ thập đỏ huyện Đổi Tên", "short_name": "huyện Đổi Tên"})
    store.save(path, campaign.model_copy(update={"units": units}), version=store.file_version(path))


def _zip_names(body: bytes) -> list[str]:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_a_save_during_a_checklist_batch_makes_its_zip_stale(client, campaigns_dir):
    path = campaigns_dir / "lao-cai-2023.yaml"
    _with_many_units(path, 120)
    assert client.post("/campaigns/lao-cai-2023/checklists/generate").status_code == 303  # the batch runs
    _rename_first_unit(path)
    response = client.get("/campaigns/lao-cai-2023/checklists.zip")
    assert response.status_code == 200
    names = _zip_names(response.data)
    assert "huyen-doi-ten.xlsx" in names and "huyen-so-0.xlsx" not in names
    assert len(names) == 2 * 120


def test_a_save_during_a_batch_of_another_server_never_gets_its_zip_served(campaigns_dir, tmp_path):
    path = campaigns_dir / "lao-cai-2023.yaml"
    _with_many_units(path, 400)
    outputs = tmp_path / "out"
    first, first_url = _serve(campaigns_dir, outputs)
    second, second_url = _serve(campaigns_dir, outputs)
    try:
        opener = _browser()
        token = _csrf(opener, f"{first_url}/campaigns/lao-cai-2023/checklists")
        status, _body = _status(opener, f"{first_url}/campaigns/lao-cai-2023/checklists/generate",
                                urllib.parse.urlencode({"csrf_token": token}).encode())
        assert status == 303  # the first server's batch runs on the old data
        _rename_first_unit(path)
        for _round in range(3):  # before, during and after the first server's batch ends
            status, body = _status(_browser(), f"{second_url}/campaigns/lao-cai-2023/checklists.zip")
            assert status == 200
            names = _zip_names(body)
            assert "huyen-doi-ten.xlsx" in names and "huyen-so-0.xlsx" not in names
        _wait_for(lambda: b'"state":"done"' in _status(_browser(), f"{first_url}/campaigns/lao-cai-2023/checklists/status")[1].replace(b" ", b""),
                  "the first server's batch did not end", 300)
        status, body = _status(_browser(), f"{first_url}/campaigns/lao-cai-2023/checklists.zip")
        assert status == 200 and "huyen-doi-ten.xlsx" in _zip_names(body)
    finally:
        _stop(first)
        _stop(second)
