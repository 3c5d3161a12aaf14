"""Build the package; the parser's modules are compiled with mypyc when a C compiler is at hand.

The parser is pure Python and stays importable as such: compiling it (mypyc turns the typed
modules into C extensions) makes a page parse about a fifth faster.  Compiling is skipped,
with a warning, when mypyc or a compiler is missing or the build fails, and on request
(``SCRAPER_PURE_PYTHON=1 pip install -e .``): the package then installs as plain Python.
``scraper/parse/__init__.py`` stays uncompiled: it checks that the compiled modules are not
older than their source (see ``scraper/parse/_compiled.py``).
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The modules compiled: the whole parser but its package initialiser and the staleness check.
COMPILED = sorted(
    path for path in glob.glob("scraper/parse/*.py")
    if os.path.basename(path) not in ("__init__.py", "_compiled.py")
)


class OptionalBuildExt(build_ext):
    """Builds the compiled parser if it can; a failed compile leaves the pure-Python parser in place.

    The first failure stops the build: mypyc's shared library comes first, and a module's
    compiled shim without it would not import (so no failure is caught extension by extension).
    """

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 (a compiler's failure must not fail the install)
            print(f"warning: the parser was not compiled ({error}); it runs as pure Python", file=sys.stderr)


def compiled_modules() -> list:
    """mypyc's extensions for the parser, or none (pure Python) when that cannot or should not be."""
    if os.environ.get("SCRAPER_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        return mypycify(["--ignore-missing-imports", *COMPILED])
    except (Exception, SystemExit) as error:  # noqa: BLE001 (mypyc exits on a type error)
        print(f"warning: the parser will not be compiled ({error!r}); it runs as pure Python", file=sys.stderr)
        return []


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
