"""Benchmark every query command on an archive at the archive benchmark's scale.

Builds (or reuses, with ``--db``) an archive of N articles from the offline
mirror's pages through the real write path, M hourly view observations per
article through the bulk path (defaults 5,000 x 1,000 = 5,000,000 rows, as
``scripts/bench_archive.py``, whose builders it reuses), and one most-read
snapshot per simulated day.  Then it times each command's library call
(median of runs) beside a peer measured in the same run:

* the same answer through Datasette (in-process ASGI client, JSON) — what a
  browser waits for, and
* for search, the naive ``LIKE`` scan FTS5 replaces; for trending, the
  archive's own ``trending_24h`` view.

    python scripts/bench_query.py                         # full size, builds in a temp dir
    python scripts/bench_query.py --keep /tmp/bench.db    # build once, keep the file
    python scripts/bench_query.py --db /tmp/bench.db      # reuse a built archive
    python scripts/bench_query.py --articles 500 --per-article 200   # smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from scraper import export, query
from scraper.archive import Archive
from scraper.parse.model import MostReadItem
from scraper.serve import make_datasette
from scraper.serve.plugin import history_svg

SCRIPTS = Path(__file__).resolve().parent


def load_archive_bench():
    """``scripts/bench_archive.py`` as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_archive", SCRIPTS / "bench_archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build(path: Path, articles: int, per_article: int) -> None:
    """The archive benchmark's archive, plus a most-read snapshot per simulated day."""
    bench = load_archive_bench()
    started = time.perf_counter()
    with Archive(path) as db:
        bench.build_articles(db, articles)
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
        crawl = db.start_crawl("backfill", bench.BASE, bench.iso(bench.START))
        db.import_view_counts(bench.iter_observations(ids, per_article, crawl))
        # the sidebar as the site would show it at 23:00 each day: the five highest counts
        for day in range(per_article // 24):
            at = bench.iso(bench.START + timedelta(days=day, hours=23))
            top = db.execute(
                "SELECT a.title, a.url, a.published, v.views FROM view_counts v "
                "JOIN articles a ON a.id = v.article_id WHERE v.observed_at = ? "
                "ORDER BY v.views DESC LIMIT 5", (at,)).fetchall()
            snapshot_crawl = db.start_crawl("incremental", bench.BASE, at)
            db.record_most_read(
                [MostReadItem(rank, r["title"], r["url"], r["published"], r["views"])
                 for rank, r in enumerate(top, start=1)],
                crawl_id=snapshot_crawl, observed_at=at)
            db.finish_crawl(snapshot_crawl, "ok", at)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("ANALYZE")
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def time_commands(path: Path, runs: int) -> list[tuple[str, str, str, str, str]]:
    conn = query.connect(path)
    observations = conn.execute("SELECT count(*) FROM view_counts").fetchone()[0]
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rng = random.Random(5)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    picks = [rng.choice(ids) for _ in range(runs)]
    urls = [r[0] for r in conn.execute("SELECT url FROM articles LIMIT 200")]
    first, last = conn.execute("SELECT min(observed_at), max(observed_at) FROM most_read").fetchone()
    date = query.parse_time(first) + (query.parse_time(last) - query.parse_time(first)) / 2
    date = date.date().isoformat()
    points = len(query.view_history(conn, ids[0]).points)

    ds = make_datasette(path)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())
    name = path.stem

    def via_datasette(url: str) -> Callable[[], object]:
        def fetch() -> None:
            response = loop.run_until_complete(ds.client.get(url))
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
        return fetch

    def ratio(ours: float, peer: float) -> str:
        return f"{peer / ours:.1f}x" if ours else ""

    rows = []

    def measure(command: str, action, peer_name: str = "", peer=None, n: int = runs) -> None:
        ours = median_ms(action, n)
        if peer is None:
            rows.append((command, f"{ours:.2f} ms", "", "", ""))
            return
        theirs = median_ms(peer, max(3, n // 4))
        rows.append((command, f"{ours:.2f} ms", peer_name, f"{theirs:.2f} ms", ratio(ours, theirs)))

    measure("search vaksinasi (top 20, snippets)", lambda: query.search(conn, "vaksinasi"),
            "LIKE scan of title/body (unranked)", lambda: conn.execute(
                "SELECT id FROM articles WHERE title LIKE ? OR body LIKE ?",
                ("%vaksinasi%", "%vaksinasi%")).fetchall())
    phrase = '"bupati lumajang" pasar'
    measure(f"search {phrase}", lambda: query.search(conn, phrase), "Datasette search_articles",
            via_datasette(f"/{name}/search_articles.json?" + urlencode({"words": phrase})))
    measure("show URL (resolve + fields, quotes, versions)",
            lambda: query.show(conn, query.resolve_article(conn, rng.choice(urls))),
            "Datasette row JSON", via_datasette(f"/{name}/articles/{ids[0]}.json"))
    measure(f"views ID ({points:,} points, daily growth)",
            lambda: query.view_history(conn, picks[rng.randrange(len(picks))]),
            "Datasette chart JSON", via_datasette(f"/-/scraper/views/{name}/{ids[0]}.json"))
    measure("views ID --svg (history + SVG)",
            lambda: history_svg(query.view_history(conn, picks[rng.randrange(len(picks))])),
            "Datasette chart SVG", via_datasette(f"/-/scraper/views/{name}/{ids[0]}.svg"))
    measure("trending --since 24h (top 10)", lambda: query.trending(conn, "24h"),
            "view trending_24h top 20", lambda: conn.execute(
                "SELECT * FROM trending_24h LIMIT 20").fetchall(), n=max(5, runs // 4))
    measure("trending --since 7d (top 10)", lambda: query.trending(conn, "7d"), n=max(5, runs // 4))
    measure(f"most-read --date {date}", lambda: query.most_read_on(conn, date),
            "Datasette most_read_on_date", via_datasette(f"/{name}/most_read_on_date.json?date={date}"))
    measure("quotes --speaker Bupati (50)", lambda: query.quotes(conn, speaker="Bupati"),
            "Datasette quotes_by_speaker", via_datasette(f"/{name}/quotes_by_speaker.json?speaker=Bupati&words="))
    measure("quotes --search warga (top 50)", lambda: query.quotes(conn, search_text="warga"))
    measure("export --format csv --table articles", lambda: export.write_csv(conn, "articles", io.StringIO()),
            n=3)
    cli_ms = median_ms(lambda: subprocess.run(
        [sys.executable, "-m", "scraper", "search", "banjir", "--db", str(path)],
        capture_output=True, check=True), 3)
    rows.append(("whole CLI process: scraper search pasar", f"{cli_ms:.0f} ms", "", "", ""))
    loop.close()
    conn.close()
    rows.insert(0, (f"archive: {articles:,} articles, {observations:,} observations", "", "", "", ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse this built archive (skips building)")
    parser.add_argument("--keep", type=Path, help="build into this file and keep it")
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--per-article", type=int, default=1_000, help="hourly observations per article")
    parser.add_argument("--runs", type=int, default=40, help="timed runs per command (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        path = args.db or args.keep or Path(tmp) / "archive.db"
        if not args.db:
            build(path, args.articles, args.per_article)
        table = time_commands(path, args.runs)
    print("| command (library call) | median | peer | peer median | peer / ours |")
    print("|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
