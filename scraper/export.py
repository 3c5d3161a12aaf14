"""Exports for researchers: CSV and JSON Lines of any table or view, WARC of the raw pages.

CSV and JSONL stream rows straight from SQLite, so a multi-million-row
``view_counts`` never sits in memory.  The WARC holds one ``response``
record per fetch that stored a body, rebuilt from ``fetches`` + ``pages``
(status line, the response headers as fetched, the body decompressed by the
archive's own :class:`~scraper.archive.pages.PageCodec`), so replay tools
(pywb, ``warcio index``) see the pages as the crawler did.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from http import HTTPStatus
from typing import IO, Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper import __version__
from scraper.archive.pages import PageCodec
from scraper.query import QueryError

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "warc")

#: Tables that exist only as SQLite/FTS5 internals: exporting them helps nobody.
INTERNAL_SUFFIXES = ("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config", "_fts_content")

#: Response headers that describe the transfer, not the body we stored (requests
#: already undid gzip/chunking); replaying them would corrupt the record.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})

#: sqlite-utils' convention for binary values in JSON, so ``sqlite-utils insert`` reads them back.
BLOB_KEY = "$base64"


def exportable_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables and views a user may export (everything but SQLite/FTS internals)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
    )
    return [name for (name,) in rows if not name.endswith(INTERNAL_SUFFIXES)]


def check_table(conn: sqlite3.Connection, table: str) -> str:
    """Return ``table`` if it may be exported; otherwise a :class:`QueryError` listing the choices."""
    names = exportable_tables(conn)
    if table not in names:
        raise QueryError(f"no table or view {table!r} in the archive; choose one of: {', '.join(names)}")
    return table


def iter_rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], Iterator[tuple]]:
    """Column names and a streaming cursor over ``table`` (validated first)."""
    check_table(conn, table)
    cursor = conn.execute(f'SELECT * FROM "{table}"')
    return [d[0] for d in cursor.description], iter(cursor)


def encode_blob(value: Any) -> Any:
    """Binary columns (``pages.content``) as base64, the way sqlite-utils writes them."""
    if isinstance(value, bytes):
        return {BLOB_KEY: True, "encoded": base64.b64encode(value).decode("ascii")}
    return value


def write_csv(conn: sqlite3.Connection, table: str, out: IO[str]) -> int:
    """Write ``table`` as CSV with a header row; return the number of data rows."""
    columns, rows = iter_rows(conn, table)
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(
            [base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for v in row]
        )
        count += 1
    return count


def write_jsonl(conn: sqlite3.Connection, table: str, out: IO[str]) -> int:
    """Write ``table`` as JSON Lines, one object per row; return the number of rows."""
    columns, rows = iter_rows(conn, table)
    count = 0
    for row in rows:
        record = {c: encode_blob(v) for c, v in zip(columns, row)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


# --------------------------------------------------------------------------- WARC


def warc_date(stored: str) -> str:
    """The archive's ``2021-01-26T08:00:00Z`` as WARC-Date (same shape, normalised to UTC)."""
    moment = datetime.fromisoformat(stored.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def header_pairs(stored: str | None, body_length: int) -> list[tuple[str, str]]:
    """The stored response headers as (name, value) pairs, minus transfer headers.

    ``pages.headers`` is JSON: an object, or a list of pairs where a header repeats.
    Content-Length is set to the stored body's real length.
    """
    parsed: Any = json.loads(stored) if stored else {}
    pairs = list(parsed.items()) if isinstance(parsed, dict) else [tuple(p) for p in parsed]
    kept = [(str(k), str(v)) for k, v in pairs if str(k).lower() not in TRANSFER_HEADERS]
    kept.append(("Content-Length", str(body_length)))
    return kept


def status_line(status: int | None) -> str:
    """``200 OK``; an unknown code keeps an empty reason phrase."""
    code = status or 200
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code} "


WARC_FETCHES_SQL = """
SELECT f.url, f.final_url, f.fetched_at, coalesce(f.status, p.status) AS status, f.sha256,
       p.headers, p.content, p.dict_id
FROM fetches f JOIN pages p ON p.sha256 = f.sha256
ORDER BY f.fetched_at, f.id
"""


def write_warc(conn: sqlite3.Connection, out: IO[bytes], source: str = "archive.db") -> int:
    """Write a gzipped WARC 1.0 (one gzip member per record) of every stored fetch.

    A ``warcinfo`` record first, then a ``response`` record per fetch whose
    body the archive kept.  Returns the number of response records.
    """
    writer = WARCWriter(out, gzip=True, warc_version="1.0")
    info = writer.create_warcinfo_record(
        f"{source}.warc.gz",
        {
            "software": f"lumajang-scraper/{__version__} (scraper export --format warc)",
            "format": "WARC File Format 1.0",
            "description": f"Raw pages stored in {source}, one response record per fetch",
        },
    )
    writer.write_record(info)
    codec = PageCodec(conn)
    count = 0
    for row in conn.execute(WARC_FETCHES_SQL):
        body = codec.decompress(row["content"], row["dict_id"])
        http_headers = StatusAndHeaders(
            status_line(row["status"]), header_pairs(row["headers"], len(body)), protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            row["final_url"] or row["url"],
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": warc_date(row["fetched_at"])},
        )
        writer.write_record(record)
        count += 1
    log.info("wrote %s response records from %s", count, source)
    return count
