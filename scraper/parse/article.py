"""An article page: title, date, views, body, credit (the photo: :mod:`scraper.parse.photo`).

The body is the block with the densest paragraph text outside page chrome and
the most-read sidebar (text density, not class names); a related-posts widget
inside it (headings linking other articles) is left out.  The meta line (date
and ``N kali``) is read from the text between the headline and the body;
``<time datetime>``, ``article:`` meta and JSON-LD add the time of day to a
shown date, and stand in where none is shown.  A view count is never taken
from another article's item (a wrong count is worse than none)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from operator import itemgetter

from lxml import etree

from scraper.parse.body import MAX_LINK_SHARE, closes_sentence, collect_paragraphs, is_meta_line
from scraper.parse.dom import Element, in_chrome, inside, normalize, text_of
from scraper.parse.index import PageIndex
from scraper.parse.idn import find_count, find_date, normalize_iso, parse_number, with_time
from scraper.parse.selectors import (
    BARE_NUMBER_RE, BLOCK_TAGS, CHROME_TAGS, HEADING_TAGS, META_DATE_KEYS,
    META_TITLE_KEYS, TITLE_SEPARATORS_RE, VIEWS_HINT_RE, VIEWS_ICON_RE, VIEWS_LABEL_RE,
)

#: How much text after the headline is searched for the date/views line.
META_WINDOW_CHARS = 400
#: How far up from a count the view-count fallback looks for a link to another article.
FOREIGN_ITEM_DEPTH = 4
#: Tags of a heading that may be a date heading.
DATE_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: A count set apart by its label ("Dilihat" "3.021") belongs to another article only if the pair's block links one.
LABELLED_COUNT_DEPTH = 2
#: Headings whose link makes their block a teaser of another article.
TEASER_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
#: Title candidates looked for as visible text when no heading shows one, most trusted first.
MAX_TITLE_LOOKUPS = 4
#: A title candidate shorter than this ("Berita") is not searched for as visible text.
MIN_SHOWN_TITLE_CHARS = 15
#: How many levels above the headline a date heading is looked for, and how many siblings back on each.
DATE_HEADING_LEVELS = 4
DATE_HEADING_SIBLINGS = 3
#: Longest text of a heading that is only a date ("Rabu, 17 Pebruari 2021").
MAX_DATE_HEADING_CHARS = 40
#: Elements that may hold a lead paragraph, and what a lead never holds.
LEAD_TAGS = frozenset({"p", "div"})
NON_LEAD_TAGS = frozenset({"a", "img", "amp-img", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "form", "time"})
#: Shortest paragraph read as a lead: a caption or a dateline is shorter.
MIN_LEAD_CHARS = 60
#: Elements of the document head: their text is never shown on the page.
HEAD_TAGS = frozenset({"title", "head", "meta", "script", "style"})
#: How many levels above the body's container a page builder's sibling text widget is looked for.
TWIN_LEVELS = 3
#: Elements an icon font draws its glyph into (``<i class="fa fa-eye">``, ``<span class="icon-eye">``).
ICON_TAGS = frozenset({"i", "span"})


def find_body_container(index: PageIndex, excluded: set) -> Element | None:
    """The element whose direct paragraphs (``<p>``, leaf ``<div>``, text between ``<br>``) hold the most prose.

    A paragraph's prose is its text less its link text (a paragraph mostly of links is
    navigation and counts nothing).  Lengths come from ``.text`` or lxml's C serialiser
    (:func:`_text_chars`) and each link is charged to its nearest block: asking every
    paragraph for its text pieces and its links cost more than parsing the page.
    """
    wrappers = index.wrappers
    leaves = dict.fromkeys([element for element in index.blocks if element.tag != "div" or element not in wrappers])
    link_chars = _link_chars_by_block(index.anchors, leaves)
    scores: dict[Element, float] = {}
    for element in leaves:
        parent = element.getparent()
        if parent is not None:
            text = _text_chars(element)
            links = link_chars.get(element, 0)
            if text and links <= MAX_LINK_SHARE * text:
                scores[parent] = scores.get(parent, 0.0) + text - links
    # Text written between <br>s straight into a cell or <font> (HTML4 themes) counts for its parent.
    for element in index.br_parents:
        scores[element] = scores.get(element, 0.0) + _own_text_chars(element)
    ranked = sorted(scores.items(), key=itemgetter(1), reverse=True)
    for element, score in ranked[:12]:
        if score < 40:
            break
        if inside(element, excluded) or element.tag in CHROME_TAGS or in_chrome(element):
            continue
        return element
    return None


def _text_chars(element: Element) -> int:
    """The length of the element's text (its descendants' included): ``.text`` for a leaf, else lxml's C serialiser."""
    if not len(element):
        return len(element.text or "")
    return len(etree.tostring(element, method="text", encoding=str, with_tail=False))


