"""``Archive``: the one object through which the project reads and writes its SQLite archive.

Opening creates or migrates the schema, turns on WAL and foreign keys, and wraps the
environment's failures (locked, read-only, not a database) in :class:`ArchiveError` naming
the file.  Every write method is one transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), rolled
back whole on any exception, so a crash at any instant loses at most the call in flight.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scraper.archive import schema, writes
from scraper.archive.model import ArchiveError, RecordResult, RefreshCandidate, to_utc
from scraper.archive.pages import DICT_TRAIN_AT, PageCodec
from scraper.parse.model import Article, Listing, MostReadItem

log = logging.getLogger(__name__)

#: SQLite messages that describe the environment, not a bug: they become ArchiveError.
ENVIRONMENT_ERRORS = (
    "locked", "busy", "readonly", "read-only", "unable to open", "disk i/o",
    "not a database", "database or disk is full", "malformed",
)

#: A fetch counts as failed (to retry next run) on a transport error or these statuses;
#: 404/410 are answers ("gone"), handled by removal, not retried.
RETRY_STATUSES = (408, 429, 500, 502, 503, 504)

#: Page cache per connection, in KiB.
CACHE_KB = 64 * 1024

#: Rows per ``executemany`` batch in bulk loads.
BULK_BATCH = 50_000


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


class Archive:
    """The SQLite archive; see docs/architecture.md ("Archive") for the calling pattern."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False,
                 timeout: float = 10.0, dict_train_at: int = DICT_TRAIN_AT) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.dict_train_at = dict_train_at
        self._in_transaction = False
        with self._translate_errors("open"):
            self.conn = self._connect(timeout)
            try:
                self._prepare()
            except BaseException:
                self.conn.close()
                raise
        self.codec = PageCodec(self.conn)

    # -- connection -------------------------------------------------------------------

    def _connect(self, timeout: float) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.exists():
                raise ArchiveError(f"{self.path}: no archive there; run `scraper crawl` or "
                                   "`scraper demo` first, or pass --db")
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=timeout)
        conn.row_factory = sqlite3.Row
        return conn

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = ON")
        # 64 MB page cache: index inserts into a multi-million-row view_counts stay in memory
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        version = schema.get_version(conn)
        if version > schema.SCHEMA_VERSION:
            raise ArchiveError(
                f"{self.path}: archive schema version {version} is newer than this release "
                f"understands ({schema.SCHEMA_VERSION}); upgrade lumajang-scraper"
            )
        if self.readonly:
            if version < schema.SCHEMA_VERSION:
                raise ArchiveError(
                    f"{self.path}: archive schema version {version} needs migrating to "
                    f"{schema.SCHEMA_VERSION}; run `scraper check --db {self.path}` once to migrate"
                )
            return
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL: a power cut may lose the last commits, never consistency.
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < schema.SCHEMA_VERSION:
            schema.migrate(conn)

    @contextmanager
    def _translate_errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            message = str(exc).lower()
            if not any(cue in message for cue in ENVIRONMENT_ERRORS):
                raise
            hint = ("another process holds the write lock; wait for it or stop it"
                    if "locked" in message or "busy" in message
                    else "check the path and its permissions")
            raise ArchiveError(f"{self.path}: cannot {action}: {exc} ({hint})") from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE (takes the write lock up front), commit or
        roll back whole.

        Nested calls join the outermost transaction, so a caller can make several write
        methods one unit: the crawler stores a page's fetch row, raw body and parsed article
        in one transaction (one commit per page instead of two, and no fetch row without
        its article after a kill).  An exception anywhere inside rolls back the whole unit.
        """
        if self.readonly:
            raise ArchiveError(f"{self.path}: opened read-only; cannot write")
        if self._in_transaction:
            yield self.conn
            return
        with self._translate_errors("write"):
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                self.codec.forget()
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        """Run one read query (the query module's door into the archive)."""
        with self._translate_errors("read"):
            return self.conn.execute(sql, params)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema.get_version(self.conn)

    # -- crawls -----------------------------------------------------------------------

    def start_crawl(self, mode: str, base_url: str | None, started_at: str) -> int:
        with self.transaction() as conn:
            return conn.execute(
                "INSERT INTO crawls (started_at, mode, status, base_url, pid, hostname)"
                " VALUES (?, ?, 'running', ?, ?, ?)",
                (to_utc(started_at), mode, base_url, os.getpid(), socket.gethostname()),
            ).lastrowid

    def finish_crawl(self, crawl_id: int, status: str, finished_at: str, *,
                     pages_fetched: int = 0, errors: int = 0,
                     stats: dict[str, Any] | None = None) -> None:
        if status not in schema.CRAWL_STATUSES or status == "running":
            raise ValueError(f"crawl status must be one of ok, partial, failed, interrupted: {status!r}")
        with self.transaction() as conn:
            conn.execute(
                "UPDATE crawls SET status = ?, finished_at = ?, pages_fetched = ?, errors = ?,"
                " stats = ? WHERE id = ?",
                (status, to_utc(finished_at), pages_fetched, errors,
                 json.dumps(stats, sort_keys=True) if stats is not None else None, crawl_id),
            )

    def close_interrupted_crawls(self, now: str) -> list[int]:
        """Mark ``running`` crawls of this host whose process is gone as ``interrupted``.

        Crawls started on another host are left alone: their pid means nothing here.
        """
        host = socket.gethostname()
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT id, pid, hostname FROM crawls WHERE status = 'running'"
            ).fetchall()
            dead = [r["id"] for r in rows
                    if r["hostname"] == host and (r["pid"] is None or not pid_alive(r["pid"]))]
            conn.executemany(
                "UPDATE crawls SET status = 'interrupted', finished_at = ? WHERE id = ?",
                [(to_utc(now), crawl_id) for crawl_id in dead],
            )
        return dead

    # -- raw pages --------------------------------------------------------------------

    def record_fetch(self, crawl_id: int | None, url: str, fetched_at: str, *,
                     status: int | None = None, headers: dict[str, str] | None = None,
                     body: bytes | None = None, final_url: str | None = None,
                     error: str | None = None, elapsed_ms: int | None = None) -> str | None:
        """Log one request and keep its body (compressed, once per distinct sha256).

        Returns the body's sha256 (None when there was no body), to pass to record_article.
        """
        fetched_at = to_utc(fetched_at)
        sha = hashlib.sha256(body).hexdigest() if body is not None else None
        with self.transaction() as conn:
            if body is not None:
                header_json = json.dumps(dict(headers), sort_keys=True) if headers else None
                if self.codec.store(sha, final_url or url, fetched_at, status, header_json, body):
                    self.codec.maybe_train(fetched_at, self.dict_train_at)
            conn.execute(
                "INSERT INTO fetches (crawl_id, url, final_url, fetched_at, status, sha256, error,"
                " elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (crawl_id, url, final_url, fetched_at, status, sha, error, elapsed_ms),
            )
        return sha

    def load_page(self, sha256: str) -> bytes | None:
        """The raw body stored under ``sha256``, decompressed (None if not stored)."""
        with self._translate_errors("read"):
            return self.codec.load(sha256)

    # -- parsed data ------------------------------------------------------------------

    def record_article(self, article: Article, *, crawl_id: int | None, observed_at: str,
                       page_sha256: str | None = None) -> RecordResult:
        """Upsert the article, add a version if title/body changed, replace its quotes, and
        store its view count and its sidebar's counts — in one transaction."""
        with self.transaction() as conn:
            result = writes.record_article(conn, article, crawl_id=crawl_id,
                                           observed_at=to_utc(observed_at),
                                           page_sha256=page_sha256)
        if result.kept_fields:
            log.warning("%s: page parsed without %s; stored values kept",
                        article.url, ", ".join(result.kept_fields))
        return result

    def record_listing(self, listing: Listing, *, crawl_id: int | None, observed_at: str) -> int:
        """Store the counts a listing page shows (its items and its sidebar); return how many."""
        observed_at = to_utc(observed_at)
        with self.transaction() as conn:
            stored = writes.record_item_views(conn, listing.items, crawl_id=crawl_id,
                                              observed_at=observed_at, source="listing")
            stored += writes.record_item_views(conn, listing.most_read, crawl_id=crawl_id,
                                               observed_at=observed_at, source="most_read")
        return stored

    def record_most_read(self, items: Sequence[MostReadItem], *, crawl_id: int | None,
                         observed_at: str) -> int:
        """Store the crawl's most-read snapshot (and its counts); repeats in a crawl are no-ops."""
        with self.transaction() as conn:
            return writes.record_most_read(conn, items, crawl_id=crawl_id,
                                           observed_at=to_utc(observed_at))

    def record_missing(self, url: str, *, crawl_id: int | None, status: int,
                       observed_at: str) -> bool:
        """Count a 404/410 of a known article; True once its removal is confirmed."""
        with self.transaction() as conn:
            removed = writes.record_missing(conn, url, crawl_id=crawl_id, status=status,
                                            observed_at=to_utc(observed_at))
        return removed

    def import_view_counts(self, rows: Iterable[tuple[int, int | None, str, int, str]]) -> int:
        """Bulk-load observations ``(article_id, crawl_id, observed_at, views, source)``.

        For back-fills and benchmarks: batched ``executemany`` in one transaction, several
        times faster than per-row writes.  Each article's rows must come in time order;
        ``decreased`` is derived against the stored history and within the batch.
        """
        last: dict[int, int | None] = {}
        total = 0
        with self.transaction() as conn:
            batch: list[tuple] = []
            for article_id, crawl_id, observed_at, views, source in rows:
                if article_id not in last:
                    last[article_id] = writes.previous_views(conn, article_id, None, "9999")
                previous = last[article_id]
                batch.append((article_id, crawl_id, observed_at, views, source,
                              int(previous is not None and views < previous)))
                last[article_id] = views
                if len(batch) >= BULK_BATCH:
                    total += self._insert_views(conn, batch)
                    batch = []
            total += self._insert_views(conn, batch)
        return total

    @staticmethod
    def _insert_views(conn: sqlite3.Connection, batch: list[tuple]) -> int:
        conn.executemany(
            "INSERT INTO view_counts (article_id, crawl_id, observed_at, views, source, decreased)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            batch,
        )
        return len(batch)

    # -- reads for the crawler -------------------------------------------------------

    def known_article_urls(self) -> set[str]:
        return {r[0] for r in self.execute("SELECT url FROM articles")}

    def refresh_candidates(self) -> Iterator[RefreshCandidate]:
        """Live articles with when they were published, first seen and last observed."""
        rows = self.execute(
            "SELECT url, published, first_seen, last_seen FROM articles"
            " WHERE removed_at IS NULL ORDER BY id"
        ).fetchall()
        for row in rows:
            yield RefreshCandidate(row[0], row[1], row[2], row[3])

    def failed_urls(self) -> list[str]:
        """URLs whose latest fetch failed (transport error or a retryable status)."""
        placeholders = ", ".join("?" * len(RETRY_STATUSES))
        # SQLite's bare-column rule: with max(id), url/status/error come from the latest row.
        rows = self.execute(
            "SELECT url FROM (SELECT url, status, error, max(id) FROM fetches GROUP BY url)"
            f" WHERE error IS NOT NULL OR status IS NULL OR status IN ({placeholders})"
            " ORDER BY url",
            RETRY_STATUSES,
        ).fetchall()
        return [r[0] for r in rows]

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM crawl_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO crawl_state (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
