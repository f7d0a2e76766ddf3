"""Text 003: its dated claims, growth windows and bounds, source choice, scenario, goods balance
(hand-computed expectations)."""

import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from culturaltrade import claims, facts  # noqa: E402
from culturaltrade.texts import digital  # noqa: E402
from culturaltrade.build import pipeline  # noqa: E402
from culturaltrade.figures import plot_consecutive  # noqa: E402
from culturaltrade.params import ParameterError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table():
    return facts.load_facts()


def _rows(**columns):
    base = {"usable": True, "low_reliability": False, "threshold": False, "approximate": False}
    frame = pd.DataFrame(columns)
    for key, value in base.items():
        if key not in frame:
            frame[key] = value
    return frame


def test_default_choice_prefers_reliable_point_exact_and_precise():
    rows = _rows(fact_id=["A", "B", "C", "D"], value=["16.4", "163.66", "16.3", "163.7"],
                 approximate=[True, False, False, False])
    assert digital.default_choice(rows) == "B"          # most digits among exact values
    rows = _rows(fact_id=["A", "B"], value=["18", "17.9"], threshold=[True, False])
    assert digital.default_choice(rows) == "B"          # a point value beats 'more than'
    rows = _rows(fact_id=["A", "B"], value=["48.15", "50"], low_reliability=[True, False], threshold=[False, True])
    assert digital.default_choice(rows) == "B"          # reliability first
    with pytest.raises(ValueError):
        digital.default_choice(_rows(fact_id=["A"], value=["1"], usable=[False]))


def test_flags_read_only_the_rows_own_keywords(table):
    by_id = table.set_index("fact_id")
    assert by_id.loc["GAMES-OVERSEAS-2021", "threshold"]          # 'Threshold: more than $18 billion'
    assert by_id.loc["GAMES-OVERSEAS-2023-SHINE", "approximate"]  # 'Approximate: about 16.4'
    assert not by_id.loc["GAMES-OVERSEAS-2023", "approximate"]    # only quotes another page's 'about'
    assert by_id.loc["GAMES-OVERSEAS-2019-FORECAST", "forecast"]


def test_games_candidates_and_default_choices(table):
    games = digital.candidates(table, "games_overseas_revenue")
    unusable = set(games.loc[~games["usable"], "fact_id"])
    assert unusable == {"GAMES-OVERSEAS-2017-CNY", "GAMES-OVERSEAS-2020-CNY", "GAMES-OVERSEAS-2019-FORECAST"}
    chosen = digital.choose_sources(games, "games_overseas_revenue", {}).set_index("year")
    assert chosen.loc[2023, "fact_id"] == "GAMES-OVERSEAS-2023"        # 163.66 亿美元
    assert chosen.loc[2023, "amount_billion"] == pytest.approx(16.366)
    assert chosen.loc[2019, "amount_billion"] == pytest.approx(11.59)


def test_source_override_and_its_errors(table):
    games = digital.candidates(table, "games_overseas_revenue")
    chosen = digital.choose_sources(games, "games_overseas_revenue",
                                    {"games_overseas_revenue/2023": "GAMES-OVERSEAS-2023-CD"}).set_index("year")
    assert chosen.loc[2023, "amount_billion"] == pytest.approx(16.4)
    with pytest.raises(ParameterError, match="not a usable source for games_overseas_revenue/2023"):
        digital.choose_sources(games, "games_overseas_revenue", {"games_overseas_revenue/2023": "GAMES-OVERSEAS-2022"})
    with pytest.raises(ParameterError, match="no usable games_overseas_revenue figure for year '2015'"):
        digital.choose_sources(games, "games_overseas_revenue", {"games_overseas_revenue/2015": "X"})
    with pytest.raises(ParameterError, match="must be '<quantity>/<year>'"):
        digital.check_source_choice({"games/2023": "X"})


def test_window_cagrs_hand_case_and_errors():
    series = pd.Series({2010: 100.0, 2012: 121.0, 2013: 133.1})
    table = digital.window_cagrs(series, [[2010, 2012], [2010, 2013]], "w")
    assert table["cagr"].tolist() == pytest.approx([0.10, 0.10])
    with pytest.raises(ParameterError, match=r"`w`: window \[2010, 2011\] has no observation for \[2011\]"):
        digital.window_cagrs(series, [[2010, 2011]], "w")
    with pytest.raises(ParameterError, match="must start before it ends"):
        digital.window_cagrs(series, [[2012, 2010]], "w")
    with pytest.raises(ParameterError, match="non-empty list"):
        digital.window_cagrs(series, [], "w")


