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
from scraper.parse.people import GENERIC_HEADS, PRONOUNS, Mention, cut_at_sentence_end, iter_mentions, plausible_name
from scraper.parse.selectors import CaselessPattern

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
NAMED_CUE = CaselessPattern.compile(rf"^[\s,.!?;:]*(?P<cue>{'|'.join(SPEECH_VERBS)})\s+(?P<who>.+)$", re.DOTALL)
_SPEECH_VERB_SET = frozenset(SPEECH_VERBS)
#: A speech verb, a space and one letter of a name ("aku X").
_SHORTEST_NAMED_CUE = min(map(len, SPEECH_VERBS)) + 2
#: Verbs of an introduction that hands the floor to the next quotation.
INTRO_VERBS = (
    "mengatakan", "menyampaikan", "menegaskan", "menjelaskan", "mengungkapkan", "menuturkan", "memaparkan", "menambahkan",
    "berkata", "berpesan", "berharap", "mengingatkan", "menyebutkan", "menyatakan", "mengajak", "meminta", "bertutur", "berujar",
)
#: An introduction ending the text before a quotation; ``verb`` becomes the cue.
INTRO_RE = re.compile(rf"\b(?P<verb>{'|'.join(INTRO_VERBS)})(?:\s+bahwa)?\s*[,:]?\s*$|(?P<colon>:)\s*$", re.IGNORECASE)
_LONGEST_INTRO_VERB = max(map(len, INTRO_VERBS))
#: The last letters of the verbs and of "bahwa", lower-cased (what the case-insensitive pattern
#: takes for one of them lower-cases to it: "K", the Kelvin sign, is a "k").
_INTRO_ENDINGS = frozenset(verb[-1] for verb in (*INTRO_VERBS, "bahwa"))
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
    """Someone named in the article; ``tokens`` are the lower-cased words of ``name``."""

    name: str | None
    role: str | None
    tokens: set[str] = field(default_factory=set)


@dataclass
class Tracker:
    """The people named so far, and who was named last (the referent of ``-nya`` cues)."""

    people: list[Person] = field(default_factory=list)
    last: Person | None = None

    def find(self, mention: Mention, tokens: set[str] | None) -> Person | None:
        """The person named before who ``mention`` names again, if any; ``tokens`` are its name's words.

        Everyone in ``people`` has a name and its words as ``tokens`` (neither ever changes), so
        a name's words among a person's tokens covers the same name too.
        """
        if tokens is not None:
            for person in reversed(self.people):
                if tokens <= person.tokens:
                    return person
        if mention.nickname:
            nick = mention.nickname.lower().split()[0]
            for person in reversed(self.people):
                if any(token.startswith(nick) for token in person.tokens):
                    return person
        if mention.role and not mention.name:
            role = mention.role.lower()
            for person in reversed(self.people):
                if person.role and person.role.lower().startswith(role):
                    return person
        return None

    def observe(self, mention: Mention, text: str) -> Person | None:
        """Record a mention found in ``text``; returns the person it names, if it names one."""
        if not mention.name and not mention.nickname and (mention.role or "").lower() in GENERIC_HEADS:
            return None  # "Kepala perangkat daerah diminta ...": a head alone is every head, no one
        tokens = set(mention.name.lower().split()) if mention.name else None
        known = self.find(mention, tokens)
        if known is not None:
            if mention.role and _updates_role(known.role, mention):
                known.role = mention.role
            if mention.name or mention.nickname or not _follows_a_word(text, mention.start):
                self.last = known
            return known
        if mention.nickname and mention.vouched and not mention.name:
            # A nickname no one was named by, yet said of a person ("Mbah Tumini (72)"): their name.
            person = Person(mention.nickname, mention.role, set(mention.nickname.lower().split()))
            self.people.append(person)
            self.last = person
            return person
        # A bare capitalised word opening a sentence is too often not a name ("Hingga", "Anggaran").
        if mention.name and (mention.role or mention.vouched or (
            len(mention.name.split()) >= 2 and plausible_name(mention.name) and _is_subject(text, mention.start)
        )):
            person = Person(mention.name, mention.role, tokens or set())
            self.people.append(person)
            self.last = person
            return person
        if mention.role and not mention.name and _is_subject(text, mention.start):
            person = Person(None, mention.role)
            self.last = person
            return person
        return None

    def observe_text(self, text: str, mentions: list[Mention] | None = None) -> Person | None:
        """Record the mentions in ``text`` (``mentions``, when the caller has them already).

        Returns the last person they name, if any.
        """
        named = None
        for mention in iter_mentions(text) if mentions is None else mentions:
            named = self.observe(mention, text) or named
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
    return bool(mention.name or mention.nickname) and len(mention.role or "") > len(role)


