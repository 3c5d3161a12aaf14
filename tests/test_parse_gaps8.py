"""Regressions for the causes behind the eighth held-out set's gaps, on small hand-written pages.

* A CMS notice standing in for content (a site down for maintenance, an empty category's
  "Belum ada berita") is no article, and neither is a "body" that is only the page's footer.
* A labelled credit line after the body ("Pewarta: X | Redaktur: Y", "Penulis: <a>X</a>") is
  the credit, kept whole; so is one closing the body.
* Most-read: a tab strip's most-read label opens its (hidden) panel; the next heading cell of a
  table theme ends the list; a bare count in brackets closing an item is its views; and the
  article's views never come from the sidebar before it.
* A count after an eye glyph inside a listing item's line is its views.
* An image's caption sentence that closes naming its source ("... (Dok. X)"), or the element its
  ``aria-describedby`` names, is its caption and not body.
* A social network's embed (``blockquote`` linking a tweet's status) is not body.
* A "load more" button naming the page it fetches gives the next page.
* Of headings showing both parts of ``<title>`` ("Site | Headline"), the one right above the body
  is the headline.
"""

from __future__ import annotations

import pytest

from scraper.parse import Article, Listing, NoContent, parse_page

SITE = "https://kecamatan.example.go.id"
URL = f"{SITE}/main/detail-berita/731/jembatan-gantung-desa-sumberejo-diresmikan"

PARAGRAPHS = [
    "Camat meresmikan jembatan gantung yang menghubungkan dua dusun di Desa Sumberejo setelah "
    "tiga bulan pembangunan oleh warga bersama relawan.",
    "Jembatan sepanjang empat puluh meter itu dibangun dari dana desa dan swadaya masyarakat yang "
    "terkumpul sejak awal tahun lalu.",
    "\"Anak-anak tidak perlu lagi menyeberang sungai saat berangkat sekolah,\" kata Kepala Desa Sumberejo, Darmaji.",
]

SIDEBAR_ITEMS = (
    ("720/lomba-kebersihan-dusun", "Lomba Kebersihan Dusun Digelar", "4 Maret 2021", "2.417"),
    ("715/posyandu-lansia-dibuka", "Posyandu Lansia Dibuka di Balai Desa", "1 Maret 2021", "1.093"),
)


def _parse(html: str, url: str = URL) -> Article | Listing:
    return parse_page(html.encode("utf-8"), url=url)


def _page(main: str, title: str = "Jembatan Gantung Desa Sumberejo Diresmikan", before: str = "", after: str = "") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Beranda</a> <a href='/main/berita'>Berita</a></nav>"
        f"{before}<main>{main}</main>{after}</body></html>"
    )


def _prose() -> str:
    return "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def _article(extra: str = "", after_body: str = "") -> str:
    return f"<h1>Jembatan Gantung Desa Sumberejo Diresmikan</h1><div class='isi'>{extra}{_prose()}</div>{after_body}"


FOOTER = (
    "<div class='kaki'>Hak Cipta © 2012 - 2021 Pemerintah Kecamatan Contoh, Kabupaten Contoh, Provinsi Jawa Timur<br>"
    "Jl. Merdeka Barat No. 3 Kecamatan Contoh, Kabupaten Contoh. Telp. (0334) 000 111, Faks. (0334) 000 112</div>"
)


def test_a_maintenance_notice_is_no_article():
    notice = (
        "<h1>Website Sedang Dalam Pemeliharaan</h1>"
        "<p>Mohon maaf, laman resmi kecamatan sedang kami perbarui agar lebih cepat dan aman. Silakan kunjungi lagi nanti.</p>"
        "<p>Sementara itu, pengumuman dan kabar terbaru kecamatan tetap dapat diikuti melalui akun media sosial resmi kami.</p>"
        "<p>Perkiraan selesai: Senin, 12 April 2021 pukul 08.00 WIB</p>"
    )
    with pytest.raises(NoContent):
        _parse(_page(notice, title="Website Sedang Dalam Pemeliharaan"))


