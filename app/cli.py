"""The ``vanthu`` command: a thin click layer over the core library.

Every command prints Vietnamese messages, exits 0 on success, 2 on a bad campaign or bad
arguments, 1 when good input could not be turned into files (LibreOffice, disk), and never shows
a traceback for a user's mistake: core errors are turned into messages by :mod:`app.errors`, the
table the web app uses too.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from app.cli_users import users
from app.loader import campaign_slug, load_campaign

_CAMPAIGN_KEY = "vanthu.campaign"


def _remember_campaign(ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    # Context.meta is shared by the group and its commands: the group names the file in errors.
    ctx.meta[_CAMPAIGN_KEY] = value
    return value


# Shared by every command that takes a campaign file and writes generated files.
campaign_argument = click.argument("campaign", type=click.Path(path_type=Path, dir_okay=False),
                                   callback=_remember_campaign)
out_option = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                          default=Path("outputs"), show_default=True,
                          help="Thư mục kết quả: <OUT>/<chiến dịch>/.")


class UserError(click.ClickException):
    """A core error told as its message (already Vietnamese and located) with its exit status."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class _Group(click.Group):
    """Turns every core error a command lets through into a :class:`UserError` (app.errors)."""

    def invoke(self, ctx: click.Context) -> Any:
        from app.errors import EXIT_FAILED, describe

        try:
            return super().invoke(ctx)
        except click.ClickException:
            raise
        except Exception as exc:
            described = describe(exc)
            if described is None:
                raise
            text = described.message
            if described.exit_code == EXIT_FAILED:
                text = f"{described.title}: {text}"
            campaign = ctx.meta.get(_CAMPAIGN_KEY)
            if campaign is not None and not text.startswith(str(campaign)):
                text = f"{campaign}: {text}"
            raise UserError(text, described.exit_code) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanthu")
def main() -> None:
    """vanthu: văn bản thi đua theo Nghị định 30/2020/NĐ-CP từ tệp chiến dịch YAML."""


@main.command()
@campaign_argument
def validate(campaign: Path) -> None:
    """Kiểm tra tệp chiến dịch CAMPAIGN (.yaml); cảnh báo (ví dụ số thứ tự gõ tay) không làm lỗi."""
    from app.loader import check_campaign

    loaded, warnings = check_campaign(campaign)
    for warning in warnings:
        click.echo(warning.format(str(campaign)), err=True)
    note = f", {len(warnings)} cảnh báo" if warnings else ""
    click.echo(f"{campaign}: hợp lệ ({len(loaded.targets)} chỉ tiêu, {len(loaded.units)} đơn vị{note})")


@main.command()
@campaign_argument
def migrate(campaign: Path) -> None:
    """Chuyển tệp CAMPAIGN theo mẫu cũ (objectives, contents, assignments) sang các phần dispatch.parts, giữ chú thích."""
    from app.migrate import migrate_file

    if migrate_file(campaign):
        click.echo(f"{campaign}: đã chuyển sang mẫu mới (dispatch.parts); bản cũ lưu trong .history/")
    else:
        click.echo(f"{campaign}: đã theo mẫu mới, không thay đổi")


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Tệp chiến dịch mới, ví dụ campaigns/thai-nguyen-2024.yaml (không ghi đè tệp đã có).")
def import_dispatch(source: Path, output: Path) -> None:
    """Đọc công văn SOURCE (.docx hoặc .txt) thành một chiến dịch mới; in các ghi chú cần xem lại."""
    from app.dispatch_import import MAX_IMPORT_BYTES, DispatchImportError, campaign_yaml, import_campaign, kept_lines
    from app.errors import EXIT_BAD_INPUT
    from app.fsutil import atomic_write_text

    if output.exists():
        raise UserError(f"{output}: tệp đã có, không ghi đè; chọn tên khác với -o.", EXIT_BAD_INPUT)
    if source.stat().st_size > MAX_IMPORT_BYTES:
        raise DispatchImportError(f"{source}: tệp quá lớn (tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB)")
    result = import_campaign(source)
    atomic_write_text(output, campaign_yaml(result))
    for note in result.review:
        click.echo(f"{output}: review: {note}", err=True)
    if result.campaign is None:
        for problem in result.problems:
            click.echo(problem, err=True)
        raise UserError(f"{output}: đã ghi nhưng chưa hợp lệ; sửa các lỗi trên.", EXIT_BAD_INPUT)
    trip = kept_lines(source, None, result.campaign)
    click.echo(f"{output}: đã tạo từ {source}; in lại giữ đúng {trip.kept}/{trip.total} dòng "
               f"({trip.share:.0%}), {len(result.review)} ghi chú cần xem lại (review)")


