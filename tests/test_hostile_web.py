"""Hostile requests and a hostile server (issue 11.3): open redirects, DNS rebinding, a short
secret key, 405 without ``Allow``, a full disk and a folder the app may not write."""

from __future__ import annotations

import http.client
import os
import socket
from pathlib import Path

import pytest

from app.cli import main
from helpers import response_text, start_serve, stop_serve

SAMPLE = "lao-cai-2023"


# --- a. /lang/…?next= only redirects to a path of this app -------------------------------------

HOSTILE_NEXT = [
    "/%09/evil.com",          # a tab: browsers drop it and read //evil.com
    "/%0a/evil.com",          # a newline, dropped the same way
    "/%0d%0a/evil.com",
    "/x%0a",                  # a newline in the Location header used to be a 500
    "/x%0d%0aSet-Cookie:%20a=b",
    "%20//evil.com",          # a leading space, stripped by browsers
    "//evil.com", "/\\evil.com", "/%5Cevil.com", "https://evil.com", "https:/evil.com",
    "javascript:alert(1)", "evil.com", "/x%00", "/x%7f", "/x%e2%80%a8",
]


def test_language_switch_redirects_only_to_a_path_of_this_app(client):
    for hostile in HOSTILE_NEXT:
        response = client.get(f"/lang/en?next={hostile}")
        assert (response.status_code, response.headers.get("Location")) == (302, "/"), hostile
    # The page the switch was clicked on is kept.
    response = client.get("/lang/en?next=/campaigns/lao-cai-2023%3Flang%3Dvi")
    assert response.status_code == 302
    assert response.headers["Location"] == "/campaigns/lao-cai-2023?lang=vi"


# --- b. DNS rebinding: only this computer's names, IP addresses and configured names -----------

