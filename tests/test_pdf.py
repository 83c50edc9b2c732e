"""PDF through a real LibreOffice: page 1 reads like the DOCX, fonts are Times-compatible."""

import shutil
import subprocess
from pathlib import Path

import pytest

from app.dispatch import MOTTO, NATIONAL_NAME, render_dispatch
from app.pdf import PdfError, convert_to_pdf

pytestmark = pytest.mark.libreoffice


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"'{name}' is missing: install poppler-utils (apt-get install poppler-utils, or make install)"
    return path


def _page_text(pdf: Path, page: int) -> str:
    result = subprocess.run([_tool("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def pdf(sample_campaign, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    docx, pdf = render_dispatch(sample_campaign, out, "lao-cai-2023", pdf=True)
    assert docx.exists() and pdf.suffix == ".pdf"
    return pdf


def test_page_one_has_the_header_lines_whole(pdf):
    lines = [" ".join(line.split()) for line in _page_text(pdf, 1).splitlines() if line.strip()]
    assert any(line.endswith(NATIONAL_NAME) for line in lines), lines[:6]
    assert any(line.endswith(MOTTO) for line in lines), lines[:6]
    assert any("Số: 21/CTĐ-VP" in line and "Lào Cai, ngày 10 tháng 02 năm 2023" in line for line in lines), lines[:8]
    assert any(line.startswith("V/v phát động phong trào thi đua 2023") for line in lines)
    assert any(line.startswith("Kính gửi: Hội Chữ thập đỏ các huyện") for line in lines)


def test_page_one_is_unnumbered_and_page_two_is(pdf):
    first = [line.strip() for line in _page_text(pdf, 1).splitlines() if line.strip()]
    second = [line.strip() for line in _page_text(pdf, 2).splitlines() if line.strip()]
    assert first[0] != "1" and not first[0].isdigit()
    assert second[0] == "2"


def test_fonts_are_times_new_roman_or_its_metric_twin(pdf):
    result = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True)
    fonts = [line.split()[0] for line in result.stdout.splitlines()[2:] if line.strip()]
    assert fonts
    for font in fonts:
        name = font.split("+")[-1]
        assert name.startswith(("TimesNewRoman", "LiberationSerif")), fonts


def test_a_batch_converts_in_one_call(sample_campaign, tmp_path):
    docs = []
    for number in (1, 2, 3):
        campaign = sample_campaign.model_copy(deep=True)
        campaign.dispatch.number = number
        docs += render_dispatch(campaign, tmp_path / str(number), "c")
    pdfs = convert_to_pdf(docs)
    assert [p.name for p in pdfs] == ["cong-van-01.pdf", "cong-van-02.pdf", "cong-van-03.pdf"]
    assert "Số: 02/CTĐ-VP" in _page_text(pdfs[1], 1)


def test_a_file_that_is_not_a_document_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.docx"
    bogus.write_bytes(b"\x00\x01 not a zip")
    with pytest.raises(PdfError, match="bogus.docx"):
        convert_to_pdf([bogus])
