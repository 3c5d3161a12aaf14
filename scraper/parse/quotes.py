"""Quotations and who said them.

A quotation is text in quotation marks (straight or curly) that the article
attributes: a cue after it (``," ujarnya``, ``," kata Camat Pasirian,
Yulianto``), an introduction before it (``Bupati ... mengatakan, "``, ``Ia
menegaskan: "``), or a paragraph that is the quotation itself.  A short name
in marks inside a sentence ("Si Lugas", a programme or slogan) has none of
these and is not a quotation.  Pronoun cues resolve to the person the text
last named; a role named alone ("Bupati Lumajang") or a nickname ("Cak
Thoriq") resolves to the person named earlier with that role or name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scraper.parse.model import Quote
from scraper.parse.people import PRONOUNS, Mention, cut_at_sentence_end, iter_mentions, plausible_name

log = logging.getLogger(__name__)

#: Opening marks and the marks that may close them (typists mix straight and curly).
QUOTE_MARKS: dict[str, str] = {'"': '"”', "“": "”\"", "«": "»", "„": "“”"}
_OPEN_RE = re.compile("[\"“«„]")
#: A pronoun cue right after the closing mark: ``," ujarnya``, ``." Jelasnya``.
PRONOUN_CUE_RE = re.compile(r"^[\s,.!?;:]*(?P<cue>[A-Za-z]{2,}nya)\b")
#: Speech verbs used as named cues: ``kata Camat Pasirian, Yulianto``.
SPEECH_VERBS = (
    "kata", "ujar", "ungkap", "tutur", "terang", "papar", "jelas", "tegas", "imbuh", "pungkas", "harap", "sebut",
    "lanjut", "tambah", "ucap", "tandas", "beber", "urai", "pinta", "ajak", "seru", "tukas", "sambung", "timpal",
    "jawab", "pesan", "aku", "cetus", "kilah", "tanya", "singgung", "pungkas", "ungkit",
)
NAMED_CUE_RE = re.compile(rf"^[\s,.!?;:]*(?P<cue>{'|'.join(SPEECH_VERBS)})\s+(?P<who>.+)$", re.IGNORECASE | re.DOTALL)
#: An introduction that hands the floor to the next quotation; ``verb`` becomes the cue.
INTRO_RE = re.compile(
    r"\b(?P<verb>mengatakan|menyampaikan|menegaskan|menjelaskan|mengungkapkan|menuturkan|memaparkan|menambahkan|"
    r"berkata|berpesan|berharap|mengingatkan|menyebutkan|menyatakan|mengajak|meminta|bertutur|berujar)"
    r"(?:\s+bahwa)?\s*[,:]?\s*$|(?P<colon>:)\s*$",
    re.IGNORECASE,
)
#: "Menurut X, ..." names X as the speaker.
MENURUT_RE = re.compile(r"\b(?P<verb>menurut)\s+(?P<who>.+?),\s*$", re.IGNORECASE)
#: Body text read for quotations: about 40 long articles.  A pathological page (a 5 MB body)
#: keeps its whole body but has its quotations read from this much of it, so it still parses in
#: well under a second.
MAX_QUOTE_SCAN_CHARS = 200_000
#: How much text before a quotation is searched for its introduction ("Menurut Kepala Dinas ..., ").
INTRO_SCAN_CHARS = 200
#: A paragraph-opening quotation with no cue needs this many words to count.
MIN_BARE_QUOTE_WORDS = 6
TRAILING_PUNCT = " \t,.;:!?-–—"


@dataclass(slots=True)
class Person:
    name: str | None
    role: str | None
    tokens: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Span:
    """Marks found in the text: where the quote opens and closes, per paragraph."""

    paragraph: int
    open_at: int
    text: str
    end_paragraph: int
    close_at: int | None


@dataclass
class Tracker:
    """The people named so far, and who was named last (the referent of ``-nya`` cues)."""

    people: list[Person] = field(default_factory=list)
    last: Person | None = None

    def find(self, mention: Mention) -> Person | None:
        if mention.name:
            lowered = mention.name.lower()
            tokens = set(lowered.split())
            for person in reversed(self.people):
                if person.name and (person.name.lower() == lowered or tokens <= person.tokens):
                    return person
        if mention.nickname:
            nick = mention.nickname.lower().split()[0]
            for person in reversed(self.people):
                if any(token.startswith(nick) for token in person.tokens):
                    return person
        if mention.role and not mention.name:
            role = mention.role.lower()
            for person in reversed(self.people):
                if person.role and (person.role.lower() == role or person.role.lower().startswith(role)):
                    return person
        return None

    def observe(self, mention: Mention, text: str) -> Person | None:
        """Record a mention found in ``text``; returns the person it names, if it names one."""
        known = self.find(mention)
        if known is not None:
            if mention.role and _updates_role(known.role, mention):
                known.role = mention.role
            self.last = known
            return known
        # A bare capitalised word opening a sentence is too often not a name ("Hingga", "Anggaran").
        if mention.name and (mention.role or mention.vouched or (
            len(mention.name.split()) >= 2 and plausible_name(mention.name) and _is_subject(text, mention.start)
        )):
            person = Person(mention.name, mention.role, set(mention.name.lower().split()))
            self.people.append(person)
            self.last = person
            return person
        if mention.role and not mention.name and _is_subject(text, mention.start):
            person = Person(None, mention.role)
            self.last = person
            return person
        return None

    def observe_text(self, text: str) -> Person | None:
        named = None
        for mention in iter_mentions(text):
            person = self.observe(mention, text)
            named = person or named
        return named


#: Sentence-opening connectives before a subject ("Sementara, ...", "Di sisi lain, ...").
_CONNECTIVE_RE = re.compile(
    r"^(?:sementara(?:\s+itu)?|di\s+sisi\s+lain|selain\s+itu|selanjutnya|kemudian|menurut|adapun|namun|sedangkan|"
    r"di\s+tempat\s+(?:yang\s+)?(?:sama|terpisah)|terpisah|lebih\s+lanjut|dalam\s+kesempatan\s+(?:itu|tersebut)|hal\s+senada(?:\s+disampaikan)?|"
    r"senada|hal\s+itu\s+(?:diungkapkan|disampaikan)|disampaikan|dijelaskan|diungkapkan)?[\s,]*$",
    re.IGNORECASE,
)


def _updates_role(role: str | None, mention: Mention) -> bool:
    """Whether a new mention's role replaces the one on record: the fullest form wins.

    A person named again with a longer role takes it ("Wakil Bupati Indah", later "Wakil
    Bupati Lumajang Indah Amperawati"); a shorter one ("Sekda Lumajang" after "Sekretaris
    Daerah Kabupaten Lumajang") is an abbreviation; a role named alone only fills a gap.
    """
    if not role:
        return True
    return bool(mention.name or mention.nickname) and len(mention.role) > len(role)


def _is_subject(text: str, start: int) -> bool:
    """Whether the mention at ``start`` opens its sentence (after an optional connective)."""
    before = text[:start]
    boundary = max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind('" '), before.rfind("” "))
    clause = before[boundary + 1:] if boundary >= 0 else before
    return bool(_CONNECTIVE_RE.match(clause.strip()))


def iter_spans(paragraphs: list[str]) -> Iterator[Span]:
    """Every closed quoted passage, a passage left open at a paragraph's end continuing into the next."""
    index = 0
    carry: Span | None = None
    while index < len(paragraphs):
        text = paragraphs[index]
        pos = 0
        if carry is not None:
            # The convention for a quotation over two paragraphs: the second reopens with a mark.
            body_start = 1 if text[:1] in QUOTE_MARKS else 0
            close = _find_close(text, body_start, '"”')
            if close is None:
                carry.text += " " + text[body_start:]
                index += 1
                continue
            carry.text += " " + text[body_start:close]
            carry.end_paragraph, carry.close_at = index, close
            yield carry
            carry = None
            pos = close + 1
        while True:
            opening = _find_open(text, pos)
            if opening < 0:
                break
            close = _find_close(text, opening + 1, QUOTE_MARKS[text[opening]])
            if close is None:
                carry = Span(index, opening, text[opening + 1:], index, None)
                break
            yield Span(index, opening, text[opening + 1:close], index, close)
            pos = close + 1
        index += 1
    # A passage still open at the end (a truncated page) is not emitted: its words are cut off.


def _find_open(text: str, start: int) -> int:
    """Where the next opening mark is at or after ``start`` (-1: none); a plain ``find`` in ASCII text,
    where the straight mark is the only one there can be."""
    if text.isascii():
        return text.find('"', start)
    match = _OPEN_RE.search(text, start)
    return match.start() if match else -1


def _find_close(text: str, start: int, closers: str) -> int | None:
    """The first of ``closers`` at or after ``start`` (a plain loop: this runs for every quotation mark)."""
    found = None
    for closer in closers:
        position = text.find(closer, start)
        if position >= 0 and (found is None or position < found):
            found = position
    return found


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(TRAILING_PUNCT).strip()


def extract_quotes(paragraphs: list[str]) -> list[Quote]:
    """The attributed quotations of an article's paragraphs, in order.

    The text outside quotation marks is read once, in order, up to each
    quotation (a cursor, so a 5 MB article stays linear): names there move
    the referent of the next pronoun cue; names inside marks do not.
    """
    tracker = Tracker()
    quotes: list[Quote] = []
    cursor_paragraph, cursor_offset = 0, 0
    budget = MAX_QUOTE_SCAN_CHARS
    for count, paragraph in enumerate(paragraphs):
        budget -= len(paragraph)
        if budget < 0:
            log.debug("quotations read from the first %d of %d paragraphs only", count, len(paragraphs))
            paragraphs = paragraphs[:count]
            break
    for span in iter_spans(paragraphs):
        while cursor_paragraph < span.paragraph:
            tracker.observe_text(paragraphs[cursor_paragraph][cursor_offset:])
            cursor_paragraph, cursor_offset = cursor_paragraph + 1, 0
        before = paragraphs[span.paragraph][cursor_offset:span.open_at]
        tracker.observe_text(before)
        after = paragraphs[span.end_paragraph][span.close_at + 1:] if span.close_at is not None else ""
        next_open = _find_open(after, 0)
        after = after[:next_open] if next_open >= 0 else after
        quote = _attribute(span, before, after, tracker)
        if quote is not None:
            quotes.append(quote)
        cursor_paragraph = span.end_paragraph
        cursor_offset = span.close_at + 1 if span.close_at is not None else len(paragraphs[span.end_paragraph])
    return quotes


def _attribute(span: Span, before: str, after: str, tracker: Tracker) -> Quote | None:
    words = _clean(span.text)
    if not words:
        return None
    pronoun = PRONOUN_CUE_RE.match(after)
    if pronoun and not (pronoun.group("cue").lower()[:-3] in SPEECH_VERBS or span.text.rstrip()[-1:] in ",.!?"):
        pronoun = None  # 'aplikasi "Si Lugas" versinya': a -nya word after a name, not a cue
    named = NAMED_CUE_RE.match(after) if not pronoun else None
    if named:
        who = named.group("who")
        who = cut_at_sentence_end(who)
        cue = named.group("cue").lower()
        if who.strip().lower() in PRONOUNS or who.strip().lower() in ("ia", "dia"):
            return _quote(words, tracker.last, cue, span)
        person = tracker.observe_text(who)
        if person is None:
            mentions = list(iter_mentions(who))
            if mentions:
                return Quote(text=words, speaker=mentions[0].name, role=mentions[0].role, cue=cue, paragraph=span.paragraph)
        return _quote(words, person or tracker.last, cue, span)
    if pronoun:
        return _quote(words, tracker.last, pronoun.group("cue").lower(), span)
    tail = before[-INTRO_SCAN_CHARS:]  # both patterns end at the quotation mark: the rest of the paragraph cannot match
    menurut = MENURUT_RE.search(tail)
    if menurut:
        return _quote(words, tracker.observe_text(menurut.group("who")) or tracker.last, "menurut", span)
    intro = INTRO_RE.search(tail.rstrip())
    if intro:
        verb = intro.group("verb")
        return _quote(words, tracker.last, verb.lower() if verb else None, span)
    opens_paragraph = not before.strip()
    if opens_paragraph and len(words.split()) >= MIN_BARE_QUOTE_WORDS and (span.close_at is None or not after.strip() or after.strip()[:1] in ".,"):
        return _quote(words, tracker.last, None, span)
    return None


def _quote(words: str, person: Person | None, cue: str | None, span: Span) -> Quote:
    return Quote(
        text=words,
        speaker=person.name if person else None,
        role=person.role if person else None,
        cue=cue,
        paragraph=span.paragraph,
    )
