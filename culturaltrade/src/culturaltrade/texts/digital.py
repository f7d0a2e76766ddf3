"""Text 003 (digital outlook): its claims, the public series that test them, source choices, a scenario.

Text 003 prints almost no numbers: dates, the names of two Five-Year Plans, a version number
('3.0'), 'three' and 'first'. Its other claims are qualitative; the compendium tests them with
indicators and thresholds of its own (``kind = qualitative``). The functions here build the
public series that can test them — always keeping each value's ``fact_id`` and URL — and make
every choice visible: which of several conflicting rows is used (:func:`choose_sources`), which
windows a growth rate is taken over (:func:`window_growth`, :func:`window_cagrs`), when a
'more than' figure still settles a comparison (:func:`settled_value`), and how a scenario is
drawn (:func:`scenario_fan`). UNCTAD's creative-services table gives the one official series
beside them (:func:`services_levels`, :func:`services_windows`, :func:`growth_gap`), with its
caveat: creative services are mostly R&D and software, not cultural content.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..claims import Claim
from ..facts import fact
from ..indicators import bounds_from_rounding, cagr, normalized_trade_balance, propagate_bounds
from .. import unctad
from ..params import ParameterError

PAPER = "003_47e3faef388c34a8.txt"
NOTEBOOK = "04_digital_outlook"
# The article's date line ("2025-12-09", under the title): the date its "recently" and "this
# year" refer to.
ARTICLE_DATE = "2025-12-09"
# Paragraph 1, sentence 1, as printed: 'the "new three kinds" of culture - online culture,
# online drama and online games'.
NEW_THREE_KINDS = ("online culture", "online drama", "online games")
# Paragraph 1, sentence 22: the aspects the 3.0 protocol "for the first time incorporated", as the
# sentence names them, and the words MOFCOM's list of the upgrade's areas uses for each
# (ACFTA3-AREAS-COUNT: "covers nine areas: Digital Economy, Green Economy, Supply Chain Connectivity").
ACFTA3_NAMED_AREAS = {"digital economy": "Digital Economy", "supply chain cooperation": "Supply Chain"}
ACFTA3_AREAS_FACT = "ACFTA3-AREAS-COUNT"
ACFTA3_SIGNED_FACTS = ["EVENT-ACFTA3-SIGNED", "EVENT-ACFTA3-SIGNED-XINHUA"]
# The earlier versions of the China–ASEAN FTA that the facts date (1.0 in 2010; 2.0 signed 2015,
# in full effect 2019).
ACFTA_EARLIER_VERSION_FACTS = ["EVENT-ACFTA1-FULLY-IMPLEMENTED", "EVENT-ACFTA2-EFFECTIVE"]
WIC_FACTS = {"start (scheduled)": "EVENT-WIC2025-WUZHEN-START", "official opening": "EVENT-WIC2025-WUZHEN-OPENING",
             "end": "EVENT-WIC2025-WUZHEN-END"}
BLACK_MYTH_RELEASE_FACTS = ["EVENT-BLACKMYTH-RELEASE", "EVENT-BLACKMYTH-RELEASE-GAMERANX"]
# "Continuous expansion in scale": MOFCOM's totals. The 2021 figure ('exceeded US$ 200 bn') is
# labelled 'cultural products' (goods) by Xinhua English and 'foreign cultural trade' (goods and
# services) by the Chinese and Japanese reprints; the measure each label gives it is stated here.
SCALE_2021_FACTS = {
    "MOFCOM-GOODS-TOTAL-2021": {"measure": "goods", "label": "'cultural products' (Xinhua English)"},
    "MOFCOM-CULT-TRADE-TOTAL-2021-CN": {"measure": "goods and services", "label": "对外文化贸易额 (Chinese original)"},
    "MOFCOM-CULT-TRADE-TOTAL-2021-JA": {"measure": "goods and services", "label": "対外文化貿易額 (Japanese reprint)"},
}
CULT_TRADE_GROWTH_FACTS = {2021: ["MOFCOM-CULT-TRADE-GROWTH-2021", "MOFCOM-CULT-TRADE-GROWTH-2021-ALLBRIGHT"]}

# The quantities a researcher may choose sources for, and the fact ids that measure them.
# Candidate rows are selected by fact-id pattern (a suffix marks a second source). Online
# literature abroad is published as two measures: overseas *revenue* (营收; CADPA, CWA) and
# overseas *market size* (市场规模; CWA blue book, CNNIC); they are kept apart.
QUANTITIES = {
    "games_overseas_revenue": {
        "pattern": r"GAMES-OVERSEAS-(?P<year>\d{4})(-[A-Z0-9]+)?",
        "label": "China's self-developed games: overseas sales revenue",
        "currency": "USD",
    },
    "online_literature_overseas_revenue": {
        "pattern": r"ONLINELIT-OVERSEAS-REV-(?P<year>\d{4})(-[A-Z0-9]+)?",
        "label": "Chinese online literature: overseas revenue",
        "currency": "CNY",
    },
    "online_literature_overseas_market": {
        "pattern": r"ONLINELIT-OVERSEAS-MARKET-(?P<year>\d{4})(-[A-Z0-9]+)?",
        "label": "Chinese online literature: overseas market size",
        "currency": "CNY",
    },
}
# Online literature: the 2021 growth CADPA prints beside its 2021 revenue (same sentence), which
# gives the 2020 level the plan started from.
LITERATURE_GROWTH_2021 = "ONLINELIT-OVERSEAS-REV-GROWTH-2021-CADPA"
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


# --------------------------------------------------------------------------- text 003's claims
def qualitative_claim(claim_id: str, location: str, statement: str, threshold, unit: str, *,
                      comparison: str = "greater_than", tolerance: str = "rounding", note: str = "",
                      reading_of: str = "") -> Claim:
    """A qualitative statement of text 003, tested with an indicator and a threshold the compendium
    chose (often a notebook parameter). The threshold is never the text's number (``reported`` stays
    empty)."""
    return Claim(claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, kind="qualitative", location=location,
                 statement=statement, reported="", threshold=str(threshold), unit=unit, comparison=comparison,
                 tolerance=tolerance, approximate="none", note=note, reading_of=reading_of)


def days_before_article(day: str) -> int:
    """Days from ``day`` (an ISO date) to the article's date line."""
    return (date.fromisoformat(ARTICLE_DATE) - date.fromisoformat(day)).days


