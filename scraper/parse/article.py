"""An article page: title, date, views, photo, body, credit.

The body is the block with the densest paragraph text outside page chrome and
the most-read sidebar (text density, not class names).  The meta line (date
and ``N kali``) and the caption (``Dok. ...``) are read from the text between
the headline and the body, with ``<time datetime>``, ``og:``/``article:``
meta and JSON-LD as fallbacks for themes that print them elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from scraper.parse.dom import Element, absolute, in_chrome, inside, normalize, text_of
from scraper.parse.idn import find_count, find_date, normalize_iso
from scraper.parse.selectors import (
    BLOCK_TAGS, BOILERPLATE_RE, CAPTION_RE, CHROME_IMAGE_RE, CHROME_TAGS, CREDIT_RE, HEADING_TAGS,
    META_DATE_XPATH, META_IMAGE_XPATH, META_TITLE_XPATH, TIME_XPATH, TITLE_SEPARATORS_RE,
)

#: Tags whose content never belongs to the body even inside its container.
SKIP_IN_BODY = frozenset({"figure", "figcaption", "table", "h1", "h2", "h3", "h4", "h5", "h6", "img", "time", *CHROME_TAGS})
#: A paragraph whose link text exceeds this share of its text is navigation.
MAX_LINK_SHARE = 0.5
#: How much text after the headline is searched for the date/views line.
META_WINDOW_CHARS = 400
#: Residue of a meta line once its date, count and separators are removed ("Dilihat", "Oleh admin").
META_LINE_RESIDUE = 25
_META_NOISE_RE = re.compile(
    r"\d+|kali|dilihat|dibaca|views?|hits|wib|wita|wit|pukul|posted|diposting|oleh|admin|by|on|"
    r"senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|januari|februari|pebruari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|nopember|desember|[a-z]{3}\.?|[\W_]+",
    re.IGNORECASE,
)
_BREAK = object()


@dataclass
class Body:
    """The article's paragraphs and the closing credit taken off the last one."""

    paragraphs: list[str]
    credit: str | None = None


def find_body_container(root: Element, excluded: set) -> Element | None:
    """The element whose direct paragraphs (``<p>``, leaf ``<div>``, text between ``<br>``) hold the most prose."""
    scores: dict[Element, float] = {}
    for element in root.iter("p", "div", "blockquote"):
        if element.tag != "div" or not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element):
            parent = element.getparent()
            if parent is not None:
                scores[parent] = scores.get(parent, 0.0) + _prose_length(element)
    # Text written between <br>s straight into a cell or <font> (HTML4 themes) counts for its parent.
    for element in {br.getparent() for br in root.iter("br")}:
        if element is not None:
            own = len(normalize(element.text)) + sum(len(normalize(c.tail)) for c in element)
            scores[element] = scores.get(element, 0.0) + own
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    for element, score in ranked[:12]:
        if score < 40:
            break
        if inside(element, excluded) or element.tag in CHROME_TAGS or in_chrome(element):
            continue
        return element
    return None


def _prose_length(element: Element) -> float:
    # Raw lengths (no whitespace normalisation): this runs on every paragraph of the page.
    text = sum(len(t) for t in element.itertext())
    links = sum(len(t) for a in element.iter("a") for t in a.itertext())
    return 0.0 if text == 0 or links > MAX_LINK_SHARE * text else float(text - links)


def _iter_pieces(element: Element, excluded: set) -> Iterator[object]:
    """Text pieces and paragraph breaks of ``element`` in document order; link text marked."""
    if element.text:
        yield (element.text, element.tag == "a")
    for child in element:
        if isinstance(child.tag, str) and child not in excluded:
            tag = child.tag
            if tag == "br":
                yield _BREAK
            elif tag in SKIP_IN_BODY:
                yield _BREAK
            elif tag in BLOCK_TAGS:
                yield _BREAK
                yield from _iter_pieces(child, excluded)
                yield _BREAK
            elif tag == "a":
                for text in child.itertext():
                    yield (text, True)
            else:
                yield from _iter_pieces(child, excluded)
        if child.tail:
            yield (child.tail, element.tag == "a")


