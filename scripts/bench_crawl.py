"""Benchmark: a full crawl of the loopback mirror by `scraper crawl` and by a minimal Scrapy spider.

Both crawlers run as subprocesses against the same mirror (served by this
process), in alternating rounds so both meet a warm page cache and the same
share of a busy machine; the best round of each is reported, with every
round's rate, the ratio within each round, and the median CPU time per page
(user + system, the steadier figure when other work shares the CPUs).
``--baseline DIR`` adds a third crawler, the ``scraper`` package of another
checkout, to the same rounds (before/after in one run).

Like with like: both obey robots.txt, both run
with no delay and their own defaults otherwise (ours: ``--delay 0
--concurrency 8``, parser processes only where four or more CPUs leave room
for them; Scrapy: 16 concurrent requests, 8 per domain, ``DOWNLOAD_DELAY =
0``), both follow the listing's pagination and every article link.  The difference in work: the
spider only extracts links and the title, while `scraper crawl` parses every
field, the quotations and the sidebar, and writes everything (raw pages
compressed, FTS) to SQLite.

Then it measures the requests an incremental run makes on the unchanged site.

    python scripts/bench_crawl.py [--articles 3000] [--rounds 2] [--concurrency 8] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper.mirror import Mirror

SPIDER = '''
import scrapy


class MirrorSpider(scrapy.Spider):
    name = "mirror"
    custom_settings = {
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "USER_AGENT": "bench-scrapy (+https://example.org)",
    }

    def __init__(self, base_url, **kw):
        super().__init__(**kw)
        self.start_urls = [base_url + "/main/berita"]

    def parse(self, response):
        for href in response.xpath("//a/@href").getall():
            url = response.urljoin(href)
            if "/main/detail-berita/" in url:
                yield scrapy.Request(url, callback=self.parse_article)
            elif "/main/berita" in url:
                yield scrapy.Request(url, callback=self.parse)

    def parse_article(self, response):
        yield {"url": response.url, "title": response.xpath("normalize-space(//h1)").get()}
'''


def article_pages(mirror: Mirror) -> int:
    return sum(1 for r in mirror.requests if r.path.startswith("/main/detail-berita/") and r.status == 200)


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(mirror: Mirror, command: list[str], cwd: Path | None = None) -> dict[str, float]:
    """Run one crawler; pages/s over its wall time and over the span of its requests, and the
    CPU time (user + system, its child processes included) it spent per page.

    CPU per page is the steadier figure on a shared machine: other work stretches the wall
    time of a round, much less the CPU a crawler needs for a page.
    """
    mirror.clear_requests()
    cpu = children_cpu_s()
    started = time.monotonic()
    # ``python -m`` puts the working directory first on sys.path: cwd picks the checkout run
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
    wall = time.monotonic() - started
    cpu = children_cpu_s() - cpu
    records = mirror.requests
    span = records[-1].time - records[0].time
    pages = len(records)
    return {"requests": pages, "articles": article_pages(mirror), "wall_s": wall,
            "pages_per_s": pages / wall, "pages_per_s_span": pages / span,
            "cpu_ms_per_page": cpu / pages * 1000}


def ours(mirror: Mirror, db: Path, concurrency: int) -> list[str]:
    return [sys.executable, "-m", "scraper", "-q", "crawl", "--base-url", mirror.base_url, "--db", str(db),
            "--delay", "0", "--concurrency", str(concurrency), "--full"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also crawl with the `scraper` package of another checkout (say, the "
                             "last release), in the same alternating rounds: before/after in one run")
    args = parser.parse_args()
    results: dict[str, list[dict[str, float]]] = {"scraper crawl": [], "Scrapy": []}
    baseline_name = f"scraper crawl ({args.baseline})" if args.baseline else None
    if baseline_name:
        if not Path(args.baseline, "scraper", "__init__.py").is_file():
            parser.error(f"--baseline {args.baseline}: no scraper/ package there")
        results[baseline_name] = []
    with tempfile.TemporaryDirectory() as tmp, Mirror(articles=args.articles) as mirror:
        spider = Path(tmp, "spider.py")
        spider.write_text(SPIDER)
        scrapy_cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-L", "ERROR", "-a",
                      f"base_url={mirror.base_url}", "-o", str(Path(tmp, "items.jsonl"))]
        for n in range(args.rounds):
            results["Scrapy"].append(run_timed(mirror, scrapy_cmd))
            db = Path(tmp, f"bench{n}.db")
            results["scraper crawl"].append(run_timed(mirror, ours(mirror, db, args.concurrency)))
            if baseline_name:
                baseline_db = Path(tmp, f"baseline{n}.db")
                results[baseline_name].append(
                    run_timed(mirror, ours(mirror, baseline_db, args.concurrency), args.baseline.resolve()))
        # incremental run on the unchanged site, right after the last full crawl
        mirror.clear_requests()
        out = subprocess.run([*ours(mirror, db, args.concurrency)[:-1], "--json"], check=True,
                             capture_output=True, text=True).stdout
        incremental = json.loads(out)
        requests_incremental = len(mirror.requests)
        mirror.clear_requests()
        subprocess.run([*ours(mirror, db, args.concurrency)[:-1], "--refresh-budget", "0"], check=True,
                       stdout=subprocess.DEVNULL)
        requests_no_refresh = len(mirror.requests)
    best = {name: max(rounds, key=lambda r: r["pages_per_s"]) for name, rounds in results.items()}
    peer = best["Scrapy"]
    print(f"Full crawl of the loopback mirror ({args.articles} articles, "
          f"{best['scraper crawl']['requests']} requests), best of {args.rounds} alternating rounds, --delay 0")
    print()
    print("| crawler | requests | articles | wall s | pages/s (wall) | pages/s (first..last request) "
          "| ratio (wall) | pages/s, all rounds (median) | CPU ms/page (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name, r in best.items():
        rates = sorted(round(x["pages_per_s"]) for x in results[name])
        cpu = statistics.median(x["cpu_ms_per_page"] for x in results[name])
        print(f"| {name} | {r['requests']} | {r['articles']} | {r['wall_s']:.2f} | {r['pages_per_s']:.0f} | "
              f"{r['pages_per_s_span']:.0f} | {r['pages_per_s'] / peer['pages_per_s']:.2f} | "
              f"{', '.join(map(str, rates))} ({statistics.median(rates):.0f}) | {cpu:.2f} |")
    ratios = [mine["pages_per_s"] / peer_round["pages_per_s"]
              for mine, peer_round in zip(results["scraper crawl"], results["Scrapy"])]
    print()
    print(f"Ratio per round (ours / Scrapy, same round): {', '.join(f'{r:.2f}' for r in ratios)}")
    print()
    print("Incremental run on the unchanged site (right after the full crawl):")
    print()
    print("| run | requests | of which refreshes |")
    print("|---|---:|---:|")
    print(f"| default (--refresh-budget 50) | {requests_incremental} | {incremental['refreshed']} |")
    print(f"| --refresh-budget 0 | {requests_no_refresh} | 0 |")


if __name__ == "__main__":
    main()
