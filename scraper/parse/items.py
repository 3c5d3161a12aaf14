"""Lists of article links: the "BANYAK DIBACA" sidebar and a listing page's items.

Both are a run of article links where each item carries a title, a date and a
view count in an order that varies by theme (the seed shows date, count,
"Baca", title).  An item is found from its link upwards: the largest ancestor
that holds links to that article only.  Where a theme lays items out flat
(siblings with no wrapper), the text between links is given to the link it
belongs to, judged from which side the first item's text sits on.

Every page of a portal carries the same most-read sidebar, and grouping its
links into items is a tenth of a page's parse.  So the sidebar's items are a
pure function of what decides them, memoised on it: the sidebar's serialised
HTML, the tags of the elements around it (so that a re-parse nests it as the
page did) and the base its links resolve against (the site's origin when every
link is absolute or root-relative, which is what lets the pages of a crawl
share one entry).  A crawl, a re-parse of the archive or a benchmark over one
site reads each distinct version of the sidebar once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from scraper.parse.dom import (
    Element, ancestors_of, element_by_id, iter_article_links, match_at_last_bracket, normalize, origin_of, text_of,
)
from scraper.parse.idn import find_count, find_date, normalize_iso, parse_number, with_time
from scraper.parse.index import MAX_HEADING_CHARS, PageIndex, find_most_read_heading
from scraper.parse.model import MostReadItem
from scraper.parse.selectors import (
    BARE_NUMBER_RE, BRACKETED_COUNT_RE, HEADING_TAGS, MOST_READ_HEADING_RE, READ_MORE_RE, VIEWS_GLYPH_COUNT_RE,
    VIEWS_GLYPHS, VIEWS_HINT_RE,
)

#: Distinct sidebars kept (one per site and day of a crawl is the common case).
SIDEBARS_KEPT = 64
#: Tag names that serialise and re-parse as themselves (a mangled page can hold "<a]>").
PLAIN_TAG_RE = re.compile(r"^[a-z][a-z0-9]*$")
#: Elements around the sidebar left out of its re-parse wrapper: the parser adds them itself.
DOCUMENT_TAGS = frozenset({"html", "body"})

#: One item as memoised: (title, url, published, views).
ItemTuple = tuple[str, str, "str | None", "int | None"]
#: Marks an ancestor that no link's climb has reached yet (``None`` already means "several URLs").
_UNSEEN = object()
#: Elements that hold an item's title when it has one apart from its links.
ITEM_TITLE_TAGS = frozenset({*HEADING_TAGS, "h5", "h6", "strong", "b"})
#: Elements that draw an icon (a views marker is one with no text of its own).
ICON_TAGS = frozenset({"i", "span", "svg", "img", "em"})


@dataclass(slots=True)
class LinkItem:
    """One article as a list shows it."""

    url: str
    element: Element
    title: str | None = None
    published: str | None = None
    views: int | None = None
    anchors: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def find_most_read_section(index: PageIndex, links: list[tuple[Element, str]]) -> tuple[Element | None, list[tuple[Element, str]]]:
    """The sidebar's container and the article links after its heading, in order."""
    heading = index.most_read_heading
    if heading is None:
        heading = worded_heading(index.headings)
    if heading is None:
        heading = worded_tab(index.anchors)
    if heading is None:
        return None, []
    url_of = dict(links)
    panel = tab_panel(index.root, heading)
    if panel is not None:
        inside = [(a, url_of[a]) for a in panel.iter("a") if a in url_of]
        if inside:
            return panel, inside
    for container in ancestors_of(heading):
        inside = links_after(container, heading, url_of)
        if inside:
            return container, inside
    return None, []


def worded_heading(headings: Iterable[Element]) -> Element | None:
    """The first of ``headings`` (h1-h4) whose whole text names the most-read list.

    The page index reads each element's own leading text, so a heading that opens with an
    icon (``<h4><i class="fa fa-fire"></i> Terpopuler</h4>``) has its words in the icon's
    tail and goes unseen there. Asked only when the index found no heading: a few headings.
    """
    for heading in headings:
        text = text_of(heading)
        if text and len(text) <= MAX_HEADING_CHARS and MOST_READ_HEADING_RE.match(text):
            return heading
    return None


