"""Round trips of `vanthu import` (issue 9, point 5): a dispatch imported as a campaign and
rendered again by vanthu (app.dispatch.render_dispatch), its lines read back with python-docx.

Shares of lines kept through the whole trip (import → campaign → rendered DOCX) are printed with
``pytest -s``; the lines lost because vanthu prints them the Decree 30 way are in CORRECTIONS, the
others in the comments there; the README's section on importing repeats the table.
"""

from __future__ import annotations

import pytest

from app.dispatch import build_dispatch, render_dispatch
from app.dispatch_import import import_campaign, original_lines
from app.importer.render import compare_lines
from helpers import docx_texts
from test_dispatch_import import LAYOUTS, STRESS, blocks, layout_docx, make_docx


def _printed(campaign, tmp_path, name: str) -> list[str]:
    """The rendered DOCX's lines, read back with python-docx (a line break in a cell splits it)."""
    (docx,) = render_dispatch(campaign, tmp_path, name)
    return [line.strip() for text in docx_texts(docx) for line in text.split("\n") if line.strip()]


def _trip(source, filename, tmp_path):
    result = import_campaign(source, filename)
    assert result.campaign is not None, result.problems
    printed = _printed(result.campaign, tmp_path, filename.replace(".", "-"))
    return result, compare_lines(original_lines(source, filename), printed)


def test_seed_imported_and_rendered_gives_the_seed(seed_path, tmp_path):
    result, trip = _trip(seed_path, "seed.txt", tmp_path)
    # Lost: exactly the three lines the decree corrects (the symbol's spaces, "KT." without its
    # space); every other line of the seed comes back exactly.
    assert trip.missing == ["Số: 21/CTĐ - VP", "**KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH**"]
    print(f"\nseed (text)         {trip.kept}/{trip.total}  {trip.share:6.1%}  corrections 3  share without them "
          f"{trip.kept / (trip.total - 3):6.1%}", end="")
    assert trip.kept / (trip.total - 3) >= 0.97 and trip.kept == trip.total - 3
    campaign = result.campaign
    assert (campaign.issuer.name, campaign.issuer.abbreviation, campaign.dispatch.drafting_unit) == (
        "Hội Chữ thập đỏ tỉnh Lào Cai", "CTĐ", "VP")
    targets_part = [p for p in campaign.dispatch.parts if p.targets]
    assert len(targets_part) == 1 and len(campaign.targets) == 12
    assert [len(t.metrics) for t in campaign.targets][:3] == [0, 5, 2]
    assert [p.item_numbering.value for p in campaign.dispatch.parts] == ["dash", "arabic", "arabic", "arabic"]
    assert any("Số: 21/CTĐ - VP" in note for note in campaign.review)


def _variant(sample, kind: str):
    """The sample campaign with other part and numbering styles."""
    data = sample.model_dump(mode="python", exclude_defaults=True, exclude={"review"})
    parts = data["dispatch"]["parts"]
    if kind == "arabic-letters":
        for part in parts:
            part.update(heading_numbering="arabic", item_numbering="letter", subitem_numbering="dash")
        parts[2]["items"][0] = {"text": parts[2]["items"][0], "items": ["ý thứ nhất;", "ý thứ hai."]}
        parts.append({"heading": "Khen thưởng", "heading_numbering": "arabic", "item_numbering": "letter",
                      "paragraphs": ["Cuối năm, Hội Chữ thập đỏ tỉnh xét khen thưởng:"],
                      "items": ["Tập thể hoàn thành xuất sắc nhiệm vụ;", "Cá nhân tiêu biểu."]})
    else:  # capital letters, dashes and pluses, a part without heading, a free paragraph
        for part in parts:
            part.update(heading_numbering="upper", item_numbering="arabic_paren", subitem_numbering="plus")
        parts[0]["item_numbering"] = "dash"
        parts[3]["items"][1] = {"text": parts[3]["items"][1], "items": ["cấp huyện;", "cấp cơ sở."]}
        parts[1]["paragraphs"] = ["Các chỉ tiêu cụ thể như sau:"]
        parts.append({"heading_numbering": "none", "paragraphs": ["Đoạn văn không thuộc phần nào."]})
    return type(sample).model_validate(data)


