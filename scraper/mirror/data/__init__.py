"""Package data of the mirror: the seed page's article and most-read items (seed.json)."""
