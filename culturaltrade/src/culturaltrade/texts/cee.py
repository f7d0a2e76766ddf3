"""Text 002 (China–Central and Eastern Europe cultural trade): its stated values, checks and figures.

The speech states endpoints (turnover 2017 and 2022, imports 2010 and 2022, two shares in
2002 and 2022), the growth rates it derives from them, a product composition and the 2022
partner concentration. Here, and only here, those values are tidied and checked:

* growth and share changes are recomputed from the printed endpoints, as intervals over
  their printed rounding (:func:`growth_check`, :func:`share_change`), with what would
  have to be true for a stated rate that does not follow (:func:`implied_by_stated_growth`);
* the country group ("CEE") is read from ``data/reference/ceec_members.csv`` for a year
  (:func:`members_in`), never hard-coded;
* the partner concentration is split into stated and derived parts, and bounded with
  :func:`culturaltrade.complementarity.hhi_bounds_from_top_shares`;
* the dates, partner names and product codes the text prints are registered as claims from
  their transcriptions (:func:`register_events`, :func:`register_partners`,
  :func:`register_products`) and the dates judged against the public facts
  (:func:`event_sources`); the mechanism's membership is rebuilt from the facts
  (:func:`membership_from_facts`) to check the reference table and the named partners;
* the trade complementarity index of China against a *group* of countries taken as one
  trader (:func:`group_shares`, :func:`group_complementarity`), from product shares and
  trade totals a researcher supplies. It is generic and belongs in
  :mod:`culturaltrade.complementarity`; it lives here until that shared module takes it;
* UNCTAD's creative services (§10 of the notebook): China's and the CEE members' exports
  (:func:`services_against_group`, :func:`services_export_growth`) and the digital share —
  software plus information services — of the world's and Europe's
  (:func:`digital_services_shares`, :func:`digital_services_change`);
* a researcher's copy of UNCTADstat's bilateral creative-goods table (§11), read with
  :mod:`culturaltrade.unctad_goods`: the ``goods_table`` parameter (:func:`open_goods_parameter`),
  every stated value and its other reading (:func:`goods_stated_checks`), and the TCI of China
  against the group and the regions a researcher names (:func:`goods_complementarity`,
  :func:`goods_tci_checks`). The group is the members of each year, UNCTAD codes from the
  reference table (:func:`unctad_members_by_year`; the founding members before 2012).
"""

from __future__ import annotations

import calendar
import math
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..claims import Claim, Ledger
from ..complementarity import (
    DEFAULT_SHARE_TOLERANCE,
    ComplementarityError,
    hhi_bounds_from_top_shares,
    shares_of,
    trade_complementarity_index,
)
from ..datasets import DataValidationError, Problem, load_csv_with_schema, require_percent_shares
from ..facts import fact
from ..indicators import cagr, growth_rate, value_and_bounds
from ..params import ParameterError

PAPER = "002_197a62c466dbd3cf.txt"
NOTEBOOK = "03_china_cee"
STATED = "002_stated_values"
PARTNERS = "002_top_partners_2022"
PRODUCT_CODES = "002_product_codes"
EVENTS = "002_mechanism_events"
MEMBERS = "ceec_members"
CHINA_ISO3 = "CHN"
FIRST_GROUP_YEAR = 2012  # founding of the mechanism (text §IV: April 26, 2012)
LAST_GROUP_YEAR = 2024   # last year data/reference/ceec_members.meta.yaml vouches for
GIVEN_TOP_N = (1, 5)     # the text gives Poland's share (top 1) and the top five's share
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
QUANTITY_LABELS = {
    "cultural_product_turnover_china_cee": "cultural-product turnover between China and the CEE countries",
    "china_cultural_imports_from_cee": "China's imports of cultural products from the CEE countries",
    "share_of_cee_in_china_cultural_trade": "China-CEE cultural trade as a share of China's total cultural trade",
    "share_of_china_in_cee_cultural_trade": "CEE-China cultural trade as a share of the CEE countries' total cultural trade",
    "manufactured_crafts_share_of_exports": "manufactured crafts as a share of China-CEE cultural exports (average)",
    "manufactured_crafts_share_of_imports": "manufactured crafts as a share of China-CEE cultural imports (average)",
    "partner_share_top5": "share of the top five CEE partners in China's cultural trade with the region",
    "partner_share_poland": "share of Poland in China's cultural trade with the region",
}
# "marking a 103% growth over five years": the period is printed in words, so it cannot be a
# `reported` number in the registry; it is registered here, with the words as printed.
PERIOD_CLAIM = {
    "claim_id": "002-TURNOVER-PERIOD-YEARS",
    "location": "§II, paragraph 2, sentence 1",
    "statement": "marking a 103% growth over five years (2017 to 2022)",
    "as_printed": "five",
}


# --------------------------------------------------------------------------- parameters
def validate_group_year(value) -> int:
    """The year whose China–CEEC membership defines the country group."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"parameter `group_year` must be a whole number (a year), got {value!r}")
    if not FIRST_GROUP_YEAR <= value <= LAST_GROUP_YEAR:
        raise ParameterError(
            f"parameter `group_year` must be between {FIRST_GROUP_YEAR} (the mechanism was founded on "
            f"April 26, 2012) and {LAST_GROUP_YEAR} (the last year data/reference/ceec_members.csv covers), "
            f"got {value}")
    return value


def validate_top_n(value) -> int:
    """Which of the text's concentration figures to use: 1 (Poland) or 5 (the top five)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in GIVEN_TOP_N:
        raise ParameterError(
            f"parameter `top_n` must be one of {list(GIVEN_TOP_N)}: the text gives only the largest "
            f"partner's share (top 1, Poland) and the five largest partners' share (top 5); got {value!r}")
    return value


# --------------------------------------------------------------------------- stated values
def stated_values(frame: pd.DataFrame) -> pd.Series:
    """value_id → the stated value as a number (units as in the transcription)."""
    require_percent_shares(frame)
    return frame.set_index("value_id")["value"].astype("float64")


def printed_values(printed: pd.DataFrame) -> dict[str, str]:
    """value_id → the value exactly as transcribed (text), to know its printed precision."""
    return dict(zip(printed["value_id"], printed["value"]))


def number_from_words(text: str) -> int:
    """'five' → 5 (the numbers the text writes in words)."""
    key = text.strip().lower()
    if key not in NUMBER_WORDS:
        raise ValueError(f"no number word {text!r} known; add it to NUMBER_WORDS")
    return NUMBER_WORDS[key]


def stated_claim_id(value_id: str) -> str:
    """'turnover_2017' → '002-V-TURNOVER-2017'."""
    return "002-V-" + value_id.upper().replace("_", "-")


# Reading a stated value in UNCTADstat's bilateral table (§11) can be done in two fair ways for
# some of them: value_id → (the reading the claim 002-V-<ID> itself takes, the suffix of the
# other reading's claim 002-V-<ID>-READ-<suffix>, that reading). Both are registered whether or
# not a table is given, so that the ledger lists the same claims in every run.
_CHINA_REPORTS = "read from China's own reports of its trade with each member"
_MEMBERS_REPORTS = "read from the members' reports of their trade with China (mirror flows)"
STATED_READINGS = {
    "turnover_2017": (_CHINA_REPORTS, "MIRROR", _MEMBERS_REPORTS),
    "turnover_2022": (_CHINA_REPORTS, "MIRROR", _MEMBERS_REPORTS),
    "imports_from_cee_2010": (_CHINA_REPORTS, "MIRROR", _MEMBERS_REPORTS + ": their exports to China"),
    "imports_from_cee_2022": (_CHINA_REPORTS, "MIRROR", _MEMBERS_REPORTS + ": their exports to China"),
    "share_china_in_cee_2002": ("read from the members' own reports: their trade with China over their trade with "
                                "the world", "MIRROR", "read from China's reports of its trade with the members, over "
                                                        "the members' trade with the world"),
    "share_china_in_cee_2022": ("read from the members' own reports: their trade with China over their trade with "
                                "the world", "MIRROR", "read from China's reports of its trade with the members, over "
                                                        "the members' trade with the world"),
    "crafts_share_exports": ("'an average' read as the mean of the yearly shares", "SHARE-OF-SUMS",
                             "'an average' read as the share of the values summed over the years"),
    "crafts_share_imports": ("'an average' read as the mean of the yearly shares", "SHARE-OF-SUMS",
                             "'an average' read as the share of the values summed over the years"),
}


def reading_claim_id(value_id: str) -> str:
    """The claim id of the other reading of a stated value (see :data:`STATED_READINGS`)."""
    return f"{stated_claim_id(value_id)}-READ-{STATED_READINGS[value_id][1]}"


def register_stated_values(ledger: Ledger, printed: pd.DataFrame) -> list[str]:
    """Register each stated value as a claim from the transcription (number typed once), and
    the other reading of those that have two (:data:`STATED_READINGS`). Returns the ids of
    the stated values' own claims, in the transcription's order."""
    ids = []
    for row in printed.itertuples(index=False):
        claim_id = stated_claim_id(row.value_id)
        year = f" ({row.year})" if row.year else ""
        statement = f"{QUANTITY_LABELS[row.quantity]}{year}: “{row.as_printed}”"
        readings = STATED_READINGS.get(row.value_id)
        ledger.register(Claim(
            claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=row.location,
            statement=statement + (f" ({readings[0]})" if readings else ""),
            reported=row.value, unit=row.unit, reading_of=claim_id if readings else "",
        ))
        if readings:
            ledger.register(Claim(
                claim_id=reading_claim_id(row.value_id), paper=PAPER, notebook=NOTEBOOK, location=row.location,
                statement=f"{statement} ({readings[2]})", reported=row.value, unit=row.unit, reading_of=claim_id,
            ))
        ids.append(claim_id)
    return ids


def register_period_claim(ledger: Ledger) -> str:
    """Register 'over five years' with the number parsed from the printed word."""
    ledger.register(Claim(
        claim_id=PERIOD_CLAIM["claim_id"], paper=PAPER, notebook=NOTEBOOK, location=PERIOD_CLAIM["location"],
        statement=PERIOD_CLAIM["statement"], reported=str(number_from_words(PERIOD_CLAIM["as_printed"])),
        unit="years", tolerance="exact", approximate="none",
        note=f"printed in words ('{PERIOD_CLAIM['as_printed']}'); recomputed: 2022 - 2017",
    ))
    return PERIOD_CLAIM["claim_id"]


# --------------------------------------------------------------------------- growth and shares
def growth_check(start_printed: str, end_printed: str, years: int) -> dict:
    """Total growth and CAGR (percent) from two printed endpoints, point and rounding interval."""
    start, end = float(start_printed), float(end_printed)
    growth, (low, high) = value_and_bounds(lambda s, e: 100 * growth_rate(s, e), start_printed, end_printed)
    rate, (cagr_low, cagr_high) = value_and_bounds(lambda s, e: 100 * cagr(s, e, years), start_printed, end_printed)
    return {
        "start": start, "end": end, "years": years, "ratio": end / start,
        "growth_pct": growth, "growth_pct_low": low, "growth_pct_high": high,
        "cagr_pct": rate, "cagr_pct_low": cagr_low, "cagr_pct_high": cagr_high,
    }


def implied_by_stated_growth(start: float, end: float, stated_pct: float, years: int) -> dict:
    """What would make a stated total growth true: the start it implies, the end it implies, its CAGR."""
    factor = 1 + stated_pct / 100
    return {
        "start_implied": end / factor,         # keep the end, solve for the start
        "end_implied": start * factor,         # keep the start, solve for the end
        "cagr_implied_pct": 100 * (factor ** (1 / years) - 1),
    }


def alternative_readings(start: float, end: float, years: int) -> pd.DataFrame:
    """The usual ways a percentage is derived from two endpoints, to see if any gives the stated one."""
    rows = [
        ("total growth", "(end / start − 1) × 100", 100 * (end / start - 1)),
        ("end as a multiple of start", "end / start × 100", 100 * end / start),
        ("change relative to the end value", "(end − start) / end × 100", 100 * (end - start) / end),
        ("compound annual growth", f"((end / start)^(1/{years}) − 1) × 100", 100 * cagr(start, end, years)),
        ("average annual growth, simple", f"(end / start − 1) / {years} × 100", 100 * (end / start - 1) / years),
        ("log change", "ln(end / start) × 100", 100 * math.log(end / start)),
    ]
    return pd.DataFrame(rows, columns=["reading", "formula", "value_pct"])


