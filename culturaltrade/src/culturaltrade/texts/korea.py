"""Text 001 (China–South Korea TV-drama trade): Figure 1's stated points, what they imply, checks.

The text prints a Figure 1 ("2010-2016 China's total imports & exports of Korean TV dramas")
whose chart is not in the extracted text; its prose states five points of the two series
(``data/raw/001_figure1_series.csv``) and a handful of other numbers
(``data/raw/001_stated_values.csv``). Everything else here is *derived* from those, in code:

* growth rates recomputed from printed endpoints, as intervals over their rounding
  (:func:`cagr_from_printed`), and values back-solved from a printed growth rate
  (:func:`back_solve`) — the 2013 imports implied by 441.29 million yuan and +496 %;
* conversions between CNY and USD at each year's annual average rate (the explicit table
  of :mod:`culturaltrade.currency`; a year without a rate is refused);
* the 2013 consistency checks (105 million yuan "only equivalent to" the imports of Korean
  dramas; the 1/10 China:Korea export ratio) and the per-episode price comparison;
* the validation of a researcher's own full series (:func:`load_user_series`) against every
  stated point and growth claim (:func:`checks_against_user_series`);
* the stated values registered as claims from the transcription (:func:`register_stated_values`),
  and the public figures that bear on the text's claims, one frame of sources per claim with
  each conversion and each choice between sources written out here (``*_sources``);
* UNCTADstat's creative services of China beside another economy (``comparison_economy``,
  :func:`check_comparison_economy`): the side-by-side table, the text's window and the years
  after it, the NTB gap, the service mix that carries UNCTAD's caveat, and the figure.

Series are handled in *long* form: one row per flow and year, ``value`` in CNY million,
``status`` one of ``stated`` / ``derived`` / ``not stated`` (a missing value stays NaN).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import params
from ..claims import (
    CLAIM_COLUMNS,
    EVIDENCE_COLUMNS,
    READING_COLUMNS,
    Claim,
    Ledger,
    format_number,
    judge,
    reading_table,
)
from ..codebook import CLAIM_FIELDS
from ..currency import CURRENCIES, convert, convert_series
from ..datasets import DataValidationError, load_csv_with_schema, load_dataset, load_printed
from ..indicators import (
    bounds_from_rounding,
    cagr,
    growth_rate,
    net_exports,
    normalized_trade_balance,
    value_after_cagr,
    value_and_bounds,
    value_before_growth,
    yoy_growth,
)
from ..params import ParameterError
from ..paths import display_path

PAPER = "001_cce25ba6acf6973a.txt"
NOTEBOOK = "02_china_korea"
SERIES = "001_figure1_series"
STATED = "001_stated_values"
FIRST_YEAR, LAST_YEAR = 2010, 2016
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
FLOWS = ("exports", "imports")
FLOW_LABELS = {
    "exports": "China's TV-drama exports to South Korea",
    "imports": "China's imports of Korean TV dramas",
}
STATUSES = ("stated", "derived", "not stated")
# Which figure stands for Korea's 2013 world exports of TV dramas in the 1/10 ratio.
KOREA_2013_OPTIONS = ("text", "KR-DRAMA-EXP-2013", "KR-TV-EXP-2013")
KOREAN_PRICES = {
    "price_per_episode_you_from_the_stars": "You from the Stars",
    "price_per_episode_descendants_of_the_sun": "The Descendants of the Sun",
}
# Chinese per-episode prices, in words only (§I, paragraph 2, sentence 10).
CHINESE_PRICES = {
    "thousands": ("a few thousand yuan", 1000, "the price of Chinese TV dramas in overseas is mostly a few thousand yuan"),
    "hundreds": ("a few hundred yuan", 100, "the cheap price is only a few hundred yuan"),
}

# Stated values registered as claims in code, from the transcription (the number typed once).
# The other rows of 001_stated_values.csv, and the 105 million yuan once more, are the
# `reported` numbers of registry claims (REGISTRY_QUANTITIES; tests/test_korea.py checks
# that both agree).
STATED_CLAIMS = {
    "cn_drama_exports_world_2013": (
        "001-V-CN-DRAMA-EXPORTS-WORLD-2013", "China's TV-drama exports to the world"),
    "price_per_episode_you_from_the_stars": (
        "001-V-PRICE-YOU-FROM-THE-STARS-2013", "price per episode of the Korean drama “You from the Stars” in China"),
    "price_per_episode_descendants_of_the_sun": (
        "001-V-PRICE-DESCENDANTS-OF-THE-SUN-2016",
        "online-copyright price per episode of “The Descendants of the Sun” in China"),
}
REGISTRY_QUANTITIES = {
    "001-CN-EXP-2013-EQUALS-IMP": "cn_drama_exports_world_2013",
    "001-EXP-CAGR-2010-2016": "exports_cagr_2010_2016",
    "001-IMP-CAGR-2010-2016": "imports_cagr_2010_2016",
    "001-IMP-YOY-2014": "imports_yoy_growth_2014",
    "001-KR-DRAMA-EXP-2013": "kr_drama_exports_world_2013",
}
# Public figures (data/snapshots/public_facts.csv) by the price they report: fact ids start so.
PRICE_FACT_PREFIXES = {
    "price_per_episode_you_from_the_stars": "KDRAMA-PRICE-STARS-",
    "price_per_episode_descendants_of_the_sun": "KDRAMA-PRICE-DOTS-",
}
# Moon Lovers (步步惊心:丽), sold to China in 2016: Lianhe Zaobao's sentence prints its price.
MOON_LOVERS_ZAOBAO = re.compile(r"《步步惊心:丽》每集则达(?P<wan>\d+(?:\.\d+)?)万美元")
_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}")

USER_SERIES_PARAMETER = "user_series"
USER_SERIES_SCHEMA = {
    "primaryKey": ["year"], "missingValues": [""],
    "fields": [
        {"name": "year", "type": "integer",
         "constraints": {"required": True, "minimum": FIRST_YEAR, "maximum": LAST_YEAR, "unique": True}},
        {"name": "exports_cny_million", "type": "number", "unit": "CNY million", "constraints": {"minimum": 0}},
        {"name": "imports_cny_million", "type": "number", "unit": "CNY million", "constraints": {"minimum": 0}},
        {"name": "source", "type": "string"},
    ],
}
USER_COLUMNS = {"exports": "exports_cny_million", "imports": "imports_cny_million"}
_PRINTED_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")


# --------------------------------------------------------------------------- reading the print
def parse_printed_amount(text: str) -> float:
    """A number as printed, thousands separators allowed: '230,000' → 230000.0, '4.07' → 4.07."""
    text = str(text).strip()
    if not _PRINTED_AMOUNT.fullmatch(text):
        raise ValueError(f"{text!r} is not a printed amount like '105', '4.07' or '230,000'")
    return float(text.replace(",", ""))


def stated_series() -> pd.DataFrame:
    """Figure 1's points as the prose states them: flow, year, value (CNY million), printed, status.

    ``printed`` keeps the text of the number (to know how many decimals were printed);
    a year the text does not state has ``value`` NaN and status ``not stated``.
    """
    typed = load_dataset(SERIES, units={"value_cny_million": "CNY million"})
    printed = load_printed(SERIES)
    frame = typed[["flow", "year", "value_cny_million", "location", "quote"]].rename(
        columns={"value_cny_million": "value"})
    frame.insert(3, "printed", printed["value_cny_million"].str.strip().tolist())
    frame["status"] = np.where(frame["value"].isna(), "not stated", "stated")
    frame["location"] = frame["location"].fillna("")
    frame["quote"] = frame["quote"].fillna("")
    return frame.sort_values(["flow", "year"], kind="stable").reset_index(drop=True)


def stated_values() -> pd.DataFrame:
    """The other stated numbers, indexed by quantity, with ``value`` parsed from ``printed``."""
    frame = load_dataset(STATED).set_index("quantity")
    frame.insert(2, "value", [parse_printed_amount(p) for p in frame["printed"]])
    return frame


def printed_point(series: pd.DataFrame, flow: str, year: int) -> str:
    """The printed text of one stated point; an error naming flow and year if not stated."""
    row = series[(series["flow"] == flow) & (series["year"] == year)]
    if row.empty or row.iloc[0]["status"] != "stated":
        raise KeyError(f"the text states no {flow} value for {year}")
    return row.iloc[0]["printed"]


# --------------------------------------------------------------------------- registering the print
def register_stated_values(ledger: Ledger, series: pd.DataFrame, values: pd.DataFrame) -> list[str]:
    """Register Figure 1's stated points and the stated values of STATED_CLAIMS as claims.

    Each claim's number is the transcription's ``printed`` text, so it is typed only once.
    Returns the claim ids, in the order registered.
    """
    ids = []
    for row in series[series["status"] == "stated"].itertuples():
        claim_id = f"001-V-FIG1-{row.flow.upper()}-{row.year}"
        ledger.register(Claim(
            claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=row.location,
            statement=f"{FLOW_LABELS[row.flow]} ({row.year}): “{row.quote}”", reported=row.printed,
            unit="CNY million", note=f"a stated point of Figure 1 (data/raw/{SERIES}.csv)",
        ))
        ids.append(claim_id)
    for quantity, (claim_id, label) in STATED_CLAIMS.items():
        row = values.loc[quantity]
        ledger.register(Claim(
            claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=row["location"],
            statement=f"{label} ({row['year']}): “{row['quote']}”", reported=row["printed"], unit=row["unit"],
            note=f"a stated value (data/raw/{STATED}.csv, {quantity})",
        ))
        ids.append(claim_id)
    return ids


# --------------------------------------------------------------------------- derived values
def cagr_from_printed(start: str, end: str, years: int) -> tuple[float, tuple[float, float]]:
    """CAGR in percent from two printed values, and its interval over their rounding."""
    return value_and_bounds(lambda s, e: 100 * cagr(s, e, years), start, end)


def back_solve(after: str, growth_percent: str) -> tuple[float, tuple[float, float]]:
    """The earlier value implied by a printed later value and a printed growth rate (percent).

    ``after = before × (1 + growth)``; the interval covers the rounding of both printed numbers.
    """
    return value_and_bounds(lambda a, g: value_before_growth(a, g / 100), after, growth_percent)


def with_derived_2013_imports(series: pd.DataFrame, value: float, formula: str) -> pd.DataFrame:
    """The series with the 2013 imports back-solved from the text (status ``derived``)."""
    out = series.copy()
    mask = (out["flow"] == "imports") & (out["year"] == 2013)
    if out.loc[mask, "status"].iloc[0] != "not stated":
        raise ValueError("the text states 2013 imports; nothing to derive")
    out.loc[mask, ["value", "status", "location", "quote"]] = [value, "derived", formula, ""]
    return out


def constant_growth_path(start_value: float, rate_percent: float, start_year: int, end_year: int) -> pd.DataFrame:
    """Values a series would take at a constant growth rate: start × (1 + rate)^(year − start_year).

    Not data: drawn only to show what a stated CAGR implies between its endpoints.
    """
    years = list(range(start_year, end_year + 1))
    return pd.DataFrame({
        "year": years,
        "value": [value_after_cagr(start_value, rate_percent / 100, y - start_year) for y in years],
    })


# --------------------------------------------------------------------------- currency
def check_currency(value) -> str:
    return params.choice("currency", value, CURRENCIES)


def to_currency(frame: pd.DataFrame, currency: str, rates: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Add ``value_display`` (CNY million → ``currency`` million) and the rate used per row.

    CNY is shown as it is (no rate). USD converts each year's value at that year's annual
    average rate; a year without a rate is refused (MissingRateError), never guessed.
    Missing values stay missing.
    """
    check_currency(currency)
    out = frame.copy()
    if currency == "CNY":
        out["value_display"] = out[value]
        out["rate_cny_per_usd"] = math.nan
        out["rate_series"] = ""
        out["rate_source_url"] = ""
        return out
    out["value_display"] = convert_series(out[value], out["year"], "CNY", "USD", rates)
    by_year = rates.set_index("year")
    out["rate_cny_per_usd"] = [by_year.loc[int(y), "cny_per_usd"] for y in out["year"]]
    out["rate_series"] = [by_year.loc[int(y), "series"] for y in out["year"]]
    out["rate_source_url"] = [by_year.loc[int(y), "source_url"] for y in out["year"]]
    return out


