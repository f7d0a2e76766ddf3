"""UNCTADstat creative services: the snapshots are the published files, load with their
missing-value rule, and give exports, imports, NTB and service-group shares.

Expected values are the published cells of data/snapshots/unctad_services_*.csv, typed here
and combined by hand (never taken from culturaltrade.unctad).
"""

import hashlib
import math
import re
from pathlib import Path

import pytest
import yaml

import culturaltrade as ct
from culturaltrade import unctad
from culturaltrade.datasets import DataValidationError
from culturaltrade.params import ParameterError

ROOT = Path(__file__).resolve().parents[1]
from conftest import SEEDS_DIR  # noqa: E402

# The shared copy sits beside the source texts (shared/seeds -> shared/data/...).
SHARED = SEEDS_DIR.parent / "data" / "unctad_creative_services"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared UNCTAD copy not found in {SHARED}")
SNAPSHOTS = {"unctad_services_countries": "services_countries.csv",
             "unctad_services_regional": "services_regional.csv"}


@pytest.fixture(scope="module")
def by_economy():
    return unctad.load_services_by_economy()


@pytest.fixture(scope="module")
def by_region():
    return unctad.load_services_by_region()


# --------------------------------------------------------------------------- the snapshots
@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshot_is_the_published_file(name):
    meta = yaml.safe_load((ROOT / f"data/snapshots/{name}.meta.yaml").read_text(encoding="utf-8"))
    digest = hashlib.sha256((ROOT / f"data/snapshots/{name}.csv").read_bytes()).hexdigest()
    assert digest == meta["source"]["sha256"], f"data/snapshots/{name}.csv differs from the file its sidecar records"
    assert meta["source"]["file"].startswith(f"../shared/data/unctad_creative_services/{SNAPSHOTS[name]} ")


@needs_shared
@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshot_equals_the_shared_file_and_its_published_hash(name):
    meta = yaml.safe_load((ROOT / f"data/snapshots/{name}.meta.yaml").read_text(encoding="utf-8"))
    shared = SHARED / SNAPSHOTS[name]
    assert (ROOT / f"data/snapshots/{name}.csv").read_bytes() == shared.read_bytes()
    published = re.search(rf"`{re.escape(SNAPSHOTS[name])}` ([0-9a-f]{{64}})", (SHARED / "README.md").read_text())
    assert published, f"the shared README gives no SHA-256 for {SNAPSHOTS[name]}"
    assert published.group(1) == meta["source"]["sha256"] == hashlib.sha256(shared.read_bytes()).hexdigest()


def test_sidecars_record_origin_licence_commits_and_the_caveat():
    for name in SNAPSHOTS:
        meta = yaml.safe_load((ROOT / f"data/snapshots/{name}.meta.yaml").read_text(encoding="utf-8"))
        source = meta["source"]
        assert "UNCTADstat" in source["origin"] and "Creative" in source["origin"]
        assert source["repository"].startswith("joaoroquedasilvajunior/atana-data")
        assert source["commit_added"].startswith("0921400ca3a01ec51571c47c999a9f1f1935061f")
        assert source["commit_read"].startswith("5664fe6d4a167472d3d62cb308db141f351426ed")
        assert "CC BY 4.0" in source["licence"]
        assert re.search(r"(NOT|not be read as) cultural-content services", meta["description"])
        assert "research and development and software" in meta["description"]
        assert meta["units"][unctad.VALUE].startswith("US$ million, current prices")


# --------------------------------------------------------------------------- loading
def test_codes_stay_text_and_unctad_columns_are_kept(by_economy):
    assert by_economy["Economy"].iloc[0] == "004"  # Afghanistan, leading zeros kept
    assert set(by_economy["Flow"]) == {"01", "02"}
    assert {unctad.FOOTNOTE, unctad.MISSING, "Growth rate, year-on-year Missing value"} <= set(by_economy.columns)
    assert len(by_economy) == 5336


