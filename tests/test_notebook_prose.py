"""Prose renders as written where researchers read it: no paragraph is taken for TeX.

JupyterLab and GitHub render a Markdown paragraph with two ``$`` as inline maths (the
nbconvert site does not, so the site's browser test cannot see it), and JupyterLab 4 does so even
when the sign is escaped (``\\$``). Every ``$`` in a Markdown cell or a ``text/markdown`` output
must sit inside code (``ct.markdown`` sets it so); the compendium's own prose writes USD.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from culturaltrade import prose

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def without_code(markdown: str) -> str:
    """Markdown with fenced blocks, indented blocks and inline code spans removed."""
    text = re.sub(r"^(```|~~~).*?^\1\s*$", "", markdown, flags=re.S | re.M)
    text = re.sub(r"(`+)(.+?)\1", "", text, flags=re.S)
    return text


def tex_risks(markdown: str) -> list[str]:
    """Paragraphs containing a ``$`` outside code (escaped or not: JupyterLab 4 typesets both)."""
    found = []
    for paragraph in re.split(r"\n\s*\n", without_code(markdown)):
        if "$" in paragraph:
            found.append(" ".join(paragraph.split())[:120])
    return found


def markdown_texts(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            yield f"cell {index} (markdown)", "".join(cell["source"])
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                yield f"cell {index} (output)", "".join(text)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_paragraph_would_be_read_as_tex(notebook):
    risky = [f"{where}: {paragraph}" for where, text in markdown_texts(notebook) for paragraph in tex_risks(text)]
    assert not risky, (f"{notebook.name}: write USD, set a printed form as code (`US$40,000`), or use "
                       "ct.markdown() for text built in code:\n"
                       + "\n".join(risky))


def test_the_check_finds_dollars_outside_code_even_escaped():
    assert tex_risks("US$ 0.99 million of US$ 565 million")
    assert tex_risks("US\\$ 0.99 million of US\\$ 565 million")  # JupyterLab 4 typesets these too
    assert not tex_risks("the column `US$ 10,000` and\n\n```\nx = '$'\n```")


@pytest.mark.parametrize("text, protected", [
    ("US$ 0.99 million of US$ 565 million", "`US$` 0.99 million of `US$` 565 million"),
    ("surged from $82 million to $366 million", "surged from `$82` million to `$366` million"),
    ("**US\\$ 95.9 million** (derived)", "**`US$` 95.9 million** (derived)"),
    ("each episode of the US$40,000 drama", "each episode of the `US$40,000` drama"),
    ("already `US$ 10,000` in code", "already `US$ 10,000` in code"),
    ("USD 12.34 million", "USD 12.34 million"),
])
def test_dollar_signs_are_set_as_code(text, protected):
    assert prose.protect_dollars(text) == protected
    assert not tex_risks(prose.protect_dollars(text))
