"""Text 000 (China's cultural trade overall): tidy Tables I and II, reconcile them, judge the claims.

Table I is transcribed as printed (``data/raw/000_table1_products_2015.csv``): the numbers
of each row in print order, as text. Two rows print fewer than four numbers; which
columns they belong to is decided here from the printed totals (:func:`place_short_rows`),
not by hand.

Every printed cell of both tables is registered as a claim from the transcription, in one
code path (:func:`register_table_claims`): the derived cells (totals, net exports, NTB) are
recomputed and judged; the observations (the inputs the source reports) are registered too,
and are not checkable on their own (:data:`OBSERVATION_NOTE`).
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from ..claims import CLAIM_COLUMNS, Claim, Ledger, reading_table, shown_recomputed
from ..claims import findings_markdown as claims_findings_markdown
from ..datasets import require_units
from ..indicators import decimals, net_exports, normalized_trade_balance, total_trade
from ..unctad import BY_ECONOMY, BY_REGION, UnknownEconomyError, economy_codes, resolve_economy
from ..unctad import UNIT as SERVICES_UNIT

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
AMOUNT_UNIT = "US$ 10,000"  # Tables I and II print amounts in ten thousand US dollars
QUANTITY_UNIT = "as printed (parts or hours; no scale printed)"  # Table I's quantities (its .meta.yaml)
# Table I's column headings as printed (data/raw/000_table1_products_2015.meta.yaml)
TABLE1_HEADINGS = {
    "export_quantity": "Number of exports (parts, hours)",
    "export_amount": "Export amount (ten thousand US dollars)",
    "import_quantity": "Number of imports (share, hour)",
    "import_amount": "Import amount (ten thousand US dollars)",
}
RECONCILED_YEAR = "2015"  # the row of Table II whose exports and imports are sums over Table I
# Public facts (data/snapshots/public_facts.csv) for the text's statements on China's goods trade,
# 2011-2015: one fact per year (customs figures; 2015 printed in CNY, converted in code)
GOODS_TRADE_FACTS = {2011: "CN-GOODS-TRADE-2011", 2012: "CN-GOODS-TRADE-2012", 2013: "CN-GOODS-TRADE-2013",
                     2014: "CN-GOODS-TRADE-2014", 2015: "CN-GOODS-TRADE-2015-CNY"}
GOODS_TRADE_GROWTH_FACTS = {2012: "CN-GOODS-TRADE-GROWTH-2012", 2013: "CN-GOODS-TRADE-GROWTH-2013",
                            2014: "CN-GOODS-TRADE-GROWTH-2014", 2015: "CN-GOODS-TRADE-GROWTH-2015-CNY"}
GOODS_SURPLUS_FACTS = {2011: "CN-GOODS-SURPLUS-2011", 2012: "CN-GOODS-SURPLUS-2012", 2013: "CN-GOODS-SURPLUS-2013",
                       2014: "CN-GOODS-SURPLUS-2014", 2015: "CN-GOODS-SURPLUS-2015-CNY"}
# MOFCOM cultural-goods balances: not a hardware measure and not the text's years (context only)
MOFCOM_GOODS_SURPLUS_FACTS = {2016: "MOFCOM-GOODS-SURPLUS-2016", 2017: "MOFCOM-GOODS-SURPLUS-2017",
                              2018: "MOFCOM-GOODS-SURPLUS-2018", 2019: "MOFCOM-GOODS-SURPLUS-2019"}
OBSERVATION_NOTE = ("an observation the source reports in its table (an input, not derived from other cells): "
                    "no public source gives it, so it is not checkable on its own; it enters the sums and ratios "
                    "that are checked")


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


def product_balances(tidy: pd.DataFrame) -> pd.DataFrame:
    """Products of Table I with both flows printed: exports, imports, net exports, NTB, lowest NTB first."""
    both = tidy.dropna(subset=["export_amount", "import_amount"])
    return with_indicators(both)[["product", "label", "export_amount", "import_amount", "net_exports", "ntb"]] \
        .sort_values("ntb", kind="stable").reset_index(drop=True)


def group_balance(tidy: pd.DataFrame, products: list[str]) -> dict:
    """Exports, imports, NTB and deficit of a group of products, allowing for cells not printed.

    A flow that is not printed is unknown, not zero. Unknown imports (≥ 0) can only lower the
    NTB and raise the deficit, so the group's NTB lies between −1 and its value with the
    unknown imports left out, and its deficit is at least the deficit without them. Returns
    ``ntb_low``/``ntb_high`` and ``deficit_low`` (equal to the point values when every flow is
    printed) and the products whose imports are not printed. Unknown exports are refused:
    Table I prints every export.
    """
    group = tidy[tidy["product"].isin(products)]
    if group["export_amount"].isna().any():
        raise ValueError(f"exports not printed for {list(group.loc[group['export_amount'].isna(), 'product'])}")
    exports, imports = group["export_amount"].sum(), group["import_amount"].sum()
    unknown = list(group.loc[group["import_amount"].isna(), "product"])
    ntb_high = normalized_trade_balance(exports, imports)
    return {"exports": exports, "imports_printed": imports, "imports_not_printed": unknown,
            "ntb_low": -1.0 if unknown else ntb_high, "ntb_high": ntb_high, "deficit_low": imports - exports}


def ntb_attainable_range() -> tuple[float, float]:
    """The lowest and highest NTB the formula allows, from the formula itself.

    For exports X ≥ 0 and imports M ≥ 0 with X + M > 0, |X − M| ≤ X + M (the triangle
    inequality), so −1 ≤ NTB ≤ 1; equality needs one flow to be zero. The two ends are
    therefore attained, by one-way trade: NTB(X = 0, M > 0) = −1 and NTB(X > 0, M = 0) = 1,
    evaluated here with the compendium's own NTB function. With both flows positive the
    inequality is strict and NTB lies in the open interval (−1, 1).
    """
    return normalized_trade_balance(0.0, 1.0), normalized_trade_balance(1.0, 0.0)


def goods_series(facts: pd.DataFrame, fact_ids: dict[int, str], rates: pd.DataFrame) -> pd.DataFrame:
    """A yearly series of public figures in US$ billion, one fact per year, conversions shown.

    ``fact_ids`` maps each year to the fact that gives its value; the fact must be of that
    year. Amounts printed in CNY are converted at the year's annual average rate
    (``data/snapshots/cny_per_usd_annual.csv``); the rate used is a column of the result.
    """
    from ..currency import cny_per_usd
    from ..facts import fact

    rows = []
    for year, fact_id in sorted(fact_ids.items()):
        row = fact(facts, fact_id)
        if str(row["year"]) != str(year):
            raise ValueError(f"fact {fact_id} is of year {row['year']}, not {year}")
        if row["currency"] not in ("USD", "CNY"):
            raise ValueError(f"fact {fact_id} is not an amount of money (unit {row['unit']!r})")
        rate = cny_per_usd(year, rates) if row["currency"] == "CNY" else math.nan
        usd = row["amount_billion"] / rate if row["currency"] == "CNY" else row["amount_billion"]
        rows.append({"year": year, "fact_id": fact_id, "printed": f"{row['value']} {row['unit']}",
                     "cny_per_usd": rate, "usd_billion": usd})
    return pd.DataFrame(rows)


def fact_with_rounding(facts: pd.DataFrame, fact_id: str) -> dict:
    """A public fact's value and the interval its printed rounding stands for, in billions for money
    (亿 and 万 converted, as in :mod:`culturaltrade.facts`) and as printed otherwise."""
    from ..facts import fact
    from ..indicators import bounds_from_rounding

    row = fact(facts, fact_id)
    scale = row["amount_billion"] / row["number"] if row["currency"] in ("USD", "CNY") else 1.0
    low, high = bounds_from_rounding(str(row["value"]))
    return {"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
            "value": row["number"] * scale, "value_low": low * scale, "value_high": high * scale}


def _shown_recomputed(row: dict, reported: str) -> str:
    """The recomputed value (or range) for reading (:func:`culturaltrade.claims.shown_recomputed`)."""
    return shown_recomputed({**row, "reported": reported})


def show(ledger: Ledger, claim_ids: list[str]) -> pd.DataFrame:
    """The reader's columns (:func:`culturaltrade.claims.reading_table`) for some checked claims."""
    rows = [ledger.results[claim_id] for claim_id in claim_ids]
    return reading_table(pd.DataFrame(rows, columns=CLAIM_COLUMNS))


