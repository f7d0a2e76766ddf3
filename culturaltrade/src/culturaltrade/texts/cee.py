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
  :mod:`culturaltrade.complementarity`; it lives here until that shared module takes it.
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


def register_stated_values(ledger: Ledger, printed: pd.DataFrame) -> list[str]:
    """Register each stated value as a claim from the transcription (number typed once)."""
    ids = []
    for row in printed.itertuples(index=False):
        claim_id = "002-V-" + row.value_id.upper().replace("_", "-")
        year = f" ({row.year})" if row.year else ""
        ledger.register(Claim(
            claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=row.location,
            statement=f"{QUANTITY_LABELS[row.quantity]}{year}: “{row.as_printed}”",
            reported=row.value, unit=row.unit,
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
