"""Text 002 (China–CEE): the country group, the recomputed growth and shares, parameters, and the notebook's failures."""

import json
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
FIXTURES = ROOT / "tests" / "fixtures"
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


# --------------------------------------------------------------------------- qualitative statements on the text's numbers
def test_poland_outweighs_the_other_four_together():
    margin, (low, high) = ct.indicators.value_and_bounds(lambda p, t: p - (t - p), "53.97", "86.71")
    # 53.97 − (86.71 − 53.97) = 53.97 − 32.74 = 21.23; rounding box: 2 × 53.965 − 86.715 = 21.215, 2 × 53.975 − 86.705 = 21.245
    assert margin == pytest.approx(21.23)
    assert (low, high) == pytest.approx((21.215, 21.245))
    assert ct.judge("0", (low, high), "greater_than", approximate="none") == "reproduced"


def test_rapid_growth_is_judged_on_the_cagr_interval():
    turnover = cee.growth_check("2.551", "5.177", 5)
    imports = cee.growth_check("82", "366", 12)
    # (366 / 82)^(1/12) = 4.463415^(1/12) = 1.13276; the text's own 281.7 % would be 3.817^(1/12) = 1.11810
    assert imports["cagr_pct"] == pytest.approx(13.276, abs=5e-4)
    for check in (turnover, imports):
        assert ct.judge("10", (check["cagr_pct_low"], check["cagr_pct_high"]), "greater_than", approximate="none") == "reproduced"
    # a line above the recomputed rate fails: the check can fail
    assert ct.judge("14", (imports["cagr_pct_low"], imports["cagr_pct_high"]), "greater_than", approximate="none") == "discrepancy"


# --------------------------------------------------------------------------- dates, names and codes
def test_printed_dates_become_comparable_numbers():
    assert cee.printed_date("April 26, 2012") == ("20120426", cee.DAY_UNIT)
    assert cee.printed_date("2018") == ("2018", cee.YEAR_UNIT)
    with pytest.raises(ValueError, match="neither a year nor"):
        cee.printed_date("spring 2012")
    assert cee.fact_date("2012-04-26", "date", cee.DAY_UNIT)[0] == 20120426
    point, low, high = cee.fact_date("2012-04", "date (month)", cee.DAY_UNIT)
    assert math.isnan(point) and (low, high) == (20120401, 20120430)
    assert cee.fact_date("2018-07-07", "date", cee.YEAR_UNIT)[0] == 2018
    with pytest.raises(ValueError, match="cannot be read"):
        cee.fact_date("2021-05", "date (month)", "decade")


def test_the_mechanism_dates_against_the_public_facts():
    facts = ct.facts.load_facts()
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    verdicts = {}
    for claim_id, event_id in cee.register_events(ledger, ct.load_dataset(cee.EVENTS)):
        _, chosen, rule = cee.EVENT_FACTS[event_id]
        sources = cee.event_sources(facts, event_id, ledger.claims[claim_id].unit)
        evidence = ledger.check_sources(claim_id, sources, choose=chosen, rule=rule, section="dates")
        verdicts[claim_id] = (ledger.results[claim_id]["verdict"], list(evidence["verdict"]))
    assert ledger.claims["002-E-FOUNDING"].reported == "20120426"
    # the day (2012-04-26) and the month only (2012-04: any day of April) both agree
    assert verdicts["002-E-FOUNDING"] == ("reproduced", ["reproduced", "reproduced"])
    # Sofia Guidelines adopted 2018-07-07: 'the 2018 Guidelines' holds, 'after 2018' does not
    assert verdicts["002-E-SOFIA-GUIDELINES-READ-IN-2018"] == ("reproduced", ["reproduced"])
    assert verdicts["002-E-SOFIA-GUIDELINES-READ-AFTER-2018"] == ("discrepancy", ["discrepancy"])
    assert verdicts["002-E-BEIJING-LIST"] == ("reproduced", ["reproduced", "reproduced"])
    table = ledger.table().set_index("claim_id")
    assert table.loc["002-E-SOFIA-GUIDELINES-READ-IN-2018", "readings_agree"] == "no"
    assert table.loc["002-E-FOUNDING", "sources_agree"] == "yes"
    shown = cee.show_dates(ct.claims.reading_table(ledger.table()), ledger.results).set_index("claim_id")
    assert shown.loc["002-E-FOUNDING", ["reported", "recomputed"]].tolist() == ["2012-04-26", "2012-04-26"]


def test_a_wrong_date_would_be_a_discrepancy():
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    events = ct.load_dataset(cee.EVENTS).copy()
    events.loc[events["event_id"] == "founding", "date_as_printed"] = "April 27, 2012"
    cee.register_events(ledger, events)
    sources = cee.event_sources(ct.facts.load_facts(), "founding", cee.DAY_UNIT)
    evidence = ledger.check_sources("002-E-FOUNDING", sources, choose="CEEC-EVENT-LAUNCH", rule="test", section="dates")
    # the day source contradicts the 27th; the month source cannot
    assert list(evidence["verdict"]) == ["discrepancy", "reproduced"]
    assert ledger.results["002-E-FOUNDING"]["sources_agree"] == "no"


def test_names_and_codes_are_registered_as_printed():
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    partners_id = cee.register_partners(ledger, ct.load_dataset(cee.PARTNERS))
    products_id = cee.register_products(ledger, ct.load_dataset(cee.PRODUCT_CODES))
    assert ledger.claims[partners_id].reported == "Poland; Romania; the Czech Republic; Slovenia; Hungary"
    assert ledger.claims[partners_id].statement.endswith("Poland, Romania, the Czech Republic, Slovenia, and Hungary")
    assert ledger.claims[products_id].reported == "CER022; CER023; CER025"
    assert "home decoration and daily necessities (CER023), and toys (CER025) are the primary" in \
        ledger.claims[products_id].statement


# --------------------------------------------------------------------------- membership from the public facts
def test_membership_rebuilt_from_the_facts_matches_the_reference(reference):
    membership = cee.membership_from_facts(ct.facts.load_facts()).set_index("country")
    assert len(membership) == 17
    assert membership.loc["Greece", "member_from"] == 2019
    assert membership.loc["Lithuania", "member_until"] == 2021
    assert membership.loc[["Estonia", "Latvia"], "member_until"].tolist() == [2022, 2022]
    assert membership["member_until"].notna().sum() == 3
    merged = reference.set_index("country")[["member_from", "member_until"]]
    assert (merged["member_from"] == membership.loc[merged.index, "member_from"]).all()


def test_member_counts_of_the_facts_against_the_reference(reference):
    check = cee.membership_check(reference, ct.facts.load_facts()).set_index("fact_id")
    # 2022: 16 during the year (Estonia and Latvia left in August), 14 at its end, as CEEC-MEMBERS-2022 says
    assert check.loc["CEEC-MEMBERS-2022", ["reference_during_year", "reference_at_year_end", "members_per_fact"]].tolist() == [16, 14, 14]
    assert check.loc["CEEC-MEMBERS-2021-XI", ["reference_during_year", "members_per_fact"]].tolist() == [17, 17]
    assert check["agree"].all()


