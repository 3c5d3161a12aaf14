"""The archive's error class, the results its methods return, and its time format."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

#: Stored times: ISO 8601 UTC at second precision with "Z", one format everywhere so that
#: string order is time order (indexes, ``max()``) and SQLite's date functions read them.
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

#: Whitespace runs that do not make a new content version (a re-render that re-wraps text).
WHITESPACE = re.compile(r"\s+")


class ArchiveError(Exception):
    """The archive cannot be used as asked (locked, unwritable, too new, damaged).

    The message names the database file and the next step, ready for a one-line CLI error.
    """


def to_utc(timestamp: str) -> str:
    """Normalise a caller's ISO 8601 time to :data:`TIME_FORMAT`; naive times are UTC."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not an ISO 8601 time: {timestamp!r}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime(TIME_FORMAT)


def content_hash(title: str | None, body: str | None) -> str:
    """Hash of what makes a version: title and body, whitespace-normalised (not the views)."""
    parts = [WHITESPACE.sub(" ", text or "").strip() for text in (title, body)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


@dataclass
class RecordResult:
    """What one ``record_article`` call changed."""

    article_id: int
    created: bool = False
    new_version: bool = False
    views_recorded: int = 0
    decreased: bool = False
    quotes_replaced: bool = False
    restored: bool = False
    #: fields the page left empty while the archive holds a value, so the value was kept
    kept_fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RefreshCandidate:
    """A live article the crawler may re-fetch for a fresh view count."""

    url: str
    published: str | None
    first_seen: str
    last_observed: str


@dataclass
class ReparseReport:
    """What ``scraper reparse`` found and changed."""

    articles: int = 0
    changed: int = 0
    fields_changed: dict[str, int] = field(default_factory=dict)
    versions_updated: int = 0
    quotes_replaced: int = 0
    views_corrected: int = 0
    #: article URLs whose page now parses to an empty title/body: stored values kept
    kept_empty: list[str] = field(default_factory=list)
    #: (url, reason) for pages the current parser refuses
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: article URLs with no stored raw page to re-parse
    without_page: list[str] = field(default_factory=list)

    def summary(self) -> str:
        fields = ", ".join(f"{k} {v}" for k, v in sorted(self.fields_changed.items())) or "none"
        return (
            f"{self.articles} articles re-parsed, {self.changed} changed (fields: {fields}); "
            f"{self.versions_updated} versions updated, {self.quotes_replaced} quote sets replaced, "
            f"{self.views_corrected} view counts corrected; {len(self.kept_empty)} kept "
            f"(empty parse), {len(self.failures)} unparseable, {len(self.without_page)} without raw page"
        )


@dataclass
class CheckReport:
    """The findings of ``scraper check``: empty ``problems`` means a sound archive."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def verdict(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        if self.ok:
            return f"ok: {counts}"
        return f"FAILED ({len(self.problems)} problems): " + "; ".join(self.problems)
