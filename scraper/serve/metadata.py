"""Datasette metadata for the archive, built from one declared structure.

:data:`TABLES` describes every table and view of the schema (title,
description, column descriptions, facets, full-text search); :data:`QUERIES`
holds the canned queries that answer the journalists' questions.  One
function turns both into Datasette's metadata dict, and
``tests/test_serve.py`` checks that every table and column of a real archive
is described here, so a schema change without documentation fails a test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scraper import DEFAULT_BASE_URL

SITE_TITLE = "Arsip Berita Pemkab Lumajang"
SITE_DESCRIPTION = (
    "Archive of record of the Lumajang regency's government news portal: every article, "
    "its versions, quotations and view counts over time, as crawled by lumajang-scraper."
)
SOURCE_URL = DEFAULT_BASE_URL
#: Where scraper.serve mounts ``scraper/serve/static/``.
STATIC_MOUNT = "scraper-static"
STYLESHEET_URL = f"/{STATIC_MOUNT}/archive.css"

#: Shared wording of columns that recur across tables.
ARTICLE_FK = "The article (`articles.id`)."
CRAWL_FK = "The crawl run that made this observation (`crawls.id`)."
OBSERVED_AT = "When the crawler saw this (ISO 8601, UTC)."


@dataclass(frozen=True)
class TableDoc:
    """What Datasette shows about one table or view."""

    title: str
    description: str
    columns: dict[str, str]
    facets: tuple[Any, ...] = ()
    sort_desc: str | None = None
    label_column: str | None = None
    fts_table: str | None = None
    hidden: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


FTS_COLUMNS_ARTICLES = {"title": "Article title (indexed).", "body": "Article body (indexed)."}
FTS_COLUMNS_QUOTES = {"text": "Quotation text (indexed).", "speaker": "Speaker's name (indexed)."}

TABLES: dict[str, TableDoc] = {
    "articles": TableDoc(
        title="Articles",
        description="One row per article, in its latest state. Search titles and bodies with the box "
        "above (Indonesian, accents ignored); open a row for its view-history chart.",
        columns={
            "id": "Archive id of the article (stable; not the site's id).",
            "url": "Absolute URL of the article page on the portal.",
            "site_article_id": "The portal's own id, the number in /main/detail-berita/{id}/...",
            "title": "Title as shown on the page.",
            "published": "Publication date (ISO 8601; a datetime in +07:00 where the page shows a time).",
            "views": "Latest view count the page showed (\"296 kali\").",
            "body": "Article text, paragraphs separated by a blank line.",
            "image_url": "URL of the article's photo.",
            "image_caption": "Photo caption (e.g. \"Dok. Kominfo-lmj\").",
            "credit": "Closing credit (e.g. \"Kominfo-lmj/bob\").",
            "first_seen": "When the crawler first saw the article (UTC).",
            "last_seen": "When the crawler last fetched the article successfully (UTC).",
            "removed_at": "When the article's removal was confirmed (404/410 on two runs); empty while live.",
            "missing_since": "First failed fetch of a possibly removed article, pending confirmation.",
            "missing_count": "Consecutive runs on which the article was missing.",
            "missing_crawl_id": "The crawl that last found the article missing.",
            "content_hash": "Hash of the current title and body (whitespace-normalised).",
            "page_sha256": "SHA-256 of the raw page the current state was parsed from (`pages.sha256`).",
        },
        facets=({"date": "published"}, "removed_at"),
        sort_desc="published",
        label_column="title",
        fts_table="articles_fts",
    ),
    "article_versions": TableDoc(
        title="Article versions",
        description="One row per distinct content (title and body) of an article, the first included: "
        "an edited article has several.",
        columns={
            "id": "Version id.",
            "article_id": ARTICLE_FK,
            "observed_at": "When this version was first seen (UTC).",
            "title": "Title of this version.",
            "body": "Body of this version.",
            "content_hash": "Hash of title and body, whitespace-normalised.",
            "crawl_id": CRAWL_FK,
            "page_sha256": "Raw page this version was parsed from (`pages.sha256`).",
        },
        facets=("article_id",),
        sort_desc="observed_at",
    ),
    "view_counts": TableDoc(
        title="View counts",
        description="Every observation of an article's view counter, from the article page, the "
        "most-read sidebar or a listing. Decreases are kept and flagged, never corrected.",
        columns={
            "id": "Observation id.",
            "article_id": ARTICLE_FK + " Empty for a most-read item not yet archived (see `url`).",
            "crawl_id": CRAWL_FK,
            "observed_at": OBSERVED_AT,
            "views": "The count shown (\"10.769 kali\" -> 10769).",
            "source": "Where it was shown: `article`, `most_read` (sidebar) or `listing`.",
            "url": "Article URL, for observations of articles not yet archived.",
            "decreased": "1 when the count is lower than the article's previous observation.",
        },
        facets=("source", "decreased"),
    ),
    "quotes": TableDoc(
        title="Quotations",
        description="Quotations in the latest version of each article, with the speaker resolved "
        "from Indonesian cues (ujarnya, ungkapnya, kata ...).",
        columns={
            "id": "Quotation id.",
            "article_id": ARTICLE_FK,
            "paragraph": "0-based paragraph of the body holding the quotation.",
            "text": "The words inside the quotation marks.",
            "speaker": "The person quoted, without rank or title; empty where the text does not say.",
            "role": "The speaker's position as the text gives it (e.g. Bupati Lumajang).",
            "cue": "The attribution cue (ujarnya, ungkapnya, harapnya, kata ...).",
        },
        facets=("speaker", "role", "cue"),
        label_column="text",
        fts_table="quotes_fts",
    ),
    "most_read": TableDoc(
        title="Most read (BANYAK DIBACA)",
        description="The portal's most-read sidebar as each crawl saw it: rank, title and count.",
        columns={
            "id": "Row id.",
            "crawl_id": CRAWL_FK,
            "observed_at": OBSERVED_AT,
            "rank": "Position in the list, 1 = most read.",
            "article_id": ARTICLE_FK + " Empty until the article itself is archived.",
            "url": "Article URL the sidebar links to.",
            "title": "Title as the sidebar shows it.",
            "views": "View count the sidebar shows.",
            "published": "Date the sidebar shows.",
        },
        facets=("crawl_id",),
        sort_desc="observed_at",
    ),
    "crawls": TableDoc(
        title="Crawl runs",
        description="One row per run of `scraper crawl`: when, how, and how it ended.",
        columns={
            "id": "Crawl id.",
            "started_at": "Start of the run (UTC).",
            "finished_at": "End of the run (UTC); empty while running or if the process died.",
            "mode": "`incremental` or `full`.",
            "status": "`running`, `ok`, `partial` (some pages failed), `failed` or `interrupted`.",
            "pages_fetched": "HTTP responses received.",
            "errors": "Pages that failed.",
            "base_url": "The site crawled.",
            "pid": "Process id of the crawler (to detect a dead run).",
            "hostname": "Machine that ran the crawl.",
            "stats": "JSON summary counts of the run.",
        },
        facets=("status", "mode"),
        sort_desc="started_at",
        label_column="started_at",
    ),
    "pages": TableDoc(
        title="Raw pages",
        description="Every distinct response body, zstd-compressed and deduplicated by hash: the "
        "evidence behind each row. Export them as WARC with `scraper export --format warc`.",
        columns={
            "id": "Row id.",
            "sha256": "SHA-256 of the uncompressed body.",
            "url": "URL this body was first fetched from.",
            "fetched_at": "First fetch of this body (UTC).",
            "status": "HTTP status of that response.",
            "headers": "Response headers (JSON).",
            "content": "zstd-compressed body (with the dictionary `dict_id`, if any).",
            "size": "Uncompressed size in bytes.",
            "dict_id": "zstd dictionary used (`zstd_dicts.id`); empty for plain zstd.",
        },
        facets=("status",),
        sort_desc="fetched_at",
    ),
    "fetches": TableDoc(
        title="Fetches",
        description="Every HTTP request of every crawl, with its status or error.",
        columns={
            "id": "Fetch id.",
            "crawl_id": CRAWL_FK,
            "url": "Requested URL.",
            "final_url": "URL after redirects.",
            "fetched_at": "When (UTC).",
            "status": "HTTP status; empty when the request failed outright.",
            "sha256": "Body stored in `pages` (empty when none was kept).",
            "error": "Why the fetch failed, if it did.",
            "elapsed_ms": "Response time in milliseconds.",
        },
        facets=("status", "crawl_id"),
        sort_desc="fetched_at",
    ),
    "zstd_dicts": TableDoc(
        title="Compression dictionaries",
        description="zstd dictionaries trained on the site's pages to compress `pages.content`.",
        columns={
            "id": "Dictionary id.",
            "created_at": "When it was trained (UTC).",
            "samples": "Pages it was trained on.",
            "size": "Dictionary size in bytes.",
            "content": "The dictionary.",
        },
        hidden=True,
    ),
    "crawl_state": TableDoc(
        title="Crawler state",
        description="The crawler's resumable cursor (key/value).",
        columns={"key": "State name.", "value": "State value."},
        hidden=True,
    ),
    "articles_fts": TableDoc(
        title="Article search index",
        description="FTS5 index of article titles and bodies (unicode61, diacritics removed).",
        columns=FTS_COLUMNS_ARTICLES,
        hidden=True,
    ),
    "quotes_fts": TableDoc(
        title="Quotation search index",
        description="FTS5 index of quotation text and speakers.",
        columns=FTS_COLUMNS_QUOTES,
        hidden=True,
    ),
    "article_views_latest": TableDoc(
        title="Articles by latest views",
        description="Each article's first and latest observed counts and average growth per day.",
        columns={
            "article_id": ARTICLE_FK,
            "url": "Article URL.",
            "title": "Article title.",
            "published": "Publication date.",
            "views_latest": "Latest observed view count.",
            "first_observed": "First observation (UTC).",
            "last_observed": "Latest observation (UTC).",
            "views_first": "First observed view count.",
            "growth_per_day": "Average views gained per day between first and latest observation.",
        },
    ),
    "trending_24h": TableDoc(
        title="Trending (last 24 hours of the archive)",
        description="Views gained in the 24 hours before the archive's newest observation "
        "(not the wall clock, so simulated and old archives trend too).",
        columns={
            "article_id": ARTICLE_FK,
            "url": "Article URL.",
            "title": "Article title.",
            "published": "Publication date.",
            "views_start": "Count at the start of the window.",
            "views_end": "Highest count inside the window.",
            "gained": "Views gained in the window.",
            "observations": "Observations inside the window.",
            "window_start": "Start of the window (UTC).",
            "window_end": "End of the window: the newest observation (UTC).",
        },
    ),
    "quotes_with_articles": TableDoc(
        title="Quotations with their articles",
        description="Every quotation beside its article's title, date and URL.",
        columns={
            "quote_id": "Quotation id (`quotes.id`).",
            "article_id": ARTICLE_FK,
            "article_title": "Title of the article.",
            "published": "Publication date of the article.",
            "url": "Article URL.",
            "paragraph": "0-based paragraph of the quotation.",
            "text": "The words quoted.",
            "speaker": "The person quoted.",
            "role": "The speaker's position.",
            "cue": "The attribution cue.",
        },
        facets=("speaker", "role"),
    ),
    "view_count_decreases": TableDoc(
        title="View counts that went down",
        description="Observations lower than the article's previous one: kept as seen, flagged here.",
        columns={
            "view_count_id": "Observation id (`view_counts.id`).",
            "article_id": ARTICLE_FK,
            "title": "Article title.",
            "url": "Article URL.",
            "crawl_id": CRAWL_FK,
            "observed_at": OBSERVED_AT,
            "source": "Where the count was shown.",
            "views": "The lower count.",
            "previous_views": "The article's previous count.",
        },
    ),
}


@dataclass(frozen=True)
class CannedQuery:
    """A question answered by one SQL query with named parameters."""

    title: str
    description: str
    sql: str


#: ``fts_query()`` is the SQL function the plugin registers (scraper.query.build_fts_query),
#: so canned searches accept the same plain words, phrases and prefixes as `scraper search`.
QUERIES: dict[str, CannedQuery] = {
    "search_articles": CannedQuery(
        "Search articles",
        "Articles mentioning the words (prefix matches: vaksin finds vaksinasi; \"quoted phrases\"), "
        "best match first.",
        """select a.id, a.title, a.published, a.views,
  snippet(articles_fts, -1, '**', '**', '…', 14) as snippet, a.removed_at, a.url
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match fts_query(:words)
order by articles_fts.rank limit 50""",
    ),
    "article_views": CannedQuery(
        "View history of an article",
        "Every observation of one article's view counter (give its archive id), with the gain since "
        "the previous observation. The chart is drawn above the table.",
        """select observed_at, views, views - lag(views) over (order by observed_at, id) as gained,
  source, crawl_id