def iter_twin_blocks(container: Element, excluded: set) -> Iterator[Element]:
    """The body's container and its twins, in document order.

    A page builder may split one body over sibling text widgets (two Elementor
    text-editor widgets under one column): a twin is the block at the same path
    (tags and classes) under a neighbour of the container or of one of its
    ``TWIN_LEVELS`` ancestors, holding prose and no heading.  Only the unbroken run
    of twins next to the container counts, so a widget after a heading never joins.
    """
    path: list[tuple[str, str]] = []
    anchor = container
    for _ in range(TWIN_LEVELS + 1):
        classes = anchor.get("class")
        signature = _signature(anchor, classes)
        # Bare <td>/<tr>/<div> siblings are any layout's cells (a table theme's footer
        # row of prose): only a builder's classed widgets are known twins.
        if classes:
            before = _twin_run(anchor, True, signature, path, excluded)
            after = _twin_run(anchor, False, signature, path, excluded)
            if before or after:
                yield from reversed(before)
                yield container
                yield from after
                return
        parent = anchor.getparent()
        if parent is None:
            break
        path.insert(0, signature)
        anchor = parent
    yield container


def _signature(element: Element, classes: str | None) -> tuple[str, str]:
    """An element's tag and ``classes`` (its ``class``), spaced evenly."""
    return element.tag, " ".join(classes.split()) if classes else ""


def _twin_run(
    anchor: Element, preceding: bool, signature: tuple[str, str], path: list[tuple[str, str]], excluded: set,
) -> list[Element]:
    """The twins of a container at ``path`` under each sibling of ``anchor`` after it (before it when
    ``preceding``), nearest first, until the first sibling that has none.

    Stepped with ``getnext``/``getprevious``: the run most often ends at the first sibling,
    and an ``itersiblings`` iterator costs more than a few steps.
    """
    run: list[Element] = []
    sibling = anchor.getprevious() if preceding else anchor.getnext()
    while sibling is not None:
        if isinstance(sibling.tag, str):
            twin = _twin_under(sibling, signature, path)
            if twin is None or inside(twin, excluded) or in_chrome(twin) or next(sibling.iter(*HEADING_TAGS), None) is not None:
                break
            if _text_chars(twin) < MIN_LEAD_CHARS or not _holds_prose(twin, excluded):
                break
            run.append(twin)
        sibling = sibling.getprevious() if preceding else sibling.getnext()
    return run


def _holds_prose(block: Element, excluded: set) -> bool:
    """Whether a block has at least one sentence-long paragraph (not a widget's label or a phone list)."""
    return any(len(p) >= MIN_LEAD_CHARS and closes_sentence(p) for p in collect_paragraphs(block, excluded))