def _follows_a_word(text: str, start: int) -> bool:
    """Whether a word runs straight into the mention at ``start`` ("kedatangan Bupati", "bersama
    Bupati"): a role named alone there is an object, and hands no one the next ``-nya`` cue;
    at a sentence's or a clause's start ("Menanggapi hal itu, Bupati Lumajang meminta") it does."""
    before = text[max(0, start - 2):start].rstrip()
    return bool(before) and before[-1].isalnum()


def _is_subject(text: str, start: int) -> bool:
    """Whether the mention at ``start`` opens its sentence (after an optional connective)."""
    boundary = max(
        text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start),
        text.rfind('" ', 0, start), text.rfind("” ", 0, start),
    )
    clause = text[boundary + 1:start].strip()
    return not clause or bool(_CONNECTIVE_RE.match(clause))  # nothing before it at all: the commonest case


#: A closed quoted passage: ``(paragraph, open_at, text, end_paragraph, close_at, following)``,
#: where its marks are, its words, and where the next quotation opens in the closing paragraph
#: (-1: none), which is where the cues after this one stop.
Span = tuple[int, int, str, int, int, int]


def iter_spans(paragraphs: list[str]) -> list[Span]:
    """Every closed quoted passage, a passage left open at a paragraph's end continuing into the next.

    Tuples in a list: the caller reads them all, and a dataclass instance cost a tenth of this
    function's time (a generator's resumption, as much again).
    """
    spans: list[Span] = []
    carry: tuple[int, int, str] | None = None  # (paragraph, open_at, text so far) of a passage still open
    for index, text in enumerate(paragraphs):
        straight = text.isascii()  # so the straight mark is the only one there can be
        if carry is not None:
            # The convention for a quotation over two paragraphs: the second reopens with a mark.
            body_start = 1 if text[:1] in QUOTE_MARKS else 0
            close = _find_close(text, body_start, '"”', straight)
            paragraph, open_at, words = carry
            if close is None:
                carry = (paragraph, open_at, words + " " + text[body_start:])
                continue
            opening = _find_open(text, close + 1, straight)
            spans.append((paragraph, open_at, words + " " + text[body_start:close], index, close, opening))
            carry = None
        else:
            opening = _find_open(text, 0, straight)
        while opening >= 0:
            close = _find_close(text, opening + 1, QUOTE_MARKS[text[opening]], straight)
            if close is None:
                carry = (index, opening, text[opening + 1:])
                break
            following = _find_open(text, close + 1, straight)
            spans.append((index, opening, text[opening + 1:close], index, close, following))
            opening = following
    # A passage still open at the end (a truncated page) is not emitted: its words are cut off.
    return spans


def _find_open(text: str, start: int, straight: bool) -> int:
    """Where the next opening mark is at or after ``start`` (-1: none); a plain ``find`` in
    ``straight`` (ASCII) text, where the straight mark is the only one there can be."""
    if straight:
        return text.find('"', start)
    match = _OPEN_RE.search(text, start)
    return match.start() if match else -1


