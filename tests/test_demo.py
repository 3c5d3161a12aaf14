"""`scraper demo`: a small mirror over a few simulated days leaves a real, sound archive."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from scraper.archive import Archive
from scraper.archive.check import check_archive
from scraper.cli import cli
from scraper.demo import DemoClock, DemoRefused, prepare_db


def test_demo_builds_history_edit_removal_and_prints_next_steps(tmp_path):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(
        cli, ["demo", "--db", str(db), "--articles", "30", "--days", "3", "--faults", "light"]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Next:" in out and f"scraper views 455 --db {db}" in out
    counts = {
        line.rsplit(None, 1)[0].strip(): int(line.rsplit(None, 1)[1])
        for line in out.splitlines()
        if line.startswith("  ") and line.rstrip()[-1].isdigit()
    }
    assert counts["edited articles (2+ versions)"] == 1
    assert counts["removed articles"] == 1
    assert counts["crawl runs"] == 4 and counts["most-read snapshots"] == 4
    assert counts["articles with views growing"] >= 25
    with Archive(db) as archive:
        assert check_archive(archive).ok
        days = [r[0][:10] for r in archive.execute("SELECT started_at FROM crawls ORDER BY id")]
        statuses = {r[0] for r in archive.execute("SELECT status FROM crawls")}
    today = datetime.now(timezone.utc).date()
    assert days == [(today - timedelta(days=3 - d)).isoformat() for d in range(4)]
    assert statuses == {"ok"}
    # a demo archive is rebuilt without --force
    again = CliRunner().invoke(cli, ["demo", "--db", str(db), "--articles", "10", "--days", "0"])
    assert again.exit_code == 0, again.output
    with Archive(db) as archive:
        assert archive.execute("SELECT count(*) FROM articles").fetchone()[0] == 10


def test_demo_refuses_an_archive_it_did_not_make(tmp_path):
    db = tmp_path / "archive.db"
    Archive(db).close()
    with pytest.raises(DemoRefused, match="--force"):
        prepare_db(str(db), force=False)
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--articles", "10", "--days", "0"])
    assert result.exit_code == 1 and "not made by `scraper demo`" in result.output
    prepare_db(str(db), force=True)
    assert not db.exists()


def test_demo_clock_stamps_day_d_as_days_ago():
    now = datetime(2026, 5, 10, 12, 0, tzinfo=timezone.utc)
    clock = DemoClock(4, now=lambda: now)
    first = clock()
    clock.day = 4
    last = clock()
    assert now - timedelta(days=4) <= first < now - timedelta(days=4) + timedelta(seconds=5)
    assert now <= last < now + timedelta(seconds=5)