def test_named_partners_outside_the_mechanism_are_found():
    membership = cee.membership_from_facts(ct.facts.load_facts())
    printed = ct.load_dataset(cee.PARTNERS)
    assert cee.named_partners_outside(printed, membership, 2022) == []
    altered = printed.copy()
    altered.loc[1, "country_as_printed"] = "Lithuania"   # left in 2021
    altered.loc[2, "country_as_printed"] = "Greece"      # joined in 2019
    assert cee.named_partners_outside(altered, membership, 2022) == ["Lithuania"]
    assert cee.named_partners_outside(altered, membership, 2018) == ["Greece"]


# --------------------------------------------------------------------------- video games
def test_games_growth_by_source_hand_computed():
    sources = cee.games_cagr_sources(ct.facts.load_facts()).set_index("fact_id")
    # (16.366 / 9.59)^(1/5) = 1.706569^(0.2) = 1.112820; (16.3 / 9.59)^(0.2) = 1.111921
    assert sources.loc["GAMES-OVERSEAS-2023", "value"] == pytest.approx(11.282, abs=5e-4)
    assert sources.loc["GAMES-OVERSEAS-2023-REUTERS", "value"] == pytest.approx(11.192, abs=5e-4)
    assert (sources["years"] == 5).all()
    latest = cee.games_latest_growth_source(ct.facts.load_facts())
    assert latest["value"].tolist() == [-5.65]  # printed as a 5.65 % decrease


# --------------------------------------------------------------------------- complementarity with a group
def shares_frame(rows):
    return pd.DataFrame(rows, columns=["country_iso3", "flow", "product_code", "share"])


def totals_frame(rows):
    return pd.DataFrame(rows, columns=["country_iso3", "flow", "total"])


GROUP_SHARES = shares_frame([
    ("CHN", "export", "p", 0.6), ("CHN", "export", "q", 0.4),
    ("AAA", "import", "p", 0.9), ("AAA", "import", "q", 0.1),
    ("BBB", "import", "p", 0.1), ("BBB", "import", "q", 0.9),
])
GROUP_TOTALS = totals_frame([("AAA", "import", 100.0), ("BBB", "import", 300.0)])


def test_group_shares_are_the_shares_of_the_summed_trade():
    shares = cee.group_shares(GROUP_SHARES, GROUP_TOTALS, ["AAA", "BBB"], "import")
    # p: (0.9 × 100 + 0.1 × 300) / 400 = 120 / 400 = 0.3; q: (10 + 270) / 400 = 0.7
    assert shares.to_dict() == pytest.approx({"p": 0.3, "q": 0.7})


def test_group_index_by_hand_differs_from_averages_of_the_members():
    table = cee.group_complementarity(GROUP_SHARES, GROUP_TOTALS, "CHN", ["AAA", "BBB"]).set_index("direction")
    # group imports (0.3, 0.7) vs China's exports (0.6, 0.4): Σ|m − x| = 0.3 + 0.3 = 0.6 → 100 · (1 − 0.3) = 70
    assert table.loc["CHN exports vs group imports", "tc"] == pytest.approx(70.0)
    # not the weighted mean of the members' indices: AAA 70, BBB 50 → (70 · 100 + 50 · 300) / 400 = 55
    # nor the index of the unweighted mean of their shares (0.5, 0.5) → 90
    assert table.loc["CHN exports vs group imports", "tc"] not in (pytest.approx(55.0), pytest.approx(90.0))
    assert table.loc["CHN exports vs group imports", "members_used"] == "AAA, BBB"
    # no export shares of the group and no import shares of China: missing, never 0
    other = table.loc["group exports vs CHN imports"]
    assert math.isnan(other["tc"]) and other["n_members_used"] == 0 and other["members_missing"] == "AAA, BBB"


def test_group_index_from_the_fixture_files(reference):
    known = [cee.CHINA_ISO3, *cee.members_in(reference, 2022)["iso3"]]
    shares = ct.complementarity.load_product_shares(FIXTURES / "synthetic_tci_shares_valid.csv", known)
    totals = cee.load_group_totals(FIXTURES / "synthetic_tci_group_totals_valid.csv", known[1:])
    table = cee.group_complementarity(shares, totals, "CHN", ["POL", "HUN", "SVK"]).set_index("direction")
    # group imports: P1 .5·300/400 = .375, P2 .375, P3 100/400 = .25 vs CHN exports (.6, .3, .1):
    #   .225 + .075 + .15 = .45 → 77.5
    # group exports: P1 .1·100/400 = .025, P2 (.2·100 + 300)/400 = .8, P3 .7·100/400 = .175 vs CHN imports (.2, .5, .3):
    #   .175 + .3 + .125 = .6 → 70
    assert table.loc["CHN exports vs group imports", "tc"] == pytest.approx(77.5)
    assert table.loc["group exports vs CHN imports", "tc"] == pytest.approx(70.0)
    assert table.loc["CHN exports vs group imports", "members_missing"] == "SVK"


def test_a_member_without_data_is_named():
    with pytest.raises(ct.complementarity.ComplementarityError, match=r"no import shares or no import total for \['CCC'\]"):
        cee.group_shares(GROUP_SHARES, GROUP_TOTALS, ["AAA", "CCC"], "import")
    with pytest.raises(ct.complementarity.ComplementarityError, match="the group has no members"):
        cee.group_shares(GROUP_SHARES, GROUP_TOTALS, [], "import")


def test_bad_totals_files_are_refused_with_the_line(tmp_path):
    path = tmp_path / "totals.csv"
    path.write_text("country_iso3,flow,total\nPOL,import,300\nDEU,import,5\nHUN,export,0\n", encoding="utf-8")
    with pytest.raises(ct.DataValidationError) as caught:
        cee.load_group_totals(path, ["POL", "HUN"], label="totals.csv", known_description="accepted: the group")
    message = str(caught.value)
    assert "totals.csv: 2 problem(s)" in message
    assert "line 3, column 'country_iso3': unknown country code 'DEU'; accepted: the group: ['HUN', 'POL']" in message
    assert "line 4, column 'total': the export total of HUN is 0" in message
    path.write_text("country_iso3,flow,value\nPOL,import,300\n", encoding="utf-8")
    with pytest.raises(ct.DataValidationError, match=r"missing column\(s\) \['total'\]"):
        cee.load_group_totals(path, ["POL"])


def test_long_share_vectors_are_shown_as_runs_of_ranks():
    frame = pd.DataFrame({"a": [0.5, 0.1, 0.1, 0.1, 0.2 / 3, 0.2 / 3, 0.2 / 3], "b": [0.5, 0.3, 0.05, 0.05, 0.1, 0, 0]},
                         index=pd.RangeIndex(1, 8, name="rank"))
    runs = cee.runs_of_equal_rows(frame)
    assert runs["ranks"].tolist() == ["1", "2", "3-4", "5", "6-7"]
    assert runs["n"].sum() == 7


