"""One YAML dialect: what PyYAML reads is what the comment-keeping writer writes, and back.

Real files, real PyYAML and ruamel.yaml: text typed as ``no``, ``010`` or ``1:30`` stays text,
saving keeps comments (byte for byte when nothing changed), and when the comment-keeping merge
cannot be verified the file is written afresh rather than wrong.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from app.loader import (
    CampaignError,
    campaign_bytes,
    dump_campaign,
    load_campaign,
    parse_campaign,
    plain_data,
    save_campaign,
    validate_data,
)
from app.yamlio import matches, merge_text, read_yaml

# The kinds of text YAML 1.1 reads as something else when they are not quoted.
AMBIGUOUS = ["no", "yes", "on", "off", "NO", "True", "010", "0x1F", "1:30", "1_000", "12.5", "2023-01-01"]

# Comments in every place a colleague might put one: above a key, after a value, inside a
# list, after a flow list, inside a flow-mapping list, at the end of the file.
COMMENTS = {
    "year: 2023\n": "year: 2023  # năm của chiến dịch\n",
    "  number: 21\n": "  # số công văn do văn thư cấp\n  number: 21  # đã lấy số\n",
    "    - Như trên\n": "    - Như trên  # luôn đứng đầu\n",
    "  archive: [VT, VP]\n": "  archive: [VT, VP]  # nơi lưu\n",
    "  name: Vàng Thị Mai Hương\n": "  name: Vàng Thị Mai Hương\n  # người ký có thể thay khi vắng\n",
    "kind: huyện, weight: 65}\n": "kind: huyện, weight: 65}  # số liệu 2022\n",
}


def _commented_copy(sample_path: Path, tmp_path: Path) -> Path:
    text = sample_path.read_text(encoding="utf-8")
    for old, new in COMMENTS.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "c.yaml"
    path.write_text(text + "# cuối tệp\n", encoding="utf-8")
    return path


def _comments(text: str) -> list[str]:
    return [line[line.index("#"):] for line in text.splitlines() if re.search(r"(^|\s)# ", line)]


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def _with_line(sample_path: Path, old: str, new: str) -> str:
    text = sample_path.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# --- Reading: unquoted text is the text typed --------------------------------------------------

@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_unquoted_ambiguous_text_in_text_fields_reads_as_typed(sample_path, typed):
    text = _with_line(sample_path, "theme: Đoàn kết - Kỷ cương - Thích ứng linh hoạt - Phát triển toàn diện",
                      f"theme: {typed}")
    text = text.replace("  place: Lào Cai\n", f"  place: {typed}\n", 1)  # a required text
    text = text.replace("  drafting_unit: VP\n", f"  drafting_unit: {typed}\n", 1)
    text = text.replace("    - Như trên\n", f"    - {typed}\n", 1)  # an item of a list of texts
    campaign = parse_campaign(text, "x.yaml")
    assert campaign.theme == typed
    assert campaign.issuer.place == typed
    assert campaign.dispatch.drafting_unit == typed
    assert campaign.dispatch.distribution[0] == typed
    assert campaign.resolve("[[ chu_de ]]") == typed


def test_unquoted_text_in_an_id_field_reads_as_typed(sample_path):
    text = _with_line(sample_path, "{id: qua-tet, value: 20000", "{id: 010, value: 20000")
    assert parse_campaign(text).targets[2].metrics[0].id == "010"


def test_numbers_and_dates_are_still_numbers_and_dates(sample_path):
    campaign = parse_campaign(sample_path.read_text(encoding="utf-8"))
    assert campaign.dispatch.number == 21 and campaign.year == 2023
    assert str(campaign.dispatch.date) == "2023-02-10"


def test_a_number_field_given_text_still_says_it_wants_a_number(sample_path):
    text = _with_line(sample_path, "{id: mau, value: 7500,", "{id: mau, value: nhiều,")
    with pytest.raises(CampaignError) as info:
        parse_campaign(text, "x.yaml")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if "value: nhiều" in ln)) + 1
    assert f"x.yaml:{line}: targets[6].metrics[0].value: phải là số" in str(info.value)


def test_an_error_elsewhere_keeps_its_line_when_a_text_was_read_as_typed(sample_path):
    text = _with_line(sample_path, "  place: Lào Cai\n", "  place: no\n")
    text = text.replace("  number: 21\n", "  number: hai mốt\n", 1)
    with pytest.raises(CampaignError) as info:
        parse_campaign(text, "x.yaml")
    assert [p.format("x.yaml") for p in info.value.problems] == ["x.yaml:18: dispatch.number: phải là số nguyên"]


@pytest.mark.parametrize("text", [
    "year: 2023\nyear: 2024\n",
    "issuer:\n  name: A\n  place: B\n  name: C\n",
])
def test_duplicate_keys_are_refused_on_read(text):
    with pytest.raises(CampaignError) as info:
        parse_campaign(text, "x.yaml")
    assert re.search(r"x\.yaml:\d+: lỗi cú pháp YAML: khóa '(year|name)' bị lặp lại", str(info.value))


def test_read_yaml_gives_lines_and_the_raw_text_of_unquoted_non_text():
    data, where = read_yaml("a: no\nb: 'no'\nc:\n  - 010\n  - x\nd: ~\n")
    assert data == {"a": False, "b": "no", "c": [8, "x"], "d": None}
    assert where.plain == {("a",): "no", ("c", 0): "010"}  # quoted, text and null are left alone
    assert where.line_for(("c", 0)) == 4 and where.line_for(("c", 7, "x")) == 3


# --- One validation for every source of data ---------------------------------------------------

def test_validate_data_gives_the_same_messages_without_lines(sample_campaign):
    data = plain_data(sample_campaign.model_dump(mode="python"))
    data["targets"][2]["metrics"][0]["value"] = "hai mươi nghìn"
    data["dispatch"]["number"] = "hai mốt"
    with pytest.raises(CampaignError) as info:
        validate_data(data, "form.yaml")
    assert str(info.value).splitlines() == [
        "form.yaml: dispatch.number: phải là số nguyên",
        "form.yaml: targets[2].metrics[0].value: phải là số",
    ]


def test_validate_data_checks_the_texts_too(sample_campaign):
    data = sample_campaign.model_dump(mode="python")
    data["targets"][6]["metrics"][0]["value"] = 8000
    with pytest.raises(CampaignError, match=r"form\.yaml: targets\[6\]\.metrics\[0\]\.value: số 8\.000 không có"):
        validate_data(data, "form.yaml")


def test_validate_data_does_not_touch_the_data_it_is_given(sample_path):
    data, where = read_yaml(_with_line(sample_path, "  place: Lào Cai\n", "  place: no\n"))
    assert validate_data(data, "x.yaml", where).issuer.place == "no"
    assert data["issuer"]["place"] is False


# --- Writing: the same dialect -----------------------------------------------------------------

@pytest.mark.parametrize("typed", AMBIGUOUS + ["~", "null", "=", "<<", "- x", "a: b", "# x", "'q'", "VP?"])
def test_text_yaml_would_read_otherwise_is_written_quoted_and_reads_back_equal(sample_path, tmp_path, typed):
    path = _commented_copy(sample_path, tmp_path)
    before = path.read_text(encoding="utf-8")
    campaign = load_campaign(path)
    edited = campaign.model_copy(deep=True)
    edited.theme = typed
    edited.dispatch.distribution[1] = typed
    save_campaign(edited, path, keep_history=False)
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["theme"] == typed  # plain PyYAML, the project's reader
    assert load_campaign(path) == edited
    assert _comments(after) == _comments(before)  # written by the comment-keeping merge
    assert len(_changed_lines(before, after)) == 4  # two lines out, two lines in


def test_saving_an_unchanged_commented_file_writes_identical_bytes(sample_path, tmp_path):
    path = _commented_copy(sample_path, tmp_path)
    before = path.read_bytes()
    save_campaign(load_campaign(path), path)
    assert path.read_bytes() == before
    history = list((tmp_path / ".history").glob("c.*.yaml"))
    assert [h.read_bytes() for h in history] == [before]


def test_an_unchanged_file_in_a_layout_the_writer_would_change_is_kept_byte_for_byte(sample_campaign, tmp_path):
    # Extra spaces after a colon, a byte-order mark, CRLF line ends: ruamel.yaml would rewrite all three.
    text = dump_campaign(sample_campaign).replace("year: 2023", "year:    2023").replace("\n", "\r\n")
    raw = "\ufeff# tệp soạn trên Windows\r\n".encode("utf-8") + text.encode("utf-8")
    path = tmp_path / "w.yaml"
    path.write_bytes(raw)
    assert load_campaign(path) == sample_campaign
    save_campaign(sample_campaign, path)
    assert path.read_bytes() == raw


def test_one_change_keeps_every_comment_and_changes_one_line(sample_path, tmp_path):
    path = _commented_copy(sample_path, tmp_path)
    before = path.read_text(encoding="utf-8")
    edited = load_campaign(path)
    edited.targets[4].text = "Chỉ tiêu mới: *thử*."
    save_campaign(edited, path)
    after = path.read_text(encoding="utf-8")
    assert _comments(after) == _comments(before)
    assert len(_comments(before)) == len(_comments(sample_path.read_text(encoding="utf-8"))) + 8
    changed = _changed_lines(before, after)
    assert len(changed) == 2 and changed[1] == "+   - text: 'Chỉ tiêu mới: *thử*.'"
    assert load_campaign(path) == edited


def test_a_default_the_file_spells_out_stays_and_one_it_leaves_out_is_not_added(sample_path, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(_with_line(sample_path, "    - heading: Nội dung thi đua\n",
                               "    - heading: Nội dung thi đua\n      heading_numbering: roman\n"), "utf-8")
    edited = load_campaign(path)
    edited.dispatch.number = 22
    save_campaign(edited, path)
    after = path.read_text(encoding="utf-8")
    assert "    - heading: Nội dung thi đua\n      heading_numbering: roman\n" in after
    assert "item_numbering: arabic" not in after and "apportion: false" not in after
    assert load_campaign(path) == edited


# --- The fresh dump when the merge cannot be verified ------------------------------------------

def test_a_list_shared_by_an_anchor_falls_back_to_a_fresh_dump(sample_path, tmp_path):
    # The merge writes into the one list both keys point at; read back, the unchanged key would
    # hold the other's new value. Verification sees it and the file is written afresh.
    text = _with_line(sample_path, "  addressees:\n    - Hội Chữ thập đỏ các huyện, thị xã, thành phố và đơn vị trực thuộc\n",
                      "  addressees: &ds\n    - Như trên\n")
    text = re.sub(r"  distribution:\n(    - .*\n)+", "  distribution: *ds\n", text, count=1)
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    edited = load_campaign(path)
    edited.dispatch.distribution = ["Như trên", "Lưu trữ"]
    save_campaign(edited, path)
    assert path.read_text(encoding="utf-8") == dump_campaign(edited)  # no comments: the fresh dump
    assert load_campaign(path) == edited


def test_text_the_flow_list_cannot_hold_unquoted_falls_back_to_a_fresh_dump(sample_path, tmp_path):
    # ruamel.yaml writes [VT, VP?] (fine in YAML 1.2); PyYAML cannot read it, so it is not kept.
    path = tmp_path / "f.yaml"
    path.write_text(sample_path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = load_campaign(path)
    edited.dispatch.archive = ["VT", "VP?"]
    save_campaign(edited, path)
    assert path.read_text(encoding="utf-8") == dump_campaign(edited)
    assert load_campaign(path) == edited


def test_merge_text_returns_none_when_the_result_would_read_otherwise(sample_campaign, sample_path):
    full = plain_data(sample_campaign.model_dump(mode="python"))
    minimal = plain_data(sample_campaign.model_dump(mode="python", exclude_defaults=True))
    full["dispatch"]["archive"] = minimal["dispatch"]["archive"] = ["VT", "VP?"]
    assert merge_text(sample_path.read_text(encoding="utf-8"), full, minimal) is None
    full["dispatch"]["archive"] = minimal["dispatch"]["archive"] = ["VT", "no"]
    merged = merge_text(sample_path.read_text(encoding="utf-8"), full, minimal)
    assert merged is not None and "archive: [VT, 'no']" in merged


def test_matches_tells_text_from_what_yaml_read_instead(sample_campaign):
    full = {"theme": "no", "number": 10, "levels": ["province"], "headings": {"targets": "Chỉ tiêu"}}
    minimal = {"theme": "no", "number": 10}
    assert matches({"theme": "no", "number": 10}, full, minimal)  # defaults may be left out
    assert matches({"theme": "no", "number": 10.0, "levels": ["province"]}, full, minimal)
    assert not matches({"theme": False, "number": 10}, full, minimal)  # `theme: no` unquoted
    assert not matches({"theme": "no", "number": "10"}, full, minimal)
    assert not matches({"theme": "no", "number": True}, {"theme": "no", "number": 1}, minimal)
    assert not matches({"theme": "no"}, full, minimal)  # a value that is not the default is missing
    assert not matches({"theme": "no", "number": 10, "extra": 1}, full, minimal)
    assert not matches({"theme": "no", "number": 10, "levels": []}, full, minimal)


def test_campaign_bytes_of_a_new_file_is_the_fresh_dump(sample_campaign):
    assert campaign_bytes(sample_campaign, None) == dump_campaign(sample_campaign).encode("utf-8")
    assert campaign_bytes(sample_campaign, b"\xff\xfe not utf-8") == dump_campaign(sample_campaign).encode("utf-8")
