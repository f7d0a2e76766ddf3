"""Trade indicators, written once and used by every notebook.

Conventions: trade values are non-negative; a missing value (NaN) stays missing through
every calculation and is never treated as zero; growth rates are returned as fractions
(0.2685 = 26.85 %), and percentages only appear when tables are formatted for reading.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

Number = float | int


def _as_float_array(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype="float64")
    if np.any(array[~np.isnan(array)] < 0):
        raise ValueError(f"{name} must be non-negative trade values, got {values!r}")
    return array


def _like(result: np.ndarray, template):
    """Return ``result`` in the shape of the input (scalar, Series with index, or array)."""
    if isinstance(template, pd.Series):
        return pd.Series(result, index=template.index)
    if np.ndim(result) == 0:
        return float(result)
    return result


def net_exports(exports, imports):
    """X − M."""
    x = _as_float_array(exports, "exports")
    m = _as_float_array(imports, "imports")
    return _like(x - m, exports)


def total_trade(exports, imports):
    """X + M (turnover)."""
    x = _as_float_array(exports, "exports")
    m = _as_float_array(imports, "imports")
    return _like(x + m, exports)


def normalized_trade_balance(exports, imports):
    """NTB = (X − M) / (X + M), in [−1, 1]; NaN where X + M = 0 or a value is missing."""
    x = _as_float_array(exports, "exports")
    m = _as_float_array(imports, "imports")
    total = x + m
    with np.errstate(invalid="ignore", divide="ignore"):
        ntb = np.where(total > 0, (x - m) / np.where(total > 0, total, 1.0), np.nan)
    return _like(ntb, exports)


def growth_rate(start: Number, end: Number) -> float:
    """Total growth from ``start`` to ``end`` as a fraction: end / start − 1."""
    if start is None or end is None or math.isnan(start) or math.isnan(end):
        return math.nan
    if start <= 0:
        raise ValueError(f"growth from a non-positive start value ({start}) is undefined")
    return end / start - 1.0


def cagr(start: Number, end: Number, years: Number) -> float:
    """Compound annual growth rate over ``years`` periods: (end / start)^(1 / years) − 1."""
    if years is None or years <= 0:
        raise ValueError(f"CAGR needs a positive number of years, got {years}")
    if start is None or end is None or math.isnan(start) or math.isnan(end):
        return math.nan
    if start <= 0 or end < 0:
        raise ValueError(f"CAGR needs a positive start and non-negative end, got {start} and {end}")
    return (end / start) ** (1.0 / years) - 1.0


def yoy_growth(series: pd.Series) -> pd.Series:
    """Year-on-year growth of a series indexed by consecutive integer years.

    A year whose previous year is absent from the index gets NaN (a gap is shown as a gap),
    rather than a growth rate spanning several years.
    """
    series = series.sort_index()
    previous = series.reindex(series.index - 1)
    previous.index = series.index
    with np.errstate(invalid="ignore", divide="ignore"):
        return series / previous - 1.0


def value_before_growth(value_after: Number, growth: Number) -> float:
    """Back-solve the earlier value from a later one and the growth between them.

    ``value_after = value_before × (1 + growth)``, so ``value_before = value_after / (1 + growth)``.
    """
    if growth <= -1:
        raise ValueError(f"a growth of {growth:.4g} (≤ −100 %) cannot be inverted")
    return value_after / (1.0 + growth)


def value_after_cagr(value_start: Number, rate: Number, years: Number) -> float:
    """Value after ``years`` of constant growth at ``rate``: start × (1 + rate)^years."""
    return value_start * (1.0 + rate) ** years


def shares(values: pd.Series) -> pd.Series:
    """Each value's share of the total (fractions summing to 1); NaN if any value is missing."""
    values = pd.Series(values, dtype="float64")
    if values.isna().any():
        return pd.Series(np.nan, index=values.index)
    if (values < 0).any():
        raise ValueError("shares need non-negative values")
    total = values.sum()
    if total <= 0:
        raise ValueError("shares need a positive total")
    return values / total


def percentage_point_change(share_start: Number, share_end: Number) -> float:
    """Change of a share in percentage points (inputs and output in percent)."""
    return share_end - share_start


def bounds_from_rounding(printed: str) -> tuple[float, float]:
    """The interval a printed, rounded number stands for: '1.96' → (1.955, 1.965)."""
    value = float(printed)
    half = 0.5 * 10.0 ** (-decimals(printed))
    return value - half, value + half


def decimals(printed: str) -> int:
    """Number of digits printed after the decimal point ('54765.2' → 1, '103' → 0)."""
    text = printed.strip().lstrip("+-")
    if "e" in text.lower():
        raise ValueError(f"cannot infer printed precision of {printed!r}")
    return len(text.split(".", 1)[1]) if "." in text else 0


def propagate_bounds(
    function: Callable[..., float], *intervals: tuple[float, float]
) -> tuple[float, float]:
    """Range of ``function`` over the box of input intervals, from its corners.

    Exact for functions monotonic in each argument (ratios, growth rates, CAGR, NTB),
    which is what the claims checks use it for.
    """
    corners = [function(*corner) for corner in itertools.product(*intervals)]
    return float(min(corners)), float(max(corners))


def value_and_bounds(function: Callable[..., float], *printed: str) -> tuple[float, tuple[float, float]]:
    """``function`` of printed numbers: its value, and its range over their rounding.

    ``value_and_bounds(lambda s, e: e / s, "1.96", "10.47")`` → (5.34…, (5.32…, 5.35…)).
    The range comes from :func:`propagate_bounds`, so ``function`` must be monotonic in
    each argument.
    """
    value = function(*(float(text) for text in printed))
    return value, propagate_bounds(function, *(bounds_from_rounding(text) for text in printed))


def herfindahl_index(shares_: Sequence[Number]) -> float:
    """HHI = Σ s², with shares as fractions summing to 1 (so 1/N ≤ HHI ≤ 1)."""
    array = np.asarray(shares_, dtype="float64")
    if np.any(array < 0):
        raise ValueError(f"HHI needs non-negative shares summing to 1, got a share of {array.min():.10g}")
    if not math.isclose(array.sum(), 1.0, abs_tol=1e-6):
        # ten digits, so a sum just outside the 1e-6 tolerance does not print as "1"
        raise ValueError(f"HHI needs non-negative shares summing to 1, got sum {array.sum():.10g}")
    return float(np.sum(array**2))
