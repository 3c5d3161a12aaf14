"""The offline mirror: the site it serves, its simulated days, its faults, its safety rails."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections import Counter
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import requests

from scraper.mirror import Mirror, NotLoopbackError, Portal
from scraper.mirror.faults import FAULT_KINDS, FaultPlan
from scraper.mirror.portal import load_seed_data

SEED_PATH = (
    "/main/detail-berita/455/bupati-pemkab-tni-dan-polri-lakukan-sinkronisasi-pemetaan-"
    "serta-antisipasi-persoalan-di-kabupaten-lumajang"
)
#: A client that refuses bodies above this (like the crawler's cap) sees "oversize" as a failure.
CLIENT_CAP = 5 * 1024 * 1024
MAX_ATTEMPTS = 4


def html_of(response: requests.Response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content)


def links(page: lxml.html.HtmlElement, base: str) -> list[str]:
    return [urljoin(base, href) for href in page.xpath("//a/@href")]


def next_link(page: lxml.html.HtmlElement, base: str) -> str | None:
    """The pagination's onward link ("Selanjutnya", "Berikutnya »" or "»")."""
    for a in page.xpath("//a[@href]"):
        label = a.text_content().strip()
        if label in ("Selanjutnya", "Berikutnya \u00bb", "\u00bb"):
            return urljoin(base, a.get("href"))
    return None


def path_of(url: str) -> str:
    return urlsplit(url).path


def get_with_retries(session: requests.Session, url: str) -> requests.Response:
    """A polite retrying client: up to four attempts, body capped at 5 MB."""
    error: Exception | None = None
    for _ in range(MAX_ATTEMPTS):
        try:
            response = session.get(url, timeout=10, stream=True)
            body = b""
            for chunk in response.iter_content(65536):
                body += chunk
                if len(body) > CLIENT_CAP:
                    raise ValueError(f"{url}: body over the cap")
            response._content = body
            if response.status_code in (429, 500, 503):
                assert response.headers["Retry-After"] == "1"
                error = RuntimeError(f"{url}: {response.status_code}")
                continue
            return response
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError, ValueError) as exc:
            error = exc
    raise AssertionError(f"{url} still failing after {MAX_ATTEMPTS} attempts: {error}")


def crawl_listing(session: requests.Session, base_url: str, get=None) -> tuple[list[str], list[str]]:
    """Follow listing pagination from page 1: (listing page paths, article paths in order)."""
    get = get or (lambda url: session.get(url, timeout=10))
    url: str | None = base_url + "/main/berita"
    pages, articles = [], []
    while url:
        response = get(url)
        assert response.status_code == 200
        page = html_of(response)
        pages.append(path_of(response.url))
        articles += [path_of(link) for link in links(page, response.url) if "/main/detail-berita/" in link]
        url = next_link(page, response.url)
    return pages, articles


# --------------------------------------------------------------------------- the site
def test_pagination_reaches_every_article_exactly_once(shared_mirror: Mirror) -> None:
    with requests.Session() as session:
        pages, found = crawl_listing(session, shared_mirror.base_url)
    expected = shared_mirror.portal.article_paths(0)
    assert pages == ["/main/berita"] + [f"/main/berita/{o}" for o in range(10, len(expected), 10)]
    # Each page also links the five most-read articles from its sidebar, once.
    sidebar = {s.path for s in shared_mirror.portal.most_read(0)}
    counts = Counter(found)
    assert set(counts) == set(expected)
    assert all(counts[p] == 1 + (len(pages) if p in sidebar else 0) for p in expected)
    assert [p for p in dict.fromkeys(p for p in found if p not in sidebar)] == [p for p in expected if p not in sidebar]


def test_listing_beyond_the_end_is_empty_and_last_page_has_no_next(shared_mirror: Mirror) -> None:
    total = len(shared_mirror.portal.article_paths(0))
    last = requests.get(shared_mirror.url(f"/main/berita/{(total - 1) // 10 * 10}"), timeout=5)
    beyond = requests.get(shared_mirror.url("/main/berita/990"), timeout=5)
    assert last.status_code == 200 and next_link(html_of(last), last.url) is None
    assert beyond.status_code == 200 and next_link(html_of(beyond), beyond.url) is None
    article_links = {path_of(u) for u in links(html_of(beyond), beyond.url) if "/main/detail-berita/" in u}
    assert article_links == {s.path for s in shared_mirror.portal.most_read(0)}


