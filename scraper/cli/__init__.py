"""Command-line interface: ``scraper`` and ``python -m scraper``.

One module per area of the data flow registers its commands on the shared
group in :mod:`scraper.cli.base`.
"""

from __future__ import annotations

import sys

from scraper.cli.base import cli
from scraper.cli import (  # noqa: F401  (imported for their @cli.command registrations)
    archive_cmd,
    crawl_cmd,
    mirror_cmd,
    parse_cmd,
    query_cmd,
)


def main() -> None:
    """Console-script entry point; Ctrl-C ends with a one-line message, not a traceback."""
    try:
        cli.main(prog_name="scraper", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - depends on a terminal signal
        sys.stderr.write("scraper: interrupted\n")
        sys.exit(130)


__all__ = ["cli", "main"]