def _find_close(text: str, start: int, closers: str, straight: bool) -> int | None:
    """The first of ``closers`` at or after ``start`` (a plain loop: this runs for every quotation mark).

    In ``straight`` (ASCII) text only the straight mark can be found, and every mark that opens
    there (the straight one) or is carried over (``'"”'``) may close on it.
    """
    if straight:
        position = text.find('"', start)
        return position if position >= 0 else None
    found = None
    for closer in closers:
        position = text.find(closer, start)
        if position >= 0 and (found is None or position < found):
            found = position
    return found


def _clean(text: str) -> str:
    """The words of a quotation, spaced by single spaces, without the punctuation that closes them.

    Most quotations are spaced that way already: a text whose only space characters are single
    spaces (``isprintable`` is false for every other one) is its own collapse, and the check
    costs about half of splitting and joining.
    """
    collapsed = text.strip() if "  " not in text and text.isprintable() else " ".join(text.split())
    return collapsed.rstrip(TRAILING_PUNCT).strip()


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
    for count, whole in enumerate(paragraphs):
        budget -= len(whole)
        if budget < 0:
            log.debug("quotations read from the first %d of %d paragraphs only", count, len(paragraphs))
            paragraphs = paragraphs[:count]
            break
    previous: tuple[Quote, int] | None = None  # the last quotation and the paragraph it closed in
    for paragraph, open_at, text, end_paragraph, close_at, following in iter_spans(paragraphs):
        while cursor_paragraph < paragraph:
            rest = paragraphs[cursor_paragraph][cursor_offset:]
            if rest:  # (nothing is left after a quotation that ends its paragraph)
                tracker.observe_text(rest)
            cursor_paragraph, cursor_offset = cursor_paragraph + 1, 0
        before = paragraphs[paragraph][cursor_offset:open_at]
        if before:  # (nothing comes before a quotation that opens its paragraph)
            tracker.observe_text(before)
        closing = paragraphs[end_paragraph]
        after = closing[close_at + 1:following] if following >= 0 else closing[close_at + 1:]
        quote = _attribute(text, paragraph, before, after, tracker)
        if quote is None and previous is not None and previous[1] == paragraph and _is_cue_clause(before):
            quote = _resumed(text, paragraph, previous[0])
        if quote is not None:
            quotes.append(quote)
            previous = quote, end_paragraph
        cursor_paragraph, cursor_offset = end_paragraph, close_at + 1
    return quotes


def _attribute(text: str, paragraph: int, before: str, after: str, tracker: Tracker) -> Quote | None:
    """The quotation with the words ``text`` in ``paragraph``, attributed by the cue ``after`` it or
    the introduction ``before`` it (``None``: a name in marks, not a quotation)."""
    words = _clean(text)
    if not words:
        return None
    pronoun = PRONOUN_CUE_RE.match(after) if "nya" in after else None
    if pronoun and not (pronoun.group("cue").lower()[:-3] in _SPEECH_VERB_SET or text.rstrip()[-1:] in ",.!?"):
        pronoun = None  # 'aplikasi "Si Lugas" versinya': a -nya word after a name, not a cue
    named = _named_cue(after) if not pronoun else None
    if named:
        cue, who = named
        who = cut_at_sentence_end(who)
        if who.strip().lower() in PRONOUNS:
            return _quote(words, tracker.last, cue, paragraph)
        mentions = iter_mentions(who)
        person = tracker.observe_text(who, mentions)
        if person is None and mentions:
            return Quote(words, mentions[0].name, mentions[0].role, cue, paragraph)
        return _quote(words, person or tracker.last, cue, paragraph)
    if pronoun:
        return _quote(words, tracker.last, pronoun.group("cue").lower(), paragraph)
    tail = before[-INTRO_SCAN_CHARS:]  # both patterns end at the quotation mark: the rest of the paragraph cannot match
    stripped = tail.rstrip()
    menurut = _search_menurut(tail, stripped)
    if menurut:
        return _quote(words, tracker.observe_text(menurut.group("who")) or tracker.last, "menurut", paragraph)
    intro = _search_intro(stripped)
    if intro:
        verb = intro.group("verb")
        return _quote(words, tracker.last, verb.lower() if verb else None, paragraph)
    opens_paragraph = not before.strip()
    if opens_paragraph and len(words.split()) >= MIN_BARE_QUOTE_WORDS and (not after.strip() or after.strip()[:1] in ".,"):
        return _quote(words, tracker.last, None, paragraph)
    return None


