"""Evaluation sets: hand-written pages in markups the parser was not written against.

Each folder below ``tests/fixtures/`` named in :data:`SETS` holds pages (``NAME.html``) and the
JSON ``parse_page`` should return for them (``NAME.json``, or ``{"raises": "NoContent"}``),
written by hand from the page text by someone who had not read the parser; a
``manifest.json`` gives the URL each page was served at (else the JSON's ``url``). Each
folder's README says what its pages exercise. Every (set, page, field) is its own test, so a
run reads as a matrix: ``pytest tests/test_parse_evalsets.py -k heldout6 -rf``.

The sets were used in order: each was run once blind, then its failures were fixed by cause,
and the next set measured whether those fixes carried over. The newest set is not tuned on in
the session that wrote it; what it still finds is listed in :data:`KNOWN_GAPS`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from scraper.parse import NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures"

#: In the order they were written; the last one is the untuned measure of generalisation.
SETS = ("blind", "heldout", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9")

ARTICLE_FIELDS = (
    "kind", "url", "article_id", "title", "published", "views", "image_url",
    "image_caption", "body", "credit", "quotes", "quote_cues", "most_read",
)
LISTING_FIELDS = ("kind", "url", "items", "next_pages", "most_read")

#: Pages parsed with ``url=None``: their URLs must come from the page itself
#: (canonical link / og:url), as CONTRACT.md allows ("or the page's own base").
PARSED_WITHOUT_URL = frozenset({("blind", "meta_article_1")})

#: Refusals a page may expect instead of a result (``"raises"`` in its JSON).
REFUSALS = {"NoContent": NoContent, "NotHTML": NotHTML}

#: Fields the parser got wrong when the newest set was first run (session 3: 109 of 135 right), and
#: what the set before it still misses, kept as strict xfails: the suite stays green, the gap
#: stays visible, and a parser that fixes one turns its xfail into a failure that asks for the
#: line to be removed. Fix causes in general; never tune on these pages' words.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {
    ("heldout9", "p01_ionic_webview", "image_caption"):
        "the photo is an <ion-img> (no <img>), so the 'Ket foto:' line under it is not its caption",
    ("heldout9", "p01_ionic_webview", "body"):
        "Ionic's <ion-*> elements are not blocks: the page heading and the caption join the body",
    ("heldout9", "p01_ionic_webview", "credit"):
        "the closing credit is not found inside the Ionic card content",
    ("heldout9", "p01_ionic_webview", "quote_cues"):
        "paragraph indexes follow the extra heading and caption paragraphs",
    ("heldout9", "p01_ionic_webview", "most_read"):
        "most-read items link through <ion-item href> (no <a>): no article links",
    ("heldout9", "p03_jnews_wordpress", "credit"):
        "'Sumber: Kominfo Lumajang' is not among the labelled credit lines",
    ("heldout9", "p04_tabler_infotable", "published"):
        "the date in a table cell beside its label ('Tanggal') is not read",
    ("heldout9", "p04_tabler_infotable", "body"):
        "the credit '(Humas Setda)' (no slash) stays at the end of the body",
    ("heldout9", "p04_tabler_infotable", "credit"):
        "a bracketed credit without a slash ('(Humas Setda)') is not a credit",
    ("heldout9", "p04_tabler_infotable", "quotes"):
        "'kata dia' after a sentence naming a place ('Pendopo Arya Wiraraja') takes the place for a person",
    ("heldout9", "p04_tabler_infotable", "most_read"):
        "views in a table cell of their own (no 'kali') are not read",
    ("heldout9", "p05_mdl_material", "quotes"):
        "a named cue 'tutur ROLE (DPMD) Kabupaten Lumajang, Ir. NAME, M.Si., usai ...' loses the name and cuts the role at the acronym",
    ("heldout9", "p05_mdl_material", "most_read"):
        "an item's title keeps the date and count printed after it in the same link",
    ("heldout9", "p07_skeleton_2012", "quotes"):
        "'Komandan Koramil 0821/09 Candipuro': a unit number with a slash ends the role",
    ("heldout9", "p08_jqueryui_accordion", "title"):
        "the headline is a styled <div> and <title> is generic: the site's name is taken",
    ("heldout9", "p08_jqueryui_accordion", "published"):
        "with the headline missed, the topbar's 'today' date is taken for the article's",
    ("heldout9", "p09_milligram_darkmode", "quotes"):
        "the honorific 'Mbok' is not dropped from a name",
    ("heldout9", "p10_ionic_listing", "kind"):
        "items link through <ion-item href> (no <a>): no article links, so no listing",
    ("heldout9", "p10_ionic_listing", "url"):
        "the page is not read as a listing (see kind)",
    ("heldout9", "p10_ionic_listing", "items"):
        "items link through <ion-item href> (no <a>)",
    ("heldout9", "p10_ionic_listing", "next_pages"):
        "the pager links through <ion-button href> (no <a>)",
    ("heldout9", "p10_ionic_listing", "most_read"):
        "most-read items link through <ion-item href> (no <a>)",
    ("heldout9", "p11_tabler_table_listing", "items"):
        "views in a table column of their own (no 'kali') are not read",
    ("heldout9", "p11_tabler_table_listing", "most_read"):
        "views in a table cell of their own (no 'kali') are not read",
    ("heldout9", "p13_mdl_login_wall", "raises"):
        "a login wall ('Silakan login') served at an article URL is taken for an article",
    ("heldout9", "p14_skeleton_403", "raises"):
        "a '403 Forbidden' page with full menus and sidebar is taken for an article",
    ("heldout7", "p08_mailchimp_newsletter", "published"):
        "the date appears only in the e-mail's preheader, which is not read",
}

#: Longest excerpt of a value shown in a one-line failure message.
EXCERPT = 160


def load_expected(set_name: str, page: str) -> dict[str, Any]:
    return json.loads((FIXTURES / set_name / f"{page}.json").read_text(encoding="utf-8"))


@functools.cache
def load_manifest(set_name: str) -> dict[str, str]:
    """Page name -> URL it was served at; older sets wrote ``{"url": ...}`` entries."""
    path = FIXTURES / set_name / "manifest.json"
    if not path.exists():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {
        Path(name).stem: value["url"] if isinstance(value, dict) else value
        for name, value in entries.items()
    }


def page_names(set_name: str) -> list[str]:
    return sorted(path.stem for path in (FIXTURES / set_name).glob("*.html"))


def page_url(set_name: str, page: str) -> str | None:
    if (set_name, page) in PARSED_WITHOUT_URL:
        return None
    return load_manifest(set_name).get(page) or load_expected(set_name, page)["url"]


def fields_of(expected: dict[str, Any]) -> tuple[str, ...]:
    """The fields a page's JSON states (a set may leave ``url`` to its manifest)."""
    if "raises" in expected:
        return ("raises",)
    fields = ARTICLE_FIELDS if expected["kind"] == "article" else LISTING_FIELDS
    return tuple(f for f in fields if f in expected or (f == "quote_cues" and "quotes" in expected))


