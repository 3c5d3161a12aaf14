"""Regenerate the README's generated sections from the code itself.

The command reference comes from the click commands' own help, and the schema from
an archive created by the current release, so neither can drift from what ships.
``python scripts/update_readme.py`` rewrites README.md; ``--check`` exits 1 if it is
stale (tests/test_docs.py runs that).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

#: FTS5 keeps its index in shadow tables; they are implementation, not schema to read.
FTS_SHADOW = re.compile(r"_fts_(data|idx|docsize|config|content)$")


def render_commands() -> str:
    """One table row per command: its usage and the first paragraph of its --help."""
    import click

    from scraper.cli import cli

    rows = ["| command | what it does |", "|---|---|"]
    for name in sorted(cli.commands):
        command = cli.commands[name]
        ctx = click.Context(command, info_name=f"scraper {name}")
        usage = " ".join(command.collect_usage_pieces(ctx))
        summary = " ".join((command.help or "").strip().split("\n\n")[0].split())
        rows.append(f"| `scraper {name} {usage}` | {summary} |")
    return "\n".join(rows)


def render_schema() -> str:
    """The CREATE statements of a fresh archive: tables, then views, FTS shadows left out."""
    from scraper.archive import Archive

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schema.db"
        Archive(path).close()
        conn = sqlite3.connect(path)
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND sql IS NOT NULL ORDER BY type = 'view', rowid"
        ).fetchall()
        conn.close()
    statements = [sql.strip() + ";" for _, name, sql in rows if not FTS_SHADOW.search(name)]
    return "```sql\n" + "\n\n".join(statements) + "\n```"


SECTIONS = {"commands": render_commands, "schema": render_schema}


def regenerate(text: str) -> str:
    """Replace the body of every ``<!-- generated:NAME -->`` block with fresh output."""
    for name, render in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- generated:{name} --> block")
        body = render()
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is stale")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    fresh = regenerate(current)
    if args.check:
        if fresh != current:
            sys.stderr.write("README.md is stale: run python scripts/update_readme.py\n")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
