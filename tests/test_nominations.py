"""Award documents: the Tờ trình, the Quyết định, their annexed lists, the achievement reports,
the law in force by date, the batch with its ZIP, the CLI, and each document's first page as PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from app import nd30
from app.awards import NominationsError, award_law_basis
from app.cli import main
from app.decision import build_decision
from app.nominations import load_nominations, render_nominations
from app.records import load_nominees, load_results
from app.scoring import score_campaign
from app.submission import build_submission
from helpers import ROOT, SAMPLE, docx_texts, pdf_page_text, tool

CENTRAL = "Trung ương Hội Chữ thập đỏ Việt Nam"
NOMINEES = """\
people:
  - name: Nguyễn Thị Lan
    award: bang-khen-tw
    sex: Nữ
    born: 1978
    position: Phó Chủ tịch
    unit: Hội Chữ thập đỏ huyện Bát Xát
    summary: Chỉ đạo vận động 868 đơn vị máu, vượt chỉ tiêu giao.
    past_awards:
      - {year: 2021, form: Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai, decision: 85/QĐ-CTĐ, date: 2021-12-10,
         issuer: Hội Chữ thập đỏ tỉnh Lào Cai}
  - name: Trần Văn Hùng
    award: giay-khen
    sex: Nam
    position: Chuyên viên
    unit: Văn phòng Hội Chữ thập đỏ tỉnh Lào Cai
  - kind: collective
    name: Hội Chữ thập đỏ thị xã Sa Pa
    award: bang-khen-tw
    summary: Tổ chức Hội thi Tuyên truyền viên Chữ thập đỏ cấp thị xã.
"""


def copy_campaign(folder: Path, nominees: str | None = NOMINEES, edit=None) -> Path:
    """The sample campaign and its results in ``folder`` (``edit`` changes the YAML text), with
    ``nominees`` as its nominees file."""
    records = folder / "lao-cai-2023"
    records.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    (folder / "lao-cai-2023.yaml").write_text(edit(text) if edit else text, encoding="utf-8")
    shutil.copy2(ROOT / "campaigns" / "lao-cai-2023" / "results.yaml", records / "results.yaml")
    if nominees is not None:
        (records / "nominees.yaml").write_text(nominees, encoding="utf-8")
    return folder / "lao-cai-2023.yaml"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every document of the sample with three nominees, written once for the module."""
    folder = tmp_path_factory.mktemp("nominations")
    campaign = copy_campaign(folder / "campaigns")
    paths = render_nominations(campaign, "lao-cai-2023", folder / "outputs")
    return {p.name: p for p in paths}


def texts(path: Path) -> list[str]:
    return [t for t in docx_texts(path) if t.strip()]


def paragraph(doc, text: str):
    return next(p for p, _ in nd30.iter_paragraphs(doc) if p.text.strip() == text)


# --- the law in force ---------------------------------------------------------------------------

# The decree in force: 91/2017 until the Law of 2022 took effect, 98/2023 until 30 June 2025, then 152/2025.
IN_FORCE = {"2023-12-05": "91/2017", "2023-12-31": "91/2017", "2024-01-01": "98/2023", "2025-06-30": "98/2023",
            "2025-07-01": "152/2025", "2026-03-02": "152/2025"}


@pytest.mark.parametrize("day", sorted(IN_FORCE))
def test_the_decree_cited_is_the_one_in_force_on_the_date(day):
    law, cited = award_law_basis(dt.date.fromisoformat(day))
    assert f"Nghị định số {IN_FORCE[day]}/NĐ-CP" in cited and "Luật Thi đua, khen thưởng" in law
    assert ("15 tháng 6 năm 2022" in law) == (day >= "2024-01-01")


@pytest.mark.parametrize("day, decree", [("2025-06-30", "98/2023/NĐ-CP"), ("2025-07-01", "152/2025/NĐ-CP")])
def test_the_submission_cites_the_decree_of_its_own_date(tmp_path, day, decree):
    campaign_path = copy_campaign(tmp_path, edit=lambda t: t.replace("date: 2023-12-05", f"date: {day}"))
    noms = load_nominations(campaign_path)
    view = build_submission(noms.campaign, noms.scoreboard, noms.nominees, CENTRAL)
    assert [line for line in view.basis if "Nghị định" in line] == [
        next(line for line in view.basis if decree in line)]
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in view.basis


