"""Indonesian dates and counts as the portal prints them.

The regency CMS writes dates by hand-rolled templates (``26 Januari 2021``,
``Selasa, 26/01/2021``, ``04 Mei 2020 10:15 WIB``) and older pages keep the
pre-1972 spellings (``Pebruari``, ``Nopember``), so month names are matched
from one table of every spelling seen in Indonesian news sites.  Counts use
``.`` as the thousands separator (``10.769 kali``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

#: Every spelling of a month name, lower-cased, to its number.  Old spellings
#: (Pebruari, Nopember, Agustus/Augustus), common abbreviations and English.
MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "peb": 2, "feb": 2, "febuari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agt": 8, "agu": 8, "agus": 8, "ags": 8, "aug": 8, "august": 8, "augustus": 8,
    "september": 9, "sep": 9, "sept": 9, "sept.": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12, "dember": 12,
}

#: Offsets of Indonesia's three time zones; a time without a zone is WIB (Lumajang is in East Java).
TIME_ZONES: dict[str, str] = {"wib": "+07:00", "wita": "+08:00", "wit": "+09:00"}
DEFAULT_OFFSET = "+07:00"
#: The widest real UTC offset (Kiribati, +14:00): anything wider is not a zone.
MAX_UTC_OFFSET_HOURS = 14

DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jum'?at|jumat|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
#: A month-shaped word; whether it is a month is looked up in MONTHS (a 60-way regex alternation is slow).
_MONTH_WORD = r"[A-Za-z]{3,9}"

# Speed: ``re`` searches by trying a match at every position of the text, unless the pattern
# begins with a plain character or character class, when it first skips in C to the next
# position that can start a match (the "charset prefix" of ``re._compiler._compile_info``),
# which costs a few nanoseconds a character instead of a match attempt.
# A leading look-behind, ``\d{1,2}`` (a repeat, not a class) or, under IGNORECASE, a cased letter
# all disable that skip.  So the date and count patterns below begin with a bare ``\d`` and move
# their look-behind after it: ``(?<![\w/])\d{1,2}`` is written ``\d(?<![\w/]\d)\d?``, which looks
# at the same character before the number, backtracks in the same order (2 digits, then 1) and
# captures the same text.  A two-character look-behind at the text's first character succeeds
# like the one-character one does at position 0, as there is nothing before it.

#: ``26 Januari 2021``, ``Selasa, 26 Jan. 2021``, ``26-Nop-2020``.
TEXT_DATE_RE = re.compile(
    rf"(?P<d>\d(?<![\w/]\d)\d?)(?:\s*|[-.\s]\s*)(?P<m>{_MONTH_WORD})\.?(?:\s*|[-.,\s]\s*)(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
#: ``Januari 26, 2021`` (English-style templates).
MONTH_FIRST_RE = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH_WORD})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE
)
#: What every :data:`MONTH_FIRST_RE` match holds from the last space before its day on
#: (``␣26, 2021``).  That pattern begins with letters, which IGNORECASE keeps from being skipped
#: to, so it is tried at every position; this digit-led one is searched first, and a text
#: without it cannot hold a month-first date.  Same flags, so ``\s`` and ``\d`` mean the same.
_MONTH_FIRST_HINT_RE = re.compile(r"\d(?<=\s\d)\d?,?\s+\d{4}(?!\d)", re.IGNORECASE)
#: ``26/01/2021``, ``26-01-2021``, ``26.01.2021``, ``(26/01/21)``.  Group 2 is the separator.
NUMERIC_DATE_RE = re.compile(r"(?P<d>\d(?<![\d/.-]\d)\d?)([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})(?![\d/])")
#: ``2021-01-26`` and ``2021-01-26T10:15:00+07:00`` (machine-readable attributes and JSON-LD).
#: The year is ``\d\d{3}``, not ``\d{4}``, so that the search skips to digits (see above).
ISO_RE = re.compile(
    r"(?P<y>\d\d{3})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
#: Where the earliest date of the three digit-led shapes, or the earliest month-first hint,
#: begins: one search for what took four, skipping to digits.  Each alternative is the pattern
#: named beside it without its groups and after its first digit, which is shared; the empty
#: group at its end says which matched (``match.lastindex``).  Compiled IGNORECASE for the month
#: word; the other alternatives hold no cased letter (ISO_RE's ``T``/``Z`` are in its optional
#: time, which is not needed to know where it matches).
_DATE_START_RE = re.compile(
    r"\d(?:"
    r"(?<=\s\d)\d?,?\s+\d{4}(?!\d)()"  # group 1: _MONTH_FIRST_HINT_RE
    rf"|(?<![\w/]\d)\d?(?:\s*|[-.\s]\s*){_MONTH_WORD}\.?(?:\s*|[-.,\s]\s*)\d{{4}}(?!\d)()"  # 2: TEXT_DATE_RE
    r"|(?<![\d/.-]\d)\d?([/.-])\d{1,2}\3(?:\d{4}|\d{2})(?![\d/])()"  # 4: NUMERIC_DATE_RE (3: separator)
    r"|\d{3}-\d{2}-\d{2}()"  # 5: ISO_RE
    r")",
    re.IGNORECASE,
)
_MONTH_FIRST_HINT, _TEXT_DATE, _NUMERIC_DATE, _ISO_DATE = 1, 2, 4, 5
#: A time just after a date: ``10:15 WIB``, ``pukul 10.15 WIB``, ``| 10:15``, ``• 08:00 WIB``.
TIME_RE = re.compile(
    r"[\s,|\-–—/•·]*(?:(?:pukul|jam|pkl\.?)\s*)?(?P<H>\d{1,2})(?P<sep>[:.])(?P<M>\d{2})(?![\d.,])(?::(?P<S>\d{2}))?"
    r"\s*(?P<tz>WIB|WITA|WIT)?\b",
    re.IGNORECASE,
)
_CLOCK_WORD_RE = re.compile(r"pukul|jam|pkl", re.IGNORECASE)
#: How far after a date a time may start (``26 Januari 2021 - 10:15 WIB``).
TIME_WINDOW = 24

_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+"
#: :data:`_NUM` after its first digit, for a pattern that begins with that digit (see above).
_NUM_TAIL = r"\d{0,2}(?:[.,]\d{3})+|\d*"
#: View counts: ``296 kali``, ``Dilihat 1.234 kali``, ``Dibaca: 87 kali``, ``2.345x dibaca``, ``Views: 12``.
COUNT_RES: tuple[re.Pattern[str], ...] = (
    # "296 kali": ``(?<![\d.,])(?P<n>{_NUM})`` begun with its first digit (see above).
    re.compile(rf"(?P<n>\d(?<![\d.,]\d)(?:{_NUM_TAIL}))\s*(?:kali\b|x(?=\s*(?:dibaca|dilihat|$|\W))|views?\b(?!\s*:)|hits\b(?!\s*:)|pembaca\b)", re.IGNORECASE),
    # "Dibaca: 87"; not the date after a "BANYAK DIBACA" heading ("DIBACA 14/08/2020").
    re.compile(rf"(?:dilihat|dibaca|views?|hits|pembaca|kunjungan)\s*[:=]?\s*(?P<n>{_NUM})(?![\d/]|-\d)", re.IGNORECASE),
)
#: The words one of which ``COUNT_RES[0]`` matches after its number (``views?`` holds ``view``).
_WORDS_AFTER_COUNT = ("kali", "x", "view", "hits", "pembaca")
#: The words one of which every ``COUNT_RES[1]`` match begins with.
_WORDS_BEFORE_COUNT = ("dilihat", "dibaca", "view", "hits", "pembaca", "kunjungan")
#: The non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter (found by trying
#: every code point): 'İ' and 'ı' to i, 'ſ' to s, the Kelvin sign to k.  ``str.lower()`` turns
#: only the last into its ASCII letter; a text holding any of them is left to the regexes.
_RE_ONLY_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _build_date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time_after(text: str, end: int) -> str | None:
    """The ``HH:MM[:SS]+offset`` suffix when a time follows the date at ``end``."""
    match = TIME_RE.match(text, end, min(len(text), end + TIME_WINDOW + 16))
    if not match:
        return None
    # "Senin, 15 Maret 2021 13.05" is a time (WIB, as one with ':' is), but "26 Januari 2021 12.50 kali"
    # a count: a '.' time without a zone or "pukul" is one unless a count's word follows it.
    if (
        match.group("sep") == "." and not match.group("tz") and not _CLOCK_WORD_RE.search(match.group(0))
        and text[match.end():match.end() + TIME_WINDOW].lstrip().lower().startswith(_WORDS_AFTER_COUNT)
    ):
        return None
    hour, minute = int(match.group("H")), int(match.group("M"))
    second = int(match.group("S") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = TIME_ZONES.get((match.group("tz") or "").lower(), DEFAULT_OFFSET)
    return f"{hour:02d}:{minute:02d}:{second:02d}{offset}"


def _written_date(match: re.Match[str], text: str) -> str | None:
    """The date a TEXT_DATE_RE, MONTH_FIRST_RE or NUMERIC_DATE_RE match writes, if it is one."""
    month_text = match.group("m")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if not month:
        return None
    date = _build_date(int(match.group("y")), month, int(match.group("d")))
    if date is None:
        return None
    time = _time_after(text, match.end())
    return f"{date.isoformat()}T{time}" if time else date.isoformat()


def _first_written_date(regex: re.Pattern[str], text: str) -> tuple[int, str] | None:
    for match in regex.finditer(text):
        written = _written_date(match, text)
        if written:
            return match.start(), written
    return None


def _first_iso_date(text: str) -> tuple[int, str] | None:
    for match in ISO_RE.finditer(text):
        iso = normalize_iso(match.group(0))
        if iso:
            return match.start(), iso
    return None


def _earliest_date(text: str) -> str | None:
    """The earliest of each shape's first date.

    Each shape is looked for only where the text holds what every match of it needs (a cheap
    necessary condition); else it has none.
    """
    found = [_first_written_date(TEXT_DATE_RE, text)]
    if _MONTH_FIRST_HINT_RE.search(text):
        found.append(_first_written_date(MONTH_FIRST_RE, text))
    if "/" in text or "." in text or "-" in text:  # the separator of a numeric date
        found.append(_first_written_date(NUMERIC_DATE_RE, text))
    if "-" in text:  # between an ISO date's numbers
        found.append(_first_iso_date(text))
    candidates = [f for f in found if f is not None]
    return min(candidates)[1] if candidates else None


@functools.lru_cache(maxsize=4096)
def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 (a datetime with ``+07:00`` where a time is shown).

    Memoised (a pure function of a string): the sidebar's dates recur on every page of a crawl.
    """
    start = _DATE_START_RE.search(text)
    if start is None:
        return None  # no date shape matches anywhere, nor the hint every month-first date holds
    # The common case in one search: the earliest match of any shape is a real date.  It is
    # the answer: no two shapes match at one position (a day of 1-2 digits is followed by a
    # letter, space, '-' or '.' in TEXT_DATE_RE, by '/', '-' or '.' then a digit in
    # NUMERIC_DATE_RE; ISO_RE starts with 4 digits), so every other shape's first match is
    # later; and a month-first date starting earlier would have its hint (its day, after
    # only letters, '.' and spaces) at or before this digit, where the search would have
    # found it first.
    shape, at = start.lastindex, start.start()
    found = None
    # (Each shape matches where the combined search found it: a test pins the two together.)
    if shape == _TEXT_DATE:
        written = TEXT_DATE_RE.match(text, at)
        found = _written_date(written, text) if written else None
    elif shape == _NUMERIC_DATE:
        written = NUMERIC_DATE_RE.match(text, at)
        found = _written_date(written, text) if written else None
    elif shape == _ISO_DATE:
        iso = ISO_RE.match(text, at)
        found = normalize_iso(iso.group(0)) if iso else None
    # Otherwise (a hint, or no date where a shape matched) each shape reads on past it.
    return found or _earliest_date(text)