def dated_sources(facts: pd.DataFrame, fact_ids, measure) -> pd.DataFrame:
    """One row per public source of a date: fact_id, publisher, source_url, the date as printed
    and ``value`` = ``measure(date)`` (the number the claim is judged on), for
    :meth:`Ledger.check_sources`."""
    rows = []
    for fact_id in fact_ids:
        row = fact(facts, fact_id)
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "date": row["value"], "value": float(measure(row["value"]))})
    return pd.DataFrame(rows)


def acfta_version_signed(facts: pd.DataFrame) -> dict:
    """The version number of the protocol signed in 2025: one more than the versions the facts
    date before its signing (1.0 in 2010; 2.0 signed in 2015, in full effect in 2019)."""
    signed = date.fromisoformat(fact(facts, ACFTA3_SIGNED_FACTS[0])["value"])
    earlier = [fid for fid in ACFTA_EARLIER_VERSION_FACTS if int(fact(facts, fid)["value"][:4]) <= signed.year]
    return {"signed": signed.isoformat(), "earlier": earlier, "version": len(earlier) + 1}


def acfta3_areas_named(facts: pd.DataFrame) -> list[str]:
    """Which of the aspects sentence 22 names appear in MOFCOM's list of the 3.0 upgrade's areas."""
    listed = fact(facts, ACFTA3_AREAS_FACT)["snippet"]
    return [name for name, word in ACFTA3_NAMED_AREAS.items() if word in listed]


# --------------------------------------------------------------------------- levels and bounds
@dataclass(frozen=True)
class Level:
    """A level the facts print: its year, amount (in billions of its currency), the interval the
    printed rounding allows, where it comes from, and whether it was printed as 'more than'
    (then ``low`` = ``high`` = the bound, and the true value lies above it)."""

    year: int
    amount: float
    low: float
    high: float
    source: str
    more_than: bool = False


def level(facts: pd.DataFrame, fact_id: str) -> Level:
    """The level a money fact prints (its year, amount in billions, rounding interval, 'more than')."""
    row = fact(facts, fact_id)
    if not re.fullmatch(r"\d{4}", str(row["year"] or "")) or math.isnan(row["amount_billion"]):
        raise ValueError(f"{fact_id} is not a full-year money figure")
    factor = row["amount_billion"] / row["number"]
    if row["threshold"]:
        low = high = row["amount_billion"]
    else:
        low, high = (bound * factor for bound in bounds_from_rounding(row["value"]))
    return Level(int(row["year"]), float(row["amount_billion"]), float(low), float(high), fact_id,
                 bool(row["threshold"]))


def level_before_growth(facts: pd.DataFrame, level_id: str, growth_id: str) -> Level:
    """The previous year's level implied by a printed level and its printed growth over that year
    (level / (1 + growth)), with the interval their rounding allows."""
    after, growth = fact(facts, level_id), fact(facts, growth_id)
    if after["threshold"] or after["year"] != growth["year"]:
        raise ValueError(f"{level_id} and {growth_id} must be a point level and its growth in the same year")
    factor = after["amount_billion"] / after["number"]

    def before(value, percent):
        return value * factor / (1 + percent / 100)

    low, high = propagate_bounds(before, bounds_from_rounding(after["value"]), bounds_from_rounding(growth["value"]))
    return Level(int(after["year"]) - 1, float(before(after["number"], growth["percent"])), float(low), float(high),
                 f"{level_id} / (1 + {growth_id})")


def window_growth(start: Level, end: Level, annual: bool = True) -> dict:
    """Growth from ``start`` to ``end`` in percent: a CAGR (``annual``) or the total change.

    ``point`` comes from the printed numbers, ``low``/``high`` from their rounding. A 'more
    than' level makes the result a bound: an upper bound if the start is 'more than' (the true
    start is larger), a lower bound if the end is; with both, no bound at all.
    """
    years = end.year - start.year
    if years <= 0:
        raise ValueError(f"a growth window must run forward, got {start.year} to {end.year}")

    def growth(s, e):
        return (cagr(s, e, years) if annual else e / s - 1) * 100

    low, high = propagate_bounds(growth, (start.low, start.high), (end.low, end.high))
    bound = {(False, False): "point", (True, False): "upper bound", (False, True): "lower bound",
             (True, True): "no bound"}[(start.more_than, end.more_than)]
    return {"start": start, "end": end, "years": years, "annual": annual,
            "point": growth(start.amount, end.amount), "low": low, "high": high, "bound": bound}


def settled_value(growth: dict, comparison: str, threshold: float):
    """What the ledger judges a growth on: the interval over the printed rounding when both ends
    are point values; when an end is 'more than', the bound itself if it settles the comparison
    with ``threshold``, else None (not checkable: the bound points the wrong way)."""
    if growth["bound"] == "point":
        return growth["low"], growth["high"]
    bound, x = growth["bound"], growth["point"]
    if comparison == "greater_than":
        settles = (bound == "lower bound" and x > threshold) or (bound == "upper bound" and x <= threshold)
    elif comparison == "less_than":
        settles = (bound == "upper bound" and x < threshold) or (bound == "lower bound" and x >= threshold)
    else:
        raise ValueError(f"a bound settles only less_than or greater_than, not {comparison!r}")
    return x if settles else None


def share_change(start: Level, end: Level) -> dict:
    """Change of a share from ``start`` to ``end`` in percentage points (both point values)."""
    if start.more_than or end.more_than:
        raise ValueError("a share change needs point values at both ends")
    return {"start": start, "end": end, "years": end.year - start.year, "annual": False, "kind": "difference",
            "point": end.amount - start.amount, "low": end.low - start.high, "high": end.high - start.low,
            "bound": "point"}