def _comparable(campaign) -> dict:
    """What a dispatch can say of a campaign, with the computed values evaluated (the ids of
    anniversaries are the importer's own): a numbering that numbers nothing (sub-items of a part
    without any, a heading that is not there) cannot be read back and is left out."""
    resolve = campaign.resolve
    parts = []
    for part in campaign.dispatch.parts:
        unseen = {"heading", "paragraphs", "items"} | ({"subitem_numbering"} if not any(i.items for i in part.items)
                                                      else set()) | (set() if part.heading else {"heading_numbering"})
        if not part.items and not part.targets:
            unseen.add("item_numbering")
        parts.append({**part.model_dump(mode="python", exclude=unseen),
                      "heading": resolve(part.heading) if part.heading else None,
                      "paragraphs": [resolve(p) for p in part.paragraphs],
                      "items": [(resolve(i.text), [resolve(s) for s in i.items]) for i in part.items]})
    return {"view": build_dispatch(campaign), "parts": parts, "targets": [resolve(t.text) for t in campaign.targets],
            "year": campaign.year, "place": campaign.issuer.place}


def _without_review(campaign) -> dict:
    return campaign.model_dump(mode="python", exclude={"review"})


@pytest.mark.parametrize("kind", ["sample", "arabic-letters", "upper-dashes"])
def test_vanthu_dispatch_imported_again_is_the_same_campaign(sample_campaign, kind, tmp_path):
    campaign = sample_campaign if kind == "sample" else _variant(sample_campaign, kind)
    (docx,) = render_dispatch(campaign, tmp_path, kind)
    again = import_campaign(docx)
    assert again.campaign is not None and again.review == [], again.review
    assert _comparable(again.campaign) == _comparable(campaign)
    # The header's lines are those vanthu chooses: imported without typed line breaks.
    assert again.campaign.issuer.name == campaign.issuer.name and "\n" not in again.campaign.issuer.parent
    assert again.campaign.dispatch.subject == campaign.dispatch.subject
    # And the imported campaign is a fixed point: rendered and imported once more, equal as models.
    (docx2,) = render_dispatch(again.campaign, tmp_path, kind + "-2")
    assert _without_review(import_campaign(docx2).campaign) == _without_review(again.campaign)


# Lines a layout loses on purpose: vanthu prints them the Decree 30 way (the row of
# ../shared/spec/nd30.md in each reason). They are left out of the share, and each must be lost.
CORRECTIONS = {
    "chi-hoi-truong": {"- Lưu: CH.": "S3: the archive line starts with VT (văn thư): printed “- Lưu: VT, CH.”"},
    "tinh-ha-giang": {"NGUYỄN VĂN AN": "S2: the signer's name in normal case: printed “Nguyễn Văn An”"},
    "tinh-yen-bai": {
        "Kính gửi: Hội Chữ thập đỏ các huyện, thị xã, thành phố;": "B1: several addressees, each on its line after “- ”",
        "Các đơn vị trực thuộc.": "B1: the same, “- Các đơn vị trực thuộc.”",
    },
}
# Lost otherwise (within the 5 %): a header line too long even for the widest left column
# vanthu allows (79 mm; the right one must hold the national name): TỈNH THÁI NGUYÊN in
# tinh-thai-nguyen, the school's name in chi-hoi-truong, the subject of phong-van-hoa.
OFFICES = sorted(set(LAYOUTS) | set(STRESS))


def _layout_trip(name, tmp_path):
    result, trip = _trip(layout_docx(name), f"{name}.docx", tmp_path)
    corrections = CORRECTIONS.get(name, {})
    share = trip.kept / (trip.total - len(corrections))
    print(f"\n{name:18} {trip.kept:3}/{trip.total:<3} {trip.share:6.1%}  corrections {len(corrections)}  "
          f"share without them {share:6.1%}", end="")
    return result, trip, corrections, share


@pytest.mark.parametrize("name", OFFICES)
def test_word_dispatch_keeps_95_percent_of_its_lines_but_the_decrees_corrections(name, tmp_path):
    from app.nd30 import check_docx

    result, trip, corrections, share = _layout_trip(name, tmp_path)
    assert set(corrections) <= set(trip.missing), "a correction listed is not lost: update CORRECTIONS"
    assert share >= 0.95, (trip.kept, trip.total, trip.missing)
    (docx,) = render_dispatch(result.campaign, tmp_path, f"{name}-check")
    assert check_docx(docx) == []


