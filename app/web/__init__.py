"""The web front end: office staff list, edit, preview and download campaigns in a browser.

``create_app()`` builds the Flask app; ``vanthu serve`` runs it under waitress. The YAML files in
the campaigns folder stay the single source of truth: the form reads and writes them through
:mod:`app.loader`, the preview and downloads come from :mod:`app.dispatch`.

Blueprints: ``campaigns`` (list, new, copy, edit), ``documents`` (preview, downloads), ``ui``
(language switch). Another area adds its own blueprint here and, to appear on a campaign's
preview page, calls :func:`register_campaign_link`.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.exceptions import SecurityError
from werkzeug.sansio.utils import host_is_trusted

from app.fsutil import remove_stale_temps
from app.layout import Label
from app.loader import MAX_CAMPAIGN_BYTES, SLUG_RE

__all__ = ["create_app", "is_loopback", "host_allowed", "register_campaign_link", "SecretKeyMissing",
           "WeakSecretKey", "ROOT", "MIN_SECRET_KEY_LENGTH", "LOOPBACK_NAMES"]

ROOT = Path(__file__).resolve().parent.parent.parent
MIN_SECRET_KEY_LENGTH = 32  # characters; secrets.token_hex(32) gives 64
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_IP_HOST = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<v4>[0-9.]+))(?::[0-9]{1,5})?")
csrf = CSRFProtect()


class _ProcessBytecodeCache(BytecodeCache):
    """Compiled page templates shared by every app this process creates (keyed by name and source
    checksum, so an edited template compiles again): the tests make an app per test, and compiling
    the edit form's templates each time was most of their run time."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None and bucket.checksum:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _ProcessBytecodeCache()


class SecretKeyMissing(RuntimeError):
    """The app would listen beyond this computer without a configured secret key."""


class WeakSecretKey(SecretKeyMissing):
    """``VANTHU_SECRET_KEY`` is too short to keep sessions and CSRF tokens from being forged."""


