"""Web: the results page (units, quotas, totals), saving it (Vietnamese numbers, 422 next to the
cell, 409 on a conflict) and the upload of several returned checklists (all or none)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from werkzeug.datastructures import MultiDict

from app.checklists import render_checklists
from app.records import load_results, results_path
from app.results_import import MAX_XLSX_BYTES
from helpers import parse_form_fields, response_text

NAME = "lao-cai-2023"
URL = f"/campaigns/{NAME}/results"
BAT_XAT = "Hội Chữ thập đỏ huyện Bát Xát"  # the third unit: fields v-2-…
SA_PA = "Hội Chữ thập đỏ thị xã Sa Pa"


@pytest.fixture
def campaign_path(campaigns_dir: Path) -> Path:
    return campaigns_dir / f"{NAME}.yaml"


def _form(client) -> MultiDict:
    response = client.get(URL)
    assert response.status_code == 200
    return MultiDict(parse_form_fields(response_text(response), "results-form"))


def _checklist(tmp_path: Path, sample_campaign, unit: str, values: dict[str, object]) -> tuple[io.BytesIO, str]:
    """A unit's checklist XLSX, filled in by result key, as an upload."""
    path = render_checklists(sample_campaign, NAME, tmp_path / unit, units=[unit], formats="xlsx", workers=1).paths[0]
    wb = load_workbook(path)
    ids = wb["vanthu"]
    rows = {ids.cell(r, 2).value: ids.cell(r, 1).value for r in range(8, ids.max_row + 1) if ids.cell(r, 1).value}
    for key, value in values.items():
        wb["Chỉ tiêu"][f"D{rows[key]}"] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer, path.name


def test_results_page_shows_units_quotas_and_totals(client):
    page = response_text(client.get(URL))
    assert "Kết quả thực hiện chỉ tiêu năm 2023" in page
    assert "huyện Bát Xát" in page and "thị xã Sa Pa" in page and "Đơn vị cấp huyện và tương đương" in page
    assert 'name="v-2-7.1"' in page and 'value="868"' in page  # Bát Xát's blood units, stored
    assert "giao 845" in page  # its quota, under the cell
    assert "<strong>7.522</strong><small class=\"quota\">chỉ tiêu tỉnh 7.500</small>" in page  # total and province
    assert "5/9 đạt" in page  # target 12
    assert "điểm (tối đa 8)" in page  # target 10, scored by the office
    assert 'name="csrf_token"' in page and 'name="_version"' in page
    assert 'enctype="multipart/form-data"' in page and 'multiple' in page


def test_campaign_page_links_to_the_results(client):
    assert f'href="{URL}"' in response_text(client.get(f"/campaigns/{NAME}"))


def test_the_page_in_english(client):
    page = response_text(client.get(f"{URL}?lang=en"))
    assert "Results against the targets 2023" in page and "quota 845" in page and "Save results" in page


def test_saving_stores_values_typed_the_vietnamese_way(client, campaign_path):
    before = load_results(campaign_path)[0]
    form = _form(client)
    form["v-2-7.1"] = "1.250,5"
    form["v-2-12"] = "1"
    form["v-2-3.1"] = ""  # cleared: not reported
    form["v-2-10"] = "6,5"
    response = client.post(URL, data=form)
    assert response.status_code == 303 and response.headers["Location"].endswith(URL)
    results = load_results(campaign_path)[0]
    values = results.units[BAT_XAT].values
    assert values["7.1"] == 1250.5 and values["12"] == 1 and values["10"] == 6.5 and "3.1" not in values
    assert values["6.1"] == before.units[BAT_XAT].values["6.1"]
    assert results.units[SA_PA] == before.units[SA_PA]
    assert results.units["Hội Chữ thập đỏ thành phố Lào Cai"].bonuses == ["mo-hinh-moi", "vuot-chi-tieu-mau"]
    assert "Đã lưu 4 kết quả thay đổi." in response_text(client.get(URL))


def test_saving_an_unchanged_page_writes_nothing(client, campaign_path):
    before = results_path(campaign_path).read_bytes()
    response = client.post(URL, data=_form(client), follow_redirects=True)
    assert "Không có kết quả nào thay đổi." in response_text(response)
    assert results_path(campaign_path).read_bytes() == before


def test_a_bad_value_gives_422_with_the_message_next_to_its_cell(client, campaign_path):
    before = results_path(campaign_path).read_bytes()
    form = _form(client)
    form["v-2-7.1"] = "khoảng 900"
    form["v-2-10"] = "9"  # over the target's 8 points
    form["v-1-6.1"] = "1.500"  # good, but not saved either
    response = client.post(URL, data=form)
    page = response_text(response)
    assert response.status_code == 422
    assert "Chưa lưu: có 2 ô cần sửa" in page
    assert '<a href="#f-v-2-7.1">huyện Bát Xát, chỉ tiêu 7.1: phải là một số' in page  # the summary says where
    cell = page[page.index('id="f-v-2-7.1"'):]
    assert cell.index('value="khoảng 900"') < cell.index('id="e-v-2-7.1"') < cell.index("</td>")
    assert 'aria-invalid="true"' in cell[:cell.index("</td>")]
    assert "phải là một số (ví dụ 1.250 hoặc 12,5), không phải “khoảng 900”" in cell[:cell.index("</td>")]
    assert "điểm chấm từ 0 đến 8" in page and 'value="1.500"' in page
    assert results_path(campaign_path).read_bytes() == before