def readings_table(ledger: Ledger, arithmetic: dict[str, str]) -> pd.DataFrame:
    """One row per reading of a sentence: what the reading compares, the arithmetic, the verdict.

    ``arithmetic`` maps each checked claim id to its arithmetic in words and numbers; the
    reading itself is the registry's note ("reading: ..."), and ``bound`` is the printed
    number or, for a qualitative claim, the compendium's threshold.
    """
    rows = []
    for claim_id, sums in arithmetic.items():
        claim, result = ledger.claims[claim_id], ledger.results[claim_id]
        reading = claim.note.removeprefix("reading: ").split("; ")[0]
        rows.append({"claim_id": claim_id, "reading": reading, "arithmetic": sums,
                     "recomputed": _shown_recomputed(result, claim.reported),
                     "bound": result["reported"] or result["threshold"], "verdict": result["verdict"]})
    return pd.DataFrame(rows)


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


COVERAGE_TOP = 5  # candidate sets of products kept by coverage_candidates


def coverage_candidates(tidy: pd.DataFrame, exports_2015: float, imports_2015: float,
                        top: int = COVERAGE_TOP) -> pd.DataFrame:
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


def _id_part(name: str) -> str:
    """'audio_recordings' → 'AUDIO-RECORDINGS' (claim ids are built from the transcription's names)."""
    return name.upper().replace("_", "-")


