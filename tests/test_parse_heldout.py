"""Held-out blind evaluation: pages in markups the parser was never tuned on.

``tests/fixtures/heldout/`` pairs each page with JSON written by hand from the page's
text (never from parser output); ``manifest.json`` gives the URL each page was served
at, and the folder's README says what each page exercises.  The set is kept apart from
``tests/fixtures/blind/`` so that it measures whether fixes made against that set
generalise.  One test per (page, field), so a report reads as a page x field matrix.

Quotations are compared in two parts: ``quotes`` is (text, speaker, role) in order,
``quote_cues`` is (cue, paragraph) in order, so that an attribution error and a
cue/paragraph error show up separately.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scraper.parse import NoContent, NotHTML, parse_page
from scraper.parse.model import Article, Listing

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
MANIFEST = HELDOUT / "manifest.json"

#: Article fields compared one by one; ``quotes`` and ``quote_cues`` are derived views.
ARTICLE_FIELDS = (
    "kind", "url", "article_id", "title", "published", "views", "image_url",
    "image_caption", "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "url", "items", "next_pages", "most_read")


def _load_manifest() -> dict[str, dict[str, str]]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def _expected(page: str) -> dict[str, Any]:
    return json.loads((HELDOUT / page).with_suffix(".json").read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    cases = []
    for page in sorted(_load_manifest()):
        expected = _expected(page)
        if "raises" in expected:
            fields: tuple[str, ...] = ("raises",)
        elif expected["kind"] == "article":
            fields = ARTICLE_FIELDS
        else:
            fields = LISTING_FIELDS
        stem = Path(page).stem
        cases.extend(pytest.param(page, field, id=f"{stem}-{field}") for field in fields)
    return cases


def _project(result: dict[str, Any], field: str) -> Any:
    """The value of ``field`` as the tests compare it (quotes split into two views)."""
    if field == "quotes":
        return [(q["text"], q["speaker"], q["role"]) for q in result["quotes"]]
    if field == "quote_cues":
        return [(q["cue"], q["paragraph"]) for q in result["quotes"]]
    return result[field]


def _run(page: str, url: str) -> dict[str, Any]:
    """Parse one page; a refusal becomes ``{"raises": name}`` like the expected JSON."""
    try:
        return parse_page((HELDOUT / page).read_bytes(), url=url).to_dict()
    except NoContent:
        return {"raises": "NoContent"}
    except NotHTML:
        return {"raises": "NotHTML"}


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Any]]:
    """Every page parsed once for the whole module (15 pages, a fraction of a second)."""
    return {page: _run(page, entry["url"]) for page, entry in _load_manifest().items()}


@pytest.mark.parametrize("page,field", _cases())
def test_heldout_field(parsed: dict[str, dict[str, Any]], page: str, field: str) -> None:
    expected = _expected(page)
    got = parsed[page]
    if field == "raises":
        assert got.get("raises") == expected["raises"], (
            f"{page}: expected {expected['raises']}, got a {got.get('kind')} result"
        )
        return
    assert "raises" not in got, f"{page}: expected a {expected['kind']}, parser raised {got['raises']}"
    if field != "kind" and got["kind"] != expected["kind"]:
        pytest.fail(f"{page}: expected a {expected['kind']}, got a {got['kind']}")
    assert _project(got, field) == _project(expected, field)


def test_every_page_has_its_json_and_manifest_entry() -> None:
    pages = {p.name for p in HELDOUT.glob("*.html")}
    jsons = {p.with_suffix(".html").name for p in HELDOUT.glob("*.json") if p != MANIFEST}
    assert pages, "no held-out pages found"
    assert pages == jsons, f"pages without JSON: {pages - jsons}; JSON without page: {jsons - pages}"
    assert pages == set(_load_manifest()), "manifest.json must list exactly the held-out pages"


def test_expected_json_is_complete() -> None:
    """Every expectation states every output field, so no field goes unmeasured."""
    article_keys = set(Article().to_dict())
    listing_keys = set(Listing().to_dict())
    for page in _load_manifest():
        expected = _expected(page)
        if "raises" in expected:
            assert expected["raises"] in {"NoContent", "NotHTML"}, page
            continue
        keys = article_keys if expected["kind"] == "article" else listing_keys
        assert set(expected) == keys, f"{page}: {set(expected) ^ keys}"
        assert expected["url"] == _load_manifest()[page]["url"], page
