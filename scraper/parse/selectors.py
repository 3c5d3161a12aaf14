"""Named patterns, phrases and XPath expressions the extractors rest on.

Everything here is either certain about the portal (URL shapes, the
"BANYAK DIBACA" heading, the ``Dok.`` caption, the ``(Kominfo-lmj/bob)``
credit) or generic HTML semantics (headings, ``og:`` meta, ``<time>``).
Class names appear nowhere: themes change them, the text does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CaselessPattern:
    """A pattern matched ignoring case, written in lower case, with a case-sensitive twin.

    ``re`` tries every word of an IGNORECASE alternation at every character, where a
    case-sensitive one skips the words whose first letter differs: on lower-cased ASCII text
    the twin finds the same matches at the same positions for less than half the cost.
    Beyond ASCII, case folding is not letter for letter (the Kelvin sign is a "k"), so the
    IGNORECASE pattern decides there.
    """

    any_case: re.Pattern[str]
    lower_case: re.Pattern[str]

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> CaselessPattern:
        letters = re.sub(r"\\.|\(\?P", "", pattern)  # escapes (\W, \S) and named groups are no letters to match
        if letters != letters.lower():
            raise ValueError(f"a caseless pattern must be written in lower case: {pattern!r}")
        return cls(re.compile(pattern, flags | re.IGNORECASE), re.compile(pattern, flags))

    def on(self, text: str) -> tuple[re.Pattern[str], str]:
        """The pattern to run on ``text`` and the text to give it (positions are ``text``'s)."""
        return (self.lower_case, text.lower()) if text.isascii() else (self.any_case, text)

#: Article pages: ``/main/detail-berita/{id}/{slug}`` on the portal; the other shapes are
#: the ones Indonesian government CMSes (and WordPress) use for the same thing.
ARTICLE_URL_RE = re.compile(
    # Every shape starts at a "/", "?" or "&": one character class first lets the regex engine
    # skip to those characters at C speed instead of trying six shapes at every character.
    r"[/?&](?:"
    r"(?<=/)(?:detail-berita|detail|berita/(?:detail|read|baca)|read|baca|artikel|news/read|post)/"
    # A year followed by month (and day) segments is a date, not an id: OpenSID's ``/artikel/2021/3/15/slug``.
    r"(?!(?:19|20)\d{2}/\d{1,2}/)(?P<id>\d+)(?:[/-][^?#]*)?$"
    # A year there is the date part of Plone's ``/berita/2021/slug``, not an id: an article without one.
    r"|(?<=/)(?:berita|news|artikel)/(?:(?:19|20)\d{2}|(?P<id2>\d+))/[a-z0-9]+(?:-[a-z0-9]+)+/?$"
    # WordPress ``/2021/04/12/slug/``, Blogger ``/2021/02/slug.html``, OpenSID ``/2021/3/15/slug``.
    r"|(?<=/)\d{4}/\d{1,2}/(?:\d{1,2}/)?[a-z0-9]+(?:-[a-z0-9]+){2,}(?:\.html?)?/?$"
    r"|(?<=[?&])(?:p|id|berita_id|news_id)=(?P<id3>\d+)(?::[\w-]*)?(?:&|$)"
    # Joomla's search-engine-friendly URLs: ``/index.php/berita-terkini/145-banjir-lahar-dingin``.
    r"|(?<=/)(?P<id4>\d+)-[a-z0-9]+(?:-[a-z0-9]+)+/?$"
    # Drupal's unaliased node path: ``/node/2231``.
    r"|(?<=/)node/(?P<id5>\d+)/?$"
    r")",
    re.IGNORECASE,
)
#: A link whose URL has no article shape is still an article's when its path ends in a slug of
#: three words or more (``/peringatan-hari-santri-2020/``, ``/berita/bedah-rumah-warga``, a static
#: site's ``/berita-kasada-argosari-2021.html``) and its
#: text reads as a headline (at least this many words): menus link short labels.
SLUG_PATH_RE = re.compile(r"/[a-z0-9]+(?:-[a-z0-9]+){2,}(?:\.html?|\.php|\.aspx?)?/?$", re.IGNORECASE)
MIN_SLUG_TITLE_WORDS = 4
#: Paths of files, never of pages.
FILE_PATH_RE = re.compile(r"\.(?:jpe?g|png|gif|webp|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|css|js)$", re.IGNORECASE)
#: Paths that are never articles even though they carry a long slug.
NON_ARTICLE_PATH_RE = re.compile(r"/(?:tag|tags|kategori|category|author|penulis|page|search|cari)/", re.IGNORECASE)
#: How a Wayback Machine capture URL begins: ``https://web.archive.org/web/20210312084517/https://site/path``.
WAYBACK_PREFIXES = ("https://web.archive.org/web/", "http://web.archive.org/web/")
#: Listing pages: ``/main/berita``, ``/main/berita/10``, CodeIgniter's ``/berita/index/30``, ``?page=2``, ``/page/3/``.
#: A query key holding an offset: ``offset``, ``start``, CodeIgniter's ``per_page``, Plone's batching
#: ``b_start:int`` (a prefix, and Zope's type suffix written into the key with a literal colon).
OFFSET_KEY = r"(?:per_page|(?:[a-z]+_)?(?:offset|start)(?::int)?)"
LISTING_URL_RE = re.compile(
    r"/(?:main/)?(?:berita|news|artikel|kategori/[^/]+|category/[^/]+)(?:/index)?(?:/\d+)?/?(?:[?#].*)?$"
    rf"|[?&](?:page|hal|halaman|{OFFSET_KEY})=\d+|/page/\d+/?$",
    re.IGNORECASE,
)
#: The number in a pagination URL: an offset (``/berita/20``) or a page (``?page=3``, ``/page/3``).
#: Matched against the percent-decoded URL, where a plugin's parameter ends in its page name:
#: TYPO3's ``tx_news_pi1[@widget_0][currentPage]=3``, WordPress's ``paged=3``.
PAGE_NUMBER_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"[?&](?:[^=&#]*\[)?(?:page|paged|currentpage|hal|halaman|p)\]?=(?P<n>\d+)", re.IGNORECASE),
    re.compile(rf"[?&]{OFFSET_KEY}=(?P<n>\d+)", re.IGNORECASE),
    re.compile(r"/page/(?P<n>\d+)/?(?:[?#]|$)", re.IGNORECASE),
    re.compile(r"/(?P<n>\d+)/?(?:[?#]|$)"),
)
#: Pagination link texts that lead forward / backward.
#: Blogger's "Posting Lama" / "Older Posts" is the next page of a newest-first list.
#: A worded label may carry an arrow after it ("Older Posts →", "Next »"), a backward one before it.
NEXT_LINK_RE = re.compile(
    r"^(?:(?:selanjutnya|berikutnya|lanjut|next|older|lebih lama|"
    r"(?:posting(?:an)?|entri|artikel|berita|tulisan)\s+(?:lama|lebih\s+lama)|older\s+(?:posts?|entries))"
    r"(?:\s*(?:»|›|→|>>?))?|»|›|>|>>|→|»»)$",
    re.IGNORECASE,
)
PREV_LINK_RE = re.compile(
    r"^(?:(?:«|‹|←|<<?)\s*)?(?:sebelumnya|kembali|prev|previous|newer|lebih baru|newer\s+(?:posts?|entries)|"
    r"awal|pertama|first)$|^(?:«|‹|<|<<|←)$",
    re.IGNORECASE,
)
LAST_LINK_RE = re.compile(r"^(?:terakhir|akhir|last|last\s*»|»»)$", re.IGNORECASE)

