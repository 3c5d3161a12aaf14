#!/usr/bin/env python
"""Benchmark: full extraction by ``scraper.parse`` against ``trafilatura.bare_extraction``.

Both run in the same process on the same pages (ours compiled with mypyc when the install
built it, see setup.py; the header says which): a few hundred pages of every
mirror template (articles and listings of themes a, b, c), then the seed page
(which fields each gets right), then one 5 MB article page.  Ours is
``parse_page(data, url).to_dict()`` with quotations and the most-read list;
trafilatura's is ``bare_extraction(data, with_metadata=True)``.

Each timed pass is what a fresh crawl would parse: every page a different article
(no body text seen twice), and both extractors' memo caches cleared before the
pass (``scraper.parse.clear_caches``, ``trafilatura.meta.reset_caches``), after
which each has parsed one page outside the set (the seed), as a crawl has its
first page behind it.

    python scripts/bench_parse.py [--articles 120] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.parse import COMPILED, clear_caches, parse_page  # noqa: E402

PAGES = ROOT / "tests" / "fixtures" / "pages"
BASE = "http://127.0.0.1:8000"
BIG_PAGE_BYTES = 5_000_000


THEMES = ("a", "b", "c")


def mirror_pages(articles: int) -> list[tuple[str, bytes]]:
    """``articles`` different articles per theme, and every listing page, the themes taken in turn."""
    from scraper.mirror import Portal

    portal = Portal(articles=articles * len(THEMES), seed=0)
    paths = portal.article_paths(0) + portal.listing_paths(0)
    return [(BASE + path, portal.render(path, 0, theme=THEMES[i % len(THEMES)])[2]) for i, path in enumerate(paths)]


#: Pages per slice: the two extractors take turns slice by slice within a pass.
SLICE = 24


def time_passes(functions, pages: list[tuple[str, bytes]], repeat: int) -> list[list[float]]:
    """CPU seconds of each ``(extract, reset)`` for each of ``repeat`` passes over ``pages``.

    CPU time of this process, and the extractors take turns every SLICE pages (which one
    goes first alternates): the benchmark machine is shared and its speed drifts by a fifth
    over seconds, so each pass of one extractor meets the same conditions as the other's.
    Before each pass ``reset`` empties each extractor's caches and one page outside the
    set (the seed) is parsed, untimed.
    """
    warm_url, warm_data = seed_page()
    passes = []
    for _ in range(repeat):
        spent = [0.0] * len(functions)
        for function, reset in functions:
            reset()
            function(warm_url, warm_data)
        for turn, start in enumerate(range(0, len(pages), SLICE)):
            order = range(len(functions)) if turn % 2 == 0 else reversed(range(len(functions)))
            for index in order:
                function = functions[index][0]
                began = time.process_time()
                for url, data in pages[start:start + SLICE]:
                    function(url, data)
                spent[index] += time.process_time() - began
        passes.append(spent)
    return passes


def ours(url: str, data: bytes) -> dict:
    return parse_page(data, url=url).to_dict()


def theirs(url: str, data: bytes):
    import trafilatura

    return trafilatura.bare_extraction(data, url=url, with_metadata=True)


def reset_theirs() -> None:
    from trafilatura.meta import reset_caches

    reset_caches()


def seed_page() -> tuple[str, bytes]:
    url = json.loads((PAGES / "manifest.json").read_text())["seed_455.html"]["url"]
    return url, (PAGES / "seed_455.html").read_bytes()


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def seed_fields() -> list[tuple[str, bool, bool]]:
    """``(field, ours right, trafilatura right)`` on the seed page, against its golden."""
    url, data = seed_page()
    golden = json.loads((PAGES / "seed_455.json").read_text())
    mine = ours(url, data)
    doc = theirs(url, data)
    doc = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
    their = {
        "title": doc.get("title"), "published": doc.get("date"), "views": None, "image_url": doc.get("image"),
        "image_caption": None, "body": "\n\n".join(_norm(p) for p in (doc.get("text") or "").split("\n") if p.strip()),
        "credit": None, "quotes": [], "most_read": [],
    }
    rows = []
    for field in ("title", "published", "views", "image_url", "image_caption", "body", "credit", "quotes", "most_read"):
        rows.append((field, mine[field] == golden[field], their[field] == golden[field]))
    return rows


def big_page() -> tuple[str, bytes]:
    """The seed page with its body repeated until the page weighs 5 MB."""
    url, data = seed_page()
    start, end = data.index(b"<p>Di awal"), data.index(b"(Kominfo-lmj/bob)</p>")
    paragraphs = data[start:end]
    copies = BIG_PAGE_BYTES // len(paragraphs) + 1
    return url, data[:start] + paragraphs * copies + data[start:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120, help="different articles per theme (pages = 3 x articles + the listing pages)")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the pages; each extractor's best is kept")
    parser.add_argument("--skip-big", action="store_true", help="skip the 5 MB page (trafilatura takes ~10 s on it)")
    args = parser.parse_args()

    pages = mirror_pages(args.articles)
    passes = time_passes([(ours, clear_caches), (theirs, reset_theirs)], pages, args.repeat)
    our_rate = len(pages) / min(p[0] for p in passes)
    their_rate = len(pages) / min(p[1] for p in passes)
    paired = sorted(p[1] / p[0] for p in passes)
    print(
        f"## Parser benchmark ({len(pages)} mirror pages, each a different article or listing page, themes a/b/c "
        f"in turn; caches cleared before each pass; best of {args.repeat} passes, CPU time; "
        f"parser {'compiled with mypyc' if COMPILED else 'pure Python'})\n"
    )
    print("| extractor | pages/s | ms/page |")
    print("|---|---:|---:|")
    print(f"| scraper.parse `parse_page().to_dict()` | {our_rate:,.0f} | {1000 / our_rate:.2f} |")
    print(f"| trafilatura `bare_extraction(with_metadata=True)` | {their_rate:,.0f} | {1000 / their_rate:.2f} |")
    print(f"| **ratio** (best pass / best pass) | **{our_rate / their_rate:.1f}x** | |")
    print(f"| ratio within each pass (min / median / max) | {paired[0]:.1f}x / {statistics.median(paired):.1f}x / {paired[-1]:.1f}x | |\n")

    print("### Seed page (article 455): field right?\n")
    print("| field | scraper.parse | trafilatura |")
    print("|---|:---:|:---:|")
    rows = seed_fields()
    for field, mine, theirs_ok in rows:
        print(f"| {field} | {'yes' if mine else 'NO'} | {'yes' if theirs_ok else 'no'} |")
    print(f"| **total** | **{sum(r[1] for r in rows)}/{len(rows)}** | **{sum(r[2] for r in rows)}/{len(rows)}** |\n")

    if not args.skip_big:
        url, data = big_page()
        start = time.process_time()
        result = ours(url, data)
        mine = time.process_time() - start
        start = time.process_time()
        theirs(url, data)
        their_time = time.process_time() - start
        print(f"### One {len(data) / 1e6:.1f} MB article page\n")
        print("| extractor | CPU seconds |")
        print("|---|---:|")
        print(f"| scraper.parse | {mine:.2f} |")
        print(f"| trafilatura | {their_time:.2f} |")
        print(f"| **ratio** | **{their_time / mine:.1f}x** |")
        print(f"\n(ours kept {len(result['body']) / 1e6:.1f} MB of body text and {len(result['quotes'])} quotations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
