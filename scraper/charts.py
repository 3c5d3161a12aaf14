"""View-history charts: a terminal sparkline and a publishable SVG.

One implementation serves both ``scraper views --svg`` and the Datasette
plugin's ``/-/scraper/views/...svg`` route, so the chart a journalist
downloads is the chart they browsed.  Plain string building, no plotting
library: the archive's server must stay light, and an SVG line chart is a
few dozen elements.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape
from typing import Sequence

#: Eight block heights, lowest first, for one-line sparklines.
SPARK_BLOCKS = "▁▂▃▄▅▆▇█"

#: Chart geometry in SVG user units (pixels at 100 %).
SVG_WIDTH = 760
SVG_HEIGHT = 400
MARGIN_LEFT = 78
MARGIN_RIGHT = 28
MARGIN_TOP = 80
TITLE_X = 16
#: Characters per title line (bold 15 px capitals are ~11 px wide) and subtitle length.
TITLE_CHARS = 64
TITLE_LINES = 2
SUBTITLE_CHARS = 118
MARGIN_BOTTOM = 56
Y_TICKS = 5
X_TICKS = 7
#: Spacing of date ticks, in days: the first that keeps the labels at most X_TICKS.
TICK_STEPS_DAYS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730)

#: Colours: the line, the area under it, grid and text.  Chosen to survive
#: greyscale printing (a newspaper page) and a dark Datasette theme alike.
LINE_COLOUR = "#1f6feb"
AREA_COLOUR = "#1f6feb"
AREA_OPACITY = "0.12"
GRID_COLOUR = "#d0d7de"
TEXT_COLOUR = "#24292f"
MUTED_COLOUR = "#57606a"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: Indonesian month abbreviations for axis labels (the portal writes "26 Januari 2021").
MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True)
class ChartPoint:
    """One observation to plot: when (UTC) and the count the page showed."""

    at: datetime
    views: int


def sparkline(values: Sequence[int], width: int = 60) -> str:
    """Return a one-line block chart of ``values``, resampled to at most ``width`` cells.

    Resampling keeps the last value of each bucket, so the line always ends on
    the latest count.  A flat series is drawn at the lowest block.
    """
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [values[min(len(values) - 1, int((i + 1) * step) - 1)] for i in range(width)]
    low, high = min(values), max(values)
    span = high - low
    top = len(SPARK_BLOCKS) - 1
    return "".join(
        SPARK_BLOCKS[0 if span == 0 else round((v - low) / span * top)] for v in values
    )


def format_count(n: int) -> str:
    """``10769`` -> ``"10.769"``: the portal's own thousands separator."""
    return f"{n:,}".replace(",", ".")


def parse_time(value: str) -> datetime:
    """Parse the archive's ISO 8601 UTC strings (with ``Z``, an offset, or a bare date)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def format_day(moment: datetime, with_year: bool) -> str:
    """``26 Jan 2021`` (or ``26 Jan`` when the axis spans one year)."""
    label = f"{moment.day} {MONTHS_ID[moment.month - 1]}"
    return f"{label} {moment.year}" if with_year else label


def nice_ceiling(value: int) -> int:
    """Round an axis maximum up to 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        candidate = int(factor * magnitude)
        if candidate >= value:
            return candidate
    return 10 * magnitude


