"""The scoring engine (app/scoring.py) and the scoring rules (app/scoring_rules.py) on a small
campaign whose arithmetic is easy to follow, then on the sample."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from app.loader import CampaignError, parse_campaign, validate_data
from app.records import Override, Results, UnitResult
from app.scoring import check_results, ranks, score_campaign

# Four targets worth 40 + 20 + 20 + 20 = 100. The units' blood quotas are fixed (400 + 300 + 200
# + 100 = the province's 1.000), the grassroots unit (xã) does not carry target 4.
BASE: dict = {
    "year": 2023,
    "issuer": {"name": "Hội Chữ thập đỏ tỉnh Thử", "abbreviation": "CTĐ", "place": "Thử"},
    "dispatch": {"number": 5, "drafting_unit": "VP", "date": "2023-02-10", "subject": "phát động thi đua",
                 "addressees": ["Các đơn vị"], "distribution": ["Như trên"]},
    "signer": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
    "targets": [
        {"text": "Tiếp nhận 1.000 đơn vị máu.", "score": {"max": 40},
         "metrics": [{"id": "mau", "value": 1000, "unit": "đơn vị máu", "apportion": True}]},
        {"text": "Xây dựng công trình trị giá 30 triệu đồng.", "score": {"max": 20, "method": "pass_fail"},
         "metrics": [{"value": 30, "unit": "triệu đồng", "level": "district"}]},
        {"text": "Cập nhật danh sách hội viên.", "score": {"max": 20, "method": "pass_fail"}},
        {"text": "Hoàn thành nhiệm vụ năm.", "score": {"max": 20, "method": "manual"}, "levels": ["district"]},
    ],
    "units": [
        {"name": "Hội huyện A", "short_name": "huyện A", "kind": "huyện", "quotas": {"mau": 400}},
        {"name": "Hội huyện B", "short_name": "huyện B", "kind": "huyện", "quotas": {"mau": 300}},
        {"name": "Hội thành phố C", "short_name": "thành phố C", "kind": "thành phố", "quotas": {"mau": 200}},
        {"name": "Hội xã D", "short_name": "xã D", "kind": "xã", "quotas": {"mau": 100}},
    ],
    "scoring": {
        "total": 100,
        "bonuses": [{"id": "mo-hinh", "text": "Mô hình mới", "points": 3}],
        "penalties": [{"id": "cham", "text": "Báo cáo chậm", "points": 2}],
        "awards": [{"id": "co", "name": "Cờ thi đua", "body": "Trung ương Hội"},
                   {"id": "bang-khen", "name": "Bằng khen", "body": "Trung ương Hội"},
                   {"id": "giay-khen", "name": "Giấy khen"}],
        "rules": [{"award": "co", "rank": 1, "min": 90},
                  {"award": "bang-khen", "min": 90},
                  {"award": "giay-khen", "min": 80, "below": 90}],
    },
}
FULL = {"1.1": 400, "2.1": 30, "3": 1, "4": 20}  # huyện A's values for a perfect year


def campaign(edit=None):
    data = copy.deepcopy(BASE)
    if edit:
        edit(data)
    return validate_data(data, "x.yaml")


def results(**units: dict) -> Results:
    """``results(A={...}, D={...})``: values (or a UnitResult) by the unit's letter."""
    names = {u["name"].rsplit(" ", 1)[1]: u["name"] for u in BASE["units"]}
    return Results(units={names[k]: v if isinstance(v, UnitResult) else UnitResult(values=v) for k, v in units.items()})


def row(board, letter: str):
    return next(r for r in board.rows if r.unit.name.endswith(f" {letter}"))


# --- Methods --------------------------------------------------------------------------------------

def test_proportional_is_the_share_of_the_quota_reached_capped_at_the_maximum():
    board = score_campaign(campaign(), results(A={"1.1": 300}, B={"1.1": 450}, C={"1.1": 200}))
    assert [line.score for line in (row(board, "A").lines[0], row(board, "B").lines[0], row(board, "C").lines[0])] \
        == [30.0, 40.0, 40.0]
    first = row(board, "A").lines[0]
    assert (first.key, first.quota, first.achieved, first.max) == ("1.1", 400, 300, 40)


def test_pass_fail_without_a_quota_is_reported_as_one_or_zero():
    board = score_campaign(campaign(), results(A={"3": 1}, B={"3": 0}))
    assert row(board, "A").lines[2].score == 20 and row(board, "B").lines[2].score == 0
    assert row(board, "A").lines[2].key == "3"