def test_an_empty_category_page_is_no_article():
    empty = (
        "<h2>Kategori: Agenda</h2><p><b>Tidak ada berita dalam kategori ini.</b></p>"
        "<p>Silakan kembali ke halaman berita untuk membaca kabar terbaru dari kantor kecamatan "
        "dan dari desa-desa di wilayah Kecamatan Contoh, atau gunakan menu pencarian di bagian atas halaman ini.</p>"
    )
    with pytest.raises(NoContent):
        _parse(_page(empty, title="Kategori Agenda"), url=f"{SITE}/main/kategori/3/agenda")


def test_a_body_that_is_only_the_footer_is_no_article():
    html = _page("<h2>Kategori: Agenda</h2><div><img src='/img/kosong.gif'></div>", title="Kategori Agenda", after=FOOTER)
    with pytest.raises(NoContent):
        _parse(html, url=f"{SITE}/main/kategori/3/agenda")


@pytest.mark.parametrize(
    "line,credit",
    [
        ("<div class='kredit'><span>Pewarta: Lilik Hartono</span> | <span>Redaktur: Sri Wahyuni</span></div>",
         "Pewarta: Lilik Hartono | Redaktur: Sri Wahyuni"),
        ("<footer><p>Penulis: <a href='/main/penulis/bayu'>Bayu Aji</a></p><p>Bagikan: <a href='#'>WhatsApp</a></p></footer>",
         "Penulis: Bayu Aji"),
    ],
    ids=["reporter-editor", "linked-writer"],
)
def test_a_labelled_credit_line_after_the_body(line, credit):
    article = _parse(_page(_article(after_body=line)))
    assert article.credit == credit
    assert article.body.split("\n\n") == PARAGRAPHS


def test_a_labelled_credit_line_closing_the_body():
    article = _parse(_page(_article(after_body="").replace("</div>", "<p>Editor: Nanang Qosim</p></div>", 1)))
    assert article.credit == "Editor: Nanang Qosim"
    assert article.body.split("\n\n") == PARAGRAPHS


def _sidebar_rows(count_format: str) -> str:
    return "".join(
        f"<li><a href='/main/detail-berita/{path}'>{title}</a> <span>{date}</span> <span>{count_format.format(views)}</span></li>"
        for path, title, date, views in SIDEBAR_ITEMS
    )


def test_the_hidden_most_read_tab_panel_before_the_article():
    tabs = (
        "<aside><ul class='nav'><li><a href='#baru' role='tab'><i class='ic-time'></i> Terbaru</a></li>"
        "<li><a href='#laris' role='tab'><i class='ic-fire'></i> Terpopuler</a></li></ul>"
        "<div id='baru'><ul><li><a href='/main/detail-berita/729/rapat-koordinasi-camat'>Rapat Koordinasi Camat</a></li></ul></div>"
        f"<div id='laris' style='display:none'><ul>{_sidebar_rows('{} kali dibaca')}</ul></div></aside>"
    )
    article = _parse(_page(_article().replace("</h1>", "</h1><ul><li>9 Maret 2021</li><li>377 kali dibaca</li></ul>"), before=tabs))
    assert [(item.title, item.views) for item in article.most_read] == [
        ("Lomba Kebersihan Dusun Digelar", 2417), ("Posyandu Lansia Dibuka di Balai Desa", 1093),
    ]
    assert article.views == 377


def test_the_next_heading_cell_ends_a_table_themes_most_read_list():
    sidebar = (
        "<table><tr><td class='kepala'>BERITA POPULER</td></tr>"
        f"<tr><td><table>{_sidebar_rows('(dibaca {} kali)').replace('li>', 'td>')}</table></td></tr>"
        "<tr><td class='kepala'>BERITA TERKINI</td></tr>"
        "<tr><td><table><td><a href='/main/detail-berita/730/kerja-bakti-warga'>Kerja Bakti Warga di Sungai</a> 8 Maret 2021</td></table></td></tr>"
        "</table>"
    )
    article = _parse(_page(_article(), after=sidebar))
    assert [item.rank for item in article.most_read] == [1, 2]