def _twin_under(sibling: Element, signature: tuple[str, str], path: list[tuple[str, str]]) -> Element | None:
    """The element under ``sibling`` reached by the same tags and classes as the container under its ancestor."""
    # The tag first: most siblings differ there, before their classes are read.
    if sibling.tag != signature[0] or _signature(sibling, sibling.get("class")) != signature:
        return None
    node = sibling
    for step in path:
        node = next((child for child in node if child.tag == step[0] and _signature(child, child.get("class")) == step), None)
        if node is None:
            return None
    return node


def _own_text_chars(element: Element) -> int:
    """The normalized length of the text written straight into ``element`` (its text and its children's tails)."""
    chars = len(normalize(element.text))
    for child in element:
        tail = child.tail
        if tail:
            chars += len(normalize(tail))
    return chars


def _link_chars_by_block(anchors: list[Element], leaves: dict[Element, None]) -> dict[Element, int]:
    """Link text length per paragraph: each link charged to its nearest block ancestor, if that is a paragraph."""
    chars: dict[Element, int] = {}
    for anchor in anchors:
        block = anchor.getparent()
        while block is not None and block.tag not in BLOCK_TAGS:
            block = block.getparent()
        if block is not None and block in leaves:
            chars[block] = chars.get(block, 0) + _text_chars(anchor)
    return chars


def lead_paragraphs(container: Element, excluded: set) -> list[str]:
    """The lead printed in its own element right before the body's container (TYPO3's teaser, ``<p class="lead">``).

    Only the nearest element before the container is looked at, and only prose counts:
    each of its paragraphs long enough and closing a sentence, none of them a link,
    no heading, image or table in it.
    """
    lead = container.getprevious()
    while lead is not None and not isinstance(lead.tag, str):
        lead = lead.getprevious()  # a comment ("<!-- main text -->") between the two
    if lead is None or lead in excluded or lead.tag not in LEAD_TAGS:
        return []
    # Its text's length before its ancestors: a caption or a dateline is too short to hold a lead's paragraph.
    if _text_chars(lead) < MIN_LEAD_CHARS or in_chrome(lead):
        return []
    for element in lead.iter():
        if element.tag in NON_LEAD_TAGS:
            return []
    paragraphs = collect_paragraphs(lead, excluded)
    if not paragraphs or not all(len(p) >= MIN_LEAD_CHARS and closes_sentence(p) for p in paragraphs):
        return []
    return paragraphs


def iter_lines(root: Element, excluded: set) -> Iterator[tuple[Element, str]]:
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
        if probe and len(text) > 30 and (text.startswith(probe[: min(len(probe), len(text))]) or text in first_paragraph):
            break
        window.append((element, text))
        size += len(text)
        if size > META_WINDOW_CHARS:
            break
    return window


def pick_title(root: Element, index: PageIndex, excluded: set, container: Element | None) -> tuple[str | None, Element | None]:
    """The visible headline and its element.

    The headline is what the page's meta title or ``<title>`` says, minus the
    site's name: a heading showing one of those texts wins (the longest match,
    so a site name in ``<h1>`` loses to the headline in ``<h2>``); else any
    element before the body showing one (HTML4 themes print it in ``<b>``/``<td>``);
    else the nearest heading before the body; else the meta title itself.
    """
    meta_titles = [normalize(t) for t in index.first_meta(META_TITLE_KEYS)]
    candidates = title_candidates(meta_titles, index.title)
    wanted = {c.casefold(): rank for rank, c in enumerate(candidates)}
    headings = [(h, text_of(h)) for h in index.headings]
    headings = [(h, text) for h, text in headings if len(text) >= 8]
    # The sidebar's headings never title the page: only one that would is asked whether it is there.
    matching = [(h, text) for h, text in headings if text.casefold() in wanted and not (excluded and inside(h, excluded))]
    if matching:
        heading, text = min(matching, key=lambda ht: (wanted[ht[1].casefold()] > len(meta_titles), -len(ht[1])))
        return text, heading
    shown, positions = _scan_before_body(root, container, candidates[:MAX_TITLE_LOOKUPS], excluded)
    if shown is not None:
        return shown
    before = [
        (h, t) for h, t in headings
        if h in positions and not (excluded and inside(h, excluded)) and not in_chrome(h)
        and next(h.iterancestors("a"), None) is None and not is_meta_line(t)
    ]  # a heading that is only a date (Blogger's date-header) dates the post, it does not title it
    if before:
        heading, text = max(before, key=lambda ht: (positions[ht[0]] if ht[0].tag in ("h1", "h2") else -1))
        return text, heading
    return (candidates[0], None) if candidates else (None, None)


