"""A listing page: its article links and the forward pages of its own pagination.

Pagination is read from the page, never guessed: numbered links (offsets such
as ``/main/berita/20`` or ``?page=3``), "Selanjutnya" and "»".  Pages ahead
of the current one are ``next_pages``; the last page has none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit


from scraper.parse.metaline import date_heading_before, heading_date
from scraper.parse.dom import (
    Element, absolute, ancestors_of, inside, is_article_url, normalize, same_page, same_page_test, text_of,
)
from scraper.parse.items import LinkItem, group_items
from scraper.parse.selectors import LAST_LINK_RE, LISTING_URL_RE, NEXT_LINK_RE, OFFSET_KEY, PAGE_NUMBER_RES, PREV_LINK_RE

#: Elements whose own text is a bare number outside any link: the pager's current page.
ACTIVE_NUMBER_XPATH = (
    "//*[not(self::a) and not(ancestor::a) and not(*)][string-length(normalize-space(text())) > 0]"
    "[translate(normalize-space(text()), '0123456789', '') = '']"
)
#: A year alone is an archive's link ("2020" in Blogger's "Arsip Blog"), not a page number.
ARCHIVE_YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
#: Longest text a pagination link shows ("Selanjutnya »", "Berikutnya", "15").
MAX_PAGER_LABEL_CHARS = 20
#: A listing needs at least this many distinct article links outside the sidebar.
MIN_LISTING_ITEMS = 2
#: How many items back a group's date heading is looked for.
MAX_ITEMS_UNDER_DATE_HEADING = 30
#: Chrome beside the main list, and the headings that title a block of links ("Berita Terbaru"; the
#: term over a definition list's items in Plone's portlets).
SIDE_TAGS = frozenset({"aside", "nav"})
BLOCK_TITLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "dt")


def listing_items(root: Element, links: list[tuple[Element, str]], excluded: set, page_url: str | None) -> list[LinkItem]:
    """Article links of the page's main list (not the sidebar's blocks), one item per article, in page order.

    An item that shows no date of its own takes the date of the heading over its group
    (Blogger prints one ``date-header`` over all of a day's posts).
    """
    hidden = {a for element in excluded for a in element.iter("a")}
    own_page = same_page_test(page_url)
    kept = [(a, u) for a, u in links if a not in hidden and not own_page(u)]
    items = _main_list(group_items(kept), links)
    for item in items:
        if item.published is None and item.element is not None:
            item.published = date_heading_before(item.element, siblings=MAX_ITEMS_UNDER_DATE_HEADING)
    return items


def _main_list(items: list[LinkItem], links: list[tuple[Element, str]]) -> list[LinkItem]:
    """The items of the main list, without those of titled blocks beside it ("Berita Terbaru").

    The main list is the deepest element holding more than half of the items' text
    (its items carry snippets, dates and counts; a sidebar block's only titles).  An
    item outside it is dropped when it sits in ``<aside>``/``<nav>`` or in a block
    under a heading of its own that neither links an article (one of ``links``: a
    headline) nor is a date (a day's group).
    """
    if len(items) <= MIN_LISTING_ITEMS or len({item.element.getparent() for item in items}) == 1:
        return items  # siblings all: one list, nothing beside it (the common case, and a walk saved)
    weight: dict[Element, int] = {}
    total = 0
    for item in items:
        size = 1 + sum(map(len, item.texts))
        total += size
        for element in (item.element, *ancestors_of(item.element)):
            weight[element] = weight.get(element, 0) + size
    heavy = [element for element, size in weight.items() if 2 * size > total]
    if not heavy:
        return items
    main = max(heavy, key=lambda element: sum(1 for _ in ancestors_of(element)))
    around = set(ancestors_of(main)) | {main}
    # Items beside the list share their blocks: each is read once.
    titled = functools.cache(functools.partial(_holds_block_title, article_anchors={a for a, _ in links}))
    return [item for item in items if inside(item.element, {main}) or not _in_titled_block(item.element, around, titled)]


def _in_titled_block(element: Element, around: set, titled: Callable[[Element], bool]) -> bool:
    """Whether ``element``, up to where it meets the main list's ancestry (``around``), is in chrome or a titled block.

    ``titled`` is :func:`_holds_block_title`, remembered for the page by the caller.
    """
    for block in (element, *ancestors_of(element)):
        if block in around:
            return False
        if block.tag in SIDE_TAGS or titled(block):
            return True
    return False


def _holds_block_title(block: Element, article_anchors: set) -> bool:
    """Whether ``block`` holds a heading that titles it: not a link to an article (a headline), not a date alone.

    A block's title may link the section it samples (Plone's portlet header "Berita Terbaru"
    in a ``<dt>``, linking the news folder).
    """
    for heading in block.iter(*BLOCK_TITLE_TAGS):
        if (
            all(a not in article_anchors for a in heading.iter("a")) and text_of(heading)
            and heading_date(heading) is None  # a heading that is only a date heads a group of the main list (Blogger's date-header)
        ):
            return True
    return False


def page_number(url: str | None) -> int | None:
    """The offset or page number a pagination URL carries (``None`` for page 1 without one)."""
    if not url:
        return None
    parts = urlsplit(url)
    target = parts.path + (f"?{unquote(parts.query)}" if parts.query else "")
    for regex in PAGE_NUMBER_RES:
        match = regex.search(target)
        if match:
            return int(match.group("n"))
    return None


_PAGE_SUFFIX_RE = re.compile(r"(?:/page)?/\d+$")
#: Query parameters that change from page to page of one series: the page number (its name possibly
#: inside a plugin's brackets) and a checksum over the query (TYPO3's ``cHash``, a long hex token).
_PAGE_PARAM_RE = re.compile(
    rf"(?:^|&)(?:(?:[^=&]*\[)?(?:page|paged|currentpage|hal|halaman|p)\]?|{OFFSET_KEY})=\d+"
    r"|(?:^|&)[^=&]+=[0-9a-f]{16,}(?=&|$)",
    re.IGNORECASE,
)


def _series_key(url: str) -> tuple[str, str, str]:
    """A URL without its page number: ``/main/berita`` and ``/main/berita/10`` share one key."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX_RE.sub("", parts.path.rstrip("/"))
    return parts.netloc.lower(), path, _PAGE_PARAM_RE.sub("", unquote(parts.query)).strip("&")


def next_pages(
    root: Element, anchors: list[Element], base: str | None, page_url: str | None, excluded: set,
    rel_next: str | None = None,
) -> list[str]:
    """The pagination link to the page right after this one (``[]`` on the last page).

    One URL, not every numbered link ahead: the crawler walks the series page by page.
    ``rel_next`` (``<link rel="next">`` in the head) stands in when the pager's links say nothing.
    """
    found = _next_from_anchors(root, anchors, base, page_url, excluded)
    if found or not rel_next:
        return found
    url = absolute(rel_next, base)
    if url and _same_site(url, page_url or base) and not same_page(url, page_url) and not is_article_url(url):
        return [url]
    return []


def _next_from_anchors(root: Element, anchors: list[Element], base: str | None, page_url: str | None, excluded: set) -> list[str]:
    """The next page as the page's pager links show it."""
    current = page_number(page_url) or 0
    # Every numbered candidate is compared with the page's own series: its key is worked out once.
    own_series = _series_key(page_url) if page_url else None
    candidates: list[tuple[str, str]] = []
    for link in anchors:
        # Cheapest tests first: most links of a page are not pager links.
        label = _pager_label(link)
        rel_next = link.get("rel") == "next"
        if not rel_next and len(label) > MAX_PAGER_LABEL_CHARS:
            continue
        role = _pager_role(label, rel_next)
        if role is None:
            continue
        url = absolute(link.get("href"), base)
        if not url or is_article_url(url):
            continue
        worded_next = role == "next"
        if LISTING_URL_RE.search(url) or page_number(url) is not None:
            if page_url and _series_key(url) != own_series:
                continue
        elif not (worded_next and _same_site(url, page_url or base)):
            # A URL of no pagination shape is the next page only when a "next" word or rel says so:
            # Blogger's "Posting Lama" goes to ``/search?updated-max=...``.
            continue
        if inside(link, excluded) or same_page(url, page_url):
            continue
        candidates.append((url, label))
    if not candidates:
        return []
    # The page right after this one: the smallest page number past the current one,
    # else an unnumbered "Selanjutnya"/"»" link.
    ahead = [(page_number(url) or 0, url) for url, _ in candidates]
    active = _active_number(root) if not page_url else None  # only a page without its URL needs the pager's word
    if active is not None:
        ahead = [(n, u) for (n, u), (_, label) in zip(ahead, candidates) if not label.isdigit() or int(label) > active]
    else:
        ahead = [(n, u) for n, u in ahead if n > current]
    if ahead:
        return [min(ahead)[1]]
    labelled = [url for url, label in candidates if NEXT_LINK_RE.match(label) and page_number(url) is None]
    return labelled[:1]


def _pager_label(link: Element) -> str:
    """What a link says: its text (normalized already), else its ``title``, ``aria-label`` or ``rel`` (an icon's "»")."""
    text = text_of(link)
    return text or normalize(link.get("title") or link.get("aria-label") or link.get("rel"))


def _pager_role(label: str, rel_next: bool) -> str | None:
    """``"next"`` for a link to the next page by its word or ``rel``, ``"pager"`` for another pager link
    (a page number, "Terakhir"), ``None`` for any other link (a backward one among them).

    A label of digits alone is a page number or a year: none of the worded patterns
    (their words and arrows) can match it, so it is not run through them.
    """
    if label.isdigit():
        if rel_next:
            return "next"
        return None if ARCHIVE_YEAR_RE.match(label) else "pager"
    if not rel_next and PREV_LINK_RE.match(label):
        return None
    if rel_next or NEXT_LINK_RE.match(label):
        return "next"
    return "pager" if LAST_LINK_RE.match(label) else None


def _same_site(url: str, other: str | None) -> bool:
    return other is not None and urlsplit(url).netloc.lower() == urlsplit(other).netloc.lower()


def _active_number(root: Element) -> int | None:
    """The current page's number where the pager shows it: ``aria-current`` or a number that is not a link."""
    for element in root.xpath('//*[@aria-current="page"]'):
        text = text_of(element)
        if text.isdigit():
            return int(text)
    for element in root.xpath(ACTIVE_NUMBER_XPATH):
        parent = element.getparent()
        scope = parent.getparent() if parent is not None and parent.getparent() is not None else parent
        if scope is not None and any(text_of(a).isdigit() for a in scope.iter("a")):
            return int(text_of(element))
    return None
