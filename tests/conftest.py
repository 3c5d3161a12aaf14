"""Shared pytest fixtures: the offline mirror of the portal on loopback.

* ``start_mirror(**kw)`` - a factory: starts ``Mirror(**kw)`` (defaults: 60 articles,
  day 0, no faults) and closes every mirror it started when the test ends.
  ``mirror`` is the same factory under the name other areas' briefs use.
* ``shared_mirror`` - one started default mirror for the whole session; read-only:
  do not call ``set_day`` on it or rely on its request log being empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from scraper.mirror import Mirror

#: Small enough to crawl in a fraction of a second, big enough for 6 listing pages.
TEST_ARTICLES = 60

MirrorFactory = Callable[..., Mirror]


@pytest.fixture
def start_mirror() -> Iterator[MirrorFactory]:
    started: list[Mirror] = []

    def start(**kwargs: object) -> Mirror:
        kwargs.setdefault("articles", TEST_ARTICLES)
        server = Mirror(**kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def mirror(start_mirror: MirrorFactory) -> MirrorFactory:
    return start_mirror


@pytest.fixture(scope="session")
def shared_mirror() -> Iterator[Mirror]:
    with Mirror(articles=TEST_ARTICLES) as server:
        yield server
