"""The campaign a URL names: 404 when there is no such file, a 422 page when it is broken.

Shared by every blueprint so that a name is checked (safe slug, existing file) in one place.
A view that needs a usable campaign calls :func:`get_campaign`, which ends the request itself
(like flaskr's ``get_post``) when it cannot return one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import abort, current_app, make_response, render_template

from app import store
from app.campaign import Campaign
from app.lru import LruMap

__all__ = ["campaign_file", "get_campaign", "broken_page", "derived"]

T = TypeVar("T")
# What pages make from a campaign (the dispatch view, its warnings, the printed-page HTML), kept
# for the last campaigns the store handed out: the store gives the same model while the file is
# unchanged, so the model itself is the key (held here, its id is not reused meanwhile).
_derived: LruMap[tuple[int, str], tuple[Campaign, Any]] = LruMap(64)


def campaign_file(name: str) -> Path:
    """The file of campaign ``name`` in the configured folder, or 404."""
    path = store.campaign_path(current_app.config["CAMPAIGNS_DIR"], name)
    if path is None or not path.is_file():
        abort(404)
    return path


def get_campaign(name: str) -> tuple[Path, Campaign]:
    """The campaign's file and model; ends the request with 404 (no such campaign) or with the
    422 page listing its problems (the file does not validate)."""
    path = campaign_file(name)
    found = store.read_campaign_file(path)
    if found.campaign is None:
        abort(make_response(broken_page(name, found.problems)))
    return path, found.campaign


def broken_page(name: str, problems: list[str]):
    """The page for a campaign that does not validate, with a link to fix it (422)."""
    return render_template("campaigns/broken.html", name=name, problems=problems, editable=True), 422


def derived(campaign: Campaign, what: str, make: Callable[[Campaign], T]) -> T:
    """``make(campaign)``, made once per validated campaign and ``what`` (name the inputs other
    than the campaign in it, e.g. the language); campaigns are not changed once validated."""
    key = (id(campaign), what)
    hit = _derived.get(key)
    if hit is not None and hit[0] is campaign:
        return hit[1]
    value = make(campaign)
    _derived.put(key, (campaign, value))
    return value
