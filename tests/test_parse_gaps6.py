"""Regressions for the causes behind the sixth held-out set's gaps, on small hand-written pages.

* A most-read heading whose words are not its own leading text (an icon first, or inline
  markup around them) must still open the sidebar.
* A short sentence of prose that mentions a date sits inside the body: it is not the
  date/views line, which is only looked for around the prose.
"""

from __future__ import annotations

import pytest

from scraper.parse import parse_page
from scraper.parse.body import drop_meta_lines

URL = "https://example.go.id/main/detail-berita/77/jembatan-desa-selesai-diperbaiki"

LEAD = (
    "Pemerintah kecamatan menyelesaikan perbaikan jembatan gantung yang menghubungkan dua dusun "
    "di lereng gunung setelah tiga bulan pengerjaan oleh warga dan relawan."
)
DATED = "Peresmian jembatan dihadiri camat dan para kepala dusun setempat, Rabu (9/6/2021)."
LATER = (
    "Menurut panitia, jembatan itu kini bisa dilalui sepeda motor sehingga hasil kebun warga lebih "
    "cepat sampai ke pasar kecamatan."
)


def _article(body_html: str, sidebar_html: str = "") -> str:
    return (
        "<html><head><title>Jembatan Desa Selesai Diperbaiki</title></head><body>"
        "<div class='main'><h1>Jembatan Desa Selesai Diperbaiki</h1>"
        "<div class='info'>9 Juni 2021 | Dilihat 311 kali</div>"
        f"{body_html}</div>{sidebar_html}</body></html>"
    )


@pytest.mark.parametrize(
    "body_html",
    [
        f"<div class='teks'>{LEAD}<br><br>{DATED}<br><br>{LATER}<br><br>(Humas/abc)</div>",
        f"<div class='teks'><p>{LEAD}</p><p>{DATED}</p><p>{LATER}</p><p>(Humas/abc)</p></div>",
    ],
    ids=["br-split", "paragraphs"],
)
def test_a_short_dated_sentence_between_paragraphs_stays_in_the_body(body_html):
    article = parse_page(_article(body_html).encode("utf-8"), url=URL)
    assert article.body.split("\n\n") == [LEAD, DATED, LATER]
    assert article.views == 311 and article.credit == "Humas/abc"


def test_meta_lines_around_the_prose_still_go():
    notice = "Terakhir diubah oleh operator_desa pada Rabu, 9 Juni 2021 10:15 WIB, total diubah 2 kali."
    paragraphs = ["Rabu, 9 Juni 2021 | 311 kali", LEAD, DATED, LATER, notice]
    assert drop_meta_lines(paragraphs) == [LEAD, DATED, LATER]


SIDEBAR_ITEMS = [
    (501, "Pasar Rakyat Kembali Dibuka Setelah Renovasi", "2 Maret 2021", "4.120"),
    (502, "Ratusan Pelajar Ikuti Lomba Cerdas Cermat", "17 Februari 2021", "2.908"),
    (503, "Vaksinasi Lansia Digelar di Balai Desa", "5 Januari 2021", "1.377"),
]


def _sidebar(heading: str) -> str:
    items = "".join(
        f"<div class='entry'><span><i class='ic-cal'></i> {date} <i class='ic-eye'></i> {views} kali</span>"
        f"<a href='/main/detail-berita/{id_}/berita-{id_}-terbaru-hari-ini'><i class='ic-arrow'></i> Baca</a>"
        f"<div class='name'>{title}</div></div>"
        for id_, title, date, views in SIDEBAR_ITEMS
    )
    return f"<div class='side'><h3>Agenda</h3><p>Tidak ada agenda.</p>{heading}{items}</div>"


@pytest.mark.parametrize(
    "heading",
    [
        "<h4><i class='ic-star'></i> Berita Terpopuler</h4>",
        "<h3>Paling <em>Banyak</em> Dibaca</h3>",
    ],
    ids=["icon-first", "inline-markup"],
)
def test_a_most_read_heading_whose_words_are_not_its_own_text(heading):
    body = f"<div class='teks'><p>{LEAD}</p><p>{LATER}</p></div>"
    article = parse_page(_article(body, _sidebar(heading)).encode("utf-8"), url=URL)
    got = [(item.rank, item.url.rsplit("/", 2)[-2], item.title, item.views) for item in article.most_read]
    assert got == [
        (rank, str(id_), title, int(views.replace(".", "")))
        for rank, (id_, title, _, views) in enumerate(SIDEBAR_ITEMS, start=1)
    ]
    assert article.most_read[0].published == "2021-03-02"
