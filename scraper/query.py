"""The journalist's questions, asked of the archive through a read-only connection.

Search, one article with its quotations and versions, its view history with
growth per day, what is trending, the most-read list as it stood on a date,
and quotations by speaker or words.  Every function takes an open
``sqlite3.Connection`` (see :func:`connect`) and returns plain dataclasses or
dicts, so the CLI, the Datasette plugin and the benchmark all share them.

Nothing here writes: :func:`connect` opens the file with SQLite's
``mode=ro``, so a crawl can keep writing while journalists read.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from scraper.archive import Archive, ArchiveError
from scraper.archive.model import TIME_FORMAT

log = logging.getLogger(__name__)

#: Markers around matched words in search snippets: Markdown bold, readable in
#: JSON and plain terminals; the CLI turns them into ANSI bold on a terminal.
HIGHLIGHT_OPEN = "**"
HIGHLIGHT_CLOSE = "**"
HIGHLIGHTED = re.compile(re.escape(HIGHLIGHT_OPEN) + r"(.+?)" + re.escape(HIGHLIGHT_CLOSE))
SNIPPET_TOKENS = 14

#: A search query: quoted phrases, the upper-case operators FTS5 knows, or plain words.
QUERY_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)|(?P<stray>")')
FTS_OPERATORS = frozenset({"OR", "AND", "NOT"})

#: ``--since`` windows: a number and a unit (hours, days, weeks).
SINCE_PATTERN = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
SINCE_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class QueryError(ValueError):
    """A question the archive cannot answer as asked; the message is one line for the CLI."""


# --------------------------------------------------------------------------- connection


def connect(path: str | Path) -> sqlite3.Connection:
    """The archive's read-only connection (SQLite ``mode=ro``, schema version checked).

    Opened through :class:`~scraper.archive.Archive` so that the archive stays
    the one module that decides how its file is opened.
    """
    try:
        return Archive(path, readonly=True).conn
    except ArchiveError as exc:
        raise QueryError(str(exc)) from exc


def iso_time(moment: datetime) -> str:
    """The archive's stored time format (``2021-01-26T08:00:00Z``)."""
    return moment.astimezone(timezone.utc).strftime(TIME_FORMAT)


def parse_time(value: str) -> datetime:
    """Read a stored time (or a bare date, taken as UTC midnight)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# --------------------------------------------------------------------------- search


def build_fts_query(text: str) -> str:
    """Turn what a journalist types into a safe FTS5 query.

    Plain words become prefix terms (``vaksin`` -> ``"vaksin"*``, so it also
    finds *vaksinasi*); ``"quoted phrases"`` stay phrases; upper-case ``OR``,
    ``AND``, ``NOT`` stay operators.  Every other character is quoted, so
    FTS5 syntax (``:``, ``-``, ``^``, parentheses) typed by accident cannot
    change the meaning.  An unbalanced quote is refused here; operators in
    impossible places are refused by SQLite and reported by :func:`search`.
    """
    terms = []
    for match in QUERY_TOKEN.finditer(text):
        if match.group("stray"):
            raise QueryError(f"unbalanced quotation mark in search query {text!r}")
        phrase, word = match.group("phrase"), match.group("word")
        if phrase is not None:
            if phrase.strip():
                terms.append(f'"{phrase.strip()}"')
        elif word in FTS_OPERATORS:
            terms.append(word)
        elif any(ch.isalnum() for ch in word):
            terms.append(f'"{word}"*')
    if not any(term not in FTS_OPERATORS for term in terms):
        raise QueryError(f"empty search query {text!r}: give at least one word")
    return " ".join(terms)


def run_match(conn: sqlite3.Connection, sql: str, params: tuple, text: str) -> list[sqlite3.Row]:
    """Run an FTS query, turning FTS5's syntax errors into a :class:`QueryError`."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "syntax error" in str(exc):
            raise QueryError(
                f"malformed search query {text!r}: {exc}; put words in quotes to search them literally"
            ) from exc
        raise


@dataclass
class SearchHit:
    """One article that matched, with its matching passage."""

    id: int
    site_article_id: str | None
    title: str | None
    published: str | None
    views: int | None
    url: str
    removed_at: str | None
    snippet: str


