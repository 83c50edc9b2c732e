"""The Decree 30 layout constants: every chosen value lies inside the decree's range."""

from __future__ import annotations

from app.layout import (
    CHECKLIST_COLUMNS,
    CHECKLIST_HEADER,
    DISPATCH_HEADER,
    FIRST_LINE_INDENT,
    LANDSCAPE,
    PORTRAIT,
    TWIPS_PER_MM,
    Allowed,
    Size,
)


def test_sizes_are_inside_the_decree_ranges():
    for name in ("NATIONAL_NAME", "MOTTO", "BODY_NAME", "NUMBER", "PLACE_DATE", "SUBJECT", "TEXT", "SIGNATURE",
                 "DISTRIBUTION_LABEL", "DISTRIBUTION_ITEM", "PAGE_NUMBER"):
        low, high = getattr(Allowed, name)
        assert low <= getattr(Size, name) <= high, name


def test_pages_are_a4_with_margins_inside_the_ranges():
    for page in (PORTRAIT, LANDSCAPE):
        assert sorted((page.width_mm, page.height_mm)) == list(Allowed.PAPER_MM)
        for side in ("top", "bottom", "left", "right"):
            low, high = Allowed.MARGINS_MM[side]
            assert low <= getattr(page, f"{side}_mm") <= high, side


def test_first_line_indent_is_in_range():
    low, high = Allowed.FIRST_LINE_INDENT_CM
    assert low <= FIRST_LINE_INDENT / TWIPS_PER_MM / 10 <= high + 0.005


def test_tables_fit_their_pages():
    # The dispatch header is a little wider than the text (the national name fits one line),
    # pulled into the left margin by its indent; the checklist's columns fill the text width.
    text = (PORTRAIT.width_mm - PORTRAIT.left_mm - PORTRAIT.right_mm) * TWIPS_PER_MM
    assert text < DISPATCH_HEADER.width < text + 2 * abs(DISPATCH_HEADER.indent) + 1
    landscape_text = LANDSCAPE.width_mm - LANDSCAPE.left_mm - LANDSCAPE.right_mm
    assert sum(c.docx_mm for c in CHECKLIST_COLUMNS) == landscape_text
    assert abs(CHECKLIST_HEADER.width - landscape_text * TWIPS_PER_MM) < 2
