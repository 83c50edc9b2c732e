"""The campaign's vocabulary: the levels its targets apply to and the kinds of its units.

A provincial campaign keeps the default levels (cấp tỉnh, cấp huyện và tương đương, cấp cơ sở,
ids ``province``, ``district``, ``grassroots``); a commune campaign defines its own
(``levels: [{id: xa, name: cấp xã}, {id: thon, name: cấp thôn}]``). A unit's kind is free text
(the common ones are offered in the form and recognised by the unit import); its level is given
(``level:``) or follows from its kind through :data:`DEFAULT_KIND_LEVEL`, which the campaign
extends or overrides (``kinds: {thôn: grassroots}``). A level is named by its id or by its name.

:func:`resolve` puts the resolved level ids into the models when the campaign validates, so that
every consumer compares plain ids (``unit.level in target.levels``); a level derived from a
kind is not written back to the file (:class:`Derived`). :func:`problems` names, with their
locations, the references that match no level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, PlainSerializer, PrivateAttr, model_serializer

from app.fields import Slug, StrictModel, Text
from app.messages import msg

if TYPE_CHECKING:
    from app.campaign import Campaign

__all__ = [
    "LevelDef", "KindName", "Kind", "Derived", "DEFAULT_LEVELS", "default_levels", "COMMON_KINDS",
    "DEFAULT_KIND_LEVEL", "kind_levels", "resolve", "problems", "choices",
]


class LevelDef(StrictModel):
    """A level of the campaign (cấp): its id, used in ``levels:`` of a target, and its name."""

    id: Slug
    name: Text

    @property
    def label(self) -> str:
        return self.name


DEFAULT_LEVELS = (("province", "cấp tỉnh"), ("district", "cấp huyện và tương đương"), ("grassroots", "cấp cơ sở"))


def default_levels() -> list[LevelDef]:
    """Today's three levels of a provincial Red Cross campaign."""
    return [LevelDef(id=i, name=n) for i, n in DEFAULT_LEVELS]


# The kinds offered in the form and recognised by the unit import, most common first.
COMMON_KINDS = ("tỉnh", "huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn", "thôn", "bản",
                "tổ dân phố", "chi hội", "trường", "đơn vị trực thuộc")
# The level of the kinds a provincial campaign has always had; a campaign's ``kinds:`` adds to it
# (``quận: district``, ``thôn: thon``). An entry whose level the campaign does not define is left out.
DEFAULT_KIND_LEVEL = {"huyện": "district", "thị xã": "district", "thành phố": "district",
                      "đơn vị trực thuộc": "district", "xã": "grassroots", "phường": "grassroots"}


class KindName(str):
    """A unit's kind, free text (``thôn``, ``tổ dân phố``); ``.value`` as when it was a choice."""

    @property
    def value(self) -> str:
        return str.__str__(self)


Kind = Annotated[Text, AfterValidator(KindName), PlainSerializer(str)]


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


class Derived(StrictModel):
    """A model some of whose fields the campaign fills in on validation (a unit's level from its
    kind): such a value is used like a typed one but not written back to the file."""

    _derived: frozenset[str] = PrivateAttr(default=frozenset())

    def derive(self, field: str, value: Any) -> None:
        self.__dict__[field] = value
        self._derived = self._derived | {field}

    def set_resolved(self, field: str, value: Any) -> None:
        """A typed value as resolved (a level's name → its id), still written back."""
        self.__dict__[field] = value

    def derived(self, field: str) -> bool:
        return field in self._derived

    @model_serializer(mode="wrap")
    def _typed_only(self, handler: Any) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for field in self._derived:
                data.pop(field, None)
        return data


def _lookup(campaign: Campaign) -> dict[str, str]:
    table = {_fold(level.name): level.id for level in campaign.levels}
    table.update({_fold(level.id): level.id for level in campaign.levels})
    return table


def choices(campaign: Campaign) -> str:
    """The campaign's levels as an error message lists them: by their Vietnamese names."""
    return ", ".join(level.name for level in campaign.levels)


def kind_levels(campaign: Campaign) -> dict[str, str]:
    """Kind (folded) → level id: the default table for the levels the campaign has, then its own."""
    ids = {level.id for level in campaign.levels}
    lookup = _lookup(campaign)
    table = {_fold(k): v for k, v in DEFAULT_KIND_LEVEL.items() if v in ids}
    table.update({_fold(k): lookup.get(_fold(v), v) for k, v in campaign.kinds.items()})
    return table


def resolve(campaign: Campaign) -> None:
    """Level names typed for ids become ids; a unit without ``level:`` gets its kind's level
    (``None`` when its kind has none: :func:`problems` says so); a metric without one gets the
    campaign's first level."""
    lookup = _lookup(campaign)
    for target in campaign.targets:
        target.set_resolved("levels", [lookup.get(_fold(x), x) for x in target.levels])
        for metric in target.metrics:
            if metric.level is None or metric.derived("level"):
                metric.derive("level", campaign.levels[0].id)
            else:
                metric.set_resolved("level", lookup.get(_fold(metric.level), metric.level))
    kinds = kind_levels(campaign)
    for unit in campaign.units:
        if unit.level is None or unit.derived("level"):
            unit.derive("level", kinds.get(_fold(unit.kind)))
        else:
            unit.set_resolved("level", lookup.get(_fold(unit.level), unit.level))


def problems(campaign: Campaign) -> list[tuple[tuple[Any, ...], str]]:
    """Every reference to a level the campaign does not have, and every unit without a level."""
    ids = [level.id for level in campaign.levels]
    known = msg("các cấp của chiến dịch: {levels}", levels=choices(campaign))
    found: list[tuple[tuple[Any, ...], str]] = []
    for i, level in enumerate(campaign.levels):
        if level.id in ids[:i]:
            found.append((("levels", i, "id"), msg("mã cấp '{id}' bị trùng", id=level.id)))
    for kind, level in campaign.kinds.items():
        if kind_levels(campaign).get(_fold(kind)) not in ids:
            found.append((("kinds", kind), msg("không có cấp '{level}'; {known}", level=level, known=known)))
    for i, target in enumerate(campaign.targets):
        found += [(("targets", i, "levels", j), msg("không có cấp '{level}'; {known}", level=x, known=known))
                  for j, x in enumerate(target.levels) if x not in ids]
        found += [(("targets", i, "metrics", j, "level"), msg("không có cấp '{level}'; {known}", level=m.level, known=known))
                  for j, m in enumerate(target.metrics) if m.level not in ids]
    for i, unit in enumerate(campaign.units):
        if unit.level is None:
            found.append((("units", i, "kind"), msg("loại đơn vị '{kind}' chưa có cấp: ghi cấp của đơn vị "
                          "(level) hoặc thêm loại này vào kinds của chiến dịch; {known}", kind=unit.kind, known=known)))
        elif unit.level not in ids:
            found.append((("units", i, "level"), msg("không có cấp '{level}'; {known}", level=unit.level, known=known)))
    return found
