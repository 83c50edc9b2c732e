"""The core's messages in the clerk's language (issue 10.5): every msg() template has English in
the one catalogue, no core error is written without msg(), and the English interface shows a
broken campaign's problems, a wrong [[ ky_niem.x ]] and a missing Mã in English, in the form's words."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.messages import join, msg, of_exception
from helpers import ROOT, squash


def response_text(response) -> str:
    """The page's text as a reader sees it: tags dropped, entities read, spaces squashed."""
    import html

    return squash(html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True))))

APP = ROOT / "app"
ENGLISH = APP / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}")


def _core_files() -> list[Path]:
    """The core: app/ without the web and the command line."""
    return [p for p in sorted(APP.rglob("*.py"))
            if "web" not in p.relative_to(APP).parts[:1] and p.name != "cli.py"]


def _core_templates() -> set[str]:
    """Every msg()/msg_template() text of the core, extracted as the README says."""
    method_map = [("web/**", "ignore"), ("cli.py", "ignore"), ("**.py", "python")]
    found = extract_from_dir(str(APP), method_map=method_map, keywords={"msg": None, "msg_template": None})
    return {message for _file, _line, message, _comments, _context in found}


def test_a_message_is_the_vietnamese_text_and_keeps_its_template():
    message = msg("không có kỷ niệm mã “{code}”", code="x")
    assert message == "không có kỷ niệm mã “x”" and isinstance(message, str)
    assert (message.template, message.params) == ("không có kỷ niệm mã “{code}”", {"code": "x"})
    assert pickle.loads(pickle.dumps(message)).template == message.template  # noqa: S301 - our own bytes
    joined = join([message, "b"])
    assert joined == "không có kỷ niệm mã “x”\nb" and joined.params["p0"] is message
    assert of_exception(ValueError(message)) is message and of_exception(ValueError("b")) == "b"


def test_every_core_message_has_an_english_translation():
    templates = _core_templates()
    assert len(templates) > 200  # the extraction really read the core
    with ENGLISH.open("rb") as handle:
        catalogue = read_po(handle)
    missing = sorted(t for t in templates if t not in catalogue or not catalogue[t].string)
    fuzzy = sorted(t for t in templates if t in catalogue and catalogue[t].fuzzy)
    assert missing == [], "add English to messages.po (README, Translations) for these"
    assert fuzzy == []
    wrong = [t for t in templates if t in catalogue
             and sorted(PLACEHOLDER.findall(t)) != sorted(PLACEHOLDER.findall(catalogue[t].string))]
    assert wrong == [], "the English must use the same {placeholders} as the Vietnamese"


