"""Scoring the units (chấm điểm thi đua) and proposing their awards, from the campaign's rules.

:func:`score_campaign` turns a campaign (its targets' maxima and methods, :mod:`app.scoring_rules`)
and the units' results (:mod:`app.records`) into a :class:`Scoreboard`: per unit each target's
score, bonus and penalty points, the total, the rank (ties share a rank: 1, 2, 2, 4) and the
proposed award, or the office's override with its reason. :func:`check_results` lists what in a
results file does not fit the campaign, each with its location.

A unit is scored on the targets of its level; when that is not all of them, its points are scaled
to the stated total so that units of different levels compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.campaign import Campaign, Target, Unit
from app.messages import msg
from app.quotas import MetricQuotas, campaign_quotas
from app.records import Override, Results, UnitResult, result_key
from app.scoring_rules import Method, Scoring

__all__ = ["Line", "UnitScore", "Scoreboard", "NoScoringRules", "score_campaign", "check_results", "unit_quota",
           "ranks"]


class NoScoringRules(ValueError):
    """The campaign has no scoring rules (no ``scoring:`` section): its units cannot be scored."""

    def __init__(self, message: str | None = None):
        super().__init__(message or msg("chiến dịch chưa có quy chế chấm điểm (mục scoring trong tệp chiến dịch)"))


@dataclass(frozen=True)
class Line:
    """One target of one unit: what it had to reach, what it reported, the points it gets."""

    number: int                 # the target's number (1-based, as in the dispatch)
    max: float
    method: Method
    key: str                    # the result it is scored from ("7.1", "4")
    quota: float | None         # the unit's quota for the scored number, if any
    achieved: float | None      # None: not reported
    score: float


@dataclass(frozen=True)
class UnitScore:
    """One unit's row of the scoreboard."""

    unit: Unit
    lines: list[Line]
    base: float                 # target points, scaled to the stated total
    bonus: float
    penalty: float
    total: float
    rank: int
    proposed: str | None        # award id the rules propose
    override: Override | None
    bonus_items: tuple[str, ...] = ()    # the bonus items earned (ids, each once)
    penalty_items: tuple[str, ...] = ()  # the penalty items incurred

    @property
    def award(self) -> str | None:
        """The award put forward: the office's override when there is one, else the proposal."""
        return self.override.award if self.override else self.proposed

    @property
    def missing(self) -> list[int]:
        """Numbers of the targets the unit has not reported."""
        return [line.number for line in self.lines if line.achieved is None]


@dataclass(frozen=True)
class Scoreboard:
    """Every unit scored, best first (the order of the ranks, then the campaign's order)."""

    scoring: Scoring
    rows: list[UnitScore]

    def by_award(self) -> dict[str, list[UnitScore]]:
        """The units put forward for each award form, in the order of ``scoring.awards``."""
        groups: dict[str, list[UnitScore]] = {a.id: [] for a in self.scoring.awards}
        for row in self.rows:
            if row.award in groups:
                groups[row.award].append(row)
        return groups


def unit_quota(target: Target, metric_index: int, unit: Unit, quotas: dict[str, MetricQuotas]) -> float | None:
    """What ``unit`` must reach for the target's metric ``metric_index`` (0-based), if anything."""
    metric = target.metrics[metric_index]
    if metric.apportion and metric.id in quotas:
        return quotas[metric.id].quotas.get(unit.name)
    return metric.value if not metric.apportion and metric.level == unit.level else None


def _scored_metric(target: Target, unit: Unit, quotas: dict[str, MetricQuotas]) -> int | None:
    """The metric a target is scored on for ``unit``: the one its rule names, else the first with a quota."""
    if target.score and target.score.metric:
        return next(i for i, m in enumerate(target.metrics) if m.id == target.score.metric)
    return next((i for i in range(len(target.metrics)) if unit_quota(target, i, unit, quotas) is not None), None)


def _line(number: int, target: Target, unit: Unit, result: UnitResult, quotas: dict[str, MetricQuotas]) -> Line:
    rule = target.score
    assert rule is not None  # noqa: S101 - validation requires a score on every target when scoring
    metric = _scored_metric(target, unit, quotas) if rule.method is not Method.manual else None
    quota = unit_quota(target, metric, unit, quotas) if metric is not None else None
    key = result_key(number, metric + 1 if metric is not None and quota is not None else None)
    achieved = result.values.get(key)
    if achieved is None:
        score = 0.0
    elif rule.method is Method.manual:
        score = min(achieved, rule.max)
    elif rule.method is Method.pass_fail:
        score = rule.max if (achieved >= quota if quota else achieved >= 1) else 0.0
    elif quota:
        score = rule.max * min(achieved / quota, 1.0)  # capped: more than the quota earns no more
    else:
        score = rule.max  # a quota of 0 (or none for the unit's level) is met by any report
    return Line(number, rule.max, rule.method, key, quota, achieved, round(score, 2))


def ranks(totals: list[float]) -> list[int]:
    """Competition ranks of ``totals`` (higher is better; ties share a rank: 1, 2, 2, 4)."""
    ordered = sorted(totals, reverse=True)
    return [ordered.index(total) + 1 for total in totals]


