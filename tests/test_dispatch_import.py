"""Importing past dispatches (app/dispatch_import.py): the seed text, DOCX layouts of other offices
written here with python-docx, vanthu's own DOCX, garbage, and files that are not dispatches."""

from __future__ import annotations

import datetime as dt

import pytest

from app.dispatch_import import DispatchImportError, read_dispatch, render_lines, round_trip
from app.importer.values import find_metrics, replace_year


@pytest.fixture(scope="module")
def seed(seed_path):
    return read_dispatch(seed_path)


# --- The seed: a real dispatch pasted as text, its header table flattened ----------------------

def test_seed_header(seed):
    assert seed.kind == "text"
    assert seed.number.number == 21
    assert (seed.number.issuer_abbreviation, seed.number.drafting_unit, seed.number.symbol) == ("CTĐ", "VP", "CTĐ-VP")
    assert seed.number.text == "Số: 21/CTĐ - VP"
    assert (seed.place, seed.date, seed.year) == ("Lào Cai", dt.date(2023, 2, 10), 2023)
    assert seed.subject == "phát động phong trào thi đua [[ nam ]]"
    # The paste lost the header's bodies: the issuer is taken from the text, and said so.
    assert seed.issuing_body.text_name == "Hội Chữ thập đỏ tỉnh Lào Cai"
    assert seed.issuing_body.name == "HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"
    assert not seed.issuing_body.from_header
    assert seed.parent_body is None
    assert any("cơ quan ban hành" in note for note in seed.review)


def test_seed_addressee_wrapped_over_two_lines(seed):
    assert seed.addressees == ["Hội Chữ thập đỏ các huyện, thị xã, thành phố và đơn vị trực thuộc"]


def test_seed_opening_theme_and_year(seed):
    assert seed.theme == "Đoàn kết - Kỷ cương - Thích ứng linh hoạt - Phát triển toàn diện"
    assert seed.opening == [
        "Thực hiện Chỉ thị số 03/CT-UBND ngày 13/01/2023 của UBND tỉnh về việc phát động phong trào thi đua năm "
        "[[ nam ]] với chủ đề “[[ chu_de ]]”.",
        "Căn cứ Chương trình công tác Hội và phong trào Chữ thập đỏ năm [[ nam ]]. Hội Chữ thập đỏ tỉnh Lào Cai "
        "phát động phong trào thi đua năm [[ nam ]] với mục tiêu, nội dung thi đua cụ thể như sau:",
    ]


def test_seed_parts_and_items(seed, seed_path):
    parts = seed.parts
    assert [(p.heading_style, p.heading_marker, p.heading, p.item_style, len(p.items)) for p in parts] == [
        ("I.", "I.", "Mục tiêu thi đua", "-", 4),
        ("I.", "II.", "Chỉ tiêu cụ thể", "1.", 12),
        ("I.", "III.", "Nội dung thi đua", "1.", 5),
        ("I.", "IV.", "Tổ chức thực hiện", "1.", 3),
    ]
    targets = parts[1].items
    assert [t.marker for t in targets] == [f"{n}." for n in range(1, 13)]
    assert targets[6].text.startswith("Vận động hiến máu tình nguyện và tiếp nhận tối thiểu 7.500 đơn vị máu")
    assert "“*Mỗi tổ chức, mỗi cá nhân gắn với một địa chỉ nhân đạo*”" in targets[4].text  # italic kept
    assert "Tết Nhân ái – [[ nam ]];" in targets[0].text
    assert targets[10].text.endswith("nhiệm kỳ 2021-2026.")  # a range of years is not the year
    assert all(not p.paragraphs and all(not i.sub_items and not i.paragraphs for i in p.items) for p in parts)
    # Dates and references keep their years: this item has none of the dispatch's year to replace.
    line = next(x for x in seed_path.read_text(encoding="utf-8").splitlines() if x.startswith("1. Tiếp tục quán triệt"))
    assert parts[2].items[0].text == line[3:]


def test_seed_metrics(seed):
    found = {(m.value, m.unit) for m in seed.metrics()}
    assert {(7500, "đơn vị máu"), (20000, "suất quà"), (300000, "đồng"), (30, "triệu đồng"), (50, "triệu đồng"),
            (12000, "người"), (30, "%")} <= found
    blood = seed.parts[1].items[6].metrics[0]
    assert (blood.value, blood.unit, blood.text) == (7500, "đơn vị máu", "7.500 đơn vị máu")