YEN_BAI_THIRD_LEVEL = ["- Cấp huyện: 150 triệu đồng mỗi đơn vị;", "- Cấp cơ sở: 20 triệu đồng mỗi đơn vị."]


def test_what_the_campaign_cannot_hold_is_in_review_with_its_text():
    result = import_campaign(layout_docx("tinh-yen-bai"), "tinh-yen-bai.docx")
    campaign = result.campaign
    assert [t.text for t in campaign.targets] == ["Công tác vận động:", "Hiến máu tình nguyện: tiếp nhận 6.000 đơn vị máu."]
    assert [(m.value, m.unit) for m in campaign.targets[1].metrics] == [(6000, "đơn vị máu")]
    assert (campaign.signer.authority, campaign.signer.head_title, campaign.signer.title) == ("Q.", "CHỦ TỊCH", "CHỦ TỊCH")
    # A target's a) points are its items (printed under it by the part's subitem numbering); their
    # own dashes, the third level, follow the point they belong to, typed with their dash.
    assert campaign.targets[0].items == ["Vận động quỹ nhân đạo đạt 2 tỷ đồng;", *YEN_BAI_THIRD_LEVEL,
                                         "Trao 3.000 suất quà Tết."]
    assert [p.subitem_numbering.value for p in campaign.dispatch.parts if p.targets] == ["letter"]
    assert not any("Cấp huyện" in note or "Vận động quỹ nhân đạo" in note for note in campaign.review)
    texts = [block.text for block in build_dispatch(campaign).body]
    at = texts.index("a) Vận động quỹ nhân đạo đạt 2 tỷ đồng;")
    assert texts[at:at + 4] == ["a) Vận động quỹ nhân đạo đạt 2 tỷ đồng;", *YEN_BAI_THIRD_LEVEL, "b) Trao 3.000 suất quà Tết."]
    assert campaign.warnings() == []  # a dash under a) points is the level below, not a marker typed twice
    # The paragraph after the last target prints as a part of free paragraphs after it, with the
    # table that follows it.
    assert campaign.dispatch.parts[1].paragraphs == ["Chỉ tiêu cụ thể từng đơn vị theo bảng dưới đây."]
    assert campaign.dispatch.parts[1].table == ["Đơn vị | Đơn vị máu", "Thành phố Yên Bái | 1.200"]
    blocks = build_dispatch(campaign).body
    at = [b.text for b in blocks].index("Chỉ tiêu cụ thể từng đơn vị theo bảng dưới đây.")
    assert (blocks[at + 1].kind, blocks[at + 1].rows) == ("table", (("Đơn vị", "Đơn vị máu"), ("Thành phố Yên Bái", "1.200")))
    result = import_campaign(layout_docx("xa-tan-cuong"), "xa-tan-cuong.docx")
    signer = result.campaign.signer
    assert (signer.authority, signer.head_title) == ("KT.", "CHỦ TỊCH")
    if "on_behalf_of" in type(signer).model_fields:  # the two-level signer (TM. over KT.)
        assert signer.on_behalf_of == "ỦY BAN NHÂN DÂN"
    else:
        assert any("TM. ỦY BAN NHÂN DÂN" in note for note in result.review)


