"""The people who may use the web app when it is opened to the office network (issue 11.5).

On 127.0.0.1 the app has one user, the person at this computer, and no login. On any other
address everyone logs in: the accounts live in a small SQLite database beside the campaigns
folder (:func:`default_db_path`), each with a role — ``viewer`` reads and downloads, ``clerk``
also edits and generates, ``admin`` also deletes, restores and manages the accounts.
Passwords are stored only as salted scrypt hashes (``werkzeug.security``, a hashing helper with
no web framework in it). :class:`LoginLimiter` slows down password guessing.
No web framework here: ``vanthu users`` and the web's login share this module.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from app.messages import msg

__all__ = ["ROLES", "VIEWER", "CLERK", "ADMIN", "User", "UsersError", "UserStore", "LoginLimiter",
           "default_db_path", "role_allows", "DB_NAME", "MIN_PASSWORD"]

VIEWER, CLERK, ADMIN = "viewer", "clerk", "admin"
ROLES = (VIEWER, CLERK, ADMIN)  # each role may do everything the roles before it may
DB_NAME = "vanthu-users.sqlite3"
MIN_PASSWORD = 8
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")

_SCHEMA = """CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'clerk', 'admin')),
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL)"""

# Checked against when the name is unknown, so a wrong name costs as long as a wrong password
# and the answer's timing does not tell which names exist.
_DUMMY_HASH = generate_password_hash("vanthu-no-such-user")


class UsersError(ValueError):
    """A request about the accounts that cannot be done (bad name, short password, last admin…)."""


@dataclass(frozen=True)
class User:
    """One account. ``session_id`` changes with the password, so a new password ends old logins."""

    name: str
    role: str
    created: str
    changed: str
    password_hash: str = field(repr=False)

    @property
    def session_id(self) -> str:
        """What the login cookie holds: the name and a fingerprint of the current password hash."""
        return f"{self.name}:{hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]}"

    def may(self, role: str) -> bool:
        """Whether this account's role includes ``role``."""
        return role_allows(self.role, role)


def role_allows(have: str, need: str) -> bool:
    """Whether role ``have`` may do what role ``need`` may (admin ⊇ clerk ⊇ viewer)."""
    return have in ROLES and ROLES.index(have) >= ROLES.index(need)


