"""Issue 10.6: a campaign without units gets a message, not an empty ZIP (core, CLI, web); the
checklists page titles its columns with the metric's unit, not its internal code."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from app.checklists import ChecklistError, render_checklists
from app.cli import main
from app.loader import parse_campaign
from app.skeleton import skeleton_text

NAME = "lao-cai-2023"
MESSAGE = "chiến dịch chưa có đơn vị nào"


def test_render_refuses_a_campaign_without_units(tmp_path):
    with pytest.raises(ChecklistError, match=MESSAGE):
        render_checklists(parse_campaign(skeleton_text(2026)), "moi", tmp_path, make_zip=True)
    assert not list(tmp_path.rglob("*.zip"))


def test_cli_says_so(tmp_path):
    path = tmp_path / "moi.yaml"
    path.write_text(skeleton_text(2026), "utf-8")
    result = CliRunner().invoke(main, ["checklists", str(path), "--out", str(tmp_path / "out"), "--zip"])
    assert result.exit_code != 0
    assert MESSAGE in result.output
    assert not list(tmp_path.rglob("*.zip"))


def test_web_zip_says_so_and_the_page_has_a_message(client, campaigns_dir):
    (campaigns_dir / "moi.yaml").write_text(skeleton_text(2026), "utf-8")
    response = client.get("/campaigns/moi/checklists.zip")
    assert response.status_code == 422
    assert MESSAGE in response.get_data(as_text=True)
    assert "Chiến dịch chưa có đơn vị nào" in client.get("/campaigns/moi/checklists").get_data(as_text=True)


def test_column_titles_are_the_units_not_the_codes(client):
    html = client.get(f"/campaigns/{NAME}/checklists").get_data(as_text=True)
    assert "(qua-tet)" not in html