def test_scenario_fan_uses_min_median_max():
    fan = digital.scenario_fan(2024, 100.0, pd.Series([0.05, 0.10, 0.20]), 2026)
    assert fan["year"].tolist() == [2024, 2025, 2026]
    assert fan.iloc[0][["low", "central", "high"]].tolist() == [100.0, 100.0, 100.0]
    assert fan.iloc[-1]["low"] == pytest.approx(110.25)      # 100 × 1.05²
    assert fan.iloc[-1]["central"] == pytest.approx(121.0)   # 100 × 1.10²
    assert fan.iloc[-1]["high"] == pytest.approx(144.0)      # 100 × 1.20²
    with pytest.raises(ParameterError, match="`horizon_year` \\(2024\\) must be after the last observation"):
        digital.scenario_fan(2024, 100.0, pd.Series([0.1]), 2024)


def test_goods_balance_derives_2016_imports(table):
    goods = digital.trade_balance_table(table, digital.GOODS_FACTS).set_index("year")
    # 2016 prints exports 786.6 and total 885.2 亿美元 → imports 98.6 亿 = 9.86 bn
    assert goods.loc[2016, "imports"] == pytest.approx(9.86)
    assert goods.loc[2016, "balance"] == pytest.approx(goods.loc[2016, "balance_printed"])  # printed 688 亿
    # 2017: (88.19 − 8.93) / (88.19 + 8.93)
    assert goods.loc[2017, "ntb"] == pytest.approx(79.26 / 97.12)


def test_stated_vs_recomputed_growth():
    levels = pd.Series({2022: 100.0, 2023: 110.0})
    stated = pd.DataFrame({"year": [2023, 2022], "fact_id": ["a", "b"], "percent": [10.0, 5.0]})
    out = digital.stated_vs_recomputed_growth(levels, stated)
    assert out.loc[0, "recomputed_percent"] == pytest.approx(10.0)
    assert pd.isna(out.loc[1, "recomputed_percent"])  # 2021 missing: no recomputation


def test_plot_consecutive_breaks_at_gaps():
    fig, ax = plt.subplots()
    plot_consecutive(ax, [2016, 2017, 2018, 2023, 2024, 2030], [1, 2, 3, 4, 5, 6], label="s")
    segments = [line.get_xdata().tolist() for line in ax.get_lines()]
    assert segments == [[2016, 2017, 2018], [2023, 2024]]       # 2030 alone: no line
    assert [line.get_label() for line in ax.get_lines()].count("s") == 1
    plt.close(fig)


@pytest.mark.slow
def test_other_parameters_rerun_cleanly_and_move_the_windows(tmp_path):
    pipeline.run_notebook("notebooks/04_digital_outlook.ipynb", {
        "horizon_year": 2035, "source_choice": {"games_overseas_revenue/2023": "GAMES-OVERSEAS-2023-CD"},
        "plan_start_year": 2022, "rapid_growth_cagr": 0.03}, destination=tmp_path)
    paths = pd.read_csv(tmp_path / "tables/04_scenario_paths.csv")
    assert paths["year"].max() == 2035
    sources = pd.read_csv(tmp_path / "tables/04_games_sources.csv")
    used_2023 = sources[(sources["year"] == 2023) & sources["choice"].notna()]
    assert used_2023["fact_id"].tolist() == ["GAMES-OVERSEAS-2023-CD"]
    ledger = pd.read_csv(tmp_path / "tables/claims/04_digital_outlook.csv", dtype=str, keep_default_na=False)
    ledger = ledger.set_index("claim_id")
    # games within a plan starting in 2022: (18.557 / 17.346)^(1/2) - 1 = 3.43 % a year > 3 %
    games = ledger.loc["003-Q-ENGINE-GAMES-READ-WITHIN-PLAN-YEARS"]
    assert (games["threshold"], games["verdict"]) == ("> 3", "reproduced")
    assert float(games["recomputed"]) == pytest.approx(3.432, abs=1e-3)
    # the facts give no cultural-trade total for two years of 2022-2026, nor a growth for 2022
    assert ledger.loc["003-Q-SCALE-READ-WITHIN-PLAN-YEARS", "verdict"] == "not checkable"
    assert ledger.loc["003-Q-SCALE-READ-FIRST-PLAN-YEAR", "verdict"] == "not checkable"
    qualitative = ledger[ledger["kind"] == "qualitative"]
    assert len(qualitative) > 0 and (qualitative["reported"] == "").all()


