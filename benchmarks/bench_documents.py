"""Speed of the documents vanthu makes, each against a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_documents.py [--web-runs 20] [--web-baseline 5]
        [--docx-units 1000] [--units 400] [--pdf-baseline 20] [--single-process] [--docx-runs 50]
        [--skip web,docx-batch,batch,docx]

* web PDF download, warm: the sample dispatch DOCX → PDF through the long-lived LibreOffice
  (app.pdf_service.convert_document, after one warm-up conversion), median of ``--web-runs``, against one
  ``soffice --convert-to`` process per request (median of ``--web-baseline``). Target ≤ 0.3 s.
* checklist DOCX batch: ``vanthu checklists`` on ``--docx-units`` synthetic units against a loop of
  plain docxtpl renders of the same views.
* checklist PDF batch: ``convert_to_pdf`` on the checklist DOCX of a synthetic campaign of
  ``--units`` units (one LibreOffice per CPU core), against one ``soffice --convert-to`` process
  per file on a sample of ``--pdf-baseline``, compared per document. Target ≥ 25×.
* dispatch DOCX: the sample dispatch through vanthu's renderer against plain docxtpl
  (:func:`bench_dispatch_docx`). Target: at most a third of docxtpl's time.

Prints a table; asserts nothing. Needs LibreOffice (and python3-uno for the server).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.campaign import Campaign  # noqa: E402
from app.loader import load_campaign  # noqa: E402
from app.pdf import convert_to_pdf, find_soffice  # noqa: E402
from app.pdf_service import PdfService  # noqa: E402

SAMPLE = ROOT / "campaigns" / "lao-cai-2023.yaml"
KINDS = ["huyện", "thị xã", "thành phố", "đơn vị trực thuộc"]  # district level: all twelve targets

# (section, label, documents, seconds in all, seconds per document, ratio text)
Row = tuple[str, str, int, float, float, str]


def synthetic_campaign(units: int, seed: int = 2023) -> Campaign:
    """The sample campaign with ``units`` made-up district-level units and random weights
    (district level: every unit carries all twelve targets)."""
    rng = random.Random(seed)
    data = load_campaign(SAMPLE).model_dump()
    data["units"] = [{"name": f"Hội Chữ thập đỏ {kind} Thử Nghiệm {i:04d}",
                      "short_name": f"{kind} Thử Nghiệm {i:04d}", "kind": kind,
                      "weight": rng.randint(5, 200)}
                     for i in range(units) for kind in [KINDS[i % len(KINDS)]]]
    return Campaign.model_validate(data)


def soffice_once(docx: Path, out: Path, profile: Path) -> float:
    """Seconds for one ``soffice --convert-to`` process converting ``docx`` (the naive way)."""
    command = [find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), str(docx)]
    env = {**os.environ, "HOME": str(profile.parent)}
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, check=True)
    seconds = time.perf_counter() - start
    if not (out / (docx.stem + ".pdf")).exists():
        raise SystemExit(f"soffice did not convert {docx}")
    return seconds


def dispatch_docx(work: Path) -> Path:
    """The sample campaign's dispatch as a DOCX under ``work``."""
    from app.dispatch import render_dispatch

    return render_dispatch(load_campaign(SAMPLE), work, "sample")[0]


