"""The readers' edition's pages of provenance: "how this was built" and "the texts quoted".

* :func:`commit_state`: the commit the site is built from, read from git at ``make site`` time
  (the site is not committed, so nothing committed changes), and whether the working tree
  has uncommitted changes;
* :func:`build_page`: ``build.html``, the commit, the Python and package versions of the
  environment actually installed (``importlib.metadata``; the pins of ``environment.yml``
  beside them), and the run order with every notebook's inputs and their SHA-256;
* :func:`sources_page`: ``sources.html``, each source text by its reference (CITATION.cff)
  and the sentences its claims rest on (``data/claims/<text>.quotes.csv``), one anchor per
  claim, ``#quote-<claim id>``, which the dashboard links to.

Each page is HTML for one markdown cell, rendered by the same exporter as the notebooks.
"""

from __future__ import annotations

import hashlib
import html
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .citation import load as load_citation, reference_of, reference_text
from .coverage import read_rows
from .envspec import load_environment
from .pipeline import expand_inputs, load_steps


@dataclass(frozen=True)
class CommitState:
    commit: str        # full hash, or '' outside a git checkout
    dirty: bool        # uncommitted changes (tracked or new files) in the working tree

    def describe(self) -> str:
        if not self.commit:
            return "not built from a git checkout: the commit is unknown"
        return f"commit {self.commit[:12]}" + (" with uncommitted changes" if self.dirty else "")


def commit_state(root: Path) -> CommitState:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--verify", "HEAD") or ""
    status = git("status", "--porcelain") if commit else ""
    return CommitState(commit, bool(status))


def repository_url(root: Path) -> str:
    """``repository-code`` of CITATION.cff ('' if none is configured)."""
    return str(load_citation(root).get("repository-code", "")).rstrip("/")


def _table(header: list[str], rows: list[list[str]], table_id: str) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left;vertical-align:top'>{cell}</td>" for cell in row)
                   + "</tr>" for row in rows)
    return f'<table id="{table_id}" class="dataframe"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def build_page(root: Path, state: CommitState) -> str:
    repository = repository_url(root)
    commit = html.escape(state.describe())
    if state.commit and repository:
        commit += f' (<a href="{html.escape(repository)}/commit/{state.commit}">on the repository</a>)'
    pins = {}
    spec = load_environment(root / "environment.yml")
    for line in [*spec.requirements()]:
        name, _, version = line.partition("==")
        if version:
            pins[name.lower().replace("_", "-")] = version
    installed = sorted({(d.metadata["Name"], d.version) for d in metadata.distributions() if d.metadata["Name"]},
                       key=lambda item: item[0].lower())
    packages = [[html.escape(name), html.escape(version),
                 html.escape(pins.get(name.lower().replace("_", "-"), ""))] for name, version in installed]
    steps = []
    for number, step in enumerate(load_steps(root), start=1):
        inputs = "<br>".join(f"<code>{html.escape(name)}</code> <small>sha256 {_sha256(root / name)}</small>"
                             for name in [*expand_inputs(step, root), "environment.yml"])
        after = ", ".join(Path(n).stem for n in step.after) or "—"
        page = f"{Path(step.notebook).stem}.html"
        steps.append([str(number), f'<a href="{page}">{html.escape(step.notebook)}</a>', html.escape(after), inputs])
    return "\n".join([
        "# How this was built",
        "",
        f'<p id="commit"><strong>Built from</strong> <code>{commit}</code>'
        + (f" (full hash <code>{state.commit}</code>)" if state.commit else "") + ".</p>",
        "",
        "The notebooks were executed by `make reproduce` (papermill, in the kernel `cultural-trade`), in this "
        "order and with these inputs, as declared in `notebooks/pipeline.yaml`; each notebook's inputs are also "
        "its own file, the helper package and `environment.yml`. The SHA-256 are those of the files the site "
        "was built from.",
        "",
        '## Run order and inputs <a id="run-order"></a>',
        "",
        _table(["#", "notebook", "runs after", "inputs (SHA-256)"], steps, "run-order-table"),
        "",
        '## Environment <a id="environment"></a>',
        "",
        f"Python {html.escape(platform.python_version())} ({html.escape(platform.python_implementation())}); "
        "every package installed in the environment the site was built with (`importlib.metadata`), beside "
        "its pin in `environment.yml` where it has one.",
        "",
        _table(["package", "installed", "pinned in environment.yml"], packages, "packages"),
    ])


def sources_page(root: Path, sources: list[dict]) -> str:
    citation = load_citation(root)
    lines = ["# The texts, and the sentences quoted from them", "",
             "Each text by its reference (as far as it could be verified; see `CITATION.cff`), then every "
             "sentence a claim of the ledger rests on, quoted with its location (`data/claims/<text>.quotes.csv`). "
             "The claims dashboard links each claim here.", ""]
    for source in sources:
        stem = source["file"].removesuffix(".txt")
        reference = reference_of(citation, source["file"])
        lines += [f'## Text {stem[:3]}: {html.escape(source["title"])} <a id="text-{stem[:3]}"></a>', "",
                  f"{html.escape(reference_text(reference)) if reference else 'no reference in CITATION.cff'} — "
                  f"`{source['file']}`", ""]
        rows, seen = [], set()
        for quote in read_rows(root / "data" / "claims" / f"{stem}.quotes.csv"):
            anchor = "" if quote["claim_id"] in seen else f' id="quote-{html.escape(quote["claim_id"])}"'
            seen.add(quote["claim_id"])
            rows.append(f"<tr{anchor}><td style='text-align:left;vertical-align:top'>{html.escape(quote['claim_id'])}"
                        f"</td><td style='text-align:left;vertical-align:top'>{html.escape(quote['location'])}</td>"
                        f"<td style='text-align:left;vertical-align:top'>“{html.escape(quote['sentence'])}”</td></tr>")
        lines.append(f'<table class="dataframe quotes" id="quotes-{stem[:3]}"><thead><tr><th>claim</th><th>location'
                     f"</th><th>sentence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
        lines.append("")
    return "\n".join(lines)
