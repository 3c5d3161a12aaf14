"""Third held-out evaluation set: pages in markups the parser was never tuned on.

Each page in ``tests/fixtures/heldout3/`` (Ghost, Hugo, ASP.NET WebForms, an old
table-and-font page, Squarespace, OpenSID, Wix, Drupal, Joomla; three listings, a
404 page and a truncated page) sits beside the JSON the parser should give for it,
written by hand from the page's content, and ``manifest.json`` names the URL it
was served at. One test per (page, field) so a failure says exactly which field
of which theme does not generalise; nothing is marked xfail on purpose — this set
measures, it does not excuse. ``README.md`` in the fixture folder lists what each
page exercises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scraper.parse import NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "heldout3"
MANIFEST: dict[str, str] = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))

#: Fields compared one by one; ``quotes`` and ``quote_cues`` are derived views of ``quotes``.
ARTICLE_FIELDS = (
    "kind", "url", "article_id", "title", "published", "views", "image_url",
    "image_caption", "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "url", "items", "next_pages", "most_read")
REFUSALS = {"NoContent": NoContent, "NotHTML": NotHTML}


def load_expected(page: str) -> dict[str, Any]:
    return json.loads((FIXTURES / page).with_suffix(".json").read_text(encoding="utf-8"))


def list_cases() -> list[tuple[str, str]]:
    cases = []
    for page in sorted(MANIFEST):
        expected = load_expected(page)
        if "raises" in expected:
            cases.append((page, "raises"))
            continue
        fields = ARTICLE_FIELDS if expected["kind"] == "article" else LISTING_FIELDS
        cases.extend((page, field) for field in fields)
    return cases


def project(result: dict[str, Any], field: str) -> Any:
    """The value compared for ``field``: quotes are split into who-said-what and where-cued,
    so a right attribution with a different cue word is not one opaque failure."""
    if field == "quotes":
        return [(q["text"], q["speaker"], q["role"]) for q in result["quotes"]]
    if field == "quote_cues":
        return [(q["cue"], q["paragraph"]) for q in result["quotes"]]
    return result[field]


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any] | Exception]:
    """Each page parsed once for all its field tests (a refusal is kept as the exception)."""
    results: dict[str, dict[str, Any] | Exception] = {}
    for page, url in MANIFEST.items():
        try:
            results[page] = parse_page((FIXTURES / page).read_bytes(), url).to_dict()
        except (NoContent, NotHTML) as exc:
            results[page] = exc
    return results


@pytest.mark.parametrize(("page", "field"), list_cases(), ids=lambda v: v.removesuffix(".html"))
def test_field(parsed: dict[str, dict[str, Any] | Exception], page: str, field: str) -> None:
    expected = load_expected(page)
    got = parsed[page]
    if field == "raises":
        assert isinstance(got, REFUSALS[expected["raises"]]), f"expected {expected['raises']}, got {got!r}"
        return
    assert not isinstance(got, Exception), f"parse_page refused the page: {got!r}"
    assert project(got, field) == project(expected, field)


def test_every_page_has_expectation_and_manifest_entry() -> None:
    pages = {p.name for p in FIXTURES.glob("*.html")}
    assert pages == set(MANIFEST), "manifest.json and the .html files disagree"
    for page, url in MANIFEST.items():
        expected = load_expected(page)
        assert "raises" in expected or expected["url"] == url, page
        if "raises" not in expected:
            assert set(expected) >= {"kind", "most_read"}, page
    assert 12 <= len(pages) <= 14