def money_in_currency(frame: pd.DataFrame, columns: list[str], currency: str, rates: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with a ``year`` column) with the CNY-million ``columns`` shown in ``currency`` million.

    The converted columns are renamed ``<column>_<currency>_million``; with USD a column
    ``cny_per_usd`` shows the rate used in each row.
    """
    check_currency(currency)
    out = frame.copy()
    suffix = f"_{currency.lower()}_million"
    for column in columns:
        out[column] = convert_series(frame[column], frame["year"], "CNY", currency, rates)
    out = out.rename(columns={column: column + suffix for column in columns})
    if currency == "USD":
        by_year = rates.set_index("year")["cny_per_usd"]
        out["cny_per_usd"] = [by_year.loc[int(y)] for y in frame["year"]]
    return out


# --------------------------------------------------------------------------- the CAGR window
def available_years(*series: pd.DataFrame) -> dict[str, set[int]]:
    """Years with a value (stated or user-supplied, not derived) for each flow."""
    years: dict[str, set[int]] = {flow: set() for flow in FLOWS}
    for frame in series:
        if frame is None:
            continue
        given = frame[frame["value"].notna() & (frame.get("status", "stated") != "derived")]
        for flow in FLOWS:
            years[flow] |= set(int(y) for y in given.loc[given["flow"] == flow, "year"])
    return years


def check_cagr_window(start, end, available: dict[str, set[int]],
                      names: tuple[str, str] = ("cagr_start", "cagr_end")) -> tuple[int, int]:
    """Validate the CAGR window parameters against 2010–2016 and the years that have values.

    Refused, each with one message naming the parameter: a year outside 2010–2016, a
    reversed or empty window, an endpoint for which neither flow has a value, and a window
    that no single flow covers at both ends.
    """
    start_name, end_name = names
    start, end = params.year_range(start_name, start, end_name, end, FIRST_YEAR, LAST_YEAR)
    if start == end:
        raise ParameterError(f"parameters `{start_name}` and `{end_name}` are both {start}; "
                             "a growth rate needs two different years")
    described = "; ".join(f"{flow}: {', '.join(map(str, sorted(years))) or 'none'}"
                          for flow, years in available.items())
    for name, year in ((start_name, start), (end_name, end)):
        if not any(year in years for years in available.values()):
            raise ParameterError(f"parameter `{name}`: no value for {year} in the text or the user series "
                                 f"(years with values — {described})")
    if not any(start in years and end in years for years in available.values()):
        raise ParameterError(f"parameters `{start_name}` ({start}) and `{end_name}` ({end}): no flow has values "
                             f"for both years (years with values — {described})")
    return start, end


def window_cagr(series: pd.DataFrame, start: int, end: int, source: str, currency: str = "CNY") -> pd.DataFrame:
    """CAGR of each flow between two years (percent); NaN with a reason where an end is missing.

    ``series`` holds values in ``currency`` million, which names the columns of the end values
    (``start_value_cny_million``, ``start_value_usd_million``): a table of several series keeps
    each value in the column of its currency.
    """
    check_currency(currency)
    suffix = f"_value_{currency.lower()}_million"
    rows = []
    for flow in FLOWS:
        part = series[(series["flow"] == flow) & series["value"].notna() & (series["status"] != "derived")]
        values = part.set_index("year")["value"]
        first, last = values.get(start, math.nan), values.get(end, math.nan)
        missing = [str(y) for y, v in ((start, first), (end, last)) if pd.isna(v)]
        rate = math.nan if missing else 100 * cagr(first, last, end - start)
        rows.append({
            "series": source, "flow": flow, "start_year": start, "end_year": end,
            "start" + suffix: first, "end" + suffix: last,
            "cagr_percent": rate,
            "note": f"not computable: no value for {' and '.join(missing)}" if missing else "",
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- trade balance
def trade_balance(series: pd.DataFrame) -> pd.DataFrame:
    """Per year: exports, imports, net exports, imports/exports and NTB (NaN where a flow is missing).

    ``series`` is long (flow, year, value); derived values are not used.
    """
    given = series[series["status"] != "derived"]
    wide = given.pivot(index="year", columns="flow", values="value").reindex(columns=list(FLOWS))
    wide = wide.reset_index()
    out = pd.DataFrame({"year": wide["year"], "exports": wide["exports"], "imports": wide["imports"]})
    out["net_exports"] = net_exports(out["exports"], out["imports"])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["imports_per_export"] = out["imports"] / out["exports"]
    out["ntb"] = normalized_trade_balance(out["exports"], out["imports"])
    return out


# --------------------------------------------------------------------------- the user series
def load_user_series(path: str | Path | None) -> pd.DataFrame | None:
    """Read and validate a researcher's own Figure 1 series (CNY million; blanks = not given).

    The file (given with the notebook parameter ``user_series``) must have the columns
    ``year, exports_cny_million, imports_cny_million, source``: years 2010–2016, each at most
    once, non-negative numbers, and at least one value. Any problem stops with one message
    naming the parameter, the file, the line and the column.
    """
    path = params.optional_file(USER_SERIES_PARAMETER, path)
    if path is None:
        return None
    label = f"parameter `{USER_SERIES_PARAMETER}`: {display_path(path)}"
    frame = load_csv_with_schema(path, USER_SERIES_SCHEMA, label)
    if frame.empty or frame[list(USER_COLUMNS.values())].isna().all().all():
        raise DataValidationError(f"{label}: no export or import value at all (every value is blank)")
    frame["source"] = frame["source"].fillna("")
    frame.attrs["label"] = display_path(path)
    return frame.sort_values("year").reset_index(drop=True)


def user_series_long(user: pd.DataFrame) -> pd.DataFrame:
    """The user series in long form (flow, year, value, status 'user', source)."""
    rows = []
    for flow, column in USER_COLUMNS.items():
        for row in user.itertuples(index=False):
            rows.append({"flow": flow, "year": int(row.year), "value": getattr(row, column),
                         "status": "user-supplied", "source": row.source})
    return pd.DataFrame(rows).sort_values(["flow", "year"], kind="stable").reset_index(drop=True)


def _user_value(user_long: pd.DataFrame, flow: str, year: int) -> float:
    match = user_long[(user_long["flow"] == flow) & (user_long["year"] == year)]["value"]
    return float(match.iloc[0]) if not match.empty else math.nan


def _nan_to_none(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def checks_against_user_series(series: pd.DataFrame, user_long: pd.DataFrame,
                               claims: dict[str, Claim]) -> pd.DataFrame:
    """Every stated point and series claim of the text, judged against a user-supplied series.

    A stated point reproduces if the user's value rounds to the printed one; a claim uses
    the comparison and tolerance of its registry row. Where the user series lacks the years
    a check needs, the verdict is 'not checkable'. For display only: these verdicts are
    about the user's series, not the text, and are never written to the claims table.
    """
    rows = []

    def add(check, claim_id, reported, value, comparison="equals", tolerance="rounding",
            approximate="rel:0.05", note=""):
        value = _nan_to_none(value)
        verdict = judge(reported, value, comparison, tolerance, approximate)
        shown = {"less_than": f"< {reported}", "greater_than": f"> {reported}"}.get(comparison, reported)
        rows.append({"check": check, "claim_id": claim_id, "text_says": shown,
                     "from_user_series": value if value is not None else math.nan,
                     "verdict": verdict, "note": note if value is None else ""})

    for row in series[series["status"] == "stated"].itertuples():
        add(f"{row.flow} {row.year} (CNY million)", "", row.printed, _user_value(user_long, row.flow, row.year),
            note="" if not math.isnan(_user_value(user_long, row.flow, row.year)) else "not in the user series")

    def claim_check(claim_id, value, note=""):
        claim = claims[claim_id]
        add(claim.statement, claim_id, claim.bound, value, claim.comparison, claim.tolerance, claim.approximate, note)

    def v(flow, year):
        return _user_value(user_long, flow, year)

    def user_cagr(flow):
        first, last = v(flow, FIRST_YEAR), v(flow, LAST_YEAR)
        return math.nan if math.isnan(first) or math.isnan(last) else 100 * cagr(first, last, LAST_YEAR - FIRST_YEAR)

    claim_check("001-EXP-CAGR-2010-2016", user_cagr("exports"), "needs exports 2010 and 2016")
    claim_check("001-IMP-CAGR-2010-2016", user_cagr("imports"), "needs imports 2010 and 2016")
    claim_check("001-EXP-GROWTH-BEHIND-IMP", user_cagr("exports") - user_cagr("imports"),
                "needs both flows in 2010 and 2016")
    yoy_2014 = 100 * growth_rate(v("imports", 2013), v("imports", 2014)) if v("imports", 2013) > 0 else math.nan
    claim_check("001-IMP-YOY-2014", yoy_2014, "needs imports 2013 and 2014")
    claim_check("001-IMP-YOY-2014-CLOSE-500", yoy_2014, "needs imports 2013 and 2014")
    claim_check("001-CN-EXP-2013-EQUALS-IMP", v("imports", 2013), "needs imports 2013")
    claim_check("001-EXP-INCREASED-2010-2016", 100 * growth_rate(v("exports", FIRST_YEAR), v("exports", LAST_YEAR))
                if v("exports", FIRST_YEAR) > 0 else math.nan, "needs exports 2010 and 2016")
    exports = user_long[user_long["flow"] == "exports"].set_index("year")["value"].reindex(YEARS)
    every_year = math.nan if exports.isna().any() else 100 * float(yoy_growth(exports).dropna().min())
    claim_check("001-EXP-INCREASED-EVERY-YEAR", every_year, "needs exports for every year 2010-2016")
    claim_check("001-EXP-INCREASED-SLIGHTLY", user_cagr("exports"), "needs exports 2010 and 2016")
    claim_check("001-IMP-GROWING-OVER-YEARS", 100 * growth_rate(v("imports", 2014), v("imports", 2016))
                if v("imports", 2014) > 0 else math.nan, "needs imports 2014 and 2016")
    first, last = v("imports", FIRST_YEAR), v("imports", LAST_YEAR)
    claim_check("001-IMP-GROWING-OVER-YEARS-ENDPOINTS", 100 * growth_rate(first, last) if first > 0 else math.nan,
                "needs imports 2010 and 2016")
    wide = user_long.pivot(index="year", columns="flow", values="value").reindex(YEARS)
    excess = wide["imports"] - wide["exports"]
    ends = excess.loc[[FIRST_YEAR, LAST_YEAR]]
    claim_check("001-IMP-EXCEEDS-EXP", math.nan if ends.isna().any() else float(ends.min()),
                "needs both flows in 2010 and 2016")
    claim_check("001-IMP-EXCEEDS-EXP-EVERY-YEAR", math.nan if excess.isna().any() else float(excess.min()),
                "needs both flows in every year 2010-2016")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- per-episode prices
def check_few(low, high, names: tuple[str, str] = ("few_low", "few_high")) -> tuple[int, int]:
    """The reading of 'a few' (thousand/hundred): whole numbers 1–9, low ≤ high."""
    low = params.integer_between(names[0], low, 1, 9)
    high = params.integer_between(names[1], high, 1, 9)
    if low > high:
        raise ParameterError(f"parameters `{names[0]}` ({low}) and `{names[1]}` ({high}) are reversed")
    return low, high


def few_range(unit: int, low: int, high: int) -> tuple[int, int]:
    """'a few <unit>' read as low × unit up to, but not reaching, (high + 1) × unit, in whole yuan.

    few_range(1000, 2, 9) = (2000, 9999): 'a few thousand' = from two thousand to
    nine thousand nine hundred and ninety-nine.
    """
    return low * unit, (high + 1) * unit - 1


def korean_prices(values: pd.DataFrame, rates: pd.DataFrame) -> pd.DataFrame:
    """The two stated Korean per-episode prices, with the explicit conversion to CNY."""
    by_year = rates.set_index("year")
    rows = []
    for quantity, title in KOREAN_PRICES.items():
        row = values.loc[quantity]
        year = int(row["year"])
        rate = by_year.loc[year, "cny_per_usd"]
        rows.append({
            "drama": title, "year": year, "printed": f"US${row['printed']}", "price_usd": row["value"],
            "cny_per_usd": rate, "price_cny": convert(row["value"], "USD", "CNY", year, rates),
            "rate_series": by_year.loc[year, "series"], "rate_source_url": by_year.loc[year, "source_url"],
            "location": row["location"],
        })
    return pd.DataFrame(rows)


def chinese_price_ranges(low: int, high: int) -> pd.DataFrame:
    """The text's 'a few thousand yuan' and 'a few hundred yuan' as explicit ranges (CNY)."""
    rows = []
    for key, (words, unit, quote) in CHINESE_PRICES.items():
        lo, hi = few_range(unit, low, high)
        rows.append({"key": key, "words": words, "low_cny": lo, "high_cny": hi, "quote": quote,
                     "interpretation": f"'a few' = {low} to {high}: {lo:,} to {hi:,} yuan"})
    return pd.DataFrame(rows)


