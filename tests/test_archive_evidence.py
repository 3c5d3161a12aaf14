"""The archive's evidence: raw pages, reparse, migrations, check and their commands."""

from __future__ import annotations

import json
import random
import re
import sqlite3

import pytest
from click.testing import CliRunner

from scraper.archive import SCHEMA_VERSION, Archive, ArchiveError, schema
from scraper.archive.check import check_archive
from scraper.archive.reparse import reparse
from scraper.cli.base import cli
from scraper.parse.model import Article, NoContent

BASE = "http://127.0.0.1:8000"
T0, T1, T2 = "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z", "2026-02-03T00:00:00Z"
FIELD = re.compile(rb"^(\w+): (.*)$", re.M)


def fake_page(title: str, views: str, *paragraphs: str) -> bytes:
    """A stand-in page format for a stand-in parser: ``KEY: value`` lines."""
    lines = [f"TITLE: {title}", f"VIEWS: {views}", *(f"PARA: {p}" for p in paragraphs)]
    return "\n".join(lines).encode()


def parse_fields(data: bytes) -> tuple[dict[bytes, bytes], list[str]]:
    fields = dict(FIELD.findall(data))
    paragraphs = [m.decode() for k, m in FIELD.findall(data) if k == b"PARA"]
    if not fields:
        raise NoContent("no fields")
    return fields, paragraphs


def old_parse(data: bytes, url: str | None = None) -> Article:
    """The 'old parser': reads "1.234" as 1 and drops the last paragraph."""
    fields, paragraphs = parse_fields(data)
    return Article(url=url, title=fields[b"TITLE"].decode(), body="\n\n".join(paragraphs[:-1]),
                   views=int(fields[b"VIEWS"].split(b".")[0]))


def new_parse(data: bytes, url: str | None = None) -> Article:
    fields, paragraphs = parse_fields(data)
    return Article(url=url, title=fields[b"TITLE"].decode(), body="\n\n".join(paragraphs),
                   views=int(fields[b"VIEWS"].replace(b".", b"")))


def crawl_page(db: Archive, url: str, body: bytes, at: str, parse=old_parse) -> None:
    crawl = db.start_crawl("full", BASE, at)
    sha = db.record_fetch(crawl, url, at, status=200, headers={"Content-Type": "text/html"}, body=body)
    db.record_article(parse(body, url), crawl_id=crawl, observed_at=at, page_sha256=sha)
    db.finish_crawl(crawl, "ok", at, pages_fetched=1)


@pytest.fixture
def db(tmp_path):
    with Archive(tmp_path / "archive.db") as archive:
        yield archive


def test_raw_pages_deduplicated_and_compressed(db):
    body = b"<html><body>" + b"<p>Pemkab Lumajang</p>" * 500 + b"</body></html>"
    first = db.record_fetch(None, f"{BASE}/a", T0, status=200, headers={"ETag": "x"}, body=body)
    again = db.record_fetch(None, f"{BASE}/a?utm=1", T1, status=200, body=body)
    failed = db.record_fetch(None, f"{BASE}/b", T1, error="connection reset")
    assert first == again and failed is None
    (page,) = db.execute("SELECT * FROM pages").fetchall()
    assert (page["url"], page["fetched_at"], page["status"], page["size"]) == (
        f"{BASE}/a", T0, 200, len(body))
    assert json.loads(page["headers"]) == {"ETag": "x"}
    assert len(page["content"]) < len(body) / 20
    assert db.load_page(first) == body
    fetches = db.execute("SELECT url, sha256, error FROM fetches ORDER BY id").fetchall()
    assert [tuple(f) for f in fetches] == [
        (f"{BASE}/a", first, None), (f"{BASE}/a?utm=1", first, None),
        (f"{BASE}/b", None, "connection reset")]


