"""The Decree 30 lint on documents other than the công văn."""

from docx import Document
from docx.shared import Mm

from app.checklists import render_checklists
from app.nd30 import check_docx


def test_checklist_is_linted_as_a_form_and_passes(sample_campaign, tmp_path):
    batch = render_checklists(sample_campaign, "c", tmp_path, formats="docx", units=["huyen-bat-xat"])
    (docx,) = batch.paths
    assert [str(f) for f in check_docx(docx)] == []
    doc = Document(str(docx))
    doc.sections[0].top_margin = Mm(10)
    doc.save(str(docx))
    assert {f.rule for f in check_docx(docx)} == {"P2"}


def test_a_plain_word_file_breaks_many_rows(tmp_path):
    path = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("V/v thử")
    doc.save(str(path))
    rules = {f.rule for f in check_docx(path)}
    assert {"P2", "P4", "H1", "H2", "H5", "B1", "S3"} <= rules
