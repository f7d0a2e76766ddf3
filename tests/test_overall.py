"""Text 000: reading the print of Tables I and II."""

import math
from pathlib import Path

import pandas as pd
import pytest

from conftest import changed_since_the_manifest
import culturaltrade as ct
from culturaltrade.texts import overall


@pytest.fixture
def table1_raw():
    return ct.load_dataset(overall.TABLE1)


def test_parse_printed_number_handles_the_hours_mark():
    assert overall.parse_printed_number("31109时") == (31109.0, "printed '31109时': stray 时 (hours) removed")
    assert overall.parse_printed_number("14323.10") == (14323.10, "")
    value, note = overall.parse_printed_number("")
    assert math.isnan(value) and note == ""


def test_short_rows_have_one_placement_that_fits_the_totals(table1_raw):
    candidates, chosen = overall.place_short_rows(table1_raw)
    assert len(candidates) == 36  # 6 ways for each of the two short rows
    assert candidates["fits_printed_totals"].sum() == 1
    assert chosen == {
        "electronic_publications": ("export_quantity", "export_amount"),
        "digital_publications": ("export_amount", "import_amount"),
    }


def test_placement_fails_loudly_when_the_totals_do_not_fit(project_data):
    path = project_data / "data" / "raw" / f"{overall.TABLE1}.csv"
    path.write_text(path.read_text().replace("13963.68", "13999.99"))
    with pytest.raises(ValueError, match="0 placements"):
        overall.place_short_rows(ct.load_dataset(overall.TABLE1))


def test_tidy_table1_keeps_blanks_missing_and_sums_to_the_printed_totals(table1_raw):
    _, chosen = overall.place_short_rows(table1_raw)
    tidy = overall.tidy_table1(table1_raw, chosen).set_index("product")
    assert math.isnan(tidy.loc["electronic_publications", "import_amount"])
    assert tidy.loc["tv_programmes", "import_quantity"] == 31109.0
    assert "时" in tidy.loc["tv_programmes", "note"]
    # the printed totals (13963.68 and 70449.95) are independent of the rows
    assert tidy["export_amount"].sum() == pytest.approx(13963.68, abs=0.005)
    assert tidy["import_amount"].sum() == pytest.approx(70449.95, abs=0.005)


def test_table2_recomputation_follows_the_definitions_from_the_data_file():
    """The recomputed columns are the definitions applied to the transcribed flows (whatever the
    data file holds: whether the *text's* printed derived cells agree is the ledger's verdict)."""
    table2 = ct.load_dataset(overall.TABLE2)
    check = overall.table2_recomputed(table2)
    x, m = table2["export_amount"].to_numpy(), table2["import_amount"].to_numpy()
    assert check["net_exports_recomputed"].to_numpy() == pytest.approx(x - m)
    assert check["total_trade_recomputed"].to_numpy() == pytest.approx(x + m)
    assert check["ntb_recomputed"].to_numpy() == pytest.approx((x - m) / (x + m))
    assert list(check["ntb_printed"]) == list(table2["ntb_index"])  # printed cells kept beside, untouched


def test_table2_covers_every_product_but_tv(table1_raw):
    _, chosen = overall.place_short_rows(table1_raw)
    tidy = overall.tidy_table1(table1_raw, chosen)
    row2015 = ct.load_dataset(overall.TABLE2).set_index("year").loc[2015]
    best = overall.coverage_candidates(tidy, row2015["export_amount"], row2015["import_amount"]).iloc[0]
    assert best["excluded"] == "tv_programmes"
    without_tv = tidy[tidy["product"] != "tv_programmes"]
    assert best["exports_diff"] == pytest.approx(without_tv["export_amount"].sum() - row2015["export_amount"])
    assert best["imports_diff"] == pytest.approx(without_tv["import_amount"].sum() - row2015["import_amount"])


def test_group_ntb_uses_summed_flows():
    frame = pd.DataFrame({"product": ["a", "b"], "export_amount": [1.0, 3.0], "import_amount": [3.0, 1.0]})
    assert overall.group_ntb(frame, ["a", "b"]) == pytest.approx(0.0)
    assert overall.group_ntb(frame, ["a"]) == pytest.approx(-0.5)


