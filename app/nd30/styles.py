"""The effective look of runs and paragraphs in a DOCX: direct formatting, then character and
paragraph styles (with what they are based on), then the document defaults, as Word resolves them."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = ["RunStyle", "ParaFormat", "Styles", "effective", "twips_of"]

_OFF = ("0", "false", "off")


@dataclass(frozen=True)
class RunStyle:
    """The effective look of a run after styles and document defaults are applied.

    ``font`` is the font of the ASCII slot; ``other_font`` that of the slot Vietnamese letters with
    marks are set in (w:hAnsi) when it differs. A theme font reads ``theme:<name>``.
    """

    font: str | None
    size: float | None  # points
    bold: bool
    italic: bool
    caps: bool = False          # w:caps: shown in capitals whatever was typed
    color: str | None = None    # hex RGB; None for automatic (black)
    other_font: str | None = None


@dataclass(frozen=True)
class ParaFormat:
    """A paragraph's effective layout, lengths in twips (``first_line`` < 0: a hanging indent)."""

    align: str
    left: int
    right: int
    first_line: int
    before: int
    after: int
    line: int | None
    line_rule: str
    tabs: tuple[int, ...]


def _on(element) -> bool:
    return element.get(qn("w:val"), "true").lower() not in _OFF


def twips_of(element, *names: str) -> int | None:
    for name in names:
        value = element.get(qn(f"w:{name}"))
        if value is not None:
            try:
                return int(float(value))
            except ValueError:
                return None
    return None


class Styles:
    """The style sheet of a document: the chains a run's and a paragraph's properties come from."""

    def __init__(self, doc: DocumentObject):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default = {s.get(qn("w:type")): s for s in root.findall(qn("w:style"))
                        if s.get(qn("w:default")) in ("1", "true")}
        defaults = root.find(qn("w:docDefaults"))
        self.rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None

    def chain(self, style) -> list:
        seen, out = set(), []
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style = self.by_id.get(based.get(qn("w:val"))) if based is not None else None
        return out

    def _style_of(self, props, tag: str, kind: str):
        ref = props.find(qn(tag)) if props is not None else None
        if ref is not None and ref.get(qn("w:val")) in self.by_id:
            return self.by_id[ref.get(qn("w:val"))]
        return self.default.get(kind)

    def paragraph_props(self, p) -> list:
        ppr = p.find(qn("w:pPr"))
        chain = self.chain(self._style_of(ppr, "w:pStyle", "paragraph"))
        return [e for e in [ppr, *(s.find(qn("w:pPr")) for s in chain), self.ppr_default] if e is not None]

    def run_props(self, p, r) -> list:
        rpr = r.find(qn("w:rPr"))
        ref = rpr.find(qn("w:rStyle")) if rpr is not None else None
        char = self.chain(self.by_id.get(ref.get(qn("w:val")))) if ref is not None else []
        ppr = p.find(qn("w:pPr"))
        para = self.chain(self._style_of(ppr, "w:pStyle", "paragraph"))
        found = [rpr, *(s.find(qn("w:rPr")) for s in char + para), self.rpr_default]
        return [e for e in found if e is not None]

    def run_style(self, p, r) -> RunStyle:
        props = self.run_props(p, r)

        def first(tag: str):
            return next((e.find(qn(tag)) for e in props if e.find(qn(tag)) is not None), None)

        def font(slot: str) -> str | None:
            for e in props:
                fonts = e.find(qn("w:rFonts"))
                if fonts is None:
                    continue
                theme = fonts.get(qn(f"w:{slot}Theme"))
                if theme:
                    return f"theme:{theme}"
                if fonts.get(qn(f"w:{slot}")):
                    return fonts.get(qn(f"w:{slot}"))
            return None

        size, bold, italic, caps, color = first("w:sz"), first("w:b"), first("w:i"), first("w:caps"), first("w:color")
        ascii_font, hansi = font("ascii"), font("hAnsi")
        colour = color.get(qn("w:val")) if color is not None else None
        return RunStyle(ascii_font, int(size.get(qn("w:val"))) / 2 if size is not None else None,
                        bold is not None and _on(bold), italic is not None and _on(italic),
                        caps is not None and _on(caps), None if colour in (None, "auto") else colour.upper(),
                        hansi if hansi not in (None, ascii_font) else None)

    def paragraph_format(self, p) -> ParaFormat:
        props = self.paragraph_props(p)

        def attr(tag: str, *names: str) -> int | None:
            for e in props:
                element = e.find(qn(tag))
                value = twips_of(element, *names) if element is not None else None
                if value is not None:
                    return value
            return None

        jc = next((e.find(qn("w:jc")).get(qn("w:val")) for e in props if e.find(qn("w:jc")) is not None), "left")
        ind = next((e.find(qn("w:ind")) for e in props if e.find(qn("w:ind")) is not None
                    and {qn("w:hanging"), qn("w:firstLine")} & set(e.find(qn("w:ind")).attrib)), None)
        hanging = twips_of(ind, "hanging") if ind is not None else None
        first_line = -hanging if hanging is not None else (twips_of(ind, "firstLine") if ind is not None else 0) or 0
        rule = next((e.find(qn("w:spacing")).get(qn("w:lineRule")) for e in props
                     if e.find(qn("w:spacing")) is not None and e.find(qn("w:spacing")).get(qn("w:lineRule"))), "auto")
        tabs = tuple(sorted(twips_of(t, "pos") or 0 for e in props for t in e.iterfind(f"{qn('w:tabs')}/{qn('w:tab')}")
                            if t.get(qn("w:val")) != "clear"))
        return ParaFormat({"start": "left", "end": "right", "justify": "both"}.get(jc, jc),
                          attr("w:ind", "left", "start") or 0, attr("w:ind", "right", "end") or 0, first_line,
                          attr("w:spacing", "before") or 0, attr("w:spacing", "after") or 0,
                          attr("w:spacing", "line"), rule, tabs)


def effective(doc: DocumentObject, paragraph: Paragraph, run: Run) -> RunStyle:
    """Resolve a run's font, size, bold and italic through its styles and the document defaults."""
    return Styles(doc).run_style(paragraph._p, run._r)
