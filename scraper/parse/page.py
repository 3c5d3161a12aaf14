"""``parse_page``: bytes in, an :class:`Article` or a :class:`Listing` out.

Which kind a page is comes from its URL shape when known (``/detail-berita/``
is an article, ``/main/berita`` a listing), else from its content: a body of
prose is an article, a run of article links a listing.  A page with neither
(the CMS's "Halaman tidak ditemukan", a maintenance notice, an empty category)
raises :class:`NoContent`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from scraper.parse import article as art
from scraper.parse import body as edges
from scraper.parse import metaline
from scraper.parse import photo
from scraper.parse.decode import html_bytes
from scraper.parse.dom import (
    Element, ancestors_of, article_id_of, is_article_url, iter_article_links, load_tree, original_url,
    read_json_ld_and_strip, text_of, usable_url,
)
from scraper.parse.index import PageIndex, build_index, page_base, page_id
from scraper.parse.items import LinkItem, find_most_read_section, most_read_items
from scraper.parse.listing import MIN_LISTING_ITEMS, listing_items, next_pages
from scraper.parse.model import Article, Listing, ListingItem, MostReadItem, NoContent
from scraper.parse.quotes import extract_quotes
from scraper.parse.selectors import FOOTER_LINE_RE, LISTING_URL_RE, MIN_BODY_CHARS, NOT_FOUND_RE, NOTICE_RE

#: A listing's own article links: more than this many inside the "body" means it is a list, not prose.
MAX_LINKS_IN_BODY = 3
#: Prose an article needs beside a related-posts widget that links more than MAX_LINKS_IN_BODY articles.
MIN_PROSE_BESIDE_TEASERS = 3 * MIN_BODY_CHARS
#: A text this long is a line of prose, not a label or a date.
PROSE_LINE_CHARS = 60
#: A teaser is at most this many times as long as the longest other item of its page.
TEASER_SIZE_RATIO = 3
#: A page whose headline says "not found" is a 404 unless it still carries this much prose.
NOT_FOUND_MAX_BODY = 4 * MIN_BODY_CHARS
#: A ``<title>`` or ``<h1>`` longer than this is a headline that mentions "tidak ditemukan", not a 404 message.
NOT_FOUND_TITLE_CHARS = 100


@dataclass
class _Page:
    """What every extractor needs from one parsed page."""

    root: Element
    index: PageIndex
    url: str | None
    base: str | None
    json_ld: list[dict]
    links: list[tuple[Element, str]]
    excluded: set
    most_read: list[MostReadItem]


def parse_page(data: bytes, url: str | None = None, content_type: str | None = None) -> Article | Listing:
    """Parse one page.  ``content_type`` (the HTTP header) helps decoding when known.

    Raises :class:`NotHTML` for empty, binary or unreadable input and
    :class:`NoContent` for HTML that holds neither an article nor a listing.
    """
    page = _load(data, usable_url(url), content_type)
    hint = _kind_from_url(page.url)
    if hint != "listing":
        found = _parse_article(page, strict=hint is None)
        if found is not None:
            return found
    if hint != "article" and not _headline_says_not_found(page.index):
        items = listing_items(page.root, page.links, page.excluded, page.url)
        if len(items) >= MIN_LISTING_ITEMS or (hint == "listing" and items):
            return Listing(
                url=page.url or page.base,
                items=[_to_listing_item(i) for i in items],
                next_pages=next_pages(
                    page.root, page.index.anchors, page.base, page.url, page.excluded, page.index.rel_next,
                ),
                most_read=page.most_read,
            )
    if hint == "listing":
        found = _parse_article(page, strict=True)
        if found is not None:
            return found
    raise NoContent(_no_content_reason(page.root))


def _load(data: bytes, url: str | None, content_type: str | None) -> _Page:
    root = load_tree(html_bytes(data, content_type))
    json_ld = read_json_ld_and_strip(root)
    index = build_index(root)
    # Links resolve against the address the page was served at; the page is named by the one it archives.
    base = page_base(index, url)
    url = original_url(url) if url else None
    links = list(iter_article_links(index.anchors, base))
    sidebar, sidebar_links = find_most_read_section(index, links)
    most_read = most_read_items(sidebar, base) if sidebar is not None and sidebar_links else []
    excluded = {sidebar} if sidebar is not None else set()
    return _Page(root, index, url, base, json_ld, links, excluded, most_read)


def _kind_from_url(url: str | None) -> str | None:
    """What the URL's shape promises ("article", "listing"), or ``None`` when it says nothing."""
    if is_article_url(url):
        return "article"
    if url and LISTING_URL_RE.search(url):
        return "listing"
    return None


def _to_listing_item(item: LinkItem) -> ListingItem:
    return ListingItem(url=item.url, title=item.title, published=item.published, views=item.views)


