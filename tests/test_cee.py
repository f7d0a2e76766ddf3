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
