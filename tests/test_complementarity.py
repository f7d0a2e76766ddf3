"""Trade complementarity index and concentration bounds, against hand-computed cases and brute force."""

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import culturaltrade as ct
from culturaltrade.texts import cee
from culturaltrade.complementarity import (
    ComplementarityError,
    complementarity_with,
    hhi_bounds_from_top_shares,
    load_product_shares,
    trade_complementarity_index,
)
from culturaltrade.indicators import herfindahl_index as herfindahl
from culturaltrade.datasets import DataValidationError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def s(**shares):
    return pd.Series(shares, dtype="float64")


# --------------------------------------------------------------------------- TCI: the formula
def test_identical_structures_give_100():
    shares = s(a=0.2, b=0.5, c=0.3)
    assert trade_complementarity_index(shares, shares) == pytest.approx(100.0)


def test_disjoint_structures_give_0():
    # Σ|m − x| = 2; without the ½ the index would be −100
    assert trade_complementarity_index(s(a=1.0, b=0.0), s(a=0.0, b=1.0)) == pytest.approx(0.0)
    assert trade_complementarity_index(s(a=0.5, b=0.5, c=0.0), s(a=0.0, b=0.0, c=1.0)) == pytest.approx(0.0)


def test_hand_case_half_overlap_gives_50():
    # m = (0.5, 0.5), x = (1, 0): Σ|m − x| = 0.5 + 0.5 = 1 → 100 · (1 − 1/2) = 50 (0 without the ½)
    assert trade_complementarity_index(s(a=0.5, b=0.5), s(a=1.0, b=0.0)) == pytest.approx(50.0)


def test_hand_case_three_products():
    # m = (0.2, 0.5, 0.3), x = (0.1, 0.2, 0.7): Σ = 0.1 + 0.3 + 0.4 = 0.8 → 100 · (1 − 0.4) = 60
    assert trade_complementarity_index(s(a=0.2, b=0.5, c=0.3), s(a=0.1, b=0.2, c=0.7)) == pytest.approx(60.0)


def test_symmetric_in_its_two_arguments():
    pairs = [
        (s(a=0.2, b=0.5, c=0.3), s(a=0.1, b=0.2, c=0.7)),
        (s(a=0.25, b=0.25, c=0.25, d=0.25), s(a=0.7, b=0.1, c=0.1, d=0.1)),
        (s(a=1.0, b=0.0), s(a=0.4, b=0.6)),
    ]
    for m, x in pairs:
        assert trade_complementarity_index(m, x) == pytest.approx(trade_complementarity_index(x, m))


def test_stays_between_0_and_100():
    vectors = [s(a=1.0, b=0.0, c=0.0), s(a=0.0, b=1.0, c=0.0), s(a=1 / 3, b=1 / 3, c=1 / 3),
               s(a=0.9, b=0.05, c=0.05), s(a=0.0, b=0.5, c=0.5)]
    for m, x in itertools.product(vectors, repeat=2):
        assert -1e-9 <= trade_complementarity_index(m, x) <= 100 + 1e-9


def test_product_order_does_not_matter():
    m, x = s(a=0.2, b=0.5, c=0.3), s(c=0.7, a=0.1, b=0.2)
    assert trade_complementarity_index(m, x) == pytest.approx(60.0)


# --------------------------------------------------------------------------- TCI: refusals
def test_unnormalised_shares_are_refused_not_rescaled():
    # percentages: Σ|m − x| would be 100 and the index −4900 if they were used as they are
    with pytest.raises(ComplementarityError, match=r"import_shares must sum to 1 \(within ±0.001\); they sum to 100"):
        trade_complementarity_index(s(a=50.0, b=50.0), s(a=1.0, b=0.0))
    # trade values, not shares
    with pytest.raises(ComplementarityError, match="export_shares must sum to 1"):
        trade_complementarity_index(s(a=0.5, b=0.5), s(a=120.0, b=80.0))


def test_sum_tolerance_is_stated_and_adjustable():
    nearly = s(a=0.4995, b=0.5)  # sums to 0.9995
    assert trade_complementarity_index(nearly, nearly) == pytest.approx(100.0)
    with pytest.raises(ComplementarityError, match="within ±0.0001"):
        trade_complementarity_index(nearly, nearly, tolerance=1e-4)


