"""UNCTADstat bilateral creative-goods trade, read from a researcher's own copy with DuckDB.

The table behind text 002's China–CEE figures (about 25 million rows, 1995–2024) is not in
this repository. A researcher who downloads it — one Parquet file, or a folder of Parquet
files with one file (or one ``Year=YYYY/`` folder) per year — opens it with
:func:`open_goods_table` and recomputes every figure::

    goods = open_goods_table("downloads/goods_value")       # checks the columns of every file
    cee = {2017: [...], 2022: [...]}                         # the group as it stood each year
    goods.trade_with_group(cee, [2017, 2022])                # exports, imports, turnover
    goods.group_share_of_reporter_trade(cee, [2022])         # CEE's share of China's trade
    goods.reporter_share_of_group_trade(cee, [2022])         # China's share of CEE's trade
    goods.partner_shares(cee[2022], 2022)                    # top five, Poland
    goods.product_shares(cee, range(2017, 2023))             # e.g. CER020 of exports and imports
    goods.tci(cee[2022], 2022)                               # trade complementarity, both ways

DuckDB queries the Parquet files where they are (out of core: only the columns and row
groups a query needs are read, in parallel); only small aggregated results come back as
pandas frames. The layout is UNCTADstat's (see :data:`LAYOUT`): key (Year, Economy,
Partner, Flow, Product), Flow ``01`` imports / ``02`` exports, Partner ``0000`` the world,
Product ``CER000`` all creative goods, groups ``CER010``…``CER070``, leaves under a group
(``CER021``…``CER027`` under ``CER020``). Product labels are read from the data. That the
group text 002 calls "manufactured crafts" is ``CER020`` is an inference from the text (it
names three of its leaves); say so wherever that code is used.

Members of a group are UNCTAD codes (``"616"``) or labels (``"Poland"``), as a list (the
same every year) or a mapping year → list (the group as it stood in each year); the code
never fixes who is a member. Values are US$ million at current prices; shares are percent,
except the TCI inputs (fractions, as :mod:`culturaltrade.complementarity` wants them).

Missing values. A value the file leaves empty (NULL) is missing. A key without a row is
missing too, unless ``absent_as_zero=True`` says that an absent row means no trade (how
bilateral tables usually store zero; the layout does not say). Any total that needs a
missing value is missing — never a partial sum — and the ``missing`` column names each
value it lacked (``China–Montenegro imports CER060: no row``); with ``absent_as_zero`` the
``assumed_zero`` column names the rows taken as zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .datasets import DataValidationError
from .params import ParameterError
from .paths import record_read
from .unctad import resolve_economy, resolve_group

VALUE = "US$ at current prices in millions"
# UNCTADstat's layout, as documented for the public copy in joaoroquedasilvajunior/atana-data
# (docs/manifest.md, raw/unctad/README.md at commit 5664fe6d4a167472d3d62cb308db141f351426ed): column -> kind.
LAYOUT = {
    "Year": "integer", "Economy": "text", "Economy Label": "text", "Partner": "text", "Partner Label": "text",
    "Flow": "text", "Flow Label": "text", "Product": "text", "Product Label": "text", VALUE: "number",
    "Percentage of total world": "number", "Percentage by destination": "number",
    "Percentage of total merchandise trade": "number",
}
# The columns the queries read; the others (UNCTAD's own percentages, Flow Label) may be absent.
REQUIRED = ["Year", "Economy", "Economy Label", "Partner", "Partner Label", "Flow", "Product", "Product Label",
            VALUE]
KEY = ["year", "economy", "partner", "flow", "product"]
EXPORTS, IMPORTS = "02", "01"
FLOW_NAMES = {EXPORTS: "exports", IMPORTS: "imports"}
WORLD = "0000"
CHINA = "156"
ALL_PRODUCTS = "CER000"
_TYPES = {
    "text": ("VARCHAR",),
    "integer": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                "UBIGINT"),
    "number": ("FLOAT", "DOUBLE", "DECIMAL", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"),
}
_MAX_REPORTED = 10


class GoodsLayoutError(DataValidationError):
    """A file that does not have the layout of UNCTADstat's bilateral creative-goods table."""