def test_pass_fail_with_a_quota_needs_the_quota():
    # Target 2's 30 million đồng applies to district-level units: 30 passes, 29 does not.
    board = score_campaign(campaign(), results(A={"2.1": 30}, B={"2.1": 29}, C={"2.1": 45}))
    assert [row(board, x).lines[1].score for x in "ABC"] == [20, 0, 20]
    assert row(board, "A").lines[1].quota == 30
    # The xã has no quota for it: it reports đạt (1) under the target's own key.
    board = score_campaign(campaign(), results(D={"2": 1}))
    assert (row(board, "D").lines[1].key, row(board, "D").lines[1].score) == ("2", 20)


def test_manual_scores_are_taken_as_given_and_capped_at_the_maximum():
    board = score_campaign(campaign(), results(A={"4": 17.5}, B={"4": 25}))
    assert row(board, "A").lines[3].score == 17.5 and row(board, "B").lines[3].score == 20


def test_a_target_not_reported_scores_nothing_and_is_listed_as_missing():
    board = score_campaign(campaign(), results(A={"1.1": 400}))
    assert row(board, "A").base == 40 and row(board, "A").missing == [2, 3, 4]
    assert row(board, "B").missing == [1, 2, 3, 4] and row(board, "B").total == 0


def test_the_metric_a_rule_names_is_the_one_scored():
    def edit(data):
        data["targets"][0]["metrics"].insert(0, {"value": 1000, "unit": "đơn vị máu", "level": "province"})
        data["targets"][0]["score"]["metric"] = "mau"

    line = row(score_campaign(campaign(edit), results(A={"1.2": 200})), "A").lines[0]
    assert (line.key, line.quota, line.score) == ("1.2", 400, 20)


# --- Totals ---------------------------------------------------------------------------------------

def test_a_unit_carrying_fewer_targets_is_scaled_to_the_total():
    # The xã carries targets 1–3 (80 points): a perfect year is 100, half of target 1 is 80/100.
    board = score_campaign(campaign(), results(D={"1.1": 100, "2": 1, "3": 1}))
    assert [line.number for line in row(board, "D").lines] == [1, 2, 3]
    assert row(board, "D").base == 100
    board = score_campaign(campaign(), results(D={"1.1": 50, "2": 1, "3": 1}))
    assert row(board, "D").base == 75  # (20 + 20 + 20) × 100 / 80


def test_bonus_and_penalty_points_are_added_and_taken_away():
    both = UnitResult(values=FULL, bonuses=["mo-hinh"], penalties=["cham"])
    board = score_campaign(campaign(), results(A=both, B=UnitResult(values=FULL, penalties=["cham"])))
    a, b = row(board, "A"), row(board, "B")
    assert (a.base, a.bonus, a.penalty, a.total) == (100, 3, 2, 101)
    assert (b.bonus, b.penalty, b.total) == (0, 2, 98)
    twice = UnitResult(values=FULL, bonuses=["mo-hinh", "mo-hinh"])
    assert row(score_campaign(campaign(), results(A=twice)), "A").bonus == 3  # earned once
    assert check_results(campaign(), results(A=twice)) == [
        (("units", "Hội huyện A", "bonuses"), "mục 'mo-hinh' được ghi 2 lần")]


# --- Ranks and awards -----------------------------------------------------------------------------

def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    assert ranks([90, 80, 80, 70]) == [1, 2, 2, 4]
    assert ranks([50, 50, 50]) == [1, 1, 1]
    board = score_campaign(campaign(), results(A={"1.1": 200}, B={"1.1": 150}, C={"1.1": 100}, D={"1.1": 25}))
    # A, B and C reach half their quota (20 points): they share rank 1; D has 10 of 80 points.
    assert [(r.unit.short_name, r.rank) for r in board.rows] == [
        ("huyện A", 1), ("huyện B", 1), ("thành phố C", 1), ("xã D", 4)]


def test_rows_are_ordered_best_first_and_ties_keep_the_campaign_order():
    board = score_campaign(campaign(), results(B=FULL, C={"1.1": 100}, D={"1.1": 100, "2": 1, "3": 1}))
    assert [r.unit.short_name for r in board.rows] == ["huyện B", "xã D", "thành phố C", "huyện A"]
    assert [r.rank for r in board.rows] == [1, 1, 3, 4]


