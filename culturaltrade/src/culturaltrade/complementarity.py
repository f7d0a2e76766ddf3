"""Trade complementarity and concentration bounds: generic indicators, usable for any pair of economies.

:func:`trade_complementarity_index`
    The trade complementarity index as WITS (World Bank) and UNCTAD define it,

        TC_ij = 100 · (1 − Σ_k |m_ik − x_jk| / 2),

    where m_ik is product k's share of country i's imports and x_jk its share of country
    j's exports. 0 means that j exports nothing i imports; 100 that j's export structure
    is exactly i's import structure. The shares must be fractions of each country's total
    (summing to 1); values or percentages are refused rather than silently rescaled.

:func:`hhi_bounds_from_top_shares`
    The lowest and highest Herfindahl–Hirschman index HHI = Σ s_i² that a partner
    distribution can have when only the largest share s1, optionally the total of the k
    largest shares, and the number of partners N are known (method in the docstring).

:func:`load_product_shares`
    Read and validate a long CSV of product shares (the TCI input a researcher supplies).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import DataValidationError, Problem, load_csv_with_schema
from .indicators import herfindahl_index
from .paths import display_path

DEFAULT_SHARE_TOLERANCE = 1e-3  # |Σ shares − 1| allowed: shares printed with 3-4 decimals rarely add up exactly
_FLOAT_SLACK = 1e-12  # binary floating point, not a tolerance


class ComplementarityError(ValueError):
    """Shares that cannot enter the complementarity index or the concentration bounds."""


# --------------------------------------------------------------------------- complementarity
def _checked_shares(shares, name: str, tolerance: float) -> pd.Series:
    if not isinstance(shares, pd.Series):
        raise ComplementarityError(f"{name} must be a pandas Series of shares indexed by product code")
    if shares.empty:
        raise ComplementarityError(f"{name} is empty")
    if shares.index.has_duplicates:
        repeated = sorted(set(shares.index[shares.index.duplicated()].astype(str)))
        raise ComplementarityError(f"{name} lists product(s) {repeated} more than once")
    values = pd.to_numeric(shares, errors="coerce").astype("float64")
    if values.isna().any():
        raise ComplementarityError(f"{name}: missing or non-numeric share for {list(values.index[values.isna()])}")
    if (values < 0).any():
        raise ComplementarityError(f"{name}: negative share for {list(values.index[values < 0])}")
    total = float(values.sum())
    if abs(total - 1.0) > tolerance + _FLOAT_SLACK:
        raise ComplementarityError(
            f"{name} must sum to 1 (within ±{tolerance:g}); they sum to {total:.6g}. "
            "Give each product's share of the country's total (fractions), not values or percentages"
        )
    return values


def trade_complementarity_index(import_shares: pd.Series, export_shares: pd.Series, *,
                                missing_as_zero: bool = False,
                                tolerance: float = DEFAULT_SHARE_TOLERANCE) -> float:
    """TC_ij = 100 · (1 − Σ_k |m_ik − x_jk| / 2), in [0, 100].

    ``import_shares``: m_i, product shares of the importer's imports; ``export_shares``:
    x_j, product shares of the exporter's exports; both Series indexed by product code,
    non-negative, each summing to 1 within ``tolerance`` (used as given, not rescaled).

    A product listed on one side only is an error unless ``missing_as_zero=True``: then
    the caller states that an absent product has a share of 0 on the other side.
    """
    if not 0 <= tolerance < 1:
        raise ComplementarityError(f"tolerance must be in [0, 1), got {tolerance}")
    m = _checked_shares(import_shares, "import_shares", tolerance)
    x = _checked_shares(export_shares, "export_shares", tolerance)
    only_m = sorted(map(str, m.index.difference(x.index)))
    only_x = sorted(map(str, x.index.difference(m.index)))
    if (only_m or only_x) and not missing_as_zero:
        raise ComplementarityError(
            f"the product sets differ (only in import_shares: {only_m}; only in export_shares: {only_x}); "
            "align them, or pass missing_as_zero=True if an absent product means a share of 0"
        )
    products = m.index.union(x.index)
    m = m.reindex(products, fill_value=0.0)
    x = x.reindex(products, fill_value=0.0)
    return float(100.0 * (1.0 - (m - x).abs().sum() / 2.0))


# --------------------------------------------------------------------------- concentration bounds
@dataclass(frozen=True)
class HHIBounds:
    """Bounds of the HHI (0–1 scale) and share vectors (largest first) that attain them."""

    low: float
    high: float
    low_shares: tuple[float, ...]
    high_shares: tuple[float, ...]

    @property
    def low_10000(self) -> float:
        return 10_000 * self.low

    @property
    def high_10000(self) -> float:
        return 10_000 * self.high

    @property
    def equivalent_partners(self) -> tuple[float, float]:
        """1/HHI: the number of equal-sized partners with the same HHI (at high, at low)."""
        return 1.0 / self.high, 1.0 / self.low


def _fill_max(total: float, count: int, low: float, high: float) -> list[float]:
    """``count`` values in [low, high] summing to ``total`` with the largest Σ s²: as many at
    ``high`` as fit, one remainder, the others at ``low`` (a vertex of the box ∩ hyperplane)."""
    if count == 0:
        return []
    values = [low] * count
    left = total - count * low
    for i in range(count):
        step = min(high - low, max(left, 0.0))
        values[i] += step
        left -= step
    return values


def hhi_bounds_from_top_shares(top1: float, n_partners: int, topk_total: float | None = None,
                               k: int | None = None) -> HHIBounds:
    """Lowest and highest HHI compatible with what is known about a partner distribution.

    Known: the largest share ``top1`` (s1), optionally the total ``topk_total`` of the ``k``
    largest shares, and the number of partners ``n_partners`` (N). Shares are fractions.
    Write A = topk_total − s1 for partners 2..k and R = 1 − topk_total for the N − k others
    (with only s1 known: k = 1, A = 0, R = 1 − s1).

    Feasible distributions: s1 ≥ each of s2..sk ≥ each of the others ≥ 0.

    * **Minimum.** Σ s² of a group with a fixed sum is smallest when the group is equal, so
      the minimum spreads A equally over partners 2..k and R equally over the others. This
      point is feasible exactly when the data are consistent (A/(k−1) ≤ s1 and
      R/(N−k) ≤ A/(k−1)); otherwise the function refuses the inputs.
    * **Maximum.** Let m = the smallest of s2..sk (for k = 1, m = s1): the others are capped
      by m and partners 2..k lie in [m, s1]. For fixed m each group is a box cut by its sum,
      and a convex function's maximum over it is at a vertex: fill as many shares as possible
      to the upper bound, one remainder, the rest at the lower bound. As m varies the result
      is convex between breakpoints (where a share of either group reaches a bound), so the
      maximum is at a breakpoint or an end of the feasible range of m, and all of them are
      evaluated. (A closed form that sets s3..sk and the others all equal to R/(N−k) is only
      right for some inputs — for k = 2 it gives the minimum of the others, not the maximum.)

    Returns :class:`HHIBounds` with the two share vectors, largest first, so that both bounds
    can be checked to be attained.
    """
    if isinstance(n_partners, bool) or not isinstance(n_partners, (int, np.integer)) or n_partners < 1:
        raise ComplementarityError(f"the number of partners must be a whole number ≥ 1, got {n_partners!r}")
    if not 0 < top1 <= 1:
        raise ComplementarityError(f"the largest share must be in (0, 1], got {top1}")
    if (topk_total is None) != (k is None):
        raise ComplementarityError("give both topk_total and k, or neither")
    if k is None or k == 1:
        if k == 1 and not math.isclose(topk_total, top1, abs_tol=_FLOAT_SLACK):
            raise ComplementarityError(f"with k = 1 the top-k total is the largest share ({top1}), got {topk_total}")
        k, topk_total = 1, top1
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ComplementarityError(f"k must be a whole number ≥ 1, got {k!r}")
    if k > n_partners:
        raise ComplementarityError(f"{k} partners cannot be the top {k} of only {n_partners} partners")
    if not top1 <= topk_total + _FLOAT_SLACK or topk_total > 1 + _FLOAT_SLACK:
        raise ComplementarityError(f"the top-{k} total ({topk_total}) must lie between the largest share ({top1}) and 1")
    a = max(topk_total - top1, 0.0)
    r = max(1.0 - topk_total, 0.0)
    others = n_partners - k
    if k >= 2 and a > (k - 1) * top1 + _FLOAT_SLACK:
        raise ComplementarityError(
            f"inconsistent: partners 2..{k} share {a:.6g}, more than {k - 1} × the largest share {top1}")
    if others == 0 and r > _FLOAT_SLACK:
        raise ComplementarityError(f"inconsistent: all {n_partners} partners are in the top {k}, "
                                   f"yet they leave {r:.6g} to others")
    cap_hi = a / (k - 1) if k >= 2 else top1       # the largest possible m
    cap_lo = r / others if others else 0.0         # the smallest possible m
    if cap_lo > cap_hi + _FLOAT_SLACK:
        raise ComplementarityError(
            f"inconsistent: the {others} partners outside the top {k} would average {cap_lo:.6g}, more than "
            f"{'the largest share' if k == 1 else f'the average {cap_hi:.6g} of partners 2..{k}'}")

    def vector(m: float) -> list[float]:
        top = _fill_max(a, k - 1, m, top1) if k >= 2 else []
        rest = _fill_max(r, others, 0.0, m)
        return [top1, *sorted(top, reverse=True), *sorted(rest, reverse=True)]

    low_vector = [top1, *([a / (k - 1)] * (k - 1) if k >= 2 else []), *([cap_lo] * others)]
    if k == 1:
        candidates = {top1}
    else:
        candidates = {cap_lo, cap_hi}
        candidates |= {r / q for q in range(1, others + 1)}
        for j in range(k - 1):  # j partners of 2..k at s1; the remainder share meets m or s1
            candidates.add((a - j * top1) / (k - 1 - j))
            if k - 2 - j > 0:
                candidates.add((a - (j + 1) * top1) / (k - 2 - j))
        candidates = {m for m in candidates if cap_lo - _FLOAT_SLACK <= m <= cap_hi + _FLOAT_SLACK}
        candidates = {min(max(m, cap_lo), cap_hi) for m in candidates}
    high_vector = max((vector(m) for m in sorted(candidates)), key=herfindahl_index)
    return HHIBounds(
        low=herfindahl_index(low_vector), high=herfindahl_index(high_vector),
        low_shares=tuple(low_vector), high_shares=tuple(high_vector),
    )


# --------------------------------------------------------------------------- product-share CSV
PRODUCT_SHARES_SCHEMA = {
    "primaryKey": ["country_iso3", "flow", "product_code"], "missingValues": [""],
    "fields": [
        {"name": "country_iso3", "type": "string", "description": "ISO 3166-1 alpha-3 code of the reporting country",
         "constraints": {"required": True, "pattern": "[A-Z]{3}"}},
        {"name": "flow", "type": "string", "description": "export or import",
         "constraints": {"required": True, "enum": ["export", "import"]}},
        {"name": "product_code", "type": "string", "description": "product code (any classification, one per file)",
         "constraints": {"required": True}},
        {"name": "share", "type": "number", "unit": "fraction of the country's total exports or imports",
         "description": "product's share of the country's exports (flow=export) or imports (flow=import)",
         "constraints": {"required": True, "minimum": 0, "maximum": 1}},
    ],
}
PRODUCT_SHARES_CONTRACT = (
    "long format, one row per country, flow and product: country_iso3, flow (export/import), product_code, "
    "share (a fraction; the shares of one country and flow sum to 1). A product not listed for a country and "
    "flow has a share of 0 there."
)


def _raise_problems(label: str, problems: list[Problem]) -> None:
    lines = [f"{label}: {len(problems)} problem(s) with the data"] + [f"  - {p.render()}" for p in problems[:20]]
    if len(problems) > 20:
        lines.append(f"  - ... and {len(problems) - 20} more")
    raise DataValidationError("\n".join(lines))


def load_product_shares(path: str | Path, known_countries: Iterable[str], *,
                        tolerance: float = DEFAULT_SHARE_TOLERANCE, label: str | None = None,
                        known_description: str = "accepted here") -> pd.DataFrame:
    """Read a product-share CSV (:data:`PRODUCT_SHARES_CONTRACT`) and validate it.

    Beyond the schema (columns, types, 0 ≤ share ≤ 1, one row per key): every country code
    must be in ``known_countries``, and the shares of each country and flow must sum to 1
    within ``tolerance``. Problems name the file and the lines; all are reported together.
    ``known_description`` says in the message which codes are accepted and why.
    Returns the rows with a ``line`` column (the line in the file, header = 1).
    """
    label = label or display_path(Path(path))
    frame = load_csv_with_schema(path, PRODUCT_SHARES_SCHEMA, label)
    if frame.empty:
        raise DataValidationError(f"{label}: no rows; expected {PRODUCT_SHARES_CONTRACT}")
    frame["line"] = range(2, len(frame) + 2)
    known = set(known_countries)
    problems = [
        Problem(int(row.line), "country_iso3",
                f"unknown country code {row.country_iso3!r}; {known_description}: {sorted(known)}")
        for row in frame.itertuples() if row.country_iso3 not in known
    ]
    for (country, flow), group in frame.groupby(["country_iso3", "flow"], sort=True):
        total = float(group["share"].sum())
        if abs(total - 1.0) > tolerance + _FLOAT_SLACK:
            lines = group["line"].tolist()
            where = f"lines {lines[0]}-{lines[-1]}" if lines == list(range(lines[0], lines[-1] + 1)) else \
                "lines " + ", ".join(map(str, lines))
            problems.append(Problem(None, "share", f"{where}: the {flow} shares of {country} sum to {total:.6g}, "
                                                   f"not 1 (tolerance ±{tolerance:g})"))
    if problems:
        _raise_problems(label, problems)
    return frame


def shares_of(frame: pd.DataFrame, country: str, flow: str) -> pd.Series | None:
    """One country's shares for one flow, indexed by product code (None if the file has none)."""
    part = frame[(frame["country_iso3"] == country) & (frame["flow"] == flow)]
    if part.empty:
        return None
    return part.set_index("product_code")["share"].rename(f"{country} {flow}s")


