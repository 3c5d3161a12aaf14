"""The compiled parser (mypyc, setup.py) never runs code older than its source."""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path

from scraper.parse import _compiled

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _module(directory: Path, name: str, source_age: float, compiled_age: float | None) -> None:
    """A module ``name`` whose source (and compiled twin, if any) was last written ``age`` seconds ago."""
    now = 1_700_000_000.0
    source = directory / f"{name}.py"
    source.write_text(f"WHERE = 'source of {name}'\n")
    os.utime(source, (now - source_age, now - source_age))
    if compiled_age is not None:
        compiled = directory / f"{name}{SUFFIX}"
        compiled.write_bytes(b"not a real extension")
        os.utime(compiled, (now - compiled_age, now - compiled_age))


def test_a_module_edited_after_compiling_is_stale(tmp_path):
    _module(tmp_path, "fresh", source_age=100, compiled_age=50)
    _module(tmp_path, "edited", source_age=10, compiled_age=50)
    _module(tmp_path, "never_compiled", source_age=10, compiled_age=None)
    assert set(_compiled.compiled_modules(tmp_path)) == {"fresh", "edited"}
    assert _compiled.stale_modules(tmp_path) == ["edited"]


def test_stale_compiled_modules_send_every_module_to_its_source(tmp_path):
    """Run in a fresh interpreter: a package whose compiled twin of one module is stale imports
    all its modules from source (the fake extensions here would fail to load otherwise)."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from scraper.parse._compiled import use_source_if_stale\n"
        "from pathlib import Path\n"
        "STALE = use_source_if_stale(__name__, Path(__file__).parent)\n"
    )
    _module(package, "fresh", source_age=100, compiled_age=50)
    _module(package, "edited", source_age=10, compiled_age=50)
    script = "import pkg, pkg.fresh, pkg.edited; print(pkg.STALE, pkg.fresh.WHERE, pkg.edited.WHERE)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['edited'] source of fresh source of edited"
    assert "reinstall" in result.stderr


def test_no_stale_module_leaves_the_import_system_alone(tmp_path):
    _module(tmp_path, "fresh", source_age=100, compiled_age=50)
    before = list(sys.meta_path)
    assert _compiled.use_source_if_stale("nothing_here", tmp_path) == []
    assert sys.meta_path == before


def test_the_parser_type_checks_so_that_mypyc_compiles_it():
    """setup.py falls back to pure Python (with a warning) when mypyc refuses the parser:
    a type error must fail here instead of silently costing a fifth of the speed."""
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-error-summary", "scraper/parse"],
        cwd=root, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
