"""Build ``templates_docx/decision.docx``, the docxtpl template of the Quyết định khen thưởng.

Run ``.venv/bin/python templates_docx/build_decision_template.py`` after changing the layout and
commit the result. The template reads the view ``v`` (:class:`app.decision.DecisionView`): the
shared header with the number and date, the title block (H8), the deciding authority in capitals,
the grounds in italics (B2), ``QUYẾT ĐỊNH:`` and the articles (B6), then Nơi nhận and the signer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import basis_block, body_blocks, new_document, numbered_document, para, save

from app.layout import DISPATCH_HEADER, PORTRAIT, Size

OUT = Path(__file__).resolve().parent / "decision.docx"


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(PORTRAIT, Size.TEXT, "Quyết định khen thưởng", line=276)
    # B6: the deciding authority before the grounds, "QUYẾT ĐỊNH:" after them, then the articles.
    authority = para("{{ v.authority }}", Size.TEXT, bold=True, before=360, after=240, keep_next=True)
    decides = para("{{ v.decides }}", Size.TEXT, bold=True, before=120, after=240, keep_next=True)
    middle = authority + basis_block() + decides + body_blocks("v.articles")
    return save(doc, numbered_document(DISPATCH_HEADER, PORTRAIT, middle), path)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