def _is_cue_clause(between: str) -> bool:
    """Whether the text between two quotations is only the first one's cue and the end of its
    sentence (``," kata Cak Thoriq. "``): the second quotation goes on with the same speaker."""
    pronoun = PRONOUN_CUE_RE.match(between) if "nya" in between else None
    if pronoun is not None:
        return between[pronoun.end():].strip() in ("", ".", ",", ":")
    named = _named_cue(between)
    if named is None:
        return False
    who = named[1]
    return who[len(cut_at_sentence_end(who)):].strip() in ("", ".", ",", ":")


def _resumed(text: str, paragraph: int, previous: Quote) -> Quote | None:
    """The quotation that resumes ``previous`` after its cue: the same speaker, role and cue.

    Words that close no sentence inside the marks and are few are a name, not speech
    (``," kata Bupati. "Si Lugas" diluncurkan ...``).
    """
    words = _clean(text)
    if not words or (text.rstrip()[-1:] not in ",.!?" and len(words.split()) < MIN_BARE_QUOTE_WORDS):
        return None
    return Quote(words, previous.speaker, previous.role, previous.cue, paragraph)


def _named_cue(after: str) -> tuple[str, str] | None:
    """``(cue, who)`` of a named cue after a quotation (``," kata Camat Pasirian, Yulianto``), the cue lower-cased."""
    if len(after) < _SHORTEST_NAMED_CUE:
        return None  # nearly always: the quotation ends its paragraph, or a full stop is all that follows
    pattern, text = NAMED_CUE.on(after)
    match = pattern.match(text)
    return (match.group("cue").lower(), after[match.start("who"):match.end("who")]) if match else None


def _search_menurut(tail: str, stripped: str) -> re.Match | None:
    """``MENURUT_RE.search(tail)``, ``stripped`` being ``tail.rstrip()``.

    The pattern needs a comma at the very end and the word "menurut" (no letter of which has a
    case variant beyond ASCII): two plain string tests that rule out nearly every text.
    """
    if not stripped.endswith(",") or "menurut" not in tail.lower():
        return None
    return MENURUT_RE.search(tail)


def _search_intro(text: str) -> re.Match | None:
    """``INTRO_RE.search(text)`` for a ``text`` with no trailing space, started where a match can start.

    A match is a final colon, or a verb followed by nothing but spaces, one "bahwa" and one
    comma or colon: it starts no earlier than the longest verb's length before what is left of
    the text once those are stripped from its end.  Searched from the front, the
    case-insensitive alternation of verbs is tried at every word of the 200 characters.
    """
    if not text.endswith((",", ":")) and text[-1:].lower() not in _INTRO_ENDINGS:
        return None  # neither punctuation nor a verb (nor "bahwa") ends it: most texts before a slogan
    rest = text.rstrip(",:").rstrip()
    if rest[-5:].lower() == "bahwa":
        rest = rest[:-5].rstrip()
    if text.isascii() and not text.endswith(":") and not rest[-_LONGEST_INTRO_VERB:].lower().endswith(INTRO_VERBS):
        return None  # no verb ends where one must (in ASCII, ignoring case is lower-casing)
    return INTRO_RE.search(text, max(0, len(rest) - _LONGEST_INTRO_VERB))


def _quote(words: str, person: Person | None, cue: str | None, paragraph: int) -> Quote:
    # Positional (text, speaker, role, cue, paragraph): keywords cost the generated __init__ twice the time.
    if person is None:
        return Quote(words, None, None, cue, paragraph)
    return Quote(words, person.name, person.role, cue, paragraph)
