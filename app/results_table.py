"""The results page as a view: every unit's reported value per result key, with its quota, and
the totals against the province's figures.

Units are grouped by level (a district and a commune do not carry the same targets): each group
has one column per result key its units report (grouped under the target's number), one row per
unit, and a totals row. What a unit reports comes from its checklist view (:class:`app.checklist.Entry`),
so the page, the XLSX and the import agree on the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.campaign import Campaign, LevelDef, Unit
from app.checklist import ChecklistBuilder, Entry
from app.records import Results, UnitResult

__all__ = ["Column", "Cell", "UnitRow", "LevelGroup", "ResultsTable", "build_results_table"]


@dataclass(frozen=True)
class Column:
    """One result key of a level: what is reported there and the province's figure, if any."""

    key: str
    target: int                 # the target's number in the campaign
    kind: str                   # "number", "pass_fail", "office"
    label: str                  # the metric's unit ("đơn vị máu"); "" for đạt / không đạt and office scores
    province: float | None      # an apportioned metric's province total (the sum of the quotas)
    max: float | None           # "office": the target's maximum score


@dataclass(frozen=True)
class Cell:
    """One unit's value for one column (``None``: not reported) and its quota."""

    entry: Entry
    value: float | None

    @property
    def quota(self) -> float | None:
        return self.entry.quota.value if self.entry.quota else None


@dataclass(frozen=True)
class UnitRow:
    """One unit: its position in the campaign's list, and a cell per column (``None``: not its target)."""

    index: int
    unit: Unit
    cells: list[Cell | None]


@dataclass(frozen=True)
class LevelGroup:
    """The units of one level, their columns, and per column the total of the reported values
    (for đạt / không đạt: how many units passed) and how many units reported it."""

    level: LevelDef
    columns: list[Column]
    rows: list[UnitRow]
    totals: list[float | None]
    reported: list[int]

    @property
    def targets(self) -> list[tuple[int, int]]:
        """``(target number, column count)`` for the grouped header row."""
        spans: list[tuple[int, int]] = []
        for column in self.columns:
            if spans and spans[-1][0] == column.target:
                spans[-1] = (column.target, spans[-1][1] + 1)
            else:
                spans.append((column.target, 1))
        return spans


@dataclass(frozen=True)
class ResultsTable:
    """Every level's group, in the campaign's order of levels (province, district, grassroots)."""

    groups: list[LevelGroup]


def _numbers(key: str) -> tuple[int, ...]:
    """``"7.1"`` → ``(7, 1)``: the target's number and the metric's."""
    return tuple(int(part) for part in key.split("."))


def _column(campaign: Campaign, entry: Entry) -> Column:
    number, *metric_number = _numbers(entry.key)
    province, label = None, ""
    if entry.quota is not None and metric_number:
        metric = campaign.targets[number - 1].metrics[metric_number[0] - 1]
        province = metric.value if metric.apportion else None
        label = entry.quota.unit
    return Column(entry.key, number, entry.kind, label, province, entry.max)


def build_results_table(campaign: Campaign, results: Results, builder: ChecklistBuilder | None = None) -> ResultsTable:
    """The results page of ``campaign`` from its stored ``results``.

    Raises :class:`app.quotas.QuotaError` when the quotas cannot be computed.
    """
    builder = builder or ChecklistBuilder(campaign)
    groups = []
    for level in campaign.levels:
        members = [(i, u) for i, u in enumerate(campaign.units) if u.level == level.id]
        if not members:
            continue
        entries = {i: {e.key: e for row in builder.rows(u) for e in row.entries} for i, u in members}
        columns: dict[str, Column] = {}
        for i, _unit in members:
            for entry in entries[i].values():
                columns.setdefault(entry.key, _column(campaign, entry))
        ordered = sorted(columns.values(), key=lambda c: _numbers(c.key))
        rows = []
        for i, unit in members:
            stored = results.units.get(unit.name, UnitResult()).values
            rows.append(UnitRow(i, unit, [Cell(entries[i][c.key], stored.get(c.key)) if c.key in entries[i] else None
                                          for c in ordered]))
        totals: list[float | None] = []
        reported: list[int] = []
        for k in range(len(ordered)):
            values = [cell.value for row in rows if (cell := row.cells[k]) is not None and cell.value is not None]
            totals.append(sum(values) if values else None)
            reported.append(len(values))
        groups.append(LevelGroup(level, ordered, rows, totals, reported))
    return ResultsTable(groups)
