"""Skip an import that costs more than a second and that nothing here uses.

jsonschema (imported by nbformat, hence by papermill and nbval) loads ``rfc3987_syntax`` when
it is installed (jupyterlab's dependencies install it), and that module compiles a Lark
grammar at import time, about 1.2 s, only to offer the "iri" string format, which no
notebook or data-package schema uses. Blocking it (jsonschema then simply lacks that one
format) saves that time in every process that runs or checks notebooks:

* the pipeline and its workers call :func:`install` before importing papermill;
* pytest loads this module as a plugin (the ``pytest11`` entry point in
  culturaltrade/pyproject.toml), before nbval's plugin imports nbformat, in the main process
  and in every pytest-xdist worker.
"""

from __future__ import annotations

import sys

BLOCKED = ("rfc3987_syntax",)


def install() -> None:
    for name in BLOCKED:
        sys.modules.setdefault(name, None)  # `import` of a None entry raises ImportError


install()  # as a pytest plugin, importing is enough
