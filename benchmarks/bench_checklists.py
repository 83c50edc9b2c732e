"""Throughput of the checklist batch against the naive ways, on a synthetic 1,000-unit campaign.

    .venv/bin/python benchmarks/bench_checklists.py [--units 1000] [--pdf-units N] [--pdf-baseline 20] [--no-pdf]

DOCX: vanthu's batch (template compiled once, all cores) against a loop that builds every
document with a fresh ``DocxTemplate(...).render(...).save(...)`` on the same template and data.
PDF: vanthu's batch conversion (one LibreOffice run per 200 files, see
app.pdf.convert_to_pdf) against one ``soffice --convert-to`` process per file,
compared per document. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate

from app.campaign import Campaign
from app.checklist import ChecklistBuilder, unit_slugs
from app.checklists import TEMPLATE, render_checklists
from app.docx_render import make_environment
from app.loader import load_campaign
from app.pdf import convert_to_pdf, find_soffice

KINDS = ["huyện", "thị xã", "thành phố", "đơn vị trực thuộc"]  # district level: all twelve targets


def synthetic_campaign(units: int, seed: int = 2023) -> Campaign:
    """The sample campaign with ``units`` made-up district-level units and random weights."""
    rng = random.Random(seed)
    data = load_campaign(ROOT / "campaigns" / "lao-cai-2023.yaml").model_dump()
    data["units"] = [{"name": f"Hội Chữ thập đỏ {kind} Thử Nghiệm {i:04d}",
                      "short_name": f"{kind} Thử Nghiệm {i:04d}", "kind": kind,
                      "weight": rng.randint(5, 200)}
                     for i in range(units) for kind in [KINDS[i % len(KINDS)]]]
    return Campaign.model_validate(data)


def naive_docx(campaign: Campaign, out: Path, count: int) -> float:
    """Seconds for ``count`` documents made the plain docxtpl way, one template object each."""
    # The same views as the batch, built once: the comparison is about building documents.
    builder = ChecklistBuilder(campaign)
    slugs = unit_slugs(campaign.units)
    start = time.perf_counter()
    for unit in campaign.units[:count]:
        template = DocxTemplate(str(TEMPLATE))
        template.render({"v": builder.view(unit)}, jinja_env=make_environment(), autoescape=True)
        template.save(out / f"{slugs[unit.name]}.docx")
    return time.perf_counter() - start


def soffice_per_file(files: list[Path], out: Path) -> float:
    """Seconds to convert ``files`` with one ``soffice --convert-to`` process each."""
    soffice = find_soffice()
    profile = (out / "profile").as_uri()
    env = {**os.environ, "HOME": str(out)}
    base = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out / "pdf")]
    # Warm-up (not timed): the first start creates the profile, which the batch run also pays.
    subprocess.run(base + [str(files[0])], capture_output=True, env=env, check=True)
    start = time.perf_counter()
    for path in files:
        subprocess.run(base + [str(path)], capture_output=True, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000, help="synthetic units (default 1000)")
    parser.add_argument("--naive", type=int, default=None, help="documents for the naive loop (default: all)")
    parser.add_argument("--pdf-units", type=int, default=None, help="documents in the PDF batch (default: all)")
    parser.add_argument("--pdf-baseline", type=int, default=20, help="documents converted one process each")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF part")
    args = parser.parse_args()

    campaign = synthetic_campaign(args.units)
    naive_count = min(args.naive or args.units, args.units)
    rows: list[tuple[str, int, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-") as tmp:
        work = Path(tmp)
        (work / "naive").mkdir()
        naive_s = naive_docx(campaign, work / "naive", naive_count)
        start = time.perf_counter()
        batch = render_checklists(campaign, "bench", work / "fast", formats="docx")
        fast_s = time.perf_counter() - start
        docx_files = batch.paths
        naive_rate, fast_rate = naive_count / naive_s, len(docx_files) / fast_s
        rows.append(("DOCX: DocxTemplate().render().save() loop", naive_count, naive_s, "1.0×"))
        rows.append((f"DOCX: vanthu batch ({os.cpu_count()} cores)", len(docx_files), fast_s,
                     f"{fast_rate / naive_rate:.1f}×"))

        if not args.no_pdf:
            baseline = docx_files[: args.pdf_baseline]
            per_file_s = soffice_per_file(baseline, work / "soffice")
            sample = docx_files[: args.pdf_units or len(docx_files)]
            start = time.perf_counter()
            convert_to_pdf(sample, work / "pdf")
            batch_s = time.perf_counter() - start
            per_file_rate, batch_rate = len(baseline) / per_file_s, len(sample) / batch_s
            rows.append(("PDF: one soffice process per file", len(baseline), per_file_s, "1.0×"))
            rows.append(("PDF: vanthu, one soffice run per 200 files", len(sample), batch_s,
                         f"{batch_rate / per_file_rate:.1f}×"))
        shutil.rmtree(work / "naive", ignore_errors=True)

    print(f"\nBảng theo dõi chỉ tiêu: {args.units} đơn vị tổng hợp, {os.cpu_count()} lõi CPU\n")
    print(f"{'':46} {'tài liệu':>9} {'giây':>8} {'tài liệu/giây':>14} {'so với':>7}")
    for label, count, seconds, ratio in rows:
        print(f"{label:46} {count:>9} {seconds:>8.2f} {count / seconds:>14.1f} {ratio:>7}")


if __name__ == "__main__":
    main()