# --- Tờ trình -----------------------------------------------------------------------------------

def test_submission_is_a_named_document_numbered_in_the_ttr_series(written):
    lines = texts(written["to-trinh-45.docx"])
    assert "Số: 45/TTr-CTĐ" in lines and "Lào Cai, ngày 05 tháng 12 năm 2023" in lines
    title = lines.index("TỜ TRÌNH")
    assert lines[title + 1] == "Về việc đề nghị khen thưởng thành tích phong trào thi đua năm 2023"
    assert lines[title + 2] == f"Kính gửi: {CENTRAL}."
    basis = [t for t in lines if t.startswith("Căn cứ ")]
    assert len(basis) == 3 and all(t.endswith(";") for t in basis[:-1]) and basis[-1].endswith(".")
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP" in basis[1]  # 05/12/2023: before the Law of 2022 took effect
    assert lines[-6:] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                          "Vàng Thị Mai Hương"]
    doc = Document(str(written["to-trinh-45.docx"]))
    for text in ("TỜ TRÌNH", "Về việc đề nghị khen thưởng thành tích phong trào thi đua năm 2023"):
        p = paragraph(doc, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs if r.text.strip())
    assert all(r.italic for r in paragraph(doc, basis[0]).runs if r.text.strip())


def test_submission_reports_the_scoreboard_and_asks_per_award_as_many_as_the_list_has(written):
    lines = texts(written["to-trinh-45.docx"])
    assert any("9 đơn vị đã triển khai thực hiện 12 chỉ tiêu" in t for t in lines)
    assert any("cao nhất 105 điểm (thành phố Lào Cai)" in t and "thấp nhất 59,73 điểm (huyện Si Ma Cai)" in t
               for t in lines)
    requests = dict(re.match(r"^\d\. (.+): (.+)[;.]$", t).groups() for t in lines if re.match(r"^\d\. .+: \d", t))
    assert requests == {f"Cờ thi đua của {CENTRAL}": "01 tập thể",
                        f"Bằng khen của {CENTRAL}": "02 tập thể và 01 cá nhân"}
    # the annexed list: one row per collective or person under each award's heading
    doc = Document(str(written["danh-sach-to-trinh-45.docx"]))
    table = doc.tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    groups: dict[str, list[str]] = {}
    for cells in rows[1:]:
        if len(set(cells)) == 1:  # a heading row spans the table
            award, count = cells[0].split(". ", 1)[1].rsplit(": ", 1)
            groups[award] = [count]
        else:
            groups[award].append(cells[1])
    assert {award: group[0] for award, group in groups.items()} == requests
    assert groups[f"Bằng khen của {CENTRAL}"][1:] == ["Hội Chữ thập đỏ thị xã Sa Pa", "Hội Chữ thập đỏ huyện Bảo Yên",
                                                      "Nguyễn Thị Lan"]
    assert f"Bằng khen của {CENTRAL}" in rows[-1] and "Phó Chủ tịch, Hội Chữ thập đỏ huyện Bát Xát" in rows[-1]
    sapa = next(r for r in rows if r[1] == "Hội Chữ thập đỏ thị xã Sa Pa")
    assert sapa[4] == ("Đạt 99,79 điểm thi đua, xếp thứ 2/9; hoàn thành 11/12 chỉ tiêu; "
                       "Tổ chức Hội thi Tuyên truyền viên Chữ thập đỏ cấp thị xã.")


def test_the_list_is_landscape_with_its_reference_a_repeated_header_and_rows_that_never_split(written):
    doc = Document(str(written["danh-sach-to-trinh-45.docx"]))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    lines = texts(doc)
    assert lines[4:7] == ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Phong trào thi đua năm 2023",
                          "(Kèm theo Tờ trình số 45/TTr-CTĐ ngày 05/12/2023 của Hội Chữ thập đỏ tỉnh Lào Cai)"]
    assert lines[-1] == "Tổng cộng: 03 tập thể và 01 cá nhân."
    rows = doc.tables[1].rows
    assert [c.text for c in rows[0].cells] == ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị",
                                               "Hình thức khen thưởng", "Tóm tắt thành tích"]
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)


# --- Quyết định ---------------------------------------------------------------------------------