def test_the_sources_line_breaks_are_kept_where_vanthu_would_break_otherwise():
    text = ("TW HỘI CHỮ THẬP ĐỎ\nVIỆT NAM\nHỘI CHỮ THẬP ĐỎ TỈNH\nLÀO CAI\nSố: 03/CTĐ-VP\nV/v phát động\n"
            "thi đua năm 2024\nLào Cai, ngày 02 tháng 01 năm 2024\nKính gửi: Các đơn vị.\nMở đầu.\n1. Mục một.\n"
            "Đề nghị thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT, VP.\nCHỦ TỊCH\n\nLê Văn A\n")
    campaign = import_campaign(text.encode("utf-8"), "x.txt").campaign
    assert (campaign.issuer.parent, campaign.issuer.name, campaign.dispatch.subject) == (
        "TW HỘI CHỮ THẬP ĐỎ\nVIỆT NAM", "HỘI CHỮ THẬP ĐỎ TỈNH\nLÀO CAI", "phát động\nthi đua năm [[ nam ]]")
    view = build_dispatch(campaign)
    assert (view.header.parent_lines, view.subject_lines) == (["TW HỘI CHỮ THẬP ĐỎ", "VIỆT NAM"],
                                                              ["V/v phát động", "thi đua năm 2024"])
    # Lines that vanthu breaks the same way are imported as one line (no typed break).
    same = text.replace("HỘI CHỮ THẬP ĐỎ TỈNH\nLÀO CAI", "HỘI CHỮ THẬP ĐỎ\nTỈNH THÁI NGUYÊN")
    campaign = import_campaign(same.encode("utf-8"), "x.txt").campaign
    assert campaign.issuer.name == "HỘI CHỮ THẬP ĐỎ TỈNH THÁI NGUYÊN"
    assert build_dispatch(campaign).header.issuing_lines == ["HỘI CHỮ THẬP ĐỎ", "TỈNH THÁI NGUYÊN"]