def _scan_before_body(root: Element, container: Element | None, candidates: list[str], excluded: set) -> tuple[tuple[str, Element] | None, dict[Element, int]]:
    """One walk up to the body's first paragraph: the first element showing a title candidate
    (the most trusted candidate wins), and the positions of the headings passed on the way.

    A body of bare text between ``<br>``s has no first paragraph to stop at, and a mobile
    theme prints the headline inside it (a ``<b>`` over the text): its container is searched too.
    """
    first_para = next(container.iter("p"), None) if container is not None else None
    stop = first_para if first_para is not None else container
    wanted = {title: rank for rank, title in enumerate(candidates) if len(title) >= MIN_SHOWN_TITLE_CHARS}
    # A text shorter than every candidate shows none (normalising never lengthens it): most
    # elements are told by their length, with no call.
    shortest = min(map(len, wanted), default=0)
    found: dict[int, Element] = {}
    positions: dict[Element, int] = {}
    for position, element in enumerate(root.iter()):
        if element is stop:
            break
        if element.tag in HEADING_TAGS:
            positions[element] = position
        if wanted:
            text = element.text
            if text and len(text) >= shortest:
                _note_shown_title(element, text, wanted, found, excluded)
    if first_para is None and container is not None and wanted:
        for element in container.iterdescendants():
            text = element.text
            if text and len(text) >= shortest:
                _note_shown_title(element, text, wanted, found, excluded)
            if element.tail and len(element.tail.strip()) >= MIN_LEAD_CHARS:
                break  # the bare text of the body has begun: a site name further down is no headline
    if found:
        rank = min(found)
        return (candidates[rank], found[rank]), positions
    return None, positions


def _note_shown_title(element: Element, text: str, wanted: dict[str, int], found: dict[int, Element], excluded: set) -> None:
    """Record ``element`` in ``found`` under the rank of the title candidate its own ``text`` shows.

    ``<title>`` itself shows nothing on the page: matching it would keep the site's suffix.
    """
    if element.tag not in HEAD_TAGS:
        rank = wanted.get(normalize(text))
        if rank is not None and rank not in found and not inside(element, excluded) and not in_chrome(element):
            found[rank] = element


def title_candidates(meta_titles: list[str], doc_title: str) -> list[str]:
    """Texts the headline may be, most trusted first: meta titles, then ``<title>`` with the site's name cut.

    The site's name hangs off one end after a separator ("TITLE :: Site", "Site - TITLE"), and a
    headline may itself hold " - " ("Jalan Ranuyoso - Klakah"): every run of whole parts is a
    candidate, longest first, and the run before the last separator leads them.
    """
    candidates = [t for t in meta_titles if t]
    parts, separators = _split_title(doc_title) if doc_title else ([], [])
    if parts:
        runs = {}
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                text = parts[i]
                for k in range(i + 1, j):
                    text += separators[k - 1] + parts[k]
                runs[text.strip()] = (j - i < len(parts), len(text))
        ordered = sorted(runs, key=runs.__getitem__, reverse=True)
        if len(parts) > 1:
            without_suffix = ordered.pop(ordered.index(doc_title[: doc_title.rindex(separators[-1])].strip()))
            ordered.insert(0, without_suffix)
        candidates += [r for r in ordered if r and r not in candidates]
    return candidates