def test_decision_has_the_authority_grounds_and_three_articles(written):
    lines = texts(written["quyet-dinh-120.docx"])
    assert "Số: 120/QĐ-CTĐ" in lines and "Lào Cai, ngày 08 tháng 12 năm 2023" in lines
    title = lines.index("QUYẾT ĐỊNH")
    assert lines[title + 1:title + 3] == ["Về việc khen thưởng thành tích phong trào thi đua năm 2023",
                                          "CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI"]
    decides = lines.index("QUYẾT ĐỊNH:")
    grounds = lines[title + 3:decides]
    assert [g.split(" ")[0] for g in grounds] == ["Căn", "Căn", "Căn", "Xét"]
    assert all(g.endswith(";") for g in grounds[:-1]) and grounds[-1].endswith(".")
    articles = [t for t in lines if t.startswith("Điều ")]
    assert [a[:7] for a in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert articles[0] == ("Điều 1. Tặng Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai cho 03 tập thể và 01 cá nhân có "
                           "thành tích xuất sắc trong phong trào thi đua năm 2023 (có danh sách kèm theo).")
    assert "chịu trách nhiệm thi hành Quyết định này" in articles[2]
    assert lines[lines.index("Nơi nhận:") + 1:][:2] == ["- Như Điều 3;", "- Lưu: VT, VP."]
    doc = Document(str(written["quyet-dinh-120.docx"]))
    for text in ("CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "QUYẾT ĐỊNH:"):
        p = paragraph(doc, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs if r.text.strip())
    first = paragraph(doc, articles[0]).runs
    assert first[0].text.strip() == "Điều 1." and first[0].bold and not first[1].bold


def test_the_decision_list_carries_the_decision_reference_and_the_office_awards_only(written):
    lines = texts(written["danh-sach-quyet-dinh-120.docx"])
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG" in lines
    assert "(Kèm theo Quyết định số 120/QĐ-CTĐ ngày 08/12/2023 của Hội Chữ thập đỏ tỉnh Lào Cai)" in lines
    assert "I. Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai: 03 tập thể và 01 cá nhân" in lines
    assert not any("Trung ương" in t for t in lines)
    assert "Trần Văn Hùng" in lines and "Chuyên viên, Văn phòng Hội Chữ thập đỏ tỉnh Lào Cai" in lines


# --- Báo cáo thành tích -------------------------------------------------------------------------

def test_a_collective_report_has_its_targets_scores_and_the_confirmation_of_the_level_above(written):
    doc = Document(str(written["bao-cao-thanh-tich-huyen-bat-xat.docx"]))
    lines = texts(doc)
    assert lines[:2] == ["HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "HỘI CHỮ THẬP ĐỎ\nHUYỆN BÁT XÁT"]
    assert "……………, ngày …… tháng …… năm 2023" in lines and not any(t.startswith("Số") for t in lines)
    assert lines[lines.index("BÁO CÁO THÀNH TÍCH") + 1] == "Đề nghị tặng Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai"
    headings = [t for t in lines if re.match(r"^I+\. ", t)]
    assert headings == ["I. Đặc điểm, tình hình", "II. Thành tích đạt được", "III. Các hình thức khen thưởng đã đạt"]
    results = doc.tables[1]
    assert [c.text for c in results.rows[0].cells] == ["STT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Điểm"]
    assert len(results.rows) == 13
    blood = [c.text for c in results.rows[7].cells]
    assert blood[0] == "7" and blood[1].startswith("Vận động hiến máu") and blood[2:] == ["845 đơn vị máu", "868", "15/15"]
    assert [c.text for c in results.rows[2].cells][2:] == ["30 triệu đồng mỗi công trình", "27", "0/8"]
    assert "Tổng điểm thi đua: 86,43 điểm (điểm các chỉ tiêu 86,43), xếp thứ 5/9 đơn vị." in lines
    signatures = [c.text.strip() for c in doc.tables[-1].rows[0].cells]
    assert signatures[0].startswith("XÁC NHẬN CỦA\nCẤP TRÌNH KHEN THƯỞNG\n(Ký, đóng dấu)")
    assert signatures[1].startswith("THỦ TRƯỞNG ĐƠN VỊ\n(Ký, đóng dấu)")


def test_a_person_report_has_the_profile_past_awards_and_is_signed_by_the_person(written):
    doc = Document(str(written["bao-cao-thanh-tich-nguyen-thi-lan.docx"]))
    lines = texts(doc)
    assert lines[:2] == ["HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "HỘI CHỮ THẬP ĐỎ\nHUYỆN BÁT XÁT"]
    assert f"Đề nghị tặng Bằng khen của {CENTRAL}" in lines
    profile = lines[lines.index("I. Sơ lược lý lịch") + 1:lines.index("II. Thành tích đạt được")]
    assert profile == ["- Họ và tên: Nguyễn Thị Lan", "- Giới tính: Nữ", "- Năm sinh: 1978", "- Chức vụ: Phó Chủ tịch",
                       "- Đơn vị công tác: Hội Chữ thập đỏ huyện Bát Xát"]
    assert "Chỉ đạo vận động 868 đơn vị máu, vượt chỉ tiêu giao." in lines
    assert "III. Khen thưởng" in lines and len(doc.tables) == 3  # header, past awards, signatures: no targets
    assert [c.text for c in doc.tables[1].rows[1].cells] == [
        "2021", "Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai", "85/QĐ-CTĐ ngày 10/12/2021", "Hội Chữ thập đỏ tỉnh Lào Cai"]
    signatures = [c.text.strip() for c in doc.tables[-1].rows[0].cells]
    assert signatures[0].startswith("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN\n(Ký, đóng dấu)")
    assert signatures[1].startswith("NGƯỜI BÁO CÁO THÀNH TÍCH\n(Ký, ghi rõ họ tên)") and \
        signatures[1].endswith("Nguyễn Thị Lan")
    # nothing recorded: blanks to fill in by hand, never "None"
    hung = texts(written["bao-cao-thanh-tich-tran-van-hung.docx"])
    assert "- Năm sinh: ………………………" in hung and not any("None" in t for t in hung)


def test_every_document_passes_the_decree_30_lint(written):
    for name, path in written.items():
        if path.suffix == ".docx":
            assert nd30.check_docx(path) == [], name


# --- the lint's named-document rows -------------------------------------------------------------

def _edited(path: Path, target: Path, edit) -> Path:
    doc = Document(str(path))
    edit(doc)
    doc.save(str(target))
    return target


def test_the_lint_finds_broken_grounds_articles_and_title(written, tmp_path):
    decision = written["quyet-dinh-120.docx"]

    def unbold_article(doc):
        p = next(p for p in doc.paragraphs if p.text.startswith("Điều 2."))
        p.runs[0].bold = False

    def upright_ground(doc):
        for run in next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Nghị định")).runs:
            run.italic = False

    def last_ground_with_semicolon(doc):
        p = next(p for p in doc.paragraphs if p.text.startswith("Xét "))
        p.runs[-1].text = p.runs[-1].text.rstrip(".") + ";"

    def title_not_bold(doc):
        for run in next(p for p in doc.paragraphs if p.text == "QUYẾT ĐỊNH").runs:
            run.bold = False

    cases = {unbold_article: "B6", upright_ground: "B2", last_ground_with_semicolon: "B2", title_not_bold: "H8"}
    for edit, rule in cases.items():
        findings = nd30.check_docx(_edited(decision, tmp_path / f"{edit.__name__}.docx", edit))
        assert [f.rule for f in findings] == [rule], (edit.__name__, findings)


def test_an_annexed_list_needs_no_date_but_other_forms_still_do(written, tmp_path):
    def drop_reference(doc):
        for p in doc.paragraphs:
            if p.text.startswith("(Kèm theo "):
                p._p.getparent().remove(p._p)

    edited = _edited(written["danh-sach-to-trinh-45.docx"], tmp_path / "x.docx", drop_reference)
    assert [f.rule for f in nd30.check_docx(edited)] == ["H6"]


# --- the batch ----------------------------------------------------------------------------------

def test_the_batch_writes_every_document_and_one_zip_of_them_all(written):
    names = sorted(written)
    assert names == sorted([
        "to-trinh-45.docx", "danh-sach-to-trinh-45.docx", "quyet-dinh-120.docx", "danh-sach-quyet-dinh-120.docx",
        "bao-cao-thanh-tich-thanh-pho-lao-cai.docx", "bao-cao-thanh-tich-thi-xa-sa-pa.docx",
        "bao-cao-thanh-tich-huyen-bao-yen.docx", "bao-cao-thanh-tich-huyen-van-ban.docx",
        "bao-cao-thanh-tich-huyen-bat-xat.docx", "bao-cao-thanh-tich-huyen-muong-khuong.docx",
        "bao-cao-thanh-tich-nguyen-thi-lan.docx", "bao-cao-thanh-tich-tran-van-hung.docx", "khen-thuong.zip"])
    zip_file = written["khen-thuong.zip"]
    assert zip_file.parent.name == "lao-cai-2023" and written["to-trinh-45.docx"].parent.name == "khen-thuong"
    with zipfile.ZipFile(zip_file) as archive:
        assert sorted(archive.namelist()) == sorted(n for n in names if n.endswith(".docx"))


def test_unchanged_inputs_reuse_the_files_and_a_removed_nominee_loses_its_report(tmp_path):
    campaign = copy_campaign(tmp_path / "campaigns")
    out = tmp_path / "outputs"
    first = {p.name: p.stat().st_mtime_ns for p in render_nominations(campaign, "lao-cai-2023", out)}
    again = {p.name: p.stat().st_mtime_ns for p in render_nominations(campaign, "lao-cai-2023", out)}
    assert again == first
    (campaign.parent / "lao-cai-2023" / "nominees.yaml").write_text(NOMINEES.split("  - name: Trần Văn Hùng")[0],
                                                                      encoding="utf-8")
    third = {p.name: p for p in render_nominations(campaign, "lao-cai-2023", out)}
    folder = out / "lao-cai-2023" / "khen-thuong"
    assert "bao-cao-thanh-tich-tran-van-hung.docx" not in third
    assert not (folder / "bao-cao-thanh-tich-tran-van-hung.docx").exists()
    assert not (folder / ".bao-cao-thanh-tich-tran-van-hung.docx.key").exists()
    assert third["to-trinh-45.docx"].stat().st_mtime_ns != first["to-trinh-45.docx"]  # the nominees changed
    with zipfile.ZipFile(third["khen-thuong.zip"]) as archive:
        assert "bao-cao-thanh-tich-tran-van-hung.docx" not in archive.namelist()


def test_the_sample_without_nominees_puts_forward_the_scored_units(tmp_path):
    campaign = copy_campaign(tmp_path, nominees=None)
    names = [p.name for p in render_nominations(campaign, "lao-cai-2023", tmp_path / "out")]
    assert len([n for n in names if n.startswith("bao-cao-")]) == 6
    noms = load_nominations(campaign)
    view = build_decision(noms.campaign, noms.scoreboard, noms.nominees)
    assert view.articles[0].text.startswith("Điều 1. Tặng Giấy khen của Hội Chữ thập đỏ tỉnh Lào Cai cho 03 tập thể có")


def test_two_awarding_bodies_get_two_submissions_numbered_in_one_series(tmp_path):
    def edit(text: str) -> str:
        return text.replace("    - id: bang-khen-tw\n      name: Bằng khen của Trung ương Hội Chữ thập đỏ Việt Nam\n"
                            "      body: Trung ương Hội Chữ thập đỏ Việt Nam",
                            "    - id: bang-khen-tw\n      name: Bằng khen của Ủy ban nhân dân tỉnh Lào Cai\n"
                            "      body: Ủy ban nhân dân tỉnh Lào Cai")
    campaign = copy_campaign(tmp_path, edit=edit)
    names = [p.name for p in render_nominations(campaign, "lao-cai-2023", tmp_path / "out")]
    assert {"to-trinh-45.docx", "to-trinh-46.docx", "danh-sach-to-trinh-46.docx"} <= set(names)
    lines = texts(tmp_path / "out" / "lao-cai-2023" / "khen-thuong" / "to-trinh-46.docx")
    assert "Số: 46/TTr-CTĐ" in lines and "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai." in lines


@pytest.mark.parametrize("edit, nominees, message", [
    (lambda t: t[:t.index("\n# Chấm điểm thi đua")] + "\n", None, "chưa có quy chế chấm điểm"),
    (lambda t: t.replace("  submission:\n    number: 45\n    date: 2023-12-05\n", ""), None, "scoring.submission"),
    (None, "people:\n  - {name: Lê Văn Tư, award: huan-chuong}\n", "people[0].award: không có hình thức khen thưởng"),
])
def test_what_cannot_be_made_is_said_before_anything_is_written(tmp_path, edit, nominees, message):
    campaign = copy_campaign(tmp_path / "c", nominees=nominees, edit=edit)
    with pytest.raises(NominationsError, match=re.escape(message)):
        render_nominations(campaign, "lao-cai-2023", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_views_take_their_inputs_from_records_and_the_scoreboard(tmp_path):
    campaign_path = copy_campaign(tmp_path)
    noms = load_nominations(campaign_path)
    results, _ = load_results(campaign_path)
    nominees, _ = load_nominees(campaign_path)
    scoreboard = score_campaign(noms.campaign, results)
    view = build_submission(noms.campaign, scoreboard, nominees, CENTRAL)
    assert view.number_symbol == "Số: 45/TTr-CTĐ" and view.title.type_name == "TỜ TRÌNH"
    assert [(g.award.id, g.collectives, g.people) for g in view.groups] == [("co-thi-dua", 1, 0),
                                                                             ("bang-khen-tw", 2, 1)]


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_writes_every_document_and_the_zip(tmp_path, runner):
    campaign = copy_campaign(tmp_path / "campaigns")
    result = runner.invoke(main, ["nominations", str(campaign), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    printed = [Path(line) for line in result.output.splitlines()]
    assert len(printed) == 13 and printed[-1] == tmp_path / "out" / "lao-cai-2023" / "khen-thuong.zip"
    assert all(p.is_file() for p in printed)


def test_cli_says_what_is_missing_with_exit_2(tmp_path, runner):
    campaign = copy_campaign(tmp_path, edit=lambda t: t.replace("  decision:\n    number: 120\n    date: 2023-12-08\n", ""))
    result = runner.invoke(main, ["nominations", str(campaign), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "scoring.decision" in result.output and "Traceback" not in result.output


# --- PDF: every document's first page -----------------------------------------------------------

@pytest.mark.libreoffice
def test_every_document_makes_a_pdf_whose_first_page_reads_right(tmp_path):
    tool("pdftotext")
    campaign = copy_campaign(tmp_path / "campaigns")
    paths = render_nominations(campaign, "lao-cai-2023", tmp_path / "out", pdf=True)
    pdfs = {p.name: p for p in paths if p.suffix == ".pdf"}
    assert len(pdfs) == 12
    expected = {
        "to-trinh-45.pdf": ["Số: 45/TTr-CTĐ", "TỜ TRÌNH", "Kính gửi: Trung ương Hội Chữ thập đỏ Việt Nam."],
        "quyet-dinh-120.pdf": ["Số: 120/QĐ-CTĐ", "CHỦ TỊCH HỘI CHỮ THẬP ĐỎ TỈNH LÀO CAI", "QUYẾT ĐỊNH:", "Điều 3."],
        "danh-sach-to-trinh-45.pdf": ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Tổng cộng: 03 tập thể và 01 cá nhân."],
        "bao-cao-thanh-tich-nguyen-thi-lan.pdf": ["BÁO CÁO THÀNH TÍCH", "NGƯỜI BÁO CÁO THÀNH TÍCH", "Nguyễn Thị Lan"],
        "bao-cao-thanh-tich-huyen-bat-xat.pdf": ["BÁO CÁO THÀNH TÍCH", "I. Đặc điểm, tình hình", "STT"],
    }
    for name, wanted in expected.items():
        page = " ".join(pdf_page_text(pdfs[name], 1).split())
        for text in wanted:
            assert text in page, (name, text)
    # a report's signatures never stand alone on a page: part III (heading and table) goes with them
    for name, pdf in pdfs.items():
        if name.startswith("bao-cao-"):
            pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
                [tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
            assert "III. " in pdf_page_text(pdf, pages), name
    # the decision and the lists fit one page; the Tờ trình's signature is not left alone on a page
    assert "Vàng Thị Mai Hương" in pdf_page_text(pdfs["quyet-dinh-120.pdf"], 1)
    last = " ".join(pdf_page_text(pdfs["to-trinh-45.pdf"], 2).split())
    assert "kính trình" in last and "Vàng Thị Mai Hương" in last
