"""``python -m scraper`` runs the same CLI as the ``scraper`` console script."""

from scraper.cli import main

main()
