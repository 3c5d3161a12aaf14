"""The CLI as a whole: version, help for every command and option, README in step with CI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scraper import __version__
from scraper.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_version_option_prints_package_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run(
        [sys.executable, "-m", "scraper", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage:" in out.stdout and "crawl" in out.stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_and_option_has_help(name):
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{name} lacks a useful --help"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"option {param.opts} of {name} has no help"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_in_readme(name):
    assert f"scraper {name}" in README, f"README does not mention `scraper {name}`"


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_pytest = re.search(r"-m pytest[^\n]*", ci).group(0)
    assert ci_pytest in README, "README's test command and .ci/run have drifted apart"


def test_readme_sections_are_each_written_once():
    """A botched edit once left two copies of half the README, one of them stale."""
    outside_code = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    sections = re.split(r"^(?=## )", outside_code, flags=re.MULTILINE)
    headings = [section.splitlines()[0] for section in sections[1:]]
    # A subsection title may recur under another section ("### Crawling" in Usage and in Benchmarks).
    headings += [f"{section.splitlines()[0]} > {sub}" for section in sections[1:] for sub in re.findall(r"^### .+$", section, flags=re.MULTILINE)]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    assert not repeated, f"README headings written more than once: {repeated}"


def test_readme_generated_sections_are_current():
    """The command table and schema in the README come from the code (scripts/update_readme.py)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_readme.py"), "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
