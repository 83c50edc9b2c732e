"""Issue 10.4: the new-campaign skeleton names no organisation, Vietnamese names become file
names, and placeholders left in a campaign are warned about (validate, edit form, preview)."""

from __future__ import annotations

import re

from app.checklist import unit_slug
from app.loader import check_campaign, parse_campaign
from app.skeleton import PLACEHOLDERS, ascii_slug, skeleton_text, typed_name

NAME = "lao-cai-2023"


def test_the_skeleton_names_no_organisation():
    text = skeleton_text(2026)
    for word in ("Chữ thập đỏ", "CTĐ", "Lào Cai", "Hội"):
        assert word not in text


def test_a_vietnamese_name_becomes_a_file_name():
    assert ascii_slug("Hội Nông dân Yên Bái 2025") == "hoi-nong-dan-yen-bai-2025"
    assert typed_name(" Hội Nông dân Yên Bái 2025 ") == "hoi-nong-dan-yen-bai-2025"
    assert typed_name("Đoàn Thanh niên") == "doan-thanh-nien"
    assert len(ascii_slug("Hội " * 40)) <= 64
    for unsafe in ("../x", "a/b", "-x", ""):
        assert typed_name(unsafe) == unsafe  # left for the name check to refuse
    assert unit_slug("huyện Bát Xát") == "huyen-bat-xat"  # the same rule for units


def test_placeholders_are_warned_about_with_their_lines(tmp_path):
    warnings = parse_campaign(skeleton_text(2026)).warnings()
    found = {placeholder for _loc, message in warnings for placeholder in PLACEHOLDERS if placeholder in message}
    assert "(họ và tên người ký)" in found and "(tên cơ quan ban hành)" in found
    assert (("signer", "name")) in [loc for loc, _m in warnings]
    path = tmp_path / "moi.yaml"
    path.write_text(skeleton_text(2026).replace("name: (tên cơ quan ban hành)", "name: Hội tỉnh (tên tỉnh)"),
                    "utf-8")
    _campaign, problems = check_campaign(path)
    text = "\n".join(p.format("moi.yaml") for p in problems)
    assert re.search(r"moi\.yaml:\d+: .*«\(tên tỉnh\)»", text), text
    assert re.search(r"moi\.yaml:\d+: .*«\(họ và tên người ký\)»", text), text


def test_a_filled_campaign_has_no_placeholder_warning(campaigns_dir):
    _campaign, problems = check_campaign(campaigns_dir / f"{NAME}.yaml")
    assert not [p for p in problems if "chỗ trống của mẫu" in p.format("x")]


def test_new_campaign_typed_in_vietnamese_and_its_placeholders_on_the_preview(client, campaigns_dir):
    page = client.get("/campaigns/new").get_data(as_text=True)
    assert "campaigns/&lt;tên&gt;.yaml" in page  # the placeholder shows, not an unknown tag
    response = client.post("/campaigns/new", data={"name": "Hội Nông dân Yên Bái 2025", "source": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/campaigns/hoi-nong-dan-yen-bai-2025/edit")
    assert (campaigns_dir / "hoi-nong-dan-yen-bai-2025.yaml").is_file()
    html = client.get("/campaigns/hoi-nong-dan-yen-bai-2025").get_data(as_text=True)
    assert 'class="notice notice-info placeholder-warnings"' in html
    assert "«(họ và tên người ký)»" in html
    edit = client.get("/campaigns/hoi-nong-dan-yen-bai-2025/edit").get_data(as_text=True)
    assert "«(họ và tên người ký)»" in edit
    assert "placeholder-warnings" not in client.get(f"/campaigns/{NAME}").get_data(as_text=True)