def is_loopback(host: str) -> bool:
    """``True`` for addresses only this computer can reach (127.0.0.1, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(host: str, names: list[str]) -> bool:
    """Whether a request's ``Host`` (``name[:port]``) may be served: one of ``names``, or an IP
    address (v4, or v6 in brackets).

    The check is against DNS rebinding: a page of another site whose name is made to resolve to
    this computer would otherwise use the app with the office's files. Its requests carry that
    site's name; an IP address cannot be re-pointed, so any IP address is safe to accept (the LAN
    opens the app by the server's address without configuration). Werkzeug checks the names (its
    characters and port rules); Flask's own TRUSTED_HOSTS is not used because it cannot match an
    IPv6 address ("[::1]") and refuses the request before an error page can be built.
    """
    named = [name for name in names if not name.startswith("[")]
    if named and host_is_trusted(host, named):
        return True
    found = _IP_HOST.fullmatch(host)
    if found is None:
        return False
    try:
        ipaddress.ip_address(found["v6"] or found["v4"])
    except ValueError:
        return False
    return True


def register_campaign_link(app: Flask, endpoint: str, label: Any) -> None:
    """Show a link to ``endpoint`` (taking ``name=<campaign>``) on every campaign's preview page."""
    app.extensions.setdefault("vanthu_campaign_links", []).append((endpoint, label))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` overrides the defaults (folders, secret key, testing)."""
    app = Flask(__name__)
    app.config.update(
        CAMPAIGNS_DIR=Path("campaigns"),
        OUTPUTS_DIR=Path("outputs"),
        HOST="127.0.0.1",
        # A campaign is at most MAX_CAMPAIGN_BYTES of YAML; its form is about the same size.
        MAX_CONTENT_LENGTH=2 * MAX_CAMPAIGN_BYTES,
        MAX_FORM_MEMORY_SIZE=2 * MAX_CAMPAIGN_BYTES,
        # The edit form may stay open all morning: the token lives as long as the session.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        LANGUAGES={"vi": "Tiếng Việt", "en": "English"},
    )
    app.config.update(config or {})
    app.config["CAMPAIGNS_DIR"] = Path(app.config["CAMPAIGNS_DIR"]).resolve()
    app.config["OUTPUTS_DIR"] = Path(app.config["OUTPUTS_DIR"]).resolve()
    # What a server killed in the middle of a save left behind (issue 11.4: no stale file).
    remove_stale_temps(app.config["CAMPAIGNS_DIR"], app.config["OUTPUTS_DIR"])
    _configure_secret(app)
    _configure_hosts(app)
    app.jinja_env.autoescape = True  # also for any template not named .html
    app.jinja_env.bytecode_cache = _BYTECODE_CACHE
    app.jinja_env.globals["Label"] = Label  # the fixed words documents print (Kính gửi:, Nơi nhận:)

    csrf.init_app(app)
    from app.web import errors, i18n
    i18n.init_app(app)
    errors.init_app(app)
    _add_slug_converter(app)

    from app.web.campaigns import bp as campaigns_bp
    from app.web.documents import bp as documents_bp
    app.register_blueprint(campaigns_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(i18n.bp)
    from app.web import checklists
    checklists.init_app(app)  # per-unit checklists (issue 4): blueprint and campaign-page link
    # year end: results (entry, XLSX upload), scoreboard and nominees, award documents
    from app.web import results
    results.init_app(app)  # results (issue 8): entry table, XLSX upload; campaign-page link
    from app.web import scoreboard
    scoreboard.init_app(app)  # scoreboard and nominees (issue 8): blueprints and campaign-page links
    from app.web import nominations
    nominations.init_app(app)  # award documents (issue 8): Tờ trình, Quyết định, lists, reports; ZIP
    from app.web import dispatch_upload
    dispatch_upload.init_app(app)  # import a past dispatch (issue 9): /campaigns/import
    from app.web import rollover
    rollover.init_app(app)  # next year's plan (issue 10.1): the campaign page's button
    from app.web import files
    files.init_app(app)  # no terminal needed (issue 10.3): history, trash, download/upload of the file
    from app.web import auth
    auth.init_app(app)  # login and roles on the office network (issue 11.5); nothing on loopback

    app.after_request(_security_headers)
    app.extensions.setdefault("vanthu_campaign_links", [])
    return app


def _configure_secret(app: Flask) -> None:
    """Take the secret key from the config or VANTHU_SECRET_KEY; invent one only for loopback."""
    key = app.config.get("SECRET_KEY")
    if not key and (key := os.environ.get("VANTHU_SECRET_KEY")) and len(key) < MIN_SECRET_KEY_LENGTH:
        raise WeakSecretKey(
            f"VANTHU_SECRET_KEY quá ngắn ({len(key)} ký tự, cần ít nhất {MIN_SECRET_KEY_LENGTH}): một khóa "
            "ngắn có thể bị dò ra để giả phiên làm việc. Tạo khóa mới bằng "
            "'python -c \"import secrets; print(secrets.token_hex(32))\"' rồi chạy lại.")
    if key:
        app.config["SECRET_KEY"] = key
        return
    if not is_loopback(str(app.config["HOST"])):
        raise SecretKeyMissing(
            f"Ứng dụng sẽ mở cho các máy khác ({app.config['HOST']}) nên cần khóa bí mật: "
            "đặt biến môi trường VANTHU_SECRET_KEY (một chuỗi ngẫu nhiên dài, ví dụ tạo bằng "
            "'python -c \"import secrets; print(secrets.token_hex(32))\"') rồi chạy lại.")
    # Only this computer can connect: a fresh key per process is enough (sessions end on restart).
    app.config["SECRET_KEY"] = secrets.token_hex(32)


def _configure_hosts(app: Flask) -> None:
    """The host names the app answers to (:func:`host_allowed`): loopback, the address it listens
    on, and ``ALLOWED_HOSTS`` (config) or ``VANTHU_ALLOWED_HOSTS`` (comma-separated names, e.g. the
    server's name on the LAN); any other name gets the 400 page."""
    extra = app.config.get("ALLOWED_HOSTS") or os.environ.get("VANTHU_ALLOWED_HOSTS", "").split(",")
    names = [*LOOPBACK_NAMES, str(app.config["HOST"]), *(name.strip() for name in extra)]
    app.config["ALLOWED_HOSTS"] = [name.lower() for name in names if name]

    def refuse_foreign_host() -> None:
        if not host_allowed(request.host.lower(), app.config["ALLOWED_HOSTS"]):
            raise SecurityError(request.host)

    # First of all: a foreign page must not reach the CSRF check, or any view, at all.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_foreign_host)


def _add_slug_converter(app: Flask) -> None:
    """``<slug:name>``: a URL part that is a safe campaign name, or no match at all (404)."""
    from werkzeug.routing import BaseConverter

    class SlugConverter(BaseConverter):
        regex = SLUG_RE.pattern.removeprefix("^").removesuffix("$")

    app.url_map.converters["slug"] = SlugConverter


def _security_headers(response):
    """Everything is served from this app: no framing, no foreign scripts, no MIME guessing."""
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                                "form-action 'self'; base-uri 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
