"""Commands of the mirror area (registered on scraper.cli.base.cli)."""
