"""Printed width of a line of text in Times New Roman, for lines that must follow the text.

Decree 30 wants the line under the motto as long as the motto, and the line under the issuing
body 1/3 to 1/2 of its length. Word has no "rule as long as the text" for a centred short line,
so the template sets the line's indents from the text's width. The advance widths below are
Liberation Serif's (metric-compatible with Times New Roman by design), in font units of 2048 per
em; a Vietnamese letter has the advance of its base letter, since its marks do not advance.
"""

from __future__ import annotations

import unicodedata

__all__ = ["text_width_pt", "TWIPS_PER_PT"]

TWIPS_PER_PT = 20
_UNITS_PER_EM = 2048

_REGULAR_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ĐđƠơƯư“”–'
_REGULAR_WIDTHS = [512, 682, 836, 1024, 1024, 1706, 1593, 369, 682, 682, 1024, 1155, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 569, 569, 1155, 1155, 1155, 909, 1886, 1479, 1366, 1366, 1479, 1251, 1139, 1479, 1479, 682, 797, 1479, 1251, 1821, 1479, 1479, 1139, 1479, 1366, 1139, 1251, 1479, 1479, 1933, 1479, 1479, 1251, 682, 569, 682, 961, 1024, 682, 909, 1024, 909, 1024, 909, 682, 1024, 1024, 569, 569, 1024, 569, 1593, 1024, 1024, 1024, 1024, 682, 797, 569, 1024, 1024, 1479, 1024, 1024, 909, 983, 410, 983, 1108, 1479, 1024, 1479, 1083, 1589, 1110, 909, 909, 1024]
_BOLD_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ĐđƠơƯư“”–'
_BOLD_WIDTHS = [512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167, 1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933, 1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569, 682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569, 1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451, 807, 1065, 1479, 1139, 1593, 1134, 1630, 1229, 1024, 1024, 1024]

_TABLES = {
    False: dict(zip(_REGULAR_CHARS, _REGULAR_WIDTHS, strict=True)),
    True: dict(zip(_BOLD_CHARS, _BOLD_WIDTHS, strict=True)),
}


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of ``text`` set in Times New Roman at ``size_pt``, in points."""
    table = _TABLES[bold]
    fallback = table["n"]
    units = 0
    for char in unicodedata.normalize("NFC", text):
        width = table.get(char)
        if width is None:
            base = unicodedata.normalize("NFD", char)[:1]
            width = table.get(base, fallback)
        units += width
    return units * size_pt / _UNITS_PER_EM
