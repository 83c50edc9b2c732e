"""Login and roles when the app is opened to the office network (issue 11.5).

On a loopback address (``vanthu serve``, ``make run``) nothing here applies: one person, no
login. When the app listens on any other address (``LOGIN_REQUIRED``, set from ``HOST`` unless a
test sets it) every page needs a logged-in account from :class:`app.users.UserStore`, and what
the account may do is decided in one place, :data:`RULES`, by endpoint and HTTP method. Every
change a logged-in person makes to the campaigns folder is logged with their name
(:func:`app.history.changed_since`) and shown on the history page.

Flask-Login keeps the account in the session; Flask-WTF's CSRF protection covers the login form
like every other form. Failed logins are counted per name and per address
(:class:`app.users.LoginLimiter`): after 5 in 5 minutes the answer is 429.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user, logout_user

from app import history
from app.users import ADMIN, CLERK, ROLES, VIEWER, LoginLimiter, User, UsersError, UserStore, default_db_path
from app.web import is_loopback
from app.web.i18n import local_path

__all__ = ["bp", "init_app", "NoAdmin", "RULES", "required_role", "can", "ROLE_LABELS"]

bp = Blueprint("auth", __name__)

ROLE_LABELS = {VIEWER: _l("Người xem"), CLERK: _l("Văn thư"), ADMIN: _l("Quản trị")}
CHANGE_LABELS = {"save": _l("Lưu"), "create": _l("Tạo"), "delete": _l("Xóa (vào thùng rác)"),
                 "restore": _l("Khôi phục bản cũ"), "untrash": _l("Lấy lại từ thùng rác")}

# Who may do what: the one table. Reading (GET, HEAD) needs a viewer and any other method a clerk,
# unless the endpoint is listed: then it needs that role for every method, and the history calls
# its change by the name given (else create, save or delete by what happened to the file).
RULES: dict[str, tuple[str, str | None]] = {
    "files.delete": (ADMIN, "delete"),
    "files.restore": (ADMIN, "restore"),
    "files.untrash": (ADMIN, "untrash"),
    "auth.users": (ADMIN, None),
    "auth.user_add": (ADMIN, None),
    "auth.user_role": (ADMIN, None),
    "auth.user_remove": (ADMIN, None),
}
PUBLIC = {"auth.login", "auth.logout", "static", "ui.switch"}  # open without an account


class NoAdmin(RuntimeError):
    """The app would open to the network with no account able to manage the others."""


class _Account(UserMixin):
    """The logged-in account as Flask-Login sees it (its id ends when the password changes)."""

    def __init__(self, user: User):
        self.user = user
        self.name, self.role = user.name, user.role

    def get_id(self) -> str:
        return self.user.session_id

    def may(self, role: str) -> bool:
        """Whether this account's role includes ``role``."""
        return self.user.may(role)


class _Nobody(AnonymousUserMixin):
    """Not logged in. On 127.0.0.1 (no login) this person may do everything, as before."""

    name = role = ""

    def may(self, role: str) -> bool:
        return not current_app.config["LOGIN_REQUIRED"]


def required_role(endpoint: str, method: str) -> str:
    """The role a request to ``endpoint`` with ``method`` needs (:data:`RULES`)."""
    if endpoint in RULES:
        return RULES[endpoint][0]
    return VIEWER if method in ("GET", "HEAD") else CLERK


def can(endpoint: str, method: str = "POST") -> bool:
    """Whether the person viewing the page may send ``method`` to ``endpoint`` (:data:`RULES`):
    the pages offer only what this is true for. Always true on 127.0.0.1 (no login)."""
    return current_user.may(required_role(endpoint, method))


def _refused(status: int, title, detail):
    """An error page for a refusal (403, or 400 from the accounts page): the reason is all it says."""
    return render_template("error.html", status=status, title=title, message=detail, detail=None), status


def _store() -> UserStore:
    return UserStore(current_app.config["USERS_DB"])


def _limiter() -> LoginLimiter:
    return current_app.extensions["vanthu_login_limiter"]


def init_app(app: Flask) -> None:
    """Wire login and roles into ``app``: from ``HOST`` (or ``LOGIN_REQUIRED``) decide whether a
    login is needed; then there must be an admin account (:class:`NoAdmin` otherwise)."""
    app.config.setdefault("LOGIN_REQUIRED", not is_loopback(str(app.config["HOST"])))
    app.config.setdefault("USERS_DB", default_db_path(app.config["CAMPAIGNS_DIR"]))
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    manager = LoginManager(app)
    manager.anonymous_user = _Nobody
    manager.login_view = "auth.login"
    manager.login_message = _l("Hãy đăng nhập để tiếp tục.")
    manager.login_message_category = "info"
    manager.user_loader(_load_account)
    app.extensions["vanthu_login_limiter"] = LoginLimiter(limit=5, window=300)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(role_labels=ROLE_LABELS, change_labels=CHANGE_LABELS, history_changes=_history_changes,
                                 can=can)
    if not app.config["LOGIN_REQUIRED"]:
        return
    if not UserStore(app.config["USERS_DB"]).has_admin():
        raise NoAdmin(
            f"Ứng dụng sẽ mở cho các máy khác ({app.config['HOST']}) nên ai dùng cũng phải đăng nhập, "
            f"nhưng chưa có quản trị viên nào trong {app.config['USERS_DB']}. Tạo quản trị viên đầu tiên "
            "bằng 'vanthu users add TÊN --role admin' (thêm --campaigns như khi chạy serve) rồi chạy lại.")
    app.before_request(_enforce)
    app.after_request(_log_changes)


