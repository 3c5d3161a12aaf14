"""Markups met in held-out set 3, each pinned by a hand-written page of our own (``tests/fixtures/pages/``).

The goldens hold the whole output; these tests name the one capability each page exists
for, so a regression says what broke rather than "golden differs".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.parse import Article, Listing, NoContent, parse_page
from scraper.parse.dom import article_id_of, is_article_url
from scraper.parse.idn import normalize_iso
from scraper.parse.quotes import extract_quotes
from scraper.parse.selectors import NEXT_LINK_RE, PREV_LINK_RE

PAGES = Path(__file__).parent / "fixtures" / "pages"
MANIFEST = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))


def _parse(name: str) -> Article | Listing:
    return parse_page((PAGES / name).read_bytes(), url=MANIFEST[name]["url"])


def test_a_page_wrapped_in_one_form_keeps_its_br_separated_body():
    article = _parse("webforms_article.html")
    assert article.body.startswith("TEKUNG – Pencairan Dana Desa tahap kedua")
    assert len(article.body.split("\n\n")) == 6
    assert article.credit == "Humas-DPMD/rw"
    assert "Cari berita" not in article.body  # the small search box is still dropped


def test_a_caption_after_a_br_below_the_photo():
    assert _parse("webforms_article.html").image_caption == "Suasana verifikasi berkas pencairan di kantor DPMD"


def test_a_degree_after_the_name_and_a_fuller_role_named_later():
    quotes = {q.speaker: q.role for q in _parse("webforms_article.html").quotes}
    assert quotes == {
        "Wardoyo": "Kepala Dinas Pemberdayaan Masyarakat dan Desa Kabupaten Lumajang",
        "Rina Wulandari": "Pendamping Lokal Desa Kecamatan Tekung",
    }


def test_a_figure_in_the_articles_own_header():
    article = _parse("header_figure_article.html")
    assert article.image_url == "https://warta-desa.example.id/media/2021/06/lomba-desa-bersih.jpg"
    assert article.image_caption == "Tim juri menilai kebersihan saluran air di Desa Jatisari."


def test_eye_glyph_views_and_a_json_ld_offset_without_colon_over_the_bodys_dateline():
    article = _parse("header_figure_article.html")
    assert article.views == 2310
    assert article.published == "2021-06-07T10:20:00+07:00"  # not the dateline's "Sabtu (5/6/2021)"
    assert article.article_id is None  # /kabar/2021/6/7/slug: a date, not an id


def test_the_tab_label_not_the_panel_id_picks_the_most_read_panel():
    titles = [item.title for item in _parse("header_figure_article.html").most_read]
    assert titles == ["Jembatan Gantung Desa Kebonagung Diresmikan", "Pasar Desa Sukodono Buka Malam Hari"]


def test_a_not_found_page_with_recent_post_cards_is_no_content():
    with pytest.raises(NoContent):
        _parse("error_with_cards.html")


def test_head_rel_next_when_the_pager_only_links_back():
    listing = _parse("listing_head_next.html")
    assert isinstance(listing, Listing)
    assert listing.next_pages == ["https://warta-desa.example.id/kabar/page/3/"]


def test_a_meta_line_above_the_title_dates_the_post_not_the_bodys_dateline():
    article = _parse("date_above_title.html")
    assert article.published == "2021-04-12"
    assert article.article_id is None


@pytest.mark.parametrize("label", ["Older Posts →", "Next »", "Posting Lama", "Selanjutnya ›", "»"])
def test_forward_pager_labels(label):
    assert NEXT_LINK_RE.match(label)
    assert not PREV_LINK_RE.match(label)


@pytest.mark.parametrize("label", ["← Newer Posts", "« Sebelumnya", "‹"])
def test_backward_pager_labels(label):
    assert PREV_LINK_RE.match(label)
    assert not NEXT_LINK_RE.match(label)


@pytest.mark.parametrize("url,article_id", [
    ("https://desa.example.id/artikel/2021/3/15/penyaluran-blt-dana-desa", None),
    ("https://desa.example.id/post/2021/03/18/gerakan-tanam-cabai", None),
    ("https://desa.example.id/artikel/2021-penyaluran-blt-dana-desa", "2021"),  # no month after it: an id
    ("https://desa.example.id/artikel/412/penyaluran-blt-dana-desa", "412"),
])
def test_a_year_followed_by_month_segments_is_no_id(url, article_id):
    assert is_article_url(url)
    assert article_id_of(url) == article_id


def test_offsets_with_and_without_a_colon():
    expected = "2021-05-03T08:15:00+07:00"
    assert normalize_iso("2021-05-03T08:15:00+0700") == normalize_iso("2021-05-03T08:15:00+07:00") == expected


@pytest.mark.parametrize("degree", ["S.Pd", "S.Sos", "S.H.", "M.Si", "S.Kom", "M.Pd", "S.T.", "M.M."])
def test_degrees_after_a_name_are_not_the_speaker(degree):
    paragraphs = [
        f"Penyaluran disaksikan Pendamping Desa Kecamatan Senduro, Lilik Suharyanto, {degree}, serta Babinsa.",
        "“Penerima sudah kami cek satu per satu,” jelasnya.",
    ]
    [quote] = extract_quotes(paragraphs)
    assert (quote.speaker, quote.role) == ("Lilik Suharyanto", "Pendamping Desa Kecamatan Senduro")


def test_a_shorter_role_later_does_not_replace_the_full_one():
    paragraphs = [
        "Sekretaris Daerah Kabupaten Lumajang Agus Triyono meninjau lokasi.",
        "Sekda Lumajang Agus Triyono kemudian memberi arahan kepada camat.",
        "“Semua harus selesai bulan ini,” tegasnya.",
    ]
    [quote] = extract_quotes(paragraphs)
    assert quote.role == "Sekretaris Daerah Kabupaten Lumajang"
