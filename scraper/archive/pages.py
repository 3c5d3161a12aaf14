"""Raw page compression: zstd, with a dictionary trained on the site's own pages.

Every article page of one CMS repeats the same template (head, menus, sidebar, footer),
which plain per-page zstd cannot share between pages; a dictionary trained on a few hundred
stored pages carries the template once, so each page costs little more than its own text.
The dictionary is kept only when it pays (:data:`DICT_MIN_GAIN` on held-out pages).
"""

from __future__ import annotations

import logging
import sqlite3

import zstandard

log = logging.getLogger(__name__)

#: Compression level: near the ratio of level 19 at a fraction of its time on 20-60 KB pages.
LEVEL = 10
#: Train a dictionary once this many pages are stored without one.
DICT_TRAIN_AT = 200
#: Dictionary size in bytes (zstd's default is 110 KB; our template is much smaller).
DICT_SIZE = 64 * 1024
#: Keep a trained dictionary only if it shrinks held-out pages by at least this fraction.
DICT_MIN_GAIN = 0.15
#: Most recent pages used to train (and judge) a dictionary.
MAX_SAMPLES = 2_000
#: Every n-th sample is held out of training to judge the dictionary.
HOLDOUT_EVERY = 5


class PageCodec:
    """Compresses and decompresses page bodies for one archive connection.

    Compressors are cached per dictionary id on the instance (not the module), since
    building a dictionary compressor costs far more than compressing one page.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._dicts: dict[int, zstandard.ZstdCompressionDict] = {}
        self._compressors: dict[int | None, zstandard.ZstdCompressor] = {}
        self._decompressors: dict[int | None, zstandard.ZstdDecompressor] = {}
        self._current_dict_id: int | None = None

    def forget(self) -> None:
        """Drop cached dictionaries: after a rollback an id may name a different one."""
        self._dicts.clear()
        self._compressors.clear()
        self._decompressors.clear()
        self._current_dict_id = None

    def current_dict_id(self) -> int | None:
        """The dictionary new pages use; remembered once there is one, since an archive trains
        at most one (:meth:`maybe_train` stops once any exists) and none is ever deleted."""
        if self._current_dict_id is None:
            self._current_dict_id = self.conn.execute("SELECT max(id) FROM zstd_dicts").fetchone()[0]
        return self._current_dict_id

    def _dict(self, dict_id: int) -> zstandard.ZstdCompressionDict:
        if dict_id not in self._dicts:
            row = self.conn.execute(
                "SELECT content FROM zstd_dicts WHERE id = ?", (dict_id,)
            ).fetchone()
            if row is None:
                raise KeyError(f"zstd dictionary {dict_id} is missing")
            self._dicts[dict_id] = zstandard.ZstdCompressionDict(row[0])
        return self._dicts[dict_id]

    def compress(self, body: bytes, dict_id: int | None) -> bytes:
        if dict_id not in self._compressors:
            kwargs = {"dict_data": self._dict(dict_id)} if dict_id is not None else {}
            self._compressors[dict_id] = zstandard.ZstdCompressor(level=LEVEL, **kwargs)
        return self._compressors[dict_id].compress(body)

    def decompress(self, blob: bytes, dict_id: int | None) -> bytes:
        if dict_id not in self._decompressors:
            kwargs = {"dict_data": self._dict(dict_id)} if dict_id is not None else {}
            self._decompressors[dict_id] = zstandard.ZstdDecompressor(**kwargs)
        return self._decompressors[dict_id].decompress(blob)

    def store(self, sha256: str, url: str, fetched_at: str, status: int | None,
              headers: str | None, body: bytes) -> bool:
        """Insert a distinct body into ``pages``; False when its hash is already stored."""
        if self.conn.execute("SELECT 1 FROM pages WHERE sha256 = ?", (sha256,)).fetchone():
            return False
        dict_id = self.current_dict_id()
        self.conn.execute(
            "INSERT INTO pages (sha256, url, fetched_at, status, headers, content, size, dict_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, url, fetched_at, status, headers, self.compress(body, dict_id),
             len(body), dict_id),
        )
        return True

    def load(self, sha256: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT content, dict_id FROM pages WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return None if row is None else self.decompress(row[0], row[1])

    def maybe_train(self, created_at: str, train_at: int = DICT_TRAIN_AT) -> int | None:
        """Train a dictionary once enough pages exist without one; recompress them with it.

        Returns the new dictionary id, or None when not due or when it would not pay.
        Called inside the caller's transaction, so the switch is atomic.
        """
        if self.current_dict_id() is not None:
            return None
        count = self.conn.execute("SELECT count(*) FROM pages WHERE dict_id IS NULL").fetchone()[0]
        # try at train_at, 2x, 4x, ... pages: a dictionary that did not pay is not retried
        # on every new page, and each try sees twice the evidence of the last
        multiple, remainder = divmod(count, train_at)
        if multiple == 0 or remainder or multiple & (multiple - 1):
            return None
        rows = self.conn.execute(
            "SELECT id, content FROM pages WHERE dict_id IS NULL ORDER BY id"
        ).fetchall()
        bodies = [(page_id, self.decompress(blob, None)) for page_id, blob in rows]
        samples = [b for _, b in bodies[-MAX_SAMPLES:]]
        training = [b for i, b in enumerate(samples) if i % HOLDOUT_EVERY]
        holdout = [b for i, b in enumerate(samples) if not i % HOLDOUT_EVERY]
        try:
            trained = zstandard.train_dictionary(DICT_SIZE, training)
        except zstandard.ZstdError as exc:  # too few or too uniform samples
            log.info("zstd dictionary not trained: %s", exc)
            return None
        with_dict = zstandard.ZstdCompressor(level=LEVEL, dict_data=trained)
        plain = zstandard.ZstdCompressor(level=LEVEL)
        size_dict = sum(len(with_dict.compress(b)) for b in holdout)
        size_plain = sum(len(plain.compress(b)) for b in holdout)
        if size_dict > size_plain * (1 - DICT_MIN_GAIN):
            log.info("zstd dictionary does not pay (%s vs %s bytes); not used", size_dict, size_plain)
            return None
        data = trained.as_bytes()
        dict_id = self.conn.execute(
            "INSERT INTO zstd_dicts (created_at, samples, size, content) VALUES (?, ?, ?, ?)",
            (created_at, len(training), len(data), data),
        ).lastrowid
        self.conn.executemany(
            "UPDATE pages SET content = ?, dict_id = ? WHERE id = ?",
            [(self.compress(body, dict_id), dict_id, page_id) for page_id, body in bodies],
        )
        log.info("zstd dictionary %s trained on %s pages: held-out %s -> %s bytes",
                 dict_id, len(training), size_plain, size_dict)
        return dict_id
