"""``scraper serve``: the archive in Datasette, read-only, on loopback by default.

The archive is opened as a *mutable* Datasette database, not ``--immutable``:
immutable mode tells SQLite the file never changes, which is false while a
crawl is writing (it would serve stale or torn pages).  Mutable mode still
reads through SQLite's ``mode=ro`` connections, and nothing we register can
write: no writable canned query, no write plugin, and Datasette 0.65's SQL
page runs only ``SELECT``.  ``immutable=True`` is there for a finished,
published snapshot (faster counts, HTTP caching).
"""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from datasette.app import Datasette
from datasette.plugins import pm

from scraper.serve import plugin
from scraper.serve.metadata import STATIC_MOUNT, build_metadata

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
PLUGIN_NAME = "scraper-serve"
STATIC_DIR = Path(__file__).resolve().parent / "static"

#: Datasette settings for journalists: bodies cut short in tables (open the row for the
#: whole text), and enough time for the views over millions of observations.
SETTINGS = {
    "truncate_cells_html": 280,
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 400,
    "default_page_size": 50,
    "default_facet_size": 8,
}


class ServeError(ValueError):
    """The server cannot start as asked; the message is one line for the CLI."""


def is_loopback(host: str) -> bool:
    """True for ``localhost``, ``127.0.0.0/8`` and ``::1``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, public: bool) -> None:
    """Refuse a non-loopback address unless the user said ``--public``."""
    if not is_loopback(host) and not public:
        raise ServeError(
            f"--host {host} would expose the archive beyond this machine; add --public if you mean it"
        )


def register_plugin() -> None:
    """Register :mod:`scraper.serve.plugin` with Datasette once per process.

    Skipped when the package's ``datasette`` entry point already loaded it.
    """
    if not pm.is_registered(plugin) and pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(plugin, name=PLUGIN_NAME)


def make_datasette(db_path: str | Path, immutable: bool = False) -> Datasette:
    """A Datasette instance for the archive, with the project's metadata and plugin."""
    path = Path(db_path)
    if not path.is_file():
        raise ServeError(f"no archive at {path}: build one with `scraper demo` or `scraper crawl`")
    register_plugin()
    files = [] if immutable else [str(path)]
    return Datasette(
        files,
        immutables=[str(path)] if immutable else [],
        metadata=build_metadata(path.stem),
        settings=SETTINGS,
        static_mounts=[(STATIC_MOUNT, str(STATIC_DIR))],
    )


def prepare(
    db_path: str | Path, host: str = DEFAULT_HOST, public: bool = False, immutable: bool = False
) -> Datasette:
    """Check the address and the archive, then build the Datasette to run."""
    check_host(host, public)
    return make_datasette(db_path, immutable=immutable)


def run(datasette: Datasette, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve ``datasette`` on ``host:port`` until interrupted (uvicorn, as ``datasette serve``)."""
    import uvicorn  # Datasette's own server; imported here so `scraper --help` stays fast

    log.info("serving on http://%s:%s/", host, port)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
