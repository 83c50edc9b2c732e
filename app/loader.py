"""Reading and writing campaign YAML files, with errors that name the file, line and field.

``load_campaign("campaigns/x.yaml")`` returns a :class:`~app.campaign.Campaign` or raises
:class:`CampaignError`, whose lines read ``campaigns/x.yaml:14: targets[3].metrics[0].value: …``
in Vietnamese. :func:`validate_data` is the one way from plain data (a YAML file, the web form,
an imported unit list) to a Campaign. ``save_campaign`` writes atomically, keeps the file's
comments and the previous version. The YAML dialect itself (PyYAML's YAML 1.1 for reading and
writing alike) is :mod:`app.yamlio`.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from app.campaign import Campaign
from app.choices import choices_message
from app.fields import noncharacter_problem
from app.fsutil import atomic_write_bytes
from app.messages import FieldError, Message, join, msg, msg_template, of_exception, prefixed
from app.migrate import locator, migrate_text
from app.yamlio import SourceMap, dump_yaml, encode_like, matches, merge_text, read_yaml, yaml_error_text

__all__ = [
    "CampaignError", "Problem", "SourceMap", "load_campaign", "parse_campaign", "validate_data", "validate_model",
    "load_model", "check_campaign", "campaign_warnings",
    "read_campaign_yaml", "read_campaign_bytes", "decode_campaign", "dump_campaign", "campaign_bytes",
    "save_campaign", "plain_data", "format_loc", "campaign_slug", "SLUG_RE", "MAX_CAMPAIGN_BYTES",
]

M = TypeVar("M", bound=BaseModel)
Relocate = Callable[[tuple[Any, ...]], tuple[Any, ...]]
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_CAMPAIGN_BYTES = 2 * 1024 * 1024  # a campaign is a few KB; more is a mistake or an attack
MAX_PROBLEMS = 50  # problems listed for one file


@dataclass(frozen=True)
class Problem:
    """One error in a campaign: where (line and field) and what, in Vietnamese."""

    line: int | None
    field: str
    message: str

    def format(self, source: str) -> str:
        """``source:line: field: message``, the message still translatable (:mod:`app.messages`)."""
        where = f"{source}:{self.line}" if self.line else source
        return prefixed(f"{where}: {self.field}" if self.field else where, self.message)


class CampaignError(ValueError):
    """A campaign file that cannot be used; ``problems`` lists every error found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(join(p.format(source) for p in problems))

    def by_field(self) -> dict[str, str]:
        """Messages keyed by field path, for showing them next to form fields."""
        out: dict[str, str] = {}
        for p in self.problems:
            out.setdefault(p.field, p.message)
        return out


def campaign_slug(path: str | os.PathLike[str]) -> str:
    """The campaign's name: its file name without ``.yaml`` (``lao-cai-2023``)."""
    return Path(path).stem


