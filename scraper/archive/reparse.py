"""``scraper reparse``: re-extract every article from its stored raw pages, no requests.

When the parser improves, the evidence is already in ``pages``: each article's latest page
gives its latest state and quotes, each version's own page gives that version's text, and
each fetched article page gives the count that crawl observed.  Derived rows are corrected
in place (a version stays a version; it is re-read, not invented), and the stored value is
kept wherever the new parser yields nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from scraper.archive import writes
from scraper.archive.model import ReparseReport, content_hash
from scraper.archive.store import Archive
from scraper.parse.model import Article, Listing, ParseError

log = logging.getLogger(__name__)

ParseFunc = Callable[[bytes, str | None], Article | Listing]

#: Fields whose corrections reparse counts, in the report's order.
REPORTED_FIELDS = tuple(writes.ARTICLE_FIELDS)


@dataclass
class PageFetch:
    crawl_id: int | None
    fetched_at: str
    sha256: str


def list_article_fetches(conn: sqlite3.Connection, url: str) -> list[PageFetch]:
    """Successful fetches of one article page, oldest first."""
    rows = conn.execute(
        "SELECT crawl_id, fetched_at, sha256 FROM fetches"
        " WHERE (url = ? OR final_url = ?) AND status = 200 AND sha256 IS NOT NULL"
        " ORDER BY fetched_at, id",
        (url, url),
    ).fetchall()
    return [PageFetch(r[0], r[1], r[2]) for r in rows]


class Reparser:
    """Re-parses one archive's articles with ``parse``; parses each distinct page once."""

    def __init__(self, archive: Archive, parse: ParseFunc) -> None:
        self.archive = archive
        self.parse = parse
        self.report = ReparseReport()

    def parse_stored(self, sha256: str, url: str) -> Article | str:
        """The page parsed as an article, or the reason it is not one."""
        data = self.archive.load_page(sha256)
        if data is None:
            return f"raw page {sha256[:12]} missing"
        try:
            parsed = self.parse(data, url)
        except ParseError as exc:
            return f"{type(exc).__name__}: {exc}"
        if not isinstance(parsed, Article):
            return f"parses as a {parsed.kind}, not an article"
        return parsed

    def run(self) -> ReparseReport:
        rows = self.archive.execute("SELECT * FROM articles ORDER BY id").fetchall()
        for row in rows:
            self.report.articles += 1
            self.reparse_article(row)
        return self.report

    def reparse_article(self, row: sqlite3.Row) -> None:
        url = row["url"]
        fetches = list_article_fetches(self.archive.conn, url)
        if not fetches:
            self.report.without_page.append(url)
            return
        parsed: dict[str, Article | str] = {}
        for fetch in fetches:
            if fetch.sha256 not in parsed:
                parsed[fetch.sha256] = self.parse_stored(fetch.sha256, url)
        versions = self.archive.execute(
            "SELECT id, title, body, content_hash, page_sha256 FROM article_versions"
            " WHERE article_id = ? ORDER BY observed_at, id",
            (row["id"],),
        ).fetchall()
        for version in versions:
            sha = version["page_sha256"]
            if sha and sha not in parsed:
                parsed[sha] = self.parse_stored(sha, url)
        latest_fetch = fetches[-1]
        latest = parsed[latest_fetch.sha256]
        if isinstance(latest, str):
            self.report.failures.append((url, latest))
            return
        with self.archive.transaction() as conn:
            changed = self.update_latest(conn, row, latest, latest_fetch)
            changed |= self.update_versions(conn, versions, parsed)
            changed |= self.ensure_latest_version(conn, row["id"], latest_fetch)
            changed |= self.correct_views(conn, row["id"], fetches, parsed)
        self.report.changed += changed

    def update_latest(self, conn: sqlite3.Connection, row: sqlite3.Row, article: Article,
                      fetch: PageFetch) -> bool:
        updates: dict[str, object] = {}
        if any(writes.is_empty(getattr(article, c)) and not writes.is_empty(row[c])
               for c in ("title", "body")):
            self.report.kept_empty.append(row["url"])
        for col, attr in writes.ARTICLE_FIELDS.items():
            new = getattr(article, attr)
            if writes.is_empty(new):
                continue
            if new != row[col]:
                updates[col] = new
                self.report.fields_changed[col] = self.report.fields_changed.get(col, 0) + 1
        title = updates.get("title", row["title"])
        body = updates.get("body", row["body"])
        updates["content_hash"] = content_hash(title, body)  # type: ignore[arg-type]
        conn.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in updates)} WHERE id = ?",
            (*updates.values(), row["id"]),
        )
        # a broken page (empty body) keeps the stored quotes along with the stored body
        body_kept = writes.is_empty(article.body) and not writes.is_empty(row["body"])
        quotes_changed = not body_kept and writes.replace_quotes(conn, row["id"], article.quotes)
        self.report.quotes_replaced += quotes_changed
        return len(updates) > 1 or quotes_changed

    def update_versions(self, conn: sqlite3.Connection, versions: list[sqlite3.Row],
                        parsed: dict[str, Article | str]) -> bool:
        changed = False
        for version in versions:
            article = parsed.get(version["page_sha256"] or "")
            if not isinstance(article, Article):
                continue
            title = version["title"] if writes.is_empty(article.title) else article.title
            body = version["body"] if writes.is_empty(article.body) else article.body
            if (title, body) != (version["title"], version["body"]):
                conn.execute(
                    "UPDATE article_versions SET title = ?, body = ?, content_hash = ? WHERE id = ?",
                    (title, body, content_hash(title, body), version["id"]),
                )
                self.report.versions_updated += 1
                changed = True
        return changed

    def ensure_latest_version(self, conn: sqlite3.Connection, article_id: int,
                              fetch: PageFetch) -> bool:
        """Add a version when the re-read latest state differs from the latest version.

        Happens when the old parser missed an edit between two pages it read alike; the
        version is dated at the latest page's fetch, the first time we can prove it.
        """
        title, body, digest = conn.execute(
            "SELECT title, body, content_hash FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        last = conn.execute(
            "SELECT content_hash FROM article_versions WHERE article_id = ?"
            " ORDER BY observed_at DESC, id DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        if last is not None and last[0] == digest:
            return False
        writes.add_version(conn, article_id, observed_at=fetch.fetched_at, title=title, body=body,
                           digest=digest, crawl_id=fetch.crawl_id, page_sha256=fetch.sha256)
        self.report.versions_updated += 1
        return True

    def correct_views(self, conn: sqlite3.Connection, article_id: int,
                      fetches: list[PageFetch], parsed: dict[str, Article | str]) -> bool:
        """Re-read each crawl's article-page count; pair fetches and rows in order per crawl."""
        corrected = 0
        by_crawl: dict[int, list[int]] = {}
        for fetch in fetches:
            article = parsed[fetch.sha256]
            if fetch.crawl_id is not None and isinstance(article, Article) and article.views is not None:
                by_crawl.setdefault(fetch.crawl_id, []).append(article.views)
        for crawl_id, counts in by_crawl.items():
            rows = conn.execute(
                "SELECT id, views FROM view_counts WHERE article_id = ? AND crawl_id = ?"
                " AND source = 'article' ORDER BY observed_at, id",
                (article_id, crawl_id),
            ).fetchall()
            for (row_id, stored), views in zip(rows, counts):
                if stored != views:
                    conn.execute("UPDATE view_counts SET views = ? WHERE id = ?", (views, row_id))
                    corrected += 1
        if corrected:
            writes.recompute_decreased(conn, article_id)
            conn.execute(
                "UPDATE articles SET views = (SELECT views FROM view_counts WHERE article_id = ?"
                " AND source = 'article' ORDER BY observed_at DESC, id DESC LIMIT 1) WHERE id = ?",
                (article_id, article_id),
            )
            self.report.views_corrected += corrected
        return bool(corrected)


def reparse(archive: Archive, parse: ParseFunc | None = None) -> ReparseReport:
    """Re-parse every article of ``archive`` from its raw pages with ``parse``.

    ``parse`` defaults to the project's :func:`scraper.parse.parse_page`.
    """
    if parse is None:
        # imported on use: opening an archive should not load the parser's lxml stack
        from scraper.parse import parse_page

        parse = parse_page
    report = Reparser(archive, parse).run()
    log.info("reparse: %s", report.summary())
    return report
