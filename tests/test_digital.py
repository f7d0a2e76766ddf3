"""Text 003: source choice, windows, scenario, goods balance (hand-computed expectations)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from culturaltrade import facts  # noqa: E402
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
def test_other_horizon_and_source_choice_rerun_cleanly(tmp_path):
    pipeline.run_notebook("notebooks/04_digital_outlook.ipynb", {
        "horizon_year": 2035, "source_choice": {"games_overseas_revenue/2023": "GAMES-OVERSEAS-2023-CD"}},
        destination=tmp_path)
    paths = pd.read_csv(tmp_path / "tables/04_scenario_paths.csv")
    assert paths["year"].max() == 2035
    sources = pd.read_csv(tmp_path / "tables/04_games_sources.csv")
    used_2023 = sources[(sources["year"] == 2023) & sources["choice"].notna()]
    assert used_2023["fact_id"].tolist() == ["GAMES-OVERSEAS-2023-CD"]


def test_market_shares_derive_the_rest(table):
    shares = digital.market_shares(table).set_index(["year", "market"])["share"]
    # 2020: US 27.55 + Japan 23.91 + Korea 8.81 = 60.27, which the facts also print as the combined share
    assert shares[(2020, digital.OTHER_MARKETS)] == pytest.approx(100 - 60.27)
    assert float(facts.fact(table, "GAMES-OVERSEAS-MOBILE-SHARE-US-JP-KR-2020")["value"]) == pytest.approx(
        100 - shares[(2020, digital.OTHER_MARKETS)])
