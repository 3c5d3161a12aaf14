"""Commands of the parse area (registered on scraper.cli.base.cli)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from scraper.cli.base import cli
from scraper.parse import NoContent, NotHTML, parse_page

#: Exit codes of ``scraper parse`` (CONTRACT.md).
EXIT_NOT_HTML = 2
EXIT_NO_CONTENT = 3


@cli.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--url", help="The page's own URL: resolves relative links and gives the article id.")
@click.option("--content-type", help="The HTTP Content-Type header the page was served with (helps decoding).")
def parse_command(file: str, url: str | None, content_type: str | None) -> None:
    """Parse a saved page FILE ('-' for stdin) and print the article or listing as JSON.

    Exits 2 when FILE is missing, empty or not HTML, and 3 when it is HTML
    holding neither an article nor a listing (such as a "Halaman tidak
    ditemukan" page).
    """
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as error:
        _fail(f"cannot read {file}: {error.strerror or error}; check the path", EXIT_NOT_HTML)
    try:
        page = parse_page(data, url=url, content_type=content_type)
    except NotHTML as error:
        _fail(f"{file} is not an HTML page ({error}); pass a saved .html file", EXIT_NOT_HTML)
    except NoContent as error:
        _fail(f"{file} holds no article or listing: {error}", EXIT_NO_CONTENT)
    click.echo(json.dumps(page.to_dict(), ensure_ascii=False, indent=2))


def _fail(message: str, code: int) -> None:
    """One line on stderr and the contract's exit code (a ClickException would always exit 1)."""
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(code)
