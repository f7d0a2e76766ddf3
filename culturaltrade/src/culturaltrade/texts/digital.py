"""Text 003 (digital outlook): series from the public facts, source choices, a scenario fan.

Text 003 makes qualitative claims. The functions here build the public series that can
test them — always keeping each value's ``fact_id`` and URL — and make every choice
visible: which of several conflicting rows is used (:func:`choose_sources`), which
windows a growth rate is taken over (:func:`window_cagrs`), and how a scenario is drawn
(:func:`scenario_fan`).
"""

from __future__ import annotations

import math
import re
import statistics

import pandas as pd

from ..datasets import load_dataset
from ..facts import fact
from ..indicators import cagr, normalized_trade_balance
from ..params import ParameterError

PAPER = "003_47e3faef388c34a8.txt"
NOTEBOOK = "04_digital_outlook"
# Text 000's Table II, shown beside the public figures ("strong hardware, weak software").
TEXT000 = "000_6e1eae5ef8072df6.txt"
TEXT000_TABLE2 = "000_table2_ntb_2011_2015"

# The quantities a researcher may choose sources for, and the fact ids that measure them.
# Candidate rows are selected by fact-id pattern (a suffix marks a second source).
QUANTITIES = {
    "games_overseas_revenue": {
        "pattern": r"GAMES-OVERSEAS-(?P<year>\d{4})(-[A-Z0-9]+)?",
        "label": "China's self-developed games: overseas sales revenue",
        "currency": "USD",
    },
    "online_literature_overseas_revenue": {
        "pattern": r"ONLINELIT-OVERSEAS-(REV|MARKET)-(?P<year>\d{4})(-[A-Z0-9]+)?",
        "label": "Chinese online literature: overseas market revenue",
        "currency": "CNY",
    },
}
# MOFCOM "cultural products" (goods): the fact ids of each year's printed figures.
GOODS_FACTS = {
    2016: {"exports": "MOFCOM-GOODS-EXP-2016", "total": "MOFCOM-GOODS-TOTAL-2016", "surplus": "MOFCOM-GOODS-SURPLUS-2016"},
    2017: {"exports": "MOFCOM-GOODS-EXP-2017", "imports": "MOFCOM-GOODS-IMP-2017", "surplus": "MOFCOM-GOODS-SURPLUS-2017",
           "total": "MOFCOM-GOODS-TOTAL-2017"},
    2018: {"exports": "MOFCOM-GOODS-EXP-2018", "imports": "MOFCOM-GOODS-IMP-2018", "surplus": "MOFCOM-GOODS-SURPLUS-2018"},
    2019: {"exports": "MOFCOM-GOODS-EXP-2019", "imports": "MOFCOM-GOODS-IMP-2019", "surplus": "MOFCOM-GOODS-SURPLUS-2019",
           "total": "MOFCOM-GOODS-TOTAL-2019"},
    2023: {"exports": "MOFCOM-GOODS-EXP-2023", "imports": "MOFCOM-GOODS-IMP-2023-CGTN", "total": "MOFCOM-GOODS-TOTAL-2023"},
}
# Shares of the main destination markets in the overseas revenue of Chinese mobile games.
MARKET_SHARE_FACTS = {
    2020: {"United States": "GAMES-OVERSEAS-MOBILE-SHARE-US-2020", "Japan": "GAMES-OVERSEAS-MOBILE-SHARE-JP-2020",
           "South Korea": "GAMES-OVERSEAS-MOBILE-SHARE-KR-2020"},
    2023: {"United States": "GAMES-OVERSEAS-MOBILE-SHARE-US-2023-CNS", "Japan": "GAMES-OVERSEAS-MOBILE-SHARE-JP-2023-CNS",
           "South Korea": "GAMES-OVERSEAS-MOBILE-SHARE-KR-2023"},
    2024: {"United States": "GAMES-OVERSEAS-MOBILE-SHARE-US-2024", "Japan": "GAMES-OVERSEAS-MOBILE-SHARE-JP-2024",
           "South Korea": "GAMES-OVERSEAS-MOBILE-SHARE-KR-2024"},
}
OTHER_MARKETS = "all other markets (derived)"
SERVICES_FACTS = {2017: {"exports": "MOFCOM-SERV-EXP-2017", "imports": "MOFCOM-SERV-IMP-2017",
                         "total": "MOFCOM-SERV-TOTAL-2017"}}


