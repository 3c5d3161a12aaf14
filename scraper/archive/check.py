"""``scraper check``: is the archive sound?  SQLite integrity, foreign keys, FTS, orphans,
and the raw pages' hashes — the evidence must still be what was fetched."""

from __future__ import annotations

import hashlib
import logging
import sqlite3

from scraper.archive.model import CheckReport
from scraper.archive.schema import FTS_INDEXES
from scraper.archive.store import Archive

log = logging.getLogger(__name__)

#: Tables counted in the verdict line, in its order.
COUNTED_TABLES = ("articles", "article_versions", "view_counts", "quotes", "most_read",
                  "pages", "fetches", "crawls")

#: Rows that point at nothing or disagree with their source: (description, count query).
ORPHAN_QUERIES: tuple[tuple[str, str], ...] = (
    ("pages never fetched",
     "SELECT count(*) FROM pages p WHERE NOT EXISTS (SELECT 1 FROM fetches f WHERE f.sha256 = p.sha256)"),
    ("view counts kept by URL although the article is known",
     "SELECT count(*) FROM view_counts v JOIN articles a ON a.url = v.url WHERE v.article_id IS NULL"),
    ("most-read rows kept by URL although the article is known",
     "SELECT count(*) FROM most_read m JOIN articles a ON a.url = m.url WHERE m.article_id IS NULL"),
    ("articles whose latest version differs from their stored state",
     "SELECT count(*) FROM articles a WHERE EXISTS (SELECT 1 FROM article_versions v"
     " WHERE v.article_id = a.id) AND a.content_hash IS NOT (SELECT v.content_hash"
     " FROM article_versions v WHERE v.article_id = a.id ORDER BY v.observed_at DESC, v.id DESC"
     " LIMIT 1)"),
    ("removed articles without a confirmed second miss",
     "SELECT count(*) FROM articles WHERE removed_at IS NOT NULL AND missing_count < 2"),
)


def check_integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        report.problems.append("integrity_check: " + "; ".join(rows[:3]))


def check_foreign_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    broken: dict[str, int] = {}
    for row in conn.execute("PRAGMA foreign_key_check"):
        broken[row[0]] = broken.get(row[0], 0) + 1
    for table, count in sorted(broken.items()):
        report.problems.append(f"{count} rows of {table} reference missing rows")


def check_fts(conn: sqlite3.Connection, report: CheckReport) -> None:
    """FTS5's own integrity check; rank 1 also compares the index with the content table."""
    for table in FTS_INDEXES:
        try:
            conn.execute(
                f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            report.problems.append(f"{table}_fts out of step with {table}: {exc} "
                                   f"(rebuild: INSERT INTO {table}_fts({table}_fts) VALUES('rebuild'))")


def check_orphans(conn: sqlite3.Connection, report: CheckReport) -> None:
    for description, sql in ORPHAN_QUERIES:
        count = conn.execute(sql).fetchone()[0]
        if count:
            report.problems.append(f"{count} {description}")


def check_pages(archive: Archive, report: CheckReport) -> None:
    """Decompress every raw page and compare its sha256: the evidence must be intact."""
    bad = 0
    for (sha,) in archive.execute("SELECT sha256 FROM pages").fetchall():
        body = archive.load_page(sha)
        if body is None or hashlib.sha256(body).hexdigest() != sha:
            bad += 1
    if bad:
        report.problems.append(f"{bad} raw pages do not match their sha256")


def check_archive(archive: Archive, deep: bool = True) -> CheckReport:
    """Run every check; ``deep`` also decompresses and re-hashes every raw page."""
    report = CheckReport()
    conn = archive.conn
    for table in COUNTED_TABLES:
        report.counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    check_integrity(conn, report)
    check_foreign_keys(conn, report)
    check_fts(conn, report)
    check_orphans(conn, report)
    if deep:
        check_pages(archive, report)
    running = conn.execute("SELECT count(*) FROM crawls WHERE status = 'running'").fetchone()[0]
    if running:
        report.notes.append(f"{running} crawls still marked running")
    return report