def test_a_conflict_gives_409_keeps_the_input_and_the_other_save(client, campaign_path):
    form = _form(client)
    other = _form(client)
    other["v-0-7.1"] = "2.000"
    assert client.post(URL, data=other).status_code == 303  # someone else saved meanwhile
    saved = results_path(campaign_path).read_bytes()
    form["v-2-7.1"] = "999"
    response = client.post(URL, data=form)
    page = response_text(response)
    assert response.status_code == 409
    assert "Chưa lưu: kết quả đã bị thay đổi ở nơi khác" in page and 'value="999"' in page
    assert results_path(campaign_path).read_bytes() == saved
    assert load_results(campaign_path)[0].units["Hội Chữ thập đỏ thành phố Lào Cai"].values["7.1"] == 2000


def test_the_first_save_creates_the_results_file(client, campaign_path):
    results_path(campaign_path).unlink()
    form = _form(client)
    assert "v-2-7.1" in form and form["v-2-7.1"] == ""
    form["v-2-7.1"] = "12"
    assert client.post(URL, data=form).status_code == 303
    assert load_results(campaign_path)[0].units == {BAT_XAT: load_results(campaign_path)[0].units[BAT_XAT]}


def test_uploading_several_checklists_imports_them(client, campaign_path, tmp_path, sample_campaign):
    files = [_checklist(tmp_path, sample_campaign, "huyen-bat-xat", {"7.1": 1001, "1": "không đạt"}),
             _checklist(tmp_path, sample_campaign, "thi-xa-sa-pa", {"7.1": "1.002"})]
    response = client.post(f"{URL}/import", data={"files": files}, content_type="multipart/form-data")
    assert response.status_code == 303
    results = load_results(campaign_path)[0]
    assert results.units[BAT_XAT].values["7.1"] == 1001 and results.units[BAT_XAT].values["1"] == 0
    assert results.units[SA_PA].values["7.1"] == 1002
    assert "Đã nhập 2 bảng theo dõi: 3 kết quả thay đổi." in response_text(client.get(URL))


def test_upload_refusals_are_422_and_nothing_is_stored(client, campaign_path, tmp_path, sample_campaign):
    before = results_path(campaign_path).read_bytes()
    files = [_checklist(tmp_path, sample_campaign, "huyen-bat-xat", {"7.1": 1001}),
             _checklist(tmp_path, sample_campaign, "thi-xa-sa-pa", {"7.1": "nhiều"})]
    response = client.post(f"{URL}/import", data={"files": files}, content_type="multipart/form-data")
    page = response_text(response)
    assert response.status_code == 422
    assert "Chưa nhập tệp nào: có 1 lỗi" in page
    assert "thi-xa-sa-pa.xlsx: trang &#39;Chỉ tiêu&#39;, ô D15 (Kết quả thực hiện, chỉ tiêu 7.1): phải là một số" in page
    assert results_path(campaign_path).read_bytes() == before


@pytest.mark.parametrize("name, data, message", [
    ("ket-qua.csv", b"STT;Ket qua\n", "ket-qua.csv: chỉ nhận tệp Excel .xlsx"),
    ("gia.xlsx", b"khong phai excel", "gia.xlsx: không phải tệp Excel .xlsx"),
    ("lon.xlsx", b"\0" * (MAX_XLSX_BYTES + 1), "lon.xlsx: tệp quá lớn"),
])
def test_an_upload_that_is_not_a_checklist_is_refused(client, campaign_path, name, data, message):
    before = results_path(campaign_path).read_bytes()
    response = client.post(f"{URL}/import", data={"files": [(io.BytesIO(data), name)]},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and message in response_text(response)
    assert results_path(campaign_path).read_bytes() == before


def test_an_upload_without_files_is_refused(client):
    response = client.post(f"{URL}/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "chưa chọn tệp bảng theo dõi (.xlsx) nào" in response_text(response)


def test_a_broken_results_file_gives_the_located_error_page(client, campaign_path):
    results_path(campaign_path).write_text("units:\n  X:\n    values: {'7.1': -1}\n", encoding="utf-8")
    response = client.get(URL)
    page = response_text(response)
    assert response.status_code == 422 and "Tệp kết quả có lỗi" in page
    assert "lao-cai-2023/results.yaml:3: units.X.values.7.1: phải lớn hơn hoặc bằng 0" in page
    assert str(campaign_path.parent) not in page  # the server's folders are not shown


def test_an_unknown_campaign_is_404(client):
    assert client.get("/campaigns/khong-co/results").status_code == 404
    assert client.post("/campaigns/khong-co/results/import").status_code == 404
