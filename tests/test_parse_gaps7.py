"""Regressions for the causes behind the seventh held-out set's gaps, on small hand-written pages.

* The date and the view count may be printed below the body (chips after the text, a
  "Diposting:" line after the photo): they are looked for there when nothing around the
  headline gives them, never in a list of other articles, the sidebar or the comments.
* An icon font's ligature word (``<i class="material-icons">event</i>``) is a glyph, not text.
* Paragraphs drawn as inline elements (``<span>``s of a ``<section>``, blocks only through
  CSS) are one paragraph each.
* A lead printed before the body with the photo and empty slots in between opens the body;
  the label of a link around the photo ("Klik untuk memperbesar") is not its caption.
* A year segment (``/berita/2021/slug``) is a date part, not an article id.
* Plone's batching (``?b_start:int=20``) is pagination; a block titled by a ``<dt>`` linking a
  section ("Berita Terbaru") beside the main list holds no listing items.
* A time written with a dot ("13.05") after a date is a WIB time; so is the ``content`` of an
  RDFa/microdata property whose shown value is the date.
* A document without headings (Word's "Save as Web Page") styles its headline by class; what
  precedes the headline in the body's flow (a letterhead) is neither body nor photo; a "***"
  end mark and the contact block after it close the body.
* An ``<h1>`` beginning with the short page name of ``<title>`` is the full headline; the
  ``og:image`` photo shown above the headline keeps its caption.
* Wayback Machine capture URLs are mapped back to the pages they archive.
* A closing ``(Unit/initials)`` credit printed as its own block right after the body's
  container (past a pull-quote aside inside it) is the credit.
"""

from __future__ import annotations

import pytest

from scraper.parse import Article, Listing, parse_page
from scraper.parse.dom import article_id_of, is_article_url, original_url
from scraper.parse.idn import find_date

SITE = "https://dinas.example.go.id"
URL = f"{SITE}/main/detail-berita/612/pasar-hewan-kembali-dibuka"

PARAGRAPHS = [
    "Pemerintah kecamatan membuka kembali pasar hewan di Desa Karanganyar setelah dua bulan ditutup "
    "karena wabah penyakit mulut dan kuku pada ternak sapi.",
    "Kepala pasar, Suroto, mengatakan setiap pedagang wajib menunjukkan surat keterangan sehat hewan "
    "dari petugas kesehatan hewan sebelum masuk ke area pasar.",
    "\"Kami periksa satu per satu di pintu masuk. Ternak yang tidak punya surat kami minta pulang,\" ujarnya.",
]


def _parse(html: str, url: str = URL) -> Article | Listing:
    return parse_page(html.encode("utf-8"), url=url)


def _page(main: str, head: str = "", after: str = "") -> str:
    return (
        f"<html><head><title>Pasar Hewan Kembali Dibuka</title>{head}</head><body>"
        f"<nav><a href='/'>Beranda</a> <a href='/main/berita'>Berita</a></nav>"
        f"<main>{main}</main>{after}</body></html>"
    )


def _prose() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


OTHER_ARTICLES = (
    "<h5>Berita Lainnya</h5><div class='list'>"
    "<div><span>3 Februari 2021 · 1.204 kali</span> <a href='/main/detail-berita/600/lomba-desa-digelar'>Lomba Desa Digelar</a></div>"
    "<div><span>1 Februari 2021 · 988 kali</span> <a href='/main/detail-berita/598/posyandu-dibuka'>Posyandu Dibuka</a></div>"
    "</div>"
)


def test_date_and_views_in_chips_below_the_body():
    chips = (
        "<div class='meta'><div class='chip'><i class='material-icons'>event</i> Selasa, 9 Maret 2021</div>"
        "<div class='chip'><i class='material-icons'>visibility</i> Dilihat 2.345 kali</div></div>"
    )
    article = _parse(_page(f"<h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{_prose()}</div>{chips}{OTHER_ARTICLES}"))
    assert article.published == "2021-03-09"
    assert article.views == 2345
    assert article.body.split("\n\n") == PARAGRAPHS