def bench_web_pdf(work: Path, runs: int, baseline_runs: int) -> list[Row]:
    """The web app's PDF download: warm long-lived LibreOffice against one soffice per request."""
    docx = dispatch_docx(work)
    section = "PDF công văn (tải về trên web)"
    # Baseline: one soffice process per request, its profile already created (untimed first run).
    profile = work / "naive" / "profile"
    soffice_once(docx, work / "naive" / "out", profile)
    naive = [soffice_once(docx, work / "naive" / "out", profile) for _ in range(baseline_runs)]
    # What a download did before the server: convert_to_pdf([docx]), a fresh profile each time.
    before = []
    for _ in range(baseline_runs):
        start = time.perf_counter()
        convert_to_pdf([docx], work / "before")
        before.append(time.perf_counter() - start)

    service = PdfService()
    try:
        start = time.perf_counter()
        service.start()
        started = time.perf_counter() - start
        start = time.perf_counter()
        service.convert(docx, work / "warm-up.pdf")
        first = time.perf_counter() - start
        mode = service.last_mode
        warm = []
        for index in range(runs):
            start = time.perf_counter()
            service.convert(docx, work / f"warm-{index % 2}.pdf")
            warm.append(time.perf_counter() - start)
        # A second download of an unchanged campaign: the content hash finds the PDF already made.
        from app.dispatch import render_dispatch

        campaign = load_campaign(SAMPLE)
        render_dispatch(campaign, work / "cached", "sample", pdf=True, convert=service.convert)
        cached = []
        for _ in range(runs):
            start = time.perf_counter()
            render_dispatch(campaign, work / "cached", "sample", pdf=True, convert=service.convert)
            cached.append(time.perf_counter() - start)
    finally:
        service.stop()
    naive_s, warm_s = statistics.median(naive), statistics.median(warm)
    label = "unoserver thường trực, đã khởi động (trung vị)" if mode == "server" else \
        f"DỰ PHÒNG soffice một lần ({service.fallback_reason})"
    return [
        (section, "một soffice --convert-to mỗi yêu cầu (trung vị)", baseline_runs, sum(naive), naive_s, "1.0×"),
        (section, "convert_to_pdf([docx]) mỗi yêu cầu (trước đây, trung vị)", baseline_runs, sum(before),
         statistics.median(before), f"{naive_s / statistics.median(before):.1f}×"),
        (section, "khởi động máy chủ (một lần)", 1, started, started, ""),
        (section, "chuyển đổi đầu tiên sau khởi động", 1, first, first, ""),
        (section, label, runs, sum(warm), warm_s, f"{naive_s / warm_s:.1f}×"),
        (section, "tải lại khi chiến dịch không đổi (băm nội dung, trung vị)", runs, sum(cached),
         statistics.median(cached), f"{naive_s / statistics.median(cached):.0f}×"),
    ]


def bench_batch_docx(work: Path, units: int) -> list[Row]:
    """Checklist DOCX: vanthu's batch (template compiled once, all cores) against a loop that makes
    every document with a fresh ``DocxTemplate(...).render(...).save(...)`` from the same views."""
    from docxtpl import DocxTemplate

    from app.checklist import ChecklistBuilder, unit_slugs
    from app.checklists import TEMPLATE, render_checklists
    from app.docx_render import make_environment

    campaign = synthetic_campaign(units)
    builder, slugs = ChecklistBuilder(campaign), unit_slugs(campaign.units)
    (work / "naive").mkdir(parents=True)
    start = time.perf_counter()
    for unit in campaign.units:
        template = DocxTemplate(str(TEMPLATE))
        template.render({"v": builder.view(unit)}, jinja_env=make_environment(), autoescape=True)
        template.save(work / "naive" / f"{slugs[unit.name]}.docx")
    naive_s = time.perf_counter() - start
    start = time.perf_counter()
    files = render_checklists(campaign, "bench", work / "fast", formats="docx").paths
    fast_s = time.perf_counter() - start
    section = f"DOCX bảng theo dõi ({units} đơn vị)"
    return [(section, "DocxTemplate(...).render(...).save(...) mỗi đơn vị", units, naive_s, naive_s / units, "1.0×"),
            (section, f"vanthu checklists ({os.cpu_count()} lõi)", len(files), fast_s, fast_s / len(files),
             f"{naive_s / units / (fast_s / len(files)):.1f}×")]


def bench_batch_pdf(work: Path, units: int, baseline: int, single_process: bool) -> list[Row]:
    """Checklist PDFs: convert_to_pdf (one LibreOffice per core) against one soffice per file."""
    from app.checklists import render_checklists

    campaign = synthetic_campaign(units)
    docx_files = render_checklists(campaign, "bench", work / "docx", formats=("docx",)).paths
    section = f"PDF bảng theo dõi ({units} đơn vị)"
    profile = work / "naive" / "profile"
    soffice_once(docx_files[0], work / "naive" / "out", profile)  # creates the profile, untimed
    sample = docx_files[:baseline]
    naive_s = sum(soffice_once(path, work / "naive" / "out", profile) for path in sample)
    naive_rate = len(sample) / naive_s
    rows: list[Row] = [(section, "một soffice --convert-to mỗi tệp", len(sample), naive_s, 1 / naive_rate, "1.0×")]
    if single_process:
        start = time.perf_counter()
        convert_to_pdf(docx_files, work / "pdf-1", processes=1)
        seconds = time.perf_counter() - start
        rows.append((section, "convert_to_pdf, một tiến trình (trước đây)", len(docx_files), seconds,
                     seconds / len(docx_files), f"{len(docx_files) / seconds / naive_rate:.1f}×"))
    start = time.perf_counter()
    convert_to_pdf(docx_files, work / "pdf")
    seconds = time.perf_counter() - start
    rows.append((section, f"convert_to_pdf, {os.cpu_count()} tiến trình (mỗi lõi một)", len(docx_files),
                 seconds, seconds / len(docx_files), f"{len(docx_files) / seconds / naive_rate:.1f}×"))
    return rows