def episode_gaps(korean: pd.DataFrame, chinese: pd.DataFrame) -> pd.DataFrame:
    """Korean ÷ Chinese price per episode, for every pair, as a range (both in CNY)."""
    rows = []
    for k in korean.itertuples():
        for c in chinese.itertuples():
            rows.append({"korean": f"{k.drama} ({k.year})", "chinese": c.words,
                         "korean_price_cny": k.price_cny, "chinese_low_cny": c.low_cny, "chinese_high_cny": c.high_cny,
                         "gap_low": k.price_cny / c.high_cny, "gap_high": k.price_cny / c.low_cny})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- 2013: the 1/10 ratio
def korea_exports_2013(values: pd.DataFrame, facts_table: pd.DataFrame) -> pd.DataFrame:
    """Korea's 2013 exports of TV dramas: the text's figure and the public figures (US$ million)."""
    from ..facts import fact

    stated = values.loc["kr_drama_exports_world_2013"]
    rows = [{"option": "text", "label": "the text: Korean TV dramas", "printed": stated["printed"],
             "value_usd_million": stated["value"], "status": "stated",
             "source": f"{PAPER}, {stated['location']}", "source_url": ""}]
    for fact_id, label in (("KR-DRAMA-EXP-2013", "public figure: Korean drama exports"),
                           ("KR-TV-EXP-2013", "public figure: Korean TV programme exports")):
        row = fact(facts_table, fact_id)
        if row["unit"] != "USD million":
            raise ValueError(f"{fact_id}: expected a value in USD million, got {row['unit']!r}")
        rows.append({"option": fact_id, "label": label, "printed": row["value"],
                     "value_usd_million": float(row["number"]), "status": "public figure",
                     "source": f"{fact_id} ({row['publisher']})", "source_url": row["source_url"]})
    return pd.DataFrame(rows)


def export_ratio_2013(china_printed: str, korea_printed: str, cny_per_usd: float) -> tuple[float, tuple[float, float]]:
    """China ÷ Korea 2013 exports, China's CNY converted at ``cny_per_usd``; interval over rounding."""
    def ratio(china_cny, korea_usd):
        return china_cny / cny_per_usd / korea_usd
    return value_and_bounds(ratio, china_printed.replace(",", ""), korea_printed.replace(",", ""))


def what_makes_ratio_hold(china_cny: float, korea_usd: float, cny_per_usd: float, target: float = 0.1) -> dict:
    """What each input would have to be, the others unchanged, for China ÷ Korea = ``target``."""
    return {
        "korea_usd_million": china_cny / cny_per_usd / target,
        "china_cny_million": target * korea_usd * cny_per_usd,
        "cny_per_usd": china_cny / (target * korea_usd),
    }


# --------------------------------------------------------------------------- public figures
# One frame of sources per claim: fact_id, publisher, source_url, value (in the claim's unit)
# and, where the source's own rounding matters, value_low/value_high. Every conversion and
# every choice between sources is written out here, and the rule is said in words.
EARLIEST_REPORT = ("the earliest published report of the price (closest to the sale; no source is the buyer's "
                   "or the seller's own statement, and later reports repeat or round earlier ones)")
MOST_FAVOURABLE = ("the source most favourable to the text (the lowest price it gives for Moon Lovers): "
                   "if even it contradicts the text, the verdict does not depend on the choice")
SOUND_OVER_FLAGGED = "sound over flagged: the only source not marked LOW RELIABILITY (Reuters / The Hollywood Reporter)"
PRIMARY_PUBLISHER = "primary over secondary: the Export-Import Bank of Korea's own press release"
SAME_MEASURE = "definition first: Korean drama exports, the text's measure (KR-TV-EXP-2013 covers all TV programmes)"
SOURCE_COLUMNS = ["fact_id", "publisher", "source_url", "value", "value_low", "value_high"]


def published_on(fact_row: pd.Series) -> str:
    """The publication date (YYYY-MM-DD) that the snapshot prints in a fact's ``publisher``."""
    match = _PUBLISHED.search(str(fact_row["publisher"]))
    if match is None:
        raise ValueError(f"{fact_row['fact_id']}: no publication date (YYYY-MM-DD) in its publisher "
                         f"{fact_row['publisher']!r}")
    return match.group()


# US dollars per unit of a printed price (the units of the KDRAMA-PRICE-* facts)
USD_PER_PRINTED_UNIT = {"USD per episode": 1, "USD 10 thousand (万美元) per episode": 10_000}