def test_trap_mode_links_onward_forever(start_mirror) -> None:
    m = start_mirror(articles=20, trap=True)
    url = m.url("/main/berita/10")
    for _ in range(5):
        response = requests.get(url, timeout=5)
        url = next_link(html_of(response), response.url)
        assert url is not None
    assert path_of(url) == "/main/berita/60"


def test_same_arguments_give_byte_identical_pages() -> None:
    one, two, other = Portal(articles=40, seed=3), Portal(articles=40, seed=3), Portal(articles=40, seed=4)
    for path in ["/main/berita", "/main/berita/20", *one.article_paths(2)[:5], "/nope"]:
        assert one.render(path, 2) == two.render(path, 2)
    assert one.article_paths(0) != other.article_paths(0)


def test_seed_article_is_served_with_its_exact_text(shared_mirror: Mirror) -> None:
    seed = load_seed_data()
    for theme in ("a", "b", "c"):
        status, content_type, body = shared_mirror.portal.render(SEED_PATH, 0, theme)
        text = body.decode(content_type.split("charset=")[1])
        assert status == 200
        for paragraph in seed["seed_article"]["paragraphs"]:
            assert paragraph in text
        assert "Dok. Kominfo-lmj" in text and "(Kominfo-lmj/bob)" in text
        assert "- Pemerintah Kabupaten Lumajang</title>" in text or "Pemerintah Kabupaten Lumajang</title>" in text
    truth = shared_mirror.portal.truth(SEED_PATH, 0)
    assert (truth["views"], truth["published"][:10], len(truth["quotes"])) == (296, "2021-01-26", 5)


def test_day_zero_most_read_equals_the_seed_sidebar(shared_mirror: Mirror) -> None:
    portal = shared_mirror.portal
    seed_items = load_seed_data()["most_read"]
    top = portal.most_read(0)
    assert [(s.title, s.published.isoformat(), portal.views(s, 0)) for s in top] == [
        (i["title"], i["published"], i["views"]) for i in seed_items
    ]
    others = [s for s in portal.stories(0) if s not in top]
    assert max(portal.views(s, 0) for s in others) < 3858
    # Theme a renders each item as the seed page shows it: date, count, "Baca" link, title.
    body = portal.render(SEED_PATH, 0, "a")[2]
    box = lxml.html.fromstring(body).xpath("//*[text()='BANYAK DIBACA']/..")[0]
    shown = [item.text_content().replace("\xa0", " ") for item in box.xpath("./div")]
    assert shown[0] == "14 Agustus 2020     10.769 kali    BacaWABUP : PERAN PRAMUKA DI MASA PANDEMI"
    assert [int(text.split("     ")[1].split(" kali")[0].replace(".", "")) for text in shown] == [
        10769, 7264, 6804, 5021, 3858]
    assert box.xpath(".//a[text()='Baca']/@href") == [s.path for s in top]


def test_themes_share_no_class_names_or_ids() -> None:
    portal = Portal(articles=30)
    paths = ["/main/berita", "/main/berita/10", portal.article_paths(0)[0], "/nope", "/main/profil", "/admin/login"]
    names: dict[str, set[str]] = {}
    for theme in ("a", "b", "c"):
        found: set[str] = set()
        for path in paths:
            page = lxml.html.fromstring(portal.render(path, 0, theme)[2])
            found |= {c for value in page.xpath("//@class") for c in value.split()}
            found |= {f"#{value}" for value in page.xpath("//@id")}
        names[theme] = found
    assert names["a"] and names["b"] and not names["c"]
    assert not names["a"] & names["b"]


def test_paths_spread_over_all_three_themes_unless_one_is_forced(start_mirror) -> None:
    portal = Portal(articles=30)
    assert {portal.theme_for(p) for p in portal.article_paths(0)} == {"a", "b", "c"}
    m = start_mirror(articles=30, theme="c")
    for path in m.portal.article_paths(0)[:3]:
        assert requests.get(m.url(path), timeout=5).headers["Content-Type"].endswith("windows-1252")


def test_table_theme_is_windows_1252_with_curly_quotes_as_cp1252_bytes() -> None:
    portal = Portal(articles=40)
    curly = next(s for s in portal.stories(0) if any("\u201c" in p for p in s.paragraphs))
    status, content_type, body = portal.render(curly.path, 0, "c")
    assert content_type == "text/html; charset=windows-1252"
    assert b'charset=windows-1252"' in body and b"\x93" in body
    assert "\u201c".encode("utf-8") not in body


