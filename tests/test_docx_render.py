"""The one DOCX renderer: the same document.xml as docxtpl's own render, for every template."""

from __future__ import annotations

import io
import shutil
import time
import zipfile

from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from app.checklist import build_checklist
from app.checklists import TEMPLATE as CHECKLIST_TEMPLATE
from app.dispatch import TEMPLATE_PATH as DISPATCH_TEMPLATE
from app.dispatch import build_dispatch
from app.docx_render import CompiledTemplate, compiled, make_environment, render_docx_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _document_xml(docx: bytes) -> bytes:
    """word/document.xml in canonical form (C14N): attribute order, namespaces and quoting settled."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml")
    root = etree.fromstring(xml)
    # Runs that hold one empty text and nothing else print nothing: docxtpl leaves one on each
    # side of every {{r …}}; they are not part of what the comparison is about.
    for run in root.iter(f"{W}r"):
        children = list(run)
        if len(children) == 1 and children[0].tag == f"{W}t" and not children[0].text:
            run.getparent().remove(run)
    return etree.tostring(root, method="c14n")


def _docxtpl_bytes(template, context) -> bytes:
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _views(campaign):
    unit = next(u for u in campaign.units if u.short_name == "huyện Bát Xát")
    return [(DISPATCH_TEMPLATE, build_dispatch(campaign)), (CHECKLIST_TEMPLATE, build_checklist(campaign, unit))]


def test_engine_writes_the_document_xml_docxtpl_writes(sample_campaign):
    for template, view in _views(sample_campaign):
        ours = _document_xml(render_docx_bytes(template, view))
        theirs = _document_xml(_docxtpl_bytes(template, {"v": view}))
        assert ours == theirs, template.name
        assert len(ours) > 10_000  # a whole document, not an empty body


def test_engine_output_is_a_package_word_reads(sample_campaign):
    for template, view in _views(sample_campaign):
        data = render_docx_bytes(template, view)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            names = package.namelist()
        assert names.count("word/document.xml") == 1 and "[Content_Types].xml" in names
        assert Document(io.BytesIO(data)).paragraphs  # python-docx opens it


def _column_loop_template(path):
    """A template whose table grows a column per value ({%tc %}): fix_tables has work to do."""
    doc = Document()
    table = doc.add_table(rows=2, cols=4)
    table.cell(0, 0).text = "Đơn vị"
    table.cell(0, 1).text = "{%tc for c in v.columns %}"
    table.cell(0, 2).text = "{{ c }}"
    table.cell(0, 3).text = "{%tc endfor %}"
    table.cell(1, 0).text = "{{ v.name }}"
    doc.add_paragraph("Ngày {{ v.day }}")
    doc.save(str(path))
    return path


def test_column_loops_are_fixed_as_docxtpl_fixes_them(tmp_path):
    template = _column_loop_template(tmp_path / "columns.docx")
    view = {"columns": ["Máu", "Quà Tết", "Khám bệnh"], "name": "huyện Bát Xát & <Sa Pa>", "day": 10}
    ours = render_docx_bytes(template, view)
    assert _document_xml(ours) == _document_xml(_docxtpl_bytes(template, {"v": view}))
    table = Document(io.BytesIO(ours)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Đơn vị", "Máu", "Quà Tết", "Khám bệnh"]
    assert table.rows[1].cells[0].text == "huyện Bát Xát & <Sa Pa>"


def test_template_is_compiled_once_and_again_when_it_changes(tmp_path, sample_campaign):
    template = tmp_path / "dispatch.docx"
    shutil.copy(DISPATCH_TEMPLATE, template)
    first = compiled(template)
    assert compiled(template) is first
    time.sleep(0.01)
    data = template.read_bytes()
    template.write_bytes(data)  # same bytes, new modification time: compiled again
    assert compiled(template) is not first
    assert isinstance(compiled(template), CompiledTemplate)


def test_campaign_text_cannot_reach_the_template(sample_campaign):
    data = sample_campaign.model_dump()
    data["dispatch"]["closing"] = "{{ v.__class__ }} {% for x in range(3) %}x{% endfor %} & <w:br/>"
    campaign = type(sample_campaign).model_validate(data)
    text = "\n".join(p.text for p in Document(io.BytesIO(render_docx_bytes(DISPATCH_TEMPLATE, build_dispatch(campaign)))).paragraphs)
    assert "{{ v.__class__ }} {% for x in range(3) %}x{% endfor %} & <w:br/>" in text
