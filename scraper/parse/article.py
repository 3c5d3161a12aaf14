"""An article page: its body's container and its headline (the date and views:
:mod:`scraper.parse.metaline`; the photo: :mod:`scraper.parse.photo`).

The body is the block with the densest paragraph text outside page chrome and
the most-read sidebar (text density, not class names); a related-posts widget
inside it (headings linking other articles) is left out."""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter

from lxml import etree

from scraper.parse.body import MAX_LINK_SHARE, closes_sentence, collect_paragraphs, is_meta_line
from scraper.parse.dom import Element, in_chrome, inside, normalize, text_of
from scraper.parse.index import PageIndex
from scraper.parse.selectors import BLOCK_TAGS, CHROME_TAGS, HEADING_TAGS, IMAGE_TAGS, META_TITLE_KEYS, TITLE_SEPARATORS_RE

#: Headings whose link makes their block a teaser of another article.
TEASER_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
#: Title candidates looked for as visible text when no heading shows one, most trusted first.
MAX_TITLE_LOOKUPS = 4
#: A title candidate shorter than this ("Berita") is not searched for as visible text.
MIN_SHOWN_TITLE_CHARS = 15
#: Elements that may hold a lead paragraph, and what a lead never holds.
LEAD_TAGS = frozenset({"p", "div"})
NON_LEAD_TAGS = frozenset({"a", "img", "amp-img", "table", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "form", "time"})
#: Shortest paragraph read as a lead: a caption or a dateline is shorter.
MIN_LEAD_CHARS = 60
#: Paragraphs that a word processor styles as the title, and the longest headline read from one.
TITLE_STYLE_TAGS = ("p", "div")
MAX_STYLED_TITLE_CHARS = 200
#: How many levels above the body's container a lead is looked for, and the most text a photo's
#: block passed over on the way shows (its caption, a link's label).
LEAD_LEVELS = 2
MAX_PHOTO_BLOCK_CHARS = 250
#: Elements of the document head: their text is never shown on the page.
HEAD_TAGS = frozenset({"title", "head", "meta", "script", "style"})
#: How many levels above the body's container a page builder's sibling text widget is looked for.
TWIN_LEVELS = 3


def find_body_container(index: PageIndex, excluded: set) -> Element | None:
    """The element whose direct paragraphs (``<p>``, leaf ``<div>``/``<section>``, text between ``<br>``) hold the most prose.

    A paragraph's prose is its text less its link text (a paragraph mostly of links is
    navigation and counts nothing).  Lengths come from ``.text`` or lxml's C serialiser
    (:func:`_text_chars`) and each link is charged to its nearest block: asking every
    paragraph for its text pieces and its links cost more than parsing the page.
    """
    wrappers = index.wrappers
    # A <div> or <section> holding blocks wraps paragraphs; one holding none is a paragraph (or inline ones).
    leaves = dict.fromkeys([
        element for element in index.blocks if element.tag == "p" or element.tag == "blockquote" or element not in wrappers
    ])
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


def before_headline(container: Element, title_el: Element | None) -> set:
    """The children of the body's container before the one holding the headline, when it holds it.

    A document written as one flow (a Word press release) prints its letterhead, its number
    and "Untuk segera disiarkan" before the headline, in the same container as the text.
    """
    branch = title_el
    while branch is not None and branch.getparent() is not container:
        branch = branch.getparent()
    return set(branch.itersiblings(preceding=True)) if branch is not None else set()


def lead_paragraphs(container: Element, excluded: set, title_el: Element | None = None) -> list[str]:
    """The lead printed in its own element before the body's container (TYPO3's teaser, Plone's description, ``<p class="lead">``).

    Only the nearest element before the container that shows text is looked at
    (:func:`_shown_before`), and only prose counts: each of its paragraphs long enough and
    closing a sentence, none of them a link, no heading, image or table in it.
    """
    lead = _shown_before(container, title_el)
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


def _shown_before(container: Element, title_el: Element | None) -> Element | None:
    """The nearest element before the container that shows text, below the headline (``title_el``).

    Empty elements (a CMS's placeholder slots) and the photo's block (an image and its
    caption between the lead and the text, as Plone prints them) are passed over.  When the
    container has nothing before it, its parent's earlier siblings are looked at, up to
    LEAD_LEVELS levels, never at or above the headline's own ancestors.
    """
    node = container
    for _ in range(LEAD_LEVELS + 1):
        sibling = node.getprevious()
        while sibling is not None:
            if isinstance(sibling.tag, str) and not _passed_over(sibling):  # not a comment ("<!-- main text -->")
                return sibling
            sibling = sibling.getprevious()
        node = node.getparent()
        if node is None or title_el is None or node in title_el.iterancestors():
            break
    return None


