"""`vanthu checklists` and `vanthu units import`: files written, exit codes, Vietnamese errors."""

from __future__ import annotations

import shutil
import zipfile

from click.testing import CliRunner

from app.cli import main


def test_checklists_command_writes_every_unit_and_the_zip(tmp_path, sample_path):
    result = CliRunner().invoke(main, ["checklists", str(sample_path), "--out", str(tmp_path), "--zip"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "lao-cai-2023" / "checklists"
    assert len(list(folder.glob("*.docx"))) == 9 and len(list(folder.glob("*.xlsx"))) == 9
    assert "9 đơn vị, 18 tệp" in result.output
    with zipfile.ZipFile(tmp_path / "lao-cai-2023" / "checklists.zip") as archive:
        assert len(archive.namelist()) == 18


def test_checklists_for_chosen_units_and_formats(tmp_path, sample_path):
    result = CliRunner().invoke(main, ["checklists", str(sample_path), "--out", str(tmp_path),
                                       "--units", "huyện Bát Xát", "--units", "thi-xa-sa-pa", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "lao-cai-2023" / "checklists").iterdir())
    assert names == ["huyen-bat-xat.xlsx", "thi-xa-sa-pa.xlsx"]


def test_unknown_unit_exits_2_with_a_vietnamese_message(tmp_path, sample_path):
    result = CliRunner().invoke(main, ["checklists", str(sample_path), "--out", str(tmp_path),
                                       "--units", "huyện Không Có"])
    assert result.exit_code == 2
    assert "không có đơn vị 'huyện Không Có' trong chiến dịch" in result.output
    assert "huyện Bát Xát" in result.output  # lists the units there are
    assert not (tmp_path / "lao-cai-2023" / "checklists").exists() or \
        not any((tmp_path / "lao-cai-2023" / "checklists").iterdir())


def test_unknown_format_and_bad_campaign_exit_2(tmp_path, sample_path):
    runner = CliRunner()
    result = runner.invoke(main, ["checklists", str(sample_path), "--out", str(tmp_path), "--format", "odt"])
    assert result.exit_code == 2 and "định dạng không hỗ trợ: odt" in result.output
    missing = runner.invoke(main, ["checklists", str(tmp_path / "khong-co.yaml")])
    assert missing.exit_code == 2 and "không tìm thấy tệp" in missing.output


def test_units_import_good_and_bad_file(tmp_path, sample_path):
    campaign = tmp_path / "c.yaml"
    shutil.copy(sample_path, campaign)
    good = tmp_path / "good.csv"
    good.write_text("Tên đơn vị,Tên ngắn,Loại,Trọng số\nHội CTĐ xã A,xã A,xã,3\nHội CTĐ xã B,xã B,xã,4\n",
                    encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["units", "import", str(good), str(campaign)])
    assert ok.exit_code == 0, ok.output
    assert "đã nhập 2 đơn vị" in ok.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Tên đơn vị,Loại\nHội CTĐ xã C,làng\n", encoding="utf-8")
    before = campaign.read_bytes()
    refused = runner.invoke(main, ["units", "import", str(bad), str(campaign)])
    assert refused.exit_code == 2
    assert f"{bad}:2:Loại: loại đơn vị 'làng' không hợp lệ" in refused.output
    assert "Không ghi gì" in refused.output
    assert campaign.read_bytes() == before


def test_units_take_a_comma_separated_list(sample_path, tmp_path):
    from click.testing import CliRunner

    from app.cli import main

    result = CliRunner().invoke(main, ["checklists", str(sample_path), "--out", str(tmp_path),
                                       "--units", "huyen-bat-xat, thi-xa-sa-pa", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "lao-cai-2023" / "checklists").iterdir())
    assert names == ["huyen-bat-xat.xlsx", "thi-xa-sa-pa.xlsx"]
