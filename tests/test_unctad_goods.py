"""The bilateral creative-goods queries (culturaltrade.unctad_goods) on a small synthetic table.

The table below is made up (synthetic codes' labels, round values) in UNCTADstat's layout,
written as Parquet with DuckDB, one partition per year, exactly as a researcher's download
would be read. Every expected value is worked out by hand from the table in the comments.
"""

import math
from pathlib import Path

import duckdb
import pytest

from culturaltrade.params import ParameterError
from culturaltrade.unctad import UnknownEconomyError
from culturaltrade.unctad_goods import GoodsLayoutError, average_shares, open_goods_table

LABELS = {"156": "China", "616": "Poland", "203": "Czechia", "688": "Serbia", "276": "Germany", "0000": "World"}
PRODUCT_LABELS = {"CER000": "All creative goods (synthetic)", "CER010": "Group one (synthetic)",
                  "CER020": "Group two (synthetic)", "CER021": "Leaf one of two (synthetic)",
                  "CER022": "Leaf two of two (synthetic)", "CER030": "Group three (synthetic)"}
FINEST = ["CER010", "CER021", "CER022", "CER030"]
# (year, reporter, partner, flow): values of CER010, CER021, CER022, CER030 (None = no row).
# CER020 = CER021 + CER022 and CER000 = the sum of the present parts are added as rows.
PARTS = {
    # China's exports (02)
    (2022, "156", "616", "02"): (1, 30, 10, 9),      # 50
    (2022, "156", "203", "02"): (2, 15, 3, None),    # 20, no CER030 row
    (2022, "156", "688", "02"): (1, 5, 3, 1),        # 10
    (2022, "156", "276", "02"): (10, 50, 30, 10),    # 100, never a member
    (2022, "156", "0000", "02"): (100, 500, 300, 100),  # 1000
    (2021, "156", "616", "02"): (3, 20, 4, 3),       # 30
    (2021, "156", "203", "02"): (1, 6, 2, 1),        # 10
    (2021, "156", "688", "02"): (1, 3, 2, 1),        # 7, not a member in 2021
    (2021, "156", "276", "02"): (10, 40, 30, 10),    # 90
    (2021, "156", "0000", "02"): (80, 400, 240, 80),  # 800
    # China's imports (01)
    (2022, "156", "616", "01"): (2, 4, 2, 2),        # 10
    (2022, "156", "203", "01"): (1, 2, 1, 1),        # 5
    (2022, "156", "688", "01"): (1, 2, 1, 1),        # 5
    (2022, "156", "276", "01"): (5, 5, 5, 5),        # 20
    (2022, "156", "0000", "01"): (100, 200, 100, 100),  # 500
    (2021, "156", "616", "01"): (1, 3, 1, 1),        # 6
    (2021, "156", "203", "01"): (1, 1, 1, 1),        # 4
    (2021, "156", "688", "01"): (0.5, 0.5, 0.5, 0.5),  # 2
    (2021, "156", "276", "01"): (4, 4, 4, 4),        # 16
    (2021, "156", "0000", "01"): (80, 160, 80, 80),  # 400
    # the members' own reports (2022): with China, and with the world
    (2022, "616", "156", "01"): (2, 30, 10, 10),     # 52 (China reports 50)
    (2022, "616", "156", "02"): (2, 5, 2, 2),        # 11 (China reports 10)
    (2022, "203", "156", "01"): (2, 14, 3, 1),       # 20
    (2022, "203", "156", "02"): (1, 2, 1, 1),        # 5
    (2022, "688", "156", "01"): (1, 5, 3, 1),        # 10
    (2022, "688", "156", "02"): (1, 1, 1, 1),        # 4
    (2022, "616", "0000", "01"): (60, 300, 120, 120),  # 600
    (2022, "616", "0000", "02"): (40, 200, 100, 60),   # 400
    (2022, "203", "0000", "01"): (50, 100, 50, 50),    # 250
    (2022, "203", "0000", "02"): (30, 60, 30, 30),     # 150
    (2022, "688", "0000", "01"): (10, 20, 20, 10),     # 60
    (2022, "688", "0000", "02"): (10, 10, 10, 10),     # 40
}
CEE = {2021: ["Poland", "Czechia"], 2022: ["616", "203", "Serbia"]}  # codes or labels; Serbia joins in 2022


def _rows():
    for (year, reporter, partner, flow), parts in PARTS.items():
        values = dict(zip(FINEST, parts))
        present = {k: v for k, v in values.items() if v is not None}
        values = {**present, "CER020": values["CER021"] + values["CER022"], "CER000": sum(present.values())}
        for product, value in values.items():
            yield (year, reporter, LABELS[reporter], partner, LABELS[partner], flow,
                   {"01": "Imports", "02": "Exports"}[flow], product, PRODUCT_LABELS[product], float(value))