# --------------------------------------------------------------------------- every printed cell a claim
def _ledger_with_table_claims():
    raw = ct.load_dataset(overall.TABLE1)
    _, placement = overall.place_short_rows(raw)
    ledger = ct.Ledger(notebook=overall.NOTEBOOK, papers=[overall.PAPER])
    observations = overall.register_table_claims(ledger, ct.load_printed(overall.TABLE1), placement,
                                                 ct.load_printed(overall.TABLE2))
    return ledger, observations


def test_every_printed_cell_is_registered_once_with_the_number_as_printed():
    ledger, observations = _ledger_with_table_claims()
    # Table I: 8 rows of 4 cells, less the 2 + 2 cells the short rows leave blank; Table II: 2011-2014
    assert len([c for c in observations if c.startswith("000-T1-")]) == 28
    assert len([c for c in observations if c.startswith("000-T2-")]) == 8
    # each claim reports the cell exactly as the transcription holds it (read here as text)
    table2 = pd.read_csv("data/raw/000_table2_ntb_2011_2015.csv", dtype=str).set_index("year")
    assert ledger.claims["000-T2-2013-IMPORT-AMOUNT"].reported == table2.loc["2013", "import_amount"]
    table1 = "".join(Path("data/raw/000_table1_products_2015.csv").read_text(encoding="utf-8").split())
    for claim_id in ("000-T1-PERIODICALS-IMPORT-AMOUNT", "000-T1-DIGITAL-PUBLICATIONS-IMPORT-AMOUNT"):
        assert ledger.claims[claim_id].reported in table1, claim_id
    assert ledger.claims["000-T1-PERIODICALS-IMPORT-AMOUNT"].reported.endswith("0")  # a trailing zero is kept
    assert ledger.claims["000-T1-TV-PROGRAMMES-IMPORT-QUANTITY"].reported + "时" in table1  # printed '31109时'
    assert "时" in ledger.claims["000-T1-TV-PROGRAMMES-IMPORT-QUANTITY"].note
    assert "000-T2-2015-EXPORT-AMOUNT" not in ledger.claims  # checked against Table I as ...-VS-T1 instead


def test_the_registered_cells_are_the_ones_the_token_list_names():
    # data/claims/<seed>.tokens.csv was written from the text, by hand: each table token names its claim
    changed = changed_since_the_manifest() & {"data/raw/000_table1_products_2015.csv", "data/raw/000_table2_ntb_2011_2015.csv"}
    if changed:  # reported once, by the checksum test; compared with the text after `make manifest`
        pytest.skip(f"{', '.join(sorted(changed))} changed since data/datapackage.json was written")
    ledger, _ = _ledger_with_table_claims()
    tokens = pd.read_csv(f"data/claims/{overall.PAPER.removesuffix('.txt')}.tokens.csv", dtype=str,
                         keep_default_na=False)
    cells = tokens[tokens["location"].str.contains(r"Table I{1,2}.*, row ") & (tokens["kind"] == "number")]
    assert len(cells) == 28 + 2 + 25  # Table I's cells and totals, Table II's 5 rows of 5 numbers
    for token in cells.itertuples():
        claim = ledger.claims[token.claims]
        assert claim.reported in (token.token, token.token.removesuffix("时")), token.key


def test_findings_count_the_observations_instead_of_listing_them():
    ledger, observations = _ledger_with_table_claims()
    for claim_id in observations:
        ledger.check(claim_id, None, section="s")
    ledger.check("000-T1-TOTAL-EXPORT", 13963.68, section="s")
    ledger.not_checkable("000-FILMS-2016-RELEASED", section="s", reason="no count of releases")
    text = overall.findings_markdown(ledger.table())
    assert "**36 of these are the source's own table observations** (28 of Table I and 8 of Table II)" in text
    assert "000-T1-BOOKS-EXPORT-QUANTITY" not in text
    assert "- `000-FILMS-2016-RELEASED` (" in text  # prose claims are still listed one by one


def test_findings_refuse_a_summary_whose_lines_they_cannot_find(monkeypatch):
    ledger, observations = _ledger_with_table_claims()
    for claim_id in observations:
        ledger.check(claim_id, None, section="s")
    monkeypatch.setattr(overall, "claims_findings_markdown", lambda claims: "**Not checkable:**\n\n- 36 claims")
    with pytest.raises(ValueError, match="changed its format"):
        overall.findings_markdown(ledger.table())