def test_rank_rules_are_tried_before_score_bands():
    board = score_campaign(campaign(), results(A=FULL, B=FULL | {"4": 15}, C=FULL | {"4": 10}))
    assert [(row(board, x).total, row(board, x).proposed) for x in "ABC"] == [
        (100, "co"), (95, "bang-khen"), (90, "bang-khen")]


def test_a_rank_rule_with_a_minimum_needs_the_minimum_too():
    board = score_campaign(campaign(), results(A=FULL | {"4": 5}))  # first, but 85 < 90
    assert (row(board, "A").rank, row(board, "A").proposed) == (1, "giay-khen")


def test_per_kind_rank_rules_take_the_best_of_each_kind():
    def edit(data):
        data["scoring"]["rules"][0] = {"award": "co", "rank": 1, "per_kind": True}

    board = score_campaign(campaign(edit), results(A=FULL, B=FULL | {"4": 15}, C={"1.1": 200, "2.1": 30, "3": 1}))
    # C is the only thành phố: first of its kind with 85, no minimum on the rule.
    assert [row(board, x).proposed for x in "ABC"] == ["co", "bang-khen", "co"]
    assert row(board, "C").rank == 3


def test_band_edges_include_the_minimum_and_exclude_below():
    board = score_campaign(campaign(), results(B=FULL | {"4": 10}, C=FULL, A=FULL | {"4": 0}))
    # C ranks first (100, the flag); B has exactly 90: bằng khen (from 90), not giấy khen (below 90).
    assert row(board, "B").total == 90 and row(board, "B").proposed == "bang-khen"
    assert row(board, "A").total == 80 and row(board, "A").proposed == "giay-khen"
    board = score_campaign(campaign(), results(A=FULL | {"4": 19.99}, B=FULL | {"4": 0, "3": 0}))
    assert row(board, "B").total == 60 and row(board, "B").proposed is None


def test_an_override_replaces_the_proposal_and_keeps_its_reason():
    flagged = UnitResult(values=FULL, override=Override(award="bang-khen", reason="Đã nhận Cờ năm trước"))
    nothing = UnitResult(values=FULL | {"4": 15}, override=Override(award=None, reason="Đang bị kỷ luật"))
    board = score_campaign(campaign(), results(A=flagged, B=nothing))
    a, b = row(board, "A"), row(board, "B")
    assert (a.proposed, a.award, a.override.reason) == ("co", "bang-khen", "Đã nhận Cờ năm trước")
    assert (b.proposed, b.award, b.override.reason) == ("bang-khen", None, "Đang bị kỷ luật")
    groups = board.by_award()
    assert list(groups) == ["co", "bang-khen", "giay-khen"]
    assert [r.unit.short_name for r in groups["bang-khen"]] == ["huyện A"] and groups["co"] == []


def test_a_campaign_without_scoring_rules_cannot_be_scored():
    from app.scoring import NoScoringRules

    plain = campaign(lambda data: data.pop("scoring"))
    with pytest.raises(NoScoringRules, match="chưa có quy chế chấm điểm"):
        score_campaign(plain, Results())


# --- Validation of the rules, located -------------------------------------------------------------