def worded_tab(anchors: Iterable[Element]) -> Element | None:
    """The first tab label (a link naming a panel in the page) whose whole text names the most-read list.

    A tab strip ("Terbaru | Terpopuler | Komentar") opens each label with an icon, whose tail
    holds the words, and is no heading: neither the index nor :func:`worded_heading` sees it.
    """
    for anchor in anchors:
        if (anchor.get("href") or "").startswith("#") or anchor.get("aria-controls"):
            text = text_of(anchor)
            if text and len(text) <= MAX_HEADING_CHARS and MOST_READ_HEADING_RE.match(text):
                return anchor
    return None


def tab_panel(root: Element, heading: Element) -> Element | None:
    """The panel a tab label opens, when the most-read heading is a tab ("Populer" among "Terbaru", "Acak").

    The tab's link names its panel (``href="#id"`` or ``aria-controls``); the panels' own ids
    may say anything (OpenSID's "Terbaru" panel is ``id="mostPopular"``), so only the label decides.
    """
    link = heading if heading.tag == "a" else next(heading.iterancestors("a"), None)
    if link is None:
        return None
    href = (link.get("href") or "").strip()
    target = (link.get("aria-controls") or "").strip() or (href[1:] if href.startswith("#") else "")
    if not target:
        return None
    return element_by_id(root, target)


def links_after(container: Element, heading: Element, url_of: dict) -> list[tuple[Element, str]]:
    """Article links of ``container`` after ``heading``, up to a later heading of the same rank ("Hotline").

    A heading drawn in ``<b>``/``<strong>`` (mobile themes) ends the list at the next one beside
    it that is neither a link nor an item's date or count ("Berita Terkini" after "Topik Terpopuler");
    so does a table theme's heading cell in the next row ("BERITA TERBARU" after "BERITA TERPOPULER").
    """
    found: list[tuple[Element, str]] = []
    started = False
    stops = heading.tag in HEADING_TAGS
    for element in container.iter("a", heading.tag):
        if element is heading:
            started = True
        elif not started:
            continue
        elif element.tag == "a":
            if element in url_of:
                found.append((element, url_of[element]))
        elif next(element.iter("a"), None) is None and (stops or _sibling_heading(element, heading)):
            break
    return found


def _sibling_heading(element: Element, heading: Element) -> bool:
    """Whether ``element`` (of the most-read heading's tag, not a heading tag) titles the next block beside it.

    Beside it: under the same parent, or a heading of the same class in the next row of the same
    table (its parent a sibling of the heading's, of the same tag).
    """
    parent, own = heading.getparent(), element.getparent()
    if own is not parent and not (
        own is not None and parent is not None and own.tag == parent.tag and own.getparent() is parent.getparent()
        and element.get("class") == heading.get("class")
    ):
        return False
    text = text_of(element)
    return bool(text) and find_date(text) is None and find_count(text) is None


def most_read_items(sidebar: Element, base: str | None) -> list[MostReadItem]:
    """The sidebar's items, ranked in page order.

    The same sidebar recurs on every page of a crawl: its items are memoised, keyed by the
    sidebar's XML (lxml's serialiser at its cheapest, and exact: tags, attributes and text),
    and read from a copy rebuilt from that key, so that nothing outside it can change them.
    """
    chain = tuple(reversed([a.tag for a in sidebar.iterancestors() if a.tag not in DOCUMENT_TAGS]))
    if sidebar.tag not in DOCUMENT_TAGS and all(PLAIN_TAG_RE.match(tag) for tag in (sidebar.tag, *chain)):
        xml = etree.tostring(sidebar, encoding=str, with_tail=False)
        items = _items_of_xml(xml, chain, _link_base(sidebar, base))
        if items is not None:
            return _rank(items)
    # No sidebar of its own, or names XML cannot spell ("o:p", a mangled "<a]>"): read in place.
    return _rank(_read_items(sidebar, base))


def _link_base(sidebar: Element, base: str | None) -> str | None:
    """The site's origin when every link resolves without the page's path, else the page's own base."""
    origin = origin_of(base) if base else None
    for link in sidebar.iter("a"):
        href = (link.get("href") or "").strip()
        if not href.startswith(("http://", "https://", "/")) or href.startswith("//"):
            return base
    return origin or base