def test_a_posted_line_after_the_photo_below_the_body():
    photo = "<figure><img src='/files/pasar.jpg'><p>Pedagang menata kandang. Foto: Humas Kecamatan</p></figure>"
    posted = "<p><span class='ico'></span> Diposting: Jum'at, 12 Mar 2021 · <span class='ico'></span> Admin</p>"
    article = _parse(_page(f"<h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{_prose()}</div>{photo}<div>{posted}</div>"))
    assert article.published == "2021-03-12"


@pytest.mark.parametrize(
    "after",
    [
        OTHER_ARTICLES,  # other articles' dates and counts, under their heading
        "<h3>2 Komentar</h3><div><p>Budi</p><p>Rabu, 10 Maret 2021</p><p>Semoga pasar ramai lagi seperti dulu dan harga sapi naik.</p></div>",
        "<div><a href='/main/detail-berita/600/lomba-desa-digelar'>Lomba Desa Digelar</a> <span>3 Februari 2021 · 1.204 kali</span></div>",
    ],
    ids=["other-articles", "comments", "unheaded-teaser"],
)
def test_no_date_nor_views_from_what_follows_the_body_but_its_own_lines(after):
    article = _parse(_page(f"<h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{_prose()}</div>{after}"))
    assert article.published is None and article.views is None


def test_an_in_text_date_below_the_body_is_not_the_date():
    closing = "<div><p>Pasar buka lagi Kamis (11/03/2021).</p></div>"
    article = _parse(_page(f"<h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{_prose()}</div>{closing}"))
    assert article.published is None


def test_spans_of_a_section_are_one_paragraph_each():
    spans = "".join(f"<span class='par'>{p}</span>\n" for p in PARAGRAPHS)
    html = _page(f"<h1>Pasar Hewan Kembali Dibuka</h1><section class='isi'>{spans}<span>(Kec-krg/ab)</span></section>")
    article = _parse(html)
    assert article.body.split("\n\n") == PARAGRAPHS
    assert article.credit == "Kec-krg/ab"
    assert [q.paragraph for q in article.quotes] == [2]


def test_runs_of_one_paragraph_stay_one_paragraph():
    runs = (
        f"<p><span>{PARAGRAPHS[0]}</span> <span>{PARAGRAPHS[1]}</span></p>"
        f"<div><b>Lumajang</b> - <span>{PARAGRAPHS[2]}</span></div>"
    )
    article = _parse(_page(f"<h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{runs}</div>"))
    assert article.body.split("\n\n") == [f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}", f"Lumajang - {PARAGRAPHS[2]}"]


LEAD = "Pasar hewan terbesar di kecamatan kembali ramai setelah dua bulan ditutup karena wabah."


def test_a_lead_before_the_photo_and_empty_slots_opens_the_body():
    main = (
        "<h1>Pasar Hewan Kembali Dibuka</h1><div class='byline'>oleh <a href='/author/a'>Admin</a></div>"
        f"<div class='description'>{LEAD}</div><div class='slot'></div>"
        "<div class='core'><div class='image'><a href='/main/detail-berita/612/foto/view'><img src='/files/pasar-mini.jpg'>"
        "<br><span>Lihat ukuran penuh</span></a><p class='caption'>Sapi di pasar hewan Karanganyar. (Foto: Humas)</p></div>"
        f"<div class='text'>{_prose()}</div></div>"
    )
    article = _parse(_page(main))
    assert article.body.split("\n\n") == [LEAD, *PARAGRAPHS]
    assert article.image_url == f"{SITE}/files/pasar-mini.jpg"
    assert article.image_caption == "Sapi di pasar hewan Karanganyar. (Foto: Humas)"
    assert [q.paragraph for q in article.quotes] == [3]


def test_a_year_segment_is_no_article_id():
    url = f"{SITE}/berita/2021/pasar-hewan-kembali-dibuka"
    assert is_article_url(url) and article_id_of(url) is None
    assert article_id_of(f"{SITE}/berita/1884/pasar-hewan-kembali-dibuka") == "1884"
    assert article_id_of(f"{SITE}/main/detail-berita/2021/pasar-hewan-kembali-dibuka") == "2021"  # the portal's own shape