def test_negative_missing_and_duplicate_shares_are_refused():
    with pytest.raises(ComplementarityError, match="negative share"):
        trade_complementarity_index(s(a=1.2, b=-0.2), s(a=0.5, b=0.5))
    with pytest.raises(ComplementarityError, match="missing or non-numeric"):
        trade_complementarity_index(s(a=1.0, b=math.nan), s(a=0.5, b=0.5))
    with pytest.raises(ComplementarityError, match="more than once"):
        trade_complementarity_index(pd.Series([0.5, 0.5], index=["a", "a"]), s(a=1.0))
    with pytest.raises(ComplementarityError, match="pandas Series"):
        trade_complementarity_index([0.5, 0.5], s(a=0.5, b=0.5))


def test_different_product_sets_need_an_explicit_zero_convention():
    m, x = s(a=0.5, b=0.5), s(a=0.1, b=0.2, c=0.7)
    with pytest.raises(ComplementarityError, match=r"only in export_shares: \['c'\]"):
        trade_complementarity_index(m, x)
    # with the caller's say-so, c has share 0 on the import side: Σ = 0.4 + 0.3 + 0.7 = 1.4 → 30
    assert trade_complementarity_index(m, x, missing_as_zero=True) == pytest.approx(30.0)
    assert trade_complementarity_index(m, x, missing_as_zero=True) == pytest.approx(
        trade_complementarity_index(s(a=0.5, b=0.5, c=0.0), x))


# --------------------------------------------------------------------------- HHI bounds: hand cases
def test_hhi_bounds_from_the_largest_share_only():
    # s1 = 0.5, N = 3: lowest spreads 0.5 over two (0.25 each): 0.25 + 2·0.0625 = 0.375;
    # highest gives one other partner 0.5 (each at most s1): 0.25 + 0.25 = 0.5
    bounds = hhi_bounds_from_top_shares(0.5, 3)
    assert (bounds.low, bounds.high) == pytest.approx((0.375, 0.5))
    assert bounds.high_shares == pytest.approx((0.5, 0.5, 0.0))
    assert bounds.equivalent_partners == pytest.approx((2.0, 1 / 0.375))
    assert (bounds.low_10000, bounds.high_10000) == pytest.approx((3750.0, 5000.0))


def test_hhi_bounds_top2_where_the_equal_rest_is_the_minimum_not_the_maximum():
    # s1 = 0.4, s2 = 0.2, four others share 0.4, each ≤ 0.2.
    # lowest: 0.16 + 0.04 + 4 · 0.1² = 0.24; highest: two others at 0.2, two at 0: 0.16 + 3 · 0.04 = 0.28
    bounds = hhi_bounds_from_top_shares(0.4, 6, 0.6, 2)
    assert (bounds.low, bounds.high) == pytest.approx((0.24, 0.28))
    assert bounds.high_shares == pytest.approx((0.4, 0.2, 0.2, 0.2, 0.0, 0.0))


def test_hhi_bounds_top3_hand_case_with_two_maxima():
    # s1 = 0.5, CR3 = 0.8 (A = 0.3), two others share 0.2.
    # lowest: 0.25 + 2 · 0.15² + 2 · 0.1² = 0.315
    # highest: m = 0.1 → (0.5, 0.2, 0.1, 0.1, 0.1) = 0.32; m = 0.15 → (0.5, 0.15, 0.15, 0.15, 0.05) = 0.32;
    # in between, e.g. m = 0.125 → 0.3175, lower (convex between the breakpoints)
    bounds = hhi_bounds_from_top_shares(0.5, 5, 0.8, 3)
    assert (bounds.low, bounds.high) == pytest.approx((0.315, 0.32))


def test_hhi_bounds_of_the_text_match_the_closed_form_for_top5():
    s1, cr5, n = 0.5397, 0.8671, 16
    a, r = cr5 - s1, 1 - cr5
    t = r / (n - 5)
    low = s1**2 + 4 * (a / 4) ** 2 + (n - 5) * t**2
    high = s1**2 + (a - 3 * t) ** 2 + (n - 2) * t**2  # s3..s5 and the others all at t
    bounds = hhi_bounds_from_top_shares(s1, n, cr5, 5)
    assert (bounds.low, bounds.high) == pytest.approx((low, high))
    assert (bounds.low, bounds.high) == pytest.approx((0.31968, 0.37809), abs=5e-6)


