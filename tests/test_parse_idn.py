"""Indonesian dates and view counts: examples from the portal and property-based round trips."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.parse import idn
from scraper.parse.idn import MONTHS, find_count, find_date, normalize_iso

SPELLINGS: dict[int, list[str]] = {}
for _name, _number in MONTHS.items():
    SPELLINGS.setdefault(_number, []).append(_name)
DAY_NAMES = ["", "Senin, ", "Selasa, ", "Rabu ", "Kamis, ", "Jumat, ", "Jum'at, ", "Sabtu, ", "Minggu, "]


@pytest.mark.parametrize("text,expected", [
    ("26 Januari 2021     296 kali", "2021-01-26"),
    ("Selasa, 26/01/2021", "2021-01-26"),
    ("3 Pebruari 2020", "2020-02-03"),
    ("12 Nopember 2019", "2019-11-12"),
    ("12 Nop 2019 pukul 09.30 WIB", "2019-11-12T09:30:00+07:00"),
    ("04 Mei 2020 10:15 WIB", "2020-05-04T10:15:00+07:00"),
    ("Kamis, 09 November 2023 10:05 WIB", "2023-11-09T10:05:00+07:00"),
    ("26 Januari 2021 | 10:15", "2021-01-26T10:15:00+07:00"),
    ("26 Januari 2021 10.769 kali", "2021-01-26"),
    ("Selasa (26/01/21)", "2021-01-26"),
    ("28 Okt 2023", "2023-10-28"),
    ("2021-01-26T03:15:00Z", "2021-01-26T10:15:00+07:00"),
    ("Diposting 5 Agt. 2020", "2020-08-05"),
    ("tanpa tanggal", None),
    ("31 Pebruari 2020", None),
])
def test_dates_as_the_portal_writes_them(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("296 kali", 296), ("10.769 kali", 10769), ("Dilihat 1.234 kali", 1234), ("Dibaca: 87 kali", 87),
    ("2.345x dibaca", 2345), ("87 kali dibaca", 87), ("Views: 1,204", 1204), ("BANYAK DIBACA 14/08/2020 - 10.769 kali", 10769),
    ("Dibaca 5 menit lalu", 5), ("tidak ada angka", None),
])
def test_view_counts(text, expected):
    assert find_count(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("January 26, 2021 dan 3 Maret 2020", "2021-01-26"),  # a month-first date before a day-first one
    ("31 Pebruari 2020 - 05/03/2020", "2020-03-05"),  # the first date-shaped text is no date: read on
    ("99/99/2020, 2021-02-03", "2021-02-03"),
    ("Nomor 12/3 Januari 2021", None),  # a day just after '/' is part of a number
    ("Nomor 12 3 Januari 2021", "2021-01-03"),
])
def test_the_earliest_real_date_wins(text, expected):
    assert find_date(text) == expected


DATE_PIECES = [
    "/", "-", ".", ",", " ", "x", "3", "12", "2021", "Jan", "Januari 26, 2021", " 3 2021", "12 Nop. 2021", "3/12/2021",
    "12-3-21", "2021-01-26", "T10:15",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=10).map("".join))
def test_the_one_search_for_a_date_start_agrees_with_each_date_pattern(text):
    # find_date's fast path trusts _DATE_START_RE to match exactly where the first of these does.
    shapes = [
        (idn._MONTH_FIRST_HINT, idn._MONTH_FIRST_HINT_RE), (idn._TEXT_DATE, idn.TEXT_DATE_RE),
        (idn._NUMERIC_DATE, idn.NUMERIC_DATE_RE), (idn._ISO_DATE, idn.ISO_RE),
    ]
    for at in range(len(text)):
        start = idn._DATE_START_RE.match(text, at)
        expected = next((shape for shape, regex in shapes if regex.match(text, at)), None)
        assert (start.lastindex if start else None) == expected


def test_the_characters_re_folds_to_ascii_letters_are_all_known():
    # find_count's words pre-check leaves texts with these to the regexes; one more would be missed.
    every_character = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
    folded = {char for char in re.findall("[a-z]", every_character, re.IGNORECASE) if not char.isascii()}
    assert folded == set(idn._RE_ONLY_FOLDS)


@pytest.mark.parametrize("text,expected", [
    # re's IGNORECASE matches these to ASCII letters (ı, İ to i; ſ to s; the Kelvin sign to k),
    # which the words pre-check of find_count must not miss.
    ("D\u0131baca: 87", 87), ("D\u0130baca: 87", 87), ("12 hit\u017f", 12), ("87 \u212aali", 87),
    ("Dibaca: 87 (10 kali)", 87), ("10 kali dibaca, Dibaca: 87", 10),  # the earlier of the two forms
])
def test_view_counts_whatever_the_case_folding(text, expected):
    assert find_count(text) == expected


@settings(max_examples=120, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
    spelling=st.integers(min_value=0, max_value=10),
    day_name=st.sampled_from(DAY_NAMES),
    zero_pad=st.booleans(),
    case=st.sampled_from([str, str.upper, str.lower, str.title]),
    prefix=st.sampled_from(["", "Diposting ", "Lumajang, ", "| "]),
)
def test_any_written_date_round_trips(day, spelling, day_name, zero_pad, case, prefix):
    names = SPELLINGS[day.month]
    month = case(names[spelling % len(names)])
    number = f"{day.day:02d}" if zero_pad else str(day.day)
    assert find_date(f"{prefix}{day_name}{number} {month} {day.year}") == day.isoformat()
    assert find_date(f"{day_name}{day.day:02d}/{day.month:02d}/{day.year}") == day.isoformat()


@settings(max_examples=100, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2035, 1, 1)),
    zone=st.sampled_from([("WIB", 7), ("WITA", 8), ("WIT", 9)]),
)
def test_times_carry_their_zone(moment, zone):
    moment = moment.replace(second=0, microsecond=0)
    text = f"{moment.day} {list(SPELLINGS[moment.month])[0]} {moment.year} {moment:%H:%M} {zone[0]}"
    expected = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=zone[1])))
    assert dt.datetime.fromisoformat(find_date(text)) == expected


@settings(max_examples=120, deadline=None)
@given(
    number=st.integers(min_value=0, max_value=99_999_999),
    form=st.sampled_from(["{} kali", "Dilihat {} kali", "Dibaca: {} kali", "{}x dibaca", "{} kali dibaca", "Hits: {}"]),
    lead=st.sampled_from(["", "26 Januari 2021     ", "Selasa, 26/01/2021 | "]),
)
def test_any_written_count_round_trips(number, form, lead):
    written = f"{number:,}".replace(",", ".")
    assert find_count(lead + form.format(written)) == number


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    result = find_date(text)
    assert result is None or dt.date.fromisoformat(result[:10])
    count = find_count(text)
    assert count is None or count >= 0


def test_machine_dates_convert_to_wib():
    assert normalize_iso("2022-03-14T02:45:00Z") == "2022-03-14T09:45:00+07:00"
    assert normalize_iso("2022-03-14") == "2022-03-14"
    assert normalize_iso("2022-13-14") is None


@pytest.mark.parametrize("value,expected", [
    ("9999-12-31T20:00:00Z", "9999-12-31"),
    ("2021-01-01T10:00:00+99:00", "2021-01-01"),
    ("2021-03-15T02:30:00+05:30", "2021-03-15T04:00:00+07:00"),
])
def test_machine_dates_past_the_calendar_or_with_impossible_zones_keep_their_day(value, expected):
    assert normalize_iso(value) == expected
