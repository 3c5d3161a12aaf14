"""The fetcher against a stdlib loopback server whose every fault is scripted exactly."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scraper.fetch import (
    FetchFailed,
    Fetcher,
    FetchSettings,
    Refused,
    RobotsUnavailable,
    parse_retry_after,
)

ROBOTS = b"User-agent: *\nCrawl-delay: 3\nDisallow: /private/\n"
PAGE = b"<html><body><h1>ok</h1></body></html>"

#: Fast settings: tiny backoff so five tries take milliseconds.
FAST = FetchSettings(delay=0, timeout=0.5, tries=5, backoff=0.001, max_wait=0.01, max_bytes=10_000)


class Handler(BaseHTTPRequestHandler):
    """Each path names its behaviour; ``/<kind>/<n>`` misbehaves on the first n tries."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def send_body(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        named = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
        named.update({name.replace("_", "-"): value for name, value in headers.items()})
        for name, value in named.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        server: Server = self.server  # type: ignore[assignment]
        path = self.path
        with server.lock:
            server.log.append((time.monotonic(), path, self.headers.get("User-Agent")))
            server.hits[path] += 1
            hit = server.hits[path]
        parts = path.strip("/").split("/")
        kind = parts[0]
        bad = hit <= int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else False
        if path == "/robots.txt":
            status, body, *location = server.robots
            headers = {"Location": location[0]} if location else {}
            self.send_body(status, body, Content_Type="text/plain", **headers)
        elif path == "/moved/robots.txt":
            self.send_body(200, ROBOTS, Content_Type="text/plain")
        elif kind == "ok" or kind == "private":
            self.send_body(200, PAGE)
        elif kind == "status" and bad:
            self.send_body(int(parts[2]), b"busy")
        elif kind == "retry-after" and bad:
            self.send_body(429, b"slow down", Retry_After="120")
        elif kind == "truncated" and bad:
            self.send_body(200, PAGE[:10], Content_Length=str(len(PAGE)))
            self.close_connection = True
        elif kind == "big" and bad:
            self.send_body(200, b"x" * 20_000)
        elif kind == "chunked-big" and bad:
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(3):
                chunk = b"y" * 8000
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif kind == "reset" and bad:
            self.close_connection = True
            self.connection.shutdown(2)
        elif kind == "slow" and bad:
            time.sleep(FAST.timeout + 0.2)
            self.send_body(200, PAGE)
        elif kind == "redirect":
            self.send_body(301, b"", Location="/ok/moved")
        elif kind == "offsite":
            self.send_body(302, b"", Location="http://example.invalid/elsewhere")
        elif kind == "loop":
            self.send_body(302, b"", Location="/loop")
        elif kind == "missing":
            self.send_body(404, b"<html>Halaman tidak ditemukan</html>")
        else:
            self.send_body(200, PAGE)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.log: list[tuple[float, str, str | None]] = []
        self.hits: Counter[str] = Counter()
        self.robots: tuple = (200, ROBOTS)  # (status, body[, Location])

    def handle_error(self, request, client_address) -> None:
        """The client hanging up on a scripted fault is expected, not worth a traceback."""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [p for _, p, _ in self.log]


@pytest.fixture
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def make(server: Server, settings: FetchSettings = FAST, **kw) -> Fetcher:
    fetcher = Fetcher(server.base_url, settings, **kw)
    fetcher.load_robots()
    return fetcher


def test_plain_page_carries_user_agent_and_body(server):
    settings = FetchSettings(**{**FAST.__dict__, "user_agent": "test-bot/1 (+http://x.test/contact)"})
    with make(server, settings) as f:
        r = f.fetch(f"{server.base_url}/ok")
    assert (r.status, r.body, r.attempts) == (200, PAGE, 1)
    assert {ua for *_, ua in server.log} == {"test-bot/1 (+http://x.test/contact)"}


def test_robots_disallow_and_offsite_never_requested(server):
    with make(server) as f:
        assert not f.allowed(f"{server.base_url}/private/x")
        with pytest.raises(Refused, match="robots"):
            f.fetch(f"{server.base_url}/private/x")
        with pytest.raises(Refused, match="not on"):
            f.fetch("http://example.invalid/ok")
        with pytest.raises(Refused, match="not on"):
            f.fetch(f"{server.base_url}/offsite")
    assert server.paths() == ["/robots.txt", "/offsite"]