# --------------------------------------------------------------------------- readings
def test_group_balance_bounds_unknown_imports():
    frame = pd.DataFrame({"product": ["a", "b"], "export_amount": [1.0, 1.0], "import_amount": [3.0, math.nan]})
    both = overall.group_balance(frame, ["a", "b"])
    assert both["ntb_high"] == pytest.approx(-0.2)  # (2 - 3) / (2 + 3), b's imports left out
    assert both["ntb_low"] == -1.0                   # b's imports could be anything ≥ 0
    assert both["deficit_low"] == pytest.approx(1.0)
    assert both["imports_not_printed"] == ["b"]
    known = overall.group_balance(frame, ["a"])
    assert known["ntb_low"] == known["ntb_high"] == pytest.approx(-0.5)


def test_the_ntb_range_is_derived_from_the_formula():
    assert overall.ntb_attainable_range() == (-1.0, 1.0)


def test_audio_visual_products_rank_fourth_in_table_i():
    raw = ct.load_dataset(overall.TABLE1)
    tidy = overall.tidy_table1(raw, overall.place_short_rows(raw)[1])
    balances = overall.product_balances(tidy)
    # (2.36 - 9.19) / (2.36 + 9.19) and (7.53 - 99.54) / (7.53 + 99.54), by hand
    assert balances.set_index("product").loc["video_recordings", "ntb"] == pytest.approx(-0.591342, abs=1e-6)
    assert list(balances["product"][:3]) == ["digital_publications", "newspapers", "periodicals"]
    assert overall.group_balance(tidy, ["audio_recordings", "video_recordings"])["ntb_high"] == \
        pytest.approx((9.89 - 108.73) / (9.89 + 108.73))


def test_shown_values_keep_the_printed_precision():
    def row(kind, low, high=None, point=None):
        high = low if high is None else high
        return {"kind": kind, "recomputed_low": repr(low), "recomputed_high": repr(high),
                "recomputed": "" if point is None else repr(point)}
    assert overall._shown_recomputed(row("printed", 54765.1), "54765.2") == "54765.1"
    assert overall._shown_recomputed(row("printed", -0.830321), "-0.83") == "-0.83"
    assert overall._shown_recomputed(row("printed", 45.7115, 45.7125, 45.712), "45.712") == "45.712 [45.7115, 45.7125]"
    assert overall._shown_recomputed(row("qualitative", -13762.62), "") == "-13760"
    assert overall._shown_recomputed({"kind": "printed", "recomputed_low": "", "recomputed_high": "",
                                      "recomputed": ""}, "48") == ""


# --------------------------------------------------------------------------- public facts
def test_goods_series_converts_yuan_at_the_years_rate():
    facts = ct.facts.load_facts()
    rates = ct.currency.exchange_rates()
    series = overall.goods_series(facts, {2011: "CN-GOODS-TRADE-2011", 2015: "CN-GOODS-TRADE-2015-CNY"}, rates)
    assert series["usd_billion"].tolist() == pytest.approx([3640.0, 24590 / 6.2284])  # 24.59 trn yuan at 6.2284
    assert math.isnan(series["cny_per_usd"][0]) and series["cny_per_usd"][1] == pytest.approx(6.2284)
    with pytest.raises(ValueError, match="CN-GOODS-TRADE-2015-CNY is of year 2015, not 2014"):
        overall.goods_series(facts, {2014: "CN-GOODS-TRADE-2015-CNY"}, rates)


def test_fact_with_rounding_converts_yi_and_keeps_the_printed_interval():
    value = overall.fact_with_rounding(ct.facts.load_facts(), "BOXOFFICE-2016-TOTAL")  # 457.12 亿元
    assert (value["value"], value["value_low"], value["value_high"]) == pytest.approx((45.712, 45.7115, 45.7125))


# --------------------------------------------------------------------------- creative services (UNCTAD)
# Rows of data/snapshots/unctad_services_countries.csv (US$ million), read by hand:
#   2011,156,China,02,Exports,24294.738 / 2011,156,China,01,Imports,34460.26
#   2014,156,China,02,Exports,26415.6   / 2014,156,China,01,Imports,33604.014
#   2014,410,Republic of Korea,02,Exports,7151.384 / 2014,410,Republic of Korea,01,Imports,15337.507
# and of data/snapshots/unctad_services_regional.csv (exports, US$ million), Asia (5300), 2015:
#   SCRE 160387.939, SRND 57544.251, SSFT 58811.849, SAUV 8418.841, SCRH 1112.646
def _ntb(x, m):
    return (x - m) / (x + m)


