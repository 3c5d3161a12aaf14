"""Small pure helpers the extractors rest on: title candidates, image sources, dates with a time."""

from __future__ import annotations

import pytest
from lxml import etree

from scraper.parse.article import image_source, title_candidates
from scraper.parse.idn import with_time


def test_title_candidates_cut_the_site_name_at_the_last_separator_first():
    candidates = title_candidates([], "Jalan Ranuyoso - Klakah Rampung Maret :: Dinas PUPR")
    assert candidates[0] == "Jalan Ranuyoso - Klakah Rampung Maret"
    assert "Dinas PUPR" in candidates and "Jalan Ranuyoso" in candidates


def test_title_candidates_put_meta_titles_first_and_keep_a_title_after_the_site_name():
    candidates = title_candidates(["Judul Dari Meta"], "Situs Dinas :: Benih Lele - Nila Dibagikan")
    assert candidates[0] == "Judul Dari Meta"
    assert "Benih Lele - Nila Dibagikan" in candidates


@pytest.mark.parametrize("markup,expected", [
    ('<img src="data:image/gif;base64,R0lG" data-src="/a/foto.jpg">', "/a/foto.jpg"),
    ('<img src="/a/memuat.gif" data-lazy-src="/a/foto.jpg">', "/a/foto.jpg"),
    ('<img src="/a/kosong.gif" srcset="/a/foto-640.jpg 640w, /a/foto-1280.jpg 1280w">', "/a/foto-1280.jpg"),
    ('<img src="/a/foto-696.jpg" srcset="/a/foto-300.jpg 300w, /a/foto-696.jpg 696w">', "/a/foto-696.jpg"),
    ('<img src="data:image/gif;base64,R0lG">', None),
])
def test_image_source_prefers_what_a_browser_loads(markup, expected):
    image = etree.fromstring(markup, etree.HTMLParser()).find(".//img")
    assert image_source(image) == expected


@pytest.mark.parametrize("visible,machine,expected", [
    ("2020-11-10", "2020-11-10T13:45:12+07:00", "2020-11-10T13:45:12+07:00"),
    (None, "2020-11-10T13:45:12+07:00", "2020-11-10T13:45:12+07:00"),
    ("2020-11-11", "2020-11-10T13:45:12+07:00", "2020-11-11"),
    ("2020-11-10", "2020-11-09", "2020-11-10"),
    (None, "2020-11-09", "2020-11-09"),
    (None, None, None),
])
def test_a_machine_datetime_adds_its_time_to_the_shown_day_only(visible, machine, expected):
    assert with_time(visible, machine) == expected
