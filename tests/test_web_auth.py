"""Login and roles on the office network (issue 11.5): app/web/auth.py, the history's authors.

The app is made in "network mode" with ``LOGIN_REQUIRED`` (as ``vanthu serve --host 0.0.0.0``
does from its address) over a scratch campaigns folder and a scratch accounts database.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
from werkzeug.datastructures import MultiDict

from app import history, store
from app.cli import main
from app.users import ADMIN, CLERK, VIEWER, UserStore
from app.web import create_app
from app.web.auth import PUBLIC, RULES, NoAdmin, required_role
from helpers import parse_form_fields, served
from test_browser import browser as chromium  # noqa: F401 - test_browser.py's Chromium, as fixture "chromium"

NAME = "lao-cai-2023"
PASSWORD = "mat-khau-dai"


@pytest.fixture
def users(tmp_path) -> UserStore:
    accounts = UserStore(tmp_path / "users.sqlite3")
    accounts.add("quantri", PASSWORD, ADMIN)
    accounts.add("vanthu", PASSWORD, CLERK)
    accounts.add("xem", PASSWORD, VIEWER)
    return accounts


@pytest.fixture
def net_app(users, campaigns_dir, outputs_dir):
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-only",
                       "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir,
                       "LOGIN_REQUIRED": True, "USERS_DB": users.path})


def _text(response) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def _login(app, name, password=PASSWORD, address="10.0.0.5"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/login", data={"name": name, "password": password})
    assert response.status_code == 303, _text(response)
    return client


def _edit_form(client) -> MultiDict:
    return MultiDict(parse_form_fields(_text(client.get(f"/campaigns/{NAME}/edit"))))


def test_loopback_stays_single_user_without_login(client):
    page = _text(client.get("/"))
    assert "lao-cai-2023" in page and "Đăng xuất" not in page
    assert client.get("/login").status_code == 302


def test_network_mode_sends_every_page_to_the_vietnamese_login(net_app):
    client = net_app.test_client()
    response = client.get(f"/campaigns/{NAME}")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    page = _text(client.get("/login"))
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page
    english = _text(client.get("/login?lang=en"))
    assert "Log in" in english and "Password" in english
    assert client.post(f"/campaigns/{NAME}/edit", data={}).status_code == 302  # no save without login


def test_login_shows_name_and_role_and_logout_ends_it(net_app):
    client = _login(net_app, "VanThu")
    page = _text(client.get("/"))
    assert "vanthu (Văn thư)" in re.sub(r"<[^>]+>", "", page) and "Đăng xuất" in page
    assert 'href="/users"' not in page  # only admins see the accounts page
    assert client.post("/logout").status_code == 303
    assert client.get("/").status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(net_app):
    client = net_app.test_client()
    response = client.post("/login", data={"name": "xem", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_form_needs_its_csrf_token(net_app):
    net_app.config["WTF_CSRF_ENABLED"] = True
    client = net_app.test_client()
    assert client.post("/login", data={"name": "xem", "password": PASSWORD}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', _text(client.get("/login"))).group(1)
    response = client.post("/login", data={"name": "xem", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "/\t/evil.example", "/\\evil.example", "https://evil.example/"])
def test_next_goes_only_to_this_app(net_app, target):
    client = net_app.test_client()
    response = client.post("/login", data={"name": "xem", "password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/"
    client = net_app.test_client()
    response = client.post("/login", data={"name": "xem", "password": PASSWORD, "next": f"/campaigns/{NAME}"})
    assert response.headers["Location"] == f"/campaigns/{NAME}"


def test_five_failed_logins_then_429_per_name_and_per_address(net_app):
    client = net_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    for _ in range(5):
        wrong = client.post("/login", data={"name": "xem", "password": "sai-mat-khau"})
        assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in _text(wrong)
    blocked = client.post("/login", data={"name": "xem", "password": PASSWORD})  # even the right one
    assert blocked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in _text(blocked)
    assert int(blocked.headers["Retry-After"]) > 0
    other_place = net_app.test_client()
    other_place.environ_base["REMOTE_ADDR"] = "10.0.0.10"
    assert other_place.post("/login", data={"name": "xem", "password": PASSWORD}).status_code == 429  # the name
    assert client.post("/login", data={"name": "vanthu", "password": PASSWORD}).status_code == 429  # the address
    _login(net_app, "vanthu", address="10.0.0.11")  # another person elsewhere is not slowed


def test_rules_reads_need_a_viewer_writes_a_clerk_deletes_and_restores_an_admin():
    assert required_role("documents.preview", "GET") == VIEWER
    assert required_role("campaigns.save", "POST") == CLERK
    assert required_role("files.delete", "GET") == ADMIN and required_role("files.untrash", "POST") == ADMIN
    assert {"files.delete", "files.restore", "files.untrash"} <= RULES.keys()


def test_a_viewer_reads_and_downloads_but_every_post_is_refused(net_app, campaigns_dir):
    client = _login(net_app, "xem")
    assert client.get(f"/campaigns/{NAME}").status_code == 200
    assert client.get(f"/campaigns/{NAME}/file").status_code == 200
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    refused = client.post(f"/campaigns/{NAME}/edit", data=_edit_form(client))
    assert refused.status_code == 403 and "cần vai trò Văn thư" in _text(refused)
    # Every endpoint taking a POST, whoever wrote it, is closed to a viewer by the one table.
    for rule in net_app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint not in PUBLIC:
            url = rule.rule.replace("<slug:name>", NAME).replace("<stamp>", "20200101-000000-000000")
            url = re.sub(r"<[^>]+>", "x", url)
            assert client.post(url).status_code == 403, rule.endpoint
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before


def test_a_clerk_saves_with_the_name_in_the_history_but_cannot_delete(net_app, campaigns_dir):
    client = _login(net_app, "vanthu")
    form = _edit_form(client)
    form["targets-4-text"] = "Chỉ tiêu đã sửa bởi văn thư."
    response = client.post(f"/campaigns/{NAME}/edit", data=form)
    assert response.status_code in (302, 303), _text(response)
    [change] = history.changes(campaigns_dir, NAME)
    assert (change.author, change.action, change.file) == ("vanthu", "save", f"{NAME}.yaml")
    assert change.version == store.file_version(campaigns_dir / f"{NAME}.yaml")
    refused = client.post(f"/campaigns/{NAME}/delete")
    assert refused.status_code == 403 and (campaigns_dir / f"{NAME}.yaml").exists()
    # The next save makes the clerk's bytes a version of the history, with the clerk as its author.
    admin = _login(net_app, "quantri")
    form = _edit_form(admin)
    form["targets-4-text"] = "Chỉ tiêu sửa lần hai."
    admin.post(f"/campaigns/{NAME}/edit", data=form)
    newest = history.versions(campaigns_dir, NAME)[0]
    assert newest.author == "vanthu"
    page = _text(admin.get(f"/campaigns/{NAME}/history"))
    assert "Người lưu bản này" in page and "Ai đã thay đổi" in page and "quantri" in page and "vanthu" in page


def test_an_admin_deletes_and_restores_and_each_is_logged(net_app, campaigns_dir):
    client = _login(net_app, "quantri")
    assert client.post(f"/campaigns/{NAME}/delete").status_code == 302
    trash = _text(client.get("/trash"))
    [action] = re.findall(r'action="(/trash/[\d-]+/lao-cai-2023/restore)"', trash)
    assert client.post(action).status_code == 302
    logged = [(c.author, c.action) for c in history.changes(campaigns_dir, NAME) if c.file == f"{NAME}.yaml"]
    assert logged == [("quantri", "untrash"), ("quantri", "delete")]
    page = _text(client.get(f"/campaigns/{NAME}/history"))
    assert "Xóa (vào thùng rác)" in page and "Lấy lại từ thùng rác" in page


def test_history_from_before_the_log_is_still_listed_without_author(net_app, campaigns_dir):
    old = campaigns_dir / ".history" / f"{NAME}.20200101-000000-000000.yaml"
    old.parent.mkdir()
    old.write_bytes((campaigns_dir / f"{NAME}.yaml").read_bytes())
    [version] = history.versions(campaigns_dir, NAME)
    assert version.author == ""
    page = _text(_login(net_app, "xem").get(f"/campaigns/{NAME}/history"))
    assert "20200101" not in page or "—" in page


def test_a_new_password_or_a_removed_account_ends_the_login(net_app, users):
    client = _login(net_app, "vanthu")
    users.set_password("vanthu", "mat-khau-moi-2")
    assert client.get("/").status_code == 302
    client = _login(net_app, "xem")
    users.remove("xem")
    assert client.get("/").status_code == 302


def test_admin_page_adds_changes_and_removes_accounts(net_app, users):
    assert _login(net_app, "vanthu").get("/users").status_code == 403
    client = _login(net_app, "quantri")
    page = _text(client.get("/users"))
    assert "Thêm tài khoản" in page and "xem" in page
    assert client.post("/users/add", data={"name": "lan", "role": "clerk", "password": PASSWORD,
                                           "password2": PASSWORD}).status_code == 303
    assert users.get("lan").role == CLERK
    mismatch = client.post("/users/add", data={"name": "hoa", "password": PASSWORD, "password2": "khac-nhau-1"})
    assert mismatch.status_code == 400 and users.get("hoa") is None
    assert client.post("/users/lan/role", data={"role": "viewer"}).status_code == 303
    assert users.get("lan").role == VIEWER
    assert client.post("/users/lan/remove").status_code == 303 and users.get("lan") is None
    self_removal = client.post("/users/quantri/remove")
    assert self_removal.status_code == 400 and users.get("quantri") is not None


def test_network_mode_without_an_admin_is_refused_with_how_to_make_one(tmp_path, campaigns_dir):
    with pytest.raises(NoAdmin, match="vanthu users add TÊN --role admin"):
        create_app({"SECRET_KEY": "x" * 40, "CAMPAIGNS_DIR": campaigns_dir, "HOST": "0.0.0.0",
                    "USERS_DB": tmp_path / "empty.sqlite3"})


def test_serve_on_the_network_refuses_to_start_without_an_admin(runner, campaigns_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("VANTHU_SECRET_KEY", "k" * 64)
    monkeypatch.setenv("VANTHU_USERS_DB", str(tmp_path / "none.sqlite3"))
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--campaigns", str(campaigns_dir)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "vanthu users add TÊN --role admin" in result.output


# --- In a real Chromium -------------------------------------------------------------------------


@pytest.fixture
def net_server(net_app):
    """The network-mode app served on a free port of 127.0.0.1 (werkzeug, in a thread); its URL."""
    with served(net_app) as url:
        yield url


@pytest.mark.browser
def test_browser_viewer_logs_in_and_is_offered_no_save(chromium, net_server, net_app, campaigns_dir):  # noqa: F811
    net_app.config["WTF_CSRF_ENABLED"] = True  # the real forms, with their tokens
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{net_server}/campaigns/{NAME}/edit")
        page.wait_for_url("**/login?next=*")
        page.get_by_label("Tên đăng nhập").fill("xem")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        assert page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.").is_visible()
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"**/campaigns/{NAME}/edit")
        assert "xem (Người xem)" in page.locator(".account").inner_text()
        # The page offers a viewer no save (tests/test_web_roles_ui.py); the server's 403 is tested above.
        assert page.get_by_text("Tài khoản của bạn chỉ được xem").is_visible()
        assert page.get_by_role("button", name="Lưu chiến dịch", exact=True).count() == 0
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/login")
    finally:
        context.close()
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before