from view_counts where article_id = :article_id
order by observed_at, id""",
    ),
    "quotes_by_speaker": CannedQuery(
        "What did someone say about something",
        "Quotations whose speaker or role contains the name (e.g. Bupati) and whose words match "
        "(e.g. banjir); leave words empty for everything the speaker said.",
        """select q.text, q.speaker, q.role, a.published, q.article_id, a.title
from quotes q join articles a on a.id = q.article_id
where (q.speaker like '%' || :speaker || '%' or q.role like '%' || :speaker || '%')
  and (:words = '' or q.id in (select rowid from quotes_fts where quotes_fts match fts_query(:words)))
order by a.published desc, q.article_id desc, q.paragraph limit 200""",
    ),
    "most_read_on_date": CannedQuery(
        "Most read on a date",
        "The portal's BANYAK DIBACA list as the last crawl on or before the date (YYYY-MM-DD) saw it.",
        """with snap as (
  select crawl_id, observed_at from most_read
  where observed_at <= :date || 'T23:59:59Z'
  order by observed_at desc, id desc limit 1
)
select m.rank, coalesce(a.title, m.title) as title, m.views, m.published, m.article_id,
  m.observed_at, coalesce(a.url, m.url) as url
from most_read m join snap s on m.observed_at = s.observed_at and m.crawl_id is s.crawl_id
left join articles a on a.id = m.article_id
order by m.rank""",
    ),
    "most_read_published_in_month": CannedQuery(
        "Most read articles published in a month",
        "Articles published in the month (YYYY-MM, e.g. 2021-03), by latest view count.",
        """select id, title, published, views, removed_at, url from articles