def test_dictionary_trained_on_site_pages_and_pages_still_exact(tmp_path):
    from scraper.mirror import Portal

    portal = Portal(articles=40, seed=0)
    bodies = [portal.render(path, 0)[2] for path in portal.article_paths(0)[:40]]
    with Archive(tmp_path / "plain.db", dict_train_at=10_000) as plain:
        for i, body in enumerate(bodies):
            plain.record_fetch(None, f"{BASE}/{i}", T0, status=200, body=body)
        plain_size = plain.execute("SELECT sum(length(content)) FROM pages").fetchone()[0]
    with Archive(tmp_path / "dict.db", dict_train_at=25) as trained:
        shas = [trained.record_fetch(None, f"{BASE}/{i}", T0, status=200, body=body)
                for i, body in enumerate(bodies)]
        assert trained.execute("SELECT count(*) FROM zstd_dicts").fetchone()[0] == 1
        assert trained.execute("SELECT count(*) FROM pages WHERE dict_id IS NULL").fetchone()[0] == 0
        dict_size = trained.execute("SELECT sum(length(content)) FROM pages").fetchone()[0]
        assert [trained.load_page(sha) for sha in shas] == bodies
    assert dict_size < plain_size * 0.85
    with Archive(tmp_path / "dict.db") as reopened:  # a new connection reads the stored dictionary
        assert reopened.load_page(shas[3]) == bodies[3]


def test_dictionary_that_does_not_pay_is_not_kept(tmp_path):
    rng = random.Random(0)
    bodies = [rng.randbytes(3000) for _ in range(20)]  # nothing shared between pages
    with Archive(tmp_path / "noise.db", dict_train_at=4) as db:
        shas = [db.record_fetch(None, f"{BASE}/{i}", T0, status=200, body=b)
                for i, b in enumerate(bodies)]
        assert db.execute("SELECT count(*) FROM zstd_dicts").fetchone()[0] == 0
        assert [db.load_page(sha) for sha in shas] == bodies


def test_reparse_updates_derived_rows_from_raw_pages(db):
    url = f"{BASE}/main/detail-berita/1/x"
    crawl_page(db, url, fake_page("Judul", "1.200", "Satu.", "Dua."), T0)
    crawl_page(db, url, fake_page("Judul", "1.350", "Satu.", "Dua diubah."), T1)
    crawl_page(db, url, fake_page("Judul", "1.300", "Satu.", "Dua diubah."), T2)
    # the old parser saw one version (it drops the edited paragraph) and counts of 1
    assert db.execute("SELECT count(*) FROM article_versions").fetchone()[0] == 1
    assert [r[0] for r in db.execute("SELECT views FROM view_counts ORDER BY id")] == [1, 1, 1]
    report = reparse(db, parse=new_parse)
    assert (report.articles, report.changed, report.views_corrected) == (1, 1, 3)
    assert report.fields_changed == {"body": 1}
    versions = db.execute("SELECT observed_at, body FROM article_versions ORDER BY id").fetchall()
    assert [tuple(v) for v in versions] == [(T0, "Satu.\n\nDua."), (T2, "Satu.\n\nDua diubah.")]
    history = db.execute("SELECT views, decreased FROM view_counts ORDER BY observed_at").fetchall()
    assert [tuple(h) for h in history] == [(1200, 0), (1350, 0), (1300, 1)]
    assert db.execute("SELECT body, views FROM articles").fetchone()[:] == (
        "Satu.\n\nDua diubah.", 1300)
    assert db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'diubah'"
                      ).fetchone()[0] == 1
    again = reparse(db, parse=new_parse)
    assert (again.changed, again.versions_updated, again.views_corrected) == (0, 0, 0)
    assert check_archive(db).ok


