"""The archive's schema and its forward migrations, versioned by ``PRAGMA user_version``.

Each entry of :data:`MIGRATIONS` moves an archive from version ``n`` to ``n + 1`` and is
never edited once released: a change of schema is a new entry, so an archive made by any
release opens in every later one.  Steps are idempotent (``IF NOT EXISTS``, sqlite-utils'
``replace=True``) because sqlite-utils' FTS setup runs ``executescript``, which commits on
its own: a crash inside a step leaves a state that re-running the same step completes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import sqlite_utils

log = logging.getLogger(__name__)

#: Tokenizer for Indonesian text: unicode61 splits on non-alphanumerics, and
#: ``remove_diacritics 2`` folds accents so "Pemkab" and a stray "Pémkab" match.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

#: Full-text indexes: table -> indexed columns (the ``<table>_fts`` tables).
FTS_INDEXES: dict[str, tuple[str, ...]] = {
    "articles": ("title", "body"),
    "quotes": ("text", "speaker"),
}

CRAWL_STATUSES = ("running", "ok", "partial", "failed", "interrupted")
VIEW_SOURCES = ("article", "most_read", "listing")

TABLES_V1 = f"""
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    mode TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ({", ".join(repr(s) for s in CRAWL_STATUSES)})),
    pages_fetched INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    base_url TEXT,
    pid INTEGER,
    hostname TEXT,
    stats TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    site_article_id TEXT,
    title TEXT,
    published TEXT,
    views INTEGER,
    body TEXT,
    image_url TEXT,
    image_caption TEXT,
    credit TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    removed_at TEXT,
    missing_since TEXT,
    missing_count INTEGER NOT NULL DEFAULT 0,
    missing_crawl_id INTEGER REFERENCES crawls(id),
    content_hash TEXT,
    page_sha256 TEXT
);
CREATE INDEX IF NOT EXISTS idx_articles_site_article_id ON articles(site_article_id);
CREATE INDEX IF NOT EXISTS idx_articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    observed_at TEXT NOT NULL,
    title TEXT,
    body TEXT,
    content_hash TEXT NOT NULL,
    crawl_id INTEGER REFERENCES crawls(id),
    page_sha256 TEXT
);
CREATE INDEX IF NOT EXISTS idx_article_versions_article
    ON article_versions(article_id, observed_at);
CREATE TABLE IF NOT EXISTS view_counts (
    id INTEGER PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id),
    crawl_id INTEGER REFERENCES crawls(id),
    observed_at TEXT NOT NULL,
    views INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ({", ".join(repr(s) for s in VIEW_SOURCES)})),
    url TEXT,
    decreased INTEGER NOT NULL DEFAULT 0 CHECK (decreased IN (0, 1)),
    CHECK (article_id IS NOT NULL OR url IS NOT NULL)
);
-- covering index: one article's history is a single range scan
CREATE INDEX IF NOT EXISTS idx_view_counts_article
    ON view_counts(article_id, observed_at, views);
-- (observed_at, article_id): the trending window is read from the index alone
CREATE INDEX IF NOT EXISTS idx_view_counts_observed ON view_counts(observed_at, article_id);
CREATE INDEX IF NOT EXISTS idx_view_counts_pending
    ON view_counts(url) WHERE article_id IS NULL;
