"""A listing page: its article links and the forward pages of its own pagination.

Pagination is read from the page, never guessed: numbered links (offsets such
as ``/main/berita/20`` or ``?page=3``), "Selanjutnya" and "»".  Pages ahead
of the current one are ``next_pages``; the last page has none.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


from scraper.parse.dom import Element, absolute, inside, is_article_url, normalize, same_page, text_of
from scraper.parse.items import LinkItem, group_items
from scraper.parse.selectors import LAST_LINK_RE, LISTING_URL_RE, NEXT_LINK_RE, PAGE_NUMBER_RES, PREV_LINK_RE

#: Elements whose own text is a bare number outside any link: the pager's current page.
ACTIVE_NUMBER_XPATH = (
    "//*[not(self::a) and not(ancestor::a) and not(*)][string-length(normalize-space(text())) > 0]"
    "[translate(normalize-space(text()), '0123456789', '') = '']"
)
#: Longest text a pagination link shows ("Selanjutnya »", "Berikutnya", "15").
MAX_PAGER_LABEL_CHARS = 20
#: A listing needs at least this many distinct article links outside the sidebar.
MIN_LISTING_ITEMS = 2


def listing_items(root: Element, links: list[tuple[Element, str]], excluded: set, page_url: str | None) -> list[LinkItem]:
    """Article links outside the sidebar and navigation, one item per article, in page order."""
    hidden = {a for element in excluded for a in element.iter("a")}
    kept = [(a, u) for a, u in links if a not in hidden and not same_page(u, page_url)]
    return group_items(kept)


def page_number(url: str | None) -> int | None:
    """The offset or page number a pagination URL carries (``None`` for page 1 without one)."""
    if not url:
        return None
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    for regex in PAGE_NUMBER_RES:
        match = regex.search(target)
        if match:
            return int(match.group("n"))
    return None


_PAGE_SUFFIX_RE = re.compile(r"(?:/page)?/\d+$")
_PAGE_PARAM_RE = re.compile(r"(?:^|&)(?:page|hal|halaman|p|per_page|offset|start)=\d+")


def _series_key(url: str) -> tuple[str, str, str]:
    """A URL without its page number: ``/main/berita`` and ``/main/berita/10`` share one key."""
    parts = urlsplit(url)
    path = _PAGE_SUFFIX_RE.sub("", parts.path.rstrip("/"))
    return parts.netloc.lower(), path, _PAGE_PARAM_RE.sub("", parts.query).strip("&")


def next_pages(root: Element, anchors: list[Element], base: str | None, page_url: str | None, excluded: set) -> list[str]:
    """The pagination link to the page right after this one (``[]`` on the last page).

    One URL, not every numbered link ahead: the crawler walks the series page by page.
    """
    current = page_number(page_url) or 0
    candidates: list[tuple[str, str]] = []
    for link in anchors:
        # Cheapest tests first: most links of a page are not pager links.
        label = normalize(text_of(link) or link.get("title") or link.get("aria-label") or link.get("rel"))
        rel_next = link.get("rel") == "next"
        if not rel_next and (len(label) > MAX_PAGER_LABEL_CHARS or PREV_LINK_RE.match(label)):
            continue
        is_pager = rel_next or NEXT_LINK_RE.match(label) or LAST_LINK_RE.match(label) or label.isdigit()
        url = absolute(link.get("href"), base) if is_pager else None
        if not url or is_article_url(url) or not (LISTING_URL_RE.search(url) or page_number(url) is not None):
            continue
        if inside(link, excluded) or same_page(url, page_url):
            continue
        if page_url and _series_key(url) != _series_key(page_url):
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