def largest_step(levels: list[Level]) -> dict:
    """The largest change between consecutive levels (percentage points), with its rounding interval:
    every step stays below a bound if and only if the largest one does."""
    steps = [share_change(a, b) for a, b in zip(levels, levels[1:])]
    if not steps:
        raise ValueError("the largest step needs at least two levels")
    largest = max(steps, key=lambda step: step["point"])
    return {**largest, "kind": "largest step", "steps": steps,
            "low": max(step["low"] for step in steps), "high": max(step["high"] for step in steps)}


def growth_arithmetic(growth: dict) -> str:
    """The arithmetic of a growth or change, for the reader: '(18.557 / 18+)^(1/3) − 1 = 1.02 % at
    most' ('+' marks a 'more than' figure) and what a 'more than' end makes of it."""
    start, end = growth["start"], growth["end"]
    if growth.get("kind") == "largest step":
        parts = ", ".join(f"{step['start'].year}→{step['end'].year}: {step['point']:+.2f}"
                          for step in growth["steps"])
        return f"largest of ({parts}) = {growth['point']:+.2f} pp"
    if growth.get("kind") == "gap":
        after, before = growth["after"], growth["before"]
        return (f"{after['point']:.2f} % ({after['start'].year}→{after['end'].year}) − {before['point']:.2f} % "
                f"({before['start'].year}→{before['end'].year}) = {growth['point']:+.2f} pp")
    if growth.get("kind") == "difference":
        return f"{end.amount:.4g} − {start.amount:.4g} = {growth['point']:+.2f} pp"
    ratio = f"{end.amount:.5g}{'+' if end.more_than else ''} / {start.amount:.5g}{'+' if start.more_than else ''}"
    text = f"({ratio})^(1/{growth['years']}) − 1" if growth["annual"] else f"{ratio} − 1"
    note = {"point": "", "upper bound": " at most (the start is 'more than')",
            "lower bound": " at least (the end is 'more than')", "no bound": " (both ends 'more than': no bound)"}
    return f"{text} = {growth['point']:.2f} %{note[growth['bound']]}"


def check_growth(ledger, claim_id: str, growth: dict, *, section: str, note: str = "") -> str:
    """Judge a qualitative claim on a growth or change (:func:`window_growth`, :func:`share_change`),
    with the arithmetic in the ledger's note; a 'more than' end that does not settle the comparison
    makes it not checkable, and the note says why."""
    claim = ledger.claims[claim_id]
    recomputed = settled_value(growth, claim.comparison, float(claim.threshold))
    unsettled = ("" if recomputed is not None else
                 f"the 'more than' figure does not settle whether it is {claim.comparison.replace('_', ' ')} "
                 f"{claim.threshold}")
    return ledger.check(claim_id, recomputed, section=section,
                        value=growth["point"] if isinstance(recomputed, tuple) else None,
                        note="; ".join(part for part in (note, growth_arithmetic(growth), unsettled) if part))


def growth_sources(facts: pd.DataFrame, growths: dict[str, dict], comparison: str, threshold: float) -> pd.DataFrame:
    """Sources for :meth:`Ledger.check_sources` when the claim rests on a growth: one row per
    ``fact_id`` (the source that differs), ``value`` the growth it gives (NaN where a 'more than'
    figure does not settle the comparison), ``value_low``/``value_high`` over the printed rounding,
    and the arithmetic."""
    rows = []
    for fact_id, growth in growths.items():
        row = fact(facts, fact_id)
        settled = settled_value(growth, comparison, threshold) if growth is not None else None
        low, high = settled if isinstance(settled, tuple) else (math.nan, math.nan)
        value = growth["point"] if isinstance(settled, tuple) else (math.nan if settled is None else settled)
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "value": value, "value_low": low, "value_high": high,
                     "arithmetic": growth_arithmetic(growth) if growth is not None else "not the same measure"})
    return pd.DataFrame(rows)


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


def listed_markets_share(facts: pd.DataFrame, spec: dict = MARKET_SHARE_FACTS) -> dict[int, Level]:
    """Per year, the summed share (%) of the markets listed in ``spec`` (the United States, Japan and
    South Korea), as a :class:`Level` with the interval the rounding of each printed share allows."""
    levels = {}
    for year, by_market in spec.items():
        printed = [fact(facts, fact_id)["value"] for fact_id in by_market.values()]
        bounds = [bounds_from_rounding(value) for value in printed]
        levels[year] = Level(year, sum(float(value) for value in printed), sum(b[0] for b in bounds),
                             sum(b[1] for b in bounds), " + ".join(by_market.values()))
    return levels


