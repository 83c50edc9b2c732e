"""Every award document of a campaign, written to ``outputs/<name>/khen-thuong/`` and zipped.

:func:`load_nominations` reads the campaign, its results and nominees (``campaigns/<name>/``),
scores the units and plans the documents: one Tờ trình per awarding body with its annexed list,
the Quyết định for the office's own awards with its list, and one achievement report per
collective and person put forward. :func:`render_nominations` writes them all through the one
DOCX renderer (and PDF with ``pdf``) plus ``khen-thuong.zip``; a file already made from the same
campaign, results, nominees, template and code is reused (:mod:`app.outputs`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import outputs
from app.achievement import build_achievement
from app.award_list import DECISION_LIST_TITLE, SUBMISSION_LIST_TITLE, build_award_list
from app.awards import NominationsError, collect_candidates
from app.campaign import Campaign
from app.checklist import unit_slug
from app.decision import build_decision
from app.linebreak import one_line
from app.loader import load_campaign
from app.messages import msg
from app.records import Nominees, load_nominees
from app.scoreboard import load_scoreboard
from app.scoring import Scoreboard
from app.submission import build_submission, submission_bodies

__all__ = [
    "NominationDocument", "Nominations", "load_nominations", "render_nominations", "render_document",
    "nominations_dir", "zip_path", "zip_download_name", "TEMPLATES",
]

_FOLDER = Path(__file__).resolve().parent.parent / "templates_docx"
TEMPLATES = {kind: _FOLDER / f"{kind}.docx" for kind in ("submission", "decision", "award_list", "achievement")}

Convert = Callable[[Path, Path], Path]


@dataclass(frozen=True)
class NominationDocument:
    """One document to write: its file under ``khen-thuong/``, what the web page calls it, the
    name a download gets, and the view its template renders."""

    filename: str          # to-trinh-45.docx
    label: str             # Tờ trình số 45/TTr-CTĐ gửi …
    download_name: str     # Tờ trình 45-TTr-CTĐ đề nghị khen thưởng năm 2023.docx
    kind: str              # a key of TEMPLATES
    view: Any

    @property
    def stem(self) -> str:
        return self.filename.removesuffix(".docx")

    @property
    def template(self) -> Path:
        return TEMPLATES[self.kind]


@dataclass(frozen=True)
class Nominations:
    """A campaign's award documents and what they are made from."""

    campaign: Campaign
    scoreboard: Scoreboard
    nominees: Nominees
    documents: list[NominationDocument]
    inputs: str  # the results and nominees as JSON: part of every document's fingerprint

    def document(self, stem: str) -> NominationDocument | None:
        return next((d for d in self.documents if d.stem == stem), None)

    def key(self, document: NominationDocument) -> str:
        return outputs.fingerprint(self.campaign, document.template, self.inputs, document.filename)


def load_nominations(campaign_path: str | os.PathLike[str], campaign: Campaign | None = None) -> Nominations:
    """Read the campaign at ``campaign_path`` (or take ``campaign``, already loaded from it), its
    results and nominees, score it and plan its award documents (none when nobody is put forward).

    Raises :class:`app.awards.NominationsError` when the campaign has no scoring rules, a number
    is missing or a nominee's award is unknown; :class:`app.loader.CampaignError` for a broken file.
    """
    campaign = campaign if campaign is not None else load_campaign(campaign_path)
    if campaign.scoring is None:
        raise NominationsError(msg("chiến dịch chưa có quy chế chấm điểm và khen thưởng (mục scoring trong tệp "
                               "chiến dịch)"))
    # The scoreboard's own way in: results that do not fit the campaign are refused, not scored.
    scoreboard, results, _ = load_scoreboard(campaign_path, campaign)
    nominees, _ = load_nominees(campaign_path)
    inputs = json.dumps([results.model_dump(mode="json"), nominees.model_dump(mode="json")], sort_keys=True,
                        ensure_ascii=False)
    return Nominations(campaign, scoreboard, nominees, _plan(campaign, scoreboard, nominees), inputs)


def _plan(campaign: Campaign, scoreboard: Scoreboard, nominees: Nominees) -> list[NominationDocument]:
    candidates = collect_candidates(campaign, scoreboard, nominees)
    issuer, year = one_line(campaign.issuer.name), campaign.year
    docs: list[NominationDocument] = []

    def numbered(view, kind: str, base: str, label: str, what: str, list_title: str) -> None:
        number, dashed = view.number, view.number.short.replace("/", "-")
        docs.append(NominationDocument(f"{base}-{number.number}.docx", label,
                                       f"{number.type_name.capitalize()} {dashed} {what} năm {year}.docx", kind, view))
        annex = build_award_list(campaign, view.groups, list_title, number.reference(issuer))
        docs.append(NominationDocument(f"danh-sach-{base}-{number.number}.docx",
                                       f"Danh sách kèm theo {number.type_name.capitalize()} số {number.short}",
                                       f"Danh sách kèm theo {number.type_name.capitalize()} {dashed}.docx",
                                       "award_list", annex))

    for body in submission_bodies(scoreboard):
        if any(c.award.body == body for c in candidates):
            view = build_submission(campaign, scoreboard, nominees, body)
            numbered(view, "submission", "to-trinh", f"Tờ trình số {view.number.short} gửi {body}", "đề nghị khen thưởng",
                     SUBMISSION_LIST_TITLE)
    if any(not c.award.body for c in candidates):
        view = build_decision(campaign, scoreboard, nominees)
        numbered(view, "decision", "quyet-dinh", f"Quyết định số {view.number.short} khen thưởng", "khen thưởng",
                 DECISION_LIST_TITLE)
    used: set[str] = set()
    for candidate in candidates:
        shown = candidate.score.unit.short_name if candidate.collective and candidate.score else candidate.name
        slug = base = f"bao-cao-thanh-tich-{unit_slug(shown)}"
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        docs.append(NominationDocument(f"{slug}.docx", f"Báo cáo thành tích: {candidate.name} ({candidate.award.name})",
                                       f"Báo cáo thành tích - {shown}.docx", "achievement",
                                       build_achievement(campaign, candidate)))
    return docs


