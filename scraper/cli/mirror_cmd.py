"""Commands of the mirror area (registered on scraper.cli.base.cli)."""

from __future__ import annotations

import click

from scraper.cli.base import cli
from scraper.mirror import Mirror, NotLoopbackError
from scraper.mirror.faults import FAULT_LEVELS
from scraper.mirror.templates import THEMES


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Loopback address to bind (127.0.0.1, ::1 or localhost); anything else is refused.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port to bind; 0 picks a free one (printed on the first line).")
@click.option("--articles", type=click.IntRange(10), default=300, show_default=True,
              help="Number of articles of the synthetic portal on day 0.")
@click.option("--day", type=click.IntRange(0), default=0, show_default=True,
              help="Simulated day to start on (also settable at GET /__mirror__/day/D).")
@click.option("--faults", type=click.Choice(FAULT_LEVELS), default="none", show_default=True,
              help="Transient faults: light ~10% of paths fail once, heavy ~40% fail up to 3 times.")
@click.option("--theme", type=click.Choice(THEMES), default=None,
              help="Serve every page in one theme instead of a theme chosen per path.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generator.")
@click.option("--trap", is_flag=True, help="Let the last listing page link onward forever (a crawler trap).")
def mirror(host: str, port: int, articles: int, day: int, faults: str, theme: str | None,
           seed: int, trap: bool) -> None:
    """Serve the offline mirror of the portal on loopback until Ctrl-C.

    A deterministic synthetic portal (the seed article 455 plus generated
    press releases) with listings, articles, robots.txt, images and a 404
    page. The first stdout line is `serving http://HOST:PORT/`. The day
    moves with GET /__mirror__/day/D (linked from nowhere, disallowed in
    robots.txt): view counts grow, one article is edited on day 1, one is
    removed on day 2, a counter is reset on day 3, new articles appear daily.
    """
    try:
        server = Mirror(articles=articles, day=day, faults=faults, host=host, port=port,
                        seed=seed, theme=theme, trap=trap)
        server.start()
    except NotLoopbackError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot bind {host}:{port}: {exc.strerror or exc}; try --port 0") from exc
    click.echo(f"serving {server.base_url}/")
    click.get_text_stream("stdout").flush()
    click.echo(f"{articles} articles, day {day}, faults {faults}; Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("mirror stopped", err=True)
    finally:
        server.close()