def normalize_iso(value: str) -> str | None:
    """A machine-readable date (``<time datetime>``, ``article:published_time``) in the archive's form.

    Datetimes are converted to WIB (``+07:00``), the zone the page itself shows.
    """
    match = ISO_RE.search(value.strip())
    if not match:
        return None
    date = _build_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if date is None:
        return None
    if match.group("H") is None:
        return date.isoformat()
    hour, minute, second = int(match.group("H")), int(match.group("M")), int(match.group("S") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return date.isoformat()
    moment = dt.datetime(date.year, date.month, date.day, hour, minute, second)
    tz = match.group("tz")
    wib = dt.timezone(dt.timedelta(hours=7))
    if tz:
        if tz == "Z":
            zone = dt.timezone.utc
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > MAX_UTC_OFFSET_HOURS or minutes > 59:
                return date.isoformat()  # "+99:00" is no time zone
            zone = dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
        try:
            moment = moment.replace(tzinfo=zone).astimezone(wib)
        except OverflowError:
            return date.isoformat()  # "9999-12-31T20:00:00Z" falls past the last representable year in WIB
    else:
        moment = moment.replace(tzinfo=wib)
    return moment.isoformat()


def with_time(visible: str | None, machine: str | None) -> str | None:
    """A shown date completed by a machine-readable datetime of the same day (``<time datetime>``).

    The page's own text wins when the two name different days; a machine date stands alone
    where the page shows none.
    """
    if machine is None or "T" not in machine:
        return visible or machine
    if visible is None or visible[:10] == machine[:10]:
        return machine
    return visible


def _lowered_for_words(text: str) -> str | None:
    """``text.lower()``, where an ASCII word is wherever an IGNORECASE regex would match it.

    So a word missing from it cannot be matched, and a match of one starts where the word
    first is, or later (the lowered text keeps the text's positions).  None when the text
    holds a character that ``re`` folds to an ASCII letter but ``str.lower()`` does not
    (:data:`_RE_ONLY_FOLDS`; 'İ' is also the only character whose lower case is longer).
    """
    if not text.isascii() and any(char in text for char in _RE_ONLY_FOLDS):
        return None
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word in text:
            return True
    return False


def _first_index(text: str, words: tuple[str, ...]) -> int:
    """Where the first of ``words`` in ``text`` starts, or -1."""
    first = -1
    for word in words:
        at = text.find(word)
        if at >= 0 and (first < 0 or at < first):
            first = at
    return first


def parse_number(text: str) -> int:
    """``10.769`` -> 10769 (Indonesian thousands separator; ``,`` accepted from English themes)."""
    return int(text.replace(".", "").replace(",", ""))


@functools.lru_cache(maxsize=4096)
def find_count(text: str) -> int | None:
    """The view count written in ``text`` (``296 kali``, ``Dibaca: 87 kali``, ``2.345x dibaca``); memoised like :func:`find_date`."""
    lowered = _lowered_for_words(text)
    if lowered is None:
        matches = [regex.search(text) for regex in COUNT_RES]
    else:
        # The same matches, with less searching: a pattern whose words are missing cannot
        # match; "Dibaca: 87" starts at its word, so it is searched for from the first one,
        # and not at all when that is no earlier than a "296 kali" already found.
        after = COUNT_RES[0].search(text) if _holds_any(lowered, _WORDS_AFTER_COUNT) else None
        first_word = _first_index(lowered, _WORDS_BEFORE_COUNT)
        before = None
        if first_word >= 0 and (after is None or first_word < after.start()):
            before = COUNT_RES[1].search(text, first_word)
        matches = [after, before]
    best: re.Match[str] | None = None
    for match in matches:  # the earliest; on a tie, the first pattern's
        if match and (best is None or match.start() < best.start()):
            best = match
    return parse_number(best.group("n")) if best else None

