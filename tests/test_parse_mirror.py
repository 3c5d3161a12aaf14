"""The parser scored against the mirror's ground truth over many generated pages of every theme.

Every field of every page is compared with ``Portal.truth``; quotations are
scored as (text, speaker, role) triples for precision and recall.  The mirror
is a model of the portal, not the portal: this finds weaknesses, the
hand-written fixtures guard generality.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from scraper.parse import parse_page

mirror = pytest.importorskip("scraper.mirror")

BASE = "http://127.0.0.1:8000"
ARTICLES = 90
DAY = 3
#: Share of pages on which each field must be exactly right.
MIN_FIELD_ACCURACY = 0.98
MIN_QUOTE_PRECISION = 0.95
MIN_QUOTE_RECALL = 0.95


def _same(field: str, want, got) -> bool:
    if field == "body" and isinstance(want, str) and isinstance(got, str):
        # The contract collapses whitespace runs (NBSP included); the mirror's truth keeps the seed's NBSPs.
        return re.sub(r"\s+", " ", want) == re.sub(r"\s+", " ", got)
    return want == got


@pytest.fixture(scope="module")
def scores():
    portal = mirror.Portal(articles=ARTICLES, seed=1)
    right, total = Counter(), Counter()
    quotes = Counter()
    misses: list[str] = []
    for theme in ("a", "b", "c"):
        for path in portal.article_paths(DAY) + portal.listing_paths(DAY):
            status, content_type, body = portal.render(path, DAY, theme=theme)
            truth = portal.truth(path, DAY, theme=theme, base_url=BASE)
            got = parse_page(body, url=BASE + path, content_type=content_type).to_dict()
            for field, want in truth.items():
                total[field] += 1
                if _same(field, want, got.get(field)):
                    right[field] += 1
                elif len(misses) < 10:
                    misses.append(f"{theme} {path} {field}: want {str(want)[:120]!r} got {str(got.get(field))[:120]!r}")
            if truth["kind"] == "article":
                want_q = {(q["text"], q["speaker"], q["role"]) for q in truth["quotes"]}
                got_q = {(q["text"], q["speaker"], q["role"]) for q in got["quotes"]}
                quotes["tp"] += len(want_q & got_q)
                quotes["fp"] += len(got_q - want_q)
                quotes["fn"] += len(want_q - got_q)
    return right, total, quotes, misses


def test_every_field_is_right_on_nearly_every_page(scores):
    right, total, _, misses = scores
    accuracy = {field: right[field] / total[field] for field in total}
    print("\nfield accuracy over mirror pages:", {k: round(v, 3) for k, v in sorted(accuracy.items())})
    low = {field: value for field, value in accuracy.items() if value < MIN_FIELD_ACCURACY}
    assert not low, f"fields below {MIN_FIELD_ACCURACY}: {low}; first misses: {misses}"


def test_quote_speakers_precision_and_recall(scores):
    _, _, quotes, _ = scores
    precision = quotes["tp"] / max(1, quotes["tp"] + quotes["fp"])
    recall = quotes["tp"] / max(1, quotes["tp"] + quotes["fn"])
    print(f"\nquote (text, speaker, role): precision {precision:.3f} recall {recall:.3f} over {quotes['tp'] + quotes['fn']} quotations")
    assert quotes["tp"] > 50
    assert precision >= MIN_QUOTE_PRECISION and recall >= MIN_QUOTE_RECALL