# --------------------------------------------------------------------------- a small bilateral table (§11)
# A made-up table in UNCTADstat's layout (values in US$ million; labels of the products synthetic),
# written as Parquet with DuckDB, one file per year (as the public copy). Every figure of text 002
# it gives is worked out by hand in the tests below. Products: CER010 (a group without leaves) and
# the leaves CER021, CER022, CER023, CER025 of CER020; the generator adds CER020 = the sum of the
# leaves and CER000 = CER010 + CER020.
GOODS_ATOMS = ["CER010", "CER021", "CER022", "CER023", "CER025"]
GOODS_LABELS = {"156": "China", "0000": "World", "496": "Mongolia", "704": "Viet Nam"}
NAMED = {"POL": "616", "ROU": "642", "CZE": "203", "SVN": "705", "HUN": "348", "SRB": "688"}
# product structure (fractions of CER000 over GOODS_ATOMS) of China's trade with every member,
# by year and China's flow (02 exports, 01 imports); the crafts share CER020 is 1 - the first
STRUCTURE = {
    (2010, "02"): (0.10, 0.10, 0.30, 0.30, 0.20), (2010, "01"): (0.20, 0.10, 0.30, 0.20, 0.20),
    (2017, "02"): (0.10, 0.05, 0.40, 0.25, 0.20), (2017, "01"): (0.30, 0.10, 0.20, 0.20, 0.20),  # crafts 90 %, 70 %
    (2022, "02"): (0.05, 0.05, 0.40, 0.30, 0.20), (2022, "01"): (0.10, 0.10, 0.30, 0.30, 0.20),  # crafts 95 %, 90 %
}
# China's reports, CER000 (exports to, imports from) each named member; every other member of the
# year the same (the 10 others: founding members in 2010 and 2017, the members of 2022 in 2022)
CHINA_REPORTS = {
    2010: {"POL": (300, 30), "ROU": (100, 10), "CZE": (80, 15), "SVN": (40, 5), "HUN": (60, 10), "SRB": (20, 2),
           "other": (5, 1)},  # imports 30+10+15+5+10+2+10×1 = 82
    2017: {"POL": (1200, 100), "ROU": (300, 30), "CZE": (250, 25), "SVN": (150, 10), "HUN": (200, 20),
           "SRB": (100, 10), "other": (15, 0.6)},  # exports 2350, imports 201, turnover 2551
    2022: {"POL": (2500, 200), "ROU": (500, 50), "CZE": (400, 50), "SVN": (300, 20), "HUN": (300, 30),
           "SRB": (200, 10), "other": (40, 4)},  # exports 4600, imports 400, turnover 5000
}
# the members' own reports of the same trade (their imports from, exports to China) where they
# differ from China's: Poland every year, Romania's exports in 2022
MIRROR_CHANGES = {2010: {"POL": (350, 38)}, 2017: {"POL": (1250, 109)}, 2022: {"POL": (2600, 170), "ROU": (500, 46)}}
# 2022, trade with the world (Partner 0000): CER000 (exports, imports) and their structures
WORLD_2022 = {"CHN": (230000, 20000), "POL": (15000, 15000), "ROU": (2500, 2500), "CZE": (2500, 2500),
              "SVN": (1000, 1000), "HUN": (1500, 1500), "SRB": (500, 500), "other": (200, 200),
              "MNG": (1000, 1000), "VNM": (10000, 10000)}
WORLD_STRUCTURE = {
    "CHN": ((0.1, 0.1, 0.4, 0.2, 0.2), (0.5, 0.1, 0.2, 0.1, 0.1)),
    "member": ((0.3, 0.1, 0.3, 0.2, 0.1), (0.2, 0.1, 0.3, 0.2, 0.2)),
    "MNG": ((0.1, 0.1, 0.4, 0.2, 0.2), (0.5, 0.1, 0.2, 0.1, 0.1)),
    "VNM": ((0.4, 0.1, 0.2, 0.2, 0.1), (0.3, 0.1, 0.3, 0.1, 0.2)),
}
# 2022, China's trade with the two regions' economies (exports, imports), CER000
CHINA_REGIONS_2022 = {"MNG": (1000, 250), "VNM": (8000, 2000)}
GOODS_REGIONS = {"East Asia": ["Mongolia"], "ASEAN": ["704"]}  # one economy each, by label and by code


def goods_rows(reference):
    """The table's rows: (Year, Economy, Partner, Flow, Product, value); labels added by write_goods_table."""
    code = dict(zip(reference["iso3"], reference["unctad_code"]))
    code.update(CHN="156", MNG="496", VNM="704", WORLD="0000")

    def parts(year, economy, partner, flow, total, structure):
        values = dict(zip(GOODS_ATOMS, (total * share for share in structure)))
        values["CER020"] = sum(v for k, v in values.items() if k != "CER010")
        values["CER000"] = total
        return [(year, economy, partner, flow, product, value) for product, value in values.items()]

    rows = []
    for year, reports in CHINA_REPORTS.items():
        members = cee.members_in(reference, max(year, 2012))["iso3"]
        for iso3 in members:
            exports, imports = reports.get(iso3, reports["other"])
            m_imports, m_exports = MIRROR_CHANGES[year].get(iso3, (exports, imports))
            rows += parts(year, "156", code[iso3], "02", exports, STRUCTURE[(year, "02")])
            rows += parts(year, "156", code[iso3], "01", imports, STRUCTURE[(year, "01")])
            rows += parts(year, code[iso3], "156", "01", m_imports, STRUCTURE[(year, "02")])
            rows += parts(year, code[iso3], "156", "02", m_exports, STRUCTURE[(year, "01")])
            if year == 2022:
                world = WORLD_2022.get(iso3, WORLD_2022["other"])
                rows += parts(year, code[iso3], "0000", "02", world[0], WORLD_STRUCTURE["member"][0])
                rows += parts(year, code[iso3], "0000", "01", world[1], WORLD_STRUCTURE["member"][1])
    for iso3 in ("CHN", "MNG", "VNM"):
        rows += parts(2022, code[iso3], "0000", "02", WORLD_2022[iso3][0], WORLD_STRUCTURE[iso3][0])
        rows += parts(2022, code[iso3], "0000", "01", WORLD_2022[iso3][1], WORLD_STRUCTURE[iso3][1])
    for iso3, (exports, imports) in CHINA_REGIONS_2022.items():
        rows += parts(2022, "156", code[iso3], "02", exports, STRUCTURE[(2022, "02")])
        rows += parts(2022, "156", code[iso3], "01", imports, STRUCTURE[(2022, "01")])
    return rows


