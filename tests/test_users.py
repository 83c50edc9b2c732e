"""Accounts for the web app on the office network (issue 11.5): app/users.py and ``vanthu users``."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from app.cli import main
from app.users import ADMIN, CLERK, VIEWER, LoginLimiter, UsersError, UserStore, default_db_path, role_allows


@pytest.fixture
def store(tmp_path):
    return UserStore(tmp_path / "users.sqlite3")


def test_password_is_stored_only_as_a_salted_scrypt_hash(store):
    store.add("lan", "mat-khau-dai", ADMIN)
    store.add("binh", "mat-khau-dai", VIEWER)
    rows = dict(sqlite3.connect(store.path).execute("SELECT name, password_hash FROM users").fetchall())
    assert rows["lan"].startswith("scrypt:") and "mat-khau-dai" not in rows["lan"]
    assert rows["lan"] != rows["binh"]  # salted: the same password gives another hash
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_authenticate_accepts_only_the_right_password_and_any_case_of_the_name(store):
    store.add("Lan", "mat-khau-dai", CLERK)
    assert store.authenticate("LAN", "mat-khau-dai").role == CLERK
    assert store.authenticate("lan", "mat-khau-sai") is None
    assert store.authenticate("khong-co", "mat-khau-dai") is None
    assert store.authenticate("tên có dấu", "mat-khau-dai") is None


def test_bad_names_short_passwords_unknown_roles_and_taken_names_are_refused(store):
    with pytest.raises(UsersError, match="Tên đăng nhập 'Nguyễn' không hợp lệ"):
        store.add("Nguyễn", "mat-khau-dai")
    with pytest.raises(UsersError, match="ít nhất 8 ký tự"):
        store.add("lan", "ngan")
    with pytest.raises(UsersError, match="Vai trò 'boss' không có"):
        store.add("lan", "mat-khau-dai", "boss")
    store.add("lan", "mat-khau-dai")
    with pytest.raises(UsersError, match="'lan' đã có"):
        store.add("LAN", "mat-khau-khac")


def test_the_last_admin_can_be_neither_removed_nor_demoted(store):
    store.add("lan", "mat-khau-dai", ADMIN)
    with pytest.raises(UsersError, match="admin\\) cuối cùng"):
        store.remove("lan")
    with pytest.raises(UsersError, match="admin\\) cuối cùng"):
        store.set_role("lan", CLERK)
    store.add("binh", "mat-khau-dai", ADMIN)
    store.set_role("lan", CLERK)
    store.remove("lan")
    assert [u.name for u in store.list()] == ["binh"] and store.has_admin()


def test_a_new_password_changes_the_session_id_so_old_logins_end(store):
    before = store.add("lan", "mat-khau-dai", ADMIN).session_id
    store.set_password("lan", "mat-khau-moi-1")
    after = store.get("lan")
    assert after.session_id != before and after.session_id.startswith("lan:")
    assert store.authenticate("lan", "mat-khau-moi-1") and not store.authenticate("lan", "mat-khau-dai")


def test_reading_a_missing_database_creates_nothing(tmp_path):
    store = UserStore(tmp_path / "none.sqlite3")
    assert store.list() == [] and store.get("lan") is None and not store.has_admin()
    assert not store.path.exists()


def test_roles_include_the_lower_ones():
    assert role_allows(ADMIN, CLERK) and role_allows(CLERK, VIEWER) and role_allows(VIEWER, VIEWER)
    assert not role_allows(VIEWER, CLERK) and not role_allows(CLERK, ADMIN) and not role_allows("x", VIEWER)


def test_default_database_is_beside_the_campaigns_folder_or_configured(tmp_path, monkeypatch):
    monkeypatch.delenv("VANTHU_USERS_DB", raising=False)
    assert default_db_path(tmp_path / "campaigns") == tmp_path.resolve() / "vanthu-users.sqlite3"
    monkeypatch.setenv("VANTHU_USERS_DB", str(tmp_path / "data" / "u.db"))
    assert default_db_path(tmp_path / "campaigns") == tmp_path / "data" / "u.db"


class _Clock:
    """A clock the test moves by hand: the limiter's window without waiting."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_limiter_blocks_after_five_failures_until_the_window_passes():
    clock = _Clock()
    limiter = LoginLimiter(limit=5, window=300, clock=clock)
    keys = ["user:lan", "addr:10.0.0.7"]
    for _ in range(4):
        limiter.failed(keys)
        clock.now += 1
    assert limiter.retry_after(keys) == 0
    limiter.failed(keys)
    assert limiter.retry_after(["addr:10.0.0.7"]) == 296  # the first failure ages out at 1300
    assert limiter.retry_after(["user:binh", "addr:10.0.0.8"]) == 0  # others are not slowed
    clock.now = 1300.0
    assert limiter.retry_after(keys) == 0


