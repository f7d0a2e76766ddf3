"""Prose a notebook writes: Markdown that reads as written in JupyterLab, on GitHub and on the site.

JupyterLab and GitHub's notebook view take the text between two ``$`` signs of a paragraph for
inline TeX ("US$ 0.99 million of US$ 565 million" comes out as italic maths). Every dollar sign
of prose is therefore written escaped, ``US\\$``; :func:`markdown` does it for text a notebook
builds in code, and ``tests/test_notebook_prose.py`` checks every Markdown cell and output.
"""

from __future__ import annotations

import re

_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def escape_dollars(text: str) -> str:
    """``US$ 5`` → ``US\\$ 5`` (an already escaped ``\\$`` is left alone)."""
    return _UNESCAPED_DOLLAR.sub(r"\\$", text)


def markdown(text: str):
    """``IPython.display.Markdown`` of ``text`` with every dollar sign escaped."""
    from IPython.display import Markdown

    return Markdown(escape_dollars(text))
