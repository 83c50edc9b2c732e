"""Nominees: the XLSX import (core and CLI), and the web form (round trip, errors next to the
fields, rows added and removed without JavaScript, 409, upload)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from app.loader import load_campaign
from app.nominees_import import NomineesImportError, import_nominees, read_nominees
from app.records import load_nominees, nominees_path
from helpers import parse_form_fields, response_text

NAME = "lao-cai-2023"
URL = f"/campaigns/{NAME}/nominees"
HEADERS = ["Họ và tên", "Giới tính", "Năm sinh", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Tóm tắt thành tích"]
GOOD = [
    ["Nguyễn Thị Lan", "Nữ", 1985, "Chủ tịch", "Hội Chữ thập đỏ huyện Bát Xát", "Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai",
     "Vận động 300 suất quà tết"],
    ["Lò Văn Minh", "nam", dt.datetime(1979, 3, 2), "Phó Chủ tịch", "Hội Chữ thập đỏ thị xã Sa Pa", "Bằng khen", None],
    ["Hoàng Văn Tú", None, "1990", None, None, "giay-khen", None],
]


def xlsx(rows: list[list], *, title: str | None = "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def campaign_path(campaigns_dir: Path) -> Path:
    return campaigns_dir / f"{NAME}.yaml"


# --- Import (core) --------------------------------------------------------------------------------

def test_a_list_is_read_under_its_title_with_awards_by_name_start_or_id(sample_campaign):
    people = read_nominees("ds.xlsx", xlsx(GOOD), sample_campaign)
    assert [(p.name, p.sex, p.born, p.award) for p in people] == [
        ("Nguyễn Thị Lan", "Nữ", 1985, "giay-khen"), ("Lò Văn Minh", "Nam", 1979, "bang-khen-tw"),
        ("Hoàng Văn Tú", None, 1990, "giay-khen")]
    assert people[0].summary == "Vận động 300 suất quà tết" and people[0].unit == "Hội Chữ thập đỏ huyện Bát Xát"
    assert people[1].kind == "person" and people[2].position is None


def test_every_bad_cell_is_named_by_file_row_and_column(sample_campaign):
    rows = [["", "Nữ", 1980, None, None, "Giấy khen", None],
            ["Trần Văn B", "khác", "năm tám mươi", None, None, "Huân chương Lao động", None],
            ["Lê C", "Nam", 1980, None, None, None, None]]
    with pytest.raises(NomineesImportError) as info:
        read_nominees("ds.xlsx", xlsx(rows), sample_campaign)
    assert info.value.problems == [
        "ds.xlsx:4:A (Họ và tên): thiếu họ và tên",
        "ds.xlsx:5:B (Giới tính): giới tính 'khác' phải là Nam hoặc Nữ",
        "ds.xlsx:5:C (Năm sinh): năm sinh 'năm tám mươi' phải là một năm, ví dụ 1985",
        "ds.xlsx:5:F (Hình thức khen thưởng): không có hình thức khen thưởng 'Huân chương Lao động' trong quy chế "
        "(có: Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam; Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam; "
        "Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai)",
        "ds.xlsx:6:F (Hình thức khen thưởng): thiếu hình thức khen thưởng",
    ]


def test_a_year_outside_the_model_is_reported_at_its_cell(sample_campaign):
    with pytest.raises(NomineesImportError) as info:
        read_nominees("ds.xlsx", xlsx([["A", None, 1800, None, None, "Giấy khen", None]], title=None), sample_campaign)
    assert info.value.problems == ["ds.xlsx:2:C (Năm sinh): phải lớn hơn hoặc bằng 1900"]


def test_files_that_are_not_a_list_are_refused(sample_campaign):
    for data, message in ((b"Ho va ten;Gioi tinh\n", "ds.xlsx: không phải tệp Excel .xlsx"),
                          (xlsx([], title=None), "ds.xlsx: không có dòng nào dưới dòng tiêu đề 1"),
                          (b"PK\x03\x04 broken", "ds.xlsx: không đọc được tệp Excel (.xlsx)")):
        with pytest.raises(NomineesImportError) as info:
            read_nominees("ds.xlsx", data, sample_campaign)
        assert info.value.problems[0].startswith(message)
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["STT", "Ghi chú"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(NomineesImportError, match="không tìm thấy dòng tiêu đề"):
        read_nominees("ds.xlsx", buffer.getvalue(), sample_campaign)


def test_an_import_adds_or_replaces_and_writes_nothing_when_a_row_is_bad(campaign_path):
    campaign = load_campaign(campaign_path)
    bad = xlsx(GOOD + [["X", "?", None, None, None, "Giấy khen", None]])
    with pytest.raises(NomineesImportError):
        import_nominees(campaign_path, campaign, "ds.xlsx", bad)
    assert not nominees_path(campaign_path).exists()
    result = import_nominees(campaign_path, campaign, "ds.xlsx", xlsx(GOOD))
    assert result.saved == nominees_path(campaign_path) and len(result.people) == 3
    import_nominees(campaign_path, campaign, "ds2.xlsx", xlsx(GOOD[:1]))
    assert len(load_nominees(campaign_path)[0].people) == 4
    import_nominees(campaign_path, campaign, "ds3.xlsx", xlsx(GOOD[1:2]), replace=True)
    assert [p.name for p in load_nominees(campaign_path)[0].people] == ["Lò Văn Minh"]


# --- vanthu nominees import -----------------------------------------------------------------------

def test_vanthu_nominees_import(runner, campaign_path, tmp_path):
    from app.cli import main

    good, bad = tmp_path / "ds.xlsx", tmp_path / "sai.xlsx"
    good.write_bytes(xlsx(GOOD))
    bad.write_bytes(xlsx([["A", "Nam", "x", None, None, "Giấy khen", None]]))
    result = runner.invoke(main, ["nominees", "import", str(campaign_path), str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4:C (Năm sinh): năm sinh 'x' phải là một năm" in result.output
    assert f"Không ghi gì vào {nominees_path(campaign_path)}." in result.output and "Traceback" not in result.output
    result = runner.invoke(main, ["nominees", "import", str(campaign_path), str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{nominees_path(campaign_path)}: đã nhập 3 cá nhân từ {good}")


# --- The web form ---------------------------------------------------------------------------------

def _form(client, html: str | None = None) -> MultiDict:
    return MultiDict(parse_form_fields(html or response_text(client.get(URL)), "nominees-form"))


def _add_person(client) -> MultiDict:
    form = _form(client)
    form["_op"] = "add:people"
    return _form(client, response_text(client.post(URL, data=form)))


def _set(form: MultiDict, values: dict[str, str]) -> None:
    """Replace fields (MultiDict.update would add a second value)."""
    for key, value in values.items():
        form[key] = value


def _error_next_to(html: str, field: str) -> str | None:
    match = re.search(rf'<p class="error" id="e-{re.escape(field)}">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else None


def test_the_page_lists_the_collectives_of_the_scoreboard_read_only(client):
    html = response_text(client.get(URL))
    section = html[html.index('id="collectives-title"'):html.index('id="import-title"')]
    assert section.count("<tr>") == 1 + 6  # the heading, and the six units the rules put forward
    assert "Hội Chữ thập đỏ thành phố Lào Cai" in section and "<input" not in section
    assert "Cờ thi đua của Trung ương Hội Chữ thập đỏ Việt Nam" in section


def test_a_person_typed_in_the_form_is_saved_and_shown_again(client, campaigns_dir, campaign_path):
    form = _add_person(client)
    assert form["people-0-name"] == "" and form["people-0-kind"] == "person"
    form["_op"] = "add:people-0-past_awards"
    form = _form(client, response_text(client.post(URL, data=form)))
    _set(form, {"people-0-name": "Nguyễn Thị Lan", "people-0-sex": "Nữ", "people-0-born": "1985",
                 "people-0-position": "Chủ tịch", "people-0-unit": "Hội Chữ thập đỏ huyện Bát Xát",
                 "people-0-award": "giay-khen", "people-0-summary": "Vận động 300 suất quà tết.",
                 "people-0-past_awards-0-year": "2021", "people-0-past_awards-0-form": "Giấy khen",
                 "people-0-past_awards-0-decision": "12/QĐ-CTĐ", "people-0-past_awards-0-date": "5/1/2022",
                 "people-0-past_awards-0-issuer": "Hội Chữ thập đỏ tỉnh Lào Cai"})
    response = client.post(URL, data=form)
    assert response.status_code == 303, response_text(response)[:3000]
    person = load_nominees(campaign_path)[0].people[0]
    assert (person.name, person.sex, person.born, person.award) == ("Nguyễn Thị Lan", "Nữ", 1985, "giay-khen")
    assert person.past_awards[0].date == dt.date(2022, 1, 5) and person.past_awards[0].decision == "12/QĐ-CTĐ"
    again = _form(client)
    assert again["people-0-past_awards-0-date"] == "05/01/2022" and again["people-0-award"] == "giay-khen"
    before = nominees_path(campaign_path).read_bytes()
    assert client.post(URL, data=again).status_code == 303  # unchanged: the file stays byte for byte
    assert nominees_path(campaign_path).read_bytes() == before
    # Removing the past award, then the person, without JavaScript.
    again["_op"] = "del:people-0-past_awards-0"
    html = response_text(client.post(URL, data=again))
    assert 'name="people-0-past_awards-0-year"' not in html and 'value="Nguyễn Thị Lan"' in html
    assert nominees_path(campaign_path).read_bytes() == before  # buttons never save


def test_errors_are_shown_next_to_their_fields_and_nothing_is_saved(client, campaign_path):
    form = _add_person(client)
    _set(form, {"people-0-born": "năm 85", "people-0-award": "giay-khen", "people-0-sex": "Nữ"})
    response = client.post(URL, data=form)
    html = response_text(response)
    assert response.status_code == 422
    assert _error_next_to(html, "people-0-name") == "thiếu trường bắt buộc"
    assert _error_next_to(html, "people-0-born") == "phải là số nguyên"
    assert '<a href="#f-people-0-name">Cá nhân 1 › tên</a>' in html or "Cá nhân 1" in html
    assert 'value="năm 85"' in html
    form["people-0-name"], form["people-0-born"], form["people-0-award"] = "A", "1980", "huan-chuong"
    html = response_text(client.post(URL, data=form))
    assert "không có hình thức khen thưởng &#39;huan-chuong&#39;" in _error_next_to(html, "people-0-award")
    assert not nominees_path(campaign_path).exists()


def test_a_save_is_refused_with_409_when_the_list_changed_meanwhile(client, campaign_path):
    form = _add_person(client)
    _set(form, {"people-0-name": "Của tôi", "people-0-award": "giay-khen"})
    nominees_path(campaign_path).parent.mkdir(exist_ok=True)
    nominees_path(campaign_path).write_text("people:\n  - {name: Người khác, award: giay-khen}\n", "utf-8")
    response = client.post(URL, data=form)
    assert response.status_code == 409
    assert "Chưa lưu: danh sách đã bị thay đổi ở nơi khác" in response_text(response)
    assert 'value="Của tôi"' in response_text(response)
    assert [p.name for p in load_nominees(campaign_path)[0].people] == ["Người khác"]


def test_an_xlsx_list_is_uploaded_all_or_nothing(client, campaign_path):
    response = client.post(f"{URL}/import", data={"file": (io.BytesIO(xlsx(GOOD + [["B", "?", None, None, None,
                                                                                      "Giấy khen", None]])), "ds.xlsx")},
                           content_type="multipart/form-data")
    html = response_text(response)
    assert response.status_code == 422
    assert "<code>ds.xlsx:7:B (Giới tính): giới tính &#39;?&#39; phải là Nam hoặc Nữ</code>" in html
    assert not nominees_path(campaign_path).exists()
    response = client.post(f"{URL}/import", data={"file": (io.BytesIO(b"x"), "ds.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "ds.csv: chỉ nhận tệp Excel .xlsx" in response_text(response)
    response = client.post(f"{URL}/import", data={"file": (io.BytesIO(xlsx(GOOD)), "tai-lieu/ds.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    assert "Đã nhập 3 cá nhân từ ds.xlsx." in response_text(client.get(URL))
    assert len(load_nominees(campaign_path)[0].people) == 3
    form = _form(client)
    assert form["people-1-name"] == "Lò Văn Minh" and form["people-1-award"] == "bang-khen-tw"


def test_a_campaign_without_rules_explains_before_any_nominee(client, campaigns_dir, campaign_path):
    text = campaign_path.read_text("utf-8")
    campaign_path.write_text(text[:text.index("\nscoring:")] + "\n", "utf-8")
    html = response_text(client.get(URL))
    assert "Chiến dịch chưa có quy chế chấm điểm" in html and "nominees-form" not in html