def format_loc(loc: tuple[Any, ...]) -> str:
    """``("targets", 3, "metrics", 0, "value")`` → ``targets[3].metrics[0].value``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_MESSAGES = {
    "missing": msg_template("thiếu trường bắt buộc"),
    "extra_forbidden": msg_template("trường không có trong mẫu chiến dịch (kiểm tra chính tả tên trường)"),
    "int_type": msg_template("phải là số nguyên"),
    "int_parsing": msg_template("phải là số nguyên"),
    "int_from_float": msg_template("phải là số nguyên"),
    "float_type": msg_template("phải là số"),
    "float_parsing": msg_template("phải là số"),
    "string_type": msg_template("phải là văn bản"),
    "string_too_short": msg_template("không được để trống"),
    "string_pattern_mismatch": msg_template("chỉ dùng chữ thường không dấu, số, '-' và '_'"),
    "list_type": msg_template("phải là một danh sách (các dòng bắt đầu bằng '- ')"),
    "dict_type": msg_template("phải là một nhóm trường (tên: giá trị)"),
    "model_type": msg_template("phải là một nhóm trường (tên: giá trị)"),
    "model_attributes_type": msg_template("phải là một nhóm trường (tên: giá trị)"),
    "date_type": msg_template("phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10"),
    "date_parsing": msg_template("phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10"),
    "date_from_datetime_parsing": msg_template("phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10"),
    "date_from_datetime_inexact": msg_template("phải là ngày, không kèm giờ"),
    "bool_type": msg_template("phải là true hoặc false"),
    "bool_parsing": msg_template("phải là true hoặc false"),
    "greater_than": msg_template("phải lớn hơn {gt}"),
    "greater_than_equal": msg_template("phải lớn hơn hoặc bằng {ge}"),
    "less_than": msg_template("phải nhỏ hơn {lt}"),
    "less_than_equal": msg_template("phải nhỏ hơn hoặc bằng {le}"),
    "too_short": msg_template("cần ít nhất {min_length} mục"),
    "too_long": msg_template("có quá {max_length} mục"),
    "string_too_long": msg_template("dài quá {max_length} ký tự"),
    "finite_number": msg_template("phải là một số (không dùng .inf hay .nan)"),
    "int_parsing_size": msg_template("số quá lớn"),
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return of_exception(ctx["error"]) if isinstance(ctx.get("error"), Exception) else error["msg"]
    if kind in ("enum", "literal_error"):
        return msg("phải là một trong: {choices}", choices=choices_message(str(ctx.get("expected", ""))))
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    try:
        # 1e12 and 0 as typed, not as the floats pydantic compared with (1000000000000.0)
        return Message(template, {key: str(int(value) if isinstance(value, float) and value.is_integer() else value)
                                  for key, value in ctx.items()})
    except (KeyError, IndexError):
        return template  # a context pydantic did not give: the template as it stands



def _problems_from_validation(exc: ValidationError, where: SourceMap, relocate: Relocate) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    errors = exc.errors(include_url=False, include_input=False)
    for error in errors:
        loc = relocate(tuple(error["loc"]))
        if isinstance((error.get("ctx") or {}).get("error"), FieldError):
            loc += (error["ctx"]["error"].field,)
        key = (format_loc(loc), _message(error))
        if key in seen:  # one message per field is enough
            continue
        seen.add(key)
        problems.append(Problem(where.line_for(loc), key[0], key[1]))
        if len(problems) == MAX_PROBLEMS and len(errors) > len(seen):
            # a list of 99.000 wrong values: the first ones say enough, and the page stays small
            problems.append(Problem(None, "", msg("… và {count} lỗi khác", count=len(errors) - len(seen))))
            break
    return problems


def validate_data(data: Any, source: str = "<campaign>", where: SourceMap | None = None) -> Campaign:
    """Validate plain ``data`` (from a YAML file, the web form, an import) into a Campaign.

    Raises :class:`CampaignError` whose problems name the field and, when ``where`` tells it,
    the line (see :func:`validate_model`); then the checks the schema cannot make
    (:meth:`Campaign.check_texts`). ``data`` is not modified.
    """
    where = where or SourceMap()
    relocate = locator(data)
    campaign = validate_model(Campaign, data, source, where, relocate=relocate,
                              shape=msg("tệp chiến dịch phải là một nhóm trường (year:, issuer:, …)"))
    text_problems = campaign.check_texts()
    if text_problems:
        raise CampaignError(source, _located(text_problems, where, relocate))
    return campaign


def campaign_warnings(campaign: Campaign, data: Any = None, where: SourceMap | None = None) -> list[Problem]:
    """What in a valid ``campaign`` is probably not meant (:meth:`Campaign.warnings`), located
    in ``data`` as read (``where``: its lines); each message begins ``cảnh báo:``."""
    relocate = locator(data) if data is not None else (lambda loc: loc)
    return [Problem(p.line, p.field, msg("cảnh báo: {message}", message=p.message))
            for p in _located(campaign.warnings(), where or SourceMap(), relocate)]


def _located(found: list[tuple[tuple[Any, ...], str]], where: SourceMap, relocate: Relocate) -> list[Problem]:
    return [Problem(where.line_for(relocate(loc)), format_loc(relocate(loc)), msg) for loc, msg in found]


def validate_model(model: type[M], data: Any, source: str, where: SourceMap | None = None, *,
                   shape: str = msg("tệp phải là một nhóm trường (tên: giá trị)"), relocate: Relocate | None = None) -> M:
    """Validate plain ``data`` into ``model`` (a campaign, its results, its nominees …).

    Raises :class:`CampaignError` whose problems name the field and, when ``where`` tells it,
    the line, in Vietnamese. A text field that YAML read as something else because it was not
    quoted (``theme: no`` → False, ``010`` → 8, ``1:30`` → 90) takes the text as typed, which
    ``where.plain`` holds. ``data`` is not modified. ``relocate`` turns a model location into
    the location in ``data`` (a campaign in the old shape, :func:`app.migrate.locator`).
    """
    where = where or SourceMap()
    relocate = relocate or (lambda loc: loc)
    if not isinstance(data, dict):
        raise CampaignError(source, [Problem(1, "", shape)])
    found = list(_noncharacters(data, ()))
    if found:  # in any field of any model, found before the model sees (and maybe prints) them
        raise CampaignError(source, [Problem(where.line_for(loc), format_loc(loc), problem) for loc, problem in found])
    as_typed: set[tuple[Any, ...]] = set()
    while True:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            retyped = {relocate(tuple(e["loc"])) for e in exc.errors() if e["type"] == "string_type"}
            retyped = {loc for loc in retyped & where.plain.keys() if loc not in as_typed}
            if not retyped:
                raise CampaignError(source, _problems_from_validation(exc, where, relocate)) from None
            data = copy.deepcopy(data) if not as_typed else data
            for loc in retyped:
                _put(data, loc, where.plain[loc])
            as_typed |= retyped


def _noncharacters(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Each text of ``value`` (keys too) holding a Unicode noncharacter, with its location."""
    if isinstance(value, str):
        problem = noncharacter_problem(value)
        if problem:
            yield loc, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _noncharacters(key, loc + (key,))
            yield from _noncharacters(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _noncharacters(item, loc + (index,))


def load_model(path: str | os.PathLike[str], model: type[M]) -> M:
    """Read and validate the YAML file at ``path`` as ``model`` (the campaign's results, nominees)."""
    source = str(path)
    data, where = read_campaign_yaml(decode_campaign(read_campaign_bytes(path), source), source)
    return validate_model(model, data, source, where)


def _put(data: Any, loc: tuple[Any, ...], value: str) -> None:
    *parents, last = loc
    node = data
    try:
        for part in parents:
            node = node[part]
        node[last] = value
    except (KeyError, IndexError, TypeError):
        pass  # a location the data does not have as such (a key YAML read as a number): left as read


def parse_campaign(text: str, source: str = "<campaign>") -> Campaign:
    """Parse and validate campaign YAML ``text``; ``source`` names it in error messages."""
    data, where = read_campaign_yaml(text, source)
    return validate_data(data, source, where)


def read_campaign_yaml(text: str, source: str = "<campaign>") -> tuple[Any, SourceMap]:
    """The plain data of campaign YAML ``text`` and where each value is, not yet validated.

    Raises :class:`CampaignError` for a file too large or not YAML at all.
    """
    if len(text) > MAX_CAMPAIGN_BYTES or len(text.encode("utf-8")) > MAX_CAMPAIGN_BYTES:
        raise CampaignError(source, [Problem(None, "", msg("tệp quá lớn (tối đa {kb} KB)", kb=MAX_CAMPAIGN_BYTES // 1024))])
    try:
        return read_yaml(text)
    except yaml.YAMLError as exc:
        line, reason = yaml_error_text(exc, text)
        raise CampaignError(source, [Problem(line, "", msg("lỗi cú pháp YAML: {reason}", reason=reason))]) from None


def decode_campaign(raw: bytes, source: str) -> str:
    """A campaign file's bytes as text (UTF-8, with or without BOM), or :class:`CampaignError`."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CampaignError(source, [Problem(line, "", msg("tệp không phải UTF-8"))]) from None


def read_campaign_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the campaign file at ``path``, or :class:`CampaignError` saying why not."""
    source = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise CampaignError(source, [Problem(None, "", msg("không tìm thấy tệp"))]) from None
    except OSError as exc:
        raise CampaignError(source, [Problem(None, "", msg("không đọc được tệp: {reason}", reason=exc.strerror))]) from None


def load_campaign(path: str | os.PathLike[str]) -> Campaign:
    """Read and validate the campaign file at ``path``."""
    source = str(path)
    return parse_campaign(decode_campaign(read_campaign_bytes(path), source), source)


def check_campaign(path: str | os.PathLike[str]) -> tuple[Campaign, list[Problem]]:
    """Read and validate the campaign file at ``path``; also its warnings, with their lines."""
    source = str(path)
    data, where = read_campaign_yaml(decode_campaign(read_campaign_bytes(path), source), source)
    campaign = validate_data(data, source, where)
    return campaign, campaign_warnings(campaign, data, where)


def plain_data(value: Any) -> Any:
    """A deep copy of model data as YAML writes it: enums as their values, 25000.0 as 25000."""
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # a weight of 25000, not 25000.0
    return value


def _full_and_minimal(campaign: BaseModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """The campaign's data with every field, and without the fields that hold their default."""
    return (plain_data(campaign.model_dump(mode="python")),
            plain_data(campaign.model_dump(mode="python", exclude_defaults=True)))


def dump_campaign(campaign: Campaign) -> str:
    """The campaign as fresh YAML text, fields in model order, defaults left out."""
    return dump_yaml(plain_data(campaign.model_dump(mode="python", exclude_defaults=True)))


def campaign_bytes(campaign: BaseModel, previous: bytes | None, source: str = "<campaign>") -> bytes:
    """What the campaign's file holds once ``campaign`` is saved over ``previous`` (its bytes).

    Unchanged data keeps the file byte for byte; changed data is merged into the old text so
    that comments, key order and quoting stay (:func:`app.yamlio.merge_text`), after a campaign
    in the old shape is moved into the new one (:func:`app.migrate.migrate_text`); a fresh dump
    when there is no old file (or not UTF-8) or the merge cannot be verified. The file's BOM
    and line ends (CRLF) are kept. An old file that does not read as YAML (a key written twice)
    is :class:`CampaignError` naming ``source``, the line and the key, not replaced by a fresh
    dump without its comments.
    """
    full, minimal = _full_and_minimal(campaign)
    text = _utf8(previous)
    if text is not None:
        found, _where = read_campaign_yaml(text, source)
        if matches(found, full, minimal):
            return previous
        if isinstance(campaign, Campaign):
            text = _migrated(text)
        merged = merge_text(text, full, minimal)
        if merged is not None:
            return encode_like(merged, previous)
    return encode_like(dump_yaml(minimal), previous)


def _utf8(raw: bytes | None) -> str | None:
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n") if raw is not None else None
    except UnicodeDecodeError:
        return None


def _migrated(text: str) -> str:
    try:
        return migrate_text(text) or text
    except Exception:  # noqa: BLE001 - ruamel and PyYAML raise many types; the merge then dumps afresh
        return text


def save_campaign(campaign: BaseModel, path: str | os.PathLike[str], *, keep_history: bool = True,
                  previous: bytes | None = None) -> Path:
    """Write ``campaign`` to ``path`` atomically; the previous file goes to ``.history/``.

    ``previous`` is the file's bytes when the caller has just read them (the store does, to
    check the version): the file is then not read again. Comments, key order and quoting of the
    existing file are kept (see :func:`campaign_bytes`).
    """
    target = Path(path)
    if previous is None:
        try:
            previous = target.read_bytes()
        except FileNotFoundError:
            previous = None
    data = campaign_bytes(campaign, previous, target.name)
    if previous is not None and keep_history:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        atomic_write_bytes(target.parent / ".history" / f"{target.stem}.{stamp}.yaml", previous)
    return atomic_write_bytes(target, data)
