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
