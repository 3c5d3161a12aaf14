"""Capabilities added after held-out set 5, each pinned by a hand-written page of our own or a unit case.

The pages (``tests/fixtures/pages/``) carry whole goldens; these tests name the one
capability each exists for, so a regression says what broke rather than "golden differs".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.parse import Article, parse_page
from scraper.parse.body import drop_leading_counters, is_meta_line
from scraper.parse.people import iter_mentions
from scraper.parse.quotes import extract_quotes

PAGES = Path(__file__).parent / "fixtures" / "pages"
MANIFEST = json.loads((PAGES / "manifest.json").read_text(encoding="utf-8"))


def _parse(name: str) -> Article:
    article = parse_page((PAGES / name).read_bytes(), url=MANIFEST[name]["url"])
    assert isinstance(article, Article)
    return article


def test_an_icon_font_eye_in_the_meta_line_labels_the_bare_count():
    assert _parse("icon_meta_counter.html").views == 1087


def test_the_eye_counts_of_sidebar_items_are_not_the_articles():
    page = (PAGES / "icon_meta_counter.html").read_text(encoding="utf-8")
    without_own = page.replace('<li><span class="ico"><i class="icon icon-eye"></i></span><span class="txt">1.087</span></li>', "")
    article = parse_page(without_own.encode("utf-8"), url=MANIFEST["icon_meta_counter.html"]["url"])
    assert article.views is None


def test_a_counter_paragraph_before_the_prose_is_not_body():
    article = _parse("icon_meta_counter.html")
    assert article.body.startswith("Tekung – Pemerintah Kabupaten Lumajang")
    assert [q.paragraph for q in article.quotes] == [3]


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        (["3", "Senduro – Ribuan petani kopi memasuki masa panen raya."], 1),
        (["128", "·", "Senduro – Ribuan petani kopi memasuki masa panen raya."], 1),
        (["Senduro – Ribuan petani kopi memasuki masa panen raya.", "2021"], 2),  # only before the prose
        (["2.345"], 1),  # nothing but the number: left for the minimum-length rule to judge
    ],
)
def test_drop_leading_counters(paragraphs, kept):
    assert len(drop_leading_counters(paragraphs)) == kept


def test_an_office_after_a_role_head_is_not_a_person():
    text = "Bupati didampingi Kepala Dinas Pekerjaan Umum Bina Marga Provinsi Jawa Timur."
    assert [(m.name, m.role) for m in iter_mentions(text)][-1] == (None, "Kepala Dinas Pekerjaan Umum Bina Marga Provinsi Jawa Timur")


def test_a_pronoun_cue_goes_to_the_person_not_the_office_named_after():
    article = _parse("icon_meta_counter.html")
    assert [(q.speaker, q.role) for q in article.quotes] == [("Suharyono", "Camat Tekung")]


def test_an_institution_mentioned_later_does_not_revive_an_office():
    paragraphs = [
        "Kegiatan dihadiri Camat Pasirian Suwandi dan Kepala Balai Pengairan Provinsi Jawa Timur.",
        "Camat Pasirian Suwandi menyampaikan terima kasih kepada Pemerintah Provinsi.",
        "“Normalisasi sungai ini ditunggu warga sejak lama,” katanya.",
    ]
    [quote] = extract_quotes(paragraphs)
    assert (quote.speaker, quote.role) == ("Suwandi", "Camat Pasirian")


def test_a_body_split_over_sibling_text_widgets_is_joined_in_order():
    article = _parse("builder_split_body.html")
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Yosowilangun – ") and paragraphs[2].startswith("Salah satu warga")
    assert article.credit == "disperindag/fit"
    assert [(q.speaker, q.paragraph) for q in article.quotes] == [("Rohmah", 3)]


def test_a_text_widget_after_a_heading_is_not_body():
    assert "Pengumuman" not in _parse("builder_split_body.html").body


def test_a_lone_text_widget_stays_the_whole_body():
    page = (PAGES / "builder_split_body.html").read_text(encoding="utf-8")
    first_end = page.index("</div></div></div>", page.index("Sebanyak 2.000")) + len("</div></div></div>")
    second_end = page.index("</div></div></div>", page.index("(disperindag/fit)")) + len("</div></div></div>")
    article = parse_page((page[:first_end] + page[second_end:]).encode("utf-8"), url=MANIFEST["builder_split_body.html"]["url"])
    assert len(article.body.split("\n\n")) == 2 and article.credit is None


def test_a_dated_caption_in_the_cell_under_the_photo():
    article = _parse("table_dated_caption.html")
    assert article.image_caption == "Warga Desa Wates Wetan membersihkan saluran air, Minggu (11/7/2021)."
    assert article.published == "2021-07-11" and article.views == 215  # the real meta line is still read as one


@pytest.mark.parametrize(
    ("text", "loose", "whole_words"),
    [
        ("Kamis, 04 Maret 2021 - 14:35 WIB | Dibaca: 87 kali | Cetak", True, True),
        ("Sen, 12 Apr 2021", True, True),
        ("Warga Desa Wates Wetan membersihkan saluran air, Minggu (11/7/2021).", True, False),
        ("Terakhir disunting oleh admin_tempeh pada Senin, 12 April 2021 09:02 WIB, total disunting 1 kali.", True, False),
    ],
)
def test_meta_line_by_whole_words(text, loose, whole_words):
    assert (is_meta_line(text), is_meta_line(text, whole_words=True)) == (loose, whole_words)