def iter_cases() -> list[Any]:
    """Every (set, page, field) comparison, known gaps marked as strict xfails."""
    cases = []
    for set_name in SETS:
        for page in page_names(set_name):
            for field in fields_of(load_expected(set_name, page)):
                gap = KNOWN_GAPS.get((set_name, page, field))
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
                cases.append(pytest.param(set_name, page, field, id=f"{set_name}-{page}-{field}", marks=marks))
    return cases


@functools.cache
def parse_fixture(set_name: str, page: str) -> tuple[dict[str, Any] | None, BaseException | None]:
    """Parse one page once per session; a refusal is returned, not raised,
    so that every field test of a page reports it."""
    data = (FIXTURES / set_name / f"{page}.html").read_bytes()
    try:
        return parse_page(data, page_url(set_name, page)).to_dict(), None
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
        parts = [
            f"#{i} expected {shorten(e)} got {shorten(a)}"
            for i, (e, a) in enumerate(zip(expected, actual)) if e != a
        ]
        return f"{shorten(expected[0])[:60]}...: " + ", ".join(parts)
    return f"expected {shorten(expected)} got {shorten(actual)}"


def describe_difference(field: str, expected: Any, actual: Any) -> str:
    """One line that locates the first difference, for the failure matrix."""
    if field == "body" and isinstance(expected, str) and isinstance(actual, str):
        exp, act = expected.split("\n\n"), actual.split("\n\n")
        for index, (e, a) in enumerate(zip(exp, act)):
            if e != a:
                return (f"{len(exp)} vs {len(act)} paragraphs; first diff at paragraph {index}: "
                        f"expected {shorten(e)} got {shorten(a)}")
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


@pytest.mark.parametrize(("set_name", "page", "field"), iter_cases())
def test_evaluation_field(set_name: str, page: str, field: str) -> None:
    expected = load_expected(set_name, page)
    result, refusal = parse_fixture(set_name, page)
    if field == "raises":
        assert isinstance(refusal, REFUSALS[expected["raises"]]), (
            f"{page}: expected {expected['raises']}, got {type(refusal).__name__ if refusal else 'a result'}"
        )
        return
    assert refusal is None, f"{page}: expected a {expected['kind']}, parser raised {refusal!r}"
    if field != "kind" and result["kind"] != expected["kind"]:
        pytest.fail(f"{page}: expected a {expected['kind']}, got a {result['kind']}")
    want, got = project_field(field, expected), project_field(field, result)
    assert got == want, describe_difference(field, want, got)


@pytest.mark.parametrize("set_name", SETS)
def test_every_page_has_expectation_and_url(set_name: str) -> None:
    folder = FIXTURES / set_name
    pages = set(page_names(set_name))
    expectations = {p.stem for p in folder.glob("*.json") if p.name != "manifest.json"}
    assert pages == expectations, f"{set_name}: pages and expected JSON differ"
    assert len(pages) >= 12 and (folder / "README.md").exists()
    for page in pages:
        expected = load_expected(set_name, page)
        if (set_name, page) not in PARSED_WITHOUT_URL:
            assert (page_url(set_name, page) or "").startswith("http"), f"{set_name}/{page}: no URL"
        if "raises" not in expected:
            fields = ARTICLE_FIELDS if expected["kind"] == "article" else LISTING_FIELDS
            stated = set(fields_of(expected)) | ({"url"} if load_manifest(set_name) else set())
            assert set(fields) <= stated, f"{set_name}/{page}: expected JSON leaves out {set(fields) - stated}"


def test_known_gaps_name_real_cases() -> None:
    cases = {tuple(param.values) for param in iter_cases()}
    assert set(KNOWN_GAPS) <= cases
