"""Capabilities added after held-out set 4, each pinned by a hand-written page of our own or a unit case.

The pages (``tests/fixtures/pages/``) carry whole goldens; these tests name the one
capability each exists for, so a regression says what broke rather than "golden differs".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.parse import Article, Listing, parse_page
from scraper.parse.body import drop_signature
from scraper.parse.dom import article_id_of
from scraper.parse.listing import page_number
from scraper.parse.quotes import extract_quotes
from scraper.parse.selectors import MOST_READ_HEADING_RE

PAGES = Path(__file__).parent / "fixtures" / "pages"
MANIFEST = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))


def _parse(name: str) -> Article | Listing:
    return parse_page((PAGES / name).read_bytes(), url=MANIFEST[name]["url"])


@pytest.mark.parametrize("rank", ["Kapten Inf.", "Mayor Czi.", "Letkol Arh.", "Serma", "Bripka", "Iptu", "AKP", "Kompol", "AKBP"])
def test_a_rank_before_the_name_is_never_the_role(rank):
    paragraphs = [f"“Jalur harus dihafal warga,” ujar Danramil Pronojiwo, {rank} Sugeng Riyadi."]
    [quote] = extract_quotes(paragraphs)
    assert (quote.speaker, quote.role) == ("Sugeng Riyadi", "Danramil Pronojiwo")


def test_a_rank_opening_the_sentence_with_the_role_after_the_name():
    article = _parse("mobile_bold_title.html")
    assert [(q.speaker, q.role) for q in article.quotes] == [("Hari Wibowo", "Kapolsek Kunir"), ("Hari Purnomo", "Danramil Kunir")]


def test_a_given_name_that_is_also_a_common_word():
    paragraphs = [
        "Kepala Badan Pendapatan Daerah Kabupaten Lumajang, Hari Susiyanto, S.E., menyampaikan capaian pajak.",
        "“Pajak hotel mulai pulih,” ungkap Hari.",
    ]
    [quote] = extract_quotes(paragraphs)
    assert (quote.speaker, quote.role) == ("Hari Susiyanto", "Kepala Badan Pendapatan Daerah Kabupaten Lumajang")


def test_hari_before_an_observance_is_no_name():
    paragraphs = ["Peringatan Hari Santri Nasional digelar di alun-alun.", "“Santri harus mandiri,” katanya."]
    [quote] = extract_quotes(paragraphs)
    assert quote.speaker is None


@pytest.mark.parametrize("heading", ["Topik Terpopuler", "Konten Populer", "Berita Trending", "Paling Banyak Dibaca", "Most Read"])
def test_popular_headings(heading):
    assert MOST_READ_HEADING_RE.match(heading)


@pytest.mark.parametrize("heading", ["Berita Terbaru", "Berita Terkini", "Latest News", "Populer Terbaru"])
def test_newest_headings_are_not_most_read(heading):
    assert not MOST_READ_HEADING_RE.match(heading)


def test_eye_icon_counts_and_a_bold_heading_ends_at_the_next_block():
    most_read = _parse("mobile_bold_title.html").most_read
    assert [(m.title, m.views) for m in most_read] == [
        ("Sosialisasi Tertib Lalu Lintas di Sekolah", 2041),
        ("Jembatan Kunir Kembali Dibuka", 987),
    ]  # "Berita Terkini" below it is another list


def test_title_only_in_bold_loses_the_site_suffix_and_is_not_body():
    article = _parse("mobile_bold_title.html")
    assert article.title == "OPERASI PATUH SEMERU SASAR PENGENDARA TANPA HELM"
    assert article.body.startswith("KUNIR – Satuan Lalu Lintas")


def test_lead_before_the_body_opens_it_and_a_signature_closes_nothing():
    article = _parse("drupal_lead_signature.html")
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Sebanyak 40 kader posyandu")
    assert paragraphs[-1] == "Para kader juga mendapat alat ukur baru yang dibeli dari dana desa tahun ini."
    assert article.quotes[0].paragraph == 3


def test_drupal_node_links_and_hits_counts_in_a_trending_list():
    article = _parse("drupal_lead_signature.html")
    assert article.article_id == "415"
    assert [(m.url.rsplit("/", 1)[1], m.views) for m in article.most_read] == [("402", 1204), ("397", 856)]


@pytest.mark.parametrize("paragraphs,kept", [
    (["Warga diminta melapor.", "--", "Humas Kecamatan"], 1),
    (["Warga diminta melapor.", "Seksi Pemerintahan Kecamatan Tempeh — Melayani dengan Hati"], 1),
    (["Warga diminta melapor.", "“Bagi yang belum menerima, silakan cek ke kantor desa karena data"], 2),  # a cut page
    (["Warga diminta melapor.", "(Kominfo-lmj/bob)"], 2),  # the credit is read later
])
def test_signatures_after_the_post(paragraphs, kept):
    assert drop_signature(paragraphs) == paragraphs[:kept]


def test_percent_encoded_plugin_page_parameters():
    assert page_number("https://x.example.id/berita?tx_news_pi1%5B%40widget_0%5D%5BcurrentPage%5D=3&cHash=9c1e") == 3
    assert page_number("https://x.example.id/berita?paged=4") == 4
    listing = _parse("listing_encoded_pager.html")
    assert listing.next_pages == [
        "https://desa-tekung.example.id/kabar?blog%5Bpager%5D%5Bpage%5D=3&token=a1b2c3d4e5f60718293a4b5c6d7e8f90"
    ]


def test_drupal_node_path_is_an_article_id():
    assert article_id_of("https://diskominfo.example.id/node/2231") == "2231"


def test_a_dash_line_between_sections_of_prose_is_no_signature():
    paragraphs = ["Warga diminta melapor.", "--", "Pada hari kedua kegiatan, " + "petugas mendata warga yang belum menerima bantuan. " * 3]
    assert drop_signature(paragraphs) == paragraphs


@pytest.mark.parametrize("name", ["Hari Susiyanto", "Bayu Aji Pratama", "Budi Santoso", "Agus Salim", "Sri Wahyuni", "Dewi Lestari", "Wahyu Hidayat", "Cahya Putra"])
def test_given_names_that_are_common_words_keep_their_first_word(name):
    paragraphs = [f"Kepala Desa Kloposawit, {name}, meninjau lokasi.", "“Semua harus selesai bulan ini,” tegasnya."]
    [quote] = extract_quotes(paragraphs)
    assert (quote.speaker, quote.role) == (name, "Kepala Desa Kloposawit")