CREATE INDEX IF NOT EXISTS idx_view_counts_decreased
    ON view_counts(article_id) WHERE decreased = 1;
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    paragraph INTEGER,
    text TEXT NOT NULL,
    speaker TEXT,
    role TEXT,
    cue TEXT
);
CREATE INDEX IF NOT EXISTS idx_quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS idx_quotes_speaker ON quotes(speaker);
CREATE TABLE IF NOT EXISTS most_read (
    id INTEGER PRIMARY KEY,
    crawl_id INTEGER REFERENCES crawls(id),
    observed_at TEXT NOT NULL,
    rank INTEGER NOT NULL,
    article_id INTEGER REFERENCES articles(id),
    url TEXT,
    title TEXT,
    views INTEGER,
    published TEXT
);
CREATE INDEX IF NOT EXISTS idx_most_read_crawl ON most_read(crawl_id, rank);
CREATE INDEX IF NOT EXISTS idx_most_read_observed ON most_read(observed_at);
CREATE INDEX IF NOT EXISTS idx_most_read_article ON most_read(article_id);
CREATE INDEX IF NOT EXISTS idx_most_read_url ON most_read(url) WHERE article_id IS NULL;
CREATE TABLE IF NOT EXISTS zstd_dicts (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    samples INTEGER NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER,
    headers TEXT,
    content BLOB NOT NULL,
    size INTEGER NOT NULL,
    dict_id INTEGER REFERENCES zstd_dicts(id)
);
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY,
    crawl_id INTEGER REFERENCES crawls(id),
    url TEXT NOT NULL,
    final_url TEXT,
    fetched_at TEXT NOT NULL,
    status INTEGER,
    sha256 TEXT REFERENCES pages(sha256),
    error TEXT,
    elapsed_ms INTEGER
);
CREATE INDEX IF NOT EXISTS idx_fetches_url ON fetches(url, fetched_at);
CREATE INDEX IF NOT EXISTS idx_fetches_sha256 ON fetches(sha256);
CREATE INDEX IF NOT EXISTS idx_fetches_crawl ON fetches(crawl_id);
CREATE TABLE IF NOT EXISTS crawl_state (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""

#: Views for Datasette and SQL users.  Per-article figures use correlated lookups on
#: ``idx_view_counts_article`` instead of aggregating the whole table, so they stay well
#: inside Datasette's 1 s time limit with millions of observations.
VIEWS_V3 = """
CREATE VIEW IF NOT EXISTS article_views_latest AS
SELECT id AS article_id, url, title, published, views_latest, first_observed, last_observed,
       views_first,
       CASE WHEN julianday(last_observed) > julianday(first_observed)
            THEN round((views_latest - views_first)
                       / (julianday(last_observed) - julianday(first_observed)), 1)
       END AS growth_per_day
FROM (
    SELECT a.id, a.url, a.title, a.published,
        (SELECT v.views FROM view_counts v WHERE v.article_id = a.id
         ORDER BY v.observed_at DESC, v.id DESC LIMIT 1) AS views_latest,
        (SELECT v.views FROM view_counts v WHERE v.article_id = a.id
         ORDER BY v.observed_at, v.id LIMIT 1) AS views_first,
        (SELECT min(v.observed_at) FROM view_counts v WHERE v.article_id = a.id) AS first_observed,
        (SELECT max(v.observed_at) FROM view_counts v WHERE v.article_id = a.id) AS last_observed
    FROM articles a
);
-- "The last 24 hours" ends at the newest observation in the archive, not at the wall
-- clock, so archives built by the demo's simulated days (or analysed years later) trend too.
CREATE VIEW IF NOT EXISTS trending_24h AS
WITH bounds AS (
    SELECT max(observed_at) AS window_end,
           strftime('%Y-%m-%dT%H:%M:%SZ', max(observed_at), '-1 day') AS window_start
    FROM view_counts
),
recent AS (
    SELECT v.article_id, count(*) AS observations
    FROM view_counts v, bounds b
    WHERE v.observed_at > b.window_start AND v.article_id IS NOT NULL
    GROUP BY v.article_id
),
figures AS (
    SELECT r.article_id, r.observations, b.window_start, b.window_end,
        (SELECT v.views FROM view_counts v WHERE v.article_id = r.article_id
         ORDER BY v.observed_at DESC, v.id DESC LIMIT 1) AS views_end,
        coalesce(
            (SELECT v.views FROM view_counts v WHERE v.article_id = r.article_id
               AND v.observed_at <= b.window_start ORDER BY v.observed_at DESC, v.id DESC LIMIT 1),
            (SELECT v.views FROM view_counts v WHERE v.article_id = r.article_id
               AND v.observed_at > b.window_start ORDER BY v.observed_at, v.id LIMIT 1)
        ) AS views_start
    FROM recent r, bounds b
)
SELECT a.id AS article_id, a.url, a.title, a.published, f.views_start, f.views_end,
       f.views_end - f.views_start AS gained, f.observations, f.window_start, f.window_end
FROM figures f JOIN articles a ON a.id = f.article_id
ORDER BY gained DESC, a.id;
CREATE VIEW IF NOT EXISTS quotes_with_articles AS
SELECT q.id AS quote_id, q.article_id, a.title AS article_title, a.published, a.url,
       q.paragraph, q.text, q.speaker, q.role, q.cue
FROM quotes q JOIN articles a ON a.id = q.article_id;
CREATE VIEW IF NOT EXISTS view_count_decreases AS
SELECT v.id AS view_count_id, v.article_id, a.title, a.url, v.crawl_id, v.observed_at,
       v.source, v.views,
       (SELECT p.views FROM view_counts p
        WHERE p.article_id = v.article_id
          AND (p.observed_at < v.observed_at OR (p.observed_at = v.observed_at AND p.id < v.id))
        ORDER BY p.observed_at DESC, p.id DESC LIMIT 1) AS previous_views
FROM view_counts v JOIN articles a ON a.id = v.article_id
WHERE v.decreased = 1;
"""


def create_tables(conn: sqlite3.Connection) -> None:
    """Version 1: the tables of CONTRACT.md plus what the code needs, and their indexes."""
    conn.executescript(TABLES_V1)


def create_fts(conn: sqlite3.Connection) -> None:
    """Version 2: ``articles_fts`` and ``quotes_fts`` through sqlite-utils, kept by triggers.

    sqlite-utils' update trigger fires on every UPDATE; a re-crawl updates ``views`` and
    ``last_seen`` each time, so it is narrowed to changes of the indexed columns, which
    spares re-indexing every body on every run.
    """
    db = sqlite_utils.Database(conn)
    for table, columns in FTS_INDEXES.items():
        db[table].enable_fts(
            list(columns), create_triggers=True, tokenize=FTS_TOKENIZE, replace=True
        )
        old_cols = ", ".join(f"old.{c}" for c in columns)
        new_cols = ", ".join(f"new.{c}" for c in columns)
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        conn.executescript(
            f"""
            DROP TRIGGER IF EXISTS {table}_au;
            CREATE TRIGGER {table}_au AFTER UPDATE ON {table} WHEN {changed} BEGIN
              INSERT INTO {table}_fts ({table}_fts, rowid, {", ".join(columns)})
                VALUES ('delete', old.rowid, {old_cols});
              INSERT INTO {table}_fts (rowid, {", ".join(columns)}) VALUES (new.rowid, {new_cols});
            END;
            """
        )


def create_views(conn: sqlite3.Connection) -> None:
    """Version 3: the views that Datasette users and ``scraper.query`` read."""
    conn.executescript(VIEWS_V3)


#: Forward migrations; ``MIGRATIONS[n]`` takes an archive from version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    create_tables,
    create_fts,
    create_views,
)
SCHEMA_VERSION = len(MIGRATIONS)


def get_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the missing migrations up to ``target``; return the versions reached."""
    reached = []
    for version in range(get_version(conn), target):
        log.info("migrating archive schema to version %s", version + 1)
        MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
        reached.append(version + 1)
    return reached
