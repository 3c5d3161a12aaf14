"""Small helpers over an lxml tree shared by the extractors: text, links, ancestry."""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scraper.parse.model import NotHTML
from scraper.parse.selectors import (
    ARTICLE_TAGS, ARTICLE_URL_RE, CHROME_TAGS, DROP_TAGS, FILE_PATH_RE, LISTING_URL_RE, LOAD_MORE_ATTRIBUTES, LOAD_MORE_RE,
    MAX_FORM_TEXT, MENU_TAGS, MIN_SLUG_TITLE_WORDS, NON_ARTICLE_PATH_RE, SLUG_PATH_RE, SOCIAL_POST_RE, WAYBACK_PREFIXES,
)

#: The element type of the trees the parser builds (plain lxml, no lxml.html class lookup: faster).
from lxml.etree import _Element as Element  # noqa: E402  (a class mypy and mypyc can name)
#: Elements whose text is code, not shown.
_SCRIPT_TAGS = frozenset({"script", "style"})
#: Zero-width characters that editors leave between words; ``str.split`` does not see them.
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def normalize(text: str | None) -> str:
    """Whitespace runs (NBSP and zero-width spaces included) collapsed to one space, trimmed."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        # Normal already (most paragraphs and lines): printable text holds no whitespace but
        # the space and no zero-width character. Telling so costs under half of split and join.
        return text
    # isascii() reads a flag (O(1)): only non-ASCII text can hold the zero-width characters.
    if not text.isascii() and ("\u200b" in text or "\u200c" in text or "\u200d" in text or "\ufeff" in text):
        text = _ZERO_WIDTH_RE.sub(" ", text)
    return " ".join(text.split())


def text_of(element: Element) -> str:
    """The element's visible text, normalized (``<br>`` counts as a space)."""
    if not len(element):
        return normalize(element.text)  # a leaf (most headings and links): no text iterator needed
    return normalize(" ".join(element.itertext()))


_parsers = threading.local()


def _html_parser() -> etree.HTMLParser:
    """This thread's parser (an lxml parser is not shared between threads; building one per page costs)."""
    parser = getattr(_parsers, "html", None)
    if parser is None:
        # collect_ids=False: no id->element table to build, nothing here looks elements up by id.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, encoding="utf-8", collect_ids=False)
        _parsers.html = parser
    return parser


