"""The refresh schedule as a table of cases, plus properties checked with hypothesis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.schedule import overdue_by, parse_time, plan_refresh, refresh_interval

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)


def ago(**kw: float) -> str:
    return (NOW - timedelta(**kw)).isoformat()


@dataclass
class Cand:
    url: str
    published: str | None
    first_seen: str | None
    last_observed: str | None


@pytest.mark.parametrize(
    "age, interval",
    [
        (timedelta(hours=1), timedelta(0)),
        (timedelta(days=1, hours=23), timedelta(0)),
        (timedelta(days=2), timedelta(days=1)),
        (timedelta(days=29), timedelta(days=1)),
        (timedelta(days=30), timedelta(days=7)),
        (timedelta(days=364), timedelta(days=7)),
        (timedelta(days=365), timedelta(days=30)),
        (timedelta(days=4000), timedelta(days=30)),
    ],
)
def test_interval_by_age(age, interval):
    assert refresh_interval(age) == interval


@pytest.mark.parametrize(
    "published, first_seen, last_observed, due",
    [
        (ago(hours=5), None, ago(minutes=5), True),  # young: every run
        (ago(days=10), None, ago(hours=23, minutes=59), True),  # daily, hourly cron 5 s early
        (ago(days=10), None, ago(hours=20), False),
        (ago(days=10), None, ago(days=1, hours=1), True),
        (ago(days=100), None, ago(days=3), False),  # weekly
        (ago(days=100), None, ago(days=7), True),
        (ago(days=1000), None, ago(days=20), False),  # monthly
        (ago(days=1000), None, ago(days=31), True),
        (None, ago(days=1000), ago(days=20), False),  # no date: age from first_seen
        (None, ago(hours=3), ago(hours=1), True),
        ("2021-01-26", None, None, True),  # never observed
        ("not a date", ago(days=100), ago(days=1), False),
    ],
)
def test_due_table(published, first_seen, last_observed, due):
    late = overdue_by(published=published, first_seen=first_seen, last_observed=last_observed, now=NOW)
    assert (late is not None) == due


def test_plan_orders_most_overdue_first_within_budget():
    cands = [
        Cand("a", ago(days=10), None, ago(days=2)),  # 1 day + tolerance late
        Cand("b", ago(days=100), None, ago(days=30)),  # ~23 days late
        Cand("c", ago(days=1000), None, ago(days=1)),  # not due
        Cand("d", ago(days=1000), None, ago(days=60)),  # ~30 days late
        Cand("e", ago(hours=2), None, ago(minutes=1)),  # every run, barely late
    ]
    assert plan_refresh(cands, NOW, 10) == ["d", "b", "a", "e"]
    assert plan_refresh(cands, NOW, 2) == ["d", "b"]
    assert plan_refresh(cands, NOW, 2, skip=["d"]) == ["b", "a"]
    assert plan_refresh(cands, NOW, 0) == []


def test_parse_time_reads_dates_datetimes_and_junk():
    assert parse_time("2021-01-26") == datetime(2021, 1, 26, tzinfo=timezone(timedelta(hours=7)))
    assert parse_time("2021-01-26T09:30:00+07:00").utcoffset() == timedelta(hours=7)
    assert parse_time("2021-01-26T09:30:00").tzinfo == timezone.utc
    assert parse_time("2021-01-26T09:30:00Z") == datetime(2021, 1, 26, 9, 30, tzinfo=timezone.utc)
    assert parse_time("") is None and parse_time("kemarin") is None


ages = st.integers(min_value=0, max_value=3000 * 24)  # hours


@given(age_h=ages, since_h=st.integers(min_value=0, max_value=400 * 24))
def test_due_iff_interval_elapsed(age_h, since_h):
    """Due exactly when the time since the last count reaches the interval, less the tolerance."""
    interval = refresh_interval(timedelta(hours=age_h))
    late = overdue_by(
        published=ago(hours=age_h), first_seen=None, last_observed=ago(hours=since_h), now=NOW
    )
    assert (late is not None) == (timedelta(hours=since_h) >= interval * 0.9)


@given(
    st.lists(st.tuples(ages, st.integers(min_value=0, max_value=400 * 24)), max_size=40),
    st.integers(min_value=0, max_value=50),
)
def test_plan_respects_budget_and_order(rows, budget):
    cands = [Cand(f"u{i}", ago(hours=a), None, ago(hours=s)) for i, (a, s) in enumerate(rows)]
    plan = plan_refresh(cands, NOW, budget)
    assert len(plan) <= budget and len(set(plan)) == len(plan)
    by_url = {c.url: c for c in cands}
    lateness = [
        overdue_by(published=by_url[u].published, first_seen=None, last_observed=by_url[u].last_observed, now=NOW)
        for u in plan
    ]
    assert all(late is not None for late in lateness)
    assert lateness == sorted(lateness, reverse=True)
    due_count = sum(
        overdue_by(published=c.published, first_seen=None, last_observed=c.last_observed, now=NOW) is not None
        for c in cands
    )
    assert len(plan) == min(budget, due_count)
