"""Pages told apart by structure, not URL: a flat list of teasers is a listing, prose then teasers an article."""

from __future__ import annotations

from scraper.parse import Article, Listing, parse_page

SUMMARY = "Ringkasan berita yang cukup panjang untuk dibaca sebagai paragraf prosa di bawah judulnya. " * 2
TEASERS = "".join(
    f'<h3><a href="https://desa.example.id/{slug}/">{title}</a></h3><p>{SUMMARY}</p>'
    for slug, title in [
        ("musdes-rkpdes-desa-kunir-lor", "Musdes RKPDes Desa Kunir Lor Digelar"),
        ("jalan-usaha-tani-mulai-dibangun", "Jalan Usaha Tani Mulai Dibangun Warga"),
        ("posyandu-remaja-dibentuk-di-balai-desa", "Posyandu Remaja Dibentuk di Balai Desa"),
        ("bumdes-buka-unit-air-bersih", "BUMDes Buka Unit Usaha Air Bersih"),
    ]
)


def test_a_flat_list_of_teasers_with_summaries_is_a_listing_without_a_url_hint():
    page = f"<html><body><main><h1>Kabar Terbaru</h1><div>{TEASERS}</div></main></body></html>".encode()
    result = parse_page(page, "https://desa.example.id/kabar-terbaru")
    assert isinstance(result, Listing)
    assert [item.title for item in result.items][:2] == ["Musdes RKPDes Desa Kunir Lor Digelar", "Jalan Usaha Tani Mulai Dibangun Warga"]


def test_prose_then_a_related_posts_widget_is_an_article():
    prose = "".join(f"<p>{SUMMARY} Paragraf {n}.</p>" for n in range(4))
    related = "".join(
        f'<div><h4><a href="https://desa.example.id/{slug}/">{title}</a></h4><p>Dalam "Kabar"</p></div>'
        for slug, title in [
            ("musdes-rkpdes-desa-kunir-lor", "Musdes RKPDes Desa Kunir Lor Digelar"),
            ("jalan-usaha-tani-mulai-dibangun", "Jalan Usaha Tani Mulai Dibangun Warga"),
            ("posyandu-remaja-dibentuk-di-balai-desa", "Posyandu Remaja Dibentuk di Balai Desa"),
            ("bumdes-buka-unit-air-bersih", "BUMDes Buka Unit Usaha Air Bersih"),
        ]
    )
    page = f"<html><body><h1>Pasar Desa Direnovasi</h1><div>{prose}<div>{related}</div></div></body></html>".encode()
    result = parse_page(page, "https://desa.example.id/pasar-desa-direnovasi/")
    assert isinstance(result, Article)
    assert result.title == "Pasar Desa Direnovasi"
    assert len(result.body.split("\n\n")) == 4 and "Dalam" not in result.body