def write_table(folder, *, layout="hive", drop=None, change=None):
    """Write the table as Parquet with DuckDB: ``hive`` (Year=YYYY/ folders), ``per_year`` (one
    file per year, Year inside, as in the public copy) or ``one_file``. ``drop``: a column to
    leave out; ``change``: SQL run on the table before writing."""
    connection = duckdb.connect()
    connection.execute("""CREATE TABLE goods ("Year" INTEGER, "Economy" VARCHAR, "Economy Label" VARCHAR,
        "Partner" VARCHAR, "Partner Label" VARCHAR, "Flow" VARCHAR, "Flow Label" VARCHAR, "Product" VARCHAR,
        "Product Label" VARCHAR, "US$ at current prices in millions" DOUBLE)""")
    rows = list(_rows())
    placeholders = ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
    connection.execute(f"INSERT INTO goods VALUES {placeholders}", [cell for row in rows for cell in row])
    connection.execute("""ALTER TABLE goods ADD COLUMN "Percentage of total world" DOUBLE;
        ALTER TABLE goods ADD COLUMN "Percentage by destination" DOUBLE;
        ALTER TABLE goods ADD COLUMN "Percentage of total merchandise trade" DOUBLE""")
    if change:
        connection.execute(change)
    columns = "* EXCLUDE (\"%s\")" % drop if drop else "*"
    folder.mkdir(parents=True, exist_ok=True)
    if layout == "hive":
        connection.execute(f"COPY (SELECT {columns} FROM goods) TO '{folder}' (FORMAT PARQUET, PARTITION_BY (\"Year\"))")
    elif layout == "per_year":
        for year in (2021, 2022):
            connection.execute(f"COPY (SELECT {columns} FROM goods WHERE \"Year\" = {year}) "
                               f"TO '{folder}/goods_value_{year}.parquet' (FORMAT PARQUET)")
    else:
        connection.execute(f"COPY (SELECT {columns} FROM goods) TO '{folder}/goods.parquet' (FORMAT PARQUET)")
        return folder / "goods.parquet"
    return folder


@pytest.fixture(scope="module")
def goods(tmp_path_factory):
    return open_goods_table(write_table(tmp_path_factory.mktemp("goods") / "goods_value"))


# --------------------------------------------------------------------------- the figures of text 002
def test_turnover_and_imports_per_year(goods):
    trade = goods.trade_with_group(CEE, [2021, 2022]).set_index("year")
    # 2021, Poland + Czechia: exports 30 + 10, imports 6 + 4 (Serbia's 7 and 2 are left out)
    assert (trade.loc[2021, "exports_usd_mn"], trade.loc[2021, "imports_usd_mn"]) == (40, 10)
    assert trade.loc[2021, "turnover_usd_mn"] == 50
    # 2022, with Serbia: exports 50 + 20 + 10, imports 10 + 5 + 5 (Germany never counts)
    assert (trade.loc[2022, "exports_usd_mn"], trade.loc[2022, "imports_usd_mn"]) == (80, 20)
    assert trade.loc[2022, "turnover_usd_mn"] == 100
    assert list(trade["n_members"]) == [2, 3]
    assert (trade["missing"] == "").all()


def test_the_mirror_reads_the_members_reports(goods):
    mirror = goods.trade_with_group(CEE[2022], 2022, reported_by="members").iloc[0]
    # the members' imports from China 52 + 20 + 10 are China's exports; their exports 11 + 5 + 4 its imports
    assert (mirror["exports_usd_mn"], mirror["imports_usd_mn"], mirror["turnover_usd_mn"]) == (82, 20, 102)


def test_group_share_of_chinas_trade(goods):
    shares = goods.group_share_of_reporter_trade(CEE, [2021, 2022]).set_index("year")
    assert shares.loc[2021, "with_world_usd_mn"] == 800 + 400
    assert shares.loc[2021, "share_pct"] == pytest.approx(100 * 50 / 1200)
    assert shares.loc[2022, "share_pct"] == pytest.approx(100 * 100 / 1500)


def test_chinas_share_of_the_groups_trade_both_readings(goods):
    share = goods.reporter_share_of_group_trade(CEE, 2022).iloc[0]
    # the members' world trade: Poland 600 + 400, Czechia 250 + 150, Serbia 60 + 40
    assert share["with_world_usd_mn"] == 1500
    assert share["with_reporter_usd_mn"] == (52 + 11) + (20 + 5) + (10 + 4)
    assert share["share_pct"] == pytest.approx(100 * 102 / 1500)
    assert share["share_pct_mirror"] == pytest.approx(100 * 100 / 1500)