def test_market_shares_derive_the_rest(table):
    shares = digital.market_shares(table).set_index(["year", "market"])["share"]
    # 2020: US 27.55 + Japan 23.91 + Korea 8.81 = 60.27, which the facts also print as the combined share
    assert shares[(2020, digital.OTHER_MARKETS)] == pytest.approx(100 - 60.27)
    assert float(facts.fact(table, "GAMES-OVERSEAS-MOBILE-SHARE-US-JP-KR-2020")["value"]) == pytest.approx(
        100 - shares[(2020, digital.OTHER_MARKETS)])


# --------------------------------------------------------------------------- text 003's claims
def test_literature_revenue_and_market_size_are_separate_quantities(table):
    revenue = digital.candidates(table, "online_literature_overseas_revenue")
    market = digital.candidates(table, "online_literature_overseas_market")
    assert set(revenue["fact_id"]) == {"ONLINELIT-OVERSEAS-REV-2018-CADPA", "ONLINELIT-OVERSEAS-REV-2021-CADPA",
                                       "ONLINELIT-OVERSEAS-REV-2024-CWA"}     # no growth rate, no garbled page
    assert set(market["year"]) == {2021, 2022, 2023, 2024} and market["threshold"].all()   # all 'more than'


def test_days_before_the_article():
    assert digital.days_before_article("2025-11-09") == 30      # 9 Nov to 9 Dec
    # 2024-08-20 -> 2025-08-20: 365 days (no 29 February in between); 20 Aug -> 9 Dec: 11 + 30 + 31 + 30 + 9 = 111
    assert digital.days_before_article("2024-08-20") == 365 + 111
    assert digital.days_before_article("2025-12-09") == 0


def test_the_fta_facts_give_version_three_and_both_named_areas(table):
    version = digital.acfta_version_signed(table)
    assert version == {"signed": "2025-10-28", "version": 3,
                       "earlier": ["EVENT-ACFTA1-FULLY-IMPLEMENTED", "EVENT-ACFTA2-EFFECTIVE"]}
    assert digital.acfta3_areas_named(table) == ["digital economy", "supply chain cooperation"]


def test_levels_keep_the_rounding_and_the_more_than(table):
    level = digital.level(table, "GAMES-OVERSEAS-2024")              # 185.57 亿美元
    assert (level.amount, level.low, level.high) == pytest.approx((18.557, 18.5565, 18.5575))
    assert not level.more_than
    bound = digital.level(table, "GAMES-OVERSEAS-2021")              # 'more than $18 billion'
    assert bound.more_than and bound.low == bound.high == 18
    before = digital.level_before_growth(table, "ONLINELIT-OVERSEAS-REV-2021-CADPA", digital.LITERATURE_GROWTH_2021)
    assert before.year == 2020
    assert before.amount == pytest.approx(2.905 / 1.753)             # 29.05 亿元 after +75.3 %
    assert before.low == pytest.approx(2.9045 / 1.7535) and before.high == pytest.approx(2.9055 / 1.7525)


def _level(year, amount, more_than=False, half=0.0):
    return digital.Level(year, amount, amount - half, amount + half, f"L{year}", more_than)


