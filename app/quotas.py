"""Splitting a province target among the subordinate units (giao chỉ tiêu cho đơn vị).

A metric with ``apportion: true`` (e.g. 7.500 đơn vị máu) is shared by the units that carry its
target (the units whose level is in ``target.levels``): a unit's explicit quota (``quotas:`` in
the YAML) is taken as given, the rest of the total is split by weight (equally when no unit has a
weight) in whole numbers by the largest-remainder method, so the parts always add up exactly to
the province total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from app import vnformat
from app.campaign import Campaign, Metric, Target, Unit
from app.loader import format_loc
from app.messages import msg, of_exception, prefixed

__all__ = ["QuotaError", "ApportionError", "apportion", "carriers", "campaign_quotas", "MetricQuotas"]


class ApportionError(ValueError):
    """The numbers given to :func:`apportion` cannot be split (Vietnamese message, no location)."""


class QuotaError(ValueError):
    """A campaign whose quotas cannot be computed; the message names the target (``targets[2].metrics[0]: …``)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(prefixed(field, message))


def apportion(total: int, units: Sequence[str], weights: Mapping[str, float] | None = None,
              explicit: Mapping[str, int] | None = None) -> dict[str, int]:
    """Split the whole number ``total`` among ``units`` (names), in their order.

    Units in ``explicit`` get exactly their quota; the remainder goes to the others in
    proportion to ``weights`` (equal shares when ``weights`` is empty), rounded by the
    largest-remainder method: every unit first gets the floor of its exact share, then the
    units with the largest fractional parts get one more until the sum is exact. Ties go to the
    unit listed first, so the result is deterministic.
    """
    weights = dict(weights or {})
    explicit = dict(explicit or {})
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise ApportionError(msg("tổng chỉ tiêu phải là số nguyên không âm, không phải {total!r}", total=total))
    if len(set(units)) != len(units):
        raise ApportionError(msg("danh sách đơn vị có tên bị trùng"))
    unknown = [name for name in explicit if name not in units]
    if unknown:
        raise ApportionError(msg("chỉ tiêu giao cố định cho đơn vị không thực hiện chỉ tiêu này: {unknown}", unknown=', '.join(unknown)))
    for name, quota in explicit.items():
        if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
            raise ApportionError(msg("chỉ tiêu giao cố định của {name} phải là số nguyên không âm", name=name))
    fixed = sum(explicit.values())
    if fixed > total:
        detail = ", ".join(f"{name} {vnformat.format_number(q)}" for name, q in explicit.items())
        raise ApportionError(msg("chỉ tiêu giao cố định ({detail}) vượt tổng {total}", detail=detail, total=vnformat.format_number(total)))
    free = [name for name in units if name not in explicit]
    rest = total - fixed
    result = {name: explicit.get(name, 0) for name in units}
    if not free:
        if rest:
            raise ApportionError(
                msg("chỉ tiêu giao cố định cộng lại {fixed}, chưa đủ tổng "
                "{total}, và không còn đơn vị nào để chia phần còn lại", fixed=vnformat.format_number(fixed), total=vnformat.format_number(total)))
        return result
    weighted = [name for name in free if name in weights and weights[name] is not None]
    if weighted and len(weighted) != len(free):
        missing = [name for name in free if name not in weighted]
        raise ApportionError(msg("đơn vị thiếu trọng số (các đơn vị khác có trọng số): {missing}", missing=', '.join(missing)))
    # Fractions keep the shares exact: float rounding could otherwise move a unit's extra one.
    shares = {name: Fraction(weights[name]) if weighted else Fraction(1) for name in free}
    if any(share <= 0 for share in shares.values()):
        raise ApportionError(msg("trọng số phải lớn hơn 0"))
    weight_sum = sum(shares.values())
    exact = {name: rest * share / weight_sum for name, share in shares.items()}
    floors = {name: value.numerator // value.denominator for name, value in exact.items()}
    left = rest - sum(floors.values())
    # Largest fractional part first; sorted() is stable, so ties keep the units' order.
    order = sorted(free, key=lambda name: -(exact[name] - floors[name]))
    for name in order[:left]:
        floors[name] += 1
    result.update(floors)
    return result


def carriers(campaign: Campaign, target: Target) -> list[Unit]:
    """The campaign's units whose level is in ``target.levels``, in campaign order."""
    return [unit for unit in campaign.units if unit.level in target.levels]


@dataclass(frozen=True)
class MetricQuotas:
    """One apportioned metric, where it sits in the campaign, and each carrying unit's quota."""

    target_index: int
    metric_index: int
    metric: Metric
    quotas: dict[str, int]  # unit name → quota, in campaign order

    @property
    def field(self) -> str:
        return format_loc(("targets", self.target_index, "metrics", self.metric_index))


def campaign_quotas(campaign: Campaign) -> dict[str, MetricQuotas]:
    """Every apportioned metric's split among its units, keyed by metric id.

    Raises :class:`QuotaError` naming the metric (``targets[2].metrics[0]``) when the explicit
    quotas exceed the total, a unit without the target has a fixed quota, or weights are missing.
    """
    out: dict[str, MetricQuotas] = {}
    for t_index, target in enumerate(campaign.targets):
        units = carriers(campaign, target)
        names = [unit.name for unit in units]
        for m_index, metric in enumerate(target.metrics):
            if not metric.apportion or not metric.id:
                continue
            field = format_loc(("targets", t_index, "metrics", m_index))
            outsiders = [u.name for u in campaign.units if metric.id in u.quotas and u.name not in names]
            if outsiders:
                raise QuotaError(field, msg("đơn vị không thực hiện chỉ tiêu này nhưng có chỉ tiêu giao cố định "
                                        "'{id}': {outsiders}", id=metric.id, outsiders=', '.join(outsiders)))
            if not names:
                # No unit at the target's levels (e.g. only communes left after 2025 for a
                # district target): the province carries it itself, nothing to split.
                out[metric.id] = MetricQuotas(t_index, m_index, metric, {})
                continue
            explicit = {u.name: u.quotas[metric.id] for u in units if metric.id in u.quotas}
            weights = {u.name: u.weight for u in units if u.weight is not None}
            try:
                quotas = apportion(int(metric.value), names, weights, explicit)
            except ApportionError as exc:
                raise QuotaError(field, of_exception(exc)) from None
            out[metric.id] = MetricQuotas(t_index, m_index, metric, quotas)
    return out
