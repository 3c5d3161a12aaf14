"""Commands of the archive area (registered on scraper.cli.base.cli)."""