def _passed_over(element: Element) -> bool:
    """Whether an element before the body is no lead and hides none: an empty one, or the photo with its caption.

    Text of its own says no at once; a ``<figure>`` is the photo by its tag; any other
    element but a ``<div>`` or ``<p>`` with children is a block of its own (a byline, the
    headline's header), never read through.
    """
    text = element.text
    if text and not text.isspace():
        return False
    if not len(element) or element.tag == "figure":
        return True
    if element.tag not in LEAD_TAGS or next(element.iter(*IMAGE_TAGS), None) is None:
        return False
    return _text_chars(element) <= MAX_PHOTO_BLOCK_CHARS


def pick_title(root: Element, index: PageIndex, excluded: set, container: Element | None) -> tuple[str | None, Element | None]:
    """The visible headline and its element.

    The headline is what the page's meta title or ``<title>`` says, minus the
    site's name: a heading showing one of those texts wins (the longest match,
    so a site name in ``<h1>`` loses to the headline in ``<h2>``); else an ``<h1>``
    beginning with one (:func:`_expanded_headline`); else any
    element before the body showing one (HTML4 themes print it in ``<b>``/``<td>``);
    else the nearest heading before the body; else a paragraph styled as the title
    (:func:`_styled_title`); else the meta title itself.
    """
    meta_titles = [normalize(t) for t in index.first_meta(META_TITLE_KEYS)]
    candidates = title_candidates(meta_titles, index.title)
    wanted = {c.casefold(): rank for rank, c in enumerate(candidates)}
    headings = [(h, text_of(h)) for h in index.headings]
    headings = [(h, text) for h, text in headings if len(text) >= 8]
    # The sidebar's headings never title the page: only one that would is asked whether it is there.
    matching = [(h, text) for h, text in headings if text.casefold() in wanted and not (excluded and inside(h, excluded))]
    if matching:
        if not meta_titles and container is not None and len({text.casefold() for _, text in matching}) > 1:
            nearest = _nearest_above(root, container, matching)
            if nearest is not None:
                return nearest[1], nearest[0]
        heading, text = min(matching, key=lambda ht: (wanted[ht[1].casefold()] > len(meta_titles), -len(ht[1])))
        return text, heading
    expanded = _expanded_headline(headings, candidates, excluded)
    if expanded is not None:
        return expanded
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
    styled = _styled_title(container) if container is not None else None
    if styled is not None:
        return styled
    return (candidates[0], None) if candidates else (None, None)


def _nearest_above(root: Element, container: Element, matching: list[tuple[Element, str]]) -> tuple[Element, str] | None:
    """Of headings showing different parts of ``<title>`` ("Site | Headline"), the last one before the body
    (or at its top): the site's name in the masthead's ``<h1>`` is printed first, the headline right above the text."""
    order = {element: position for position, element in enumerate(root.iter())}
    limit = order[container]
    above = [(h, t) for h, t in matching if order[h] < limit or inside(h, {container})]
    return max(above, key=lambda ht: order[ht[0]]) if above else None


def _styled_title(container: Element) -> tuple[str, Element] | None:
    """The headline of a document without headings, styled by its class (Word's ``<p class=MsoTitle>``).

    A word processor's export marks its headline with a paragraph style, not a heading
    tag: the first paragraph in the body's container whose class names a title, of a
    headline's length and linking nowhere.
    """
    for element in container.iter(*TITLE_STYLE_TAGS):
        if "title" in (element.get("class") or "").lower() and next(element.iter("a"), None) is None:
            text = text_of(element)
            if MIN_SHOWN_TITLE_CHARS <= len(text) <= MAX_STYLED_TITLE_CHARS:
                return text, element
    return None


def _expanded_headline(headings: list[tuple[Element, str]], candidates: list[str], excluded: set) -> tuple[str, Element] | None:
    """An ``<h1>`` that begins with a title candidate: the full headline of a page whose ``<title>``
    names it short ("Site - Vaksinasi Lansia Keliling" over "Vaksinasi Lansia Keliling Menyasar 12 Desa")."""
    prefixes = tuple(c.casefold() for c in candidates if len(c) >= MIN_SHOWN_TITLE_CHARS)
    for heading, text in headings:
        if (
            heading.tag == "h1" and text.casefold().startswith(prefixes)
            and not (excluded and inside(heading, excluded)) and not in_chrome(heading)
        ):
            return text, heading
    return None


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
