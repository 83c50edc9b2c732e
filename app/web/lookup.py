"""The campaign a URL names: 404 when there is no such file, a 422 page when it is broken.

Shared by every blueprint so that a name is checked (safe slug, existing file) in one place.
"""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template

from app.campaign import Campaign
from app.loader import CampaignError, load_campaign
from app.web import store

__all__ = ["campaign_file", "load_or_problems", "broken_page"]


def campaign_file(name: str) -> Path:
    """The file of campaign ``name`` in the configured folder, or 404."""
    path = store.campaign_path(current_app.config["CAMPAIGNS_DIR"], name)
    if path is None or not path.is_file():
        abort(404)
    return path


def load_or_problems(name: str) -> tuple[Path, Campaign | None, list[str]]:
    """The campaign's file and model, or its file and its problems as ``file:line: field: …``."""
    path = campaign_file(name)
    try:
        return path, load_campaign(path), []
    except CampaignError as exc:
        return path, None, store.problems_text(exc, name)


def broken_page(name: str, problems: list[str]):
    """The page for a campaign that does not validate, with a link to fix it (422)."""
    return render_template("campaigns/broken.html", name=name, problems=problems, editable=True), 422
