"""The click group and the options that several commands share.

Every command module in this package imports ``cli`` from here and registers
itself with ``@cli.command()``; ``scraper.cli`` imports them all.  Commands
stay thin: parse options, call one library function, print the result (data
to stdout, logs and progress to stderr), and turn the library's own
exceptions into one-line ``click.ClickException`` messages.
"""

from __future__ import annotations

import logging

import click

from scraper import __version__

#: Environment variable that overrides the default archive path for every command.
DB_ENVVAR = "SCRAPER_DB"
DEFAULT_DB = "archive.db"

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=DEFAULT_DB,
    envvar=DB_ENVVAR,
    show_default=True,
    show_envvar=True,
    help="SQLite archive to use.",
)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of a table."
)


def configure_logging(verbosity: int) -> None:
    """Send log records to stderr at a level chosen by ``-v``/``-q`` counts."""
    level = {-2: logging.ERROR, -1: logging.WARNING, 0: logging.WARNING, 1: logging.INFO}.get(
        verbosity, logging.DEBUG if verbosity > 1 else logging.CRITICAL
    )
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scraper")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Less output: only errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Crawl, parse, archive and browse the Lumajang regency's government news.

    Start with `scraper demo` (builds archive.db from the bundled offline
    mirror), then `scraper search`, `scraper views` or `scraper serve`.
    """
    ctx.ensure_object(dict)
    ctx.obj["verbosity"] = verbose - quiet
    configure_logging(verbose - quiet)
