"""The cross-text claims dashboard: counts by verdict, and the ledger with links to the checks."""

from __future__ import annotations

import html

import pandas as pd

from ..claims import CLAIM_COLUMNS, KINDS, VERDICTS, reading_table
from ..datasets import DataValidationError, load_csv_with_schema, load_dataset
from ..paths import results_path

NOTEBOOK = "05_claims_dashboard"
# Discrepancies first: they are what a reader most needs to see.
DEFAULT_ORDER = ["discrepancy", "approximate", "not checkable", "reproduced"]
VERDICT_COLOURS = {  # Okabe–Ito, chosen so that the order of severity reads without colour too
    "reproduced": "#009E73",
    "approximate": "#E69F00",
    "discrepancy": "#D55E00",
    "not checkable": "#8C8C8C",
}
CLAIMS_SCHEMA = {
    "primaryKey": ["claim_id"], "missingValues": [""],
    "fields": [{"name": name, "type": "string"} for name in CLAIM_COLUMNS],
}
for _field in CLAIMS_SCHEMA["fields"]:
    if _field["name"] in ("claim_id", "paper", "kind", "verdict", "checked_in"):
        _field["constraints"] = {"required": True}
    if _field["name"] == "verdict":
        _field["constraints"]["enum"] = list(VERDICTS)
    if _field["name"] == "kind":
        _field["constraints"]["enum"] = list(KINDS)
    if _field["name"] in ("recomputed", "recomputed_low", "recomputed_high"):
        # numbers at full precision, kept as their text for display (blank: none)
        _field["constraints"] = {"pattern": r"-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?"}


# The codebook of what this notebook writes (tables/datapackage.json): a description per column,
# with its unit where it has one.
_PER_VERDICT = {verdict: (f"number of claims of this text and kind whose verdict is '{verdict}'", "claims")
                for verdict in VERDICTS}
COUNTS_DESCRIPTION = ("Number of claims by verdict, for each source text and kind of claim (printed numbers; "
                      "qualitative statements tested with the compendium's indicators), from tables/claims.csv.")
COUNTS_COLUMNS = {
    "notebook": "the notebook that checks the text's claims (file stem, notebooks/<notebook>.ipynb)",
    "paper": "file name of the source text (data/sources.yaml; its reference is in CITATION.cff)",
    "kind": "printed (a number the text prints) or qualitative (a statement tested with an indicator "
            "and a threshold the compendium chose)",
    **_PER_VERDICT,
    "total": ("number of claims of this text and kind, all verdicts", "claims"),
}
FIGURE_DESCRIPTION = ("The data of the stacked bars of figure 05_verdict_counts: one row per source text, kind of "
                      "claim and verdict, with the number of claims.")
FIGURE_COLUMNS = {
    "paper": COUNTS_COLUMNS["paper"],
    "notebook": COUNTS_COLUMNS["notebook"],
    "kind": COUNTS_COLUMNS["kind"],
    "verdict": "reproduced, approximate, discrepancy or not checkable (culturaltrade.claims.judge)",
    "claims": ("number of claims of this text and kind with this verdict (the length of the bar segment)",
               "claims"),
    "source": "the file the count is computed from",
}


def load_claims() -> pd.DataFrame:
    """``tables/claims.csv`` of this run (or the committed one), validated."""
    path = results_path("tables/claims.csv")
    claims = load_csv_with_schema(path, CLAIMS_SCHEMA, label="tables/claims.csv")
    return claims.fillna("")


def counts_by_text(claims: pd.DataFrame, sources: list[dict]) -> pd.DataFrame:
    """One row per source text and kind of claim, one column per verdict: printed numbers and
    the compendium's qualitative tests are counted apart. Texts in the order of
    data/sources.yaml, then any other text whose claims a notebook checks (a notebook added to
    notebooks/pipeline.yaml is collected without further declaration)."""
    papers = [s["file"] for s in sources]
    papers += sorted(set(claims["paper"]) - set(papers))
    index = pd.MultiIndex.from_product([papers, list(KINDS)], names=["paper", "kind"])
    counts = (pd.crosstab([claims["paper"], claims["kind"]], claims["verdict"])
              .reindex(index=index, columns=list(VERDICTS), fill_value=0))
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    counts = counts[counts["total"] > 0].reset_index()
    # the notebook that checks a text's claims, as the ledger says (checked_in)
    checked_in = claims.drop_duplicates("paper").set_index("paper")["checked_in"]
    notebook = {p: checked_in[p].removeprefix("notebooks/").split(".ipynb")[0] for p in checked_in.index}
    counts.insert(0, "notebook", [notebook[p] for p in counts["paper"]])
    return counts


COMPLETENESS_DESCRIPTION = ("Per source text: its number-like tokens (digits, amounts, percentages, ratios, dates, "
                            "ordinals, number words), how many rest on claims of the ledger and how many are "
                            "excluded as markers that state no fact (data/claims/<text>.tokens.csv, .exclusions.csv)")
COMPLETENESS_COLUMNS = {
    "paper": "source text (seed file name)",
    "tokens": "number-like tokens in the text",
    "covered_by_claims": "tokens that one or more claims of tables/claims.csv rest on",
    "excluded_as_markers": "tokens listed, with a reason, as stating no fact (reference markers, page numbers, labels)",
}


