"""Thousands of mutated and truncated pages: the parser answers or refuses, never crashes."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scraper.parse import Article, Listing, NoContent, NotHTML, parse_page

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "pages").glob("*.html")) + sorted((FIXTURES / "mirror").glob("*.html"))
MUTATIONS_PER_PAGE = 75
NASTY = [b"<", b">", b"</p>", b"<p>", b'"', "“".encode(), b"\x00", b"\xff\xfe", b"&#", b"<!--", b"<script>", b"]]>",
         b"<a href='//[::1'>", b"<time datetime='9999-99-99'>", b"99999999999999999999 kali", b"31 Pebruari 2020",
         b'"' * 50, b"(a/b)", b"<br>" * 20, b"BANYAK DIBACA", b"\xe2\x80", b"<table><tr><td>" * 30,
         "<a href='http://a／b/main/berita/20'>20</a>".encode()]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    if kind == 0:  # truncated download
        return data[: rng.randrange(len(data) + 1)]
    if kind == 1:  # flipped bytes
        out = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == 2:  # a chunk removed
        start = rng.randrange(len(data))
        return data[:start] + data[start + rng.randrange(1, 4000):]
    if kind == 3:  # nasty tokens spliced in
        out = data
        for _ in range(rng.randrange(1, 12)):
            at = rng.randrange(len(out) + 1)
            out = out[:at] + rng.choice(NASTY) + out[at:]
        return out
    if kind == 4:  # a chunk duplicated
        start = rng.randrange(len(data))
        chunk = data[start:start + rng.randrange(1, 3000)]
        return data[:start] + chunk * rng.randrange(2, 5) + data[start:]
    if kind == 5:  # wrong encoding
        return data.decode("utf-8", errors="replace").encode(rng.choice(["utf-16", "cp1252", "latin-1"]), errors="replace")
    return data[rng.randrange(len(data)):]  # head lost


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mutations_never_raise_anything_else(page):
    rng = random.Random(page.name)
    data = page.read_bytes()
    url = rng.choice([None, "https://infocovid19.lumajangkab.go.id/main/detail-berita/455/x", "https://infocovid19.lumajangkab.go.id/main/berita/10"])
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(MUTATIONS_PER_PAGE):
        mutated = _mutate(data, rng)
        try:
            result = parse_page(mutated, url=url)
        except (NotHTML, NoContent):
            outcomes["refused"] += 1
            continue
        assert isinstance(result, (Article, Listing))
        json.dumps(result.to_dict(), ensure_ascii=False)
        outcomes["ok"] += 1
    assert sum(outcomes.values()) == MUTATIONS_PER_PAGE


def test_a_link_whose_host_is_invalid_is_skipped_not_fatal():
    """urlsplit refuses a host that NFKC turns into a path ("a／b", a fullwidth slash): the link is dropped."""
    items = "".join(
        f'<div><a href="/main/detail-berita/{i}/judul-berita-nomor-{i}">Judul berita nomor {i} yang panjang</a></div>'
        for i in range(1, 6)
    )
    html = f"<html><body>{items}<a href='http://a／b/main/berita/20'>20</a><a href='/main/berita/10'>Selanjutnya</a></body></html>"
    listing = parse_page(html.encode(), url="https://lumajangkab.go.id/main/berita")
    assert isinstance(listing, Listing)
    assert listing.next_pages == ["https://lumajangkab.go.id/main/berita/10"]
    assert len(listing.items) == 5