def _parse_article(page: _Page, strict: bool) -> Article | None:
    """The article on the page, or ``None`` when there is no body of prose (``strict``: nor a list of teasers)."""
    root, index, excluded = page.root, page.index, page.excluded
    container = art.find_body_container(index, excluded)
    if container is None:
        return None
    in_container = set(container.iter("a"))
    inner = [(a, u) for a, u in page.links if a in in_container]
    own_url = page.url or page.base
    teasers = art.teaser_blocks(container, inner, own_url)
    blocks = list(art.iter_twin_blocks(container, excluded))
    raw = [p for block in blocks for p in art.collect_paragraphs(block, excluded | teasers)]
    if strict and (_is_teaser_list(container, inner, teasers, raw) or _is_one_teaser(container, page)):
        return None
    title, title_el = art.pick_title(root, index, excluded, container)
    letterhead = art.before_headline(container, title_el)
    if letterhead:  # the headline is inside the body's container: what comes before it is neither body nor photo
        raw = [p for block in blocks for p in art.collect_paragraphs(block, excluded | teasers | letterhead)]
    # A lead in its own element before the body's container (a teaser) opens the body.
    raw = [p for p in art.lead_paragraphs(container, excluded, title_el) if p not in raw] + raw
    image_url, image = photo.pick_image(index, container, title_el, excluded | letterhead, page.base)
    first_paragraph = next((p for p in raw if len(p) > 60 and not edges.is_meta_line(p)), None)
    # The date/views lines sit between the headline and the body: walk only their common ancestor.
    scope = art.common_scope(container, title_el) if title_el is not None else root
    window = metaline.meta_window(metaline.iter_lines(scope, excluded), title_el, first_paragraph)
    caption = photo.pick_caption(window, image, container)
    body = edges.extract_body(raw, title, caption)
    text = "\n\n".join(body.paragraphs)
    if len(text) < MIN_BODY_CHARS:
        return None
    if len(text) < NOT_FOUND_MAX_BODY and (
        _says_no_content(root, index, title) or all(FOOTER_LINE_RE.match(p) for p in body.paragraphs)
    ):
        return None  # a CMS notice ("Halaman tidak ditemukan", "Belum ada berita") over footer text, or the footer alone
    url = own_url
    link_urls = dict(page.links)
    # Read at the first call only: most pages show their date, views and credit above or in the body.
    below = functools.cache(functools.partial(metaline.lines_below, blocks[-1], excluded, link_urls, own_url))
    return Article(
        url=url,
        article_id=article_id_of(url) or page_id(index),
        title=title,
        published=metaline.pick_published(window, index, page.json_ld, excluded, title_el, scope, below),
        views=metaline.pick_views(window, metaline.iter_lines(root, excluded), set(body.paragraphs), link_urls, own_url, below),
        image_url=image_url,
        image_caption=caption,
        body=text,
        credit=body.credit or edges.credit_below(below()),
        quotes=extract_quotes(body.paragraphs),
        most_read=page.most_read,
    )


def _is_teaser_list(container: Element, inner: list[tuple[Element, str]], teasers: set, paragraphs: list[str]) -> bool:
    """Whether the "body" is a list of teasers (a listing seen without its URL), not prose.

    Many links to other articles make a list, unless they sit in a related-posts
    widget (``teasers``) below a body of prose of its own (WordPress widgets put
    three related posts inside the article's content).
    """
    if len({u for _, u in inner}) <= MAX_LINKS_IN_BODY:
        return False
    if not teasers or not _prose_comes_first(container, teasers):
        return True  # a flat listing: teasers from the top, their summaries in between
    outside = {u for a, u in inner if not any(t in teasers for t in a.iterancestors())}
    return len(outside) > MAX_LINKS_IN_BODY or sum(map(len, paragraphs)) < MIN_PROSE_BESIDE_TEASERS


def _is_one_teaser(container: Element, page: _Page) -> bool:
    """Whether the "body" found is one teaser among several: a home page of post teasers, or a last listing page.

    Each teaser is an item (a title link, a snippet, "Baca selengkapnya"), so the densest
    prose on the page is one item's snippet.  It is a teaser, not an article, when it
    lies inside the item of another article, that item opens with its link (the title
    comes before the prose), and the item is no longer than TEASER_SIZE_RATIO times the
    longest of the page's other items: an article's body dwarfs the sidebar's items.
    """
    items = listing_items(page.root, page.links, page.excluded, page.url)
    if len(items) < MIN_LISTING_ITEMS:
        return False
    owner_of = {item.element: item for item in items}
    owner = next((owner_of[e] for e in (container, *ancestors_of(container)) if e in owner_of), None)
    if owner is None or not _link_comes_first(owner.element, set(owner.anchors)):
        return False
    longest_other = max(len(" ".join(item.texts)) for item in items if item is not owner)
    return len(" ".join(owner.texts)) <= TEASER_SIZE_RATIO * longest_other


def _link_comes_first(element: Element, anchors: set) -> bool:
    """Whether one of ``anchors`` comes before any line of prose inside ``element``."""
    for node in element.iter():
        if node in anchors:
            return True
        if node.text and len(node.text.strip()) > PROSE_LINE_CHARS:
            return False
    return False


def _prose_comes_first(container: Element, teasers: set) -> bool:
    """Whether a paragraph of prose comes before the first teaser (an article, then its related posts)."""
    for element in container.iter():
        if element in teasers:
            return False
        if element.text and len(element.text.strip()) > PROSE_LINE_CHARS:
            return True
    return False


def _says_no_content(root: Element, index: PageIndex, title: str | None) -> bool:
    """Whether the page's title or a short heading is a CMS notice that stands in for content:
    "Halaman tidak ditemukan", a site under maintenance, an empty category ("Belum ada berita")."""
    texts = [title or "", index.title]
    texts += [text for text in map(text_of, root.iter("h1", "h2", "h3", "b", "strong")) if len(text) < 80]
    return any(NOTICE_RE.search(t) for t in texts)


def _headline_says_not_found(index: PageIndex) -> bool:
    """Whether ``<title>`` or an ``<h1>`` says "Halaman tidak ditemukan": a 404 page stays one
    even when its template lists recent posts below the message (Ghost's error page)."""
    texts = [index.title, *(text_of(h) for h in index.headings if h.tag == "h1")]
    return any(NOT_FOUND_RE.search(t) for t in texts if len(t) < NOT_FOUND_TITLE_CHARS)


def _no_content_reason(root: Element) -> str:
    if NOT_FOUND_RE.search(text_of(root)[:5000]):
        return "the page says it was not found (Halaman tidak ditemukan)"
    return "no article body and no list of article links on the page"
