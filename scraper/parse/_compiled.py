"""Whether the parser runs compiled, and never from a compiled module older than its source.

``setup.py`` compiles the parser's modules with mypyc: C extensions beside the ``.py`` files,
which the import system prefers.  In a checkout, editing a module's source (or pulling a new
one) leaves its compiled twin behind, and importing that would run the old code.  So before
any parser module is imported, a compiled module older than its source sends every parser
module to its source, with a warning to reinstall: all of them, because compiled modules call
each other directly, and one module read from source among compiled ones would still run
their old code.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

#: The parser's own directory.
HERE = Path(__file__).parent


def compiled_modules(directory: Path = HERE) -> dict[str, Path]:
    """Module name -> its compiled file, for the modules of ``directory`` that have one."""
    found = {}
    for path in directory.iterdir():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:  # the most specific first (".cpython-311-...so", ".so")
            if path.name.endswith(suffix):
                found[path.name[: -len(suffix)]] = path
                break
    return found


def stale_modules(directory: Path = HERE) -> list[str]:
    """The compiled modules of ``directory`` whose source changed after they were compiled."""
    stale = []
    for name, compiled in compiled_modules(directory).items():
        source = directory / f"{name}.py"
        if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
            stale.append(name)
    return sorted(stale)


class SourceFinder(importlib.abc.MetaPathFinder):
    """Finds a package's modules in their ``.py`` source, passing over their compiled twins."""

    def __init__(self, package: str, directory: Path) -> None:
        self.prefix = package + "."
        self.directory = directory

    def find_spec(self, fullname: str, path=None, target=None):  # noqa: ANN001 (the finder protocol)
        name = fullname[len(self.prefix):] if fullname.startswith(self.prefix) else ""
        source = self.directory / f"{name}.py"
        if not name or "." in name or not source.exists():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def use_source_if_stale(package: str, directory: Path = HERE) -> list[str]:
    """Send ``package``'s modules to their source when a compiled one is stale; returns the stale ones."""
    stale = stale_modules(directory)
    if stale:
        log.warning(
            "%s changed after the parser was compiled: the parser runs from source (pure Python); "
            "reinstall (pip install -e .) to compile it again", ", ".join(f"{name}.py" for name in stale),
        )
        sys.meta_path.insert(0, SourceFinder(package, directory))
    return stale
