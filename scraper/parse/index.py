"""One walk over a parsed page that every extractor then reads from.

Each extractor used to ask the whole tree its own question (an XPath for the
meta title, another for the date, one for ``<base>``, a document-order map
for the headline, another for the sidebar...): on a typical 6 KB page those
passes cost more than parsing the HTML.  :func:`build_index` walks the tree
once, in document order, and files what the extractors need.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.parse.dom import Element, absolute, normalize
from scraper.parse.selectors import BLOCK_TAGS, HEADING_TAGS, META_URL_KEYS, MOST_READ_HEADING_RE, PAGE_ID_RE

#: Attributes of ``<meta>`` that name what its ``content`` is (``og:title``, ``title``, ``datePublished``).
META_KEY_ATTRIBUTES = ("property", "name", "itemprop")
#: Longest text an element can have and still be the most-read heading (raw, then normalized).
MAX_HEADING_TEXT = 240
MAX_HEADING_CHARS = 60
#: What the walk files each tag under.
_ANCHOR, _BLOCK, _HEADING, _BREAK, _META, _TITLE, _HEAD = (object() for _ in range(7))
_KINDS = {
    "a": _ANCHOR, "p": _BLOCK, "div": _BLOCK, "section": _BLOCK, "blockquote": _BLOCK, "br": _BREAK, "meta": _META,
    "title": _TITLE,
    **{tag: _HEADING for tag in HEADING_TAGS}, **{tag: _HEAD for tag in ("time", "link", "base", "article", "body")},
}


@dataclass
class PageIndex:
    """What the walks over the page found, each list in document order."""

    root: Element
    #: ``<meta>`` contents by lower-cased key (``og:title``, ``article:published_time``, ``itemprop`` names).
    meta: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    base_href: str | None = None
    canonical: str | None = None
    #: ``<link rel="next">``: the next page of a paginated listing, as the head states it.
    rel_next: str | None = None
    #: Where a page states its own post id: the shortlink, ``<body class="postid-N">``, ``<article id="post-N">``.
    id_hints: list[str] = field(default_factory=list)
    anchors: list[Element] = field(default_factory=list)
    headings: list[Element] = field(default_factory=list)
    times: list[Element] = field(default_factory=list)
    blocks: list[Element] = field(default_factory=list)
    br_parents: dict[Element, None] = field(default_factory=dict)
    #: Elements with a block-level child (a ``<div>`` among them is a wrapper, not a paragraph).
    wrappers: set[Element] = field(default_factory=set)
    most_read_heading: Element | None = None

    def first_meta(self, keys: tuple[str, ...]) -> list[str]:
        """Contents of the first of ``keys`` present, then of the others, in ``keys`` order."""
        return [value for key in keys for value in self.meta.get(key, ())]


def build_index(root: Element) -> PageIndex:
    """File the page's metadata, links, headings, blocks and most-read heading in one walk.

    One Python-level walk with a dictionary dispatch: each tag-filtered ``iter``
    pays a fixed cost of its own, and the most-read heading (whose tag varies by
    theme) needs every element looked at anyway.
    """
    index = PageIndex(root)
    anchors, blocks, headings, wrappers = index.anchors, index.blocks, index.headings, index.wrappers
    title_parts: list[str] = []
    heading = None
    for element in root.iter():
        tag = element.tag
        kind = _KINDS.get(tag)
        if kind is not None:
            if kind is _BLOCK:
                blocks.append(element)
            elif kind is _ANCHOR:
                anchors.append(element)
            elif kind is _HEADING:
                headings.append(element)
            elif kind is _BREAK:
                index.br_parents[element.getparent()] = None
            elif kind is _META:
                _file_meta(index, element)
            elif kind is _TITLE:
                title_parts.extend(element.itertext())
            else:
                _file_head(index, element)
        if tag in BLOCK_TAGS:
            wrappers.add(element.getparent())
        if heading is None:
            text = element.text
            if text and len(text) <= MAX_HEADING_TEXT:
                lowered = text.lower()  # the substring tests inline: a call per element costs more than they do
                if ("baca" in lowered or "popul" in lowered or "most" in lowered or "trend" in lowered) and _names_most_read(text):
                    heading = element
    index.title = normalize(" ".join(title_parts))
    index.most_read_heading = heading
    index.br_parents.pop(None, None)
    return index


def _file_head(index: PageIndex, element: Element) -> None:
    """``<time datetime>``, ``<link>``, ``<base>``, and the post ids of ``<article>``/``<body>``."""
    tag = element.tag
    if tag == "time":
        if element.get("datetime"):
            index.times.append(element)
    elif tag == "link":
        _file_link(index, element)
    elif tag == "base":
        index.base_href = index.base_href or element.get("href")
    elif element.get("id" if tag == "article" else "class"):
        index.id_hints.append(element.get("id" if tag == "article" else "class"))


def _file_meta(index: PageIndex, element: Element) -> None:
    content = element.get("content")
    if content is None:
        return
    for attribute in META_KEY_ATTRIBUTES:
        key = element.get(attribute)
        if key:
            index.meta.setdefault(key.strip().lower(), []).append(content)


def _file_link(index: PageIndex, element: Element) -> None:
    rel = (element.get("rel") or "").lower()
    href = element.get("href")
    if not href:
        return
    if rel == "canonical":
        index.canonical = index.canonical or href
    elif rel == "next":
        index.rel_next = index.rel_next or href
    elif rel == "shortlink":
        index.id_hints.insert(0, href)


def find_most_read_heading(root: Element) -> Element | None:
    """The first element whose own text is "BANYAK DIBACA" (or a synonym)."""
    for element in root.iter():
        text = element.text
        if text and len(text) <= MAX_HEADING_TEXT and _names_most_read(text) and isinstance(element.tag, str):
            return element
    return None


def _names_most_read(text: str) -> bool:
    """Whether an element's own text is the most-read heading; plain substring tests first (this sees every element)."""
    lowered = text.lower()
    if "baca" not in lowered and "popul" not in lowered and "most" not in lowered and "trend" not in lowered:
        return False
    own = normalize(text)
    return bool(own) and len(own) <= MAX_HEADING_CHARS and MOST_READ_HEADING_RE.match(own) is not None


def page_id(index: PageIndex) -> str | None:
    """The post id a page states about itself (shortlink, ``postid-N``, ``post-N``), for URLs without one."""
    for value in index.id_hints:
        match = PAGE_ID_RE.search(value)
        if match:
            return next(group for group in match.groups() if group)
    return None


def page_base(index: PageIndex, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` over the page's own URL, then its canonical URL."""
    if index.base_href is not None:
        return absolute(index.base_href, url) or url
    if url:
        return url
    for href in [index.canonical or "", *index.first_meta(META_URL_KEYS)]:
        if href.startswith("http") and absolute(href, None):
            return absolute(href, None)
    return None
