"""The seed article (the one real page we have) field by field, as the team decided it must come out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scraper.parse import Article, parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEED_TEXT = Path("/work/shared/seeds/000_6a1e0d9d8f97edb5.txt")
URL = json.loads((PAGES / "manifest.json").read_text())["seed_455.html"]["url"]


@pytest.fixture(scope="module")
def seed() -> Article:
    page = parse_page((PAGES / "seed_455.html").read_bytes(), url=URL)
    assert isinstance(page, Article)
    return page


def _seed_paragraphs() -> list[str]:
    """The body as the browser showed it: the lines between the caption and the credit."""
    if SEED_TEXT.exists():
        lines = SEED_TEXT.read_text(encoding="utf-8").split("\n")
    else:  # outside the project machine: the fixture carries the same text
        pytest.skip("seed text not available")
    start = lines.index("Dok. Kominfo-lmj") + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("Kembali ke Halaman Berita"))
    paragraphs = [re.sub(r"\s+", " ", line).strip() for line in lines[start:end] if line.strip()]
    paragraphs[-1] = paragraphs[-1].removesuffix("(Kominfo-lmj/bob)").strip()
    return paragraphs


def test_scalar_fields(seed):
    assert seed.article_id == "455"
    assert seed.title == "BUPATI: PEMKAB, TNI DAN POLRI LAKUKAN SINKRONISASI, PEMETAAN SERTA ANTISIPASI PERSOALAN DI KABUPATEN LUMAJANG"
    assert seed.published == "2021-01-26"
    assert seed.views == 296
    assert seed.image_caption == "Dok. Kominfo-lmj"
    assert seed.credit == "Kominfo-lmj/bob"
    assert seed.image_url == "https://infocovid19.lumajangkab.go.id/files/berita/20210126-rakor-skd.jpg"


def test_body_is_the_thirteen_paragraphs_and_nothing_else(seed):
    assert seed.body.split("\n\n") == _seed_paragraphs()
    for chrome in ("Dok. Kominfo", "Kembali ke Halaman Berita", "PENCARIAN", "BANYAK DIBACA", "Hotline", "(Kominfo-lmj/bob)", "\xa0"):
        assert chrome not in seed.body


def test_five_quotations_with_speakers_and_roles(seed):
    got = [(q.text[:25], q.speaker, q.role, q.cue, q.paragraph) for q in seed.quotes]
    assert got == [
        ("Semua jajaran Forum Pimpi", "Thoriqul Haq", "Bupati Lumajang", "ujarnya", 3),
        ("Persoalan-persoalan kecil", "Thoriqul Haq", "Bupati Lumajang", "ungkapnya", 5),
        ("Harapan-harapan kami khus", "Eka Yekti Hananto Seno", "Kapolres Lumajang", "harapnya", 8),
        ("Kita berkomitmen satu sua", "Andi Andriyanti Wibowo", "Dandim 0821 Lumajang", "ungkapnya", 10),
        ("Rapat koordinasi ini bert", "Matali Bilogo", "Kepala Satuan Polisi Pamong Praja (Satpol PP) Kabupaten Lumajang", "jelasnya", 12),
    ]
    assert seed.quotes[0].text == "Semua jajaran Forum Pimpinan Tingkat Kecamatan, sinergitas yang dibangun harus betul-betul lahir batin"
    assert all(not q.text.endswith((",", ".", '"')) for q in seed.quotes)


def test_most_read_sidebar(seed):
    items = [(m.rank, m.published, m.views) for m in seed.most_read]
    assert items == [(1, "2020-08-14", 10769), (2, "2020-03-18", 7264), (3, "2020-05-04", 6804), (4, "2020-09-03", 5021), (5, "2020-05-15", 3858)]
    assert seed.most_read[0].title == "WABUP : PERAN PRAMUKA DI MASA PANDEMI"
    assert all(m.url.startswith("https://infocovid19.lumajangkab.go.id/main/detail-berita/") for m in seed.most_read)


def test_to_dict_is_the_contract_json(seed):
    data = seed.to_dict()
    assert list(data) == ["kind", "url", "article_id", "title", "published", "views", "image_url", "image_caption",
                          "body", "credit", "quotes", "most_read"]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_truncated_page_yields_what_it_holds():
    page = parse_page((PAGES / "truncated_455.html").read_bytes(), url=URL)
    assert page.title.startswith("BUPATI: PEMKAB")
    assert page.views == 296 and page.published == "2021-01-26"
    assert page.body.split("\n\n")[:5] == _seed_paragraphs()[:5]
    assert page.quotes[0].speaker == "Thoriqul Haq"
    assert page.credit is None and page.most_read == []
