"""Commands of the crawl area (registered on scraper.cli.base.cli)."""