def score_campaign(campaign: Campaign, results: Results) -> Scoreboard:
    """Score every unit of ``campaign`` from ``results`` and propose awards by its rules.

    Raises :class:`NoScoringRules` when the campaign has none, and
    :class:`app.quotas.QuotaError` when its quotas cannot be computed.
    """
    scoring = campaign.scoring
    if scoring is None:
        raise NoScoringRules()
    quotas = campaign_quotas(campaign)
    bonus_points = {item.id: item.points for item in scoring.bonuses}
    penalty_points = {item.id: item.points for item in scoring.penalties}
    scored: list[tuple[Unit, list[Line], float, float, float, float, Override | None, tuple[str, ...],
                       tuple[str, ...]]] = []
    for unit in campaign.units:
        result = results.units.get(unit.name, UnitResult())
        lines = [_line(n, t, unit, result, quotas)
                 for n, t in enumerate(campaign.targets, start=1) if unit.level in t.levels]
        carried = sum(line.max for line in lines)
        base = round(sum(line.score for line in lines) * scoring.total / carried, 2) if carried else 0.0
        # An item is earned or not: listed twice, it still counts once (check_results says so).
        earned = tuple(i for i in dict.fromkeys(result.bonuses) if i in bonus_points)
        incurred = tuple(i for i in dict.fromkeys(result.penalties) if i in penalty_points)
        bonus = sum(bonus_points[i] for i in earned)
        penalty = sum(penalty_points[i] for i in incurred)
        scored.append((unit, lines, base, bonus, penalty, round(base + bonus - penalty, 2), result.override,
                       earned, incurred))
    overall = ranks([s[5] for s in scored])
    by_kind: dict[int, int] = {}
    for kind in {s[0].kind for s in scored}:
        members = [i for i, s in enumerate(scored) if s[0].kind == kind]
        by_kind.update(zip(members, ranks([scored[i][5] for i in members]), strict=True))
    rows = []
    for i, (unit, lines, base, bonus, penalty, total, override, earned, incurred) in enumerate(scored):
        proposed = _propose(scoring, total, overall[i], by_kind[i])
        rows.append(UnitScore(unit, lines, base, bonus, penalty, total, overall[i], proposed, override,
                              earned, incurred))
    rows.sort(key=lambda row: row.rank)  # stable: ties keep the campaign's order
    return Scoreboard(scoring, rows)


def _propose(scoring: Scoring, total: float, rank: int, kind_rank: int) -> str | None:
    for rule in scoring.rules:
        if rule.rank is not None and (kind_rank if rule.per_kind else rank) <= rule.rank \
                and (rule.min is None or total >= rule.min):
            return rule.award
    for rule in scoring.rules:
        if rule.rank is None and rule.min is not None and total >= rule.min \
                and (rule.below is None or total < rule.below):
            return rule.award
    return None


def check_results(campaign: Campaign, results: Results) -> list[tuple[tuple[str | int, ...], str]]:
    """What in ``results`` does not fit ``campaign``, each with its location in the results file."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    units = {u.name: u for u in campaign.units}
    scoring = campaign.scoring
    items = {"bonuses": {i.id for i in scoring.bonuses} if scoring else set(),
             "penalties": {i.id for i in scoring.penalties} if scoring else set()}
    awards = {a.id for a in scoring.awards} if scoring else set()
    for name, result in results.units.items():
        unit = units.get(name)
        if unit is None:
            problems.append((("units", name), msg("không có đơn vị '{name}' trong chiến dịch", name=name)))
            continue
        keys = _keys(campaign, unit)
        for key, value in result.values.items():
            if key not in keys:
                problems.append((("units", name, "values", key), msg("{short_name} không có chỉ tiêu {key}", short_name=unit.short_name, key=key)))
            elif keys[key] is not None and value > keys[key]:
                problems.append((("units", name, "values", key),
                                 msg("điểm chấm {value:g} vượt điểm chuẩn {key:g} của chỉ tiêu {key2}", value=value, key=keys[key], key2=key)))
        for field, known in items.items():
            listed = getattr(result, field)
            for item in dict.fromkeys(listed):
                if item not in known:
                    problems.append((("units", name, field), msg("không có mục '{item}' trong quy chế chấm điểm", item=item)))
                elif listed.count(item) > 1:
                    problems.append((("units", name, field), msg("mục '{item}' được ghi {count} lần", item=item, count=listed.count(item))))
        if result.override and result.override.award and result.override.award not in awards:
            problems.append((("units", name, "override", "award"),
                             msg("không có hình thức khen thưởng '{award}'", award=result.override.award)))
    return problems


def _keys(campaign: Campaign, unit: Unit) -> dict[str, float | None]:
    """The result keys a unit may report, each with the most it may hold (a hand-given score)."""
    keys: dict[str, float | None] = {}
    for number, target in enumerate(campaign.targets, start=1):
        if unit.level not in target.levels:
            continue
        manual = target.score is not None and target.score.method is Method.manual
        keys[result_key(number)] = target.score.max if manual else None
        for m in range(len(target.metrics)):
            keys[result_key(number, m + 1)] = None
    return keys
