"""The archive's writes: seed round-trip, versions, view counts, most-read, removals, crawls."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from scraper.archive import SCHEMA_VERSION, Archive, ArchiveError
from scraper.archive.check import check_archive
from scraper.parse.model import Article, Listing, ListingItem, MostReadItem, Quote

BASE = "https://infocovid19.lumajangkab.go.id"
SEED_URL = (f"{BASE}/main/detail-berita/455/bupati-pemkab-tni-dan-polri-lakukan-sinkronisasi-"
            "pemetaan-serta-antisipasi-persoalan-di-kabupaten-lumajang")
SEED_PARAGRAPHS = [
    "Di awal Tahun 2021, Bupati Lumajang Thoriqul Haq, berkeinginan kepada seluruh jajaran "
    "Pemerintah Kabupaten Lumajang, TNI dan Polri, untuk melakukan sinkronisasi, pemetaan serta "
    "mengantisipasi seluruh persoalan yang terjadi di Wilayah Kabupaten Lumajang.",
    "Hal itu diungkapkan Bupati Lumajang saat memberikan arahan pada acara Rapat Koordinasi "
    "Peningkatan Stabilitas Keamanan, Ketertiban Umum dan Ketentraman Masyarakat, dengan Penguatan "
    "Satgas Keamanan Desa (SKD) se-Kabupaten Lumajang, bertempat di Aula BKD Lumajang, Selasa (26/01/21).",
    '"Semua jajaran Forum Pimpinan Tingkat Kecamatan, sinergitas yang dibangun harus betul-betul '
    'lahir batin," ujarnya.',
    '"Persoalan-persoalan kecil yang kemungkinan terjadi mulai dipetakan antisipasinya, stand by itu '
    'yang penting," ungkapnya.',
]
SEED_QUOTES = [
    Quote("Semua jajaran Forum Pimpinan Tingkat Kecamatan, sinergitas yang dibangun harus "
          "betul-betul lahir batin", "Thoriqul Haq", "Bupati Lumajang", "ujarnya", 2),
    Quote("Persoalan-persoalan kecil yang kemungkinan terjadi mulai dipetakan antisipasinya, "
          "stand by itu yang penting", "Thoriqul Haq", "Bupati Lumajang", "ungkapnya", 3),
]
SEED_MOST_READ = [
    MostReadItem(1, "WABUP : PERAN PRAMUKA DI MASA PANDEMI", f"{BASE}/main/detail-berita/301/wabup",
                 "2020-08-14", 10769),
    MostReadItem(2, "BISA CEGAH COVID-19, BEGINI CARA SEDERHANA MEMBUAT CAIRAN DISINFEKTAN SENDIRI "
                 "DI RUMAH", f"{BASE}/main/detail-berita/120/bisa-cegah", "2020-03-18", 7264),
]
T0 = "2026-01-01T00:00:00Z"
T1 = "2026-01-02T00:00:00Z"
T2 = "2026-01-03T00:00:00Z"


def seed_article(**changes: object) -> Article:
    article = Article(
        url=SEED_URL, article_id="455",
        title="BUPATI: PEMKAB, TNI DAN POLRI LAKUKAN SINKRONISASI, PEMETAAN SERTA ANTISIPASI "
              "PERSOALAN DI KABUPATEN LUMAJANG",
        published="2021-01-26", views=296, image_url=f"{BASE}/files/berita/foto.jpg",
        image_caption="Dok. Kominfo-lmj", body="\n\n".join(SEED_PARAGRAPHS),
        credit="Kominfo-lmj/bob", quotes=list(SEED_QUOTES), most_read=list(SEED_MOST_READ),
    )
    return replace(article, **changes)


@pytest.fixture
def db(tmp_path):
    with Archive(tmp_path / "archive.db") as archive:
        yield archive


def rows(db: Archive, sql: str, params: tuple = ()) -> list[dict]:
    return [dict(r) for r in db.execute(sql, params)]


def test_schema_has_contract_tables_views_and_settings(db):
    names = {r["name"]: r["type"] for r in rows(db, "SELECT name, type FROM sqlite_master")}
    for table in ("articles", "article_versions", "view_counts", "quotes", "most_read", "crawls",
                  "pages", "fetches", "crawl_state", "articles_fts", "quotes_fts"):
        assert names[table] == "table", table
    for view in ("article_views_latest", "trending_24h", "quotes_with_articles",
                 "view_count_decreases"):
        assert names[view] == "view", view
    columns = {r["name"] for r in rows(db, "PRAGMA table_info(articles)")}
    assert {"id", "url", "site_article_id", "title", "published", "views", "body", "image_url",
            "image_caption", "credit", "first_seen", "last_seen", "removed_at", "missing_since",
            "missing_count", "content_hash", "page_sha256"} <= columns
    columns = {r["name"] for r in rows(db, "PRAGMA table_info(view_counts)")}
    assert {"article_id", "crawl_id", "observed_at", "views", "source", "url", "decreased"} <= columns
    assert db.schema_version == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_seed_article_round_trips(db):
    crawl = db.start_crawl("full", BASE, T0)
    result = db.record_article(seed_article(), crawl_id=crawl, observed_at=T0)
    assert result.created and result.new_version and result.views_recorded == 3
    (stored,) = rows(db, "SELECT * FROM articles")
    expected = seed_article()
    for column, attr in (("url", "url"), ("site_article_id", "article_id"), ("title", "title"),
                         ("published", "published"), ("views", "views"), ("body", "body"),
                         ("image_url", "image_url"), ("image_caption", "image_caption"),
                         ("credit", "credit")):
        assert stored[column] == getattr(expected, attr), column
    assert stored["first_seen"] == stored["last_seen"] == T0 and stored["removed_at"] is None
    quotes = rows(db, "SELECT paragraph, text, speaker, role, cue FROM quotes ORDER BY id")
    assert [Quote(**q) for q in quotes] == SEED_QUOTES
    views = rows(db, "SELECT article_id, url, views, source FROM view_counts ORDER BY id")
    assert views[0] == {"article_id": stored["id"], "url": None, "views": 296, "source": "article"}
    assert [(v["url"], v["views"], v["source"]) for v in views[1:]] == [
        (SEED_MOST_READ[0].url, 10769, "most_read"), (SEED_MOST_READ[1].url, 7264, "most_read")]
    hits = rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'sinkronisasi'")
    assert hits == [{"rowid": stored["id"]}]
    hits = rows(db, "SELECT text FROM quotes_fts WHERE quotes_fts MATCH 'speaker:Thoriqul'")
    assert len(hits) == 2
    joined = rows(db, "SELECT article_title, speaker FROM quotes_with_articles")
    assert joined[0] == {"article_title": expected.title, "speaker": "Thoriqul Haq"}


def test_edit_makes_exactly_one_version_and_unchanged_recrawl_none(db):
    db.record_article(seed_article(), crawl_id=None, observed_at=T0)
    unchanged = db.record_article(seed_article(views=310), crawl_id=None, observed_at=T1)
    rewrapped = seed_article(views=320, body=seed_article().body.replace(", ", ",\n "))
    assert not db.record_article(rewrapped, crawl_id=None, observed_at=T1).new_version
    assert not unchanged.new_version
    edited = seed_article(views=330, title="BUPATI: SINKRONISASI DIRALAT")
    assert db.record_article(edited, crawl_id=None, observed_at=T2).new_version
    assert db.record_article(edited, crawl_id=None, observed_at=T2).new_version is False
    versions = rows(db, "SELECT title, observed_at FROM article_versions ORDER BY id")
    assert [(v["title"], v["observed_at"]) for v in versions] == [
        (seed_article().title, T0), ("BUPATI: SINKRONISASI DIRALAT", T2)]
    assert db.execute("SELECT title, views FROM articles").fetchone()[:] == (
        "BUPATI: SINKRONISASI DIRALAT", 330)
    assert rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'diralat'")


def test_decreasing_count_is_kept_and_flagged(db):
    db.record_article(seed_article(views=300), crawl_id=None, observed_at=T0)
    lower = db.record_article(seed_article(views=290), crawl_id=None, observed_at=T1)
    db.record_article(seed_article(views=295), crawl_id=None, observed_at=T2)
    assert lower.decreased
    history = rows(db, "SELECT views, decreased FROM view_counts WHERE source = 'article'"
                       " ORDER BY observed_at")
    assert history == [{"views": 300, "decreased": 0}, {"views": 290, "decreased": 1},
                       {"views": 295, "decreased": 0}]
    (flagged,) = rows(db, "SELECT views, previous_views, observed_at FROM view_count_decreases")
    assert flagged == {"views": 290, "previous_views": 300, "observed_at": T1}


def test_removal_needs_two_crawls_and_deletes_nothing(db):
    first, second = (db.start_crawl("incremental", BASE, t) for t in (T0, T1))
    db.record_article(seed_article(), crawl_id=first, observed_at=T0)
    assert db.record_missing("https://elsewhere/unknown", crawl_id=first, status=404,
                             observed_at=T0) is False
    assert db.record_missing(SEED_URL, crawl_id=first, status=404, observed_at=T1) is False
    # a retry in the same crawl is not a confirmation; a 503 is not a removal
    assert db.record_missing(SEED_URL, crawl_id=first, status=410, observed_at=T1) is False
    assert db.record_missing(SEED_URL, crawl_id=second, status=503, observed_at=T2) is False
    assert db.record_missing(SEED_URL, crawl_id=second, status=410, observed_at=T2) is True
    (article,) = rows(db, "SELECT * FROM articles")
    assert (article["removed_at"], article["missing_since"], article["missing_count"]) == (T2, T1, 2)
    assert article["body"] == seed_article().body
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("article_versions", "quotes", "view_counts")]
    assert counts == [1, 2, 3]
    assert SEED_URL not in {c.url for c in db.refresh_candidates()}
    back = db.record_article(seed_article(views=400), crawl_id=None, observed_at="2026-01-04")
    assert back.restored
    assert db.execute("SELECT removed_at, missing_count FROM articles").fetchone()[:] == (None, 0)


def test_most_read_snapshot_once_per_crawl_and_pending_rows_resolve(db):
    crawl = db.start_crawl("full", BASE, T0)
    assert db.record_most_read(SEED_MOST_READ, crawl_id=crawl, observed_at=T0) == 2
    assert db.record_most_read(SEED_MOST_READ, crawl_id=crawl, observed_at=T1) == 0
    snapshot = rows(db, "SELECT rank, url, views, published, article_id FROM most_read ORDER BY rank")
    assert [(s["rank"], s["views"], s["published"], s["article_id"]) for s in snapshot] == [
        (1, 10769, "2020-08-14", None), (2, 7264, "2020-03-18", None)]
    # the sidebar on every page of the crawl repeats the same counts: stored once
    db.record_article(seed_article(), crawl_id=crawl, observed_at=T0)
    assert db.execute("SELECT count(*) FROM view_counts WHERE source = 'most_read'").fetchone()[0] == 2
    wabup = Article(url=SEED_MOST_READ[0].url, article_id="301", title="WABUP", body="Pramuka.",
                    views=10700)
    result = db.record_article(wabup, crawl_id=crawl, observed_at=T1)
    history = rows(db, "SELECT views, source, decreased, url FROM view_counts WHERE article_id = ?"
                       " ORDER BY observed_at, id", (result.article_id,))
    assert history == [{"views": 10769, "source": "most_read", "decreased": 0, "url": None},
                       {"views": 10700, "source": "article", "decreased": 1, "url": None}]
    assert db.execute("SELECT article_id FROM most_read WHERE rank = 1").fetchone()[0] == result.article_id


def test_listing_counts_are_observations(db):
    db.record_article(seed_article(), crawl_id=None, observed_at=T0)
    listing = Listing(url=f"{BASE}/main/berita", items=[
        ListingItem(SEED_URL, "t", "2021-01-26", 299), ListingItem(f"{BASE}/x", "new", None, None)])
    assert db.record_listing(listing, crawl_id=None, observed_at=T1) == 1
    assert rows(db, "SELECT views, source FROM view_counts WHERE observed_at = ?", (T1,)) == [
        {"views": 299, "source": "listing"}]


def test_empty_parse_keeps_stored_values(db):
    db.record_article(seed_article(), crawl_id=None, observed_at=T0)
    broken = seed_article(title="", body=None, quotes=[], image_caption=None, views=297)
    result = db.record_article(broken, crawl_id=None, observed_at=T1)
    assert set(result.kept_fields) == {"title", "body", "image_caption"}
    assert not result.new_version
    stored = rows(db, "SELECT title, body, image_caption, views FROM articles")[0]
    assert stored == {"title": seed_article().title, "body": seed_article().body,
                      "image_caption": "Dok. Kominfo-lmj", "views": 297}
    assert db.execute("SELECT count(*) FROM quotes").fetchone()[0] == 2


def test_refresh_candidates_failed_urls_and_state(db):
    crawl = db.start_crawl("full", BASE, T0)
    db.record_article(seed_article(), crawl_id=crawl, observed_at=T0)
    db.record_article(seed_article(), crawl_id=crawl, observed_at=T1)
    (candidate,) = db.refresh_candidates()
    assert (candidate.url, candidate.published, candidate.first_seen, candidate.last_observed) == (
        SEED_URL, "2021-01-26", T0, T1)
    db.record_fetch(crawl, f"{BASE}/a", T0, error="timeout")
    db.record_fetch(crawl, f"{BASE}/b", T0, status=503, body=b"busy")
    db.record_fetch(crawl, f"{BASE}/c", T0, error="timeout")
    db.record_fetch(crawl, f"{BASE}/c", T1, status=200, body=b"<html>ok</html>")
    db.record_fetch(crawl, f"{BASE}/d", T1, status=404, body=b"gone")
    assert db.failed_urls() == [f"{BASE}/a", f"{BASE}/b"]
    assert db.known_article_urls() == {SEED_URL}
    assert db.get_state("cursor") is None
    db.set_state("cursor", "page-3")
    db.set_state("cursor", "page-4")
    assert db.get_state("cursor") == "page-4"


def test_crawl_rows_open_close_and_interrupted(db):
    crawl = db.start_crawl("incremental", BASE, "2026-01-01T07:00:00+07:00")
    db.finish_crawl(crawl, "partial", T1, pages_fetched=12, errors=2, stats={"new": 3})
    (row,) = rows(db, "SELECT * FROM crawls")
    assert (row["started_at"], row["status"], row["pages_fetched"], row["stats"]) == (
        T0, "partial", 12, '{"new": 3}')
    with pytest.raises(ValueError):
        db.finish_crawl(crawl, "done", T1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    orphan = db.start_crawl("full", BASE, T1)
    alive = db.start_crawl("full", BASE, T1)
    with db.transaction() as conn:
        conn.execute("UPDATE crawls SET pid = ? WHERE id = ?", (int(dead.stdout), orphan))
    assert db.close_interrupted_crawls(T2) == [orphan]
    statuses = dict(db.execute("SELECT id, status FROM crawls").fetchall())
    assert statuses == {crawl: "partial", orphan: "interrupted", alive: "running"}


def test_trending_24h_ends_at_newest_observation(db):
    db.record_article(seed_article(views=100), crawl_id=None, observed_at="2021-02-01T00:00:00Z")
    db.record_article(seed_article(views=150), crawl_id=None, observed_at="2021-02-02T00:00:00Z")
    db.record_article(seed_article(views=400), crawl_id=None, observed_at="2021-02-03T00:00:00Z")
    other = Article(url=f"{BASE}/main/detail-berita/9/x", title="X", body="y", views=50)
    db.record_article(other, crawl_id=None, observed_at="2021-02-02T12:00:00Z")
    db.record_article(replace(other, views=60), crawl_id=None, observed_at="2021-02-02T18:00:00Z")
    trending = rows(db, "SELECT url, views_start, views_end, gained FROM trending_24h")
    assert trending == [
        {"url": SEED_URL, "views_start": 150, "views_end": 400, "gained": 250},
        {"url": other.url, "views_start": 50, "views_end": 60, "gained": 10}]
    (latest,) = rows(db, "SELECT views_latest, growth_per_day FROM article_views_latest"
                         " WHERE url = ?", (SEED_URL,))
    assert latest == {"views_latest": 400, "growth_per_day": 150.0}


def test_interrupted_write_leaves_archive_consistent(db, monkeypatch):
    from scraper.archive import writes

    db.record_article(seed_article(), crawl_id=None, observed_at=T0)

    def fail(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(writes, "replace_quotes", fail)
    before = rows(db, "SELECT * FROM articles")
    edited = seed_article(title="EDITED", views=999, quotes=[])
    with pytest.raises(RuntimeError):
        db.record_article(edited, crawl_id=None, observed_at=T1)
    new = Article(url=f"{BASE}/main/detail-berita/7/new", title="NEW", body="b", views=1)
    with pytest.raises(RuntimeError):
        db.record_article(new, crawl_id=None, observed_at=T1)
    assert rows(db, "SELECT * FROM articles") == before
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("article_versions", "view_counts", "quotes")]
    assert counts == [1, 3, 2]
    assert check_archive(db).ok, check_archive(db).problems
    monkeypatch.undo()
    assert db.record_article(edited, crawl_id=None, observed_at=T1).new_version


def test_locked_or_unwritable_archive_raises_archive_error(tmp_path):
    path = tmp_path / "locked.db"
    with Archive(path) as holder, Archive(path, timeout=0.05) as waiter:
        with holder.transaction():
            with pytest.raises(ArchiveError, match="locked.db.*locked"):
                waiter.set_state("k", "v")
        waiter.set_state("k", "v")
    with pytest.raises(ArchiveError, match="no-such-dir"):
        Archive(tmp_path / "no-such-dir" / "a.db")
    with pytest.raises(ArchiveError, match="no archive there"):
        Archive(tmp_path / "missing.db", readonly=True)
    with Archive(path, readonly=True) as reader:
        assert reader.get_state("k") == "v"
        with pytest.raises(ArchiveError, match="read-only"):
            reader.set_state("k", "w")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ArchiveError, match="garbage.db"):
        Archive(garbage)
