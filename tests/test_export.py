"""Exports: CSV and JSON Lines of tables and views, and a WARC re-read record by record."""

from __future__ import annotations

import base64
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from scraper import export, query
from scraper.archive import Archive
from scraper.cli import cli
from query_archive import SPECS, build_archive


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "archive.db"
    build_archive(path)
    return path


def invoke(archive_path: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", str(archive_path)])


def test_csv_of_a_table_has_header_and_every_row(archive_path, tmp_path):
    out = tmp_path / "articles.csv"
    result = invoke(archive_path, "export", "--format", "csv", "--table", "articles", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == len(SPECS)
    assert {"id", "url", "title", "views", "removed_at"} <= set(rows[0])
    by_site = {r["site_article_id"]: r for r in rows}
    assert by_site["460"]["views"] == "2400"
    assert "Kominfo" in by_site["455"]["credit"]


def test_jsonl_of_a_view_to_stdout(archive_path):
    result = invoke(archive_path, "export", "--format", "jsonl", "--table", "quotes_with_articles")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == sum(len(s.quotes) for s in SPECS)
    assert {r["speaker"] for r in records} == {"Thoriqul Haq", "Bayu Wibowo"}
    assert "wrote 3 rows of quotes_with_articles" in result.stderr


def test_jsonl_blobs_use_sqlite_utils_base64(archive_path):
    conn = query.connect(archive_path)
    out = io.StringIO()
    export.write_jsonl(conn, "pages", out)
    first = json.loads(out.getvalue().splitlines()[0])
    stored = conn.execute("SELECT content FROM pages WHERE id = ?", (first["id"],)).fetchone()[0]
    assert first["content"]["$base64"] is True
    assert base64.b64decode(first["content"]["encoded"]) == stored


def test_unknown_table_is_refused_with_choices(archive_path):
    result = invoke(archive_path, "export", "--format", "csv", "--table", "articlez")
    assert result.exit_code == 1
    assert "no table or view 'articlez'" in result.output and "view_counts" in result.output
    internal = invoke(archive_path, "export", "--format", "csv", "--table", "articles_fts_data")
    assert internal.exit_code == 1


def test_warc_table_flag_conflict_rejected(archive_path):
    result = invoke(archive_path, "export", "--format", "warc", "--table", "articles", "-o", "x.warc.gz")
    assert result.exit_code == 2 and "--table applies to csv and jsonl" in result.output


def test_warc_round_trips_every_stored_fetch(archive_path, tmp_path):
    out = tmp_path / "archive.warc.gz"
    result = invoke(archive_path, "export", "--format", "warc", "-o", str(out))
    assert result.exit_code == 0, result.output
    fetches = sqlite3.connect(archive_path).execute(
        "SELECT url, fetched_at, status, sha256 FROM fetches WHERE sha256 IS NOT NULL "
        "ORDER BY fetched_at, id"
    ).fetchall()
    with out.open("rb") as stream:
        records = list(iter_records(stream))
    assert records[0]["type"] == "warcinfo"
    responses = records[1:]
    assert len(responses) == len(fetches) and f"wrote {len(fetches)} response records" in result.stderr
    with Archive(archive_path, readonly=True) as db:
        for record, (url, fetched_at, status, sha) in zip(responses, fetches):
            assert record["type"] == "response"
            assert record["uri"] == url and record["date"] == fetched_at
            assert record["status"] == str(status)
            assert record["body"] == db.load_page(sha)  # byte for byte
            assert record["content_encoding"] is None  # body is stored decoded
            assert record["content_length"] == str(len(record["body"]))
    assert {r["status"] for r in responses} == {"200", "404"}


def test_warc_passes_warcio_check(archive_path, tmp_path):
    """``warcio check`` verifies every record's block and payload digests."""
    out = tmp_path / "checked.warc.gz"
    with out.open("wb") as stream:
        export.write_warc(query.connect(archive_path), stream)
    with pytest.raises(SystemExit) as exit_info:
        warcio_main(["check", str(out)])
    assert exit_info.value.code == 0


def iter_records(stream):
    """Every WARC record, read with warcio as a web-archive tool would."""
    for record in ArchiveIterator(stream):
        http = record.http_headers
        yield {
            "type": record.rec_type,
            "uri": record.rec_headers.get_header("WARC-Target-URI"),
            "date": record.rec_headers.get_header("WARC-Date"),
            "status": http.get_statuscode() if http else None,
            "content_encoding": http.get_header("Content-Encoding") if http else None,
            "content_length": http.get_header("Content-Length") if http else None,
            "body": record.content_stream().read(),
        }
