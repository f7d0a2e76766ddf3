"""The readers' edition: an offline HTML site of the committed, executed notebooks.

``python -m culturaltrade.build.site [DEST]`` (``make site``) converts every notebook of the run
order with nbconvert's lab template, made offline by a small template of our own
(``site_templates/compendium``: no require.js, MathJax or mermaid from a CDN), and writes
an index page built the same way from ``data/sources.yaml`` and ``tables/claims.csv``.

Figures are shown from ``figures/`` as SVG with the PNG as fallback (``<picture>``), and
links between notebooks (``x.ipynb#section``) point to the HTML pages. Nothing is executed:
the site shows exactly what is committed.

Provenance, one click away: under each figure, links to its data (``figures/<name>.csv``,
copied into the site), to the cell that drew it (nbconvert gives every cell the anchor
``#cell-id=<id>``; the cell is the one whose output ``save_figure`` tagged with the figure's
name), to the notebook on the repository when ``CITATION.cff`` names one
(``repository-code``), and to the commit the site was built from (``build.html#commit``, read
from git now, with "uncommitted changes" said when the tree is dirty). Each claim of the
dashboard links to its sentence on ``sources.html`` (the dashboard links to
``data/claims/<text>.quotes.csv#<claim>``, which the site turns into ``sources.html#quote-<claim>``)
and to the section that checks it. ``build.html`` (:mod:`culturaltrade.build.site_pages`) says
how it was all built.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd

from ..claims import VERDICTS
from ..datasets import load_sources
from ..paths import atomic_write_text, project_root
from .pipeline import run_order
from .site_pages import CommitState, build_page, commit_state, repository_url, sources_page

TEMPLATES = Path(__file__).parent / "site_templates"


def _picture(stem: str, alt: str) -> str:
    return (f'<picture class="figure"><source srcset="{stem}.svg" type="image/svg+xml">'
            f'<img src="{stem}.png" alt="{html.escape(alt)}"></picture>')


def figure_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Figure name -> id of the cell that drew it (``save_figure`` tags its output with the name)."""
    return {output["metadata"]["culturaltrade"]["figure"]: cell.get("id", "")
            for cell in nb.cells for output in cell.get("outputs", [])
            if output.get("metadata", {}).get("culturaltrade", {}).get("figure")}


def figure_links(name: str, notebook: str, cell: str, state: CommitState, repository: str = "") -> str:
    """The line under a figure: its data, the cell that drew it, the commit (see the module docstring)."""
    parts = [f'Data: <a class="figure-csv" href="figures/{name}.csv">{name}.csv</a>']
    drawn = (f'<a class="figure-cell" href="{notebook}.html#cell-id={html.escape(cell)}">cell '
             f"<code>{html.escape(cell)}</code> of {notebook}</a>") if cell else f"a cell of {notebook} (id unknown)"
    if repository and state.commit:
        drawn += (f' (<a class="figure-repository" href="{html.escape(repository)}/blob/{state.commit}/notebooks/'
                  f'{notebook}.ipynb">the notebook on the repository</a>)')
    parts.append(f"Drawn by: {drawn}")
    parts.append(f'Built from: <a class="figure-commit" href="build.html#commit">{html.escape(state.describe())}</a>')
    return f'<p class="figure-links" data-figure="{html.escape(name)}"><small>{" · ".join(parts)}</small></p>'


def use_saved_figures(nb: nbformat.NotebookNode, notebook: str = "", state: CommitState | None = None,
                      repository: str = "") -> nbformat.NotebookNode:
    """Replace each inline PNG of a saved figure by the saved SVG (PNG fallback), with its links.

    ``save_figure`` tags the figure it shows with ``metadata.culturaltrade.figure``.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("culturaltrade", {}).get("figure")
            if name and "image/png" in output.get("data", {}):
                shown = _picture(f"figures/{name}", name)
                if state is not None:
                    shown += figure_links(name, notebook, cell.get("id", ""), state, repository)
                output["data"] = {"text/html": shown}
                output["metadata"] = {}
    return nb


def _links_to_html(page: str) -> str:
    """x.ipynb#section and notebooks/x.ipynb → x.html#section (all pages sit side by side); a claim's
    quotation, ../data/claims/<text>.quotes.csv#<claim>, → sources.html#quote-<claim>."""
    page = re.sub(r'href="(?:notebooks/)?([\w-]+)\.ipynb(#[\w-]*)?"', r'href="\1.html\2"', page)
    return re.sub(r'href="(?:\.\./)?data/claims/[\w-]+\.quotes\.csv#([\w-]+)"', r'href="sources.html#quote-\1"', page)


def _exporter():
    from nbconvert import HTMLExporter

    # A readers' edition: narrative, tables and figures; the code is in the notebooks themselves.
    return HTMLExporter(template_name="compendium", extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)


def _nav(pages: list[tuple[str, str]], current: str) -> list[dict]:
    return [{"href": href, "label": label, "current": href == current} for href, label in pages]


