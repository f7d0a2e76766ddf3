"""Public figures (``data/snapshots/public_facts.csv``): parse, convert units, look up by fact id.

The snapshot keeps every value as the web page prints it. Here, and only here, amounts are
brought to one scale: billions of the stated currency (亿 = 100 million = 0.1 billion;
万 = 10 thousand). Every derived column keeps the row's ``fact_id`` and ``source_url``.
"""

from __future__ import annotations

import math

import pandas as pd

from .datasets import load_dataset

FACTS_DATASET = "public_facts"
# unit as printed → (currency, factor that turns the printed number into billions)
MONEY_UNITS = {
    "USD trillion": ("USD", 1e3),
    "USD billion": ("USD", 1.0),
    "USD 100 million (亿美元)": ("USD", 0.1),
    "USD 100 million (亿美元; see note)": ("USD", 0.1),
    "USD 100 million (億ドル)": ("USD", 0.1),
    "USD million": ("USD", 1e-3),
    "USD 10 thousand (万美元)": ("USD", 1e-5),
    "CNY billion": ("CNY", 1.0),
    "CNY 100 million (亿元)": ("CNY", 0.1),
    "CNY 100 million (亿元) as printed": ("CNY", 0.1),
    "CNY trillion": ("CNY", 1e3),
    # amounts per unit named in the unit itself: ``amount_billion`` is that amount, in billions
    "USD per episode": ("USD", 1e-9),
    "USD 10 thousand (万美元) per episode": ("USD", 1e-5),
    "USD (per USD 100 of cultural exports)": ("USD", 1e-9),
}
PERCENT_UNITS = {"percent": 1.0, "percent (decrease)": -1.0}


class UnknownFactError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def load_facts() -> pd.DataFrame:
    """The validated snapshot plus parsed columns.

    Added columns: ``number`` (the printed value as a number, NaN for dates),
    ``currency`` and ``amount_billion`` (money rows only), ``percent`` (signed: a
    'decrease' is negative), and flags ``threshold`` ('more than'), ``approximate``,
    ``forecast`` (forecast/projection/expectation) and ``low_reliability``, read from
    ``scope_note``.
    """
    facts = load_dataset(FACTS_DATASET)
    is_date = facts["unit"].str.startswith("date")
    facts["number"] = [math.nan if date else float(v) for v, date in zip(facts["value"], is_date)]
    money = facts["unit"].map(MONEY_UNITS)
    facts["currency"] = money.map(lambda m: m[0] if isinstance(m, tuple) else None)
    facts["amount_billion"] = [n * m[1] if isinstance(m, tuple) else math.nan for n, m in zip(facts["number"], money)]
    sign = facts["unit"].map(PERCENT_UNITS)
    facts["percent"] = facts["number"] * sign
    note = facts["scope_note"].fillna("")
    # The snapshot's notes start a flag with a capitalised keyword ("Threshold: ...",
    # "Approximate ('about')"); lower-case mentions quote *other* sources and do not count.
    facts["threshold"] = note.str.contains(r"\bThreshold\b", regex=True)
    facts["approximate"] = note.str.contains(r"\bApproximate\b|\(about\)", regex=True)
    facts["forecast"] = note.str.contains("FORECAST|PROJECTION|EXPECTATION", case=True)
    facts["low_reliability"] = note.str.contains("LOW RELIABILITY", case=True)
    return facts


def fact(facts: pd.DataFrame, fact_id: str) -> pd.Series:
    """One fact row by id; an unknown id is an error naming the id."""
    match = facts[facts["fact_id"] == fact_id]
    if match.empty:
        raise UnknownFactError(f"fact_id {fact_id!r} is not in data/snapshots/{FACTS_DATASET}.csv")
    return match.iloc[0]


def amount_billion(facts: pd.DataFrame, fact_id: str, currency: str = "USD") -> float:
    """The fact's amount in billions of ``currency`` (its own currency; no FX conversion here)."""
    row = fact(facts, fact_id)
    if row["currency"] != currency:
        raise ValueError(f"{fact_id} is in {row['currency'] or row['unit']!r}, not {currency}")
    return float(row["amount_billion"])


def cite(facts: pd.DataFrame, fact_ids: list[str]) -> pd.DataFrame:
    """Rows to show beside a number: id, value and unit as printed, publisher, URL."""
    rows = [fact(facts, fid) for fid in fact_ids]
    return pd.DataFrame(rows)[["fact_id", "year", "value", "unit", "publisher", "source_url"]].reset_index(drop=True)


def urls_note(facts: pd.DataFrame, fact_ids: list[str], limit: int = 3) -> str:
    """The pages behind some facts, for a figure's source note: the URLs if few, else a pointer."""
    urls = list(dict.fromkeys(fact(facts, fid)["source_url"] for fid in fact_ids))
    if len(urls) <= limit:
        return "; ".join(urls)
    return f"{len(urls)} pages, URL of each value in the figure's CSV (source_url)"
