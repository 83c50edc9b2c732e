"""Issue 11.1: no single file or field can stall or crash the app.

Each test feeds one hostile input seen to stall, exhaust memory or crash the app on the main
branch before this issue, and checks it is now refused with a located Vietnamese message (a
campaign error, a 4xx page), never a traceback or a 500. No test measures time: an input that
stalls again makes its test hang, which the CI's timeout reports.
"""

from __future__ import annotations

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
])
def test_values_python_cannot_build_are_located_errors(text, problem):
    assert problems_of(text) == [problem]