def bench_dispatch_docx(work: Path, runs: int) -> list[Row]:
    """The dispatch DOCX ``runs`` times: plain docxtpl (a fresh DocxTemplate per document) against
    vanthu's renderer (template compiled once), same view and environment. Target: a third of
    docxtpl's time or less."""
    from docxtpl import DocxTemplate

    from app import docx_render
    from app.dispatch import TEMPLATE_PATH, build_dispatch

    section = "DOCX công văn"
    campaign = load_campaign(SAMPLE)
    view = build_dispatch(campaign)
    out = work / "dispatch-docx"
    out.mkdir(parents=True, exist_ok=True)
    context, env = {"v": view}, docx_render.make_environment()
    start = time.perf_counter()
    for index in range(runs):
        template = DocxTemplate(str(TEMPLATE_PATH))
        template.render(context, jinja_env=env, autoescape=True)
        template.save(out / f"plain-{index % 2}.docx")
    plain_s = time.perf_counter() - start
    rows: list[Row] = [(section, "DocxTemplate(...).render(...).save(...)", runs, plain_s, plain_s / runs, "1.0×")]
    docx_render.render_docx(TEMPLATE_PATH, view, out / "warm-up.docx")  # compiles the template once
    start = time.perf_counter()
    for index in range(runs):
        docx_render.render_docx(TEMPLATE_PATH, view, out / f"vanthu-{index % 2}.docx")
    fast_s = time.perf_counter() - start
    rows.append((section, "app.docx_render.render_docx (mẫu biên dịch một lần)", runs, fast_s, fast_s / runs,
                 f"{plain_s / fast_s:.1f}×"))
    return rows


def print_table(rows: list[Row]) -> None:
    print(f"\nvanthu: tốc độ tạo văn bản, {os.cpu_count()} lõi CPU\n")
    print(f"{'':58} {'tài liệu':>9} {'giây':>9} {'giây/tài liệu':>14} {'so với':>7}")
    section = None
    for sect, label, count, seconds, per_document, ratio in rows:
        if sect != section:
            print(sect)
            section = sect
        print(f"  {label:56} {count:>9} {seconds:>9.3f} {per_document:>14.3f} {ratio:>7}")
    print("\n(trung vị: giây/tài liệu là trung vị của các lần đo; 'so với' là tỉ lệ theo từng tài liệu)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web-runs", type=int, default=20, help="warm conversions through the server (default 20)")
    parser.add_argument("--web-baseline", type=int, default=5, help="soffice processes for the baseline (default 5)")
    parser.add_argument("--units", type=int, default=400, help="synthetic units in the PDF batch (default 400)")
    parser.add_argument("--pdf-baseline", type=int, default=20, help="checklists converted one process each (default 20)")
    parser.add_argument("--single-process", action="store_true",
                        help="also time the batch in one LibreOffice process (the former convert_to_pdf)")
    parser.add_argument("--docx-runs", type=int, default=50, help="dispatch DOCX builds per engine (default 50)")
    parser.add_argument("--docx-units", type=int, default=1000, help="synthetic units in the DOCX batch (default 1000)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: web, docx-batch, batch, docx")
    args = parser.parse_args()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-") as tmp:
        work = Path(tmp)
        if "web" not in skip:
            rows += bench_web_pdf(work / "web", args.web_runs, args.web_baseline)
        if "docx-batch" not in skip:
            rows += bench_batch_docx(work / "docx-batch", args.docx_units)
        if "batch" not in skip:
            rows += bench_batch_pdf(work / "batch", args.units, args.pdf_baseline, args.single_process)
        if "docx" not in skip:
            rows += bench_dispatch_docx(work / "docx", args.docx_runs)
    print_table(rows)


if __name__ == "__main__":
    main()