def test_window_growth_and_when_a_bound_settles_the_verdict():
    growth = digital.window_growth(_level(2020, 100.0, half=0.5), _level(2022, 121.0, half=0.5))
    assert growth["point"] == pytest.approx(10.0) and growth["bound"] == "point"
    assert growth["low"] == pytest.approx((math.sqrt(120.5 / 100.5) - 1) * 100)
    assert digital.settled_value(growth, "greater_than", 5) == (growth["low"], growth["high"])
    total = digital.window_growth(_level(2019, 80.0), _level(2023, 100.0), annual=False)
    assert total["point"] == pytest.approx(25.0) and total["years"] == 4
    # start 'more than': the growth is at most the point
    upper = digital.window_growth(_level(2021, 18.0, more_than=True), _level(2024, 18.557))
    assert upper["bound"] == "upper bound" and upper["point"] == pytest.approx(((18.557 / 18) ** (1 / 3) - 1) * 100)
    assert digital.settled_value(upper, "greater_than", 10) == upper["point"]      # at most 1.02 %: below 10
    assert digital.settled_value(upper, "greater_than", 0.5) is None               # at most 1.02 % says nothing here
    assert claims.judge("10", digital.settled_value(upper, "greater_than", 10), "greater_than",
                        approximate="none") == "discrepancy"
    # end 'more than': at least the point
    lower = digital.window_growth(_level(2021, 2.905), _level(2024, 5.0, more_than=True))
    assert lower["bound"] == "lower bound"
    assert digital.settled_value(lower, "greater_than", 10) == lower["point"]      # at least 19.8 %
    assert digital.settled_value(lower, "greater_than", 25) is None
    assert digital.settled_value(lower, "less_than", 10) == lower["point"]         # at least 19.8: not below 10
    both = digital.window_growth(_level(2021, 3.0, more_than=True), _level(2024, 5.0, more_than=True))
    assert digital.settled_value(both, "greater_than", 10) is None
    assert "at most" in digital.growth_arithmetic(upper) and "18+" in digital.growth_arithmetic(upper)
    with pytest.raises(ValueError, match="run forward"):
        digital.window_growth(_level(2024, 1.0), _level(2021, 2.0))


def test_share_changes_and_the_largest_step():
    a, b, c = _level(2020, 60.27, half=0.015), _level(2023, 59.56, half=0.015), _level(2024, 57.27, half=0.015)
    change = digital.share_change(a, c)
    assert change["point"] == pytest.approx(-3.0) and change["high"] == pytest.approx(-2.97)
    step = digital.largest_step([a, b, c])
    assert step["point"] == pytest.approx(-0.71)           # 2020→2023 -0.71 > 2023→2024 -2.29
    assert step["high"] == pytest.approx(-0.68)
    assert digital.growth_arithmetic(step).startswith("largest of (2020→2023: -0.71, 2023→2024: -2.29)")


def test_listed_markets_share_sums_the_printed_shares(table):
    top3 = digital.listed_markets_share(table)
    assert top3[2020].amount == pytest.approx(27.55 + 23.91 + 8.81)
    printed = facts.fact(table, "GAMES-OVERSEAS-MOBILE-SHARE-US-JP-KR-2020")["value"]   # the combined share, printed
    assert top3[2020].amount == pytest.approx(float(printed))
    assert (top3[2020].low, top3[2020].high) == pytest.approx((60.255, 60.285))


def test_growth_sources_leave_unsettled_sources_without_a_value(table):
    goods = digital.window_growth(digital.level(table, "MOFCOM-GOODS-TOTAL-2021"),
                                  digital.level(table, "MOFCOM-GOODS-TOTAL-2023"), annual=False)
    rows = digital.growth_sources(table, {"MOFCOM-GOODS-TOTAL-2021": goods, "MOFCOM-CULT-TRADE-TOTAL-2021-CN": None},
                                  "greater_than", 0).set_index("fact_id")
    assert rows.loc["MOFCOM-GOODS-TOTAL-2021", "value"] == pytest.approx((166.36 / 200 - 1) * 100)   # at most -16.82 %
    assert math.isnan(rows.loc["MOFCOM-CULT-TRADE-TOTAL-2021-CN", "value"])
    assert rows.loc["MOFCOM-CULT-TRADE-TOTAL-2021-CN", "arithmetic"] == "not the same measure"


