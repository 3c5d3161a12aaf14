"""The crawl run against the offline mirror on loopback: discovery, refresh, politeness, faults."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest

from scraper.archive import Archive
from scraper.crawl import CrawlOptions, run_crawl
from scraper.discovery import STATE_KEY, WalkState
from scraper.fetch import FetchSettings
from scraper.lock import LockHeld, RunLock
from scraper.mirror.portal import ROBOTS_TXT
from scraper.parse import parse_page

#: No delay, tiny backoff: a heavy-fault crawl of a small mirror takes about a second.
FAST = FetchSettings(delay=0, timeout=2.0, backoff=0.001, max_wait=0.01)
DISALLOWED = tuple(line.split(":", 1)[1].strip() for line in ROBOTS_TXT.splitlines() if line.startswith("Disallow"))
T0 = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)


def crawl(db, mirror, *, clock=None, fetch=FAST, **options):
    return run_crawl(
        str(db),
        CrawlOptions(base_url=mirror.base_url, fetch=fetch, **options),
        clock=clock or (lambda: T0),
    )


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql, params).fetchall()


def clean_parse(mirror, url, day=0):
    """What the parser makes of the page served without faults (the crawler must match it)."""
    status, _, body = mirror.portal.render(urlsplit(url).path, day)
    assert status == 200
    return parse_page(body, url)


def article_id(url):
    """``455`` of ``.../main/detail-berita/455/slug`` (redirects add the slug to a bare link)."""
    return urlsplit(url).path.split("/")[3]


def paths(records, prefix="/main/detail-berita/"):
    return [r.path for r in records if r.path.startswith(prefix)]


def test_first_run_gets_every_article_once_with_its_fields(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = tmp_path / "a.db"
    summary = crawl(db, m)
    live = m.portal.article_paths(0)
    assert (summary.status, summary.mode, summary.new_articles, summary.errors) == ("ok", "first", 40, 0)
    fetched = Counter(paths(m.requests))
    assert sorted(fetched) == sorted(live) and set(fetched.values()) == {1}
    assert Counter(paths(m.requests, "/main/berita")) == Counter(m.portal.listing_paths(0))
    for row in rows(db, "SELECT * FROM articles"):
        truth = m.portal.truth(urlsplit(row["url"]).path, 0, base_url=m.base_url)
        assert row["url"] == truth["url"]
        assert (row["title"], row["views"], row["credit"]) == (truth["title"], truth["views"], truth["credit"])
        assert row["site_article_id"] == truth["article_id"]
        assert row["body"] == clean_parse(m, row["url"]).body  # the page as served, parsed
    crawls = rows(db, "SELECT * FROM crawls")
    assert [(c["mode"], c["status"], c["pages_fetched"], c["errors"]) for c in crawls] == [
        ("first", "ok", 1 + 40 + len(m.portal.listing_paths(0)), 0)
    ]
    assert len(rows(db, "SELECT DISTINCT crawl_id FROM most_read")) == 1


def test_parser_processes_archive_the_same(start_mirror, tmp_path):
    m = start_mirror(articles=20)
    crawl(tmp_path / "threads.db", m)
    summary = crawl(tmp_path / "processes.db", m, parse_processes=2)
    assert summary.new_articles == 20 and summary.errors == 0
    query = "SELECT url, title, published, views, body, credit FROM articles ORDER BY url"
    assert [tuple(r) for r in rows(tmp_path / "processes.db", query)] == [
        tuple(r) for r in rows(tmp_path / "threads.db", query)
    ]


def test_never_requests_disallowed_offsite_or_images(start_mirror, tmp_path):
    m = start_mirror(articles=30)
    crawl(tmp_path / "a.db", m)
    requested = [r.path for r in m.requests]
    assert requested[0] == "/robots.txt"
    assert not [p for p in requested if p.startswith(DISALLOWED)]
    assert not [p for p in requested if p.startswith("/files/")]
    urls = {r["url"] for r in rows(tmp_path / "a.db", "SELECT url FROM fetches")}
    assert all(u.startswith(m.base_url + "/") for u in urls)


def test_images_only_when_asked(start_mirror, tmp_path):
    m = start_mirror(articles=20)
    crawl(tmp_path / "a.db", m, images=True)
    images = [r for r in m.requests if r.path.startswith("/files/")]
    assert len(images) == 20 and {r.status for r in images} == {200}


def test_user_agent_is_sent_on_every_request(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    ua = "research-bot/2 (+https://example.org/contact)"
    crawl(tmp_path / "a.db", m, fetch=FetchSettings(**{**FAST.__dict__, "user_agent": ua}))
    assert {r.user_agent for r in m.requests} == {ua}


def test_delay_is_honoured_between_requests(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    delay = 0.1
    crawl(tmp_path / "a.db", m, max_pages=5, fetch=FetchSettings(**{**FAST.__dict__, "delay": delay}))
    starts = [r.time for r in m.requests]
    assert len(starts) == 5
    assert min(b - a for a, b in zip(starts, starts[1:])) >= delay


@pytest.mark.parametrize("faults", ["light", "heavy"])
def test_faults_still_yield_every_article_intact(start_mirror, tmp_path, faults):
    m = start_mirror(articles=40, faults=faults, slow_delay=0.3)
    fetch = FetchSettings(**{**FAST.__dict__, "timeout": 0.2})
    summary = crawl(tmp_path / "a.db", m, fetch=fetch)
    assert summary.errors == 0 and summary.new_articles == 40
    assert {r.fault for r in m.requests} >= ({"500", "503", "429", "reset", "truncate", "oversize", "slow"}
                                             if faults == "heavy" else {None})
    got = {r["url"]: (r["title"], r["body"]) for r in rows(tmp_path / "a.db", "SELECT * FROM articles")}
    want = {m.base_url + p: clean_parse(m, m.base_url + p) for p in m.portal.article_paths(0)}
    assert got == {url: (a.title, a.body) for url, a in want.items()}


def test_redirected_links_recorded_under_the_canonical_url(start_mirror, tmp_path):
    # Faults turn on the mirror's quirky listing links (no slug, trailing slash -> 301).
    m = start_mirror(articles=40, faults="light")
    crawl(tmp_path / "a.db", m)
    redirected = rows(tmp_path / "a.db", "SELECT url, final_url FROM fetches WHERE final_url IS NOT NULL")
    assert redirected
    canonical = {m.base_url + p for p in m.portal.article_paths(0)}
    assert {r["final_url"] for r in redirected} <= canonical
    assert {r["url"] for r in rows(tmp_path / "a.db", "SELECT url FROM articles")} == canonical


def test_later_days_record_views_edit_and_removal(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = tmp_path / "a.db"
    crawl(db, m)
    for day in (1, 2, 3):
        m.set_day(day)
        summary = crawl(db, m, full=True, clock=lambda d=day: T0 + timedelta(days=d))
        assert summary.errors == 0
    edited = m.base_url + m.portal.edited_article_path
    versions = rows(db, "SELECT v.title FROM article_versions v JOIN articles a ON a.id = v.article_id"
                        " WHERE a.url = ? ORDER BY v.observed_at", edited)
    assert len(versions) == 2 and versions[1]["title"].endswith("(DIPERBARUI)")
    removed = rows(db, "SELECT removed_at FROM articles WHERE url = ?", m.base_url + m.portal.removed_article_path)
    assert removed[0]["removed_at"].startswith((T0 + timedelta(days=3)).date().isoformat())
    assert rows(db, "SELECT count(*) FROM articles WHERE removed_at IS NOT NULL")[0][0] == 1
    new = {m.base_url + p for d in (1, 2, 3) for p in m.portal.new_article_paths(d)}
    assert new <= {r["url"] for r in rows(db, "SELECT url FROM articles")}
    seed = m.base_url + m.portal.article_paths(0)[-1]
    history = rows(db, "SELECT v.views FROM view_counts v JOIN articles a ON a.id = v.article_id"
                       " WHERE a.url = ? AND v.source = 'article' ORDER BY v.observed_at", seed)
    assert len(history) == 4 and [h["views"] for h in history] == sorted(h["views"] for h in history)


def test_incremental_run_on_unchanged_site_makes_only_needed_requests(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = tmp_path / "a.db"
    crawl(db, m)
    m.clear_requests()
    summary = crawl(db, m, refresh_budget=0)
    assert [r.path for r in m.requests] == ["/robots.txt", "/main/berita"]
    assert (summary.mode, summary.pages_fetched, summary.new_articles) == ("incremental", 2, 0)
    m.clear_requests()
    summary = crawl(db, m, refresh_budget=5, clock=lambda: T0 + timedelta(days=400))
    assert len(m.requests) == 2 + 5 and summary.refreshed == 5
    assert len(set(paths(m.requests))) == 5


def test_incremental_run_finds_new_articles_and_stops(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = tmp_path / "a.db"
    crawl(db, m)
    m.set_day(1)
    m.clear_requests()
    summary = crawl(db, m, refresh_budget=0, clock=lambda: T0 + timedelta(days=1))
    new = m.portal.new_article_paths(1)
    assert summary.new_articles == len(new) and sorted(paths(m.requests)) == sorted(new)
    # page 1 brought unknown articles, page 2 none: the walk stops there
    assert paths(m.requests, "/main/berita") == ["/main/berita", "/main/berita/10"]


def test_calendar_trap_does_not_run_forever(start_mirror, tmp_path):
    m = start_mirror(articles=30, trap=True)
    summary = crawl(tmp_path / "a.db", m)
    assert summary.new_articles == 30 and summary.errors == 0
    assert summary.listing_pages == len(m.portal.listing_paths(0)) + 1


def test_cut_short_backfill_resumes_where_it_stopped(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = tmp_path / "a.db"
    first = crawl(db, m, max_pages=15)
    assert first.pages_fetched == 15
    with Archive(db) as archive:
        state = WalkState.load(archive)
    assert state.backfill and state.cursor
    m.clear_requests()
    second = crawl(db, m)
    assert second.mode == "resume" and second.errors == 0
    assert len(rows(db, "SELECT * FROM articles")) == 40
    refetched = set(paths(m.requests))
    assert len(refetched) == 40 - first.new_articles  # nothing archived is fetched again
    with Archive(db) as archive:
        assert not WalkState.load(archive).backfill
        assert archive.get_state(STATE_KEY)


def test_failed_pages_are_recorded_and_retried_first_next_run(start_mirror, tmp_path):
    m = start_mirror(articles=20, faults="heavy")
    db = tmp_path / "a.db"
    one_try = FetchSettings(**{**FAST.__dict__, "tries": 1, "timeout": 0.2})
    summary = crawl(db, m, fetch=one_try)
    assert summary.status == "partial" and summary.errors > 0
    with Archive(db) as archive:
        failed = {article_id(u) for u in archive.failed_urls() if "/detail-berita/" in u}
    m.clear_requests()
    summary = crawl(db, m, refresh_budget=0)
    assert summary.errors == 0
    first_seen = list(dict.fromkeys(article_id(p) for p in paths(m.requests)))
    assert failed and set(first_seen[: len(failed)]) == failed  # retried before anything else
    archived = {r["url"] for r in rows(db, "SELECT url FROM articles")}
    assert archived == {m.base_url + p for p in m.portal.article_paths(0)}
    assert rows(db, "SELECT status FROM crawls ORDER BY id")[-1]["status"] == "ok"


def test_second_run_refused_while_lock_held(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    db = tmp_path / "a.db"
    with RunLock(db), pytest.raises(LockHeld, match="held by process"):
        crawl(db, m)
    assert not m.requests
    assert crawl(db, m).status == "ok"  # released: the next run goes ahead
