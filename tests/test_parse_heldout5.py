"""Fifth held-out evaluation set: thirteen pages in markups the parser was not built against.

The pages in ``tests/fixtures/heldout5/`` (see its README.md) and their expected JSON were
written by hand from the page text, independently of the parser's code and of the other
fixture sets, so that this file measures generalisation rather than regression. Nobody tunes
the parser on it in the session that wrote it; each (page, field) is its own test so a
report can read as a matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import scraper.parse
from scraper.parse import parse_page
from scraper.parse.model import ParseError

FIXTURES = Path(__file__).parent / "fixtures" / "heldout5"
MANIFEST: dict[str, str] = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))

ARTICLE_FIELDS = (
    "kind", "url", "article_id", "title", "published", "views", "image_url", "image_caption",
    "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "url", "items", "next_pages", "most_read")


def load_expected(page: str) -> dict[str, Any]:
    return json.loads((FIXTURES / page).with_suffix(".json").read_text(encoding="utf-8"))


def collect_cases() -> list[tuple[str, str]]:
    cases = []
    for page in sorted(MANIFEST):
        expected = load_expected(page)
        if "raises" in expected:
            fields: tuple[str, ...] = ("raises",)
        elif expected["kind"] == "article":
            fields = ARTICLE_FIELDS
        else:
            fields = LISTING_FIELDS
        cases.extend((page, field) for field in fields)
    return cases


def project(result: dict[str, Any], field: str) -> Any:
    """The part of a result a field's test compares: quotes split into who-said-what and where."""
    if field == "quotes":
        return [(q["text"], q["speaker"], q["role"]) for q in result["quotes"]]
    if field == "quote_cues":
        return [(q["cue"], q["paragraph"]) for q in result["quotes"]]
    return result[field]


@pytest.fixture(scope="module")
def parsed() -> Callable[[str], dict[str, Any] | ParseError]:
    """Parse each page once per module; a refusal is kept so only that page's tests fail."""
    results: dict[str, dict[str, Any] | ParseError] = {}

    def get(page: str) -> dict[str, Any] | ParseError:
        if page not in results:
            data = (FIXTURES / page).read_bytes()
            try:
                results[page] = parse_page(data, MANIFEST[page]).to_dict()
            except ParseError as refusal:
                results[page] = refusal
        return results[page]

    return get


@pytest.mark.parametrize(
    ("page", "field"), collect_cases(), ids=[f"{Path(p).stem}-{f}" for p, f in collect_cases()]
)
def test_heldout5_field(parsed: Callable[[str], dict[str, Any] | ParseError], page: str, field: str) -> None:
    expected = load_expected(page)
    result = parsed(page)
    if field == "raises":
        assert isinstance(result, getattr(scraper.parse, expected["raises"])), f"{page}: got {result!r}"
        return
    assert not isinstance(result, ParseError), f"{page} refused: {result!r}"
    assert project(result, field) == project(expected, field)


def test_heldout5_every_page_has_expectation_and_url() -> None:
    pages = {p.name for p in FIXTURES.glob("*.html")}
    expectations = {p.with_suffix(".html").name for p in FIXTURES.glob("*.json") if p.name != "manifest.json"}
    assert pages == set(MANIFEST) == expectations
    assert len(pages) >= 12
    assert all(url.startswith("https://") for url in MANIFEST.values())
