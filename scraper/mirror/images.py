"""Tiny placeholder photos for ``/files/berita/*.jpg``.

The real portal serves JPEG photos; crawlers only need a small valid image
with a truthful ``Content-Type``, so each path gets a 16x10 PNG in a colour
derived from its name (built with zlib, no imaging library needed).
"""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 16, 10
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def placeholder_image(path: str) -> bytes:
    """A valid PNG whose single colour is stable per ``path``."""
    digest = zlib.crc32(path.encode("utf-8"))
    pixel = bytes(((digest >> 16) & 0xFF, (digest >> 8) & 0xFF, digest & 0xFF))
    rows = b"".join(b"\x00" + pixel * WIDTH for _ in range(HEIGHT))
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")