#: The most-read sidebar's heading on the portal, and its usual synonyms elsewhere
#: ("Postingan Populer" on Blogger, "Artikel Terpopuler" on Joomla, "Paling Banyak Dibaca", "Most Popular").
#: A list of the newest ("Terbaru", "Terkini", "Latest") never matches: the popular word must end the heading.
MOST_READ_HEADING_RE = re.compile(
    # Any one or two leading words name what is popular ("Topik Terpopuler", "Konten Populer", "Berita Trending").
    r"^\W*(?:[^\W\d_]+\s+){0,2}?(?:paling\s+)?"
    r"(?:banyak\s+dibaca|terpopuler|populer|terbanyak\s+dibaca|most\s+(?:read|popular|viewed)|trending|"
    r"popular(?:\s+(?:posts?|news|articles?|content|topics?))?)(?:\s+(?:hari|minggu|pekan|bulan)\s+ini)?\W*$",
    re.IGNORECASE,
)
#: Link texts that are not titles ("Baca" beside each most-read item).
READ_MORE_RE = re.compile(r"^(?:baca|baca\s+selengkapnya|selengkapnya|read\s+more|lanjut(?:kan)?\s+baca|more|»|detail)\W*$", re.IGNORECASE)
#: The photo caption line: ``Dok. Kominfo-lmj``, ``Foto: ...``.
_CAPTION_CUES = r"dok\.|dok\s|dokumentasi\b|foto\s*:|foto\s+oleh|sumber\s+foto|ilustrasi\b"
CAPTION_RE = re.compile(rf"^(?:{_CAPTION_CUES}|photo\s*:|caption\s*:)", re.IGNORECASE)
#: A caption sentence that names its source at the end ("Patroli di jalur selatan. (Dok. Kecamatan)").
CLOSING_CAPTION_CUE_RE = re.compile(rf"\((?:{_CAPTION_CUES})[^()]*\)$", re.IGNORECASE)
#: The closing credit: ``(Kominfo-lmj/bob)`` at the end of the last paragraph.
CREDIT_RE = re.compile(r"\s*\((?P<credit>[A-Za-z][\w .&-]{0,40}/[\w .&/-]{1,40})\)\s*$")
#: A labelled credit line: "Reporter: Dian | Editor: Fajar", "Penulis: Rina" (kept whole, labels included).
LABELLED_CREDIT_RE = re.compile(r"(?:reporter|penulis|pewarta|editor|redaktur|wartawan|kontributor)\s*:", re.IGNORECASE)
#: Texts inside the article column that are navigation, not body.
BOILERPLATE_RE = re.compile(
    r"^(?:kembali(?:\s+ke\s+halaman\s+berita)?|kembali\s+ke\s+\w+|baca\s+juga\b.*|bagikan\b.*|share\b.*|tags?\s*:.*|"
    r"kategori\s*:.*|print|cetak|pencarian|cari|search|komentar\b.*|tulis komentar.*|berita\s+terkait.*|related.*)$",
    re.IGNORECASE,
)
#: A CMS "page not found" page (exit 3), in Indonesian and English.
NOT_FOUND_RE = re.compile(
    r"halaman\s+(?:yang\s+anda\s+cari\s+)?tidak\s+(?:ditemukan|tersedia)|berita\s+tidak\s+ditemukan|"
    r"page\s+not\s+found|404\s+not\s+found|tidak\s+ditemukan",
    re.IGNORECASE,
)
#: A CMS notice that stands in for content: "page not found", a site down for maintenance, a
#: category or search with no posts yet.  Only read in a short heading over a short "body".
NOTICE_RE = re.compile(
    NOT_FOUND_RE.pattern + r"|(?:situs|website|laman|halaman|web)\s+(?:ini\s+)?(?:sedang\s+)?(?:dalam\s+)?"
    r"(?:perbaikan|pemeliharaan|maintenance)|under\s+maintenance|"
    r"(?:belum|tidak)\s+ada\s+(?:berita|artikel|tulisan|postingan|posting|konten)|no\s+posts\s+found",
    re.IGNORECASE,
)
#: A line of a page's footer: copyright, postal address, telephone.  A "body" made of these only
#: is the footer found where an article's text is missing (an empty category page).
FOOTER_LINE_RE = re.compile(r"(?:copyright\b|©|\(c\)\s*\d{4}|hak\s+cipta|alamat\s*:|jl\.\s|telp\.?\s|telepon\b)", re.IGNORECASE)
#: Title suffixes in ``<title>``: "TITLE | Site", "TITLE - Site", "Site :: TITLE".
#: Begun ``\s\s*``, not ``\s+``: the same matches, and ``re`` skips to a pattern's first character
#: class in C instead of trying a match at every character of the title.
TITLE_SEPARATORS_RE = re.compile(r"\s\s*(?:\||-|–|—|::|»)\s+")

