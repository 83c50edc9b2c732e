"""Reading and writing campaign YAML files, with errors that name the file, line and field.

``load_campaign("campaigns/x.yaml")`` returns a :class:`~app.campaign.Campaign` or raises
:class:`CampaignError`, whose lines read ``campaigns/x.yaml:14: targets[3].metrics[0].value: …``
in Vietnamese. ``save_campaign`` writes atomically and keeps the previous version.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from app.campaign import Campaign
from app.fsutil import atomic_write_text

__all__ = [
    "CampaignError", "Problem", "load_campaign", "parse_campaign", "dump_campaign",
    "save_campaign", "plain_data", "format_loc", "campaign_slug", "SLUG_RE", "MAX_CAMPAIGN_BYTES",
]

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_CAMPAIGN_BYTES = 2 * 1024 * 1024  # a campaign is a few KB; more is a mistake or an attack


@dataclass(frozen=True)
class Problem:
    """One error in a campaign: where (line and field) and what, in Vietnamese."""

    line: int | None
    field: str
    message: str

    def format(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CampaignError(ValueError):
    """A campaign file that cannot be used; ``problems`` lists every error found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.format(source) for p in problems))

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


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"khóa '{key}' bị lặp lại", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line_index(node: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Map each path in the YAML tree to the (1-based) line where its value starts."""
    lines: dict[tuple[Any, ...], int] = {}

    def walk(n: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                key_path = path + (key_node.value,)
                walk(value_node, key_path)
                lines[key_path] = key_node.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, path + (i,))

    if node is not None:
        walk(node, ())
    return lines


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong mẫu chiến dịch (kiểm tra chính tả tên trường)",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "string_type": "phải là văn bản",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "chỉ dùng chữ thường không dấu, số, '-' và '_'",
    "list_type": "phải là một danh sách (các dòng bắt đầu bằng '- ')",
    "dict_type": "phải là một nhóm trường (tên: giá trị)",
    "model_type": "phải là một nhóm trường (tên: giá trị)",
    "model_attributes_type": "phải là một nhóm trường (tên: giá trị)",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10",
    "date_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10",
    "date_from_datetime_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2023-02-10",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "too_short": "cần ít nhất {min_length} mục",
    "enum": "phải là một trong: {expected}",
    "literal_error": "phải là một trong: {expected}",
    "string_too_long": "dài quá {max_length} ký tự",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return error["msg"]
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _problems_from_validation(exc: ValidationError, lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        key = (format_loc(loc), _message(error))
        if key in seen:  # one message per field is enough
            continue
        seen.add(key)
        problems.append(Problem(_line_for(lines, loc), key[0], key[1]))
    return problems


# PyYAML's messages are English and technical; the common ones get a Vietnamese explanation of
# what to do, the original stays in brackets for the technical colleague.
_YAML_HINTS = [
    ("mapping values are not allowed", "có dấu ':' giữa dòng: đặt cả đoạn văn trong dấu nháy đơn '…'"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường, hoặc một đoạn văn xuống dòng mà không thụt lề"),
    ("found character '\\t'", "có ký tự Tab: thụt lề bằng dấu cách"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên"),
    ("found undefined alias", "dòng bắt đầu bằng '*': đặt cả đoạn văn trong dấu nháy đơn '…'"),
    ("while scanning an alias", "dòng bắt đầu bằng '*': đặt cả đoạn văn trong dấu nháy đơn '…'"),
    ("did not find expected key", "thụt lề không khớp, hoặc thiếu dấu '-' trước một mục của danh sách"),
    ("found unexpected end of stream", "thiếu dấu nháy đóng"),
    ("while scanning a quoted scalar", "thiếu dấu nháy đóng"),
    ("expected ',' or ']'", "thiếu dấu ']' đóng danh sách"),
    ("expected ',' or '}'", "thiếu dấu '}' đóng nhóm"),
]


def _yaml_reason(context: str, reason: str) -> str:
    for needle, hint in _YAML_HINTS:
        if needle in context:
            return f"{hint} ({reason})"
    return reason


def parse_campaign(text: str, source: str = "<campaign>") -> Campaign:
    """Parse and validate campaign YAML ``text``; ``source`` names it in error messages."""
    if len(text.encode("utf-8")) > MAX_CAMPAIGN_BYTES:
        raise CampaignError(source, [Problem(None, "", f"tệp quá lớn (tối đa {MAX_CAMPAIGN_BYTES // 1024} KB)")])
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "không đọc được"
        hinted = _yaml_reason(f"{exc.context or ''} {exc.problem or ''}", reason)
        raise CampaignError(source, [Problem(line, "", f"lỗi cú pháp YAML: {hinted}")]) from None
    except yaml.YAMLError as exc:
        raise CampaignError(source, [Problem(None, "", f"lỗi cú pháp YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise CampaignError(source, [Problem(1, "", "tệp chiến dịch phải là một nhóm trường (year:, issuer:, …)")])
    lines = _line_index(node)
    try:
        campaign = Campaign.model_validate(data)
    except ValidationError as exc:
        raise CampaignError(source, _problems_from_validation(exc, lines)) from None
    text_problems = campaign.check_texts()
    if text_problems:
        raise CampaignError(source, [Problem(_line_for(lines, loc), format_loc(loc), msg) for loc, msg in text_problems])
    return campaign


def load_campaign(path: str | os.PathLike[str]) -> Campaign:
    """Read and validate the campaign file at ``path``."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CampaignError(source, [Problem(None, "", "không tìm thấy tệp")]) from None
    except OSError as exc:
        raise CampaignError(source, [Problem(None, "", f"không đọc được tệp: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CampaignError(source, [Problem(line, "", "tệp không phải UTF-8")]) from None
    return parse_campaign(text, source)


class _Dumper(yaml.SafeDumper):
    """Readable YAML: block lists indented, multi-line text as ``|`` blocks, no line folding."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def dump_campaign(campaign: Campaign) -> str:
    """The campaign as YAML text, fields in model order, defaults left out."""
    data = campaign.model_dump(mode="python", exclude_defaults=True)
    data = plain_data(data)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


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


def save_campaign(campaign: Campaign, path: str | os.PathLike[str], *, keep_history: bool = True) -> Path:
    """Write ``campaign`` to ``path`` atomically; the previous file goes to ``.history/``.

    When the file exists, its comments, key order and quoting are kept: only the values that
    changed are rewritten (see :func:`_merge_into_existing`).
    """
    target = Path(path)
    text = dump_campaign(campaign)
    if target.exists():
        previous = target.read_text(encoding="utf-8")
        text = _merge_into_existing(previous, campaign) or text
        if keep_history:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            history = target.parent / ".history" / f"{target.stem}.{stamp}.yaml"
            atomic_write_text(history, previous)
    return atomic_write_text(target, text)


def _merge_into_existing(previous: str, campaign: Campaign) -> str | None:
    """The previous YAML text with the campaign's values put in, comments kept; None if unsafe.

    ruamel.yaml's round-trip mode keeps comments and layout, which PyYAML drops: a clerk's or a
    colleague's notes in the file survive a save from the web form. The result is parsed back
    and compared with ``campaign``; on any difference the caller writes a fresh dump instead.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml_rt = YAML()
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 10_000
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    try:
        document = yaml_rt.load(previous)
    except YAMLError:
        return None
    if not isinstance(document, dict):
        return None
    full = plain_data(campaign.model_dump(mode="python"))
    minimal = plain_data(campaign.model_dump(mode="python", exclude_defaults=True))
    merged = _merge(document, full, minimal)
    import io

    buffer = io.StringIO()
    yaml_rt.dump(merged, buffer)
    text = buffer.getvalue()
    try:
        if parse_campaign(text) != campaign:
            return None
    except CampaignError:
        return None
    return text


def _merge(old: Any, full: Any, minimal: Any) -> Any:
    """Put the new values into ``old`` (a ruamel round-trip node), keeping what can be kept.

    ``full`` has every field, ``minimal`` leaves defaults out: a field the file spells out
    stays even when it holds the default, and a default the file leaves out is not added.
    """
    if isinstance(old, dict) and isinstance(full, dict):
        minimal = minimal if isinstance(minimal, dict) else {}
        for key in [k for k in old if k not in full]:
            del old[key]
        for key, value in full.items():
            if key in old:
                old[key] = _merge(old[key], value, minimal.get(key, value))
            elif key in minimal:
                old[key] = minimal[key]
        return old
    if isinstance(old, list) and isinstance(full, list):
        minimal = minimal if isinstance(minimal, list) and len(minimal) == len(full) else full
        for index, value in enumerate(full):
            if index < len(old):
                old[index] = _merge(old[index], value, minimal[index])
            else:
                old.append(minimal[index])
        del old[len(full):]
        return old
    if not isinstance(old, bool) and not isinstance(full, bool) and old == full:
        return old  # same value: keep the file's spelling (quotes, 130 rather than 130.0)
    return full