def _usd_per_printed_unit(fact_row: pd.Series) -> int:
    """US dollars per unit of the printed number: 1 for 'USD per episode', 10,000 for 万美元."""
    if fact_row["unit"] not in USD_PER_PRINTED_UNIT:
        raise ValueError(f"{fact_row['fact_id']}: expected a US-dollar price per episode, got {fact_row['unit']!r}")
    return USD_PER_PRINTED_UNIT[fact_row["unit"]]


def episode_price_sources(facts: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """Every public price per episode of one of the text's two Korean dramas, in US dollars.

    ``value_low``/``value_high`` cover the rounding of a price printed in 万美元 (4 万美元
    stands for 35,000 to 45,000); a price printed in dollars is taken as it is.
    ``published`` is the date of the report, for :data:`EARLIEST_REPORT`.
    """
    prefix = PRICE_FACT_PREFIXES[quantity]
    rows = []
    for _, row in facts[facts["fact_id"].str.startswith(prefix)].iterrows():
        factor = _usd_per_printed_unit(row)
        low, high = bounds_from_rounding(row["value"]) if factor > 1 else (math.nan, math.nan)
        rows.append({"fact_id": row["fact_id"], "publisher": row["publisher"], "source_url": row["source_url"],
                     "value": float(row["number"]) * factor, "value_low": low * factor, "value_high": high * factor,
                     "published": published_on(row), "printed": f"{row['value']} {row['unit']}",
                     "measure": row["series"]})
    if not rows:
        raise ValueError(f"no public price for {quantity} (fact ids starting {prefix})")
    return pd.DataFrame(rows).sort_values(["published", "fact_id"]).reset_index(drop=True)


def earliest_report(sources: pd.DataFrame) -> str:
    """The fact id chosen by :data:`EARLIEST_REPORT`; two reports on the same first day are refused."""
    first = sources["published"].min()
    chosen = sources.loc[sources["published"] == first, "fact_id"].tolist()
    if len(chosen) != 1:
        raise ValueError(f"{len(chosen)} reports share the earliest date {first}: {chosen}; the rule does not choose")
    return chosen[0]


def moon_lovers_sources(facts: pd.DataFrame, dots_price_usd: float) -> pd.DataFrame:
    """The text's price of 'The Descendants of the Sun' minus the price of 'Moon Lovers' (sold
    to China in 2016), per source, in thousand US dollars per episode (``value``; negative =
    DOTS was not the dearest), with Moon Lovers' price in US dollars.

    Korea JoongAng Daily gives no number for Moon Lovers, only that it is 'much higher than'
    the US$250,000 of DOTS: the difference is then *at most* the value shown. Lianhe Zaobao's
    sentence prints Moon Lovers' price (40 万美元 = US$400,000).
    """
    from ..facts import fact

    joongang = fact(facts, "KDRAMA-PRICE-DOTS-JOONGANG")
    if "much higher than" not in joongang["snippet"]:
        raise ValueError("KDRAMA-PRICE-DOTS-JOONGANG: the snippet no longer says Moon Lovers' price is "
                         "'much higher than' that of The Descendants of the Sun")
    zaobao = fact(facts, "KDRAMA-PRICE-DOTS-ZAOBAO")
    match = MOON_LOVERS_ZAOBAO.search(zaobao["snippet"])
    if match is None:
        raise ValueError("KDRAMA-PRICE-DOTS-ZAOBAO: the snippet no longer prints Moon Lovers' price (万美元)")
    moon_lovers = {
        "KDRAMA-PRICE-DOTS-JOONGANG": (float(joongang["number"]) * _usd_per_printed_unit(joongang),
                                       "more than: 'much higher than' DOTS's US$250,000"),
        "KDRAMA-PRICE-DOTS-ZAOBAO": (float(match["wan"]) * 1e4, f"{match['wan']} 万美元 (× 10,000)"),
    }
    rows = []
    for fact_id, (price, how) in moon_lovers.items():
        row = fact(facts, fact_id)
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "value": (dots_price_usd - price) / 1e3, "value_low": math.nan, "value_high": math.nan,
                     "moon_lovers_usd": price, "moon_lovers_as_printed": how})
    return pd.DataFrame(rows)


def most_favourable(sources: pd.DataFrame) -> str:
    """The fact id chosen by :data:`MOST_FAVOURABLE`: the largest difference (DOTS minus Moon Lovers)."""
    return str(sources.loc[sources["value"].idxmax(), "fact_id"])


# Hollywood marketing: what each source measures. 'combined' = share of production + marketing
# costs (percent); 'per production' = marketing per unit of production cost (percent, or US
# cents per production dollar, the same number).
HOLLYWOOD_BASIS = {
    "HOLLYWOOD-MARKETING-PA-SHARE-2003-2009": "combined",
    "HOLLYWOOD-MARKETING-PER-PRODUCTION-DOLLAR": "per production",
    "HOLLYWOOD-MARKETING-RULE-CN": "per production",
}


def hollywood_marketing_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """Each source's top marketing figure on both bases, converted in the open.

    With marketing M and production P: share of all funds = M / (P + M); per production =
    M / P. So s % of all funds = 100·s / (100 − s) % of production, and m % of production =
    100·m / (100 + m) % of all funds (the PA-share source says its 34–37 % is of 'combined
    production and domestic-releasing costs').
    """
    from ..facts import fact

    rows = []
    for fact_id, basis in HOLLYWOOD_BASIS.items():
        row = fact(facts, fact_id)
        top = float(row["number"])
        of_funds = top if basis == "combined" else 100 * top / (100 + top)
        of_production = top if basis == "per production" else 100 * top / (100 - top)
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "printed": f"{row['value']} {row['unit']}", "basis": basis,
                     "of_funds": of_funds, "of_production": of_production,
                     "low_reliability": bool(row["low_reliability"])})
    return pd.DataFrame(rows)


def sound_source(sources: pd.DataFrame) -> str:
    """The fact id chosen by :data:`SOUND_OVER_FLAGGED`; refused unless exactly one row is unflagged."""
    sound = sources.loc[~sources["low_reliability"], "fact_id"].tolist()
    if len(sound) != 1:
        raise ValueError(f"the rule needs exactly one source without LOW RELIABILITY, found {sound}")
    return sound[0]


def as_sources(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """``frame`` with its column ``value`` as the sources' value (no rounding interval)."""
    out = frame.assign(value=frame[value], value_low=math.nan, value_high=math.nan)
    return out[SOURCE_COLUMNS]


def exim_multiplier_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """Korea Eximbank's US$412 of consumer-goods exports per US$100 of cultural exports, per source."""
    rows = facts[facts["fact_id"].str.startswith("KR-EXIM-CULT-EXP-MULTIPLIER-2012")]
    return rows.assign(value=rows["number"], value_low=math.nan, value_high=math.nan,
                       primary=rows["publisher"].str.startswith("Export-Import Bank of Korea"))[
        SOURCE_COLUMNS + ["primary", "series"]].reset_index(drop=True)


def primary_source(sources: pd.DataFrame) -> str:
    """The fact id chosen by :data:`PRIMARY_PUBLISHER`; refused unless exactly one row is primary."""
    primary = sources.loc[sources["primary"], "fact_id"].tolist()
    if len(primary) != 1:
        raise ValueError(f"the rule needs exactly one primary source, found {primary}")
    return primary[0]


def korea_drama_export_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """Korea's 2013 exports in the facts (US$ million), with the interval of their own rounding."""
    from ..facts import fact

    rows = []
    for fact_id in KOREA_2013_OPTIONS[1:]:
        row = fact(facts, fact_id)
        if row["unit"] != "USD million":
            raise ValueError(f"{fact_id}: expected a value in USD million, got {row['unit']!r}")
        low, high = bounds_from_rounding(row["value"])
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "value": float(row["number"]), "value_low": low, "value_high": high, "measure": row["series"]})
    return pd.DataFrame(rows)


# Korea's culture budget as a share of the government budget: no row is for the years before
# the article (written in 2017 or later) and the rows use two definitions, so none can give
# the verdict; each one's verdict is still shown (check_without_choice).
BUDGET_NO_CHOICE = ("none chosen: no source gives the share for the years before the article (the rows are for "
                    "1999-2003 and 2011), and they use two definitions (culture budget of the general account; the "
                    "whole culture, sports and tourism ministry in the total budget)")


def culture_budget_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """Korea's culture-budget shares in the facts (percent). A 'more than' row (Threshold) has
    no value that could be set against 1.1 % and is judged 'not checkable'."""
    rows = facts[facts["fact_id"].str.startswith(("KR-CULT-BUDGET-SHARE-", "KR-MCST-BUDGET-SHARE-"))]
    value = rows["number"].where(~rows["threshold"])
    return rows.assign(value=value, value_low=math.nan, value_high=math.nan)[
        SOURCE_COLUMNS + ["year", "series", "threshold"]].sort_values("year").reset_index(drop=True)


def check_without_choice(ledger: Ledger, claim_id: str, sources: pd.DataFrame, *, rule: str, section: str,
                         reason: str) -> pd.DataFrame:
    """Record every source's verdict for a claim that none of them can settle; the claim is not checkable.

    ``Ledger.check_sources`` (claims.py) always takes its verdict from a chosen source. Where
    no source measures what the claim states (another year, another definition), this
    records each source's verdict in ``tables/claims_evidence.csv`` all the same (``chosen``
    'no', ``rule`` saying why none is), so that a reader sees how the figures fall.
    """
    claim = ledger.claims[claim_id]
    rows = []
    for source in sources.to_dict("records"):
        value = None if pd.isna(source["value"]) else float(source["value"])
        rows.append({"claim_id": claim_id, "fact_id": source["fact_id"], "publisher": source["publisher"],
                     "source_url": source["source_url"], "value": format_number(value), "value_low": "",
                     "value_high": "", "unit": claim.unit,
                     "verdict": judge(claim.bound, value, claim.comparison, claim.tolerance, claim.approximate),
                     "chosen": "no", "rule": rule})
    verdicts = "; ".join(f"{row['fact_id']}: {row['verdict']}" for row in rows)
    ledger.check(claim_id, None, section=section, note=f"{reason}; every public source (none chosen): {verdicts}",
                 sources_agree="yes" if len({row["verdict"] for row in rows}) == 1 else "no")
    ledger.evidence.extend(rows)
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def china_tv_export_context(facts: pd.DataFrame, china_cny_million: float, cny_per_usd_2013: float) -> pd.DataFrame:
    """China's film and TV exports in the facts beside the text's 2013 figure (US$ million).

    Context only: other years (2009-2012) and other measures (film and TV products, TV
    programmes and services), none the text's 'TV dramas to the world in 2013'.
    """
    rows = facts[facts["fact_id"].str.startswith(("CN-TV-", "CN-FILMTV-"))]
    out = pd.DataFrame({"source": rows["fact_id"], "year": rows["year"].astype(str), "measure": rows["series"],
                        "usd_million": rows["amount_billion"] * 1e3, "source_url": rows["source_url"]})
    text = pd.DataFrame([{"source": "text 001", "year": "2013", "measure": "TV dramas to the world (the text)",
                          "usd_million": china_cny_million / cny_per_usd_2013, "source_url": ""}])
    return pd.concat([out, text], ignore_index=True).sort_values(["year", "source"]).reset_index(drop=True)


