"""The parser: pure functions from a page's bytes to :mod:`scraper.parse.model` dataclasses.

``parse_page(data, url=None)`` is the entry point; it does no I/O.
"""

from __future__ import annotations

from scraper.parse.model import Article, ListingItem, Listing, MostReadItem, NoContent, NotHTML, ParseError, Quote
from scraper.parse.page import parse_page

__all__ = ["parse_page", "NotHTML", "NoContent", "ParseError", "Article", "Listing", "Quote", "MostReadItem", "ListingItem"]
