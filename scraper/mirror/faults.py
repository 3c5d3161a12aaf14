"""Deterministic faults of the mirror, per (day, path, attempt).

A real regency portal on shared hosting answers 500 and 503 under load, rate
limits with 429, stalls, drops connections, sends truncated bodies and now
and then a runaway page.  The crawler must survive all of them, and its tests
must be repeatable, so which request fails is a pure function of the path,
the attempt number of that path and the simulated day, never of timing.

Levels:

* ``none``  - every page is served clean;
* ``light`` - about 10% of paths fail once, on their first attempt;
* ``heavy`` - about 40% of paths fail on each of their first 1-3 attempts.

From attempt 4 on every page is served clean, so a client that retries three
times gets everything.  ``/robots.txt`` and the ``/__mirror__/`` control URLs
never fail: a crawler that cannot read robots.txt has no sound policy to fall
back on, and the test harness must be able to move the day reliably.

Besides these transient faults, a faulty site has two permanent quirks that
the server applies at any level but ``none``: a ``Content-Type`` header whose
charset contradicts the UTF-8 page (:meth:`FaultPlan.charset_quirk`), and
listings that link some articles by a non-canonical URL that answers 301
(see :meth:`scraper.mirror.portal.Portal.respond`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

FAULT_LEVELS = ("none", "light", "heavy")
#: Every transient fault kind; the server implements each (see server.py).
FAULT_KINDS = ("500", "503", "429", "slow", "reset", "truncate", "oversize")
#: Fault kinds answered with a status code and ``Retry-After``.
STATUS_FAULTS = {"500": 500, "503": 503, "429": 429}
RETRY_AFTER_SECONDS = 1
#: Paths that never fail (see the module docstring for why).
EXEMPT_PATHS = ("/robots.txt",)
EXEMPT_PREFIXES = ("/__mirror__/",)

LIGHT_SHARE = 0.10
HEAVY_SHARE = 0.40
MAX_FAULTY_ATTEMPTS = 3
CHARSET_QUIRK_SHARE = 0.10
#: The header charset that contradicts a UTF-8 page with curly quotes.
WRONG_CHARSET = "iso-8859-1"
#: An oversized answer is padded past this, above a sane client cap of 5 MB.
OVERSIZE_BYTES = 6 * 1024 * 1024 + 1


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) for ``parts`` (no dependence on PYTHONHASHSEED)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True)
class FaultPlan:
    """Which request fails, and how, for one fault level and seed."""

    level: str = "none"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.level not in FAULT_LEVELS:
            raise ValueError(f"unknown fault level {self.level!r}; choose one of {', '.join(FAULT_LEVELS)}")

    @staticmethod
    def exempt(path: str) -> bool:
        return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)

    def faulty_attempts(self, path: str, day: int = 0) -> int:
        """How many first attempts of ``path`` fail on ``day`` (0 for a clean path)."""
        if self.level == "none" or self.exempt(path):
            return 0
        share = LIGHT_SHARE if self.level == "light" else HEAVY_SHARE
        if _unit(self.seed, day, path, "faulty") >= share:
            return 0
        if self.level == "light":
            return 1
        return 1 + int(_unit(self.seed, day, path, "count") * MAX_FAULTY_ATTEMPTS)

    def fault_for(self, path: str, attempt: int, day: int = 0) -> str | None:
        """The fault kind of the ``attempt``-th request (1-based) of ``path``, or None."""
        if attempt > self.faulty_attempts(path, day):
            return None
        start = int(_unit(self.seed, day, path, "kind") * len(FAULT_KINDS))
        return FAULT_KINDS[(start + attempt - 1) % len(FAULT_KINDS)]

    def charset_quirk(self, path: str) -> bool:
        """Whether ``path`` is served with a header charset that contradicts the page."""
        if self.level == "none" or self.exempt(path):
            return False
        return _unit(self.seed, path, "charset") < CHARSET_QUIRK_SHARE