def write_goods_table(folder, reference, *, drop_where: str = ""):
    """Write the table with DuckDB, one Parquet file per year (``goods_value_<YYYY>.parquet``).
    ``drop_where``: an SQL condition for rows to leave out."""
    import duckdb

    labels = {**GOODS_LABELS, **dict(zip(reference["unctad_code"],
                                         reference["country"].replace({"Czech Republic": "Czechia"})))}
    rows = [(y, e, labels[e], p, labels[p], f, {"01": "Imports", "02": "Exports"}[f], k, f"Product {k} (synthetic)",
             float(v)) for y, e, p, f, k, v in goods_rows(reference)]
    connection = duckdb.connect()
    connection.execute("""CREATE TABLE goods ("Year" INTEGER, "Economy" VARCHAR, "Economy Label" VARCHAR,
        "Partner" VARCHAR, "Partner Label" VARCHAR, "Flow" VARCHAR, "Flow Label" VARCHAR, "Product" VARCHAR,
        "Product Label" VARCHAR, "US$ at current prices in millions" DOUBLE)""")
    connection.executemany("INSERT INTO goods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    if drop_where:
        connection.execute(f"DELETE FROM goods WHERE {drop_where}")
    folder.mkdir(parents=True, exist_ok=True)
    for year in sorted(CHINA_REPORTS):
        connection.execute(f"""COPY (SELECT * FROM goods WHERE "Year" = {year} ORDER BY ALL)
                               TO '{folder / f"goods_value_{year}.parquet"}' (FORMAT PARQUET)""")
    return folder


@pytest.fixture(scope="module")
def goods(tmp_path_factory, reference):
    from culturaltrade.unctad_goods import open_goods_table

    return open_goods_table(write_goods_table(tmp_path_factory.mktemp("goods") / "goods_value", reference))


def goods_checks(goods, reference, crafts_years=(2017, 2022), **kwargs):
    partners = cee.match_partners(ct.load_dataset(cee.PARTNERS), reference, 2022)
    checks, details = cee.goods_stated_checks(goods, reference, ct.load_printed(cee.STATED), partners,
                                              ct.load_dataset(cee.PRODUCT_CODES), list(crafts_years), **kwargs)
    return checks.set_index("claim_id"), details


def test_the_members_unctad_codes_are_the_snapshots(reference):
    import csv

    with open(ROOT / "data/snapshots/unctad_services_countries.csv", encoding="utf-8") as handle:
        label_of = {row["Economy"]: row["Economy Label"] for row in csv.DictReader(handle)}
    for row in reference.itertuples():
        expected = "Czechia" if row.country == "Czech Republic" else row.country
        assert label_of[row.unctad_code] == expected, row.country
    codes = reference.set_index("iso3")["unctad_code"]
    assert (codes["POL"], codes["CZE"], codes["ROU"], codes["SVN"], codes["HUN"]) == ("616", "203", "642", "705", "348")


def test_group_codes_by_year_take_the_founding_members_before_2012(reference):
    groups = cee.unctad_members_by_year(reference, [2002, 2010, 2012, 2019, 2022, 2023])
    assert [len(groups[y]) for y in (2002, 2010, 2012, 2019, 2022, 2023)] == [16, 16, 16, 17, 16, 14]
    assert groups[2002] == groups[2010] == groups[2012]
    assert "300" not in groups[2010] and "300" in groups[2019]      # Greece joined in 2019
    assert "440" in groups[2010] and "440" not in groups[2022]      # Lithuania left in 2021
    assert {"233", "428"} <= set(groups[2022]) and not {"233", "428"} & set(groups[2023])  # Estonia, Latvia


def test_stated_values_register_their_other_readings():
    ledger = ct.Ledger(notebook=cee.NOTEBOOK, papers=[cee.PAPER])
    ids = cee.register_stated_values(ledger, ct.load_printed(cee.STATED))
    readings = [cid for cid in ledger.claims if "-READ-" in cid and cid.startswith("002-V-")]
    assert len(ids) == 12 and len(readings) == 8
    mirror = ledger.claims["002-V-TURNOVER-2017-READ-MIRROR"]
    assert mirror.reading_of == ledger.claims["002-V-TURNOVER-2017"].reading_of == "002-V-TURNOVER-2017"
    assert mirror.reported == "2.551" and "members' reports" in mirror.statement
    assert "China's own reports" in ledger.claims["002-V-TURNOVER-2017"].statement
    sums = ledger.claims["002-V-CRAFTS-SHARE-IMPORTS-READ-SHARE-OF-SUMS"]
    assert sums.reported == "86.8" and "summed over the years" in sums.statement
    assert ledger.claims["002-V-TOP5-PARTNER-SHARE-2022"].reading_of == ""  # one reading only


# --------------------------------------------------------------------------- creative services (§10)
def test_services_economy_is_refused_naming_the_parameter_and_close_names():
    assert cee.validate_services_economy("China") == "156"
    assert cee.validate_services_economy("Japan") == "392"
    with pytest.raises(ct.UnknownEconomyError, match=r"^parameter `services_economy`: unknown economy 'Korea'.*"
                                                      r"did you mean .*'Republic of Korea' \(410\)"):
        cee.validate_services_economy("Korea")
    with pytest.raises(ct.UnknownEconomyError, match=r"parameter `services_economy`: .*'Czechia' \(203\)"):
        cee.validate_services_economy("Czech Republic")
    with pytest.raises(ct.UnknownEconomyError, match=r"parameter `services_economy`: unknown economy 'Narnia'"):
        cee.validate_services_economy("Narnia")


def test_services_export_growth_hand_computed(reference):
    import csv

    growth = cee.services_export_growth(reference, (2018, 2023)).set_index("who")
    # data/snapshots/unctad_services_countries.csv, China (156), exports (02): 41140.333 (2018), 64705.437 (2023)
    assert growth.loc["China", "exports_start_usd_mn"] == pytest.approx(41140.333)
    assert growth.loc["China", "cagr_pct"] == pytest.approx(100 * ((64705.437 / 41140.333) ** (1 / 5) - 1))  # 9.47
    assert growth.loc["China", "cagr_pct"] < 10
    # the CEE group held fixed: the 14 members of 2023, summed from the CSV's rows here
    fixed = {"008", "070", "100", "191", "203", "300", "348", "499", "616", "642", "688", "703", "705", "807"}
    sums = {2018: 0.0, 2023: 0.0}
    with open(ROOT / "data/snapshots/unctad_services_countries.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Economy"] in fixed and row["Flow"] == "02" and int(row["Year"]) in sums:
                sums[int(row["Year"])] += float(row["US$ at current prices in millions"])
    assert growth.loc["CEE", "exports_start_usd_mn"] == pytest.approx(sums[2018])
    assert growth.loc["CEE", "cagr_pct"] == pytest.approx(100 * ((sums[2023] / sums[2018]) ** 0.2 - 1))
    assert growth.loc["CEE", "economy"].endswith("of 2023 (14, held fixed)")


def test_digital_share_of_creative_services_hand_computed():
    digital = cee.digital_services_shares(["World"], 2018, 2023)
    # data/snapshots/unctad_services_regional.csv, World (0000): SSFT 358035.759 + SINF 41437.39 of SCRE
    # 1024442.334 in 2018; SSFT 629103.5 + SINF 63327.921 of SCRE 1540631.258 in 2023
    start, end = 358035.759 + 41437.39, 629103.5 + 63327.921
    first = digital.set_index("year").loc[2018]
    assert first["digital_usd_mn"] == pytest.approx(start)
    assert first["share_pct"] == pytest.approx(100 * start / 1024442.334)  # 38.99
    change = cee.digital_services_change(digital, (2018, 2023)).iloc[0]
    assert change["change_pp"] == pytest.approx(100 * end / 1540631.258 - 100 * start / 1024442.334)  # +5.95
    assert change["part_of_growth_pct"] == pytest.approx(100 * (end - start) / (1540631.258 - 1024442.334))  # 56.75


def test_a_missing_part_makes_the_digital_share_missing():
    table = ct.load_services_by_region().copy()
    table.attrs = ct.load_services_by_region().attrs
    row = (table["Year"] == 2020) & (table["Economy"] == "0000") & (table["CreativeService"] == "SINF")
    table.loc[row, "US$ at current prices in millions"] = float("nan")
    digital = cee.digital_services_shares(["World"], 2019, 2021, table=table).set_index("year")
    assert math.isnan(digital.loc[2020, "share_pct"]) and not math.isnan(digital.loc[2021, "share_pct"])


# --------------------------------------------------------------------------- the bilateral table (§11)
def test_years_parameter():
    assert cee.parse_years("crafts_years", "2002-2022") == list(range(2002, 2023))
    assert cee.parse_years("crafts_years", "2022,2017") == [2017, 2022]
    assert cee.parse_years("crafts_years", 2017) == [2017]
    for bad, message in (("2022-2017", "is reversed"), ("twenty", "must be years"), ("1990-2000", "outside 1995-2024"),
                         ("2017,2017", "names a year twice"), (None, "must be years"), (True, "must be years")):
        with pytest.raises(ParameterError, match=rf"parameter `crafts_years`.*{message}"):
            cee.parse_years("crafts_years", bad)


def test_goods_table_parameter_refuses_a_missing_path_and_a_bad_layout(tmp_path, reference):
    import duckdb

    from culturaltrade.unctad_goods import GoodsLayoutError

    assert cee.open_goods_parameter("") is None and cee.open_goods_parameter(None) is None
    with pytest.raises(GoodsLayoutError, match=r"^parameter `goods_table`: .*nowhere: no such file or folder"):
        cee.open_goods_parameter(str(tmp_path / "nowhere"))
    bad = tmp_path / "bad.parquet"
    duckdb.connect().execute(f"""COPY (SELECT 2022 AS "Year", '156' AS "Economy") TO '{bad}' (FORMAT PARQUET)""")
    with pytest.raises(GoodsLayoutError) as caught:
        cee.open_goods_parameter(str(bad))
    assert str(caught.value).startswith(f"parameter `goods_table`: {bad}: missing column(s) ['Economy Label', ")
    with pytest.raises(ParameterError, match="parameter `goods_table` must be the path"):
        cee.open_goods_parameter(3)


def test_goods_regions_parameter(goods):
    assert cee.goods_regions_parameter({}, None) == {}
    assert cee.goods_regions_parameter(GOODS_REGIONS, goods) == {"East Asia": ["496"], "ASEAN": ["704"]}
    with pytest.raises(ParameterError, match="`goods_regions` names regions of `goods_table`: give `goods_table` too"):
        cee.goods_regions_parameter(GOODS_REGIONS, None)
    with pytest.raises(ct.UnknownEconomyError, match=r"^parameter `goods_regions`: unknown economy 'Vietnam'.*'Viet Nam' \(704\)"):
        cee.goods_regions_parameter({"ASEAN": ["Vietnam"]}, goods)
    with pytest.raises(ct.UnknownEconomyError, match="parameter `goods_regions`: economy 704 must be given as text"):
        cee.goods_regions_parameter({"ASEAN": [704]}, goods)
    with pytest.raises(ParameterError, match="must map a region's name to a list"):
        cee.goods_regions_parameter(["ASEAN"], goods)


def test_text_002_figures_from_the_generated_table_by_hand(goods, reference):
    checks, details = goods_checks(goods, reference)
    value = checks["recomputed"]
    # turnover: China's reports 2017 exports 1200+300+250+150+200+100+10×15 = 2350, imports 201 → 2551 (US$ million)
    assert value["002-V-TURNOVER-2017"] == pytest.approx(2.551)
    assert value["002-V-TURNOVER-2017-READ-MIRROR"] == pytest.approx((2350 + 50 + 201 + 9) / 1000)  # Poland's reports
    assert value["002-V-TURNOVER-2022"] == pytest.approx((4600 + 400) / 1000)
    assert value["002-V-TURNOVER-2022-READ-MIRROR"] == pytest.approx((4600 + 100 + 400 - 30 - 4) / 1000)
    # imports 2010, the 16 founding members: 30+10+15+5+10+2+10×1 = 82; the members' exports: Poland 38, not 30
    assert value["002-V-IMPORTS-FROM-CEE-2010"] == pytest.approx(82)
    assert value["002-V-IMPORTS-FROM-CEE-2010-READ-MIRROR"] == pytest.approx(90)
    assert "founding members" in checks.loc["002-V-IMPORTS-FROM-CEE-2010", "note"]
    assert value["002-V-IMPORTS-FROM-CEE-2022"] == pytest.approx(400)
    assert value["002-V-IMPORTS-FROM-CEE-2022-READ-MIRROR"] == pytest.approx(366)
    # shares 2022: 5000 of China's 230000 + 20000; members' reports 5066 (mirror: China's 5000) of their 50000
    assert value["002-V-SHARE-CEE-IN-CHINA-2022"] == pytest.approx(2.0)
    assert value["002-V-SHARE-CHINA-IN-CEE-2022"] == pytest.approx(100 * 5066 / 50000)
    assert value["002-V-SHARE-CHINA-IN-CEE-2022-READ-MIRROR"] == pytest.approx(10.0)
    for claim_id in ("002-V-SHARE-CEE-IN-CHINA-2002", "002-V-SHARE-CHINA-IN-CEE-2002",
                     "002-V-SHARE-CHINA-IN-CEE-2002-READ-MIRROR"):
        assert math.isnan(value[claim_id])
        assert checks.loc[claim_id, "note"] == "the table has no rows for 2002 (it covers 2010–2022)"
    # crafts (CER020): exports 90 % of 2350 in 2017 and 95 % of 4600 in 2022; imports 70 % of 201, 90 % of 400
    assert value["002-V-CRAFTS-SHARE-EXPORTS"] == pytest.approx((90 + 95) / 2)
    assert value["002-V-CRAFTS-SHARE-EXPORTS-READ-SHARE-OF-SUMS"] == pytest.approx(
        100 * (0.90 * 2350 + 0.95 * 4600) / (2350 + 4600))  # 93.31
    assert value["002-V-CRAFTS-SHARE-IMPORTS"] == pytest.approx((70 + 90) / 2)
    assert value["002-V-CRAFTS-SHARE-IMPORTS-READ-SHARE-OF-SUMS"] == pytest.approx(
        100 * (0.70 * 201 + 0.90 * 400) / (201 + 400))  # 83.31
    # partners 2022: Poland 2700, Romania 550, Czechia 450, Hungary 330, Slovenia 320 of 5000
    assert value["002-V-POLAND-PARTNER-SHARE-2022"] == pytest.approx(54.0)
    assert value["002-V-TOP5-PARTNER-SHARE-2022"] == pytest.approx(100 * 4350 / 5000)
    assert list(details["partners"]["partner_label"].iloc[:5]) == ["Poland", "Romania", "Czechia", "Hungary",
                                                                  "Slovenia"]
    assert value["002-Q-TOP5-PARTNERS-LARGEST"] == 0
    # products (X + M over 2017 and 2022): CER022 940+1840+40.2+120, CER023 2127.7, CER025 1510.2, CER010 565.3
    assert value["002-Q-PRIMARY-PRODUCTS-LARGEST"] == 0
    assert list(details["products"]["product"]) == ["CER022", "CER023", "CER025", "CER010", "CER021"]
    assert details["products"]["trade_usd_mn"].iloc[0] == pytest.approx(940 + 1840 + 40.2 + 120)
    assert (checks["note"].str.contains("missing").sum(), len(checks)) == (0, 22)


def undocumented_outputs(part: dict, names) -> list[str]:
    """The codebook lines (tables/datapackage/03_china_cee.json) of the outputs ``names`` that lack a
    description of the file, of a column or a number column's unit; an output not recorded is one too."""
    from culturaltrade.build import outputs

    recorded = {Path(r["path"]).stem: r for r in part["resources"]}
    return ([f"{name}: not in the codebook" for name in names if name not in recorded]
            + outputs.undocumented({"resources": [recorded[name] for name in names if name in recorded]}))


def test_the_goods_tables_are_documented_column_by_column(goods, reference):
    from culturaltrade import codebook

    checks, details = goods_checks(goods, reference)
    groups = {"CEE": cee.unctad_members_by_year(reference, [2022])[2022], "East Asia": ["496"], "ASEAN": ["704"]}
    frames = {"03_goods_recomputed": checks.reset_index().assign(verdict="reproduced"),
              "03_goods_tci": cee.goods_complementarity(goods, groups),
              **{f"03_goods_{name}": frame for name, frame in details.items()}}
    assert set(details) == {"trade", "shares", "partners", "crafts", "products"}
    entries = {"resources": [codebook.describe(Path(f"tables/{name}.csv"), frame, kind="table",
                                               **cee.CODEBOOK[name]) | {"path": f"{name}.csv"}
                             for name, frame in frames.items()]}  # describe refuses a column the frame lacks
    assert undocumented_outputs(entries, list(frames)) == []
    # every column of each frame is in its entry, and no entry describes a column its frame lacks
    for name, frame in frames.items():
        assert list(cee.CODEBOOK[name]["columns"]) == list(frame.columns), name


def test_crafts_years_outside_the_table_leave_the_averages_not_checkable(goods, reference):
    checks, _ = goods_checks(goods, reference, crafts_years=range(2016, 2018))
    note = checks.loc["002-V-CRAFTS-SHARE-EXPORTS", "note"]
    assert math.isnan(checks.loc["002-V-CRAFTS-SHARE-EXPORTS", "recomputed"])
    assert note == "the table has no rows for 2016 (it covers 2010–2022); set `crafts_years` to years it has"
    assert math.isnan(checks.loc["002-Q-PRIMARY-PRODUCTS-LARGEST", "recomputed"])


def test_a_missing_row_leaves_the_claim_not_checkable_unless_absent_means_zero(tmp_path, reference):
    from culturaltrade.unctad_goods import open_goods_table

    drop = """"Year" = 2022 AND "Economy" = '156' AND "Partner" = '008' AND "Flow" = '01' AND "Product" = 'CER000'"""
    table = open_goods_table(write_goods_table(tmp_path / "gap", reference, drop_where=drop))
    checks, _ = goods_checks(table, reference)
    assert math.isnan(checks.loc["002-V-TURNOVER-2022", "recomputed"])
    assert "missing: China–Albania imports CER000: no row" in checks.loc["002-V-TURNOVER-2022", "note"]
    assert checks.loc["002-V-TURNOVER-2017", "recomputed"] == pytest.approx(2.551)  # another year: untouched
    assert checks.loc["002-V-TURNOVER-2022-READ-MIRROR", "recomputed"] == pytest.approx(5.066)  # Albania's own row
    zero, _ = goods_checks(table, reference, absent_as_zero=True)
    assert zero.loc["002-V-TURNOVER-2022", "recomputed"] == pytest.approx((5000 - 4) / 1000)  # Albania's 4 taken as 0
    assert "absent rows taken as 0: China–Albania imports CER000: no row, taken as 0" in zero.loc[
        "002-V-TURNOVER-2022", "note"]


def test_tci_of_china_with_the_group_and_the_regions_by_hand(goods, reference):
    groups = {"CEE": cee.unctad_members_by_year(reference, [2022])[2022], "East Asia": ["496"], "ASEAN": ["704"]}
    tci = cee.goods_complementarity(goods, groups).set_index("group")
    # China's exports (.1 .1 .4 .2 .2) vs the members' imports (.2 .1 .3 .2 .2): Σ|d| = .2 → 90
    # the members' exports (.3 .1 .3 .2 .1) vs China's imports (.5 .1 .2 .1 .1): Σ|d| = .4 → 80
    assert (tci.loc["CEE", "tc_china_exports"], tci.loc["CEE", "tc_china_imports"]) == (pytest.approx(90),
                                                                                       pytest.approx(80))
    # Mongolia imports (.5 .1 .2 .1 .1): Σ|d| = .8 → 60; its exports (.1 .1 .4 .2 .2) vs China's imports → 60
    assert (tci.loc["East Asia", "tc_china_exports"], tci.loc["East Asia", "tc_china_imports"]) == (
        pytest.approx(60), pytest.approx(60))
    # Viet Nam imports (.3 .1 .3 .1 .2): Σ|d| = .4 → 80; exports (.4 .1 .2 .2 .1) vs China's imports: .2 → 90
    assert (tci.loc["ASEAN", "tc_china_exports"], tci.loc["ASEAN", "tc_china_imports"]) == (pytest.approx(80),
                                                                                           pytest.approx(90))
    # shares of China's 250000: CEE 5000, Mongolia 1000 + 250, Viet Nam 8000 + 2000
    assert list(tci["share_of_china_trade_pct"]) == pytest.approx([2.0, 0.5, 4.0])
    checks = cee.goods_tci_checks(tci.reset_index(), "CEE").set_index("claim_id")["recomputed"]
    assert checks["002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS"] == pytest.approx(90 - 80)
    assert checks["002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS"] == pytest.approx(80 - 90)
    assert checks["002-TCI-EASTASIA-ASEAN-LOWER"] == pytest.approx(90 - 80)  # ASEAN's imports side is higher
    assert checks["002-EASTASIA-ASEAN-LARGER-SHARE"] == pytest.approx(0.5 - 2.0)  # Mongolia's share is smaller


def test_the_table_tci_is_the_group_index_of_section_7(goods, reference):
    members = cee.unctad_members_by_year(reference, [2022])[2022]
    rows, totals = [], []
    for code in members:  # each member's own shares, weighted by its own totals, as §7 combines them
        shares = goods.tci_shares([code], 2022)
        for flow in ("export", "import"):
            rows += [{"country_iso3": code, "flow": flow, "product_code": p, "share": s}
                     for p, s in zip(shares["product"], shares[f"group_{flow}_share"])]
    for flow, code in (("export", "02"), ("import", "01")):
        for member in members:
            trade = goods.trade_with_group(["0000"], 2022, reporter=member)
            totals.append({"country_iso3": member, "flow": flow,
                           "total": trade[f"{'exports' if code == '02' else 'imports'}_usd_mn"].iloc[0]})
    china = goods.tci_shares(members, 2022)
    rows += [{"country_iso3": "156", "flow": flow, "product_code": p, "share": s}
             for flow in ("export", "import") for p, s in zip(china["product"], china[f"reporter_{flow}_share"])]
    section_7 = cee.group_complementarity(pd.DataFrame(rows), pd.DataFrame(totals), "156", members).set_index("direction")
    index = goods.tci(members, 2022)
    assert section_7.loc["156 exports vs group imports", "tc"] == pytest.approx(index["reporter_exports"])
    assert section_7.loc["group exports vs 156 imports", "tc"] == pytest.approx(index["reporter_imports"])


def test_tci_comparisons_need_the_regions(goods, reference):
    tci = cee.goods_complementarity(goods, {"CEE": cee.unctad_members_by_year(reference, [2022])[2022],
                                            "South Asia": ["496"]})
    checks = cee.goods_tci_checks(tci, "CEE").set_index("claim_id")
    assert checks.loc["002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS", "recomputed"] == pytest.approx(90 - 60)
    for claim_id in ("002-TCI-EASTASIA-ASEAN-LOWER", "002-EASTASIA-ASEAN-LARGER-SHARE"):
        assert math.isnan(checks.loc[claim_id, "recomputed"])
        assert "names no region 'East Asia' or 'ASEAN'" in checks.loc[claim_id, "note"]
    alone = cee.goods_tci_checks(tci[tci["group"] == "CEE"], "CEE").set_index("claim_id")
    assert math.isnan(alone.loc["002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS", "recomputed"])
    assert "name them with the parameter `goods_regions`" in alone.loc["002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS", "note"]


# --------------------------------------------------------------------------- the notebook's validation cell
def validation_namespace(parameters: dict) -> dict:
    """Run notebook 03's cells up to its validation cell in this process, ``parameters`` set
    right after the parameters cell (as papermill injects them); a kernel would cost more."""
    import json

    cells = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__notebook__"}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{NOTEBOOK}, cell {cell['id']}", "exec"), namespace)  # noqa: S102
            if "parameters" in cell["metadata"].get("tags", []):
                namespace.update(parameters)
            if cell["id"] == "validate-parameters":
                return namespace
    raise AssertionError("no validation cell")