# --------------------------------------------------------------------------- files and layout
def _sql_text(text: str) -> str:
    """A SQL string literal (paths and codes go into queries as literals, quotes doubled)."""
    return "'" + str(text).replace("'", "''") + "'"


def _connect() -> duckdb.DuckDBPyConnection:
    # Parquet is built into DuckDB; nothing is ever downloaded (the compendium runs offline).
    connection = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    # a notebook's output must not depend on timing: no progress bar. In a Jupyter kernel it is
    # off already, and DuckDB refuses to change the setting there at all (it wants ipywidgets)
    if connection.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]:
        connection.execute("SET enable_progress_bar = false")
    return connection


def parquet_files(source: str | Path) -> list[Path]:
    """The Parquet files of ``source``: the file itself, or every ``*.parquet`` below the folder."""
    path = Path(source).expanduser()
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.parquet")
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            raise GoodsLayoutError(f"{source}: no .parquet files in this folder")
        return files
    raise GoodsLayoutError(f"{source}: no such file or folder")


def _kind_matches(kind: str, duckdb_type: str) -> bool:
    return duckdb_type.split("(")[0] in _TYPES[kind]


def check_layout(files: Iterable[Path], connection: duckdb.DuckDBPyConnection | None = None) -> None:
    """Refuse any file that lacks a column the queries read, or has it with another type.

    One :class:`GoodsLayoutError` names every such file and column. A ``Year=YYYY`` folder
    counts as the file's Year column (Hive partitioning).
    """
    connection = connection or _connect()
    problems = []
    for path in files:
        try:
            described = connection.execute(f"DESCRIBE SELECT * FROM read_parquet({_sql_text(path)})").fetchall()
        except duckdb.Error as error:
            problems.append(f"{path}: cannot be read as Parquet ({str(error).splitlines()[0]})")
            continue
        types = {name: duckdb_type for name, duckdb_type, *_ in described}
        missing = [column for column in REQUIRED if column not in types]
        if missing:
            problems.append(f"{path}: missing column(s) {missing} of the layout of UNCTADstat's bilateral "
                            f"creative-goods table (found {sorted(types)})")
        wrong = [f"'{column}' is {types[column]}, expected {LAYOUT[column]}" for column in REQUIRED
                 if column in types and not _kind_matches(LAYOUT[column], types[column])]
        if wrong:
            problems.append(f"{path}: {'; '.join(wrong)} (codes such as '004' must stay text)")
    if problems:
        more = len(problems) - _MAX_REPORTED
        shown = problems[:_MAX_REPORTED] + ([f"... and {more} more"] if more > 0 else [])
        raise GoodsLayoutError("\n".join(shown))


def open_goods_table(source: str | Path) -> GoodsTable:
    """Open a researcher's copy of the bilateral creative-goods table (file or folder of Parquet)."""
    return GoodsTable(source)


