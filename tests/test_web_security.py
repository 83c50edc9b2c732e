"""Web app: CSRF, request size, secret key, security headers, error pages, language switch."""

from __future__ import annotations

import re

import pytest

from app.web import SecretKeyMissing, create_app, is_loopback
from helpers import parse_form_fields, response_text

NAME = "lao-cai-2023"


@pytest.fixture
def csrf_client(campaigns_dir, outputs_dir):
    app = create_app({"TESTING": True, "SECRET_KEY": "test-only", "CAMPAIGNS_DIR": campaigns_dir,
                      "OUTPUTS_DIR": outputs_dir})
    assert app.config.get("WTF_CSRF_ENABLED", True)
    return app.test_client()


def test_post_without_csrf_token_is_refused_with_a_vietnamese_400(csrf_client, campaigns_dir):
    before = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    fields = dict(parse_form_fields(response_text(csrf_client.get(f"/campaigns/{NAME}/edit"))))
    fields.pop("csrf_token")
    fields["targets-4-text"] = "giả mạo"
    response = csrf_client.post(f"/campaigns/{NAME}/edit", data=fields)
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ" in response_text(response)
    assert (campaigns_dir / f"{NAME}.yaml").read_bytes() == before
    assert csrf_client.post("/campaigns/new", data={"name": "x-1"}).status_code == 400
    assert not (campaigns_dir / "x-1.yaml").exists()


def test_post_with_the_page_csrf_token_is_accepted(csrf_client, campaigns_dir):
    fields = dict(parse_form_fields(response_text(csrf_client.get(f"/campaigns/{NAME}/edit"))))
    assert fields["csrf_token"]
    assert csrf_client.post(f"/campaigns/{NAME}/edit", data=fields).status_code == 302
    page = response_text(csrf_client.get("/campaigns/new"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert csrf_client.post("/campaigns/new", data={"name": "x-1", "csrf_token": token}).status_code == 302


def test_too_large_request_gets_a_vietnamese_413(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(f"/campaigns/{NAME}/edit", data={"theme": big})
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response_text(response)


def test_error_pages_are_in_vietnamese(app, client):
    def boom():
        raise RuntimeError("lỗi thử")

    app.add_url_rule("/boom", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert "Không tìm thấy trang" in response_text(client.get("/khong-co"))
    response = client.put("/")
    assert response.status_code == 405 and "Thao tác không được phép" in response_text(response)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Lỗi trong ứng dụng" in response_text(response) and "lỗi thử" not in response_text(response)


def test_secret_key_comes_from_environment(monkeypatch, campaigns_dir):
    monkeypatch.setenv("VANTHU_SECRET_KEY", "từ-môi-trường-" * 3)
    assert create_app({"CAMPAIGNS_DIR": campaigns_dir}).config["SECRET_KEY"] == "từ-môi-trường-" * 3


def test_loopback_gets_a_random_key_per_process_never_a_fixed_one(monkeypatch, campaigns_dir):
    monkeypatch.delenv("VANTHU_SECRET_KEY", raising=False)
    first = create_app({"CAMPAIGNS_DIR": campaigns_dir}).config["SECRET_KEY"]
    second = create_app({"CAMPAIGNS_DIR": campaigns_dir}).config["SECRET_KEY"]
    assert first and second and first != second and len(first) >= 32


def test_non_loopback_host_without_secret_key_is_refused(monkeypatch, campaigns_dir):
    monkeypatch.delenv("VANTHU_SECRET_KEY", raising=False)
    with pytest.raises(SecretKeyMissing, match="VANTHU_SECRET_KEY"):
        create_app({"CAMPAIGNS_DIR": campaigns_dir, "HOST": "0.0.0.0"})


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                           ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                           ("::", False), ("vanthu.local", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_english_on_request_and_remembered(client):
    html = response_text(client.get("/?lang=en"))
    assert 'lang="en"' in html and "Campaigns" in html and "New campaign" in html
    html = response_text(client.get(f"/campaigns/{NAME}/edit"))  # cookie set by the previous response
    assert 'lang="en"' in html and "Save campaign" in html
    response = client.get("/lang/vi?next=/campaigns/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/campaigns/new")
    assert "Tạo chiến dịch mới" in response_text(client.get("/campaigns/new"))


def test_language_switch_never_redirects_to_another_site(client):
    for target in ("https://example.com/", "//example.com/", "/\\example.com"):
        response = client.get("/lang/en", query_string={"next": target})
        assert response.headers["Location"] in ("/", "http://localhost/"), target


def test_vietnamese_is_the_default(client):
    html = response_text(client.get("/"))
    assert 'lang="vi"' in html and "Chiến dịch thi đua" in html and "Tạo chiến dịch mới" in html


def test_catalogues_compile_from_the_po_files_of_a_fresh_clone(tmp_path):
    import shutil

    from app.web.i18n import TRANSLATIONS_DIR, compile_catalogs

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    assert compile_catalogs(copy) == copy
    from babel.support import Translations
    english = Translations.load(str(copy), ["en"])
    assert english.gettext("Lưu chiến dịch") == "Save campaign"


def test_english_catalogue_translates_every_text_of_the_templates_and_views(tmp_path):
    """Extract the texts from the code as the README says and check each has an English text."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    web = Path(__file__).resolve().parent.parent / "app" / "web"
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    # The web's own texts, and the titles of the core's error table (app/errors.py, marked N_).
    subprocess.run([str(pybabel), "-q", "extract", "-F", str(web / "babel.cfg"), "-k", "_l", "-k", "N_", "-o", str(pot),
                    str(web), str(web.parent / "errors.py")], check=True, capture_output=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    with (web / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = {m.id: m.string for m in read_po(handle) if m.id}
    assert sorted(i for i in wanted if not english.get(i)) == []
