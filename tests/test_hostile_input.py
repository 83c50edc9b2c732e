"""Issue 11.1: no single file or field can stall or crash the app.

Each test feeds one hostile input seen to stall, exhaust memory or crash the app on the main
branch before this issue, and checks it is now refused with a located Vietnamese message (a
campaign error, a 4xx page), never a traceback or a 500. No test measures time: an input that
stalls again makes its test hang, which the CI's timeout reports.
"""

from __future__ import annotations

import html as html_module
import re
import unicodedata

import pytest

from app.loader import CampaignError, parse_campaign
from helpers import SAMPLE, response_text

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
THEME = "theme: Đoàn kết - Kỷ cương - Thích ứng linh hoạt - Phát triển toàn diện"


def with_theme(theme: str) -> str:
    """The sample campaign's text with its theme line replaced (``theme`` written as typed)."""
    assert THEME in SAMPLE_TEXT
    return SAMPLE_TEXT.replace(THEME, f"theme: {theme}")


def theme_line() -> int:
    return SAMPLE_TEXT.splitlines().index(THEME) + 1


def problems_of(text: str, source: str = "x.yaml") -> list[str]:
    with pytest.raises(CampaignError) as caught:
        parse_campaign(text, source)
    return str(caught.value).splitlines()


# --- 1. [[ … ]] and [% … %] are evaluated with limits -----------------------------------------------

NESTED_LOOPS = "'[% for i in range(100000) %][% for j in range(100000) %]x[% endfor %][% endfor %]'"


@pytest.mark.parametrize("expression, reason", [
    (NESTED_LOOPS, "range() tối đa 1.000 số"),
    ("'[% for i in range(1000) %][% for j in range(1000) %][% endfor %][% endfor %]'", "quá 10.000 bước tính"),
    ("'[% for a in \"x\" * 999 %][% for b in \"x\" * 999 %][% for c in \"x\" * 999 %][% endfor %][% endfor %]"
     "[% endfor %]'", "quá 10.000 bước tính"),
    ("\"[[ 'x' * 300000000 ]]\"", "kết quả dài quá 20.000 ký tự"),
    ("'[[ [1] * 300000000 ]]'", "kết quả dài quá 20.000 ký tự"),
    ("'[[ 2 ** 100000 ]]'", "số quá lớn"),
    ("\"[[ '%0999999999d' % 1 ]]\"", "không dùng phép % với văn bản"),
    ("\"[[ 'x'.ljust(1000000000) ]]\"", "không được gọi ljust()"),
    ("\"[[ '{:>999999999}'.format(1) ]]\"", "không được gọi format()"),
    ("\"[[ 'x' | center(1000000000) ]]\"", "No filter named 'center'"),
    ("'[[ lipsum(1000000) ]]'", "không có giá trị “lipsum”"),
    ("'[% macro f() %][[ f() ]][[ f() ]][% endmacro %][[ f() ]]'", "maximum recursion depth"),
])
def test_expression_over_the_limits_is_refused_with_its_line_and_field(expression, reason):
    problems = problems_of(with_theme(expression))
    assert any(p.startswith(f"x.yaml:{theme_line()}: theme: ") and reason in p for p in problems), problems


def test_expressions_within_the_limits_still_work():
    text = with_theme("'[% for i in range(3) %][[ i ]][% endfor %] [[ nam - 1 ]] [[ (\"ab\" * 2) | upper ]]'")
    campaign = parse_campaign(text)
    assert campaign.resolve(campaign.theme) == "012 2022 ABAB"


def test_nested_loops_posted_in_the_edit_form_are_refused(client, edit_form):
    form = edit_form()
    form["theme"] = NESTED_LOOPS.strip("'")
    response = client.post("/campaigns/lao-cai-2023/edit", data=form)
    assert response.status_code == 422
    assert "range() tối đa 1.000 số" in response_text(response)


# --- 2. YAML aliases cannot multiply a small file into billions of values -------------------------------

def billion_laughs(levels: int = 9, fan: int = 9) -> str:
    """A campaign file of ~500 bytes whose aliases expand to ``fan ** levels`` values."""
    lines = ["year: 2023", "theme: &l0 lol"]
    for i in range(1, levels + 1):
        lines.append(f"x{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan) + "]")
    return "\n".join(lines) + "\n"


def test_aliases_expanding_to_billions_of_values_are_refused():
    assert problems_of(billion_laughs()) == [
        "x.yaml:3: lỗi cú pháp YAML: tệp có quá 100.000 giá trị (tính cả các giá trị dùng lại bằng bí danh '*')"]


def test_an_alias_used_a_few_times_is_still_read(sample_path):
    text = SAMPLE_TEXT.replace("\nyear: 2023\n", "\nyear: &y 2023\n").replace("kind: thành phố, weight: 130",
                                                                           "kind: thành phố, weight: *y")
    assert parse_campaign(text).units[0].weight == 2023