def test_plone_batching_and_a_side_block_titled_by_a_term():
    items = "".join(
        f"<div class='tile'><h2><a href='/berita/2021/kabar-desa-nomor-{n}'>Kabar Desa Nomor {n} dari Kecamatan</a></h2>"
        f"<p>diterbitkan 0{n}/03/2021</p><p>Ringkasan kabar desa yang cukup panjang untuk satu berita nomor {n}.</p></div>"
        for n in range(1, 6)
    )
    pager = (
        "<div class='bar'><a href='/berita?b_start:int=0'>« 5 item sebelumnya</a> "
        "<a href='/berita?b_start:int=10'>5 item berikutnya »</a> <a href='/berita?b_start:int=0'>1</a> <span>2</span> "
        "<a href='/berita?b_start:int=10'>3</a></div>"
    )
    side = (
        "<dl class='box'><dt><a href='/kabar'>Kabar Terbaru</a></dt>"
        "<dd><a href='/berita/2021/gotong-royong-warga-bersihkan-saluran-air'>Gotong Royong Warga Bersihkan Saluran Air</a></dd>"
        "<dd><a href='/berita/2021/pelatihan-kader-desa-tangguh-bencana'>Pelatihan Kader Desa Tangguh Bencana</a></dd></dl>"
    )
    html = f"<html><body><div class='content'><h1>Berita</h1>{items}{pager}</div><div class='column'>{side}</div></body></html>"
    listing = _parse(html, url=f"{SITE}/berita?b_start:int=5")
    assert isinstance(listing, Listing)
    assert [item.url.rsplit("-", 1)[-1] for item in listing.items] == ["1", "2", "3", "4", "5"]
    assert listing.items[0].published == "2021-03-01"
    assert listing.next_pages == [f"{SITE}/berita?b_start:int=10"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Senin, 15 Maret 2021 13.05", "2021-03-15T13:05:00+07:00"),
        ("15 Maret 2021 | 08.30", "2021-03-15T08:30:00+07:00"),
        ("15 Maret 2021 12.50 kali", "2021-03-15"),
        ("15 Maret 2021 10.769 kali", "2021-03-15"),
    ],
)
def test_a_time_written_with_a_dot_after_the_date(text, expected):
    assert find_date(text) == expected


def test_an_rdfa_property_gives_the_time_of_the_shown_date():
    main = (
        "<article><h1>Pasar Hewan Kembali Dibuka</h1>"
        "<div class='meta'>Oleh admin, <span property='schema:dateCreated'>9 Maret, 2021</span></div>"
        "<span property='schema:dateCreated' content='2021-03-09T02:40:00+00:00'></span>"
        f"<div class='teks'>{_prose()}</div>"
        "<section class='comments'><h2>Komentar</h2><p><span property='schema:dateCreated' "
        "content='2021-03-09T05:00:00+00:00'>Sel, 09/03/2021 - 12:00</span></p><p>Alhamdulillah pasar buka.</p></section></article>"
    )
    assert _parse(_page(main)).published == "2021-03-09T09:40:00+07:00"


def test_a_word_press_release():
    letter = (
        "<div class=WordSection1>"
        "<table><tr><td><p class=MsoNormal><img src='rilis_files/image002.png' alt='Logo'></p></td>"
        "<td><p class=MsoNormal><b>PEMERINTAH KECAMATAN KARANGANYAR</b></p><p class=MsoNormal>Jl. Raya No. 2 Telp. (0334) 123456</p></td></tr></table>"
        "<p class=MsoNormal><b>RILIS MEDIA</b></p><p class=MsoNormal>Nomor: 012/RM/2021</p>"
        "<p class=MsoTitle>PASAR HEWAN KARANGANYAR KEMBALI DIBUKA DENGAN PEMERIKSAAN KETAT</p>"
        "<p class=MsoNormal align=right>Karanganyar, 9 Maret 2021</p>"
        f"{''.join(f'<p class=MsoNormal>{p}</p>' for p in PARAGRAPHS)}"
        "<p class=MsoNormal align=center>***</p><p class=MsoNormal>Narahubung:</p>"
        "<p class=MsoNormal>Siti Aminah, Kepala Seksi Ekonomi</p><p class=MsoNormal>Telp. 0812-0000-1111</p></div>"
    )
    html = f"<html><head><title>RILIS MEDIA</title></head><body lang=IN>{letter}</body></html>"
    article = _parse(html, url=f"{SITE}/files/rilis/2021/RM-012.htm")
    assert article.title == "PASAR HEWAN KARANGANYAR KEMBALI DIBUKA DENGAN PEMERIKSAAN KETAT"
    assert article.published == "2021-03-09"
    assert article.image_url is None and article.image_caption is None
    assert article.body.split("\n\n") == PARAGRAPHS