#: Reads a sidebar's serialised copy back; it never fetches anything an entity names.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@functools.lru_cache(maxsize=SIDEBARS_KEPT)
def _items_of_xml(xml: str, chain: tuple[str, ...], base: str | None) -> tuple[ItemTuple, ...] | None:
    """The items of a sidebar given as its XML, nested in ``chain`` (its ancestors, outermost first)
    inside ``<html><body>``; ``None`` when the copy does not read back."""
    names = ("html", "body", *chain)
    opening = "".join(f"<{name}>" for name in names)
    closing = "".join(f"</{name}>" for name in reversed(names))
    if "xmlns" in xml:
        return None  # an inline <svg xmlns=...> would read back in a namespace of its own
    try:
        node = etree.fromstring(opening + xml + closing, _XML_PARSER)
    except etree.XMLSyntaxError:
        return None
    for _ in names[1:]:
        node = node[0]
    return _read_items(node[0], base)


def _read_items(sidebar: Element, base: str | None) -> tuple[ItemTuple, ...]:
    """The items after the sidebar's heading; a tab panel (:func:`tab_panel`) has its label outside: all its items."""
    heading = find_most_read_heading(sidebar)
    if heading is None:
        heading = worded_heading(element for element in sidebar.iter() if element.tag in HEADING_TAGS)
    url_of = dict(iter_article_links(list(sidebar.iter("a")), base))
    links = links_after(sidebar, heading, url_of) if heading is not None else list(url_of.items())
    return tuple((item.title or "", item.url, item.published, item.views) for item in group_items(links, scope=sidebar, most_read=True))


def _rank(items: tuple[ItemTuple, ...]) -> list[MostReadItem]:
    return [
        MostReadItem(rank=rank, title=title, url=url, published=published, views=views)
        for rank, (title, url, published, views) in enumerate(items, start=1)
    ]


def group_items(links: Iterable[tuple[Element, str]], scope: Element | None = None, most_read: bool = False) -> list[LinkItem]:
    """One :class:`LinkItem` per distinct URL, its element the widest wrapper of that URL alone.

    ``most_read``: the items rank articles by views, so a bare number in brackets closing an
    item is its count (in a listing it may as well be the comments).
    """
    links = list(links)
    by_url: dict[str, list[Element]] = {}
    for link, url in links:
        by_url.setdefault(url, []).append(link)
    sole_url = _sole_urls(links)
    items: list[LinkItem] = []
    for url, anchors in by_url.items():
        element = anchors[0]
        for parent in ancestors_of(anchors[0]):
            if parent is scope or parent.tag in ("body", "html") or sole_url.get(parent) != url:
                break
            element = parent
        items.append(LinkItem(url=url, element=element, anchors=anchors))
    texts = {}
    for item in items:
        item.title = pick_title(item.element, by_url[item.url])
        texts[item.url] = text_of(item.element)
    if items and all(it.element.tag == "a" or len(texts[it.url]) <= len(it.title or "") + 2 for it in items):
        _assign_flat_texts(items)
    else:
        for item in items:
            item.texts = [texts[item.url]]
    for item in items:
        joined = " ".join(item.texts)
        item.published = with_time(find_date(joined), _machine_date(item.element))
        item.views = find_count(joined)
        if item.views is None:
            item.views = _marked_count(item.element)
        if item.views is None and any(glyph in joined for glyph in VIEWS_GLYPHS):
            item.views = _glyph_count(joined)
        if item.views is None and most_read:
            item.views = _bracketed_count(joined, item.title)
    return items


def _glyph_count(text: str) -> int | None:
    """The count written after an eye glyph inside an item's text ("26 Feb 2021 · 👁 942")."""
    match = VIEWS_GLYPH_COUNT_RE.search(text)
    return parse_number(match.group("n")) if match else None


def _bracketed_count(text: str, title: str | None) -> int | None:
    """The bare number in brackets that closes an item's ``text``, unless it closes the title ("Bagian (2)")."""
    match = match_at_last_bracket(BRACKETED_COUNT_RE, text) if text.endswith(")") else None
    if match is None or (title and title.endswith(match.group())):
        return None
    return parse_number(match.group("n"))


