"""``scraper parse FILE [--url URL]``: JSON on stdout, exit 0/2/3, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli

PAGES = Path(__file__).parent / "fixtures" / "pages"
SEED_URL = json.loads((PAGES / "manifest.json").read_text())["seed_455.html"]["url"]


def _run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(cli, ["parse", *args], input=input)


def test_article_json_on_stdout():
    result = _run(str(PAGES / "seed_455.html"), "--url", SEED_URL)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "article" and data["article_id"] == "455" and data["views"] == 296
    assert "“" not in result.stdout or "\\u" not in result.stdout  # ensure_ascii=False


def test_listing_json_and_stdin():
    data = (PAGES / "listing_first.html").read_bytes()
    result = _run("-", "--url", "https://infocovid19.lumajangkab.go.id/main/berita", input=data)
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    assert listing["kind"] == "listing" and listing["next_pages"] == ["https://infocovid19.lumajangkab.go.id/main/berita/10"]


@pytest.mark.parametrize("content,code", [(None, 2), (b"", 2), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", 2), ((PAGES / "not_found.html").read_bytes(), 3)])
def test_failures_exit_with_contract_codes_and_one_line(tmp_path, content, code):
    target = tmp_path / "page.html"
    if content is not None:
        target.write_bytes(content)
    result = _run(str(target))
    assert result.exit_code == code
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("Error:") and "\n" not in message and "Traceback" not in message
    assert str(target) in message


def test_help_names_exit_codes():
    result = _run("--help")
    assert result.exit_code == 0 and "Exits 2" in result.output and "3" in result.output
