"""scraper.query and its commands on a small archive built over five simulated days."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper import query
from scraper.cli import cli
from query_archive import (
    BASE,
    DAYS,
    EDITED_SITE_ID,
    EDITED_TITLE,
    FASTEST_SITE_ID,
    NEW_SITE_ID,
    REMOVED_SITE_ID,
    SPECS,
    build_archive,
)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("query") / "archive.db"
    return path, build_archive(path)


@pytest.fixture(scope="session")
def db(built):
    conn = query.connect(built[0])
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def ids(built) -> dict[str, int]:
    return built[1]


def run(built, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(built[0])])
    assert result.exit_code == 0, result.output
    return result.stdout


def fail(built, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(built[0])])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    return result.output


# ------------------------------------------------------------------ search


@pytest.mark.parametrize(
    ("typed", "fts"),
    [
        ("vaksin", '"vaksin"*'),
        ('"tenaga kesehatan" banjir', '"tenaga kesehatan" "banjir"*'),
        ("vaksin OR banjir", '"vaksin"* OR "banjir"*'),
        ("covid-19: (NEAR", '"covid-19:"* "(NEAR"*'),
    ],
)
def test_fts_query_quotes_words_and_keeps_phrases(typed, fts):
    assert query.build_fts_query(typed) == fts


def test_search_finds_prefix_with_highlighted_snippet(db, ids):
    hits = query.search(db, "vaksin")
    assert [h.id for h in hits] == [ids[FASTEST_SITE_ID]]
    assert "**vaksinasi**" in hits[0].snippet
    assert hits[0].views == 2400


def test_search_folds_diacritics_both_ways(db, ids):
    plain = {h.id for h in query.search(db, "kesehatan")}
    accented = {h.id for h in query.search(db, "keséhatan")}
    assert ids[EDITED_SITE_ID] in plain  # its body spells "keséhatan"
    assert ids[FASTEST_SITE_ID] in accented  # its body spells "Kesehatan"
    assert plain == accented


def test_search_phrase_is_exact(db, ids):
    assert [h.id for h in query.search(db, '"tanggul yang jebol"')] == [ids["461"]]
    assert query.search(db, '"jebol tanggul"') == []


def test_search_no_hits_is_empty_not_error(db):
    assert query.search(db, "xylofonzzz") == []


@pytest.mark.parametrize("typed", ['"unbalanced', "vaksin OR", "NOT", "   ", "!!!"])
def test_malformed_search_raises_query_error(db, typed):
    with pytest.raises(query.QueryError):
        query.search(db, typed)


def test_search_command_prints_title_views_and_snippet(built):
    out = run(built, "search", "banjir")
    assert "BUPATI TINJAU LOKASI BANJIR DI KECAMATAN PASIRIAN" in out
    assert "950 kali" in out and "**banjir**" in out


def test_search_command_json_and_messages(built):
    hits = json.loads(run(built, "search", "--json", "semeru"))
    assert [h["site_article_id"] for h in hits] == [NEW_SITE_ID]
    assert "malformed search query 'vaksin OR'" in fail(built, "search", "vaksin OR")
    result = CliRunner().invoke(cli, ["search", "xylofonzzz", "--db", str(built[0])])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no articles match" in result.stderr


# ------------------------------------------------------------------ show


def test_resolve_article_by_archive_id_site_id_and_url(db, ids):
    spec = next(s for s in SPECS if s.site_id == "461")
    assert query.resolve_article(db, str(ids["461"])) == ids["461"]
    assert query.resolve_article(db, "461") == ids["461"]
    assert query.resolve_article(db, spec.url) == ids["461"]
    with pytest.raises(query.QueryError, match="no article '99999'"):
        query.resolve_article(db, "99999")


def test_show_has_versions_quotes_and_removal(db, ids):
    edited = query.show(db, ids[EDITED_SITE_ID])
    assert [v["title"] for v in edited["versions"]][-1] == EDITED_TITLE
    assert len(edited["versions"]) == 2 and edited["title"] == EDITED_TITLE
    removed = query.show(db, ids[REMOVED_SITE_ID])
    assert removed["removed_at"] == "2021-03-23T08:00:00Z"
    bupati = query.show(db, ids["461"])
    assert bupati["quotes"][0]["speaker"] == "Thoriqul Haq"


def test_show_command_by_url_and_json(built, ids):
    out = run(built, "show", f"{BASE}/main/detail-berita/480/pengumuman-seleksi-perangkat-desa")
    assert "PENGUMUMAN SELEKSI PERANGKAT DESA" in out
    assert "REMOVED from the portal on 2021-03-23T08:00:00Z" in out
    data = json.loads(run(built, "show", "--json", "455"))
    assert data["site_article_id"] == "455" and data["quotes"][0]["cue"] == "ujarnya"
    assert "no article 'nope'" in fail(built, "show", "nope")


# ------------------------------------------------------------------ views


def test_view_history_grows_per_day(db, ids):
    history = query.view_history(db, ids[FASTEST_SITE_ID])
    assert [d.views for d in history.daily] == [120, 480, 1050, 1700, 2400]
    assert [d.gained for d in history.daily] == [None, 360, 570, 650, 700]
    assert history.points[0].observed_at == "2021-03-20T08:00:00Z"


def test_daily_growth_spreads_a_gap_over_its_days():
    points = [query.ViewPoint("2021-03-01T08:00:00Z", 100, "article"),
              query.ViewPoint("2021-03-05T08:00:00Z", 500, "article")]
    last = query.daily_growth(points)[-1]
    assert (last.gained, last.per_day) == (400, 100.0)


def test_views_command_sparkline_table_and_svg(built, tmp_path):
    svg = tmp_path / "chart.svg"
    out = run(built, "views", FASTEST_SITE_ID, "--svg", str(svg))
    assert "▁" in out and "█" in out
    assert "120 → 2.400 kali" in out
    assert "2021-03-24  2.400     700" in out
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "VAKSINASI COVID-19" in text and "2.400 kali" in text
    data = json.loads(run(built, "views", "--json", FASTEST_SITE_ID))
    assert data["daily"][-1] == {"day": "2021-03-24", "views": 2400, "gained": 700, "per_day": 700.0}


# ------------------------------------------------------------------ trending, most read


def test_trending_window_ends_at_newest_observation(db, ids):
    start, end, rows = query.trending(db, "24h")
    assert (start, end) == ("2021-03-23T08:00:00Z", "2021-03-24T08:00:00Z")
    assert [(r.article_id, r.gained) for r in rows[:2]] == [(ids[NEW_SITE_ID], 750),
                                                            (ids[FASTEST_SITE_ID], 700)]
    _, _, week = query.trending(db, "7d")
    new = next(r for r in week if r.article_id == ids[NEW_SITE_ID])
    assert new.views_start == 0  # published inside the window: everything it shows is new
    # published 2021-03-19, inside the week: its first count (120) counts as gained too
    assert week[0].article_id == ids[FASTEST_SITE_ID] and week[0].gained == 2400


def test_trending_command(built):
    out = run(built, "trending", "--since", "3d", "-n", "2")
    assert out.splitlines()[2].split()[:3] == ["1.920", "2.400", "2"]
    assert "LUMAJANG SIAGA ERUPSI SEMERU" in out
    assert "not a window like 24h" in fail(built, "trending", "--since", "yesterday")
    data = json.loads(run(built, "trending", "--json"))
    assert data["window_end"] == "2021-03-24T08:00:00Z"
    assert [a["gained"] for a in data["articles"]][:2] == [750, 700]


def test_most_read_on_a_date_and_latest(db, ids):
    snap = query.most_read_on(db, "2021-03-22")
    assert snap.observed_at == "2021-03-22T08:00:00Z"
    assert [i["views"] for i in snap.items[:2]] == [10775, 1050]
    latest = query.most_read_on(db)
    assert latest.observed_at == "2021-03-24T08:00:00Z"
    assert ids[REMOVED_SITE_ID] not in [i["article_id"] for i in latest.items]
    with pytest.raises(query.QueryError, match="the first is from 2021-03-20"):
        query.most_read_on(db, "2020-01-01")


def test_most_read_command(built):
    out = run(built, "most-read", "--date", "2021-03-21")
    assert "WABUP : PERAN PRAMUKA DI MASA PANDEMI" in out and "10.772" in out
    assert "not a date" in fail(built, "most-read", "--date", "21/03/2021")


# ------------------------------------------------------------------ quotes


def test_quotes_by_role_and_words(db, ids):
    bupati = query.quotes(db, speaker="bupati")
    assert {q.article_id for q in bupati} == {ids["455"], ids["461"]}
    floods = query.quotes(db, speaker="Bupati", search_text="banjir")
    assert [q.text[:20] for q in floods] == ["Banjir ini harus seg"]
    assert query.quotes(db, search_text="halal")[0].speaker == "Bayu Wibowo"


def test_quotes_command(built):
    out = run(built, "quotes", "--speaker", "Thoriq", "--search", "tanggul")
    assert '"Banjir ini harus segera ditangani' in out and "Bupati Lumajang" in out
    rows = json.loads(run(built, "quotes", "--json", "--speaker", "Dinas"))
    assert [r["speaker"] for r in rows] == ["Bayu Wibowo"]


def test_missing_archive_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no archive there" in result.output
    assert "Traceback" not in result.output


def test_built_archive_holds_the_story(tmp_path):
    """The builder itself: the edit, the removal and the growth are in the archive."""
    ids = build_archive(tmp_path / "a.db")
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(SPECS)
    assert conn.execute("SELECT count(*) FROM article_versions WHERE article_id = ?",
                        (ids[EDITED_SITE_ID],)).fetchone()[0] == 2
    assert conn.execute("SELECT removed_at FROM articles WHERE id = ?",
                        (ids[REMOVED_SITE_ID],)).fetchone()[0] == "2021-03-23T08:00:00Z"
    assert conn.execute("SELECT count(DISTINCT crawl_id) FROM most_read").fetchone()[0] == len(DAYS)