@pytest.fixture(scope="module")
def services_table():
    return ct.unctad.load_services_by_economy()


def test_economy_parameter_takes_a_label_in_any_case_or_a_code(services_table):
    assert overall.economy_parameter("economy", "republic of korea", services_table) == "Republic of Korea"
    assert overall.economy_parameter("economy", "410", services_table) == "Republic of Korea"
    assert overall.economy_parameter("economy", "China", services_table) == "China"


def test_an_unknown_economy_is_refused_naming_the_parameter_and_close_names(services_table):
    with pytest.raises(ct.unctad.UnknownEconomyError) as caught:
        overall.economy_parameter("economy", "Korea", services_table)
    message = str(caught.value)
    assert message.startswith("parameter `economy`: unknown economy 'Korea'")
    assert "did you mean 'Republic of Korea' (410)" in message
    assert isinstance(caught.value, ct.params.ParameterError)


def test_services_beside_goods_sets_the_two_ntbs_side_by_side(services_table):
    services = ct.unctad.services_trade("China", table=services_table)
    table2_check = overall.table2_recomputed(ct.load_dataset(overall.TABLE2))
    beside = overall.services_beside_goods(services, table2_check).set_index("year")
    assert beside.loc[2011, "services_ntb"] == pytest.approx(_ntb(24294.738, 34460.26))
    assert beside.loc[2014, "services_ntb"] == pytest.approx(_ntb(26415.6, 33604.014))
    assert beside.loc[2014, "balance_usd_mn"] == pytest.approx(26415.6 - 33604.014)
    # Table II, row 2011: exports 3940.68, imports 42508.04 (US$ 10,000); none outside 2011-2015
    assert beside.loc[2011, "cultural_goods_ntb_china_table2"] == pytest.approx(_ntb(3940.68, 42508.04))
    assert beside[["cultural_goods_ntb_china_table2"]].dropna().index.tolist() == [2011, 2012, 2013, 2014, 2015]
    assert len(beside) == 15


def test_services_composition_gives_shares_of_the_regions_total():
    shares = ct.unctad.service_group_shares(["World", "Asia"], 2015, 2024)
    composition = overall.services_composition(shares, [2015, 2024])
    assert list(composition.columns) == ["service", "World 2015", "World 2024", "Asia 2015", "Asia 2024"]
    asia = composition["Asia 2015"]
    assert asia["SRND"] == pytest.approx(100 * 57544.251 / 160387.939)
    assert asia["SRND+SSFT"] == pytest.approx(100 * (57544.251 + 58811.849) / 160387.939)
    assert asia["SAUV+SCRH"] == pytest.approx(100 * (8418.841 + 1112.646) / 160387.939)
    assert composition.loc[["SRND", "SSFT", "SAUV", "SINF", "SAMA", "SCRH"], "World 2024"].sum() == \
        pytest.approx(100, abs=0.01)  # the six groups make up the total, within the rounding of the values


def test_services_figure_data_keeps_missing_years_and_draws_china_for_reference(services_table):
    table2_check = overall.table2_recomputed(ct.load_dataset(overall.TABLE2))
    bosnia = ct.unctad.services_trade("Bosnia and Herzegovina", table=services_table)  # imports never published
    china = ct.unctad.services_trade("China", table=services_table)
    data = overall.services_figure_data(bosnia, table2_check, reference=china)
    assert data.groupby("role").size().to_dict() == {"goods": 5, "services": 15, "services_reference": 15}
    drawn = data[data["role"] == "services"]
    assert drawn["ntb"].isna().all()
    assert (drawn["missing"] == "Bosnia and Herzegovina (imports: Not publishable)").all()
    goods = data[data["role"] == "goods"].set_index("year")
    assert goods.loc[2015, "unit"] == "US$ 10,000" and goods.loc[2015, "imports"] == 54765.2
    assert data.loc[data["role"] == "services_reference", "unit"].eq("US$ million").all()

    import matplotlib.pyplot as plt
    fig = overall.plot_services_beside_goods(data, (2011, 2015), 0.0)
    labels = [text.get_text() for text in fig.axes[0].get_legend().get_texts()]
    assert labels[0].endswith("no value in any year")
    assert len(labels) == 3
    plt.close(fig)