def _load_account(session_id: str) -> _Account | None:
    user = _store().get(session_id.partition(":")[0])
    return _Account(user) if user is not None and user.session_id == session_id else None


def _enforce():
    """Refuse what the account may not do: not logged in → the login page, too low a role → 403."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in PUBLIC:
        return None  # 404s and the login page itself
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    need = required_role(endpoint, request.method)
    if not current_user.may(need):
        return _refused(403, title=_l("Không đủ quyền"),
                        detail=_l("Tài khoản %(name)s (%(role)s) không làm được việc này: cần vai trò "
                                  "%(need)s. Hãy nhờ quản trị viên.", name=current_user.name,
                                  role=ROLE_LABELS[current_user.role], need=ROLE_LABELS[need]))
    if request.method not in ("GET", "HEAD"):
        g.vanthu_before = history.snapshot(current_app.config["CAMPAIGNS_DIR"])
    return None


def _log_changes(response):
    """Log the campaign files a successful request of a logged-in person changed, as theirs."""
    before = g.pop("vanthu_before", None)
    if before is not None and response.status_code < 400:
        action = RULES.get(request.endpoint or "", (None, None))[1]
        history.changed_since(current_app.config["CAMPAIGNS_DIR"], before, author=current_user.name,
                              name=(request.view_args or {}).get("name"), action=action)
    return response


def _history_changes(name: str) -> list[history.Change]:
    return history.changes(current_app.config["CAMPAIGNS_DIR"], name)


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this app only (never another site)."""
    return local_path(target or "") or url_for("campaigns.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login form; on 127.0.0.1 (no login) straight to the campaigns."""
    next_url = _safe_next(request.values.get("next"))
    if not current_app.config["LOGIN_REQUIRED"] or current_user.is_authenticated:
        return redirect(next_url)
    if request.method == "GET":
        return render_template("auth/login.html", name="", next_url=next_url)
    name = request.form.get("name", "").strip().lower()[:64]
    keys = [f"user:{name}", f"addr:{request.remote_addr}"]
    wait = _limiter().retry_after(keys)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        return render_template("auth/login.html", name=name, next_url=next_url,
                               error=gettext("Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)s phút.",
                                             minutes=minutes)), 429, {"Retry-After": str(wait)}
    user = _store().authenticate(name, request.form.get("password", ""))
    if user is None:
        _limiter().failed(keys)
        return render_template("auth/login.html", name=name, next_url=next_url,
                               error=gettext("Sai tên đăng nhập hoặc mật khẩu.")), 401
    _limiter().succeeded(keys[:1])
    session.clear()  # a fresh session: nothing from before the login is trusted after it
    login_user(_Account(user))
    return redirect(next_url, code=303)


@bp.route("/logout", methods=["POST"])
def logout():
    """End the login (a POST with the CSRF token, so another site cannot log anyone out)."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"), code=303)


@bp.route("/users")
def users():
    """The accounts, for an admin: add, change a role, remove (as ``vanthu users``)."""
    return render_template("auth/users.html", users=_store().list(), roles=ROLES)


def _admin_action(action, *args):
    try:
        action(*args)
    except UsersError as exc:
        return _refused(400, title=_l("Không thực hiện được với tài khoản"), detail=str(exc))
    return redirect(url_for("auth.users"), code=303)


@bp.route("/users/add", methods=["POST"])
def user_add():
    """Create an account from the admin page's form."""
    form = request.form
    if form.get("password", "") != form.get("password2", ""):
        return _refused(400, title=_l("Không thực hiện được với tài khoản"),
                        detail=_l("Hai lần nhập mật khẩu không giống nhau."))
    return _admin_action(_store().add, form.get("name", ""), form.get("password", ""), form.get("role", VIEWER))


@bp.route("/users/<name>/role", methods=["POST"])
def user_role(name: str):
    """Change an account's role."""
    return _admin_action(_store().set_role, name, request.form.get("role", ""))


@bp.route("/users/<name>/remove", methods=["POST"])
def user_remove(name: str):
    """Remove an account (never the last admin, never one's own)."""
    if name == current_user.name:
        return _refused(400, title=_l("Không thực hiện được với tài khoản"),
                        detail=_l("Không thể tự xóa tài khoản đang đăng nhập."))
    return _admin_action(_store().remove, name)