def default_db_path(campaigns_dir: Path) -> Path:
    """Where the accounts live: ``VANTHU_USERS_DB`` when set, else beside the campaigns folder, not
    in it (the campaigns folder is copied and shared; the accounts should not travel with it)."""
    configured = os.environ.get("VANTHU_USERS_DB")
    return Path(configured) if configured else Path(campaigns_dir).resolve().parent / DB_NAME


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """The account name in its stored form (lower case), or :class:`UsersError`."""
    clean = name.strip().lower()
    if not NAME_RE.fullmatch(clean):
        raise UsersError(msg("Tên đăng nhập '{name}' không hợp lệ: chỉ dùng chữ thường không dấu, số, '.', '_' "
                         "hoặc '-' (tối đa 32 ký tự, bắt đầu bằng chữ hoặc số), ví dụ 'lan' hoặc 'nguyen.van.a'.", name=name))
    return clean


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`, else :class:`UsersError`."""
    if role not in ROLES:
        raise UsersError(msg("Vai trò '{role}' không có: chọn một trong {ROLES}.", role=role, ROLES=', '.join(ROLES)))
    return role


def check_password(password: str) -> str:
    """``password`` if it is long enough, else :class:`UsersError`."""
    if len(password) < MIN_PASSWORD:
        raise UsersError(msg("Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.", MIN_PASSWORD=MIN_PASSWORD))
    return password


class UserStore:
    """The accounts' SQLite database at ``path`` (created on first write, readable only by its owner).

    Every change is one SQLite transaction: a crash leaves the old or the new state, never half.
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not write and not self.path.exists():
            # Reading must not create an empty database (e.g. the loopback app asking about users).
            with closing(sqlite3.connect(":memory:")) as empty:
                yield empty
            return
        created = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn:
            if created:
                os.chmod(self.path, 0o600)  # password hashes: not for the other accounts of this computer
            conn.execute(_SCHEMA)
            with conn:  # commit on success, roll back on error
                yield conn

    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[User]:
        with self._db() as conn:
            try:
                rows = conn.execute(f"SELECT name, role, created, changed, password_hash FROM users {sql}",  # noqa: S608 - fixed clauses only
                                    tuple(args)).fetchall()
            except sqlite3.OperationalError:  # the in-memory stand-in has no table
                return []
        return [User(*row) for row in rows]

    def list(self) -> list[User]:
        """Every account, by name."""
        return self._rows("ORDER BY name")

    def get(self, name: str) -> User | None:
        """The account called ``name`` (any case), or ``None``."""
        found = self._rows("WHERE name = ?", (name.strip().lower(),))
        return found[0] if found else None

    def require(self, name: str) -> User:
        """The account called ``name``, or :class:`UsersError` saying there is none."""
        user = self.get(name)
        if user is None:
            raise UsersError(msg("Không có tài khoản '{name}' (xem danh sách: vanthu users list).", name=name.strip().lower()))
        return user

    def has_admin(self) -> bool:
        """Whether at least one account may manage the others."""
        return any(u.role == ADMIN for u in self.list())

    def add(self, name: str, password: str, role: str = VIEWER) -> User:
        """Create an account; :class:`UsersError` when the name is taken or anything is invalid."""
        name, role = check_name(name), check_role(role)
        digest = generate_password_hash(check_password(password))
        now = _now()
        with self._db(write=True) as conn:
            try:
                conn.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)", (name, role, digest, now, now))
            except sqlite3.IntegrityError as exc:
                raise UsersError(msg("Tên đăng nhập '{name}' đã có.", name=name)) from exc
        return User(name, role, now, now, digest)

    def set_password(self, name: str, password: str) -> None:
        """Give ``name`` a new password (its open logins end)."""
        name, digest = check_name(name), generate_password_hash(check_password(password))
        self._update(name, "password_hash = ?", digest)

    def set_role(self, name: str, role: str) -> None:
        """Change ``name``'s role; the last admin cannot stop being one."""
        self._update(check_name(name), "role = ?", check_role(role), keep_admin=role != ADMIN)

    def remove(self, name: str) -> None:
        """Delete the account ``name``; the last admin cannot be removed."""
        self._update(check_name(name), None, None, keep_admin=True)

    def _update(self, name: str, assignment: str | None, value: object, keep_admin: bool = False) -> None:
        name = name.strip().lower()
        with self._db(write=True) as conn:
            row = conn.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                self.require(name)  # raises: no such account
            if keep_admin and row[0] == ADMIN:
                admins = conn.execute("SELECT COUNT(*) FROM users WHERE role = ?", (ADMIN,)).fetchone()[0]
                if admins <= 1:
                    raise UsersError(msg("'{name}' là quản trị viên (admin) cuối cùng: tạo một admin khác trước.", name=name))
            if assignment is None:
                conn.execute("DELETE FROM users WHERE name = ?", (name,))
            else:
                conn.execute(f"UPDATE users SET {assignment}, changed = ? WHERE name = ?",  # noqa: S608 - fixed clauses only
                             (value, _now(), name))

    def authenticate(self, name: str, password: str) -> User | None:
        """The account if ``password`` is its password, else ``None`` (same work either way)."""
        user = self.get(name) if NAME_RE.fullmatch(name.strip().lower()) else None
        ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password)
        return user if user is not None and ok else None


class LoginLimiter:
    """Failed logins counted per account name and per client address: after ``limit`` failures
    within ``window`` seconds further attempts are refused until the oldest failure ages out.

    Hand-written rather than Flask-Limiter: that library limits requests, while only *failed*
    logins should count (a person who types the right password is never slowed), and it would
    need a storage backend; this is a few lines in memory, per process (waitress runs one).
    """

    def __init__(self, limit: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> collections.deque[float]:
        times = self._failures.get(key, collections.deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def retry_after(self, keys: Iterable[str]) -> int:
        """Seconds until any of ``keys`` may try again (0: now)."""
        with self._lock:
            now = self.clock()
            waits = [self.window - (now - times[0]) for times in (self._recent(k, now) for k in keys)
                     if len(times) >= self.limit]
        return int(max(waits) + 0.999) if waits else 0

    def failed(self, keys: Iterable[str]) -> None:
        """Count one failed login against each of ``keys``."""
        with self._lock:
            now = self.clock()
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times
            if len(self._failures) > 10_000:  # a flood of made-up names must not fill the memory
                for key in list(self._failures):
                    self._recent(key, now)

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of ``keys`` (the account's, after its right password)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
