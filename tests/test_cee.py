"""Text 002 (China–CEE): the country group, the recomputed growth and shares, parameters, and the notebook's failures."""

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import culturaltrade as ct  # noqa: E402
from culturaltrade.texts import cee  # noqa: E402
from culturaltrade.build import pipeline  # noqa: E402
from culturaltrade.params import ParameterError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/03_china_cee.ipynb"
from conftest import SEEDS_DIR  # noqa: E402


@pytest.fixture(scope="module")
def reference():
    return ct.load_dataset(cee.MEMBERS)


# --------------------------------------------------------------------------- the country group
@pytest.mark.parametrize("year, expected", [
    (2012, 16), (2018, 16),   # the 16 founding members
    (2019, 17), (2021, 17),   # Greece joined in 2019; Lithuania still counts in 2021, the year it left
    (2022, 16),               # Estonia and Latvia count in 2022, the year they left
    (2023, 14), (2024, 14),
])
def test_members_by_year(reference, year, expected):
    assert len(cee.members_in(reference, year)) == expected


def test_membership_convention_for_joining_and_leaving(reference):
    codes = {year: set(cee.members_in(reference, year)["iso3"]) for year in (2018, 2019, 2021, 2022, 2023)}
    assert "GRC" not in codes[2018] and "GRC" in codes[2019]
    assert "LTU" in codes[2021] and "LTU" not in codes[2022]
    assert {"EST", "LVA"} <= codes[2022] and not {"EST", "LVA"} & codes[2023]
    assert "CHN" not in set().union(*codes.values())


def test_reference_starts_in_the_founding_year_the_text_gives(reference):
    events = ct.load_dataset(cee.EVENTS).set_index("event_id")
    assert events.loc["founding", "date_as_printed"] == "April 26, 2012"
    assert int(reference["member_from"].min()) == int(events.loc["founding", "year"]) == cee.FIRST_GROUP_YEAR


def test_membership_changes_and_periods(reference):
    changes = cee.membership_changes(reference)
    assert list(zip(changes["year"], changes["country"], changes["change"])) == [
        (2019, "Greece", "joined"), (2021, "Lithuania", "left"), (2022, "Estonia", "left"), (2022, "Latvia", "left")]
    counts = cee.member_counts(reference, range(2012, 2025))
    assert cee.count_periods(counts) == [(2012, 2018, 16), (2019, 2021, 17), (2022, 2022, 16), (2023, 2024, 14)]
    assert counts.set_index("year").loc[2023, "left"] == "Estonia, Latvia"


def test_the_printed_top_partners_are_members_in_every_group_year(reference):
    partners = ct.load_dataset(cee.PARTNERS)
    for year in range(cee.FIRST_GROUP_YEAR, cee.LAST_GROUP_YEAR + 1):
        matched = cee.match_partners(partners, reference, year)
        assert list(matched["iso3"]) == ["POL", "ROU", "CZE", "SVN", "HUN"]


def test_a_top_partner_outside_the_group_is_an_error(reference):
    partners = ct.load_dataset(cee.PARTNERS)
    without_slovenia = reference[reference["iso3"] != "SVN"]
    with pytest.raises(ValueError, match=r"\['Slovenia'\]: named by the text as top partners"):
        cee.match_partners(partners, without_slovenia, 2022)


# --------------------------------------------------------------------------- parameters
def test_group_year_must_be_a_year_of_the_mechanism():
    assert cee.validate_group_year(2022) == 2022
    with pytest.raises(ParameterError, match=r"parameter `group_year` must be between 2012 \(the mechanism was founded"):
        cee.validate_group_year(2002)
    with pytest.raises(ParameterError, match="`group_year` must be between 2012 .* got 2030"):
        cee.validate_group_year(2030)
    for bad in ("2022", 2022.0, True, None):
        with pytest.raises(ParameterError, match="`group_year` must be a whole number"):
            cee.validate_group_year(bad)


def test_top_n_must_be_one_the_text_gives():
    assert cee.validate_top_n(5) == 5 and cee.validate_top_n(1) == 1
    for bad in (3, 10, 0, "5", True, 5.0):
        with pytest.raises(ParameterError, match=r"parameter `top_n` must be one of \[1, 5\]: the text gives only"):
            cee.validate_top_n(bad)