def test_truth_matches_the_rendered_article() -> None:
    portal = Portal(articles=40)
    for path in portal.article_paths(0)[:8]:
        truth = portal.truth(path, 0, theme="b")
        page = lxml.html.fromstring(portal.render(path, 0, "b")[2])
        shown = [p.text_content() for p in page.xpath("//article//p[not(@class)]")]
        paragraphs = truth["body"].split("\n\n")
        assert shown[:-1] == paragraphs[:-1] and shown[-1] == f"{paragraphs[-1]} ({truth['credit']})"
        for quote in truth["quotes"]:
            assert quote["text"].split(". ")[0] in paragraphs[quote["paragraph"]]
        assert page.xpath("//time/@datetime")[0] == truth["published"]


def test_robots_txt_and_not_found_and_canonical_redirects(shared_mirror: Mirror) -> None:
    robots = requests.get(shared_mirror.url("/robots.txt"), timeout=5)
    assert robots.status_code == 200
    for line in ("User-agent: *", "Crawl-delay: 1", "Disallow: /admin/", "Disallow: /main/cari",
                 "Disallow: /__mirror__/"):
        assert line in robots.text.splitlines()
    missing = requests.get(shared_mirror.url("/main/detail-berita/999999/tidak-ada"), timeout=5)
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.text
    for wrong in ("/main/detail-berita/455", "/main/detail-berita/455/salah-slug", SEED_PATH + "/"):
        response = requests.get(shared_mirror.url(wrong), timeout=5, allow_redirects=False)
        assert response.status_code == 301 and response.headers["Location"] == SEED_PATH


def test_images_are_small_valid_pictures(shared_mirror: Mirror) -> None:
    story = shared_mirror.portal.stories(0)[0]
    image = requests.get(shared_mirror.url(story.image), timeout=5)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n") and len(image.content) < 1024
    assert requests.get(shared_mirror.url("/files/berita/tidak-ada.jpg"), timeout=5).status_code == 404


def test_pages_link_offsite_search_and_admin_for_the_crawler_to_avoid(shared_mirror: Mirror) -> None:
    for theme in ("a", "b", "c"):
        page = lxml.html.fromstring(shared_mirror.portal.render("/main/berita", 0, theme)[2])
        hrefs = page.xpath("//a/@href")
        assert "/admin/login" in hrefs and any(h.startswith("https://") for h in hrefs)
        assert page.xpath("//form/@action") == ["/main/cari"]


# --------------------------------------------------------------------------- days
def test_days_change_counts_edit_removal_new_articles_and_reset(start_mirror) -> None:
    m = start_mirror(articles=40)
    portal = m.portal
    views = {}
    for day in range(4):
        assert requests.get(m.url(f"/__mirror__/day/{day}"), timeout=5).text == f"day {day}\n"
        views[day] = {s.id: portal.views(s, day) for s in portal.stories(day)}
        listing = requests.get(m.url("/main/berita"), timeout=5)
        first_page = [path_of(u) for u in links(html_of(listing), listing.url) if "/main/detail-berita/" in u]
        for path in portal.new_article_paths(day):
            assert path in first_page[:12]
    assert m.day == 3
    old = [i for i in views[0] if i in views[1]]
    assert all(views[1][i] > views[0][i] for i in old)
    newest, oldest = portal.stories(0)[0], portal.stories(0)[-1]
    assert views[1][newest.id] - views[0][newest.id] > views[1][oldest.id] - views[0][oldest.id]
    assert {len(portal.new_article_paths(d)) for d in (1, 2, 3)} <= {1, 2, 3}
    assert not portal.new_article_paths(0)

    assert (portal.edit_day, portal.removal_day) == (1, 2)
    before, after = portal.truth(portal.edited_article_path, 0), portal.truth(portal.edited_article_path, 1)
    assert before["title"] != after["title"] and before["body"] != after["body"]
    assert portal.render(portal.removed_article_path, 1)[0] == 200
    removed = requests.get(m.url(portal.removed_article_path), timeout=5)
    assert removed.status_code == 404 and "Halaman tidak ditemukan" in removed.text
    assert portal.removed_article_path not in portal.article_paths(3)

    reset_id = int(portal.counter_reset_path.split("/")[3])
    assert views[3][reset_id] < views[2][reset_id]


def test_set_day_by_method_changes_what_is_served(start_mirror) -> None:
    m = start_mirror(articles=20, day=1)
    new = m.portal.new_article_paths(2)[0]
    assert requests.get(m.url(new), timeout=5).status_code == 404
    m.set_day(2)
    assert requests.get(m.url(new), timeout=5).status_code == 200