# Actors' pay: why none of the facts settles 'as high as 75 %' (§II.C, about 2015-2016).
ACTOR_PAY_CONTEXT = {
    "ACTOR-PAY-SHARE-CN-CCTV": "the text's period (2016), but 'more than 50 %, some even 60 %, 70 %': examples, "
                               "not the highest share",
    "ACTOR-PAY-SHARE-CN-LOW-SCMP": "2022, six years later: lower end of a range of 50-80 %",
    "ACTOR-PAY-SHARE-CN-HIGH-SCMP": "2022, six years later: upper end of a range of 50-80 %",
    "ACTOR-PAY-CAP-2017": "a cap set in September 2017 (40 %), a rule rather than an outturn",
}


def actor_pay_context(facts: pd.DataFrame) -> pd.DataFrame:
    from ..facts import fact

    return pd.DataFrame([{"fact_id": fid, "year": fact(facts, fid)["year"], "value": fact(facts, fid)["value"],
                          "unit": fact(facts, fid)["unit"], "why not the verdict": why}
                         for fid, why in ACTOR_PAY_CONTEXT.items()])


# --------------------------------------------------------------------------- claims and readings, shown
def checked_since(ledger: Ledger, count: int) -> pd.DataFrame:
    """The claims checked after the ledger's first ``count`` results, in the reader's columns
    (numbers rounded as :func:`culturaltrade.claims.shown_recomputed` says)."""
    rows = list(ledger.results.values())[count:]
    return reading_table(pd.DataFrame(rows, columns=CLAIM_COLUMNS))


def readings_table(ledger: Ledger, readings: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per reading of a sentence: what it reads, its arithmetic, what counts as agreeing
    (the tolerance, from the ledger), and its verdict. ``readings``: (claim_id, reading, arithmetic)."""
    rows = []
    for claim_id, reading, arithmetic in readings:
        result = ledger.results[claim_id]
        stated = result["reported"] or f"threshold {result['threshold']}"
        rows.append({"claim_id": claim_id, "reading": reading, "arithmetic": arithmetic,
                     "stated": f"{stated}: {result['tolerance']}" if result["tolerance"] else stated,
                     "verdict": result["verdict"]})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def _missing_marks(ax, years) -> None:
    """A grey tick on the axis and 'not stated' under the year, for each year without a value."""
    from ..figures import ROLE_COLOURS

    years = set(int(y) for y in years)
    for year in sorted(years):
        ax.plot([year], [0], marker="|", markersize=12, markeredgewidth=1.6, color=ROLE_COLOURS["missing"],
                clip_on=False, zorder=2)
    ax.set_xticks(list(YEARS), [f"{y}\nnot\nstated" if y in years else str(y) for y in YEARS])
    for label, year in zip(ax.get_xticklabels(), YEARS):
        if year in years:
            label.set_color(ROLE_COLOURS["missing"])
            label.set_fontstyle("italic")


def plot_figure1(points: pd.DataFrame, currency: str, paths: pd.DataFrame | None = None,
                 user: pd.DataFrame | None = None, user_label: str = "", path_label: str = ""):
    """Figure 1 rebuilt from what the text states: one panel per flow.

    ``points``: flow, year, value_display, status (stated / derived / not stated).
    ``paths``: flow, year, value_display of the constant-growth paths (drawn dashed, not data).
    ``user``: flow, year, value_display of a user-supplied series (dotted, distinct markers).
    Stated points are black and filled, derived points orange and hollow, and the years the
    text does not state get a grey tick and the words 'not stated'; no line joins the points.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from ..figures import ROLE_COLOURS

    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5))
    handles = {}
    for ax, flow in zip(axes, FLOWS):
        part = points[points["flow"] == flow]
        shown = [part["value_display"].max()]
        if paths is not None:
            shown.append(paths.loc[paths["flow"] == flow, "value_display"].max())
        if user is not None:
            shown.append(user.loc[user["flow"] == flow, "value_display"].max())
        top = 1.25 * np.nanmax(shown)
        if paths is not None:
            path = paths[paths["flow"] == flow]
            ax.plot(path["year"], path["value_display"], ls=(0, (4, 3)), lw=1.1, color=ROLE_COLOURS[flow],
                    alpha=0.6, zorder=1)
            handles["path"] = Line2D([], [], ls=(0, (4, 3)), lw=1.1, color=ROLE_COLOURS["missing"],
                                     label=path_label or "constant-growth path at the stated CAGR (not data)")
        if user is not None:
            upart = user[user["flow"] == flow]
            ax.plot(upart["year"], upart["value_display"], ls=":", lw=1.4, color=ROLE_COLOURS[flow], zorder=2)
            ax.plot(upart["year"], upart["value_display"], ls="", marker="D", markersize=3.6,
                    markeredgecolor="white", markeredgewidth=0.6, color=ROLE_COLOURS[flow], zorder=5)
            handles["user"] = Line2D([], [], ls=":", lw=1.4, marker="D", markersize=4.5, color=ROLE_COLOURS["missing"],
                                     label=user_label or "user-supplied series (not from the text)")
        stated = part[part["status"] == "stated"]
        ax.scatter(stated["year"], stated["value_display"], s=46, color=ROLE_COLOURS["stated"], zorder=4)
        handles["stated"] = Line2D([], [], ls="", marker="o", markersize=7, color=ROLE_COLOURS["stated"],
                                   label="stated in the text" + ("" if currency == "CNY" else
                                                                 " (converted at the year's rate)"))
        for row in stated.itertuples():
            ax.annotate(f"{row.value_display:,.2f}", (row.year, row.value_display), textcoords="offset points",
                        xytext=(0, 7), ha="center", fontsize=8.5, color=ROLE_COLOURS["stated"])
        derived = part[part["status"] == "derived"]
        if not derived.empty:
            ax.scatter(derived["year"], derived["value_display"], s=60, facecolors="white",
                       edgecolors=ROLE_COLOURS["derived"], linewidths=1.8, zorder=4)
            handles["derived"] = Line2D([], [], ls="", marker="o", markersize=7.5, markerfacecolor="white",
                                        markeredgecolor=ROLE_COLOURS["derived"], markeredgewidth=1.8,
                                        label="derived from the text (back-solved)")
            for row in derived.itertuples():
                ax.annotate(f"{row.value_display:,.2f}\n(derived)", (row.year, row.value_display),
                            textcoords="offset points", xytext=(7, -4), ha="left", va="top", fontsize=8,
                            color=ROLE_COLOURS["derived"])
        missing = part.loc[part["status"] == "not stated", "year"]
        ax.set_xlim(FIRST_YEAR - 0.5, LAST_YEAR + 0.5)
        _missing_marks(ax, missing)
        handles["missing"] = Line2D([], [], ls="", marker="|", markersize=10, markeredgewidth=1.6,
                                    color=ROLE_COLOURS["missing"], label="year not stated in the text (no value)")
        ax.set_ylim(0, top)
        ax.tick_params(axis="x", labelsize=8.5)
        ax.set_xlabel("Year")
        ax.set_title(FLOW_LABELS[flow], fontsize=10, fontweight="bold", color=ROLE_COLOURS[flow])
        ax.set_ylabel(f"{'Exports' if flow == 'exports' else 'Imports'} ({currency} million)")
    fig.suptitle("Figure 1 rebuilt from the text: China–South Korea TV-drama trade, 2010–2016",
                 fontsize=12, fontweight="bold")
    order = [k for k in ("stated", "derived", "missing", "path", "user") if k in handles]
    fig.legend(handles=[handles[k] for k in order], loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2,
               fontsize=8.5)
    fig.tight_layout()
    return fig


