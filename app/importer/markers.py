"""Numbering markers at the start of a paragraph (``II.``, ``3.``, ``2)``, ``đ)``, ``-``, ``+``) and
the numbering styles they belong to; the Vietnamese letter order; what a heading looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app import vnformat

__all__ = [
    "Marker", "find_marker", "LETTERS", "marker_for", "is_caps", "STYLE", "ordinal", "fold",
]

# Letters of the Vietnamese alphabet used to number points: no f, j, w, z; đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"

# kind -> the style vanthu prints it in (model.HEADING_STYLES / model.ITEM_STYLES)
STYLE = {
    "roman": "I.", "upper": "A.", "dot": "1.", "paren": "1)", "letter": "a)", "letter_dot": "a)",
    "dash": "-", "plus": "+", "bullet": "-",
}

_ROMAN_OK = re.compile(r"^(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})$")
_PATTERNS = [
    ("roman", re.compile(r"^([IVXL]{1,6})\s*(?:\.|\s[-–]|\))\s*(?=\S)")),
    ("outline", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("dot", re.compile(r"^(\d{1,2})\s?\.(?:\s+|(?=[^\d\s.]))(?=\S)")),
    ("paren", re.compile(r"^\(?(\d{1,2})\)\s*(?=\S)")),
    ("upper", re.compile(r"^([A-ZĐ])\.\s+(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\)\s*(?=\S)")),
    ("letter_dot", re.compile(r"^([a-zđ])\.\s+(?=\S)")),
    ("dash", re.compile(r"^([-–—])\s*(?=[^\s\d-])")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
    ("bullet", re.compile(r"^([•●▪◦·])\s*(?=\S)")),
]


@dataclass(frozen=True)
class Marker:
    """A marker found at the start of a paragraph."""

    kind: str      # a key of STYLE, or "outline" (1.1.), which vanthu does not print
    text: str      # as written, without the space after it: "II.", "b)", "–"
    value: str     # the number or letter: "II", "b", "3"; "" for bullets
    length: int    # characters taken from the start of the paragraph, the space after included

    @property
    def style(self) -> str:
        return STYLE.get(self.kind, "")


def find_marker(text: str) -> Marker | None:
    """The numbering marker ``text`` starts with, if any."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        value = match.group(1)
        if kind == "roman" and not _ROMAN_OK.match(value):
            continue
        shown = match.group(0).rstrip()
        return Marker(kind, shown, "" if kind in ("dash", "plus", "bullet") else value, match.end())
    return None


def ordinal(marker: Marker) -> int | None:
    """The position a numbered marker says (``III`` → 3, ``đ`` → 5), None for bullets or a letter
    outside the Vietnamese order (f, j, w, z)."""
    if marker.kind == "roman":
        values = {"I": 1, "V": 5, "X": 10, "L": 50}
        total = 0
        for index, letter in enumerate(marker.value):
            value = values[letter]
            following = values[marker.value[index + 1]] if index + 1 < len(marker.value) else 0
            total += -value if value < following else value
        return total
    if marker.kind in ("dot", "paren"):
        return int(marker.value)
    if marker.kind in ("letter", "letter_dot", "upper"):
        letter = marker.value.lower()
        return LETTERS.index(letter) + 1 if letter in LETTERS else None
    return None


def marker_for(style: str, number: int) -> str:
    """The marker vanthu prints for the ``number``-th entry (from 1) in ``style``, without space."""
    if style == "I.":
        return f"{vnformat.roman(number)}."
    if style == "A.":
        return f"{_letter(number).upper()}."
    if style == "1.":
        return f"{number}."
    if style == "1)":
        return f"{number})"
    if style == "a)":
        return f"{_letter(number)})"
    return style  # "-", "+" or ""


def _letter(number: int) -> str:
    # Past y (23 points, never seen in a dispatch) the letters start again doubled: aa, bb …
    return LETTERS[(number - 1) % len(LETTERS)] * ((number - 1) // len(LETTERS) + 1)


def is_caps(text: str) -> bool:
    """All its letters are capitals, and it has at least three of them."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def fold(text: str) -> str:
    """Upper case without diacritics and with single spaces, to compare fixed texts loosely."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.upper().split())