SEARCH_SQL = f"""
SELECT a.id, a.site_article_id, a.title, a.published, a.views, a.url, a.removed_at,
       snippet(articles_fts, -1, '{HIGHLIGHT_OPEN}', '{HIGHLIGHT_CLOSE}', '…', {SNIPPET_TOKENS}) AS snippet
FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH ?
ORDER BY articles_fts.rank
LIMIT ?
"""


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[SearchHit]:
    """Full-text search over titles and bodies, best match first (FTS5 bm25)."""
    query = build_fts_query(text)
    rows = run_match(conn, SEARCH_SQL, (query, limit), text)
    return [SearchHit(**dict(row)) for row in rows]


# --------------------------------------------------------------------------- one article


def resolve_article(conn: sqlite3.Connection, ref: str) -> int:
    """Find the archive id of ``ref``: an archive id, else the site's id, else a URL.

    A number is tried as ``articles.id`` first, then as the portal's own id
    (``site_article_id``, the ``455`` in ``/detail-berita/455/...``); when it
    is both, the archive id wins and the other reading is logged so the
    journalist can pass the URL instead.
    """
    ref = ref.strip()
    if ref.isdigit():
        by_id = conn.execute("SELECT id FROM articles WHERE id = ?", (int(ref),)).fetchone()
        by_site = conn.execute(
            "SELECT id FROM articles WHERE site_article_id = ? ORDER BY id LIMIT 1", (ref,)
        ).fetchone()
        if by_id:
            if by_site and by_site[0] != by_id[0]:
                log.warning(
                    "%s is archive id %s; the site's article %s is archive id %s (pass its URL for that one)",
                    ref, by_id[0], ref, by_site[0],
                )
            return by_id[0]
        if by_site:
            return by_site[0]
    else:
        row = conn.execute(
            "SELECT id FROM articles WHERE url = ? OR url = ?", (ref, ref.rstrip("/"))
        ).fetchone()
        if row:
            return row[0]
    raise QueryError(
        f"no article {ref!r} in the archive: give an archive id, the site's id or the article URL "
        "(find it with `scraper search`)"
    )


def show(conn: sqlite3.Connection, article_id: int) -> dict[str, Any]:
    """Everything the archive holds about one article, newest state first."""
    row = conn.execute(
        """SELECT id, url, site_article_id, title, published, views, image_url, image_caption,
                  credit, first_seen, last_seen, removed_at, missing_since, body
           FROM articles WHERE id = ?""",
        (article_id,),
    ).fetchone()
    if row is None:
        raise QueryError(f"no article with archive id {article_id}")
    article = dict(row)
    article["quotes"] = [
        dict(r)
        for r in conn.execute(
            "SELECT paragraph, text, speaker, role, cue FROM quotes WHERE article_id = ? "
            "ORDER BY paragraph, id",
            (article_id,),
        )
    ]
    article["versions"] = [
        dict(r)
        for r in conn.execute(
            "SELECT observed_at, title, content_hash, length(body) AS body_chars "
            "FROM article_versions WHERE article_id = ? ORDER BY observed_at, id",
            (article_id,),
        )
    ]
    stats = conn.execute(
        "SELECT count(*), min(observed_at), max(observed_at) FROM view_counts WHERE article_id = ?",
        (article_id,),
    ).fetchone()
    article["observations"] = {"count": stats[0], "first": stats[1], "last": stats[2]}
    return article


# --------------------------------------------------------------------------- view history


@dataclass
class ViewPoint:
    """One observation of an article's view counter."""

    observed_at: str
    views: int
    source: str


@dataclass
class DailyGrowth:
    """The counter at the end of one UTC day and what it gained since the previous observed day."""

    day: str
    views: int
    gained: int | None
    per_day: float | None


