"""Commands of the crawl area: ``scraper crawl``, ``scraper runs`` and ``scraper demo``."""

from __future__ import annotations

import json
import os
import signal
import sys
from types import FrameType
from typing import IO

import click

from scraper import DEFAULT_BASE_URL
from scraper.archive import Archive, ArchiveError
from scraper.cli.base import cli, db_option, json_option
from scraper.crawl import DEFAULT_CONCURRENCY, CrawlFailed, CrawlOptions, CrawlSummary, recent_runs, run_crawl
from scraper.demo import NEXT_COMMANDS, DemoRefused, run_demo
from scraper.fetch import DEFAULT_USER_AGENT, FetchSettings
from scraper.lock import LockHeld
from scraper.mirror.faults import FAULT_LEVELS
from scraper.schedule import DEFAULT_REFRESH_BUDGET

#: Exit status when another run holds the lock (EX_TEMPFAIL: "try again later").
EXIT_LOCKED = 75


class LockedError(click.ClickException):
    exit_code = EXIT_LOCKED


class ProgressLine:
    """A one-line live status on a terminal's stderr; silent under cron or a pipe."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.width = 0

    def __call__(self, summary: CrawlSummary) -> None:
        if not self.enabled:
            return
        text = (
            f"crawling: {summary.pages_fetched} pages ({summary.listing_pages} listing), "
            f"{summary.new_articles} new, {summary.refreshed} refreshed, {summary.errors} errors"
        )
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def default_parse_processes(delay: float | None) -> int:
    """Parser processes pay off only when spare CPUs exist beside the crawl and the (local) server."""
    return max(0, min(2, (os.cpu_count() or 1) - 2)) if delay == 0 else 0


def stop_on_sigterm() -> None:
    """Turn SIGTERM (systemd stop, kill) into KeyboardInterrupt so the run closes its crawl row."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@cli.command()
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True,
              help="The portal to crawl (scheme and host; only this host is ever requested).")
@db_option
@click.option("--full", is_flag=True,
              help="Walk the whole listing and re-fetch every known article (a backfill; resumable).")
@click.option("--delay", type=click.FloatRange(0), default=None,
              help="Seconds between requests to the host. Default: polite, max(1 s, robots.txt "
                   "Crawl-delay). 0 for the loopback mirror.")
@click.option("--max-pages", type=click.IntRange(1), default=None,
              help="Stop after this many pages; a cut-short backfill resumes on the next run.")
@click.option("--refresh-budget", type=click.IntRange(0), default=DEFAULT_REFRESH_BUDGET, show_default=True,
              help="Most known articles re-fetched for a fresh view count in one incremental run.")
@click.option("--user-agent", default=DEFAULT_USER_AGENT, show_default=True,
              help="User-Agent sent with every request; include a contact URL or address.")
@click.option("--timeout", type=click.FloatRange(0.1), default=FetchSettings.timeout, show_default=True,
              help="Seconds to wait for a connection, for each read, and for a whole body.")
@click.option("--tries", type=click.IntRange(1), default=FetchSettings.tries, show_default=True,
              help="Tries per page within a run (backoff with jitter between them).")
@click.option("--concurrency", type=click.IntRange(1, 64), default=DEFAULT_CONCURRENCY, show_default=True,
              help="Parallel requests, only with --delay 0 (otherwise one at a time).")
@click.option("--parse-processes", type=click.IntRange(0, 64), default=None,
              help="Processes that parse pages, only with --delay 0 (default: up to 2, leaving two "
                   "CPUs to the fetch/write process and the server; 0 parses in the fetch threads).")
