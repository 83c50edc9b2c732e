"""The one YAML dialect of campaign files: PyYAML reads (YAML 1.1), ruamel.yaml keeps comments.

Reading goes through :func:`read_yaml`: one parse gives the plain data, the line of every value
and the raw text of every unquoted scalar that YAML 1.1 reads as something other than text
(``no`` → False, ``010`` → 8, ``1:30`` → 90), so that a text field can take what was typed.

Writing a file that already exists goes through :func:`merge_text`: ruamel.yaml's round-trip
mode puts the new values into the old text (comments, key order and quoting kept). ruamel.yaml
follows YAML 1.2 by default, where ``no`` is text and may be written unquoted; here its resolver
is held to YAML 1.1, PyYAML's rules, so such text is written quoted — without a ``%YAML 1.1``
directive in the file. The result is read back with PyYAML and compared with the data meant
(:func:`matches`); when they differ the caller writes a fresh :func:`dump_yaml` instead.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from typing import Any

import yaml

from app.fields import noncharacter_problem
from app.messages import msg

__all__ = [
    "SourceMap", "read_yaml", "yaml_error_text", "dump_yaml", "encode_like", "merge_text", "matches", "same_data",
    "round_trip_yaml",
]

Loc = tuple[Any, ...]  # ("targets", 3, "metrics", 0, "value")

# Tags of unquoted scalars YAML 1.1 reads as something else than text; null (``~``, empty) is
# meant as "nothing" and stays so.
_NON_TEXT_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float", "timestamp")}


@dataclass
class SourceMap:
    """Where each value of a YAML document was: its line, and for unquoted non-text its raw text."""

    lines: dict[Loc, int] = field(default_factory=dict)
    plain: dict[Loc, str] = field(default_factory=dict)

    def line_for(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest parent that the file has (1-based)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


# A campaign is about ten levels deep; far deeper nesting is a mistake or an attack, and would
# exhaust Python's stack in the parser, the model or the views before any message.
MAX_DEPTH = 50
# An alias (``*name``) repeats a value marked ``&name``; ten aliases of ten aliases … make a
# 16 KB file that reads as billions of values ("billion laughs"). Aliases stay allowed (one list
# for two fields is fair YAML), but the values counted with every alias expanded are capped: a
# campaign has a few thousand.
MAX_VALUES = 100_000
_TOO_MANY = msg("tệp có quá {count} giá trị (tính cả các giá trị dùng lại bằng bí danh '*')", count="100.000")
_TOO_DEEP = msg("các nhóm và danh sách lồng nhau quá {depth} tầng", depth=MAX_DEPTH)
_KEY_NOT_TEXT = msg("tên trường phải là một chữ, không phải danh sách hay nhóm ('? […]')")


class _LimitError(yaml.composer.ComposerError):
    """Too many values or too deep: already worded in Vietnamese, at the line of either parser."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one) and nesting
    deeper than :data:`MAX_DEPTH` at the line where it occurs."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """PyYAML's composition, refusing too deep a node before Python's stack runs out."""
        if self._depth >= MAX_DEPTH:
            raise _LimitError(None, None, _TOO_DEEP, self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_object(loader: yaml.constructor.BaseConstructor, node: yaml.Node, deep: bool = False) -> Any:
    # PyYAML builds a 5.000-digit int or the date 2023-02-30 with Python's int() and date(),
    # whose ValueError is no YAMLError and would escape every caller: it becomes one, located.
    try:
        return yaml.constructor.SafeConstructor.construct_object(loader, node, deep=deep)
    except (ValueError, OverflowError) as exc:
        if node.tag.endswith(":timestamp"):
            problem = msg("không có ngày hoặc giờ “{value}”", value=node.value)
        elif "digits" in str(exc):
            problem = msg("số có quá nhiều chữ số")
        else:
            problem = msg("giá trị “{value}” không đọc được", value=node.value[:40])
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


# PyYAML's libyaml binding reads the same YAML 1.1 about ten times faster; its error messages
# are worded differently from the pure-Python parser's, which the Vietnamese hints below match,
# so a file it refuses is read again by the pure-Python loader for the message. Its composer is
# C code: too deep a node is found in the nodes it made (:func:`_source_map`), a nesting deeper
# than Python's stack as RecursionError, and the file read again the same way.
_FastLoader = type("_FastLoader", (yaml.CSafeLoader,), {}) if getattr(yaml, "__with_libyaml__", False) else _Loader


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, msg("khóa '{key}' bị lặp lại", key=key), key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.construct_object = _construct_object
_FastLoader.construct_object = _construct_object


def read_yaml(text: str) -> tuple[Any, SourceMap]:
    """Parse ``text`` once: its plain data and its :class:`SourceMap`; raises ``yaml.YAMLError``."""
    try:
        return _read_with(_FastLoader, text)
    except _LimitError:
        raise  # worded already: reading 2 MB again with the slow parser would only cost seconds
    except (yaml.YAMLError, RecursionError):
        if _FastLoader is _Loader:
            raise
    return _read_with(_Loader, text)  # raises the same error, worded as the hints expect


def _read_with(loader_class: type, text: str) -> tuple[Any, SourceMap]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        where = _source_map(node)  # before constructing: it refuses too many values and deep nesting
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, where


def _source_map(node: yaml.Node | None) -> SourceMap:
    out = SourceMap()
    count = [0]

    def walk(n: yaml.Node, path: Loc) -> None:
        count[0] += 1  # an alias's node is walked again each time it is used
        if count[0] > MAX_VALUES or len(path) >= MAX_DEPTH:
            raise _LimitError(None, None, _TOO_MANY if count[0] > MAX_VALUES else _TOO_DEEP, n.start_mark)
        out.lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):  # `? [a]`: a key Python cannot hash
                    raise _LimitError(None, None, _KEY_NOT_TEXT, key_node.start_mark)
                key_path = path + (key_node.value,)
                walk(value_node, key_path)
                out.lines[key_path] = key_node.start_mark.line + 1
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                walk(item, path + (i,))
        elif isinstance(n, yaml.ScalarNode) and not n.style and n.tag in _NON_TEXT_TAGS:  # plain: None or ""
            out.plain[path] = n.value

    if node is not None:
        walk(node, ())
    return out


# PyYAML's messages are English and technical; the common ones get a Vietnamese explanation of
# what to do, the original stays in brackets for the technical colleague.
_YAML_HINTS = [
    ("mapping values are not allowed", msg("có dấu ':' giữa dòng: đặt cả đoạn văn trong dấu nháy đơn '…'")),
    ("could not find expected ':'", msg("thiếu dấu ':' sau tên trường, hoặc một đoạn văn xuống dòng mà không thụt lề")),
    ("found character '\\t'", msg("có ký tự Tab: thụt lề bằng dấu cách")),
    ("expected <block end>", msg("thụt lề không khớp với các dòng phía trên")),
    ("found undefined alias", msg("dòng bắt đầu bằng '*': đặt cả đoạn văn trong dấu nháy đơn '…'")),
    ("while scanning an alias", msg("dòng bắt đầu bằng '*': đặt cả đoạn văn trong dấu nháy đơn '…'")),
    ("did not find expected key", msg("thụt lề không khớp, hoặc thiếu dấu '-' trước một mục của danh sách")),
    ("found unexpected end of stream", msg("thiếu dấu nháy đóng")),
    ("while scanning a quoted scalar", msg("thiếu dấu nháy đóng")),
    ("expected ',' or ']'", msg("thiếu dấu ']' đóng danh sách")),
    ("expected ',' or '}'", msg("thiếu dấu '}}' đóng nhóm")),
]


def yaml_error_text(exc: yaml.YAMLError, text: str | None = None) -> tuple[int | None, str]:
    """The line (1-based, if known) and the Vietnamese explanation of a PyYAML error; ``text``
    (what was read) locates a character YAML refuses, which PyYAML gives as a position only."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        line = text.count("\n", 0, exc.position) + 1 if text is not None else None
        return line, (noncharacter_problem(chr(exc.character))
                      or msg("có ký tự điều khiển không hợp lệ U+{code}: xóa ký tự này", code=f"{exc.character:04X}"))
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or msg("không đọc được")
        context = f"{exc.context or ''} {exc.problem or ''}"
        for needle, hint in _YAML_HINTS:
            if needle in context:
                reason = msg("{hint} ({reason})", hint=hint, reason=reason)
                break
        return (mark.line + 1 if mark else None), reason
    return None, str(exc)