def register_table_claims(ledger: Ledger, printed1: pd.DataFrame, placement: dict[str, tuple[str, ...]],
                          printed2: pd.DataFrame) -> list[str]:
    """Register every printed cell of Tables I and II as a claim, numbers read from the transcriptions.

    Derived cells (Table I's totals; Table II's net exports, totals and NTB; Table II's 2015
    exports and imports, which must equal sums over Table I) are recomputed in the notebook.
    The other cells are the source's own observations: registered exactly as printed and
    returned, to be marked not checkable (nothing public reports them; they enter the sums
    that are checked). ``placement`` is Table I's column placement of its short rows
    (:func:`place_short_rows`).
    """
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
                claim_id=f"000-T2-{row.year}-{_id_part(column)}", paper=PAPER, notebook=NOTEBOOK,
                location=f"§III, Table II, row {row.year}, column '{heading}'",
                statement=f"{heading} of the major cultural products in {row.year}",
                reported=getattr(row, column), unit="NTB" if column == "ntb_index" else "US$ 10,000"))
    row2015 = printed2[printed2["year"] == RECONCILED_YEAR].iloc[0]
    for column, heading in (("export_amount", "Export amount"), ("import_amount", "Import amount")):
        ledger.register(Claim(
            claim_id=f"000-T2-{RECONCILED_YEAR}-{column.split('_')[0].upper()}-VS-T1", paper=PAPER,
            notebook=NOTEBOOK, location=f"§III, Table II, row {RECONCILED_YEAR}, column '{heading}'",
            statement=f"{RECONCILED_YEAR} {heading.lower()} of the major cultural products (= the core products of Table I?)",
            reported=getattr(row2015, column), unit="US$ 10,000",
            note="recomputed: sum of Table I over the `core_products` parameter"))
    return _register_observations(ledger, printed1, placement, printed2)


def _register_observations(ledger: Ledger, printed1: pd.DataFrame, placement: dict[str, tuple[str, ...]],
                           printed2: pd.DataFrame) -> list[str]:
    """The input cells of both tables, one claim each, the number exactly as printed."""
    ids = []
    for row in printed1[printed1["product"] != "total"].itertuples():
        for column, text in zip(placement.get(row.product, COLUMNS), _printed_cells(row)):
            _, quirk = parse_printed_number(text)
            claim_id = f"000-T1-{_id_part(row.product)}-{_id_part(column)}"
            ledger.register(Claim(
                claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK,
                location=f"§II.A, Table I, row '{row.product_as_printed}', column '{TABLE1_HEADINGS[column]}'",
                statement=f"Table I (2015), {PRODUCT_LABELS[row.product].lower()}: {TABLE1_HEADINGS[column]}",
                reported=text.strip().removesuffix(HOURS_MARK),
                unit=AMOUNT_UNIT if column in AMOUNTS else QUANTITY_UNIT,
                note="; ".join(part for part in (OBSERVATION_NOTE, quirk) if part)))
            ids.append(claim_id)
    for row in printed2[printed2["year"] != RECONCILED_YEAR].itertuples():
        for column, heading in (("export_amount", "Export amount"), ("import_amount", "Import amount")):
            claim_id = f"000-T2-{row.year}-{_id_part(column)}"
            ledger.register(Claim(
                claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK,
                location=f"§III, Table II, row {row.year}, column '{heading}'",
                statement=f"{heading} of the major cultural products in {row.year}",
                reported=getattr(row, column), unit="US$ 10,000", note=OBSERVATION_NOTE))
            ids.append(claim_id)
    return ids