def _vietnamese_text(node: ast.AST) -> bool:
    """A Vietnamese literal, or an f-string that has Vietnamese words or only glues values together."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(VIETNAMESE.search(node.value))
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return bool(VIETNAMESE.search(text)) or not re.search(r"[A-Za-z]", text)
    return False


def _scan(source: str) -> list[tuple[int, str]]:
    """The lines of ``source`` with a user message that does not go through msg()."""
    results: list[tuple[int, str]] = []
    _Collector(source, results).visit(ast.parse(source))
    return results


class _Collector(ast.NodeVisitor):
    """Finds user messages in raise statements and in Problem(...) / …Error(...) calls that are
    not msg(): they would reach the English interface in Vietnamese."""

    def __init__(self, source: str, out: list[tuple[int, str]]):
        self.source, self.out = source, out

    def _walk(self, node: ast.AST, in_msg: bool, in_error: bool) -> None:
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("msg", "msg_template"):
                if not node.args or not isinstance(node.args[0], ast.Constant):
                    self.out.append((node.lineno, "msg() needs a literal template, not an f-string or a variable"))
                in_msg = True
            elif name in ("Problem", "__init__") or name.endswith("Error"):
                in_error = True
        if isinstance(node, ast.BinOp) and any(getattr(getattr(side, "func", None), "id", "") == "msg"
                                               for side in (node.left, node.right)):
            self.out.append((node.lineno, "msg() + text: put the text in the template as a {value}"))
        if not in_msg and in_error and _vietnamese_text(node):
            self.out.append((node.lineno, ast.get_source_segment(self.source, node) or ""))
            return
        for child in ast.iter_child_nodes(node):
            self._walk(child, in_msg, in_error or isinstance(node, ast.Raise))

    def visit_Module(self, node: ast.Module) -> None:
        self._walk(node, False, False)


def test_no_core_error_message_is_written_without_msg():
    untranslatable: list[tuple[str, str]] = []
    for path in _core_files():
        source = path.read_text(encoding="utf-8")
        untranslatable += [(f"{path.relative_to(ROOT)}:{line}", text[:100]) for line, text in _scan(source)]
    assert untranslatable == [], "write these msg(\"… {name} …\", name=value) (app/messages.py)"


def test_the_scan_catches_an_f_string_error():
    assert _scan('raise ValueError(f"đơn vị {x} bị trùng")\n')
    assert _scan('raise CampaignError(s, [Problem(1, "", "tệp hỏng")])\n')
    assert _scan('raise TextError(msg(f"lỗi {x}"))\n')
    assert _scan('raise ValueError(msg("đơn vị {x}", x=x) + " bị trùng")\n')
    assert not _scan('raise ValueError(msg("đơn vị {x} bị trùng", x=x))\n')
    assert not _scan('raise RuntimeError(f"internal: {x} is not a list")\n')


BROKEN = """\
year: hai nghìn
issuer: {name: Hội Chữ thập đỏ tỉnh Lào Cai, abbreviation: CTĐ, place: Lào Cai}
mau_sai: 1
"""


def test_a_broken_campaign_is_explained_in_english(client, campaigns_dir):
    (campaigns_dir / "hong.yaml").write_text(BROKEN, encoding="utf-8")
    text = response_text(client.get("/campaigns/hong/edit?lang=en"))
    assert "Year: must be a whole number" in text
    assert "mau_sai: this field is not part of the campaign file" in text
    assert "Signer: required field missing" in text
    assert "phải là số nguyên" not in text
    assert "Năm: phải là số nguyên" in response_text(client.get("/campaigns/hong/edit?lang=vi"))
    (campaigns_dir / "hong.yaml").write_text("year: 2023\n  issuer: x\n", encoding="utf-8")
    english = client.get("/campaigns/hong/edit?lang=en")
    assert english.status_code == 422
    assert "hong.yaml:2: YAML syntax error: " in response_text(english)
    listed = response_text(client.get("/?lang=en"))
    assert "hong.yaml:2: YAML syntax error: " in listed


def _post_with(client, edit_form, changes: dict[str, str]) -> str:
    form = edit_form()
    for key, value in changes.items():
        form[key] = value
    response = client.post("/campaigns/lao-cai-2023/edit", data=form)
    assert response.status_code == 422
    return response.get_data(as_text=True)


def _error_of(html: str, field: str) -> str:
    import html as markup

    match = re.search(rf'<p class="error" id="e-{re.escape(field)}">(.*?)</p>', html, re.S)
    assert match, f"no error shown at {field}"
    return markup.unescape(match.group(1))


def test_a_wrong_anniversary_code_names_the_codes_in_either_language(client, edit_form):
    html = _post_with(client, edit_form, {"theme": "Kỷ niệm [[ ky_niem.khong_co ]]."})
    assert _error_of(html, "theme").startswith("không có kỷ niệm mã “khong_co”; các mã có: ")
    client.get("/lang/en")
    html = _post_with(client, edit_form, {"theme": "Kỷ niệm [[ ky_niem.khong_co ]]."})
    assert _error_of(html, "theme").startswith("there is no anniversary with code “khong_co”; the codes are: ")


def test_an_apportioned_figure_without_a_code_asks_for_the_code_at_its_box(client, edit_form):
    form = edit_form()
    target = next(k.rsplit("-", 1)[0] for k, v in form.items(multi=True) if k.endswith("-apportion") and v == "true")
    html = _post_with(client, edit_form, {f"{target}-id": ""})
    assert _error_of(html, f"{target}-id").startswith("cần điền Mã")
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert f'href="#f-{target}-id"' in summary and f'id="f-{target}-id"' in html


def test_the_error_summary_is_in_page_order_and_every_link_has_its_field(client, edit_form):
    # Two errors the model reports in the opposite order of the page: the signer's name (model
    # field signer, before targets) is below the targets on the page.
    html = _post_with(client, edit_form, {"signer-name": "", "dispatch-subject": "", "targets-1-text": ""})
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'href="#f-([^"]+)"', summary)
    assert len(links) == 3
    positions = [html.index(f'id="f-{link}"') for link in links]
    assert positions == sorted(positions), links