# --------------------------------------------------------------------------- growth and shares
def test_turnover_growth_hand_computed():
    check = cee.growth_check("2.551", "5.177", 5)
    # 5.177 / 2.551 = 2.029400..., so +102.940 %; 2.0294^(1/5) = 1.15206
    assert check["growth_pct"] == pytest.approx(102.940, abs=5e-4)
    assert check["cagr_pct"] == pytest.approx(15.206, abs=5e-4)
    # rounding box: 5.1765 / 2.5515 − 1 = 102.881 %; 5.1775 / 2.5505 − 1 = 102.999 %
    assert (check["growth_pct_low"], check["growth_pct_high"]) == pytest.approx((102.881, 102.999), abs=5e-4)
    assert ct.judge("103", (check["growth_pct_low"], check["growth_pct_high"])) == "reproduced"


def test_import_growth_does_not_follow_from_its_endpoints():
    check = cee.growth_check("82", "366", 12)
    # 366 / 82 = 4.463415 → +346.34 %; box 365.5 / 82.5 = 4.430303, 366.5 / 81.5 = 4.496933
    assert check["growth_pct"] == pytest.approx(346.341, abs=5e-4)
    assert (check["growth_pct_low"], check["growth_pct_high"]) == pytest.approx((343.030, 349.693), abs=5e-4)
    assert ct.judge("281.7", (check["growth_pct_low"], check["growth_pct_high"])) == "discrepancy"


def test_what_would_make_281_7_percent_true():
    implied = cee.implied_by_stated_growth(82.0, 366.0, 281.7, 12)
    assert implied["start_implied"] == pytest.approx(366 / 3.817)   # 95.887
    assert implied["end_implied"] == pytest.approx(82 * 3.817)      # 312.994
    assert implied["cagr_implied_pct"] == pytest.approx(100 * (3.817 ** (1 / 12) - 1))  # 11.81


def test_no_usual_reading_of_the_endpoints_gives_281_7():
    readings = cee.alternative_readings(82.0, 366.0, 12).set_index("reading")["value_pct"]
    assert readings["total growth"] == pytest.approx(346.341, abs=1e-3)
    assert readings["end as a multiple of start"] == pytest.approx(446.341, abs=1e-3)
    assert readings["change relative to the end value"] == pytest.approx(284 / 366 * 100)
    assert readings["log change"] == pytest.approx(100 * math.log(366 / 82))
    assert all(ct.judge("281.7", v) == "discrepancy" for v in readings)


def test_share_change_433_reproduces_only_by_the_interval_rule():
    change = cee.share_change("1.96", "10.47")
    assert change["change_pp"] == pytest.approx(8.51)
    assert change["ratio"] == pytest.approx(10.47 / 1.96)
    assert change["relative_pct"] == pytest.approx(434.184, abs=5e-4)
    # box: 10.465 / 1.965 − 1 = 432.570 %; 10.475 / 1.955 − 1 = 435.806 %
    assert (change["relative_pct_low"], change["relative_pct_high"]) == pytest.approx((432.570, 435.806), abs=5e-4)
    assert (change["change_pp_low"], change["change_pp_high"]) == pytest.approx((8.50, 8.52))
    assert ct.judge("433", change["relative_pct"]) == "approximate"
    assert ct.judge("433", (change["relative_pct_low"], change["relative_pct_high"])) == "reproduced"


def test_other_share_change_in_points_and_relative():
    change = cee.share_change("0.67", "1.89")
    assert change["change_pp"] == pytest.approx(1.22)
    assert change["relative_pct"] == pytest.approx((1.89 / 0.67 - 1) * 100)  # 182.09


# --------------------------------------------------------------------------- stated values and claims
def test_stated_values_are_typed_once_and_registered_as_printed():
    printed = ct.load_printed(cee.STATED)
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    ids = cee.register_stated_values(ledger, printed)
    assert len(ids) == 12 and len(set(ids)) == 12
    assert ledger.claims["002-V-TURNOVER-2017"].reported == "2.551"
    assert ledger.claims["002-V-IMPORTS-FROM-CEE-2010"].reported == "82"
    assert ledger.claims["002-V-SHARE-CEE-IN-CHINA-2002"].reported == "0.67"
    for row in printed.itertuples():
        assert row.value in row.as_printed, row.value_id


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"source texts not found in {SEEDS_DIR}")
def test_transcribed_words_are_printed_in_the_text():
    text = (SEEDS_DIR / cee.PAPER).read_text(encoding="utf-8")
    for row in ct.load_printed(cee.STATED).itertuples():
        assert row.as_printed in text, row.value_id
    for name, column in ((cee.PARTNERS, "country_as_printed"), (cee.PRODUCT_CODES, "label_as_printed"),
                         (cee.PRODUCT_CODES, "code"), (cee.EVENTS, "event_as_printed"), (cee.EVENTS, "date_as_printed")):
        for value in ct.load_printed(name)[column]:
            assert value in text, (name, value)
    assert f"over {cee.PERIOD_CLAIM['as_printed']} years" in text