def is_table_observation(claims: pd.DataFrame) -> pd.Series:
    """Which rows of a claims table are the tables' own observations (registered by this module)."""
    return claims["note"].str.startswith(OBSERVATION_NOTE)


def findings_markdown(claims: pd.DataFrame) -> str:
    """:func:`culturaltrade.claims.findings_markdown`, with the tables' observations counted, not listed.

    The shared summary lists every claim that is not checkable; the 36 observations of
    Tables I and II would bury the prose claims among them. Their lines are replaced by one
    line that says how many there are (computed from ``claims``). Written here because the
    shared helper has no option for it.
    """
    observations = claims[is_table_observation(claims)]
    lines = claims_findings_markdown(claims).split("\n")
    kept = [line for line in lines if not any(line.startswith(f"- `{cid}` (") for cid in observations["claim_id"])]
    if len(lines) - len(kept) != len(observations[observations["verdict"] == "not checkable"]):
        raise ValueError("the shared findings_markdown changed its format: the observation lines were not found")
    if observations.empty:
        return "\n".join(kept)
    counts = observations["location"].str.extract(r"(Table I{1,2}),")[0].value_counts()
    where = " and ".join(f"{counts[t]} of {t}" for t in ("Table I", "Table II") if t in counts)
    heading = kept.index("**Not checkable:**")
    summary = (f"- **{len(observations)} of these are the source's own table observations** ({where}): the "
               "exports, imports and quantities it reports, registered as printed. No public source gives them, "
               "so none can be checked on its own; what the text derives from them (Table I's totals, Table II's "
               "net exports, totals and NTB, its 2015 row against Table I) is checked. Each is listed in "
               "`tables/claims.csv`.")
    return "\n".join(kept[: heading + 2] + [summary] + kept[heading + 2:])


# --------------------------------------------------------------------------- creative services (UNCTAD)
TEXT_ECONOMY = "China"  # the economy of the text's claims, whatever economy the services section draws
# UNCTAD's six groups of creative services: the two nearest to the text's "cultural software" (films,
# TV series, books) and the two that make up most of the total (software in the IT sense)
CONTENT_SERVICES = ("SAUV", "SCRH")  # audio-visual; cultural, recreational and heritage
RND_AND_SOFTWARE = ("SRND", "SSFT")  # research and development; software (computer services)
SERVICES_CAVEAT = ("UNCTAD's creative services are mostly research and development and software services "
                   "(software in the IT sense), not cultural content: they are not the text's 'cultural software' "
                   "(films, TV series, books)")


def economy_parameter(name: str, value, table: pd.DataFrame) -> str:
    """The UNCTAD label of the economy a notebook parameter names (a label in any case, or a code).

    An unknown economy is refused with :class:`culturaltrade.unctad.UnknownEconomyError` (a
    ParameterError) whose message starts with the parameter's name and suggests close labels.
    """
    codes = economy_codes(table)
    try:
        code = resolve_economy(value, codes, table.attrs.get("path", "the UNCTAD services table"))
    except UnknownEconomyError as error:
        raise UnknownEconomyError(f"parameter `{name}`: {error}") from None
    return dict(zip(codes["code"], codes["label"]))[code]


