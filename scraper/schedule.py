"""The refresh schedule: which known articles are due for a fresh view count.

Pure functions of the candidates and the clock, so the policy can be tested as
a table and changed in one place.  An article's age (from its publication date,
else from when the crawler first saw it) picks an interval; it is due once its
last observation is that old, give or take a tolerance so that an hourly cron
does not drift an hour later each day; the most overdue come first, within the
run's budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Protocol

#: (age below which, refresh interval): young articles gather views fast, old ones slowly.
REFRESH_POLICY: tuple[tuple[timedelta | None, timedelta], ...] = (
    (timedelta(days=2), timedelta(0)),  # every run
    (timedelta(days=30), timedelta(days=1)),
    (timedelta(days=365), timedelta(days=7)),
    (None, timedelta(days=30)),
)

#: Part of an interval by which a refresh may come early: last run's 10:00:05 observation
#: is due again at today's 10:00:00 run, not at 11:00.
TOLERANCE_FRACTION = 0.1

#: Known articles refreshed by one incremental run at most (``--refresh-budget``).
DEFAULT_REFRESH_BUDGET = 50

#: The portal's own time zone (WIB), for publication dates given without one.
SITE_TZ = timezone(timedelta(hours=7))


class Candidate(Protocol):
    """What the schedule reads of a known article (the archive's ``RefreshCandidate``)."""

    url: str
    published: str | None
    first_seen: str | None
    last_observed: str | None


@dataclass(frozen=True)
class Due:
    """One article chosen for a refresh, and by how much it is overdue."""

    url: str
    overdue: timedelta


def parse_time(value: str | None) -> datetime | None:
    """An aware datetime from an ISO date or datetime; a bare date is midnight WIB; None if unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        parsed = datetime(day.year, day.month, day.day)
    if parsed.tzinfo is None:
        # A date-only "published" is the site's local day; other naive stamps are ours (UTC).
        parsed = parsed.replace(tzinfo=SITE_TZ if len(value) <= 10 else timezone.utc)
    return parsed


def refresh_interval(age: timedelta) -> timedelta:
    """The time between two view counts of an article this old."""
    for below, interval in REFRESH_POLICY:
        if below is None or age < below:
            return interval
    raise AssertionError("REFRESH_POLICY must end with an open-ended row")


def overdue_by(
    *, published: str | None, first_seen: str | None, last_observed: str | None, now: datetime
) -> timedelta | None:
    """How long past due the article's next view count is, or None if it is not due yet.

    Never observed means due since it was first seen (or since forever).
    """
    born = parse_time(published) or parse_time(first_seen) or now
    last = parse_time(last_observed)
    if last is None:
        return now - born if born < now else timedelta(0)
    interval = refresh_interval(now - born)
    due_at = last + interval - interval * TOLERANCE_FRACTION
    if interval and due_at > now:
        return None
    return now - due_at


def plan_refresh(
    candidates: Iterable[Candidate],
    now: datetime,
    budget: int,
    *,
    skip: Iterable[str] = (),
) -> list[str]:
    """URLs to refresh this run: the most overdue first, at most ``budget`` of them.

    ``skip`` are URLs the run fetches anyway (e.g. found new on the listing).
    """
    skipped = set(skip)
    due = []
    for candidate in candidates:
        if candidate.url in skipped:
            continue
        late = overdue_by(
            published=candidate.published,
            first_seen=candidate.first_seen,
            last_observed=candidate.last_observed,
            now=now,
        )
        if late is not None:
            due.append(Due(candidate.url, late))
    due.sort(key=lambda d: (-d.overdue, d.url))
    return [d.url for d in due[: max(0, budget)]]