def test_every_part_keeps_its_heading_numbering_and_items():
    campaign = import_campaign(layout_docx("tinh-thai-nguyen"), "x.docx").campaign
    parts = campaign.dispatch.parts
    assert [(p.heading, p.heading_numbering.value, p.item_numbering.value, p.targets) for p in parts] == [
        ("MỤC ĐÍCH, YÊU CẦU", "arabic", "letter", False), ("CHỈ TIÊU THI ĐUA", "arabic", "letter", True),
        ("NỘI DUNG THI ĐUA", "arabic", "dash", False), ("TỔ CHỨC THỰC HIỆN", "arabic", "none", False)]
    assert len(campaign.targets) == 5 and parts[3].paragraphs and not parts[3].items
    assert campaign.signer.model_dump(include={"authority", "head_title", "title", "name"}) == {
        "authority": "KT.", "head_title": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Hạnh"}


def test_missing_required_fields_get_a_placeholder_and_a_note():
    text = "Nội dung trao đổi về công tác hội.\n\nĐề nghị các đơn vị thực hiện./.\n"
    result = import_campaign(text.encode("utf-8"), "x.txt")
    campaign = result.campaign
    assert campaign is not None
    assert (campaign.issuer.place, campaign.issuer.abbreviation, campaign.signer.name) == ("(địa danh)", "XXX",
                                                                                          "(Họ và tên)")
    assert any(note.startswith("không thấy địa danh: đã ghi tạm") for note in campaign.review)


# Random documents import as valid campaigns: test_dispatch_import.test_random_documents_never_raise.


def test_a_double_bracket_that_does_not_evaluate_is_taken_out_and_said():
    text = ("HỘI CHỮ THẬP ĐỎ TỈNH X\nSố: 3/CTĐ-VP\nV/v thử\nX, ngày 02 tháng 01 năm 2024\nKính gửi: Các đơn vị.\n"
            "Mở đầu có [[ khong_co ]] ở đây.\n1. Mục một.\nĐề nghị thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
            "CHỦ TỊCH\n\nLê Văn A\n")
    result = import_campaign(text.encode("utf-8"), "x.txt")
    assert result.campaign is not None, result.problems
    assert any("khong_co" in note for note in result.review)


# --- vanthu import, and the upload page -------------------------------------------------------

def test_cli_import_writes_a_valid_campaign_and_refuses_to_overwrite(runner, tmp_path, seed_path):
    from app.cli import main
    from app.loader import load_campaign

    out = tmp_path / "seed.yaml"
    result = runner.invoke(main, ["import", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "giữ đúng 44/47 dòng" in result.output and "review: dòng 3: “Số: 21/CTĐ - VP”" in result.output
    campaign = load_campaign(out)
    assert len(campaign.targets) == 12 and len(campaign.review) == 3
    before = out.read_bytes()
    again = runner.invoke(main, ["import", str(seed_path), "-o", str(out)])
    assert again.exit_code == 2 and "không ghi đè" in again.output and out.read_bytes() == before
    broken = tmp_path / "x.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    refused = runner.invoke(main, ["import", str(broken), "-o", str(tmp_path / "x.yaml")])
    assert refused.exit_code == 2 and not (tmp_path / "x.yaml").exists(), refused.output


def test_upload_creates_the_campaign_and_the_edit_form_shows_the_review(client, campaigns_dir):
    import io

    page = client.get("/campaigns/new").get_data(as_text=True)
    assert "/campaigns/import" in page
    data = {"name": "xa-tan-cuong-2024", "file": (io.BytesIO(layout_docx("tinh-yen-bai")), "cong-van.docx")}
    response = client.post("/campaigns/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("/campaigns/xa-tan-cuong-2024/edit")
    edit = client.get("/campaigns/xa-tan-cuong-2024/edit").get_data(as_text=True)
    assert 'id="s-review"' in edit and "các nơi gửi sẽ in mỗi nơi một dòng, bắt đầu bằng “- ” (Nghị định 30)" in edit
    assert ">Đơn vị | Đơn vị máu\nThành phố Yên Bái | 1.200</textarea>" in edit  # the table, a row a line
    # The target's points, one a line in its sub-items box (the third level with its dash), saved back unchanged.
    assert (">Vận động quỹ nhân đạo đạt 2 tỷ đồng;\n- Cấp huyện: 150 triệu đồng mỗi đơn vị;\n"
            "- Cấp cơ sở: 20 triệu đồng mỗi đơn vị.\nTrao 3.000 suất quà Tết.</textarea>") in edit
    taken = client.post("/campaigns/import", data={"name": "xa-tan-cuong-2024", "file": (io.BytesIO(b"x"), "a.txt")},
                        content_type="multipart/form-data")
    assert taken.status_code == 422 and "Đã có chiến dịch tên này" in taken.get_data(as_text=True)
    bad = client.post("/campaigns/import", data={"name": "rac", "file": (io.BytesIO(b"\x00\x01\x02" * 10), "a.docx")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and not (campaigns_dir / "rac.yaml").exists()


def test_review_is_cleared_from_the_form(client, campaigns_dir, edit_form):
    import io

    client.post("/campaigns/import", data={"name": "thai-nguyen", "file": (io.BytesIO(layout_docx("chi-hoi-truong")),
                                                                            "a.docx")}, content_type="multipart/form-data")
    form = edit_form("thai-nguyen")
    assert form.get("review")
    form["review"] = ""
    assert client.post("/campaigns/thai-nguyen/edit", data=form).status_code == 302
    from app.loader import load_campaign

    assert load_campaign(campaigns_dir / "thai-nguyen.yaml").review == []


def test_a_targets_points_are_edited_in_the_form_and_printed_under_it(client, campaigns_dir, edit_form):
    import io

    from app.loader import load_campaign

    client.post("/campaigns/import", data={"name": "yen-bai", "file": (io.BytesIO(layout_docx("tinh-yen-bai")),
                                                                      "a.docx")}, content_type="multipart/form-data")
    form = edit_form("yen-bai")
    assert form["targets-0-items"] == "\n".join(["Vận động quỹ nhân đạo đạt 2 tỷ đồng;", *YEN_BAI_THIRD_LEVEL,
                                                 "Trao 3.000 suất quà Tết."])
    form["targets-0-items"] = "Vận động quỹ nhân đạo đạt 2 tỷ đồng;\nTrao 3.000 suất quà Tết."
    form["targets-1-items"] = "Khối cơ quan;\n\nKhối trường học."
    assert client.post("/campaigns/yen-bai/edit", data=form).status_code == 302
    campaign = load_campaign(campaigns_dir / "yen-bai.yaml")
    assert [t.items for t in campaign.targets] == [["Vận động quỹ nhân đạo đạt 2 tỷ đồng;", "Trao 3.000 suất quà Tết."],
                                                   ["Khối cơ quan;", "Khối trường học."]]
    texts = [block.text for block in build_dispatch(campaign).body]
    at = texts.index("2. Hiến máu tình nguyện: tiếp nhận 6.000 đơn vị máu.")
    assert texts[at - 2:at] == ["a) Vận động quỹ nhân đạo đạt 2 tỷ đồng;", "b) Trao 3.000 suất quà Tết."]
    assert texts[at + 1:at + 3] == ["a) Khối cơ quan;", "b) Khối trường học."]


# --- Documents the importer does not understand ------------------------------------------------

def _saved(doc) -> bytes:
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _png(colour: bytes) -> bytes:
    """A 1×1 PNG of ``colour`` (RGB)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + colour)) + chunk(b"IEND", b""))


def _strange_documents() -> dict[str, bytes]:
    import io

    from docx import Document
    from docx.shared import Cm

    only_table = Document()
    table = only_table.add_table(rows=2, cols=2)
    for number, cell in enumerate(table._cells):
        cell.text = f"ô {number}"
    only_images = Document()
    for colour in (b"\xff\x00\x00", b"\x00\x00\xff"):
        only_images.add_picture(io.BytesIO(_png(colour)), width=Cm(2))
    long = Document()
    for number in range(1, 2001):
        long.add_paragraph(f"{number}. Đoạn thứ {number} của một văn bản rất dài.")
    return {
        "rong.docx": _saved(Document()), "chi-co-bang.docx": _saved(only_table),
        "chi-co-hinh.docx": _saved(only_images), "2000-doan.docx": _saved(long),
        "latin1.txt": "Kính gửi: les unités.\nCafé à Noël: 3,50 €.\n".encode("latin-1", "replace"),
    }


def test_a_document_it_does_not_understand_gives_a_campaign_and_a_review_list_or_a_clean_message():
    from app.dispatch_import import DispatchImportError

    outcomes = {}
    for name, data in _strange_documents().items():
        try:
            result = import_campaign(data, name)
        except DispatchImportError as exc:  # the one error it may raise: a Vietnamese message naming the file
            assert str(exc).startswith(f"{name}: ") and "Traceback" not in str(exc)
            outcomes[name] = "refused"
            continue
        assert result.campaign is not None, result.problems
        assert result.review, name  # what it could not find is listed
        outcomes[name] = result
    assert outcomes["latin1.txt"] == "refused"  # not UTF-8: said so, nothing guessed
    assert "không thấy dòng “Kính gửi:”" in outcomes["rong.docx"].review
    assert any("bảng 1, hàng 2" in note and "ô 2 | ô 3" in note for note in outcomes["chi-co-bang.docx"].review)
    assert "văn bản có 2 hình ảnh (logo, con dấu, chữ ký…): không nhập" in outcomes["chi-co-hinh.docx"].review
    long = outcomes["2000-doan.docx"].campaign
    assert sum(len(p.items) + len(p.paragraphs) for p in long.dispatch.parts) + len(long.dispatch.opening) \
        + len(long.targets) >= 1990  # the paragraphs are kept, not dropped


def test_the_layout_read_from_the_source_survives_the_edit_form(client, campaigns_dir, edit_form):
    import io

    from app.loader import load_campaign

    client.post("/campaigns/import", data={"name": "so-y-te", "file": (io.BytesIO(layout_docx("so-y-te")), "a.docx")},
                content_type="multipart/form-data")
    client.post("/campaigns/import", data={"name": "chi-hoi", "file": (io.BytesIO(layout_docx("chi-hoi-truong")),
                                                                       "a.docx")}, content_type="multipart/form-data")
    client.post("/campaigns/import", data={"name": "bao-thang", "file": (io.BytesIO(layout_docx("huyen-bao-thang")),
                                                                         "a.docx")}, content_type="multipart/form-data")
    client.post("/campaigns/import", data={"name": "yen-bai", "file": (io.BytesIO(layout_docx("tinh-yen-bai")),
                                                                      "a.docx")}, content_type="multipart/form-data")
    for name in ("so-y-te", "chi-hoi", "bao-thang", "yen-bai"):
        before = load_campaign(campaigns_dir / f"{name}.yaml").dispatch
        assert client.post(f"/campaigns/{name}/edit", data=edit_form(name)).status_code == 302
        after = load_campaign(campaigns_dir / f"{name}.yaml").dispatch
        assert (after.addressee_layout, after.addressee_full_stop, after.header_left_mm) == (
            before.addressee_layout, before.addressee_full_stop, before.header_left_mm)
        assert [p.table for p in after.parts] == [p.table for p in before.parts]
    assert load_campaign(campaigns_dir / "yen-bai.yaml").dispatch.parts[1].table == [
        "Đơn vị | Đơn vị máu", "Thành phố Yên Bái | 1.200"]
    assert load_campaign(campaigns_dir / "so-y-te.yaml").dispatch.addressee_layout.value == "list"
    assert load_campaign(campaigns_dir / "chi-hoi.yaml").dispatch.header_left_mm == 78
    assert load_campaign(campaigns_dir / "bao-thang.yaml").dispatch.addressee_full_stop is False
    # Changed in the form, printed so.
    form = edit_form("so-y-te")
    form["dispatch-addressee_layout"], form["dispatch-header_left_mm"] = "inline", "79"
    assert client.post("/campaigns/so-y-te/edit", data=form).status_code == 302
    view = build_dispatch(load_campaign(campaigns_dir / "so-y-te.yaml"))
    assert (view.addressee_alone, view.header.width, view.header_right) == (False, 4479, 9638 - 4479)


def test_kinh_gui_alone_is_checked_as_the_decrees_list_layout(tmp_path):
    from docx import Document
    from docx.shared import Mm

    from app.nd30 import check_docx

    campaign = import_campaign(layout_docx("so-y-te"), "so-y-te.docx").campaign
    (docx,) = render_dispatch(campaign, tmp_path, "list")
    texts = docx_texts(docx)
    at = texts.index("Kính gửi:")
    assert texts[at + 1:at + 4] == ["- Các bệnh viện tuyến tỉnh;", "- Trung tâm Y tế các huyện, thị xã, thành phố;",
                                    "- Hội Chữ thập đỏ tỉnh Lào Cai."]
    assert check_docx(docx) == []

    def broken(change) -> list[str]:
        document = Document(str(docx))
        paragraphs = {p.text: p for p in document.paragraphs}
        change(paragraphs)
        path = tmp_path / f"broken-{len(list(tmp_path.iterdir()))}.docx"
        document.save(str(path))
        return [str(f) for f in check_docx(path) if f.rule == "B1"]

    def one_left(paragraphs):
        for text in ("- Các bệnh viện tuyến tỉnh;", "- Trung tâm Y tế các huyện, thị xã, thành phố;"):
            paragraphs[text]._p.getparent().remove(paragraphs[text]._p)

    def out_of_line(paragraphs):
        paragraphs["- Hội Chữ thập đỏ tỉnh Lào Cai."].paragraph_format.left_indent = Mm(40)

    def no_end_mark(paragraphs):
        paragraphs["- Hội Chữ thập đỏ tỉnh Lào Cai."].runs[0].text = "- Hội Chữ thập đỏ tỉnh Lào Cai"

    assert broken(one_left) == ["B1: tên nơi nhận phải ở ngay trên dòng “Kính gửi:”"]
    assert [f for f in broken(out_of_line) if "thẳng hàng" in f]
    assert [f for f in broken(no_end_mark) if "'.'" in f]


def test_a_table_the_part_goes_on_after_stays_in_review_and_a_table_prints_and_reads_back(tmp_path):
    from docx import Document

    moved = STRESS["tinh-yen-bai"].replace("| Đơn vị || Đơn vị máu\n| Thành phố Yên Bái || 1.200\n", "").replace(
        "b) Trao 3.000 suất quà Tết.\n", "b) Trao 3.000 suất quà Tết.\n| Đơn vị || Đơn vị máu\n| Thành phố Yên Bái || 1.200\n")
    campaign = import_campaign(make_docx(blocks(moved)), "x.docx").campaign
    assert not any(part.table for part in campaign.dispatch.parts)  # printed after the items it would move
    assert "bảng 2, hàng 2: bảng trong phần nội dung chưa nhập được: “Thành phố Yên Bái | 1.200”" in campaign.review
    # A table typed in the campaign: a lined table across the text width, read back as the same rows.
    data = campaign.model_dump(mode="python", exclude_defaults=True)
    data["dispatch"]["parts"][-1]["table"] = ["Đơn vị | Kết quả năm [[ nam ]] | Ghi chú", "Huyện A | 1.200"]
    campaign = type(campaign).model_validate(data)
    (docx,) = render_dispatch(campaign, tmp_path, "table")
    table = Document(str(docx)).tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == [["Đơn vị", "Kết quả năm 2024", "Ghi chú"],
                                                                   ["Huyện A", "1.200", ""]]
    from app.nd30 import check_docx

    assert check_docx(docx) == []
    again = import_campaign(docx).campaign
    assert again.dispatch.parts[-1].table == campaign.dispatch.parts[-1].table