def test_check_growth_records_a_qualitative_verdict_with_its_arithmetic():
    ledger = claims.Ledger(notebook=digital.NOTEBOOK, papers=[digital.PAPER])
    ledger.register(digital.qualitative_claim("003-Q-TEST-GROWTH", "paragraph 1, sentence 5", "grew rapidly", "10",
                                              "% per year"))
    claim = ledger.claims["003-Q-TEST-GROWTH"]
    assert (claim.kind, claim.reported, claim.threshold) == ("qualitative", "", "10")
    upper = digital.window_growth(_level(2021, 18.0, more_than=True), _level(2024, 18.557))
    assert digital.check_growth(ledger, "003-Q-TEST-GROWTH", upper, section="engines") == "discrepancy"
    row = ledger.table().set_index("claim_id").loc["003-Q-TEST-GROWTH"]
    assert row["threshold"] == "> 10" and row["reported"] == "" and "^(1/3)" in row["note"]
    ledger.register(digital.qualitative_claim("003-Q-TEST-UNSETTLED", "s", "grew", "0.5", "% per year"))
    assert digital.check_growth(ledger, "003-Q-TEST-UNSETTLED", upper, section="engines") == "not checkable"


def test_the_registry_holds_every_token_claim_and_no_threshold_as_a_printed_number():
    registry = pd.read_csv(ROOT / "data/claims/003_47e3faef388c34a8.claims.csv", dtype=str, keep_default_na=False)
    tokens = pd.read_csv(ROOT / "data/claims/003_47e3faef388c34a8.tokens.csv", dtype=str, keep_default_na=False)
    named = {cid for ids in tokens["claims"] if ids for cid in ids.split("; ")}
    assert named <= set(registry["claim_id"])
    qualitative = registry[registry["kind"] == "qualitative"]
    assert (qualitative["reported"] == "").all() and (qualitative["threshold"] != "").all()
    assert set(registry["notebook"]) == {digital.NOTEBOOK}