def test_partner_shares_sorted_for_top_n(goods):
    partners = goods.partner_shares(CEE[2022], 2022)
    # Poland 50 + 10, Czechia 20 + 5, Serbia 10 + 5, of 100
    assert list(partners["partner_label"]) == ["Poland", "Czechia", "Serbia"]
    assert list(partners["rank"]) == [1, 2, 3]
    assert list(partners["share_pct"]) == pytest.approx([60, 25, 15])
    assert list(partners["cumulative_pct"]) == pytest.approx([60, 85, 100])


def test_product_shares_and_a_missing_row(goods):
    shares = goods.product_shares(CEE, [2021, 2022]).set_index(["flow", "year", "product"])
    assert shares.loc[("exports", 2022, "CER020"), "share_pct"] == pytest.approx(100 * (40 + 18 + 8) / 80)
    assert shares.loc[("exports", 2021, "CER020"), "share_pct"] == pytest.approx(100 * (24 + 8) / 40)
    assert shares.loc[("imports", 2022, "CER020"), "share_pct"] == pytest.approx(100 * (6 + 3 + 3) / 20)
    assert shares.loc[("exports", 2022, "CER020"), "product_label"] == "Group two (synthetic)"
    # Czechia has no CER030 export row in 2022: missing, and said so
    crafts_free = shares.loc[("exports", 2022, "CER030")]
    assert math.isnan(crafts_free["share_pct"])
    assert crafts_free["missing"] == "China–Czechia exports CER030: no row"
    assert shares.loc[("exports", 2022, "CER010"), "missing"] == ""
    zero = goods.product_shares(CEE, 2022, absent_as_zero=True).set_index(["flow", "product"])
    assert zero.loc[("exports", "CER030"), "share_pct"] == pytest.approx(100 * (9 + 0 + 1) / 80)
    assert zero.loc[("exports", "CER030"), "assumed_zero"] == "China–Czechia exports CER030: no row, taken as 0"


def test_average_shares_two_readings(goods):
    averages = average_shares(goods.product_shares(CEE, [2021, 2022])).set_index(["flow", "product"])
    crafts = averages.loc[("exports", "CER020")]
    assert crafts["mean_of_shares_pct"] == pytest.approx((80 + 82.5) / 2)
    assert crafts["share_of_sums_pct"] == pytest.approx(100 * (32 + 66) / (40 + 80))
    assert math.isnan(averages.loc[("exports", "CER030"), "mean_of_shares_pct"])
    assert averages.loc[("exports", "CER030"), "years_missing"] == "2022"


def test_tci_shares_and_index(goods):
    assert goods.product_codes("finest") == FINEST
    shares = goods.tci_shares(CEE[2022], 2022).set_index("product")
    assert list(shares["reporter_export_share"]) == pytest.approx([0.1, 0.5, 0.3, 0.1])
    assert list(shares["reporter_import_share"]) == pytest.approx([0.2, 0.4, 0.2, 0.2])
    # the members' imports from the world by product: 60+50+10, 300+100+20, 120+50+20, 120+50+10 of 910
    group_imports = [120 / 910, 420 / 910, 190 / 910, 180 / 910]
    group_exports = [80 / 590, 270 / 590, 140 / 590, 100 / 590]
    assert list(shares["group_import_share"]) == pytest.approx(group_imports)
    assert list(shares["group_export_share"]) == pytest.approx(group_exports)
    index = goods.tci(CEE[2022], 2022)
    exports_by_hand = 100 * (1 - sum(abs(m - x) for m, x in zip(group_imports, [0.1, 0.5, 0.3, 0.1])) / 2)
    imports_by_hand = 100 * (1 - sum(abs(m - x) for m, x in zip([0.2, 0.4, 0.2, 0.2], group_exports)) / 2)
    assert index["reporter_exports"] == pytest.approx(exports_by_hand)  # 87.03
    assert index["reporter_imports"] == pytest.approx(imports_by_hand)


@pytest.mark.parametrize("layout", ["per_year", "one_file"])
def test_other_file_layouts_give_the_same_numbers(tmp_path, layout):
    other = open_goods_table(write_table(tmp_path / "copy", layout=layout))
    assert list(other.trade_with_group(CEE, [2021, 2022])["turnover_usd_mn"]) == [50, 100]
    assert other.years() == [2021, 2022]


# --------------------------------------------------------------------------- missing values
def test_a_missing_value_makes_the_total_missing(tmp_path):
    change = """UPDATE goods SET "US$ at current prices in millions" = NULL
                WHERE "Year" = 2021 AND "Economy" = '156' AND "Partner" = '203' AND "Flow" = '01'
                  AND "Product" = 'CER000'"""
    goods = open_goods_table(write_table(tmp_path / "t", change=change))
    trade = goods.trade_with_group(CEE, [2021, 2022]).set_index("year")
    assert trade.loc[2021, "exports_usd_mn"] == 40
    assert math.isnan(trade.loc[2021, "imports_usd_mn"]) and math.isnan(trade.loc[2021, "turnover_usd_mn"])
    assert trade.loc[2021, "missing"] == "China–Czechia imports CER000: value missing"
    assert trade.loc[2022, "turnover_usd_mn"] == 100 and trade.loc[2022, "missing"] == ""
    partners = goods.partner_shares(CEE[2021], 2021)
    assert partners["share_pct"].isna().all()  # the total is unknown, so is every share


