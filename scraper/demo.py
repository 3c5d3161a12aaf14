"""``scraper demo``: a real archive in a minute, from the bundled mirror on loopback.

The demo serves the offline mirror on 127.0.0.1 (a free port), crawls it on
simulated day 0, then moves the site on day by day and crawls again, so that
the archive holds what months of cron runs would: view counts growing day
by day, an article edited on day 1 (a second version), one removed on day 2
(confirmed by the day-3 run), a counter reset on day 3 (a flagged decrease),
most-read snapshots and quotations.

Time: each simulated day is stamped as a real day.  With ``D`` days, day
``d`` happens ``D - d`` days before now (plus the seconds the demo has been
running), so "views per day" and "trending in the last 24 h" read true in the
archive.  The follow-up runs re-read every article (``--full``): the refresh
schedule would otherwise, rightly, leave articles years old for a monthly
visit, and the demo is there to show history.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from scraper.archive import Archive
from scraper.crawl import CrawlOptions, CrawlSummary, run_crawl, utc_now
from scraper.fetch import FetchSettings
from scraper.mirror import Mirror

#: ``crawl_state`` key that marks an archive as built by the demo (safe to rebuild).
DEMO_STATE_KEY = "demo.base_url"

#: Fast but still bounded retries: the loopback mirror's faults clear within three tries.
DEMO_FETCH = FetchSettings(delay=0, timeout=5.0, backoff=0.05, max_wait=0.5)

#: What the closing table counts: (label, read-only SQL returning one number).
ARCHIVE_COUNTS: tuple[tuple[str, str], ...] = (
    ("articles", "SELECT count(*) FROM articles"),
    ("view count observations", "SELECT count(*) FROM view_counts"),
    ("articles with views growing", "SELECT count(*) FROM (SELECT article_id FROM view_counts"
     " WHERE article_id IS NOT NULL GROUP BY article_id HAVING max(views) > min(views))"),
    ("edited articles (2+ versions)", "SELECT count(*) FROM (SELECT article_id FROM article_versions"
     " GROUP BY article_id HAVING count(*) > 1)"),
    ("removed articles", "SELECT count(*) FROM articles WHERE removed_at IS NOT NULL"),
    ("view count decreases flagged", "SELECT count(*) FROM view_counts WHERE decreased"),
    ("most-read snapshots", "SELECT count(DISTINCT crawl_id) FROM most_read"),
    ("quotations", "SELECT count(*) FROM quotes"),
    ("raw pages kept", "SELECT count(*) FROM pages"),
    ("crawl runs", "SELECT count(*) FROM crawls"),
)

NEXT_COMMANDS = (
    "scraper search vaksin",
    "scraper views 455",
    "scraper most-read",
    "scraper serve",
)


class DemoRefused(Exception):
    """The target archive exists and was not made by the demo."""


@dataclass
class DemoReport:
    db_path: str
    base_url: str
    runs: list[CrawlSummary] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class DemoClock:
    """Stamps simulated day ``d`` of ``days`` as ``days - d`` real days ago, plus elapsed time."""

    def __init__(self, days: int, now: Callable[[], datetime] = utc_now) -> None:
        self.days = days
        self.day = 0
        self._start = now()
        self._started = time.monotonic()

    def __call__(self) -> datetime:
        elapsed = timedelta(seconds=time.monotonic() - self._started)
        return self._start - timedelta(days=self.days - self.day) + elapsed


def prepare_db(db_path: str, force: bool) -> None:
    """Remove a previous demo archive; refuse to touch any other archive unless ``force``."""
    path = Path(db_path)
    if not path.exists():
        return
    if not force:
        with Archive(path) as db:
            made_by_demo = db.get_state(DEMO_STATE_KEY) is not None
        if not made_by_demo:
            raise DemoRefused(
                f"{path} exists and was not made by `scraper demo`; pass --db NEW.db, or --force to replace it"
            )
    for suffix in ("", "-wal", "-shm", ".lock"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            os.remove(candidate)


def run_demo(
    db_path: str,
    *,
    articles: int = 300,
    days: int = 4,
    faults: str = "light",
    force: bool = False,
    on_run: Callable[[int, CrawlSummary], None] | None = None,
    on_progress: Callable[[CrawlSummary], None] | None = None,
) -> DemoReport:
    """Build ``db_path`` from the mirror over ``days`` + 1 simulated days; return what it holds."""
    prepare_db(db_path, force)
    clock = DemoClock(days)
    with Mirror(articles=articles, day=0, faults=faults) as mirror:
        report = DemoReport(db_path, mirror.base_url)
        with Archive(db_path) as db:
            db.set_state(DEMO_STATE_KEY, mirror.base_url)
        for day in range(days + 1):
            mirror.set_day(day)
            clock.day = day
            options = CrawlOptions(base_url=mirror.base_url, full=day > 0, fetch=DEMO_FETCH)
            summary = run_crawl(db_path, options, clock=clock, on_progress=on_progress)
            report.runs.append(summary)
            if on_run is not None:
                on_run(day, summary)
    with Archive(db_path) as db:
        report.counts = {label: db.execute(sql).fetchone()[0] for label, sql in ARCHIVE_COUNTS}
    return report
