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


MEDIA_ITEMS = "".join(
    f'<div><div><a href="https://dinas.example.id/berita/baca/{n}/{slug}"><img src="/t/{n}.jpg"></a></div>'
    f'<div><h4><a href="https://dinas.example.id/berita/baca/{n}/{slug}">{title}</a></h4>'
    f"<p>Senin, 04 Januari 2021 &nbsp; {n * 7} kali</p><p>{SUMMARY}</p></div></div><hr>"
    for n, slug, title in [
        (43, "layanan-perizinan-online", "Layanan Perizinan Online Mulai Diterapkan"),
        (41, "mal-pelayanan-publik-tutup", "Mal Pelayanan Publik Tutup Sementara"),
    ]
)


def test_a_last_listing_page_of_two_teasers_without_next_link_is_a_listing_without_a_url_hint():
    page = f"<html><body><div><div><h2>Berita</h2>{MEDIA_ITEMS}</div><div><h3>Jam Pelayanan</h3></div></div></body></html>"
    result = parse_page(page.encode(), "https://dinas.example.id/arsip-kabar")
    assert isinstance(result, Listing)
    assert [(i.title, i.views) for i in result.items] == [
        ("Layanan Perizinan Online Mulai Diterapkan", 301), ("Mal Pelayanan Publik Tutup Sementara", 287),
    ]
    assert result.next_pages == []


def test_a_titled_block_of_links_beside_the_main_list_gives_no_items():
    sidebar = (
        '<div><h2>Berita Terbaru</h2><ul><li><a href="https://dinas.example.id/berita/baca/50/rapat-tiga-pilar">'
        "Rapat Koordinasi Tiga Pilar</a></li></ul></div>"
    )
    page = f"<html><body><div><div>{MEDIA_ITEMS}{MEDIA_ITEMS.replace('/4', '/9')}</div>{sidebar}</div></body></html>"
    result = parse_page(page.encode(), "https://dinas.example.id/berita/index/10")
    assert isinstance(result, Listing)
    assert len(result.items) == 4
    assert all("/50/" not in item.url for item in result.items)


ARTICLE_PROSE = "".join(f"<p>{SUMMARY} Paragraf {n}.</p>" for n in range(3))


def test_a_views_label_and_its_number_in_sibling_elements_are_the_view_count():
    page = (
        f"<html><body><h1>Pasar Desa Direnovasi Total</h1><div>{ARTICLE_PROSE}"
        '<div><span>Dilihat</span> <span>3.021</span></div></div></body></html>'
    )
    assert parse_page(page.encode(), "https://desa.example.id/pasar-desa-direnovasi/").views == 3021


def test_the_paragraph_after_an_image_inside_the_body_is_not_a_caption():
    page = (
        '<html><body><h1>Pasar Desa Direnovasi Total</h1><div><p><img src="/foto/pasar.jpg"></p>'
        f"<p>Pemerintah desa merenovasi pasar.</p>{ARTICLE_PROSE}</div></body></html>"
    )
    result = parse_page(page.encode(), "https://desa.example.id/pasar-desa-direnovasi/")
    assert result.image_caption is None
    assert result.body.startswith("Pemerintah desa merenovasi pasar.")


def test_a_date_heading_above_the_headline_dates_the_article_but_a_top_bar_date_does_not():
    post = f"<div><h3>Pasar Desa Direnovasi Total</h3><div>{ARTICLE_PROSE}</div></div>"
    with_heading = f"<html><body><div><h2>Rabu, 17 Pebruari 2021</h2>{post}</div></body></html>"
    with_bar = f"<html><body><div><div>Sabtu, 28 November 2026</div>{post}</div></body></html>"
    url = "https://desa.example.id/pasar-desa-direnovasi/"
    assert parse_page(with_heading.encode(), url).published == "2021-02-17"
    assert parse_page(with_bar.encode(), url).published is None


def test_an_article_linking_one_other_article_beside_a_list_of_links_stays_an_article():
    links = "".join(
        f'<li><a href="https://desa.example.id/{slug}/">{title}</a></li>'
        for slug, title in [
            ("musdes-rkpdes-desa-kunir-lor", "Musdes RKPDes Desa Kunir Lor Digelar"),
            ("jalan-usaha-tani-mulai-dibangun", "Jalan Usaha Tani Mulai Dibangun Warga"),
        ]
    )
    body = (
        f'<div>{ARTICLE_PROSE}<p>Baca juga: <a href="https://desa.example.id/bumdes-buka-unit-air-bersih/">'
        "BUMDes Buka Unit Usaha Air Bersih</a></p></div>"
    )
    page = f"<html><body><div><h1>Pasar Desa Direnovasi Total</h1>{body}</div><div><ul>{links}</ul></div></body></html>"
    result = parse_page(page.encode(), "https://desa.example.id/pasar-desa-direnovasi-total")
    assert isinstance(result, Article)
    assert result.title == "Pasar Desa Direnovasi Total"
