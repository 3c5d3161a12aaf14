"""The archive's writes of parsed data: articles, versions, quotes, view counts, most-read.

Functions here run inside a transaction that :class:`scraper.archive.Archive` opened; they
never commit.  Two rules shape them: nothing observed is dropped (a lower count is kept and
flagged, a sidebar item whose article is not known yet is kept by URL), and nothing good is
overwritten by nothing (a page that parses to an empty field keeps the stored value).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from scraper.archive.model import RecordResult, content_hash
from scraper.parse.model import Article, ListingItem, MostReadItem, Quote

#: ``articles`` columns filled from the parsed page: column -> ``Article`` attribute.
ARTICLE_FIELDS: dict[str, str] = {
    "site_article_id": "article_id",
    "title": "title",
    "published": "published",
    "image_url": "image_url",
    "image_caption": "image_caption",
    "credit": "credit",
    "body": "body",
}

#: Sources whose repeats within one crawl carry no news: the sidebar is on every page, so
#: the same item with the same count is stored once per crawl, a changed count again.
DEDUPED_SOURCES = ("most_read", "listing")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def find_article_id(conn: sqlite3.Connection, url: str | None) -> int | None:
    if url is None:
        return None
    row = conn.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
    return row[0] if row else None


def previous_views(conn: sqlite3.Connection, article_id: int | None, url: str | None,
                   observed_at: str) -> int | None:
    """The latest count observed at or before ``observed_at`` for an article (or pending URL)."""
    if article_id is not None:
        row = conn.execute(
            "SELECT views FROM view_counts WHERE article_id = ? AND observed_at <= ?"
            " ORDER BY observed_at DESC, id DESC LIMIT 1",
            (article_id, observed_at),
        ).fetchone()
    else:
        row = conn.execute(
            "SELECT views FROM view_counts WHERE article_id IS NULL AND url = ?"
            " AND observed_at <= ? ORDER BY observed_at DESC, id DESC LIMIT 1",
            (url, observed_at),
        ).fetchone()
    return row[0] if row else None


def add_view(conn: sqlite3.Connection, *, article_id: int | None, url: str | None,
             crawl_id: int | None, observed_at: str, views: int, source: str) -> tuple[bool, bool]:
    """Store one observation; return (recorded, decreased).

    A repeat of the same count from a sidebar or listing within one crawl is skipped
    (:data:`DEDUPED_SOURCES`); everything else is stored, a drop flagged ``decreased``.
    """
    key_sql, key = ("article_id = ?", article_id) if article_id is not None else (
        "article_id IS NULL AND url = ?", url)
    if source in DEDUPED_SOURCES and crawl_id is not None and conn.execute(
        f"SELECT 1 FROM view_counts WHERE {key_sql} AND crawl_id = ? AND source = ?"
        " AND views = ? LIMIT 1",
        (key, crawl_id, source, views),
    ).fetchone():
        return False, False
    previous = previous_views(conn, article_id, url, observed_at)
    decreased = previous is not None and views < previous
    conn.execute(
        "INSERT INTO view_counts (article_id, url, crawl_id, observed_at, views, source, decreased)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (article_id, None if article_id is not None else url, crawl_id, observed_at, views,
         source, int(decreased)),
    )
    return True, decreased


def recompute_decreased(conn: sqlite3.Connection, article_id: int) -> int:
    """Re-derive the ``decreased`` flags of one article's history; return rows changed.

    Needed when rows join the history out of order: pending most-read rows resolved to a
    newly known article, or counts corrected by a re-parse.
    """
    rows = conn.execute(
        "SELECT id, views, decreased FROM view_counts WHERE article_id = ?"
        " ORDER BY observed_at, id",
        (article_id,),
    ).fetchall()
    updates, previous = [], None
    for row_id, views, flag in rows:
        wanted = int(previous is not None and views < previous)
        if wanted != flag:
            updates.append((wanted, row_id))
        previous = views
    conn.executemany("UPDATE view_counts SET decreased = ? WHERE id = ?", updates)
    return len(updates)


def resolve_pending(conn: sqlite3.Connection, article_id: int, url: str) -> int:
    """Attach the view counts and most-read rows kept by URL to the article now known."""
    moved = conn.execute(
        "UPDATE view_counts SET article_id = ?, url = NULL WHERE article_id IS NULL AND url = ?",
        (article_id, url),
    ).rowcount
    conn.execute(
        "UPDATE most_read SET article_id = ? WHERE article_id IS NULL AND url = ?",
        (article_id, url),
    )
    return moved


def find_article_ids(conn: sqlite3.Connection, urls: Sequence[str]) -> dict[str, int]:
    """The ids of the known articles among ``urls``, in one query (a sidebar has five,
    a listing page ten: one statement instead of one per item on every page crawled)."""
    if not urls:
        return {}
    rows = conn.execute(
        f"SELECT url, id FROM articles WHERE url IN ({', '.join('?' * len(urls))})", tuple(urls)
    ).fetchall()
    return {url: article_id for url, article_id in rows}


def record_item_views(conn: sqlite3.Connection, items: Iterable[MostReadItem | ListingItem],
                      *, crawl_id: int | None, observed_at: str, source: str) -> int:
    """Store the counts that sidebar or listing items show; return observations stored."""
    counted = [item for item in items if item.views is not None and item.url is not None]
    ids = find_article_ids(conn, list(dict.fromkeys(item.url for item in counted)))
    stored = 0
    for item in counted:
        recorded, _ = add_view(
            conn, article_id=ids.get(item.url), url=item.url, crawl_id=crawl_id,
            observed_at=observed_at, views=item.views, source=source,
        )
        stored += recorded
    return stored


def quote_rows(quotes: Sequence[Quote]) -> list[tuple]:
    return [(q.paragraph, q.text, q.speaker, q.role, q.cue) for q in quotes]


def replace_quotes(conn: sqlite3.Connection, article_id: int, quotes: Sequence[Quote]) -> bool:
    """Make the article's quotes those given; False (and no FTS churn) when already equal."""
    wanted = quote_rows(quotes)
    stored = conn.execute(
        "SELECT paragraph, text, speaker, role, cue FROM quotes WHERE article_id = ? ORDER BY id",
        (article_id,),
    ).fetchall()
    if [tuple(r) for r in stored] == wanted:
        return False
    conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
    conn.executemany(
        "INSERT INTO quotes (article_id, paragraph, text, speaker, role, cue)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, *row) for row in wanted],
    )
    return True