# --------------------------------------------------------------------------- sources
def candidates(facts: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """Every full-year row that measures ``quantity``, in billions of its currency.

    Columns: fact_id, year, amount_billion, value, unit, flags (threshold, approximate,
    forecast, low_reliability), usable (bool) and why_not (reason a row cannot be used),
    publisher, source_url.
    """
    if quantity not in QUANTITIES:
        raise ParameterError(f"unknown quantity {quantity!r}; known: {sorted(QUANTITIES)}")
    spec = QUANTITIES[quantity]
    rows = []
    for row in facts.itertuples(index=False):
        match = re.fullmatch(spec["pattern"], row.fact_id)
        if not match or not re.fullmatch(r"\d{4}", str(row.year or "")):
            continue
        why_not = []
        if row.currency != spec["currency"]:
            why_not.append(f"printed in {row.currency or row.unit}, not {spec['currency']}")
        if row.forecast:
            why_not.append("a forecast, not an outturn")
        rows.append({
            "fact_id": row.fact_id, "year": int(row.year), "amount_billion": row.amount_billion,
            "value": row.value, "unit": row.unit, "threshold": bool(row.threshold),
            "approximate": bool(row.approximate), "forecast": bool(row.forecast),
            "low_reliability": bool(row.low_reliability), "usable": not why_not,
            "why_not": "; ".join(why_not), "publisher": row.publisher, "source_url": row.source_url,
        })
    return pd.DataFrame(rows).sort_values(["year", "fact_id"]).reset_index(drop=True)


def _significant_digits(text: str) -> int:
    return len(text.replace(".", "").lstrip("0"))


def default_choice(rows: pd.DataFrame) -> str:
    """The rule for choosing among conflicting rows of one year (stated in notebook 04).

    Among usable rows prefer, in turn: not low-reliability, a point value (not 'more
    than'), not 'about', the most significant digits printed (the report's own figure
    rather than a rounded repetition), then the alphabetically first fact id.
    """
    usable = rows[rows["usable"]]
    if usable.empty:
        raise ValueError("no usable row")
    ranked = usable.assign(digits=[_significant_digits(v) for v in usable["value"]]).sort_values(
        ["low_reliability", "threshold", "approximate", "digits", "fact_id"],
        ascending=[True, True, True, False, True], kind="stable")
    return str(ranked.iloc[0]["fact_id"])


def choose_sources(table: pd.DataFrame, quantity: str, overrides: dict) -> pd.DataFrame:
    """One row per year: the default choice, or the researcher's override for that year.

    ``overrides`` maps ``"<quantity>/<year>"`` to a fact id; a key for another quantity
    is ignored here, but an unknown year or a fact id that does not measure this quantity
    in that year is a :class:`ParameterError` naming the allowed ids.
    """
    chosen = []
    for year, rows in table.groupby("year"):
        if not rows["usable"].any():
            continue
        key = f"{quantity}/{year}"
        if key in overrides:
            fact_id = overrides[key]
            allowed = list(rows.loc[rows["usable"], "fact_id"])
            if fact_id not in allowed:
                raise ParameterError(f"parameter `source_choice`: {fact_id!r} is not a usable source for {key}; "
                                     f"choose one of {allowed}")
            reason = "chosen by parameter `source_choice`"
        else:
            fact_id = default_choice(rows)
            others = len(rows) - 1
            reason = "only source" if others == 0 else f"default rule, {others} other row(s)"
        chosen.append(rows[rows["fact_id"] == fact_id].iloc[0].to_dict() | {"choice": reason})
    for key in overrides:
        name, _, year = key.partition("/")
        if name == quantity and (not year.isdigit() or int(year) not in {c["year"] for c in chosen}):
            raise ParameterError(f"parameter `source_choice`: no usable {quantity} figure for year {year!r}")
    return pd.DataFrame(chosen).reset_index(drop=True)


def check_source_choice(overrides, facts: pd.DataFrame | None = None) -> dict:
    """Validate the `source_choice` parameter: {'<quantity>/<year>': '<fact id>'}.

    With ``facts``, each fact id must also be a usable source for its quantity and year."""
    if not isinstance(overrides, dict):
        raise ParameterError(f"parameter `source_choice` must be a mapping, got {overrides!r}")
    for key, value in overrides.items():
        name, sep, year = str(key).partition("/")
        if not sep or name not in QUANTITIES or not year.isdigit():
            raise ParameterError(f"parameter `source_choice`: key {key!r} must be '<quantity>/<year>' with quantity "
                                 f"one of {sorted(QUANTITIES)}")
        if not isinstance(value, str):
            raise ParameterError(f"parameter `source_choice`: value for {key!r} must be a fact id")
        if facts is not None:  # and each id must be a usable source of that quantity and year
            table = candidates(facts, name)
            allowed = list(table.loc[(table["year"] == int(year)) & table["usable"], "fact_id"])
            if value not in allowed:
                raise ParameterError(f"parameter `source_choice`: {value!r} is not a usable source for {key}; "
                                     f"choose one of {allowed}")
    return dict(overrides)


def check_horizon(horizon_year, facts: pd.DataFrame) -> int:
    """The scenario horizon: a year after the last usable observation of the public figures."""
    from ..params import integer_between

    horizon_year = integer_between("horizon_year", horizon_year, 2000, 2100)
    last = max(int(candidates(facts, quantity).query("usable")["year"].max()) for quantity in QUANTITIES)
    if horizon_year <= last:
        raise ParameterError(f"parameter `horizon_year` ({horizon_year}) must be after the last observation ({last})")
    return horizon_year


# --------------------------------------------------------------------------- growth
def window_cagrs(series: pd.Series, windows: list, parameter: str = "windows") -> pd.DataFrame:
    """CAGR over each [start, end] window of a year-indexed series; both endpoints must exist.

    ``parameter`` names the notebook parameter the windows come from, for error messages.
    """
    if not isinstance(windows, (list, tuple)) or not windows:
        raise ParameterError(f"parameter `{parameter}` must be a non-empty list of [start, end] windows, got {windows!r}")
    rows = []
    for window in windows:
        if not (isinstance(window, (list, tuple)) and len(window) == 2
                and all(isinstance(y, int) and not isinstance(y, bool) for y in window)):
            raise ParameterError(f"parameter `{parameter}`: a window must be [start_year, end_year], got {window!r}")
        start, end = window
        if start >= end:
            raise ParameterError(f"parameter `{parameter}`: window {list(window)} must start before it ends")
        missing = [y for y in (start, end) if y not in series.index or pd.isna(series.get(y))]
        if missing:
            raise ParameterError(f"parameter `{parameter}`: window {list(window)} has no observation for {missing} "
                                 f"(years observed: {sorted(int(y) for y in series.dropna().index)})")
        rows.append({"start": start, "end": end, "years": end - start,
                     "start_value": series[start], "end_value": series[end],
                     "cagr": cagr(series[start], series[end], end - start)})
    return pd.DataFrame(rows)


def stated_vs_recomputed_growth(levels: pd.Series, stated: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth printed by the facts next to the growth implied by the chosen levels.

    ``stated`` has columns year, fact_id, percent (signed). A year whose previous level
    is missing gets no recomputation (NaN).
    """
    rows = []
    for row in stated.itertuples():
        previous, current = levels.get(row.year - 1), levels.get(row.year)
        recomputed = math.nan if previous is None or current is None else (current / previous - 1) * 100
        rows.append({"year": row.year, "fact_id": row.fact_id, "stated_percent": row.percent,
                     "recomputed_percent": recomputed})
    return pd.DataFrame(rows)


def scenario_fan(last_year: int, last_value: float, rates: pd.Series, horizon: int) -> pd.DataFrame:
    """Constant-growth paths from the last observation to ``horizon``.

    ``rates`` are the historical CAGRs of the chosen windows; low / central / high are
    their minimum, median and maximum. This is arithmetic on stated assumptions — a
    scenario, not a forecast.
    """
    if horizon <= last_year:
        raise ParameterError(f"parameter `horizon_year` ({horizon}) must be after the last observation ({last_year})")
    if rates.empty:
        raise ParameterError("no CAGR window to build the scenario from")
    levels = {"low": min(rates), "central": statistics.median(rates), "high": max(rates)}
    rows = []
    for year in range(last_year, horizon + 1):
        row = {"year": year}
        for name, rate in levels.items():
            row[name] = last_value * (1 + rate) ** (year - last_year)
        rows.append(row)
    fan = pd.DataFrame(rows)
    fan.attrs["rates"] = levels
    return fan


# --------------------------------------------------------------------------- goods and services
def _amount(facts: pd.DataFrame, fact_id: str | None) -> float:
    return math.nan if fact_id is None else float(fact(facts, fact_id)["amount_billion"])


def trade_balance_table(facts: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Exports, imports, balance and NTB per year from MOFCOM facts (US$ billion).

    Where a year prints exports and the total but not imports (2016), imports are derived
    as total − exports and flagged. Printed surpluses are kept beside the recomputed ones.
    """
    rows = []
    for year, ids in sorted(spec.items()):
        exports = _amount(facts, ids.get("exports"))
        imports = _amount(facts, ids.get("imports"))
        derived = ""
        if math.isnan(imports) and "total" in ids:
            imports = _amount(facts, ids["total"]) - exports
            derived = "imports derived as total − exports"
        rows.append({
            "year": year, "exports": exports, "imports": imports,
            "balance": exports - imports, "balance_printed": _amount(facts, ids.get("surplus")),
            "total": exports + imports, "total_printed": _amount(facts, ids.get("total")),
            "ntb": normalized_trade_balance(exports, imports), "derived": derived,
            "fact_ids": ", ".join(ids.values()),
        })
    return pd.DataFrame(rows)


def market_shares(facts: pd.DataFrame, spec: dict = MARKET_SHARE_FACTS) -> pd.DataFrame:
    """Year, market, share (%), source (fact id) and source_url; the rest derived as 100 − the markets."""
    rows = []
    for year, by_market in spec.items():
        for market, fact_id in by_market.items():
            row = fact(facts, fact_id)
            rows.append({"year": year, "market": market, "share": float(row["value"]), "source": fact_id,
                         "source_url": row["source_url"]})
        listed = sum(r["share"] for r in rows[-len(by_market):])
        rows.append({"year": year, "market": OTHER_MARKETS, "share": 100 - listed,
                     "source": "derived: 100 − " + " − ".join(by_market.values()), "source_url": ""})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def plot_ntb_comparison(points: pd.DataFrame):
    """NTB by year for several series (hardware-heavy goods vs content goods vs services).

    ``points`` has columns series, year, ntb.
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS, plot_consecutive

    colours = {0: ROLE_COLOURS["exports"], 1: ROLE_COLOURS["imports"], 2: ROLE_COLOURS["derived"]}
    markers = {0: "o", 1: "s", 2: "D"}
    fig, ax = plt.subplots()
    ax.axhline(0, color="#444444", lw=0.8)
    for i, (name, part) in enumerate(points.groupby("series", sort=False)):
        ax.scatter(part["year"], part["ntb"], marker=markers[i % 3], color=colours[i % 3], label=name, s=45, zorder=3)
        plot_consecutive(ax, part["year"], part["ntb"], color=colours[i % 3], lw=1.4)
        last = part.iloc[-1]
        ax.annotate(f"{last['ntb']:+.2f}", (last["year"], last["ntb"]), textcoords="offset points",
                    xytext=(6, 0), va="center", fontsize=8.5, color=colours[i % 3])
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("Year")
    ax.set_ylabel("NTB = (X − M) / (X + M)  (dimensionless)")
    ax.set_title("Strong hardware, weak software: the NTB depends on what is counted")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1, fontsize=8.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_series_with_sources(all_rows: pd.DataFrame, chosen: pd.DataFrame, ylabel: str, title: str):
    """Annual values: the chosen source per year (black, joined only between consecutive
    years), every other source as a separate marker; 'more than' values as upward
    triangles, low-reliability values hollow. Years without a value stay empty.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import GREY, ROLE_COLOURS, plot_consecutive

    fig, ax = plt.subplots()
    chosen = chosen.sort_values("year")
    plot_consecutive(ax, chosen["year"], chosen["amount_billion"], color=ROLE_COLOURS["stated"], lw=1.5)
    others = all_rows[all_rows["usable"] & ~all_rows["fact_id"].isin(chosen["fact_id"])]
    ax.scatter(others["year"], others["amount_billion"], marker="_", s=160, color=ROLE_COLOURS["derived"],
               zorder=3, label="other source for the same year")
    for row in chosen.itertuples():
        marker = "^" if row.threshold else "o"
        face = "white" if row.low_reliability else ROLE_COLOURS["stated"]
        ax.scatter([row.year], [row.amount_billion], marker=marker, s=55, facecolor=face,
                   edgecolor=ROLE_COLOURS["stated"], zorder=4)
    ax.scatter([], [], marker="o", s=55, color=ROLE_COLOURS["stated"], label="value used (see choice table)")
    ax.scatter([], [], marker="^", s=55, color=ROLE_COLOURS["stated"], label="'more than' (a lower bound)")
    ax.scatter([], [], marker="o", s=55, facecolor="white", edgecolor=ROLE_COLOURS["stated"],
               label="low-reliability source")
    span = range(int(all_rows["year"].min()), int(all_rows["year"].max()) + 1)
    gaps = [y for y in span if y not in set(chosen["year"])]
    for year in gaps:
        ax.axvspan(year - 0.4, year + 0.4, color=GREY, alpha=0.12, lw=0)
    handles, _ = ax.get_legend_handles_labels()
    if gaps:
        handles.append(Patch(facecolor=GREY, alpha=0.25, label="no full-year figure in the facts"))
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_market_shares(shares: pd.DataFrame):
    """Stacked bars of destination-market shares by year; ``shares`` has year, market, share."""
    import matplotlib.pyplot as plt

    from ..figures import GREY, OKABE_ITO

    colours = {"United States": OKABE_ITO["blue"], "Japan": OKABE_ITO["vermillion"],
               "South Korea": OKABE_ITO["bluish_green"], OTHER_MARKETS: GREY}
    fig, ax = plt.subplots()
    years = sorted(shares["year"].unique())
    bottom = pd.Series(0.0, index=years)
    for market, colour in colours.items():
        part = shares[shares["market"] == market].set_index("year")["share"].reindex(years)
        ax.bar([str(y) for y in years], part.fillna(0), bottom=bottom, color=colour, label=market, width=0.6)
        for x, (value, base) in enumerate(zip(part, bottom)):
            if pd.notna(value):
                ax.text(x, base + value / 2, f"{value:.1f}", ha="center", va="center", fontsize=8.5,
                        color="white" if market != OTHER_MARKETS else "#222222")
        bottom = bottom + part.fillna(0)
    ax.set_ylim(0, 100)
    ax.set_xlabel("Year")
    ax.set_ylabel("Share of overseas revenue, mobile games (%)")
    ax.set_title("Where China's self-developed mobile games earn abroad")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8.5)
    return fig


def plot_scenario(history: pd.DataFrame, fans: dict[str, pd.DataFrame], ylabel: str, title: str):
    """History (points used) and, for each series, the low–high band and central path."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    from ..figures import OKABE_ITO, ROLE_COLOURS, plot_consecutive

    fig, ax = plt.subplots()
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"]]
    for colour, (name, fan) in zip(colours, fans.items()):
        past = history[history["series"] == name].sort_values("year")
        ax.scatter(past["year"], past["value"], color=colour, s=30, zorder=3, label=f"{name}: observed")
        plot_consecutive(ax, past["year"], past["value"], color=colour, lw=1.2)
        ax.fill_between(fan["year"], fan["low"], fan["high"], color=colour, alpha=0.15, lw=0,
                        label=f"{name}: scenario range (min–max of window CAGRs)")
        ax.plot(fan["year"], fan["central"], color=colour, ls="--", lw=1.2,
                label=f"{name}: central path (median CAGR)")
        end = fan.iloc[-1]
        ax.annotate(f"{end['low']:.0f}–{end['high']:.0f}", (end["year"], end["high"]), textcoords="offset points",
                    xytext=(4, 4), fontsize=8.5, color=colour)
    ax.text(0.99, 0.02, "SCENARIO, NOT A FORECAST: constant historical growth rates, extended",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5, color=ROLE_COLOURS["threshold"],
            fontweight="bold")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def text000_ntb() -> pd.DataFrame:
    """Text 000's Table II: year and the NTB recomputed from its printed exports and imports."""
    table2 = load_dataset(TEXT000_TABLE2, units={"export_amount": "US$ 10,000", "import_amount": "US$ 10,000"})
    return pd.DataFrame({"year": table2["year"],
                         "ntb_recomputed": normalized_trade_balance(table2["export_amount"], table2["import_amount"])})