def test_period_in_words_is_registered_as_a_number():
    assert cee.number_from_words("five") == 5 and cee.number_from_words(" Five ") == 5
    with pytest.raises(ValueError, match="no number word"):
        cee.number_from_words("fifteen")
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    claim_id = cee.register_period_claim(ledger)
    assert ledger.check(claim_id, 2022 - 2017, section="growth") == "reproduced"
    assert ledger.results[claim_id]["reported"] == "5" and "'five'" in ledger.results[claim_id]["note"]


# --------------------------------------------------------------------------- concentration
def test_partner_breakdown_derives_the_other_four_and_the_rest():
    names = ["Poland", "Romania", "Czech Republic", "Slovenia", "Hungary"]
    top5 = cee.partner_breakdown(53.97, 86.71, 5.177, 5, 16, names)
    assert top5["share_pct"].tolist() == pytest.approx([53.97, 32.74, 13.29])
    assert top5["n_countries"].tolist() == [1, 4, 11]
    assert top5["share_status"].tolist() == ["stated", "derived", "derived"]
    assert top5["usd_bn_derived"].tolist() == pytest.approx([0.5397 * 5.177, 0.3274 * 5.177, 0.1329 * 5.177])
    assert top5["usd_bn_derived"].sum() == pytest.approx(5.177)
    top1 = cee.partner_breakdown(53.97, 86.71, 5.177, 1, 16, names)
    assert top1["share_pct"].tolist() == pytest.approx([53.97, 46.03]) and top1["n_countries"].tolist() == [1, 15]


def test_hhi_bounds_change_with_the_group_only_through_n(reference):
    table = cee.hhi_by_group_year(reference, [2018, 2019, 2022, 2023], 0.5397, 0.8671, 5).set_index("group_year")
    assert table["n_partners"].tolist() == [16, 17, 16, 14]
    assert table.loc[2018, "hhi_low"] == pytest.approx(table.loc[2022, "hhi_low"])
    # more partners to share the rest: lower minimum, higher maximum
    assert table.loc[2019, "hhi_low"] < table.loc[2022, "hhi_low"] < table.loc[2023, "hhi_low"]
    assert table.loc[2019, "hhi_high"] > table.loc[2022, "hhi_high"] > table.loc[2023, "hhi_high"]
    assert table["hhi_low_x10000"].tolist() == pytest.approx((table["hhi_low"] * 10_000).tolist())


# --------------------------------------------------------------------------- figures (smoke)
def test_figures_have_titles_and_units():
    ct.use_style()
    checks = {"turnover": cee.growth_check("2.551", "5.177", 5), "imports": cee.growth_check("82", "366", 12)}
    data = pd.DataFrame({"panel": ["turnover", "turnover", "imports", "imports", "imports"],
                         "year": [2017, 2022, 2010, 2022, 2010], "value": [2.551, 5.177, 82, 366, 95.9],
                         "status": ["stated"] * 4 + ["derived"]})
    figs = [
        cee.plot_growth_endpoints(data, checks, {"turnover": 103, "imports": 281.7},
                                  {"turnover": "reproduced", "imports": "discrepancy"}),
        cee.plot_partner_concentration(cee.partner_breakdown(53.97, 86.71, 5.177, 5, 16, list("ABCDE")), 2022, 5.177),
    ]
    for fig in figs:
        assert fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
        assert any("(" in ax.get_ylabel() + ax.get_xlabel() for ax in fig.axes)
    plt.close("all")


# --------------------------------------------------------------------------- the notebook (slow)
@pytest.mark.slow
def test_notebook_computes_tci_from_a_supplied_file(tmp_path):
    result = pipeline.run_notebook(NOTEBOOK, {"tci_shares_csv": "tests/fixtures/synthetic_tci_shares_valid.csv"},
                                   destination=tmp_path)
    assert "tables/03_tci_from_supplied_shares.csv" in result.written
    tci = pd.read_csv(tmp_path / "tables/03_tci_from_supplied_shares.csv").set_index("country_iso3")
    assert tci.loc["POL", "tc_china_exports_vs_country_imports"] == pytest.approx(80.0)
    assert tci.loc["POL", "tc_country_exports_vs_china_imports"] == pytest.approx(60.0)
    assert tci.loc["HUN", "tc_china_exports_vs_country_imports"] == pytest.approx(10.0)
    assert tci.loc["HUN", "tc_country_exports_vs_china_imports"] == pytest.approx(50.0)
    assert tci.loc["POL", "country"] == "Poland"
    # the supplied shares never become claims
    claims = pd.read_csv(tmp_path / "tables/claims/03_china_cee.csv")
    assert not claims["claim_id"].str.contains("TCI-POL|TCI-HUN").any()