@pytest.mark.parametrize("parameters, message", [
    ({"services_economy": "Korea"}, r"parameter `services_economy`: unknown economy 'Korea'.*'Republic of Korea' \(410\)"),
    ({"goods_table": "build/no-such-goods-table"}, r"parameter `goods_table`: .*no-such-goods-table: no such file"),
    ({"goods_regions": {"ASEAN": ["Viet Nam"]}}, r"`goods_regions` names regions of `goods_table`: give `goods_table`"),
    ({"crafts_years": "2022-2002"}, r"parameter `crafts_years`: the range '2022-2002' is reversed"),
    ({"goods_absent_as_zero": "yes"}, r"parameter `goods_absent_as_zero` must be one of \[False, True\]"),
])
def test_bad_parameters_are_refused_by_the_validation_cell(monkeypatch, parameters, message):
    monkeypatch.chdir(ROOT / "notebooks")
    with pytest.raises((ParameterError, ct.DataValidationError), match=message):
        validation_namespace(parameters)


def test_the_validation_cell_opens_a_goods_table(monkeypatch, tmp_path, reference):
    folder = write_goods_table(tmp_path / "goods_value", reference)
    monkeypatch.chdir(ROOT / "notebooks")
    namespace = validation_namespace({"goods_table": str(folder), "goods_regions": GOODS_REGIONS,
                                      "crafts_years": "2017,2022", "services_economy": "Japan"})
    assert namespace["goods"].years() == [2010, 2017, 2022]
    assert namespace["goods_regions"] == {"East Asia": ["496"], "ASEAN": ["704"]}
    assert (namespace["crafts_years"], namespace["services_economy"]) == ([2017, 2022], "392")


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
        cee.plot_services(pd.DataFrame({"series": ["China"] * 3, "year": [2018, 2019, 2021],
                                        "value_usd_bn": [41.1, 42.9, float("nan")]}),
                          pd.DataFrame({"series": ["World"] * 2, "year": [2018, 2019], "share_pct": [39.0, 39.9]}),
                          (2018, 2023)),
    ]
    for fig in figs:
        assert fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
        assert any("(" in ax.get_ylabel() + ax.get_xlabel() for ax in fig.axes)
    plt.close("all")


