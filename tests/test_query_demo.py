"""Every query command on a real demo archive (`scraper demo`: mirror + crawler + archive).

The seed article 455 is the one page known from the real portal, so its
title, count and quotations are asserted as the portal printed them; the
rest is checked against what the archive itself holds.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from scraper.cli import cli

SEED_TITLE = "BUPATI: PEMKAB, TNI DAN POLRI LAKUKAN SINKRONISASI"
SEED_QUOTE = "sinergitas yang dibangun harus betul-betul lahir batin"


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(
        cli, ["demo", "--db", str(path), "--articles", "30", "--days", "4", "--faults", "none"]
    )
    assert result.exit_code == 0, result.output
    return path


def run(demo: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(demo)])
    assert result.exit_code == 0, result.output
    return result.stdout


def sql(demo: Path, statement: str, *params):
    return sqlite3.connect(demo).execute(statement, params).fetchall()


def test_search_finds_the_seed_article(demo):
    hits = json.loads(run(demo, "search", "--json", "sinkronisasi"))
    assert hits[0]["site_article_id"] == "455" and hits[0]["title"].startswith(SEED_TITLE)
    assert "**sinkronisasi**" in hits[0]["snippet"].lower()
    assert SEED_TITLE in run(demo, "search", "sinkronisasi pemetaan")


def test_show_seed_article_with_its_quotes(demo):
    out = run(demo, "show", "455")
    assert SEED_TITLE in out and SEED_QUOTE in out and "Thoriqul Haq" in out


def test_show_the_removed_article(demo):
    (site_id, removed_at), = sql(demo, "SELECT site_article_id, removed_at FROM articles "
                                       "WHERE removed_at IS NOT NULL")
    assert f"REMOVED from the portal on {removed_at}" in run(demo, "show", site_id)


def test_views_of_the_seed_article_grow_from_296(demo, tmp_path):
    out = run(demo, "views", "455", "--svg", str(tmp_path / "455.svg"))
    days = sql(demo, "SELECT count(DISTINCT substr(observed_at, 1, 10)) FROM view_counts v "
                     "JOIN articles a ON a.id = v.article_id WHERE a.site_article_id = '455'")[0][0]
    assert "296 →" in out and f"over {days} days" in out
    assert (tmp_path / "455.svg").read_text(encoding="utf-8").count("<circle") >= days


def test_trending_lists_the_gains_of_the_last_simulated_day(demo):
    data = json.loads(run(demo, "trending", "--json"))
    newest = sql(demo, "SELECT max(observed_at) FROM view_counts")[0][0]
    assert data["window_end"] == newest and data["articles"]
    gains = [a["gained"] for a in data["articles"]]
    assert gains == sorted(gains, reverse=True) and gains[0] > 0


def test_most_read_matches_the_sidebar(demo):
    out = run(demo, "most-read")
    first = out.splitlines()[2]
    assert first.startswith("1") and "WABUP : PERAN PRAMUKA DI MASA PANDEMI" in first
    day = sql(demo, "SELECT substr(min(observed_at), 1, 10) FROM most_read")[0][0]
    snap = json.loads(run(demo, "most-read", "--json", "--date", day))
    assert [i["rank"] for i in snap["items"]] == [1, 2, 3, 4, 5]


def test_quotes_of_the_bupati(demo):
    rows = json.loads(run(demo, "quotes", "--json", "--speaker", "Thoriq", "-n", "500"))
    assert any(SEED_QUOTE in r["text"] for r in rows)
    assert all("Thoriq" in (r["speaker"] or "") + (r["role"] or "") for r in rows)


def test_export_warc_of_the_demo(demo, tmp_path):
    out = tmp_path / "demo.warc.gz"
    CliRunner().invoke(cli, ["export", "--format", "warc", "-o", str(out), "--db", str(demo)])
    with out.open("rb") as stream:
        types = [record.rec_type for record in ArchiveIterator(stream)]
    stored = sql(demo, "SELECT count(*) FROM fetches WHERE sha256 IS NOT NULL")[0][0]
    assert types[0] == "warcinfo" and types.count("response") == stored > 0
