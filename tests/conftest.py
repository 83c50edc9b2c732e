"""Shared fixtures: the sample campaign, scratch folders, the web app. Plain helpers are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, SAMPLE, SEED, parse_form_fields


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
    """A scratch copy of the repository's campaigns/ folder: the YAML files and each campaign's
    folder (``lao-cai-2023/results.yaml``, …), not ``.history``."""
    import shutil

    folder = tmp_path / "campaigns"
    folder.mkdir()
    for path in (ROOT / "campaigns").glob("*.yaml"):
        shutil.copy2(path, folder / path.name)
    for path in (ROOT / "campaigns").iterdir():
        if path.is_dir() and not path.name.startswith("."):
            shutil.copytree(path, folder / path.name, ignore=shutil.ignore_patterns(".history"))
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


@pytest.fixture
def edit_form(client):
    """``edit_form(name)`` → the edit page's fields as a MultiDict, ready to change and post."""
    from werkzeug.datastructures import MultiDict

    def load(name: str = "lao-cai-2023") -> MultiDict:
        response = client.get(f"/campaigns/{name}/edit")
        assert response.status_code == 200, response.status_code
        return MultiDict(parse_form_fields(response.get_data(as_text=True)))

    return load
