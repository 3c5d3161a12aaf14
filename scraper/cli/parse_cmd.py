"""Commands of the parse area (registered on scraper.cli.base.cli)."""
