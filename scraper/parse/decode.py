"""Bytes to text, when the HTTP header, the ``<meta charset>`` and the bytes disagree.

Regency CMS pages are often saved in one encoding and labelled with another
(an ``iso-8859-1`` header over UTF-8 bytes; a ``utf-8`` meta over text typed
in Windows with curly quotes).  The bytes win: valid UTF-8 is UTF-8 whatever
the labels say; otherwise the labels are tried in order, with the WHATWG rule
that ``iso-8859-1``/``ascii`` mean windows-1252; bs4's ``UnicodeDammit``
decides only when all of that fails.
"""

from __future__ import annotations

import codecs
import re

from bs4.dammit import EncodingDetector, UnicodeDammit

from scraper.parse.model import NotHTML

#: Magic numbers of formats a crawler may be handed instead of a page.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF",
    b"\x00\x00\x01\x00", b"BM", b"\x7fELF", b"(\xb5/\xfd", b"OggS", b"ID3",
)
#: Labels that browsers decode as windows-1252 (WHATWG Encoding Standard).
CP1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252", "cp1252", "iso-8859-15"})
#: Share of control bytes in the first KB above which the input is not text.
MAX_CONTROL_SHARE = 0.05
#: Bytes that are never text (C0 controls but tab, newline, carriage return, form feed... and ESC kept out).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """True for images, archives and other non-text bodies (UTF-16 with a BOM is text)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if data.startswith(BINARY_MAGIC):
        return True
    head = data[:1024]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # a C loop, not a regex scan
    return controls > MAX_CONTROL_SHARE * len(head)


def _canonical(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in CP1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf8_prefix(data: bytes) -> tuple[bytes, str] | None:
    """``(bytes, text)`` if ``data`` is UTF-8, forgiving one sequence cut off by a truncated download."""
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and "unexpected end" in error.reason:
            return data[: error.start], data[: error.start].decode("utf-8")
        return None


def declared_encodings(data: bytes, content_type: str | None = None) -> list[str]:
    """Encodings the header and the page's own meta tag claim, header first, canonical names."""
    labels: list[str | None] = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        labels.append(match.group(1) if match else None)
    labels.append(EncodingDetector.find_declared_encoding(data[:4096], is_html=True))
    return [name for name in dict.fromkeys(map(_canonical, labels)) if name]


def html_bytes(data: bytes, content_type: str | None = None) -> bytes:
    """The page as UTF-8 bytes without control characters, for lxml's parser told "utf-8".

    UTF-8 input (nearly every page) is passed through untouched: lxml parses bytes
    faster than a Python string, and needs no XML declaration stripped then.
    Raises :class:`NotHTML` for empty, binary or tag-less input.
    """
    if not data or data.isspace():  # isspace() is strip()'s whitespace, without the copy
        raise NotHTML("empty input")
    if looks_binary(data):
        raise NotHTML("binary input, not an HTML page")
    utf8, text = _to_utf8(data, content_type)
    if len(utf8.translate(None, _CONTROL_BYTES)) != len(utf8) or "\ufffe" in text or "\uffff" in text:
        utf8 = _CONTROL_CHARS.sub("", text).encode("utf-8")
    if b"<" not in utf8:
        raise NotHTML("no markup in input")
    return utf8


def _to_utf8(data: bytes, content_type: str | None) -> tuple[bytes, str]:
    """The page as UTF-8 bytes and as text."""
    text = None
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(name, errors="replace")
    if text is None:
        as_utf8 = _utf8_prefix(data)
        if as_utf8 is not None:
            return as_utf8
        text = _decode_other(data, content_type)
    return text.encode("utf-8"), text


def _decode_other(data: bytes, content_type: str | None) -> str:
    """Text of bytes that are not UTF-8: the declared encodings, then windows-1252, then bs4's guess."""
    for name in declared_encodings(data, content_type):
        if name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            continue  # the bytes already proved they are not UTF-8
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    try:
        # Undeclared non-UTF-8 text from an Indonesian Windows editor is windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    dammit = UnicodeDammit(UnicodeDammit.detwingle(data), is_html=True, smart_quotes_to=None)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return data.decode("utf-8", errors="replace")