def index_notebook(sources: list[dict], claims: pd.DataFrame, figures: Path,
                   drawn_in: dict[str, tuple[str, str]] | None = None, state: CommitState | None = None,
                   repository: str = "") -> nbformat.NotebookNode:
    """The index page as a notebook of markdown cells (rendered by the same exporter)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["title"] = "China's international cultural trade — a reproducible compendium"
    counts = claims.groupby(["paper", "verdict"]).size()
    intro = [
        "# China's international cultural trade — a reproducible compendium",
        "",
        "Four texts on China's cultural trade, re-read number by number. Every figure they print is "
        "transcribed, every number they derive is recomputed, and every numeric claim gets a verdict "
        "computed by rule: **reproduced**, **approximate**, **discrepancy** or **not checkable**. "
        f"In all: {len(claims)} claims — "
        + ", ".join(f"{int((claims['verdict'] == v).sum())} {v}" for v in VERDICTS)
        + ". The [claims dashboard](05_claims_dashboard.html) lists them all, discrepancies first.",
    ]
    nb.cells.append(nbformat.v4.new_markdown_cell("\n".join(intro)))
    for source in sources:
        mine = claims[claims["paper"] == source["file"]]
        n = {v: int(counts.get((source["file"], v), 0)) for v in VERDICTS}
        not_ok = mine[mine["verdict"].isin(["discrepancy", "approximate"])]
        details = "; ".join(f"{row.statement} (printed {row.reported}, recomputed {row.recomputed or '—'}: "
                            f"{row.verdict})" for row in not_ok.itertuples())
        summary = (f"Of {len(mine)} claims, {n['reproduced']} reproduced, {n['approximate']} approximate, "
                   f"{n['discrepancy']} discrepant and {n['not checkable']} not checkable."
                   + (f" What did not reproduce: {details}." if details else " Everything checkable reproduced."))
        lines = [
            f"## [{source['title']}]({source['notebook']}.html)",
            "",
            f"**Text** `{source['file']}` ([reference and quotations](sources.html#text-{source['file'][:3]})) · "
            f"**Subject** {source['subject']} · **Period** {source['period']}",
            "",
            summary,
            "",
        ]
        for figure in source.get("key_figures") or []:
            if not (figures / f"{figure}.png").is_file():
                raise FileNotFoundError(f"data/sources.yaml: key figure {figure!r} not found in figures/")
            lines.append(_picture(f"figures/{figure}", figure))
            if state is not None:
                notebook, cell = (drawn_in or {}).get(figure, (source["notebook"], ""))
                lines.append(figure_links(figure, notebook, cell, state, repository))
        lines.append("")
        lines.append(f"[Read the notebook →]({source['notebook']}.html)")
        cell = nbformat.v4.new_markdown_cell("\n".join(lines))
        nb.cells.append(cell)
    return nb


def build(destination: Path | None = None) -> list[str]:
    """Write the site into ``destination`` (default ``site/``); returns the pages written."""
    root = project_root()
    destination = Path(destination or root / "site")
    if destination.exists():
        shutil.rmtree(destination)
    (destination / "figures").mkdir(parents=True)
    for figure in sorted((root / "figures").glob("*")):
        if figure.suffix in {".svg", ".png", ".csv"}:
            shutil.copy2(figure, destination / "figures" / figure.name)
    sources = load_sources()
    notebooks = run_order(root)
    state, repository = commit_state(root), repository_url(root)
    extra = [("sources.html", "Texts and quotations"), ("build.html", "How this was built")]
    pages = [("index.html", "Overview")] + [(f"{Path(nb).stem}.html", Path(nb).stem) for nb in notebooks] + extra
    exporter = _exporter()
    written, drawn_in = [], {}
    for notebook in notebooks:
        stem = Path(notebook).stem
        source = nbformat.read(root / notebook, as_version=4)
        drawn_in.update({name: (stem, cell) for name, cell in figure_cells(source).items()})
        nb = use_saved_figures(source, stem, state, repository)
        href = f"{stem}.html"
        body, _ = exporter.from_notebook_node(nb, resources={"site_nav": _nav(pages, href),
                                                              "metadata": {"name": stem}})
        atomic_write_text(destination / href, _links_to_html(body))
        written.append(href)
    claims = pd.read_csv(root / "tables" / "claims.csv", dtype=str, keep_default_na=False)
    index = index_notebook(sources, claims, root / "figures", drawn_in, state, repository)
    generated = [("index.html", index)]
    for href, markdown in (("sources.html", sources_page(root, sources)), ("build.html", build_page(root, state))):
        page = nbformat.v4.new_notebook()
        page.metadata["title"] = dict(extra)[href]
        page.cells.append(nbformat.v4.new_markdown_cell(markdown))
        generated.append((href, page))
    for href, nb in generated:
        body, _ = exporter.from_notebook_node(nb, resources={"site_nav": _nav(pages, href),
                                                              "metadata": {"name": Path(href).stem}})
        atomic_write_text(destination / href, _links_to_html(body))
    return ["index.html", *written, *(href for href, _ in extra)]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    destination = Path(argv[0]) if argv else None
    try:
        pages = build(destination)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"site: {len(pages)} pages written to {destination or 'site/'} (open index.html; works offline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
