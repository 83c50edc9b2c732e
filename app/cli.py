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


if __name__ == "__main__":  # pragma: no cover
    main()