def test_limiter_forgets_an_accounts_failures_after_its_right_password():
    limiter = LoginLimiter(limit=2, window=300, clock=_Clock())
    limiter.failed(["user:lan", "addr:a"])
    limiter.succeeded(["user:lan"])
    limiter.failed(["user:lan", "addr:a"])
    assert limiter.retry_after(["user:lan"]) == 0 and limiter.retry_after(["addr:a"]) > 0


# --- vanthu users -------------------------------------------------------------------------------


def _users(runner, tmp_path, *args, stdin=None):
    return runner.invoke(main, ["users", *args, "--db", str(tmp_path / "u.sqlite3")], input=stdin)


def test_cli_add_list_role_passwd_remove(runner, tmp_path):
    result = _users(runner, tmp_path, "add", "lan", "--role", "admin", "--password-stdin", stdin="mat-khau-dai\n")
    assert result.exit_code == 0, result.output
    assert "Đã tạo tài khoản lan (admin)" in result.output
    assert _users(runner, tmp_path, "add", "binh", stdin="mat-khau-dai\nmat-khau-dai\n").exit_code == 0
    assert _users(runner, tmp_path, "role", "binh", "clerk").exit_code == 0
    listed = _users(runner, tmp_path, "list").output
    assert "binh\tclerk" in listed and "lan\tadmin" in listed
    assert _users(runner, tmp_path, "passwd", "binh", "--password-stdin", stdin="mat-khau-moi\n").exit_code == 0
    store = UserStore(tmp_path / "u.sqlite3")
    assert store.authenticate("binh", "mat-khau-moi")
    assert _users(runner, tmp_path, "remove", "binh", stdin="y\n").exit_code == 0
    assert [u.name for u in store.list()] == ["lan"]


def test_cli_prompted_password_must_be_typed_twice_the_same(runner, tmp_path):
    result = _users(runner, tmp_path, "add", "lan", stdin="mat-khau-dai\nkhac-han-nhe\nmat-khau-dai\nmat-khau-dai\n")
    assert result.exit_code == 0
    assert "Nhập lại mật khẩu" in result.output
    assert UserStore(tmp_path / "u.sqlite3").authenticate("lan", "mat-khau-dai")


def test_cli_refusals_are_vietnamese_messages_with_exit_2(runner, tmp_path):
    short = _users(runner, tmp_path, "add", "lan", "--password-stdin", stdin="ngan\n")
    assert short.exit_code == 2 and "ít nhất 8 ký tự" in short.output and "Traceback" not in short.output
    _users(runner, tmp_path, "add", "lan", "--role", "admin", "--password-stdin", stdin="mat-khau-dai\n")
    last = _users(runner, tmp_path, "remove", "lan", "--yes")
    assert last.exit_code == 2 and "cuối cùng" in last.output
    missing = _users(runner, tmp_path, "passwd", "ai-do", "--password-stdin", stdin="mat-khau-dai\n")
    assert missing.exit_code == 2 and "Không có tài khoản 'ai-do'" in missing.output


def test_cli_uses_the_database_beside_the_campaigns_folder(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("VANTHU_USERS_DB", raising=False)
    (tmp_path / "campaigns").mkdir()
    result = runner.invoke(main, ["users", "add", "lan", "--password-stdin", "--campaigns", str(tmp_path / "campaigns")],
                           input="mat-khau-dai\n")
    assert result.exit_code == 0
    assert UserStore(tmp_path / "vanthu-users.sqlite3").get("lan") is not None
