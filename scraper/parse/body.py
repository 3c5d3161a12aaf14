"""An article's body: its paragraphs, which of them are prose, and the credit closing it.

:mod:`scraper.parse.article` finds the body's container; this module collects its
paragraphs, then drops what sits at the prose's edges (the date/views line, boilerplate,
a counter before the first paragraph, a forum signature after the last) and takes the
closing credit ("(Kominfo-lmj/ryn)") off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.parse.dom import Element, match_at_last_bracket, normalize
from scraper.parse.idn import find_count, find_date
from scraper.parse.selectors import (
    BLOCK_TAGS, BOILERPLATE_RE, CAPTION_RE, CHROME_TAGS, CREDIT_RE, LABELLED_CREDIT_RE, CaselessPattern,
)

#: Tags whose content never belongs to the body even inside its container.
SKIP_IN_BODY = frozenset({"figure", "figcaption", "table", "h1", "h2", "h3", "h4", "h5", "h6", "img", "time", *CHROME_TAGS})
#: What ends a paragraph of the body without adding to it.
BREAK_TAGS = frozenset({"br", *SKIP_IN_BODY})
#: A paragraph whose link text exceeds this share of its text is navigation.
MAX_LINK_SHARE = 0.5
#: The closing credit is looked for in this many last paragraphs...
CREDIT_SEARCH_PARAGRAPHS = 4
#: ...past paragraphs no longer than this (widget residue, not prose).
MAX_TRAILING_JUNK_CHARS = 160
#: Longest labelled credit line ("Reporter: ... | Editor: ..."); a longer text is prose that begins with a label.
MAX_LABELLED_CREDIT_CHARS = 100
#: Residue of a meta line once its date, count and separators are removed ("Dilihat", "Oleh admin").
META_LINE_RESIDUE = 25
_META_WORDS = (
    r"\d+|kali|dilihat|dibaca|views?|hits|wib|wita|wit|pukul|posted|diposting|oleh|admin|by|on|"
    r"senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|januari|februari|pebruari|maret|april|mei|juni|juli|agustus|"
    r"september|oktober|november|nopember|desember|[a-z]{3}"
)
#: Loose: three-letter runs go inside longer words too, so a forum's "Terakhir disunting oleh admin_tempeh
#: pada ..." still reads as a meta line where the body's edges are trimmed.
_META_NOISE = rf"{_META_WORDS}\.?|[\W_]+"
#: Strict: only whole words, for a short line that may be a caption with a date in it
#: ("Gubernur meninjau jembatan, Kamis (4/3/2021). Foto: Humas Prov").
_META_WORD_NOISE = rf"\b(?:{_META_WORDS})\b\.?|[\W_]+"
#: Each noise pattern by ``whole_words``.
_META_NOISE_PATTERNS = {False: CaselessPattern.compile(_META_NOISE), True: CaselessPattern.compile(_META_WORD_NOISE)}
#: A decimal digit, and the ASCII ones: every date and view count holds one.
DIGIT_RE = re.compile(r"\d")
ASCII_DIGITS = "0123456789"
#: The signature delimiter of mail and forums ("-- "), or a press release's end mark ("***", "###",
#: "-30-") before its contact block, alone on its line; and how each begins.
SIGNATURE_DELIMITER_RE = re.compile(r"^(?:--|_{2,}|\*{3,}|#{3,}|-30-)$")
DELIMITER_STARTS = ("--", "__", "***", "###", "-30-")
#: Most lines a signature holds after its delimiter.
MAX_SIGNATURE_LINES = 4
#: Longest closing line read as a signature's motto rather than a paragraph.
MAX_MOTTO_CHARS = 80
#: Share of a motto line's words that are capitalised ("Seksi Pemerintahan — Melayani dengan Hati").
MOTTO_CAPITAL_SHARE = 0.6
#: How prose ends: a sentence mark, possibly inside closing quotes or brackets ("...lanjut.”", "(...).").
SENTENCE_MARKS = (".", "!", "?", "…", ":")
CLOSING_MARKS = "\"'”’)]"
#: Shortest text read as a sentence of prose (a caption, a label or a dateline is shorter).
MIN_PROSE_CHARS = 60
#: A paragraph with no letters at all, short: a counter, a bullet or an icon's glyph, never prose.
NON_PROSE_RE = re.compile(r"^[\W\d_]{1,12}$")


@dataclass
class Body:
    """The article's paragraphs and the closing credit taken off the last one."""

    paragraphs: list[str]
    credit: str | None = None