def test_crawl_delay_from_robots_and_polite_floor(server):
    polite = FetchSettings(**{**FAST.__dict__, "delay": None})
    assert make(server, polite).delay == 3.0
    server.robots = (200, b"User-agent: *\nCrawl-delay: 0.2\n")
    assert make(server, polite).delay == 1.0  # never below one second unless told
    assert make(server, FAST).delay == 0  # an explicit --delay wins


def test_missing_robots_allows_all_and_unreachable_refuses(server):
    server.robots = (404, b"")
    with make(server) as f:
        assert f.allowed(f"{server.base_url}/private/x")
    server.robots = (503, b"")
    with pytest.raises(RobotsUnavailable):
        make(server)
    assert server.hits["/robots.txt"] == 1 + FAST.tries


def test_robots_redirect_followed_on_the_site_only(server):
    server.robots = (301, b"", "/moved/robots.txt")
    with make(server) as f:
        assert not f.allowed(f"{server.base_url}/private/x")
    server.robots = (302, b"", "http://example.invalid/robots.txt")
    with pytest.raises(RobotsUnavailable, match="off the site"):
        make(server)
    assert server.paths() == ["/robots.txt", "/moved/robots.txt", "/robots.txt"]


def test_delay_spaces_requests(server):
    settings = FetchSettings(**{**FAST.__dict__, "delay": 0.15})
    with make(server, settings) as f:
        for i in range(3):
            f.fetch(f"{server.base_url}/ok/{i}")
    starts = [t for t, p, _ in server.log if p.startswith("/ok")]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.15


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/status/2/503", "HTTP 503"),
        ("/status/2/500", "HTTP 500"),
        ("/status/2/408", "HTTP 408"),
        ("/truncated/2", "truncated"),
        ("/big/2", "cap"),
        ("/chunked-big/2", "cap"),
        ("/reset/2", "connection"),
        ("/slow/1", "timeout"),
    ],
)
def test_transient_faults_are_retried_and_logged(server, caplog, path, reason):
    with caplog.at_level(logging.INFO, logger="scraper.fetch"), make(server) as f:
        r = f.fetch(server.base_url + path)
    assert r.status == 200 and r.body == PAGE
    retries = [rec.getMessage() for rec in caplog.records if rec.getMessage().startswith("retry")]
    assert retries and all(path in m for m in retries)
    assert reason in retries[0]


def test_retry_after_honoured_but_capped(server, caplog):
    waits: list[float] = []
    with caplog.at_level(logging.INFO), make(server, sleep=waits.append) as f:
        r = f.fetch(f"{server.base_url}/retry-after/2")
    assert r.status == 200 and r.attempts == 3
    assert waits == [FAST.max_wait, FAST.max_wait]  # asked for 120 s, capped
    assert any("Retry-After 120" in rec.getMessage() for rec in caplog.records)


def test_exhausted_tries_raise_with_reason(server):
    with make(server) as f, pytest.raises(FetchFailed) as info:
        f.fetch(f"{server.base_url}/status/99/502")
    assert info.value.attempts == FAST.tries and info.value.status == 502
    assert server.hits["/status/99/502"] == FAST.tries


def test_not_found_is_an_answer_not_retried(server):
    with make(server) as f:
        r = f.fetch(f"{server.base_url}/missing")
    assert r.status == 404 and server.hits["/missing"] == 1


def test_redirect_followed_and_recorded(server):
    with make(server) as f:
        r = f.fetch(f"{server.base_url}/redirect")
        assert r.final_url == f"{server.base_url}/ok/moved"
        assert r.redirects == [f"{server.base_url}/redirect"] and r.body == PAGE
        with pytest.raises(FetchFailed, match="redirects"):
            f.fetch(f"{server.base_url}/loop")


def test_concurrent_fetches_share_nothing_unsafe(server):
    from concurrent.futures import ThreadPoolExecutor

    with make(server) as f, ThreadPoolExecutor(4) as pool:
        results = list(pool.map(f.fetch, [f"{server.base_url}/ok/{i}" for i in range(20)]))
    assert [r.status for r in results] == [200] * 20


@pytest.mark.parametrize(
    "header, seconds", [("7", 7.0), (None, None), ("soon", None), ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)]
)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header) == seconds


def test_unreachable_site_names_the_os_reason_in_one_line():
    """The error a researcher reads says why (connection refused), not urllib3's pool repr."""
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RobotsUnavailable) as refused:
        Fetcher(f"http://127.0.0.1:{port}", FAST).load_robots()
    message = str(refused.value)
    assert "Connection refused" in message
    assert "HTTPConnectionPool" not in message and "\n" not in message