def _marked_count(element: Element) -> int | None:
    """A bare number right after a views marker inside the item: an eye icon ("<i class='mdi-eye'></i> 9.812").

    The marker is an empty element (an icon) whose class, title or label says views; the number
    is its tail or the text of the element after it.
    """
    for marker in element.iter():
        if not isinstance(marker.tag, str) or marker.tag not in ICON_TAGS or normalize(marker.text):
            continue
        marks = " ".join(marker.get(name, "") for name in ("class", "title", "aria-label"))
        if not marks or not VIEWS_HINT_RE.search(marks):
            continue
        text = normalize(marker.tail)
        if not text and marker.getnext() is not None:
            text = text_of(marker.getnext())
        if BARE_NUMBER_RE.match(text):
            return parse_number(text)
    return None


def _sole_urls(links: list[tuple[Element, str]]) -> dict[Element, str | None]:
    """For every ancestor of the links, the one URL all the links below it share (``None``: several).

    One climb per link, stopping where an earlier climb already went: linear in the
    links, where asking each ancestor for all its links was quadratic.
    """
    sole: dict[Element, str | None] = {}
    for link, url in links:
        for parent in ancestors_of(link):
            seen = sole.get(parent, _UNSEEN)
            if seen is _UNSEEN:
                sole[parent] = url
            elif seen == url or seen is None:
                break  # this ancestor and every one above it were settled by an earlier link
            else:
                sole[parent] = None
    return sole


def _machine_date(element: Element) -> str | None:
    """The item's first ``<time datetime>`` (the published one: "updated" follows it)."""
    for time in element.iter("time"):
        iso = normalize_iso(time.get("datetime") or "")
        if iso:
            return iso
    return None


def pick_title(element: Element, anchors: list[Element]) -> str | None:
    """A heading inside the item, else the longest link text that is not "Baca"."""
    for heading in element.iter():
        if heading.tag not in ITEM_TITLE_TAGS:
            continue  # one walk with a set test: a multi-tag iter() builds its matcher on every call
        text = text_of(heading)
        if len(text) > 8 and not READ_MORE_RE.match(text) and find_date(text) is None:
            return text
    texts = [text_of(a) or normalize(a.get("title")) for a in anchors]
    texts = [t for t in texts if t and not READ_MORE_RE.match(t)]
    if texts:
        return max(texts, key=len)
    # A theme that links only "Baca" and prints the title as plain text beside it.
    pieces = [normalize(t) for t in element.itertext()]
    pieces = [t for t in pieces if len(t) > 8 and not READ_MORE_RE.match(t) and find_date(t) is None and find_count(t) is None]
    return max(pieces, key=len) if pieces else None


def _assign_flat_texts(items: list[LinkItem]) -> None:
    """Give the texts between sibling links to their item (the seed's flat sidebar)."""
    parent = items[0].element.getparent()
    if parent is None:
        return
    owner_of: dict[Element, LinkItem] = {}
    for item in items:
        for anchor in [item.element, *item.anchors]:
            top = anchor
            while top.getparent() is not None and top.getparent() is not parent:
                top = top.getparent()
            owner_of[top] = item
    units: list[tuple[LinkItem | None, str]] = []
    if normalize(parent.text):
        units.append((None, normalize(parent.text)))
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        owner = owner_of.get(child)
        if owner is None:
            text = text_of(child)
            if not MOST_READ_HEADING_RE.match(text):
                units.append((None, text))
        else:
            units.append((owner, ""))
        tail = normalize(child.tail)
        if tail:
            units.append((None, tail))
    first_link = next((i for i, (it, _) in enumerate(units) if it is not None), 0)
    leading = any(text for it, text in units[:first_link] if it is None and (find_date(text) or find_count(text) is not None))
    current: LinkItem | None = None
    pending: list[str] = []
    for owner, text in units:
        if owner is not None:
            if leading and owner is not current:
                owner.texts.extend(pending)
                pending = []
            current = owner
        elif leading:
            pending.append(text)
        elif current is not None:
            current.texts.append(text)