# --------------------------------------------------------------------------- faults
def test_every_fault_occurs_and_a_retrying_client_gets_every_page(start_mirror) -> None:
    m = start_mirror(articles=60, faults="heavy", slow_delay=0.05)
    expected = set(m.portal.article_paths(0))
    with requests.Session() as session:
        _, found = crawl_listing(session, m.base_url, get=lambda url: get_with_retries(session, url))
        got = {}
        for path in dict.fromkeys(found):
            response = get_with_retries(session, m.url(path))
            got[path_of(response.url)] = response
    assert expected <= set(got)
    for path in expected:
        assert got[path].status_code == 200
        assert got[path].content == m.portal.render(path, 0)[2]
    records = m.requests
    kinds = Counter(r.fault for r in records)
    assert set(FAULT_KINDS) | {"charset"} <= set(kinds)
    assert all(r.attempt <= 3 for r in records if r.fault in FAULT_KINDS)
    assert any(r.status == 301 for r in records)  # non-canonical listing links under faults
    assert {r.user_agent for r in records} == {f"python-requests/{requests.__version__}"}


def test_light_faults_hit_only_first_attempts_and_spare_robots() -> None:
    light, heavy = FaultPlan("light", 0), FaultPlan("heavy", 0)
    paths = [f"/main/detail-berita/{n}/x" for n in range(2000)]
    first = sum(light.fault_for(p, 1) is not None for p in paths) / len(paths)
    assert 0.05 < first < 0.15
    assert not any(light.fault_for(p, 2) for p in paths)
    assert 0.3 < sum(heavy.fault_for(p, 1) is not None for p in paths) / len(paths) < 0.5
    assert not any(heavy.fault_for(p, 4) for p in paths)
    assert not any(heavy.fault_for("/robots.txt", a) for a in (1, 2, 3))
    assert not any(FaultPlan("none").fault_for(p, 1) for p in paths)


def test_charset_quirk_header_contradicts_utf8_page(start_mirror) -> None:
    m = start_mirror(articles=60, faults="light")
    plan = m.plan
    path = next(p for p in m.portal.article_paths(0)
                if plan.charset_quirk(p) and not plan.faulty_attempts(p)
                and m.portal.theme_for(p) != "c")
    response = requests.get(m.url(path), timeout=5)
    assert response.headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert b'<meta charset="utf-8">' in response.content
    assert m.requests[-1].fault == "charset"


# --------------------------------------------------------------------------- safety rails and CLI
@pytest.mark.parametrize("host", ["0.0.0.0", "8.8.8.8", "192.168.1.10"])
def test_non_loopback_host_is_refused(host: str) -> None:
    with pytest.raises(NotLoopbackError):
        Mirror(articles=10, host=host)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_loopback_hosts_are_accepted(start_mirror, host: str) -> None:
    if host == "::1" and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    m = start_mirror(articles=10, host=host)
    assert requests.get(m.url("/robots.txt"), timeout=5).status_code == 200


def test_bad_arguments_are_refused_before_binding() -> None:
    with pytest.raises(ValueError, match="fault level"):
        Mirror(articles=10, faults="sometimes")
    with pytest.raises(ValueError, match="theme"):
        Mirror(articles=10, theme="z")
    with pytest.raises(ValueError, match="at least 10 articles"):
        Portal(articles=5)


def test_cli_prints_serving_line_first_and_stops_cleanly_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper", "mirror", "--articles", "20", "--faults", "light"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith("serving http://127.0.0.1:") and first.endswith("/\n")
        robots = requests.get(first.split()[1] + "robots.txt", timeout=5)
        assert "Crawl-delay: 1" in robots.text
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err


def test_cli_refuses_a_public_host_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scraper", "mirror", "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "loopback" in result.stderr


def test_request_log_is_json_friendly_and_clearable(start_mirror) -> None:
    m = start_mirror(articles=10)
    requests.get(m.url("/main/berita"), headers={"User-Agent": "uji/1.0"}, timeout=5)
    requests.get(m.url("/main/berita"), headers={"User-Agent": "uji/1.0"}, timeout=5)
    records = m.requests
    assert [(r.method, r.path, r.status, r.attempt, r.user_agent) for r in records] == [
        ("GET", "/main/berita", 200, 1, "uji/1.0"), ("GET", "/main/berita", 200, 2, "uji/1.0"),
    ]
    assert json.dumps([r.__dict__ for r in records])
    m.clear_requests()
    assert m.requests == []
