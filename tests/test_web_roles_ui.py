"""The pages offer only what the logged-in account may do (issue 11.5): app/web/auth.py's ``can``.

On the office network a viewer, a clerk and an admin open every page of the sample campaign; every
``<form method="post">`` a page shows must lead to an endpoint that account may use (by the one table,
app.web.auth.RULES), and the forms an admin or a clerk needs must be there. On 127.0.0.1 (one
person, no login) every form stays.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from app.users import ADMIN, CLERK, VIEWER
from app.web.auth import required_role
from test_web_auth import NAME, _edit_form, _login, net_app, users  # noqa: F401 - fixtures and login of test_web_auth.py

READ_ONLY = "Tài khoản của bạn chỉ được xem; nhờ văn thư hoặc quản trị viên sửa."
ACCOUNTS = {VIEWER: "xem", CLERK: "vanthu", ADMIN: "quantri"}
RANK = [VIEWER, CLERK, ADMIN]


class _PostForms(HTMLParser):
    """The ``action`` of every ``<form method="post">`` of a page."""

    def __init__(self):
        super().__init__()
        self.actions: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.actions.append(htmllib.unescape(attrs.get("action") or ""))


def _may(role: str, need: str) -> bool:
    return RANK.index(role) >= RANK.index(need)


def _post_endpoints(app, client, url: str) -> set[str]:
    """The endpoints the page at ``url`` has a POST form for (as the app's URL map reads each action)."""
    response = client.get(url)
    if not response.mimetype == "text/html":
        return set()
    parser = _PostForms()
    parser.feed(response.get_data(as_text=True))
    adapter = app.url_map.bind("localhost")
    return {adapter.match(urlsplit(action).path or url, method="POST")[0] for action in parser.actions}


def _pages(app, client) -> list[str]:
    """Every GET page of the sample campaign (each URL-map endpoint taking only ``name``, but not the
    generated files: PDF, Word, ZIP), the pages of no campaign, and one version's diff."""
    with app.test_request_context():
        from flask import url_for

        pages = [url_for(rule.endpoint, name=NAME) for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and rule.arguments == {"name"} and not re.search(r"\.[^/]*$", rule.rule)]
    stamps = re.findall(rf'href="(/campaigns/{NAME}/history/[^"/]+)"', client.get(f"/campaigns/{NAME}/history").get_data(as_text=True))
    assert stamps, "the fixture saved the campaign, so its history has a version"
    return pages + ["/", "/campaigns/new", f"/campaigns/new?from={NAME}", "/campaigns/import", "/campaigns/upload",
                    f"/campaigns/upload?name={NAME}", "/trash", "/users", stamps[0]]


@pytest.fixture
def busy_app(net_app, campaigns_dir):  # noqa: F811 - net_app is test_web_auth.py's fixture
    """The network app with something to restore: a saved version of the sample and a campaign in the trash."""
    clerk = _login(net_app, "vanthu")
    form = _edit_form(clerk)
    form["targets-4-text"] = "Chỉ tiêu đã sửa."
    assert clerk.post(f"/campaigns/{NAME}/edit", data=form).status_code in (302, 303)
    shutil.copy(campaigns_dir / f"{NAME}.yaml", campaigns_dir / "ban-sao.yaml")
    assert _login(net_app, "quantri").post("/campaigns/ban-sao/delete").status_code == 302
    return net_app


def _forms_by_page(app, role: str) -> dict[str, set[str]]:
    client = _login(app, ACCOUNTS[role])
    found = {}
    for url in _pages(app, client):
        response = client.get(url)
        endpoint = app.url_map.bind("localhost").match(urlsplit(url).path, method="GET")[0]
        expected = 200 if _may(role, required_role(endpoint, "GET")) else 403
        assert response.status_code == expected, (role, url, response.status_code)
        found[url] = _post_endpoints(app, client, url)
    return found


def test_a_viewer_is_offered_no_form_but_logging_out(busy_app):
    found = _forms_by_page(busy_app, VIEWER)
    pages = {f"/campaigns/{NAME}{tail}" for tail in ("", "/edit", "/checklists", "/results", "/scoreboard", "/nominees",
                                                     "/nominations", "/history", "/units", "/text", "/delete")}
    assert pages <= found.keys(), pages - found.keys()
    for url, endpoints in found.items():
        assert endpoints <= {"auth.logout", "ui.switch"}, (url, endpoints)


def test_a_clerk_is_offered_the_changes_but_no_admin_action(busy_app):
    found = _forms_by_page(busy_app, CLERK)
    for url, endpoints in found.items():
        admin_only = {e for e in endpoints if required_role(e, "POST") == ADMIN}
        assert not admin_only, (url, admin_only)
    assert "campaigns.save" in found[f"/campaigns/{NAME}/edit"]
    assert {"results.save", "results.upload"} <= found[f"/campaigns/{NAME}/results"]
    assert "rollover.new_year" in found[f"/campaigns/{NAME}"]


def test_an_admin_is_offered_delete_restore_untrash_and_the_accounts(busy_app):
    found = _forms_by_page(busy_app, ADMIN)
    assert "files.delete" in found[f"/campaigns/{NAME}/delete"]
    assert "files.restore" in found[f"/campaigns/{NAME}/history"]
    assert "files.untrash" in found["/trash"]
    assert {"auth.user_add", "auth.user_role", "auth.user_remove"} <= found["/users"]
    assert "campaigns.save" in found[f"/campaigns/{NAME}/edit"]


def test_a_viewer_sees_the_edit_page_read_only_with_a_notice(busy_app):
    client = _login(busy_app, "xem")
    page = htmllib.unescape(client.get(f"/campaigns/{NAME}/edit").get_data(as_text=True))
    assert READ_ONLY in page and '<fieldset class="read-only" disabled>' in page
    assert "Lưu chiến dịch" not in page and 'class="savebar"' not in page
    assert "Chỉ tiêu đã sửa." in page  # the content is still shown
    listing = htmllib.unescape(client.get("/").get_data(as_text=True))
    assert f'href="/campaigns/{NAME}/edit"' not in listing and "Tạo chiến dịch mới" not in listing
    assert "“Sửa”" not in listing  # the list's lead names only what a viewer has
    for url in (f"/campaigns/{NAME}/text", f"/campaigns/{NAME}/units", "/campaigns/upload", "/campaigns/new"):
        assert READ_ONLY in htmllib.unescape(client.get(url).get_data(as_text=True)), url


def test_one_person_on_loopback_is_offered_every_form_as_before(app, client):
    def forms(url):
        return _post_endpoints(app, client, url)

    assert "campaigns.save" in forms(f"/campaigns/{NAME}/edit")
    assert "rollover.new_year" in forms(f"/campaigns/{NAME}")
    assert "checklists.generate" in forms(f"/campaigns/{NAME}/checklists")
    assert {"results.save", "results.upload"} <= forms(f"/campaigns/{NAME}/results")
    assert "files.delete" in forms(f"/campaigns/{NAME}/delete")
    assert "files.text" in forms(f"/campaigns/{NAME}/text")
    assert "files.units" in forms(f"/campaigns/{NAME}/units")
    assert "files.upload" in forms("/campaigns/upload")
    assert "dispatch_upload.upload" in forms("/campaigns/import")
    assert "campaigns.new" in forms("/campaigns/new")
    listing = htmllib.unescape(client.get("/").get_data(as_text=True))
    assert f'href="/campaigns/{NAME}/edit"' in listing and f'href="/campaigns/{NAME}/delete"' in listing
    assert "Tài khoản của bạn chỉ được xem" not in client.get(f"/campaigns/{NAME}/edit").get_data(as_text=True)
