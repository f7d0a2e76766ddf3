"""Prose a notebook writes: Markdown that reads as written in JupyterLab, on GitHub and on the site.

JupyterLab (and GitHub's notebook view) take the text between two ``$`` signs of a paragraph for
inline TeX: "US$ 0.99 million of US$ 565 million" comes out as italic maths. Escaping the sign
(``\\$``) is not enough: JupyterLab 4 still typesets it. So a dollar sign never stands in prose:
the compendium writes "USD" in its own sentences, and a printed form that must stay verbatim
("$82 million" as the text prints it) is set as code, ```$82``` million, which no renderer reads as
maths. :func:`markdown` does this for text a notebook builds in code; ``tests/test_notebook_prose.py``
checks every Markdown cell and output, and ``tests/test_jupyterlab.py`` looks in JupyterLab itself.
HTML tables carry the class ``mathjax_ignore`` instead (pandas adds it with
``pd.set_option("display.html.use_mathjax", False)``).
"""

from __future__ import annotations

import re

# code (fenced blocks, inline spans) is left alone; elsewhere a token with a dollar sign:
# currency letters, the sign (escaped or not), the number glued to it ("US$40,000", "$82", "US\$")
_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`+[^`]*?`+)", re.S)
_DOLLAR_TOKEN = re.compile(r"[A-Za-z]*\\?\$[0-9][0-9.,]*[0-9]|[A-Za-z]*\\?\$")


def protect_dollars(text: str) -> str:
    """Set every token with a dollar sign as code: ``US$ 5`` → ```US$` 5``, ``$82`` → ```$82```."""
    parts = _CODE.split(text)
    for index in range(0, len(parts), 2):  # even parts are outside code
        parts[index] = _DOLLAR_TOKEN.sub(lambda m: "`" + m.group(0).replace("\\$", "$") + "`", parts[index])
    return "".join(parts)


def markdown(text: str):
    """``IPython.display.Markdown`` of ``text`` with every dollar sign set as code."""
    from IPython.display import Markdown

    return Markdown(protect_dollars(text))
