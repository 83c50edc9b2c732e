"""Interface language: Vietnamese by default, English on request (``?lang=en``, kept in a cookie).

The message ids in the code and templates are the Vietnamese texts, so the interface is
Vietnamese even without any catalogue; ``translations/en`` holds the English. Catalogues are
compiled (``.po`` → ``.mo``) when the app starts if the ``.mo`` is missing or older, so a fresh
clone works without a build step (``*.mo`` files are not committed).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Blueprint, Flask, current_app, redirect, request, url_for
from flask_babel import Babel, get_locale, gettext

from app import vnformat
from app.fsutil import atomic_output
from app.messages import Message

__all__ = ["bp", "init_app", "compile_catalogs", "tr", "TRANSLATIONS_DIR", "LANG_COOKIE"]

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
LANG_COOKIE = "vanthu_lang"
bp = Blueprint("ui", __name__)


def compile_catalogs(source: Path = TRANSLATIONS_DIR) -> Path:
    """Compile every ``.po`` under ``source`` whose ``.mo`` is stale; return the folder to use.

    When the package folder is read-only (an installed copy), the catalogues are compiled into
    a temporary folder instead.
    """
    try:
        _compile_into(source, source)
        return source
    except OSError:
        target = Path(tempfile.mkdtemp(prefix="vanthu-i18n-"))
        _compile_into(source, target)
        return target


def _compile_into(source: Path, target: Path) -> None:
    for po_path in source.glob("*/LC_MESSAGES/*.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with atomic_output(mo_path) as tmp, tmp.open("wb") as out:
            write_mo(out, catalog)


def select_locale() -> str:
    """The language asked for in the URL, else the one remembered in the cookie, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return "vi"


def _remember_language(response):
    """Keep the language chosen with ``?lang=`` for the next pages."""
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def tr(message: object) -> str:
    """A core message (:class:`app.messages.Message`) in the interface language: its template
    looked up in the catalogue, then its values put in (translated too when they are messages,
    or exceptions raised with one); any other value as text."""
    if isinstance(message, BaseException) and len(message.args) == 1:
        message = message.args[0]
    if not isinstance(message, Message):
        return "" if message is None else str(message)
    params = {key: tr(value) if isinstance(value, Message | BaseException) else value
              for key, value in message.params.items()}
    try:
        return gettext(message.template).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder: the Vietnamese
        return str(message)


def format_datetime_vn(value: dt.datetime) -> str:
    """``10/02/2023 14:05``: a file's time the Vietnamese way (day first)."""
    return f"{vnformat.format_short_date(value.date())} {value:%H:%M}"


def local_path(target: str) -> str | None:
    """``target`` when a browser can only read it as a path of this site ("/campaigns/x?lang=en"),
    else ``None``: another host ("//evil.com", "/\\evil.com", "https:…") or any character that is
    not printable. Browsers drop tabs and newlines from a URL ("/\t/evil.com" is "//evil.com" to
    them) and a header cannot carry a newline (it was a 500), so such a target is refused whole."""
    if (not target.startswith("/") or target.startswith("//") or "\\" in target
            or target != target.strip() or not target.isprintable()):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.get("/lang/<code>")
def switch(code: str):
    """Switch the interface language and go back to the page the user was on."""
    response = redirect(local_path(request.args.get("next", "")) or url_for("campaigns.index"))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def init_app(app: Flask) -> None:
    """Set up Flask-Babel, the compiled catalogues, and the Vietnamese formatting filters."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "vi")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compile_catalogs())
    Babel(app, locale_selector=select_locale)
    app.after_request(_remember_language)
    app.context_processor(lambda: {"current_lang": str(get_locale() or "vi")})
    app.jinja_env.filters["tr"] = tr
    app.jinja_env.filters["vn_number"] = vnformat.format_number
    app.jinja_env.filters["vn_date"] = vnformat.format_short_date
    app.jinja_env.filters["vn_long_date"] = vnformat.format_long_date
    app.jinja_env.filters["vn_datetime"] = format_datetime_vn
