"""``vanthu users``: the accounts of the web app on the office network (add, passwd, role, remove, list).

A group of its own module to keep app/cli.py short; registered there. The accounts are in
:mod:`app.users`; its errors (taken name, short password, last admin) are told as messages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.users import ADMIN, ROLES, VIEWER, UsersError, UserStore, default_db_path

__all__ = ["users"]

_ROLE_HELP = "viewer: xem và tải; clerk: thêm sửa và tạo văn bản; admin: thêm xóa, khôi phục và quản lý tài khoản."


def _store(campaigns_dir: Path, db: Path | None) -> UserStore:
    return UserStore(db or default_db_path(campaigns_dir))


def _db_options(command):
    command = click.option("--db", type=click.Path(path_type=Path, dir_okay=False), default=None,
                           help="Tệp tài khoản (mặc định: VANTHU_USERS_DB, hoặc vanthu-users.sqlite3 cạnh thư mục --campaigns).")(command)
    return click.option("--campaigns", "campaigns_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("campaigns"), show_default=True,
                        help="Thư mục chiến dịch mà vanthu serve dùng (tài khoản nằm cạnh nó).")(command)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        # For scripts: the first line of standard input, so it never shows in the process list.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


_stdin_option = click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ dòng đầu của đầu vào chuẩn.")


class _UsersGroup(click.Group):
    """Tells a refused account change (:class:`app.users.UsersError`) as its message, exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsersError as exc:
            from app.cli import UserError  # here: app.cli imports this module
            from app.errors import EXIT_BAD_INPUT

            raise UserError(str(exc), EXIT_BAD_INPUT) from exc


@click.group(cls=_UsersGroup)
def users() -> None:
    """Tài khoản đăng nhập khi ứng dụng web mở trên mạng nội bộ (vanthu serve --host 0.0.0.0)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default=VIEWER, show_default=True, help=_ROLE_HELP)
@_stdin_option
@_db_options
def users_add(name: str, role: str, password_stdin: bool, campaigns_dir: Path, db: Path | None) -> None:
    """Tạo tài khoản NAME (mật khẩu được hỏi hai lần, hoặc --password-stdin)."""
    store = _store(campaigns_dir, db)
    user = store.add(name, _password(password_stdin), role)
    click.echo(f"Đã tạo tài khoản {user.name} ({user.role}) trong {store.path}")


@users.command("passwd")
@click.argument("name")
@_stdin_option
@_db_options
def users_passwd(name: str, password_stdin: bool, campaigns_dir: Path, db: Path | None) -> None:
    """Đặt mật khẩu mới cho NAME (các phiên đăng nhập cũ của NAME kết thúc)."""
    store = _store(campaigns_dir, db)
    store.require(name)  # before asking for a password that would be thrown away
    store.set_password(name, _password(password_stdin))
    click.echo(f"Đã đổi mật khẩu của {name.strip().lower()}")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@_db_options
def users_role(name: str, role: str, campaigns_dir: Path, db: Path | None) -> None:
    """Đổi vai trò của NAME thành ROLE (viewer, clerk hoặc admin)."""
    _store(campaigns_dir, db).set_role(name, role)
    click.echo(f"{name.strip().lower()}: vai trò mới là {role}")


@users.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Không hỏi lại.")
@_db_options
def users_remove(name: str, yes: bool, campaigns_dir: Path, db: Path | None) -> None:
    """Xóa tài khoản NAME (không xóa được admin cuối cùng)."""
    if not yes:
        click.confirm(f"Xóa tài khoản {name}?", abort=True)
    _store(campaigns_dir, db).remove(name)
    click.echo(f"Đã xóa tài khoản {name.strip().lower()}")


@users.command("list")
@_db_options
def users_list(campaigns_dir: Path, db: Path | None) -> None:
    """Liệt kê các tài khoản và vai trò."""
    store = _store(campaigns_dir, db)
    found = store.list()
    if not found:
        click.echo(f"Chưa có tài khoản nào trong {store.path}. Tạo quản trị viên đầu tiên: "
                   f"vanthu users add TÊN --role {ADMIN}")
    for user in found:
        click.echo(f"{user.name}\t{user.role}\t{user.changed}")