class _Dumper(yaml.SafeDumper):
    """Readable YAML: block lists indented, multi-line text as ``|`` blocks, no line folding."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def encode_like(text: str, previous: bytes | None) -> bytes:
    """``text`` (``\\n`` line ends) as UTF-8 the way ``previous``, the file's old bytes, was
    written: with its byte order mark and with CRLF line ends when its first line ends so
    (Notepad on Windows writes both; a save must not turn the whole file into a diff)."""
    data = text.encode("utf-8")
    if previous is None:
        return data
    first_end = previous.find(b"\n")
    if first_end > 0 and previous[first_end - 1:first_end] == b"\r":
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return codecs.BOM_UTF8 + data if previous.startswith(codecs.BOM_UTF8) else data


def dump_yaml(data: Any) -> str:
    """``data`` as fresh YAML text (keys in the given order), as PyYAML writes it."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


@functools.cache
def _yaml11_resolver() -> type:
    from ruamel.yaml.resolver import VersionedResolver

    class Yaml11Resolver(VersionedResolver):
        # ruamel picks the rules from a %YAML directive or from YAML.version; setting the
        # latter would also write "%YAML 1.1" and "---" into the file. This keeps the file as
        # it is and resolves (when loading) and quotes (when dumping) by YAML 1.1: 'no', '010'.
        @property
        def processing_version(self) -> Any:
            return (1, 1)

    return Yaml11Resolver