@pytest.mark.parametrize("args, message", [
    ((0.5, 5, 0.4, 3), "must lie between the largest share"),
    ((0.3, 5, 0.95, 3), "more than 2 × the largest share"),
    ((0.5, 6, 0.6, 5), "would average 0.4, more than the average 0.025"),
    ((0.5, 4, 0.9, 5), "cannot be the top 5 of only 4"),
    ((0.5, 3, 0.9, 3), "leave 0.1 to others"),
    ((0.2, 3), "would average 0.4, more than the largest share"),
    ((1.5, 3), r"largest share must be in \(0, 1\]"),
    ((0.5, 3, 0.8, None), "give both"),
])
def test_inconsistent_concentration_figures_are_refused(args, message):
    with pytest.raises(ComplementarityError, match=message):
        hhi_bounds_from_top_shares(*args)


# --------------------------------------------------------------------------- HHI bounds: brute force
def _nonincreasing(total, count, cap):
    """All non-increasing tuples of ``count`` integers in [0, cap] summing to ``total``."""
    if count == 0:
        if total == 0:
            yield ()
        return
    for first in range(min(cap, total), -1, -1):
        if first * count < total:
            break
        for rest in _nonincreasing(total - first, count - 1, first):
            yield (first, *rest)


def _grid_extremes(units, s1, topk, n, k):
    """Lowest and highest HHI over every share vector on a grid of 1/units (shares as integers)."""
    hhis = []
    for top in _nonincreasing(topk - s1, k - 1, s1):
        floor = top[-1] if top else s1
        for rest in _nonincreasing(units - topk, n - k, floor):
            hhis.append(sum(v * v for v in (s1, *top, *rest)) / units**2)
    return min(hhis), max(hhis)


def _feasible(shares, s1, topk, k):
    shares = list(shares)
    return (math.isclose(sum(shares), 1.0, abs_tol=1e-9) and math.isclose(shares[0], s1, abs_tol=1e-12)
            and math.isclose(sum(shares[:k]), topk, abs_tol=1e-9) and min(shares) >= -1e-12
            and all(shares[0] >= v - 1e-12 for v in shares[1:])
            and all(min(shares[1:k] or [shares[0]]) >= v - 1e-12 for v in shares[k:]))


CASES = [  # (units, s1, top-k total, N, k) — shares are multiples of 1/units
    (20, 8, 16, 5, 3), (20, 8, 12, 6, 2), (24, 9, 20, 7, 4), (24, 10, 20, 7, 5), (30, 12, 24, 7, 3),
    (20, 10, 10, 3, 1), (24, 7, 7, 6, 1), (24, 9, 24, 4, 4), (30, 9, 25, 8, 5), (36, 13, 31, 7, 5),
]


@pytest.mark.parametrize("units, s1, topk, n, k", CASES)
def test_hhi_bounds_agree_with_brute_force(units, s1, topk, n, k):
    bounds = hhi_bounds_from_top_shares(s1 / units, n, topk / units if k > 1 else None, k if k > 1 else None)
    grid_low, grid_high = _grid_extremes(units, s1, topk, n, k)
    # valid: no feasible grid point lies outside the bounds
    assert bounds.low <= grid_low + 1e-12 and grid_high <= bounds.high + 1e-12
    # tight: both bounds are attained by feasible vectors
    for shares, value in ((bounds.low_shares, bounds.low), (bounds.high_shares, bounds.high)):
        assert _feasible(shares, s1 / units, topk / units, k)
        assert herfindahl(shares) == pytest.approx(value)


@pytest.mark.parametrize("units, s1, topk, n, k", CASES)
def test_no_random_feasible_distribution_escapes_the_bounds(units, s1, topk, n, k):
    """Continuous check (the grid misses optima between grid points): sample feasible vectors,
    many of them extreme (small Dirichlet concentration), and compare."""
    rng = np.random.default_rng(20240426)
    s1, topk = s1 / units, topk / units
    bounds = hhi_bounds_from_top_shares(s1, n, topk if k > 1 else None, k if k > 1 else None)
    checked = 0
    for alpha in (0.05, 0.3, 1.0, 5.0):  # 3000 draws each, as whole arrays
        top = rng.dirichlet([alpha] * (k - 1), size=3000) * (topk - s1) if k > 1 else np.zeros((3000, 0))
        rest = rng.dirichlet([alpha] * (n - k), size=3000) * (1 - topk) if n > k else np.zeros((3000, 0))
        feasible = np.ones(3000, dtype=bool)
        if k > 1:
            feasible &= top.max(axis=1) <= s1
        if n > k:
            smallest_top = top.min(axis=1) if k > 1 else np.full(3000, s1)
            feasible &= rest.max(axis=1) <= smallest_top
        values = s1**2 + (top[feasible] ** 2).sum(axis=1) + (rest[feasible] ** 2).sum(axis=1)
        assert ((bounds.low - 1e-12 <= values) & (values <= bounds.high + 1e-12)).all()
        if feasible.any():  # the vectorised sum of squares is the package's HHI
            first = np.flatnonzero(feasible)[0]
            assert values[0] == pytest.approx(herfindahl([s1, *top[first], *rest[first]]))
        checked += int(feasible.sum())
    assert checked >= 20  # enough feasible samples to mean something


