"""Archive of record for the Lumajang regency's government news.

The data flows fetch -> parse -> archive -> query/serve; see the README's
"Architecture" section for the map of modules.
"""

__version__ = "0.1.0"

#: The portal whose press releases this project archives (see CONTRACT.md).
DEFAULT_BASE_URL = "https://infocovid19.lumajangkab.go.id"
