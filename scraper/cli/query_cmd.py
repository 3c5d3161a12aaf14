"""Commands of the query area: search, show, views, trending, most-read, quotes, export, serve.

Each opens the archive read-only, calls one function of :mod:`scraper.query`
(or :mod:`scraper.export`, :mod:`scraper.serve`), and prints a table, or JSON
with ``--json``.  ARTICLE arguments are resolved as an archive id, then the
site's id, then a URL (see :func:`scraper.query.resolve_article`).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import IO, Any

import click

from scraper import charts, export, query
from scraper.cli.base import cli, db_option, json_option

#: Widest a text column may grow in a table before it is cut with an ellipsis.
MAX_TEXT_WIDTH = 70

article_argument = click.argument("article", metavar="ARTICLE")
limit_option = click.option(
    "-n", "--limit", type=click.IntRange(1, 10_000), default=20, show_default=True,
    help="Most rows to show.",
)


@contextmanager
def open_archive(db_path: str) -> Iterator[sqlite3.Connection]:
    """The archive, read-only; library errors become one-line CLI messages."""
    try:
        conn = query.connect(db_path)
    except query.QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield conn
    except query.QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        conn.close()


def jsonable(value: Any) -> Any:
    """Dataclasses (and lists of them) as plain JSON values."""
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def echo_json(value: Any) -> None:
    click.echo(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return charts.format_count(value)
    return " ".join(str(value).split())


def echo_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """Print ``rows`` as an aligned table of ``columns`` (key, header); numbers right-aligned.

    The widest text column shrinks to fit the terminal, cut with an ellipsis.
    """
    if not rows:
        click.echo("(no rows)", err=True)
        return
    texts = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    numeric = [all(isinstance(row.get(key), (int, float)) or row.get(key) is None for row in rows)
               for key, _ in columns]
    widths = [max(len(header), *(len(t[i]) for t in texts)) for i, (_, header) in enumerate(columns)]
    widths = [min(w, MAX_TEXT_WIDTH) for w in widths]
    room = shutil.get_terminal_size((120, 24)).columns - 2 * (len(columns) - 1)
    if sum(widths) > room:
        widest = widths.index(max(widths))
        widths[widest] = max(12, widths[widest] - (sum(widths) - room))

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            value = value if len(value) <= widths[i] else value[: widths[i] - 1] + "…"
            parts.append(value.rjust(widths[i]) if numeric[i] else value.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    click.echo(click.style(line([h for _, h in columns]), bold=True))
    click.echo("  ".join("-" * w for w in widths))
    for values in texts:
        click.echo(line(values))


def highlight(snippet: str) -> str:
    """``**word**`` -> bold on a terminal; kept as Markdown when piped."""
    if not sys.stdout.isatty():
        return snippet
    return query.HIGHLIGHTED.sub(lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


@cli.command()
@click.argument("words", nargs=-1, required=True)
@limit_option
@db_option
@json_option
def search(words: tuple[str, ...], limit: int, db_path: str, as_json: bool) -> None:
    """Full-text search of article titles and bodies, best match first.

    Example: scraper search vaksin '"tenaga kesehatan"'. Words match as prefixes (vaksin finds vaksinasi), "quoted words" as a
    phrase; OR and NOT (upper case) combine terms; accents are ignored.
    """
    with open_archive(db_path) as conn:
        hits = query.search(conn, " ".join(words), limit=limit)
    if as_json:
        echo_json(hits)
        return
    if not hits:
        click.echo(f"no articles match {' '.join(words)!r}", err=True)
        return
    for hit in hits:
        removed = click.style(" [removed]", fg="red") if hit.removed_at else ""
        click.echo(click.style(f"{hit.id:>5}  {hit.title}", bold=True) + removed)
        click.echo(f"       {hit.published or '?'} · {cell(hit.views)} kali · {hit.url}")
        click.echo(f"       {highlight(' '.join(hit.snippet.split()))}")
        click.echo()


@cli.command()
@article_argument
@db_option
@json_option
def show(article: str, db_path: str, as_json: bool) -> None:
    """One article: fields, quotations, versions, removal.

    ARTICLE is the archive id, else the site's id (455), else the article URL.
    """
    with open_archive(db_path) as conn:
        data = query.show(conn, query.resolve_article(conn, article))
    if as_json:
        echo_json(data)
        return
    click.echo(click.style(data["title"] or "(untitled)", bold=True))
    for key in ("id", "site_article_id", "url", "published", "views", "credit", "image_url",
                "image_caption", "first_seen", "last_seen", "removed_at", "missing_since"):
        if data.get(key) is not None:
            click.echo(f"  {key:<16} {cell(data[key])}")
    obs = data["observations"]
    click.echo(f"  {'observations':<16} {obs['count']} ({obs['first']} … {obs['last']})")
    if data["removed_at"]:
        click.echo(click.style(f"  REMOVED from the portal on {data['removed_at']}", fg="red"))
    click.echo()
    click.echo(click.style(f"Quotations ({len(data['quotes'])})", bold=True))
    for q in data["quotes"]:
        who = ", ".join(filter(None, [q["speaker"], q["role"]])) or "?"
        click.echo(f"  ¶{q['paragraph']}  \"{q['text']}\" — {who} ({q['cue'] or '-'})")
    click.echo()
    click.echo(click.style(f"Versions ({len(data['versions'])})", bold=True))
    versions = [{**v, "content_hash": v["content_hash"][:12]} for v in data["versions"]]
    echo_table(versions, [("observed_at", "observed_at"), ("title", "title"),
                          ("body_chars", "body chars"), ("content_hash", "hash")])
    if data["body"]:
        click.echo()
        click.echo(data["body"])


@cli.command()
@article_argument
@click.option("--svg", "svg_path", type=click.Path(dir_okay=False, writable=True),
              help="Also write a publishable SVG chart of the history to this file.")
@click.option("--all", "all_points", is_flag=True,
              help="List every observation instead of one line per day.")
@db_option
@json_option
def views(article: str, svg_path: str | None, all_points: bool, db_path: str, as_json: bool) -> None:
    """An article's view-count history: growth per day and a sparkline.

    ARTICLE is the archive id, else the site's id (455), else the article URL.
    """
    with open_archive(db_path) as conn:
        history = query.view_history(conn, query.resolve_article(conn, article))
    if svg_path:
        from scraper.serve.plugin import history_svg  # the same chart the browser shows

        Path(svg_path).write_text(history_svg(history), encoding="utf-8")
        click.echo(f"wrote {svg_path}", err=True)
    if as_json:
        echo_json(history.to_dict())
        return
    click.echo(click.style(history.title or history.url, bold=True))
    click.echo(f"  {history.url}")
    if not history.points:
        click.echo("  no view counts recorded yet", err=True)
        return
    # one value per instant: the article page and its own sidebar often report at the same time
    values = list({p.observed_at: p.views for p in history.points}.values())
    click.echo(f"  {charts.sparkline(values)}  {cell(values[0])} → {cell(values[-1])} kali "
               f"over {len(history.daily)} days, {len(history.points)} observations")
    click.echo()
    if all_points:
        echo_table([asdict(p) for p in history.points],
                   [("observed_at", "observed_at"), ("views", "views"), ("source", "source")])
    else:
        echo_table([asdict(d) for d in history.daily],
                   [("day", "day"), ("views", "views"), ("gained", "gained"), ("per_day", "per day")])


@cli.command()
@click.option("--since", default="24h", show_default=True,
              help="Window ending at the archive's newest observation: 24h, 7d, 2w ...")
@limit_option
@db_option
@json_option
def trending(since: str, limit: int, db_path: str, as_json: bool) -> None:
    """Articles that gained most views recently.

    "Now" is the archive's newest observation, not the clock, so simulated
    (scraper demo) and old archives answer too.
    """
    try:
        query.parse_since(since)
    except query.QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    with open_archive(db_path) as conn:
        start, end, rows = query.trending(conn, since=since, limit=limit)
    if as_json:
        echo_json({"window_start": start, "window_end": end, "articles": rows})
        return
    click.echo(f"views gained from {start} to {end}", err=True)
    echo_table([asdict(r) for r in rows],
               [("gained", "gained"), ("views_end", "views"), ("article_id", "id"),
                ("published", "published"), ("title", "title")])


@cli.command("most-read")
@click.option("--date", "date", metavar="YYYY-MM-DD",
              help="The list as it stood on this day (UTC); default: the newest.")
@db_option
@json_option
def most_read(date: str | None, db_path: str, as_json: bool) -> None:
    """The portal's most-read list (BANYAK DIBACA) as it stood on a date."""
    with open_archive(db_path) as conn:
        snapshot = query.most_read_on(conn, date)
    if as_json:
        echo_json(snapshot)
        return
    click.echo(f"most read as seen at {snapshot.observed_at} (crawl {snapshot.crawl_id})", err=True)
    echo_table(snapshot.items, [("rank", "#"), ("views", "views"), ("published", "published"),
                                ("article_id", "id"), ("title", "title")])


