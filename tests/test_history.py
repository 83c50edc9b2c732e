"""Core: a campaign's saved versions, diff, restore, trash and replacing its file (app/history.py, issue 10.3)."""

from __future__ import annotations

import pytest

from app import history, store
from app.loader import CampaignError, load_campaign, save_campaign

NAME = "lao-cai-2023"


def _save_changed(folder, subject: str):
    path = folder / f"{NAME}.yaml"
    campaign = load_campaign(path)
    campaign.dispatch.subject = subject
    save_campaign(campaign, path)
    return path


def test_versions_list_every_save_newest_first_and_restore_keeps_the_current(campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    original = path.read_bytes()
    _save_changed(campaigns_dir, "lần một")
    _save_changed(campaigns_dir, "lần hai")
    found = history.versions(campaigns_dir, NAME)
    assert len(found) == 2 and found[0].stamp > found[1].stamp
    assert found[1].path.read_bytes() == original and found[1].size == len(original)
    diff = history.diff_lines(found[1].path.read_bytes(), path.read_bytes(), "cũ", "mới")
    assert diff[0] == "--- cũ" and any(line.startswith("+") and "lần hai" in line for line in diff)
    current = path.read_bytes()
    history.restore(campaigns_dir, NAME, found[1].stamp, version=store.version_of(current))
    assert path.read_bytes() == original
    after = history.versions(campaigns_dir, NAME)
    assert len(after) == 3 and after[0].path.read_bytes() == current


def test_restore_refuses_a_stale_version_and_a_broken_one(campaigns_dir):
    path = _save_changed(campaigns_dir, "lần một")
    stamp = history.versions(campaigns_dir, NAME)[0].stamp
    before = path.read_bytes()
    with pytest.raises(store.VersionConflict):
        history.restore(campaigns_dir, NAME, stamp, version="stale")
    broken = campaigns_dir / ".history" / f"{NAME}.20200101-000000-000000.yaml"
    broken.write_text("year: [\n", encoding="utf-8")
    with pytest.raises(CampaignError):
        history.restore(campaigns_dir, NAME, "20200101-000000-000000", version=store.version_of(before))
    assert path.read_bytes() == before
    assert history.version_file(campaigns_dir, NAME, "../../etc") is None


def test_trash_moves_file_and_folder_and_untrash_refuses_a_taken_name(campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    raw = path.read_bytes()
    had_folder = (campaigns_dir / NAME).is_dir()
    stamp = history.trash(campaigns_dir, NAME)
    assert not path.exists() and not (campaigns_dir / NAME).exists()
    [entry] = [t for t in history.trashed(campaigns_dir) if t.name == NAME]
    assert entry.stamp == stamp and entry.has_folder == had_folder
    path.write_bytes(raw)
    with pytest.raises(store.NameTaken):
        history.untrash(campaigns_dir, stamp, NAME)
    path.unlink()
    history.untrash(campaigns_dir, stamp, NAME)
    assert path.read_bytes() == raw and (campaigns_dir / NAME).is_dir() == had_folder
    assert not [t for t in history.trashed(campaigns_dir) if t.name == NAME]


def test_replace_file_creates_a_new_one_only_when_missing(campaigns_dir):
    raw = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    target = campaigns_dir / "moi.yaml"
    history.replace_file(target, raw, version=store.MISSING)
    assert target.read_bytes() == raw
    with pytest.raises(store.VersionConflict):
        history.replace_file(target, raw, version=store.MISSING)