def add_version(conn: sqlite3.Connection, article_id: int, *, observed_at: str,
                title: str | None, body: str | None, digest: str, crawl_id: int | None,
                page_sha256: str | None) -> None:
    conn.execute(
        "INSERT INTO article_versions"
        " (article_id, observed_at, title, body, content_hash, crawl_id, page_sha256)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (article_id, observed_at, title, body, digest, crawl_id, page_sha256),
    )


def insert_article(conn: sqlite3.Connection, article: Article, *, crawl_id: int | None,
                   observed_at: str, page_sha256: str | None) -> RecordResult:
    values = {col: getattr(article, attr) for col, attr in ARTICLE_FIELDS.items()}
    digest = content_hash(article.title, article.body)
    article_id = conn.execute(
        f"INSERT INTO articles (url, {', '.join(values)}, views, first_seen, last_seen,"
        " content_hash, page_sha256)"
        f" VALUES (?, {', '.join('?' * len(values))}, ?, ?, ?, ?, ?)",
        (article.url, *values.values(), article.views, observed_at, observed_at, digest,
         page_sha256),
    ).lastrowid
    result = RecordResult(article_id=article_id, created=True)
    if not (is_empty(article.title) and is_empty(article.body)):
        add_version(conn, article_id, observed_at=observed_at, title=article.title,
                    body=article.body, digest=digest, crawl_id=crawl_id, page_sha256=page_sha256)
        result.new_version = True
    if resolve_pending(conn, article_id, article.url):
        recompute_decreased(conn, article_id)
    result.quotes_replaced = replace_quotes(conn, article_id, article.quotes)
    return result