@dataclass
class ViewHistory:
    """An article's view counter over time."""

    article_id: int
    title: str | None
    url: str
    points: list[ViewPoint] = field(default_factory=list)
    daily: list[DailyGrowth] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def view_history(conn: sqlite3.Connection, article_id: int) -> ViewHistory:
    """Every observation of the article's counter, oldest first, with growth per day.

    One range scan of the covering index ``idx_view_counts_article``.  Counts
    that went down are shown as observed (the archive never "fixes" them).
    """
    head = conn.execute("SELECT title, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if head is None:
        raise QueryError(f"no article with archive id {article_id}")
    points = [
        ViewPoint(*row)
        for row in conn.execute(
            "SELECT observed_at, views, source FROM view_counts WHERE article_id = ? "
            "ORDER BY observed_at, id",
            (article_id,),
        )
    ]
    return ViewHistory(article_id, head["title"], head["url"], points, daily_growth(points))


def daily_growth(points: list[ViewPoint]) -> list[DailyGrowth]:
    """Collapse observations to one per UTC day (the day's last) and the gain per day.

    ``per_day`` divides by the calendar days between observed days, so a
    week without a crawl does not look like one explosive day.
    """
    last_of_day: dict[str, int] = {}
    for point in points:
        last_of_day[point.observed_at[:10]] = point.views
    daily: list[DailyGrowth] = []
    previous: tuple[datetime, int] | None = None
    for day, views in last_of_day.items():
        moment = datetime.fromisoformat(day)
        if previous is None:
            daily.append(DailyGrowth(day, views, None, None))
        else:
            gained = views - previous[1]
            days = max((moment - previous[0]).days, 1)
            daily.append(DailyGrowth(day, views, gained, round(gained / days, 1)))
        previous = (moment, views)
    return daily


# --------------------------------------------------------------------------- trending


def parse_since(since: str) -> timedelta:
    """``24h``, ``7d``, ``2w`` -> a timedelta; anything else is a :class:`QueryError`."""
    match = SINCE_PATTERN.match(since)
    if not match or int(match.group(1)) == 0:
        raise QueryError(f"--since {since!r} is not a window like 24h, 7d or 2w")
    return timedelta(**{SINCE_UNITS[match.group(2).lower()]: int(match.group(1))})


@dataclass
class TrendingRow:
    """Views an article gained inside the window."""

    article_id: int
    title: str | None
    published: str | None
    url: str
    views_start: int
    views_end: int
    gained: int


#: Per article, a few seeks on the covering index ``idx_view_counts_article``
#: (article_id, observed_at, views) instead of grouping every observation in the
#: window: the cost grows with the number of articles, not with the window's rows
#: (a 7-day window over 5,000 hourly-crawled articles is 840,000 observations).
TRENDING_SQL = """
WITH windowed AS (
    SELECT a.id AS article_id, a.published,
           (SELECT v.observed_at FROM view_counts v
            WHERE v.article_id = a.id AND v.observed_at <= :end
            ORDER BY v.observed_at DESC, v.views DESC LIMIT 1) AS last_at
    FROM articles a
),
based AS (
    SELECT w.article_id,
           (SELECT v.views FROM view_counts v
            WHERE v.article_id = w.article_id AND v.observed_at = w.last_at
            ORDER BY v.views DESC LIMIT 1) AS views_end,
           coalesce(
               (SELECT v.views FROM view_counts v
                WHERE v.article_id = w.article_id AND v.observed_at <= :start
                ORDER BY v.observed_at DESC, v.views DESC LIMIT 1),
               -- first seen inside the window and published in it: every view is new
               CASE WHEN w.published >= :start_day THEN 0 END,
               (SELECT v.views FROM view_counts v
                WHERE v.article_id = w.article_id AND v.observed_at > :start
                ORDER BY v.observed_at, v.views LIMIT 1)
           ) AS views_start
    FROM windowed w
    WHERE w.last_at > :start
)
SELECT b.article_id, a.title, a.published, a.url, b.views_start, b.views_end,
       b.views_end - b.views_start AS gained
FROM based b JOIN articles a ON a.id = b.article_id
WHERE b.views_end > b.views_start
ORDER BY gained DESC, b.article_id
LIMIT :limit
"""


def newest_observation(conn: sqlite3.Connection) -> datetime | None:
    """The time of the newest view observation: "now" for the archive."""
    row = conn.execute("SELECT max(observed_at) FROM view_counts").fetchone()
    return parse_time(row[0]) if row and row[0] else None


def trending(
    conn: sqlite3.Connection, since: str = "24h", limit: int = 10
) -> tuple[str | None, str | None, list[TrendingRow]]:
    """The articles that gained most views in the window ending at the newest observation.

    Gained = the latest count minus the last count before the window (or 0 for
    an article published inside it, else its first count in the window); a
    counter that went down does not trend.  "Now" is the archive's newest observation, not the wall clock, so an
    archive built over simulated days (``scraper demo``) or read years later
    still answers.  Returns ``(window_start, window_end, rows)``.
    """
    window = parse_since(since)
    end = newest_observation(conn)
    if end is None:
        return None, None, []
    start = end - window
    rows = conn.execute(
        TRENDING_SQL,
        {"start": iso_time(start), "end": iso_time(end), "start_day": start.date().isoformat(), "limit": limit},
    ).fetchall()
    return iso_time(start), iso_time(end), [TrendingRow(**dict(r)) for r in rows]


# --------------------------------------------------------------------------- most read


@dataclass
class MostReadSnapshot:
    """The "BANYAK DIBACA" list as one crawl saw it."""

    observed_at: str
    crawl_id: int | None
    items: list[dict[str, Any]]


def most_read_on(conn: sqlite3.Connection, date: str | None = None) -> MostReadSnapshot:
    """The most-read list as it stood on ``date`` (its last snapshot that day or before).

    Without a date: the newest snapshot.  ``date`` is ``YYYY-MM-DD`` (UTC).
    """
    if date is None:
        bound = "9999-12-31T23:59:59Z"
    else:
        try:
            day = datetime.strptime(date, "%Y-%m-%d")
        except ValueError as exc:
            raise QueryError(f"--date {date!r} is not a date like 2021-03-31") from exc
        bound = day.strftime("%Y-%m-%dT23:59:59Z")
    head = conn.execute(
        "SELECT crawl_id, observed_at FROM most_read WHERE observed_at <= ? "
        "ORDER BY observed_at DESC, id DESC LIMIT 1",
        (bound,),
    ).fetchone()
    if head is None:
        first = conn.execute("SELECT min(observed_at) FROM most_read").fetchone()[0]
        hint = f"the first is from {first}" if first else "none is recorded yet: run a crawl"
        raise QueryError(f"no most-read list recorded on or before {date or 'now'}: {hint}")
    items = conn.execute(
        """SELECT m.rank, coalesce(a.title, m.title) AS title, m.views, m.published,
                  m.article_id, coalesce(a.url, m.url) AS url
           FROM most_read m LEFT JOIN articles a ON a.id = m.article_id
           WHERE m.observed_at = ? AND m.crawl_id IS ?
           ORDER BY m.rank""",
        (head["observed_at"], head["crawl_id"]),
    ).fetchall()
    return MostReadSnapshot(head["observed_at"], head["crawl_id"], [dict(r) for r in items])


# --------------------------------------------------------------------------- quotes


@dataclass
class QuoteHit:
    """A quotation with the article it comes from."""

    quote_id: int
    text: str
    speaker: str | None
    role: str | None
    cue: str | None
    article_id: int
    title: str | None
    published: str | None
    url: str


def quotes(
    conn: sqlite3.Connection,
    speaker: str | None = None,
    search_text: str | None = None,
    limit: int = 50,
) -> list[QuoteHit]:
    """Quotations by speaker (matched in the name *or* the role, so "Bupati" finds the
    Bupati's words even where the text names only his office) and/or by words (FTS)."""
    where, params = [], []
    source = "quotes q"
    if search_text:
        source = "quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
        where.append("quotes_fts MATCH ?")
        params.append(build_fts_query(search_text))
    if speaker:
        where.append("(q.speaker LIKE ? OR q.role LIKE ?)")
        params.extend([f"%{speaker.strip()}%"] * 2)
    sql = f"""
        SELECT q.id AS quote_id, q.text, q.speaker, q.role, q.cue, q.article_id,
               a.title, a.published, a.url
        FROM {source} JOIN articles a ON a.id = q.article_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY a.published DESC, q.article_id DESC, q.paragraph
        LIMIT ?
    """
    rows = run_match(conn, sql, (*params, limit), search_text or "")
    return [QuoteHit(**dict(r)) for r in rows]
