"""Decoding when the header, the meta tag and the bytes disagree."""

from __future__ import annotations

import pytest

from scraper.parse import NotHTML, parse_page
from scraper.parse.decode import html_bytes
from scraper.parse.dom import load_tree, text_of

TEXT = "<p>“Semua harus siap,” ujarnya. Kafé Sémeru</p>"


@pytest.mark.parametrize("data,content_type", [
    # windows-1252 bytes under a utf-8 meta tag
    (b"<meta charset='utf-8'>" + TEXT.encode("cp1252"), None),
    # windows-1252 bytes labelled iso-8859-1 (browsers decode that as windows-1252)
    (b"<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>" + TEXT.encode("cp1252"), None),
    # windows-1252 bytes, header says utf-8, no meta
    (TEXT.encode("cp1252"), "text/html; charset=utf-8"),
    # UTF-8 bytes under an iso-8859-1 meta and header
    (b"<meta charset='iso-8859-1'>" + TEXT.encode("utf-8"), "text/html; charset=ISO-8859-1"),
    # UTF-8 with a BOM, no labels
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None),
    # UTF-16 with a BOM
    ("\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le"), None),
])
def test_curly_quotes_and_accents_survive(data, content_type):
    text = html_bytes(data, content_type).decode("utf-8")
    assert "“Semua harus siap,” ujarnya." in text and "Kafé Sémeru" in text


def test_download_cut_inside_a_character_keeps_the_rest():
    data = TEXT.encode("utf-8") + "é".encode("utf-8")[:1]
    assert html_bytes(data).decode("utf-8").endswith("Kafé Sémeru</p>")


def test_xml_declaration_and_control_characters_do_not_break_lxml():
    data = b"<?xml version='1.0' encoding='utf-8'?>\n<html><body>\x00\x0b" + TEXT.encode() + b"</body></html>"
    root = load_tree(html_bytes(data))
    assert text_of(root) == "“Semua harus siap,” ujarnya. Kafé Sémeru"


@pytest.mark.parametrize("data", [
    b"", b"   \n\t", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"\xff\xd8\xff\xe0" + b"\x00" * 500,
    b"%PDF-1.4\n%\xe2\xe3", bytes(range(32)) * 40, b"just plain text without any markup at all",
])
def test_empty_binary_and_tagless_input_is_not_html(data):
    with pytest.raises(NotHTML):
        parse_page(data)