def round_trip_yaml() -> Any:
    """A ruamel.yaml round-trip reader/writer held to YAML 1.1 implicit types, like PyYAML."""
    from ruamel.yaml import YAML  # imported when saving only: the CLI starts faster without it

    yaml_rt = YAML()
    yaml_rt.Resolver = _yaml11_resolver()
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 10_000
    yaml_rt.indent(mapping=2, sequence=4, offset=2)
    return yaml_rt


def merge_text(previous: str, full: Any, minimal: Any) -> str | None:
    """``previous`` with the values of ``full`` put in, comments kept; ``None`` when unsafe.

    ``full`` is the data with every field, ``minimal`` the same without the fields that hold
    their default (see :func:`matches`). The merged text is read back with PyYAML once and
    must match; otherwise (a YAML construct the merge cannot honour) the caller dumps afresh.
    """
    from ruamel.yaml.error import YAMLError as RuamelError

    yaml_rt = round_trip_yaml()
    try:
        document = yaml_rt.load(previous)
    except RuamelError:
        return None
    if not isinstance(document, dict):
        return None
    buffer = io.StringIO()
    try:
        yaml_rt.dump(_merge(document, full, minimal), buffer)
    except RuamelError:
        return None
    text = buffer.getvalue()
    return text if same_data(text, full, minimal, strict=True) else None


def same_data(text: str, full: Any, minimal: Any, *, strict: bool = False) -> bool:
    """Whether PyYAML reads ``text`` as ``full`` (defaults left out allowed, see :func:`matches`).

    ``strict`` reads with the pure-Python parser, which refuses a few things libyaml lets pass
    (``VP?`` in a flow list): what vanthu writes must read back on either.
    """
    try:
        data, _ = _read_with(_Loader, text) if strict else read_yaml(text)
    except yaml.YAMLError:
        return False
    return matches(data, full, minimal)


def _merge(old: Any, full: Any, minimal: Any) -> Any:
    """Put the new values into ``old`` (a ruamel round-trip node), keeping what can be kept.

    A field the file spells out stays even when it holds the default, and a default the file
    leaves out is not added.
    """
    if isinstance(old, dict) and isinstance(full, dict):
        minimal = minimal if isinstance(minimal, dict) else {}
        for key in [k for k in old if k not in full]:
            del old[key]
        for key, value in full.items():
            if key in old:
                old[key] = _merge(old[key], value, minimal.get(key))
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
    if _same_scalar(old, full):
        return old  # same value: keep the file's spelling (quotes, 130 rather than 130.0)
    return full


def matches(read: Any, full: Any, minimal: Any) -> bool:
    """Whether ``read`` (data as PyYAML read it) says what ``full`` says.

    ``minimal`` is ``full`` without its default values (``None`` for a part that is all
    default): a mapping may leave out a key that ``minimal`` does not have, never add one that
    ``full`` does not have; everything present must be equal, text to text, number to number,
    true/false to true/false (``no`` read as False is not the text ``no``).
    """
    if isinstance(full, dict):
        if not isinstance(read, dict):
            return False
        minimal = minimal if isinstance(minimal, dict) else {}
        if any(key not in full for key in read) or any(key not in read for key in minimal):
            return False
        return all(matches(read[key], full[key], minimal.get(key)) for key in read)
    if isinstance(full, list):
        if not isinstance(read, list) or len(read) != len(full):
            return False
        minimal = minimal if isinstance(minimal, list) and len(minimal) == len(full) else full
        return all(matches(r, f, m) for r, f, m in zip(read, full, minimal, strict=True))
    return _same_scalar(read, full)


def _kind(value: Any) -> type:
    for kind in (bool, str, dt.datetime, dt.date):
        if isinstance(value, kind):
            return kind
    if isinstance(value, (int, float)):
        return float
    return type(value)


def _same_scalar(a: Any, b: Any) -> bool:
    return _kind(a) is _kind(b) and a == b