def test_a_bare_count_in_brackets_closes_a_most_read_item():
    sidebar = f"<div class='widget'><h4>Terpopuler</h4><ul>{_sidebar_rows('({})')}</ul></div>"
    article = _parse(_page(_article(), after=sidebar))
    assert [item.views for item in article.most_read] == [2417, 1093]


def test_a_count_after_an_eye_glyph_in_a_listing_item():
    items = "".join(
        f"<li><a href='/main/detail-berita/{path}'><h2>{title}</h2><p>{date} 10:15 &middot; 👁 {views}</p></a></li>"
        for path, title, date, views in (*SIDEBAR_ITEMS, ("712/pelatihan-kader", "Pelatihan Kader Desa", "26 Februari 2021", "88"))
    )
    listing = _parse(_page(f"<ul class='daftar'>{items}</ul>", title="Berita"), url=f"{SITE}/main/berita/10")
    assert isinstance(listing, Listing)
    assert [item.views for item in listing.items] == [2417, 1093, 88]


@pytest.mark.parametrize("described", [False, True], ids=["closing-source", "aria-describedby"])
def test_a_wordpress_caption_block_is_the_caption_not_the_body(described):
    caption = "Warga melintasi jembatan gantung yang baru diresmikan. (Dok. Kecamatan Contoh)"
    if described:
        caption = "Warga melintasi jembatan gantung yang baru diresmikan pagi tadi"
    aria = " aria-describedby='cap-9'" if described else ""
    block = f"<div class='wp-caption'><img src='/up/jembatan.jpg'{aria}><p id='cap-9'>{caption}</p></div>"
    article = _parse(_page(_article(extra=block)))
    assert article.image_caption == caption
    assert article.body.split("\n\n") == PARAGRAPHS


def test_an_embedded_tweet_is_not_body():
    tweet = (
        "<blockquote class='kicau'><p>\"Jembatan ini milik warga.\" Camat meresmikan jembatan gantung Sumberejo. "
        "<a href='https://t.co/abc'>pic.twitter.com/abc</a></p>&mdash; Kecamatan Contoh (@kec_contoh) "
        "<a href='https://twitter.com/kec_contoh/status/1380000000000000001'>April 9, 2021</a></blockquote>"
    )
    article = _parse(_page(_article().replace(f"<p>{PARAGRAPHS[1]}</p>", f"{tweet}<p>{PARAGRAPHS[1]}</p>")))
    assert article.body.split("\n\n") == PARAGRAPHS
    assert [q.paragraph for q in article.quotes] == [2]


def test_a_load_more_button_names_the_next_page():
    items = "".join(
        f"<div class='kartu'><a href='/main/detail-berita/{700 + n}/kabar-desa-{n}'>Kabar Desa Nomor {n} dari Kecamatan</a>"
        f"<span>0{n} Maret 2021</span></div>"
        for n in range(1, 6)
    )
    button = "<button type='button' data-url='/main/berita/5'><i class='ic-refresh'></i> Tampilkan Lebih Banyak</button>"
    listing = _parse(_page(f"<div class='daftar'>{items}</div>{button}", title="Berita"), url=f"{SITE}/main/berita")
    assert isinstance(listing, Listing)
    assert listing.next_pages == [f"{SITE}/main/berita/5"]


def test_the_heading_right_above_the_body_beats_the_site_name():
    main = "<h2>JEMBATAN GANTUNG DESA SUMBEREJO DIRESMIKAN</h2><div class='isi'>" + _prose() + "</div>"
    html = _page(
        main, title="Kecamatan Contoh | JEMBATAN GANTUNG DESA SUMBEREJO DIRESMIKAN",
        before="<div class='kepala'><h1>Kecamatan Contoh</h1></div>",
    )
    assert _parse(html).title == "JEMBATAN GANTUNG DESA SUMBEREJO DIRESMIKAN"
