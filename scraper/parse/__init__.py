"""The parser: pure functions from a page's bytes to :mod:`scraper.parse.model` dataclasses.

``parse_page(data, url=None)`` is the entry point; it does no I/O.
"""

from __future__ import annotations

from scraper.parse._compiled import use_source_if_stale

use_source_if_stale(__name__)  # before any parser module is imported: never a stale compiled one

from scraper.parse import dom, idn, items, page, people  # noqa: E402
from scraper.parse.model import Article, ListingItem, Listing, MostReadItem, NoContent, NotHTML, ParseError, Quote  # noqa: E402
from scraper.parse.page import parse_page  # noqa: E402

#: Whether the parser runs compiled (mypyc, see setup.py) rather than as pure Python.
COMPILED = not page.__file__.endswith(".py")

__all__ = [
    "parse_page", "clear_caches", "COMPILED", "NotHTML", "NoContent", "ParseError", "Article", "Listing", "Quote", "MostReadItem",
    "ListingItem",
]

#: Every memoised function of the parser: pure functions of strings that recur across a site's
#: pages (URL shapes, dates and counts of sidebar items, serialised sidebars, runs of names).
MEMOISED = (
    dom.origin_of, dom.is_article_url, dom._page_key, dom._is_slug_url, dom._link_target, idn.find_date, idn.find_count,
    items._items_of_xml, people._region_segments, people._classify, people._classify_mention,
)


def clear_caches() -> None:
    """Forget every memoised result, as a fresh process starts.

    ``scripts/bench_parse.py`` clears them before each timed pass, so that a pass costs what
    a new crawl's first pages cost and not what the same pages cost the second time.
    """
    for function in MEMOISED:
        function.cache_clear()
