"""A small archive for the query, export and serve tests, built through the Archive API.

Five simulated crawl days (2021-03-20 .. 24, 08:00 UTC) of seven articles:
views grow at different speeds (the vaccination article fastest), one
article is edited on day 2, one vanishes (404 on days 3 and 4, so its
removal is confirmed), one is published on day 4, and the Bupati is quoted
about floods.  Every article fetch stores a raw page, so the WARC export has
something to carry.  ``FACTS`` names what the tests assert against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scraper.archive import Archive
from scraper.parse.model import Article, MostReadItem, Quote

BASE = "https://infocovid19.lumajangkab.go.id"
DAYS = ("2021-03-20", "2021-03-21", "2021-03-22", "2021-03-23", "2021-03-24")
PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Encoding": "gzip",  # requests undid it; the WARC must not claim it
    "Server": "Apache",
}


@dataclass
class Spec:
    site_id: str
    slug: str
    title: str
    published: str
    paragraphs: list[str]
    views: list[int | None]  # per day; None = not live / not fetched that day
    quotes: list[Quote] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{BASE}/main/detail-berita/{self.site_id}/{self.slug}"


SPECS = [
    Spec("455", "bupati-pemkab-tni-dan-polri-lakukan-sinkronisasi",
         "BUPATI: PEMKAB, TNI DAN POLRI LAKUKAN SINKRONISASI, PEMETAAN SERTA ANTISIPASI PERSOALAN",
         "2021-01-26",
         ["Di awal Tahun 2021, Bupati Lumajang Thoriqul Haq, berkeinginan kepada seluruh jajaran "
          "Pemerintah Kabupaten Lumajang, TNI dan Polri, untuk melakukan sinkronisasi.",
          "\"Semua jajaran Forum Pimpinan Tingkat Kecamatan, sinergitas yang dibangun harus "
          "betul-betul lahir batin,\" ujarnya."],
         [296, 298, 301, 303, 306],
         [Quote("Semua jajaran Forum Pimpinan Tingkat Kecamatan, sinergitas yang dibangun harus "
                "betul-betul lahir batin", "Thoriqul Haq", "Bupati Lumajang", "ujarnya", 1)]),
    Spec("460", "vaksinasi-covid-19-tahap-kedua",
         "VAKSINASI COVID-19 TAHAP KEDUA UNTUK PELAYAN PUBLIK",
         "2021-03-19",
         ["Dinas Kesehatan Kabupaten Lumajang memulai vaksinasi Covid-19 tahap kedua bagi pelayan "
          "publik di Gedung Kartini.",
          "\"Vaksin ini aman dan halal, masyarakat tidak perlu ragu,\" kata Kepala Dinas Kesehatan "
          "Bayu Wibowo."],
         [120, 480, 1050, 1700, 2400],
         [Quote("Vaksin ini aman dan halal, masyarakat tidak perlu ragu", "Bayu Wibowo",
                "Kepala Dinas Kesehatan", "kata", 1)]),
    Spec("461", "bupati-tinjau-banjir-pasirian",
         "BUPATI TINJAU LOKASI BANJIR DI KECAMATAN PASIRIAN",
         "2021-03-10",
         ["Bupati Lumajang Thoriqul Haq meninjau lokasi banjir di Kecamatan Pasirian.",
          "\"Banjir ini harus segera ditangani, tanggul yang jebol kita perbaiki minggu ini,\" "
          "ujarnya di lokasi."],
         [840, 870, 905, 930, 950],
         [Quote("Banjir ini harus segera ditangani, tanggul yang jebol kita perbaiki minggu ini",
                "Thoriqul Haq", "Bupati Lumajang", "ujarnya", 1)]),
    Spec("462", "wabup-peran-pramuka-di-masa-pandemi",
         "WABUP : PERAN PRAMUKA DI MASA PANDEMI",
         "2020-08-14",
         ["Wakil Bupati Lumajang Indah Amperawati mengajak pramuka berperan di masa pandemi."],
         [10769, 10772, 10775, 10779, 10780]),
    Spec("470", "posyandu-keséhatan-ibu-dan-anak",
         "POSYANDU TETAP MELAYANI IBU DAN ANAK",
         "2021-03-15",
         # the portal's CMS sometimes stores accented letters: "keséhatan" must match "kesehatan"
         ["Layanan keséhatan ibu dan anak di posyandu Desa Sukodono tetap berjalan dengan protokol."],
         [55, 60, 64, 66, 70]),
    Spec("480", "pengumuman-seleksi-perangkat-desa",
         "PENGUMUMAN SELEKSI PERANGKAT DESA",
         "2021-03-18",
         ["Hasil seleksi perangkat desa diumumkan di balai desa masing-masing."],
         [200, 260, None, None, None]),
    Spec("490", "lumajang-siaga-erupsi-semeru",
         "LUMAJANG SIAGA ERUPSI SEMERU",
         "2021-03-23",
         ["Badan Penanggulangan Bencana Daerah menyiagakan posko di Kecamatan Pronojiwo."],
         [None, None, None, 150, 900]),
]

#: The edit: the title of site article 470 changes on day index 1.
EDITED_SITE_ID = "470"
EDITED_TITLE = "POSYANDU TETAP MELAYANI IBU DAN ANAK SELAMA PANDEMI"
REMOVED_SITE_ID = "480"
NEW_SITE_ID = "490"
FASTEST_SITE_ID = "460"


def page_html(spec: Spec, title: str, views: int) -> bytes:
    """A small article page; the count in it makes each day's page a distinct body."""
    body = "".join(f"<p>{p}</p>" for p in spec.paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{spec.published} {views} kali</p>{body}</body></html>"
            ).encode("utf-8")


def build_archive(path: Path) -> dict[str, int]:
    """Write the archive at ``path``; return site id -> archive id."""
    ids: dict[str, int] = {}
    with Archive(path) as db:
        for day_index, day in enumerate(DAYS):
            at = f"{day}T08:00:00Z"
            crawl = db.start_crawl("incremental", BASE, at)
            fetched = 0
            for spec in SPECS:
                views = spec.views[day_index]
                if views is None:
                    if spec.site_id == REMOVED_SITE_ID and day_index >= 2:
                        db.record_fetch(crawl, spec.url, at, status=404, headers=PAGE_HEADERS,
                                        body=b"<html><body>Halaman tidak ditemukan</body></html>")
                        db.record_missing(spec.url, crawl_id=crawl, status=404, observed_at=at)
                        fetched += 1
                    continue
                title = EDITED_TITLE if spec.site_id == EDITED_SITE_ID and day_index >= 1 else spec.title
                sha = db.record_fetch(crawl, spec.url, at, status=200, headers=PAGE_HEADERS,
                                      body=page_html(spec, title, views), elapsed_ms=12)
                article = Article(url=spec.url, article_id=spec.site_id, title=title,
                                  published=spec.published, views=views,
                                  body="\n\n".join(spec.paragraphs), credit="Kominfo-lmj/bob",
                                  quotes=list(spec.quotes))
                ids[spec.site_id] = db.record_article(article, crawl_id=crawl, observed_at=at,
                                                      page_sha256=sha).article_id
                fetched += 1
            live = sorted((s for s in SPECS if s.views[day_index] is not None),
                          key=lambda s: -s.views[day_index])
            db.record_most_read(
                [MostReadItem(rank, s.title, s.url, s.published, s.views[day_index])
                 for rank, s in enumerate(live[:5], start=1)],
                crawl_id=crawl, observed_at=at)
            db.finish_crawl(crawl, "ok", f"{day}T08:05:00Z", pages_fetched=fetched)
    return ids
