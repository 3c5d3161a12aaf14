"""Golden JSON for every hand-written page and every mirror template.

Goldens change only through ``scripts/update_goldens.py`` (review its diff).
The hand-written pages share no class names with each other or the mirror:
they test that extraction rests on text and structure, not on one theme.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.parse import NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures"
DIRS = (FIXTURES / "pages", FIXTURES / "mirror")


def _cases():
    for directory in DIRS:
        manifest = directory / "manifest.json"
        if manifest.exists():
            for name, entry in sorted(json.loads(manifest.read_text(encoding="utf-8")).items()):
                yield pytest.param(directory / name, entry, id=f"{directory.name}/{name}")


def _parse(page: Path, entry: dict) -> dict:
    try:
        return parse_page(page.read_bytes(), url=entry.get("url"), content_type=entry.get("content_type")).to_dict()
    except NoContent:
        return {"error": "NoContent"}
    except NotHTML:
        return {"error": "NotHTML"}


@pytest.mark.parametrize("page,entry", list(_cases()))
def test_page_matches_golden(page, entry):
    golden = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert _parse(page, entry) == golden


def test_fixtures_cover_every_mirror_template_and_three_own_markups():
    mirror = json.loads((FIXTURES / "mirror" / "manifest.json").read_text(encoding="utf-8"))
    assert {name.split("_")[0] for name in mirror} == {"a", "b", "c"}
    own = json.loads((FIXTURES / "pages" / "manifest.json").read_text(encoding="utf-8"))
    articles = [n for n in own if json.loads((FIXTURES / "pages" / n).with_suffix(".json").read_text()).get("kind") == "article"]
    assert len(articles) >= 4


def _class_names(path: Path) -> set[str]:
    import re

    text = path.read_bytes().decode("utf-8", errors="replace")
    return {c for attr in re.findall(r'class="([^"]*)"', text, re.IGNORECASE) for c in attr.split()}


def test_hand_written_markups_share_no_class_names():
    pages = FIXTURES / "pages"
    markups = {name: _class_names(pages / name) for name in ("seed_455.html", "wp_article.html", "html5_jsonld.html", "table_cp1252.html")}
    mirror = set().union(*(_class_names(p) for p in (FIXTURES / "mirror").glob("*.html")))
    names = list(markups)
    for i, first in enumerate(names):
        assert not markups[first] & mirror, f"{first} shares class names with the mirror"
        for second in names[i + 1:]:
            assert not markups[first] & markups[second], f"{first} and {second} share class names"