def load_tree(data: bytes) -> Element:
    """Parse UTF-8 HTML bytes (:func:`scraper.parse.decode.html_bytes`); a document lxml cannot build is not HTML."""
    try:
        root = etree.fromstring(data, _html_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise NotHTML(f"unreadable HTML: {error}") from error
    if root is None or not len(root):
        raise NotHTML("unreadable HTML: no elements")
    return root


def _load_more_link(button: Element) -> None:
    """Turn a "Muat Lebih Banyak" button that names the page it fetches (``data-url``) into a
    ``rel="next"`` link to it: a theme without a pager reaches its older items only that way."""
    target = next((button.get(name) for name in LOAD_MORE_ATTRIBUTES if button.get(name)), None)
    if not target or not ("/" in target or target.startswith("?")):
        return
    if LOAD_MORE_RE.match(text_of(button)):
        button.tag = "a"
        button.attrib.clear()
        button.set("href", target.strip())
        button.set("rel", "next")


def _is_social_embed(blockquote: Element) -> bool:
    """Whether a ``<blockquote>`` is a social network's embed code: it cites or links the post it shows
    (a tweet ends "— Name (@handle) <a href=…/status/…>date</a>")."""
    if SOCIAL_POST_RE.match((blockquote.get("cite") or "").strip()):
        return True
    return any(SOCIAL_POST_RE.match((a.get("href") or "").strip()) for a in blockquote.iter("a"))


def read_json_ld_and_strip(root: Element) -> list[dict]:
    """Every JSON-LD object on the page (``@graph`` flattened), read before the scripts go; then
    remove scripts, styles and form controls (keeping the tail text that follows them), and
    the words an icon font draws as glyphs (:func:`_is_icon_ligature`).

    A ``<form>`` is removed too (a search box, a comment form) unless it wraps the page:
    ASP.NET WebForms puts the whole page, article included, inside one ``<form>``.

    A ``<noscript>`` holding only an image is unwrapped, not removed: lazy-loading
    themes put the photo's only real ``src`` there.  Malformed JSON-LD is skipped.

    A ``<blockquote>`` embedding a social-network post (:func:`_is_social_embed`) goes too: it is
    a third-party widget, like an iframe, whose text repeats the article's.  A "load more"
    button becomes the link to the page it fetches (:func:`_load_more_link`).
    """
    objects: list[dict] = []
    # One walk for them all (a second strip pass costs a tenth of a 5 MB page's parse).
    for element in root.iter("script", "noscript", "form", "i", "blockquote", "button"):
        if element.tag == "i":
            if element.text and _is_icon_ligature(element):
                element.text = None
        elif element.tag == "blockquote":
            if _is_social_embed(element):
                element.tag = "template"  # one of DROP_TAGS: stripped below, its tail kept
        elif element.tag == "button":
            _load_more_link(element)
        elif element.tag == "form":
            if _shows_prose(element, MAX_FORM_TEXT):
                element.tag = "div"
        elif element.tag == "noscript":
            if not (element.text or "").strip() and len(element) and all(child.tag == "img" for child in element):
                element.tag = "span"
        elif (element.get("type") or "").strip().lower() == "application/ld+json" and element.text:
            objects.extend(_iter_json_ld(element.text))
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    return objects


def _is_icon_ligature(element: Element) -> bool:
    """Whether an ``<i>``'s text is an icon font's ligature (Material Icons' ``<i class="material-icons">event</i>``).

    The font draws the word as a glyph: a calendar, not the word "event".  A ligature is one
    lower-case ASCII word (``photo_camera``) alone in an element whose class names an icon font.
    """
    text = element.text.strip()
    return (
        not len(element) and text.isascii() and text.islower() and text.replace("_", "").isalnum()
        and "icon" in (element.get("class") or "").lower()
    )


def _shows_prose(element: Element, limit: int) -> bool:
    """Whether ``element`` shows more than ``limit`` characters outside its scripts and styles (stops once it does)."""
    seen = 0
    for node in element.iter():
        if node.text and node.tag not in _SCRIPT_TAGS:
            seen += len(node.text.strip())
        if node.tail and node is not element:
            seen += len(node.tail.strip())
        if seen > limit:
            return True
    return False


def shows_more_text(element: Element, limit: int) -> bool:
    """Whether ``element`` shows more than ``limit`` characters (stops reading once it does)."""
    seen = 0
    for piece in element.itertext():
        seen += len(piece.strip())
        if seen > limit:
            return True
    return False


def _iter_json_ld(block: str) -> Iterator[dict]:
    try:
        data = json.loads(block)
    except (json.JSONDecodeError, TypeError):
        return  # a theme's broken JSON-LD must not cost the article
    stack = data if isinstance(data, list) else [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(graph)


def absolute(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; ``None`` for empty, fragment-only or script links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    if href.isascii() and "[" not in href and "]" not in href and "\\" not in href:
        # The common cases without urljoin's cost: absolute links and root-relative paths.
        # Only ASCII: a non-ASCII host ("a／b", a fullwidth slash) must meet urlsplit's check below.
        if href.startswith(("http://", "https://")):
            return original_url(href.split("#", 1)[0])
        if base and href.startswith("/") and not href.startswith("//") and "/." not in href:
            origin = origin_of(base)
            if origin:
                return original_url(origin + href.split("#", 1)[0])
    try:
        url = urljoin(base, href) if base else href
        urlsplit(url)  # "//[::1" and other broken hosts: not a link we can follow
    except ValueError:
        return None
    return original_url(url.split("#", 1)[0])


def original_url(url: str) -> str:
    """The page a Wayback Machine capture URL archived (``https://web.archive.org/web/<ts>im_/<original>``), else ``url``.

    A capture rewrites every link, image and the page's own address into the archive's; the
    article's identity is its original address, which a live crawl of the same article also gives.
    The capture's timestamp has up to 14 digits, and a two-letter suffix for an embedded
    resource (``im_`` an image, ``cs_``, ``js_``, ``id_``, ``if_``).
    """
    if not url.startswith(WAYBACK_PREFIXES):
        return url
    stamp, _, original = url[url.index("/web/") + 5:].partition("/")
    if stamp.endswith("_") and len(stamp) > 3 and stamp[-3:-1].isalpha():
        stamp = stamp[:-3]
    if stamp.isdigit() and len(stamp) <= 14 and original.startswith(("http://", "https://")):
        return original
    return url


@functools.lru_cache(maxsize=256)
def origin_of(base: str) -> str | None:
    """``scheme://host`` of ``base`` (memoised: every link on a page shares it)."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _path_and_query(url: str) -> tuple[str, str]:
    """``(path, path?query)`` of a URL without urlsplit's cost (this runs on every link of a page)."""
    scheme_end = url.find("://")
    start = url.find("/", scheme_end + 3) if scheme_end >= 0 else 0
    target = url[start:] if start >= 0 else "/"
    return target.split("?", 1)[0], target


@functools.lru_cache(maxsize=4096)
def is_article_url(url: str | None) -> bool:
    """Whether a URL has the shape of an article page (memoised: menus and sidebars recur on every page)."""
    if not url:
        return False
    path, target = _path_and_query(url)
    return bool(ARTICLE_URL_RE.search(target)) and not NON_ARTICLE_PATH_RE.search(path)


def article_id_of(url: str | None) -> str | None:
    """The site's id in an article URL (``/detail-berita/455/...`` -> ``"455"``)."""
    if not url:
        return None
    path, target = _path_and_query(url)
    # The page's own URL may carry a query after the id's shape: ``/detail-berita/612/slug?print=1``.
    match = ARTICLE_URL_RE.search(target) or ARTICLE_URL_RE.search(path)
    if not match:
        return None
    return match.group("id") or match.group("id2") or match.group("id3") or match.group("id4") or match.group("id5")


def same_page(a: str | None, b: str | None) -> bool:
    """Two URLs naming the same page (ignoring scheme, ``www.`` and a trailing slash)."""
    if not a or not b:
        return False
    return a == b or _page_key(a) == _page_key(b)


@functools.lru_cache(maxsize=4096)
def _page_key(url: str) -> tuple[str, str, str]:
    """Host, path and query of a URL, for :func:`same_page` (memoised: every link of a listing is compared)."""
    parts = urlsplit(url)
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/"), parts.query


#: What ``urlsplit`` deletes from a URL (tabs, newlines) or refuses in its host (brackets).
_SPLIT_SENSITIVE_RE = re.compile(r"[\t\r\n\[\]]")


def same_page_test(page_url: str | None) -> Callable[[str | None], bool]:
    """``same_page(url, page_url)`` as a test of many URLs against one page (every link of a listing).

    Most URLs are told apart without being split: a URL whose key equals the page's holds the
    page's path (its trailing slash cut) and query as written, so one holding either not is
    another page.  That reading holds for an ASCII URL free of tabs, newlines and brackets,
    which ``urlsplit`` takes as written and never refuses; any other URL is compared in full
    (and raises where :func:`same_page` raises).
    """
    if not page_url:
        return lambda url: False

    def test(url: str | None) -> bool:
        if url and url != page_url and url.isascii() and not _SPLIT_SENSITIVE_RE.search(url):
            _, path, query = _page_key(page_url)
            if path not in url or query not in url:
                return False
        return same_page(url, page_url)

    return test


def element_by_id(root: Element, target: str) -> Element | None:
    """The element of ``root``'s tree whose ``id`` is ``target`` (the parser keeps no id table: ``collect_ids=False``)."""
    return next(iter(root.xpath("//*[@id=$target]", target=target)), None)


def match_at_last_bracket(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern`` matched at ``text``'s last ``(``: how a bracketed tail closing a text is read
    ("(Kominfo-lmj/bob)", "(Dok. Humas)", "(1.102)"), without a search trying every position."""
    start = text.rfind("(")
    return pattern.match(text, start) if start >= 0 else None


def ancestors_of(element: Element) -> Iterator[Element]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def in_chrome(element: Element) -> bool:
    """Inside ``<nav>``, ``<aside>`` or ``<menu>``, or a page-level ``<header>``/``<footer>``.

    A ``<header>`` inside an ``<article>`` is the article's own (Ghost puts the headline,
    the date and the featured ``<figure>`` there), not the site's banner.
    """
    chrome = False
    for ancestor in ancestors_of(element):
        tag = ancestor.tag
        if tag in MENU_TAGS or tag == "aside":
            return True
        if tag in ARTICLE_TAGS and chrome:
            return False
        chrome = chrome or tag in CHROME_TAGS
    return chrome


def inside(element: Element, containers: set[Element]) -> bool:
    """Whether ``element`` is one of ``containers`` or below one of them."""
    return element in containers or not containers.isdisjoint(element.iterancestors())


def iter_article_links(anchors: list[Element], base: str | None) -> Iterator[tuple[Element, str]]:
    """``(a, absolute url)`` for every link to an article, in document order.

    An article link has an article-shaped URL, or (themes whose permalinks are a
    bare slug: ``/peringatan-hari-santri-2020/``, ``/berita/bedah-rumah-warga``)
    a same-site slug path with at least one link to it that reads as a headline.
    Every link to such a URL counts, the thumbnail's included.
    """
    found: list[tuple[Element, str, bool]] = []
    headline_slugs: set[str] = set()
    origin = origin_of(base) if base else None
    for link in anchors:
        href = link.get("href")
        if not href:
            continue
        # Menus and sidebars repeat on every page: their links are looked up, keyed by the site
        # (not the page) when the page's path cannot change where they lead: absolute or
        # root-relative ones (one written with a leading space is keyed by the page, as correct).
        same_from_every_page = origin is not None and href.startswith(("/", "http://", "https://"))
        target = _link_target(href, origin if same_from_every_page else base)
        if target is None:
            continue
        url, certain = target
        found.append((link, url, certain))
        if not certain:
            if url not in headline_slugs and _reads_as_headline(link):
                headline_slugs.add(url)
    for link, url, certain in found:
        if certain or url in headline_slugs:
            yield link, url


@functools.lru_cache(maxsize=4096)
def _link_target(href: str, base: str | None) -> tuple[str, bool] | None:
    """``(absolute url, certain)`` of a link to an article: ``certain`` when the URL is article-shaped,
    not for a same-site slug path (an article if a link to it reads as a headline); ``None`` for neither."""
    url = absolute(href, base)
    if url is None:
        return None
    if is_article_url(url):
        return url, True
    if _is_slug_url(url, origin_of(base) if base else None):
        return url, False
    return None


@functools.lru_cache(maxsize=4096)
def _is_slug_url(url: str, origin: str | None) -> bool:
    if origin is not None and not url.startswith(origin + "/"):
        return False
    path, target = _path_and_query(url)
    return (
        target == path and bool(SLUG_PATH_RE.search(path)) and not NON_ARTICLE_PATH_RE.search(path)
        and not FILE_PATH_RE.search(path) and not LISTING_URL_RE.search(path)
    )


def _reads_as_headline(link: Element) -> bool:
    """Link text (or its ``title``) of headline length, outside menus, header and footer.

    ``<aside>`` is allowed: WordPress puts its "popular posts" widgets there.
    """
    text = text_of(link) or normalize(link.get("title"))
    return len(text.split()) >= MIN_SLUG_TITLE_WORDS and not _in_page_menu(link)


def _in_page_menu(link: Element) -> bool:
    """Inside ``<nav>``/``<menu>``, or a page-level ``<header>``/``<footer>`` (not an article's own)."""
    in_header = False
    for ancestor in link.iterancestors():
        tag = ancestor.tag
        if tag in MENU_TAGS:
            return True
        if tag in ("header", "footer"):
            in_header = True
        elif in_header and tag in ARTICLE_TAGS:
            return False  # <article><header><h2><a>: a listing's item, not the page's header
    return in_header


def usable_url(url: str | None) -> str | None:
    """``url`` if it parses as a URL, else ``None`` (a caller's typo must not crash the parser)."""
    if not url:
        return None
    if url.isascii() and "[" not in url and "]" not in url:
        return url  # urlsplit refuses only brackets that are no IPv6 host and non-ASCII hosts
    try:
        urlsplit(url)
    except ValueError:
        return None
    return url
