"""Shared fixtures: the sample campaign and a scratch output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "campaigns" / "lao-cai-2023.yaml"
# A copy of ../shared/seeds/000_6a8d03d26de57ab1.txt, the real 2023 dispatch, so that a clone
# without shared/ beside it still runs the fidelity test.
SEED = ROOT / "tests" / "data" / "seed-lao-cai-2023.txt"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def sample_campaign():
    from app.loader import load_campaign

    return load_campaign(SAMPLE)


# --- Web app fixtures (tests/test_web*.py, tests/test_browser.py) -------------------------------
# Every web test works on a temporary copy of campaigns/ and a temporary outputs folder, so the
# repository's campaign files are never modified.


@pytest.fixture
def campaigns_dir(tmp_path: Path) -> Path:
    """A scratch copy of the repository's campaigns/ folder (YAML files only)."""
    import shutil

    folder = tmp_path / "campaigns"
    folder.mkdir()
    for path in (ROOT / "campaigns").glob("*.yaml"):
        shutil.copy2(path, folder / path.name)
    return folder


@pytest.fixture
def outputs_dir(tmp_path: Path) -> Path:
    return tmp_path / "outputs"


@pytest.fixture
def app(campaigns_dir: Path, outputs_dir: Path):
    """The web app over the scratch folders; CSRF is off except in tests that turn it on."""
    from app.web import create_app

    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test-only",
                       "CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    """A runner for the ``vanthu`` command group."""
    from click.testing import CliRunner

    return CliRunner()


def parse_form_fields(html: str, form_class: str = "campaign-form") -> list[tuple[str, str]]:
    """The fields a browser would submit from the form ``form_class`` of ``html`` (no buttons).

    Reads inputs, checked checkboxes, selected options and textareas, in page order, and skips
    the row templates (``<template>``) that only JavaScript uses.
    """
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.fields: list[tuple[str, str]] = []
            self.in_form = self.in_template = 0
            self.textarea: list[str] | None = None
            self.select: str | None = None

        def handle_starttag(self, tag, attrs):
            a = {k: (v if v is not None else "") for k, v in attrs}
            if tag == "form" and form_class in a.get("class", "").split():
                self.in_form = 1
            if tag == "template":
                self.in_template += 1
            if not self.in_form or self.in_template:
                return
            kind = a.get("type", "text")
            if tag == "input" and "name" in a and kind not in ("submit", "button"):
                if kind not in ("checkbox", "radio") or "checked" in a:
                    self.fields.append((a["name"], a.get("value", "")))
            elif tag == "textarea":
                self.textarea = [a["name"], ""]
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and "selected" in a and self.select:
                self.fields.append((self.select, a.get("value", "")))

        def handle_endtag(self, tag):
            if tag == "template":
                self.in_template -= 1
            elif tag == "form":
                self.in_form = 0
            elif tag == "textarea" and self.textarea is not None:
                self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
                self.textarea = None

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

    parser = Parser()
    parser.feed(html)
    return parser.fields


@pytest.fixture
def edit_form(client):
    """``edit_form(name)`` → the edit page's fields as a MultiDict, ready to change and post."""
    from werkzeug.datastructures import MultiDict

    def load(name: str = "lao-cai-2023") -> MultiDict:
        response = client.get(f"/campaigns/{name}/edit")
        assert response.status_code == 200, response.status_code
        return MultiDict(parse_form_fields(response.get_data(as_text=True)))

    return load