def test_the_notebook_refuses_a_plan_start_outside_the_facts(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    cells = json.loads((ROOT / "notebooks/04_digital_outlook.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace = {"__name__": "__notebook__"}
    with pytest.raises(ParameterError, match="parameter `plan_start_year` must be between 2019 and 2023, got 2030"):
        for cell in cells:
            if cell["cell_type"] == "code":
                exec(compile("".join(cell["source"]), cell["id"], "exec"), namespace)  # noqa: S102
                if "parameters" in cell["metadata"].get("tags", []):
                    namespace["plan_start_year"] = 2030
                if cell["id"] == "validate-parameters":
                    break


def test_plot_scale_marks_the_lower_bound():
    points = pd.DataFrame({"year": [2019, 2021, 2023], "value": [111.45, 200.0, 166.36],
                           "more_than": [False, True, False], "label": ["g", "b", "g"]})
    fig = digital.plot_scale(points, 2021)
    ax = fig.axes[0]
    assert "(US$ billion)" in ax.get_ylabel() and ax.get_title()
    assert any(text.get_text() == "> 200" for text in ax.texts)
    plt.close(fig)


# --------------------------------------------------------------------------- creative services (UNCTAD)
# China (code 156), exports, US$ million, as the rows of data/snapshots/unctad_services_countries.csv print them
CHINA_EXPORTS = {2015: 26678.766, 2020: 53487.362, 2021: 60593.648, 2024: 72045.257}


@pytest.fixture(scope="module")
def by_economy():
    from culturaltrade import unctad

    return unctad.load_services_by_economy()


def test_the_services_windows_follow_the_plan_start():
    assert digital.services_windows(2021, 2025, 2024) == {
        "BEFORE-PLAN": (2015, 2020), "SINCE-PLAN-START": (2020, 2024), "WITHIN-PLAN-YEARS": (2021, 2024)}
    # a later plan start moves every window; the end stays at the table's last year
    assert digital.services_windows(2023, 2027, 2024) == {
        "BEFORE-PLAN": (2017, 2022), "SINCE-PLAN-START": (2022, 2024), "WITHIN-PLAN-YEARS": (2023, 2024)}
    # a plan that ends before the table does ends its windows with the plan
    assert digital.services_windows(2016, 2020, 2024)["SINCE-PLAN-START"] == (2015, 2020)


def test_china_creative_services_growth_by_hand(by_economy):
    from culturaltrade import unctad

    levels = digital.services_levels(unctad.services_trade("China", table=by_economy))
    assert {year: levels[year].amount for year in CHINA_EXPORTS} == pytest.approx(
        {year: value / 1000 for year, value in CHINA_EXPORTS.items()})
    growths = digital.services_growths(levels, digital.services_windows(2021, 2025, 2024))
    # (53,487.362 / 26,678.766)^(1/5) = 2.00487^0.2 = 1.1493; (72,045.257 / 53,487.362)^(1/4) = 1.34696^0.25 = 1.0773;
    # (72,045.257 / 60,593.648)^(1/3) = 1.18899^(1/3) = 1.0594
    assert growths["BEFORE-PLAN"]["point"] == pytest.approx(14.93, abs=0.005)
    assert growths["SINCE-PLAN-START"]["point"] == pytest.approx(7.73, abs=0.005)
    assert growths["WITHIN-PLAN-YEARS"]["point"] == pytest.approx(5.94, abs=0.005)
    gap = digital.growth_gap(growths["SINCE-PLAN-START"], growths["BEFORE-PLAN"])
    assert gap["point"] == pytest.approx(7.73 - 14.93, abs=0.01) and gap["low"] == gap["high"] == gap["point"]
    assert digital.growth_arithmetic(gap) == "7.73 % (2020→2024) − 14.93 % (2015→2020) = -7.20 pp"
    table = digital.services_window_table(growths, digital.services_windows(2021, 2025, 2024)).set_index("window")
    assert table.loc["BEFORE-PLAN", ["from", "to", "years"]].tolist() == [2015, 2020, 5]
    assert table.loc["SINCE-PLAN-START", "start_usd_bn"] == pytest.approx(53.487362)


def test_services_levels_leave_a_missing_year_out_and_a_missing_end_leaves_no_growth():
    trade = pd.DataFrame({"year": [2019, 2020, 2021], "economy": "X", "exports_usd_mn": [100.0, math.nan, 121.0]})
    levels = digital.services_levels(trade)
    assert sorted(levels) == [2019, 2021] and levels[2021].amount == pytest.approx(0.121)
    growths = digital.services_growths(levels, {"A": (2019, 2021), "B": (2020, 2021)})
    assert growths["A"]["point"] == pytest.approx(10.0) and growths["B"] is None
    table = digital.services_window_table(growths, {"A": (2019, 2021), "B": (2020, 2021)}).set_index("window")
    assert math.isnan(table.loc["B", "cagr_pct"]) and table.loc["B", "arithmetic"] == "no value at an end of the window"
    with pytest.raises(ValueError, match="one economy"):
        digital.services_levels(pd.DataFrame({"year": [2020, 2020], "economy": ["X", "Y"], "exports_usd_mn": [1.0, 2.0]}))


def test_a_gap_between_growth_rates_needs_point_values():
    point = digital.window_growth(_level(2015, 100.0), _level(2020, 200.0))
    bound = digital.window_growth(_level(2020, 18.0, more_than=True), _level(2024, 20.0))
    with pytest.raises(ValueError, match="point values"):
        digital.growth_gap(bound, point)


def test_the_economy_parameter_names_itself_and_close_labels(by_economy):
    from culturaltrade.unctad import UnknownEconomyError

    assert digital.check_economy("china", by_economy) == ("156", "China")
    assert digital.check_economy("410", by_economy) == ("410", "Republic of Korea")
    with pytest.raises(UnknownEconomyError, match=r"parameter `economy`: unknown economy 'Korea'.*'Republic of Korea' \(410\)"):
        digital.check_economy("Korea", by_economy)
    with pytest.raises(UnknownEconomyError, match="parameter `economy`: economy 156 must be given as text"):
        digital.check_economy(156, by_economy)


def test_the_notebook_refuses_an_unknown_economy_before_any_output(monkeypatch):
    from culturaltrade.unctad import UnknownEconomyError

    monkeypatch.chdir(ROOT / "notebooks")
    cells = json.loads((ROOT / "notebooks/04_digital_outlook.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace = {"__name__": "__notebook__"}
    with pytest.raises(UnknownEconomyError, match=r"parameter `economy`: unknown economy 'Hong Kong'.*"
                                                  r"'China, Hong Kong SAR' \(344\)"):
        for cell in cells:
            if cell["cell_type"] == "code":
                exec(compile("".join(cell["source"]), cell["id"], "exec"), namespace)  # noqa: S102
                if "parameters" in cell["metadata"].get("tags", []):
                    assert namespace["economy"] == "China"  # the default
                    namespace["economy"] = "Hong Kong"
                if cell["id"] == "validate-parameters":
                    break


def test_the_services_readings_state_their_windows_and_thresholds():
    windows = digital.services_windows(2021, 2025, 2024)
    faster = digital.services_reading_claim("FASTER-SINCE-PLAN-START", windows, "10", "s5", "grew rapidly")
    rapid = digital.services_reading_claim("RAPID-WITHIN-PLAN-YEARS", windows, "10", "s5", "grew rapidly")
    assert (faster.kind, faster.reported, faster.threshold, faster.comparison) == ("qualitative", "", "0", "greater_than")
    assert "2020-2024" in faster.note and "2015-2020" in faster.note and "mostly research and development" in faster.note
    assert (rapid.threshold, rapid.unit) == ("10", "% per year") and "2021-2024" in rapid.note
    assert faster.reading_of == rapid.reading_of == digital.SERVICES_BASE
    ledger = claims.Ledger(notebook=digital.NOTEBOOK, papers=[digital.PAPER])
    ledger.register(faster)
    ledger.register(rapid)
    before = digital.window_growth(_level(2015, 26.678766), _level(2020, 53.487362))
    since = digital.window_growth(_level(2020, 53.487362), _level(2024, 72.045257))
    within = digital.window_growth(_level(2021, 60.593648), _level(2024, 72.045257))
    assert digital.check_growth(ledger, faster.claim_id, digital.growth_gap(since, before), section="services") == "discrepancy"
    assert digital.check_growth(ledger, rapid.claim_id, within, section="services") == "discrepancy"   # 5.94 % < 10 %
    ledger2 = claims.Ledger(notebook=digital.NOTEBOOK, papers=[digital.PAPER])
    ledger2.register(digital.services_reading_claim("RAPID-WITHIN-PLAN-YEARS", windows, "5", "s5", "grew rapidly"))
    assert digital.check_growth(ledger2, rapid.claim_id, within, section="services") == "reproduced"  # 5.94 % > 5 %


def test_service_mix_by_hand():
    from culturaltrade import unctad

    shares = unctad.service_group_shares(["Asia"], 2024, 2024)
    mix = digital.service_mix(shares, [2024]).iloc[0]
    # Asia 2024 (data/snapshots/unctad_services_regional.csv): SCRE 421,458.478; SRND 90,000.405; SSFT 177,730.147;
    # SAUV 25,828.562; SCRH 2,566.032 (US$ million)
    assert mix["rnd_and_software_pct"] == pytest.approx((90000.405 + 177730.147) / 421458.478 * 100)   # 63.5 %
    assert mix["audiovisual_pct"] == pytest.approx(25828.562 / 421458.478 * 100)                       # 6.1 %
    assert mix["cultural_heritage_pct"] == pytest.approx(2566.032 / 421458.478 * 100)                  # 0.6 %
    assert mix["audiovisual_usd_bn"] == pytest.approx(25.828562)
    audiovisual = digital.region_levels(shares, "Asia", digital.AUDIOVISUAL)
    assert list(audiovisual) == [2024] and audiovisual[2024].amount == pytest.approx(25.828562)


def test_an_index_needs_a_point_value_in_its_base_year():
    levels = {2020: _level(2020, 50.0), 2021: _level(2021, 60.0, more_than=True), 2023: _level(2023, 75.0)}
    index = digital.indexed(levels, 2020, 2023)
    assert index["year"].tolist() == [2020, 2021, 2023]
    assert index["index"].tolist() == pytest.approx([100.0, 120.0, 150.0])
    assert index["more_than"].tolist() == [False, True, False]
    assert digital.indexed(levels, 2021, 2023).empty      # 'more than' in the base year: nothing to index on
    assert digital.indexed(levels, 2022, 2023).empty      # no value in the base year


def test_the_services_figure_has_both_panels_and_the_windows():
    plotted = pd.DataFrame({
        "panel": ["exports"] * 3 + ["index"] * 4, "series": ["x"] * 3 + ["x"] * 2 + ["threshold: 10 %"] * 2,
        "year": [2019, 2020, 2024, 2020, 2024, 2020, 2024], "value": [40.0, 50.0, 70.0, 100.0, 140.0, 100.0, 146.4],
        "more_than": False})
    windows = pd.DataFrame({"window": ["BEFORE-PLAN", "SINCE-PLAN-START", "WITHIN-PLAN-YEARS"], "from": [2015, 2020, 2021],
                            "to": [2020, 2024, 2024], "cagr_pct": [14.93, 8.78, math.nan]})
    fig = digital.plot_services_beside_engines(plotted, windows, 2021, "China")
    left, right = fig.axes
    assert "(US$ billion)" in left.get_ylabel() and right.get_ylabel() == "Index (2020 = 100)"
    shown = {text.get_text() for text in left.texts}
    assert {"14.9 % a year", "8.8 % a year", "no value"} <= shown
    legend = [text.get_text() for text in left.get_legend().get_texts()]
    assert legend[0] == "before the plan, 2015→2020: CAGR 14.9 % a year"
    assert any(text.get_text() == "threshold: 10 %" for text in right.get_legend().get_texts())
    plt.close(fig)


@pytest.mark.slow
def test_another_economy_reruns_the_services_section_and_leaves_the_claims_unjudged(tmp_path):
    pipeline.run_notebook("notebooks/04_digital_outlook.ipynb", {"economy": "Republic of Korea"}, destination=tmp_path)
    windows = pd.read_csv(tmp_path / "tables/04_creative_services_windows.csv").set_index("window")
    assert set(windows["economy"]) == {"Republic of Korea"}
    # Republic of Korea (410), exports: 8,383.007 (2015), 13,537.093 (2020), 21,657.892 (2024), US$ million
    assert windows.loc["BEFORE-PLAN", "cagr_pct"] == pytest.approx(((13537.093 / 8383.007) ** (1 / 5) - 1) * 100)  # 10.06
    assert windows.loc["SINCE-PLAN-START", "cagr_pct"] == pytest.approx(((21657.892 / 13537.093) ** (1 / 4) - 1) * 100)
    drawn = pd.read_csv(tmp_path / "figures/04_creative_services.csv")
    assert drawn.loc[drawn["panel"] == "exports", "series"].str.contains("Republic of Korea").all()
    ledger = pd.read_csv(tmp_path / "tables/claims/04_digital_outlook.csv", dtype=str, keep_default_na=False)
    services = ledger[ledger["reading_of"] == digital.SERVICES_BASE]
    assert len(services) == 3 and (services["verdict"] == "not checkable").all()
    assert services["note"].str.contains("text 003 speaks of China; this run measures Republic of Korea").all()


@pytest.mark.slow
def test_an_unknown_economy_fails_the_run_and_writes_nothing():
    import subprocess
    import sys

    out = ROOT / "build" / "bad-economy-04"
    result = subprocess.run([sys.executable, "-m", "culturaltrade.build.pipeline", "run",
                             "notebooks/04_digital_outlook.ipynb", "-p", "economy", "Narnia", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout
    assert "UnknownEconomyError: parameter `economy`: unknown economy 'Narnia'" in result.stderr
    assert "did you mean 'Armenia' (051)" in result.stderr
    assert "nothing was written" in result.stderr and not out.exists()


def test_the_codebook_describes_every_output_column_and_the_unit_of_every_decimal_column():
    written = {p.stem for folder in ("tables", "figures") for p in (ROOT / folder).glob("04_*.csv")}
    assert set(digital.CODEBOOK) == written
    for name, doc in digital.CODEBOOK.items():
        folder = "figures" if (ROOT / "figures" / f"{name}.png").exists() else "tables"
        frame = pd.read_csv(ROOT / folder / f"{name}.csv")
        assert len(doc["description"]) > 40, name
        assert set(doc["columns"]) == set(frame.columns), name
        for column, described in doc["columns"].items():
            text, unit = described if isinstance(described, tuple) else (described, "")
            assert len(text) > 10, (name, column)
            if pd.api.types.is_float_dtype(frame[column]) and frame[column].notna().any():  # blank: no type
                assert unit, f"{name}.{column} holds decimals: it needs a unit"
