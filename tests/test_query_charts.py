"""scraper.charts: the terminal sparkline and the publishable SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from scraper import charts

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2021, 3, 20, 8, tzinfo=timezone.utc)


def test_sparkline_spans_lowest_to_highest_block():
    assert charts.sparkline([0, 7, 14]) == "▁▅█"
    assert charts.sparkline([5, 5, 5]) == "▁▁▁"
    assert charts.sparkline([]) == ""


def test_sparkline_resamples_and_ends_on_the_latest_value():
    line = charts.sparkline(list(range(1000)) + [5000], width=40)
    assert len(line) == 40 and line[-1] == "█" and line[0] == "▁"


def test_counts_use_the_portals_thousands_separator():
    assert charts.format_count(10769) == "10.769"
    assert charts.format_count(296) == "296"


def test_axis_maximum_is_a_round_number_above_the_data():
    assert [charts.nice_ceiling(v) for v in (0, 7, 296, 2400, 10769)] == [1, 10, 500, 2500, 20000]


def test_svg_is_wellformed_starts_at_zero_and_labels_the_latest_count():
    points = [charts.ChartPoint(START + timedelta(days=d), 120 + 570 * d) for d in range(5)]
    svg = charts.render_svg(points, "VAKSINASI <COVID-19> & TAHAP KEDUA", "5 observations")
    root = ET.fromstring(svg)  # escaped title: still well-formed XML
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "VAKSINASI <COVID-19> & TAHAP KEDUA" in texts
    assert "0" in texts and "2.400 kali" in texts
    assert {"21 Mar", "24 Mar"} <= set(texts)
    assert len(list(root.iter(f"{SVG}circle"))) == 5
    assert len(list(root.iter(f"{SVG}polyline"))) == 1


def test_svg_wraps_a_long_title_on_two_lines():
    title = "BUPATI: PEMKAB, TNI DAN POLRI LAKUKAN SINKRONISASI, PEMETAAN SERTA ANTISIPASI " * 2
    root = ET.fromstring(charts.render_svg([charts.ChartPoint(START, 296)], title))
    bold = [t.text for t in root.iter(f"{SVG}text") if t.get("font-weight") == "600"
            and t.get("font-size") == "15"]
    assert len(bold) == 2 and bold[1].endswith("…")
    assert all(len(line) <= charts.TITLE_CHARS for line in bold)


def test_svg_without_points_says_so():
    svg = charts.render_svg([], "Judul")
    assert "no view counts recorded" in svg and "<polyline" not in svg


def test_shorten_keeps_a_long_url_instead_of_cutting_back_to_a_space():
    text = "6 observations · http://127.0.0.1/main/detail-berita/696/" + "x" * 200
    cut = charts.shorten(text, 80)
    assert len(cut) == 80 and cut.startswith("6 observations · http://127.0.0.1/main/")
    assert charts.shorten("satu dua tiga empat lima enam", 20) == "satu dua tiga…"
