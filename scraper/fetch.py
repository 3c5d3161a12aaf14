"""The only module that touches the network: polite, bounded, retried HTTP GETs.

A :class:`Fetcher` is bound to one site.  It reads the site's robots.txt once,
refuses every URL that robots.txt disallows or that lives on another host,
spaces requests to a host by the crawl delay, and retries transient failures
(connection errors, resets, timeouts, truncated or oversized bodies, 408/429/5xx)
with exponential backoff and jitter, honouring a capped ``Retry-After``.
Redirects are followed by hand so that an off-site or disallowed target is never
requested; the chain is returned with the response.

Every retry is logged at INFO (``-v``) with the URL and the reason; a URL that
fails every try is the crawl's to report.  What comes back is
a :class:`Response` whatever its status (a 404 is an answer, not a failure); only
when every try failed does :meth:`Fetcher.fetch` raise :class:`FetchFailed`.
Decoding bodies is the parser's job (it handles lying charsets); this module
hands over bytes.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import urllib.robotparser
from email.utils import parsedate_to_datetime
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

import requests
import tenacity
from requests.cookies import extract_cookies_to_jar

from scraper import __version__

log = logging.getLogger(__name__)

#: Identifies the crawler and says where to complain (configurable with --user-agent).
DEFAULT_USER_AGENT = (
    f"lumajang-scraper/{__version__} (+https://github.com/lumajang-scraper/lumajang-scraper; "
    "research archive of public press releases)"
)

#: The polite floor between two requests to one host when robots.txt asks for less.
MIN_POLITE_DELAY = 1.0

#: Statuses worth another try: the server (or a proxy) said "not now" (Scrapy's list, plus all 5xx).
RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))

#: Redirect statuses followed by hand (see :meth:`Fetcher.fetch`).
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5

#: Errors of the transport that a later try may not see.
TRANSIENT_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class FetchSettings:
    """Knobs of the fetcher; the CLI maps its options onto these."""

    user_agent: str = DEFAULT_USER_AGENT
    #: Seconds between two requests to the host; None means polite (max(1 s, Crawl-delay)).
    delay: float | None = None
    #: Connect and read timeout, and the deadline for a whole body, in seconds.
    timeout: float = 20.0
    #: Tries per URL within one run (the first included).
    tries: int = 5
    #: Largest body accepted; a bigger one is treated as a transient fault and retried.
    max_bytes: int = 5 * 1024 * 1024
    #: First backoff in seconds; doubles each retry, plus up to as much jitter.
    backoff: float = 1.0
    #: Longest single backoff, and the cap on a server's Retry-After.
    max_wait: float = 30.0


@dataclass
class Response:
    """One answered URL: its final status, headers and raw body, and how it got there."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    attempts: int = 1
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class FetchError(Exception):
    """Base class: a URL that was not fetched, with the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FetchFailed(FetchError):
    """Every try failed; ``attempts`` tries were made, ``status`` is the last HTTP status if any."""

    def __init__(self, url: str, reason: str, attempts: int, status: int | None = None) -> None:
        super().__init__(url, reason)
        self.attempts = attempts
        self.status = status


class Refused(FetchError):
    """The URL may not be requested: another host, or disallowed by robots.txt."""


class RobotsUnavailable(FetchError):
    """robots.txt could not be read, so the site must not be crawled."""


class Transient(Exception):
    """One try failed in a way the next try may not; ``retry_after`` is the server's wish."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class HostThrottle:
    """Spaces requests to one host: the next starts ``delay`` seconds after the last one ended.

    With a delay the lock is held across the request, so there is one request at a
    time per host; with no delay requests run freely in parallel.
    """

    def __init__(self, delay: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last_end: float | None = None

    def __enter__(self) -> None:
        if self.delay <= 0:
            return
        self._lock.acquire()
        if self._last_end is not None:
            wait = self._last_end + self.delay - time.monotonic()
            if wait > 0:
                self._sleep(wait)

    def __exit__(self, *exc: object) -> None:
        if self.delay <= 0:
            return
        self._last_end = time.monotonic()
        self._lock.release()


class _BackoffWait(tenacity.wait.wait_base):
    """Exponential backoff with jitter, replaced by the server's Retry-After (capped) when given."""

    def __init__(self, settings: FetchSettings) -> None:
        self._exp = tenacity.wait_exponential_jitter(
            multiplier=settings.backoff, max=settings.max_wait, jitter=settings.backoff
        )
        self._cap = settings.max_wait

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return min(exc.retry_after, self._cap)
        return self._exp(retry_state)


class Fetcher:
    """Polite HTTP client for one site (its scheme and host, taken from ``base_url``)."""

    def __init__(
        self,
        base_url: str,
        settings: FetchSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.settings = settings or FetchSettings()
        self.host = urlsplit(self.base_url).netloc.lower()
        self._sleep = sleep
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._sessions_lock = threading.Lock()
        self._robots: urllib.robotparser.RobotFileParser | None = None
        self.throttle = HostThrottle(self._initial_delay(), sleep)

    # -- robots.txt ---------------------------------------------------------

    def _initial_delay(self) -> float:
        return self.settings.delay if self.settings.delay is not None else MIN_POLITE_DELAY

    def load_robots(self) -> Response:
        """Read robots.txt and set the delay; raise :class:`RobotsUnavailable` if it cannot be read.

        A missing robots.txt (404 and other 4xx) allows everything; 401/403 forbid
        everything, as the stdlib parser and the robots.txt RFC (9309) do.  Redirects
        on the site (http -> https) are followed; one to another host is not.
        """
        url = f"{self.base_url}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        try:
            response = self.fetch(url)
        except FetchFailed as exc:
            raise RobotsUnavailable(url, f"{exc.reason} after {exc.attempts} tries") from exc
        except Refused as exc:
            raise RobotsUnavailable(url, f"redirected off the site ({exc.reason})") from exc
        if response.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= response.status < 500:
            parser.allow_all = True
        else:
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        self._robots = parser
        if self.settings.delay is None:
            asked = parser.crawl_delay(self.settings.user_agent)
            self.throttle.delay = max(MIN_POLITE_DELAY, float(asked or 0))
        log.info("robots.txt read from %s; delay %.2f s", url, self.throttle.delay)
        return response

    @property
    def delay(self) -> float:
        """Seconds kept between two requests to the host."""
        return self.throttle.delay

    def is_same_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == self.host

    def allowed(self, url: str) -> bool:
        """True when the URL is on the site's host and robots.txt lets this user agent fetch it."""
        if not self.is_same_site(url):
            return False
        if self._robots is None:
            return True
        return self._robots.can_fetch(self.settings.user_agent, url)

    def check_allowed(self, url: str) -> None:
        if not self.is_same_site(url):
            raise Refused(url, f"not on {self.host}")
        if not self.allowed(url):
            raise Refused(url, "disallowed by robots.txt")

    # -- fetching -----------------------------------------------------------

    def fetch(self, url: str) -> Response:
        """GET one URL of the site, following redirects on the site; retry transient failures.

        Raises :class:`Refused` before any request for a URL that may not be fetched,
        and :class:`FetchFailed` when every try failed.
        """
        self.check_allowed(url)
        redirects: list[str] = []
        current = url
        attempts = 0
        while True:
            response = self._fetch_with_retries(current)
            attempts += response.attempts
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                break
            target = urljoin(current, location)
            if len(redirects) >= MAX_REDIRECTS:
                raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects", attempts, response.status)
            self.check_allowed(target)
            log.info("redirect %s -> %s (%d)", current, target, response.status)
            redirects.append(current)
            current = target
        response.url = url
        response.redirects = redirects
        response.attempts = attempts
        return response

    def _fetch_with_retries(self, url: str) -> Response:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(max(1, self.settings.tries)),
            wait=_BackoffWait(self.settings),
            retry=tenacity.retry_if_exception_type((Transient, *TRANSIENT_EXCEPTIONS)),
            before_sleep=self._log_retry,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            response = retrying(self._fetch_once, url)
        except Transient as exc:
            raise FetchFailed(url, exc.reason, retrying.statistics["attempt_number"], exc.status) from exc
        except TRANSIENT_EXCEPTIONS as exc:
            reason = describe_exception(exc)
            raise FetchFailed(url, reason, retrying.statistics["attempt_number"]) from exc
        response.attempts = retrying.statistics["attempt_number"]
        return response

    def _log_retry(self, retry_state: tenacity.RetryCallState) -> None:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        reason = exc.reason if isinstance(exc, Transient) else describe_exception(exc)
        url = retry_state.args[0] if retry_state.args else "?"
        wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
        log.info(
            "retry %d/%d of %s in %.2f s: %s",
            retry_state.attempt_number,
            self.settings.tries - 1,
            url,
            wait,
            reason,
        )

    def _fetch_once(self, url: str) -> Response:
        """One request: raise :class:`Transient` for anything a retry may cure."""
        settings = self.settings
        with self.throttle:
            started = time.monotonic()
            with self._send(url) as raw:
                body = self._read_body(raw, started)
            elapsed_ms = int((time.monotonic() - started) * 1000)
        headers = {k.lower(): v for k, v in raw.headers.items()}
        if raw.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(headers.get("retry-after"))
            reason = f"HTTP {raw.status_code}"
            if retry_after is not None:
                reason += f" (Retry-After {retry_after:g} s, capped at {settings.max_wait:g} s)"
            raise Transient(reason, raw.status_code, retry_after)
        return Response(url, url, raw.status_code, headers, body, elapsed_ms)

    def _read_body(self, raw: requests.Response, started: float) -> bytes:
        """Read the body within the size cap and the deadline; detect truncation."""
        cap = self.settings.max_bytes
        declared = raw.headers.get("content-length")
        expected = int(declared) if declared and declared.strip().isdigit() else None
        if expected is not None and expected > cap:
            raise Transient(f"body of {expected} bytes over the {cap}-byte cap", raw.status_code)
        chunks: list[bytes] = []
        size = 0
        for chunk in raw.iter_content(CHUNK_SIZE):
            size += len(chunk)
            if size > cap:
                raise Transient(f"body over the {cap}-byte cap", raw.status_code)
            if time.monotonic() - started > self.settings.timeout:
                raise Transient(f"body not received within {self.settings.timeout:g} s")
            chunks.append(chunk)
        # Bytes read off the wire (before any gzip decoding) must match Content-Length:
        # a connection closed early otherwise passes for a short page.
        received = raw.raw.tell() if raw.raw is not None else size
        if expected is not None and received != expected:
            raise Transient(f"truncated body: {received} of {expected} bytes", raw.status_code)
        return b"".join(chunks)

    def _send(self, url: str) -> requests.Response:
        """One GET through the thread's session, its adapter called directly (streamed, no redirects).

        ``Session.get`` re-merges the session's settings and environment into every request
        and prepares the next hop of a redirect we do not follow: about a quarter of the CPU
        of a page's fetch, in a crawl that is bound by the GIL.  What the session holds is
        still applied (headers, cookies, proxies, CA bundle; it registers no hooks), and
        cookies the site sets are kept in its jar.
        """
        session = self._session()
        request = requests.PreparedRequest()
        request.prepare(method="GET", url=url, headers=session.headers, cookies=session.cookies)
        # A CA bundle path only matters for https; passed for http too, requests would
        # stat it on every request.
        verify = session.verify if url.startswith("https:") else True
        response = session.get_adapter(url).send(
            request, stream=True, timeout=self.settings.timeout, verify=verify,
            proxies=session.proxies,
        )
        extract_cookies_to_jar(session.cookies, request, response.raw)
        return response

    def _session(self) -> requests.Session:
        """One session per thread: requests' Session is not documented as thread-safe."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = self.settings.user_agent
            # The environment (proxies, CA bundle) is read once here: with trust_env on,
            # requests re-reads it and stats ~/.netrc on every request, a third of its CPU time.
            session.proxies.update(requests.utils.get_environ_proxies(self.base_url))
            session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            session.trust_env = False
            self._local.session = session
            with self._sessions_lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._sessions_lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: The operating system's reason inside a requests/urllib3 connection error message.
OS_ERROR_RE = re.compile(r"(\[Errno -?\d+\] [^'\")\]]+)")


def describe_exception(exc: BaseException | None) -> str:
    """A short reason for a transport error, for logs and the fetches table."""
    if exc is None:
        return "unknown error"
    if isinstance(exc, requests.Timeout):
        return f"timeout ({type(exc).__name__})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection broken mid-body"
    if isinstance(exc, requests.ConnectionError):
        # urllib3 nests the OS's reason ("[Errno 111] Connection refused") deep inside a
        # pool repr; the reason is what a researcher reading the log needs.
        reason = OS_ERROR_RE.search(str(exc))
        return f"connection error ({reason.group(1) if reason else str(exc)[:120]})"
    return f"{type(exc).__name__}: {str(exc)[:120]}"