def plot_episode_prices(korean: pd.DataFrame, chinese: pd.DataFrame, gap: tuple[float, float]):
    """Per-episode prices in CNY (log scale): the two Korean prices and the Chinese ranges."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    labels = []
    for i, row in enumerate(korean.itertuples()):
        ax.scatter([i], [row.price_cny], s=70, color=ROLE_COLOURS["imports"], zorder=3)
        ax.annotate(f"{row.printed} × {row.cny_per_usd:.4f}\n= {row.price_cny:,.0f} CNY", (i, row.price_cny),
                    textcoords="offset points", xytext=(0, 10), ha="center", fontsize=8.5)
        labels.append(f"{row.drama}\n(Korean, {row.year})")
    offset = len(korean)
    for j, row in enumerate(chinese.itertuples()):
        x = offset + j
        ax.vlines(x, row.low_cny, row.high_cny, lw=9, color=ROLE_COLOURS["exports"], alpha=0.75)
        ax.annotate(f"{row.low_cny:,}–{row.high_cny:,} CNY", (x, row.high_cny), textcoords="offset points",
                    xytext=(0, 8), ha="center", fontsize=8.5)
        labels.append(f"Chinese dramas:\n'{row.words}'")
    ax.set_yscale("log")
    ax.set_ylim(50, 2e7)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_xticks(range(len(labels)), labels, fontsize=8.5)
    ax.set_ylabel("Price per episode (CNY, log scale)")
    ax.set_title("Price per episode: Korean dramas sold to China vs Chinese dramas abroad")
    ax.text(0.99, 0.97, f"Korean ÷ Chinese price: {gap[0]:,.0f}× to {gap[1]:,.0f}×\n"
            "text: 'ten times or even hundreds of times'", transform=ax.transAxes, ha="right", va="top",
            fontsize=8.5, bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "#BBBBBB"})
    return fig


def plot_consistency_2013(left: pd.DataFrame, right: pd.DataFrame, one_tenth_of: float, left_note: str = ""):
    """The text's 2013 statements side by side.

    ``left`` (million CNY): label, value, status — the 105 million yuan and the implied imports.
    ``right`` (US$ million): label, value, status, ratio — China's exports and Korea's (text and
    public figures); ``one_tenth_of`` is the Korean figure whose tenth is drawn as a dashed line;
    ``left_note`` is written at the top of the left panel (e.g. the size of the gap).
    """
    import matplotlib.pyplot as plt

    from ..figures import OKABE_ITO, ROLE_COLOURS

    style = {
        "stated": {"color": ROLE_COLOURS["stated"]},
        "derived": {"facecolor": "white", "edgecolor": ROLE_COLOURS["derived"], "hatch": "///", "linewidth": 1.6},
        "public figure": {"color": OKABE_ITO["sky_blue"]},
    }
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5), gridspec_kw={"width_ratios": [1, 1.6]})
    for ax, frame, unit in ((axes[0], left, "CNY million"), (axes[1], right, "US$ million")):
        for i, row in enumerate(frame.itertuples()):
            ax.bar(i, row.value, width=0.62, **style[row.status])
            text = f"{row.value:,.2f}" if row.value < 100 else f"{row.value:,.0f}"
            ax.text(i, row.value, text, ha="center", va="bottom", fontsize=8.5)
        ax.set_xticks(range(len(frame)), frame["label"], fontsize=7.8)
        ax.set_ylabel(f"2013 value ({unit})")
        ax.set_ylim(0, 1.22 * frame["value"].max())
    axes[0].set_title("'only equivalent to'", fontsize=10.5)
    if left_note:
        axes[0].text(0.5, 0.97, left_note, transform=axes[0].transAxes, ha="center", va="top", fontsize=8.5,
                     color=ROLE_COLOURS["threshold"])
    axes[1].set_title("'the total export ratio ... is 1/10'", fontsize=10.5)
    axes[1].axhline(one_tenth_of / 10, xmax=0.3, color=ROLE_COLOURS["threshold"], ls="--", lw=1.3)
    axes[1].text(0.55, one_tenth_of / 10 + 0.02 * right["value"].max(), f"1/10 of {one_tenth_of:g}",
                 color=ROLE_COLOURS["threshold"], fontsize=8, ha="left", va="bottom")
    for i, row in enumerate(right.itertuples()):
        if not pd.isna(row.ratio):
            axes[1].text(i, row.value * 0.5, f"China =\n1/{1 / row.ratio:.2f}\nof this", ha="center", va="center",
                         fontsize=7.8, color="white" if row.status == "stated" else "#222222")
    fig.suptitle("The text's 2013 statements checked against each other", fontsize=12, fontweight="bold")
    from matplotlib.patches import Patch

    fig.legend(handles=[Patch(label="stated in the text", **style["stated"]),
                        Patch(label="derived from the text", **style["derived"]),
                        Patch(label="public figure (fact_id in the source note)", **style["public figure"])],
               loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=8.5)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- creative services (UNCTAD)
# The text speaks of a "long-term cultural trade deficit" with South Korea and of Korea's cultural
# industry as one of its "pillar industries"; UNCTADstat's creative services (data/snapshots/
# unctad_services_countries.csv) are the only trade in services the compendium has. They are each
# economy's trade with the world (no partner breakdown) and mostly R&D and software.
SERVICES_PARAMETER = "comparison_economy"
SERVICES_CHINA = "China"
SERVICES_TEXT_COMPARISON = "Republic of Korea"  # the text's South Korea, as UNCTAD labels it; the claims use it
SERVICES_AFTER = (LAST_YEAR + 1, 2024)  # after the text's window, to the last year of the snapshot
SERVICES_CAVEAT = ("UNCTAD's creative services are mostly research and development and software, not cultural "
                   "content; TV dramas fall in audio-visual services, a small part of the total")
# The service groups of the regional table shown one by one; the other two (advertising, market
# research and architecture; information services) are shown together as 'other'.
SERVICE_MIX = {"SRND": "R&D %", "SSFT": "software %", "SAUV": "audio-visual %",
               "SCRH": "cultural, recreational, heritage %"}


def check_comparison_economy(value, codes: pd.DataFrame, where: str) -> str:
    """The UNCTAD label of the economy set beside China (parameter ``comparison_economy``).

    ``value`` is a label in any case (``"Japan"``) or a code as text (``"392"``); ``codes`` has
    columns code, label (:func:`culturaltrade.unctad.economy_codes`); ``where`` names the table.
    An unknown name is refused with the closest labels, naming the parameter; China itself too.
    """
    from ..unctad import UnknownEconomyError, resolve_economy

    try:
        code = resolve_economy(value, codes, where)
    except UnknownEconomyError as error:
        raise UnknownEconomyError(f"parameter `{SERVICES_PARAMETER}`: {error}") from None
    label = dict(zip(codes["code"], codes["label"]))[code]
    if label == SERVICES_CHINA:
        raise ParameterError(f"parameter `{SERVICES_PARAMETER}`: {value!r} is China itself, the economy it is "
                             f"compared with; name another, e.g. {SERVICES_TEXT_COMPARISON!r} (the text's) or 'Japan'")
    return label


def creative_services(comparison: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """China's and ``comparison``'s creative-services trade with the world, 2010–2024, one row per
    economy and year (the columns of :func:`culturaltrade.unctad.services_trade`; US$ million)."""
    from ..unctad import services_trade

    return pd.concat([services_trade(economy, table=table) for economy in (SERVICES_CHINA, comparison)],
                     ignore_index=True)


def services_side_by_side(services: pd.DataFrame) -> pd.DataFrame:
    """One row per year: exports, imports (US$ million) and NTB of each economy, in the order of
    ``services`` (a frame of :func:`creative_services`): seven columns, a reading column wide."""
    parts = []
    for economy, rows in services.groupby("economy", sort=False):
        part = rows.set_index("year")[["exports_usd_mn", "imports_usd_mn", "ntb"]]
        parts.append(part.set_axis([f"{economy}: exports", f"{economy}: imports", f"{economy}: NTB"], axis=1))
    return pd.concat(parts, axis=1).reset_index()


def window_extreme(values: pd.Series, start: int, end: int, how: str) -> tuple[float, int | None]:
    """The highest (``how="max"``) or lowest (``"min"``) of ``values`` (indexed by year) over
    ``start``..``end`` and its year; (NaN, None) if a year of the window has no value, because a
    statement about every year cannot be judged on some of them."""
    window = values.reindex(range(start, end + 1))
    if window.isna().any():
        return math.nan, None
    year = int(window.idxmax() if how == "max" else window.idxmin())
    return float(window[year]), year


def ntb_gap(services: pd.DataFrame, economy: str, other: str) -> pd.Series:
    """``economy``'s NTB minus ``other``'s, by year (missing where either is): below zero, the
    first is the weaker net exporter (or the deeper net importer) relative to its trade."""
    ntb = services.pivot(index="year", columns="economy", values="ntb")
    return (ntb[economy] - ntb[other]).rename(f"NTB {economy} − NTB {other}")


def services_windows(services: pd.DataFrame, windows: list[tuple[int, int]]) -> pd.DataFrame:
    """Per economy and window: the exports' average growth (CAGR, % a year, missing if an end is
    missing), the lowest and highest NTB, and in how many years the economy ran a deficit, out
    of the years with an NTB."""
    rows = []
    for economy, frame in services.groupby("economy", sort=False):
        frame = frame.set_index("year")
        for start, end in windows:
            part = frame.loc[start:end]
            known = part["ntb"].dropna()
            first, last = (frame["exports_usd_mn"].get(year, math.nan) for year in (start, end))
            rows.append({
                "economy": economy, "years": f"{start}–{end}",
                # no growth rate from nothing: a zero (or missing) first year leaves it missing
                "exports_cagr_pct": 100 * cagr(first, last, end - start) if first > 0 else math.nan,
                "ntb_lowest": known.min(), "ntb_highest": known.max(),
                "deficit_years": int((known < 0).sum()), "years_with_ntb": len(known),
            })
    return pd.DataFrame(rows)


def service_mix(shares: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Each region's creative-services exports split into R&D, software, audio-visual, cultural
    and 'other' (advertising, market research, architecture and information), percent of the
    region's total, for ``years``; ``shares`` from :func:`culturaltrade.unctad.service_group_shares`."""
    part = shares[shares["year"].isin(years)]
    wide = part.pivot_table(index=["region", "year"], columns="service", values="share_pct", sort=False)
    out = wide[list(SERVICE_MIX)].rename(columns=SERVICE_MIX)
    out["other %"] = wide.drop(columns=list(SERVICE_MIX)).sum(axis=1, min_count=len(wide.columns) - len(SERVICE_MIX))
    out.columns.name = None
    return out.reset_index()