def test_reparse_keeps_values_when_the_parser_finds_nothing(db):
    good, broken = f"{BASE}/main/detail-berita/1/a", f"{BASE}/main/detail-berita/2/b"
    crawl_page(db, good, fake_page("Baik", "5", "Isi.", "Lagi."), T0, parse=new_parse)
    crawl_page(db, broken, fake_page("Rusak", "7", "Isi.", "Lagi."), T0, parse=new_parse)
    db.record_article(Article(url=f"{BASE}/no-page", title="x", body="y"), crawl_id=None,
                      observed_at=T0)

    def picky(data: bytes, url: str | None = None) -> Article:
        if url == broken:
            raise NoContent("template changed")
        return Article(url=url, title="", body=None, views=5)

    report = reparse(db, parse=picky)
    assert report.kept_empty == [good]
    assert report.failures == [(broken, "NoContent: template changed")]
    assert report.without_page == [f"{BASE}/no-page"]
    assert db.execute("SELECT title, body FROM articles WHERE url = ?", (good,)).fetchone()[:] == (
        "Baik", "Isi.\n\nLagi.")


def test_reparse_with_the_real_parser_is_stable_on_mirror_pages(db):
    from scraper.mirror import Portal
    from scraper.parse import parse_page

    portal = Portal(articles=12, seed=0)
    for day in (0, 1):
        crawl = db.start_crawl("full", BASE, f"2026-03-0{day + 1}T00:00:00Z")
        for path in portal.article_paths(day)[:6]:
            status, _, body = portal.render(path, day)
            at = f"2026-03-0{day + 1}T00:00:00Z"
            sha = db.record_fetch(crawl, BASE + path, at, status=status, body=body)
            db.record_article(parse_page(body, BASE + path), crawl_id=crawl, observed_at=at,
                              page_sha256=sha)
    report = reparse(db)
    assert report.articles >= 6 and not report.failures
    assert (report.changed, report.versions_updated, report.views_corrected) == (0, 0, 0)


def test_archive_at_previous_version_migrates(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=SCHEMA_VERSION - 1)
    conn.execute("INSERT INTO articles (url, title, body, first_seen, last_seen)"
                 " VALUES ('u', 'Banjir Lahar', 'Semeru', 'x', 'x')")
    conn.execute("INSERT INTO view_counts (article_id, observed_at, views, source)"
                 " VALUES (1, '2026-01-01T00:00:00Z', 5, 'article')")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    conn.close()
    with pytest.raises(ArchiveError, match="needs migrating"):
        Archive(path, readonly=True)
    with Archive(path) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert db.execute("SELECT views_latest FROM article_views_latest").fetchone()[0] == 5
        assert check_archive(db).ok


def test_archive_at_first_version_gets_its_fts_backfilled(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute("INSERT INTO articles (url, title, body, first_seen, last_seen)"
                 " VALUES ('u', 'Banjir Lahar', 'Semeru meletus', 'x', 'x')")
    conn.close()
    with Archive(path) as db:
        hits = db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'semeru'")
        assert hits.fetchall()[0][0] == 1


def test_archive_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Archive(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="newer than this release"):
        Archive(path)


def test_check_finds_fts_drift_and_unresolved_rows(tmp_path):
    path = tmp_path / "archive.db"
    runner = CliRunner()
    with Archive(path) as db:
        crawl_page(db, f"{BASE}/a", fake_page("A", "1", "x", "y"), T0)
    result = runner.invoke(cli, ["check", "--db", str(path)])
    assert result.exit_code == 0 and result.output.startswith("ok: 1 articles"), result.output
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER articles_ai")
    conn.execute("INSERT INTO articles (url, title, first_seen, last_seen)"
                 " VALUES ('b', 'B', 'x', 'x')")
    conn.execute("INSERT INTO view_counts (url, observed_at, views, source)"
                 " VALUES ('b', 'x', 3, 'most_read')")
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["check", "--db", str(path), "--quick"])
    assert result.exit_code == 1
    assert "articles_fts out of step" in result.output
    assert "1 view counts kept by URL although the article is known" in result.output


def test_reparse_command_reports_and_refuses_missing_archive(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["reparse", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no archive there" in result.output
    assert not (tmp_path / "none.db").exists()
    path = tmp_path / "archive.db"
    Archive(path).close()
    result = runner.invoke(cli, ["reparse", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 0