def complementarity_with(frame: pd.DataFrame, partner: str, *, tolerance: float = DEFAULT_SHARE_TOLERANCE) -> pd.DataFrame:
    """TC in both directions between ``partner`` (e.g. CHN) and every other country in ``frame``.

    ``tc_partner_exports`` = TC(importer = the country, exporter = partner);
    ``tc_partner_imports`` = TC(importer = partner, exporter = the country). A direction
    whose shares are not in the file is missing (NaN), never 0. Absent products count as 0
    (the CSV contract), so ``missing_as_zero=True`` is passed explicitly.
    """
    partner_x, partner_m = shares_of(frame, partner, "export"), shares_of(frame, partner, "import")
    if partner_x is None and partner_m is None:
        raise DataValidationError(f"no rows for {partner}: the index compares {partner} with each other country")
    rows = []
    for country in sorted(set(frame["country_iso3"]) - {partner}):
        x, m = shares_of(frame, country, "export"), shares_of(frame, country, "import")
        rows.append({
            "country_iso3": country,
            "tc_partner_exports": (trade_complementarity_index(m, partner_x, missing_as_zero=True, tolerance=tolerance)
                                   if m is not None and partner_x is not None else math.nan),
            "tc_partner_imports": (trade_complementarity_index(partner_m, x, missing_as_zero=True, tolerance=tolerance)
                                   if x is not None and partner_m is not None else math.nan),
        })
    if not rows:
        raise DataValidationError(f"only {partner} is in the file: there is no other country to compare it with")
    return pd.DataFrame(rows)