@click.option("--images", is_flag=True, help="Also fetch and keep each article's photo.")
@json_option
@click.pass_context
def crawl(ctx: click.Context, base_url: str, db_path: str, full: bool, delay: float | None,
          max_pages: int | None, refresh_budget: int, user_agent: str, timeout: float, tries: int,
          concurrency: int, parse_processes: int | None, images: bool, as_json: bool) -> None:
    """Crawl the portal into the archive: new articles, and view counts that are due.

    Incremental by default: the listing from page 1 until a page brings no
    unknown article, plus the known articles the refresh schedule says are
    due (by age: every run for 2 days, daily for a month, weekly for a year,
    monthly after), most overdue first, within --refresh-budget. The first
    run walks the whole listing. Pages that fail are recorded and retried
    next run. Prints one summary line (or --json). Exit 0 when the run
    finished, even with failed pages; 1 when it could not proceed; 75 when
    another crawl holds the archive's lock.
    """
    source = ctx.get_parameter_source("concurrency")
    if source == click.core.ParameterSource.COMMANDLINE and concurrency > 1 and delay != 0:
        raise click.UsageError("--concurrency needs --delay 0: with a delay, requests go one at a time")
    if parse_processes and delay != 0:
        raise click.UsageError("--parse-processes needs --delay 0: with a delay, parsing keeps up in a thread")
    if parse_processes is None:
        parse_processes = default_parse_processes(delay)
    options = CrawlOptions(
        base_url=base_url.rstrip("/"),
        full=full,
        max_pages=max_pages,
        refresh_budget=refresh_budget,
        images=images,
        concurrency=concurrency,
        parse_processes=parse_processes,
        fetch=FetchSettings(user_agent=user_agent, delay=delay, timeout=timeout, tries=tries),
    )
    progress = ProgressLine()
    stop_on_sigterm()
    try:
        summary = run_crawl(db_path, options, on_progress=progress)
    except LockHeld as exc:
        raise LockedError(f"{exc}; this run is skipped") from exc
    except (CrawlFailed, ArchiveError) as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the lock file beside the archive cannot be created
        raise click.ClickException(
            f"{exc.filename or db_path}: {exc.strerror or exc}; check the directory exists and is writable"
        ) from exc
    finally:
        progress.clear()
    click.echo(json.dumps(summary.to_dict(), sort_keys=True) if as_json else summary.line())


@cli.command()
@db_option
@click.option("--articles", type=click.IntRange(10, 20_000), default=300, show_default=True,
              help="Articles of the mirror on day 0.")
@click.option("--days", type=click.IntRange(0, 30), default=4, show_default=True,
              help="Simulated days to crawl after day 0 (the removal is confirmed from day 3 on).")
@click.option("--faults", type=click.Choice(FAULT_LEVELS), default="light", show_default=True,
              help="Transient faults the mirror serves (the crawler retries through them).")
@click.option("--force", is_flag=True, help="Replace --db even if it was not made by the demo.")
def demo(db_path: str, articles: int, days: int, faults: str, force: bool) -> None:
    """Build a demo archive by crawling the bundled offline mirror over simulated days.

    Serves the mirror on 127.0.0.1 (nothing leaves the machine), crawls day
    0, then each following day (view counts grow, an article is edited on day
    1, one removed on day 2, a counter reset on day 3), and prints what the
    archive holds. Day d is stamped as (DAYS - d) days ago. An existing demo
    archive at --db is rebuilt; any other file is left alone unless --force.
    """
    progress = ProgressLine()

    def announce(day: int, summary: CrawlSummary) -> None:
        progress.clear()
        click.echo(f"day {day}: {summary.line()}", err=True)

    try:
        report = run_demo(db_path, articles=articles, days=days, faults=faults, force=force,
                          on_run=announce, on_progress=progress)
    except (DemoRefused, LockHeld, CrawlFailed, ArchiveError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.clear()
    width = max(len(label) for label in report.counts)
    click.echo(f"{db_path} (crawled from the mirror at {report.base_url}):")
    for label, count in report.counts.items():
        click.echo(f"  {label.ljust(width)}  {count:>7}")
    click.echo("Next:")
    for command in NEXT_COMMANDS:
        suffix = "" if db_path == "archive.db" else f" --db {db_path}"
        click.echo(f"  {command}{suffix}")


#: Columns of `scraper runs`: (key, heading).
RUN_COLUMNS = (
    ("id", "id"), ("started_at", "started"), ("finished_at", "finished"), ("mode", "mode"),
    ("status", "status"), ("pages_fetched", "pages"), ("new_articles", "new"),
    ("view_counts", "views"), ("errors", "errors"), ("message", "note"),
)


@cli.command()
@db_option
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True,
              help="How many runs to show, newest first.")
@json_option
def runs(db_path: str, limit: int, as_json: bool) -> None:
    """Show the last crawl runs: when, mode, status (ok, partial, failed, interrupted), counts."""
    try:
        with Archive(db_path, readonly=True) as db:
            rows = recent_runs(db, limit)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = [[("" if row[key] is None else str(row[key])) for key, _ in RUN_COLUMNS] for row in rows]
    headings = [heading for _, heading in RUN_COLUMNS]
    widths = [max(len(cell) for cell in column) for column in zip(headings, *table)]
    for line in [headings, *table]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