def iter_paragraphs(container: Element, excluded: set) -> Iterator[str]:
    """The container's paragraphs, split at block boundaries and ``<br>``; link-only ones dropped."""
    texts: list[str] = []
    link_chars = 0
    for piece in [*_iter_pieces(container, excluded), _BREAK]:
        if piece is _BREAK:
            paragraph = normalize("".join(texts))
            if paragraph and link_chars < MAX_LINK_SHARE * len(paragraph):
                yield paragraph
            texts, link_chars = [], 0
        else:
            text, in_link = piece
            texts.append(text)
            if in_link:
                link_chars += len(normalize(text))


def is_meta_line(text: str) -> bool:
    """The date/views line ("26 Januari 2021 296 kali"), not prose that mentions a date."""
    if len(text) > 120 or (find_date(text) is None and find_count(text) is None):
        return False
    return len(_META_NOISE_RE.sub("", text)) <= META_LINE_RESIDUE


def extract_body(raw: list[str], title: str | None, caption: str | None) -> Body:
    """The article's paragraphs (``raw``, from :func:`iter_paragraphs`), boilerplate dropped, credit taken off."""
    skip = {t.casefold() for t in (title, caption) if t}
    paragraphs = [
        p for p in raw
        if p.casefold() not in skip and not BOILERPLATE_RE.match(p) and not is_meta_line(p)
        and not (CAPTION_RE.match(p) and len(p) < 120)
    ]
    credit = None
    match = CREDIT_RE.search(paragraphs[-1]) if paragraphs else None
    if match:
        credit = normalize(match.group("credit"))
        rest = paragraphs[-1][: match.start()].rstrip()
        if rest:
            paragraphs[-1] = rest
        else:
            paragraphs.pop()  # the credit stood as its own paragraph
    return Body(paragraphs=paragraphs, credit=credit)


def iter_lines(root: Element, excluded: set) -> Iterator[tuple[Element, str]]:
    """``(element, text)`` for every text piece in document order, outside ``excluded`` subtrees."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if event == "start":
            if element in excluded:
                depth += 1
            if not depth and element.text and element.text.strip():
                yield element, normalize(element.text)
        else:
            if element in excluded:
                depth -= 1
            if not depth and element.tail and element.tail.strip():
                parent = element.getparent()
                yield (parent if parent is not None else element), normalize(element.tail)


def meta_window(lines: Iterator[tuple[Element, str]], title_el: Element | None, first_paragraph: str | None) -> list[str]:
    """The text between the headline and the body's first paragraph (the seed's date/views/caption lines).

    ``lines`` is consumed only as far as needed: on a 5 MB page that is a few lines, not the page.
    """
    if title_el is not None:
        lines = _iter_after(lines, set(title_el.iter()))
    window: list[str] = []
    size = 0
    probe = (first_paragraph or "")[:40]
    for _, text in lines:
        if probe and text.startswith(probe[: min(len(probe), len(text))]) and len(text) > 30:
            break
        window.append(text)
        size += len(text)
        if size > META_WINDOW_CHARS:
            break
    return window


def _iter_after(lines: Iterator[tuple[Element, str]], title_nodes: set) -> Iterator[tuple[Element, str]]:
    """The lines that follow the headline's own text."""
    seen_title = False
    for element, text in lines:
        if element in title_nodes:
            seen_title = True
        elif seen_title:
            yield element, text


