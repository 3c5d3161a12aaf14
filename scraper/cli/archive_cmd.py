"""Commands of the archive area (registered on scraper.cli.base.cli): reparse, check."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from scraper.archive import Archive, ArchiveError
from scraper.archive.check import check_archive
from scraper.archive.reparse import reparse as reparse_archive
from scraper.cli.base import cli, db_option, json_option


def open_existing(db_path: str) -> Archive:
    """Open an archive that must already exist (these commands never create one)."""
    if not Path(db_path).exists():
        raise click.ClickException(
            f"{db_path}: no archive there; pass --db PATH or run `scraper crawl` first"
        )
    try:
        return Archive(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@db_option
@json_option
def reparse(db_path: str, as_json: bool) -> None:
    """Re-extract every article from its stored raw pages with the current parser.

    Makes no request: titles, bodies, quotes, versions and article-page view counts are
    re-read from the pages kept in the archive, and what changed is reported. Values the
    new parser cannot find are kept, never blanked.
    """
    with open_existing(db_path) as archive:
        try:
            report = reparse_archive(archive)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(report), indent=2, ensure_ascii=False))
        return
    click.echo(report.summary())
    for url, reason in report.failures:
        click.echo(f"unparseable: {url}: {reason}", err=True)
    for url in report.kept_empty:
        click.echo(f"kept stored title/body (page parsed empty): {url}", err=True)


@cli.command()
@db_option
@json_option
@click.option("--quick", is_flag=True,
              help="Skip decompressing and re-hashing every stored raw page.")
def check(db_path: str, as_json: bool, quick: bool) -> None:
    """Check the archive: SQLite integrity, foreign keys, full-text indexes, orphan rows
    and (unless --quick) every raw page against its sha256.

    Prints a one-line verdict; exits 1 when a problem is found.
    """
    with open_existing(db_path) as archive:
        try:
            report = check_archive(archive, deep=not quick)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps({"ok": report.ok, **dataclasses.asdict(report)}, indent=2))
    else:
        click.echo(report.verdict())
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
    if not report.ok:
        raise SystemExit(1)
