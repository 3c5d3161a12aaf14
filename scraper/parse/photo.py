"""The article's photo and its caption.

The photo is the first image from the headline to the body's end that is not page
chrome (a logo, an icon), read where a browser would load it from (lazy-loading
attributes, ``srcset``); ``og:image`` stands in when the page shows none.  The caption
is a ``<figcaption>``, a ``Dok. ...`` line, or the short line in the block right after
the photo's own.
"""

from __future__ import annotations


from scraper.parse.article import common_scope
from scraper.parse.metaline import DATE_HEADING_TAGS
from scraper.parse.body import is_meta_line
from scraper.parse.dom import (
    Element, absolute, ancestors_of, element_by_id, in_chrome, inside, match_at_last_bracket, normalize, shows_more_text,
    text_of,
)
from scraper.parse.index import PageIndex
from scraper.parse.selectors import (
    BOILERPLATE_RE, CAPTION_RE, CHROME_IMAGE, CLOSING_CAPTION_CUE_RE, HEADING_TAGS, IMAGE_TAGS, LAZY_SOURCE_ATTRIBUTES,
    META_IMAGE_KEYS, SRCSET_ATTRIBUTES,
)

#: Longest caption read from the block right after the photo's own block (a caption field, a caption cell).
MAX_SLOT_CAPTION_CHARS = 200


def pick_image(index: PageIndex, container: Element | None, title_el: Element | None, excluded: set, base: str | None) -> tuple[str | None, Element | None]:
    """The article's photo: the first non-chrome image from the headline to the body's end, else ``og:image``
    (and the element showing it, wherever it is)."""
    scope = common_scope(container, title_el)
    if scope is not None:
        for tag in IMAGE_TAGS:  # one tag at a time: AMP pages have only <amp-img>, the others only <img>
            for image in scope.iter(tag):
                src = image_source(image)
                if not src or _is_chrome_image(src) or inside(image, excluded) or in_chrome(image):
                    continue
                url = absolute(src, base)
                if url:
                    return url, image
    for value in index.first_meta(META_IMAGE_KEYS):
        url = absolute(value, base)
        if url and not _is_chrome_image(url):
            return url, _shown_image(index.root, url, excluded, base)
    return None, None


def _shown_image(root: Element, url: str, excluded: set, base: str | None) -> Element | None:
    """The element showing the ``og:image`` photo outside the headline and the body (a card's image over its title), for its caption."""
    for image in root.iter(*IMAGE_TAGS):
        src = image_source(image)
        if src and absolute(src, base) == url and not inside(image, excluded) and not in_chrome(image):
            return image
    return None


def _is_chrome_image(url: str) -> bool:
    """Whether CHROME_IMAGE finds a logo, icon or spacer in ``url``."""
    pattern, text = CHROME_IMAGE.on(url)
    return pattern.search(text) is not None


