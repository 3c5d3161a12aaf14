"""The offline mirror of the portal: a deterministic synthetic site served on loopback.

``Portal`` generates and renders the site (pure, no I/O); ``Mirror`` serves it
over HTTP with simulated days, faults and a request log.  See
docs/architecture.md, "Mirror".
"""

from __future__ import annotations

from scraper.mirror.portal import Page, Portal, Story
from scraper.mirror.server import Mirror, NotLoopbackError, RequestRecord

__all__ = ["Mirror", "NotLoopbackError", "Page", "Portal", "RequestRecord", "Story"]