def test_seed_anniversaries(seed):
    got = {a.event: (a.founded, a.years) for a in seed.anniversaries}
    assert got == {
        "ngày Bác Hồ ra lời kêu gọi thi đua ái quốc": (dt.date(1948, 6, 11), 75),
        "ngày thành lập Chi bộ nông thôn đầu tiên tỉnh Lào Cai": (dt.date(1948, 10, 10), 75),
        "ngày truyền thống lực lượng vũ trang tỉnh Lào Cai": (dt.date(1948, 4, 2), 75),
        "du lịch Sa Pa": (1903, 120),
        "ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai": (dt.date(1991, 11, 14), 32),
        "ngày thành lập Hội Chữ thập đỏ Việt Nam": (dt.date(1946, 11, 23), 77),
    }
    text = seed.parts[1].items[1].text
    ids = {a.event: a.id for a in seed.anniversaries}
    assert f"kỷ niệm [[ ky_niem.{ids['ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai']}]]" not in text
    assert (f"kỷ niệm [[ ky_niem.{ids['ngày thành lập Hội Chữ thập đỏ tỉnh Lào Cai']} ]] và "
            f"[[ ky_niem.{ids['ngày thành lập Hội Chữ thập đỏ Việt Nam']} ]].") in text
    assert "(14/11/1991" not in text and "1948" not in text


def test_seed_closing_distribution_signer(seed):
    assert seed.closing == [
        "Trên đây là nội dung phát động thi đua năm [[ nam ]] của Hội Chữ thập đỏ tỉnh Lào Cai, yêu cầu Hội Chữ thập đỏ "
        "các huyện, thị, thành phố và đơn vị trực thuộc triển khai thực hiện./."]
    assert seed.distribution == ["Như trên", "TW Hội CTĐ VN", "Ban TĐKT tỉnh", "Hội CCB tỉnh", "TT Hội CTĐ tỉnh",
                                 "Các phòng, ban chuyên môn cơ quan"]
    assert seed.archive == ["VT", "VP"]
    signer = seed.signer
    assert (signer.authority, signer.head_title, signer.title, signer.name) == (
        "KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vàng Thị Mai Hương")
    assert signer.outer is None


def test_seed_round_trip(seed, seed_path):
    """The seed's lines come back but for the three the paste wrote against Decree 30."""
    trip = round_trip(seed_path)
    assert trip.total == 47
    assert trip.missing == ["Số: 21/CTĐ - VP", "**KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH**"]
    lines = render_lines(seed)
    assert {"Số: 21/CTĐ-VP", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"} <= set(lines)
    assert "Kính gửi: Hội Chữ thập đỏ các huyện, thị xã, thành phố và đơn vị trực thuộc." in lines
    assert any("“*Mỗi tổ chức" in line for line in render_lines(seed, markup=True))


def test_seed_review_says_what_it_corrected(seed):
    assert "dòng 3: “Số: 21/CTĐ - VP” sẽ in là “Số: 21/CTĐ-VP” (Nghị định 30)" in seed.review
    assert "dòng 84: “KT.CHỦ TỊCH” sẽ in là “KT. CHỦ TỊCH” (Nghị định 30)" in seed.review


# --- Pieces ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("năm 2023 với chủ đề", "năm [[ nam ]] với chủ đề"),
    ("Tết Nhân ái – 2023;", "Tết Nhân ái – [[ nam ]];"),
    ("ngày 13/01/2023 của UBND", "ngày 13/01/2023 của UBND"),
    ("Nghị định số 30/2023/NĐ-CP", "Nghị định số 30/2023/NĐ-CP"),
    ("ngày 10 tháng 02 năm 2023", "ngày 10 tháng 02 năm 2023"),
    ("giai đoạn 2021-2023 và 2023 - 2025", "giai đoạn 2021-2023 và 2023 - 2025"),
    ("mã 20234 và 12023", "mã 20234 và 12023"),
    ("kỷ niệm [[ ky_niem.x ]] năm 2023", "kỷ niệm [[ ky_niem.x ]] năm [[ nam ]]"),
])
def test_year_replaced_only_where_it_is_the_year(text, expected):
    assert replace_year(text, 2023) == expected


def test_metrics_vietnamese_numbers_and_units():
    found = find_metrics("trao 1.250 suất quà, **7.500** đơn vị máu; 12,5 tấn gạo; ngày 7/4/2014; 5 năm; 100% đơn vị")
    assert [(m.value, m.unit) for m in found] == [(1250, "suất quà"), (7500, "đơn vị máu"), (12.5, "tấn gạo")]


def test_not_a_dispatch_file_gives_one_clear_error(tmp_path):
    cases = {
        "a.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "a.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "a.zip": _zip({"x.txt": b"hello"}),
        "a.docx": _zip({"word/document.xml": b"<w:document>not xml", "[Content_Types].xml": b"<x/>"}),
    }
    for name, data in cases.items():
        with pytest.raises(DispatchImportError) as caught:
            read_dispatch(data, name)
        assert str(caught.value).startswith(f"{name}: ")
        assert any(word in str(caught.value) for word in ("không", "chưa")), str(caught.value)
    with pytest.raises(DispatchImportError, match="không mở được"):
        read_dispatch(tmp_path / "missing.docx")


def _zip(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
