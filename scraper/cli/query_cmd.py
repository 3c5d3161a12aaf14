"""Commands of the query area (registered on scraper.cli.base.cli)."""