def test_an_h1_that_begins_with_the_short_page_name_is_the_headline():
    html = (
        "<html><head><title>Kecamatan Karanganyar - Pasar Hewan Dibuka</title>"
        "<meta property='og:image' content='https://img.example.com/banner-bg.jpg'></head><body>"
        "<div role='banner'><a href='/'><img src='https://img.example.com/site-mark.png?w=64'></a><span>Kecamatan Karanganyar</span></div>"
        "<div role='main'><section><div style='background-image:url(https://img.example.com/banner-bg.jpg)'></div>"
        "<h1><span>Pasar Hewan Dibuka Lagi dengan Pemeriksaan Surat Sehat</span></h1></section>"
        "<section><div><img src='https://img.example.com/pasar.jpg'></div>"
        "<div><p><span>Sapi diperiksa petugas di pintu pasar. (Dok. Kecamatan)</span></p></div>"
        f"<div class='text'>{_prose()}</div></section></div></body></html>"
    )
    article = _parse(html, url=f"{SITE}/view/kecamatan/berita/pasar-hewan-dibuka")
    assert article.title == "Pasar Hewan Dibuka Lagi dengan Pemeriksaan Surat Sehat"
    assert article.image_url == "https://img.example.com/pasar.jpg"
    assert article.image_caption == "Sapi diperiksa petugas di pintu pasar. (Dok. Kecamatan)"


def test_the_og_image_shown_above_the_headline_keeps_its_caption():
    main = (
        "<div class='card'><div class='card-image'><img src='/files/pasar.jpg'></div>"
        "<div class='caption'><i class='material-icons'>photo_camera</i> Foto: Humas Kecamatan</div>"
        f"<div class='card-content'><h1>Pasar Hewan Kembali Dibuka</h1><div class='teks'>{_prose()}</div></div></div>"
    )
    article = _parse(_page(main, head=f"<meta property='og:image' content='{SITE}/files/pasar.jpg'>"))
    assert article.image_url == f"{SITE}/files/pasar.jpg"
    assert article.image_caption == "Foto: Humas Kecamatan"


CAPTURE = "https://web.archive.org/web/20210309101500"


def test_wayback_capture_urls_name_the_pages_they_archive():
    assert original_url(f"{CAPTURE}im_/{SITE}/files/pasar.jpg") == f"{SITE}/files/pasar.jpg"
    assert original_url(f"{CAPTURE}/{URL}") == URL
    assert original_url("https://web.archive.org/web/*/example.go.id*") == "https://web.archive.org/web/*/example.go.id*"
    sidebar = (
        "<div class='side'><h3>BANYAK DIBACA</h3>"
        f"<div><a href='{CAPTURE}/{SITE}/main/detail-berita/600/lomba-desa-digelar'>Lomba Desa Digelar di Karanganyar</a>"
        "<span>3 Februari 2021 · 1.204 kali</span></div></div>"
    )
    main = (
        "<h1>Pasar Hewan Kembali Dibuka</h1><div>9 Maret 2021 · 311 kali</div>"
        f"<img src='/web/20210309101500im_/{SITE}/files/pasar.jpg'><div class='teks'>{_prose()}</div>"
    )
    article = _parse(_page(main, after=sidebar), url=f"{CAPTURE}/{URL}")
    assert article.url == URL and article.article_id == "612"
    assert article.image_url == f"{SITE}/files/pasar.jpg"
    assert [item.url for item in article.most_read] == [f"{SITE}/main/detail-berita/600/lomba-desa-digelar"]


def test_a_credit_in_its_own_block_after_the_body_container():
    aside = "<aside><blockquote>Ternak yang tidak punya surat kami minta pulang</blockquote><p>Suroto</p></aside>"
    html = _page(f"<article><h1>Pasar Hewan Kembali Dibuka</h1><div class='isi'>{_prose()}{aside}</div>"
                 "<p class='kredit'>(Kec-Karanganyar/tri)</p></article>")
    found = _parse(html)
    assert isinstance(found, Article)
    assert found.credit == "Kec-Karanganyar/tri"
    assert "Kec-Karanganyar" not in found.body
