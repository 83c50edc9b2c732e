"""Web app: campaign list, new/copy, and the edit form (test client, scratch campaigns folder)."""

from __future__ import annotations

import re

from app.loader import load_campaign

NAME = "lao-cai-2023"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error_next_to(html: str, field: str) -> str | None:
    """The error message shown under the form field ``field``, if any."""
    match = re.search(rf'<p class="error" id="e-{re.escape(field)}">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else None


# --- List ----------------------------------------------------------------------------------------

def test_list_shows_campaign_with_year_issuer_subject_and_vietnamese_time(client, campaigns_dir):
    html = _text(client.get("/"))
    assert NAME in html
    assert "Hội Chữ thập đỏ tỉnh Lào Cai" in html
    assert "V/v phát động phong trào thi đua 2023" in html  # [[ nam ]] resolved
    assert re.search(r"<td><time datetime=\"[0-9T:-]+\">\d{2}/\d{1,2}/\d{4} \d{2}:\d{2}</time>", html)
    assert 'lang="vi"' in html


def test_list_shows_broken_file_with_its_error_and_still_lists_the_others(client, campaigns_dir):
    (campaigns_dir / "hong.yaml").write_text("year: 2024\nissuer: [\n", encoding="utf-8")
    text = (campaigns_dir / f"{NAME}.yaml").read_text(encoding="utf-8")
    (campaigns_dir / "sai-so.yaml").write_text(text.replace("number: 21", "number: hai mốt"), encoding="utf-8")
    response = client.get("/")
    html = _text(response)
    assert response.status_code == 200
    assert "hong.yaml:3: lỗi cú pháp YAML" in html or "hong.yaml:2: lỗi cú pháp YAML" in html
    assert re.search(r"sai-so\.yaml:\d+: dispatch\.number: phải là số nguyên", html)
    assert "V/v phát động phong trào thi đua 2023" in html


def test_list_flags_a_file_name_the_web_cannot_open(client, campaigns_dir):
    (campaigns_dir / "Lào Cai.yaml").write_text((campaigns_dir / f"{NAME}.yaml").read_text("utf-8"), "utf-8")
    html = _text(client.get("/"))
    assert "Lào Cai.yaml: tên tệp chỉ được dùng chữ thường không dấu" in html


# --- New and copy --------------------------------------------------------------------------------

def test_new_campaign_from_skeleton_is_valid_and_opens_in_the_form(client, campaigns_dir):
    response = client.post("/campaigns/new", data={"name": "moi-2026", "source": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/campaigns/moi-2026/edit")
    load_campaign(campaigns_dir / "moi-2026.yaml")  # raises if the skeleton were invalid
    assert client.get("/campaigns/moi-2026/edit").status_code == 200
    assert client.get("/campaigns/moi-2026").status_code == 200


def test_copy_keeps_the_file_byte_for_byte_and_suggests_next_year(client, campaigns_dir):
    page = _text(client.get(f"/campaigns/new?from={NAME}"))
    assert 'value="lao-cai-2024"' in page
    response = client.post("/campaigns/new", data={"name": "lao-cai-2024", "source": NAME})
    assert response.status_code == 302
    assert (campaigns_dir / "lao-cai-2024.yaml").read_bytes() == (campaigns_dir / f"{NAME}.yaml").read_bytes()


def test_new_refuses_unsafe_and_taken_names_and_keeps_input(client, campaigns_dir):
    for bad in ("../x", "a/b", "", "new", "-x", "Lào Cai/x"):
        response = client.post("/campaigns/new", data={"name": bad, "source": ""})
        assert response.status_code == 422, bad
        assert _error_next_to(_text(response), "name"), bad
    response = client.post("/campaigns/new", data={"name": NAME, "source": ""})
    assert response.status_code == 422
    assert "Đã có chiến dịch tên này" in _text(response)
    assert sorted(p.name for p in campaigns_dir.glob("*.yaml")) == [f"{NAME}.yaml"]


def test_new_refuses_a_missing_source(client, campaigns_dir):
    response = client.post("/campaigns/new", data={"name": "x-2024", "source": "khong-co"})
    assert response.status_code == 422
    assert "Không có chiến dịch nguồn này" in _text(response)
    assert not (campaigns_dir / "x-2024.yaml").exists()


# --- Edit form -----------------------------------------------------------------------------------

def test_edit_form_shows_every_part_with_labels(client):
    html = _text(client.get(f"/campaigns/{NAME}/edit"))
    for section in ("s-header", "s-addressees", "s-opening", "s-parts", "s-distribution", "s-signer",
                    "s-anniversaries", "s-units"):
        assert f'id="{section}"' in html
    # Every visible input, select and textarea has a label pointing at it.
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and set(ids) <= labelled, set(ids) - labelled
    # Raw text is edited, not the resolved one; numbers are shown the Vietnamese way.
    assert "phát động phong trào thi đua [[ nam ]]" in html
    assert 'value="20.000"' in html and 'value="7.500"' in html


def test_form_covers_every_field_of_the_model(edit_form, sample_campaign):
    """A field added to the model but not to the form would be lost on the next save."""
    posted = {re.sub(r"-\d+", "", name) for name in edit_form().keys()}

    def leaves(model_cls, prefix=""):
        from typing import get_args, get_origin

        from pydantic import BaseModel
        for field_name, info in model_cls.model_fields.items():
            annotation = info.annotation
            inner = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                inner = [annotation]
            if get_origin(annotation) is list and inner:
                yield from leaves(inner[0], f"{prefix}{field_name}-")
            elif inner:
                yield from leaves(inner[0], f"{prefix}{field_name}-")
            else:
                yield f"{prefix}{field_name}"

    from app.campaign import Campaign
    # quotas are posted as rows (id, value); the sample's units have none, so check the name.
    expected = set(leaves(Campaign)) - {"units-quotas"}
    missing = {name for name in expected if name not in posted}
    assert not missing, f"form has no field for: {sorted(missing)}"


def test_saving_the_unchanged_form_keeps_the_campaign_equal(client, edit_form, campaigns_dir, sample_campaign):
    response = client.post(f"/campaigns/{NAME}/edit", data=edit_form())
    assert response.status_code == 302, _text(response)[:2000]
    assert response.headers["Location"].endswith(f"/campaigns/{NAME}")
    assert load_campaign(campaigns_dir / f"{NAME}.yaml") == sample_campaign
    history = list((campaigns_dir / ".history").glob(f"{NAME}.*.yaml"))
    assert len(history) == 1  # the previous version is kept


def test_editing_the_fifth_target_changes_the_file_and_the_preview(client, edit_form, campaigns_dir):
    form = edit_form()
    form["targets-4-text"] = "100% các cấp Hội cơ sở hưởng ứng “Tháng nhân đạo” năm [[ nam ]] (đã sửa)."
    response = client.post(f"/campaigns/{NAME}/edit", data=form, follow_redirects=True)
    assert response.status_code == 200
    assert "Đã lưu chiến dịch" in _text(response)
    assert "hưởng ứng “Tháng nhân đạo” năm 2023 (đã sửa)." in _text(response)
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    assert saved.targets[4].text.endswith("năm [[ nam ]] (đã sửa).")
    assert len(saved.targets) == 12


def test_invalid_input_is_kept_and_shown_next_to_the_field(client, edit_form, campaigns_dir):
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    form = edit_form()
    form["dispatch-number"] = "hai mốt"
    form["targets-4-text"] = "Nội dung mới của chỉ tiêu năm"
    form["issuer-name"] = "   "
    response = client.post(f"/campaigns/{NAME}/edit", data=form)
    html = _text(response)
    assert response.status_code == 422
    assert _error_next_to(html, "dispatch-number") == "phải là số nguyên"
    assert _error_next_to(html, "issuer-name") == "thiếu trường bắt buộc"
    assert 'value="hai mốt"' in html and "Nội dung mới của chỉ tiêu năm</textarea>" in html
    assert 'aria-invalid="true"' in html and "Chưa lưu: có 2 lỗi cần sửa" in html
    assert '<a href="#f-dispatch-number">Công văn › số</a>' in html
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before


def test_a_number_missing_from_its_target_text_is_shown_at_the_number(client, edit_form, campaigns_dir):
    form = edit_form()
    form["targets-6-metrics-0-value"] = "7.600"  # no longer the 7.500 the target's text says
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "số 7.600 không có trong nội dung chỉ tiêu 7" in _error_next_to(html, "targets-6-metrics-0-value")
    assert 'value="7.600"' in html


def test_badly_written_numbers_are_explained(client, edit_form):
    form = edit_form()
    form["targets-6-metrics-0-value"] = "7.5.00"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "dấu chấm ngăn hàng nghìn" in _error_next_to(html, "targets-6-metrics-0-value")


def test_founding_dates_typed_day_first_are_understood(client, edit_form, campaigns_dir):
    form = edit_form()
    assert form["anniversaries-0-founded"] == "11/06/1948"
    form["anniversaries-0-founded"] = "12/6/1948"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    import datetime as dt
    assert load_campaign(campaigns_dir / f"{NAME}.yaml").anniversaries[0].founded == dt.date(1948, 6, 12)


def test_save_is_refused_when_the_file_changed_since_the_form_was_opened(client, edit_form, campaigns_dir):
    form = edit_form()
    path = campaigns_dir / f"{NAME}.yaml"
    changed_elsewhere = path.read_text(encoding="utf-8").replace("number: 21", "number: 22")
    path.write_text(changed_elsewhere, encoding="utf-8")
    form["targets-4-text"] = "Bản của tôi năm [[ nam ]]"
    response = client.post(f"/campaigns/{NAME}/edit", data=form)
    assert response.status_code == 409
    html = _text(response)
    assert "Chưa lưu: tệp đã bị thay đổi ở nơi khác" in html
    assert "Bản của tôi năm [[ nam ]]</textarea>" in html  # the user's input is still there
    assert path.read_text(encoding="utf-8") == changed_elsewhere


def test_save_is_refused_when_the_file_was_deleted_meanwhile(client, edit_form, campaigns_dir):
    form = edit_form()
    (campaigns_dir / f"{NAME}.yaml").unlink()
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 404


def test_list_buttons_work_without_javascript(client, edit_form, campaigns_dir):
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    form = edit_form()
    fifth = form["targets-4-text"]
    form["_op"] = "up:targets-4"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert re.search(r'name="targets-3-text"[^>]*>' + re.escape(fifth) + "</textarea>", html)

    form = edit_form()
    form["_op"] = "add:targets"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert 'name="targets-12-text"' in html

    form = edit_form()
    form["_op"] = "del:targets-0"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert 'name="targets-11-text"' not in html and fifth in html

    form = edit_form()
    form["_op"] = "add:targets-6-metrics"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert 'name="targets-6-metrics-2-value"' in html
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before  # buttons never save


def test_reordering_and_removing_targets_then_saving(client, edit_form, campaigns_dir, sample_campaign):
    form = edit_form()
    form["_op"] = "down:targets-0"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    from werkzeug.datastructures import MultiDict

    from helpers import parse_form_fields
    form = MultiDict(parse_form_fields(html))
    form["_op"] = "del:targets-11"
    form = MultiDict(parse_form_fields(_text(client.post(f"/campaigns/{NAME}/edit", data=form))))
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    # The removed target carried 5 of the 100 points: the maxima no longer add up to the total.
    assert "không bằng tổng 100" in _error_next_to(html, "scoring-total")
    form["scoring-total"] = "95"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    original = sample_campaign.targets
    assert [t.text for t in saved.targets] == [original[1].text, original[0].text] + [t.text for t in original[2:11]]


def test_a_blank_added_row_is_ignored_on_save(client, edit_form, campaigns_dir):
    form = edit_form()
    form["dispatch-parts-0-items-4-text"] = "   "
    form["dispatch-parts-0-items-4-items"] = " \n "
    form["targets-12-text"] = ""
    form.setlist("targets-12-levels", ["", "province"])
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    assert len(saved.dispatch.parts[0].items) == 4 and len(saved.targets) == 12


def test_unit_quotas_are_edited_as_rows(client, edit_form, campaigns_dir):
    form = edit_form()
    form["units-0-quotas-0-id"] = "mau"
    form["units-0-quotas-0-value"] = "1.200"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    assert load_campaign(campaigns_dir / f"{NAME}.yaml").units[0].quotas == {"mau": 1200}
    form = edit_form()
    assert form["units-0-quotas-0-value"] == "1.200"
    form["units-0-quotas-0-id"] = "khong-co"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "giao chỉ tiêu không tồn tại: khong-co" in html


def test_unchecking_every_level_is_kept(client, edit_form, campaigns_dir):
    form = edit_form()
    form.setlist("targets-0-levels", [""])
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    assert load_campaign(campaigns_dir / f"{NAME}.yaml").targets[0].levels == []


def test_a_broken_file_opens_in_the_form_with_its_errors(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    path.write_text(path.read_text("utf-8").replace("number: 21", "number: -3"), "utf-8")
    response = client.get(f"/campaigns/{NAME}/edit")
    assert response.status_code == 200
    assert _error_next_to(_text(response), "dispatch-number") == "phải lớn hơn hoặc bằng 1"


def test_a_file_that_is_not_yaml_gets_a_page_saying_where(client, campaigns_dir):
    (campaigns_dir / "hong.yaml").write_text("year: 2024\nissuer: [\n", encoding="utf-8")
    response = client.get("/campaigns/hong/edit")
    assert response.status_code == 422
    assert "hong.yaml:" in _text(response) and "lỗi cú pháp YAML" in _text(response)


def test_campaign_text_is_escaped_everywhere(client, edit_form, campaigns_dir):
    form = edit_form()
    form["targets-4-text"] = "<script>alert(1)</script> năm [[ nam ]]"
    form["theme"] = '"><img src=x onerror=alert(1)>'
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    for url in ("/", f"/campaigns/{NAME}", f"/campaigns/{NAME}/edit"):
        html = _text(client.get(url))
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt; năm 2023" in _text(client.get(f"/campaigns/{NAME}"))


def test_dates_are_shown_and_typed_day_first(client, edit_form, campaigns_dir):
    form = edit_form()
    assert form["dispatch-date"] == "10/02/2023" and form["report_deadline"] == "15/11/2023"
    form["dispatch-date"] = "9/3/2023"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    import datetime as dt
    assert load_campaign(campaigns_dir / f"{NAME}.yaml").dispatch.date == dt.date(2023, 3, 9)
    assert "Lào Cai, ngày 09 tháng 3 năm 2023" in _text(client.get(f"/campaigns/{NAME}"))


def test_impossible_or_badly_written_dates_are_explained(client, edit_form):
    form = edit_form()
    form["dispatch-date"] = "31/02/2023"
    form["report_deadline"] = "ngày mai"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert _error_next_to(html, "dispatch-date") == "không có ngày 31/2/2023"
    assert _error_next_to(html, "report_deadline") == "ngày viết dạng ngày/tháng/năm, ví dụ 10/02/2023"
    assert 'value="31/02/2023"' in html


# --- One read, one validation, the same YAML dialect ----------------------------------------------

def test_a_form_save_reads_the_file_once_and_never_dumps_with_pyyaml(client, edit_form, campaigns_dir, monkeypatch):
    import pathlib

    import yaml

    form = edit_form()
    form["targets-4-text"] = "Chỉ tiêu đã sửa năm [[ nam ]]"
    path = (campaigns_dir / f"{NAME}.yaml").resolve()
    from app import yamlio

    reads, parses = [], []
    real_read_bytes, real_read_with = pathlib.Path.read_bytes, yamlio._read_with

    def counting_read_bytes(self):
        if self.resolve() == path:
            reads.append(self)
        return real_read_bytes(self)

    def counting_read_with(loader_class, text):  # every PyYAML parse, libyaml's or pure Python's
        parses.append(text)
        return real_read_with(loader_class, text)

    def no_dump(*args, **kwargs):
        raise AssertionError("the form's data went through a PyYAML dump")

    monkeypatch.setattr(pathlib.Path, "read_bytes", counting_read_bytes)
    monkeypatch.setattr(yamlio, "_read_with", counting_read_with)
    for name in ("dump", "safe_dump", "dump_all", "safe_dump_all", "serialize"):
        monkeypatch.setattr(yaml, name, no_dump)
    response = client.post(f"/campaigns/{NAME}/edit", data=form)
    assert response.status_code == 302, _text(response)[:2000]
    assert len(reads) == 1  # bytes → version and the text the comments are kept from
    assert len(parses) == 2  # the old text (anything changed?) and the merged text (verified once)
    monkeypatch.undo()
    text = path.read_text(encoding="utf-8")
    assert "# Phong trào thi đua năm 2023" in text and "text: Chỉ tiêu đã sửa năm [[ nam ]]" in text


def test_text_typed_that_yaml_would_read_otherwise_is_saved_quoted_and_shown_as_typed(client, edit_form, campaigns_dir):
    form = edit_form()
    form["theme"], form["issuer-place"], form["dispatch-drafting_unit"] = "no", "010", "1:30"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    path = campaigns_dir / f"{NAME}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "theme: 'no'\n" in text and "  place: '010'\n" in text and "  drafting_unit: '1:30'\n" in text
    assert "# Phong trào thi đua năm 2023" in text  # the comment-keeping writer, not the fallback
    saved = load_campaign(path)
    assert (saved.theme, saved.issuer.place, saved.dispatch.drafting_unit) == ("no", "010", "1:30")
    again = edit_form()
    assert (again["theme"], again["issuer-place"], again["dispatch-drafting_unit"]) == ("no", "010", "1:30")


def test_a_campaign_file_with_unquoted_no_opens_and_saves(client, edit_form, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    path.write_text(path.read_text("utf-8").replace("  place: Lào Cai\n", "  place: no\n"), "utf-8")
    form = edit_form()
    assert form["issuer-place"] == "no"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    assert "  place: 'no'\n" in path.read_text("utf-8")


def test_get_campaign_ends_the_request_with_404_or_the_broken_page(app, campaigns_dir):
    import pytest
    from werkzeug.exceptions import HTTPException, NotFound

    from app.web.lookup import get_campaign

    text = (campaigns_dir / f"{NAME}.yaml").read_text("utf-8")
    (campaigns_dir / "sai-so.yaml").write_text(text.replace("number: 21", "number: hai mốt"), "utf-8")
    with app.test_request_context():
        path, campaign = get_campaign(NAME)
        assert path == campaigns_dir.resolve() / f"{NAME}.yaml" and campaign.year == 2023
        with pytest.raises(NotFound):
            get_campaign("khong-co")
        with pytest.raises(HTTPException) as info:
            get_campaign("sai-so")
    response = info.value.response
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "sai-so.yaml:18: dispatch.number: phải là số nguyên" in html
    assert "/campaigns/sai-so/edit" in html  # the link to fix it in the form


# --- Scoring rules in the form --------------------------------------------------------------------

def test_saving_the_unchanged_form_keeps_the_file_byte_for_byte(client, edit_form, campaigns_dir):
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    assert client.post(f"/campaigns/{NAME}/edit", data=edit_form()).status_code == 302
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before


def test_scoring_rules_are_shown_and_edited_in_their_section(client, edit_form, campaigns_dir):
    html = _text(client.get(f"/campaigns/{NAME}/edit"))
    assert 'id="s-scoring"' in html and "Chấm điểm và khen thưởng" in html
    assert '<option value="co-thi-dua">' in html  # the award ids offered to the rules
    form = edit_form()
    assert (form["targets-0-score-max"], form["targets-0-score-method"]) == ("10", "pass_fail")
    assert (form["targets-6-score-metric"], form["scoring-rules-0-per_kind"]) == ("mau", "false")
    assert form["scoring-submission-date"] == "05/12/2023"
    form["scoring-bonuses-0-points"] = "2,5"
    form["scoring-rules-0-per_kind"] = "true"
    form["scoring-decision-date"] = "9/12/2023"
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    scoring = load_campaign(campaigns_dir / f"{NAME}.yaml").scoring
    assert scoring.bonuses[0].points == 2.5 and scoring.rules[0].per_kind is True
    import datetime as dt
    assert scoring.decision.date == dt.date(2023, 12, 9)


def test_an_entirely_empty_scoring_section_means_no_scoring(client, edit_form, campaigns_dir):
    form = edit_form()
    for key in list(form.keys()):
        if key.startswith("scoring-") or "-score-" in key:
            form.setlist(key, [""] if not key.endswith(("-method", "-per_kind")) else form.getlist(key))
    assert client.post(f"/campaigns/{NAME}/edit", data=form).status_code == 302
    saved = load_campaign(campaigns_dir / f"{NAME}.yaml")
    assert saved.scoring is None and all(t.score is None for t in saved.targets)
    again = edit_form()  # a campaign without scoring opens with the section empty and saves unchanged
    assert again["scoring-total"] == "" and again["targets-0-score-method"] == "proportional"
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    assert client.post(f"/campaigns/{NAME}/edit", data=again).status_code == 302
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before


def _unescaped_error(html: str, field: str) -> str:
    import html as markup

    return markup.unescape(_error_next_to(html, field) or "")


def test_scoring_errors_are_shown_next_to_their_fields(client, edit_form, campaigns_dir):
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    form = edit_form()
    form["scoring-rules-1-min"] = "88"  # bằng khen from 88 up overlaps giấy khen's 80 to below 90
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "khung điểm chồng nhau" in _unescaped_error(html, "scoring")
    assert '<a href="#f-scoring">Chấm điểm và khen thưởng</a>' in html
    form = edit_form()
    form["targets-0-score-max"] = ""  # a target without a maximum: reported once the rules are valid
    form["scoring-rules-0-rank"] = ""
    form["scoring-rules-0-min"] = ""
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "cần 'min'" in _unescaped_error(html, "scoring-rules-0")
    form["scoring-rules-0-rank"] = "1"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "chỉ tiêu 1 chưa có Điểm chuẩn" in _unescaped_error(html, "targets-0-score")
    form["scoring-rules-0-award"] = "khong-co"
    form["targets-0-score-max"] = "10"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert "'khong-co' không có trong awards" in _unescaped_error(html, "scoring")
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before


def test_scoring_list_buttons_work_without_javascript(client, edit_form):
    form = edit_form()
    form["_op"] = "add:scoring-rules"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert 'name="scoring-rules-3-award"' in html
    assert re.search(r'name="scoring-rules-3-per_kind">\s*<option value="false" selected>', html)
    form = edit_form()
    form["_op"] = "del:scoring-awards-2"
    html = _text(client.post(f"/campaigns/{NAME}/edit", data=form))
    assert 'name="scoring-awards-2-id"' not in html and 'name="scoring-awards-1-id"' in html