@cli.command()
@click.option("--speaker", help="Name or role contained in the attribution (Bupati, Thoriq ...).")
@click.option("--search", "search_text", metavar="QUERY", help="Words in the quotation (as in `scraper search`).")
@limit_option
@db_option
@json_option
def quotes(speaker: str | None, search_text: str | None, limit: int, db_path: str, as_json: bool) -> None:
    """Quotations by speaker and/or words, with their article and date."""
    with open_archive(db_path) as conn:
        hits = query.quotes(conn, speaker=speaker, search_text=search_text, limit=limit)
    if as_json:
        echo_json(hits)
        return
    if not hits:
        click.echo("no quotations match", err=True)
        return
    for hit in hits:
        who = ", ".join(filter(None, [hit.speaker, hit.role])) or "?"
        click.echo(f"\"{hit.text}\"")
        click.echo(click.style(f"    — {who}", bold=True) + f" · {hit.published or '?'} · "
                   f"#{hit.article_id} {hit.title}")


@contextmanager
def open_text_output(output: str) -> Iterator[IO[str]]:
    """``-`` is stdout; a file is UTF-8 with newlines untranslated (the csv module writes CRLF)."""
    if output == "-":
        yield sys.stdout
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        yield out


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(export.FORMATS), required=True,
              help="csv / jsonl: one table or view; warc: every stored raw page.")
