"""Benchmark the archive at the scale of years of hourly crawls.

Builds, in a temporary directory:

1. an archive of N articles (default 5,000) from the offline mirror's pages, through the
   real write path (``record_fetch`` + ``parse_page`` + ``record_article``), then
   M view observations per article (default 1,000: 5,000,000 rows) through the bulk path;
2. a side-by-side of the two ways to load observations, batched ``executemany`` in one
   transaction (what the archive uses) against sqlite-utils' ``insert_all``, same rows,
   same indexes, in the same run;
3. a full-text archive of 100,000 articles of generated Indonesian-like text.

Then it times the reads the issue names (one article's history, trending, full text with
its ``LIKE`` scan peer) and prints one markdown table.

    python scripts/bench_archive.py            # full size, a few minutes
    python scripts/bench_archive.py --small    # a quick smoke run
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils
import zstandard

from scraper.archive import Archive
from scraper.archive.model import TIME_FORMAT
from scraper.archive.pages import LEVEL
from scraper.mirror import Portal
from scraper.parse import parse_page

BASE = "http://127.0.0.1:8000"
START = datetime(2024, 1, 1, tzinfo=timezone.utc)
#: Words for generated article text: regency-news vocabulary, so FTS terms have realistic spread.
VOCABULARY = (
    "bupati wakil pemkab lumajang kecamatan desa warga pasar rakyat peresmian jalan banjir lahar "
    "semeru erupsi bantuan sosial covid vaksinasi posyandu sekolah guru ngaji pramuka petani padi "
    "tanam panen pupuk irigasi bendungan jembatan pembangunan musyawarah perencanaan anggaran dana "
    "puskesmas rumah sakit dokter pendidikan siswa beasiswa umkm koperasi pariwisata pantai "
    "kominfo polres kodim satpol ketertiban keamanan sinergitas forkopimda rapat koordinasi "
    "kegiatan program pelayanan masyarakat pemerintah kabupaten provinsi jawa timur tahun bulan"
).split()


def iso(moment: datetime) -> str:
    return moment.strftime(TIME_FORMAT)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build_articles(db: Archive, articles: int) -> dict[str, float]:
    """The real write path: raw page kept, parsed, recorded; one crawl."""
    portal = Portal(articles=articles, seed=0)
    paths = portal.article_paths(0)[:articles]
    crawl = db.start_crawl("full", BASE, iso(START))
    fetch_s = parse_s = record_s = 0.0
    raw_bytes = plain_bytes = 0
    plain = zstandard.ZstdCompressor(level=LEVEL)
    for i, path in enumerate(paths):
        at = iso(START + timedelta(seconds=i))
        status, content_type, body = portal.render(path, 0)
        raw_bytes += len(body)
        plain_bytes += len(plain.compress(body))
        started = time.perf_counter()
        sha = db.record_fetch(crawl, BASE + path, at, status=status,
                              headers={"Content-Type": content_type}, body=body)
        fetched = time.perf_counter()
        article = parse_page(body, BASE + path)
        parsed = time.perf_counter()
        db.record_article(article, crawl_id=crawl, observed_at=at, page_sha256=sha)
        record_s += time.perf_counter() - parsed
        parse_s += parsed - fetched
        fetch_s += fetched - started
    db.finish_crawl(crawl, "ok", iso(START), pages_fetched=len(paths))
    stored = db.execute("SELECT count(*), sum(length(content)) FROM pages").fetchone()
    return {"articles": len(paths), "record_article_per_s": len(paths) / record_s,
            "record_fetch_per_s": len(paths) / fetch_s, "raw_kb": raw_bytes / len(paths) / 1024,
            "stored_bytes_per_page": stored[1] / stored[0],
            "plain_bytes_per_page": plain_bytes / len(paths)}


def iter_observations(article_ids: list[int], per_article: int,
                      crawl_id: int) -> Iterator[tuple[int, int, str, int, str]]:
    """Hourly counts of every article, in crawl order (hour by hour), growing with the odd
    (1 in 500) lower reading."""
    rng = random.Random(1)
    views = {article_id: rng.randint(0, 200) for article_id in article_ids}
    for hour in range(per_article):
        observed_at = iso(START + timedelta(hours=hour))
        for article_id in article_ids:
            views[article_id] += rng.choice((0, 0, 1, 2, 5, 13))
            shown = views[article_id] - 3 if rng.random() < 0.002 else views[article_id]
            yield (article_id, crawl_id, observed_at, shown, "article")


def compare_loaders(workdir: Path, rows: int) -> dict[str, float]:
    """executemany in one transaction vs sqlite-utils insert_all, same rows, same schema."""
    results = {}
    sample = list(iter_observations(list(range(1, rows // 1000 + 1)), 1000, 1))[:rows]
    for name in ("executemany", "insert_all"):
        with Archive(workdir / f"load-{name}.db") as db:
            crawl = db.start_crawl("full", BASE, iso(START))
            with db.transaction() as conn:  # the articles the rows point to
                conn.executemany("INSERT INTO articles (id, url, first_seen, last_seen)"
                                 " VALUES (?, ?, 'x', 'x')",
                                 [(i, f"u{i}") for i in range(1, rows // 1000 + 2)])
            data = [(a, crawl, t, v, s) for a, _, t, v, s in sample]
            started = time.perf_counter()
            if name == "executemany":
                db.import_view_counts(data)
            else:
                sqlite_utils.Database(db.conn)["view_counts"].insert_all(
                    ({"article_id": a, "crawl_id": c, "observed_at": t, "views": v, "source": s}
                     for a, c, t, v, s in data), batch_size=10_000)
            results[name] = len(data) / (time.perf_counter() - started)
    return results


def make_vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words with cumulative Zipf weights, as in real text: the regency's words among 20,000 others,
    so a query term matches a realistic share of articles, not nearly all of them."""
    syllables = ["ba", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "wa", "di", "ki", "ru",
                 "su", "to", "ngu", "jo", "be", "ge", "ha"]
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(30_000)}
    words = sorted(words - set(VOCABULARY))[:20_000]
    rng.shuffle(words)
    # the regency's words sit at ranks 500..: common, but each far from universal
    ranked = words[:500] + list(VOCABULARY) + words[500:]
    return ranked, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ranked))))