# --------------------------------------------------------------------------- the notebook (slow)
@pytest.mark.slow
def test_notebook_computes_tci_from_a_supplied_file(tmp_path):
    result = pipeline.run_notebook(NOTEBOOK, {"tci_shares_csv": "tests/fixtures/synthetic_tci_shares_valid.csv",
                                              "tci_totals_csv": "tests/fixtures/synthetic_tci_group_totals_valid.csv"},
                                   destination=tmp_path)
    assert "tables/03_tci_from_supplied_shares.csv" in result.written
    group = pd.read_csv(tmp_path / "tables/03_tci_group_from_supplied_shares.csv").set_index("direction")
    # hand-computed in tests/fixtures/README.md (and test_group_index_from_the_fixture_files)
    assert group.loc["CHN exports vs group imports", "tc"] == pytest.approx(77.5)
    assert group.loc["group exports vs CHN imports", "tc"] == pytest.approx(70.0)
    assert group.loc["CHN exports vs group imports", "n_members_used"] == 2
    tci = pd.read_csv(tmp_path / "tables/03_tci_from_supplied_shares.csv").set_index("country_iso3")
    assert tci.loc["POL", "tc_china_exports_vs_country_imports"] == pytest.approx(80.0)
    assert tci.loc["POL", "tc_country_exports_vs_china_imports"] == pytest.approx(60.0)
    assert tci.loc["HUN", "tc_china_exports_vs_country_imports"] == pytest.approx(10.0)
    assert tci.loc["HUN", "tc_country_exports_vs_china_imports"] == pytest.approx(50.0)
    assert tci.loc["POL", "country"] == "Poland"
    # the supplied shares never become claims
    claims = pd.read_csv(tmp_path / "tables/claims/03_china_cee.csv")
    assert not claims["claim_id"].str.contains("TCI-POL|TCI-HUN").any()
    # the optional tables are in the run's codebook, every column described (numbers with a unit)
    part = json.loads((tmp_path / "tables/datapackage/03_china_cee.json").read_text(encoding="utf-8"))
    assert undocumented_outputs(part, ["03_tci_from_supplied_shares", "03_tci_group_from_supplied_shares"]) == []


