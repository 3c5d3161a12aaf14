"""Three page themes for the mirror that share no class names or ids.

The real portal's markup is unknown (only its rendered text survives, see
the seed), so the parser must rest on what every theme keeps: URL shapes,
the ``N kali`` pattern, Indonesian dates, the "Banyak dibaca" heading,
headings and meta tags.  Serving three unrelated themes keeps anything
downstream from learning one:

* ``a`` - a div-based, Bootstrap-like regional CMS, closest to the seed's text;
* ``b`` - HTML5 semantic markup with ``time``, ``figure``, og: meta and JSON-LD;
* ``c`` - an old table layout with ``<font>``, no classes or ids at all,
  served as windows-1252.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from html import escape

from scraper.mirror.text import DAYS_ID, format_count, format_date_id

THEMES = ("a", "b", "c")
SITE_NAME = "Pemerintah Kabupaten Lumajang"
NOT_FOUND_HEADING = "Halaman tidak ditemukan"

#: (label, path) of the site menu; ``/main/profil`` is a page that is neither article nor listing.
MENU = (("Beranda", "/"), ("Berita", "/main/berita"), ("Profil", "/main/profil"), ("Login", "/admin/login"))
#: Off-site links a crawler must not follow.
EXTERNAL_LINKS = (
    ("Pemkab Lumajang", "https://lumajangkab.go.id/"),
    ("Pemprov Jawa Timur", "https://jatimprov.go.id/"),
    ("Kementerian Kominfo", "https://www.kominfo.go.id/"),
    ("Satgas Covid-19", "https://covid19.go.id/"),
)
SHARE_LINKS = (
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Twitter", "https://twitter.com/intent/tweet?url={url}"),
    ("WhatsApp", "https://api.whatsapp.com/send?text={url}"),
)
HOTLINE_HEADING = "Hotline COVID19"
HOTLINE_TEXT = (
    "Pemerintah Kabupaten Lumajang menyediakan layanan hotline tentang COVID19 di "
    "(0334) - 8784 119 atau instal aplikasi Si Lugas di Smartphone Android anda."
)


@dataclass(frozen=True)
class ItemView:
    """An article as other pages refer to it (listing rows, most-read items)."""

    path: str
    title: str
    published: date
    time: str
    views: int
    image: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class ArticleView:
    item: ItemView
    caption: str
    paragraphs: tuple[str, ...]
    credit: str


@dataclass(frozen=True)
class ListingView:
    heading: str
    items: tuple[ItemView, ...]
    page_links: tuple[tuple[str, str | None], ...]  # (label, path or None for the current page)
    next_path: str | None


@dataclass(frozen=True)
class Frame:
    """What every page carries around its main content."""

    title: str
    most_read: tuple[ItemView, ...] = field(default_factory=tuple)


def check_theme(theme: str | None) -> str | None:
    """``theme`` itself when it names a theme (or is None); ValueError otherwise."""
    if theme is not None and theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    return theme


def iso_datetime(item: ItemView) -> str:
    return f"{item.published.isoformat()}T{item.time}:00+07:00"


def long_date(item: ItemView) -> str:
    """``Selasa, 26 Januari 2021 10:15 WIB``."""
    return f"{DAYS_ID[item.published.weekday()]}, {format_date_id(item.published)} {item.time} WIB"


def slash_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def body_paragraphs(view: ArticleView) -> list[str]:
    """Paragraph texts as shown: the credit closes the last one, as on the seed page."""
    shown = list(view.paragraphs)
    shown[-1] = f"{shown[-1]} ({view.credit})"
    return shown


def t(text: str) -> str:
    return escape(text, quote=False)


def attr(text: str) -> str:
    return escape(text, quote=True)


# --------------------------------------------------------------------------- theme a
class CmsTheme:
    """Div-based regional CMS, Bootstrap-like class names, UTF-8."""

    name = "a"
    charset = "utf-8"

    def page(self, frame: Frame, main: str, sidebar: bool = True) -> str:
        menu = "".join(
            f'<li class="nav-item"><a class="nav-link" href="{p}">{t(label)}</a></li>' for label, p in MENU
        )
        side = f'<div class="col-md-4">{self.sidebar(frame)}</div>' if sidebar else ""
        links = " | ".join(f'<a href="{u}" target="_blank">{t(label)}</a>' for label, u in EXTERNAL_LINKS)
        return (
            '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{t(frame.title)} - {SITE_NAME}</title>"
            '<link rel="stylesheet" href="/assets/css/bootstrap.min.css"></head>\n<body>'
            '<nav class="navbar navbar-expand-lg navbar-dark bg-success"><div class="container">'
            '<a class="navbar-brand" href="/">INFO COVID-19 KABUPATEN LUMAJANG</a>'
            f'<ul class="navbar-nav">{menu}</ul></div></nav>\n'
            f'<div class="container konten"><div class="row"><div class="col-md-8">{main}</div>{side}</div></div>\n'
            f'<footer class="footer-utama"><div class="container"><h5 class="judul-footer">{HOTLINE_HEADING}</h5>'
            f'<p class="teks-footer">{t(HOTLINE_TEXT)}</p><p class="tautan-footer">{links}</p></div></footer>'
            "</body></html>\n"
        )

    def sidebar(self, frame: Frame) -> str:
        items = "".join(
            '<div class="populer-item">'
            f'<small class="populer-tanggal">{format_date_id(i.published)}</small>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;'
            f'<small class="populer-hits">{format_count(i.views)} kali</small>&nbsp;&nbsp;&nbsp;&nbsp;'
            f'<a class="btn btn-sm btn-baca" href="{attr(i.path)}">Baca</a>'
            f'<h6 class="populer-judul">{t(i.title)}</h6></div>'
            for i in frame.most_read
        )
        return (
            '<div class="card kotak-samping"><h4 class="judul-samping">PENCARIAN</h4>'
            '<form class="form-cari" method="post" action="/main/cari">'
            '<input class="form-control" type="text" name="q" placeholder="Kata kunci...">'
            '<button class="btn btn-success" type="submit">Cari</button></form></div>'
            f'<div class="card kotak-samping"><h4 class="judul-samping">BANYAK DIBACA</h4>{items}</div>'
        )

    def article(self, frame: Frame, view: ArticleView) -> str:
        item = view.item
        paras = "".join(f"<p>{t(p)}</p>" for p in body_paragraphs(view))
        share = " ".join(
            f'<a class="btn-share" href="{attr(u.format(url=item.path))}" rel="nofollow">{label}</a>'
            for label, u in SHARE_LINKS
        )
        main = (
            '<div class="card berita-detail">'
            f'<h3 class="judul-berita">{t(item.title)}</h3>'
            f'<div class="meta-berita"><span class="tanggal-berita">{format_date_id(item.published)}</span>'
            f'&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<span class="hits-berita">{format_count(item.views)} kali</span></div>'
            f'<img class="img-fluid foto-berita" src="{attr(item.image or "")}" alt="{attr(item.title)}">'
            f'<p class="keterangan-foto">{t(view.caption)}</p>'
            f'<div class="isi-berita">{paras}</div>'
            f'<div class="bagikan">Bagikan: {share}</div>'
            '<a class="btn btn-kembali" href="/main/berita">Kembali ke Halaman Berita</a></div>'
        )
        return self.page(frame, main)

    def listing(self, frame: Frame, view: ListingView) -> str:
        rows = "".join(
            '<div class="media berita-item">'
            f'<img class="media-gambar" src="{attr(i.image or "")}" alt="">'
            f'<div class="media-body"><h5 class="judul-item"><a href="{attr(i.path)}">{t(i.title)}</a></h5>'
            f'<span class="tgl-item">{format_date_id(i.published)}</span> '
            f'<span class="hits-item">{format_count(i.views)} kali</span>'
            f'<p class="ringkasan">{t(i.summary)}</p></div></div>'
            for i in view.items
        ) or '<p class="kosong">Belum ada berita.</p>'
        pages = "".join(
            f'<li class="page-item aktif"><span class="page-link">{label}</span></li>' if p is None
            else f'<li class="page-item"><a class="page-link" href="{p}">{label}</a></li>'
            for label, p in view.page_links
        )
        if view.next_path:
            pages += f'<li class="page-item"><a class="page-link" href="{view.next_path}">Selanjutnya</a></li>'
        main = (
            f'<div class="card daftar-berita"><h3 class="judul-halaman">{t(view.heading)}</h3>{rows}'
            f'<ul class="pagination">{pages}</ul></div>'
        )
        return self.page(frame, main)

    def not_found(self, frame: Frame) -> str:
        main = (
            f'<div class="card galat"><h3 class="judul-galat">{NOT_FOUND_HEADING}</h3>'
            '<p>Maaf, halaman yang Anda cari tidak tersedia atau telah dihapus.</p>'
            '<a class="btn btn-kembali" href="/main/berita">Kembali ke Halaman Berita</a></div>'
        )
        return self.page(frame, main, sidebar=False)

    def static(self, frame: Frame, heading: str, inner: str) -> str:
        main = f'<div class="card halaman-statis"><h3 class="judul-halaman">{t(heading)}</h3>{inner}</div>'
        return self.page(frame, main)


# --------------------------------------------------------------------------- theme b
class SemanticTheme:
    """HTML5 semantic markup, og: meta and JSON-LD, UTF-8."""

    name = "b"
    charset = "utf-8"

    def page(self, frame: Frame, main: str, head: str = "", sidebar: bool = True) -> str:
        menu = "".join(f'<li><a href="{p}">{t(label)}</a></li>' for label, p in MENU)
        links = "".join(f'<li><a href="{u}" rel="external">{t(label)}</a></li>' for label, u in EXTERNAL_LINKS)
        aside = f'<aside class="widget-area">{self.sidebar(frame)}</aside>' if sidebar else ""
        return (
            '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{t(frame.title)} \u2013 {SITE_NAME}</title>\n{head}</head>\n<body>\n"
            '<header class="site-header"><p class="site-brand"><a href="/">Lumajang Tanggap Covid-19</a></p>'
            f'<nav class="site-nav" aria-label="Menu utama"><ul>{menu}</ul></nav></header>\n'
            f'<div class="site-body"><main class="site-main">{main}</main>\n{aside}</div>\n'
            f'<footer class="site-footer"><section><h2>{HOTLINE_HEADING}</h2><p>{t(HOTLINE_TEXT)}</p></section>'
            f'<nav aria-label="Tautan"><ul>{links}</ul></nav></footer>\n</body>\n</html>\n'
        )

    def sidebar(self, frame: Frame) -> str:
        items = "".join(
            f'<li><a href="{attr(i.path)}">{t(i.title)}</a>'
            f'<p class="popular-meta"><time datetime="{i.published.isoformat()}">{format_date_id(i.published)}</time>'
            f" \u00b7 {format_count(i.views)}x dibaca</p></li>"
            for i in frame.most_read
        )
        return (
            '<section class="widget widget-search"><h2 class="widget-title">Pencarian</h2>'
            '<form role="search" method="post" action="/main/cari"><input type="search" name="q">'
            '<button type="submit">Cari</button></form></section>'
            f'<section class="widget widget-popular"><h2 class="widget-title">Banyak Dibaca</h2>'
            f'<ol class="popular-list">{items}</ol></section>'
        )

    def article(self, frame: Frame, view: ArticleView) -> str:
        item = view.item
        published = iso_datetime(item)
        ld = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": item.title,
            "datePublished": published, "image": [item.image],
            "author": {"@type": "Organization", "name": "Kominfo Lumajang"},
            "interactionStatistic": {
                "@type": "InteractionCounter", "interactionType": "https://schema.org/ReadAction",
                "userInteractionCount": item.views,
            },
        }
        head = (
            f'<link rel="canonical" href="{attr(item.path)}">\n'
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{attr(item.title)}">\n'
            f'<meta property="og:image" content="{attr(item.image or "")}">\n'
            f'<meta property="article:published_time" content="{published}">\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        paras = "\n".join(f"<p>{t(p)}</p>" for p in body_paragraphs(view))
        share = "".join(
            f'<li><a href="{attr(u.format(url=item.path))}">{label}</a></li>' for label, u in SHARE_LINKS
        )
        main = (
            '<article class="entry"><header class="entry-header">'
            f'<h1 class="entry-title">{t(item.title)}</h1>'
            f'<p class="entry-meta"><time datetime="{published}">{long_date(item)}</time>'
            f' \u00b7 <span class="entry-views">Dibaca: {format_count(item.views)} kali</span></p></header>'
            f'<figure class="entry-figure"><img src="{attr(item.image or "")}" alt="" loading="lazy">'
            f"<figcaption>{t(view.caption)}</figcaption></figure>"
            f'<div class="entry-content">\n{paras}\n</div>'
            f'<footer class="entry-footer"><ul class="share-list">{share}</ul>'
            '<a href="/main/berita">\u2190 Kembali ke Halaman Berita</a></footer></article>'
        )
        return self.page(frame, main, head)

    def listing(self, frame: Frame, view: ListingView) -> str:
        posts = "".join(
            f'<li class="post"><h2 class="post-title"><a href="{attr(i.path)}">{t(i.title)}</a></h2>'
            f'<time datetime="{i.published.isoformat()}">{DAYS_ID[i.published.weekday()]}, '
            f"{format_date_id(i.published)}</time><p>{t(i.summary)}</p></li>"
            for i in view.items
        )
        links = " ".join(
            f'<span aria-current="page">{label}</span>' if p is None else f'<a href="{p}">{label}</a>'
            for label, p in view.page_links
        )
        if view.next_path:
            links += f' <a href="{view.next_path}" rel="next">Berikutnya \u00bb</a>'
        body = f'<ul class="post-list">{posts}</ul>' if posts else '<p class="no-posts">Tidak ada berita.</p>'
        main = (
            f'<section class="archive"><h1 class="archive-title">{t(view.heading)}</h1>{body}'
            f'<nav class="pager" aria-label="Halaman">{links}</nav></section>'
        )
        return self.page(frame, main)

    def not_found(self, frame: Frame) -> str:
        main = (
            f'<section class="error-404"><h1>{NOT_FOUND_HEADING}</h1>'
            '<p>Maaf, halaman yang Anda cari tidak tersedia atau telah dihapus.</p>'
            '<p><a href="/main/berita">Kembali ke Halaman Berita</a></p></section>'
        )
        return self.page(frame, main, sidebar=False)

    def static(self, frame: Frame, heading: str, inner: str) -> str:
        return self.page(frame, f'<section class="page"><h1>{t(heading)}</h1>{inner}</section>')


# --------------------------------------------------------------------------- theme c
class TableTheme:
    """HTML 4 table layout with ``<font>``, no class or id anywhere, windows-1252."""

    name = "c"
    charset = "windows-1252"

    def page(self, frame: Frame, main: str, sidebar: bool = True) -> str:
        menu = " | ".join(f'<a href="{p}"><font color="#ffffff">{t(label)}</font></a>' for label, p in MENU)
        links = "<br>".join(f'<a href="{u}">{t(label)}</a>' for label, u in EXTERNAL_LINKS)
        side = f'<td width="30%" valign="top">{self.sidebar(frame)}</td>' if sidebar else ""
        return (
            '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            f"<title>{t(frame.title)} :: {SITE_NAME}</title></head>\n"
            '<body bgcolor="#ffffff" topmargin="0" leftmargin="0">\n'
            '<table width="100%" border="0" cellpadding="4" cellspacing="0">'
            '<tr><td colspan="2" bgcolor="#1b5e20"><font face="Arial" size="5" color="#ffffff">'
            "<b>PEMERINTAH KABUPATEN LUMAJANG</b></font></td></tr>"
            f'<tr><td colspan="2" bgcolor="#2e7d32"><font face="Arial" size="2">{menu}</font></td></tr>\n'
            f'<tr><td width="70%" valign="top">{main}</td>{side}</tr>\n'
            f'<tr><td colspan="2" bgcolor="#eeeeee"><font face="Arial" size="2"><b>{HOTLINE_HEADING}</b><br>'
            f"{t(HOTLINE_TEXT)}</font><br><font size=\"1\">{links}</font></td></tr></table>\n</body></html>\n"
        )

    def sidebar(self, frame: Frame) -> str:
        rows = "".join(
            f'<tr><td><font face="Arial" size="1">Dilihat {format_count(i.views)} kali - '
            f'{slash_date(i.published)}</font><br><a href="{attr(i.path)}"><font face="Arial" size="2">'
            f"{t(i.title)}</font></a></td></tr>"
            for i in frame.most_read
        )
        return (
            '<form method="post" action="/main/cari"><font face="Arial" size="2"><b>PENCARIAN</b></font><br>'
            '<input type="text" name="q" size="18"> <input type="submit" value="Cari"></form>'
            '<table width="100%" border="1" cellpadding="3" cellspacing="0">'
            f'<tr><td bgcolor="#c8e6c9"><font face="Arial" size="2"><b>BANYAK DIBACA</b></font></td></tr>{rows}</table>'
        )

    def article(self, frame: Frame, view: ArticleView) -> str:
        item = view.item
        paras = "".join(
            f'<p align="justify"><font face="Verdana" size="2">{t(p)}</font></p>' for p in body_paragraphs(view)
        )
        main = (
            f'<font face="Arial" size="4"><b>{t(item.title)}</b></font><br>'
            f'<font face="Arial" size="1" color="#666666">{slash_date(item.published)} | '
            f"Dilihat {format_count(item.views)} kali</font><br>"
            f'<img src="{attr(item.image or "")}" width="480" border="0"><br>'
            f'<font face="Arial" size="1"><i>{t(view.caption)}</i></font>{paras}'
            '<p><a href="/main/berita">&laquo; Kembali ke Halaman Berita</a></p>'
        )
        return self.page(frame, main)

    def listing(self, frame: Frame, view: ListingView) -> str:
        rows = "".join(
            f'<tr><td width="90"><font face="Arial" size="2">{slash_date(i.published)}</font></td>'
            f'<td><a href="{attr(i.path)}"><font face="Arial" size="2"><b>{t(i.title)}</b></font></a></td>'
            f'<td width="120"><font face="Arial" size="1">Dilihat {format_count(i.views)} kali</font></td></tr>'
            for i in view.items
        ) or '<tr><td colspan="3"><font face="Arial" size="2">Data tidak ada.</font></td></tr>'
        links = " ".join(
            f"<b>[{label}]</b>" if p is None else f'<a href="{p}">{label}</a>' for label, p in view.page_links
        )
        if view.next_path:
            links += f' <a href="{view.next_path}">&raquo;</a>'
        main = (
            f'<font face="Arial" size="4"><b>{t(view.heading)}</b></font>'
            f'<table width="100%" border="0" cellpadding="3">{rows}</table>'
            f'<p><font face="Arial" size="2">Halaman: {links}</font></p>'
        )
        return self.page(frame, main)

    def not_found(self, frame: Frame) -> str:
        main = (
            f'<font face="Arial" size="4"><b>{NOT_FOUND_HEADING}</b></font>'
            '<p><font face="Arial" size="2">Maaf, halaman yang Anda cari tidak tersedia atau telah dihapus.</font></p>'
            '<p><a href="/main/berita">&laquo; Kembali ke Halaman Berita</a></p>'
        )
        return self.page(frame, main, sidebar=False)

    def static(self, frame: Frame, heading: str, inner: str) -> str:
        return self.page(frame, f'<font face="Arial" size="4"><b>{t(heading)}</b></font>{inner}')


Theme = CmsTheme | SemanticTheme | TableTheme

THEME_RENDERERS: dict[str, Theme] = {theme.name: theme for theme in (CmsTheme(), SemanticTheme(), TableTheme())}