where published >= :month || '-01' and published < :month || '-32'
order by views desc limit 50""",
    ),
    "vanished_articles": CannedQuery(
        "Vanished articles",
        "Articles the portal no longer serves (404/410 confirmed on two runs), newest removal first; "
        "the archive keeps everything already collected.",
        """select id, title, published, views, first_seen, last_seen, removed_at, url
from articles where removed_at is not null order by removed_at desc""",
    ),
    "trending": CannedQuery(
        "Trending now",
        "Articles that gained most views in the 24 hours before the archive's newest observation.",
        """select article_id, title, published, views_start, views_end, gained, url
from trending_24h limit 20""",
    ),
}


def table_metadata(doc: TableDoc) -> dict[str, Any]:
    """One table's Datasette metadata block."""
    block: dict[str, Any] = {
        "title": doc.title,
        "description": doc.description,
        "columns": dict(doc.columns),
    }
    if doc.facets:
        block["facets"] = list(doc.facets)
    if doc.sort_desc:
        block["sort_desc"] = doc.sort_desc
    if doc.label_column:
        block["label_column"] = doc.label_column
    if doc.fts_table:
        block["fts_table"] = doc.fts_table
        block["fts_pk"] = "id"
    if doc.hidden:
        block["hidden"] = True
    block.update(doc.extra)
    return block


def build_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for an archive served under the name ``database`` (the file's stem)."""
    return {
        "title": SITE_TITLE,
        "description": SITE_DESCRIPTION,
        "source": "infocovid19.lumajangkab.go.id",
        "source_url": SOURCE_URL,
        "extra_css_urls": [STYLESHEET_URL],
        "databases": {
            database: {
                "title": SITE_TITLE,
                "description": SITE_DESCRIPTION,
                "tables": {name: table_metadata(doc) for name, doc in TABLES.items()},
                "queries": {
                    name: {"title": q.title, "description": q.description, "sql": q.sql,
                           "hide_sql": True}
                    for name, q in QUERIES.items()
                },
            }
        },
    }