def _problems(edit) -> tuple[list[str], list[str]]:
    data = copy.deepcopy(BASE)
    edit(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with pytest.raises(CampaignError) as info:
        parse_campaign(text, "x.yaml")
    return str(info.value).splitlines(), text.splitlines()


def _line(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_overlapping_bands_are_refused_at_the_scoring_rules():
    problems, lines = _problems(lambda d: d["scoring"]["rules"][2].update(below=95))
    assert problems == [f"x.yaml:{_line(lines, 'scoring:')}: scoring: khung điểm chồng nhau: 'giay-khen' từ 80 "
                        "dưới 95 và 'bang-khen' từ 90"]


def test_bands_that_touch_do_not_overlap():
    campaign(lambda d: d["scoring"]["rules"].append({"award": "giay-khen", "min": 70, "below": 80}))


def test_a_target_without_a_maximum_is_named():
    problems, lines = _problems(lambda d: d["targets"][2].pop("score"))
    assert problems == [f"x.yaml:{_line(lines, 'Cập nhật danh sách')}: targets[2].score: "
                        "chỉ tiêu 3 chưa có Điểm chuẩn (score: max: …)"]


def test_maxima_that_do_not_add_up_to_the_total_are_named():
    problems, lines = _problems(lambda d: d["targets"][0]["score"].update(max=45))
    assert problems == [f"x.yaml:{_line(lines, 'total:')}: scoring.total: điểm chuẩn các chỉ tiêu cộng lại là "
                        "105, không bằng tổng 100"]


def test_a_rule_naming_an_unknown_award_is_named():
    problems, _ = _problems(lambda d: d["scoring"]["rules"].append({"award": "huan-chuong", "min": 99}))
    assert len(problems) == 1
    assert re.fullmatch(r"x\.yaml:\d+: scoring: quy tắc dùng hình thức khen thưởng 'huan-chuong' không có trong "
                        r"awards \(có: co, bang-khen, giay-khen\)", problems[0])


def test_a_rule_needs_a_band_or_a_rank_and_a_band_must_not_be_empty():
    problems, lines = _problems(lambda d: d["scoring"]["rules"].append({"award": "co"}))
    last = max(i for i, line in enumerate(lines, start=1) if line.strip() == "- award: co")
    assert problems == [f"x.yaml:{last}: scoring.rules[3]: cần 'min' (từ … điểm) hoặc 'rank' (xếp thứ …)"]
    problems, _ = _problems(lambda d: d["scoring"]["rules"][2].update(below=80))
    assert "scoring.rules[2]: 'below' (80) phải lớn hơn 'min' (80)" in problems[0]


def test_proportional_scoring_needs_a_number_and_a_named_metric_must_exist():
    problems, _ = _problems(lambda d: d["targets"][2]["score"].update(method="proportional"))
    assert "targets[2].score.method: chỉ tiêu 3 không có số liệu để chấm theo tỷ lệ" in problems[0]
    problems, _ = _problems(lambda d: d["targets"][0]["score"].update(metric="khong-co"))
    assert "targets[0].score.metric: chỉ tiêu 1 không có số liệu mã 'khong-co'" in problems[0]


def test_duplicate_award_or_item_ids_are_refused():
    problems, _ = _problems(lambda d: d["scoring"]["awards"].append({"id": "co", "name": "Cờ khác"}))
    assert "hình thức khen thưởng 'co' bị trùng" in problems[0]
    problems, _ = _problems(lambda d: d["scoring"]["penalties"].append({"id": "mo-hinh", "text": "x", "points": 1}))
    assert "mục điểm thưởng/điểm trừ 'mo-hinh' bị trùng" in problems[0]


# --- Results that do not fit ----------------------------------------------------------------------

def test_check_results_names_what_does_not_fit_the_campaign():
    bad = Results(units={
        "Hội huyện Z": UnitResult(values={"1.1": 5}),
        "Hội huyện A": UnitResult(values={"4": 25, "9": 1, "1.1": 400}, bonuses=["khong-co"],
                                  override=Override(award="huan-chuong", reason="x")),
        "Hội xã D": UnitResult(values={"4": 10}, penalties=["cham"]),
    })
    assert check_results(campaign(), bad) == [
        (("units", "Hội huyện Z"), "không có đơn vị 'Hội huyện Z' trong chiến dịch"),
        (("units", "Hội huyện A", "values", "4"), "điểm chấm 25 vượt điểm chuẩn 20 của chỉ tiêu 4"),
        (("units", "Hội huyện A", "values", "9"), "huyện A không có chỉ tiêu 9"),
        (("units", "Hội huyện A", "bonuses"), "không có mục 'khong-co' trong quy chế chấm điểm"),
        (("units", "Hội huyện A", "override", "award"), "không có hình thức khen thưởng 'huan-chuong'"),
        (("units", "Hội xã D", "values", "4"), "xã D không có chỉ tiêu 4"),
    ]
    assert check_results(campaign(), results(A=FULL, D={"1.1": 1, "2": 1, "3": 0})) == []


# --- The sample -----------------------------------------------------------------------------------

def test_the_sample_scores_its_invented_results(sample_campaign, sample_path):
    from app.records import load_results

    found, _version = load_results(sample_path)
    assert check_results(sample_campaign, found) == []
    board = score_campaign(sample_campaign, found)
    first = board.rows[0]
    assert (first.unit.short_name, first.base, first.bonus, first.total, first.rank, first.award) == (
        "thành phố Lào Cai", 100, 5, 105, 1, "co-thi-dua")
    last = board.rows[-1]
    assert (last.unit.short_name, last.penalty, last.rank, last.award) == ("huyện Si Ma Cai", 2, 9, None)
    assert [r.rank for r in board.rows] == list(range(1, 10))
