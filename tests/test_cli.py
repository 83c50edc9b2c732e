"""The vanthu command: validate, render, check; exit codes and messages."""

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from helpers import pdf_text


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_sample_exits_zero(sample_path):
    result = _run("validate", sample_path)
    assert result.exit_code == 0
    assert "hợp lệ (12 chỉ tiêu, 9 đơn vị)" in result.output


def test_validate_bad_campaign_exits_two_with_location(sample_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(sample_path.read_text(encoding="utf-8").replace("number: 21", "number: hai mốt"), encoding="utf-8")
    result = _run("validate", bad)
    assert result.exit_code == 2
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "hai mốt" in text)
    assert f"{bad}:{line}: dispatch.number: phải là số nguyên" in result.output
    assert "Traceback" not in result.output


def test_render_writes_the_dispatch_and_prints_its_path(sample_path, tmp_path):
    result = _run("render", sample_path, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    path = tmp_path / "lao-cai-2023" / "cong-van-21.docx"
    assert result.output.strip() == str(path)
    assert path.stat().st_size > 10_000


def test_render_writes_nothing_when_validation_fails(sample_path, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(sample_path.read_text(encoding="utf-8").replace("  title: Phó Chủ tịch\n", "  titel: Phó Chủ tịch\n"), encoding="utf-8")
    out = tmp_path / "out"
    result = _run("render", bad, "--out", out)
    assert result.exit_code == 2
    assert "signer.titel: trường không có trong mẫu" in result.output
    assert not out.exists()


def test_check_reports_a_foreign_docx(tmp_path):
    from docx import Document

    path = tmp_path / "word.docx"
    Document().save(str(path))
    result = _run("check", path)
    assert result.exit_code == 1
    assert "P2:" in result.output and "H1:" in result.output


def test_check_refuses_a_file_that_is_not_docx(tmp_path):
    path = tmp_path / "x.docx"
    path.write_text("hello", encoding="utf-8")
    result = _run("check", path)
    assert result.exit_code == 2
    assert "không đọc được tệp DOCX" in result.output


@pytest.mark.libreoffice
def test_console_script_renders_docx_and_pdf(sample_path, tmp_path):
    script = Path(sys.executable).with_name("vanthu")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]
    result = subprocess.run([*command, "render", str(sample_path), "--out", str(tmp_path), "--pdf"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert [Path(p).name for p in printed] == ["cong-van-21.docx", "cong-van-21.pdf"]
    assert all(Path(p).exists() for p in printed)
    text = pdf_text(Path(printed[1]), last=1)
    assert "Số: 21/CTĐ-VP" in text
