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

#: ``26 Januari 2021``, ``Selasa, 26 Jan. 2021``, ``26-Nop-2020``.
TEXT_DATE_RE = re.compile(
    rf"(?<![\w/])(?P<d>\d{{1,2}})(?:\s*|[-.\s]\s*)(?P<m>{_MONTH_WORD})\.?(?:\s*|[-.,\s]\s*)(?P<y>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
#: ``Januari 26, 2021`` (English-style templates).
MONTH_FIRST_RE = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH_WORD})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE
)
#: ``26/01/2021``, ``26-01-2021``, ``26.01.2021``, ``(26/01/21)``.
NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})(?![\d/])")
#: ``2021-01-26`` and ``2021-01-26T10:15:00+07:00`` (machine-readable attributes and JSON-LD).
ISO_RE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
#: A time just after a date: ``10:15 WIB``, ``pukul 10.15 WIB``, ``| 10:15``, ``• 08:00 WIB``.
TIME_RE = re.compile(
    r"[\s,|\-–—/•·]*(?:(?:pukul|jam|pkl\.?)\s*)?(?P<H>\d{1,2})(?P<sep>[:.])(?P<M>\d{2})(?![\d.,])(?::(?P<S>\d{2}))?"
    r"\s*(?P<tz>WIB|WITA|WIT)?\b",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_CLOCK_WORD_RE = re.compile(r"pukul|jam|pkl", re.IGNORECASE)
#: How far after a date a time may start (``26 Januari 2021 - 10:15 WIB``).
TIME_WINDOW = 24

_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+"
#: View counts: ``296 kali``, ``Dilihat 1.234 kali``, ``Dibaca: 87 kali``, ``2.345x dibaca``, ``Views: 12``.
COUNT_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![\d.,])(?P<n>{_NUM})\s*(?:kali\b|x(?=\s*(?:dibaca|dilihat|$|\W))|views?\b(?!\s*:)|hits\b(?!\s*:)|pembaca\b)", re.IGNORECASE),
    # "Dibaca: 87"; not the date after a "BANYAK DIBACA" heading ("DIBACA 14/08/2020").
    re.compile(rf"(?:dilihat|dibaca|views?|hits|pembaca|kunjungan)\s*[:=]?\s*(?P<n>{_NUM})(?![\d/]|-\d)", re.IGNORECASE),
)


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
    # "26 Januari 2021 10.769 kali" is not a time: a '.' separator needs a zone or "pukul".
    if match.group("sep") == "." and not match.group("tz") and not _CLOCK_WORD_RE.search(match.group(0)):
        return None
    hour, minute = int(match.group("H")), int(match.group("M"))
    second = int(match.group("S") or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = TIME_ZONES.get((match.group("tz") or "").lower(), DEFAULT_OFFSET)
    return f"{hour:02d}:{minute:02d}:{second:02d}{offset}"


def _first_written_date(regex: re.Pattern[str], text: str) -> tuple[int, str] | None:
    for match in regex.finditer(text):
        month_text = match.group("m")
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
        if not month:
            continue
        date = _build_date(int(match.group("y")), month, int(match.group("d")))
        if date is None:
            continue
        time = _time_after(text, match.end())
        return match.start(), (f"{date.isoformat()}T{time}" if time else date.isoformat())
    return None


def _first_iso_date(text: str) -> tuple[int, str] | None:
    for match in ISO_RE.finditer(text):
        iso = normalize_iso(match.group(0))
        if iso:
            return match.start(), iso
    return None


@functools.lru_cache(maxsize=4096)
def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601 (a datetime with ``+07:00`` where a time is shown).

    Memoised (a pure function of a string): the sidebar's dates recur on every page of a crawl.
    """
    if not _DIGIT_RE.search(text):
        return None
    found = [_first_written_date(regex, text) for regex in (TEXT_DATE_RE, MONTH_FIRST_RE, NUMERIC_DATE_RE)]
    found.append(_first_iso_date(text))
    candidates = [f for f in found if f is not None]
    return min(candidates)[1] if candidates else None


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


def parse_number(text: str) -> int:
    """``10.769`` -> 10769 (Indonesian thousands separator; ``,`` accepted from English themes)."""
    return int(text.replace(".", "").replace(",", ""))


@functools.lru_cache(maxsize=4096)
def find_count(text: str) -> int | None:
    """The view count written in ``text`` (``296 kali``, ``Dibaca: 87 kali``, ``2.345x dibaca``); memoised like :func:`find_date`."""
    best: tuple[int, int] | None = None
    for regex in COUNT_RES:
        match = regex.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), parse_number(match.group("n")))
    return best[1] if best else None

