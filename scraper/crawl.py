"""One crawl run: lock, crawl row, discovery, refresh schedule, removals, summary.

The data flow of a run (the numbers are the order of events):

1. take the run lock (``<db>.lock``); close the rows of dead runs as ``interrupted``;
2. start a ``crawls`` row; read robots.txt (unreadable: the run is ``failed``);
3. re-queue what the last run left: articles found but not yet fetched
   (``crawl_state``), and articles whose last fetch failed;
4. walk the listing from page 1 through its own pagination
   (:mod:`scraper.discovery` decides where to go and when to stop), queueing
   each page's unknown articles (every article with ``--full``);
5. refresh the known articles the schedule says are due (:mod:`scraper.schedule`);
6. close the row with counts and a status: ``ok``, ``partial`` (some pages
   failed; they are retried next run), ``failed`` (nothing could be fetched,
   or a bug crashed the run) or ``interrupted`` (Ctrl-C, SIGTERM).

Fetching and parsing (which is pure) run in worker threads, several when the
delay is zero, one otherwise; every archive write happens here, in the calling
thread, one transaction per page, so a kill at any instant loses at most the
pages in flight — and those are still queued in ``crawl_state`` for the next run.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from scraper import DEFAULT_BASE_URL
from scraper.archive import Archive
from scraper.discovery import Task, Walk, WalkState, article_key
from scraper.fetch import FetchError, FetchFailed, Fetcher, FetchSettings, Response, RobotsUnavailable
from scraper.lock import RunLock
from scraper.parse import Article, Listing, NoContent, ParseError, parse_page
from scraper.schedule import DEFAULT_REFRESH_BUDGET, parse_time, plan_refresh

log = logging.getLogger(__name__)

#: Worker threads when the delay is zero (Scrapy's default is 8 concurrent requests per domain).
DEFAULT_CONCURRENCY = 8

#: Seconds between a parser process's checks that the crawl is still alive.
PARENT_CHECK_INTERVAL = 1.0

#: Statuses that say a known article is gone (removal, confirmed by a second run).
GONE_STATUSES = frozenset({404, 410})

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


class CrawlFailed(Exception):
    """The run could not proceed (robots.txt unreadable, site unreachable throughout)."""


@dataclass
class CrawlOptions:
    """What one run does; the CLI maps ``scraper crawl``'s options onto these."""

    base_url: str = DEFAULT_BASE_URL
    full: bool = False
    max_pages: int | None = None
    refresh_budget: int = DEFAULT_REFRESH_BUDGET
    images: bool = False
    concurrency: int = DEFAULT_CONCURRENCY
    #: Processes that parse beside the fetch threads (delay 0 only); 0 parses in the threads.
    parse_processes: int = 0
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass
class CrawlSummary:
    """Counts of one run; ``to_dict()`` is what ``--json`` prints and ``crawls.stats`` keeps."""

    crawl_id: int = 0
    mode: str = "incremental"
    status: str = "running"
    pages_fetched: int = 0
    requests: int = 0
    listing_pages: int = 0
    new_articles: int = 0
    refreshed: int = 0
    new_versions: int = 0
    view_counts: int = 0
    removed: int = 0
    errors: int = 0
    interrupted_runs_closed: list[int] = field(default_factory=list)
    elapsed_s: float = 0.0
    message: str | None = None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)

    def line(self) -> str:
        """The one summary line printed at the end of a run."""
        text = (
            f"crawl {self.crawl_id} {self.status}: {self.pages_fetched} pages, "
            f"{self.new_articles} new articles, {self.view_counts} view counts, "
            f"{self.errors} errors in {self.elapsed_s:.1f} s"
        )
        return f"{text} ({self.message})" if self.message else text


@dataclass
class Outcome:
    """What a worker brings back for one task: the response or failure, and the parsed page."""

    task: Task
    fetched_at: str
    response: Response | None = None
    failure: FetchError | None = None
    page: Article | Listing | None = None
    parse_error: ParseError | None = None

    @property
    def parse_problem(self) -> str | None:
        error = self.parse_error
        return f"parse failed ({type(error).__name__}: {error})" if error else None


def start_parsers(processes: int) -> ProcessPoolExecutor:
    """Parser processes, so that parsing (CPU-bound) does not queue on the GIL behind the writes.

    Spawned, not forked: a forked child would inherit the run lock's descriptor (keeping the
    lock after a kill -9 of the crawler) and whatever lock a fetch thread held at that instant.
    """
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    )