@pytest.mark.parametrize("text, problem", [
    ("year: " + "[" * 20_000 + "]" * 20_000 + "\n", "x.yaml:1: lỗi cú pháp YAML: các nhóm và danh sách lồng nhau quá 50 tầng"),
    ("year: 2023\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 80)),
     "x.yaml:52: lỗi cú pháp YAML: các nhóm và danh sách lồng nhau quá 50 tầng"),
    ("year: 2023\n\nyear2: " + "9" * 5000 + "\n", "x.yaml:3: lỗi cú pháp YAML: số có quá nhiều chữ số"),
    ("year: 2023\ndate: 2023-02-30\n", "x.yaml:2: lỗi cú pháp YAML: không có ngày hoặc giờ “2023-02-30”"),
    ("year: 2023\n? [a]\n: 1\n", "x.yaml:2: lỗi cú pháp YAML: tên trường phải là một chữ, không phải danh sách hay nhóm ('? […]')"),
    ("year: 2023\n{a: 1}: 2\n", "x.yaml:2: lỗi cú pháp YAML: tên trường phải là một chữ, không phải danh sách hay nhóm ('? […]')"),
])
def test_values_python_cannot_build_are_located_errors(text, problem):
    assert problems_of(text) == [problem]


# --- 3. Every value the model cannot use is a located error, never a 500 ----------------------------------

CITY_UNIT = "kind: thành phố, weight: 130"
MAU = "{id: mau, value: 7500,"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old, new, field, problem", [
    (MAU, "{id: mau, value: 1e308,", "targets[6].metrics[0].value", "phải nhỏ hơn hoặc bằng 1000000000000"),
    (CITY_UNIT, "kind: thành phố, weight: .inf", "units[0].weight", "phải là một số (không dùng .inf hay .nan)"),
    (CITY_UNIT, "kind: thành phố, weight: .nan", "units[0].weight", "phải là một số (không dùng .inf hay .nan)"),
    ("short_name: thành phố Lào Cai", "short_name: " + "a" * 100_000, "units[0].short_name", "dài quá 200 ký tự"),
])
def test_numbers_and_names_the_documents_cannot_hold_are_refused(old, new, field, problem):
    text = SAMPLE_TEXT.replace(old, new)
    assert text != SAMPLE_TEXT
    assert f"x.yaml:{line_of(text, new)}: {field}: {problem}" in problems_of(text)


def write_campaign(folder, text: str, name: str = "x") -> None:
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("old, new, page", [
    ("year: 2023", "year: " + "9" * 5000, "/campaigns/x"),
    (MAU, "{id: mau, value: 1e308,", "/campaigns/x/dispatch.docx"),
    (CITY_UNIT, "kind: thành phố, weight: .inf", "/campaigns/x/scoreboard"),
    (CITY_UNIT, "kind: thành phố, weight: .inf", "/campaigns/x/checklists"),
    ("short_name: thành phố Lào Cai", "short_name: " + "a" * 100_000, "/campaigns/x/checklists.zip"),
])
def test_pages_of_such_a_campaign_are_422_naming_the_line(client, campaigns_dir, old, new, page):
    text = SAMPLE_TEXT.replace(old, new)
    write_campaign(campaigns_dir, text)
    response = client.get(page)
    assert response.status_code == 422, page
    assert f"x.yaml:{line_of(text, new)}:" in response_text(response)


# --- 4. Every text field's [[ … ]] is checked, wherever it is -------------------------------------------

def test_an_expression_in_the_distribution_list_is_checked_like_any_text(client, campaigns_dir):
    text = SAMPLE_TEXT.replace("  distribution:\n", "  distribution:\n    - '[[ khong_co ]]'\n", 1)
    line = line_of(text, "[[ khong_co ]]")
    assert any(p.startswith(f"x.yaml:{line}: dispatch.distribution[0]: không có giá trị “khong_co”")
               for p in problems_of(text))
    write_campaign(campaigns_dir, text)
    assert client.get("/campaigns/x").status_code == 422
    assert client.get("/campaigns/x/dispatch.docx").status_code == 422
    assert f"x.yaml:{line}: dispatch.distribution[0]" in response_text(client.get("/"))


def test_every_text_of_the_model_is_walked(sample_campaign):
    found = {loc[:2] for loc, _text in sample_campaign.text_fields()}
    assert {("dispatch", "distribution"), ("dispatch", "archive"), ("signer", "name"), ("units", 0)} <= found


# --- 5. Noncharacters are refused; all text is NFC ----------------------------------------------------------

@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_posted_in_the_form_are_refused(client, edit_form, character):
    form = edit_form()
    form["units-0-name"] = form["units-0-name"] + character
    response = client.post("/campaigns/lao-cai-2023/edit", data=form)
    assert response.status_code == 422
    assert f"có ký tự không hợp lệ U+{ord(character):04X}" in response_text(response)


