"""The listing walk as pure bookkeeping: where it goes, when it stops, what it leaves for the next run."""

from __future__ import annotations

from scraper.discovery import Walk, WalkState, article_key
from scraper.parse import Listing, ListingItem

BASE = "http://site.test"
PAGE = [f"{BASE}/main/berita"] + [f"{BASE}/main/berita/{n}" for n in (10, 20, 30)]


class MemoryState:
    """The three archive methods a walk uses, kept in a dict."""

    def __init__(self, failed: list[str] | None = None) -> None:
        self.values: dict[str, str | None] = {}
        self.failed = failed or []

    def get_state(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def set_state(self, key: str, value: str | None) -> None:
        self.values[key] = value

    def failed_urls(self) -> list[str]:
        return self.failed


def article(n: int) -> str:
    return f"{BASE}/main/detail-berita/{n}/judul-{n}"


def listing(page: int, ids: list[int]) -> Listing:
    forward = PAGE[page + 1:] if ids else []
    return Listing(url=PAGE[page], items=[ListingItem(article(i)) for i in ids], next_pages=forward)


def walk(db: MemoryState, known: set[int] = frozenset(), full: bool = False) -> Walk:
    return Walk(start_url=BASE, known={article_key(article(i)) for i in known}, full=full,
                state=WalkState.load(db), now="2026-01-01T00:00:00+00:00")


def test_article_key_ignores_slug_and_trailing_slash():
    assert article_key(article(7)) == article_key(f"{BASE}/main/detail-berita/7") == "id:7"
    assert article_key(f"{BASE}/main/detail-berita/7/judul-7/") == "id:7"
    assert article_key(f"{BASE}/main/profil") == f"{BASE}/main/profil"


def test_incremental_walk_stops_at_the_first_page_with_nothing_new():
    db = MemoryState()
    w = walk(db, known={1, 2, 3, 4, 5, 6})
    assert w.mode == "incremental" and w.next_listing() == PAGE[0]
    assert w.finish_listing(PAGE[0], listing(0, [9, 8, 1]), db, ended=False) == [article(9), article(8)]
    assert w.next_listing() == PAGE[1]
    assert w.finish_listing(PAGE[1], listing(1, [2, 3, 4]), db, ended=False) == []
    assert w.next_listing() is None
    assert WalkState.load(db).pending == [article(9), article(8)]  # saved before they are fetched


def test_first_walk_goes_to_the_end_and_clears_the_backfill():
    db = MemoryState()
    w = walk(db)
    assert w.mode == "first"
    for page, ids in enumerate([[9, 8], [7, 6], [5, 4]]):
        assert w.next_listing() == PAGE[page]
        w.finish_listing(PAGE[page], listing(page, ids), db, ended=False)
        assert WalkState.load(db).cursor == PAGE[page]
    assert w.next_listing() == PAGE[3]
    w.finish_listing(PAGE[3], listing(3, []), db, ended=False)  # a page with no articles at all
    assert w.next_listing() is None
    state = WalkState.load(db)
    assert not state.backfill and state.cursor is None


def test_interrupted_backfill_resumes_after_a_head_walk():
    db = MemoryState()
    w = walk(db)
    for page, ids in enumerate([[9, 8], [7, 6]]):
        w.next_listing()
        w.finish_listing(PAGE[page], listing(page, ids), db, ended=False)
    for fetched in (9, 8, 7):
        w.forget_pending(article(fetched))  # 6 was in flight when the run died
    w.state.save(db)
    again = walk(db, known={9, 8, 7})
    assert again.mode == "resume"
    assert again.leftovers(db) == [article(6)]
    assert again.next_listing() == PAGE[0]  # the head first: anything new since?
    again.finish_listing(PAGE[0], listing(0, [9, 8]), db, ended=False)
    assert again.next_listing() == PAGE[1]  # nothing new: on to the cursor
    again.finish_listing(PAGE[1], listing(1, [7, 6]), db, ended=False)
    assert again.next_listing() == PAGE[2]  # and on to the end


def test_head_walk_that_reaches_the_cursor_becomes_the_backfill():
    db = MemoryState()
    w = walk(db)
    w.next_listing()
    w.finish_listing(PAGE[0], listing(0, [9, 8]), db, ended=False)  # killed right after page 1
    again = walk(db)
    assert again.next_listing() == PAGE[0]
    again.finish_listing(PAGE[0], listing(0, [9, 8]), db, ended=False)
    assert again.next_listing() == PAGE[1]
    again.finish_listing(PAGE[1], listing(1, [7, 6]), db, ended=False)
    assert again.next_listing() == PAGE[2]  # one walk to the end, not the head then the cursor again
    again.finish_listing(PAGE[2], listing(2, [5]), db, ended=False)
    again.next_listing()
    again.finish_listing(PAGE[3], None, db, ended=True)
    assert again.next_listing() is None and not WalkState.load(db).backfill


def test_failed_listing_keeps_the_cursor_and_failed_articles_come_back():
    db = MemoryState(failed=[article(3), PAGE[2], f"{BASE}/robots.txt"])
    w = walk(db, full=True)
    assert w.mode == "full" and w.refetch_known
    w.next_listing()
    w.finish_listing(PAGE[0], listing(0, [3, 2]), db, ended=False)
    w.next_listing()
    w.finish_listing(PAGE[1], None, db, ended=False)  # fetch failed
    assert w.next_listing() is None
    state = WalkState.load(db)
    assert state.backfill and state.cursor == PAGE[0] and state.refetch_known
    assert walk(db, full=True).leftovers(db) == [article(3), article(2)]