def _split_title(doc_title: str) -> tuple[list[str], list[str]]:
    """``TITLE_SEPARATORS_RE.split(doc_title)`` and ``.findall(doc_title)`` from one search of the title."""
    parts: list[str] = []
    separators: list[str] = []
    start = 0
    for match in TITLE_SEPARATORS_RE.finditer(doc_title):
        parts.append(doc_title[start:match.start()])
        separators.append(match.group())
        start = match.end()
    parts.append(doc_title[start:])
    return parts, separators


def pick_published(
    window: list[tuple[Element, str]], index: PageIndex, json_ld: list[dict], excluded: set, title_el: Element | None = None,
    scope: Element | None = None,
) -> str | None:
    """The date shown under the headline, with the time that a machine-readable date of the article adds.

    A ``<time datetime>``, ``article:published_time`` or JSON-LD ``datePublished`` carrying
    a time wins over a visible date of the same day (and stands alone where none is shown).
    With neither, a date heading just above the headline (``title_el``) gives the day, else
    a meta line just above it inside ``scope`` (Wix prints "Admin · 18.03.2021" over the title).
    A date in the body (the dateline's "Minggu (2/5/2021)") is the event's, never used.
    """
    visible = find_date(" ".join(text for _, text in window))
    if visible and "T" in visible:
        return visible
    found = with_time(visible, _machine_date(index, json_ld, excluded))
    if found is None and title_el is not None:
        found = date_heading_before(title_el)
        if found is None and scope is not None:
            found = _meta_date_before(iter_lines(scope, excluded), set(title_el.iter()))
    return found


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
        value = item.get("datePublished")
        if isinstance(value, str) and normalize_iso(value):
            return normalize_iso(value)
    for element in index.times:
        if not inside(element, excluded):
            iso = normalize_iso(element.get("datetime", "")) or find_date(text_of(element))
            if iso:
                return iso
    return None


def pick_views(window: list[tuple[Element, str]], lines: Iterator[tuple[Element, str]], body: set[str], link_urls: dict, own_url: str | None) -> int | None:
    """The article's own view count.

    ``N kali`` under the headline; else a bare number there that a views marker labels
    (an eye icon, a ``views``/``hits`` class, a "Dilihat" label just before it); else the
    first count elsewhere outside the body and the sidebar and outside every item that
    links another article (``link_urls`` maps the page's article links to their URLs):
    a wrong count is worse than none.
    """
    found = find_count(" ".join(text for _, text in window))
    if found is not None:
        return found
    previous = ""
    for element, text in window:
        if BARE_NUMBER_RE.match(text) and (_labelled_as_views(element) or VIEWS_LABEL_RE.match(previous)):
            return parse_number(text)
        icon = VIEWS_ICON_RE.match(text)
        if icon:
            return parse_number(icon.group("n"))
        previous = text
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


def teaser_blocks(container: Element, inner_links: list[tuple[Element, str]], own_url: str | None) -> set:
    """Blocks inside the body's container that are teasers of other articles (a related-posts widget).

    A teaser is the block around a heading that links another article; two or more make a widget.
    """
    blocks: dict[str, Element] = {}
    for link, url in inner_links:
        if url == own_url:
            continue
        heading = next((a for a in link.iterancestors(*TEASER_HEADING_TAGS)), None)
        if heading is not None:
            parent = heading.getparent()
            blocks[url] = parent if parent is not None and parent is not container else heading
    return set(blocks.values()) if len(blocks) >= 2 else set()


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


def common_scope(container: Element | None, title_el: Element | None) -> Element | None:
    """The nearest element holding both the body's container and the headline."""
    if container is None:
        return None
    if title_el is None:
        return container.getparent() if container.getparent() is not None else container
    title_ancestors = set(title_el.iterancestors())
    if container in title_ancestors:
        return container
    for ancestor in container.iterancestors():  # no list of them all: the headline is a few levels up
        if ancestor in title_ancestors:
            return ancestor
    return container
