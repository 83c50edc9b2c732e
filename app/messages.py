"""Messages the core tells a user: Vietnamese text that keeps what is needed to translate it.

``msg("không có kỷ niệm mã “{code}”", code="x")`` is a :class:`Message`: a ``str`` whose value
is the Vietnamese text with the values put in, so every caller that prints, joins or compares
it keeps working, and which also keeps ``template`` and ``params``. The CLI prints the
Vietnamese; the web looks the template up in its catalogue (``app/web/i18n.py`` ``tr``), so a
core message appears in English in the English interface. The templates are the catalogue's
message ids: ``pybabel extract -k msg`` collects them (README, "Translations").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["Message", "msg", "msg_template", "join", "prefixed", "of_exception", "FieldError"]


class Message(str):
    """Vietnamese text made from ``template`` and ``params``; translatable by its template."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]) -> Message:
        # str.format, not an f-string: the template must stay a literal the extractor can read.
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self

    def __reduce__(self):  # pickling (a job's error handed to another process) keeps the parts
        return (Message, (self.template, self.params))


class FieldError(ValueError):
    """Raised by a model's own check when the message is about one of its fields (``field``):
    the error is then shown at that field (``targets[2].metrics[0].id``), not at the whole
    model, so the web form puts it under the box the clerk must fill."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def msg(template: str, **params: Any) -> Message:
    """The message ``template`` (Vietnamese, ``{name}`` placeholders) with ``params`` put in."""
    return Message(template, params)


def msg_template(template: str) -> str:
    """Marks a template that is filled later (``Message(template, params)``) for the catalogue."""
    return template


def join(parts: Iterable[str], sep: str = "\n") -> Message:
    """``parts`` joined by ``sep``, each still translatable on its own (a list of problems)."""
    parts = list(parts)
    template = sep.replace("{", "{{").replace("}", "}}").join(f"{{p{i}}}" for i in range(len(parts)))
    return Message(template, {f"p{i}": part for i, part in enumerate(parts)})


def prefixed(where: str, message: str) -> Message:
    """``where: message`` (a file, line or field before what is wrong with it)."""
    return Message("{where}: {message}", {"where": where, "message": message})


def of_exception(exc: BaseException) -> str:
    """What ``exc`` says: its :class:`Message` when it was raised with one (``str(exc)`` would
    give plain text and lose the template), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)
