"""The campaign model and its YAML loader: located Vietnamese errors, computed text, emphasis."""

from pathlib import Path

import pytest
import yaml

from app.campaign import Campaign
from app.loader import CampaignError, dump_campaign, load_campaign, parse_campaign, save_campaign
from app.textmarkup import Run, TextError, parse_emphasis, render_text


def _sample_text(sample_path: Path) -> str:
    return sample_path.read_text(encoding="utf-8")


def _with(sample_path: Path, tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(_sample_text(sample_path))
    edit(data)
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_sample_campaign_has_twelve_targets_and_nine_units(sample_campaign):
    assert len(sample_campaign.targets) == 12
    assert len(sample_campaign.units) == 9
    assert sample_campaign.symbol == "CTĐ-VP"


def test_wrong_metric_value_names_file_line_and_field(sample_path, tmp_path):
    def edit(data):
        data["targets"][2]["metrics"][0]["value"] = "hai mươi nghìn"
    path = _with(sample_path, tmp_path, edit)
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    message = str(info.value)
    line = _line_of(path, "value: hai mươi nghìn")
    assert f"{path}:{line}: targets[2].metrics[0].value: phải là số" in message


def test_unknown_field_is_an_error_that_names_it(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["signer"].update({"chuc_vu": "x"}))
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert f"{path}:{_line_of(path, 'chuc_vu')}: signer.chuc_vu: trường không có trong mẫu" in str(info.value)


def test_missing_field_names_it(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["dispatch"].pop("date"))
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert "dispatch.date: thiếu trường bắt buộc" in str(info.value)


def test_broken_yaml_gives_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("year: 2023\nissuer:\n  name: [a, b\n  place: x\n", encoding="utf-8")
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert str(info.value).startswith(f"{path}:")
    assert "lỗi cú pháp YAML" in str(info.value)


def test_duplicate_key_is_an_error(sample_path, tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(_sample_text(sample_path).replace("year: 2023\n", "year: 2023\nyear: 2024\n", 1), encoding="utf-8")
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert "khóa 'year' bị lặp lại" in str(info.value)


def test_missing_file_and_non_utf8_file(tmp_path):
    with pytest.raises(CampaignError, match="không tìm thấy tệp"):
        load_campaign(tmp_path / "nope.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("year: 2023\ntheme: Đoàn kết\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(CampaignError, match="UTF-8"):
        load_campaign(latin)


def test_signer_with_kt_needs_the_heads_title(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["signer"].pop("head_title"))
    with pytest.raises(CampaignError, match="signer.head_title: ký “KT.” cần điền Chức danh người đứng đầu"):
        load_campaign(path)


def test_metric_must_appear_in_its_target_text(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["targets"][6]["metrics"][0].update(value=8000))
    with pytest.raises(CampaignError, match=r"targets\[6\]\.metrics\[0\]\.value: số 8.000 không có trong nội dung chỉ tiêu 7"):
        load_campaign(path)


def test_any_number_of_targets(sample_path, tmp_path):
    def edit(data):
        data["targets"] = data["targets"] * 3
        data.pop("scoring")  # the sample's maxima add up to 100 for its twelve targets
        for metric_target in data["targets"][12:]:
            for metric in metric_target.get("metrics", []):
                metric.pop("id", None)
                metric.pop("apportion", None)
        for unit in data["units"]:
            unit.pop("quotas", None)
    campaign = load_campaign(_with(sample_path, tmp_path, edit))
    assert len(campaign.targets) == 36


def test_anniversaries_follow_the_year(sample_campaign):
    next_year = sample_campaign.model_copy(update={"year": 2024})
    text = next_year.resolve("[[ ky_niem.hoi_ctd_tinh ]]")
    assert text == "33 năm ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai (14/11/1991-14/11/2024)"
    assert sample_campaign.resolve("[[ ky_niem.du_lich_sa_pa ]]") == "120 năm du lịch Sa Pa"
    assert sample_campaign.resolve("năm [[ nam ]], năm trước [[ nam_truoc ]]") == "năm 2023, năm trước 2022"


def test_unknown_computed_value_is_a_located_error(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["dispatch"]["parts"][0]["items"].__setitem__(0, "năm [[ nam_toi ]]"))
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    assert (f":{_line_of(path, 'nam_toi')}: dispatch.parts[0].items[0]: không có giá trị “nam_toi”; "
            "dùng được: nam, nam_truoc, nam_sau, chu_de, ky_niem.") in str(info.value)


def test_unknown_anniversary_code_names_the_codes_there_are(sample_path, tmp_path):
    path = _with(sample_path, tmp_path, lambda d: d["dispatch"]["parts"][0]["items"].__setitem__(0, "[[ ky_niem.khong_co ]]"))
    with pytest.raises(CampaignError) as info:
        load_campaign(path)
    codes = ", ".join(a["id"] for a in yaml.safe_load(sample_path.read_text(encoding="utf-8"))["anniversaries"])
    assert (f":{_line_of(path, 'khong_co')}: dispatch.parts[0].items[0]: không có kỷ niệm mã “khong_co”; "
            f"các mã có: {codes}") in str(info.value)


def test_sandbox_blocks_python_internals():
    payload = "[[ ''.__class__.__mro__[1].__subclasses__() ]]"
    with pytest.raises(TextError, match="sandbox"):
        render_text(payload, {})
    with pytest.raises(TextError):
        render_text("[[ nam.__class__.__init__.__globals__ ]]", {"nam": 2023})


def test_curly_braces_are_plain_text():
    assert render_text("{{ 7*7 }} {% if %}", {}) == "{{ 7*7 }} {% if %}"


def test_emphasis_becomes_runs():
    assert parse_emphasis("a *b* **c** d") == [Run("a "), Run("b", italic=True), Run(" "), Run("c", bold=True), Run(" d")]
    assert parse_emphasis("“*Mỗi tổ chức*”") == [Run("“"), Run("Mỗi tổ chức", italic=True), Run("”")]
    assert parse_emphasis("5 * 3 và \\*") == [Run("5 * 3 và *")]
    assert parse_emphasis("***cả hai***") == [Run("cả hai", bold=True, italic=True)]


def test_whitespace_is_normalised_and_control_characters_refused(sample_campaign):
    data = sample_campaign.model_dump()
    data["dispatch"]["parts"][0]["items"] = ["  hai\n dòng\tmột đoạn  "]
    assert Campaign.model_validate(data).dispatch.parts[0].items[0].text == "hai dòng một đoạn"
    data["dispatch"]["parts"][0]["items"] = ["chuông\x07"]
    with pytest.raises(ValueError, match="ký tự điều khiển"):
        Campaign.model_validate(data)


def test_dump_and_parse_round_trip(sample_campaign):
    assert parse_campaign(dump_campaign(sample_campaign)) == sample_campaign


def test_save_is_atomic_and_keeps_history(sample_campaign, sample_path, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(_sample_text(sample_path), encoding="utf-8")
    save_campaign(sample_campaign.model_copy(update={"year": 2024}), path)
    assert load_campaign(path).year == 2024
    history = list((tmp_path / ".history").glob("c.*.yaml"))
    assert len(history) == 1 and "year: 2023" in history[0].read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_save_keeps_comments_and_layout(sample_path, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(_sample_text(sample_path), encoding="utf-8")
    campaign = load_campaign(path)
    save_campaign(campaign, path)
    assert path.read_text(encoding="utf-8") == _sample_text(sample_path)  # a no-op save changes nothing
    edited = campaign.model_copy(deep=True)
    edited.targets[4].text = "Chỉ tiêu mới: *thử*."
    save_campaign(edited, path)
    text = path.read_text(encoding="utf-8")
    assert "# Trong văn bản có thể dùng giá trị tự tính" in text
    assert "weight: 130}" in text
    assert load_campaign(path) == edited


def test_atomic_writes_get_ordinary_permissions(tmp_path):
    import os
    import stat

    from app.fsutil import _UMASK, atomic_write_text

    path = atomic_write_text(tmp_path / "a.txt", "x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_UMASK != 0o600
    os.chmod(path, 0o640)
    atomic_write_text(path, "y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.parametrize("authority,head,title,lines", [
    ("KT.", "Chủ tịch", "Phó Chủ tịch", ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ("TM.", "Ban Thường vụ", "Chủ tịch", ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH")),
    ("TL.", "Chủ tịch", "Chánh Văn phòng", ("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")),
    ("TUQ.", "Chủ tịch", "Trưởng ban", ("TUQ. CHỦ TỊCH", "TRƯỞNG BAN")),
    ("Q.", None, "Chủ tịch", ("Q. CHỦ TỊCH", None)),
    ("", None, "Chủ tịch", ("CHỦ TỊCH", None)),
])
def test_signature_lines_for_each_authority(authority, head, title, lines):
    from app.campaign import Signer

    signer = Signer(authority=authority, head_title=head, title=title, name="Nguyễn Văn A")
    assert (signer.authority_line, signer.title_line) == lines


@pytest.mark.parametrize("text,hint", [
    ("year: 2023\ntheme: Chủ đề: đoàn kết\n", "có dấu ':' giữa dòng"),
    ("year: 2023\ntheme: *Mỗi tổ chức*\n", "dòng bắt đầu bằng '*'"),
    ("year: 2023\n\ttheme: x\n", "có ký tự Tab"),
    ("year: 2023\ntheme: \"chưa đóng\n", "thiếu dấu nháy đóng"),
])
def test_common_yaml_mistakes_are_explained_in_vietnamese(text, hint):
    with pytest.raises(CampaignError) as info:
        parse_campaign(text, "x.yaml")
    assert str(info.value).startswith("x.yaml:")
    assert hint in str(info.value)
