"""The ``vanthu`` command: a thin click layer over the core library.

Every command prints Vietnamese messages, exits 0 on success, 2 on a bad campaign or bad
arguments, and never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
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


@contextlib.contextmanager
def _writing_outputs() -> Iterator[None]:
    """Turn a failed conversion or write into a Vietnamese message and exit status 1."""
    from app.pdf import PdfError

    try:
        yield
    except PdfError as exc:
        click.echo(f"Lỗi PDF: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"Không ghi được tệp: {exc}", err=True)
        sys.exit(1)


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

    loaded = _load_or_exit(campaign)
    with _writing_outputs():
        paths = render_dispatch(loaded, out_dir, campaign_slug(campaign), pdf=pdf)
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


# --- checklists and units (issue 4) -----------------------------------------------------------

@main.command()
@click.argument("campaign", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("outputs"),
              show_default=True, help="Thư mục kết quả: <OUT>/<chiến dịch>/checklists/.")
@click.option("--units", "unit_names", multiple=True, metavar="TÊN",
              help="Chỉ tạo cho các đơn vị này (tên đầy đủ, tên ngắn hoặc mã, ví dụ huyen-bat-xat,thi-xa-sa-pa); "
                   "cách nhau bởi dấu phẩy hoặc lặp lại --units.")
@click.option("--format", "formats", default="docx,xlsx", show_default=True,
              help="Các định dạng, cách nhau bởi dấu phẩy: docx, xlsx, pdf.")
@click.option("--zip", "make_zip", is_flag=True, help="Gói tất cả vào <OUT>/<chiến dịch>/checklists.zip.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: mọi lõi CPU).")
def checklists(campaign: Path, out_dir: Path, unit_names: tuple[str, ...], formats: str, make_zip: bool,
               workers: int | None) -> None:
    """Tạo bảng theo dõi thực hiện chỉ tiêu cho từng đơn vị của CAMPAIGN."""
    from app.checklists import ChecklistError, render_checklists
    from app.quotas import QuotaError

    loaded = _load_or_exit(campaign)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            from tqdm import tqdm

            # tqdm on a terminal only: a log file or a pipe gets no carriage-return noise.
            bar = tqdm(total=total, unit="tệp", desc="Bảng chỉ tiêu", disable=not sys.stderr.isatty())
        bar.update(done - bar.n)

    try:
        names = [name.strip() for value in unit_names for name in value.split(",") if name.strip()]
        with _writing_outputs():
            batch = render_checklists(loaded, campaign_slug(campaign), out_dir, units=names or None,
                                      formats=formats, make_zip=make_zip, progress=progress, workers=workers)
    except (ChecklistError, QuotaError) as exc:
        click.echo(f"{campaign}: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    finally:
        if bar is not None:
            bar.close()
    click.echo(f"{len(batch.files)} đơn vị, {len(batch.paths)} tệp trong {batch.directory}")
    if batch.zip_path:
        click.echo(str(batch.zip_path))


@main.group()
def units() -> None:
    """Danh sách đơn vị của chiến dịch."""


@units.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("campaign", type=click.Path(path_type=Path, dir_okay=False))
def units_import(source: Path, campaign: Path) -> None:
    """Thay danh sách đơn vị của CAMPAIGN bằng danh sách trong SOURCE (.csv hoặc .xlsx)."""
    from app.units_import import UnitsImportError, import_units

    try:
        result = import_units(source, campaign)
    except CampaignError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except UnitsImportError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"Không ghi gì vào {campaign}.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if result.ignored_columns:
        click.echo(f"Bỏ qua các cột: {', '.join(result.ignored_columns)}", err=True)
    click.echo(f"{campaign}: đã nhập {len(result.units)} đơn vị từ {source} (bản cũ lưu trong .history/)")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ nghe. Mặc định chỉ máy này mở được; địa chỉ khác cần VANTHU_SECRET_KEY.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Cổng.")
@click.option("--campaigns", "campaigns_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("campaigns"), show_default=True, help="Thư mục các tệp chiến dịch.")
@click.option("--outputs", "outputs_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("outputs"), show_default=True, help="Thư mục văn bản được tạo.")
def serve(host: str, port: int, campaigns_dir: Path, outputs_dir: Path) -> None:
    """Mở ứng dụng web (waitress) để soạn, xem và tải văn bản trên trình duyệt."""
    import waitress

    from app.web import SecretKeyMissing, create_app

    if not campaigns_dir.is_dir():
        click.echo(f"Không có thư mục chiến dịch {campaigns_dir}: tạo thư mục hoặc chỉ ra bằng --campaigns.",
                   err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        app = create_app({"CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir, "HOST": host})
    except SecretKeyMissing as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"vanthu đang chạy: mở http://{shown}:{port} trên trình duyệt (Ctrl+C để dừng).")
    try:
        waitress.serve(app, host=host, port=port, threads=8, ident="vanthu")
    except OSError as exc:
        click.echo(f"Không mở được cổng {port} trên {host}: {exc.strerror or exc}. "
                   f"Cổng có thể đang được dùng: thử --port {port + 1}.", err=True)
        sys.exit(EXIT_BAD_INPUT)


if __name__ == "__main__":  # pragma: no cover
    main()
