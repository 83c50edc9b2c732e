"""Web: next year's plan from the campaign page, the review list ticked off, date warnings on the preview (issue 10)."""

from __future__ import annotations

import html as htmllib
import re

from app.loader import load_campaign

NAME = "lao-cai-2023"


def _text(response) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def test_preview_has_the_next_year_button_posting_with_csrf(client):
    page = client.get(f"/campaigns/{NAME}").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/campaigns/lao-cai-2023/new-year">(.*?)</form>', page, re.S)
    assert form and 'name="csrf_token"' in form.group(1) and "Tạo kế hoạch năm sau" in form.group(1)


def test_button_rolls_2023_to_2024_and_opens_the_edit_page_with_the_review_list(client, campaigns_dir):
    old = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    response = client.post(f"/campaigns/{NAME}/new-year")
    assert response.status_code == 302, _text(response)[:2000]
    assert response.headers["Location"].endswith("/campaigns/lao-cai-2024/edit")
    new = campaigns_dir / "lao-cai-2024.yaml"
    rolled = load_campaign(new)
    assert rolled.year == 2024 and rolled.dispatch.date.year == 2024 and rolled.report_deadline.year == 2024
    assert rolled.review and (campaigns_dir / f"{NAME}.yaml").read_bytes() == old
    assert "# " in new.read_text(encoding="utf-8")  # the old file's comments are kept
    page = _text(client.get(response.headers["Location"]))
    assert "Đã tạo kế hoạch năm 2024 (lao-cai-2024)" in page
    for note in rolled.review:
        assert f'name="review" value="{note}"' in page
    assert page.count('name="_review_done"') == len(rolled.review)


def test_a_taken_name_is_refused_without_overwriting(client, campaigns_dir):
    taken = campaigns_dir / "lao-cai-2024.yaml"
    taken.write_bytes((campaigns_dir / f"{NAME}.yaml").read_bytes())
    before = taken.read_bytes()
    response = client.post(f"/campaigns/{NAME}/new-year")
    assert response.status_code == 409
    assert "Đã có chiến dịch lao-cai-2024; không ghi đè" in _text(response)
    assert taken.read_bytes() == before


def test_ticking_notes_removes_them_on_saving(client, edit_form, campaigns_dir):
    assert client.post(f"/campaigns/{NAME}/new-year").status_code == 302
    notes = load_campaign(campaigns_dir / "lao-cai-2024.yaml").review
    assert len(notes) >= 2
    form = edit_form("lao-cai-2024")
    assert form.getlist("review") == notes and "_review_done" not in form  # nothing ticked yet
    form.add("_review_done", notes[0])
    form.add("_review_done", notes[-1])
    response = client.post("/campaigns/lao-cai-2024/edit", data=form)
    assert response.status_code == 302, _text(response)[:3000]
    assert load_campaign(campaigns_dir / "lao-cai-2024.yaml").review == notes[1:-1]
    # Saving without ticking keeps every note left.
    assert client.post("/campaigns/lao-cai-2024/edit", data=edit_form("lao-cai-2024")).status_code == 302
    assert load_campaign(campaigns_dir / "lao-cai-2024.yaml").review == notes[1:-1]


def test_preview_shows_a_date_warning_naming_the_field(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    assert "date-warnings" not in client.get(f"/campaigns/{NAME}").get_data(as_text=True)
    path.write_text(path.read_text(encoding="utf-8").replace("report_deadline: 2023-11-15",
                                                             "report_deadline: 2024-01-15"), encoding="utf-8")
    page = _text(client.get(f"/campaigns/{NAME}"))
    assert 'class="notice notice-info date-warnings"' in page
    assert "hạn gửi bảng theo dõi chỉ tiêu 15/01/2024 không thuộc năm 2023 của chiến dịch" in page
