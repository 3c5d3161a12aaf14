"""Small helpers over an lxml tree shared by the extractors: text, links, ancestry."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scraper.parse.model import NotHTML
from scraper.parse.selectors import (
    ARTICLE_URL_RE, CHROME_TAGS, DROP_TAGS, JSON_LD_XPATH, NON_ARTICLE_PATH_RE, PAGE_ID_RE, PAGE_ID_XPATH,
)

#: The element type of the trees the parser builds (plain lxml, no lxml.html class lookup: faster).
Element = etree._Element
#: Zero-width characters that editors leave between words; ``str.split`` does not see them.
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def normalize(text: str | None) -> str:
    """Whitespace runs (NBSP and zero-width spaces included) collapsed to one space, trimmed."""
    if not text:
        return ""
    if "\u200b" in text or "\u200c" in text or "\u200d" in text or "\ufeff" in text:
        text = _ZERO_WIDTH_RE.sub(" ", text)
    return " ".join(text.split())


def text_of(element: Element) -> str:
    """The element's visible text, normalized (``<br>`` counts as a space)."""
    return normalize(" ".join(element.itertext()))


def load_tree(text: str) -> Element:
    """Parse decoded HTML; a document lxml cannot build is not HTML."""
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise NotHTML(f"unreadable HTML: {error}") from error
    if root is None or root.find("body") is None and not len(root):
        raise NotHTML("unreadable HTML: no elements")
    return root


def read_json_ld(root: Element) -> list[dict]:
    """Every JSON-LD object on the page (``@graph`` flattened); malformed blocks are skipped."""
    objects: list[dict] = []
    for block in root.xpath(JSON_LD_XPATH):
        try:
            data = json.loads(block)
        except (json.JSONDecodeError, TypeError):
            continue  # a theme's broken JSON-LD must not cost the article
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return objects


def strip_non_content(root: Element) -> None:
    """Remove scripts, styles and form controls (keeping the tail text that follows them)."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)


def absolute(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; ``None`` for empty, fragment-only or script links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    if "[" not in href and "]" not in href and "\\" not in href:
        # The common cases without urljoin's cost: absolute links and root-relative paths.
        if href.startswith(("http://", "https://")):
            return href.split("#", 1)[0]
        if base and href.startswith("/") and not href.startswith("//") and "/." not in href:
            origin = _origin(base)
            if origin:
                return origin + href.split("#", 1)[0]
    try:
        url = urljoin(base, href) if base else href
        urlsplit(url)  # "//[::1" and other broken hosts: not a link we can follow
    except ValueError:
        return None
    return url.split("#", 1)[0]


@functools.lru_cache(maxsize=256)
def _origin(base: str) -> str | None:
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


def is_article_url(url: str | None) -> bool:
    """Whether a URL has the shape of an article page."""
    if not url:
        return False
    path, target = _path_and_query(url)
    return bool(ARTICLE_URL_RE.search(target)) and not NON_ARTICLE_PATH_RE.search(path)


def article_id_of(url: str | None) -> str | None:
    """The site's id in an article URL (``/detail-berita/455/...`` -> ``"455"``)."""
    if not url:
        return None
    match = ARTICLE_URL_RE.search(_path_and_query(url)[1])
    if not match:
        return None
    return match.group("id") or match.group("id2") or match.group("id3")


def page_id(root: Element) -> str | None:
    """The post id a page states about itself (shortlink, ``post-N``, ``postid-N``), for URLs without one."""
    for value in root.xpath(PAGE_ID_XPATH):
        match = PAGE_ID_RE.search(value)
        if match:
            return next(group for group in match.groups() if group)
    return None


def same_page(a: str | None, b: str | None) -> bool:
    """Two URLs naming the same page (ignoring scheme, ``www.`` and a trailing slash)."""
    if not a or not b:
        return False

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/"), parts.query

    return key(a) == key(b)


def ancestors_of(element: Element) -> Iterator[Element]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def in_chrome(element: Element) -> bool:
    """Inside ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` or ``<menu>``."""
    return any(a.tag in CHROME_TAGS for a in ancestors_of(element))


def inside(element: Element, containers: set[Element]) -> bool:
    """Whether ``element`` is one of ``containers`` or below one of them."""
    if element in containers:
        return True
    return any(a in containers for a in ancestors_of(element))


def iter_article_links(root: Element, base: str | None) -> Iterator[tuple[Element, str]]:
    """``(a, absolute url)`` for every link of article shape, in document order."""
    for link in root.iter("a"):
        url = absolute(link.get("href"), base)
        if is_article_url(url):
            yield link, url


def usable_url(url: str | None) -> str | None:
    """``url`` if it parses as a URL, else ``None`` (a caller's typo must not crash the parser)."""
    if not url:
        return None
    try:
        urlsplit(url)
    except ValueError:
        return None
    return url


def page_base(root: Element, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` over the page's own URL."""
    for href in root.xpath("//base/@href"):
        return absolute(href, url) or url
    if url:
        return url
    for href in root.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        if href.startswith("http") and absolute(href, None):
            return absolute(href, None)
    return None