def services_beside_goods(services: pd.DataFrame, table2_check: pd.DataFrame) -> pd.DataFrame:
    """An economy's creative-services trade by year (:func:`culturaltrade.unctad.services_trade`)
    beside Table II's NTB of China's major cultural products (recomputed, :func:`table2_recomputed`).

    The two NTBs are different measures (services against goods, UNCTAD against the text's
    yearbook figures) and are only set side by side; Table II's is missing outside its years.
    Amounts are the services' (US$ million).
    """
    goods = table2_check.set_index("year")["ntb_recomputed"]
    out = services[["year", "economy", "exports_usd_mn", "imports_usd_mn", "balance_usd_mn", "ntb",
                    "missing_members"]].rename(columns={"ntb": "services_ntb"})
    out["cultural_goods_ntb_china_table2"] = out["year"].map(goods)
    return out.reset_index(drop=True)


def services_composition(shares: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Each service group's share (%) of creative-services exports, one column per region and year.

    ``shares`` is :func:`culturaltrade.unctad.service_group_shares` for one or more regions. Two
    rows are added: research and development plus software (most of the total), and
    audio-visual plus cultural, recreational and heritage services (the nearest to cultural
    content); a sum of shares of the same total.
    """
    part = shares[shares["year"].isin(years)]
    columns = list(dict.fromkeys(zip(part["region"], part["year"])))
    labels = dict(zip(part["service"], part["service_label"]))
    table = pd.DataFrame({"service": list(labels.values())}, index=list(labels))
    for region, year in columns:
        one = part[(part["region"] == region) & (part["year"] == year)].set_index("service")["share_pct"]
        table[f"{region} {year}"] = one
    sums = pd.DataFrame([
        {"service": "research and development + software", **table.loc[list(RND_AND_SOFTWARE)].iloc[:, 1:].sum()},
        {"service": "audio-visual + cultural, recreational and heritage",
         **table.loc[list(CONTENT_SERVICES)].iloc[:, 1:].sum()},
    ], index=["+".join(RND_AND_SOFTWARE), "+".join(CONTENT_SERVICES)])
    return pd.concat([table, sums])


def services_figure_data(services: pd.DataFrame, table2_check: pd.DataFrame,
                         reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """What :func:`plot_services_beside_goods` draws, one row per point, with its source and unit.

    ``services`` (and ``reference``, China's when another economy is drawn) are
    :func:`culturaltrade.unctad.services_trade` frames (US$ million); ``table2_check`` is
    :func:`table2_recomputed` (US$ 10,000). A year without a services NTB is kept, its ntb
    missing, and ``missing`` says why (UNCTAD's reason).
    """
    parts = []
    for frame, role in ((services, "services"), (reference, "services_reference")):
        if frame is None:
            continue
        economy = frame["economy"].iloc[0]
        parts.append(pd.DataFrame({
            "series": f"creative services, {economy} (UNCTAD; mostly R&D and IT software)", "role": role,
            "year": frame["year"], "exports": frame["exports_usd_mn"], "imports": frame["imports_usd_mn"], "unit": "US$ million",
            "ntb": frame["ntb"], "missing": frame["missing_members"],
            "source": [f"data/snapshots/{BY_ECONOMY}.csv, {economy}, {year}" for year in frame["year"]]}))
    parts.append(pd.DataFrame({
        "series": "major cultural products (goods), China (text 000, Table II)", "role": "goods",
        "year": table2_check["year"], "exports": table2_check["export_amount"],
        "imports": table2_check["import_amount"], "unit": "US$ 10,000", "ntb": table2_check["ntb_recomputed"],
        "missing": "", "source": [f"{PAPER}, Table II, row {year}" for year in table2_check["year"]]}))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- the codebook of the outputs
# What each table and figure CSV of notebook 01 holds, column by column (tables/datapackage.json):
# a description per column, with its unit where the column holds decimals.
NTB_UNIT = "index, -1 to 1"
_NTB_FORMULA = "(X − M) / (X + M)"
_SOURCE_CELL = "where the row's numbers come from: the source text's file, table, row (and column)"

TABLE1_DESCRIPTION = (
    "Table I of text 000 (China's trade in eight cultural products, 2015), one row per product: the printed "
    "quantities and amounts in their columns (the two short rows placed where the printed totals say: notebook 01, "
    "§2), with net exports, total trade and NTB recomputed from the printed amounts. The printed total row is not "
    "repeated.")
TABLE1_COLUMNS = {
    "product": "the compendium's identifier of the row (not printed; data/raw/000_table1_products_2015.csv)",
    "label": "the product's name in English, for reading (the compendium's; the print's label is in data/raw/)",
    **{column: (f"{what}, as printed in column '{TABLE1_HEADINGS[column]}'; blank: not printed", unit)
       for column, what, unit in (("export_quantity", "quantity exported", QUANTITY_UNIT),
                                  ("export_amount", "value of exports", AMOUNT_UNIT),
                                  ("import_quantity", "quantity imported", QUANTITY_UNIT),
                                  ("import_amount", "value of imports", AMOUNT_UNIT))},
    "note": "how the row was read: the cells blank in print, a printing quirk removed (blank: none)",
    "net_exports": ("exports minus imports, recomputed from the printed amounts (Table I prints none); blank "
                    "where a flow is not printed", AMOUNT_UNIT),
    "total_trade": ("exports plus imports, recomputed; blank where a flow is not printed", AMOUNT_UNIT),
    "ntb": (f"normalized trade balance {_NTB_FORMULA}, recomputed from the printed amounts; blank where a flow "
            "is not printed", NTB_UNIT),
    "core": "true for the products of parameter `core_products`, taken as Table II's 'major cultural products' "
            "(notebook 01, §5)",
}

TABLE2_DESCRIPTION = (
    "Table II of text 000 (China's major cultural products, 2011-2015) as printed, each derived column beside its "
    "recomputation from the printed exports and imports; the verdicts are in tables/claims.csv (000-T2-*).")
TABLE2_COLUMNS = {
    "year": "calendar year (a row of Table II)",
    "export_amount": ("exports of major cultural products, as printed", AMOUNT_UNIT),
    "import_amount": ("imports of major cultural products, as printed", AMOUNT_UNIT),
    "net_exports_printed": ("net exports, as printed", AMOUNT_UNIT),
    "net_exports_recomputed": ("exports minus imports, recomputed from the printed flows", AMOUNT_UNIT),
    "total_trade_printed": ("total import and export, as printed", AMOUNT_UNIT),
    "total_trade_recomputed": ("exports plus imports, recomputed from the printed flows", AMOUNT_UNIT),
    "ntb_printed": ("NTB index, as printed (two decimals)", NTB_UNIT),
    "ntb_recomputed": (f"NTB {_NTB_FORMULA}, recomputed from the printed flows, full precision", NTB_UNIT),
    "ntb_recomputed_rounded": ("ntb_recomputed rounded to the two decimals Table II prints", NTB_UNIT),
}

COVERAGE_DESCRIPTION = (
    f"Which products of Table I are Table II's 'major cultural products'? The {COVERAGE_TOP} sets of Table I "
    f"products, of all {2 ** len(PRODUCT_LABELS) - 1} non-empty ones, whose summed 2015 exports and imports come "
    "closest to Table II's printed 2015 row, closest first (notebook 01, §5).")
COVERAGE_COLUMNS = {
    "products": "the Table I products of the set (identifiers, comma-separated)",
    "excluded": "the Table I products left out of the set (comma-separated; '(none)' when the set holds every product)",
    "exports_sum": ("the set's 2015 exports as printed in Table I, summed (a blank cell adds nothing)",
                    AMOUNT_UNIT),
    "exports_diff": ("exports_sum minus Table II's printed 2015 exports", AMOUNT_UNIT),
    "imports_sum": ("the set's 2015 imports as printed in Table I, summed (a blank cell adds nothing)",
                    AMOUNT_UNIT),
    "imports_diff": ("imports_sum minus Table II's printed 2015 imports", AMOUNT_UNIT),
    "abs_diff_total": ("|exports_diff| + |imports_diff|: the distance the sets are ranked by", AMOUNT_UNIT),
}

COMPOSITION_DESCRIPTION = (
    "Each UNCTAD group of creative services as a share of a region's creative-services exports, by region and "
    f"year (UNCTADstat, data/snapshots/{BY_REGION}.csv), and two sums of groups: research and development plus "
    "software, and audio-visual plus cultural, recreational and heritage services (notebook 01, §10).")


def composition_columns(regions: list[str], years: list[int]) -> dict:
    """The codebook of :func:`services_composition` for these regions and years (one column each)."""
    return {
        "code": "UNCTAD's code of the service group; two codes joined by '+' for a sum of two groups",
        "service": "the service group as UNCTAD names it; for a sum of two groups, the compendium's label",
        **{f"{region} {year}": (f"{region}, {year}: the group's exports as a share of all creative-services exports "
                                "(100 × group / total, SCRE), derived from UNCTAD's values; a sum row adds two "
                                "shares", "percent")
           for region in regions for year in years},
    }


SERVICES_TABLE_DESCRIPTION = (
    f"Creative-services trade by year of the economy of parameter `economy` (UNCTADstat, data/snapshots/"
    f"{BY_ECONOMY}.csv), beside the NTB of China's major cultural products recomputed from Table II of text 000: "
    f"two different measures, set side by side, not compared. Caveat: {SERVICES_CAVEAT}.")
SERVICES_TABLE_COLUMNS = {
    "year": "calendar year",
    "economy": "the economy, as UNCTAD labels it (parameter `economy`)",
    "exports_usd_mn": ("creative-services exports, as UNCTAD publishes them", SERVICES_UNIT),
    "imports_usd_mn": ("creative-services imports, as UNCTAD publishes them", SERVICES_UNIT),
    "balance_usd_mn": ("exports minus imports, derived; blank when a flow is missing", SERVICES_UNIT),
    "services_ntb": (f"NTB of creative services {_NTB_FORMULA}, derived from UNCTAD's exports and imports; blank "
                     "when a flow is missing", NTB_UNIT),
    "missing_members": "why a flow is missing: the economy, the flow and UNCTAD's reason (blank: both published)",
    "cultural_goods_ntb_china_table2": ("China's NTB of major cultural products (goods), recomputed from Table II "
                                        "of text 000 (ntb_recomputed of tables/01_table2_ntb_2011_2015.csv); "
                                        "blank outside Table II's years", NTB_UNIT),
}

NTB_TREND_DESCRIPTION = (
    "The points of figure 01_ntb_trend: the NTB of China's major cultural products by year (Table II of text 000), "
    "recomputed from the printed exports and imports (the line) and as printed (the crosses), over the years of "
    "parameters `start_year` to `end_year`.")
NTB_TREND_COLUMNS = {
    "year": TABLE2_COLUMNS["year"],
    "export_amount": TABLE2_COLUMNS["export_amount"],
    "import_amount": TABLE2_COLUMNS["import_amount"],
    "ntb_recomputed": (f"the line: NTB {_NTB_FORMULA} recomputed from the printed flows", NTB_UNIT),
    "ntb_printed": ("the crosses: NTB index as printed (two decimals)", NTB_UNIT),
    "source": _SOURCE_CELL,
}

TRADE_BY_PRODUCT_DESCRIPTION = (
    "The bars of figure 01_trade_by_product_2015: China's 2015 exports and imports of each product of Table I of "
    "text 000, one row per bar; a flow not printed is blank, drawn as 'not printed'.")
TRADE_BY_PRODUCT_COLUMNS = {
    "product": TABLE1_COLUMNS["product"],
    "label": "the product's name in English (the bar's label)",
    "flow": "exports or imports",
    "value_usd_10k": ("the amount as printed in Table I; blank: not printed", AMOUNT_UNIT),
    "value_usd_million": ("value_usd_10k / 100: the length of the bar", "US$ million"),
    "source": _SOURCE_CELL,
}

NTB_BY_PRODUCT_DESCRIPTION = (
    "The bars of figure 01_ntb_by_product_2015: each Table I product's 2015 NTB, recomputed from its printed "
    "amounts, lowest first; a product whose imports are not printed has no NTB (blank, labelled in the figure).")
NTB_BY_PRODUCT_COLUMNS = {
    "product": TABLE1_COLUMNS["product"],
    "label": "the product's name in English (the bar's label)",
    "export_amount": TABLE1_COLUMNS["export_amount"],
    "import_amount": TABLE1_COLUMNS["import_amount"],
    "ntb": (f"the bar: NTB {_NTB_FORMULA} recomputed from the printed amounts; blank where imports are not "
            "printed", NTB_UNIT),
    "core": "true for the products of parameter `core_products` (the bar's colour)",
    "source": _SOURCE_CELL,
}

SERVICES_FIGURE_DESCRIPTION = (
    "The points of figure 01_creative_services_ntb: the NTB by year of the creative services (UNCTADstat) of the "
    "economy of parameter `economy` (and of China, for reference, when another economy is drawn), and of China's "
    "major cultural products (goods; Table II of text 000, recomputed): two different measures. Caveat: "
    f"{SERVICES_CAVEAT}.")
_ROW_UNIT = "`unit` (same row)"
SERVICES_FIGURE_COLUMNS = {
    "series": "the line, as its legend names it",
    "role": "services (the economy of parameter `economy`), services_reference (China, drawn when another "
            "economy is chosen) or goods (Table II of text 000)",
    "year": "calendar year",
    "exports": ("exports of the series: UNCTAD's creative services, or Table II's printed exports", _ROW_UNIT),
    "imports": ("imports of the series: UNCTAD's creative services, or Table II's printed imports", _ROW_UNIT),
    "unit": f"the unit of exports and imports in this row ({SERVICES_UNIT.split(',')[0]} for services, "
            f"{AMOUNT_UNIT} for goods)",
    "ntb": (f"the point drawn: NTB {_NTB_FORMULA} of the row's exports and imports; blank when a flow is "
            "missing (the line breaks there)", NTB_UNIT),
    "missing": "why ntb is blank: the economy, the missing flow and UNCTAD's reason (blank: not missing)",
    "source": "where the row comes from: the UNCTAD snapshot, economy and year, or the text's file, table and row",
}


# --------------------------------------------------------------------------- figures
def plot_services_beside_goods(plotted: pd.DataFrame, window: tuple[int, int], threshold: float):
    """NTB by year: creative services (UNCTAD) of one or two economies and Table II's cultural goods.

    ``plotted`` has columns series (the legend label), role ('services', 'services_reference'
    or 'goods'), year and ntb (NaN = no value: the line breaks there). ``window`` is the text's
    years (shaded); ``threshold`` the NTB above which the text calls trade competitive.
    """
    import matplotlib.pyplot as plt

    from ..figures import GREY, OKABE_ITO, ROLE_COLOURS, plot_consecutive

    styles = {"goods": {"color": ROLE_COLOURS["stated"], "marker": "o", "ls": "-"},
              "services": {"color": OKABE_ITO["sky_blue"], "marker": "s", "ls": "-"},
              "services_reference": {"color": GREY, "marker": ".", "ls": "--"}}
    fig, ax = plt.subplots(figsize=(8.0, 4.8))
    ax.axvspan(window[0] - 0.5, window[1] + 0.5, color=GREY, alpha=0.12, lw=0)
    ax.text(window[0] - 0.4, 0.95, f"the text's years ({window[0]}–{window[1]})", fontsize=8.5, va="top",
            color="#444444")
    ax.axhline(threshold, color=ROLE_COLOURS["balance"], lw=1.2)
    ax.text(window[0] - 0.4, threshold + 0.03, f"competitive: NTB > {threshold:g}", ha="left",
            va="bottom", fontsize=8.5, color=ROLE_COLOURS["balance"])
    handles = []
    for series, part in plotted.groupby("series", sort=False):
        style = styles[part["role"].iloc[0]]
        plot_consecutive(ax, part["year"], part["ntb"], color=style["color"], ls=style["ls"], lw=1.6)
        ax.plot(part["year"], part["ntb"], ls="none", marker=style["marker"], color=style["color"])
        missing = part.loc[part["ntb"].isna(), "year"].tolist()
        if len(missing) == len(part):
            label = f"{series}: no value in any year"
        else:
            label = series + (f" (no value: {', '.join(map(str, missing))})" if missing else "")
        handles.append(plt.Line2D([], [], lw=1.6, label=label, **style))
    years = sorted(plotted["year"].unique())
    ax.set_xticks(years[::2] if len(years) > 8 else years)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("Year")
    ax.set_ylabel("NTB = (X − M) / (X + M)  (dimensionless, −1 to 1)")
    ax.set_title("Creative services (UNCTAD) beside the text's major cultural products:\n"
                 "normalized trade balance — two different measures")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1, fontsize=8.5)
    return fig


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