def test_blank_values_are_missing_with_unctads_reason(by_economy):
    bosnia = by_economy[(by_economy["Economy"] == "070") & (by_economy["Flow"] == "01") & (by_economy["Year"] == 2022)]
    assert math.isnan(bosnia[unctad.VALUE].iloc[0])
    assert bosnia[unctad.MISSING].iloc[0] == "Not publishable"
    assert by_economy[unctad.VALUE].isna().sum() == 1375 + 30  # README: not publishable + not applicable


def test_a_blank_value_without_its_reason_is_refused(project_data):
    path = project_data / "data/snapshots/unctad_services_countries.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("2010,004,Afghanistan,02,Exports,101.049,")
    lines[1] = lines[1].replace(",101.049,", ",,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        unctad.load_services_by_economy()
    message = str(error.value)
    assert message.startswith("data/snapshots/unctad_services_countries.csv: 1 problem(s)")
    assert "line 2, column 'US$ at current prices in millions': value is blank" in message


def test_a_reason_beside_a_value_is_refused(project_data):
    path = project_data / "data/snapshots/unctad_services_regional.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("2010,0000,World,SCRE,Total creative services,512092.265,,,")
    lines[1] = lines[1].replace("512092.265,,,", "512092.265,,Not publishable,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 2, column 'US\$ at current prices in millions Missing "
                                                  r"value': says 'Not publishable' but"):
        unctad.load_services_by_region()


# --------------------------------------------------------------------------- exports, imports, NTB
def test_one_economy(by_economy):
    china = unctad.services_trade("China", 2022, 2023, table=by_economy).set_index("year")
    assert list(china.index) == [2022, 2023]
    assert china.loc[2022, "exports_usd_mn"] == pytest.approx(86987.641)
    assert china.loc[2022, "imports_usd_mn"] == pytest.approx(63015.772)
    assert china.loc[2022, "balance_usd_mn"] == pytest.approx(86987.641 - 63015.772)
    assert china.loc[2022, "ntb"] == pytest.approx((86987.641 - 63015.772) / (86987.641 + 63015.772))
    assert china.loc[2023, "ntb"] == pytest.approx((64705.437 - 59741.976) / (64705.437 + 59741.976))
    assert china.loc[2022, "economy"] == "China" and china.loc[2022, "missing_members"] == ""
    same = unctad.services_trade("156", 2022, 2022, table=by_economy)  # a code, as text
    assert same["exports_usd_mn"].iloc[0] == china.loc[2022, "exports_usd_mn"]


def test_a_group_is_the_sum_of_its_members(by_economy):
    group = unctad.services_trade(["Poland", "czechia", "688"], 2022, 2022, name="three", table=by_economy)
    row = group.iloc[0]
    exports, imports = 15322.002 + 5595.688 + 1409.043, 11791.994 + 5217.58 + 1174.376
    assert (row["economy"], row["n_members"]) == ("three", 3)
    assert row["exports_usd_mn"] == pytest.approx(exports)
    assert row["imports_usd_mn"] == pytest.approx(imports)
    assert row["ntb"] == pytest.approx((exports - imports) / (exports + imports))


def test_a_group_with_a_missing_member_is_missing_and_says_who(by_economy):
    group = unctad.services_trade(["Poland", "Bosnia and Herzegovina"], 2021, 2022, table=by_economy)
    row = group.set_index("year").loc[2022]
    assert row["exports_usd_mn"] == pytest.approx(15322.002 + 44.439)  # both members known
    assert math.isnan(row["imports_usd_mn"])  # never Poland's imports alone
    assert math.isnan(row["balance_usd_mn"]) and math.isnan(row["ntb"])
    assert row["missing_members"] == "Bosnia and Herzegovina (imports: Not publishable)"
    assert (group["missing_members"] != "").all()  # and in 2021 too


def test_a_member_without_a_row_is_missing(by_economy):
    barbados = unctad.services_trade(["Barbados", "China"], 2023, 2023, table=by_economy).iloc[0]
    assert math.isnan(barbados["exports_usd_mn"]) and math.isnan(barbados["imports_usd_mn"])
    assert barbados["missing_members"] == "Barbados (exports: no row in the table, imports: no row in the table)"


def test_membership_by_year(by_economy):
    group = unctad.services_trade({2021: ["Poland"], 2022: ["Poland", "Czechia"]}, 2021, 2022, table=by_economy)
    assert list(group["n_members"]) == [1, 2]
    assert group["exports_usd_mn"].iloc[1] == pytest.approx(15322.002 + 5595.688)
    with pytest.raises(ParameterError, match=r"gives members by year but not for \[2023\]"):
        unctad.services_trade({2022: ["Poland"]}, 2022, 2023, table=by_economy)


def test_estimated_values_are_named(by_economy):
    india = unctad.services_trade("India", 2010, 2010, table=by_economy).iloc[0]
    assert india["estimated_members"] == "India (exports: Estimated)"
    assert india["missing_members"] == "India (imports: Not publishable)"


def test_unknown_economy_suggests_close_names(by_economy):
    with pytest.raises(unctad.UnknownEconomyError) as error:
        unctad.services_trade("Korea", table=by_economy)
    message = str(error.value)
    assert message.startswith("unknown economy 'Korea': no code or label in data/snapshots/unctad_services_countries.csv")
    assert "did you mean 'Republic of Korea' (410)" in message
    with pytest.raises(unctad.UnknownEconomyError, match=r"'Czechia' \(203\)"):
        unctad.services_trade(["Poland", "Czech Republic"], table=by_economy)
    with pytest.raises(unctad.UnknownEconomyError, match="no similar label"):
        unctad.services_trade("Xyzzy", table=by_economy)


def test_bad_economy_arguments_are_refused(by_economy):
    with pytest.raises(unctad.UnknownEconomyError, match="must be given as text.*leading zeros"):
        unctad.services_trade(156, table=by_economy)
    with pytest.raises(ParameterError, match=r"names \['China'\] more than once for 2010"):
        unctad.services_trade(["China", "156"], 2010, 2010, table=by_economy)
    with pytest.raises(ParameterError, match="parameter `start` must be between 2010 and 2024, got 2009"):
        unctad.services_trade("China", 2009, table=by_economy)
    with pytest.raises(ParameterError, match="are reversed"):
        unctad.services_trade("China", 2020, 2019, table=by_economy)


def test_lazy_names_of_the_package():
    assert ct.services_trade is unctad.services_trade
    assert ct.UnknownEconomyError is unctad.UnknownEconomyError


# --------------------------------------------------------------------------- service groups
def test_service_group_shares_of_the_world(by_region):
    world = unctad.service_group_shares("World", 2010, 2010, table=by_region).set_index("service")
    assert list(world.index) == ["SRND", "SSFT", "SAUV", "SINF", "SAMA", "SCRH"]
    assert world.loc["SRND", "share_pct"] == pytest.approx(100 * 201382.947 / 512092.265)  # 39.3 %
    assert world.loc["SSFT", "share_pct"] == pytest.approx(100 * 160300.844 / 512092.265)  # 31.3 %
    assert world.loc["SSFT", "service_label"] == "Software services"
    assert (world["total_usd_mn"] == 512092.265).all()


def test_service_groups_add_up_to_the_total(by_region):
    shares = unctad.service_group_shares(["World", "Europe", "5300", "Developing economies"], table=by_region)
    assert list(dict.fromkeys(shares["region"])) == ["World", "Europe", "Asia", "Developing economies"]
    sums = shares.groupby(["region", "year"])["share_pct"].sum()
    assert len(sums) == 4 * 15
    assert sums.sub(100).abs().max() < 0.001  # the parts are rounded to 0.001 US$ million


def test_unknown_region_suggests_close_names(by_region):
    with pytest.raises(unctad.UnknownEconomyError, match=r"'Europa'.*did you mean 'Europe' \(5400\)"):
        unctad.service_group_shares("Europa", table=by_region)
