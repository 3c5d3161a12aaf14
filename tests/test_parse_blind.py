"""Blind evaluation set: the parser on pages it was never tuned on.

Each page in ``tests/fixtures/blind/`` was hand-written without reading the
parser or the mirror's templates, in markups that Indonesian regional
government CMSs really use (CodeIgniter portals, WordPress news themes,
Joomla 1.5 tables, meta-only pages, old PHP sites), in several encodings.
The JSON beside each page is the expected ``parse_page`` output, written by
hand from CONTRACT.md, never produced by running the parser.

Every (page, field) pair is its own test, so a failure report reads as a
matrix of where the parser does not generalise.  Quotations are split in two:
``quotes`` compares (text, speaker, role), ``quote_cues`` compares
(cue, paragraph), so an attribution right with a differently-spelled cue is
not counted as a wrong attribution.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scraper.parse import NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "blind"

ARTICLE_FIELDS = (
    "kind", "url", "article_id", "title", "published", "views", "image_url",
    "image_caption", "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "url", "items", "next_pages", "most_read")

#: Pages parsed with ``url=None``: their URLs must come from the page itself
#: (canonical link / og:url), as CONTRACT.md allows ("or the page's own base").
PARSED_WITHOUT_URL = frozenset({"meta_article_1"})

#: Refusals a page may expect instead of a result (``"raises"`` in its JSON).
REFUSALS = {"NoContent": NoContent, "NotHTML": NotHTML}

#: Longest excerpt of a value shown in a one-line failure message.
EXCERPT = 160


def load_expected(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def iter_page_names() -> Iterator[str]:
    for path in sorted(FIXTURES.glob("*.json")):
        if (FIXTURES / f"{path.stem}.html").exists():
            yield path.stem


def iter_cases() -> Iterator[tuple[str, str]]:
    """Yield (page, field) for every comparison the evaluation makes."""
    for name in iter_page_names():
        expected = load_expected(name)
        if "raises" in expected:
            yield name, "raises"
            continue
        fields = ARTICLE_FIELDS if expected["kind"] == "article" else LISTING_FIELDS
        for field in fields:
            yield name, field


@functools.cache
def parse_fixture(name: str) -> tuple[dict[str, Any] | None, BaseException | None]:
    """Parse one page once per session; a refusal is returned, not raised,
    so that every field test of a page reports it."""
    url = None if name in PARSED_WITHOUT_URL else load_expected(name)["url"]
    data = (FIXTURES / f"{name}.html").read_bytes()
    try:
        return parse_page(data, url).to_dict(), None
    except (NoContent, NotHTML) as exc:
        return None, exc


def project_field(field: str, result: dict[str, Any]) -> Any:
    """The comparable value of one field; quotes are split into who-said-what and cue/position."""
    if field == "quotes":
        return [(q["text"], q["speaker"], q["role"]) for q in result["quotes"]]
    if field == "quote_cues":
        return [(q["cue"], q["paragraph"]) for q in result["quotes"]]
    if field == "next_pages":
        # Order of pagination links is presentation, not content.
        return sorted(set(result["next_pages"]))
    return result[field]


def shorten(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 3] + "..."


def describe_entry(expected: Any, actual: Any) -> str:
    """Only the parts of a list entry that differ, so a long title does not hide a wrong date."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        keys = [k for k in expected if expected.get(k) != actual.get(k)]
        return f"{shorten(expected.get('title') or expected.get('url'))}: " + ", ".join(
            f"{k} expected {shorten(expected.get(k))} got {shorten(actual.get(k))}" for k in keys
        )
    if isinstance(expected, tuple) and isinstance(actual, tuple) and len(expected) == len(actual):
        parts = [f"#{i} expected {shorten(e)} got {shorten(a)}" for i, (e, a) in enumerate(zip(expected, actual)) if e != a]
        return f"{shorten(expected[0])[:60]}...: " + ", ".join(parts)
    return f"expected {shorten(expected)} got {shorten(actual)}"


def describe_difference(field: str, expected: Any, actual: Any) -> str:
    """One line that locates the first difference, for the failure matrix."""
    if field == "body" and isinstance(expected, str) and isinstance(actual, str):
        exp, act = expected.split("\n\n"), actual.split("\n\n")
        for index, (e, a) in enumerate(zip(exp, act)):
            if e != a:
                return f"{len(exp)} vs {len(act)} paragraphs; first diff at paragraph {index}: expected {shorten(e)} got {shorten(a)}"
        extra = exp[len(act):] or act[len(exp):]
        side = "missing" if len(exp) > len(act) else "extra"
        return f"{len(exp)} vs {len(act)} paragraphs; {side} paragraph {shorten(extra[0])}"
    if isinstance(expected, list) and isinstance(actual, list):
        for index, (e, a) in enumerate(zip(expected, actual)):
            if e != a:
                return f"{len(expected)} vs {len(actual)} entries; first diff at [{index}]: {describe_entry(e, a)}"
        extra = expected[len(actual):] or actual[len(expected):]
        side = "missing" if len(expected) > len(actual) else "extra"
        return f"{len(expected)} vs {len(actual)} entries; {side} {shorten(extra[0])}"
    return f"expected {shorten(expected)} got {shorten(actual)}"


@pytest.mark.parametrize(("page", "field"), list(iter_cases()), ids=lambda v: v)
def test_blind_field(page: str, field: str) -> None:
    expected = load_expected(page)
    result, refusal = parse_fixture(page)
    if field == "raises":
        assert refusal is not None and type(refusal) is REFUSALS[expected["raises"]], (
            f"expected {expected['raises']} got {shorten(refusal or result['kind'])}"
        )
        return
    assert refusal is None, f"expected a {expected['kind']} got {type(refusal).__name__}: {refusal}"
    want, got = project_field(field, expected), project_field(field, result)
    assert got == want, describe_difference(field, want, got)


def test_blind_set_is_complete() -> None:
    """Every page has its expectations and the set covers the intended variety."""
    pages = sorted(p.stem for p in FIXTURES.glob("*.html"))
    assert pages == list(iter_page_names())
    kinds = [load_expected(name).get("kind", "refusal") for name in pages]
    assert kinds.count("article") >= 9 and kinds.count("listing") == 3 and "refusal" in kinds
