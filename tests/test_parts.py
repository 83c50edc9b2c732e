"""The dispatch body as data (dispatch.parts): numbering, sub-items, paragraphs, the targets part,
old files and ``vanthu migrate``, markers typed by hand, the form's parts, the DOCX."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from werkzeug.datastructures import MultiDict

from app.campaign import Campaign
from app.cli import main
from app.dispatch import build_dispatch, render_dispatch
from app.dispatch_model import HeadingNumbering, ItemNumbering, vietnamese_letter
from app.loader import CampaignError, load_campaign, validate_data
from app.migrate import is_legacy, upgrade
from app.nd30 import check_docx, iter_paragraphs
from helpers import parse_form_fields

NAME = "lao-cai-2023"


def _data(sample_path) -> dict:
    return yaml.safe_load(sample_path.read_text(encoding="utf-8"))


def _body(data: dict) -> list[str]:
    return [b.text for b in build_dispatch(validate_data(data)).body]


def _lines_from(lines: list[str], start: str) -> list[str]:
    return lines[next(i for i, line in enumerate(lines) if line.startswith(start)):]


# --- Numbering ------------------------------------------------------------------------------------

def test_every_numbering_style():
    assert [HeadingNumbering.roman.marker(n) for n in (1, 4, 9)] == ["I. ", "IV. ", "IX. "]
    assert [HeadingNumbering.arabic.marker(n) for n in (1, 2)] == ["1. ", "2. "]
    assert [HeadingNumbering.upper.marker(n) for n in (1, 4, 5, 6)] == ["A. ", "D. ", "Đ. ", "E. "]
    assert HeadingNumbering.none.marker(3) == ""
    assert [ItemNumbering.arabic.marker(n) for n in (1, 12)] == ["1. ", "12. "]
    assert ItemNumbering.arabic_paren.marker(3) == "3) "
    assert ItemNumbering.dash.marker(5) == "- " and ItemNumbering.plus.marker(5) == "+ "
    assert ItemNumbering.none.marker(2) == ""


def test_letters_follow_the_vietnamese_order_past_d_stroke():
    letters = [ItemNumbering.letter.marker(n) for n in range(1, 11)]
    assert letters == ["a) ", "b) ", "c) ", "d) ", "đ) ", "e) ", "g) ", "h) ", "i) ", "k) "]
    assert [vietnamese_letter(n) for n in (23, 24)] == ["y", "aa"]  # no f, j, w, z


def test_parts_with_their_own_numbering_sub_items_and_paragraphs(sample_path):
    data = _data(sample_path)
    data["dispatch"]["parts"] = [
        {"heading": "MỤC ĐÍCH, YÊU CẦU", "heading_numbering": "arabic", "item_numbering": "dash",
         "paragraphs": ["Năm [[ nam ]], Hội đặt ra:"], "items": ["Mục đích một.", "Mục đích hai."]},
        {"heading": "CHỈ TIÊU", "heading_numbering": "arabic", "item_numbering": "letter", "targets": True},
        {"heading": "Lời dẫn không đánh số", "heading_numbering": "none", "item_numbering": "none",
         "items": ["Đoạn tự do."]},
        {"paragraphs": ["Một đoạn không tên phần."]},
        {"heading": "NỘI DUNG", "heading_numbering": "arabic", "subitem_numbering": "plus",
         "items": [{"text": "Tuyên truyền:", "items": ["trên báo;", "trên đài."]}, "Tập huấn."]},
    ]
    lines = _body(data)
    assert lines[2:6] == ["1. MỤC ĐÍCH, YÊU CẦU", "Năm 2023, Hội đặt ra:", "- Mục đích một.", "- Mục đích hai."]
    assert lines[6] == "2. CHỈ TIÊU" and lines[7].startswith("a) 100% các cấp Hội")
    assert [line[:3] for line in lines[8:19]] == ["b) ", "c) ", "d) ", "đ) ", "e) ", "g) ", "h) ", "i) ", "k) ", "l) ", "m) "]
    # A heading without numbering is not counted: the next numbered part is 3.
    assert lines[19:26] == ["Lời dẫn không đánh số", "Đoạn tự do.", "Một đoạn không tên phần.", "3. NỘI DUNG",
                            "1. Tuyên truyền:", "+ trên báo;", "+ trên đài."]
    assert lines[26] == "2. Tập huấn."
    view = build_dispatch(validate_data(data))
    kinds = [b.kind for b in view.body]
    assert kinds[19] == "heading" and all(r.bold for r in view.body[19].runs)


def test_a_point_typed_with_a_dash_under_lettered_points_is_the_level_below(sample_path):
    from app.dispatch_model import point_markers

    letter, dash = ItemNumbering.letter, ItemNumbering.dash
    assert point_markers(["một;", "- dưới một;", "+ dưới nữa;", "hai."], letter) == ["a) ", "", "", "b) "]
    assert point_markers(["- đầu tiên;", "hai."], letter) == ["a) ", "b) "]  # the first point is never below
    assert point_markers(["một;", "+ dưới một;", "- hai."], dash) == ["- ", "", "- "]
    assert point_markers(["một;", "- không số."], ItemNumbering.none) == ["", ""]
    data = _data(sample_path)
    data["dispatch"]["parts"].append({"heading": "KHEN THƯỞNG", "subitem_numbering": "letter", "items": [
        {"text": "Tập thể:", "items": ["Cờ thi đua;", "- cấp tỉnh;", "- cấp huyện;", "Bằng khen."]}]})
    lines = _body(data)
    at = lines.index("1. Tập thể:")
    assert lines[at:at + 5] == ["1. Tập thể:", "a) Cờ thi đua;", "- cấp tỉnh;", "- cấp huyện;", "b) Bằng khen."]
    assert validate_data(data).warnings() == []


def test_parts_are_added_removed_and_reordered_in_the_yaml(sample_path):
    data = _data(sample_path)
    parts = data["dispatch"]["parts"]
    parts.reverse()  # assignments, contents, targets, objectives
    del parts[1]  # contents
    parts.append({"heading": "Thời gian thực hiện", "paragraphs": ["Từ tháng 02 đến hết tháng 11/[[ nam ]]."]})
    headings = [line for line in _body(data) if re.match(r"^[IVX]+\. ", line)]
    assert headings == ["I. Tổ chức thực hiện", "II. Chỉ tiêu cụ thể", "III. Mục tiêu thi đua", "IV. Thời gian thực hiện"]
    assert _body(data)[-2:] == ["Từ tháng 02 đến hết tháng 11/2023.", _body(data)[-1]]
    campaign = validate_data(data)
    assert len(campaign.targets) == 12  # the checklists' and the scoring's list is unchanged


# --- The targets part -----------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda p: p[2].__setitem__("targets", True), "dispatch.parts[2].targets", "chỉ một phần"),
    (lambda p: p[1].__delitem__("targets"), "dispatch.parts", "không phần nào của công văn in chúng"),
    (lambda p: p[1].__setitem__("items", ["Một mục riêng."]), "dispatch.parts[1].items", "lấy các mục từ danh sách"),
])
def test_the_targets_part_is_checked_with_its_location(sample_path, tmp_path, change, field, message):
    data = _data(sample_path)
    change(data["dispatch"]["parts"])
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert re.search(rf"t\.yaml:\d+: {re.escape(field)}: .*{message}", str(info.value)), str(info.value)


# --- Old files ------------------------------------------------------------------------------------

def _legacy_text(sample_path, comments: bool = False) -> str:
    """The sample written in the old shape: top-level objectives, contents, assignments."""
    text = sample_path.read_text(encoding="utf-8")
    data = _data(sample_path)
    parts = data["dispatch"]["parts"]
    start, end = text.index("  parts:\n"), text.index("  closing:")
    text = text[:start] + text[end:]
    lists = {}
    for key, part in zip(("objectives", "contents", "assignments"), (parts[0], parts[2], parts[3]), strict=True):
        items = "".join(f"  - {yaml.safe_dump(item, allow_unicode=True, width=10_000).strip()}\n"
                        for item in part["items"]).replace("\n...", "")
        note = f"  # {key}: ghi chú giữa các mục\n" if comments else ""
        lists[key] = f"{key}:\n{items[:items.index(chr(10)) + 1]}{note}{items[items.index(chr(10)) + 1:]}\n"
    text = text.replace("targets:\n", lists["objectives"] + "targets:\n", 1)
    text = text.replace("signer:\n", lists["contents"] + lists["assignments"] + "signer:\n", 1)
    if comments:
        text = text.replace("  archive: [VT, VP]\n", "  archive: [VT, VP]\n  headings:  # tên các phần\n"
                            "    contents: Nội dung thi đua  # như năm trước\n", 1)
        text = text.replace("assignments:\n", "# Phân công: sửa hằng năm\nassignments:\n", 1)
    return text


def test_a_file_in_the_old_shape_reads_as_the_same_campaign(sample_path, tmp_path, sample_campaign):
    old = tmp_path / "old.yaml"
    old.write_text(_legacy_text(sample_path), encoding="utf-8")
    assert is_legacy(yaml.safe_load(old.read_text(encoding="utf-8")))
    campaign = load_campaign(old)
    assert campaign == sample_campaign
    assert build_dispatch(campaign) == build_dispatch(sample_campaign)
    # The model reads old data from any path, not only files.
    assert Campaign.model_validate(yaml.safe_load(old.read_text(encoding="utf-8"))) == sample_campaign


def test_an_error_in_an_old_file_is_named_by_its_own_field_and_line(sample_path, tmp_path):
    text = _legacy_text(sample_path).replace("  - Thi đua xây dựng đội ngũ", "  - Năm [[ nam_toi ]] thi đua xây dựng đội ngũ")
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "nam_toi" in t)
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert f"old.yaml:{line}: contents[2]: không có giá trị “nam_toi”" in str(info.value)


def test_old_data_whose_parts_are_empty_prints_no_heading_for_them():
    data = {"objectives": [], "contents": ["Một nội dung."], "dispatch": {"headings": {"contents": "Nội dung"}}}
    assert upgrade(data)["dispatch"]["parts"] == [{"heading": "Nội dung", "items": ["Một nội dung."]}]
    assert upgrade({"year": 2024}) == {"year": 2024}  # nothing old in it: left alone


def test_migrate_rewrites_an_old_file_keeping_its_comments_and_renders_the_same(sample_path, tmp_path, sample_campaign):
    path = tmp_path / "old.yaml"
    before = _legacy_text(sample_path, comments=True)
    path.write_text(before, encoding="utf-8")
    result = CliRunner().invoke(main, ["migrate", str(path)])
    assert result.exit_code == 0, result.output
    assert "đã chuyển sang mẫu mới" in result.output
    after = path.read_text(encoding="utf-8")

    def comments(text):
        return sorted(line[line.index("#"):] for line in text.splitlines() if re.search(r"(^|\s)# ", line))

    assert comments(after) == comments(before)  # "tên các phần" and "như năm trước" included
    assert "# objectives: ghi chú giữa các mục" in after and "# Phân công: sửa hằng năm" in after
    data = yaml.safe_load(after)
    assert not is_legacy(data) and "objectives" not in data and "headings" not in data["dispatch"]
    assert [p.get("heading") for p in data["dispatch"]["parts"]] == [
        "Mục tiêu thi đua", "Chỉ tiêu cụ thể", "Nội dung thi đua", "Tổ chức thực hiện"]
    assert load_campaign(path) == sample_campaign
    assert build_dispatch(load_campaign(path)) == build_dispatch(sample_campaign)
    assert [h.read_text(encoding="utf-8") for h in (tmp_path / ".history").glob("old.*.yaml")] == [before]
    again = CliRunner().invoke(main, ["migrate", str(path)])
    assert again.exit_code == 0 and "không thay đổi" in again.output
    assert path.read_text(encoding="utf-8") == after


def test_migrate_refuses_a_file_that_does_not_validate(sample_path, tmp_path):
    path = tmp_path / "bad.yaml"
    text = _legacy_text(sample_path).replace("number: 21", "number: hai mốt")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["migrate", str(path)])
    assert result.exit_code == 2 and "dispatch.number: phải là số nguyên" in result.output
    assert path.read_text(encoding="utf-8") == text


def test_the_sample_is_in_the_new_shape(sample_path):
    assert not is_legacy(_data(sample_path))
    assert "targets: true" in sample_path.read_text(encoding="utf-8")


# --- Markers typed by hand ------------------------------------------------------------------------

def _with_typed_markers(sample_path, tmp_path):
    text = sample_path.read_text(encoding="utf-8")
    text = text.replace("    - heading: Nội dung thi đua\n", "    - heading: Nội dung thi đua\n      item_numbering: letter\n", 1)
    text = text.replace("        - Có giải pháp tổ chức", "        - b) Có giải pháp tổ chức", 1)
    text = re.sub(r"^        - (Tổ chức triển khai phong trào.*)$", r"        - '- \1'", text, count=1, flags=re.M)
    text = text.replace("  - text: 100% Hội cấp tỉnh, huyện phối hợp", "  - text: 6. 100% Hội cấp tỉnh, huyện phối hợp", 1)
    path = tmp_path / "typed.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_validate_warns_of_markers_typed_by_hand_with_their_lines(sample_path, tmp_path):
    path, text = _with_typed_markers(sample_path, tmp_path)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    lines = text.splitlines()

    def line_of(start):
        return next(i for i, t in enumerate(lines, 1) if t.startswith(start))

    assert (f"{path}:{line_of('        - b) Có giải pháp')}: dispatch.parts[2].items[1]: cảnh báo: mục bắt đầu bằng “b)” "
            "gõ tay, nhưng phần đã tự đánh số: sẽ in “b) b) …”") in result.stderr
    dashed = line_of("        - '- Tổ chức")
    assert f"{path}:{dashed}: dispatch.parts[0].items[0]: cảnh báo: mục bắt đầu bằng “-”" in result.stderr
    assert f"{path}:{line_of('  - text: 6. ')}: targets[5].text: cảnh báo: chỉ tiêu bắt đầu bằng “6.”" in result.stderr
    assert "hợp lệ (12 chỉ tiêu, 9 đơn vị, 3 cảnh báo)" in result.stdout
    # A part that does not number its items may begin them as it likes.
    quiet = text.replace("      item_numbering: letter\n", "      item_numbering: none\n", 1)
    path.write_text(re.sub(r"^        - '- (Tổ chức.*)'$", r"        - \1", quiet, count=1, flags=re.M), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stderr.count("cảnh báo:") == 1 and "targets[5].text" in result.stderr  # only target 6 is left


def test_the_form_shows_a_typed_marker_next_to_its_item(client, campaigns_dir, sample_path, tmp_path):
    _, text = _with_typed_markers(sample_path, tmp_path)
    (campaigns_dir / f"{NAME}.yaml").write_text(text, encoding="utf-8")
    html = client.get(f"/campaigns/{NAME}/edit").get_data(as_text=True)
    warning = re.search(r'<p class="warning" id="w-dispatch-parts-2-items-1-text">(.*?)</p>', html, re.S)
    assert warning and "“b)”" in warning.group(1)
    assert 'id="w-dispatch-parts-0-items-0-text"' in html and 'id="w-targets-5-text"' in html
    # Saving is not refused for a warning; the page after saving says there are some.
    response = client.post(f"/campaigns/{NAME}/edit", data=_fields(html), follow_redirects=True)
    assert response.status_code == 200
    assert "3 chỗ có số thứ tự hoặc gạch đầu dòng gõ tay" in response.get_data(as_text=True)


# --- The form -------------------------------------------------------------------------------------

def _fields(html: str) -> MultiDict:
    return MultiDict(parse_form_fields(html))


def _post(client, form: MultiDict, changes: dict | None = None, **extra):
    """Post ``form`` with the values of ``changes`` and ``extra`` put in (replaced, not added)."""
    data = form.copy()
    for key, value in {**(changes or {}), **extra}.items():
        data[key] = value
    return client.post(f"/campaigns/{NAME}/edit", data=data)


def test_the_form_adds_removes_and_reorders_parts_without_javascript(client, edit_form, campaigns_dir):
    form = edit_form()
    html = _post(client, form, _op="add:dispatch-parts").get_data(as_text=True)
    assert 'name="dispatch-parts-4-heading"' in html
    reward = {"dispatch-parts-4-heading": "Khen thưởng", "dispatch-parts-4-item_numbering": "letter",
              "dispatch-parts-4-paragraphs": "Cuối năm, Hội xét khen thưởng:\n\n"}
    html = _post(client, _fields(html), reward, _op="add:dispatch-parts-4-items").get_data(as_text=True)
    item = {"dispatch-parts-4-items-0-text": "Tập thể xuất sắc: Bằng khen.",
            "dispatch-parts-4-items-0-items": "cấp huyện;\n cấp cơ sở.\n"}
    html = _post(client, _fields(html), item, _op="up:dispatch-parts-4").get_data(as_text=True)  # above "Tổ chức …"
    form = _fields(html)
    assert form["dispatch-parts-3-heading"] == "Khen thưởng"
    html = _post(client, form, _op="del:dispatch-parts-0").get_data(as_text=True)  # the objectives
    form = _fields(html)
    # The targets' rows stay in their part wherever it goes.
    assert form["dispatch-parts-0-targets"] == "true" and "targets-11-text" in form
    response = _post(client, form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    assert [p.heading for p in saved.dispatch.parts] == ["Chỉ tiêu cụ thể", "Nội dung thi đua", "Khen thưởng",
                                                          "Tổ chức thực hiện"]
    reward = saved.dispatch.parts[2]
    assert reward.paragraphs == ["Cuối năm, Hội xét khen thưởng:"]
    assert reward.items[0].text == "Tập thể xuất sắc: Bằng khen." and reward.items[0].items == ["cấp huyện;", "cấp cơ sở."]
    assert len(saved.targets) == 12
    lines = [b.text for b in build_dispatch(saved).body]
    assert _lines_from(lines, "III. Khen thưởng")[:5] == ["III. Khen thưởng", "Cuối năm, Hội xét khen thưởng:",
                                                           "a) Tập thể xuất sắc: Bằng khen.", "a) cấp huyện;",
                                                           "b) cấp cơ sở."]
    # The file keeps its comments through the form's save.
    assert "# Chín đơn vị cấp huyện năm 2023." in (campaigns_dir / f"{NAME}.yaml").read_text(encoding="utf-8")


def test_the_form_shows_sub_item_errors_at_their_box(client, edit_form):
    form = edit_form()
    form["dispatch-parts-2-items-0-items"] = "ý một\nchuông\x07"
    html = _post(client, form).get_data(as_text=True)
    assert re.search(r'<p class="error" id="e-dispatch-parts-2-items-0-items">[^<]*ký tự điều khiển', html)
    assert "Phần 3 › Mục 1 › ý nhỏ</a>" in html  # the error summary names the box


def test_unmarking_the_targets_part_keeps_the_targets_in_the_form(client, edit_form):
    form = edit_form()
    del form["dispatch-parts-1-targets"]
    html = _post(client, form).get_data(as_text=True)
    assert "Chỉ tiêu chưa thuộc phần nào" in html and 'name="targets-11-text"' in html
    assert re.search(r'<p class="error" id="e-dispatch-parts">[^<]*targets: true', html)


# --- The DOCX -------------------------------------------------------------------------------------

def test_a_part_khen_thuong_with_lettered_items_in_the_docx(sample_campaign, tmp_path):
    data = sample_campaign.model_dump()
    items = ["Tập thể hoàn thành xuất sắc: Bằng khen của Trung ương Hội.", "Tập thể hoàn thành tốt: Giấy khen.",
             "Cá nhân tiêu biểu: Giấy khen.", "Tổ chức biểu dương.", "Đăng tin trên cổng thông tin.",
             "Sơ kết giữa năm.", "Tổng kết cuối năm."]
    data["dispatch"]["parts"].append({"heading": "Khen thưởng", "item_numbering": "letter",
                                      "items": items[:1] + [{"text": items[1], "items": ["cấp huyện;", "cấp cơ sở."]}]
                                      + items[2:]})
    campaign = Campaign.model_validate(data)
    (docx,) = render_dispatch(campaign, tmp_path, "khen")
    doc = Document(str(docx))
    paragraphs = [p for p, cell in iter_paragraphs(doc) if cell is None and p.text.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.text == "V. Khen thưởng")
    heading, *rest = paragraphs[start:start + 10]
    assert all(r.bold for r in heading.runs if r.text.strip())
    assert [p.text[:3] for p in rest] == ["a) ", "b) ", "a) ", "b) ", "c) ", "d) ", "đ) ", "e) ", "g) "]
    assert rest[-1].text == "g) Tổng kết cuối năm."
    for paragraph in rest:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(paragraph.paragraph_format.first_line_indent.cm - 1.27) < 0.01
    assert paragraphs[start + 10].text.startswith("Trên đây là nội dung phát động")  # the closing follows
    assert check_docx(docx) == []
