"""Currency conversion with an explicit table of annual average rates.

Rates come from ``data/snapshots/cny_per_usd_annual.csv`` (CNY per 100 USD, with the URL
of each row). A year without a rate is refused — never filled from a neighbouring year.
"""

from __future__ import annotations

import pandas as pd

from .datasets import load_dataset

CURRENCIES = ("CNY", "USD")
RATES_DATASET = "cny_per_usd_annual"


class MissingRateError(KeyError):
    """No exchange rate for the requested year; the conversion is refused."""

    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return str(self.args[0])


def exchange_rates() -> pd.DataFrame:
    """Annual average CNY per USD, one row per year, with the series and URL it comes from."""
    raw = load_dataset(RATES_DATASET, units={"cny_per_100_usd": "CNY per 100 USD"})
    rates = raw[["year", "series", "source_url"]].copy()
    rates.insert(1, "cny_per_usd", raw["cny_per_100_usd"] / 100.0)  # printed per 100 USD
    return rates.sort_values("year").reset_index(drop=True)


def cny_per_usd(year: int, rates: pd.DataFrame | None = None) -> float:
    rates = exchange_rates() if rates is None else rates
    match = rates.loc[rates["year"] == year, "cny_per_usd"]
    if match.empty:
        available = ", ".join(str(y) for y in sorted(rates["year"]))
        raise MissingRateError(
            f"no CNY/USD rate for {year} in data/snapshots/{RATES_DATASET}.csv (years with a rate: "
            f"{available}); refusing to guess one"
        )
    return float(match.iloc[0])


def convert(amount: float, from_currency: str, to_currency: str, year: int,
            rates: pd.DataFrame | None = None) -> float:
    """Convert ``amount`` between CNY and USD at the annual average rate of ``year``."""
    for currency in (from_currency, to_currency):
        if currency not in CURRENCIES:
            raise ValueError(f"unknown currency {currency!r}; use one of {CURRENCIES}")
    if from_currency == to_currency:
        return float(amount)
    rate = cny_per_usd(year, rates)
    return float(amount) / rate if from_currency == "CNY" else float(amount) * rate


def convert_series(values: pd.Series, years: pd.Series, from_currency: str, to_currency: str,
                   rates: pd.DataFrame | None = None) -> pd.Series:
    """Element-wise :func:`convert`; every year must have a rate."""
    rates = exchange_rates() if rates is None else rates
    return pd.Series([convert(v, from_currency, to_currency, int(y), rates) for v, y in zip(values, years)],
                     index=values.index)
