"""Lists of article links: the "BANYAK DIBACA" sidebar and a listing page's items.

Both are a run of article links where each item carries a title, a date and a
view count in an order that varies by theme (the seed shows date, count,
"Baca", title).  An item is found from its link upwards: the largest ancestor
that holds links to that article only.  Where a theme lays items out flat
(siblings with no wrapper), the text between links is given to the link it
belongs to, judged from which side the first item's text sits on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


from scraper.parse.dom import Element, ancestors_of, normalize, text_of
from scraper.parse.idn import find_count, find_date
from scraper.parse.selectors import HEADING_TAGS, MOST_READ_HEADING_RE, READ_MORE_RE

#: Longest text an element can have and still be the most-read heading.
MAX_HEADING_CHARS = 60


@dataclass
class LinkItem:
    """One article as a list shows it."""

    url: str
    title: str | None = None
    published: str | None = None
    views: int | None = None
    element: Element | None = None
    anchors: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def find_most_read_heading(root: Element) -> Element | None:
    """The element whose own text is "BANYAK DIBACA" (or a synonym), innermost first."""
    for element in root.iter():
        text = element.text
        # Cheap filter first: the heading is short and names reading or popularity.
        if not text or len(text) > 4 * MAX_HEADING_CHARS or not isinstance(element.tag, str):
            continue
        lowered = text.lower()
        if "baca" not in lowered and "popul" not in lowered and "most" not in lowered:
            continue
        own = normalize(text)
        if own and len(own) <= MAX_HEADING_CHARS and MOST_READ_HEADING_RE.match(own):
            return element
    return None


def find_most_read_section(root: Element, links: list[tuple[Element, str]]) -> tuple[Element | None, list[tuple[Element, str]]]:
    """The sidebar's container and the article links after its heading, in order."""
    heading = find_most_read_heading(root)
    if heading is None:
        return None, []
    order = {el: i for i, el in enumerate(root.iter())}
    start = order[heading]
    url_of = dict(links)
    for container in ancestors_of(heading):
        inside = [(a, url_of[a]) for a in container.iter("a") if a in url_of and order[a] > start]
        if inside:
            # Stop at a later heading of the same rank ("Hotline", "Tautan") inside the container.
            stop = _next_heading_position(container, heading, order)
            return container, [(a, u) for a, u in inside if order[a] < stop]
    return None, []


def _next_heading_position(container: Element, heading: Element, order: dict) -> int:
    start = order[heading]
    for element in container.iter(*HEADING_TAGS):
        if order[element] > start and element.tag == heading.tag and not element.xpath(".//a"):
            return order[element]
    return len(order) + 1


def group_items(links: Iterable[tuple[Element, str]], scope: Element | None = None) -> list[LinkItem]:
    """One :class:`LinkItem` per distinct URL, its element the widest wrapper of that URL alone."""
    links = list(links)
    by_url: dict[str, list[Element]] = {}
    for link, url in links:
        by_url.setdefault(url, []).append(link)
    owner = {link: url for link, url in links}
    items: list[LinkItem] = []
    for url, anchors in by_url.items():
        element = anchors[0]
        for parent in ancestors_of(anchors[0]):
            if parent is scope or parent.tag in ("body", "html"):
                break
            if any(owner.get(a, url) != url for a in parent.iter("a")):
                break
            element = parent
        items.append(LinkItem(url=url, element=element, anchors=anchors))
    for item in items:
        item.title = pick_title(item.element, by_url[item.url])
    if items and all(it.element.tag == "a" or len(text_of(it.element)) <= len(it.title or "") + 2 for it in items):
        _assign_flat_texts(items)
    else:
        for item in items:
            item.texts = [text_of(item.element)]
    for item in items:
        joined = " ".join(item.texts)
        item.published = find_date(joined)
        item.views = find_count(joined)
    return items


def pick_title(element: Element, anchors: list[Element]) -> str | None:
    """A heading inside the item, else the longest link text that is not "Baca"."""
    for heading in element.iter(*HEADING_TAGS, "h5", "h6", "strong", "b"):
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
    owner_of = {}
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
        item = owner_of.get(child)
        if item is None:
            text = text_of(child)
            if not MOST_READ_HEADING_RE.match(text):
                units.append((None, text))
        else:
            units.append((item, ""))
        tail = normalize(child.tail)
        if tail:
            units.append((None, tail))
    first_link = next((i for i, (it, _) in enumerate(units) if it is not None), 0)
    leading = any(text for it, text in units[:first_link] if it is None and (find_date(text) or find_count(text) is not None))
    current: LinkItem | None = None
    pending: list[str] = []
    for item, text in units:
        if item is not None:
            if leading and item is not current:
                item.texts.extend(pending)
                pending = []
            current = item
        elif leading:
            pending.append(text)
        elif current is not None:
            current.texts.append(text)