# --------------------------------------------------------------------------- the table
class GoodsTable:
    """UNCTADstat's bilateral creative-goods table, queried in place with DuckDB.

    Every method returns a small pandas frame. ``reporter`` (default China, ``"156"``) is
    the economy whose trade is read; ``members`` the partner group (see the module
    docstring); ``years`` a year or a list of years.
    """

    def __init__(self, source: str | Path):
        self.source = source
        self.files = parquet_files(source)
        self._connection = _connect()
        check_layout(self.files, self._connection)
        record_read(source)
        paths = ", ".join(_sql_text(path) for path in self.files)
        self._connection.execute(f"""
            CREATE VIEW goods AS
            SELECT "Year" AS year, "Economy" AS economy, "Economy Label" AS economy_label,
                   "Partner" AS partner, "Partner Label" AS partner_label, "Flow" AS flow,
                   "Product" AS product, "Product Label" AS product_label, "{VALUE}" AS value
            FROM read_parquet([{paths}], union_by_name = true)""")
        self._codes: pd.DataFrame | None = None
        self._products: pd.DataFrame | None = None
        self._years: list[int] | None = None

    def __repr__(self) -> str:
        return f"GoodsTable({str(self.source)!r}, {len(self.files)} file(s))"

    def _query(self, sql: str) -> pd.DataFrame:
        return self._connection.execute(sql).df()

    # ----------------------------------------------------------------------- what the table has
    def economy_codes(self) -> pd.DataFrame:
        """Every economy code (as reporter or partner) with its labels, the latest label last."""
        if self._codes is None:
            self._codes = self._query("""
                SELECT code, label, max(last_year) AS last_year FROM (
                    SELECT economy AS code, economy_label AS label, max(year) AS last_year FROM goods GROUP BY ALL
                    UNION ALL
                    SELECT partner, partner_label, max(year) FROM goods GROUP BY ALL)
                GROUP BY code, label ORDER BY code, last_year, label""")
        return self._codes

    def products(self) -> pd.DataFrame:
        """Product codes and labels (from the data), with their level: total, group or leaf."""
        if self._products is None:
            found = self._query("SELECT product AS code, max(product_label) AS label FROM goods "
                                "GROUP BY product ORDER BY product")
            found["level"] = np.where(found["code"] == ALL_PRODUCTS, "total",
                                      np.where(found["code"].str.endswith("0"), "group", "leaf"))
            found["parent"] = np.where(found["level"] == "leaf", found["code"].str[:-1] + "0", "")
            self._products = found
        return self._products

    def product_codes(self, level: str = "group") -> list[str]:
        """``group``: CER010…CER070; ``leaf``: the leaves; ``finest``: every leaf and every group
        without leaves — a partition of CER000 when the groups add up to it."""
        table = self.products()
        groups = table.loc[table["level"] == "group", "code"].tolist()
        leaves = table.loc[table["level"] == "leaf", "code"].tolist()
        if level == "group":
            return groups
        if level == "leaf":
            return leaves
        if level == "finest":
            with_leaves = set(table.loc[table["level"] == "leaf", "parent"])
            return sorted(leaves + [code for code in groups if code not in with_leaves])
        raise ParameterError(f"parameter `level` must be 'group', 'leaf' or 'finest', got {level!r}")

    def years(self) -> list[int]:
        """The years the table covers."""
        if self._years is None:
            self._years = [int(y) for y in self._query("SELECT DISTINCT year FROM goods ORDER BY year")["year"]]
        return self._years

    # ----------------------------------------------------------------------- arguments
    def _check_years(self, years) -> list[int]:
        years = [years] if isinstance(years, (int, np.integer)) and not isinstance(years, bool) else list(years)
        if not years:
            raise ParameterError("parameter `years` names no year")
        bad = [y for y in years if isinstance(y, bool) or not isinstance(y, (int, np.integer))]
        if bad:
            raise ParameterError(f"parameter `years` must be whole numbers, got {bad}")
        covered = self.years()
        absent = [int(y) for y in years if y not in covered]
        if absent:
            raise ParameterError(f"parameter `years`: {self.source} has no rows for {absent} "
                                 f"(it covers {covered[0]}–{covered[-1]})")
        return sorted({int(y) for y in years})

    def _economy(self, name: str) -> str:
        return resolve_economy(name, self.economy_codes(), str(self.source))

    def _group(self, members, years: list[int]) -> dict[int, list[str]]:
        return resolve_group(members, years, self.economy_codes(), str(self.source), "members")

    def _label(self, code: str) -> str:
        codes = self.economy_codes()
        return dict(zip(codes["code"], codes["label"])).get(code, code)

    # ----------------------------------------------------------------------- the one query
    def _values(self, wanted: pd.DataFrame, absent_as_zero: bool) -> pd.DataFrame:
        """``wanted`` (columns year, economy, partner, flow, product, and any others) with
        ``value`` and ``status``: '' (a value), 'no row', 'value missing' or 'no row, taken as 0'."""
        def listed(column: str) -> str:
            return ", ".join(_sql_text(v) if isinstance(v, str) else str(int(v)) for v in sorted(set(wanted[column])))

        found = self._query(f"""
            SELECT year, economy, partner, flow, product,
                   sum(value) AS value, count(*) AS n_rows, count(value) AS n_values
            FROM goods
            WHERE year IN ({listed('year')}) AND economy IN ({listed('economy')})
              AND partner IN ({listed('partner')}) AND flow IN ({listed('flow')})
              AND product IN ({listed('product')})
            GROUP BY ALL""")
        repeated = found[found["n_rows"] > 1]
        if not repeated.empty:
            first = repeated.iloc[0]
            raise GoodsLayoutError(
                f"{self.source}: {int(first['n_rows'])} rows for Year={first['year']}, Economy={first['economy']}, "
                f"Partner={first['partner']}, Flow={first['flow']}, Product={first['product']} (and "
                f"{len(repeated) - 1} more keys repeated); each key must have one row — is a year's file there twice?")
        found["year"] = found["year"].astype("int64")
        out = wanted.merge(found, on=KEY, how="left")
        absent = out["n_rows"].isna()
        null = ~absent & (out["n_values"] < out["n_rows"])
        out["status"] = np.select([absent, null], ["no row", "value missing"], "")
        if absent_as_zero:
            out.loc[absent, "value"] = 0.0
            out.loc[absent, "status"] = "no row, taken as 0"
        return out.drop(columns=["n_rows", "n_values"])

    def _totals(self, values: pd.DataFrame, by: list[str]) -> pd.DataFrame:
        """Sum of ``value`` by ``by``; missing if any part is missing, with notes saying which."""
        codes = self.economy_codes()
        label_of = dict(zip(codes["code"], codes["label"]))
        notes = (values["economy"].map(label_of).fillna(values["economy"]) + "–"
                 + values["partner"].map(label_of).fillna(values["partner"]) + " "
                 + values["flow"].map(FLOW_NAMES) + " " + values["product"] + ": " + values["status"])
        lacking = values["status"].isin(["no row", "value missing"])
        zero = values["status"] == "no row, taken as 0"
        grouped = values.assign(lacking=lacking).groupby(by, sort=True)
        out = grouped.agg(value=("value", "sum"), n_lacking=("lacking", "sum"))
        out.loc[out["n_lacking"] > 0, "value"] = math.nan  # never a partial sum
        for column, rows in (("missing", lacking), ("assumed_zero", zero)):
            joined = notes[rows].groupby([values.loc[rows, key] for key in by]).agg("; ".join)
            out[column] = joined.reindex(out.index).fillna("").to_numpy() if len(joined) else ""
        return out.drop(columns="n_lacking").reset_index()

    @staticmethod
    def _grid(groups: dict[int, list[str]], economy_of, partner_of, flows, products) -> pd.DataFrame:
        """Keys for each year × member × flow × product; ``economy_of``/``partner_of`` map a member to codes."""
        rows = [(year, economy_of(member), partner_of(member), flow, product, member)
                for year, members in groups.items() for member in members for flow in flows for product in products]
        return pd.DataFrame(rows, columns=KEY + ["member"])

    @staticmethod
    def _notes(*frames: pd.DataFrame) -> dict[str, pd.Series]:
        """Join the ``missing`` and ``assumed_zero`` notes of aligned frames."""
        joined = {}
        for column in ("missing", "assumed_zero"):
            parts = pd.concat([f[column].reset_index(drop=True) for f in frames], axis=1)
            joined[column] = parts.apply(lambda r: "; ".join(x for x in r if x), axis=1)
        return joined

    # ----------------------------------------------------------------------- text 002's quantities
    def trade_with_group(self, members, years, *, reporter: str = CHINA, product: str = ALL_PRODUCTS,
                         reported_by: str = "reporter", absent_as_zero: bool = False) -> pd.DataFrame:
        """The reporter's exports to, imports from and turnover (X + M) with the group, per year.

        ``reported_by='reporter'`` reads the reporter's own declarations (Economy = reporter,
        Partner = each member); ``'members'`` reads the mirror: each member's imports from
        and exports to the reporter (the reporter's exports are the members' imports).
        Columns: year, n_members, exports_usd_mn, imports_usd_mn, turnover_usd_mn, missing,
        assumed_zero.
        """
        years = self._check_years(years)
        reporter, groups = self._economy(reporter), self._group(members, years)
        if reported_by == "reporter":
            grid = self._grid(groups, lambda m: reporter, lambda m: m, [EXPORTS, IMPORTS], [product])
            flow_of = {EXPORTS: "exports", IMPORTS: "imports"}
        elif reported_by == "members":
            grid = self._grid(groups, lambda m: m, lambda m: reporter, [EXPORTS, IMPORTS], [product])
            flow_of = {IMPORTS: "exports", EXPORTS: "imports"}  # a member's imports are the reporter's exports
        else:
            raise ParameterError(f"parameter `reported_by` must be 'reporter' or 'members', got {reported_by!r}")
        totals = self._totals(self._values(grid, absent_as_zero), ["year", "flow"])
        exports = totals[totals["flow"].map(flow_of) == "exports"].set_index("year")
        imports = totals[totals["flow"].map(flow_of) == "imports"].set_index("year")
        out = pd.DataFrame({"year": years, "n_members": [len(groups[y]) for y in years]})
        out["exports_usd_mn"] = exports["value"].reindex(years).to_numpy()
        out["imports_usd_mn"] = imports["value"].reindex(years).to_numpy()
        out["turnover_usd_mn"] = out["exports_usd_mn"] + out["imports_usd_mn"]
        out = out.assign(**self._notes(exports.reindex(years), imports.reindex(years)))
        return out

    def group_share_of_reporter_trade(self, members, years, *, reporter: str = CHINA,
                                      product: str = ALL_PRODUCTS, absent_as_zero: bool = False) -> pd.DataFrame:
        """The group's share of the reporter's trade with the world (X + M, both as the reporter reports).

        Columns: year, with_group_usd_mn, with_world_usd_mn, share_pct, missing, assumed_zero.
        """
        years = self._check_years(years)
        reporter = self._economy(reporter)
        with_group = self.trade_with_group(members, years, reporter=reporter, product=product,
                                           absent_as_zero=absent_as_zero)
        world = self._world_trade({y: [reporter] for y in years}, product, absent_as_zero).set_index("year")
        out = pd.DataFrame({"year": years, "with_group_usd_mn": with_group["turnover_usd_mn"].to_numpy(),
                            "with_world_usd_mn": world["value"].reindex(years).to_numpy()})
        out["share_pct"] = 100 * out["with_group_usd_mn"] / out["with_world_usd_mn"]
        return out.assign(**self._notes(with_group, world.reindex(years)))

    def reporter_share_of_group_trade(self, members, years, *, reporter: str = CHINA,
                                      product: str = ALL_PRODUCTS, absent_as_zero: bool = False) -> pd.DataFrame:
        """The reporter's share of the members' trade with the world (X + M), per year.

        Two readings: ``share_pct`` uses the members' own declarations of their trade with the
        reporter; ``share_pct_mirror`` uses the reporter's declarations of its trade with them
        (both over the members' declared trade with the world). Columns: year,
        with_reporter_usd_mn, with_reporter_mirror_usd_mn, with_world_usd_mn, share_pct,
        share_pct_mirror, missing, assumed_zero.
        """
        years = self._check_years(years)
        reporter = self._economy(reporter)
        own = self.trade_with_group(members, years, reporter=reporter, product=product, reported_by="members",
                                    absent_as_zero=absent_as_zero)
        mirror = self.trade_with_group(members, years, reporter=reporter, product=product,
                                       absent_as_zero=absent_as_zero)
        world = self._world_trade(self._group(members, years), product, absent_as_zero).set_index("year")
        out = pd.DataFrame({"year": years, "with_reporter_usd_mn": own["turnover_usd_mn"].to_numpy(),
                            "with_reporter_mirror_usd_mn": mirror["turnover_usd_mn"].to_numpy(),
                            "with_world_usd_mn": world["value"].reindex(years).to_numpy()})
        out["share_pct"] = 100 * out["with_reporter_usd_mn"] / out["with_world_usd_mn"]
        out["share_pct_mirror"] = 100 * out["with_reporter_mirror_usd_mn"] / out["with_world_usd_mn"]
        return out.assign(**self._notes(own, mirror, world.reindex(years)))

    def _world_trade(self, groups: dict[int, list[str]], product: str, absent_as_zero: bool) -> pd.DataFrame:
        """X + M of the economies in ``groups`` with the world (``0000``), per year."""
        grid = self._grid(groups, lambda m: m, lambda m: WORLD, [EXPORTS, IMPORTS], [product])
        return self._totals(self._values(grid, absent_as_zero), ["year"])

    def partner_shares(self, members, year: int, *, reporter: str = CHINA, product: str = ALL_PRODUCTS,
                       absent_as_zero: bool = False) -> pd.DataFrame:
        """Each member's share of the reporter's trade (X + M) with the group in ``year``.

        Sorted from the largest; ``cumulative_pct`` at rank 5 is the top five's share. Shares
        are missing if any member's trade is (the total is then unknown). Columns: rank,
        partner, partner_label, exports_usd_mn, imports_usd_mn, turnover_usd_mn, share_pct,
        cumulative_pct, missing, assumed_zero.
        """
        years = self._check_years(year)
        reporter, groups = self._economy(reporter), self._group(members, years)
        grid = self._grid(groups, lambda m: reporter, lambda m: m, [EXPORTS, IMPORTS], [product])
        totals = self._totals(self._values(grid, absent_as_zero), ["partner", "flow"])
        exports = totals[totals["flow"] == EXPORTS].set_index("partner")
        imports = totals[totals["flow"] == IMPORTS].set_index("partner")
        partners = groups[years[0]]
        out = pd.DataFrame({"partner": partners, "partner_label": [self._label(p) for p in partners],
                            "exports_usd_mn": exports["value"].reindex(partners).to_numpy(),
                            "imports_usd_mn": imports["value"].reindex(partners).to_numpy()})
        out["turnover_usd_mn"] = out["exports_usd_mn"] + out["imports_usd_mn"]
        total = out["turnover_usd_mn"].sum(min_count=len(out), skipna=False)
        out["share_pct"] = 100 * out["turnover_usd_mn"] / total
        out = out.assign(**self._notes(exports.reindex(partners), imports.reindex(partners)))
        out = out.sort_values(["share_pct", "partner_label"], ascending=[False, True], kind="stable",
                              na_position="last").reset_index(drop=True)
        out["cumulative_pct"] = out["share_pct"].cumsum()
        out.insert(0, "rank", range(1, len(out) + 1))
        return out

    def product_shares(self, members, years, *, reporter: str = CHINA, level: str = "group",
                       absent_as_zero: bool = False) -> pd.DataFrame:
        """Each product's share of the reporter's exports to and imports from the group, per year.

        Shares are of ``CER000`` (all creative goods) of the same flow and year. ``level``:
        'group' (CER010…CER070), 'leaf' or 'finest' (see :meth:`product_codes`). Columns:
        year, flow, product, product_label, value_usd_mn, total_usd_mn, share_pct, missing,
        assumed_zero. For an average over years see :func:`average_shares`.
        """
        years = self._check_years(years)
        reporter, groups = self._economy(reporter), self._group(members, years)
        codes = self.product_codes(level)
        grid = self._grid(groups, lambda m: reporter, lambda m: m, [EXPORTS, IMPORTS], codes + [ALL_PRODUCTS])
        totals = self._totals(self._values(grid, absent_as_zero), ["year", "flow", "product"])
        whole = totals[totals["product"] == ALL_PRODUCTS].set_index(["year", "flow"])
        parts = totals[totals["product"] != ALL_PRODUCTS].reset_index(drop=True)
        denominator = whole.reindex(pd.MultiIndex.from_frame(parts[["year", "flow"]]))
        labels = self.products().set_index("code")["label"]
        out = pd.DataFrame({"year": parts["year"], "flow": parts["flow"].map(FLOW_NAMES),
                            "product": parts["product"], "product_label": parts["product"].map(labels),
                            "value_usd_mn": parts["value"], "total_usd_mn": denominator["value"].to_numpy()})
        out["share_pct"] = 100 * out["value_usd_mn"] / out["total_usd_mn"]
        notes = self._notes(parts, denominator.reset_index(drop=True))
        out = out.assign(**notes)
        return out.sort_values(["flow", "year", "product"], kind="stable").reset_index(drop=True)

    def tci_shares(self, members, year: int, *, reporter: str = CHINA, level: str = "finest",
                   absent_as_zero: bool = False) -> pd.DataFrame:
        """Product shares for the trade complementarity index of the reporter and the group.

        All from trade with the world (Partner ``0000``) in ``year``, as fractions of CER000:
        ``reporter_export_share``, ``reporter_import_share``, and the group's
        (``group_export_share``, ``group_import_share``: the members' values summed, over
        their summed CER000). One row per product of ``level`` ('finest' by default, which
        partitions CER000), with the columns missing and assumed_zero.
        """
        years = self._check_years(year)
        reporter, groups = self._economy(reporter), self._group(members, years)
        codes = self.product_codes(level)
        out = pd.DataFrame({"product": codes})
        out["product_label"] = out["product"].map(self.products().set_index("code")["label"])
        notes = []
        for who, group in (("reporter", {years[0]: [reporter]}), ("group", groups)):
            grid = self._grid(group, lambda m: m, lambda m: WORLD, [EXPORTS, IMPORTS], codes + [ALL_PRODUCTS])
            totals = self._totals(self._values(grid, absent_as_zero), ["flow", "product"])
            for flow in (EXPORTS, IMPORTS):
                part = totals[totals["flow"] == flow].set_index("product")
                whole = part.loc[ALL_PRODUCTS, "value"]
                out[f"{who}_{FLOW_NAMES[flow][:-1]}_share"] = (part["value"].reindex(codes) / whole).to_numpy()
                notes.append(part.reindex(codes))
                notes.append(pd.DataFrame({"missing": [part.loc[ALL_PRODUCTS, "missing"]] * len(codes),
                                           "assumed_zero": [part.loc[ALL_PRODUCTS, "assumed_zero"]] * len(codes)}))
        return out.assign(**self._notes(*notes))

    def tci(self, members, year: int, *, reporter: str = CHINA, level: str = "finest",
            absent_as_zero: bool = False) -> dict[str, float]:
        """Trade complementarity (WITS/UNCTAD TC, 0–100) of the reporter with the group in ``year``.

        ``reporter_exports``: TC(importer = the group, exporter = the reporter);
        ``reporter_imports``: TC(importer = the reporter, exporter = the group). Computed by
        :func:`culturaltrade.complementarity.trade_complementarity_index` from
        :meth:`tci_shares`, which refuses shares that are missing or do not sum to 1.
        """
        from .complementarity import trade_complementarity_index

        shares = self.tci_shares(members, year, reporter=reporter, level=level,
                                 absent_as_zero=absent_as_zero).set_index("product")
        return {
            "reporter_exports": trade_complementarity_index(shares["group_import_share"],
                                                            shares["reporter_export_share"]),
            "reporter_imports": trade_complementarity_index(shares["reporter_import_share"],
                                                            shares["group_export_share"]),
        }


def average_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Two readings of "on average" for :meth:`GoodsTable.product_shares` over its years.

    ``mean_of_shares_pct``: the mean of the yearly shares; ``share_of_sums_pct``: the share
    of the values summed over the years. Missing if any year's value is (``years_missing``
    says which). One row per flow and product.
    """
    rows = []
    for (flow, product), part in shares.groupby(["flow", "product"], sort=True):
        gaps = part.loc[part["share_pct"].isna(), "year"].tolist()
        known = not gaps
        rows.append({
            "flow": flow, "product": product, "product_label": part["product_label"].iloc[0],
            "first_year": int(part["year"].min()), "last_year": int(part["year"].max()), "n_years": len(part),
            "mean_of_shares_pct": part["share_pct"].mean() if known else math.nan,
            "share_of_sums_pct": 100 * part["value_usd_mn"].sum() / part["total_usd_mn"].sum() if known else math.nan,
            "years_missing": ", ".join(map(str, gaps)),
        })
    return pd.DataFrame(rows)