def render_svg(points: Sequence[ChartPoint], title: str, subtitle: str = "") -> str:
    """Return a standalone SVG line chart of views over time.

    The y axis starts at zero (growth is not exaggerated); the x axis is
    proportional to time, so gaps between crawls show as gaps, not as steps.
    """
    plot_w = SVG_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = SVG_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SVG_WIDTH}" height="{SVG_HEIGHT}" '
        f'viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" font-family="{escape(FONT_FAMILY)}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<rect width="{SVG_WIDTH}" height="{SVG_HEIGHT}" fill="#ffffff"/>',
    ]
    title_lines = wrap_title(title)
    for i, line in enumerate(title_lines):
        parts.append(
            f'<text x="{TITLE_X}" y="{24 + 19 * i}" font-size="15" font-weight="600" '
            f'fill="{TEXT_COLOUR}">{escape(line)}</text>'
        )
    parts.append(
        f'<text x="{TITLE_X}" y="{24 + 19 * len(title_lines)}" font-size="11" fill="{MUTED_COLOUR}">'
        f"{escape(shorten(subtitle, SUBTITLE_CHARS))}</text>"
    )
    if not points:
        parts.append(
            f'<text x="{SVG_WIDTH / 2}" y="{SVG_HEIGHT / 2}" text-anchor="middle" font-size="14" '
            f'fill="{MUTED_COLOUR}">Belum ada data jumlah pembaca (no view counts recorded)</text>'
        )
        parts.append("</svg>")
        return "\n".join(parts)

    ordered = sorted(points, key=lambda p: p.at)
    start, end = ordered[0].at, ordered[-1].at
    seconds = max((end - start).total_seconds(), 1.0)
    y_max = nice_ceiling(max(p.views for p in ordered))

    def x_of(moment: datetime) -> float:
        return MARGIN_LEFT + (moment - start).total_seconds() / seconds * plot_w

    def y_of(views: int) -> float:
        return MARGIN_TOP + plot_h - views / y_max * plot_h

    parts.extend(render_grid(y_max, plot_w, plot_h))
    parts.extend(render_time_axis(start, end, x_of, plot_h))
    coords = [(x_of(p.at), y_of(p.views)) for p in ordered]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    baseline = MARGIN_TOP + plot_h
    parts.append(
        f'<polygon points="{coords[0][0]:.1f},{baseline:.1f} {line} {coords[-1][0]:.1f},{baseline:.1f}" '
        f'fill="{AREA_COLOUR}" fill-opacity="{AREA_OPACITY}"/>'
    )
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2.5" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
    if len(coords) <= 60:
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE_COLOUR}"/>' for x, y in coords
        )
    last_x, last_y = coords[-1]
    parts.append(
        f'<text x="{min(last_x, SVG_WIDTH - MARGIN_RIGHT):.1f}" y="{max(last_y - 10, MARGIN_TOP - 4):.1f}" '
        f'text-anchor="end" font-size="13" font-weight="600" fill="{LINE_COLOUR}">'
        f"{format_count(ordered[-1].views)} kali</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def render_grid(y_max: int, plot_w: float, plot_h: float) -> list[str]:
    """Horizontal grid lines with count labels, zero at the bottom."""
    lines = []
    for i in range(Y_TICKS + 1):
        value = round(y_max * i / Y_TICKS)
        y = MARGIN_TOP + plot_h - plot_h * i / Y_TICKS
        lines.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{MARGIN_LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        lines.append(
            f'<text x="{MARGIN_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{MUTED_COLOUR}">{format_count(value)}</text>'
        )
    return lines


def time_ticks(start: datetime, end: datetime) -> list[datetime]:
    """Tick positions at UTC midnights, every :data:`TICK_STEPS_DAYS` step that gives at
    most :data:`X_TICKS` labels; within one day, the two ends only."""
    days = (end - start).total_seconds() / 86400
    if days < 1:
        return [start, end] if end > start else [start]
    step = next((s for s in TICK_STEPS_DAYS if days / s <= X_TICKS), TICK_STEPS_DAYS[-1])
    first = datetime(start.year, start.month, start.day, tzinfo=timezone.utc)
    if first < start:
        first += timedelta(days=1)
    ticks = []
    moment = first
    while moment <= end:
        ticks.append(moment)
        moment += timedelta(days=step)
    return ticks


def render_time_axis(start: datetime, end: datetime, x_of, plot_h: float) -> list[str]:
    """Date labels under the plot at calendar days, proportional in time."""
    with_year = start.year != end.year or (end - start).days > 300
    same_day = (end - start).total_seconds() < 86400
    labels = []
    y = MARGIN_TOP + plot_h + 22
    for moment in time_ticks(start, end):
        label = moment.strftime("%H:%M") if same_day else format_day(moment, with_year)
        x = x_of(moment)
        labels.append(
            f'<line x1="{x:.1f}" y1="{MARGIN_TOP + plot_h:.1f}" x2="{x:.1f}" y2="{MARGIN_TOP + plot_h + 5:.1f}" '
            f'stroke="{MUTED_COLOUR}" stroke-width="1"/>'
        )
        labels.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{MUTED_COLOUR}">{label}</text>'
        )
    labels.append(
        f'<text x="{SVG_WIDTH - MARGIN_RIGHT}" y="{SVG_HEIGHT - 10}" text-anchor="end" font-size="11" '
        f'fill="{MUTED_COLOUR}">Jumlah pembaca (views) menurut arsip, UTC</text>'
    )
    return labels


def wrap_title(title: str) -> list[str]:
    """The title on at most :data:`TITLE_LINES` lines, the last cut with an ellipsis."""
    lines = textwrap.wrap(title, TITLE_CHARS) or [""]
    if len(lines) > TITLE_LINES:
        rest = " ".join(lines[TITLE_LINES - 1:])
        lines = lines[: TITLE_LINES - 1] + [shorten(rest, TITLE_CHARS)]
    return lines


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, at a word boundary near the end, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    # a URL has no spaces: cutting back to the last word would drop all of it
    return (cut[:space] if space > limit * 0.6 else cut) + "…"
