"""Web: history, trash, download/upload of the campaign file, unit list upload (app/web/files.py, issue 10.3)."""

from __future__ import annotations

import html as htmllib
import re

from app import history, store
from app.loader import load_campaign
from test_history import NAME, _save_changed


def _text(response) -> str:
    return htmllib.unescape(response.get_data(as_text=True))


def test_history_lists_versions_shows_diff_and_restores(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    original = path.read_bytes()
    _save_changed(campaigns_dir, "trích yếu đã sửa")
    assert 'href="/campaigns/lao-cai-2023/history"' in _text(client.get(f"/campaigns/{NAME}"))
    page = _text(client.get(f"/campaigns/{NAME}/history"))
    [stamp] = re.findall(r'/campaigns/lao-cai-2023/history/([\d-]+)"', page)
    version = re.search(r'name="_version" value="([^"]+)"', page).group(1)
    diff = _text(client.get(f"/campaigns/{NAME}/history/{stamp}"))
    assert '<span class="add">+' in diff and "trích yếu đã sửa" in diff
    response = client.post(f"/campaigns/{NAME}/history/{stamp}/restore", data={"_version": version})
    assert response.status_code == 302 and path.read_bytes() == original
    assert len(history.versions(campaigns_dir, NAME)) == 2


def test_restore_with_a_stale_version_is_refused(client, campaigns_dir):
    path = _save_changed(campaigns_dir, "trích yếu đã sửa")
    stamp = history.versions(campaigns_dir, NAME)[0].stamp
    before = path.read_bytes()
    response = client.post(f"/campaigns/{NAME}/history/{stamp}/restore", data={"_version": "old"})
    assert response.status_code == 409 and path.read_bytes() == before
    assert client.get(f"/campaigns/{NAME}/history/20990101-000000-000000").status_code == 404


def test_restore_button_needs_csrf(app, campaigns_dir):
    _save_changed(campaigns_dir, "trích yếu đã sửa")
    stamp = history.versions(campaigns_dir, NAME)[0].stamp
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get(f"/campaigns/{NAME}/history").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    version = store.file_version(campaigns_dir / f"{NAME}.yaml")
    response = client.post(f"/campaigns/{NAME}/history/{stamp}/restore", data={"_version": version})
    assert response.status_code == 400


def test_delete_asks_first_then_moves_to_trash_and_restores(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    raw = path.read_bytes()
    listing = _text(client.get("/"))
    assert f'href="/campaigns/{NAME}/delete"' in listing and 'href="/trash"' in listing
    confirm = _text(client.get(f"/campaigns/{NAME}/delete"))
    assert f'<form method="post" action="/campaigns/{NAME}/delete">' in confirm and path.exists()
    response = client.post(f"/campaigns/{NAME}/delete")
    assert response.status_code == 302 and not path.exists() and not (campaigns_dir / NAME).exists()
    trash = _text(client.get("/trash"))
    [action] = re.findall(r'action="(/trash/[\d-]+/lao-cai-2023/restore)"', trash)
    path.write_bytes(b"year: 2023\n")  # the name is taken again
    response = client.post(action)
    assert response.status_code == 409 and "không ghi đè" in _text(response)
    assert path.read_bytes() == b"year: 2023\n"
    path.unlink()
    response = client.post(action)
    assert response.status_code == 302 and path.read_bytes() == raw
    assert (campaigns_dir / NAME).is_dir() and "Thùng rác trống" in _text(client.get("/trash"))
    assert client.post("/trash/20990101-000000-000000/lao-cai-2023/restore").status_code == 404
    assert client.get("/campaigns/khong-co/delete").status_code == 404


def _upload(client, raw: bytes, filename: str = "x.yaml", **form):
    from io import BytesIO

    return client.post("/campaigns/upload", data={"file": (BytesIO(raw), filename), **form},
                       content_type="multipart/form-data")


def test_download_sends_the_yaml_file(client, campaigns_dir):
    response = client.get(f"/campaigns/{NAME}/file")
    assert response.status_code == 200 and response.data == (campaigns_dir / f"{NAME}.yaml").read_bytes()
    assert 'filename="lao-cai-2023.yaml"' in response.headers["Content-Disposition"]
    assert f'href="/campaigns/{NAME}/file"' in _text(client.get(f"/campaigns/{NAME}"))


def test_upload_a_new_name_creates_it_and_a_broken_file_is_refused_with_lines(client, campaigns_dir):
    raw = (campaigns_dir / f"{NAME}.yaml").read_bytes()
    response = _upload(client, raw, "Lào Cai 2030.yaml")
    assert response.status_code == 302 and (campaigns_dir / "lao-cai-2030.yaml").read_bytes() == raw
    response = _upload(client, b"year: 2023\ndispatch: [\n", "hong.yaml")
    assert response.status_code == 422 and not (campaigns_dir / "hong.yaml").exists()
    assert re.search(r"hong\.yaml:\d+: ", _text(response))
    response = _upload(client, raw.replace(b"year: 2023", b"year: nam"), "hong.yaml")
    assert response.status_code == 422 and "hong.yaml:" in _text(response)
    assert _upload(client, raw, "x.yaml", name="../etc").status_code == 422


def test_upload_over_an_existing_campaign_needs_its_version_and_keeps_history(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    before = path.read_bytes()
    changed = before.replace(b"\n", "\n# tải lên\n".encode(), 1)
    response = _upload(client, changed, f"{NAME}.yaml")  # no version: a new-name upload
    assert response.status_code == 409 and "không ghi đè" in _text(response) and path.read_bytes() == before
    assert _upload(client, changed, "a.yaml", name=NAME, _version="stale").status_code == 409
    page = _text(client.get(f"/campaigns/upload?name={NAME}"))
    version = re.search(r'name="_version" value="([^"]+)"', page).group(1)
    response = _upload(client, changed, "a.yaml", name=NAME, _version=version)
    assert response.status_code == 302 and path.read_bytes() == changed
    assert history.versions(campaigns_dir, NAME)[0].path.read_bytes() == before


GOOD_UNITS = ("\ufeffTên đơn vị;Tên ngắn;Loại;Dân số\n"
              "Hội Chữ thập đỏ xã Bản Vược;xã Bản Vược;Xã;1.250\n"
              "Hội Chữ thập đỏ phường Cốc Lếu;phường Cốc Lếu;phường;2000\n").encode()


def _post_units(client, raw: bytes, filename: str, **form):
    from io import BytesIO

    return client.post(f"/campaigns/{NAME}/units", data={"file": (BytesIO(raw), filename), **form},
                       content_type="multipart/form-data")


def test_unit_list_upload_replaces_the_units_with_history(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    before = path.read_bytes()
    page = _text(client.get(f"/campaigns/{NAME}/units"))
    assert 'enctype="multipart/form-data"' in page and 'name="_version"' in page
    response = _post_units(client, GOOD_UNITS, "don-vi.csv")
    assert response.status_code == 302, _text(response)[:3000]
    assert [u.short_name for u in load_campaign(path).units] == ["xã Bản Vược", "phường Cốc Lếu"]
    assert history.versions(campaigns_dir, NAME)[0].path.read_bytes() == before
    assert "Đã nhập 2 đơn vị từ don-vi.csv" in _text(client.get(response.headers["Location"]))


def test_unit_list_errors_name_row_and_column_and_nothing_is_saved(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    before = path.read_bytes()
    bad = "Tên đơn vị;Loại;Trọng số\nHội A;xã;-3\n;xã;2\n".encode()
    response = _post_units(client, bad, "bad.csv")
    page = _text(response)
    assert response.status_code == 422 and path.read_bytes() == before
    assert "<code>2:Trọng số: trọng số phải là số lớn hơn 0" in page
    assert "<code>3:Tên đơn vị: thiếu tên đơn vị" in page and "danh-sach.csv" not in page
    assert _post_units(client, b"x", "list.txt").status_code == 422
    assert _post_units(client, GOOD_UNITS, "a.csv", _version="stale").status_code == 422
    assert path.read_bytes() == before


def test_checklists_page_links_to_the_unit_list_upload(client):
    assert f'href="/campaigns/{NAME}/units"' in _text(client.get(f"/campaigns/{NAME}/checklists"))


def test_text_editor_marks_error_lines_and_saves_a_fixed_file(client, campaigns_dir):
    path = campaigns_dir / f"{NAME}.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "dispatch: [\n", encoding="utf-8")
    broken_lines = len((good + "dispatch: [\n").split("\n"))
    assert 'href="/campaigns/lao-cai-2023/text"' in _text(client.get("/"))
    page = _text(client.get(f"/campaigns/{NAME}/text"))
    assert 'class="bad"' in page and re.search(r'<a href="#line-\d+"><code>lao-cai-2023\.yaml:\d+: ', page)
    version = re.search(r'name="_version" value="([^"]+)"', page).group(1)
    response = client.post(f"/campaigns/{NAME}/text", data={"text": good.replace("year: 2023", "year: x"),
                                                           "_version": version})
    assert response.status_code == 422 and path.read_text(encoding="utf-8").endswith("dispatch: [\n")
    assert 'id="line-' in _text(response) and broken_lines > 1
    assert client.post(f"/campaigns/{NAME}/text", data={"text": good, "_version": "stale"}).status_code == 409
    response = client.post(f"/campaigns/{NAME}/text", data={"text": good.replace("\n", "\r\n"), "_version": version})
    assert response.status_code == 302 and path.read_text(encoding="utf-8") == good
    assert history.versions(campaigns_dir, NAME)[0].path.read_text(encoding="utf-8").endswith("dispatch: [\n")


def test_delete_and_trash_restore_need_csrf(app, campaigns_dir):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    assert 'name="csrf_token"' in client.get(f"/campaigns/{NAME}/delete").get_data(as_text=True)
    assert client.post(f"/campaigns/{NAME}/delete").status_code == 400
    assert (campaigns_dir / f"{NAME}.yaml").is_file()
