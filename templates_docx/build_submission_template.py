"""Build ``templates_docx/submission.docx``, the docxtpl template of the Tờ trình đề nghị khen thưởng.

Run ``.venv/bin/python templates_docx/build_submission_template.py`` after changing the layout and
commit the result. The template reads the view ``v`` (:class:`app.submission.SubmissionView`):
the shared header with the number and date, the title block (H8), ``Kính gửi:`` the awarding body
(B1), the legal grounds in italics (B2), the text (B3, B4), then Nơi nhận beside the signer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from blocks import basis_block, body_blocks, new_document, numbered_document, para, save

from app.layout import DISPATCH_HEADER, PORTRAIT, Label, Size

OUT = Path(__file__).resolve().parent / "submission.docx"


def build(path: Path = OUT) -> Path:
    """Write the template to ``path``."""
    doc = new_document(PORTRAIT, Size.TEXT, "Tờ trình đề nghị khen thưởng", line=276)
    addressee = para(f"{Label.ADDRESSEE} {{{{ v.addressee }}}}", Size.TEXT, before=240, after=240)  # B1
    return save(doc, numbered_document(DISPATCH_HEADER, PORTRAIT, addressee + basis_block() + body_blocks("v.body")),
                path)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
