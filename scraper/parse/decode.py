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
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def looks_binary(data: bytes) -> bool:
    """True for images, archives and other non-text bodies (UTF-16 with a BOM is text)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if data.startswith(BINARY_MAGIC):
        return True
    head = data[:1024]
    return len(_CONTROL_BYTES.findall(head)) > MAX_CONTROL_SHARE * len(head)


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


def _decode_utf8(data: bytes) -> str | None:
    """UTF-8 if the bytes are UTF-8, forgiving one sequence cut off by a truncated download."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and "unexpected end" in error.reason:
            return data[: error.start].decode("utf-8")
        return None


def declared_encodings(data: bytes, content_type: str | None = None) -> list[str]:
    """Encodings the header and the page's own meta tag claim, header first, canonical names."""
    labels: list[str | None] = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        labels.append(match.group(1) if match else None)
    labels.append(EncodingDetector.find_declared_encoding(data[:4096], is_html=True))
    return [name for name in dict.fromkeys(map(_canonical, labels)) if name]


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """The page as text, ready for lxml (no XML declaration, no control characters).

    Raises :class:`NotHTML` for empty, binary or tag-less input.
    """
    if not data or not data.strip():
        raise NotHTML("empty input")
    if looks_binary(data):
        raise NotHTML("binary input, not an HTML page")
    text = _decode(data, content_type)
    text = _CONTROL_CHARS.sub("", _XML_DECL.sub("", text, count=1))
    if "<" not in text[:65536] and "<" not in text:
        raise NotHTML("no markup in input")
    return text


def _decode(data: bytes, content_type: str | None) -> str:
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    as_utf8 = _decode_utf8(data)
    if as_utf8 is not None:
        return as_utf8
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