def exit_with_parent(parent_pid: int) -> None:
    """In a parser process: end it once the crawl that started it is gone (a kill -9 of the
    crawl would otherwise leave the pool waiting forever)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_INTERVAL)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def run_crawl(
    db_path: str,
    options: CrawlOptions,
    *,
    clock: Clock = utc_now,
    on_progress: Callable[[CrawlSummary], None] | None = None,
) -> CrawlSummary:
    """Run one crawl into the archive at ``db_path``; raises ``LockHeld`` if a run is going on.

    Raises :class:`CrawlFailed` (after closing the crawl row as ``failed``) when
    the run could not proceed; a run with failed pages returns normally.
    """
    with RunLock(db_path), Archive(db_path) as db, Fetcher(options.base_url, options.fetch) as fetcher:
        return Crawl(db, fetcher, options, clock, on_progress).run()


#: The columns of ``scraper runs``: the last crawls with their counts.
RECENT_RUNS_SQL = (
    "SELECT id, started_at, finished_at, mode, status, pages_fetched, errors,"
    " json_extract(stats, '$.new_articles') AS new_articles,"
    " json_extract(stats, '$.view_counts') AS view_counts,"
    " json_extract(stats, '$.message') AS message"
    " FROM crawls ORDER BY id DESC LIMIT ?"
)


def recent_runs(db: Archive, limit: int = 10) -> list[dict[str, object]]:
    """The last ``limit`` crawl runs, newest first (what cron users look at first)."""
    return [dict(row) for row in db.execute(RECENT_RUNS_SQL, (limit,))]


class Crawl:
    """The conductor of one run; see the module docstring for the order of events."""

    def __init__(
        self,
        db: Archive,
        fetcher: Fetcher,
        options: CrawlOptions,
        clock: Clock,
        on_progress: Callable[[CrawlSummary], None] | None,
    ) -> None:
        self.db = db
        self.fetcher = fetcher
        self.options = options
        self.clock = clock
        self.on_progress = on_progress
        self.summary = CrawlSummary()
        self.started = time.monotonic()
        self.most_read_recorded = False
        self.answered = 0  # pages answered (any status): none at all means the site never answered
        self.in_flight: dict[Future[Outcome], Task] = {}
        self.finished: queue.SimpleQueue[Future[Outcome]] = queue.SimpleQueue()
        self.done_keys: set[str] = set()  # article keys fetched (or queued) in this run
        self.parsers: ProcessPoolExecutor | None = None

    # -- the run ---------------------------------------------------------------

    def run(self) -> CrawlSummary:
        db, summary = self.db, self.summary
        summary.interrupted_runs_closed = db.close_interrupted_crawls(iso(self.clock()))
        for crawl_id in summary.interrupted_runs_closed:
            log.warning("crawl %d had died mid-run; closed as interrupted", crawl_id)
        known = {article_key(url) for url in db.known_article_urls()}
        self.walk = Walk(
            start_url=self.options.base_url,
            known=known,
            full=self.options.full,
            state=WalkState.load(db),
            now=iso(self.clock()),
        )
        summary.mode = self.walk.mode
        summary.crawl_id = db.start_crawl(summary.mode, self.options.base_url, iso(self.clock()))
        try:
            self._read_robots()
            fast = self.fetcher.delay == 0
            with ExitStack() as stack:
                self.pool = stack.enter_context(
                    ThreadPoolExecutor(self.options.concurrency if fast else 1, thread_name_prefix="fetch")
                )
                if fast and self.options.parse_processes > 0:
                    self.parsers = stack.enter_context(start_parsers(self.options.parse_processes))
                try:
                    self._crawl()
                except BaseException:
                    self.pool.shutdown(wait=False, cancel_futures=True)
                    raise
        except CrawlFailed as exc:
            self._finish("failed", str(exc))
            raise
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: close the row now rather than leave it to the next run.
            self._finish("interrupted", "stopped by a signal")
            raise
        except Exception as exc:
            # A bug (in the parser, say) crashes the run loudly; the row says why.
            self._finish("failed", f"crashed: {type(exc).__name__}: {exc}")
            raise
        if self.answered == 0 and summary.errors:
            message = f"{self.options.base_url} did not answer any request"
            self._finish("failed", message)
            raise CrawlFailed(message)
        self._finish("partial" if summary.errors else "ok")
        return summary

    def _crawl(self) -> None:
        for url in self.walk.leftovers(self.db):
            self._submit(Task(url, "article", "retry"))
        self._submit_next_listing()
        self._drain()
        self._submit_refreshes()
        self._drain()

    def _read_robots(self) -> None:
        task = Task(f"{self.fetcher.base_url}/robots.txt", "robots", "robots")
        try:
            response = self.fetcher.load_robots()
        except RobotsUnavailable as exc:
            self._record_failure(Outcome(task, iso(self.clock()), failure=exc))
            raise CrawlFailed(f"{exc}; not crawling a site whose robots.txt cannot be read") from exc
        self._record_response(Outcome(task, iso(self.clock()), response))

    def _finish(self, status: str, message: str | None = None) -> None:
        summary = self.summary
        summary.status = status
        summary.message = message
        summary.elapsed_s = round(time.monotonic() - self.started, 3)
        self.walk.state.save(self.db)
        self.db.finish_crawl(
            summary.crawl_id,
            status,
            iso(self.clock()),
            pages_fetched=summary.pages_fetched,
            errors=summary.errors,
            stats=summary.to_dict(),
        )

    # -- scheduling work -------------------------------------------------------

    def _budget_left(self) -> bool:
        cap = self.options.max_pages
        return cap is None or self.summary.pages_fetched + len(self.in_flight) < cap

    def _submit(self, task: Task) -> bool:
        """Queue a fetch unless the page cap is reached or the article is already done this run."""
        if task.kind == "article":
            key = article_key(task.url)
            if key in self.done_keys:
                return False
            self.done_keys.add(key)
        if not self._budget_left():
            self.walk.cut_short = True
            return False
        if not self.fetcher.allowed(task.url):
            log.info("skipping %s: not on %s or disallowed by robots.txt", task.url, self.fetcher.host)
            return False
        future = self.pool.submit(self._fetch_and_parse, task)
        self.in_flight[future] = task
        future.add_done_callback(self.finished.put)
        return True

    def _submit_next_listing(self) -> None:
        url = self.walk.next_listing()
        if url is not None:
            self._submit(Task(url, "listing", "discovery"))

    def _submit_refreshes(self) -> None:
        """Known articles due for a fresh view count (with ``--full``: every one not yet fetched)."""
        if self.walk.cut_short:
            return
        candidates = list(self.db.refresh_candidates())
        if self.walk.refetch_known:
            since = parse_time(self.walk.state.started_at)
            urls = [
                c.url
                for c in candidates
                if article_key(c.url) not in self.done_keys and parse_time(c.last_observed) < since
            ]
        else:
            fetched = [c.url for c in candidates if article_key(c.url) in self.done_keys]
            urls = plan_refresh(candidates, self.clock(), self.options.refresh_budget, skip=fetched)
        for url in urls:
            if self._submit(Task(url, "article", "refresh")):
                self.summary.refreshed += 1

    def _drain(self) -> None:
        """Handle outcomes in the order they finish, in this thread, until nothing is in flight."""
        while self.in_flight:
            future = self.finished.get()
            self.in_flight.pop(future)
            self._handle(future.result())

    # -- in a worker thread ----------------------------------------------------

    def _fetch_and_parse(self, task: Task) -> Outcome:
        try:
            response = self.fetcher.fetch(task.url)
        except FetchError as exc:
            return Outcome(task, iso(self.clock()), failure=exc)
        outcome = Outcome(task, iso(self.clock()), response)
        if task.kind in ("listing", "article") and response.ok:
            try:
                outcome.page = self._parse(response.body, response.final_url)
            except ParseError as exc:
                outcome.parse_error = exc
        return outcome

    def _parse(self, body: bytes, url: str) -> Article | Listing:
        if self.parsers is None:
            return parse_page(body, url)
        return self.parsers.submit(parse_page, body, url).result()

    # -- in this thread: every archive write ----------------------------------

    def _handle(self, outcome: Outcome) -> None:
        # One transaction per page: its fetch row, raw body, parsed data and the walk's
        # state commit together (one commit instead of up to four), and a kill rolls back
        # the page in flight whole, which stays queued for the next run.
        with self.db.transaction():
            if outcome.task.kind == "listing":
                self._handle_listing(outcome)
            elif outcome.response is None:
                self._record_failure(outcome)
            else:
                self._handle_article(outcome)
        if self.on_progress is not None:
            self.on_progress(self.summary)

    def _record_failure(self, outcome: Outcome) -> None:
        failure = outcome.failure
        failed = failure if isinstance(failure, FetchFailed) else None
        self.summary.errors += 1
        self.summary.requests += failed.attempts if failed else 0
        log.error("failed: %s", failure)
        self.db.record_fetch(
            self.summary.crawl_id,
            outcome.task.url,
            outcome.fetched_at,
            status=failed.status if failed else None,
            error=failure.reason,
        )

    def _record_response(self, outcome: Outcome, error: str | None = None) -> str | None:
        response = outcome.response
        self.answered += outcome.task.kind != "robots"
        self.summary.pages_fetched += 1
        self.summary.requests += response.attempts
        if error:
            self.summary.errors += 1
            log.error("%s: %s", outcome.task.url, error)
        return self.db.record_fetch(
            self.summary.crawl_id,
            outcome.task.url,
            outcome.fetched_at,
            status=response.status,
            headers=response.headers,
            body=response.body,
            final_url=response.final_url if response.final_url != outcome.task.url else None,
            error=error,
            elapsed_ms=response.elapsed_ms,
        )

    def _handle_listing(self, outcome: Outcome) -> None:
        """Record a listing page, queue its articles, and move the walk on."""
        response, page = outcome.response, outcome.page
        listing = None
        # A listing page without a single article (the parser's NoContent) is the end of the
        # listing, or the first empty page of a calendar-style pager: not an error.
        ended = response is not None and response.ok and isinstance(outcome.parse_error, NoContent)
        if response is None:
            self._record_failure(outcome)
        else:
            self.summary.listing_pages += 1
            error = None if ended else outcome.parse_problem
            if not ended and not error and not isinstance(page, Listing):
                error = f"HTTP {response.status}" if not response.ok else "a listing URL served an article"
            self._record_response(outcome, error)
            listing = page if isinstance(page, Listing) and not error else None
        if listing is not None:
            self.summary.view_counts += self.db.record_listing(
                listing, crawl_id=self.summary.crawl_id, observed_at=outcome.fetched_at
            )
            self._record_most_read(listing.most_read, outcome.fetched_at)
        for url in self.walk.finish_listing(outcome.task.url, listing, self.db, ended=ended):
            self._submit(Task(url, "article", "discovery"))
        self._submit_next_listing()

    def _handle_article(self, outcome: Outcome) -> None:
        response, page, task = outcome.response, outcome.page, outcome.task
        if task.kind == "image":
            self._record_response(outcome, None if response.ok else f"HTTP {response.status}")
            return
        self.walk.forget_pending(task.url)
        if response.status in GONE_STATUSES and article_key(task.url) in self.walk.known:
            self._record_response(outcome)
            if self.db.record_missing(
                task.url, crawl_id=self.summary.crawl_id, status=response.status, observed_at=outcome.fetched_at
            ):
                self.summary.removed += 1
                log.info("removed: %s", task.url)
            return
        error = outcome.parse_problem
        if not error and not response.ok:
            error = f"HTTP {response.status}"
        elif not error and not isinstance(page, Article):
            error = "an article URL served a listing"
        sha = self._record_response(outcome, error)
        if error:
            return
        result = self.db.record_article(
            page, crawl_id=self.summary.crawl_id, observed_at=outcome.fetched_at, page_sha256=sha
        )
        self.summary.new_articles += int(result.created)
        self.summary.new_versions += int(result.new_version and not result.created)
        self.summary.view_counts += result.views_recorded
        self._record_most_read(page.most_read, outcome.fetched_at)
        if self.options.images and page.image_url and self._budget_left():
            self._submit(Task(page.image_url, "image", "image"))

    def _record_most_read(self, items: list, observed_at: str) -> None:
        """The sidebar snapshot once per crawl (its counts are stored with every page anyway)."""
        if items and not self.most_read_recorded:
            self.db.record_most_read(items, crawl_id=self.summary.crawl_id, observed_at=observed_at)
            self.most_read_recorded = True
