"""Next year's campaign (vanthu new-year, app.rollover) and the date warnings (issue 10, points 1 and 2)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from app.cli import main
from app.loader import campaign_warnings


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- Dates that disagree warn ---------------------------------------------------------------------

def test_sample_dates_agree(sample_campaign):
    assert [w for w in campaign_warnings(sample_campaign) if "ngày" in w.message or "hạn" in w.message] == []


def test_year_changed_alone_warns_on_every_date(sample_campaign):
    moved = sample_campaign.model_copy(update={"year": 2024})
    found = {w.field: w.message for w in campaign_warnings(moved)}
    assert "không thuộc năm 2024" in found["dispatch.date"]
    assert found["report_deadline"].startswith("cảnh báo: hạn gửi bảng theo dõi chỉ tiêu 15/11/2023")
    assert "scoring.submission.date" in found and "scoring.decision.date" in found


def test_deadline_before_dispatch_date_warns(sample_campaign):
    early = sample_campaign.model_copy(update={"report_deadline": dt.date(2023, 1, 5)})
    found = {w.field: w.message for w in campaign_warnings(early)}
    assert "trước ngày ban hành công văn 10/02/2023" in found["report_deadline"]
    assert "dispatch.date" not in found


def test_validate_prints_date_warnings_located_and_exits_zero(sample_path, tmp_path):
    copy = tmp_path / "x.yaml"
    copy.write_text(sample_path.read_text(encoding="utf-8").replace("year: 2023", "year: 2024"), encoding="utf-8")
    result = _run("validate", copy)
    assert result.exit_code == 0
    line = next(i for i, text in enumerate(copy.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("report_deadline:"))
    assert f"{copy}:{line}: report_deadline: cảnh báo: hạn gửi bảng theo dõi chỉ tiêu" in result.output
    assert "4 cảnh báo" in result.output


# --- Rolling forward ------------------------------------------------------------------------------

def _fields(items):
    return {item.field: item.message for item in items}


def test_roll_sample_to_2024(sample_campaign):
    from app.rollover import roll_forward

    new, items = roll_forward(sample_campaign, 2024)
    assert new.year == 2024
    assert new.dispatch.date == dt.date(2024, 2, 10) and new.report_deadline == dt.date(2024, 11, 15)
    assert new.scoring.submission.date == dt.date(2024, 12, 5) and new.scoring.decision.date == dt.date(2024, 12, 8)
    assert new.dispatch.number == 21 and new.targets == sample_campaign.targets
    found = _fields(items)
    assert "số công văn vẫn là 21" in found["dispatch.number"]
    assert "10/02/2023 sang 10/02/2024" in found["dispatch.date"]
    assert "thay bằng chủ đề năm 2024" in found["theme"]
    assert "“Chỉ thị số 03/CT-UBND ngày 13/01/2023” là của năm 2023" in found["dispatch.opening[0]"]
    assert new.review == [str(item) for item in items]
    assert new.resolve("[[ ky_niem.hoi_ctd_tinh ]]") == \
        "33 năm ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai (14/11/1991-14/11/2024)"
    assert campaign_warnings(new) == []  # the dates agree with the new year


def test_literal_old_year_is_flagged(sample_campaign):
    from app.rollover import roll_forward

    targets = [t.model_copy() for t in sample_campaign.targets]
    targets[2] = targets[2].model_copy(update={"text": targets[2].text.replace("[[ nam ]]", "2023")})
    old = sample_campaign.model_copy(update={"targets": targets})
    found = _fields(roll_forward(old, 2024)[1])
    assert "[[ nam ]]" in found["targets[2].text"] and "[[ nam_truoc ]]" in found["targets[2].text"]
    assert "targets[0].text" not in found


def test_round_anniversaries_are_suggested(sample_campaign):
    from app.rollover import roll_forward

    found = _fields(roll_forward(sample_campaign, 2026)[1])
    assert "tròn 35 năm ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai" in found["anniversaries[4]"]
    assert "tròn 80 năm" in found["anniversaries[5]"]
    assert "anniversaries[0]" not in found  # 78 years


def test_feb_29_becomes_feb_28(sample_campaign):
    from app.rollover import roll_forward

    leap = sample_campaign.model_copy(update={"year": 2024, "report_deadline": dt.date(2024, 2, 29),
                                              "dispatch": sample_campaign.dispatch.model_copy(
                                                  update={"date": dt.date(2024, 2, 10)})})
    assert roll_forward(leap, 2025)[0].report_deadline == dt.date(2025, 2, 28)


def test_unit_words_that_the_unit_list_lacks(sample_campaign):
    from app.campaign import Unit
    from app.rollover import roll_forward, unit_word_items

    assert unit_word_items(sample_campaign) == []  # huyện, thị xã, thành phố units
    communes = [Unit(name="Hội Chữ thập đỏ xã Bát Xát", short_name="xã Bát Xát", kind="xã"),
                Unit(name="Hội Chữ thập đỏ phường Lào Cai", short_name="phường Lào Cai", kind="phường")]
    reformed = sample_campaign.model_validate(
        {**sample_campaign.model_dump(), "units": [u.model_dump() for u in communes]})
    found = _fields(roll_forward(reformed, 2026)[1])
    assert "“các huyện, thị xã, thành phố”" in found["dispatch.addressees[0]"]
    assert "chỉ có phường, xã" in found["dispatch.addressees[0]"]
    assert "các huyện, thị, thành phố" in found["dispatch.closing"]


def test_year_must_be_later(sample_campaign):
    import pytest

    from app.rollover import roll_forward

    with pytest.raises(ValueError):
        roll_forward(sample_campaign, 2023)


# --- vanthu new-year ------------------------------------------------------------------------------

def test_new_year_cli_writes_keeping_comments(sample_path, tmp_path):
    from app.loader import load_campaign

    source = tmp_path / "lao-cai-2023.yaml"
    source.write_bytes(sample_path.read_bytes())
    result = _run("new-year", source, "--year", "2027")
    assert result.exit_code == 0, result.output
    made = tmp_path / "lao-cai-2027.yaml"
    text = made.read_text(encoding="utf-8")
    assert "# Chín đơn vị cấp huyện năm 2023." in text and "report_deadline: 2027-11-15" in text
    assert f"{made}: review: dispatch.number:" in result.output
    loaded = load_campaign(made)
    assert loaded.year == 2027 and loaded.review and not (tmp_path / "lao-cai-2027").exists()
    assert source.read_bytes() == sample_path.read_bytes()  # the old file untouched


def test_new_year_cli_refuses_overwrite_and_bad_year(sample_path, tmp_path):
    out = tmp_path / "next.yaml"
    out.write_text("keep", encoding="utf-8")
    result = _run("new-year", sample_path, "--year", "2024", "-o", out)
    assert result.exit_code == 2 and "không ghi đè" in result.output
    assert out.read_text(encoding="utf-8") == "keep"
    result = _run("new-year", sample_path, "--year", "2022", "-o", tmp_path / "old.yaml")
    assert result.exit_code == 2 and not (tmp_path / "old.yaml").exists()


def test_new_year_cli_default_year_and_name(sample_path, tmp_path):
    from app.rollover import next_year_path

    assert next_year_path(tmp_path / "lao-cai-2023.yaml", 2023, 2024) == tmp_path / "lao-cai-2024.yaml"
    assert next_year_path(tmp_path / "ctd.yaml", 2023, 2024) == tmp_path / "ctd-2024.yaml"
    result = _run("new-year", sample_path, "-o", tmp_path / "n.yaml")
    assert result.exit_code == 0 and "year: 2024" in (tmp_path / "n.yaml").read_text(encoding="utf-8")
