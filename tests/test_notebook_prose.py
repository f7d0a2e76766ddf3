"""Prose renders as written where researchers read it: no paragraph is taken for TeX.

JupyterLab and GitHub render a Markdown paragraph with two ``$`` as inline maths (the
nbconvert site does not, so the site's browser test cannot see it). Every ``$`` in a Markdown
cell or a ``text/markdown`` output must be escaped (``\\$``) or sit inside code.
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
    """Paragraphs containing a ``$`` that is neither escaped nor in code."""
    found = []
    for paragraph in re.split(r"\n\s*\n", without_code(markdown)):
        if re.search(r"(?<!\\)\$", paragraph):
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
    assert not risky, (f"{notebook.name}: write US\\$ (escaped) or use ct.markdown() for text built in code:\n"
                       + "\n".join(risky))


def test_the_check_finds_a_dollar_pair_and_accepts_escaped_or_code_dollars():
    assert tex_risks("US$ 0.99 million of US$ 565 million")
    assert not tex_risks("US\\$ 0.99 million of US\\$ 565 million")
    assert not tex_risks("the column `US$ 10,000` and\n\n```\nx = '$'\n```")
    assert prose.escape_dollars("US$ 1 and US\\$ 2") == "US\\$ 1 and US\\$ 2"