@pytest.mark.parametrize("character", ["\ufffe", "\ufdd0", "\U0001ffff"])
def test_noncharacters_in_a_file_are_refused_at_their_line(character):
    text = with_theme(f"Đoàn kết{character}")
    assert any(p.startswith(f"x.yaml:{theme_line()}:") and f"có ký tự không hợp lệ U+{ord(character):04X}" in p
               for p in problems_of(text))


def test_a_name_typed_decomposed_is_the_same_unit():
    composed = "Hội Chữ thập đỏ thành phố Lào Cai"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    city = "  - {name: Hội Chữ thập đỏ thành phố Lào Cai, short_name: thành phố Lào Cai, kind: thành phố, weight: 130}\n"
    assert city in SAMPLE_TEXT
    text = SAMPLE_TEXT.replace(city, city + f"  - {{name: {decomposed}, short_name: tp, kind: thành phố}}\n", 1)
    assert any(p.endswith(": đơn vị 'Hội Chữ thập đỏ thành phố Lào Cai' bị trùng") for p in problems_of(text))


def test_results_and_nominees_typed_decomposed_name_the_same_unit():
    from app.records import Nominees, Results
    composed = "Hội Chữ thập đỏ thành phố Lào Cai"
    decomposed = unicodedata.normalize("NFD", composed)
    results = Results.model_validate({"units": {decomposed: {"values": {"1": 3}}}})
    assert list(results.units) == [composed]
    nominees = Nominees.model_validate({"people": [{"name": "Nguyễn Văn A", "award": "bang-khen", "unit": decomposed}]})
    assert nominees.people[0].unit == composed


def test_decomposed_text_is_stored_composed(client, edit_form, campaigns_dir):
    form = edit_form()
    form["theme"] = unicodedata.normalize("NFD", "Đoàn kết huyện")
    assert client.post("/campaigns/lao-cai-2023/edit", data=form).status_code in (302, 303)
    assert "theme: Đoàn kết huyện\n" in (campaigns_dir / "lao-cai-2023.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["-".join(["theme"] + ["a"] * 500), "-".join(["units"] + ["0"] * 500),
                                  "units-" + "9" * 5000 + "-name"])
def test_a_form_field_name_nested_500_deep_is_a_400_page(client, edit_form, name):
    form = edit_form()
    form[name] = "x"
    response = client.post("/campaigns/lao-cai-2023/edit", data=form)
    assert response.status_code == 400
    assert "tên trường không hợp lệ" in response_text(response)


# --- 6. The campaign list shows every broken file with its problem ------------------------------------------

def test_the_campaign_list_names_every_broken_file_and_its_problem(client, campaigns_dir):
    broken = {
        "binary": (bytes(range(256)) * 40, "tệp không phải UTF-8"),
        "latin1": ("year: 2023\ntheme: Đoàn kết\n".encode("cp1258", "replace"),  # Đ is byte D0
                   "tệp không phải UTF-8"),
        "laughs": (billion_laughs(), "tệp có quá 100.000 giá trị"),
        "deep": ("year: " + "[" * 20_000 + "]" * 20_000, "lồng nhau quá 50 tầng"),
        "year": (SAMPLE_TEXT.replace("year: 2023", "year: " + "9" * 5000), "số có quá nhiều chữ số"),
        "huge": (SAMPLE_TEXT.replace(MAU, "{id: mau, value: 1e308,"), "phải nhỏ hơn hoặc bằng 1000000000000"),
        "inf": (SAMPLE_TEXT.replace(CITY_UNIT, "kind: thành phố, weight: .inf"), "không dùng .inf hay .nan"),
        "long": (SAMPLE_TEXT.replace("short_name: thành phố Lào Cai", "short_name: " + "a" * 100_000),
                 "dài quá 200 ký tự"),
        "distribution": (SAMPLE_TEXT.replace("  distribution:\n", "  distribution:\n    - '[[ khong_co ]]'\n", 1),
                         "không có giá trị “khong_co”"),
        "nonchar": (with_theme("a\ufffe"), "có ký tự không hợp lệ U+FFFE"),
        "loops": (with_theme(NESTED_LOOPS), "range() tối đa 1.000 số"),
        "many": ("year: 2023\nunits: [" + ", ".join(["1"] * 99_000) + "]\n", "lỗi khác"),
    }
    for name, (content, _problem) in broken.items():
        path = campaigns_dir / f"{name}.yaml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (campaigns_dir / "folder.yaml").mkdir()
    (campaigns_dir / "dangling.yaml").symlink_to(campaigns_dir / "nowhere.yaml")
    response = client.get("/")
    assert response.status_code == 200
    html = html_module.unescape(response_text(response))
    for name, (_content, problem) in broken.items():
        assert re.search(rf"{name}\.yaml:\d*:? [^<]*{re.escape(problem)}", html), name
    for name in ("folder", "dangling"):
        assert f"{name}.yaml: không phải một tệp" in html
    assert len(html) < 200_000  # 99.000 wrong values list their first problems only