def share_change(start_printed: str, end_printed: str) -> dict:
    """Change of a share (printed in percent): percentage points and relative, point and rounding interval."""
    start, end = float(start_printed), float(end_printed)
    change, (pp_low, pp_high) = value_and_bounds(lambda s, e: e - s, start_printed, end_printed)
    relative, (rel_low, rel_high) = value_and_bounds(lambda s, e: 100 * growth_rate(s, e), start_printed, end_printed)
    return {
        "start_pct": start, "end_pct": end,
        "change_pp": change, "change_pp_low": pp_low, "change_pp_high": pp_high,
        "ratio": end / start,
        "relative_pct": relative, "relative_pct_low": rel_low, "relative_pct_high": rel_high,
    }


# --------------------------------------------------------------------------- the country group
def members_in(reference: pd.DataFrame, year: int) -> pd.DataFrame:
    """Members during at least part of ``year`` (see data/reference/ceec_members.meta.yaml)."""
    until = reference["member_until"]
    member = (reference["member_from"] <= year) & (until.isna() | (until >= year))
    return reference[member.fillna(False).astype(bool)].reset_index(drop=True)


def member_counts(reference: pd.DataFrame, years) -> pd.DataFrame:
    """Number of members per year, with who joined and who left compared with the year before."""
    rows = []
    previous: set[str] | None = None
    for year in years:
        names = set(members_in(reference, year)["country"])
        joined = sorted(names - previous) if previous is not None else []
        left = sorted(previous - names) if previous is not None else []
        rows.append({"year": year, "n_members": len(names), "joined": ", ".join(joined), "left": ", ".join(left)})
        previous = names
    return pd.DataFrame(rows)