# --------------------------------------------------------------------------- bad files and arguments
def test_a_file_without_a_column_is_refused_naming_file_and_column(tmp_path):
    folder = write_table(tmp_path / "bad", layout="per_year")
    write_table(tmp_path / "other", layout="per_year", drop="Partner")
    (tmp_path / "other" / "goods_value_2022.parquet").replace(folder / "goods_value_2022.parquet")
    with pytest.raises(GoodsLayoutError) as error:
        open_goods_table(folder)
    message = str(error.value)
    assert message.startswith(f"{folder / 'goods_value_2022.parquet'}: missing column(s) ['Partner']")
    assert "goods_value_2021" not in message and len(message.splitlines()) == 1


def test_codes_stored_as_numbers_are_refused(tmp_path):
    folder = write_table(tmp_path / "numbers", change="""ALTER TABLE goods ALTER "Economy" TYPE INTEGER""")
    with pytest.raises(GoodsLayoutError, match=r"'Economy' is INTEGER, expected text \(codes such as '004'"):
        open_goods_table(folder)


def test_a_year_present_twice_is_refused(tmp_path):
    folder = write_table(tmp_path / "twice", layout="per_year")
    (folder / "copy_2022.parquet").write_bytes((folder / "goods_value_2022.parquet").read_bytes())
    goods = open_goods_table(folder)
    with pytest.raises(GoodsLayoutError, match=r"2 rows for Year=2022, Economy=156.*is a year's file there twice"):
        goods.trade_with_group(CEE, 2022)


def test_missing_source_and_empty_folder(tmp_path):
    with pytest.raises(GoodsLayoutError, match="no such file or folder"):
        open_goods_table(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoodsLayoutError, match="no .parquet files in this folder"):
        open_goods_table(tmp_path / "empty")


def test_bad_arguments_name_the_parameter(goods):
    with pytest.raises(UnknownEconomyError, match=r"'Czech Republic'.*did you mean 'Czechia' \(203\)"):
        goods.trade_with_group(["Poland", "Czech Republic"], 2022)
    with pytest.raises(ParameterError, match=r"parameter `years`: .* has no rows for \[2019\] \(it covers 2021–2022\)"):
        goods.trade_with_group(CEE, [2019, 2022])
    with pytest.raises(ParameterError, match=r"`members` gives members by year but not for \[2022\]"):
        goods.trade_with_group({2021: ["Poland"]}, [2021, 2022])
    with pytest.raises(ParameterError, match="`reported_by` must be 'reporter' or 'members'"):
        goods.trade_with_group(CEE, 2022, reported_by="partner")
    with pytest.raises(ParameterError, match="`level` must be 'group', 'leaf' or 'finest'"):
        goods.product_shares(CEE, 2022, level="section")


@pytest.mark.parametrize("module", ["unctad", "unctad_goods"])
def test_helpers_import_no_build_or_per_text_module(module):
    import ast
    import importlib

    tree = ast.parse(Path(importlib.import_module(f"culturaltrade.{module}").__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}
    forbidden = {"pipeline", "manifest", "site", "kernel", "overall", "korea", "cee", "digital", "dashboard"}
    assert imported and not imported & forbidden, imported


def test_queries_draw_no_progress_bar_and_download_nothing(goods):
    settings = goods._connection.execute(
        "SELECT current_setting('enable_progress_bar'), current_setting('autoinstall_known_extensions'), "
        "current_setting('autoload_known_extensions')").fetchall()[0]
    assert settings == (False, False, False)  # a notebook's output must not depend on how long a query took


def test_the_connection_never_changes_a_progress_bar_that_is_already_off(monkeypatch):
    """In a Jupyter kernel DuckDB keeps its progress bar off and refuses any SET of it (it wants
    ipywidgets); opening a table there must not try."""
    import duckdb

    from culturaltrade import unctad_goods

    real_connect = duckdb.connect

    class KernelLikeConnection:
        def __init__(self, connection):
            self.connection = connection
            self.connection.execute("SET enable_progress_bar = false")

        def execute(self, sql, *args):
            if sql.strip().upper().startswith("SET ENABLE_PROGRESS_BAR"):
                raise duckdb.InvalidInputException("required package 'ipywidgets' is missing")
            return self.connection.execute(sql, *args)

    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: KernelLikeConnection(real_connect(*a, **k)))
    connection = unctad_goods._connect()
    assert connection.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False