def test_a_bad_economy_stops_the_notebook_in_its_validation_cell(monkeypatch):
    from test_bad_inputs import ROOT, run_validation_cells

    monkeypatch.chdir(ROOT / "notebooks")  # where papermill runs a notebook
    with pytest.raises(ct.params.ParameterError) as caught:
        run_validation_cells(overall.NOTEBOOK, {"economy": "Narnia"})
    assert str(caught.value).startswith("parameter `economy`: unknown economy 'Narnia'")
    assert "did you mean 'Armenia' (051)" in str(caught.value)
    namespace = run_validation_cells(overall.NOTEBOOK, {"economy": "republic of korea"})
    assert namespace["economy"] == "Republic of Korea"


@pytest.mark.slow
def test_the_notebook_runs_for_another_economy_and_keeps_chinas_claims(tmp_path):
    from culturaltrade.build import pipeline

    result = pipeline.run_notebook(f"notebooks/{overall.NOTEBOOK}.ipynb", {"economy": "Republic of Korea"},
                                   destination=tmp_path)
    assert "figures/01_creative_services_ntb.csv" in result.written
    table = pd.read_csv(tmp_path / "tables/01_creative_services_ntb.csv").set_index("year")
    assert (table["economy"] == "Republic of Korea").all()
    assert table.loc[2014, "services_ntb"] == pytest.approx(_ntb(7151.384, 15337.507))
    figure = pd.read_csv(tmp_path / "figures/01_creative_services_ntb.csv")
    reference = figure[figure["role"] == "services_reference"].set_index("year")
    assert reference.loc[2014, "ntb"] == pytest.approx(_ntb(26415.6, 33604.014))  # China, drawn beside
    claims = pd.read_csv(tmp_path / "tables/claims/01_china_overall.csv").set_index("claim_id")
    # the claims are China's whatever economy is drawn: the highest NTB of 2011-2015 is China's 2014
    for reading, verdict in (("NOT-COMPETITIVE", "reproduced"), ("POOR", "discrepancy")):
        row = claims.loc[f"000-Q-SERVICES-WEAK-UNCTAD-READ-{reading}"]
        assert float(row["recomputed"]) == pytest.approx(_ntb(26415.6, 33604.014))
        assert row["verdict"] == verdict


# --------------------------------------------------------------------------- the codebook of the outputs
def test_the_codebook_describes_exactly_the_columns_of_the_tables_the_module_builds(table1_raw, services_table):
    """Every column of each table is described (a unit for each column of decimals) and nothing else is."""
    from culturaltrade import codebook

    _, chosen = overall.place_short_rows(table1_raw)
    table1 = overall.with_indicators(overall.tidy_table1(table1_raw, chosen)).assign(core=True)
    table2_check = overall.table2_recomputed(ct.load_dataset(overall.TABLE2))
    services = ct.unctad.services_trade("China", table=services_table)
    composition = overall.services_composition(ct.unctad.service_group_shares(["World", "Asia"], 2015, 2024),
                                               [2015, 2024]).rename_axis("code").reset_index()
    built = {
        "table1": (table1, overall.TABLE1_COLUMNS),
        "table2": (table2_check, overall.TABLE2_COLUMNS),
        "coverage": (overall.coverage_candidates(table1, 5863.5, 54765.2), overall.COVERAGE_COLUMNS),
        "services": (overall.services_beside_goods(services, table2_check), overall.SERVICES_TABLE_COLUMNS),
        "composition": (composition, overall.composition_columns(["World", "Asia"], [2015, 2024])),
        "services figure": (overall.services_figure_data(services, table2_check), overall.SERVICES_FIGURE_COLUMNS),
    }
    for name, (frame, columns) in built.items():
        assert list(columns) == list(frame.columns), name
        for field in codebook.field_schema(frame, columns, name)["fields"]:
            assert field["description"], (name, field["name"])
            assert field["type"] != "number" or field.get("unit"), (name, field["name"], "needs a unit")
    # Table I's quantities mix copies and hours at no printed scale: said so, never given a made-up unit
    assert overall.TABLE1_COLUMNS["import_quantity"][1] == "as printed (parts or hours; no scale printed)"
    assert overall.COVERAGE_DESCRIPTION.count("255 non-empty") == 1  # 2^8 - 1 sets of the eight products
