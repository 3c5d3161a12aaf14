"""Screenshot the served archive with headless Chromium, for the README's pictures.

Builds a demo archive (or uses ``--db``), starts ``scraper serve`` on a free
loopback port, and saves one PNG per page in :data:`PAGES` to ``docs/img/``.
Needs Debian's ``chromium`` (``apt-get install -y chromium``).

    python scripts/screenshots.py                 # build a demo archive, shoot, clean up
    python scripts/screenshots.py --db archive.db --out docs/img
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_DEADLINE = 30.0
SHOT_TIMEOUT = 60.0
MAX_BYTES = 300_000

#: (file name, path on the server, window width, window height)
PAGES = (
    ("browse-database.png", "/archive", 1200, 980),
    ("browse-search.png", "/archive/search_articles?words=bupati+pasar", 1200, 900),
    ("browse-table-facets.png", "/archive/articles?_col=title&_col=published&_col=views"
     "&_col=removed_at&_search=covid", 1200, 1100),
    ("browse-article-chart.png", "/archive/articles/{article}", 1200, 800),
    ("browse-quotes.png", "/archive/quotes_by_speaker?speaker=Bupati&words=warga", 1200, 760),
    ("browse-most-read.png", "/archive/most_read_on_date?date={date}", 1200, 560),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_responds(url: str, process: subprocess.Popen) -> None:
    end = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"scraper serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {STARTUP_DEADLINE} s")


def build_demo(path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "scraper", "demo", "--db", str(path), "--articles", "120",
         "--days", "6", "--faults", "none"],
        check=True, stdout=subprocess.DEVNULL,
    )


def pick_targets(path: Path) -> dict[str, str]:
    """The article that gained most views (a chart worth looking at) and the newest most-read day."""
    import sqlite3

    conn = sqlite3.connect(path)
    article = conn.execute(
        "SELECT article_id FROM view_counts WHERE article_id IS NOT NULL GROUP BY article_id "
        "HAVING sum(decreased) = 0 "
        "ORDER BY max(views) - min(views) DESC LIMIT 1"
    ).fetchone()[0]
    date = conn.execute("SELECT substr(max(observed_at), 1, 10) FROM most_read").fetchone()[0]
    conn.close()
    return {"article": str(article), "date": date}


def shoot(chromium: str, url: str, out: Path, width: int, height: int) -> None:
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--force-device-scale-factor=1", f"--window-size={width},{height}",
         f"--screenshot={out}", url],
        check=True, capture_output=True, timeout=SHOT_TIMEOUT,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="archive to serve (must be named archive.db); "
                                                "default: a fresh demo archive")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium not found: apt-get install -y chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        path = args.db or Path(tmp) / "archive.db"
        if not args.db:
            build_demo(path)
        targets = pick_targets(path)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "scraper", "serve", "--db", str(path), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_responds(base + "/-/versions.json", server)
            for name, page, width, height in PAGES:
                out = args.out / name
                shoot(chromium, base + page.format(**targets), out, width, height)
                size = out.stat().st_size
                flag = "  TOO BIG" if size > MAX_BYTES else ""
                print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}  {size / 1024:.0f} KB{flag}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
