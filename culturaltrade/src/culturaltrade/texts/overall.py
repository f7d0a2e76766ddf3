"""Text 000 (China's cultural trade overall): tidy Tables I and II, reconcile them.

Table I is transcribed as printed (``data/raw/000_table1_products_2015.csv``): the numbers
of each row in print order, as text. Two rows print fewer than four numbers; which
columns they belong to is decided here from the printed totals (:func:`place_short_rows`),
not by hand.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from ..claims import Claim, Ledger
from ..datasets import require_units
from ..indicators import decimals, net_exports, normalized_trade_balance, total_trade

PAPER = "000_6e1eae5ef8072df6.txt"
NOTEBOOK = "01_china_overall"
TABLE1 = "000_table1_products_2015"
TABLE2 = "000_table2_ntb_2011_2015"
# the units every calculation on Table II assumes (checked against its metadata on use)
TABLE2_UNITS = {name: "US$ 10,000" for name in ("export_amount", "import_amount", "net_exports", "total_trade")}
COLUMNS = ("export_quantity", "export_amount", "import_quantity", "import_amount")
AMOUNTS = ("export_amount", "import_amount")
PRODUCT_LABELS = {
    "books": "Books",
    "periodicals": "Periodicals",
    "newspapers": "Newspapers",
    "audio_recordings": "Audio recordings",
    "video_recordings": "Video recordings",
    "electronic_publications": "Electronic publications",
    "digital_publications": "Digital publications",
    "tv_programmes": "TV programmes",
}
HOURS_MARK = "时"  # Chinese 'hour(s)', printed after one quantity


def parse_printed_number(text: str) -> tuple[float, str]:
    """'31109时' → (31109.0, 'stray 时 (hours) removed'); '' → (nan, '')."""
    text = (text or "").strip()
    if not text:
        return math.nan, ""
    if text.endswith(HOURS_MARK):
        return float(text[: -len(HOURS_MARK)]), f"printed '{text}': stray {HOURS_MARK} (hours) removed"
    return float(text), ""


def _printed_cells(row) -> list[str]:
    return [c for c in (row.cell_1, row.cell_2, row.cell_3, row.cell_4) if isinstance(c, str) and c.strip()]


def place_short_rows(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, tuple[str, ...]]]:
    """Decide the columns of rows printed with fewer than four numbers.

    Every order-preserving assignment of each short row's numbers to the four columns is
    tried; an assignment is kept if the amount columns then add up to the printed totals
    (within the rounding of the totals). Quantities are not summed (they mix copies and
    hours), so only the amount totals constrain the choice.

    Returns all candidate assignments with their residuals, and the unique fitting one.
    Raises ValueError if none or several fit: then the print cannot be read unambiguously.
    """
    products = raw[raw["product"] != "total"]
    total_row = raw[raw["product"] == "total"].iloc[0]
    printed_totals = dict(zip(AMOUNTS, _printed_cells(total_row)))
    full = products[[len(_printed_cells(r)) == 4 for r in products.itertuples()]]
    short = products[[len(_printed_cells(r)) < 4 for r in products.itertuples()]]
    base = {col: sum(parse_printed_number(getattr(r, f"cell_{i + 1}"))[0] for r in full.itertuples())
            for i, col in enumerate(COLUMNS) if col in AMOUNTS}
    short_values = {r.product: [parse_printed_number(c)[0] for c in _printed_cells(r)] for r in short.itertuples()}
    options = [[(product, cols) for cols in itertools.combinations(COLUMNS, len(values))]
               for product, values in short_values.items()]
    records = []
    for combo in itertools.product(*options):
        sums = dict(base)
        for product, cols in combo:
            for col, value in zip(cols, short_values[product]):
                if col in sums:
                    sums[col] += value
        record = {f"{product}_columns": " + ".join(cols) for product, cols in combo}
        fits = True
        for col in AMOUNTS:
            residual = sums[col] - float(printed_totals[col])
            record[f"{col}_residual"] = round(residual, 6)
            fits &= abs(residual) <= 0.5 * 10 ** (-decimals(printed_totals[col])) + 1e-9
        record["fits_printed_totals"] = fits
        records.append(record)
    candidates = pd.DataFrame(records)
    fitting = candidates[candidates["fits_printed_totals"]]
    if len(fitting) != 1:
        raise ValueError(
            f"{len(fitting)} placements of the short rows of Table I fit the printed totals; "
            "the print cannot be read unambiguously"
        )
    chosen_row = fitting.iloc[0]
    chosen = {product: tuple(chosen_row[f"{product}_columns"].split(" + ")) for product in short["product"]}
    return candidates, chosen


def tidy_table1(raw: pd.DataFrame, placement: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """One row per product with numeric columns; blank cells stay missing (NaN)."""
    rows = []
    for row in raw[raw["product"] != "total"].itertuples():
        cells = _printed_cells(row)
        columns = placement.get(row.product, COLUMNS)
        record = {"product": row.product, "label": PRODUCT_LABELS[row.product],
                  **{c: math.nan for c in COLUMNS}}
        notes = []
        for column, text in zip(columns, cells):
            value, quirk = parse_printed_number(text)
            record[column] = value
            if quirk:
                notes.append(f"{column}: {quirk}")
        blank = [c for c in COLUMNS if c not in columns]
        if blank:
            notes.append("blank in print: " + ", ".join(blank))
        record["note"] = "; ".join(notes)
        rows.append(record)
    return pd.DataFrame(rows)


def printed_totals(raw: pd.DataFrame) -> dict[str, str]:
    """The printed total row, as text, keyed by amount column."""
    return dict(zip(AMOUNTS, _printed_cells(raw[raw["product"] == "total"].iloc[0])))


def with_indicators(frame: pd.DataFrame, exports: str = "export_amount", imports: str = "import_amount") -> pd.DataFrame:
    """Add recomputed net exports, total trade and NTB (NaN where a flow is not printed)."""
    out = frame.copy()
    out["net_exports"] = net_exports(out[exports], out[imports])
    out["total_trade"] = total_trade(out[exports], out[imports])
    out["ntb"] = normalized_trade_balance(out[exports], out[imports])
    return out


def group_ntb(tidy: pd.DataFrame, products: list[str]) -> float:
    """NTB of a group of products, from their summed exports and imports (blank = not given)."""
    group = tidy[tidy["product"].isin(products)]
    exports = group["export_amount"].sum(min_count=1)
    imports = group["import_amount"].sum(min_count=1)
    return normalized_trade_balance(exports, imports)


def table2_recomputed(table2: pd.DataFrame) -> pd.DataFrame:
    """Table II with each printed derived column beside its recomputation."""
    require_units(table2, TABLE2_UNITS)
    out = table2[["year", "export_amount", "import_amount"]].copy()
    out["net_exports_printed"] = table2["net_exports"]
    out["net_exports_recomputed"] = net_exports(table2["export_amount"], table2["import_amount"])
    out["total_trade_printed"] = table2["total_trade"]
    out["total_trade_recomputed"] = total_trade(table2["export_amount"], table2["import_amount"])
    out["ntb_printed"] = table2["ntb_index"]
    out["ntb_recomputed"] = normalized_trade_balance(table2["export_amount"], table2["import_amount"])
    out["ntb_recomputed_rounded"] = out["ntb_recomputed"].round(2)
    return out


def coverage_candidates(tidy: pd.DataFrame, exports_2015: float, imports_2015: float, top: int = 5) -> pd.DataFrame:
    """Which sets of Table I products add up to Table II's 2015 row? (all 2^8 − 1 subsets)

    Blank cells contribute nothing to a sum. Candidates are ranked by the total absolute
    difference from Table II's printed exports and imports.
    """
    products = list(tidy["product"])
    indexed = tidy.set_index("product")
    records = []
    for size in range(1, len(products) + 1):
        for subset in itertools.combinations(products, size):
            x = indexed.loc[list(subset), "export_amount"].sum()
            m = indexed.loc[list(subset), "import_amount"].sum()
            records.append({
                "products": ", ".join(subset),
                "excluded": ", ".join(p for p in products if p not in subset) or "(none)",
                "exports_sum": x, "exports_diff": x - exports_2015,
                "imports_sum": m, "imports_diff": m - imports_2015,
            })
    frame = pd.DataFrame(records)
    frame["abs_diff_total"] = frame["exports_diff"].abs() + frame["imports_diff"].abs()
    return frame.sort_values(["abs_diff_total", "products"], kind="stable").head(top).reset_index(drop=True)


def register_table_claims(ledger: Ledger, printed1: pd.DataFrame, printed2: pd.DataFrame) -> None:
    """Register the printed derived cells of Tables I and II as claims (numbers from the data)."""
    totals = printed_totals(printed1)
    for column, heading in (("export_amount", "Export amount"), ("import_amount", "Import amount")):
        ledger.register(Claim(
            claim_id=f"000-T1-TOTAL-{column.split('_')[0].upper()}", paper=PAPER, notebook=NOTEBOOK,
            location=f"§II.A, Table I, row 'total', column '{heading}'",
            statement=f"2015 total {heading.lower()} of the products in Table I",
            reported=totals[column], unit="US$ 10,000"))
    headings = {"net_exports": "Net exports", "total_trade": "Total import and export", "ntb_index": "NTB index"}
    for row in printed2.itertuples():
        for column, heading in headings.items():
            ledger.register(Claim(
                claim_id=f"000-T2-{row.year}-{column.upper().replace('_', '-')}", paper=PAPER, notebook=NOTEBOOK,
                location=f"§III, Table II, row {row.year}, column '{heading}'",
                statement=f"{heading} of the major cultural products in {row.year}",
                reported=getattr(row, column), unit="NTB" if column == "ntb_index" else "US$ 10,000"))
    row2015 = printed2[printed2["year"] == "2015"].iloc[0]
    for column, heading in (("export_amount", "Export amount"), ("import_amount", "Import amount")):
        ledger.register(Claim(
            claim_id=f"000-T2-2015-{column.split('_')[0].upper()}-VS-T1", paper=PAPER, notebook=NOTEBOOK,
            location=f"§III, Table II, row 2015, column '{heading}'",
            statement=f"2015 {heading.lower()} of the major cultural products (= the core products of Table I?)",
            reported=getattr(row2015, column), unit="US$ 10,000",
            note="recomputed: sum of Table I over the `core_products` parameter"))


# --------------------------------------------------------------------------- figures
def plot_ntb_trend(trend: pd.DataFrame, threshold: float, stated_bound: float):
    """NTB by year: recomputed (line) and printed (crosses), with the two reference lines.

    ``trend`` has columns year, ntb_recomputed, ntb_printed.
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots()
    ax.axhspan(threshold, 1.0, color=ROLE_COLOURS["balance"], alpha=0.08, lw=0)
    ax.axhline(threshold, color=ROLE_COLOURS["balance"], lw=1.2)
    ax.text(trend["year"].min() - 0.35, threshold + 0.03, f"competitive: NTB > {threshold:g}",
            color=ROLE_COLOURS["balance"], fontsize=9, va="bottom")
    ax.axhline(stated_bound, color=ROLE_COLOURS["threshold"], lw=1.2, ls="--")
    ax.text(trend["year"].min() - 0.35, stated_bound + 0.03, f"text: 'always less than {stated_bound:g}'",
            color=ROLE_COLOURS["threshold"], fontsize=9, va="bottom")
    ax.plot(trend["year"], trend["ntb_recomputed"], marker="o", color=ROLE_COLOURS["stated"],
            label="recomputed from printed exports and imports")
    ax.scatter(trend["year"], trend["ntb_printed"], marker="x", s=70, color=ROLE_COLOURS["derived"], zorder=3,
               label="NTB index as printed in Table II")
    for row in trend.itertuples():
        ax.annotate(f"{row.ntb_recomputed:.3f}", (row.year, row.ntb_recomputed), textcoords="offset points",
                    xytext=(0, -15), ha="center", fontsize=8.5)
    ax.set_xticks(trend["year"])
    ax.set_xlim(trend["year"].min() - 0.4, trend["year"].max() + 0.4)
    ax.set_ylim(-1.0, 0.25)
    ax.set_xlabel("Year")
    ax.set_ylabel("NTB = (X − M) / (X + M)  (dimensionless, −1 to 1)")
    ax.set_title("China's major cultural products: normalized trade balance, "
                 f"{trend['year'].min()}–{trend['year'].max()}")
    ax.legend(loc="center right")
    return fig


