"""Discovery: where the listing walk goes next, when it stops, and what survives a kill.

The walk follows the listing's own pagination from page 1 (the parser returns a
page's forward links in page order; the first one not yet visited is the next
page).  An incremental walk stops at the first listing page that brings no
unknown article; a first run or ``--full`` walks to the end, stopping at the
first page with no articles at all, so a calendar-style pager that links one
more empty page forever cannot hold it.

A walk to the end is a *backfill*: its cursor (the last listing page done)
and the articles it found but has not fetched yet are kept in ``crawl_state``
after every listing page.  A run that finds a backfill under way (the last one
was killed, or cut short by ``--max-pages``) first walks the head of the
listing for new articles, then resumes the backfill at its cursor.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Literal, Protocol
from urllib.parse import urljoin

from scraper.parse import Listing
from scraper.parse.dom import article_id_of

log = logging.getLogger(__name__)

#: Page 1 of the portal's listing, relative to the base URL (CONTRACT.md, "The site").
LISTING_START_PATH = "/main/berita"

#: ``crawl_state`` key holding :class:`WalkState` as JSON.
STATE_KEY = "crawler.walk"

TaskKind = Literal["robots", "listing", "article", "image"]


@dataclass(frozen=True)
class Task:
    """One URL to fetch, what it is, and why it is fetched (for logs and stats)."""

    url: str
    kind: TaskKind
    reason: str


class StateStore(Protocol):
    """The part of the archive a walk reads and writes."""

    def get_state(self, key: str, default: str | None = None) -> str | None: ...

    def set_state(self, key: str, value: str | None) -> None: ...

    def failed_urls(self) -> list[str]: ...


def article_key(url: str) -> str:
    """What makes two article URLs the same article: the site's id, else the URL.

    The listing sometimes links an article without its slug or with a trailing
    slash; both redirect to the canonical URL, which is what the archive keeps.
    """
    article_id = article_id_of(url)
    return f"id:{article_id}" if article_id else url


@dataclass
class WalkState:
    """What a run leaves for the next: a backfill under way, and articles found but not fetched."""

    backfill: bool = False
    cursor: str | None = None
    started_at: str | None = None
    refetch_known: bool = False
    pending: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, db: StateStore) -> WalkState:
        raw = db.get_state(STATE_KEY)
        return cls(**json.loads(raw)) if raw else cls()

    def save(self, db: StateStore) -> None:
        db.set_state(STATE_KEY, json.dumps(asdict(self), sort_keys=True))


@dataclass
class Segment:
    """A stretch of the walk: from ``start``, either to the end or until nothing is new."""

    start: str
    to_end: bool


class Walk:
    """The listing walk of one run (pure bookkeeping: the crawl does the fetching)."""

    def __init__(self, *, start_url: str, known: set[str], full: bool, state: WalkState, now: str) -> None:
        first_page = urljoin(start_url.rstrip("/") + "/", LISTING_START_PATH.lstrip("/"))
        self.known = known
        self.state = state
        self.cut_short = False
        self.visited: set[str] = set()
        if state.backfill and (state.refetch_known or not full):
            self.mode = "resume"
            self.segments = [Segment(first_page, to_end=False), Segment(state.cursor or first_page, to_end=True)]
            log.info("resuming the backfill begun %s at %s", state.started_at, state.cursor or first_page)
        elif full or not known:
            self.mode = "full" if full else "first"
            state.backfill, state.cursor, state.started_at, state.refetch_known = True, None, now, full
            self.segments = [Segment(first_page, to_end=True)]
        else:
            self.mode = "incremental"
            self.segments = [Segment(first_page, to_end=False)]
        #: ``--full`` (or resuming one): every listed and every known article is fetched.
        self.refetch_known = state.refetch_known
        self._upcoming: str | None = self.segments[0].start

    def leftovers(self, db: StateStore) -> list[str]:
        """Articles the last run found but never fetched, then article URLs whose last fetch failed."""
        failed = [url for url in db.failed_urls() if article_id_of(url)]
        urls = [url for url in self.state.pending if article_key(url) not in self.known]
        return list(dict.fromkeys(urls + failed))

    def next_listing(self) -> str | None:
        """The listing page to fetch now, or None when the walk is over."""
        if self.cut_short:
            return None
        upcoming, self._upcoming = self._upcoming, None
        return upcoming

    def finish_listing(self, url: str, listing: Listing | None, db: StateStore, *, ended: bool) -> list[str]:
        """Take in a fetched listing page; return the article URLs to fetch and save the state.

        ``listing`` is None when the page could not be used: ``ended`` says it held no
        articles at all (the end of the listing), otherwise it failed (the backfill's
        cursor stays put for the next run).
        """
        self.visited.add(url)
        segment = self.segments[0]
        if not segment.to_end and self.state.backfill and url == self.state.cursor:
            # The head walk has reached the backfill's cursor: from here on it is the backfill.
            segment = Segment(url, to_end=True)
            self.segments = [segment]
        queue: list[str] = []
        if listing is not None and not listing.items:
            ended = True  # a listing page without a single article: the end of the listing
        if listing is not None and listing.items:
            unknown = [item.url for item in listing.items if article_key(item.url) not in self.known]
            queue = [item.url for item in listing.items] if self.refetch_known else unknown
            self.state.pending = list(dict.fromkeys(self.state.pending + unknown))
            forward = [page for page in listing.next_pages if page not in self.visited]
            self._upcoming = forward[0] if forward else None
            if not segment.to_end and not unknown:
                self._upcoming = None
            ended = ended or not forward
        else:
            self._upcoming = None
        if segment.to_end and (listing is not None or ended):
            self.state.cursor = url
            if ended:
                log.info("backfill complete at %s", url)
                self.state.backfill, self.state.cursor, self.state.refetch_known = False, None, False
        if self._upcoming is None:
            self._next_segment()
        self.state.save(db)
        return queue

    def _next_segment(self) -> None:
        self.segments.pop(0)
        if self.segments and self.state.backfill:
            self._upcoming = self.segments[0].start

    def forget_pending(self, url: str) -> None:
        """An answer came for ``url`` (whatever its status): it no longer waits in the queue."""
        if url in self.state.pending:
            self.state.pending.remove(url)