def pick_title(root: Element, excluded: set, container: Element | None) -> tuple[str | None, Element | None]:
    """The visible headline: the heading that matches the page's meta title, else the nearest heading before the body."""
    meta_titles = [normalize(t) for t in root.xpath(META_TITLE_XPATH)]
    doc_title = normalize(" ".join(root.xpath("//title//text()")))
    order = {el: i for i, el in enumerate(root.iter())}
    body_pos = order.get(container, len(order)) if container is not None else len(order)
    if container is not None:
        first_para = next((p for p in container.iter("p")), None)
        if first_para is not None:
            body_pos = order[first_para]
    headings = [
        (h, text_of(h)) for h in root.iter(*HEADING_TAGS)
        if not inside(h, excluded) and len(text_of(h)) >= 8
    ]
    for heading, text in headings:
        folded = text.casefold()
        if any(folded == m.casefold() for m in meta_titles) or (doc_title and doc_title.casefold().startswith(folded) and len(text) > 15):
            return text, heading
    before = [(h, t) for h, t in headings if order[h] < body_pos and not in_chrome(h) and not h.xpath("ancestor::a")]
    if before:
        heading, text = max(before, key=lambda ht: (order[ht[0]] if ht[0].tag in ("h1", "h2") else -1))
        return text, heading
    title = meta_titles[0] if meta_titles else max(TITLE_SEPARATORS_RE.split(doc_title), key=len) if doc_title else None
    if not title:
        return None, None
    # An HTML4 theme prints the headline in <b>/<font>: find the element that shows it.
    for node in root.xpath("//body//text()[normalize-space(.) = $t]", t=title):
        element = node.getparent()
        if element is not None and not inside(element, excluded):
            return title, element
    return title, None


def pick_published(window: list[str], root: Element, json_ld: list[dict], excluded: set) -> str | None:
    """The date shown under the headline; machine-readable dates where the page prints none there."""
    found = find_date(" ".join(window))
    if found:
        return found
    for element in root.xpath(TIME_XPATH):
        if not inside(element, excluded):
            iso = normalize_iso(element.get("datetime", "")) or find_date(text_of(element))
            if iso:
                return iso
    for value in root.xpath(META_DATE_XPATH):
        iso = normalize_iso(value)
        if iso:
            return iso
    for item in json_ld:
        value = item.get("datePublished")
        if isinstance(value, str) and normalize_iso(value):
            return normalize_iso(value)
    return None


def pick_views(window: list[str], lines: Iterator[tuple[Element, str]], body: set[str]) -> int | None:
    """``N kali`` under the headline, else the first view count outside the body and sidebar."""
    found = find_count(" ".join(window))
    if found is not None:
        return found
    for _, text in lines:
        if len(text) < 80 and text not in body:
            found = find_count(text)
            if found is not None:
                return found
    return None


def pick_image(root: Element, container: Element | None, title_el: Element | None, excluded: set, base: str | None) -> tuple[str | None, Element | None]:
    """The article's photo: the first non-chrome image from the headline to the body's end, else ``og:image``."""
    scope = _common_scope(container, title_el)
    if scope is not None:
        for image in scope.iter("img"):
            src = image.get("src") or image.get("data-src") or image.get("data-lazy-src")
            if not src or CHROME_IMAGE_RE.search(src) or inside(image, excluded) or in_chrome(image):
                continue
            return absolute(src, base), image
    for value in root.xpath(META_IMAGE_XPATH):
        url = absolute(value, base)
        if url and not CHROME_IMAGE_RE.search(url):
            return url, None
    return None, None


def _common_scope(container: Element | None, title_el: Element | None) -> Element | None:
    if container is None:
        return None
    if title_el is None:
        return container.getparent() if container.getparent() is not None else container
    title_ancestors = set(title_el.iterancestors())
    for ancestor in [container, *container.iterancestors()]:
        if ancestor in title_ancestors:
            return ancestor
    return container


def pick_caption(window: list[str], image: Element | None) -> str | None:
    """``Dok. ...`` under the photo: a ``<figcaption>``, the line after the image, or a caption line near the headline."""
    if image is not None:
        for figure in image.iterancestors("figure"):
            for caption in figure.iter("figcaption"):
                text = text_of(caption)
                if text:
                    return text
            break
    for text in window:
        if CAPTION_RE.match(text):
            return text
    if image is not None:
        tail = normalize(image.tail)
        if tail and CAPTION_RE.match(tail):
            return tail
        following = image.getnext()
        if following is None and image.getparent() is not None:
            following = image.getparent().getnext()
        if following is not None and CAPTION_RE.match(text_of(following)):
            return text_of(following)
        title = normalize(image.get("title"))
        if title and CAPTION_RE.match(title):
            return title
    return None

