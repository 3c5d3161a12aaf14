"""The most-read sidebar read from its memoised copy gives what reading it in the page gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scraper.parse import page as page_module
from scraper.parse.items import _rank, _read_items, most_read_items

FIXTURES = Path(__file__).parent / "fixtures"


def _pages_with_a_sidebar():
    """Fixture pages whose reviewed golden holds a most-read list."""
    for directory in ("pages", "mirror"):
        manifest = json.loads((FIXTURES / directory / "manifest.json").read_text(encoding="utf-8"))
        for name, entry in sorted(manifest.items()):
            path = FIXTURES / directory / name
            golden = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            if golden.get("most_read"):
                yield pytest.param(path, entry["url"], id=f"{directory}/{name}")


@pytest.mark.parametrize("path,url", list(_pages_with_a_sidebar()))
def test_memoised_sidebar_equals_the_sidebar_read_in_place(path, url):
    page = page_module._load(path.read_bytes(), url, None)
    sidebar = next(iter(page.excluded), None)
    assert sidebar is not None, "the golden has a most-read list but no sidebar was found"
    assert most_read_items(sidebar, page.base) == _rank(_read_items(sidebar, page.base))
    assert page.most_read == _rank(_read_items(sidebar, page.base))


def _mangled(data: bytes, seed: int) -> bytes:
    """The page with a stretch of its sidebar cut out: tags left open, nested where HTML forbids."""
    rng = random.Random(seed)
    heading = data.index(b"BANYAK DIBACA") + len(b"BANYAK DIBACA")
    start, end = sorted(rng.randrange(heading, len(data)) for _ in range(2))
    return data[:start] + data[end:]


@pytest.mark.parametrize("seed", range(60))
def test_memoised_sidebar_of_a_mangled_page_equals_the_sidebar_read_in_place(seed):
    """A tree no HTML serialiser writes back as itself (a cut page) still gives its own items:
    the memo reads an exact copy (an HTML re-parse of the sidebar once restructured such trees)."""
    path = FIXTURES / "pages" / "seed_455.html"
    page = page_module._load(_mangled(path.read_bytes(), seed), "https://lumajangkab.go.id/main/detail-berita/455/x", None)
    sidebar = next(iter(page.excluded), None)
    if sidebar is None:
        pytest.skip("the cut removed the sidebar's heading")
    assert page.most_read == _rank(_read_items(sidebar, page.base))


def test_sidebar_with_inline_svg_icons_is_read_in_place():
    """``<svg xmlns=...>`` would read back from XML in a namespace of its own: such a sidebar is not copied."""
    eye = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'><path d='M0 0h8v8H0z'/></svg>"
    sidebar = (
        f"<aside><h3>Terpopuler</h3><ul>"
        f"<li><a href='/main/detail-berita/7/jalan-desa'>Jalan Desa Diperbaiki Warga Gotong Royong</a> {eye} 12 kali</li>"
        f"<li><a href='/main/detail-berita/8/pasar-murah'>Pasar Murah Digelar di Alun-Alun Kota</a> {eye} 9 kali</li>"
        "</ul></aside>"
    )
    body = "<p>" + "Isi berita yang cukup panjang untuk menjadi badan artikel. " * 5 + "</p>"
    html = f"<html><body><h1>Judul</h1>{body}{sidebar}</body></html>".encode()
    found = page_module.parse_page(html, "https://a.example.id/main/detail-berita/1/x").most_read
    assert [(m.url, m.views) for m in found] == [
        ("https://a.example.id/main/detail-berita/7/jalan-desa", 12),
        ("https://a.example.id/main/detail-berita/8/pasar-murah", 9),
    ]


def test_relative_links_resolve_against_each_page_not_the_first_one_seen():
    sidebar = (
        "<div><h3>Banyak Dibaca</h3><ul>"
        "<li><a href='../7/jalan-desa-diperbaiki'>Jalan Desa Diperbaiki Warga Gotong Royong</a> 12 kali</li>"
        "<li><a href='../8/pasar-murah-digelar'>Pasar Murah Digelar di Alun-Alun Kota</a> 9 kali</li>"
        "</ul></div>"
    )
    body = "<p>" + "Isi berita yang cukup panjang untuk menjadi badan artikel. " * 5 + "</p>"
    html = f"<html><body><h1>Judul</h1>{body}{sidebar}</body></html>".encode()
    first = page_module.parse_page(html, "https://a.example.id/main/detail-berita/1/x")
    second = page_module.parse_page(html, "https://b.example.id/arsip/detail-berita/2/y")
    assert [m.url for m in first.most_read] == [
        "https://a.example.id/main/detail-berita/7/jalan-desa-diperbaiki",
        "https://a.example.id/main/detail-berita/8/pasar-murah-digelar",
    ]
    assert [m.url for m in second.most_read] == [
        "https://b.example.id/arsip/detail-berita/7/jalan-desa-diperbaiki",
        "https://b.example.id/arsip/detail-berita/8/pasar-murah-digelar",
    ]
    assert [m.views for m in second.most_read] == [12, 9]


def test_a_static_sites_html_slug_pages_are_article_links():
    """A site builder's pages are files named by their slug (``/berita-pasar-murah-digelar.html``)."""
    sidebar = (
        "<section><h4><strong>Berita Populer</strong></h4>"
        "<div><h5><a href='berita-jembatan-desa-selesai-diperbaiki.html'>Jembatan Desa Selesai Diperbaiki Warga</a></h5>"
        "<p>12 Juni 2021</p></div>"
        "<div><h5><a href='berita-pasar-murah-digelar-di-alun-alun.html'>Pasar Murah Digelar di Alun-Alun Kota</a></h5>"
        "<p>3 Mei 2021</p></div></section>"
    )
    body = "<p>" + "Isi berita yang cukup panjang untuk menjadi badan artikel. " * 5 + "</p>"
    html = f"<html><body><h1>Judul Berita Hari Ini</h1>{body}{sidebar}</body></html>".encode()
    found = page_module.parse_page(html, "https://kecamatan.example.id/berita-judul-berita-hari-ini.html").most_read
    assert [(m.url, m.published) for m in found] == [
        ("https://kecamatan.example.id/berita-jembatan-desa-selesai-diperbaiki.html", "2021-06-12"),
        ("https://kecamatan.example.id/berita-pasar-murah-digelar-di-alun-alun.html", "2021-05-03"),
    ]
