"""The archive: the only code that writes SQL (schema, migrations, writes, reparse, check).

``from scraper.archive import Archive`` — see docs/architecture.md ("Archive") for the
calling pattern and the README's archive section for the tables and views.
"""

from __future__ import annotations

from scraper.archive.model import (
    ArchiveError,
    CheckReport,
    RecordResult,
    RefreshCandidate,
    ReparseReport,
    content_hash,
    to_utc,
)
from scraper.archive.schema import SCHEMA_VERSION
from scraper.archive.store import Archive

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "ArchiveError",
    "CheckReport",
    "RecordResult",
    "RefreshCandidate",
    "ReparseReport",
    "content_hash",
    "to_utc",
]
