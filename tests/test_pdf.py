"""PDF through a real LibreOffice: page 1 reads like the DOCX, fonts are Times-compatible."""

import shutil
import subprocess
from pathlib import Path

import pytest

from app.dispatch import render_dispatch
from app.layout import MOTTO, NATIONAL_NAME
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


def _numbered_dispatches(campaign, folder: Path, numbers) -> list[Path]:
    docs = []
    for number in numbers:
        copy = campaign.model_copy(deep=True)
        copy.dispatch.number = number
        docs += render_dispatch(copy, folder / str(number), "c")
    return docs


def test_a_batch_is_shared_over_the_cores_and_comes_back_in_order(sample_campaign, tmp_path):
    # 12 files: one LibreOffice per core (each with its own profile), runs of 2 files inside each.
    numbers = list(range(1, 13))
    docs = _numbered_dispatches(sample_campaign, tmp_path / "docx", numbers)
    pdfs = convert_to_pdf(docs, tmp_path / "pdf", max_per_run=2)
    assert pdfs == [tmp_path / "pdf" / f"cong-van-{n:02d}.pdf" for n in numbers]
    for number, pdf in zip(numbers, pdfs, strict=True):
        assert f"Số: {number:02d}/CTĐ-VP" in _page_text(pdf, 1), pdf
    assert not [p for p in (tmp_path / "pdf").iterdir() if p.suffix != ".pdf"]  # no temporary files left


def test_a_batch_with_the_same_name_twice_puts_each_pdf_beside_its_docx(sample_campaign, tmp_path):
    docs = []
    for folder, number in (("a", 5), ("b", 5), ("c", 7)):
        docs += _numbered_dispatches(sample_campaign, tmp_path / folder, [number])
    docs *= 3  # and a file listed more than once is converted once
    pdfs = convert_to_pdf(docs, processes=2)
    assert pdfs == [d.with_suffix(".pdf") for d in docs]
    assert all(p.exists() for p in pdfs)


def test_files_are_split_evenly_in_order():
    from app.pdf import _process_count, _shares

    paths = [Path(f"{i}.docx") for i in range(11)]
    shares = _shares(paths, 3)
    assert [len(s) for s in shares] == [4, 4, 3]
    assert [p for s in shares for p in s] == paths
    assert _process_count(5, 8) == 1            # small batches stay in one process
    assert _process_count(1000, 4) == 4
    assert _process_count(12, 64) == 3          # at least four files per process
