"""The synthetic portal: its articles, how they change by simulated day, and its pages.

A :class:`Portal` is pure and deterministic: everything comes from
``random.Random`` seeded with the portal's seed, so the same arguments give
byte-identical pages.  It knows nothing of HTTP beyond status codes; the
server in :mod:`scraper.mirror.server` adds sockets, faults and a request log.

The seed article (455) and the five most-read items of the seed page are
real articles of the portal with their seed texts and day-0 view counts, so
the day-0 "BANYAK DIBACA" sidebar equals the seed page's.
"""

from __future__ import annotations

import json
import random
import re
import threading
import zlib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from scraper.mirror import templates
from scraper.mirror.images import placeholder_image
from scraper.mirror.text import compose_story, format_date_id
from scraper.mirror.templates import ArticleView, Frame, ItemView, ListingView, Theme

LISTING_PATH = "/main/berita"
ARTICLE_PREFIX = "/main/detail-berita/"
IMAGE_PREFIX = "/files/berita/"
PAGE_SIZE = 10
MOST_READ_SIZE = 5
SEED_ARTICLE_ID = 455
MIN_ARTICLES = 10
#: Generated articles stay below the seed's fifth most-read count (3.858) on day 0.
MAX_GENERATED_VIEWS = 3700

#: Day 0 of the simulation: a week after the newest generated article.
DAY_ZERO = date(2024, 1, 8)
FIRST_DATE = date(2020, 3, 2)
LAST_DATE = date(2023, 12, 31)
SEED_DATE = date(2021, 1, 26)
#: Share of generated articles dated before the seed article; ids below 455 limit it (a real CMS).
EARLY_SHARE = 0.2
MAX_EARLY = 440

EDIT_DAY = 1
REMOVAL_DAY = 2
COUNTER_RESET_DAY = 3
#: What the reset counter shows on its reset day (then it grows again from there).
VIEWS_AFTER_RESET = 7
EDIT_NOTE = (
    " Berita ini diperbarui pada {when} dengan tambahan keterangan dari panitia penyelenggara."
)
EDIT_TITLE_SUFFIX = " (DIPERBARUI)"

ROBOTS_TXT = (
    "User-agent: *\n"
    "Crawl-delay: 1\n"
    "Disallow: /admin/\n"
    "Disallow: /main/cari\n"
    "Disallow: /__mirror__/\n"
)

PROFILE_HTML = (
    "<p>Portal informasi resmi Pemerintah Kabupaten Lumajang tentang penanganan Covid-19 "
    "dan kegiatan pemerintahan daerah.</p><p>Alamat: Jl. Alun-alun Utara No. 6 Lumajang.</p>"
)
LOGIN_HTML = (
    '<form method="post" action="/admin/login"><p>Nama pengguna <input type="text" name="username"></p>'
    '<p>Kata sandi <input type="password" name="password"></p><p><input type="submit" value="Masuk"></p></form>'
)

_ARTICLE_RE = re.compile(r"^/main/detail-berita/(\d+)(?:/([^/]*))?$")
_LISTING_RE = re.compile(r"^/main/berita(?:/(\d+))?$")
_SLUG_STRIP_RE = re.compile(r"[^a-z0-9]+")


class Page(NamedTuple):
    """One answer of the portal (before faults): status, content type, body, redirect target."""

    status: int
    content_type: str
    body: bytes
    location: str | None = None


@dataclass(frozen=True)
class Story:
    """One article and the data from which its pages and ground truth are rendered."""

    id: int
    slug: str
    title: str
    published: date
    time: str
    views0: int
    rate: float
    image: str
    caption: str
    paragraphs: tuple[str, ...]
    quotes: tuple[dict, ...]
    credit: str
    first_day: int = 0

    @property
    def path(self) -> str:
        return f"{ARTICLE_PREFIX}{self.id}/{self.slug}"


class _Slot(NamedTuple):
    """An article's place in the timeline before its text is composed."""

    published: date
    time: str
    order: int
    seed_article: dict | None = None
    most_read: dict | None = None


@dataclass(frozen=True)
class _DayState:
    live: list[Story]
    views: dict[int, int]
    by_id: dict[int, Story]
    images: set[str]
    most_read: list[Story]


def slugify(title: str) -> str:
    """``BUPATI: PEMKAB, TNI ...`` -> ``bupati-pemkab-tni-...`` (the seed's slug rule)."""
    return _SLUG_STRIP_RE.sub("-", title.lower()).strip("-")


