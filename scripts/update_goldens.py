#!/usr/bin/env python
"""Regenerate the parser's golden JSON files and show what changed.

The only way goldens change: run this, read the diff, keep it only if every
changed line is an improvement.

    python scripts/update_goldens.py            # rewrite goldens, print the diff
    python scripts/update_goldens.py --check    # print the diff, exit 1 if any golden would change
    python scripts/update_goldens.py --render-mirror   # also re-render tests/fixtures/mirror/ from the mirror

Hand-written pages live in ``tests/fixtures/pages/`` with their URLs in
``manifest.json``; pages rendered from the offline mirror live in
``tests/fixtures/mirror/`` (three themes: each theme's article 455, two more
articles, the first and last listing pages and the 404 page).  A page the
parser refuses gets ``{"error": "NoContent"}`` (or ``NotHTML``) as its golden.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.parse import NoContent, NotHTML, parse_page  # noqa: E402

FIXTURE_DIRS = (ROOT / "tests" / "fixtures" / "pages", ROOT / "tests" / "fixtures" / "mirror")
MIRROR_BASE = "http://127.0.0.1:8000"
MIRROR_THEMES = ("a", "b", "c")


def golden_for(page: Path, entry: dict) -> dict:
    """What the parser makes of one fixture, as stored in its golden."""
    try:
        return parse_page(page.read_bytes(), url=entry.get("url"), content_type=entry.get("content_type")).to_dict()
    except NoContent:
        return {"error": "NoContent"}
    except NotHTML:
        return {"error": "NotHTML"}


def render_mirror(directory: Path) -> None:
    """Write a few pages of every mirror theme, with their manifest, into ``directory``."""
    from scraper.mirror import Portal

    portal = Portal(articles=60, seed=0)
    day = 0
    articles = portal.article_paths(day)
    seed = next(p for p in articles if "/455/" in p)
    chosen = {"article_455": seed, "article_newest": articles[0], "article_mid": articles[len(articles) // 2]}
    listings = portal.listing_paths(day)
    chosen.update({"listing_first": listings[0], "listing_last": listings[-1], "not_found": "/main/detail-berita/999999/tidak-ada"})
    directory.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for theme in MIRROR_THEMES:
        for name, path in chosen.items():
            status, content_type, body = portal.render(path, day, theme=theme)
            filename = f"{theme}_{name}.html"
            (directory / filename).write_bytes(body)
            manifest[filename] = {"url": MIRROR_BASE + path, "content_type": content_type, "status": status}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def update(check: bool) -> int:
    changed = 0
    for directory in FIXTURE_DIRS:
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            continue
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for name, entry in sorted(manifest.items()):
            page = directory / name
            golden_path = page.with_suffix(".json")
            new = json.dumps(golden_for(page, entry), ensure_ascii=False, indent=2) + "\n"
            old = golden_path.read_text(encoding="utf-8") if golden_path.exists() else ""
            if new == old:
                continue
            changed += 1
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=f"{golden_path.relative_to(ROOT)} (stored)", tofile=f"{golden_path.relative_to(ROOT)} (parser)",
            ))
            if not check:
                golden_path.write_text(new, encoding="utf-8")
    print(f"{changed} golden file(s) {'differ' if check else 'updated'}", file=sys.stderr)
    return 1 if check and changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only show the diff; exit 1 if a golden would change")
    parser.add_argument("--render-mirror", action="store_true", help="re-render tests/fixtures/mirror/ from scraper.mirror first")
    args = parser.parse_args()
    if args.render_mirror:
        render_mirror(FIXTURE_DIRS[1])
    return update(args.check)


if __name__ == "__main__":
    sys.exit(main())