# --------------------------------------------------------------------------- figures
def plot_series_with_sources(all_rows: pd.DataFrame, chosen: pd.DataFrame, ylabel: str, title: str,
                             other_label: str = "other source for the same year",
                             gap_label: str = "no full-year figure in the facts"):
    """Annual values: the chosen source per year (black, joined only between consecutive
    years), every other row as a separate marker (``other_label``); 'more than' values as
    upward triangles, low-reliability values hollow. Years without a chosen value stay empty,
    shaded (``gap_label``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import GREY, ROLE_COLOURS, plot_consecutive

    fig, ax = plt.subplots()
    chosen = chosen.sort_values("year")
    plot_consecutive(ax, chosen["year"], chosen["amount_billion"], color=ROLE_COLOURS["stated"], lw=1.5)
    others = all_rows[all_rows["usable"] & ~all_rows["fact_id"].isin(chosen["fact_id"])]
    ax.scatter(others["year"], others["amount_billion"], marker="_", s=160, color=ROLE_COLOURS["derived"],
               zorder=3, label=other_label)
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
        handles.append(Patch(facecolor=GREY, alpha=0.25, label=gap_label))
    ax.set_xlabel("Year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.set_ylim(bottom=0)
    ax.legend(handles=handles, loc="upper left", fontsize=8.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_scale(points: pd.DataFrame, plan_start_year: int):
    """MOFCOM's cultural-trade totals by year: cultural goods (points), a 'more than' figure
    (upward triangle, labelled with its disputed measure); the plan's years shaded.

    ``points`` has columns year, value (US$ billion), more_than (bool), label.
    """
    import matplotlib.pyplot as plt

    from ..figures import GREY, ROLE_COLOURS, plot_consecutive

    fig, ax = plt.subplots()
    ax.axvspan(plan_start_year - 0.5, 2025.5, color=GREY, alpha=0.12, lw=0,
               label=f"14th Five-Year Plan ({plan_start_year}–2025, the compendium's dating)")
    goods = points[~points["more_than"]].sort_values("year")
    plot_consecutive(ax, goods["year"], goods["value"], color=ROLE_COLOURS["stated"], lw=1.4)
    ax.scatter(goods["year"], goods["value"], color=ROLE_COLOURS["stated"], s=40, zorder=3,
               label="MOFCOM cultural goods ('cultural products'), exports + imports")
    for row in goods.itertuples():
        ax.annotate(f"{row.value:.1f}", (row.year, row.value), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8.5)
    bounds = points[points["more_than"]]
    ax.scatter(bounds["year"], bounds["value"], marker="^", s=70, color=ROLE_COLOURS["threshold"], zorder=4,
               label="'exceeded' (a lower bound): goods only, or goods + services? (labels differ)")
    for row in bounds.itertuples():
        ax.annotate(f"> {row.value:.0f}", (row.year, row.value), textcoords="offset points", xytext=(0, 9),
                    ha="center", fontsize=8.5, color=ROLE_COLOURS["threshold"])
    ax.set_xlim(points["year"].min() - 0.7, 2025.7)
    ax.set_ylim(0, points["value"].max() * 1.2)
    ax.set_xlabel("Year")
    ax.set_ylabel("Exports + imports (US$ billion)")
    ax.set_title("Scale of China's cultural trade: what MOFCOM's published totals measure")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1, fontsize=8.5)
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


# --------------------------------------------------------------------------- creative services (UNCTAD)
# The economy text 003 speaks of: UNCTAD's "China" (code 156) is the mainland, without Hong Kong,
# Macao and Taiwan Province of China, which the table lists apart.
TEXT_ECONOMY_CODE = "156"
SERVICES_CAVEAT = ("UNCTAD's creative services are mostly research and development and software services, not "
                   "cultural content such as anime, games, audio-visual works or digital publishing")
# The readings of 'rapidly emerged as new growth engines' on creative-services exports: the
# indicator of each and the windows it uses (see services_windows).
SERVICES_READINGS = {
    "FASTER-SINCE-PLAN-START": ("percentage points", "SINCE-PLAN-START", "BEFORE-PLAN"),
    "RAPID-SINCE-PLAN-START": ("% per year", "SINCE-PLAN-START", None),
    "RAPID-WITHIN-PLAN-YEARS": ("% per year", "WITHIN-PLAN-YEARS", None),
}
SERVICES_BASE = "003-Q-ENGINE-CREATIVE-SERVICES"
WINDOW_WORDS = {"BEFORE-PLAN": "before the plan", "SINCE-PLAN-START": "since the plan's start",
                "WITHIN-PLAN-YEARS": "within the plan's years"}
# Service groups of UNCTAD's regional table summed in the service mix (SRND + SSFT: R&D and software).
RND_AND_SOFTWARE = ("SRND", "SSFT")
AUDIOVISUAL = "SAUV"
CULTURAL_HERITAGE = "SCRH"


def check_economy(economy, table: pd.DataFrame) -> tuple[str, str]:
    """Validate the notebook's `economy` parameter against UNCTAD's by-economy table:
    (code, label), or an :class:`~culturaltrade.unctad.UnknownEconomyError` naming the
    parameter and the closest labels ('Korea' → 'Republic of Korea' (410))."""
    codes = unctad.economy_codes(table)
    try:
        code = unctad.resolve_economy(economy, codes, table.attrs.get("path", unctad.BY_ECONOMY))
    except unctad.UnknownEconomyError as error:
        raise unctad.UnknownEconomyError(f"parameter `economy`: {error}") from None
    return code, dict(zip(codes["code"], codes["label"]))[code]


def services_levels(trade: pd.DataFrame, flow: str = "exports") -> dict[int, Level]:
    """year → :class:`Level` of one economy's creative-services ``flow`` ('exports' or 'imports'),
    in US$ billion, from :func:`culturaltrade.unctad.services_trade`. UNCTAD's values are data, not
    numbers rounded in print: ``low`` = ``high`` = the value. A missing year is left out."""
    if trade["economy"].nunique() != 1:
        raise ValueError("services_levels takes the trade of one economy")
    economy = trade["economy"].iloc[0]
    levels = {}
    for year, value in zip(trade["year"], trade[f"{flow}_usd_mn"]):
        if pd.notna(value):
            amount = float(value) / 1000
            levels[int(year)] = Level(int(year), amount, amount, amount,
                                      f"UNCTADstat {unctad.BY_ECONOMY}.csv: {economy}, {flow}, {int(year)}")
    return levels


def services_windows(plan_start_year: int, plan_end_year: int, last_year: int) -> dict[str, tuple[int, int]]:
    """The windows (first year, last year) the creative-services readings use, set by the plan's dating:

    * ``BEFORE-PLAN`` — the five years before the plan, from the level they started from
      (2015→2020 for a plan starting in 2021: the 13th plan's years);
    * ``SINCE-PLAN-START`` — from the last year before the plan to its last year with data
      (2020→2024: the table ends in 2024, the plan in 2025);
    * ``WITHIN-PLAN-YEARS`` — from the plan's first year to the same end (2021→2024).
    """
    end = min(plan_end_year, last_year)
    return {"BEFORE-PLAN": (plan_start_year - 6, plan_start_year - 1),
            "SINCE-PLAN-START": (plan_start_year - 1, end),
            "WITHIN-PLAN-YEARS": (plan_start_year, end)}


def services_growths(levels: dict[int, Level], windows: dict[str, tuple[int, int]]) -> dict[str, dict | None]:
    """The CAGR (:func:`window_growth`) of ``levels`` over each window; None where an end has no
    value or the window does not run forward."""
    growths = {}
    for name, (start, end) in windows.items():
        usable = start in levels and end in levels and start < end
        growths[name] = window_growth(levels[start], levels[end]) if usable else None
    return growths


def growth_gap(after: dict, before: dict) -> dict:
    """How much faster (percentage points) a CAGR ``after`` is than a CAGR ``before``
    (:func:`window_growth`), with the interval their rounding allows; both must be point values."""
    if after["bound"] != "point" or before["bound"] != "point":
        raise ValueError("the gap between two growth rates needs point values at every end")
    return {"kind": "gap", "after": after, "before": before, "start": before["start"], "end": after["end"],
            "years": after["end"].year - before["start"].year, "annual": True,
            "point": after["point"] - before["point"], "low": after["low"] - before["high"],
            "high": after["high"] - before["low"], "bound": "point"}


def services_window_table(growths: dict[str, dict | None], windows: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """One row per window: its years, the levels at both ends (US$ billion; missing if UNCTAD has
    none), the CAGR (% a year) and its arithmetic."""
    rows = []
    for name, (start, end) in windows.items():
        growth = growths.get(name)
        rows.append({"window": name, "from": start, "to": end, "years": end - start,
                     "start_usd_bn": growth["start"].amount if growth else math.nan,
                     "end_usd_bn": growth["end"].amount if growth else math.nan,
                     "cagr_pct": growth["point"] if growth else math.nan,
                     "arithmetic": growth_arithmetic(growth) if growth else "no value at an end of the window"})
    return pd.DataFrame(rows)


def services_reading_claim(reading: str, windows: dict[str, tuple[int, int]], rapid_threshold: str,
                           location: str, statement: str) -> Claim:
    """The qualitative claim of one reading of the growth-engines sentence on creative-services
    exports (:data:`SERVICES_READINGS`), its windows written into its note."""
    unit, window, baseline = SERVICES_READINGS[reading]

    def span(name):
        return f"{windows[name][0]}-{windows[name][1]}"

    if baseline:
        threshold = "0"
        indicator = (f"CAGR of China's creative-services exports (UNCTAD) {span(window)} ({WINDOW_WORDS[window]}) "
                     f"minus their CAGR {span(baseline)} ({WINDOW_WORDS[baseline]}: the five years before it); "
                     "threshold 0, faster growth since the plan began")
    else:
        threshold = rapid_threshold
        indicator = (f"CAGR of China's creative-services exports (UNCTAD) {span(window)} ({WINDOW_WORDS[window]}); "
                     "threshold: parameter rapid_growth_cagr")
    return qualitative_claim(
        f"{SERVICES_BASE}-READ-{reading}", location, statement, threshold, unit, reading_of=SERVICES_BASE,
        note=f"indicator: {indicator}; windows from parameter plan_start_year; caveat: {SERVICES_CAVEAT}")


def region_levels(shares: pd.DataFrame, region: str, service: str) -> dict[int, Level]:
    """year → :class:`Level` (US$ billion) of one service group's exports in one region of
    :func:`culturaltrade.unctad.service_group_shares` (e.g. Asia's audio-visual services)."""
    part = shares[(shares["region"] == region) & (shares["service"] == service)]
    return {int(y): Level(int(y), v / 1000, v / 1000, v / 1000,
                          f"UNCTADstat {unctad.BY_REGION}.csv: {region}, {service}, {int(y)}")
            for y, v in zip(part["year"], part["value_usd_mn"]) if pd.notna(v)}


def service_mix(shares: pd.DataFrame, years) -> pd.DataFrame:
    """Per region and year: the share (%) of R&D and software, of audio-visual and of cultural,
    recreational and heritage services in its creative-services exports, and audio-visual
    exports (US$ billion), from :func:`culturaltrade.unctad.service_group_shares`."""
    part = shares[shares["year"].isin(list(years))]
    pct = part.pivot_table(index=["region", "year"], columns="service", values="share_pct", sort=False)
    value = part.pivot_table(index=["region", "year"], columns="service", values="value_usd_mn", sort=False)
    return pd.DataFrame({
        "rnd_and_software_pct": pct[list(RND_AND_SOFTWARE)].sum(axis=1, min_count=len(RND_AND_SOFTWARE)),
        "audiovisual_pct": pct[AUDIOVISUAL],
        "cultural_heritage_pct": pct[CULTURAL_HERITAGE],
        "audiovisual_usd_bn": value[AUDIOVISUAL] / 1000,
    }).reset_index()


def indexed(levels: dict[int, Level], base_year: int, last_year: int) -> pd.DataFrame:
    """year, index (base_year = 100), more_than, source of each level from ``base_year`` to
    ``last_year``; empty if ``base_year`` has no point value to index on (none, or only 'more than')."""
    if base_year not in levels or levels[base_year].more_than:
        return pd.DataFrame(columns=["year", "index", "more_than", "source"])
    base = levels[base_year].amount
    return pd.DataFrame([{"year": year, "index": 100 * lv.amount / base, "more_than": lv.more_than, "source": lv.source}
                         for year, lv in sorted(levels.items()) if base_year <= year <= last_year])


def plot_services_beside_engines(plotted: pd.DataFrame, windows: pd.DataFrame, plan_start_year: int, economy: str):
    """Left: an economy's creative-services exports (US$ billion) with the readings' windows shaded
    and their CAGRs. Right: each series indexed on the last year before the plan (= 100), and the
    path of the rapid-growth threshold. ``plotted`` (long: panel 'exports' or 'index', series,
    year, value, more_than) is exactly what is drawn; ``windows``: window, from, to, cagr_pct."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from ..figures import GREY, OKABE_ITO, ROLE_COLOURS, plot_consecutive

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6))
    exports = plotted[plotted["panel"] == "exports"].sort_values("year")
    # the windows of the readings: shaded (before the plan, since its start) or bracketed (within its years)
    shades = {"BEFORE-PLAN": (GREY, 0.12), "SINCE-PLAN-START": (OKABE_ITO["sky_blue"], 0.22)}
    top = exports["value"].max() if exports["value"].notna().any() else 1.0
    handles = []
    for name, start, end, rate in zip(windows["window"], windows["from"], windows["to"], windows["cagr_pct"]):
        rate_text = "no value" if pd.isna(rate) else f"{rate:.1f} % a year"
        label = f"{WINDOW_WORDS.get(name, name)}, {start}→{end}: CAGR {rate_text}"
        if name in shades:
            colour, alpha = shades[name]
            left.axvspan(start, end, color=colour, alpha=alpha, lw=0)
            left.text((start + end) / 2, top * 1.05, rate_text, ha="center", va="bottom", fontsize=8.5)
            handles.append(Patch(facecolor=colour, alpha=alpha * 2, label=label))
        else:
            left.annotate("", (start, top * 1.2), (end, top * 1.2),
                          arrowprops={"arrowstyle": "|-|,widthA=0.25,widthB=0.25", "color": GREY, "lw": 1,
                                      "shrinkA": 0, "shrinkB": 0})
            left.text((start + end) / 2, top * 1.23, rate_text, ha="center", va="bottom", fontsize=8.5, color="#444444")
            handles.append(Line2D([], [], color=GREY, lw=1, marker="|", label=label))
    plot_consecutive(left, exports["year"], exports["value"], color=ROLE_COLOURS["exports"], lw=1.5)
    left.scatter(exports["year"], exports["value"], color=ROLE_COLOURS["exports"], s=22, zorder=3)
    left.set_ylim(0, top * 1.38)
    left.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8.5, ncols=1)
    left.set_xlabel("Year")
    left.set_ylabel("Creative-services exports (US$ billion)")
    left.set_title(f"{economy}: creative-services exports (UNCTAD)", fontsize=10.5)

    colours = [ROLE_COLOURS["exports"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], OKABE_ITO["orange"]]
    index = plotted[plotted["panel"] == "index"]
    base_year = plan_start_year - 1
    series_names = list(dict.fromkeys(index["series"]))
    others = [name for name in series_names if not name.startswith("threshold")]
    gaps = False
    for colour, name in zip(colours, others):
        part = index[index["series"] == name].sort_values("year")
        plot_consecutive(right, part["year"], part["value"], color=colour, lw=1.4)
        points = part[~part["more_than"].astype(bool)]
        bounds = part[part["more_than"].astype(bool)]
        right.scatter(points["year"], points["value"], color=colour, s=24, zorder=3, label=name)
        right.scatter(bounds["year"], bounds["value"], color=colour, marker="^", s=40, zorder=3)
        if not part["year"].diff().dropna().eq(1).all():
            gaps = True  # a thin dotted line across years without a figure, never a solid one
            right.plot(part["year"], part["value"], color=colour, lw=0.8, ls=":")
    for name in series_names:
        if name.startswith("threshold"):
            part = index[index["series"] == name].sort_values("year")
            right.plot(part["year"], part["value"], color=ROLE_COLOURS["threshold"], ls="--", lw=1.2, label=name)
    if gaps:
        right.plot([], [], color=GREY, lw=0.8, ls=":", label="dotted: across years without a figure")
    if index["more_than"].astype(bool).any():
        right.scatter([], [], color=GREY, marker="^", s=40, label="'more than' (a lower bound)")
    right.axhline(100, color=GREY, lw=0.8)
    right.set_xlabel("Year")
    right.set_ylabel(f"Index ({base_year} = 100)")
    right.set_title(f"Growth since {base_year}, the year before the plan", fontsize=10.5)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8.5, ncols=1)
    for ax in (left, right):
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle("Creative services (UNCTAD) beside games and online literature, since the 14th Five-Year Plan",
                 fontsize=12, fontweight="bold")
    return fig


# --------------------------------------------------------------------------- the codebook of the outputs
# What each table and figure CSV of notebook 04 holds, column by column (tables/datapackage.json):
# CODEBOOK[<output name>] is passed to write_table / save_figure as their description= and columns=.
# A column is described by a text, or by (text, unit) where it holds decimal numbers.
_FACTS = "data/snapshots/public_facts.csv"
_USD_BN = "US$ billion"
_UNCTAD_USD_MN = "US$ million, current prices"
_UNCTAD_USD_BN = "US$ billion, current prices"
_NTB = "index, -1 to 1"
_YEAR = "calendar year"
_FLAGS = {
    "threshold": "true where the source prints 'more than': the amount is a lower bound",
    "approximate": "true where the source prints 'about'",
    "low_reliability": "true where the snapshot's note flags the page as of low reliability",
    "usable": "false for a row printed in another currency or a forecast; such rows are never used",
}
_MOFCOM_TRADE = {
    "year": _YEAR,
    "exports": ("exports as printed by MOFCOM (100 million converted to billion; fact id in fact_ids)", _USD_BN),
    "imports": ("imports as printed; where a year prints its total but not its imports, derived as printed total − "
                "printed exports (said in derived)", _USD_BN),
    "balance": ("exports − imports, recomputed", _USD_BN),
    "balance_printed": ("trade surplus as printed (MOFCOM-*-SURPLUS-<year>); blank where none is printed", _USD_BN),
    "total": ("exports + imports, recomputed", _USD_BN),
    "total_printed": ("exports + imports as printed (MOFCOM-*-TOTAL-<year>); blank where none is printed", _USD_BN),
    "ntb": ("normalized trade balance (exports − imports) / (exports + imports), recomputed", _NTB),
    "derived": "which value of the row is derived rather than printed, and how; blank when all are printed",
    "fact_ids": f"the fact ids ({_FACTS}) of the year's printed values, comma-separated",
}
_SCENARIO_SERIES = ("'games, overseas revenue' (overseas sales revenue of China's self-developed games, the value "
                    "used each year: tables/04_games_sources.csv) or 'cultural goods exports (MOFCOM)' (as printed)")
CODEBOOK = {
    "04_cultural_goods_trade": {
        "description": "China's trade in cultural goods ('cultural products'), MOFCOM's figures by year from the "
                       "public facts: exports and imports as printed, balance, total and normalized trade balance "
                       "recomputed from them, beside the surplus and total as printed.",
        "columns": _MOFCOM_TRADE,
    },
    "04_cultural_services_trade": {
        "description": "China's trade in cultural services, MOFCOM's figures (2017, the one year the public facts "
                       "give): exports and imports as printed, balance, total and normalized trade balance "
                       "recomputed, beside the total as printed.",
        "columns": _MOFCOM_TRADE,
    },
    "04_cultural_trade_scale": {
        "description": "The data of figure 04_cultural_trade_scale: MOFCOM's totals of China's cultural trade by "
                       "year (exports + imports): cultural goods, and for 2021 the total printed as 'exceeded US$ "
                       "200 billion', a lower bound that the sources label goods or goods and services.",
        "columns": {
            "year": _YEAR,
            "value": ("exports + imports: the total as printed, or the recomputed sum of the printed exports and "
                      "imports where no total is printed (label says so); for 2021 the printed lower bound", _USD_BN),
            "more_than": "true where the source prints 'exceeded': value is a lower bound (drawn as a triangle)",
            "label": "what the value measures, as drawn; for 2021, the measure each source's label gives the total",
            "source": f"the fact ids ({_FACTS}) behind the point, comma-separated",
            "source_url": "the pages those fact ids were read from, separated by '; '",
        },
    },
    "04_games_sources": {
        "description": f"Every public figure ({_FACTS}, GAMES-OVERSEAS-<year>[-<source>]) of the overseas sales "
                       "revenue of China's self-developed games: its value as printed and in billions, its flags, "
                       "whether it can be used, and the one each year uses (choice; the rule is in notebook 04, §3).",
        "columns": {
            "fact_id": f"the public figure ({_FACTS})",
            "year": "the year the revenue is for",
            "amount_billion": ("value converted to billions of the currency of unit (100 million = 0.1 billion); "
                               "US$ on every usable row", "billion of the currency of `unit` (same row)"),
            "value": ("the number exactly as printed, kept as text", "`unit` (same row)"),
            "unit": "the unit as printed: currency and scale, e.g. 'USD 100 million (亿美元)'",
            **{flag: _FLAGS[flag] for flag in ("threshold", "approximate")},
            "forecast": "true where the source gives a forecast or expectation, not an outturn",
            **{flag: _FLAGS[flag] for flag in ("low_reliability", "usable")},
            "why_not": "why the row cannot be used (another currency; a forecast); blank for a usable row",
            "publisher": "who publishes the page, as the snapshot names it",
            "source_url": "the page the figure was read from (a stored copy)",
            "choice": "on the row used for its year, why it is used: only source, the default rule (with the number "
                      "of other rows), or parameter source_choice; blank for a row not used",
        },
    },
    "04_games_overseas_revenue": {
        "description": "The data of figure 04_games_overseas_revenue: every public figure of the overseas sales "
                       "revenue of China's self-developed games, one row per source and year, with the one used "
                       "for each year (joined by the line); rows that are not usable are not drawn.",
        "columns": {
            "year": "the year the revenue is for",
            "fact_id": f"the public figure ({_FACTS}; its printed value and unit in tables/04_games_sources.csv)",
            "amount_billion": ("the printed value in billions of its currency: US$ on every usable row; a row "
                               "printed in CNY is not usable and not drawn",
                               "US$ billion; CNY billion on rows printed in CNY (usable false)"),
            **{flag: _FLAGS[flag] for flag in ("threshold", "approximate", "low_reliability", "usable")},
            "used": "true for the row used for its year (the stated rule or parameter source_choice)",
            "source": "the page the figure was read from (a stored copy)",
        },
    },
    "04_online_literature_overseas": {
        "description": "The data of figure 04_online_literature_overseas: every public figure of Chinese online "
                       "literature abroad, in two measures kept apart (overseas revenue, the series judged; overseas "
                       "market size), with the revenue figure used for each year (joined by the line).",
        "columns": {
            "year": "the year the figure is for",
            "fact_id": f"the public figure ({_FACTS})",
            "measure": "revenue (营收, overseas revenue) or market size (市场规模, overseas market size)",
            "amount_billion": ("the printed value in billions of CNY (100 million = 0.1 billion)", "CNY billion"),
            **{flag: _FLAGS[flag] for flag in ("threshold", "approximate", "low_reliability", "usable")},
            "used": "true for the revenue figure used for its year (the stated rule or parameter source_choice)",
            "source": "the page the figure was read from (a stored copy)",
        },
    },
    "04_creative_services_trade": {
        "description": "Creative-services exports, imports, balance and normalized trade balance of the economy "
                       "that §4 measures (parameter economy; China by default), per year, from UNCTADstat's "
                       "creative services by economy (data/snapshots/unctad_services_countries.csv).",
        "columns": {
            "year": _YEAR,
            "economy": "the economy as UNCTAD labels it (parameter economy)",
            "n_members": "number of economies summed (1: a single economy)",
            "exports_usd_mn": ("creative-services exports to the world, as UNCTAD publishes them", _UNCTAD_USD_MN),
            "imports_usd_mn": ("creative-services imports from the world, as UNCTAD publishes them", _UNCTAD_USD_MN),
            "balance_usd_mn": ("exports − imports, recomputed", _UNCTAD_USD_MN),
            "ntb": ("normalized trade balance (exports − imports) / (exports + imports), recomputed", _NTB),
            "missing_members": "values UNCTAD leaves blank (economy, flow and UNCTAD's reason), which leave the "
                               "flow's total, balance and NTB blank; blank when none",
            "estimated_members": "values UNCTAD footnotes as 'Estimated' (economy, flow), used as published; "
                                 "blank when none",
        },
    },
    "04_creative_services_windows": {
        "description": "Compound annual growth of the economy's creative-services exports (UNCTAD) over the three "
                       "windows the readings of the growth-engines sentence use (set by parameter plan_start_year): "
                       "before the plan, since its start, within its years.",
        "columns": {
            "window": "BEFORE-PLAN (the five years before the plan), SINCE-PLAN-START (from the last year before the "
                      "plan to its last year with data) or WITHIN-PLAN-YEARS (from the plan's first year to the same "
                      "end)",
            "from": "first year of the window (the level growth starts from)",
            "to": "last year of the window",
            "years": "number of years compounded (to − from)",
            "start_usd_bn": ("exports in the first year (UNCTAD's US$ million / 1,000); blank if UNCTAD has no value "
                             "at an end of the window", _UNCTAD_USD_BN),
            "end_usd_bn": ("exports in the last year (UNCTAD's US$ million / 1,000); blank if UNCTAD has no value "
                           "at an end of the window", _UNCTAD_USD_BN),
            "cagr_pct": ("compound annual growth rate, 100 × ((end / start)^(1 / years) − 1), recomputed; blank "
                         "without a value at both ends", "percent per year"),
            "arithmetic": "the computation written out, numbers rounded for reading (display text)",
            "economy": "the economy as UNCTAD labels it (parameter economy)",
        },
    },
    "04_creative_services": {
        "description": "The data of figure 04_creative_services. Panel 'exports': the economy's creative-services "
                       "exports by year (UNCTAD; parameter economy). Panel 'index': series indexed on the last year "
                       "before the plan (= 100) — those exports, China's games and online-literature overseas "
                       "revenue (public facts), Asia's audio-visual services exports (UNCTAD, by region) — and the "
                       "path of the rapid-growth threshold.",
        "columns": {
            "panel": "exports (left panel) or index (right panel)",
            "series": "the series drawn, as its legend names it",
            "year": _YEAR,
            "value": ("the value drawn: exports as UNCTAD publishes them / 1,000 (panel exports); 100 × level / "
                      "level in the base year (panel index), for the threshold 100 × (1 + rapid_growth_cagr)^(year − "
                      "base year)", "`unit` (same row)"),
            "more_than": "true where the level indexed is printed as 'more than' (a lower bound; drawn as a triangle)",
            "unit": "unit of value: 'US$ billion' (current prices) or 'index, <base year> = 100'",
            "source": "where the value comes from: the UNCTADstat snapshot with economy or region, flow or service "
                      f"group and year; a fact id ({_FACTS}) or the level derived from two; the threshold's formula",
        },
    },
    "04_creative_services_mix": {
        "description": "What creative services are made of: shares of service groups in the creative-services "
                       "exports of the World and Asia, and their audio-visual exports, in 2010, the last year "
                       "before the plan and the table's last year (UNCTADstat, by region: "
                       "data/snapshots/unctad_services_regional.csv; UNCTAD gives no groups by economy).",
        "columns": {
            "region": "the region as UNCTAD labels it",
            "year": _YEAR,
            "rnd_and_software_pct": ("research and development (SRND) plus software services (SSFT), as a share of "
                                     "the region's total creative services (SCRE), recomputed", "percent"),
            "audiovisual_pct": ("audio-visual services (SAUV) as a share of total creative services (SCRE), "
                                "recomputed", "percent"),
            "cultural_heritage_pct": ("cultural, recreational and heritage services (SCRH) as a share of total "
                                      "creative services (SCRE), recomputed", "percent"),
            "audiovisual_usd_bn": ("audio-visual services exports (SAUV), UNCTAD's US$ million / 1,000",
                                   _UNCTAD_USD_BN),
        },
    },
    "04_games_market_shares": {
        "description": "The data of figure 04_games_market_shares: the shares of the United States, Japan and South "
                       "Korea in the overseas revenue of China's self-developed mobile games, as printed, and of all "
                       "other markets (derived), by year.",
        "columns": {
            "year": "the year the shares are for",
            "market": f"destination market; '{OTHER_MARKETS}' is the rest",
            "share": ("the market's share of the year's overseas revenue of Chinese mobile games, as printed; for "
                      "all other markets, 100 − the three printed shares", "percent"),
            "source": f"the fact id of the printed share ({_FACTS}), or the derivation",
            "source_url": "the page the share was read from; blank for the derived row",
        },
    },
    "04_scenario_window_cagrs": {
        "description": "The growth rates of the outlook scenario (§8): the compound annual growth of each series "
                       "over each window of parameter scenario_windows. Their minimum, median and maximum are the "
                       "scenario's low, central and high rates.",
        "columns": {
            "start": "first year of the window (parameter scenario_windows)",
            "end": "last year of the window (parameter scenario_windows)",
            "years": "number of years compounded (end − start)",
            "start_value": ("the series' value in the first year (see series)", _USD_BN),
            "end_value": ("the series' value in the last year (see series)", _USD_BN),
            "cagr": ("compound annual growth rate, (end_value / start_value)^(1 / years) − 1",
                     "ratio per year (0.1 = 10 % a year)"),
            "series": "games_overseas_revenue (overseas sales revenue of China's self-developed games, the value "
                      "used each year: tables/04_games_sources.csv) or cultural_goods_exports (MOFCOM's, as printed)",
        },
    },
    "04_scenario_paths": {
        "description": "The outlook scenario of §8, a scenario and not a forecast: each series extended from its last "
                       "observation to parameter horizon_year at constant growth, at the minimum (low), median "
                       "(central) and maximum (high) of its window CAGRs (tables/04_scenario_window_cagrs.csv).",
        "columns": {
            "year": "calendar year, from the last observation (where the three paths equal the value observed) to "
                    "parameter horizon_year",
            "low": ("last observation × (1 + lowest window CAGR)^(year − year of the last observation)", _USD_BN),
            "central": ("last observation × (1 + median window CAGR)^(year − year of the last observation)", _USD_BN),
            "high": ("last observation × (1 + highest window CAGR)^(year − year of the last observation)", _USD_BN),
            "series": _SCENARIO_SERIES,
        },
    },
    "04_scenario_fan": {
        "description": "The data of figure 04_scenario_fan (log scale): each series' observed values as used, and "
                       "its scenario paths to parameter horizon_year (tables/04_scenario_paths.csv), a scenario, "
                       "not a forecast.",
        "columns": {
            "series": _SCENARIO_SERIES,
            "kind": "'observed (value used)': an observation (in value); 'scenario': a year of the paths (in low, "
                    "central, high)",
            "year": _YEAR,
            "value": ("the observed value: games as used for its year, MOFCOM cultural-goods exports as printed; "
                      "blank on scenario rows", _USD_BN),
            "low": ("the path at the lowest window CAGR; blank on observed rows", _USD_BN),
            "central": ("the path at the median window CAGR; blank on observed rows", _USD_BN),
            "high": ("the path at the highest window CAGR; blank on observed rows", _USD_BN),
            "source": f"the fact id of the observed value ({_FACTS}); on scenario rows, how the paths are computed",
            "source_url": "the page the observed value was read from; blank on scenario rows",
        },
    },
}