def build_fts(workdir: Path, articles: int) -> tuple[Archive, float]:
    rng = random.Random(2)
    words, cumulative = make_vocabulary(rng)
    db = Archive(workdir / "fts.db")

    def text(k: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=k))

    started = time.perf_counter()
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO articles (url, title, body, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)",
            ((f"{BASE}/main/detail-berita/{i}/x", text(8),
              "\n\n".join(text(40) for _ in range(5)), iso(START), iso(START))
             for i in range(articles)),
        )
    return db, articles / (time.perf_counter() - started)


def run(articles: int, per_article: int, fts_articles: int, loader_rows: int) -> list[tuple]:
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        workdir = Path(tmp)
        path = workdir / "archive.db"
        db = Archive(path)
        built = build_articles(db, articles)
        ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]
        crawl = db.start_crawl("backfill", BASE, iso(START))
        started = time.perf_counter()
        loaded = db.import_view_counts(iter_observations(ids, per_article, crawl))
        bulk_rate = loaded / (time.perf_counter() - started)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mb = path.stat().st_size / 1e6
        rng = random.Random(3)
        picks = [rng.choice(ids) for _ in range(200)]
        history = median_ms(lambda: db.execute(
            "SELECT observed_at, views FROM view_counts WHERE article_id = ?"
            " ORDER BY observed_at", (picks.pop(),)).fetchall(), 200)
        points = len(db.execute("SELECT 1 FROM view_counts WHERE article_id = ?", (ids[0],)).fetchall())
        trending = median_ms(lambda: db.execute("SELECT * FROM trending_24h LIMIT 20").fetchall(), 5)
        latest = median_ms(lambda: db.execute(
            "SELECT * FROM article_views_latest ORDER BY growth_per_day DESC LIMIT 20").fetchall(), 3)
        db.close()
        loaders = compare_loaders(workdir, loader_rows)
        fts, fts_rate = build_fts(workdir, fts_articles)
        terms = ["semeru", "banjir lahar", "posyandu", "bupati peresmian", "beasiswa"]
        fts_ms = median_ms(lambda: [fts.execute(
            "SELECT rowid, title FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank"
            " LIMIT 20", (t,)).fetchall() for t in terms], 5) / len(terms)
        all_ms = median_ms(lambda: [fts.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (t,)).fetchall()
            for t in terms], 5) / len(terms)
        like_ms = median_ms(lambda: [fts.execute(
            "SELECT id FROM articles WHERE (title LIKE ? OR body LIKE ?)",
            (f"%{t}%", f"%{t}%")).fetchall() for t in terms[:1]], 3)
        share = fts.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'semeru'"
                            ).fetchone()[0] / fts_articles
        fts.close()
    return [
        ("articles recorded (parse + record_fetch + record_article)", f"{built['articles']:,}", "", ""),
        ("record_article rate", f"{built['record_article_per_s']:,.0f} /s", "", ""),
        ("record_fetch rate (hash, zstd, dedup)", f"{built['record_fetch_per_s']:,.0f} /s", "", ""),
        (f"raw page ({built['raw_kb']:.1f} KB served): stored, zstd + dictionary vs plain zstd",
         f"{built['stored_bytes_per_page']:,.0f} B", f"{built['plain_bytes_per_page']:,.0f} B",
         f"{built['plain_bytes_per_page'] / built['stored_bytes_per_page']:.1f}x"),
        ("view observations bulk-loaded", f"{loaded:,} at {bulk_rate:,.0f} rows/s", "", ""),
        (f"load {loader_rows:,} rows: executemany vs insert_all",
         f"{loaders['executemany']:,.0f} rows/s", f"{loaders['insert_all']:,.0f} rows/s",
         f"{loaders['executemany'] / loaders['insert_all']:.1f}x"),
        ("archive file size", f"{size_mb:,.0f} MB", "", f"{size_mb * 1e6 / loaded:.0f} B/obs"),
        (f"one article's history ({points:,} points), median", f"{history:.2f} ms", "", ""),
        ("trending_24h, top 20, median", f"{trending:.1f} ms", "", ""),
        ("article_views_latest, top 20 by growth, median", f"{latest:.1f} ms", "", ""),
        (f"full-text archive built ({fts_articles:,} articles)", f"{fts_rate:,.0f} articles/s", "", ""),
        ("full-text query, top 20 by rank, median of 5 terms", f"{fts_ms:.2f} ms", "", ""),
        (f"full-text query, all matches ('semeru' in {share:.1%}; FTS5 vs LIKE scan)",
         f"{all_ms:.2f} ms", f"{like_ms:.0f} ms", f"{like_ms / all_ms:.0f}x"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a quick smoke run (1/10 size)")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    table = run(articles=5_000 // scale, per_article=1_000, fts_articles=100_000 // scale,
                loader_rows=500_000 // scale)
    print("| measure | archive | peer | ratio |")
    print("|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