def plot_creative_services(services: pd.DataFrame, window: tuple[int, int]):
    """China and the comparison economy: exports and imports (US$ billion) and NTB, 2010–2024.

    Colour is the flow (exports, imports, NTB), the line style the economy (the first of
    ``services`` solid, the second dashed); the text's ``window`` is shaded in both panels. A
    missing year breaks the line. Returns the figure and the data drawn (one row per point).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS, plot_consecutive

    economies = list(dict.fromkeys(services["economy"]))
    styles = dict(zip(economies, ("-", (0, (5, 2.5)))))
    fig, (flows_ax, ntb_ax) = plt.subplots(1, 2, figsize=(8.0, 4.5))
    drawn = []
    for economy in economies:
        part = services[services["economy"] == economy]
        for measure, ax, scale, unit in (("exports", flows_ax, 1000, "US$ billion"),
                                         ("imports", flows_ax, 1000, "US$ billion"),
                                         ("ntb", ntb_ax, 1, "NTB")):
            column = measure if measure == "ntb" else f"{measure}_usd_mn"
            colour = ROLE_COLOURS["balance" if measure == "ntb" else measure]
            plot_consecutive(ax, part["year"], part[column] / scale, color=colour, ls=styles[economy], lw=1.7)
            drawn.append(pd.DataFrame({"year": part["year"], "economy": economy, "measure": measure,
                                       "value": part[column] / scale, "unit": unit}))
    for ax in (flows_ax, ntb_ax):
        ax.axvspan(window[0] - 0.5, window[1] + 0.5, color=ROLE_COLOURS["missing"], alpha=0.14, lw=0, zorder=0)
        ax.set_xlim(services["year"].min() - 0.5, services["year"].max() + 0.5)
        ax.set_xticks(range(int(services["year"].min()), int(services["year"].max()) + 1, 2))
        ax.set_xlabel("Year")
    ntb_ax.axhline(0, color="#444444", lw=0.9)
    flows_ax.set_ylim(bottom=0)
    flows_ax.set_ylabel("Creative services (US$ billion, current prices)")
    ntb_ax.set_ylabel("Normalized trade balance (−1 to 1)")
    flows_ax.set_title("Exports and imports", fontsize=10.5)
    ntb_ax.set_title("NTB = (X − M) / (X + M)", fontsize=10.5)
    fig.suptitle(f"Creative-services trade with the world: {' and '.join(economies)}, "
                 f"{int(services['year'].min())}–{int(services['year'].max())}", fontsize=12, fontweight="bold")
    handles = [Line2D([], [], color=ROLE_COLOURS["exports"], lw=1.7, label="exports"),
               Line2D([], [], color=ROLE_COLOURS["imports"], lw=1.7, label="imports"),
               Line2D([], [], color=ROLE_COLOURS["balance"], lw=1.7, label="NTB")]
    handles += [Line2D([], [], color="#444444", ls=styles[e], lw=1.7, label=e) for e in economies]
    handles.append(Patch(color=ROLE_COLOURS["missing"], alpha=0.3, label=f"text 001's window ({window[0]}–{window[1]})"))
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=8.5)
    fig.tight_layout()
    data = pd.concat(drawn, ignore_index=True)
    data["in_text_window"] = data["year"].between(*window)
    return fig, data



# --------------------------------------------------------------------------- the codebook of the outputs
# What each table and figure CSV of the notebook holds (tables/datapackage.json): the file's
# description, and per column a description or, for numbers, a (description, unit) pair. Where
# the columns follow a parameter (currency), a function gives those of the run.
_FLOW = "exports (China's TV-drama exports to South Korea) or imports (China's imports of Korean TV dramas)"
_YEAR = "calendar year"
_RATE = "annual average rate of the year (data/snapshots/cny_per_usd_annual.csv; 2010 from another series)"
_CNY_PER_USD = "CNY per USD"
_PER_EPISODE = "CNY per episode"
_NTB = "index, -1 to 1"
_UNCTAD_USD = "USD million, current prices"
_UNCTAD = "UNCTADstat creative services (data/snapshots/unctad_services_countries.csv)"

FIGURE1_SERIES_DESCRIPTION = (
    "Figure 1 of text 001 (China-South Korea TV-drama trade, 2010-2016) as its prose states it: one row per flow and "
    "year, stated, derived (the 2013 imports, back-solved from printed numbers) or not stated (missing, never filled "
    "in); value_display in the currency of the parameter currency.")
FIGURE1_SERIES_COLUMNS = {
    "flow": _FLOW,
    "year": _YEAR,
    "status": "stated (printed in the text), derived (computed from printed numbers; the formula is in source) or "
              "not stated (no value)",
    "value_cny_million": ("the value in the text's unit: as printed (stated) or computed (derived); blank where not "
                          "stated", "CNY million"),
    "currency": "the currency of value_display: CNY (the text's) or USD (parameter currency)",
    "value_display": ("the value in the currency of column currency, full precision (a number, not rounded): "
                      "value_cny_million itself for CNY, converted at the year's annual average rate for USD",
                      "million of `currency` (same row)"),
    "rate_cny_per_usd": (f"the rate of the conversion to USD, the {_RATE}; blank for CNY", _CNY_PER_USD),
    "rate_source_url": "the page the rate was read from; blank for CNY",
    "source": "where the value comes from: the text's location and sentence (stated), the formula (derived), or "
              "'no value stated'",
}
FIGURE1_DESCRIPTION = (
    "The data of figure 02_figure1_rebuilt: the points of tables/02_figure1_series.csv; the constant-growth paths of "
    "the two average growth rates the text states (not data; parameter show_cagr_path); a researcher's full series "
    "when one is given (parameter user_series; not from the text).")
FIGURE1_COLUMNS = {
    **FIGURE1_SERIES_COLUMNS,
    "status": "stated, derived or not stated (as in tables/02_figure1_series.csv), constant-growth path (not data) "
              "or user-supplied",
    "value_cny_million": ("the value in the text's unit: as printed (stated), computed (derived; a path: the 2010 "
                          "value × (1 + the stated rate)^(year - 2010)) or the user's; blank where not stated",
                          "CNY million"),
    "source": FIGURE1_SERIES_COLUMNS["source"] + "; a path's formula; the user's file and its source column",
}

GROWTH_CLAIMS_DESCRIPTION = (
    "Text 001's claims about the growth of the Figure 1 series, with their verdicts, as the notebook shows them; "
    "tables/claims.csv has every field of these claims at full precision.")
GROWTH_CLAIMS_COLUMNS = {  # the columns of culturaltrade.claims.reading_table, described as in the ledger
    **{name: CLAIM_FIELDS[name][1] for name in READING_COLUMNS},
    "recomputed": "display text, rounded for reading: the recomputed value to the precision the text prints and, "
                  "in brackets, its interval over the rounding of the printed inputs (full precision in "
                  "tables/claims.csv)",
}

CAGR_WINDOW_DESCRIPTION = (
    "Average annual growth (CAGR) of each Figure 1 series between the years of the parameters cagr_start and "
    "cagr_end (default 2010-2016), from the text's stated values (derived values are not used), also in USD with "
    "currency USD and from a user series when one is given; not computable where an end year has no value.")


def cagr_window_columns(currencies: list[str]) -> dict:
    """The columns of ``tables/02_cagr_window.csv``: the end values in each of ``currencies``."""
    ends = {}
    for currency in currencies:
        unit = f"{currency} million"
        suffix = f"_value_{currency.lower()}_million"
        ends["start" + suffix] = (f"the flow's value in start_year, in {currency}; blank if none or in another "
                                  "currency's row", unit)
        ends["end" + suffix] = (f"the flow's value in end_year, in {currency}; blank if none or in another "
                                "currency's row", unit)
    return {
        "series": "whose values: text (CNY) (the stated points), text (USD) (the same at each year's annual average "
                  "rate) or user series (<file>)",
        "flow": _FLOW,
        "start_year": "first year of the window (parameter cagr_start)",
        "end_year": "last year of the window (parameter cagr_end)",
        **ends,
        "cagr_percent": ("compound annual growth rate, 100 × ((end / start)^(1 / (end_year - start_year)) - 1), "
                         "computed; blank if not computable", "percent per year"),
        "note": "why the rate is not computable (a missing end year); blank otherwise",
    }


TRADE_BALANCE_DESCRIPTION = (
    "China's TV-drama trade with South Korea in the years the text states a flow: exports, imports, net exports "
    "(in the currency of the parameter currency), imports per unit of exports and the normalized trade balance, "
    "from the stated values only (not the derived 2013 imports); blank where a flow is not stated.")


def trade_balance_columns(currency: str) -> dict:
    """The columns of ``tables/02_trade_balance.csv`` when the notebook runs in ``currency``."""
    currency = check_currency(currency)
    unit, suffix = f"{currency} million", f"_{currency.lower()}_million"
    converted = "" if currency == "CNY" else ", converted at the year's annual average rate"
    columns = {
        "year": _YEAR,
        "exports" + suffix: (f"China's TV-drama exports to South Korea as stated{converted}; blank if not stated",
                             unit),
        "imports" + suffix: (f"China's imports of Korean TV dramas as stated{converted}; blank if not stated", unit),
        "net_exports" + suffix: ("exports minus imports, computed; blank unless both are stated", unit),
        "imports_per_export": ("imports ÷ exports, computed from the values in CNY", "ratio"),
        "ntb": ("normalized trade balance (X - M) / (X + M), computed from the values in CNY", _NTB),
    }
    if currency == "USD":
        columns["cny_per_usd"] = (f"the rate of the conversion, the {_RATE}", _CNY_PER_USD)
    return columns


EQUIVALENCE_DESCRIPTION = (
    "Text 001's two 2013 figures that should be equal: China's TV-drama exports to the world, 105 million yuan, "
    "'only equivalent to' the 2013 imports of Korean dramas implied by the 2014 imports and their growth; their "
    "gap, and what each printed number would have to be for both statements to hold.")
EQUIVALENCE_COLUMNS = {
    "item": "what the row is",
    "status": "stated (printed in the text) or derived (computed here from printed numbers)",
    "value": ("the value, full precision", "`unit` (same row)"),
    "unit": "unit of value: CNY million or percent",
    "source": "the text's location (stated) or the formula, with the text's own number beside it (derived)",
}

RATIO_DESCRIPTION = (
    "Text 001's ratio of China's to Korea's 2013 TV-drama exports ('1/10'), recomputed with Korea's figure from the "
    "text and from two public figures (China's 105 million yuan at the 2013 annual average rate), each reading's "
    "verdict, and what each input would have to be for exactly 1/10. The ledger judges the figure of the parameter "
    "korea_exports_2013.")
RATIO_COLUMNS = {
    "korea_figure": "which figure stands for Korea's exports: text, or the fact id of a public figure "
                    "(data/snapshots/public_facts.csv; KR-TV-EXP-2013 is all TV programmes)",
    "korea_usd_million": ("Korea's 2013 exports, as printed or published", "USD million"),
    "status": "stated (the text's figure) or public figure",
    "china_usd_million": ("China's 2013 TV-drama exports to the world: the text's 105 million yuan at the 2013 "
                          "annual average rate, derived", "USD million"),
    "ratio": ("China ÷ Korea, derived", "ratio"),
    "ratio_low": ("lowest ratio over the rounding of the two printed figures", "ratio"),
    "ratio_high": ("highest ratio over the rounding of the two printed figures", "ratio"),
    "one_in": ("1 / ratio: China's exports are 1/one_in of Korea's", "ratio"),
    "verdict (to the unit)": "verdict of the reading '1/10' to the unit (claim 001-CN-KR-EXPORT-RATIO-2013) with "
                             "this Korean figure",
    "verdict (order of magnitude)": "verdict of the reading 'about a tenth' (claim "
                                    "001-CN-KR-EXPORT-RATIO-2013-MAGNITUDE) with this Korean figure",
    "for_1_10_korea_usd_million": ("Korea's exports for which the ratio would be 1/10, the rest unchanged",
                                   "USD million"),
    "for_1_10_china_cny_million": ("China's exports for which the ratio would be 1/10, the rest unchanged",
                                   "CNY million"),
    "for_1_10_cny_per_usd": ("the 2013 rate for which the ratio would be 1/10, the rest unchanged", _CNY_PER_USD),
    "source": "where Korea's figure comes from: the text's location, or the fact id and its publisher",
    "source_url": "the public figure's page; blank for the text",
}

CONSISTENCY_FIGURE_DESCRIPTION = (
    "The data of figure 02_consistency_2013: left, the text's 105 million yuan beside the 2013 imports its growth "
    "figures imply (CNY million); right, China's 2013 exports in USD beside Korea's, from the text and from two "
    "public figures (USD million).")
CONSISTENCY_FIGURE_COLUMNS = {
    "panel": "the panel, with its unit: 'only equivalent to (CNY million)' or '1/10 ratio (US$ million)'",
    "label": "the bar's label (line breaks as spaces)",
    "value": ("the bar's height", "the panel's: CNY million (left) or USD million (right)"),
    "status": "stated (in the text), derived (computed from the text's numbers) or public figure",
    "ratio": ("China ÷ this Korean figure, written on its bar; blank for the other bars", "ratio"),
    "source": "the text's location, the formula of a derived value, or the public figure's fact id and page",
}

KOREAN_PRICES_DESCRIPTION = (
    "The two prices per episode of Korean dramas sold to China that text 001 prints (USD), converted to yuan at the "
    "annual average rate of their year.")
KOREAN_PRICES_COLUMNS = {
    "drama": "the Korean drama",
    "year": "the year of the price, as the text gives it (that of the rate)",
    "printed": "the price as printed (text)",
    "price_usd": ("the price, read from printed", "USD per episode"),
    "cny_per_usd": (_RATE, _CNY_PER_USD),
    "price_cny": ("price_usd × cny_per_usd, derived", _PER_EPISODE),
    "rate_series": "the series of the rate, as the snapshot names it",
    "rate_source_url": "the page the rate was read from",
    "location": "where the price is in the text",
}

EPISODE_GAPS_DESCRIPTION = (
    "How many times each Korean price per episode exceeds each Chinese price the text gives in words ('a few "
    "thousand yuan', 'a few hundred yuan'), as a range over the reading of 'a few' (parameters few_low, few_high).")
EPISODE_GAPS_COLUMNS = {
    "korean": "the Korean drama and the year of its price",
    "chinese": "the Chinese price, in the text's words",
    "korean_price_cny": ("the Korean price at its year's rate (tables/02_episode_prices_korean.csv)", _PER_EPISODE),
    "chinese_low_cny": ("lowest price 'a few' allows: few_low × 1,000 or × 100", _PER_EPISODE),
    "chinese_high_cny": ("highest price 'a few' allows: (few_high + 1) × 1,000 or × 100, minus 1", _PER_EPISODE),
    "gap_low": ("korean_price_cny ÷ chinese_high_cny, the narrowest gap", "ratio"),
    "gap_high": ("korean_price_cny ÷ chinese_low_cny, the widest gap", "ratio"),
}

EPISODE_PRICES_FIGURE_DESCRIPTION = (
    "The data of figure 02_episode_prices: prices per episode in yuan, the two Korean prices (points, at their "
    "year's rate) and the Chinese prices the text gives in words (bars from low to high; 'a few' = parameters "
    "few_low to few_high).")
EPISODE_PRICES_FIGURE_COLUMNS = {
    "item": "the Korean drama and year, or the Chinese price in the text's words",
    "low_cny": ("the Korean price, or the lowest price of the Chinese range", _PER_EPISODE),
    "high_cny": ("the Korean price, or the highest price of the Chinese range", _PER_EPISODE),
    "source": "the text's location and sentence, with the rate of the conversion or the reading of 'a few'",
}

USER_CHECK_DESCRIPTION = (
    "Every stated point and series claim of text 001 judged against the researcher's series of the parameter "
    "user_series: verdicts about that series, not the text's (never in the claims ledger).")
USER_CHECK_COLUMNS = {
    "check": "the stated point (flow, year and unit) or the claim's statement",
    "claim_id": "the claim checked (tables/claims.csv); blank for a stated point",
    "text_says": "the number the text prints, or the bound with its comparison ('< 0')",
    "from_user_series": ("the value computed from the user series; blank where it lacks the years needed",
                         "the stated point's (CNY million) or the claim's unit (tables/claims.csv)"),
    "verdict": "reproduced, approximate, discrepancy or not checkable, by the claim's comparison and tolerance (a "
               "stated point: whether the user's value rounds to the printed one)",
    "note": "the values a not-checkable row needs; blank otherwise",
}

SERVICES_MIX_DESCRIPTION = (
    "What UNCTAD's creative services are made of: the World's and Asia's creative-services exports by service "
    "group, percent of the region's total (UNCTADstat, data/snapshots/unctad_services_regional.csv), in 2010, "
    "2016 and 2024.")
_SERVICE_GROUPS = {"SRND": "research and development services", "SSFT": "software services",
                   "SAUV": "audio-visual services (where TV dramas belong)",
                   "SCRH": "cultural, recreational and heritage services"}
SERVICES_MIX_COLUMNS = {
    "region": "UNCTAD region",
    "year": _YEAR,
    **{column: (f"{_SERVICE_GROUPS[code]} ({code}), share of the region's creative-services exports (SCRE)", "percent")
       for code, column in SERVICE_MIX.items()},
    "other %": ("the other two groups together (advertising, market research and architecture, SAMA; information "
                "services, SINF), share of the region's creative-services exports", "percent"),
}

SERVICES_DESCRIPTION = (
    "Creative-services trade with the world of China and of the economy beside it (parameter comparison_economy; "
    f"default the Republic of Korea), 2010-2024, from {_UNCTAD}; balance and NTB computed here. Mostly R&D and "
    "software, not cultural content, and not trade between the two.")
SERVICES_COLUMNS = {
    "year": _YEAR,
    "economy": "the economy, as UNCTAD labels it",
    "n_members": "number of UNCTAD economies summed (1: a single economy)",
    "exports_usd_mn": ("creative-services exports to the world, as published; blank where UNCTAD gives no value",
                       _UNCTAD_USD),
    "imports_usd_mn": ("creative-services imports from the world, as published; blank where UNCTAD gives no value",
                       _UNCTAD_USD),
    "balance_usd_mn": ("exports minus imports, computed", _UNCTAD_USD),
    "ntb": ("normalized trade balance (X - M) / (X + M), computed", _NTB),
    "missing_members": "the economies, flows and UNCTAD's reasons of missing values; blank if none",
    "estimated_members": "the values UNCTAD footnotes as estimated (used), with flow and footnote; blank if none",
}

SERVICES_WINDOWS_DESCRIPTION = (
    "Per economy and period (text 001's years 2010-2016, and 2017-2024 after them): the average growth of "
    "creative-services exports, the lowest and highest NTB and the years with a deficit, from "
    "tables/02_creative_services.csv.")
SERVICES_WINDOWS_COLUMNS = {
    "economy": SERVICES_COLUMNS["economy"],
    "years": "the period, first-last year",
    "exports_cagr_pct": ("compound annual growth rate of exports from the first to the last year, computed; blank "
                         "if either is missing", "percent per year"),
    "ntb_lowest": ("lowest NTB of the period's years with a value", _NTB),
    "ntb_highest": ("highest NTB of the period's years with a value", _NTB),
    "deficit_years": "years of the period with an NTB below 0",
    "years_with_ntb": "years of the period with an NTB (both flows known)",
}

SERVICES_FIGURE_DESCRIPTION = (
    "The data of figure 02_creative_services: creative-services exports and imports with the world and NTB of China "
    "and the economy beside it, by year, one row per point drawn (a missing value breaks the line).")
SERVICES_FIGURE_COLUMNS = {
    "year": _YEAR,
    "economy": SERVICES_COLUMNS["economy"],
    "measure": "exports, imports or ntb",
    "value": ("the point drawn: exports or imports (UNCTAD's USD million ÷ 1,000) or the NTB", "`unit` (same row)"),
    "unit": "unit of value: US$ billion (current prices) or NTB (index, -1 to 1)",
    "in_text_window": "True for the years of text 001's figures, 2010-2016 (shaded)",
    "source": "the snapshot the value comes from; NTB computed here",
}
