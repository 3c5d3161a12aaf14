"""Small pure helpers the extractors rest on: title candidates, image sources, dates with a time, URL shapes, ids."""

from __future__ import annotations

import pytest
from lxml import etree

from scraper.parse.article import title_candidates
from scraper.parse.photo import image_source
from scraper.parse.dom import article_id_of, is_article_url
from scraper.parse.idn import find_date, with_time
from scraper.parse.index import build_index, page_id
from scraper.parse.selectors import LISTING_URL_RE, MOST_READ_HEADING_RE


def test_title_candidates_cut_the_site_name_at_the_last_separator_first():
    candidates = title_candidates([], "Jalan Ranuyoso - Klakah Rampung Maret :: Dinas PUPR")
    assert candidates[0] == "Jalan Ranuyoso - Klakah Rampung Maret"
    assert "Dinas PUPR" in candidates and "Jalan Ranuyoso" in candidates


def test_title_candidates_put_meta_titles_first_and_keep_a_title_after_the_site_name():
    candidates = title_candidates(["Judul Dari Meta"], "Situs Dinas :: Benih Lele - Nila Dibagikan")
    assert candidates[0] == "Judul Dari Meta"
    assert "Benih Lele - Nila Dibagikan" in candidates


@pytest.mark.parametrize("markup,expected", [
    ('<img src="data:image/gif;base64,R0lG" data-src="/a/foto.jpg">', "/a/foto.jpg"),
    ('<img src="/a/memuat.gif" data-lazy-src="/a/foto.jpg">', "/a/foto.jpg"),
    ('<img src="/a/kosong.gif" srcset="/a/foto-640.jpg 640w, /a/foto-1280.jpg 1280w">', "/a/foto-1280.jpg"),
    ('<img src="/a/foto-696.jpg" srcset="/a/foto-300.jpg 300w, /a/foto-696.jpg 696w">', "/a/foto-696.jpg"),
    ('<img src="data:image/gif;base64,R0lG">', None),
])
def test_image_source_prefers_what_a_browser_loads(markup, expected):
    image = etree.fromstring(markup, etree.HTMLParser()).find(".//img")
    assert image_source(image) == expected


@pytest.mark.parametrize("visible,machine,expected", [
    ("2020-11-10", "2020-11-10T13:45:12+07:00", "2020-11-10T13:45:12+07:00"),
    (None, "2020-11-10T13:45:12+07:00", "2020-11-10T13:45:12+07:00"),
    ("2020-11-11", "2020-11-10T13:45:12+07:00", "2020-11-11"),
    ("2020-11-10", "2020-11-09", "2020-11-10"),
    (None, "2020-11-09", "2020-11-09"),
    (None, None, None),
])
def test_a_machine_datetime_adds_its_time_to_the_shown_day_only(visible, machine, expected):
    assert with_time(visible, machine) == expected


@pytest.mark.parametrize("text,expected", [
    ("Rabu, 17 Agt 2022 • 08:00 WIB", "2022-08-17T08:00:00+07:00"),
    ("Kamis, 04 Pebruari 2021 · 13:45 WIB", "2021-02-04T13:45:00+07:00"),
    ("26 Januari 2021 • 296 kali", "2021-01-26"),
])
def test_a_time_after_a_bullet_separator_belongs_to_the_date(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize("url,expected", [
    ("https://lumajangkab.go.id/main/detail-berita/612/bibit-kopi?print=1", "612"),
    ("https://lumajangkab.go.id/main/detail-berita/612/bibit-kopi", "612"),
    ("https://desa.example.id/berita.php?id=318", "318"),
    ("https://desa.example.id/2021/02/musdes-penetapan-rkpdes-2022.html", None),
])
def test_an_article_id_survives_a_query_string_after_the_url_shape(url, expected):
    assert article_id_of(url) == expected


def test_blogger_permalinks_are_article_urls_and_codeigniter_offsets_listing_urls():
    assert is_article_url("https://desa.blogspot.com/2021/02/musdes-penetapan-rkpdes-2022.html")
    assert LISTING_URL_RE.search("https://dpmptsp.example.id/berita/index/30")
    assert not is_article_url("https://dpmptsp.example.id/berita/index/30")


@pytest.mark.parametrize("heading", [
    "Postingan Populer", "Artikel Terpopuler", "Berita Populer", "Terpopuler", "Paling Banyak Dibaca", "Most Popular",
    "BANYAK DIBACA", "Popular Posts",
])
def test_most_read_heading_synonyms(heading):
    assert MOST_READ_HEADING_RE.match(heading)


@pytest.mark.parametrize("heading", ["Berita Terbaru", "Pos-pos Terbaru", "Berita Terkait", "Arsip Blog"])
def test_other_block_headings_are_not_most_read(heading):
    assert not MOST_READ_HEADING_RE.match(heading)


def test_drupal_shortlink_node_is_the_page_id():
    root = etree.fromstring('<html><head><link rel="shortlink" href="/node/812"></head><body></body></html>', etree.HTMLParser())
    assert page_id(build_index(root)) == "812"


def test_caseless_pattern_matches_as_ignorecase_and_refuses_capitals():
    from scraper.parse.selectors import CaselessPattern

    words = CaselessPattern.compile(r"\blogo\b|kali")
    for text in ("Site LOGO.png", "296 KALI", "logo", "No match", "\u212aali 3"):  # the Kelvin sign folds to k
        pattern, subject = words.on(text)
        assert [m.span() for m in pattern.finditer(subject)] == [m.span() for m in words.any_case.finditer(text)]
    assert words.on("\u212aali")[0] is words.any_case
    with pytest.raises(ValueError):
        CaselessPattern.compile("Logo")
