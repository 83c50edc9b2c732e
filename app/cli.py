"""The ``vanthu`` command: a thin click layer over the core library.

Every command prints Vietnamese messages, exits 0 on success, 2 on a bad campaign or bad
arguments, and never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.loader import CampaignError, campaign_slug, load_campaign

EXIT_BAD_INPUT = 2


def _load_or_exit(path: Path):
    """Load a campaign, or print its problems (file:line: field: message) and exit 2."""
    try:
        return load_campaign(path)
    except CampaignError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanthu")
def main() -> None:
    """vanthu: văn bản thi đua theo Nghị định 30/2020/NĐ-CP từ tệp chiến dịch YAML."""


@main.command()
@click.argument("campaign", type=click.Path(path_type=Path, dir_okay=False))
def validate(campaign: Path) -> None:
    """Kiểm tra tệp chiến dịch CAMPAIGN (.yaml)."""
    loaded = _load_or_exit(campaign)
    click.echo(f"{campaign}: hợp lệ ({len(loaded.targets)} chỉ tiêu, {len(loaded.units)} đơn vị)")


@main.command()
@click.argument("campaign", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("outputs"),
              show_default=True, help="Thư mục kết quả.")
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF (cần LibreOffice).")
def render(campaign: Path, out_dir: Path, pdf: bool) -> None:
    """Tạo công văn phát động (DOCX, và PDF với --pdf) từ CAMPAIGN."""
    from app.dispatch import render_dispatch
    from app.pdf import PdfError

    loaded = _load_or_exit(campaign)
    try:
        paths = render_dispatch(loaded, out_dir, campaign_slug(campaign), pdf=pdf)
    except PdfError as exc:
        click.echo(f"Lỗi PDF: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Không ghi được tệp: {exc}", err=True)
        sys.exit(1)
    for path in paths:
        click.echo(str(path))


@main.command()
@click.argument("docx", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def check(docx: Path) -> None:
    """Kiểm tra thể thức một tệp DOCX theo Nghị định 30/2020/NĐ-CP."""
    from app.nd30 import check_docx

    try:
        findings = check_docx(docx)
    except Exception as exc:  # python-docx raises several types for a file that is not a DOCX
        click.echo(f"{docx}: không đọc được tệp DOCX ({exc.__class__.__name__})", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for finding in findings:
        click.echo(f"{docx}: {finding}")
    if findings:
        sys.exit(1)
    click.echo(f"{docx}: đúng thể thức")


if __name__ == "__main__":  # pragma: no cover
    main()