@click.option("--table", help="Table or view to export (csv, jsonl). Default: articles.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="File to write; '-' is stdout (not for warc).")
@db_option
def export_cmd(fmt: str, table: str | None, output: str, db_path: str) -> None:
    """Export a table as CSV or JSON Lines, or the raw pages as a WARC (.warc.gz)."""
    if fmt == "warc" and table:
        raise click.UsageError("--table applies to csv and jsonl; a WARC holds the raw pages")
    if fmt == "warc" and output == "-" and sys.stdout.isatty():
        raise click.UsageError("a WARC is binary: give -o FILE.warc.gz")
    with open_archive(db_path) as conn:
        if fmt == "warc":
            with click.open_file(output, "wb") as out:
                count = export.write_warc(conn, out, source=Path(db_path).name)
            click.echo(f"wrote {count} response records to {output}", err=True)
            return
        table = export.check_table(conn, table or "articles")
        writer = export.write_csv if fmt == "csv" else export.write_jsonl
        with open_text_output(output) as out:
            count = writer(conn, table, out)
    click.echo(f"wrote {count} rows of {table} to {output}", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. 0.0.0.0 exposes the archive to every machine that can reach "
                   "this one (needs --public).")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port to listen on.")
@click.option("--public", is_flag=True, help="Allow a --host other than loopback.")
@click.option("--immutable", is_flag=True,
              help="Treat the file as a finished snapshot (faster; wrong while a crawl writes).")
def serve(db_path: str, host: str, port: int, public: bool, immutable: bool) -> None:
    """Browse the archive in Datasette (read-only) at http://127.0.0.1:8001/."""
    from scraper import serve as serving  # Datasette loads only for this command

    try:
        datasette = serving.prepare(db_path, host=host, public=public, immutable=immutable)
    except serving.ServeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    serving.run(datasette, host=host, port=port)
