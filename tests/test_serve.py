"""``scraper serve``: metadata coverage, and one real Datasette process queried over HTTP."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.serve import is_loopback
from scraper.serve.metadata import QUERIES, TABLES, build_metadata
from query_archive import EDITED_SITE_ID, FASTEST_SITE_ID, build_archive

STARTUP_DEADLINE = 20.0


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("serve") / "archive.db"
    return path, build_archive(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_responds(url: str, process: subprocess.Popen, deadline: float) -> None:
    """Poll ``url`` until it answers, the process dies, or the deadline passes."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise AssertionError(f"{url} did not answer within {deadline} s")


@pytest.fixture(scope="session")
def server(built):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "serve", "--db", str(built[0]), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(base + "/-/versions.json", process, STARTUP_DEADLINE)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def get_json(url: str):
    status, _, body = get(url)
    assert status == 200, body[:300]
    return json.loads(body)


# ------------------------------------------------------------------ metadata, no server


def test_every_table_and_column_of_a_real_archive_is_described(built):
    conn = sqlite3.connect(built[0])
    names = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
    ) if not n.endswith(("_fts_data", "_fts_idx", "_fts_docsize", "_fts_config"))]
    assert len(names) > 10
    for name in names:
        assert name in TABLES, f"table or view {name} has no metadata"
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
        described = TABLES[name].columns
        assert set(columns) == set(described), f"{name}: columns {set(columns) ^ set(described)}"
        assert all(described[c].strip() for c in columns)


def test_canned_queries_run_on_a_real_archive(built):
    """Every canned query's SQL is valid against the real schema (params bound to samples)."""
    from scraper.serve.plugin import prepare_connection

    conn = sqlite3.connect(built[0])
    prepare_connection(conn)
    samples = {"words": "banjir", "article_id": 1, "speaker": "Bupati", "date": "2021-03-22",
               "month": "2021-03"}
    for name, canned in QUERIES.items():
        rows = conn.execute(canned.sql, samples).fetchall()
        assert rows, f"canned query {name} found nothing on the test archive"


def test_metadata_is_keyed_by_the_served_file_name():
    meta = build_metadata("arsip2021")
    assert meta["databases"]["arsip2021"]["tables"]["articles"]["fts_table"] == "articles_fts"
    assert {"date": "published"} in meta["databases"]["arsip2021"]["tables"]["articles"]["facets"]


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("::1", True),
                                                 ("localhost", True), ("0.0.0.0", False),
                                                 ("192.168.1.5", False)])
def test_loopback_detection(host, loopback):
    assert is_loopback(host) is loopback


def test_public_address_needs_explicit_flag(built):
    result = CliRunner().invoke(cli, ["serve", "--db", str(built[0]), "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "add --public" in result.output


# ------------------------------------------------------------------ one real server


def test_table_json_with_metadata(server):
    data = get_json(server + "/archive/articles.json?_shape=objects&_sort=id")
    assert len(data["rows"]) == 7
    assert data["rows"][0]["site_article_id"] == "455"
    meta = get_json(server + "/-/metadata.json")
    assert meta["databases"]["archive"]["tables"]["view_counts"]["columns"]["source"].startswith("Where")


def test_fts_search_folds_diacritics(server, built):
    ids = built[1]
    data = get_json(server + "/archive/articles.json?_shape=objects&_search=kesehatan")
    assert {r["id"] for r in data["rows"]} == {ids[FASTEST_SITE_ID], ids[EDITED_SITE_ID]}


def test_canned_queries_over_http(server, built):
    ids = built[1]
    hits = get_json(server + "/archive/search_articles.json?_shape=objects&words=vaksin")["rows"]
    assert [h["id"] for h in hits] == [ids[FASTEST_SITE_ID]] and "**vaksinasi**" in hits[0]["snippet"]
    said = get_json(server + "/archive/quotes_by_speaker.json?_shape=objects&"
                    + urllib.parse.urlencode({"speaker": "Bupati", "words": "banjir"}))["rows"]
    assert [r["speaker"] for r in said] == ["Thoriqul Haq"] and said[0]["text"].startswith("Banjir")
    top = get_json(server + "/archive/most_read_on_date.json?_shape=objects&date=2021-03-21")["rows"]
    assert [r["rank"] for r in top] == [1, 2, 3, 4, 5] and top[0]["views"] == 10772
    status, _, page = get(server + "/archive/search_articles?words=vaksin")
    assert status == 200 and b"<mark>vaksinasi</mark>" in page
    assert b'href="/scraper-static/archive.css"' in page
    status, _, page = get(server + "/archive/quotes_by_speaker?speaker=Bayu&words=")
    assert f'<a href="/archive/articles/{ids[FASTEST_SITE_ID]}">'.encode() in page


def test_canned_search_opens_empty_without_error(server):
    """A canned query page opens with empty parameters: no rows, no FTS5 syntax error."""
    data = get_json(server + "/archive/search_articles.json?words=")
    assert data["ok"] is True and data["rows"] == []
    data = get_json(server + "/archive/search_articles.json?" + urllib.parse.urlencode({"words": '"vaksin'}))
    assert data["ok"] is True and len(data["rows"]) == 1


def test_stylesheet_is_served(server):
    status, content_type, css = get(server + "/scraper-static/archive.css")
    assert status == 200 and content_type.startswith("text/css")
    assert b"dl.column-descriptions" in css


def test_view_history_chart_data_and_svg(server, built):
    article = built[1][FASTEST_SITE_ID]
    data = get_json(f"{server}/-/scraper/views/archive/{article}.json")
    assert [d["views"] for d in data["daily"]] == [120, 480, 1050, 1700, 2400]
    status, content_type, svg = get(f"{server}/-/scraper/views/archive/{article}.svg")
    assert status == 200 and content_type.startswith("image/svg+xml")
    assert svg.startswith(b"<svg") and "2.400 kali".encode() in svg
    assert get(f"{server}/-/scraper/views/archive/99999.json")[0] == 404
    status, _, row_page = get(f"{server}/archive/articles/{article}")
    assert status == 200 and f"/-/scraper/views/archive/{article}".encode() in row_page
    status, _, query_page = get(f"{server}/archive/article_views?article_id={article}")
    assert status == 200 and f"/-/scraper/views/archive/{article}".encode() in query_page
    _, _, other_page = get(f"{server}/archive/articles")
    assert b"/-/scraper/views/" not in other_page


def test_served_archive_is_read_only(server):
    status, _, body = get(server + "/archive.json?sql=" + urllib.parse.quote("delete from articles"))
    assert status == 400 and b"Statement must be a SELECT" in body
    assert len(get_json(server + "/archive/articles.json")["rows"]) == 7