def membership_changes(reference: pd.DataFrame) -> pd.DataFrame:
    """Who joined after the founding and who left, by calendar year (as the reference records it)."""
    first = int(reference["member_from"].min())
    joined = reference[reference["member_from"] > first][["member_from", "country"]].rename(columns={"member_from": "year"})
    left = reference[reference["member_until"].notna()][["member_until", "country"]].rename(columns={"member_until": "year"})
    out = pd.concat([joined.assign(change="joined"), left.assign(change="left")], ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out.sort_values(["year", "change", "country"], kind="stable").reset_index(drop=True)


def count_periods(counts: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Runs of years with the same number of members: [(first year, last year, n), ...]."""
    runs: list[tuple[int, int, int]] = []
    for row in counts.itertuples():
        if runs and runs[-1][2] == row.n_members and runs[-1][1] == row.year - 1:
            runs[-1] = (runs[-1][0], row.year, row.n_members)
        else:
            runs.append((row.year, row.year, row.n_members))
    return runs


def match_partners(partners: pd.DataFrame, reference: pd.DataFrame, year: int) -> pd.DataFrame:
    """The printed partner names with their ISO codes; every one must be a member in ``year``."""
    members = members_in(reference, year).set_index("country")
    out = partners.copy()
    out["country"] = out["country_as_printed"].str.replace(r"^the ", "", regex=True)
    missing = sorted(set(out["country"]) - set(members.index))
    if missing:
        raise ValueError(f"{missing}: named by the text as top partners in 2022 but not members of the "
                         f"China–CEEC mechanism in {year} according to data/reference/{MEMBERS}.csv")
    out["iso3"] = out["country"].map(members["iso3"])
    return out


# --------------------------------------------------------------------------- concentration
def partner_breakdown(top1_pct: float, top5_pct: float, turnover_bn: float, top_n: int, n_members: int,
                      names: list[str]) -> pd.DataFrame:
    """Shares of the 2022 partner groups (stated or derived) and their implied US$ values (derived).

    ``names``: the printed top-five names, Poland (the largest, 53.97 %) first. With ``top_n``
    = 1 only Poland's share is used and all other partners form one group. The US$ values
    assume that the partner shares are shares of the 2022 turnover (``turnover_bn``).
    """
    where_top1 = f"{PAPER}, §II, paragraph 6, sentence 2"
    where_top5 = f"{PAPER}, §II, paragraph 6, sentence 1"
    rows = [{"group": names[0], "n_countries": 1, "share_pct": top1_pct, "share_status": "stated",
             "share_source": f"{where_top1} ({top1_pct:g}%)"}]
    if top_n == 5:
        rows.append({"group": " + ".join(names[1:5]), "n_countries": 4, "share_pct": top5_pct - top1_pct,
                     "share_status": "derived",
                     "share_source": f"derived: top five ({top5_pct:g}%, {where_top5}) minus {names[0]} ({top1_pct:g}%)"})
        rest_pct, rest_n = 100 - top5_pct, n_members - 5
        rest_source = f"derived: 100% minus the top five ({top5_pct:g}%, {where_top5})"
    else:
        rest_pct, rest_n = 100 - top1_pct, n_members - 1
        rest_source = f"derived: 100% minus {names[0]} ({top1_pct:g}%, {where_top1})"
    rows.append({"group": f"the other {rest_n} members", "n_countries": rest_n, "share_pct": rest_pct,
                 "share_status": "derived", "share_source": rest_source})
    out = pd.DataFrame(rows)
    out["usd_bn_derived"] = out["share_pct"] / 100 * turnover_bn
    out["usd_source"] = (f"derived: share × 2022 turnover US$ {turnover_bn:g} billion "
                         f"({PAPER}, §II, paragraph 2, sentence 1)")
    return out


def hhi_by_group_year(reference: pd.DataFrame, years, top1: float, topk: float | None, k: int) -> pd.DataFrame:
    """HHI bounds (0–1 and ×10,000) and equivalent numbers of partners for each group year."""
    rows = []
    for year in years:
        n = len(members_in(reference, year))
        bounds = hhi_bounds_from_top_shares(top1, n, topk if k > 1 else None, k if k > 1 else None)
        fewest, most = bounds.equivalent_partners
        rows.append({"group_year": year, "n_partners": n, "hhi_low": bounds.low, "hhi_high": bounds.high,
                     "hhi_low_x10000": bounds.low_10000, "hhi_high_x10000": bounds.high_10000,
                     "equivalent_partners_low": fewest, "equivalent_partners_high": most})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- dates, names and codes as claims
# §IV, paragraph 2: each dated document of the mechanism, with the reading(s) its sentence allows.
# "After 2018, Sofia Guidelines ... and 2021 ... Beijing List of Activities were introduced" reads
# like a translation of "the 2018 Sofia Guidelines and the 2021 Beijing List": that reading and
# the literal one ("introduced after 2018") are both registered; neither is dropped.
EVENT_READINGS = {
    "founding": [
        {"claim_id": "002-E-FOUNDING", "comparison": "equals", "reading": ""},
    ],
    "sofia_guidelines": [
        {"claim_id": "002-E-SOFIA-GUIDELINES-READ-IN-2018", "comparison": "equals",
         "reading": "read as 'the 2018 Sofia Guidelines': adopted in 2018"},
        {"claim_id": "002-E-SOFIA-GUIDELINES-READ-AFTER-2018", "comparison": "greater_than",
         "reading": "read literally, 'After 2018 […] were introduced': adopted after 2018"},
    ],
    "beijing_list": [
        {"claim_id": "002-E-BEIJING-LIST", "comparison": "equals", "reading": ""},
    ],
}
EVENT_SENTENCE = {"sofia_guidelines": "002-E-SOFIA-GUIDELINES"}  # reading_of, where there are readings
# The public facts that date each event (data/snapshots/public_facts.csv), and the one chosen.
EVENT_FACTS = {
    "founding": (["CEEC-EVENT-LAUNCH", "CEEC-EVENT-LAUNCH-HKTDC"], "CEEC-EVENT-LAUNCH",
                 "the only source that dates the day (rule 1: the claim's precision); its LOW RELIABILITY "
                 "host is confirmed to the month by HKTDC, an unflagged source"),
    "sofia_guidelines": (["CEEC-EVENT-SOFIA-SUMMIT"], "CEEC-EVENT-SOFIA-SUMMIT",
                         "the only source: Xinhua's full text of the Guidelines"),
    "beijing_list": (["CEEC-EVENT-BEIJING-SUMMIT-2021", "CEEC-EVENT-BEIJING-LIST-2021"],
                     "CEEC-EVENT-BEIJING-SUMMIT-2021",
                     "primary and unflagged (gov.cn, Xinhua) over a LOW RELIABILITY reprint (rules 2 and 3)"),
}
DAY_UNIT = "date (yyyymmdd)"
YEAR_UNIT = "year"


def printed_date(text: str) -> tuple[str, str]:
    """A date as printed → (a number to compare, its unit): 'April 26, 2012' → ('20120426',
    'date (yyyymmdd)'); '2018' → ('2018', 'year'). Dates are compared as numbers yyyymmdd, so
    that a source giving only the month is the interval of its days."""
    text = text.strip()
    if text.isdigit() and len(text) == 4:
        return text, YEAR_UNIT
    try:
        day = datetime.strptime(text, "%B %d, %Y")
    except ValueError:
        raise ValueError(f"date {text!r} is neither a year nor 'Month D, YYYY'") from None
    return day.strftime("%Y%m%d"), DAY_UNIT


def fact_date(value: str, unit: str, precision: str) -> tuple[float, float, float]:
    """A fact's date (``value`` as in the snapshot, ``unit`` 'date' or 'date (month)') in the
    claim's ``precision`` (:data:`DAY_UNIT` or :data:`YEAR_UNIT`): (point, low, high); the point
    is NaN when the fact is less precise than the claim (a month for a day)."""
    if precision not in (DAY_UNIT, YEAR_UNIT):
        raise ValueError(f"fact date {value!r} cannot be read at the precision {precision!r}; "
                         f"use {DAY_UNIT!r} or {YEAR_UNIT!r}")
    parts = [int(p) for p in value.split("-")]
    if precision == YEAR_UNIT:
        return float(parts[0]), math.nan, math.nan
    if unit == "date" and len(parts) == 3:
        number = float(parts[0] * 10_000 + parts[1] * 100 + parts[2])
        return number, math.nan, math.nan
    if unit == "date (month)" and len(parts) == 2:
        year, month = parts
        last = calendar.monthrange(year, month)[1]
        return math.nan, float(year * 10_000 + month * 100 + 1), float(year * 10_000 + month * 100 + last)
    raise ValueError(f"fact date {value!r} ({unit}) cannot be read at the precision {precision!r}")


def register_events(ledger: Ledger, events: pd.DataFrame) -> list[tuple[str, str]]:
    """Register each dated event (and each reading of its sentence) from the transcription.
    Returns [(claim_id, event_id), ...]."""
    ids = []
    for row in events.itertuples(index=False):
        number, unit = printed_date(row.date_as_printed)
        for reading in EVENT_READINGS[row.event_id]:
            statement = (f"“{row.event_as_printed}” — {row.date_as_printed}"
                         + (f" ({reading['reading']})" if reading["reading"] else ""))
            ledger.register(Claim(
                claim_id=reading["claim_id"], paper=PAPER, notebook=NOTEBOOK, location=row.location,
                statement=statement, reported=number, unit=unit, comparison=reading["comparison"],
                tolerance="exact", approximate="none", reading_of=EVENT_SENTENCE.get(row.event_id, ""),
                note=(f"printed as '{row.date_as_printed}'" + ("; compared as the number yyyymmdd" if unit == DAY_UNIT
                                                                else "")),
            ))
            ids.append((reading["claim_id"], row.event_id))
    return ids


def event_sources(facts: pd.DataFrame, event_id: str, precision: str) -> pd.DataFrame:
    """The public facts dating one event, as sources for :meth:`Ledger.check_sources`."""
    fact_ids, _, _ = EVENT_FACTS[event_id]
    rows = []
    for fact_id in fact_ids:
        row = fact(facts, fact_id)
        point, low, high = fact_date(row["value"], row["unit"], precision)
        rows.append({"fact_id": fact_id, "publisher": row["publisher"], "source_url": row["source_url"],
                     "date_as_published": row["value"], "value": point, "value_low": low, "value_high": high})
    return pd.DataFrame(rows)


def _series(items: list[str]) -> str:
    """'a, b, and c', as the text writes its lists."""
    return ", ".join(items[:-1]) + ", and " + items[-1] if len(items) > 2 else " and ".join(items)


def show_dates(table: pd.DataFrame, results: dict[str, dict]) -> pd.DataFrame:
    """A reading table (``ct.claims.reading_table``) with the claims dated to the day shown as
    dates: '20120426' → '2012-04-26' (a month-only interval as '[2012-04-01, 2012-04-30]')."""
    def iso(number) -> str:
        text = f"{int(float(number)):08d}"
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"

    table = table.copy()
    for i, claim_id in enumerate(table["claim_id"]):
        result = results[claim_id]
        if result["unit"] != DAY_UNIT:
            continue
        table.loc[table.index[i], "reported"] = iso(result["reported"])
        if result["recomputed"]:
            table.loc[table.index[i], "recomputed"] = iso(result["recomputed"])
        elif result["recomputed_low"]:
            table.loc[table.index[i], "recomputed"] = f"[{iso(result['recomputed_low'])}, {iso(result['recomputed_high'])}]"
    return table


def register_partners(ledger: Ledger, partners: pd.DataFrame) -> str:
    """'the top five countries ... were Poland, Romania, the Czech Republic, Slovenia, and Hungary'."""
    listed = list(partners.sort_values("printed_order")["country_as_printed"])
    claim_id = "002-P-TOP5-PARTNERS-2022"
    ledger.register(Claim(
        claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=partners["location"].iloc[0],
        statement=f"In 2022, the top five countries in China's cultural imports and exports to Central and Eastern "
                  f"Europe were {_series(listed)}",
        reported="; ".join(listed), unit="countries (names, as printed)", tolerance="exact", approximate="none",
        note="names as printed (data/raw/002_top_partners_2022.csv)"))
    return claim_id


def register_products(ledger: Ledger, codes: pd.DataFrame) -> str:
    """'Fashion accessories (CER022), home decoration ... (CER023), and toys (CER025) are the primary products'."""
    claim_id = "002-C-PRIMARY-PRODUCTS"
    listed = _series([f"{row.label_as_printed} ({row.code})" for row in codes.itertuples()])
    ledger.register(Claim(
        claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=codes["location"].iloc[0],
        statement=f"{listed} are the primary products traded", reported="; ".join(codes["code"]),
        unit="product codes (as printed)", tolerance="exact", approximate="none",
        note="codes as printed (data/raw/002_product_codes.csv); the text does not name their classification"))
    return claim_id


# --------------------------------------------------------------------------- membership from the public facts
FOUNDING_MEMBERS_FACT = "CEEC-MEMBERS-2013"  # its scope_note lists the 16 founding members
# Joining and leaving, by fact: the country is named in the row's `geography`, except for Greece,
# whose row names the summit ("... at which Greece joined"); the code checks that it says so.
MEMBERSHIP_CHANGE_FACTS = [
    ("CEEC-EVENT-DUBROVNIK-SUMMIT", "joined", ["Greece"]),
    ("CEEC-EVENT-LITHUANIA-EXIT", "left", None),
    ("CEEC-EVENT-ESTONIA-LATVIA-EXIT", "left", None),
]
# Member counts the facts state, and the moment each refers to: 'during' the year (before a
# withdrawal later that year) or at its 'end' (after it).
MEMBER_COUNT_FACTS = [
    ("CEEC-MEMBERS-2013", "during"), ("CEEC-MEMBERS-2019", "during"),
    ("CEEC-MEMBERS-2021-XI", "during"), ("CEEC-MEMBERS-2022", "end"),
]


def founding_members_from_facts(facts: pd.DataFrame) -> list[str]:
    """The founding members as the fact row lists them ('(North) Macedonia' → 'North Macedonia')."""
    row = fact(facts, FOUNDING_MEMBERS_FACT)
    listed = row["scope_note"].split(". ")[0].split(", ")
    names = [name.replace("(", "").replace(")", "").strip() for name in listed]
    if len(names) != int(float(row["value"])):
        raise ValueError(f"{FOUNDING_MEMBERS_FACT}: lists {len(names)} countries, states {row['value']}")
    return names


def membership_from_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """country, member_from, member_until (calendar years), with the fact ids they rest on."""
    launch_year = int(fact(facts, "CEEC-EVENT-LAUNCH")["value"][:4])
    rows = {name: {"country": name, "member_from": launch_year, "member_until": math.nan,
                   "facts": f"{FOUNDING_MEMBERS_FACT}; CEEC-EVENT-LAUNCH"}
            for name in founding_members_from_facts(facts)}
    for fact_id, change, named in MEMBERSHIP_CHANGE_FACTS:
        event = fact(facts, fact_id)
        countries = named if named else [c.strip() for c in event["geography"].split(";")]
        if named and not all(name in event["series"] for name in named):
            raise ValueError(f"{fact_id}: its series does not name {named}")
        year = int(event["value"][:4])
        for country in countries:
            if change == "joined":
                rows[country] = {"country": country, "member_from": year, "member_until": math.nan, "facts": fact_id}
            else:
                rows[country]["member_until"] = year
                rows[country]["facts"] += f"; {fact_id}"
    out = pd.DataFrame(list(rows.values())).sort_values("country").reset_index(drop=True)
    out["member_until"] = out["member_until"].astype("Int64")
    return out


def members_at_end_of(reference: pd.DataFrame, year: int) -> pd.DataFrame:
    """Members on 31 December of ``year`` (a country that left during ``year`` is not counted)."""
    until = reference["member_until"]
    member = (reference["member_from"] <= year) & (until.isna() | (until > year))
    return reference[member.fillna(False).astype(bool)].reset_index(drop=True)


def membership_check(reference: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Each member count the facts state beside the reference table's count for the same moment."""
    rows = []
    for fact_id, moment in MEMBER_COUNT_FACTS:
        row = fact(facts, fact_id)
        year = int(row["year"])
        during, at_end = len(members_in(reference, year)), len(members_at_end_of(reference, year))
        reference_count = during if moment == "during" else at_end
        rows.append({"fact_id": fact_id, "year": year, "members_per_fact": int(float(row["value"])),
                     "moment": "during the year" if moment == "during" else "at the end of the year",
                     "reference_during_year": during, "reference_at_year_end": at_end,
                     "agree": int(float(row["value"])) == reference_count})
    return pd.DataFrame(rows)


def named_partners_outside(partners: pd.DataFrame, membership: pd.DataFrame, year: int) -> list[str]:
    """The printed partner names that were not members at any time in ``year`` (per ``membership``)."""
    members = set(members_in(membership, year)["country"])
    names = partners["country_as_printed"].str.replace(r"^the ", "", regex=True)
    return sorted(set(names) - members)


# --------------------------------------------------------------------------- video games (§III)
# "Chinese video game companies ... have experienced rapid growth": overseas revenue of China's
# self-developed games, the one public series of the facts that measures it. Window: the five
# latest full years before the speech (the 5th forum, Sofia, 26-27 June 2024: the reference of
# text 002, citing Xinhua), 2018 to 2023.
GAMES_START_FACT = "GAMES-OVERSEAS-2018"
GAMES_END_FACTS = ["GAMES-OVERSEAS-2023", "GAMES-OVERSEAS-2023-CD", "GAMES-OVERSEAS-2023-SHINE",
                   "GAMES-OVERSEAS-2023-UDN", "GAMES-OVERSEAS-2023-REUTERS"]
GAMES_END_CHOICE = ("GAMES-OVERSEAS-2023", "the report's figure to the US$ million (163.66 亿美元) over reprints "
                                           "that round it (rule: the publisher's precision)")
GAMES_LATEST_GROWTH_FACT = "GAMES-OVERSEAS-GROWTH-2023"


def games_cagr_sources(facts: pd.DataFrame) -> pd.DataFrame:
    """CAGR (percent a year) of the overseas revenue from the start fact to each end fact."""
    start = fact(facts, GAMES_START_FACT)
    start_bn, start_year = float(start["amount_billion"]), int(start["year"])
    rows = []
    for fact_id in GAMES_END_FACTS:
        end = fact(facts, fact_id)
        years = int(end["year"]) - start_year
        rows.append({"fact_id": fact_id, "publisher": end["publisher"], "source_url": end["source_url"],
                     "start_usd_bn": start_bn, "end_usd_bn": float(end["amount_billion"]), "years": years,
                     "value": 100 * cagr(start_bn, float(end["amount_billion"]), years)})
    return pd.DataFrame(rows)


def games_latest_growth_source(facts: pd.DataFrame) -> pd.DataFrame:
    """The growth of the latest full year before the speech, as the fact prints it (percent, signed)."""
    row = fact(facts, GAMES_LATEST_GROWTH_FACT)
    return pd.DataFrame([{"fact_id": GAMES_LATEST_GROWTH_FACT, "publisher": row["publisher"],
                          "source_url": row["source_url"], "value": float(row["percent"])}])


# --------------------------------------------------------------------------- complementarity with a group
# Generic (any partner, any group): to move to culturaltrade.complementarity, next to
# complementarity_with, when that shared module is next changed.
GROUP_TOTALS_SCHEMA = {
    "primaryKey": ["country_iso3", "flow"], "missingValues": [""],
    "fields": [
        {"name": "country_iso3", "type": "string", "description": "ISO 3166-1 alpha-3 code of the reporting country",
         "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
        {"name": "flow", "type": "string", "description": "export or import",
         "constraints": {"required": True, "enum": ["export", "import"]}},
        {"name": "total", "type": "number", "unit": "any currency, the same for every row",
         "description": "the country's total exports or imports over the products of the share file",
         "constraints": {"required": True, "minimum": 0}},
    ],
}
GROUP_TOTALS_CONTRACT = (
    "one row per country and flow: country_iso3, flow (export/import), total (the country's trade over the "
    "products of the share file, in one currency for the whole file; it weights the country's shares)"
)


def load_group_totals(path: str | Path, known_countries, *, label: str | None = None,
                      known_description: str = "accepted here") -> pd.DataFrame:
    """Read a totals CSV (:data:`GROUP_TOTALS_CONTRACT`) and validate it: the schema, known
    country codes, and totals above zero (a country without trade in a flow has no shares to weight)."""
    label = label or str(path)
    frame = load_csv_with_schema(path, GROUP_TOTALS_SCHEMA, label)
    if frame.empty:
        raise DataValidationError(f"{label}: no rows; expected {GROUP_TOTALS_CONTRACT}")
    frame["line"] = range(2, len(frame) + 2)
    known = set(known_countries)
    problems = [Problem(int(r.line), "country_iso3", f"unknown country code {r.country_iso3!r}; "
                                                     f"{known_description}: {sorted(known)}")
                for r in frame.itertuples() if r.country_iso3 not in known]
    problems += [Problem(int(r.line), "total", f"the {r.flow} total of {r.country_iso3} is 0: leave the row out "
                                                "(a country with no trade has no shares to weight)")
                 for r in frame.itertuples() if r.total == 0]
    if problems:
        lines = [f"{label}: {len(problems)} problem(s) with the data"] + [f"  - {p.render()}" for p in problems]
        raise DataValidationError("\n".join(lines))
    return frame


def group_shares(shares: pd.DataFrame, totals: pd.DataFrame, members: list[str], flow: str) -> pd.Series:
    """Product shares of a group taken as one trader: s_Gk = Σ_c T_c s_ck / Σ_c T_c.

    ``shares``: the long product-share frame (``load_product_shares``); ``totals``: the frame of
    :func:`load_group_totals`; ``flow``: 'export' or 'import'. Weighting each member's shares by
    its total gives the shares of the members' summed trade with the world (trade among the
    members included), which is what the group's own export or import structure is; an
    unweighted mean of the members' shares, or a mean of their indices, is not. Every member
    must have both shares and a total for the flow; the error names those that do not.
    """
    if not members:
        raise ComplementarityError("the group has no members")
    weights = totals[totals["flow"] == flow].set_index("country_iso3")["total"]
    parts, missing = [], []
    for country in members:
        member_shares = shares_of(shares, country, flow)
        if member_shares is None or country not in weights.index:
            missing.append(country)
            continue
        parts.append(member_shares.astype("float64") * float(weights[country]))
    if missing:
        raise ComplementarityError(
            f"no {flow} shares or no {flow} total for {missing}: every member of the group needs both")
    combined = pd.concat(parts, axis=1).fillna(0.0).sum(axis=1)  # a product a member does not list: 0
    return (combined / float(weights[list(members)].sum())).rename(f"group {flow}s")


def members_with_data(shares: pd.DataFrame, totals: pd.DataFrame, members: list[str], flow: str) -> tuple[list, list]:
    """(members with shares and a total for ``flow``, members without)."""
    have_total = set(totals.loc[totals["flow"] == flow, "country_iso3"])
    have_shares = set(shares.loc[shares["flow"] == flow, "country_iso3"])
    used = [c for c in members if c in have_total and c in have_shares]
    return used, [c for c in members if c not in used]


def group_complementarity(shares: pd.DataFrame, totals: pd.DataFrame, partner: str, members: list[str], *,
                          tolerance: float = DEFAULT_SHARE_TOLERANCE) -> pd.DataFrame:
    """The trade complementarity index of ``partner`` against a group taken as one trader.

    Two rows: the partner's exports against the group's imports, and the group's exports
    against the partner's imports. Each is computed over the members that have shares and a
    total for the group's flow (:func:`members_with_data`), named in ``members_used``; the
    others are named in ``members_missing``. A direction with no member, or without the
    partner's own shares, is missing (NaN), never 0.
    """
    rows = []
    for partner_flow, group_flow, direction in (
            ("export", "import", f"{partner} exports vs group imports"),
            ("import", "export", f"group exports vs {partner} imports")):
        used, missing = members_with_data(shares, totals, members, group_flow)
        partner_shares = shares_of(shares, partner, partner_flow)
        tc = math.nan
        if used and partner_shares is not None:
            group = group_shares(shares, totals, used, group_flow)
            importer, exporter = (group, partner_shares) if group_flow == "import" else (partner_shares, group)
            tc = trade_complementarity_index(importer, exporter, missing_as_zero=True, tolerance=tolerance)
        rows.append({"direction": direction, "tc": tc, "n_members_used": len(used),
                     "members_used": ", ".join(used), "members_missing": ", ".join(missing)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- display helpers
def runs_of_equal_rows(frame: pd.DataFrame, digits: int = 5) -> pd.DataFrame:
    """Rows indexed by rank 1..N collapsed into runs of ranks whose (rounded) values are all equal:
    'ranks' ('1', '2-5', '6-16') and the values, for showing a long share vector narrowly."""
    rounded = frame.round(digits)
    out, start = [], 0
    for i in range(1, len(rounded) + 1):
        if i == len(rounded) or not rounded.iloc[i].equals(rounded.iloc[start]):
            first, last = rounded.index[start], rounded.index[i - 1]
            out.append({"ranks": f"{first}" if first == last else f"{first}-{last}",
                        "n": i - start, **rounded.iloc[start].to_dict()})
            start = i
    return pd.DataFrame(out)


# --------------------------------------------------------------------------- figures
def _bar_labels(ax, bars, texts, colour="#222222", inside=False):
    for bar, text in zip(bars, texts):
        height = bar.get_height()
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, height), xytext=(0, -14 if inside else 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9, color=colour)


def plot_growth_endpoints(data: pd.DataFrame, checks: dict[str, dict], stated: dict[str, float],
                          verdicts: dict[str, str]):
    """Two panels: turnover 2017 vs 2022 and imports from CEE 2010 vs 2022 (stated bars), the
    recomputed and stated growth, and (derived, orange) the endpoints the stated import growth implies.

    ``data``: rows panel ('turnover'/'imports'), year, value, status ('stated'/'derived');
    ``checks``, ``stated``, ``verdicts``: per panel, the :func:`growth_check` result, the stated
    growth (percent) and the ledger's verdict on it.
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5))
    panels = (("turnover", "Turnover, China–CEE (US$ billion)", "{:.3f}"),
              ("imports", "China's imports from CEE (US$ million)", "{:.0f}"))
    for ax, (panel, ylabel, fmt) in zip(axes, panels):
        check, stated_pct, verdict = checks[panel], stated[panel], verdicts[panel]
        part = data[data["panel"] == panel]
        bars_data = part[part["status"] == "stated"]
        positions = range(len(bars_data))
        bars = ax.bar(positions, bars_data["value"], width=0.55, color=ROLE_COLOURS["stated"], label="stated in the text")
        _bar_labels(ax, bars, [fmt.format(v) for v in bars_data["value"]])
        ax.set_xticks(list(positions), [str(y) for y in bars_data["year"]])
        derived = part[part["status"] == "derived"]
        if not derived.empty:  # beside the bar, so that the bar's own label stays readable
            x_of = dict(zip(bars_data["year"], positions))
            xs = [x_of[y] + 0.36 for y in derived["year"]]
            ax.scatter(xs, derived["value"], marker="D", s=46, color=ROLE_COLOURS["derived"], zorder=3,
                       edgecolor="white", linewidth=0.8, label=f"derived: would make the text's +{stated_pct:g} % true")
            for x, v in zip(xs, derived["value"]):
                ax.annotate(fmt.format(v), (x, v), xytext=(7, 0), textcoords="offset points", va="center",
                            fontsize=8.5, color=ROLE_COLOURS["derived"])
        ax.set_ylim(0, bars_data["value"].max() * 1.15)
        ax.set_title(f"recomputed: +{check['growth_pct']:.1f} % in {check['years']} years "
                     f"(CAGR {check['cagr_pct']:.1f} %/yr)\ntext: +{stated_pct:g} %  →  {verdict}",
                     fontsize=9.5, fontweight="normal",
                     color="#222222" if verdict == "reproduced" else ROLE_COLOURS["imports"])
        ax.set_ylabel(ylabel)
        ax.set_xlabel("Year")
        ax.set_xlim(-0.6, len(bars_data) - 0.4 + (0.3 if not derived.empty else 0))
    handles, labels = axes[1].get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: not labels[i].startswith("stated"))
    fig.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower center", ncols=2,
               bbox_to_anchor=(0.5, -0.04), fontsize=9)
    fig.suptitle("China–CEE cultural trade: the text's endpoints and growth rates")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_share_series(data: pd.DataFrame, changes: dict[str, dict], titles: dict[str, str],
                      stated_growth: dict[str, tuple[float, str]]):
    """Two panels (same scale): each share in 2002 and 2022 (stated) with its change (derived).

    ``data``: rows series, year, share_pct; ``changes``: series → :func:`share_change` result;
    ``stated_growth``: series → (the text's relative growth in percent, the ledger's verdict).
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    box = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5), sharey=True)
    for ax, series in zip(axes, titles):
        part = data[data["series"] == series]
        bars = ax.bar(range(len(part)), part["share_pct"], width=0.55, color=ROLE_COLOURS["stated"])
        _bar_labels(ax, bars, [f"{v:.2f} %" for v in part["share_pct"]])
        ax.set_xticks(range(len(part)), [str(y) for y in part["year"]])
        ax.set_xlim(-0.6, len(part) - 0.4)
        change = changes[series]
        ax.text(0.04, 0.96, f"derived: {change['change_pp']:+.2f} pp, ×{change['ratio']:.2f} "
                f"(+{change['relative_pct']:.1f} %)", transform=ax.transAxes, ha="left", va="top", fontsize=9,
                color=ROLE_COLOURS["derived"], bbox=box)
        if series in stated_growth:
            growth, verdict = stated_growth[series]
            ax.text(0.04, 0.88, f"text: +{growth:g} %  →  {verdict}", transform=ax.transAxes,
                    ha="left", va="top", fontsize=9, color=ROLE_COLOURS["stated"], bbox=box)
        ax.set_title(titles[series], fontsize=10, fontweight="normal")
        ax.set_xlabel("Year")
    axes[0].set_ylabel("Share of total cultural trade (%)")
    axes[0].set_ylim(0, data["share_pct"].max() * 1.35)
    fig.suptitle("The China–CEE flow as a share of each side's cultural trade, 2002 and 2022")
    fig.tight_layout()
    return fig


def plot_composition(data: pd.DataFrame):
    """Stacked horizontal bars to 100 %: manufactured crafts (stated) and the rest (derived), per flow.

    ``data``: rows flow ('exports'/'imports'), part ('manufactured crafts'/'all other cultural
    products'), share_pct, status.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    flows = list(dict.fromkeys(data["flow"]))
    for y, flow in enumerate(flows):
        part = data[data["flow"] == flow].set_index("part")
        crafts = part.loc["manufactured crafts", "share_pct"]
        rest = part.loc["all other cultural products", "share_pct"]
        ax.barh(y, crafts, color=ROLE_COLOURS[flow], height=0.5)
        ax.barh(y, rest, left=crafts, color=ROLE_COLOURS["derived"], height=0.5, hatch="//", edgecolor="white")
        ax.text(crafts / 2, y, f"manufactured crafts {crafts:.1f} %", ha="center", va="center", color="white",
                fontsize=9.5, fontweight="bold")
        ax.annotate(f"all other cultural products\n{rest:.1f} % (derived)", (100, y), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=9, color="#222222")
    ax.set_yticks(range(len(flows)), [f.capitalize() for f in flows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_ylim(len(flows) - 0.4, -0.6)
    ax.set_xlabel("Share of the flow's cultural-product trade, China–CEE, average over unstated years (%)")
    ax.set_title("China–CEE cultural-product trade by product group: manufactured crafts and the rest")
    ax.legend(handles=[
        Patch(color=ROLE_COLOURS["exports"], label="exports: crafts share, stated"),
        Patch(color=ROLE_COLOURS["imports"], label="imports: crafts share, stated"),
        Patch(facecolor=ROLE_COLOURS["derived"], hatch="//", edgecolor="white", label="100 % − stated share (derived)"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8.5)
    fig.tight_layout()
    return fig


def plot_partner_concentration(data: pd.DataFrame, group_year: int, turnover_bn: float):
    """Horizontal bars of the 2022 partner groups' shares (stated black, derived orange) with the
    implied US$ values (derived). ``data``: :func:`partner_breakdown` output."""
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    colours = [ROLE_COLOURS["stated"] if s == "stated" else ROLE_COLOURS["derived"] for s in data["share_status"]]
    ax.barh(range(len(data)), data["share_pct"], color=colours, height=0.55)
    for y, row in enumerate(data.itertuples()):
        ax.annotate(f"{row.share_pct:.2f} %  ·  US$ {row.usd_bn_derived:.2f} bn (derived)", (row.share_pct, y),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=9)
    labels = []
    for group, n in zip(data["group"], data["n_countries"]):
        label = textwrap.fill(group.replace(" + ", ", "), 26)
        if group.startswith("the other"):
            label += f"\n(members as of {group_year})"
        labels.append(label)
    ax.set_yticks(range(len(data)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of China's 2022 cultural trade with the CEE countries (%)\n"
                  f"US$ values: share × 2022 turnover of US$ {turnover_bn:g} bn, derived")
    ax.set_title("China's cultural trade with the CEE countries by partner, 2022")
    ax.legend(handles=[
        Patch(color=ROLE_COLOURS["stated"], label="share stated in the text"),
        Patch(color=ROLE_COLOURS["derived"], label="share derived from the stated shares"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=2, fontsize=8.5)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- UNCTAD codes of the group
def unctad_members_by_year(reference: pd.DataFrame, years) -> dict[int, list[str]]:
    """year → UNCTAD codes (``unctad_code``) of the China–CEEC members in that year (:func:`members_in`).

    Before the founding (2012) the mechanism had no members; for earlier years (the text's
    figures of 2002 and 2010) this takes the 16 founding members — the compendium's choice,
    to be said wherever such a year is used."""
    return {int(year): list(members_in(reference, max(int(year), FIRST_GROUP_YEAR))["unctad_code"])
            for year in years}


# --------------------------------------------------------------------------- creative services (§10)
# UNCTAD's creative services by economy and by region (data/snapshots/unctad_services_*.csv),
# read with culturaltrade.unctad. Caveat: mostly R&D and software, not cultural content.
SERVICES_WINDOW = (2018, 2023)  # the five latest full years before the speech (June 2024), as for the games
DIGITAL_SERVICES = ("SSFT", "SINF")  # software services, information services
SERVICES_REGIONS = ("World", "Europe")
CEE_SERVICES_LABEL = "China-CEEC members (each year's)"
SERVICES_CAVEAT = ("UNCTAD's creative services are mostly research and development and software services, "
                   "not cultural content")
# claim id → (what it reads, region or economy); the thresholds are in the registry
DIGITAL_DRIVE_CLAIMS = {
    "002-Q-DIGITAL-SERVICES-DRIVE-READ-SHARE-WORLD": ("change_pp", "World"),
    "002-Q-DIGITAL-SERVICES-DRIVE-READ-SHARE-EUROPE": ("change_pp", "Europe"),
    "002-Q-DIGITAL-SERVICES-DRIVE-READ-PART-WORLD": ("part_of_growth_pct", "World"),
    "002-Q-DIGITAL-SERVICES-DRIVE-READ-PART-EUROPE": ("part_of_growth_pct", "Europe"),
}
DIGITAL_GROWTH_CLAIMS = {"002-Q-DIGITAL-RAPID-GROWTH-CHINA": "China", "002-Q-DIGITAL-RAPID-GROWTH-CEE": "CEE"}


def validate_services_economy(value, table: pd.DataFrame | None = None) -> str:
    """The UNCTAD code of the economy set against the CEE group in §10 (a code or a label)."""
    from ..unctad import UnknownEconomyError, economy_codes, load_services_by_economy, resolve_economy

    table = load_services_by_economy() if table is None else table
    try:
        return resolve_economy(value, economy_codes(table), table.attrs.get("path", "the services snapshot"))
    except UnknownEconomyError as error:
        raise UnknownEconomyError(f"parameter `services_economy`: {error}") from None


def services_against_group(reference: pd.DataFrame, economies: list[str], start: int, end: int,
                           table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Creative-services trade per year (:func:`culturaltrade.unctad.services_trade`) of each of
    ``economies`` and of the China–CEEC members as the group stood in each year (the founding
    members before 2012), one block after the other."""
    from ..unctad import load_services_by_economy, services_trade

    table = load_services_by_economy() if table is None else table
    frames = [services_trade(economy, start, end, table=table) for economy in economies]
    frames.append(services_trade(unctad_members_by_year(reference, range(start, end + 1)), start, end,
                                 name=CEE_SERVICES_LABEL, table=table))
    return pd.concat(frames, ignore_index=True)


def services_export_growth(reference: pd.DataFrame, window: tuple[int, int] = SERVICES_WINDOW,
                           table: pd.DataFrame | None = None) -> pd.DataFrame:
    """CAGR of the creative-services exports of China and of the CEE group over ``window``.

    The group is held fixed — the members of the window's last year — so that a country
    joining or leaving does not count as growth or decline. One row each (``who`` 'China' or
    'CEE'): members, start and end exports (US$ million), years, cagr_pct, missing_members.
    """
    from ..unctad import load_services_by_economy, services_trade

    table = load_services_by_economy() if table is None else table
    start, end = window
    fixed = list(members_in(reference, end)["unctad_code"])
    rows = []
    for who, economies, name in (("China", "156", "China"),
                                 ("CEE", fixed, f"China-CEEC members of {end} ({len(fixed)}, held fixed)")):
        trade = services_trade(economies, start, end, name=name, table=table).set_index("year")
        first, last = trade.loc[start, "exports_usd_mn"], trade.loc[end, "exports_usd_mn"]
        missing = "; ".join(f"{year}: {trade.loc[year, 'missing_members']}" for year in (start, end)
                            if trade.loc[year, "missing_members"] and "exports" in trade.loc[year, "missing_members"])
        rows.append({"who": who, "economy": name, "start_year": start, "end_year": end,
                     "exports_start_usd_mn": first, "exports_end_usd_mn": last,
                     "cagr_pct": 100 * cagr(first, last, end - start), "missing_members": missing})
    return pd.DataFrame(rows)


def digital_services_shares(regions=SERVICES_REGIONS, start: int = 2010, end: int = 2024,
                            table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Software (SSFT) plus information (SINF) services, per region and year: their exports
    (US$ million), the region's creative-services exports (SCRE) and their share (percent);
    missing if either part is."""
    from ..unctad import service_group_shares

    shares = service_group_shares(list(regions), start, end, table=table)
    digital = shares[shares["service"].isin(DIGITAL_SERVICES)]
    out = digital.groupby(["region", "year"], sort=False).agg(
        digital_usd_mn=("value_usd_mn", lambda v: v.sum(min_count=len(DIGITAL_SERVICES))),
        total_usd_mn=("total_usd_mn", "first")).reset_index()
    out["share_pct"] = 100 * out["digital_usd_mn"] / out["total_usd_mn"]
    return out


def digital_services_change(digital: pd.DataFrame, window: tuple[int, int] = SERVICES_WINDOW) -> pd.DataFrame:
    """Per region, over ``window``: the digital share at both ends and its change (percentage
    points), and the digital services' part of the growth of creative-services exports
    (Δ digital / Δ total, percent)."""
    start, end = window
    rows = []
    for region, part in digital.groupby("region", sort=False):
        part = part.set_index("year")
        growth_digital = part.loc[end, "digital_usd_mn"] - part.loc[start, "digital_usd_mn"]
        growth_total = part.loc[end, "total_usd_mn"] - part.loc[start, "total_usd_mn"]
        rows.append({"region": region, "start_year": start, "end_year": end,
                     "share_start_pct": part.loc[start, "share_pct"], "share_end_pct": part.loc[end, "share_pct"],
                     "change_pp": part.loc[end, "share_pct"] - part.loc[start, "share_pct"],
                     "digital_growth_usd_mn": growth_digital, "total_growth_usd_mn": growth_total,
                     "part_of_growth_pct": 100 * growth_digital / growth_total})
    return pd.DataFrame(rows)


def plot_services(exports: pd.DataFrame, digital: pd.DataFrame, window: tuple[int, int]):
    """Two panels: creative-services exports per year of each series of ``exports`` (columns
    series, year, value_usd_bn), and the digital share of ``digital`` (columns series, year,
    share_pct), with the claims' window shaded."""
    import matplotlib.pyplot as plt

    from ..figures import GREY, OKABE_ITO, plot_consecutive

    economies = [OKABE_ITO[c] for c in ("vermillion", "blue", "orange", "sky_blue")]
    regions = [OKABE_ITO[c] for c in ("black", "bluish_green", "reddish_purple")]  # other colours: other things
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5))
    for ax, data, column, colours, ylabel, title in (
            (axes[0], exports, "value_usd_bn", economies, "Creative-services exports (US$ billion)",
             "Exports by economy"),
            (axes[1], digital, "share_pct", regions, "Software + information services (% of creative services)",
             "Digital share of exports, by region")):
        ax.axvspan(window[0], window[1], color=GREY, alpha=0.15, lw=0)
        for colour, (series, part) in zip(colours, data.groupby("series", sort=False)):
            plot_consecutive(ax, part["year"], part[column], color=colour, lw=1.8, label=series)
            ax.plot(part["year"], part[column], "o", ms=3, color=colour)
        ax.set_ylabel(ylabel, fontsize=9)
        ax.set_xlabel("Year")
        ax.set_title(title, fontsize=10, fontweight="normal")
        ax.legend(fontsize=8, loc="upper left")
    axes[1].text(window[0] + 0.1, axes[1].get_ylim()[0], f"claims' window\n{window[0]}–{window[1]}", fontsize=8,
                 color="#444444", va="bottom")
    fig.suptitle("UNCTAD creative services: China and the CEE countries; the digital share")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- UNCTADstat's bilateral creative-goods table (§11)
# A researcher's own copy of the table behind text 002's figures, read with
# culturaltrade.unctad_goods (DuckDB, out of core). Nothing of it is in the repository.
GOODS_PARAMETER = "goods_table"
CRAFTS_GROUP = "CER020"  # the group of the leaves the text names (CER022, CER023, CER025): an inference from the text
GOODS_TCI_YEAR = 2022    # "the Trade Complementarity Index (TCI) presented in the table for 2022"
GOODS_TEXT_REGIONS = ("East Asia", "ASEAN")  # the regions §II, paragraph 4 names
PARTNERS_RANKED = 5      # "the top five countries"
PRIMARY_PRODUCTS = 3     # three codes named as "the primary products traded"
# The claims §11 settles with a table (and leaves not checkable without one)
GOODS_CLAIMS_QUALITATIVE = ["002-Q-TOP5-PARTNERS-LARGEST", "002-Q-PRIMARY-PRODUCTS-LARGEST"]
GOODS_TCI_CLAIMS = ["002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS", "002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS",
                    "002-TCI-EASTASIA-ASEAN-LOWER", "002-EASTASIA-ASEAN-LARGER-SHARE"]


def open_goods_parameter(value):
    """The ``goods_table`` parameter: None/'' → None; otherwise the opened table (a Parquet file
    or folder; a relative path starts at the project root). A missing path or a file without the
    table's layout is refused with one message naming the parameter, the file and the column."""
    from ..paths import project_root
    from ..unctad_goods import GoodsLayoutError, open_goods_table

    if value in (None, ""):
        return None
    if not isinstance(value, (str, Path)):
        raise ParameterError(f"parameter `{GOODS_PARAMETER}` must be the path of a Parquet file or folder "
                             f"(UNCTADstat's bilateral creative-goods table), or empty; got {value!r}")
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = project_root() / path
    try:
        return open_goods_table(path)
    except GoodsLayoutError as error:
        raise GoodsLayoutError(f"parameter `{GOODS_PARAMETER}`: {error}") from None


def parse_years(name: str, value, low: int = 1995, high: int = LAST_GROUP_YEAR) -> list[int]:
    """A years parameter: '2002-2022' (a range), '2017,2022' (a list) or one year."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not text:
        raise ParameterError(f"parameter `{name}` must be years as 'first-last' or 'y1,y2,...', got {value!r}")
    try:
        bounds = [int(part) for part in text.split("-")] if "-" in text else None
        years = list(range(bounds[0], bounds[1] + 1)) if bounds else [int(part) for part in text.split(",")]
    except (ValueError, IndexError):
        raise ParameterError(f"parameter `{name}` must be years as 'first-last' or 'y1,y2,...', got {value!r}") from None
    if bounds and (len(bounds) != 2 or bounds[0] > bounds[1]):
        raise ParameterError(f"parameter `{name}`: the range {text!r} is reversed or not 'first-last'")
    outside = [year for year in years if not low <= year <= high]
    if outside:
        raise ParameterError(f"parameter `{name}`: years {outside} are outside {low}-{high}")
    if len(set(years)) != len(years):
        raise ParameterError(f"parameter `{name}` names a year twice: {text!r}")
    return sorted(years)


def goods_regions_parameter(value, goods) -> dict[str, list[str]]:
    """The ``goods_regions`` parameter: region name → its economies (codes or labels of the
    table), resolved to the table's codes. Empty when not given; refused without a table."""
    from ..unctad import resolve_group

    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or not value:
        raise ParameterError("parameter `goods_regions` must map a region's name to a list of economies of the "
                             f"table, e.g. {{'ASEAN': ['Viet Nam', 'Thailand']}}; got {value!r}")
    if goods is None:
        raise ParameterError("parameter `goods_regions` names regions of `goods_table`: give `goods_table` too")
    regions = {}
    for name, members in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ParameterError(f"parameter `goods_regions`: a region's name must be text, got {name!r}")
        try:
            regions[name.strip()] = resolve_group(members, [GOODS_TCI_YEAR], goods.economy_codes(), str(goods.source),
                                                  f"goods_regions['{name}']")[GOODS_TCI_YEAR]
        except ParameterError as error:
            raise type(error)(f"parameter `goods_regions`: {error}") from None
    return regions


def _goods_note(*notes: str, limit: int = 3) -> str:
    """The ``missing`` / ``assumed_zero`` notes of a query, shortened: the first few, and how many."""
    parts = [part for note in notes for part in str(note).split("; ") if part]
    if not parts:
        return ""
    shown = "; ".join(parts[:limit])
    return shown + (f"; and {len(parts) - limit} more" if len(parts) > limit else "")


def _notes(*parts: str, missing=(), assumed_zero=()) -> str:
    """A check's note: ``parts``, then what the query lacked and what it took as 0."""
    lacking, zero = _goods_note(*missing), _goods_note(*assumed_zero)
    return "; ".join(filter(None, [*parts, lacking and f"missing: {lacking}",
                                   zero and f"absent rows taken as 0: {zero}"]))


def _span(years: list[int]) -> str:
    """[2017, 2022] → '2017, 2022'; a run of years → '2002–2022'."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _check_row(claim_id: str, reading: str, years: str, recomputed: float, unit: str, note: str = "") -> dict:
    return {"claim_id": claim_id, "reading": reading, "years": years, "recomputed": recomputed, "unit": unit,
            "note": note}


_CHINA = "China's own reports"
_ENDPOINTS = ("cultural_product_turnover_china_cee", "china_cultural_imports_from_cee",
              "share_of_cee_in_china_cultural_trade", "share_of_china_in_cee_cultural_trade")


def goods_stated_checks(goods, reference: pd.DataFrame, printed: pd.DataFrame, partners: pd.DataFrame,
                        product_codes: pd.DataFrame, crafts_years: list[int], *, partner_year: int = 2022,
                        absent_as_zero: bool = False) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Recompute text 002's stated values (and their other readings), its partner ranking and
    its primary products from a bilateral creative-goods table.

    ``goods``: :func:`open_goods_parameter`'s table; ``printed``: the stated values as text;
    ``partners``: :func:`match_partners` of the printed names (with ``iso3``), the partners of
    ``partner_year``; ``product_codes``: the printed codes; ``crafts_years``: the years "an
    average" is taken over (the text does not say). The group is the China–CEEC members of
    each year (the founding members before 2012); China is UNCTAD's 156.

    Returns one row per claim — claim_id, reading, years, recomputed (in the claim's unit;
    NaN where the table cannot give it, the reason in ``note``), unit, note — and the frames
    behind them (``trade``, ``shares``, ``partners``, ``crafts``, ``products``).
    """
    covered = goods.years()
    stated_years = sorted({int(y) for y in printed["year"] if str(y).strip()})
    groups = unctad_members_by_year(reference, sorted(set(stated_years) | set(crafts_years) | {partner_year}))
    reader = _GoodsReader(goods, groups, covered, absent_as_zero)
    rows = reader.endpoints(printed, [y for y in stated_years if y in covered])
    rows += reader.partner_shares(printed, partners, reference, partner_year)
    rows += reader.crafts_shares(printed, crafts_years)
    rows.append(reader.primary_products(product_codes, crafts_years))
    return pd.DataFrame(rows), reader.details


class _GoodsReader:
    """The queries behind :func:`goods_stated_checks`, each run once; ``details`` keeps their results."""

    def __init__(self, goods, groups: dict[int, list[str]], covered: list[int], absent_as_zero: bool):
        self.goods, self.groups, self.covered = goods, groups, covered
        self.kwargs = {"absent_as_zero": absent_as_zero}
        self.details: dict[str, pd.DataFrame] = {}

    def no_rows(self, years) -> str:
        return f"the table has no rows for {', '.join(map(str, years))} (it covers {self.covered[0]}–{self.covered[-1]})"

    def group_note(self, year: int) -> str:
        founding = " (the founding members: the mechanism began in 2012)" if year < FIRST_GROUP_YEAR else ""
        return f"group of {year}: {len(self.groups[year])} members{founding}"

    def endpoints(self, printed: pd.DataFrame, years: list[int]) -> list[dict]:
        """Turnover and imports (China's reports; the members'), the two shares, for the stated years."""
        if years:
            by_year = {y: self.groups[y] for y in years}
            trade = {side: self.goods.trade_with_group(by_year, years, reported_by=by, **self.kwargs).set_index("year")
                     for side, by in (("own", "reporter"), ("mirror", "members"))}
            of_china = self.goods.group_share_of_reporter_trade(by_year, years, **self.kwargs).set_index("year")
            of_group = self.goods.reporter_share_of_group_trade(by_year, years, **self.kwargs).set_index("year")
            self.details["trade"] = pd.concat([trade["own"].assign(reported_by="China"),
                                               trade["mirror"].assign(reported_by="the members")]).reset_index()
            self.details["shares"] = pd.concat([of_china.reset_index().assign(share="CEE in China's trade"),
                                                of_group.reset_index().assign(share="China in the members' trade")])
        rows = []
        for row in printed[printed["quantity"].isin(_ENDPOINTS)].itertuples(index=False):
            year, readings = int(row.year), STATED_READINGS.get(row.value_id)
            targets = [(stated_claim_id(row.value_id), readings[0] if readings else _CHINA, "own")]
            targets += [(reading_claim_id(row.value_id), readings[2], "mirror")] if readings else []
            for claim_id, reading, side in targets:
                if year not in years:
                    rows.append(_check_row(claim_id, reading, str(year), math.nan, row.unit, self.no_rows([year])))
                    continue
                if row.quantity == "share_of_cee_in_china_cultural_trade":
                    found, value = of_china.loc[year], of_china.loc[year, "share_pct"]
                elif row.quantity == "share_of_china_in_cee_cultural_trade":
                    found = of_group.loc[year]
                    value = found["share_pct" if side == "own" else "share_pct_mirror"]
                else:
                    found = trade[side].loc[year]
                    column = "turnover_usd_mn" if row.quantity == _ENDPOINTS[0] else "imports_usd_mn"
                    value = found[column] / (1000 if row.unit == "US$ billion" else 1)  # the table is in US$ million
                rows.append(_check_row(claim_id, reading, str(year), float(value), row.unit, _notes(
                    self.group_note(year), missing=[found["missing"]], assumed_zero=[found["assumed_zero"]])))
        return rows

    def ranked_partners(self, year: int) -> pd.DataFrame:
        if "partners" not in self.details:
            self.details["partners"] = self.goods.partner_shares(self.groups[year], year, **self.kwargs)
        return self.details["partners"]

    def partner_shares(self, printed: pd.DataFrame, partners: pd.DataFrame, reference: pd.DataFrame,
                       year: int) -> list[dict]:
        """The top five's and Poland's shares, and whether the named five are the five largest."""
        ranking_id = GOODS_CLAIMS_QUALITATIVE[0]
        stated = printed[printed["quantity"].isin(["partner_share_top5", "partner_share_poland"])]
        if year not in self.covered:
            return ([_check_row(stated_claim_id(r.value_id), _CHINA, str(year), math.nan, r.unit, self.no_rows([year]))
                     for r in stated.itertuples()]
                    + [_check_row(ranking_id, _CHINA, str(year), math.nan, "", self.no_rows([year]))])
        ranked = self.ranked_partners(year)
        note = _notes(self.group_note(year), missing=ranked["missing"], assumed_zero=ranked["assumed_zero"])
        code_of = reference.set_index("iso3")["unctad_code"]
        rows = []
        for row in stated.itertuples():
            if row.quantity == "partner_share_top5":
                value = ranked["cumulative_pct"].iloc[PARTNERS_RANKED - 1]
            else:
                value = ranked.set_index("partner").loc[code_of["POL"], "share_pct"]
            rows.append(_check_row(stated_claim_id(row.value_id), _CHINA, str(year), float(value), row.unit, note))
        top = ranked.iloc[:PARTNERS_RANKED]
        outside = [name for iso3, name in zip(partners["iso3"], partners["country"])
                   if code_of[iso3] not in set(top["partner"])]
        known = ranked["share_pct"].notna().all()
        rows.append(_check_row(ranking_id, _CHINA, str(year), float(len(outside)) if known else math.nan, "", (
            f"the table's five largest: {', '.join(top['partner_label'])}"
            + (f"; named but not among them: {', '.join(outside)}" if outside else "")) if known else note))
        return rows

    def crafts_shares(self, printed: pd.DataFrame, years: list[int]) -> list[dict]:
        """CER020's share of China's exports to and imports from the group, "an average" read two ways."""
        from ..unctad_goods import average_shares

        absent = [y for y in years if y not in self.covered]
        if not absent:
            shares = self.goods.product_shares({y: self.groups[y] for y in years}, years, **self.kwargs)
            self.details["crafts"] = shares[shares["product"] == CRAFTS_GROUP].reset_index(drop=True)
        rows = []
        for row in printed[printed["quantity"].str.startswith("manufactured_crafts_share")].itertuples(index=False):
            readings = STATED_READINGS[row.value_id]
            for claim_id, reading, column in ((stated_claim_id(row.value_id), readings[0], "mean_of_shares_pct"),
                                              (reading_claim_id(row.value_id), readings[2], "share_of_sums_pct")):
                if absent:
                    rows.append(_check_row(claim_id, reading, _span(years), math.nan, row.unit,
                                           self.no_rows(absent) + "; set `crafts_years` to years it has"))
                    continue
                flow = "exports" if row.quantity.endswith("exports") else "imports"
                crafts = self.details["crafts"][self.details["crafts"]["flow"] == flow]
                rows.append(_check_row(claim_id, reading, _span(years), float(average_shares(crafts)[column].iloc[0]),
                                       row.unit, _notes(
                    f"{CRAFTS_GROUP} ({crafts['product_label'].iloc[0]}) taken as the text's 'manufactured crafts' "
                    "(it holds the three products the text names: an inference)",
                    f"years the text does not name: {_span(years)} (parameter crafts_years)",
                    missing=crafts["missing"], assumed_zero=crafts["assumed_zero"])))
        return rows

    def primary_products(self, product_codes: pd.DataFrame, years: list[int]) -> dict:
        """Are the named codes the three largest products of the trade (X + M), summed over ``years``?"""
        claim_id = GOODS_CLAIMS_QUALITATIVE[1]
        absent = [y for y in years if y not in self.covered]
        if absent:
            return _check_row(claim_id, _CHINA, _span(years), math.nan, "",
                              self.no_rows(absent) + "; set `crafts_years` to years it has")
        finest = self.goods.product_shares({y: self.groups[y] for y in years}, years, level="finest", **self.kwargs)
        products = finest.groupby(["product", "product_label"], sort=True).agg(
            trade_usd_mn=("value_usd_mn", lambda v: v.sum(min_count=len(v)))).reset_index()  # missing if a part is
        products = products.sort_values(["trade_usd_mn", "product"], ascending=[False, True],
                                        na_position="last").reset_index(drop=True)
        products.insert(0, "rank", range(1, len(products) + 1))
        self.details["products"] = products
        if products["trade_usd_mn"].isna().any():
            return _check_row(claim_id, _CHINA, _span(years), math.nan, "", _notes(missing=finest["missing"]))
        top = list(products["product"].iloc[:PRIMARY_PRODUCTS])
        outside = [code for code in product_codes["code"] if code not in top]
        return _check_row(claim_id, _CHINA, _span(years), float(len(outside)), "", (
            f"the table's three largest (exports + imports summed over {_span(years)}): {', '.join(top)}"
            + (f"; named but not among them: {', '.join(outside)}" if outside else "")))


def goods_complementarity(goods, groups: dict[str, list[str]], year: int = GOODS_TCI_YEAR, *,
                          absent_as_zero: bool = False) -> pd.DataFrame:
    """China's trade complementarity with each partner group in ``year``, from the table.

    ``groups``: name → UNCTAD codes (the CEE group first). Per group: the TC of China's
    exports with the group's imports and of the group's exports with China's imports
    (:meth:`culturaltrade.unctad_goods.GoodsTable.tci`: the group's shares are those of its
    members' summed trade with the world, as in §7's group index; finest products), and the
    group's share of China's creative-goods trade (X + M, percent). A value the table cannot
    give is missing, with the reason in ``note``.
    """
    from ..complementarity import ComplementarityError

    rows = []
    for name, members in groups.items():
        row = {"group": name, "n_members": len(members)}
        try:
            index = goods.tci(members, year, absent_as_zero=absent_as_zero)
            row["tc_china_exports"], row["tc_china_imports"], note = (index["reporter_exports"],
                                                                      index["reporter_imports"], "")
        except ComplementarityError as error:
            row["tc_china_exports"] = row["tc_china_imports"] = math.nan
            note = f"no index: {error}"
        share = goods.group_share_of_reporter_trade(members, [year], absent_as_zero=absent_as_zero).iloc[0]
        row["share_of_china_trade_pct"] = share["share_pct"]
        row["note"] = "; ".join(filter(None, [note, _goods_note(share["missing"]) and
                                              f"share missing: {_goods_note(share['missing'])}"]))
        rows.append(row)
    return pd.DataFrame(rows)


def goods_tci_checks(tci: pd.DataFrame, cee_name: str, year: int = GOODS_TCI_YEAR) -> pd.DataFrame:
    """The four comparisons of §II, paragraph 4 from :func:`goods_complementarity` (CEE against
    the other groups, the regions the researcher named). Rows as in :func:`goods_stated_checks`:

    * CEE above the other regions, per direction: CEE's TC minus the highest other region's (> 0);
    * East Asia and ASEAN "notably lower": the largest of their TCs minus CEE's over both
      directions (< 0);
    * East Asia and ASEAN "a larger portion": the smaller of their shares of China's trade minus
      CEE's (> 0). Both regions must be among the groups (names as the text prints them).
    """
    source = (f"computed from UNCTADstat's bilateral creative-goods table ({year}, finest products), not from UN "
              "Comtrade as the text's table: a reading with another source, not the text's number")
    table = tci.set_index("group")
    gaps = "; ".join(f"{name}: {note}" for name, note in table["note"].items() if note)
    source = source + (f"; {gaps}" if gaps else "")
    others = [name for name in table.index if name != cee_name]
    folded = {name.casefold(): name for name in others}
    named = [folded.get(region.casefold()) for region in GOODS_TEXT_REGIONS]
    cee = table.loc[cee_name]
    rows = []
    for claim_id, column in (("002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS", "tc_china_imports"),
                             ("002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS", "tc_china_exports")):
        if not others:
            rows.append(_check_row(claim_id, "UNCTAD table", str(year), math.nan, "TCI points",
                                   "the text does not say which economies its other Belt and Road regions are; name "
                                   "them with the parameter `goods_regions`"))
            continue
        best = table.loc[others, column]
        rows.append(_check_row(claim_id, "UNCTAD table", str(year), float(cee[column] - best.max(skipna=False)),
                               "TCI points", f"CEE {cee[column]:.2f} minus the highest other region's "
                               f"({best.idxmax() if best.notna().all() else 'missing'}, {best.max():.2f}); {source}"))
    lacking = [region for region, name in zip(GOODS_TEXT_REGIONS, named) if name is None]
    why = (f"the parameter `goods_regions` names no region {' or '.join(repr(r) for r in lacking)} (the text names "
           f"{' and '.join(GOODS_TEXT_REGIONS)})") if lacking else ""
    if lacking:
        rows.append(_check_row("002-TCI-EASTASIA-ASEAN-LOWER", "UNCTAD table", str(year), math.nan, "TCI points", why))
        rows.append(_check_row("002-EASTASIA-ASEAN-LARGER-SHARE", "UNCTAD table", str(year), math.nan,
                               "percentage points", why))
    else:
        above_cee = [table.loc[name, column] - cee[column] for name in named
                     for column in ("tc_china_exports", "tc_china_imports")]
        rows.append(_check_row("002-TCI-EASTASIA-ASEAN-LOWER", "UNCTAD table", str(year),
                               float(max(above_cee)) if all(d == d for d in above_cee) else math.nan, "TCI points",
                               f"the largest of {', '.join(named)} minus CEE over both directions; {source}"))
        shares = [table.loc[name, "share_of_china_trade_pct"] - cee["share_of_china_trade_pct"] for name in named]
        rows.append(_check_row("002-EASTASIA-ASEAN-LARGER-SHARE", "UNCTAD table", str(year),
                               float(min(shares)) if all(s == s for s in shares) else math.nan, "percentage points",
                               f"the smaller of the shares of {' and of '.join(named)} in China's creative-goods trade "
                               f"minus CEE's ({cee['share_of_china_trade_pct']:.2f} %)" + (f"; {gaps}" if gaps else "")))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the codebook of the outputs
# What each table and figure CSV of notebook 03 holds (tables/datapackage.json): output name →
# the ``description`` and ``columns`` the notebook passes to ct.write_table / ct.save_figure
# (a column: its description, or (description, unit)). The 03_tci_* and 03_goods_* tables are
# written only when the parameters tci_shares_csv / goods_table are given.
_USD_MN = "US$ million, current prices"
_SAME_ROW_UNIT = "`unit` (same row)"
_GROUP_OF_EACH_YEAR = "the China-CEEC members of each year (the 16 founding members before 2012)"
_SERIES = ("cee_in_china: China-CEE cultural trade as a share of China's total cultural trade; china_in_cee: as a "
           "share of the CEE countries' total cultural trade")
_STATED_OR_DERIVED = "stated (printed in text 002) or derived (computed here from printed values)"
_WHERE = "where the value comes from: text 002's section, paragraph and sentence, or how it is derived"
_GOODS_MISSING = ("each value of goods_table the total lacked ('China-Montenegro imports CER060: no row'), "
                  "'; '-separated; blank if none (a total that lacks a value is blank, never a partial sum)")
_GOODS_ZERO = "each absent row of goods_table taken as no trade (goods_absent_as_zero = True), '; '-separated; blank if none"
_GOODS = "read from the table given as goods_table (written only then)"


def _bounds(what: str, unit: str) -> dict:
    """Lowest and highest value of a recomputed quantity over the printed rounding of its inputs."""
    return {f"{what}_low": (f"lowest {what} the printed inputs allow, each anywhere within its printed rounding", unit),
            f"{what}_high": (f"highest {what} the printed inputs allow, each anywhere within its printed rounding", unit)}


CODEBOOK: dict[str, dict] = {
    # ------------------------------------------------------------------ tables
    "03_ceec_group_by_year": {
        "description": "Members of the China-CEEC mechanism in each year 2012-2024 (data/reference/ceec_members.csv; a "
                       "country counts in the year it joined and in the year it left), with the changes from the year "
                       "before.",
        "columns": {
            "year": "calendar year",
            "n_members": ("number of member countries during the year (China, the partner, not counted)", "countries"),
            "joined": "members this year that were not members the year before, comma-separated; blank if none "
                      "(and in 2012, the founding year)",
            "left": "members of the year before that are not members this year (they left during that year), "
                    "comma-separated; blank if none",
        },
    },
    "03_growth_recomputed": {
        "description": "Text 002's two growth rates recomputed from its printed endpoints (turnover China-CEE 2017-2022, "
                       "China's imports from the CEE countries 2010-2022): total growth and CAGR, each with the interval "
                       "the printed rounding of the endpoints allows, beside the growth the text states and the "
                       "ledger's verdict on it.",
        "columns": {
            "series": "the series and its unit: turnover China-CEE (US$ billion) or China's imports from CEE (US$ million)",
            "start_year": "first year of the period, as printed",
            "end_year": "last year of the period, as printed",
            "start": ("value in start_year, as printed in text 002 (data/raw/002_stated_values.csv)",
                      "the series' unit: US$ billion (turnover) or US$ million (imports)"),
            "end": ("value in end_year, as printed in text 002 (data/raw/002_stated_values.csv)",
                    "the series' unit: US$ billion (turnover) or US$ million (imports)"),
            "years": ("length of the period, end_year - start_year", "years"),
            "ratio": ("end / start, recomputed", "ratio"),
            "growth_pct": ("total growth (end / start - 1) x 100, recomputed from the printed endpoints", "percent"),
            **_bounds("growth_pct", "percent"),
            "cagr_pct": ("compound annual growth ((end / start)^(1/years) - 1) x 100, recomputed", "percent a year"),
            **_bounds("cagr_pct", "percent a year"),
            "stated_growth_pct": ("the total growth the text states, as printed (claims 002-TURNOVER-GROWTH-2017-2022, "
                                  "002-IMPORTS-GROWTH-2010-2022)", "percent"),
            "verdict": "the ledger's verdict on the stated growth, judged against [growth_pct_low, growth_pct_high] "
                       "(culturaltrade.claims.judge)",
        },
    },
    "03_shares_recomputed": {
        "description": "The change from 2002 to 2022 of text 002's two printed shares of the China-CEE cultural-trade "
                       "flow, in percentage points and relative, each with the interval the printed rounding (two "
                       "decimals) allows.",
        "columns": {
            "series": _SERIES,
            "start_pct": ("the 2002 share, as printed in text 002", "percent"),
            "end_pct": ("the 2022 share, as printed in text 002", "percent"),
            "change_pp": ("end_pct - start_pct, recomputed", "percentage points"),
            **_bounds("change_pp", "percentage points"),
            "ratio": ("end_pct / start_pct, recomputed", "ratio"),
            "relative_pct": ("relative change (end_pct / start_pct - 1) x 100, recomputed (the text states one for "
                             "china_in_cee: claim 002-SHARE-CHINA-IN-CEE-GROWTH)", "percent"),
            **_bounds("relative_pct", "percent"),
        },
    },
    "03_concentration_2022": {
        "description": "Concentration of China's 2022 cultural trade with the CEE countries: the partner shares text 002 "
                       "prints (CR1: Poland; CR5: the top five), the number of members of group_year, and the bounds "
                       "they put on the Herfindahl-Hirschman index (HHI) and on the equivalent number of partners "
                       "(1/HHI); from CR1 alone when top_n = 1.",
        "columns": {
            "indicator": "what the row measures, with its scale",
            "value": ("the indicator's value; CR1 and CR5 are the printed percentages / 100",
                      "per indicator: fraction 0 to 1 (CR1, CR5, HHI 0-1), index 0 to 10,000 (HHI x10,000), "
                      "countries (N, equivalent partners)"),
            "status": "stated (printed in text 002, §II paragraph 6), reference table (data/reference/ceec_members.csv) "
                      "or derived (culturaltrade.complementarity.hhi_bounds_from_top_shares)",
        },
    },
    "03_hhi_attaining_shares": {
        "description": "Two partner distributions of China's 2022 cultural trade with the members of group_year that "
                       "agree with the printed shares and attain the HHI bounds of tables/03_concentration_2022.csv: "
                       "derived to show the bounds are reached, not data.",
        "columns": {
            "rank": "the partner's rank, 1 = the largest (Poland, as the text says)",
            "share_at_lowest_hhi": ("the partner's share in the distribution with the lowest HHI", "fraction, 0 to 1"),
            "share_at_highest_hhi": ("the partner's share in the distribution with the highest HHI", "fraction, 0 to 1"),
        },
    },
    "03_hhi_bounds_by_group_year": {
        "description": "The HHI bounds of China's 2022 cultural trade with the CEE countries if 'CEE' were the China-CEEC "
                       "members of another year 2012-2024: the printed shares stay, only the number of partners "
                       "changes (derived).",
        "columns": {
            "group_year": "the year whose China-CEEC members make the group",
            "n_partners": ("number of members that year (data/reference/ceec_members.csv)", "countries"),
            "hhi_low": ("lowest HHI the printed shares allow with n_partners partners, derived", "index, 0 to 1"),
            "hhi_high": ("highest HHI the printed shares allow with n_partners partners, derived", "index, 0 to 1"),
            "hhi_low_x10000": ("hhi_low x 10,000", "index, 0 to 10,000"),
            "hhi_high_x10000": ("hhi_high x 10,000", "index, 0 to 10,000"),
            "equivalent_partners_low": ("fewest equivalent partners, 1 / hhi_high", "countries (equal-share equivalent)"),
            "equivalent_partners_high": ("most equivalent partners, 1 / hhi_low", "countries (equal-share equivalent)"),
        },
    },
    "03_services_cee_china": {
        "description": "UNCTAD creative-services trade (mostly R&D and software services, not cultural content) per year "
                       "2010-2024 of China, of the economy of the parameter services_economy (when not China) and of "
                       f"{_GROUP_OF_EACH_YEAR}, from data/snapshots/unctad_services_countries.csv.",
        "columns": {
            "year": "calendar year",
            "economy": f"China, the economy of services_economy (UNCTAD label) or '{CEE_SERVICES_LABEL}'",
            "n_members": ("number of economies summed (1 for one economy)", "economies"),
            "exports_usd_mn": ("creative-services exports, summed over the members; blank if a member's value is "
                               "missing", _USD_MN),
            "imports_usd_mn": ("creative-services imports, summed over the members; blank if a member's value is "
                               "missing", _USD_MN),
            "balance_usd_mn": ("exports - imports, derived; blank if either is missing", _USD_MN),
            "ntb": ("normalized trade balance (X - M) / (X + M), derived; blank if either flow is missing",
                    "index, -1 to 1"),
            "missing_members": "the members whose value is missing, with the flow and UNCTAD's reason "
                               "('Slovenia (imports: Not publishable)'); blank if none",
            "estimated_members": "the members whose value UNCTAD footnotes as estimated (used as given); blank if none",
        },
    },
    "03_services_digital_share": {
        "description": "Digital services (software SSFT + information SINF) in UNCTAD's creative-services exports of the "
                       "World and of Europe per year 2010-2024, from data/snapshots/unctad_services_regional.csv.",
        "columns": {
            "region": "UNCTAD region: World or Europe",
            "year": "calendar year",
            "digital_usd_mn": ("exports of software plus information services; blank if either is missing", _USD_MN),
            "total_usd_mn": ("creative-services exports (SCRE)", _USD_MN),
            "share_pct": ("digital_usd_mn / total_usd_mn x 100, derived", "percent"),
        },
    },
    # ------------------------------------------------------------------ figures (the plotted data)
    "03_growth_endpoints": {
        "description": "The data of figure 03_growth_endpoints: text 002's printed endpoints of the turnover China-CEE "
                       "(2017, 2022) and of China's imports from the CEE countries (2010, 2022), the import endpoints "
                       "its stated growth would imply (derived), and per panel the recomputed and the stated growth.",
        "columns": {
            "panel": "turnover (China-CEE cultural-product turnover) or imports (China's cultural imports from the CEE "
                     "countries)",
            "year": "calendar year of the endpoint",
            "value": ("the endpoint: as printed (status stated) or the one the stated growth implies, the other "
                      "printed endpoint x or / (1 + stated growth / 100) (status derived)", _SAME_ROW_UNIT),
            "status": _STATED_OR_DERIVED,
            "unit": "unit of value, as printed: US$ billion (turnover) or US$ million (imports)",
            "source": _WHERE,
            "growth_recomputed_pct": ("the panel's total growth recomputed from the printed endpoints (as in "
                                      "tables/03_growth_recomputed.csv), repeated on each row of the panel", "percent"),
            "cagr_recomputed_pct": ("the panel's compound annual growth recomputed from the printed endpoints, repeated "
                                    "on each row of the panel", "percent a year"),
            "growth_stated_pct": ("the total growth the text states for the panel, as printed", "percent"),
            "verdict": "the ledger's verdict on the stated growth (claim 002-TURNOVER-GROWTH-2017-2022 or "
                       "002-IMPORTS-GROWTH-2010-2022)",
        },
    },
    "03_share_series_2002_2022": {
        "description": "The data of figure 03_share_series_2002_2022: text 002's two shares of the China-CEE "
                       "cultural-trade flow in 2002 and 2022, as printed, and their change derived from them.",
        "columns": {
            "series": _SERIES,
            "year": "calendar year",
            "share_pct": ("the share, as printed in text 002", "percent"),
            "status": "stated: printed in text 002",
            "change_pp_derived": ("the series' change from 2002 to 2022, derived from the printed shares (repeated on "
                                  "both rows of the series)", "percentage points"),
            "source": _WHERE,
        },
    },
    "03_composition_crafts": {
        "description": "The data of figure 03_composition_crafts: manufactured crafts' share of China-CEE cultural "
                       "exports and imports as text 002 states it (an average over years it does not name), and the "
                       "rest, derived as 100 % minus it.",
        "columns": {
            "flow": "exports or imports (China's, to and from the CEE countries)",
            "part": "manufactured crafts or all other cultural products",
            "share_pct": ("the part's share of the flow's cultural-product trade", "percent"),
            "status": "stated (printed in text 002) or derived (100 minus the stated share)",
            "source": _WHERE,
        },
    },
    "03_partner_concentration_2022": {
        "description": "The data of figure 03_partner_concentration_2022: shares of China's 2022 cultural trade with the "
                       "CEE countries by partner group - Poland (stated), the other four of the top five (derived: top "
                       "five minus Poland), the other members of group_year (derived: 100 minus the top five; with "
                       "top_n = 1, 100 minus Poland) - and their US$ values derived from the printed 2022 turnover.",
        "columns": {
            "group": "the partner group: Poland, the other four partners the text names, or the other members",
            "n_countries": ("number of countries in the group", "countries"),
            "share_pct": ("the group's share of China's 2022 cultural trade with the CEE countries", "percent"),
            "share_status": _STATED_OR_DERIVED,
            "source": "where share_pct comes from: text 002's paragraph and sentence, or how it is derived",
            "usd_bn_derived": ("share_pct / 100 x the 2022 turnover the text prints, derived (it assumes the shares are "
                               "shares of that turnover)", "US$ billion"),
            "usd_source": "how usd_bn_derived is derived",
        },
    },
    "03_services_digital": {
        "description": "The data of figure 03_services_digital: creative-services exports of China, of the economy of "
                       f"services_economy and of {_GROUP_OF_EACH_YEAR}, and the digital share (software + information "
                       "services) of the World's and Europe's creative-services exports, 2010-2024 (UNCTADstat).",
        "columns": {
            "panel": "creative-services exports, or digital share of creative-services exports",
            "series": "the economy (exports panel) or the region (digital-share panel)",
            "year": "calendar year",
            "value": ("exports_usd_mn / 1000 of tables/03_services_cee_china.csv, or share_pct of "
                      "tables/03_services_digital_share.csv", _SAME_ROW_UNIT),
            "unit": "unit of value: US$ billion or percent",
            "source": "the snapshot the value is read from, and how it is derived",
        },
    },
    # ------------------------------------------------------------------ only with tci_shares_csv (§7)
    "03_tci_from_supplied_shares": {
        "description": "Trade complementarity index (TC) of China with each CEE country, computed from the product "
                       "shares of the file given as tci_shares_csv (written only then): it describes that file, not "
                       "the text's table, and is not a claim.",
        "columns": {
            "country_iso3": "ISO 3166-1 alpha-3 code of the country (a China-CEEC member of group_year)",
            "country": "the country's name (data/reference/ceec_members.csv)",
            "tc_china_exports_vs_country_imports": ("TC of China's export shares with the country's import shares, "
                                                    "100 x (1 - sum |m - x| / 2); blank if the file lacks either",
                                                    "index, 0 to 100"),
            "tc_country_exports_vs_china_imports": ("TC of the country's export shares with China's import shares; "
                                                    "blank if the file lacks either", "index, 0 to 100"),
            "products_in_file": ("number of distinct product codes in tci_shares_csv", "products"),
            "source": "the file the index is computed from",
        },
    },
    "03_tci_group_from_supplied_shares": {
        "description": "TC of China with the CEE countries taken as one trader (each member's shares weighted by its "
                       "total), both directions, from the files given as tci_shares_csv and tci_totals_csv (written "
                       "only when both are): not the text's table, and not a claim.",
        "columns": {
            "direction": "CHN exports vs group imports, or group exports vs CHN imports",
            "tc": ("the index over the members used; blank if no member or China lacks the shares", "index, 0 to 100"),
            "n_members_used": ("members with shares and a total for the group's flow", "countries"),
            "members_used": "their ISO 3166-1 alpha-3 codes, comma-separated",
            "members_missing": "members of group_year without shares or a total for that flow, comma-separated",
            "group": "the group: the China-CEEC members of group_year covered by both files",
            "source": "the files the index is computed from",
        },
    },
    # ------------------------------------------------------------------ only with goods_table (§11)
    "03_goods_recomputed": {
        "description": "Text 002's figures recomputed from UNCTADstat's bilateral creative-goods table "
                       f"({_GOODS}): each stated value and its other reading, and whether the partners and "
                       "products it names are the largest; one row per claim, with the ledger's verdict.",
        "columns": {
            "claim_id": "the claim (tables/claims.csv)",
            "reading": "how the table is read for the claim (whose reports; which 'average')",
            "years": "the year or years read, as text ('2022', '2017, 2022', '2002-2022')",
            "recomputed": ("the value from the table; for 002-Q-TOP5-PARTNERS-LARGEST and "
                           "002-Q-PRIMARY-PRODUCTS-LARGEST the number of named partners or products not among the "
                           "table's largest; blank if the table cannot give it (note says why)",
                           f"{_SAME_ROW_UNIT}; a count where unit is blank"),
            "unit": "unit of recomputed, the claim's; blank for the two counts",
            "note": "the group and years used, the values the table lacked or that were taken as 0, the inference "
                    "behind CER020",
            "verdict": "the ledger's verdict on the claim (culturaltrade.claims.judge)",
        },
    },
    "03_goods_trade": {
        "description": "China's creative-goods (CER000) exports to, imports from and turnover with "
                       f"{_GROUP_OF_EACH_YEAR}, in the years text 002 states that the table covers, read from China's "
                       f"reports and from the members' (mirror flows); {_GOODS}.",
        "columns": {
            "year": "calendar year",
            "n_members": ("members in the group that year", "countries"),
            "exports_usd_mn": ("China's exports to the group, summed over the members", _USD_MN),
            "imports_usd_mn": ("China's imports from the group, summed over the members", _USD_MN),
            "turnover_usd_mn": ("exports + imports", _USD_MN),
            "missing": _GOODS_MISSING,
            "assumed_zero": _GOODS_ZERO,
            "reported_by": "China (its reports of its trade with each member) or the members (their reports of their "
                           "trade with China: mirror flows)",
        },
    },
    "03_goods_shares": {
        "description": "Text 002's two shares of the China-CEE flow (trade = exports + imports of CER000), in the years "
                       "it states that the table covers: the group's share of China's trade (rows 'CEE in China's "
                       "trade') and China's share of the members' trade (rows 'China in the members' trade'); "
                       f"{_GOODS}. Columns that do not apply to a row are blank.",
        "columns": {
            "year": "calendar year",
            "with_group_usd_mn": ("rows CEE in China's trade: China's trade with the group, as China reports it",
                                  _USD_MN),
            "with_world_usd_mn": ("China's trade with the world (rows CEE in China's trade), or the members' summed "
                                  "trade with the world (rows China in the members' trade), as each reports it",
                                  _USD_MN),
            "share_pct": ("with_group_usd_mn / with_world_usd_mn x 100 (CEE in China's trade), or "
                          "with_reporter_usd_mn / with_world_usd_mn x 100 (China in the members' trade)", "percent"),
            "missing": _GOODS_MISSING,
            "assumed_zero": _GOODS_ZERO,
            "share": "which share the row holds: CEE in China's trade, or China in the members' trade",
            "with_reporter_usd_mn": ("rows China in the members' trade: the members' trade with China, as they report "
                                     "it", _USD_MN),
            "with_reporter_mirror_usd_mn": ("rows China in the members' trade: the same trade as China reports it "
                                            "(mirror)", _USD_MN),
            "share_pct_mirror": ("rows China in the members' trade: with_reporter_mirror_usd_mn / with_world_usd_mn "
                                 "x 100", "percent"),
        },
    },
    "03_goods_partners": {
        "description": "Each member's share of China's creative-goods trade (exports + imports of CER000, China's "
                       f"reports) with the China-CEEC members in 2022, largest first; {_GOODS}.",
        "columns": {
            "rank": "1 = the largest partner",
            "partner": "the member's UNCTAD economy code",
            "partner_label": "the member's label in the table",
            "exports_usd_mn": ("China's exports to the member", _USD_MN),
            "imports_usd_mn": ("China's imports from the member", _USD_MN),
            "turnover_usd_mn": ("exports + imports", _USD_MN),
            "share_pct": ("turnover_usd_mn / the group's turnover x 100; blank for every member if one member's "
                          "trade is missing", "percent"),
            "missing": _GOODS_MISSING,
            "assumed_zero": _GOODS_ZERO,
            "cumulative_pct": ("share_pct summed down to this rank (rank 5: the top five's share)", "percent"),
        },
    },
    "03_goods_crafts": {
        "description": f"Product group {CRAFTS_GROUP}, taken as the text's 'manufactured crafts' (it holds the three "
                       "products the text names: an inference), as a share of China's creative-goods exports to and "
                       f"imports from {_GROUP_OF_EACH_YEAR}, per year of crafts_years; {_GOODS}.",
        "columns": {
            "year": "calendar year",
            "flow": "exports or imports (China's, to and from the group)",
            "product": f"UNCTAD product code ({CRAFTS_GROUP})",
            "product_label": "the product's label in the table",
            "value_usd_mn": (f"China's trade in {CRAFTS_GROUP} with the group (the flow, the year)", _USD_MN),
            "total_usd_mn": ("China's trade in all creative goods (CER000) with the group (the flow, the year)",
                             _USD_MN),
            "share_pct": ("value_usd_mn / total_usd_mn x 100", "percent"),
            "missing": _GOODS_MISSING,
            "assumed_zero": _GOODS_ZERO,
        },
    },
    "03_goods_products": {
        "description": "China's creative-goods trade with the China-CEEC members by product (finest level: every leaf "
                       "and every group without leaves), exports + imports summed over the years of crafts_years, "
                       f"largest first; {_GOODS}.",
        "columns": {
            "rank": "1 = the largest product",
            "product": "UNCTAD product code",
            "product_label": "the product's label in the table",
            "trade_usd_mn": ("exports + imports summed over the years; blank if any part is missing", _USD_MN),
        },
    },
    "03_goods_tci": {
        "description": f"China's trade complementarity (TC) in {GOODS_TCI_YEAR} with the China-CEEC members of "
                       f"{GOODS_TCI_YEAR} taken as one trader and with each region named in goods_regions, and each "
                       f"group's share of China's creative-goods trade; {_GOODS}: UNCTAD's data, not the UN Comtrade "
                       "table the text cites.",
        "columns": {
            "group": "the CEE group, or a region of goods_regions",
            "n_members": ("economies in the group", "economies"),
            "tc_china_exports": ("TC of China's exports with the group's imports (shares of trade with the world, "
                                 "finest products); blank if the table cannot give it", "index, 0 to 100"),
            "tc_china_imports": ("TC of the group's exports with China's imports; blank if the table cannot give it",
                                 "index, 0 to 100"),
            "share_of_china_trade_pct": ("the group's share of China's creative-goods trade (exports + imports of "
                                         "CER000)", "percent"),
            "note": "why an index is blank, or what the share lacked; blank if nothing",
        },
    },
}