def daily_gain(age_days: int, rate: float) -> int:
    """Views gained on one day by an article ``age_days`` old: newer articles grow faster."""
    return max(1, int(rate * (1 + 300 / (age_days + 3))))


def theme_for(path: str) -> str:
    """The theme a path is rendered in when none is forced: stable per path."""
    return templates.THEMES[zlib.crc32(path.encode("utf-8")) % len(templates.THEMES)]


def load_seed_data() -> dict:
    """The seed page's article and most-read items, shipped as package data."""
    return json.loads(resources.files("scraper.mirror").joinpath("data/seed.json").read_text("utf-8"))


class Portal:
    """The deterministic offline portal (see docs/architecture.md, "Mirror")."""

    def __init__(self, articles: int = 300, seed: int = 0, trap: bool = False) -> None:
        if articles < MIN_ARTICLES:
            raise ValueError(f"a portal needs at least {MIN_ARTICLES} articles, got {articles}")
        self.seed = seed
        self.trap = trap
        self.edit_day = EDIT_DAY
        self.removal_day = REMOVAL_DAY
        self.counter_reset_day = COUNTER_RESET_DAY
        self._stories = self._generate(articles)
        self._by_id = {s.id: s for s in self._stories}
        self._max_id = max(self._by_id)
        self._new_by_day: dict[int, tuple[Story, ...]] = {}
        self._states: dict[int, _DayState] = {}
        self._lock = threading.Lock()
        self._pick_changes()

    # ------------------------------------------------------------------ generation
    def _generate(self, articles: int) -> list[Story]:
        """Date every article, give ids increasing with date (455 on the seed's date), compose texts."""
        rng = random.Random(f"lumajang-portal:{self.seed}")
        data = load_seed_data()
        seed_article = data["seed_article"]
        slots = [_Slot(SEED_DATE, seed_article["time"], -1, seed_article)]
        for item in data["most_read"]:
            time = f"{rng.randint(7, 15):02d}:{rng.choice((0, 15, 30, 45)):02d}"
            slots.append(_Slot(date.fromisoformat(item["published"]), time, -1, None, item))
        generated = articles - len(slots)
        early = min(round(generated * EARLY_SHARE), MAX_EARLY)
        for n in range(generated):
            if n < early:
                lo, hi = FIRST_DATE, SEED_DATE - timedelta(days=1)
            else:
                lo, hi = SEED_DATE + timedelta(days=1), LAST_DATE
            day = lo + timedelta(days=rng.randrange((hi - lo).days + 1))
            slots.append(_Slot(day, f"{rng.randint(7, 16):02d}:{rng.randrange(0, 60, 5):02d}", n))
        slots.sort(key=lambda slot: (slot.published, slot.time, slot.order))
        seed_index = next(i for i, slot in enumerate(slots) if slot.seed_article is not None)
        ids = sorted(rng.sample(range(1, SEED_ARTICLE_ID), seed_index)) + [SEED_ARTICLE_ID]
        for _ in slots[seed_index + 1:]:
            ids.append(ids[-1] + rng.randint(1, 4))
        return [self._story(story_id, slot) for story_id, slot in zip(ids, slots, strict=True)]

    def _story(self, story_id: int, slot: _Slot, first_day: int = 0) -> Story:
        """The seed article as saved, or a composed one (with a fixed title and count if given)."""
        if slot.seed_article is not None:
            seed = slot.seed_article
            return Story(
                id=story_id, slug=seed["slug"], title=seed["title"], published=slot.published,
                time=slot.time, views0=seed["views"], rate=0.8, image=f"{IMAGE_PREFIX}{seed['image']}",
                caption=seed["caption"], paragraphs=tuple(seed["paragraphs"]), quotes=tuple(seed["quotes"]),
                credit=seed["credit"],
            )
        rng = random.Random(f"lumajang-story:{self.seed}:{story_id}")
        fixed = slot.most_read or {}
        text = compose_story(rng, slot.published, fixed.get("title"))
        if "views" in fixed:
            views0 = fixed["views"]
        elif first_day:
            views0 = 0
        else:
            age = (DAY_ZERO - slot.published).days
            views0 = min(MAX_GENERATED_VIEWS, int(age * rng.uniform(0.2, 2.4)) + rng.randint(20, 120))
        return Story(
            id=story_id, slug=slugify(text.title), title=text.title, published=slot.published,
            time=slot.time, views0=views0, rate=rng.uniform(0.6, 1.8),
            image=f"{IMAGE_PREFIX}{slot.published:%Y%m%d}{rng.getrandbits(24):06x}.jpg", caption=text.caption,
            paragraphs=tuple(text.paragraphs), quotes=tuple(text.quotes), credit=text.credit,
            first_day=first_day,
        )

    def _pick_changes(self) -> None:
        """Choose the edited, removed and counter-reset articles among generated recent ones."""
        rng = random.Random(f"lumajang-changes:{self.seed}")
        top = sorted(self._stories, key=lambda s: (-s.views0, -s.id))[:MOST_READ_SIZE]
        protected = {SEED_ARTICLE_ID} | {s.id for s in top}
        recent = [s for s in reversed(self._stories) if s.id not in protected][:30]
        self._edited, self._removed, self._reset = rng.sample(recent, 3)
        self.edited_article_path = self._edited.path
        self.removed_article_path = self._removed.path
        self.counter_reset_path = self._reset.path

    def new_stories(self, day: int) -> tuple[Story, ...]:
        """Articles first published on simulated ``day`` (1-3 per day from day 1)."""
        if day < 1:
            return ()
        with self._lock:
            cached = self._new_by_day.get(day)
        if cached is not None:
            return cached
        rng = random.Random(f"lumajang-day:{self.seed}:{day}")
        published = DAY_ZERO + timedelta(days=day)
        stories = []
        for n in range(rng.randint(1, 3)):
            story_id = self._max_id + 4 * (day - 1) + n + 1
            time = f"{8 + 3 * n:02d}:{rng.randrange(0, 60, 5):02d}"
            stories.append(self._story(story_id, _Slot(published, time, n), first_day=day))
        result = tuple(stories)
        with self._lock:
            self._new_by_day[day] = result
        return result

    # ------------------------------------------------------------------ state by day
    def _state(self, day: int) -> _DayState:
        """Live articles, counters and sidebar of ``day``, computed once per day."""
        if day < 0:
            raise ValueError(f"simulated days start at 0, got {day}")
        with self._lock:
            state = self._states.get(day)
        if state is not None:
            return state
        live = [s for d in range(day, 0, -1) for s in reversed(self.new_stories(d))]
        for story in reversed(self._stories):
            if story is self._removed and day >= self.removal_day:
                continue
            live.append(self._edited_version() if story is self._edited and day >= self.edit_day else story)
        counts = {s.id: self._raw_views(s, day) for s in live}
        if day >= self.counter_reset_day and self._reset.id in counts:
            # A CMS counter reset: the archive must keep and flag the decrease, not "fix" it.
            counts[self._reset.id] -= self._raw_views(self._reset, self.counter_reset_day) - VIEWS_AFTER_RESET
        most_read = sorted(live, key=lambda s: (-counts[s.id], -s.id))[:MOST_READ_SIZE]
        state = _DayState(live, counts, {s.id: s for s in live}, {s.image for s in live}, most_read)
        with self._lock:
            self._states[day] = state
        return state

    def _edited_version(self) -> Story:
        when = format_date_id(DAY_ZERO + timedelta(days=self.edit_day))
        paragraphs = list(self._edited.paragraphs)
        paragraphs[0] += EDIT_NOTE.format(when=when)
        return replace(self._edited, title=self._edited.title + EDIT_TITLE_SUFFIX, paragraphs=tuple(paragraphs))

    def _raw_views(self, story: Story, day: int) -> int:
        if story.first_day:
            return sum(daily_gain(k - story.first_day, story.rate) for k in range(story.first_day, day + 1))
        age0 = (DAY_ZERO - story.published).days
        return story.views0 + sum(daily_gain(age0 + k, story.rate) for k in range(1, day + 1))

    def stories(self, day: int) -> list[Story]:
        """Every live article on ``day`` in its state of that day, newest first."""
        return list(self._state(day).live)

    def story_at(self, story_id: int, day: int) -> Story | None:
        """The article with ``story_id`` as it is on ``day``, or None when it is not live."""
        return self._state(day).by_id.get(story_id)

    def views(self, story: Story, day: int) -> int:
        """The view counter of ``story`` on ``day`` (0 when it is not live)."""
        return self._state(day).views.get(story.id, 0)

    def most_read(self, day: int) -> list[Story]:
        """The "BANYAK DIBACA" sidebar on ``day``: top five live articles by views."""
        return list(self._state(day).most_read)

    # ------------------------------------------------------------------ public queries
    def article_paths(self, day: int) -> list[str]:
        """Every live article path on ``day``, newest first."""
        return [s.path for s in self.stories(day)]

    def listing_paths(self, day: int) -> list[str]:
        """The listing pages that hold articles on ``day``: page 1, then ``/main/berita/10`` ..."""
        total = len(self.stories(day))
        return [LISTING_PATH] + [f"{LISTING_PATH}/{o}" for o in range(PAGE_SIZE, total, PAGE_SIZE)]

    def new_article_paths(self, day: int) -> list[str]:
        """Articles first published on ``day``."""
        return [s.path for s in self.new_stories(day)]

    def theme_for(self, path: str, theme: str | None = None) -> str:
        """The theme ``path`` is rendered in: ``theme`` when forced, else chosen by the path."""
        return templates.check_theme(theme) or theme_for(urlsplit(path).path)

    # ------------------------------------------------------------------ rendering
    def render(self, path: str, day: int, theme: str | None = None) -> tuple[int, str, bytes]:
        """``(status, content_type, body)`` of ``path`` on ``day``, without faults."""
        page = self.respond(path, day, theme)
        return page.status, page.content_type, page.body

    def respond(self, path: str, day: int, theme: str | None = None, quirky_links: bool = False) -> Page:
        """The full answer for ``path`` (query string allowed), including a redirect's Location.

        ``quirky_links`` makes listings link some articles by a non-canonical URL (no slug or a
        trailing slash) so a crawler meets the redirect to the canonical URL; the server turns it
        on with faults.
        """
        split = urlsplit(path)
        route = split.path or "/"
        renderer = templates.THEME_RENDERERS[self.theme_for(route, theme)]
        if route == "/robots.txt":
            return Page(200, "text/plain; charset=utf-8", ROBOTS_TXT.encode("ascii"))
        if route == "/":
            return self._redirect(LISTING_PATH)
        if len(route) > 1 and route.endswith("/"):
            return self._redirect(route.rstrip("/"))
        if match := _ARTICLE_RE.match(route):
            return self._article_page(renderer, int(match.group(1)), match.group(2), day)
        if match := _LISTING_RE.match(route):
            offset = int(match.group(1) or 0)
            if match.group(1) is not None and offset == 0:
                return self._redirect(LISTING_PATH)
            return self._listing_page(renderer, offset, day, quirky_links)
        if route.startswith(IMAGE_PREFIX):
            return self._image(route, day)
        if route == "/main/cari":
            query = parse_qs(split.query).get("q", [""])[0]
            return self._search_page(renderer, query, day)
        if route == "/main/profil":
            return self._html(renderer, 200, renderer.static(self._frame("Profil", day), "Profil", PROFILE_HTML))
        if route == "/admin/login":
            heading = "Login Administrator"
            return self._html(renderer, 200, renderer.static(Frame(heading), heading, LOGIN_HTML))
        return self.not_found(renderer)

    def not_found(self, renderer: Theme) -> Page:
        return self._html(renderer, 404, renderer.not_found(Frame(templates.NOT_FOUND_HEADING)))

    def _html(self, renderer: Theme, status: int, html: str) -> Page:
        body = html.encode(renderer.charset, errors="xmlcharrefreplace")
        return Page(status, f"text/html; charset={renderer.charset}", body)

    def _redirect(self, location: str) -> Page:
        body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'.encode("ascii")
        return Page(301, "text/html; charset=utf-8", body, location)

    def _item(self, story: Story, day: int) -> ItemView:
        summary = story.paragraphs[0][:160].rsplit(" ", 1)[0] + " ..."
        return ItemView(story.path, story.title, story.published, story.time, self.views(story, day),
                        story.image, summary)

    def _frame(self, title: str, day: int) -> Frame:
        return Frame(title, tuple(self._item(s, day) for s in self.most_read(day)))

    def _article_page(self, renderer: Theme, story_id: int, slug: str | None, day: int) -> Page:
        story = self.story_at(story_id, day)
        if story is None:
            return self.not_found(renderer)
        if slug != story.slug:
            return self._redirect(story.path)
        view = ArticleView(self._item(story, day), story.caption, story.paragraphs, story.credit)
        return self._html(renderer, 200, renderer.article(self._frame(story.title, day), view))

    def listing_window(self, offset: int, day: int) -> tuple[list[Story], str | None, list[tuple[str, str | None]]]:
        """Items at ``offset``, the next page's path (None on the last page) and the numbered links."""
        stories = self._state(day).live
        items = stories[offset:offset + PAGE_SIZE]
        total = len(stories)
        onward = offset + PAGE_SIZE < total or self.trap  # the trap links on from the last page, forever
        next_path = f"{LISTING_PATH}/{offset + PAGE_SIZE}" if onward else None
        pages = max(1, -(-total // PAGE_SIZE))
        current = offset // PAGE_SIZE
        window = sorted({0, pages - 1} | set(range(max(0, current - 3), min(pages, current + 4))))
        links = []
        for n in window:
            target = LISTING_PATH if n == 0 else f"{LISTING_PATH}/{n * PAGE_SIZE}"
            links.append((str(n + 1), None if n * PAGE_SIZE == offset else target))
        return items, next_path, links

    def _listing_page(self, renderer: Theme, offset: int, day: int, quirky_links: bool) -> Page:
        items, next_path, links = self.listing_window(offset, day)
        views = []
        for story in items:
            item = self._item(story, day)
            if quirky_links and story.id % 10 == 3:
                item = replace(item, path=f"{ARTICLE_PREFIX}{story.id}")
            elif quirky_links and story.id % 10 == 7:
                item = replace(item, path=f"{story.path}/")
            views.append(item)
        page_no = offset // PAGE_SIZE + 1
        heading = "Berita" if offset == 0 else f"Berita - Halaman {page_no}"
        view = ListingView("Berita Terkini", tuple(views), tuple(links), next_path)
        return self._html(renderer, 200, renderer.listing(self._frame(heading, day), view))

    def _search_page(self, renderer: Theme, query: str, day: int) -> Page:
        words = query.upper().split()
        hits = [s for s in self.stories(day) if words and all(w in s.title for w in words)][:PAGE_SIZE]
        view = ListingView(f"Hasil pencarian: {query}", tuple(self._item(s, day) for s in hits), (), None)
        return self._html(renderer, 200, renderer.listing(self._frame("Pencarian", day), view))

    def _image(self, route: str, day: int) -> Page:
        if route not in self._state(day).images:
            return Page(404, "text/plain; charset=utf-8", b"Not Found")
        return Page(200, "image/png", placeholder_image(route))

    # ------------------------------------------------------------------ ground truth
    def truth(self, path: str, day: int, theme: str | None = None, base_url: str = "") -> dict:
        """What the parser should return for ``path`` on ``day`` (CONTRACT.md JSON).

        Articles and listings only; ``published`` carries the time where the theme
        shows one (theme ``b``).  ``body`` excludes the closing credit, which is
        its own field.  URLs are ``base_url`` + path.
        """
        route = urlsplit(path).path
        shown_theme = self.theme_for(route, theme)
        most_read = [
            {"rank": n, "title": s.title, "url": base_url + s.path, "published": s.published.isoformat(),
             "views": self.views(s, day)}
            for n, s in enumerate(self.most_read(day), 1)
        ]
        if match := _LISTING_RE.match(route):
            items, next_path, _ = self.listing_window(int(match.group(1) or 0), day)
            return {
                "kind": "listing", "url": base_url + route,
                "items": [{"url": base_url + s.path, "title": s.title, "published": s.published.isoformat(),
                           "views": None if shown_theme == "b" else self.views(s, day)} for s in items],
                "next_pages": [base_url + next_path] if next_path else [],
                "most_read": most_read,
            }
        match = _ARTICLE_RE.match(route)
        story = self.story_at(int(match.group(1)), day) if match else None
        if story is None:
            raise KeyError(f"{path} is neither a live article nor a listing on day {day}")
        published = story.published.isoformat()
        if shown_theme == "b":
            published = f"{published}T{story.time}:00+07:00"
        return {
            "kind": "article", "url": base_url + story.path, "article_id": str(story.id),
            "title": story.title, "published": published, "views": self.views(story, day),
            "image_url": base_url + story.image, "image_caption": story.caption,
            # CONTRACT.md's body collapses whitespace runs; the seed's text keeps its NBSPs.
            "body": "\n\n".join(" ".join(p.split()) for p in story.paragraphs), "credit": story.credit,
            "quotes": [dict(q) for q in story.quotes], "most_read": most_read,
        }
