"""The campaigns folder in the core (app.store): names, reading once, creating, saving with a version."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from app import store
from app.loader import CampaignError, load_campaign

NAME = "lao-cai-2023"


@pytest.fixture
def folder(tmp_path, sample_path):
    shutil.copy(sample_path, tmp_path / f"{NAME}.yaml")
    return tmp_path


def test_the_store_needs_no_web_framework():
    code = "import sys, app.store; assert 'flask' not in sys.modules and 'werkzeug' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", ["../x", "Lao Cai", "a/b", "", "-x", "x" * 65, "lao-cai.yaml"])
def test_unsafe_names_give_no_path(folder, name):
    assert store.campaign_path(folder, name) is None


def test_read_campaign_file_gives_version_data_and_campaign_from_one_read(folder, sample_campaign):
    path = folder / f"{NAME}.yaml"
    found = store.read_campaign_file(path)
    assert found.version == store.file_version(path) == store.version_of(path.read_bytes())
    assert found.campaign == sample_campaign and found.error is None and found.problems == []
    assert found.data["dispatch"]["number"] == 21


def test_read_campaign_file_of_a_broken_file_keeps_its_data_and_problems(folder):
    path = folder / f"{NAME}.yaml"
    path.write_text(path.read_text("utf-8").replace("number: 21", "number: -3"), "utf-8")
    found = store.read_campaign_file(path)
    assert found.campaign is None and found.data["dispatch"]["number"] == -3
    assert found.problems == [f"{NAME}.yaml:18: dispatch.number: phải lớn hơn hoặc bằng 1"]
    (folder / "hong.yaml").write_text("year: 2024\nissuer: [\n", "utf-8")
    broken = store.read_campaign_file(folder / "hong.yaml")
    assert broken.data is None and broken.problems[0].startswith("hong.yaml:3: lỗi cú pháp YAML")
    missing = store.read_campaign_file(folder / "khong-co.yaml")
    assert missing.version == store.MISSING and missing.problems == ["khong-co.yaml: không tìm thấy tệp"]


def test_list_entries_lists_good_and_broken_files(folder):
    (folder / "hong.yaml").write_text("year: [\n", "utf-8")
    (folder / "Lào Cai.yaml").write_bytes((folder / f"{NAME}.yaml").read_bytes())
    entries = {e.name: e for e in store.list_entries(folder)}
    assert entries[NAME].campaign is not None and entries[NAME].usable_name
    assert entries["hong"].campaign is None and "lỗi cú pháp YAML" in entries["hong"].problems[0]
    assert not entries["Lào Cai"].usable_name


def test_create_from_the_skeleton_gives_a_valid_campaign(folder):
    path = store.create_campaign(folder, "moi-2026", source=None, year=2026)
    assert path == folder / "moi-2026.yaml"
    assert load_campaign(path).year == 2026


def test_create_as_a_copy_is_byte_for_byte(folder):
    source = folder / f"{NAME}.yaml"
    source.write_bytes(source.read_bytes() + b"# ghi ch\xc3\xba\n")
    path = store.create_campaign(folder, "lao-cai-2024", source=source, year=2024)
    assert path.read_bytes() == source.read_bytes()


def test_create_refuses_a_taken_or_unsafe_name(folder):
    before = (folder / f"{NAME}.yaml").read_bytes()
    with pytest.raises(store.NameTaken):
        store.create_campaign(folder, NAME, source=None, year=2026)
    with pytest.raises(ValueError):
        store.create_campaign(folder, "../thoat", source=None, year=2026)
    assert (folder / f"{NAME}.yaml").read_bytes() == before
    # nothing written but the lock files (store.LOCKS) that guard the name
    assert sorted(p.name for p in folder.iterdir() if p.name != store.LOCKS) == [f"{NAME}.yaml"]


def test_save_at_the_version_read_writes_and_keeps_history(folder):
    path = folder / f"{NAME}.yaml"
    before = path.read_bytes()
    found = store.read_campaign_file(path)
    edited = found.campaign.model_copy(update={"year": 2024})
    store.save(path, edited, version=found.version)
    assert load_campaign(path).year == 2024
    assert "# Phong trào thi đua năm 2023" in path.read_text("utf-8")  # comments kept
    history = list((folder / ".history").glob(f"{NAME}.*.yaml"))
    assert [h.read_bytes() for h in history] == [before]


def test_save_after_someone_else_changed_the_file_raises_version_conflict(folder):
    path = folder / f"{NAME}.yaml"
    found = store.read_campaign_file(path)
    changed_elsewhere = path.read_text("utf-8").replace("number: 21", "number: 22")
    path.write_text(changed_elsewhere, "utf-8")
    with pytest.raises(store.VersionConflict) as info:
        store.save(path, found.campaign.model_copy(update={"year": 2024}), version=found.version)
    assert info.value.found == store.file_version(path) != found.version
    assert path.read_text("utf-8") == changed_elsewhere
    assert not (folder / ".history").exists()


def test_save_after_the_file_was_deleted_raises_version_conflict(folder):
    path = folder / f"{NAME}.yaml"
    found = store.read_campaign_file(path)
    path.unlink()
    with pytest.raises(store.VersionConflict):
        store.save(path, found.campaign, version=found.version)
    assert not path.exists()


def test_the_skeleton_is_valid_for_any_year():
    from app.loader import parse_campaign

    for year in (1945, 2026, 2200):
        assert parse_campaign(store.skeleton_text(year)).year == year


def test_read_raw_data_is_none_for_a_file_that_is_not_yaml(folder):
    (folder / "hong.yaml").write_text("year: [\n", "utf-8")
    assert store.read_raw_data(folder / "hong.yaml") is None
    assert store.read_raw_data(folder / f"{NAME}.yaml")["year"] == 2023
    with pytest.raises(CampaignError):
        load_campaign(folder / "hong.yaml")
