"""The loopback HTTP server of the mirror: pages of a :class:`Portal`, faults, a request log.

Tests, benchmarks and the demo use :class:`Mirror` as a context manager::

    with Mirror(articles=60, faults="heavy") as m:
        requests.get(m.base_url + "/main/berita")

It binds port 0 by default and refuses any address that is not loopback: the
mirror impersonates a government site and must never be reachable from the
network.  HTTP/1.1 keep-alive with ``Content-Length`` on every answer, and
rendered pages cached per (path, day, theme), keep it fast enough for crawl
benchmarks of thousands of pages.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import re
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote_plus, urlsplit

from scraper.mirror.faults import (
    OVERSIZE_BYTES,
    RETRY_AFTER_SECONDS,
    STATUS_FAULTS,
    WRONG_CHARSET,
    FaultPlan,
)
from scraper.mirror.portal import Page, Portal
from scraper.mirror.templates import check_theme

logger = logging.getLogger(__name__)

CONTROL_DAY_RE = re.compile(r"^/__mirror__/day/(\d+)$")
SERVER_HEADER = "Apache/2.4.41 (Ubuntu)"
PAGE_CACHE_SIZE = 8192
#: Idle keep-alive connections are dropped after this many seconds.
CONNECTION_TIMEOUT = 30
DEFAULT_SLOW_DELAY = 1.0
#: How often the serving thread checks for shutdown (keeps test teardown short).
POLL_INTERVAL = 0.05


class NotLoopbackError(ValueError):
    """The mirror was asked to bind an address that is not loopback."""


@dataclass(frozen=True)
class RequestRecord:
    """One request as the mirror saw it.

    ``time`` is ``time.time()`` when the request arrived; ``status`` is 0 for a
    connection reset; ``attempt`` counts requests of this exact path (query
    included) since the last ``set_day`` or ``clear_requests``; ``fault`` is
    the fault kind applied (``charset`` for the lying header), else None.
    """

    time: float
    method: str
    path: str
    status: int
    attempt: int
    fault: str | None
    user_agent: str | None


def resolve_loopback(host: str) -> tuple[socket.AddressFamily, str]:
    """The loopback address to bind for ``host``; :class:`NotLoopbackError` for anything else."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise NotLoopbackError(f"cannot resolve host {host!r} ({exc}); use 127.0.0.1") from exc
    addresses = [(family, info[0]) for family, _, _, _, info in infos]
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for _, a in addresses):
        raise NotLoopbackError(
            f"refusing to serve the mirror on {host!r}: it binds only loopback addresses "
            "(127.0.0.1, ::1, localhost)"
        )
    ipv4 = [a for a in addresses if a[0] == socket.AF_INET]
    return (ipv4 or addresses)[0]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up mid-answer is normal here, not an error worth a traceback.

        Crawlers drop the oversized fault's 6 MB body at their size cap, and a killed
        crawler leaves its connections half-written; anything else is still reported.
        """
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("client %s hung up", client_address)
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6


class Mirror:
    """A started (or startable) HTTP server for a :class:`Portal`."""

    def __init__(
        self,
        articles: int = 300,
        day: int = 0,
        faults: str = "none",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = 0,
        theme: str | None = None,
        trap: bool = False,
        slow_delay: float = DEFAULT_SLOW_DELAY,
        portal: Portal | None = None,
    ) -> None:
        if day < 0:
            raise ValueError(f"simulated days start at 0, got {day}")
        self.plan = FaultPlan(faults, seed)
        self.theme = check_theme(theme)
        self.family, self.address = resolve_loopback(host)
        self.portal = portal if portal is not None else Portal(articles=articles, seed=seed, trap=trap)
        self.port = port
        self.slow_delay = slow_delay
        self._day = day
        self._lock = threading.Lock()
        self._attempts: dict[str, int] = {}
        self._requests: list[RequestRecord] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.page_for = functools.lru_cache(maxsize=PAGE_CACHE_SIZE)(self._respond)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Mirror:
        if self._server is not None:
            return self
        server_class = _Server6 if self.family == socket.AF_INET6 else _Server
        self._server = server_class((self.address, self.port), _make_handler(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, name="mirror", daemon=True
        )
        self._thread.start()
        logger.info("mirror serving %s (faults=%s, day=%s)", self.base_url, self.plan.level, self._day)
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI's mode)."""
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(0.5)

    def close(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Mirror:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ state
    @property
    def base_url(self) -> str:
        host = f"[{self.address}]" if self.family == socket.AF_INET6 else self.address
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def day(self) -> int:
        return self._day

    def set_day(self, day: int) -> None:
        """Move the site to simulated ``day``; attempt counters restart (faults are per day)."""
        if day < 0:
            raise ValueError(f"simulated days start at 0, got {day}")
        with self._lock:
            self._day = day
            self._attempts.clear()

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of the request log, oldest first."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        """Empty the log and restart attempt counters, so a new run meets the faults again."""
        with self._lock:
            self._requests.clear()
            self._attempts.clear()

    # ------------------------------------------------------------------ used by the handler
    def _respond(self, path: str, day: int) -> Page:
        """The portal's answer; wrapped in an LRU cache as ``page_for`` (pages are immutable)."""
        return self.portal.respond(path, day, self.theme, quirky_links=self.plan.level != "none")

    def count_attempt(self, path: str) -> tuple[int, int]:
        """Number this request of ``path`` (1-based) and return it with the current day."""
        with self._lock:
            attempt = self._attempts.get(path, 0) + 1
            self._attempts[path] = attempt
            return attempt, self._day

    def log_request(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)


def _make_handler(mirror: Mirror) -> type[BaseHTTPRequestHandler]:
    class Handler(_MirrorHandler):
        pass

    Handler.mirror = mirror
    return Handler


class _MirrorHandler(BaseHTTPRequestHandler):
    """Answers one request: control URL, fault, or the portal's page."""

    protocol_version = "HTTP/1.1"
    #: One packet per answer: without it each keep-alive request waits ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True
    server_version = SERVER_HEADER
    sys_version = ""
    timeout = CONNECTION_TIMEOUT
    mirror: Mirror

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        logger.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self.answer(self.path)

    def do_HEAD(self) -> None:
        self.answer(self.path, head_only=True)

    def do_POST(self) -> None:
        """The search form posts here; the body's ``q`` becomes the query string."""
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace")) if length else {}
        query = form.get("q", [""])[0]
        path = self.path if not query else f"{urlsplit(self.path).path}?q={quote_plus(query)}"
        self.answer(path)

    # ------------------------------------------------------------------ dispatch
    def answer(self, path: str, head_only: bool = False) -> None:
        started = time.time()
        route = urlsplit(path).path
        control = CONTROL_DAY_RE.match(route)
        if control:
            self.mirror.set_day(int(control.group(1)))
            self.log_request_record(started, path, 200, 0, None)
            self.send_body(200, "text/plain; charset=utf-8", f"day {control.group(1)}\n".encode(), head_only)
            return
        attempt, day = self.mirror.count_attempt(path)
        fault = self.mirror.plan.fault_for(route, attempt, day)
        if fault in STATUS_FAULTS:
            status = STATUS_FAULTS[fault]
            self.log_request_record(started, path, status, attempt, fault)
            body = f"<html><body><h1>{status}</h1><p>Silakan coba lagi.</p></body></html>".encode()
            self.send_body(status, "text/html; charset=utf-8", body, head_only,
                           {"Retry-After": str(RETRY_AFTER_SECONDS)})
            return
        if fault == "reset":
            self.log_request_record(started, path, 0, attempt, fault)
            self.reset_connection()
            return
        if fault == "slow":
            time.sleep(self.mirror.slow_delay)
        page = self.mirror.page_for(path, day)
        content_type = page.content_type
        if fault is None and page.status == 200 and content_type == "text/html; charset=utf-8" \
                and self.mirror.plan.charset_quirk(route):
            content_type = f"text/html; charset={WRONG_CHARSET}"
            fault = "charset"
        headers = {"Location": page.location} if page.location else {}
        body = page.body
        if fault == "oversize":
            padding = max(0, OVERSIZE_BYTES - len(body))
            body = body + b"<!--" + b" " * padding + b"-->"
        self.log_request_record(started, path, page.status, attempt, fault)
        if fault == "truncate":
            self.send_truncated(page.status, content_type, body, headers)
            return
        self.send_body(page.status, content_type, body, head_only, headers)

    def log_request_record(self, started: float, path: str, status: int, attempt: int, fault: str | None) -> None:
        self.mirror.log_request(RequestRecord(
            started, self.command, path, status, attempt, fault, self.headers.get("User-Agent"),
        ))

    # ------------------------------------------------------------------ writing
    def send_body(self, status: int, content_type: str, body: bytes, head_only: bool = False,
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def send_truncated(self, status: int, content_type: str, body: bytes, headers: dict[str, str]) -> None:
        """Promise the whole body, send half of it, hang up (a worker killed mid-answer)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def reset_connection(self) -> None:
        """Drop the connection with a TCP RST and no answer at all."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
