"""Held-out evaluation set 4: twelve hand-labelled pages in markups the parser was never tuned on.

The expected JSON beside each page was written by hand from the page itself (see
``tests/fixtures/heldout4/README.md``), never from parser output. The set exists to measure
how the parser generalises, so nobody should tune the parser against it: one test per
(page, field) makes the score a readable matrix rather than one pass/fail bit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scraper.parse import NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "heldout4"
MANIFEST: dict[str, str] = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
PAGES = sorted(p.name for p in FIXTURES.glob("*.html"))

#: Fields compared for each kind of page; quotes are split into two views so that a wrong
#: cue or paragraph index does not hide a right speaker (and the other way round).
ARTICLE_FIELDS = (
    "kind", "article_id", "title", "published", "views", "image_url", "image_caption",
    "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "items", "next_pages", "most_read")
ERRORS: dict[str, type[Exception]] = {"NoContent": NoContent, "NotHTML": NotHTML}


def load_expected(page: str) -> dict[str, Any]:
    return json.loads((FIXTURES / page).with_suffix(".json").read_text(encoding="utf-8"))


def collect_cases() -> list[tuple[str, str]]:
    """(page, field) pairs: every compared field of every page, or ``raises`` for error pages."""
    cases = []
    for page in PAGES:
        expected = load_expected(page)
        if "raises" in expected:
            cases.append((page, "raises"))
        else:
            fields = ARTICLE_FIELDS if expected["kind"] == "article" else LISTING_FIELDS
            cases.extend((page, name) for name in fields)
    return cases


def project(result: dict[str, Any], name: str) -> Any:
    """The view of one field that the matrix compares."""
    if name == "quotes":
        return [(q["text"], q["speaker"], q["role"]) for q in result["quotes"]]
    if name == "quote_cues":
        return [(q["cue"], q["paragraph"]) for q in result["quotes"]]
    return result[name]


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any] | Exception]:
    """Each page parsed once per module run (lazily), so 100-odd field tests stay fast."""
    return {}


def parse_once(cache: dict[str, dict[str, Any] | Exception], page: str) -> dict[str, Any] | Exception:
    if page not in cache:
        data = (FIXTURES / page).read_bytes()
        try:
            cache[page] = parse_page(data, MANIFEST[page]).to_dict()
        except (NoContent, NotHTML) as exc:
            cache[page] = exc
    return cache[page]


def test_every_page_has_expectation_manifest_and_readme_entry() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert len(PAGES) == 12
    assert sorted(MANIFEST) == PAGES
    for page in PAGES:
        assert (FIXTURES / page).with_suffix(".json").is_file(), page
        assert MANIFEST[page].startswith("https://"), page
        assert f"`{page}`" in readme, page


@pytest.mark.parametrize(
    ("page", "name"), [pytest.param(page, name, id=f"{page[:-5]}-{name}") for page, name in collect_cases()]
)
def test_field(parsed: dict[str, dict[str, Any] | Exception], page: str, name: str) -> None:
    expected = load_expected(page)
    result = parse_once(parsed, page)
    if name == "raises":
        assert isinstance(result, ERRORS[expected["raises"]]), f"expected {expected['raises']}, got {result!r:.200}"
        return
    assert not isinstance(result, Exception), f"parse_page raised {result!r}"
    assert project(result, name) == project(expected, name)
