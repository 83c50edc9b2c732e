"""Importing the unit list from CSV and XLSX: good files replace the units, bad ones write nothing."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import Workbook

from app.loader import load_campaign
from app.units_import import UnitsImportError, import_units, read_units


@pytest.fixture
def campaign_copy(tmp_path, sample_path):
    target = tmp_path / "lao-cai-2023.yaml"
    shutil.copy(sample_path, target)
    return target


def test_csv_with_vietnamese_headers_replaces_the_units(tmp_path, campaign_copy):
    source = tmp_path / "don-vi.csv"
    source.write_text(
        "\ufeffTên đơn vị;Tên ngắn;Loại;Trực thuộc;Dân số;mau\n"
        "Hội Chữ thập đỏ xã Bản Vược;xã Bản Vược;Xã;;1.250;\n"
        "Hội Chữ thập đỏ phường Cốc Lếu;phường Cốc Lếu;phường;;2000,5;300\n"
        "\n"
        "Hội Chữ thập đỏ Bệnh viện tỉnh;Bệnh viện tỉnh;đơn vị trực thuộc;Sở Y tế;40;\n",
        encoding="utf-8")
    before = campaign_copy.read_text(encoding="utf-8")
    result = import_units(source, campaign_copy)
    assert result.saved == campaign_copy
    campaign = load_campaign(campaign_copy)
    assert [u.short_name for u in campaign.units] == ["xã Bản Vược", "phường Cốc Lếu", "Bệnh viện tỉnh"]
    assert [u.kind.value for u in campaign.units] == ["xã", "phường", "đơn vị trực thuộc"]
    assert [u.weight for u in campaign.units] == [1250, 2000.5, 40]
    assert campaign.units[1].quotas == {"mau": 300}
    assert campaign.units[2].parent == "Sở Y tế"
    # the targets are untouched and the old file is kept in .history/
    assert len(campaign.targets) == 12
    history = list((campaign_copy.parent / ".history").glob("lao-cai-2023.*.yaml"))
    assert len(history) == 1 and history[0].read_text(encoding="utf-8") == before


def test_xlsx_with_english_headers_below_a_title_row(tmp_path, campaign_copy):
    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách đơn vị năm 2025"])
    ws.append([])
    ws.append(["name", "short_name", "kind", "weight", "MAU", "Ghi chú"])
    ws.append(["Hội Chữ thập đỏ xã A", "xã A", "xã", 12, 100, "mới sáp nhập"])
    ws.append(["Hội Chữ thập đỏ huyện B", "huyện B", None, 30, None, None])  # kind from the short name
    source = tmp_path / "units.xlsx"
    wb.save(source)
    result = import_units(source, campaign_copy)
    assert result.ignored_columns == ["Ghi chú"]
    campaign = load_campaign(campaign_copy)
    assert [(u.name, u.kind.value, u.weight) for u in campaign.units] == [
        ("Hội Chữ thập đỏ xã A", "xã", 12), ("Hội Chữ thập đỏ huyện B", "huyện", 30)]
    assert campaign.units[0].quotas == {"mau": 100}


def test_bad_rows_are_reported_with_file_row_and_column_and_nothing_is_written(tmp_path, campaign_copy):
    source = tmp_path / "bad.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên đơn vị", "Loại", "Trọng số", "mau"])
    ws.append(["Hội A", "quận", 5, None])
    ws.append(["Hội B", "xã", -3, "nhiều"])
    ws.append([None, "xã", 2, None])
    ws.append(["Hội A", "xã", 1, None])
    wb.save(source)
    before = campaign_copy.read_bytes()
    with pytest.raises(UnitsImportError) as info:
        import_units(source, campaign_copy)
    problems = info.value.problems
    assert f"{source}:2:B (Loại): loại đơn vị 'quận' không hợp lệ" in problems[0]
    assert any(p.startswith(f"{source}:3:C (Trọng số): trọng số phải là số lớn hơn 0") for p in problems)
    assert any(p.startswith(f"{source}:3:D (mau): chỉ tiêu giao phải là số nguyên") for p in problems)
    assert any(p.startswith(f"{source}:4:A (Tên đơn vị): thiếu tên đơn vị") for p in problems)
    assert any(p.startswith(f"{source}:5:A (Tên đơn vị): đơn vị 'Hội A' trùng với dòng 2") for p in problems)
    assert campaign_copy.read_bytes() == before
    assert not (campaign_copy.parent / ".history").exists()


def test_a_foreign_xlsx_is_refused_clearly(tmp_path, sample_campaign):
    wb = Workbook()
    wb.active.append(["Mã hàng", "Số lượng", "Đơn giá"])
    wb.active.append(["SP01", 3, 12000])
    source = tmp_path / "bao-gia.xlsx"
    wb.save(source)
    with pytest.raises(UnitsImportError, match="không tìm thấy dòng tiêu đề.*'Tên đơn vị'"):
        read_units(source, sample_campaign)


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, sample_campaign):
    source = tmp_path / "units.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnitsImportError, match="không đọc được tệp Excel"):
        read_units(source, sample_campaign)
    latin = tmp_path / "units.csv"
    latin.write_bytes("Tên đơn vị\nHội xã Ă\n".encode("utf-16"))
    with pytest.raises(UnitsImportError, match="không phải UTF-8"):
        read_units(latin, sample_campaign)


def test_quotas_that_exceed_the_total_are_refused_before_saving(tmp_path, campaign_copy):
    source = tmp_path / "u.csv"
    source.write_text("name,kind,mau\nA,xã,5000\nB,xã,5000\n", encoding="utf-8")
    before = campaign_copy.read_bytes()
    with pytest.raises(UnitsImportError, match="vượt tổng 7.500"):
        import_units(source, campaign_copy)
    assert campaign_copy.read_bytes() == before


def test_a_unit_the_campaign_model_refuses_names_its_row_in_the_loaders_words(tmp_path, campaign_copy):
    source = tmp_path / "u.csv"
    source.write_text("name,short_name,kind\nHội A,xã A,xã\nHội\x07B,xã B,xã\n", encoding="utf-8")
    before = campaign_copy.read_bytes()
    with pytest.raises(UnitsImportError) as info:
        import_units(source, campaign_copy)
    assert info.value.problems == [f"{source}:3: units[1].name: có ký tự điều khiển không hợp lệ"]
    assert campaign_copy.read_bytes() == before


def test_import_keeps_the_campaigns_comments(tmp_path, campaign_copy):
    source = tmp_path / "u.csv"
    source.write_text("name,kind\nHội xã A,xã\n", encoding="utf-8")
    import_units(source, campaign_copy)
    text = campaign_copy.read_text(encoding="utf-8")
    assert "# Phong trào thi đua năm 2023 của Hội Chữ thập đỏ tỉnh Lào Cai." in text
    assert "# Hạn các đơn vị gửi bảng theo dõi" in text
    assert [u.name for u in load_campaign(campaign_copy).units] == ["Hội xã A"]