def plot_trade_by_product(long: pd.DataFrame):
    """Horizontal grouped bars of 2015 exports and imports by product (US$ million).

    ``long`` has columns label, flow ('exports'/'imports'), value_usd_million (NaN = blank in print).
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    labels = list(dict.fromkeys(long["label"]))
    fig, ax = plt.subplots(figsize=(8.0, 5.0))
    height = 0.38
    for offset, flow in ((-height / 2, "exports"), (height / 2, "imports")):
        part = long[long["flow"] == flow].set_index("label").reindex(labels)
        positions = [i + offset for i in range(len(labels))]
        ax.barh(positions, part["value_usd_million"].fillna(0), height=height, color=ROLE_COLOURS[flow],
                label=flow.capitalize())
        for y, value in zip(positions, part["value_usd_million"]):
            text = "not printed" if pd.isna(value) else f"{value:,.2f}"
            colour = ROLE_COLOURS["missing"] if pd.isna(value) else "#222222"
            ax.text(0 if pd.isna(value) else value, y, f" {text}", va="center", fontsize=8, color=colour,
                    style="italic" if pd.isna(value) else "normal")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("Trade value in 2015 (US$ million; Table I prints US$ 10,000)")
    ax.set_title("China's cultural product trade by product, 2015")
    ax.margins(x=0.15)
    ax.legend(loc="lower right")
    return fig


def plot_ntb_by_product(ntb: pd.DataFrame, threshold: float, core_ntb: float):
    """NTB per product, 2015, with the NTB of the core group; a missing NTB is labelled, not drawn.

    ``ntb`` has columns label, ntb, core (bool).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.8))
    colours = [ROLE_COLOURS["imports"] if core else ROLE_COLOURS["exports"] for core in ntb["core"]]
    ax.barh(range(len(ntb)), ntb["ntb"].fillna(0), color=colours)
    for i, row in enumerate(ntb.itertuples()):
        if pd.isna(row.ntb):
            ax.text(-0.02, i, "not computable: imports not printed", ha="right", va="center", fontsize=8,
                    color=ROLE_COLOURS["missing"], style="italic")
        else:
            ax.text(row.ntb - 0.02, i, f"{row.ntb:.2f}", ha="right", va="center", fontsize=8)
    ax.axvline(threshold, color=ROLE_COLOURS["balance"], lw=1.2)
    ax.axvline(core_ntb, color=ROLE_COLOURS["stated"], lw=1.2, ls=":")
    ax.set_yticks(range(len(ntb)), ntb["label"])
    ax.invert_yaxis()
    ax.set_xlim(-1.15, 0.1)
    ax.set_xlabel("NTB = (X − M) / (X + M), 2015  (dimensionless, −1 to 1)")
    ax.set_title("Normalized trade balance by product, 2015")
    ax.legend(handles=[
        Patch(color=ROLE_COLOURS["imports"], label="core products (parameter `core_products`)"),
        Patch(color=ROLE_COLOURS["exports"], label="other products"),
        plt.Line2D([], [], color=ROLE_COLOURS["stated"], ls=":", label=f"core group NTB = {core_ntb:.3f}"),
        plt.Line2D([], [], color=ROLE_COLOURS["balance"], label=f"competitive threshold ({threshold:g})"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8.5)
    return fig