def test_a_foreign_host_name_gets_a_vietnamese_400_page(client):
    response = client.get("/", headers={"Host": "evil.example:5000"})
    assert response.status_code == 400
    assert "Địa chỉ không được phép" in response_text(response)
    assert "VANTHU_ALLOWED_HOSTS" in response_text(response)
    for host in ("localhost.evil.example", "127.0.0.1.nip.io:5000", "[::1", "[evil]:5000", "1.2.3.4.5", "",
                 "a b"):
        assert client.get("/", headers={"Host": host}).status_code == 400, host
    # This computer's names and IP addresses (a rebinding page cannot carry one) are served.
    for host in ("localhost", "localhost:5000", "LOCALHOST:5000", "127.0.0.1:5000", "[::1]:5000", "[::1]",
                 "192.168.1.10:5000", "10.0.0.7"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_a_page_of_a_rebound_host_name_cannot_save_a_campaign(client, edit_form, campaigns_dir):
    path = campaigns_dir / f"{SAMPLE}.yaml"
    before = path.read_bytes()
    form = edit_form(SAMPLE)
    form["dispatch-number"] = "99"
    response = client.post(f"/campaigns/{SAMPLE}/edit", data=form, headers={"Host": "rebind.evil.example"})
    assert response.status_code == 400
    assert path.read_bytes() == before
    # The same form from this computer's own address is saved: the refusal is the host's.
    response = client.post(f"/campaigns/{SAMPLE}/edit", data=form, headers={"Host": "127.0.0.1:5000"})
    assert response.status_code == 302 and path.read_bytes() != before


def test_names_from_vanthu_allowed_hosts_are_served(monkeypatch, campaigns_dir, outputs_dir):
    from app.web import create_app

    monkeypatch.setenv("VANTHU_ALLOWED_HOSTS", " vanthu.office.lan, may-chu ")
    app = create_app({"SECRET_KEY": "k" * 40, "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir})
    client = app.test_client()
    for host in ("vanthu.office.lan:5000", "MAY-CHU"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    assert client.get("/", headers={"Host": "other.office.lan"}).status_code == 400


def _get(port: int, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def test_vanthu_serve_refuses_a_rebound_name_on_the_real_server(campaigns_dir, outputs_dir):
    """Through waitress as ``vanthu serve`` runs it: the browser of a rebinding page connects to
    127.0.0.1 but sends its own site's name."""
    env = {k: v for k, v in os.environ.items() if k not in ("VANTHU_SECRET_KEY", "VANTHU_ALLOWED_HOSTS")}
    process, base = start_serve(campaigns_dir, outputs_dir, env=env)
    port = int(base.rsplit(":", 1)[1])
    try:
        status, body = _get(port, f"127.0.0.1:{port}")
        assert status == 200 and SAMPLE in body
        status, body = _get(port, f"attacker.example:{port}")
        assert status == 400 and "Địa chỉ không được phép" in body and SAMPLE not in body
    finally:
        stop_serve(process)


# --- c. a short VANTHU_SECRET_KEY is refused ------------------------------------------------------

def test_a_short_secret_key_is_refused_by_the_app(monkeypatch, campaigns_dir):
    from app.web import WeakSecretKey, create_app

    monkeypatch.setenv("VANTHU_SECRET_KEY", "x" * 31)
    with pytest.raises(WeakSecretKey, match="ít nhất 32"):
        create_app({"CAMPAIGNS_DIR": campaigns_dir})
    monkeypatch.setenv("VANTHU_SECRET_KEY", "x" * 32)
    assert create_app({"CAMPAIGNS_DIR": campaigns_dir}).config["SECRET_KEY"] == "x" * 32


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_vanthu_serve_refuses_a_short_secret_key(runner, monkeypatch, campaigns_dir, host):
    monkeypatch.setenv("VANTHU_SECRET_KEY", "ngan-qua")
    with socket.socket() as taken:  # were the key accepted, serving would stop here, not run on
        taken.bind((host, 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = runner.invoke(main, ["serve", "--host", host, "--port", port, "--campaigns", str(campaigns_dir)])
    assert result.exit_code == 2
    assert "VANTHU_SECRET_KEY quá ngắn (8 ký tự, cần ít nhất 32)" in result.output
    assert "Traceback" not in result.output


# --- d. a 405 says which methods are allowed -----------------------------------------------------

def test_method_not_allowed_keeps_the_allow_header(client):
    response = client.post("/")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert "Thao tác không được phép" in response_text(response)
    assert response.headers["Content-Type"].startswith("text/html")
    response = client.delete(f"/campaigns/{SAMPLE}/edit")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


# --- e. a full disk, a folder the app may not write ---------------------------------------------

# /sys refuses new files and folders to every user, root included (chmod does not stop root):
# a real "read-only" output folder without mounting anything.
UNWRITABLE = Path("/sys/vanthu-outputs")


def _unwritable_outputs(tmp_path: Path) -> list[Path]:
    """Output folders the app cannot write: under /sys, and under a regular file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return [UNWRITABLE, blocker / "outputs"]


def test_an_unwritable_outputs_folder_gives_a_clear_page_without_server_paths(campaigns_dir, tmp_path):
    from app.web import create_app

    for outputs in _unwritable_outputs(tmp_path):
        app = create_app({"SECRET_KEY": "k" * 40, "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs})
        response = app.test_client().get(f"/campaigns/{SAMPLE}/dispatch.docx")
        page = response_text(response)
        assert response.status_code == 503, (outputs, response.status_code)
        assert "Không ghi được vào thư mục" in page
        assert f"{SAMPLE}/cong-van-21.docx" in page
        assert str(outputs) not in page and str(tmp_path) not in page and "/sys" not in page
        assert "Traceback" not in page


def test_an_unwritable_outputs_folder_is_a_clear_cli_error(runner, sample_path, tmp_path):
    for outputs in _unwritable_outputs(tmp_path):
        result = runner.invoke(main, ["render", str(sample_path), "--out", str(outputs)])
        assert result.exit_code == 1, result.output
        assert f"Không ghi được {SAMPLE}/cong-van-21.docx" in result.output
        assert "Traceback" not in result.output


def _fill_dev_full() -> None:
    """A real ENOSPC from the kernel: /dev/full answers every write with "no space left"."""
    from app.fsutil import storage_errors

    with storage_errors(Path("/srv/outputs/lao-cai-2023/cong-van-21.docx")), open("/dev/full", "wb") as handle:
        handle.write(b"PK" * 4096)
        handle.flush()


def test_a_full_disk_is_a_disk_full_error_in_the_one_error_table():
    from app.errors import EXIT_FAILED, describe
    from app.fsutil import DiskFull

    with pytest.raises(DiskFull) as caught:
        _fill_dev_full()
    described = describe(caught.value)
    assert (described.exit_code, described.status, described.title) == (EXIT_FAILED, 507, "Ổ đĩa đã đầy")
    assert described.message == ("Ổ đĩa đã đầy nên không ghi được lao-cai-2023/cong-van-21.docx: hãy giải "
                                 "phóng dung lượng rồi thử lại.")
    assert isinstance(caught.value, OSError)  # code that catches OSError still catches it


def test_a_full_disk_gives_a_clear_507_page(campaigns_dir, outputs_dir):
    from app.web import create_app

    app = create_app({"SECRET_KEY": "k" * 40, "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir})
    app.add_url_rule("/test/disk-full", "disk_full", _fill_dev_full)  # a view that meets a full disk
    response = app.test_client().get("/test/disk-full")
    page = response_text(response)
    assert response.status_code == 507
    assert "Ổ đĩa đã đầy" in page and "lao-cai-2023/cong-van-21.docx" in page
    assert "/srv" not in page and "/dev/full" not in page


# --- issue 11.6: the parsed campaign is reused only while the file is unchanged -------------------

def test_an_unchanged_file_is_parsed_once_and_any_rewrite_is_read_again(campaigns_dir):
    from app import store
    from app.fsutil import atomic_write_bytes

    path = campaigns_dir / f"{SAMPLE}.yaml"
    first = store.read_campaign_file(path)
    assert store.read_campaign_file(path).campaign is first.campaign  # the same validated model
    # Another program rewrites the file with as many bytes (a one-digit change).
    raw = path.read_bytes()
    changed = raw.replace(b"number: 21", b"number: 22", 1)
    assert changed != raw and len(changed) == len(raw)
    atomic_write_bytes(path, changed)
    again = store.read_campaign_file(path)
    assert again.campaign is not first.campaign and again.campaign.dispatch.number == 22
    assert again.version == store.version_of(changed)


def test_edits_and_history_restores_show_in_the_next_preview_and_docx(client, edit_form, campaigns_dir):
    from helpers import docx_texts

    preview = response_text(client.get(f"/campaigns/{SAMPLE}"))  # parsed and kept
    first_docx = client.get(f"/campaigns/{SAMPLE}/dispatch.docx").data
    assert "Số: 21/CTĐ-VP" in preview
    form = edit_form(SAMPLE)
    form["dispatch-number"] = "37"
    assert client.post(f"/campaigns/{SAMPLE}/edit", data=form).status_code == 302
    assert "Số: 37/CTĐ-VP" in response_text(client.get(f"/campaigns/{SAMPLE}"))
    assert "Số: 37/CTĐ-VP" in docx_texts(client.get(f"/campaigns/{SAMPLE}/dispatch.docx").data)
    # Restoring the version before the edit brings number 21 back, in the page and the DOCX.
    from app import history

    stamp = history.versions(campaigns_dir, SAMPLE)[0].stamp
    current = edit_form(SAMPLE)["_version"]  # the version the page was opened at
    response = client.post(f"/campaigns/{SAMPLE}/history/{stamp}/restore", data={"_version": current})
    assert response.status_code == 302
    assert "Số: 21/CTĐ-VP" in response_text(client.get(f"/campaigns/{SAMPLE}"))
    assert client.get(f"/campaigns/{SAMPLE}/dispatch.docx").data == first_docx


def test_the_printed_page_is_kept_per_language_and_campaign_version(client, edit_form):
    assert 'aria-label="Bản xem trước công văn"' in response_text(client.get(f"/campaigns/{SAMPLE}"))
    english = response_text(client.get(f"/campaigns/{SAMPLE}?lang=en"))
    assert 'aria-label="Dispatch preview"' in english and "Số: 21/CTĐ-VP" in english
    form = edit_form(SAMPLE)
    form["signer-name"] = "Nguyễn Văn Thử"
    assert client.post(f"/campaigns/{SAMPLE}/edit", data=form).status_code == 302
    assert "Nguyễn Văn Thử" in response_text(client.get(f"/campaigns/{SAMPLE}?lang=vi"))


def test_any_other_write_error_names_the_file_without_the_servers_folders():
    import errno

    from app.errors import describe

    described = describe(PermissionError(errno.EPERM, "Operation not permitted", "/srv/vanthu/outputs/x/cong-van.docx"))
    assert described.status == 500 and described.message == "cong-van.docx: Operation not permitted"
