"""``scraper.parse.clear_caches``: every memo of the parser is known, and clearing them changes no result.

The parse benchmark clears the memos before each timed pass so that it measures what a fresh
crawl pays; a memoised function missing from ``MEMOISED`` would keep its warm cache and
flatter the figure.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import scraper.parse
from scraper.parse import MEMOISED, clear_caches, parse_page

SEED = Path(__file__).parent / "fixtures" / "pages" / "seed_455.html"
SEED_URL = "https://infocovid19.lumajangkab.go.id/main/detail-berita/455/x"


def memoised_functions() -> set:
    """Every function of a ``scraper.parse`` module that carries an ``lru_cache``."""
    found = set()
    for module_info in pkgutil.iter_modules(scraper.parse.__path__):
        module = importlib.import_module(f"scraper.parse.{module_info.name}")
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and getattr(value, "__module__", None) == module.__name__:
                found.add(value)
    return found


def test_every_memoised_function_is_cleared() -> None:
    missing = memoised_functions() - set(MEMOISED)
    assert not missing, f"memoised but not in scraper.parse.MEMOISED: {sorted(f.__qualname__ for f in missing)}"


def test_clearing_empties_the_memos_and_changes_no_result() -> None:
    data = SEED.read_bytes()
    warm = parse_page(data, url=SEED_URL).to_dict()
    assert sum(function.cache_info().currsize for function in MEMOISED) > 0
    clear_caches()
    assert all(function.cache_info().currsize == 0 for function in MEMOISED)
    assert parse_page(data, url=SEED_URL).to_dict() == warm