def test_hhi_bounds_narrow_as_more_is_known():
    only_top1 = hhi_bounds_from_top_shares(0.5397, 16)
    with_top5 = hhi_bounds_from_top_shares(0.5397, 16, 0.8671, 5)
    assert only_top1.low <= with_top5.low and with_top5.high <= only_top1.high


# --------------------------------------------------------------------------- the product-share CSV
def known(year):
    return [cee.CHINA_ISO3, *cee.members_in(ct.load_dataset(cee.MEMBERS), year)["iso3"]]


def test_valid_file_loads_and_gives_the_hand_computed_indices():
    shares = load_product_shares(FIXTURES / "synthetic_tci_shares_valid.csv", known(2022))
    assert len(shares) == 13 and shares["line"].tolist() == list(range(2, 15))
    tci = complementarity_with(shares, "CHN").set_index("country_iso3")
    # hand-computed in tests/fixtures/README.md
    assert tci.loc["POL", "tc_partner_exports"] == pytest.approx(80.0)
    assert tci.loc["POL", "tc_partner_imports"] == pytest.approx(60.0)
    assert tci.loc["HUN", "tc_partner_exports"] == pytest.approx(10.0)
    assert tci.loc["HUN", "tc_partner_imports"] == pytest.approx(50.0)


@pytest.mark.parametrize("fixture, message", [
    ("synthetic_tci_shares_bad_columns.csv", r"missing column\(s\) \['share'\]"),
    ("synthetic_tci_shares_bad_columns.csv", r"unexpected column\(s\) \['value'\]"),
    ("synthetic_tci_shares_missing_column.csv", r"missing column\(s\) \['flow'\]"),
    ("synthetic_tci_shares_bad_sum.csv", r"column 'share': lines 4-5: the import shares of POL sum to 0.9, not 1"),
    ("synthetic_tci_shares_unknown_country.csv", r"line 6, column 'country_iso3': unknown country code 'DEU'"),
])
def test_invalid_files_fail_naming_the_file_and_the_line(fixture, message):
    with pytest.raises(DataValidationError, match=message) as error:
        load_product_shares(FIXTURES / fixture, known(2022), label=f"tests/fixtures/{fixture}")
    assert str(error.value).startswith(f"tests/fixtures/{fixture}: ")


def test_country_codes_accepted_depend_on_the_group_year():
    path = FIXTURES / "synthetic_tci_shares_lithuania.csv"
    assert set(load_product_shares(path, known(2021))["country_iso3"]) == {"CHN", "LTU"}
    with pytest.raises(DataValidationError, match="unknown country code 'LTU'"):
        load_product_shares(path, known(2022))


def test_sum_tolerance_of_the_file_is_a_parameter(tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text("country_iso3,flow,product_code,share\nCHN,export,P1,0.6\nCHN,export,P2,0.3995\n"
                    "POL,import,P1,1\n")
    assert len(load_product_shares(path, known(2022))) == 3  # 0.9995 is within ±0.001
    with pytest.raises(DataValidationError, match=r"sum to 0.9995, not 1 \(tolerance ±0.0001\)"):
        load_product_shares(path, known(2022), tolerance=1e-4)


def test_a_missing_direction_stays_missing_and_china_must_be_present(tmp_path):
    path = tmp_path / "shares.csv"
    path.write_text("country_iso3,flow,product_code,share\nCHN,export,P1,1\nPOL,import,P1,1\nPOL,export,P1,1\n")
    tci = complementarity_with(load_product_shares(path, known(2022)), "CHN").set_index("country_iso3")
    assert tci.loc["POL", "tc_partner_exports"] == pytest.approx(100.0)
    assert math.isnan(tci.loc["POL", "tc_partner_imports"])  # China's imports are not in the file
    path.write_text("country_iso3,flow,product_code,share\nPOL,import,P1,1\n")
    with pytest.raises(DataValidationError, match="no rows for CHN"):
        complementarity_with(load_product_shares(path, known(2022)), "CHN")
    path.write_text("country_iso3,flow,product_code,share\nCHN,import,P1,1\n")
    with pytest.raises(DataValidationError, match="no other country"):
        complementarity_with(load_product_shares(path, known(2022)), "CHN")