@main.command("new-year")
@campaign_argument
@click.option("--year", type=click.IntRange(1946, 2200), default=None,
              help="Năm của chiến dịch mới (mặc định: năm sau năm của CAMPAIGN).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Tệp chiến dịch mới (mặc định: tên CAMPAIGN với năm mới, cùng thư mục; không ghi đè).")
def new_year(campaign: Path, year: int | None, output: Path | None) -> None:
    """Tạo chiến dịch năm sau từ CAMPAIGN: chuyển năm và các ngày, giữ chú thích; in những gì cần xem lại (review)."""
    from app.errors import EXIT_BAD_INPUT
    from app.loader import read_campaign_bytes, save_campaign
    from app.rollover import next_year_path, roll_forward

    loaded = load_campaign(campaign)
    year = year or loaded.year + 1
    if year <= loaded.year:
        raise UserError(f"{campaign}: năm mới ({year}) phải sau năm {loaded.year} của chiến dịch.", EXIT_BAD_INPUT)
    output = output or next_year_path(campaign, loaded.year, year)
    if output.exists():
        raise UserError(f"{output}: tệp đã có, không ghi đè; chọn tên khác với -o.", EXIT_BAD_INPUT)
    rolled, items = roll_forward(loaded, year)
    save_campaign(rolled, output, keep_history=False, previous=read_campaign_bytes(campaign))
    for item in items:
        click.echo(f"{output}: review: {item}")
    click.echo(f"{output}: đã tạo chiến dịch năm {year} từ {campaign}; {len(items)} ghi chú cần xem lại (review), "
               f"kết quả và khen thưởng năm {loaded.year} không chuyển sang")


@main.command()
@campaign_argument
@out_option
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF (cần LibreOffice).")
def render(campaign: Path, out_dir: Path, pdf: bool) -> None:
    """Tạo công văn phát động (DOCX, và PDF với --pdf) từ CAMPAIGN."""
    from app.dispatch import render_dispatch

    for path in render_dispatch(load_campaign(campaign), out_dir, campaign_slug(campaign), pdf=pdf):
        click.echo(str(path))