@pytest.mark.slow
def test_notebook_recomputes_text_002_from_a_generated_bilateral_table(tmp_path, reference):
    folder = write_goods_table(tmp_path / "downloads" / "goods_value", reference)
    result = pipeline.run_notebook(NOTEBOOK, {"goods_table": str(folder), "crafts_years": "2017,2022",
                                              "goods_regions": GOODS_REGIONS, "services_economy": "Japan"},
                                   destination=tmp_path / "run")
    assert "tables/03_goods_recomputed.csv" in result.written and "tables/03_goods_tci.csv" in result.written
    claims = pd.read_csv(tmp_path / "run/tables/claims/03_china_cee.csv", dtype=str, keep_default_na=False)
    claims = claims.set_index("claim_id")
    # every figure of the table worked out by hand above (test_text_002_figures_from_the_generated_table_by_hand):
    # claim id → (recomputed, verdict under the rules of culturaltrade.claims)
    expected = {
        "002-V-TURNOVER-2017": (2.551, "reproduced"),                       # = 2.551
        "002-V-TURNOVER-2017-READ-MIRROR": (2.610, "approximate"),          # 2.3 % off, within 5 %
        "002-V-TURNOVER-2022": (5.000, "approximate"),                      # 3.4 % off
        "002-V-TURNOVER-2022-READ-MIRROR": (5.066, "approximate"),
        "002-V-IMPORTS-FROM-CEE-2010": (82, "reproduced"),
        "002-V-IMPORTS-FROM-CEE-2010-READ-MIRROR": (90, "discrepancy"),     # 8 > 5 % of 82
        "002-V-IMPORTS-FROM-CEE-2022": (400, "discrepancy"),                # 34 > 5 % of 366
        "002-V-IMPORTS-FROM-CEE-2022-READ-MIRROR": (366, "reproduced"),
        "002-V-SHARE-CEE-IN-CHINA-2022": (2.0, "discrepancy"),              # 2.0 − 1.895 = 0.105 > 0.0945
        "002-V-SHARE-CHINA-IN-CEE-2022": (10.132, "approximate"),
        "002-V-SHARE-CHINA-IN-CEE-2022-READ-MIRROR": (10.0, "approximate"),
        "002-V-CRAFTS-SHARE-EXPORTS": (92.5, "approximate"),
        "002-V-CRAFTS-SHARE-EXPORTS-READ-SHARE-OF-SUMS": (100 * 6485 / 6950, "approximate"),
        "002-V-CRAFTS-SHARE-IMPORTS": (80.0, "discrepancy"),                # 86.75 − 80 = 6.75 > 4.34
        "002-V-CRAFTS-SHARE-IMPORTS-READ-SHARE-OF-SUMS": (100 * 500.7 / 601, "approximate"),  # 3.44 ≤ 4.34
        "002-V-TOP5-PARTNER-SHARE-2022": (87.0, "approximate"),
        "002-V-POLAND-PARTNER-SHARE-2022": (54.0, "approximate"),
        "002-Q-TOP5-PARTNERS-LARGEST": (0, "reproduced"),
        "002-Q-PRIMARY-PRODUCTS-LARGEST": (0, "reproduced"),
        "002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS": (10, "reproduced"),          # 90 − max(60, 80)
        "002-TCI-CEE-ABOVE-OTHER-BRI-IMPORTS": (-10, "discrepancy"),        # 80 − max(60, 90)
        "002-TCI-EASTASIA-ASEAN-LOWER": (10, "discrepancy"),                # ASEAN 90 against CEE 80
        "002-EASTASIA-ASEAN-LARGER-SHARE": (-1.5, "discrepancy"),           # Mongolia 0.5 % against CEE 2 %
    }
    for claim_id, (recomputed, verdict) in expected.items():
        row = claims.loc[claim_id]
        assert (float(row["recomputed"]), row["verdict"]) == (pytest.approx(recomputed), verdict), claim_id
        assert row["checked_in"] == "notebooks/03_china_cee.ipynb#bilateral"
    for claim_id in ("002-V-SHARE-CEE-IN-CHINA-2002", "002-V-SHARE-CHINA-IN-CEE-2002"):
        assert claims.loc[claim_id, "verdict"] == "not checkable"
        assert "no rows for 2002" in claims.loc[claim_id, "note"]
    assert claims.loc["002-V-CRAFTS-SHARE-IMPORTS", "readings_agree"] == "no"
    assert "not from UN Comtrade" in claims.loc["002-TCI-CEE-ABOVE-OTHER-BRI-EXPORTS", "note"]
    # the claims that do not need the table keep their verdicts
    assert claims.loc["002-IMPORTS-GROWTH-2010-2022", "verdict"] == "discrepancy"
    assert claims.loc["002-Q-DIGITAL-RAPID-GROWTH-CHINA", "verdict"] == "discrepancy"
    # services_economy: Japan beside China and the group
    services = pd.read_csv(tmp_path / "run/tables/03_services_cee_china.csv")
    assert list(dict.fromkeys(services["economy"])) == ["China", "Japan", cee.CEE_SERVICES_LABEL]
    # every table of the run (the goods tables too) is in its codebook, every column described
    part = json.loads((tmp_path / "run/tables/datapackage/03_china_cee.json").read_text(encoding="utf-8"))
    written = sorted(Path(path).stem for path in result.written if path.startswith("tables/03_"))
    assert {"03_goods_trade", "03_goods_shares", "03_goods_partners", "03_goods_crafts",
            "03_goods_products"} <= set(written)
    assert undocumented_outputs(part, written) == []


def test_a_goods_table_opened_for_the_notebook_draws_no_progress_bar(tmp_path, reference):
    table = cee.open_goods_parameter(str(write_goods_table(tmp_path / "g", reference)))
    settings = table._connection.execute("SELECT current_setting('enable_progress_bar'), "
                                         "current_setting('autoinstall_known_extensions')").fetchall()[0]
    assert settings == (False, False)
    import culturaltrade.unctad_goods as shared
    assert shared._connect.__module__ == "culturaltrade.unctad_goods"  # the shared helper is restored