def coverage(papers: list[str]) -> pd.DataFrame:
    """Per text: number-like tokens, how many rest on claims, how many are excluded as markers,
    from data/claims/<seed>.tokens.csv and .exclusions.csv (tests/test_claim_coverage.py proves
    that every token is one or the other, and that the lists are the texts' own)."""
    rows = []
    for paper in papers:
        stem = paper.removesuffix(".txt")
        try:
            tokens = load_dataset(f"claims/{stem}.tokens")
            excluded = load_dataset(f"claims/{stem}.exclusions")
        except DataValidationError:
            continue  # a text without token lists (a notebook added later): nothing is claimed
        covered = int((tokens["claims"].fillna("") != "").sum())
        rows.append({"paper": paper, "tokens": len(tokens), "covered_by_claims": covered,
                     "excluded_as_markers": len(excluded)})
    return pd.DataFrame(rows, columns=["paper", "tokens", "covered_by_claims", "excluded_as_markers"])


def sort_ledger(claims: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    rank = {verdict: i for i, verdict in enumerate(order)}
    return claims.assign(_rank=claims["verdict"].map(rank)).sort_values(
        ["_rank", "paper", "claim_id"], kind="stable").drop(columns="_rank").reset_index(drop=True)


def _link(checked_in: str) -> str:
    """'notebooks/01_x.ipynb#claims' → a link that works from inside notebooks/."""
    target = checked_in.removeprefix("notebooks/")
    notebook, _, section = target.partition("#")
    label = notebook.removesuffix(".ipynb") + (f" §{section}" if section else "")
    return f'<a href="{html.escape(target)}">{html.escape(label)}</a>'


def _quote_link(paper: str, claim_id: str, location: str) -> str:
    """The claim's location, linked to its quoted sentence (data/claims/<text>.quotes.csv; the
    readers' edition turns the link into sources.html#quote-<claim>)."""
    target = f"../data/claims/{paper.removesuffix('.txt')}.quotes.csv#{claim_id}"
    return (f'<br><small style="color:#555"><a class="claim-location" href="{html.escape(target)}">'
            f"{html.escape(location)}</a></small>")


def ledger_html(ledger: pd.DataFrame, table_id: str = "claims-ledger") -> str:
    """The ledger as an HTML table, one row per claim, with a link to the cell that checks it
    and one to the sentence it rests on (its location in the text, and the quotation).

    Location and tolerance are shown in small type under the statement and the recomputed
    value (rounded for reading; ``tables/claims.csv`` has full precision), so that the table
    stays readable at laptop width.
    """
    def small(text: str) -> str:
        return f'<br><small style="color:#555">{html.escape(text)}</small>' if text else ""

    head = "".join(f"<th style='text-align:left'>{c}</th>" for c in
                   ["claim id (checked in)", "verdict", "statement (location)", "stated (kind)",
                    "recomputed (tolerance)", "note"])
    shown = reading_table(ledger)["recomputed"]
    rows = []
    for row, recomputed in zip(ledger.itertuples(index=False), shown):
        verdict = (f'<span style="color:{VERDICT_COLOURS[row.verdict]};font-weight:bold">'
                   f"{html.escape(row.verdict)}</span>")
        if row.readings_agree == "no":
            verdict += small(f"readings of {row.reading_of} disagree")
        if row.sources_agree == "no":
            verdict += small("public sources disagree")
        stated = row.reported if row.kind == "printed" else f"threshold {row.threshold}"
        cells = [
            html.escape(row.claim_id) + f"<br><small>{_link(row.checked_in)}</small>", verdict,
            html.escape(row.statement) + _quote_link(row.paper, row.claim_id, row.location),
            html.escape(stated) + small(f"{row.kind}; {row.unit}" if row.unit else row.kind),
            html.escape(recomputed) + small(row.tolerance),
            f"<small>{html.escape(row.note)}</small>",
        ]
        tds = "".join(f"<td style='text-align:left;vertical-align:top;overflow-wrap:anywhere'>{cell}</td>"
                      for cell in cells)
        rows.append(f'<tr data-verdict="{html.escape(row.verdict)}" data-kind="{html.escape(row.kind)}">{tds}</tr>')
    # tex2jax_ignore / mathjax_ignore: JupyterLab typesets text between two "$" as TeX, and the
    # statements quote prices in US$
    # fixed layout and column widths: the table fits the reading column however long a note is
    widths = "".join(f'<col style="width:{w}%">' for w in (15, 11, 28, 12, 14, 20))
    return (f'<table id="{table_id}" class="dataframe claims-ledger tex2jax_ignore mathjax_ignore" '
            f'style="table-layout:fixed;width:100%"><colgroup>{widths}</colgroup><thead><tr>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def plot_verdict_counts(counts: pd.DataFrame):
    """Horizontal stacked bars: number of claims by verdict for each text."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8.0, 0.55 * len(counts) + 1.6))
    labels = [f"{nb}, {kind}\n({paper})" for nb, kind, paper in zip(counts["notebook"], counts["kind"], counts["paper"])]
    left = pd.Series(0, index=counts.index)
    for verdict in VERDICTS:
        values = counts[verdict]
        ax.barh(labels, values, left=left, color=VERDICT_COLOURS[verdict], label=verdict,
                hatch="//" if verdict == "discrepancy" else None, edgecolor="white")
        for y, (value, start) in enumerate(zip(values, left)):
            if value:
                ax.text(start + value / 2, y, str(int(value)), ha="center", va="center", fontsize=9,
                        color="white" if verdict != "approximate" else "#222222", fontweight="bold")
        left = left + values
    ax.invert_yaxis()
    ax.set_xlabel("Numeric claims checked (count)")
    ax.set_title("Which numbers hold up? Claims by verdict, per source text")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=4, fontsize=9)
    return fig