def collect_paragraphs(container: Element, excluded: set) -> list[str]:
    """The container's paragraphs, split at block boundaries and ``<br>``; link-only ones dropped.

    One recursive walk appending to lists (a chain of nested generators cost a third
    of the parse on a 5 MB page).
    """
    paragraphs: list[str] = []
    texts: list[str] = []
    link_chars = 0

    def close() -> None:
        nonlocal texts, link_chars
        if texts:
            paragraph = normalize("".join(texts))
            if paragraph and link_chars < MAX_LINK_SHARE * len(paragraph):
                paragraphs.append(paragraph)
            texts, link_chars = [], 0

    # Whitespace that would open a paragraph is not kept: normalising drops it anyway, and a
    # theme's newlines between its <p>s would each be joined and normalised to nothing.
    def walk(element: Element) -> None:
        nonlocal link_chars
        in_link = element.tag == "a"
        text = element.text  # read once: lxml decodes the text again on every access
        if text and (texts or not text.isspace()):
            texts.append(text)
            if in_link:
                link_chars += len(normalize(text))
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and child not in excluded:
                if tag in BREAK_TAGS:
                    close()
                elif tag in BLOCK_TAGS:
                    close()
                    if len(child):
                        if tag != "p" and holds_inline_paragraphs(child):
                            for run in child:  # a paragraph each
                                if run not in excluded:
                                    walk(run)
                                    close()
                        else:
                            walk(child)
                        close()
                    else:  # a leaf block (most paragraphs) is a paragraph of its own text, no walk needed
                        paragraph = normalize(child.text)
                        if paragraph:
                            paragraphs.append(paragraph)
                elif tag == "a":
                    for text in child.itertext():
                        texts.append(text)
                        link_chars += len(normalize(text))
                elif len(child):
                    walk(child)
                else:
                    text = child.text
                    if text and (texts or not text.isspace()):
                        texts.append(text)
            tail = child.tail
            if tail and (texts or not tail.isspace()):
                texts.append(tail)
                if in_link:
                    link_chars += len(normalize(tail))

    walk(container)
    close()
    return paragraphs


def holds_inline_paragraphs(block: Element) -> bool:
    """Whether ``block``'s children are paragraphs drawn as inline elements (``<span>``s that only CSS makes blocks).

    Its text sits wholly in two or more inline children (none of them a block or a break),
    and most of them, two at least, are sentence-long prose each: runs of one paragraph
    (a bold word, a link) are short or end mid-sentence.  A ``<p>`` is one paragraph
    whatever its children, so callers never ask about one.
    """
    if block.text and not block.text.isspace():
        return False
    children = 0
    for child in block:
        tag = child.tag
        if not isinstance(tag, str) or tag in BLOCK_TAGS or tag in BREAK_TAGS or (child.tail and not child.tail.isspace()):
            return False
        children += 1
    if children < 2:
        return False
    prose = sum(1 for child in block if _is_prose_run(child))
    return prose >= 2 and 2 * prose > children


def _is_prose_run(element: Element) -> bool:
    """Whether an inline element holds a sentence-long piece of prose."""
    text = normalize(" ".join(element.itertext()))
    return len(text) >= MIN_PROSE_CHARS and closes_sentence(text)


def closes_sentence(text: str) -> bool:
    """Whether ``text`` ends as prose does: a sentence mark, possibly inside closing quotes or
    brackets, or a closing quote or bracket itself.  Read from the end only (a regex anchored at
    ``$`` is still tried at every position of a long paragraph)."""
    if text.endswith("\n"):
        text = text[:-1]  # where a ``$`` would also match
    return text[-1:] in ('"', "”", ")") or text.rstrip(CLOSING_MARKS)[-1:] in SENTENCE_MARKS


def is_meta_line(text: str, whole_words: bool = False) -> bool:
    """The date/views line ("26 Januari 2021 296 kali"), not prose that mentions a date.

    ``whole_words`` reads only whole words as the line's noise (a caption slot's text).
    """
    if len(text) > 120 or not _holds_digit(text) or (find_date(text) is None and find_count(text) is None):
        return False
    noise, line = _META_NOISE_PATTERNS[whole_words].on(text)
    residue = noise.sub("", line)
    return len(residue) <= META_LINE_RESIDUE


def _holds_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (``\\d``), as every date and view count does.

    Most short paragraphs are a quote's last line with no number: asking for each ASCII
    digit (a C scan each) costs a fifth of looking for a date and a count in them.
    """
    if text.isascii():
        for digit in ASCII_DIGITS:
            if digit in text:
                return True
        return False
    return DIGIT_RE.search(text) is not None


def extract_body(raw: list[str], title: str | None, caption: str | None) -> Body:
    """The article's paragraphs (``raw``, from :func:`collect_paragraphs`), boilerplate dropped, credit taken off."""
    skip = {t.casefold() for t in (title, caption) if t}
    longest_skip = max(map(len, skip), default=0)  # casefold() never shortens a text: a longer paragraph is neither
    paragraphs = [
        p for p in raw
        if not (len(p) <= longest_skip and p.casefold() in skip)
        and not BOILERPLATE_RE.match(p) and not (len(p) < 120 and CAPTION_RE.match(p))
    ]
    paragraphs = drop_signature(drop_leading_counters(drop_meta_lines(paragraphs)))
    credit = None
    # The credit closes the prose; a theme may still append short junk inside the same column
    # (a related-posts widget's "Dalam "Berita""), so the last few paragraphs are searched.
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - CREDIT_SEARCH_PARAGRAPHS), -1):
        found = split_credit(paragraphs[index])
        if found is None and is_labelled_credit(paragraphs[index]):
            found = ("", paragraphs[index])
        if found is None:
            if len(paragraphs[index]) > MAX_TRAILING_JUNK_CHARS:
                break
            continue
        rest, written = found
        credit = normalize(written)
        paragraphs = paragraphs[:index] + ([rest] if rest else [])  # a credit alone was its own paragraph
        break
    return Body(paragraphs=paragraphs, credit=credit)