#: A post on a social network, as an embed links it (a tweet's status, an Instagram post, a TikTok video).
SOCIAL_POST_RE = re.compile(
    r"^https?://(?:[\w-]+\.)?(?:(?:twitter|x)\.com/\w+/status/|instagram\.com/(?:p|reel|tv)/|tiktok\.com/@[^/]+/video/|"
    r"facebook\.com/[^/]+/(?:posts|videos)/)",
    re.IGNORECASE,
)
#: A "load more" button's label: it fetches the next listing page in place.
LOAD_MORE_RE = re.compile(
    r"^\W*(?:(?:muat|tampilkan|lihat)\s+(?:lebih\s+banyak|berita\s+lainnya|lainnya|berikutnya)|(?:load|show)\s+more)\b",
    re.IGNORECASE,
)
#: Where such a button keeps the page it fetches.
LOAD_MORE_ATTRIBUTES = ("data-url", "data-href", "data-next", "data-next-url")
#: Elements whose text is never content.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "select", "button", "textarea", "form")
#: A ``<form>`` showing more text than this wraps the page (ASP.NET WebForms) and is kept; smaller ones are dropped.
MAX_FORM_TEXT = 600
#: Elements that semantically hold navigation or page chrome.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
#: Chrome that holds menus of pages, not lists of articles (an ``<aside>`` may hold "popular posts";
#: a ``<header>`` or ``<footer>`` is chrome only at page level, not inside one of ARTICLE_TAGS).
MENU_TAGS = frozenset({"nav", "menu"})
ARTICLE_TAGS = frozenset({"article", "main", "section"})
#: Block-level tags: they end a paragraph when walking a container's children.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "ul", "ol", "li", "table", "tbody", "thead", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "header", "footer", "nav", "aside", "hr", "pre",
    "address", "dl", "dt", "dd", "form", "center", "fieldset", "details", "summary",
})
HEADING_TAGS = ("h1", "h2", "h3", "h4")
#: Tags that show the article's photo (AMP pages have only ``<amp-img>``).
IMAGE_TAGS = ("img", "amp-img")