def nominations_dir(out_dir: str | os.PathLike[str], name: str) -> Path:
    """``<out_dir>/<campaign>/khen-thuong``."""
    return Path(out_dir) / name / "khen-thuong"


def zip_path(out_dir: str | os.PathLike[str], name: str) -> Path:
    """``<out_dir>/<campaign>/khen-thuong.zip``."""
    return Path(out_dir) / name / "khen-thuong.zip"


def zip_download_name(campaign: Campaign, name: str) -> str:
    return f"Hồ sơ khen thưởng {campaign.year} - {name}.zip"


def render_document(nominations: Nominations, document: NominationDocument, folder: Path, *, pdf: bool = False,
                    convert: Convert | None = None) -> Path:
    """Write ``document``'s DOCX into ``folder`` (and its PDF with ``pdf``, made by ``convert`` or one
    LibreOffice run) unless already made from the same inputs; return the last file written."""
    from app.docx_render import render_docx  # imported late: docxtpl is heavy to import

    key = nominations.key(document)
    target = folder / document.filename
    if not outputs.is_fresh(target, key):
        render_docx(document.template, document.view, target)
        outputs.mark_fresh(target, key)
    if not pdf:
        return target
    pdf_path = target.with_suffix(".pdf")
    if not outputs.is_fresh(pdf_path, key):
        _convert([target], convert)
        outputs.mark_fresh(pdf_path, key)
    return pdf_path


def _convert(docx_paths: list[Path], convert: Convert | None) -> None:
    if convert is not None:
        for path in docx_paths:
            convert(path, path.with_suffix(".pdf"))
    elif docx_paths:
        from app.pdf import convert_to_pdf

        convert_to_pdf(docx_paths)


def render_nominations(campaign: str | os.PathLike[str], name: str, out_dir: str | os.PathLike[str], *,
                       pdf: bool = False, convert: Convert | None = None) -> list[Path]:
    """Write every award document of the campaign file ``campaign`` to ``<out_dir>/<name>/khen-thuong/``
    (DOCX, and PDF with ``pdf``) and ``<out_dir>/<name>/khen-thuong.zip`` of them all; return the
    files, the ZIP last. Files of documents no longer planned (a nominee removed) are deleted.

    Raises :class:`app.awards.NominationsError` when nobody is put forward, or as
    :func:`load_nominations` does, before anything is written.
    """
    from app.checklists import write_zip

    nominations = load_nominations(campaign)
    if not nominations.documents:
        raise NominationsError(msg("chưa có tập thể, cá nhân nào được đề nghị khen thưởng: kiểm tra kết quả chấm "
                               "điểm (results.yaml) và danh sách cá nhân (nominees.yaml)"))
    folder = nominations_dir(out_dir, name)
    docx = [render_document(nominations, d, folder) for d in nominations.documents]
    paths = list(docx)
    if pdf:
        keys = [nominations.key(d) for d in nominations.documents]
        stale = [p for p, k in zip(docx, keys, strict=True) if not outputs.is_fresh(p.with_suffix(".pdf"), k)]
        _convert(stale, convert)
        for path, key in zip(docx, keys, strict=True):
            outputs.mark_fresh(path.with_suffix(".pdf"), key)
            paths.append(path.with_suffix(".pdf"))
    _remove_others(folder, {p.name for p in paths})
    archive = zip_path(out_dir, name)
    zip_key = hashlib.sha256("\n".join(outputs.fingerprint(nominations.campaign, d.template, nominations.inputs,
                                                           d.filename, str(pdf)) for d in nominations.documents)
                             .encode()).hexdigest()
    if not outputs.is_fresh(archive, zip_key):
        write_zip(paths, archive)
        outputs.mark_fresh(archive, zip_key)
    return paths + [archive]


def _remove_others(folder: Path, keep: set[str]) -> None:
    """Delete the documents (and their fingerprints) of ``folder`` that are not in ``keep``."""
    for path in folder.iterdir():
        named = path.name[1:].removesuffix(".key") if path.name.startswith(".") and path.suffix == ".key" else path.name
        if path.suffix in (".docx", ".pdf", ".key") and named not in keep:
            path.unlink(missing_ok=True)
