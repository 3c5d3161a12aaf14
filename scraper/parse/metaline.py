"""The article's meta line: the date and the view count printed around the headline.

The line is read from the text between the headline and the body (the seed's
"26 Januari 2021  296 kali"); ``<time datetime>``, ``article:`` meta and JSON-LD add
the time of day to a shown date, and stand in where none is shown.  A view count is
never taken from another article's item (a wrong count is worse than none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from itertools import chain

from lxml import etree

from scraper.parse.body import closes_sentence, is_meta_line
from scraper.parse.dom import Element, ancestors_of, inside, normalize, text_of
from scraper.parse.index import PageIndex
from scraper.parse.idn import find_count, find_date, normalize_iso, parse_number, with_time
from scraper.parse.selectors import BARE_NUMBER_RE, META_DATE_KEYS, VIEWS_HINT_RE, VIEWS_ICON_RE, VIEWS_LABEL_RE

#: How much text after the headline is searched for the date/views line.
META_WINDOW_CHARS = 400
#: How far up from a count the view-count fallback looks for a link to another article.
FOREIGN_ITEM_DEPTH = 4
#: Tags of a heading that may be a date heading.
DATE_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: A count set apart by its label ("Dilihat" "3.021") belongs to another article only if the pair's block links one.
LABELLED_COUNT_DEPTH = 2
#: How many levels above the headline a date heading is looked for, and how many siblings back on each.
DATE_HEADING_LEVELS = 4
DATE_HEADING_SIBLINGS = 3
#: Longest text of a heading that is only a date ("Rabu, 17 Pebruari 2021").
MAX_DATE_HEADING_CHARS = 40
#: Elements stating a property's value in ``content`` (RDFa ``property``, microdata ``itemprop``), in page order.
_SAME_PROPERTY_WITH_CONTENT = etree.XPath("//*[@content][@property = $key or @itemprop = $key]")
#: A line ending a sentence with this many words is prose, not a meta line.
MIN_SENTENCE_WORDS = 4
#: No subtree left out (the sidebar ends the lines below the body instead of being passed over).
_NOTHING: frozenset = frozenset()
#: Elements an icon font draws its glyph into (``<i class="fa fa-eye">``, ``<span class="icon-eye">``).
ICON_TAGS = frozenset({"i", "span"})


def iter_lines(root: Element, excluded: AbstractSet[Element]) -> Iterator[tuple[Element, str]]:
    """``(element, text)`` for every text piece in document order, outside ``excluded`` subtrees.

    One pre-order ``iter()`` (a step of it costs a fraction of an ``iterwalk`` event): an
    element's tail is read when the walk has left its subtree, which the stack of open
    elements tells.  Each text is read once (lxml decodes it on every access).
    """
    open_elements: list[Element] = []
    hidden: Element | None = None  # the excluded element whose subtree is being passed over
    for element in chain(root.iter(), (None,)):  # None closes every element still open
        parent = element.getparent() if element is not None else None
        while open_elements and open_elements[-1] is not parent:
            closed = open_elements.pop()
            if hidden is not None:
                if closed is not hidden:
                    continue
                hidden = None  # its own tail is outside it
            tail = closed.tail
            if tail and not tail.isspace():
                above = open_elements[-1] if open_elements else closed.getparent()
                yield (above if above is not None else closed), normalize(tail)
        if element is None:
            return
        if not isinstance(element.tag, str):
            continue  # a comment shows no text, its tail included
        open_elements.append(element)
        if hidden is None:
            if element in excluded:
                hidden = element
            else:
                text = element.text
                if text and not text.isspace():
                    yield element, normalize(text)


def meta_window(lines: Iterator[tuple[Element, str]], title_el: Element | None, first_paragraph: str | None) -> list[tuple[Element, str]]:
    """The text between the headline and the body's first paragraph (the seed's date/views/caption lines).

    The window opens after the headline's own text (at the first line when there is no
    headline); lines of the headline itself never count.  ``lines`` is consumed only as
    far as needed: on a 5 MB page that is a few lines, not the page.
    """
    title_nodes = set(title_el.iter()) if title_el is not None else set()
    seen_title = title_el is None
    window: list[tuple[Element, str]] = []
    size = 0
    probe = (first_paragraph or "")[:40]
    for element, text in lines:
        if element in title_nodes:
            seen_title = True
            continue
        if not seen_title:
            continue
        # The body's first paragraph ends the window, also when a bold dateline ("SENDURO") is
        # its own line and the rest follows: that rest, dateline event date and all, is body.
        if probe and len(text) > 30 and (text.startswith(probe[: min(len(probe), len(text))]) or text in (first_paragraph or "")):
            break
        window.append((element, text))
        size += len(text)
        if size > META_WINDOW_CHARS:
            break
    return window


def pick_published(
    window: list[tuple[Element, str]], index: PageIndex, json_ld: list[dict], excluded: set, title_el: Element | None = None,
    scope: Element | None = None, below: Callable[[], list[tuple[Element, str]]] | None = None,
) -> str | None:
    """The date shown under the headline, with the time that a machine-readable date of the article adds.

    A ``<time datetime>``, ``article:published_time`` or JSON-LD ``datePublished`` carrying
    a time wins over a visible date of the same day (and stands alone where none is shown).
    With neither, a date heading just above the headline (``title_el``) gives the day, else
    a meta line just above it inside ``scope`` (Wix prints "Admin · 18.03.2021" over the title),
    else the first meta line of the lines ``below`` the body (:func:`lines_below`).
    A date in the body (the dateline's "Minggu (2/5/2021)") is the event's, never used.
    """
    visible = find_date(" ".join(text for _, text in window))
    if visible and "T" in visible:
        return visible
    found = with_time(visible, _machine_date(index, json_ld, excluded))
    if found is not None and "T" not in found:
        found = with_time(found, _property_date(window))
    if found is None and title_el is not None:
        found = date_heading_before(title_el)
        if found is None and scope is not None:
            found = _meta_date_before(iter_lines(scope, excluded), set(title_el.iter()))
    if found is None and below is not None:
        found = next((find_date(text) for _, text in below() if is_meta_line(text) and find_date(text)), None)
    return found


def lines_below(body_end: Element, excluded: set, link_urls: dict, own_url: str | None) -> list[tuple[Element, str]]:
    """The lines right after the body (``body_end`` its last block), where a theme may print the date and views.

    Up to META_WINDOW_CHARS of text, in document order.  The window closes before the
    first heading (another block's: "Berita Lainnya", "Komentar"), sentence (a comment, or
    prose whose date is an event's: "buka lagi Kamis (11/03/2021)."), link to another
    article (a list of them) or line of the sidebar; a line in a
    small block linking another article (an item whose date comes before its link) is left out.
    """
    window: list[tuple[Element, str]] = []
    size = 0
    for element, text in _lines_after(body_end):
        if (
            inside(element, excluded) or element.tag in DATE_HEADING_TAGS
            or next(element.iterancestors(*DATE_HEADING_TAGS), None) is not None
            or (closes_sentence(text) and len(text.split()) >= MIN_SENTENCE_WORDS)
        ):
            break
        link = element if element.tag == "a" else next(element.iterancestors("a"), None)
        if link is not None and link_urls.get(link, own_url) != own_url:
            break
        size += len(text)
        if size > META_WINDOW_CHARS:
            break
        if not _in_foreign_item(element, link_urls, own_url, depth=LABELLED_COUNT_DEPTH):
            window.append((element, text))
    return window


def _lines_after(element: Element) -> Iterator[tuple[Element, str]]:
    """``(element, text)`` for every text piece after ``element``'s subtree, in document order."""
    for node in chain((element,), ancestors_of(element)):
        if node.tag in ("body", "html"):
            return
        tail = normalize(node.tail)
        if tail:
            yield node.getparent(), tail
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield from iter_lines(sibling, _NOTHING)


def _meta_date_before(lines: Iterator[tuple[Element, str]], title_nodes: set) -> str | None:
    """The date of the last meta line within META_WINDOW_CHARS before the headline's text."""
    before: list[str] = []
    for element, text in lines:
        if element in title_nodes:
            break
        before.append(text)
    size = 0
    for text in reversed(before):
        size += len(text)
        if size > META_WINDOW_CHARS:
            break
        if is_meta_line(text):
            return find_date(text)
    return None


def date_heading_before(element: Element, siblings: int = DATE_HEADING_SIBLINGS) -> str | None:
    """The date of a heading that is only a date, just above ``element`` (Blogger's ``date-header`` over its posts).

    Looked for among the ``siblings`` preceding siblings of ``element`` and of its nearest
    ancestors; only a heading qualifies (a date in a page's top bar is today's, not the post's).
    """
    scope: Element | None = element
    for _ in range(DATE_HEADING_LEVELS):
        if scope is None:
            return None
        sibling = scope.getprevious()
        for _ in range(siblings):
            if sibling is None:
                break
            if isinstance(sibling.tag, str):
                date = heading_date(sibling)
                if date is not None:
                    return date
            sibling = sibling.getprevious()
        scope = scope.getparent()
    return None


def heading_date(element: Element) -> str | None:
    """The date a heading (h1-h6) shows when the date is all it shows."""
    if element.tag not in DATE_HEADING_TAGS:
        return None
    text = text_of(element)
    if not text or len(text) > MAX_DATE_HEADING_CHARS or not is_meta_line(text):
        return None
    return find_date(text)


def _machine_date(index: PageIndex, json_ld: list[dict], excluded: set) -> str | None:
    for value in index.first_meta(META_DATE_KEYS):
        iso = normalize_iso(value)
        if iso:
            return iso
    for item in json_ld:
        stated = item.get("datePublished")
        if isinstance(stated, str) and normalize_iso(stated):
            return normalize_iso(stated)
    for element in index.times:
        if not inside(element, excluded):
            iso = normalize_iso(element.get("datetime", "")) or find_date(text_of(element))
            if iso:
                return iso
    return None


def _property_date(window: list[tuple[Element, str]]) -> str | None:
    """The machine-readable value of a shown date marked as an RDFa or microdata property.

    Drupal prints ``<span property="schema:dateCreated">16 Maret, 2021</span>`` and puts the
    moment in the ``content`` of an empty element with the same property; microdata may put
    it in the shown element's own ``content``.  The first such element of the page is the
    article's (the comments' follow it).
    """
    for element, text in window:
        key = element.get("property") or element.get("itemprop")
        if key and find_date(text):
            stated = element.get("content") or next(
                (e.get("content") for e in _SAME_PROPERTY_WITH_CONTENT(element, key=key)), None,
            )
            if stated:
                return normalize_iso(stated)
    return None


def pick_views(
    window: list[tuple[Element, str]], lines: Iterator[tuple[Element, str]], body: set[str], link_urls: dict,
    own_url: str | None, below: Callable[[], list[tuple[Element, str]]] | None = None,
) -> int | None:
    """The article's own view count.

    ``N kali`` under the headline; else a bare number there that a views marker labels
    (an eye icon, a ``views``/``hits`` class, a "Dilihat" label just before it); else the
    same in the lines ``below`` the body (:func:`lines_below`); else the first count elsewhere outside the body and the sidebar and outside every item that
    links another article (``link_urls`` maps the page's article links to their URLs):
    a wrong count is worse than none.
    """
    found = find_count(" ".join(text for _, text in window))
    if found is None:
        found = _marked_count(window)
    if found is None and below is not None:
        found = _count_below(below())
    if found is not None:
        return found
    previous = ""
    for element, text in lines:
        if len(text) < 80 and text not in body:
            icon = VIEWS_ICON_RE.match(text)
            found = parse_number(icon.group("n")) if icon else find_count(text)
            if found is not None and not _in_foreign_item(element, link_urls, own_url):
                return found
            if found is None and VIEWS_LABEL_RE.match(previous) and BARE_NUMBER_RE.match(text):
                # "Dilihat" and "3.021" in sibling elements: the pair's own block decides whose count it is.
                if not _in_foreign_item(element, link_urls, own_url, depth=LABELLED_COUNT_DEPTH):
                    return parse_number(text)
        previous = text
    return None


def _count_below(lines: list[tuple[Element, str]]) -> int | None:
    """The first view count of the lines below the body: "Dilihat 1.342 kali", else a marked bare number."""
    for _, text in lines:
        found = find_count(text)
        if found is not None:
            return found
    return _marked_count(lines)


def _marked_count(lines: list[tuple[Element, str]]) -> int | None:
    """A bare number among ``lines`` that a views marker labels (a views class, a "Dilihat" label before it, an eye glyph)."""
    previous = ""
    for element, text in lines:
        if BARE_NUMBER_RE.match(text) and (_labelled_as_views(element) or VIEWS_LABEL_RE.match(previous)):
            return parse_number(text)
        icon = VIEWS_ICON_RE.match(text)
        if icon:
            return parse_number(icon.group("n"))
        previous = text
    return None


def _in_foreign_item(element: Element, link_urls: dict, own_url: str | None, depth: int = FOREIGN_ITEM_DEPTH) -> bool:
    """Whether ``element`` sits in a small block (``depth`` levels up) that links another article (a teaser, a sidebar item)."""
    scope: Element | None = element
    for _ in range(depth):
        if scope is None:
            return False
        if any(link_urls.get(a, own_url) != own_url for a in scope.iter("a")):
            return True
        scope = scope.getparent()
    return False


def _labelled_as_views(element: Element) -> bool:
    """Whether the number's element, its parent or the element before it is marked as a view counter."""
    previous = element.getprevious()
    for candidate in (element, element.getparent(), previous):
        if candidate is None or not isinstance(candidate.tag, str):
            continue
        marks = " ".join(candidate.get(name, "") for name in ("class", "id", "title", "aria-label"))
        if marks and VIEWS_HINT_RE.search(marks):
            return True
    # Font Awesome in an icon-list theme (Elementor post info): the eye is an empty <i> wrapped
    # in its own span before the number's span, so the marker sits one level down.
    return previous is not None and any(
        icon.tag in ICON_TAGS and not (icon.text or "").strip() and VIEWS_HINT_RE.search(icon.get("class", "")) is not None
        for icon in previous.iter()
    )