def split_credit(paragraph: str) -> tuple[str, str] | None:
    """``(text before, credit)`` where CREDIT_RE finds a closing credit in ``paragraph``, else ``None``.

    CREDIT_RE is matched at the paragraph's last ``(``, not searched for (a search tries every
    position: on the last paragraphs it cost more than the rest of the body's edges).  Same
    result: the credit holds no bracket and only whitespace follows its ``)``, so its ``(`` is
    the last one; a search's match starts at the whitespace before that ``(``, which the text
    before loses to ``rstrip`` anyway.
    """
    match = match_at_last_bracket(CREDIT_RE, paragraph)
    if match is None:
        return None
    return paragraph[:match.start()].rstrip(), match.group("credit")


def is_labelled_credit(text: str) -> bool:
    """Whether ``text`` is a short labelled credit line ("Penulis: Rina Kartika"), with no date or count in it."""
    if len(text) > MAX_LABELLED_CREDIT_CHARS or _holds_digit(text):
        return False
    label = LABELLED_CREDIT_RE.match(text)
    return label is not None and label.end() < len(text)  # a name follows the label


def credit_below(lines: list[tuple[Element, str]]) -> str | None:
    """The credit printed right after the body (``lines``, from :func:`metaline.lines_below`):
    a closing ``(Unit/initials)`` line of its own as the first line, or a labelled credit line.

    The labelled line's labels and names are often separate elements ("<span>Reporter: X</span> |
    <span>Editor: Y</span>", "Penulis: <a>Name</a>"), so the credit is the whole text of the
    nearest block holding the first label.
    """
    for position, (element, text) in enumerate(lines):
        if position == 0 and text.startswith("("):
            closing = split_credit(text)
            if closing is not None and not closing[0]:
                return closing[1]  # the line is the credit alone
        if LABELLED_CREDIT_RE.match(text):
            block = next((e for e in (element, *element.iterancestors()) if e.tag in BLOCK_TAGS), element)
            line = normalize(" ".join(block.itertext()))
            return line if is_labelled_credit(line) else None
    return None


def drop_meta_lines(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the date/views lines around the prose.

    The loose reading of :func:`is_meta_line` (unknown words eaten by three-letter runs) is
    what lets a forum's edit notice after the post count as one, but it reads any short
    sentence with a date the same way ("..., Kamis (15/7/2021)."). Meta lines sit before the
    first sentence of prose or after the last one, so between those only a line made of
    whole date and count words is dropped.
    """
    meta = [is_meta_line(p) for p in paragraphs]
    if not any(meta):
        return paragraphs
    prose = [i for i, p in enumerate(paragraphs) if not meta[i] and closes_sentence(p)]
    first, last = (prose[0], prose[-1]) if prose else (len(paragraphs), -1)
    return [
        p for i, p in enumerate(paragraphs)
        if not meta[i] or (first < i < last and not is_meta_line(p, whole_words=True))
    ]


def drop_leading_counters(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the letterless scraps before the prose (a reader theme's "3" responses counter in a ``<p>``)."""
    start = 0
    while start < len(paragraphs) - 1 and NON_PROSE_RE.match(paragraphs[start]):
        start += 1
    return paragraphs[start:]


def drop_signature(paragraphs: list[str]) -> list[str]:
    """The paragraphs without a signature after the post (forum and mailing-list style).

    A signature starts at the ``--`` delimiter line (a press release's contact block at its
    "***" end mark), or is one short motto line closing the
    text with no sentence end ("Seksi Pemerintahan Kecamatan Tempeh — Melayani dengan Hati")
    after prose that ends a sentence.
    """
    for index, paragraph in enumerate(paragraphs):
        if index and paragraph.startswith(DELIMITER_STARTS) and SIGNATURE_DELIMITER_RE.match(paragraph):
            after = paragraphs[index + 1:]
            if len(after) <= MAX_SIGNATURE_LINES and all(len(line) <= MAX_MOTTO_CHARS for line in after):
                return paragraphs[:index]  # a "--" between sections of prose goes on: only a short tail is a signature
    if len(paragraphs) >= 2:
        last, before = paragraphs[-1], paragraphs[-2]
        if (
            len(last) <= MAX_MOTTO_CHARS and not closes_sentence(last) and closes_sentence(before)
            and _title_cased(last) and not is_meta_line(last) and split_credit(last) is None and not is_labelled_credit(last)
        ):
            return paragraphs[:-1]
    return paragraphs


def _title_cased(line: str) -> bool:
    """A name or a slogan in Title Case, not a sentence (nor one cut off by a truncated page)."""
    words = [word for word in line.split() if word[:1].isalpha()]
    capitals = sum(1 for word in words if word[:1].isupper())
    return bool(words) and "," not in line and capitals >= MOTTO_CAPITAL_SHARE * len(words)