#: ``<meta>`` keys (``property``/``name``/``itemprop``, lower-cased) that name the title, image,
#: date and canonical URL, most trusted first.
META_TITLE_KEYS = ("og:title", "twitter:title", "headline", "title")
META_IMAGE_KEYS = ("og:image", "twitter:image", "image")
META_DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date.issued")
META_URL_KEYS = ("og:url",)

#: Where WordPress-style pages carry their post id when the URL has none (``/2020/02/03/slug/``):
#: the shortlink ``?p=8812`` (Drupal's ``/node/812``), ``<article id="post-8812">``, ``<body class="postid-8812">``.
PAGE_ID_RE = re.compile(r"[?&]p=(\d+)|^post-(\d+)$|(?:^|[\s-])postid-(\d+)(?:\s|$)|/node/(\d+)/?$")
#: Where an image's real address sits: lazy-loading scripts keep it in ``data-*`` and leave a
#: placeholder (a ``data:`` URI or a spinner) in ``src``; ``srcset`` lists sizes.
LAZY_SOURCE_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original")
SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
#: A bare number is a view count only beside a marker that says so: an "eye"/"views"/"hits"
#: icon or label in the class, id or title of the number's element or of the one before it.
VIEWS_HINT_RE = re.compile(r"view|hits?\b|dibaca|dilihat|pembaca|tayangan|\beye\b|fa-eye|counter", re.IGNORECASE)
BARE_NUMBER_RE = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+$")
#: A count written alone ("1.102", "942"), and the eyes that mark one as views.
_COUNT = r"(?P<n>\d{1,3}(?:[.,]\d{3})+|\d+)"
_EYE_GLYPH = r"(?:\U0001F441\uFE0F?|\U0001F440)"
#: A count in brackets closing a most-read item ("... 3 Maret 2021 (1.102)", WordPress's Top 10 plugin).
BRACKETED_COUNT_RE = re.compile(rf"\({_COUNT}\)$")
#: A count behind an eye glyph ("👁 1.204" on Wix and Blogger themes): the glyph is the views marker.
VIEWS_ICON_RE = re.compile(rf"^{_EYE_GLYPH}\s*{_COUNT}$")
#: The same glyph and count inside a line of an item ("26 Feb 2021 14:20 · 👁 942"), and the glyphs to test for first.
VIEWS_GLYPH_COUNT_RE = re.compile(rf"{_EYE_GLYPH}\s*{_COUNT}(?!\d)")
VIEWS_GLYPHS = ("\U0001F441", "\U0001F440")
#: A label alone in its element, its count in the next one (WordPress Post Views Counter: "Dilihat" "3.021").
VIEWS_LABEL_RE = re.compile(r"^(?:dilihat|dibaca|views?|hits|pembaca|jumlah\s+(?:pembaca|dilihat))\s*:?$", re.IGNORECASE)
#: Images that are page chrome, not the article photo.
CHROME_IMAGE = CaselessPattern.compile(r"logo|icon|avatar|banner|sprite|pixel|spacer|blank\.|loading|\.svg(?:$|\?)|button|badge|flag")
#: Minimum text of a body: below it the page is not an article.
MIN_BODY_CHARS = 120