@main.command()
@click.argument("docx", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def check(docx: Path) -> None:
    """Kiểm tra thể thức một tệp DOCX theo Nghị định 30/2020/NĐ-CP."""
    from app.errors import EXIT_BAD_INPUT
    from app.nd30 import check_docx

    try:
        findings = check_docx(docx)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for a file that is not a DOCX
        raise UserError(f"{docx}: không đọc được tệp DOCX ({exc.__class__.__name__})", EXIT_BAD_INPUT) from exc
    for finding in findings:
        click.echo(f"{docx}: {finding}")
    if findings:
        sys.exit(1)
    click.echo(f"{docx}: đúng thể thức")


@main.command()
@campaign_argument
@out_option
@click.option("--units", "unit_names", multiple=True, metavar="TÊN",
              help="Chỉ tạo cho các đơn vị này (tên đầy đủ, tên ngắn hoặc mã, ví dụ huyen-bat-xat,thi-xa-sa-pa); "
                   "cách nhau bởi dấu phẩy hoặc lặp lại --units.")
@click.option("--format", "formats", default="docx,xlsx", show_default=True,
              help="Các định dạng, cách nhau bởi dấu phẩy: docx, xlsx, pdf.")
@click.option("--zip", "make_zip", is_flag=True, help="Gói tất cả vào <OUT>/<chiến dịch>/checklists.zip.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Số tiến trình (mặc định: mọi lõi CPU).")
def checklists(campaign: Path, out_dir: Path, unit_names: tuple[str, ...], formats: str, make_zip: bool,
               workers: int | None) -> None:
    """Tạo bảng theo dõi thực hiện chỉ tiêu cho từng đơn vị của CAMPAIGN (<OUT>/<chiến dịch>/checklists/)."""
    from tqdm import tqdm

    from app.checklists import render_checklists

    loaded = load_campaign(campaign)
    names = [name.strip() for value in unit_names for name in value.split(",") if name.strip()]
    # tqdm on a terminal only: a log file or a pipe gets no carriage-return noise.
    with tqdm(unit="tệp", desc="Bảng chỉ tiêu", disable=not sys.stderr.isatty()) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        batch = render_checklists(loaded, campaign_slug(campaign), out_dir, units=names or None, formats=formats,
                                  make_zip=make_zip, progress=progress, workers=workers)
    click.echo(f"{len(batch.files)} đơn vị, {len(batch.paths)} tệp trong {batch.directory}")
    if batch.zip_path:
        click.echo(str(batch.zip_path))


@main.group()
def units() -> None:
    """Danh sách đơn vị của chiến dịch."""


@units.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@campaign_argument
def units_import(source: Path, campaign: Path) -> None:
    """Thay danh sách đơn vị của CAMPAIGN bằng danh sách trong SOURCE (.csv hoặc .xlsx)."""
    from app.errors import EXIT_BAD_INPUT
    from app.units_import import UnitsImportError, import_units

    try:
        result = import_units(source, campaign)
    except UnitsImportError as exc:
        raise UserError(f"{exc}\nKhông ghi gì vào {campaign}.", EXIT_BAD_INPUT) from exc
    if result.ignored_columns:
        click.echo(f"Bỏ qua các cột: {', '.join(result.ignored_columns)}", err=True)
    click.echo(f"{campaign}: đã nhập {len(result.units)} đơn vị từ {source} (bản cũ lưu trong .history/)")


# --- results: vanthu results import ------------------------------------------------------------

@main.group()
def results() -> None:
    """Kết quả thực hiện chỉ tiêu của các đơn vị (campaigns/<chiến dịch>/results.yaml)."""


@results.command("import")
@campaign_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
def results_import(campaign: Path, files: tuple[Path, ...]) -> None:
    """Nhập kết quả từ các bảng theo dõi (.xlsx) đơn vị gửi lại; một tệp bị từ chối thì không lưu gì."""
    from app import vnformat
    from app.results_import import import_results

    summary = import_results(campaign, files)
    for unit in summary.units:
        values = ", ".join(f"{key}: {vnformat.format_number(value)}" for key, value in unit.values.items())
        click.echo(f"{unit.source}: {unit.unit}: {len(unit.values)} kết quả ({unit.changed} thay đổi)"
                   + (f" — {values}" if values else ""))
        if unit.not_reported:
            click.echo(f"  chưa báo cáo: {', '.join(unit.not_reported)}")
    if summary.path:
        click.echo(f"Đã lưu {summary.path} (bản cũ trong .history/)")
    else:
        click.echo("Không có kết quả nào thay đổi: không ghi gì.")


# --- scoreboard: vanthu score -------------------------------------------------------------------

@main.command()
@campaign_argument
@out_option
def score(campaign: Path, out_dir: Path) -> None:
    """Chấm điểm các đơn vị của CAMPAIGN theo quy chế và kết quả (campaigns/<tên>/results.yaml):
    in bảng xếp hạng, ghi <OUT>/<chiến dịch>/bang-diem.docx và .xlsx."""
    from app.scoreboard import build_scoreboard, load_scoreboard, ranking_lines, render_scoreboard

    loaded = load_campaign(campaign)
    board, _results, _version = load_scoreboard(campaign, loaded)
    view = build_scoreboard(loaded, board)
    for line in ranking_lines(view):
        click.echo(line)
    for path in render_scoreboard(view, out_dir, campaign_slug(campaign)):
        click.echo(str(path))


@main.group()
def nominees() -> None:
    """Cá nhân đề nghị khen thưởng (campaigns/<tên>/nominees.yaml)."""


@nominees.command("import")
@campaign_argument
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--replace", is_flag=True, help="Thay cả danh sách hiện có (mặc định: thêm vào cuối).")
def nominees_import(campaign: Path, source: Path, replace: bool) -> None:
    """Thêm các cá nhân trong SOURCE (.xlsx: Họ và tên, Giới tính, Năm sinh, Chức vụ, Đơn vị, Hình thức
    khen thưởng, Tóm tắt thành tích) vào danh sách đề nghị khen thưởng của CAMPAIGN."""
    from app.errors import EXIT_BAD_INPUT
    from app.nominees_import import MAX_BYTES, NomineesImportError, import_nominees
    from app.records import nominees_path

    loaded = load_campaign(campaign)
    with source.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # one byte over the limit: refused as too large
    try:
        result = import_nominees(campaign, loaded, str(source), data, replace=replace)
    except NomineesImportError as exc:
        raise UserError(f"{exc}\nKhông ghi gì vào {nominees_path(campaign)}.", EXIT_BAD_INPUT) from exc
    click.echo(f"{result.saved}: đã nhập {len(result.people)} cá nhân từ {source} (bản cũ lưu trong .history/)")



# --- award documents: vanthu nominations --------------------------------------------------------

@main.command()
@campaign_argument
@out_option
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF (cần LibreOffice).")
def nominations(campaign: Path, out_dir: Path, pdf: bool) -> None:
    """Tạo hồ sơ khen thưởng của CAMPAIGN: tờ trình, quyết định, danh sách kèm theo, báo cáo thành
    tích (<OUT>/<chiến dịch>/khen-thuong/ và khen-thuong.zip)."""
    from app.nominations import render_nominations

    for path in render_nominations(campaign, campaign_slug(campaign), out_dir, pdf=pdf):
        click.echo(str(path))


main.add_command(users)  # vanthu users add|passwd|role|remove|list (app/cli_users.py)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ nghe. Mặc định chỉ máy này mở được; địa chỉ khác cần VANTHU_SECRET_KEY.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Cổng.")
@click.option("--campaigns", "campaigns_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("campaigns"), show_default=True, help="Thư mục các tệp chiến dịch.")
@click.option("--outputs", "outputs_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("outputs"), show_default=True, help="Thư mục văn bản được tạo.")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(1, 256),
              help="Số luồng xử lý yêu cầu cùng lúc (một tải PDF chậm giữ một luồng).")
def serve(host: str, port: int, campaigns_dir: Path, outputs_dir: Path, threads: int) -> None:
    """Mở ứng dụng web (waitress) để soạn, xem và tải văn bản trên trình duyệt."""
    import waitress

    from app.errors import EXIT_BAD_INPUT
    from app.web import SecretKeyMissing, create_app, is_loopback

    if not campaigns_dir.is_dir():
        raise UserError(f"Không có thư mục chiến dịch {campaigns_dir}: tạo thư mục hoặc chỉ ra bằng --campaigns.",
                        EXIT_BAD_INPUT)
    from app.web.auth import NoAdmin

    try:
        app = create_app({"CAMPAIGNS_DIR": campaigns_dir, "OUTPUTS_DIR": outputs_dir, "HOST": host})
    except (SecretKeyMissing, NoAdmin) as exc:
        raise UserError(str(exc), EXIT_BAD_INPUT) from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"vanthu đang chạy: mở http://{shown}:{port} trên trình duyệt (Ctrl+C để dừng).")
    if not is_loopback(host):
        click.echo("Máy khác mở bằng địa chỉ IP của máy này; để mở bằng tên máy, khai báo tên đó trong "
                   "VANTHU_ALLOWED_HOSTS (cách nhau bởi dấu phẩy).")
    # A burst of clients makes waitress warn "Task queue depth is N" for every queued request; they
    # are all served, only a moment later: the log is kept for what needs a look.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="vanthu")
    except OSError as exc:
        raise UserError(f"Không mở được cổng {port} trên {host}: {exc.strerror or exc}. "
                        f"Cổng có thể đang được dùng: thử --port {port + 1}.", EXIT_BAD_INPUT) from exc


if __name__ == "__main__":  # pragma: no cover
    main()