def image_source(image: Element) -> str | None:
    """An image's real address, as a browser would load it.

    Lazy-loading attributes first; then ``src`` unless ``srcset`` offers other files (a
    lazy loader's placeholder sits in ``src``: WordPress lists ``src`` itself among the
    ``srcset`` sizes), in which case the widest ``srcset`` file; a ``data:`` URI never.
    """
    for name in LAZY_SOURCE_ATTRIBUTES:
        value = (image.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = next(filter(None, map(image.get, SRCSET_ATTRIBUTES)), None)
    sizes = _srcset_files(srcset) if srcset else []
    src = (image.get("src") or "").strip()
    if src and not src.startswith("data:") and (not sizes or _file_name(src) in {_file_name(url) for _, url in sizes}):
        return src
    return max(sizes)[1] if sizes else None


def _srcset_files(srcset: str) -> list[tuple[float, str]]:
    """``(width, url)`` of each ``srcset`` candidate ("a.jpg 640w, b.jpg 1280w"); no width counts as 0."""
    files = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts and not parts[0].startswith("data:"):
            width = parts[1][:-1] if len(parts) > 1 and parts[1].endswith("w") else "0"
            files.append((float(width) if width.replace(".", "", 1).isdigit() else 0.0, parts[0]))
    return files


def _file_name(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def pick_caption(window: list[tuple[Element, str]], image: Element | None, container: Element | None = None) -> str | None:
    """``Dok. ...`` under the photo: a ``<figcaption>``, the line after the image, or a caption line near the headline;
    else the short line in the block right after the photo's own (:func:`slot_caption`, ``container`` being the body's)."""
    if image is not None:
        for figure in image.iterancestors("figure"):
            for caption in figure.iter("figcaption"):
                text = text_of(caption)
                if text:
                    return text
            break
    for _, text in window:
        if CAPTION_RE.match(text):
            return text
    if image is not None:
        tail = normalize(image.tail)
        if tail and CAPTION_RE.match(tail):
            return tail
        described = _described_by(image)
        if described:
            return described
        following = image.getnext()
        if following is None and image.getparent() is not None:
            following = image.getparent().getnext()
        if following is not None and _is_caption(text_of(following)):
            return text_of(following)
        title = normalize(image.get("title"))
        if title and CAPTION_RE.match(title):
            return title
        return slot_caption(image, container)
    return None


def _is_caption(text: str) -> bool:
    """Whether ``text`` reads as a caption: it opens with a cue ("Dok. ...") or is a short sentence
    that closes naming its source ("... (Dok. Kecamatan)", WordPress's ``[caption]``)."""
    if CAPTION_RE.match(text):
        return True
    return (
        len(text) <= MAX_SLOT_CAPTION_CHARS and text.endswith(")")
        and match_at_last_bracket(CLOSING_CAPTION_CUE_RE, text) is not None
    )


def _described_by(image: Element) -> str | None:
    """The short text of the element the image's ``aria-describedby`` names: its caption, by the page's own account."""
    target = (image.get("aria-describedby") or "").strip()
    if not target or " " in target:
        return None
    described = element_by_id(image.getroottree().getroot(), target)
    text = text_of(described) if described is not None else ""
    return text if text and len(text) <= MAX_SLOT_CAPTION_CHARS else None


def slot_caption(image: Element, container: Element | None) -> str | None:
    """A caption without a "Dok." cue, told by where it sits: the block right after the photo's own block.

    The photo's block is its widest ancestor showing no text (a Drupal image field, a
    Blogger caption table's image row) or only a link's: the text of a link around the
    photo labels the link to a larger view ("Klik untuk memperbesar"), it does not caption
    the photo.  The block after it is a caption when it is
    a short line with no link or heading and it is not the body's own prose: it
    sits outside the body's container (a separate caption field) or in a small table
    holding the image (Blogger's ``tr-caption-container``).  A paragraph after an
    image inside the body is the body's first paragraph, never a caption.
    """
    block = image
    for parent in ancestors_of(image):
        if parent.tag in ("body", "html") or (parent.tag != "a" and shows_more_text(parent, _link_text_chars(block))):
            break
        block = parent
    following = block.getnext()
    while following is not None and (not isinstance(following.tag, str) or _is_bare_break(following)):
        following = following.getnext()
    if following is None or following.tag in DATE_HEADING_TAGS or next(following.iter("a", *HEADING_TAGS), None) is not None:
        return None
    text = text_of(following)
    if not text or len(text) > MAX_SLOT_CAPTION_CHARS or is_meta_line(text, whole_words=True) or BOILERPLATE_RE.match(text):
        return None
    table = next(block.iterancestors("table"), None) if block.tag != "table" else None
    in_image_table = table is not None and inside(following, {table}) and not shows_more_text(table, len(text) + 2)
    outside_body = container is not None and not inside(following, {container}) and not inside(container, {following})
    return text if in_image_table or outside_body else None


def _link_text_chars(block: Element) -> int:
    """How much text ``block`` shows when it is a link (its label), else 0; counted as :func:`shows_more_text` counts."""
    return sum(len(piece.strip()) for piece in block.itertext()) if block.tag == "a" else 0


def _is_bare_break(element: Element) -> bool:
    """A ``<br>`` with no text after it: it separates nothing (ASP.NET's ``<img><br><span>caption</span>``)."""
    return element.tag == "br" and not normalize(element.tail)
