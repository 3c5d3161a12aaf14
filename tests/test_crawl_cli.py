"""`scraper crawl` as a user and cron run it: exit codes, messages, --json, the lock, kill -9."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from scraper.archive import Archive
from scraper.archive.check import check_archive
from scraper.cli import cli
from scraper.cli.crawl_cmd import EXIT_LOCKED
from scraper.lock import RunLock

SCRAPER = [sys.executable, "-m", "scraper"]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_crawl_json_summary_and_crawl_row(start_mirror, tmp_path):
    m = start_mirror(articles=20)
    db = str(tmp_path / "a.db")
    result = invoke("crawl", "--base-url", m.base_url, "--db", db, "--delay", "0", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["status"] == "ok" and summary["new_articles"] == 20 and summary["mode"] == "first"
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT mode, status, pages_fetched, errors, stats FROM crawls").fetchall()
    assert stored[0][:4] == ("first", "ok", summary["pages_fetched"], 0)
    assert json.loads(stored[0][4])["new_articles"] == 20
    result = invoke("crawl", "--base-url", m.base_url, "--db", db, "--delay", "0", "--refresh-budget", "0")
    assert result.exit_code == 0
    assert result.stdout.startswith("crawl 2 ok: 2 pages, 0 new articles")
    assert len(result.stdout.strip().splitlines()) == 1


def test_unreachable_site_fails_with_one_line(tmp_path):
    db = str(tmp_path / "a.db")
    result = invoke("crawl", "--base-url", f"http://127.0.0.1:{free_port()}", "--db", db, "--tries", "1")
    assert result.exit_code == 1
    assert "robots.txt" in result.output and "Traceback" not in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM crawls").fetchall() == [("failed",)]


def test_unwritable_archive_fails_with_one_line(tmp_path):
    db = str(tmp_path / "missing-dir" / "a.db")
    result = invoke("crawl", "--base-url", f"http://127.0.0.1:{free_port()}", "--db", db)
    assert result.exit_code == 1 and "missing-dir" in result.output and "writable" in result.output
    assert "Traceback" not in result.output


def test_locked_archive_exits_75_with_message(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    db = str(tmp_path / "a.db")
    with RunLock(db):
        result = invoke("crawl", "--base-url", m.base_url, "--db", db, "--delay", "0")
    assert result.exit_code == EXIT_LOCKED
    assert f"process {os.getpid()}" in result.output and "another crawl" in result.output
    assert not m.requests


def test_conflicting_flags_rejected_before_work(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    result = invoke("crawl", "--base-url", m.base_url, "--db", str(tmp_path / "a.db"), "--concurrency", "4")
    assert result.exit_code == 2 and "--delay 0" in result.output
    result = invoke("crawl", "--base-url", m.base_url, "--db", str(tmp_path / "a.db"), "--parse-processes", "2")
    assert result.exit_code == 2 and "--delay 0" in result.output
    assert not m.requests and not (tmp_path / "a.db").exists()


def test_every_option_has_help():
    result = invoke("crawl", "--help")
    assert result.exit_code == 0
    for option in ("--base-url", "--db", "--full", "--delay", "--max-pages", "--refresh-budget",
                   "--user-agent", "--json", "--timeout", "--tries", "--concurrency", "--parse-processes",
                   "--images"):
        assert option in result.output


def wait_for(predicate, deadline_s: float = 20.0) -> None:
    deadline = time.monotonic() + deadline_s
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_kill_9_mid_run_then_rerun_gives_a_complete_consistent_archive(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = str(tmp_path / "a.db")
    command = [*SCRAPER, "-q", "crawl", "--base-url", m.base_url, "--db", db, "--delay", "0.01"]
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for(lambda: len(m.requests) >= 25)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < before < 40
    m.clear_requests()
    rerun = subprocess.run(command + ["--json"], capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["interrupted_runs_closed"] == [1] and summary["mode"] == "resume"
    with Archive(db) as archive:
        report = check_archive(archive)
        assert report.ok, report.problems
        urls = {r[0] for r in archive.execute("SELECT url FROM articles")}
        statuses = [tuple(r) for r in archive.execute("SELECT id, status FROM crawls ORDER BY id")]
        versions = archive.execute("SELECT count(*), count(DISTINCT article_id) FROM article_versions").fetchone()
    assert urls == {m.base_url + p for p in m.portal.article_paths(0)}
    assert statuses == [(1, "interrupted"), (2, "ok")]
    assert tuple(versions) == (40, 40)  # one version each: nothing duplicated
    refetched = [r.path for r in m.requests if r.path.startswith("/main/detail-berita/")]
    assert len(refetched) == len(set(refetched)) == 40 - before


def test_sigterm_closes_the_crawl_row_as_interrupted(start_mirror, tmp_path):
    m = start_mirror(articles=40)
    db = str(tmp_path / "a.db")
    command = [*SCRAPER, "-q", "crawl", "--base-url", m.base_url, "--db", db, "--delay", "0.01"]
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: len(m.requests) >= 10)
    victim.send_signal(signal.SIGTERM)
    _, stderr = victim.communicate(timeout=20)
    assert victim.returncode != 0 and "Traceback" not in stderr, stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM crawls").fetchall() == [("interrupted",)]
    assert Path(f"{db}.lock").exists()


def test_runs_lists_the_last_crawls(start_mirror, tmp_path):
    m = start_mirror(articles=10)
    db = str(tmp_path / "a.db")
    for _ in range(3):
        assert invoke("crawl", "--base-url", m.base_url, "--db", db, "--delay", "0").exit_code == 0
    result = invoke("runs", "--db", db, "-n", "2")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0].split()[:5] == ["id", "started", "finished", "mode", "status"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2"]
    runs = json.loads(invoke("runs", "--db", db, "--json").stdout)
    assert [(r["id"], r["mode"], r["status"]) for r in runs] == [
        (3, "incremental", "ok"), (2, "incremental", "ok"), (1, "first", "ok")
    ]
    assert runs[2]["new_articles"] == 10
    missing = invoke("runs", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "no archive there" in missing.output


def test_kill_9_leaves_no_parser_processes_behind(start_mirror, tmp_path):
    m = start_mirror(articles=60)
    command = [*SCRAPER, "crawl", "--base-url", m.base_url, "--db", str(tmp_path / "a.db"),
               "--delay", "0", "--parse-processes", "2"]
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: len(m.requests) >= 20 or victim.poll() is not None)
    children = subprocess.run(["pgrep", "-P", str(victim.pid)], capture_output=True, text=True).stdout.split()
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert len(children) >= 2  # the parser processes (and multiprocessing's resource tracker)
    wait_for(lambda: not [pid for pid in children if Path(f"/proc/{pid}").exists()])