def update_article(conn: sqlite3.Connection, row: sqlite3.Row, article: Article, *,
                   crawl_id: int | None, observed_at: str,
                   page_sha256: str | None) -> RecordResult:
    """Merge a new observation into the stored latest state.

    An observation older than ``last_seen`` (a late write) adds its view count but does
    not roll the latest state back.
    """
    result = RecordResult(article_id=row["id"])
    if observed_at < row["last_seen"]:
        return result
    merged: dict[str, object] = {}
    for col, attr in ARTICLE_FIELDS.items():
        new = getattr(article, attr)
        if is_empty(new):
            if not is_empty(row[col]):
                result.kept_fields.append(col)
            merged[col] = row[col]
        else:
            merged[col] = new
    digest = content_hash(merged["title"], merged["body"])  # type: ignore[arg-type]
    if digest != row["content_hash"]:
        add_version(conn, row["id"], observed_at=observed_at, title=merged["title"],  # type: ignore[arg-type]
                    body=merged["body"], digest=digest, crawl_id=crawl_id,  # type: ignore[arg-type]
                    page_sha256=page_sha256)
        result.new_version = True
    result.restored = row["removed_at"] is not None
    assignments = ", ".join(f"{col} = ?" for col in merged)
    conn.execute(
        f"UPDATE articles SET {assignments}, views = coalesce(?, views), last_seen = ?,"
        " content_hash = ?, page_sha256 = coalesce(?, page_sha256), removed_at = NULL,"
        " missing_since = NULL, missing_count = 0, missing_crawl_id = NULL WHERE id = ?",
        (*merged.values(), article.views, observed_at, digest, page_sha256, row["id"]),
    )
    if "body" not in result.kept_fields:
        result.quotes_replaced = replace_quotes(conn, row["id"], article.quotes)
    return result


def record_article(conn: sqlite3.Connection, article: Article, *, crawl_id: int | None,
                   observed_at: str, page_sha256: str | None) -> RecordResult:
    """Upsert one parsed article page with its view count and its sidebar's counts."""
    if not article.url:
        raise ValueError("an article needs its url to be archived")
    row = conn.execute("SELECT * FROM articles WHERE url = ?", (article.url,)).fetchone()
    if row is None:
        result = insert_article(conn, article, crawl_id=crawl_id, observed_at=observed_at,
                                page_sha256=page_sha256)
    else:
        result = update_article(conn, row, article, crawl_id=crawl_id, observed_at=observed_at,
                                page_sha256=page_sha256)
    if article.views is not None:
        recorded, result.decreased = add_view(
            conn, article_id=result.article_id, url=article.url, crawl_id=crawl_id,
            observed_at=observed_at, views=article.views, source="article",
        )
        result.views_recorded += recorded
    result.views_recorded += record_item_views(
        conn, article.most_read, crawl_id=crawl_id, observed_at=observed_at, source="most_read"
    )
    return result


def record_most_read(conn: sqlite3.Connection, items: Sequence[MostReadItem], *,
                     crawl_id: int | None, observed_at: str) -> int:
    """Store a crawl's most-read snapshot once; return the rows stored (0 when a repeat)."""
    if crawl_id is not None and conn.execute(
        "SELECT 1 FROM most_read WHERE crawl_id = ? LIMIT 1", (crawl_id,)
    ).fetchone():
        return 0
    conn.executemany(
        "INSERT INTO most_read (crawl_id, observed_at, rank, article_id, url, title, views,"
        " published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(crawl_id, observed_at, item.rank, find_article_id(conn, item.url), item.url,
          item.title, item.views, item.published) for item in items],
    )
    record_item_views(conn, items, crawl_id=crawl_id, observed_at=observed_at, source="most_read")
    return len(items)


#: Statuses that mean "this page is gone" for removal purposes; others are failures.
GONE_STATUSES = (404, 410)


def record_missing(conn: sqlite3.Connection, url: str, *, crawl_id: int | None, status: int,
                   observed_at: str) -> bool:
    """Count a 404/410 of a known article; set ``removed_at`` on the second distinct crawl.

    A second answer within the same crawl does not count (a retry is not a confirmation);
    a ``crawl_id`` of None counts every call.  Returns True when the article is removed.
    """
    row = conn.execute(
        "SELECT id, removed_at, missing_count, missing_crawl_id FROM articles WHERE url = ?",
        (url,),
    ).fetchone()
    if row is None or status not in GONE_STATUSES:
        return bool(row and row["removed_at"])
    if row["removed_at"] is not None:
        return True
    if crawl_id is not None and row["missing_crawl_id"] == crawl_id:
        return False
    count = row["missing_count"] + 1
    removed_at = observed_at if count >= 2 else None
    conn.execute(
        "UPDATE articles SET missing_count = ?, missing_crawl_id = ?,"
        " missing_since = coalesce(missing_since, ?), removed_at = ? WHERE id = ?",
        (count, crawl_id, observed_at, removed_at, row["id"]),
    )
    return removed_at is not None
