#!/usr/bin/env python3
"""Benchmark: text 002's figures from a bilateral creative-goods table of realistic size,
recomputed with ``culturaltrade.unctad_goods`` (DuckDB, out of core) and with plain pandas.

    .venv/bin/python bench/unctad_goods_bench.py [--years 20] [--economies 190] [--repeat 1]
                                                 [--variants duckdb pandas_by_file pandas_whole]

1. Generate (once; reused while its parameters are the same) a synthetic table in UNCTADstat's
   layout with DuckDB SQL straight to Parquet: one ZSTD file per year,
   ``build/bench/unctad_goods/goods_value/goods_value_<YYYY>.parquet`` (the layout of the
   public copy), ``economies`` reporters × (every other economy + World ``0000``) × 2 flows ×
   15 products (CER000; groups CER010…CER070; leaves CER021…CER027), i.e. about 1.08 million
   rows a year with the defaults and 21.7 million in all. The leaves add up to CER020 and the
   groups to CER000, so the TCI shares sum to 1. The CEE codes are real UNCTAD codes; every
   value is synthetic (a hash of the key), so the numbers mean nothing: only time and memory do.
2. Recompute every figure of text 002 (turnover and China's imports from the group 2005–2024,
   both shares 2005–2024, partner shares 2022, product-group shares 2005–2024, the TCI 2022),
   with the group as it stood in each year (data/reference/ceec_members.csv; its founding
   members before 2012), in a fresh subprocess per variant and repetition:

   duckdb          culturaltrade.unctad_goods (DuckDB reads only the columns and row groups
                   each query needs, in parallel; small frames come back)
   pandas_by_file  plain pandas, one year's file at a time: read it (the columns the figures
                   use), keep the rows of China, the members and the world, compute at the end
   imports_only    the floor: the interpreter with pandas, DuckDB and the helpers imported
   pandas_whole    plain pandas, the whole table in memory first (the columns the figures
                   use), then the same computation; run with an address-space limit
                   (``--pandas-memory-limit-gib``, default 16) so that it fails cleanly rather
                   than take the machine's memory

   pyarrow is not installed (and not needed by the compendium), so pandas cannot read Parquet
   itself: both pandas variants get each file's raw rows as a pandas frame from DuckDB
   (``duckdb.connect().execute("SELECT <columns> FROM read_parquet(file)").df()``, what
   ``pandas.read_parquet(file, columns=...)`` returns, except that text columns hold Python
   strings, as in pandas without pyarrow: more memory than pyarrow-backed strings would take);
   everything after that is pandas.

3. Report, per variant: wall time of the subprocess (interpreter start and imports included),
   the time of the recomputation itself, and the peak resident memory of the subprocess
   (``ru_maxrss`` of ``getrusage(RUSAGE_SELF)`` read by the child at its end: the same number
   ``getrusage(RUSAGE_CHILDREN)`` would give the parent for that one child). The parent only
   starts subprocesses (the table is generated in one as well) and stays small, since a
   child's peak starts at the size of the process it was forked from. The variants'
   results are compared with each other (they must agree to 1e-9 relative). A table is
   printed and everything is written to ``build/bench/unctad_goods.json``.

Not part of ``make test``; the generated table (about 0.5 GB) stays in build/ (not committed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
DATA = OUT / "unctad_goods"
RESULTS = OUT / "unctad_goods.json"
FIRST_YEAR = 2005
PARTNER_YEAR = 2022
CHINA, WORLD = "156", "0000"
# UNCTAD (M49) codes of the China-CEEC countries, by the ISO3 code data/reference/ceec_members.csv uses
# (the codes as in data/snapshots/unctad_services_countries.csv)
UNCTAD_CODE = {"ALB": "008", "BIH": "070", "BGR": "100", "HRV": "191", "CZE": "203", "EST": "233", "GRC": "300",
               "HUN": "348", "LVA": "428", "LTU": "440", "MNE": "499", "MKD": "807", "POL": "616", "ROU": "642",
               "SRB": "688", "SVK": "703", "SVN": "705"}
GROUPS = ["CER010", "CER020", "CER030", "CER040", "CER050", "CER060", "CER070"]
LEAVES = [f"CER02{i}" for i in range(1, 8)]
CRAFTS = "CER020"
VARIANTS = ("imports_only", "duckdb", "pandas_by_file", "pandas_whole")


# --------------------------------------------------------------------------- the synthetic table
def economy_codes(count: int) -> list[str]:
    """China, the CEE codes and filler codes (001, 002, ...), ``count`` in all."""
    fixed = [CHINA, *UNCTAD_CODE.values()]
    fillers = (f"{i:03d}" for i in range(1, 1000))
    codes = list(fixed)
    for code in fillers:
        if len(codes) >= count:
            break
        if code not in codes:
            codes.append(code)
    return sorted(codes)


def generate(years: int, economies: int) -> Path:
    """Write the table (unless it is there with the same parameters) and return its folder."""
    import duckdb

    folder = DATA / "goods_value"
    spec = {"years": years, "economies": economies, "first_year": FIRST_YEAR, "version": 1}
    stamp = DATA / "spec.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == spec:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    stamp.unlink(missing_ok=True)
    con = duckdb.connect()
    codes = economy_codes(economies)
    con.execute("CREATE TABLE economies (code VARCHAR, label VARCHAR)")
    con.executemany("INSERT INTO economies VALUES (?, ?)", [(c, f"Economy {c}") for c in codes])
    con.execute("INSERT INTO economies VALUES ('0000', 'World')")
    atoms = [c for c in GROUPS if c != CRAFTS] + LEAVES
    con.execute("CREATE TABLE atoms (code VARCHAR, label VARCHAR)")
    con.executemany("INSERT INTO atoms VALUES (?, ?)", [(c, f"Product {c}") for c in atoms])
    started = time.perf_counter()
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        target = folder / f"goods_value_{year}.parquet"
        con.execute(f"""
            COPY (
              WITH atoms_v AS (
                SELECT r.code AS e, r.label AS el, p.code AS p, p.label AS pl, f.flow AS f, f.fl AS fl,
                       a.code AS k, a.label AS kl,
                       (hash({year}, r.code, p.code, f.flow, a.code) % 1000000) / 1000.0
                         * CASE WHEN p.code = '{WORLD}' THEN 150 ELSE 1 END AS v
                FROM economies r, economies p, (VALUES ('01', 'Imports'), ('02', 'Exports')) f(flow, fl), atoms a
                WHERE r.code <> '{WORLD}' AND r.code <> p.code),
              with_sums AS (
                SELECT * FROM atoms_v
                UNION ALL SELECT e, el, p, pl, f, fl, '{CRAFTS}', 'Product {CRAFTS}', sum(v) FROM atoms_v
                          WHERE k LIKE 'CER02_' GROUP BY ALL
                UNION ALL SELECT e, el, p, pl, f, fl, 'CER000', 'All creative goods', sum(v) FROM atoms_v GROUP BY ALL)
              SELECT {year}::INTEGER AS "Year", e AS "Economy", el AS "Economy Label", p AS "Partner",
                     pl AS "Partner Label", f AS "Flow", fl AS "Flow Label", k AS "Product", kl AS "Product Label",
                     v AS "US$ at current prices in millions", v / 1000 AS "Percentage of total world",
                     v / 100 AS "Percentage by destination", v / 10000 AS "Percentage of total merchandise trade"
              FROM with_sums ORDER BY "Economy", "Partner", "Flow", "Product"
            ) TO '{target}' (FORMAT PARQUET, COMPRESSION ZSTD)""")
        print(f"  generated {target.relative_to(ROOT)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr,
              flush=True)
    stamp.write_text(json.dumps(spec))
    return folder


def table_size(folder: Path) -> dict:
    import duckdb

    files = sorted(folder.glob("*.parquet"))
    rows = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{folder}/*.parquet')").fetchall()[0][0]
    return {"files": len(files), "rows": int(rows), "bytes": sum(f.stat().st_size for f in files)}


def members_by_year(years: list[int]) -> dict[int, list[str]]:
    """The China-CEEC group as it stood in each year (data/reference/ceec_members.csv; a member
    in any part of a year counts); before the founding in 2012, the founding members."""
    import culturaltrade as ct

    reference = ct.load_dataset("ceec_members")
    groups = {}
    for year in years:
        as_of = max(year, int(reference["member_from"].min()))
        until = reference["member_until"]
        member = (reference["member_from"] <= as_of) & (until.isna() | (until >= as_of))
        groups[year] = sorted(UNCTAD_CODE[iso3] for iso3 in reference.loc[member.fillna(False).astype(bool), "iso3"])
    return groups


# --------------------------------------------------------------------------- the variants (children)
def run_duckdb(folder: Path, years: list[int], groups: dict) -> dict:
    from culturaltrade.unctad_goods import average_shares, open_goods_table

    goods = open_goods_table(folder)
    trade = goods.trade_with_group(groups, years)
    of_china = goods.group_share_of_reporter_trade(groups, years)
    of_group = goods.reporter_share_of_group_trade(groups, years)
    partners = goods.partner_shares(groups[PARTNER_YEAR], PARTNER_YEAR)
    products = goods.product_shares(groups, years)
    average = average_shares(products).set_index(["flow", "product"])
    tci = goods.tci(groups[PARTNER_YEAR], PARTNER_YEAR)
    crafts = products[products["product"] == CRAFTS]
    return {
        "turnover": trade["turnover_usd_mn"].tolist(),
        "imports": trade["imports_usd_mn"].tolist(),
        "group_share_of_china": of_china["share_pct"].tolist(),
        "china_share_of_group": of_group["share_pct"].tolist(),
        "china_share_of_group_mirror": of_group["share_pct_mirror"].tolist(),
        "top5_pct": float(partners["cumulative_pct"].iloc[4]),
        "poland_pct": float(partners.set_index("partner").loc["616", "share_pct"]),
        "crafts_exports": crafts.loc[crafts["flow"] == "exports", "share_pct"].tolist(),
        "crafts_imports": crafts.loc[crafts["flow"] == "imports", "share_pct"].tolist(),
        "crafts_exports_mean": float(average.loc[("exports", CRAFTS), "mean_of_shares_pct"]),
        "crafts_imports_mean": float(average.loc[("imports", CRAFTS), "mean_of_shares_pct"]),
        "tci_exports": tci["reporter_exports"], "tci_imports": tci["reporter_imports"],
    }


COLUMNS = ["Year", "Economy", "Partner", "Flow", "Product", "US$ at current prices in millions"]


def read_file_with_pandas(path: Path):
    """One Parquet file as a pandas frame (what pandas.read_parquet would return; see the docstring)."""
    import duckdb

    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    return duckdb.connect().execute(f"SELECT {columns} FROM read_parquet('{path}')").df()


def pandas_figures(table, years: list[int], groups: dict) -> dict:
    """The same figures as run_duckdb, in pandas, from the rows of ``table`` (raw layout)."""
    import pandas as pd

    from culturaltrade.complementarity import trade_complementarity_index

    value = "US$ at current prices in millions"
    t = table.rename(columns={"Year": "year", "Economy": "e", "Partner": "p", "Flow": "f", "Product": "k", value: "v"})
    membership = pd.DataFrame([(y, m) for y in years for m in groups[y]], columns=["year", "member"])
    total = t[t["k"] == "CER000"]
    china = total[total["e"] == CHINA]
    china_group = china.merge(membership, left_on=["year", "p"], right_on=["year", "member"])
    by_flow = china_group.groupby(["year", "f"])["v"].sum().unstack()
    turnover = by_flow["01"] + by_flow["02"]
    china_world = china[china["p"] == WORLD].groupby("year")["v"].sum()
    members_total = total.merge(membership, left_on=["year", "e"], right_on=["year", "member"])
    members_china = members_total[members_total["p"] == CHINA].groupby("year")["v"].sum()
    members_world = members_total[members_total["p"] == WORLD].groupby("year")["v"].sum()
    partners = china_group[china_group["year"] == PARTNER_YEAR].groupby("p")["v"].sum().sort_values(ascending=False)
    partners = 100 * partners / partners.sum()
    china_products = t[t["e"] == CHINA].merge(membership, left_on=["year", "p"], right_on=["year", "member"])
    crafts = china_products[china_products["k"] == CRAFTS].groupby(["f", "year"])["v"].sum()
    whole = china_products[china_products["k"] == "CER000"].groupby(["f", "year"])["v"].sum()
    crafts_pct = 100 * crafts / whole
    finest = sorted(LEAVES + [c for c in GROUPS if c != CRAFTS])
    at = t[(t["year"] == PARTNER_YEAR) & (t["p"] == WORLD)]
    china_world_k = at[at["e"] == CHINA].groupby(["f", "k"])["v"].sum()
    group_world_k = at[at["e"].isin(groups[PARTNER_YEAR])].groupby(["f", "k"])["v"].sum()

    def shares(frame, flow):
        return frame.loc[flow].reindex(finest) / frame.loc[(flow, "CER000")]

    return {
        "turnover": turnover.reindex(years).tolist(),
        "imports": by_flow["01"].reindex(years).tolist(),
        "group_share_of_china": (100 * turnover / china_world).reindex(years).tolist(),
        "china_share_of_group": (100 * members_china / members_world).reindex(years).tolist(),
        "china_share_of_group_mirror": (100 * turnover / members_world).reindex(years).tolist(),
        "top5_pct": float(partners.iloc[:5].sum()),
        "poland_pct": float(partners.loc["616"]),
        "crafts_exports": crafts_pct.loc["02"].reindex(years).tolist(),
        "crafts_imports": crafts_pct.loc["01"].reindex(years).tolist(),
        "crafts_exports_mean": float(crafts_pct.loc["02"].mean()),
        "crafts_imports_mean": float(crafts_pct.loc["01"].mean()),
        "tci_exports": trade_complementarity_index(shares(group_world_k, "01"), shares(china_world_k, "02")),
        "tci_imports": trade_complementarity_index(shares(china_world_k, "01"), shares(group_world_k, "02")),
    }


def run_imports_only(folder: Path, years: list[int], groups: dict) -> dict:
    """The floor of every variant: the interpreter with pandas, DuckDB and the helpers imported."""
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    from culturaltrade import unctad_goods  # noqa: F401

    return {}


def run_pandas_by_file(folder: Path, years: list[int], groups: dict) -> dict:
    import pandas as pd

    everyone = {CHINA, WORLD} | {m for ms in groups.values() for m in ms}
    kept = []
    for path in sorted(folder.glob("*.parquet")):
        frame = read_file_with_pandas(path)
        kept.append(frame[frame["Economy"].isin(everyone) & frame["Partner"].isin(everyone)])
        del frame
    return pandas_figures(pd.concat(kept, ignore_index=True), years, groups)


def run_pandas_whole(folder: Path, years: list[int], groups: dict) -> dict:
    import pandas as pd

    table = pd.concat([read_file_with_pandas(p) for p in sorted(folder.glob("*.parquet"))], ignore_index=True)
    return pandas_figures(table, years, groups)


def child(variant: str, folder: Path, years: list[int], limit_gib: float) -> None:
    if variant == "pandas_whole" and limit_gib > 0:
        limit = int(limit_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    groups = members_by_year(years)
    started = time.perf_counter()
    outcome = {"variant": variant}
    try:
        runner = {"imports_only": run_imports_only, "duckdb": run_duckdb, "pandas_by_file": run_pandas_by_file,
                  "pandas_whole": run_pandas_whole}
        outcome["figures"] = runner[variant](folder, years, groups)
        outcome["seconds"] = time.perf_counter() - started
    except MemoryError:
        outcome["error"] = f"MemoryError at the {limit_gib:g} GiB address-space limit"
        outcome["seconds"] = time.perf_counter() - started
    outcome["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(outcome))


# --------------------------------------------------------------------------- the parent
def measure(variant: str, folder: Path, years: list[int], limit_gib: float) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", variant, "--folder", str(folder), "--years", str(len(years)),
         "--pandas-memory-limit-gib", str(limit_gib)],
        capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"variant": variant, "error": f"exit {done.returncode}: {last}", "wall_seconds": wall}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = wall
    return result


def agree(a: dict, b: dict) -> list[str]:
    """Names of the figures on which two variants differ (relative 1e-9)."""
    differ = []
    for key in a:
        left, right = a[key], b[key]
        pairs = zip(left, right) if isinstance(left, list) else [(left, right)]
        if (isinstance(left, list) and len(left) != len(right)) or not all(
                math.isclose(x, y, rel_tol=1e-9) or (math.isnan(x) and math.isnan(y)) for x, y in pairs):
            differ.append(key)
    return differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=20, help="years in the table (from 2005)")
    parser.add_argument("--economies", type=int, default=190, help="reporting economies (partners: the others + World)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--pandas-memory-limit-gib", type=float, default=16.0)
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    years = list(range(FIRST_YEAR, FIRST_YEAR + args.years))
    if args.child:
        child(args.child, args.folder, years, args.pandas_memory_limit_gib)
        return 0
    if args.generate:
        folder = generate(args.years, args.economies)
        print(json.dumps({**table_size(folder), "folder": str(folder),
                          "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
        return 0
    if PARTNER_YEAR not in years:
        parser.error(f"--years must reach {PARTNER_YEAR} (the year of the partner shares and the TCI)")

    print(f"table: {args.years} years x {args.economies} economies (build/bench/unctad_goods/)", flush=True)
    # Generated in a subprocess too: this process must stay small, because a child's peak RSS
    # starts at the size of the process it was forked from (Linux carries the high-water mark
    # of the pre-exec memory over into the new program's ru_maxrss).
    started = time.perf_counter()
    made = subprocess.run([sys.executable, __file__, "--generate", "--years", str(args.years),
                           "--economies", str(args.economies)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    if made.returncode != 0:
        print("error: generating the table failed (see above)", file=sys.stderr)
        return 1
    generated = time.perf_counter() - started
    size = json.loads(made.stdout.strip().splitlines()[-1])
    folder = Path(size.pop("folder"))
    size["generator_peak_rss_mib"] = size.pop("peak_rss_mib")
    print(f"  {size['rows']:,} rows in {size['files']} files, {size['bytes'] / 2**20:.0f} MiB "
          f"(generated or found in {generated:.0f} s)", flush=True)

    runs: dict[str, list[dict]] = {v: [] for v in args.variants}
    for repetition in range(args.repeat):
        for variant in args.variants:
            result = measure(variant, folder, years, args.pandas_memory_limit_gib)
            runs[variant].append(result)
            shown = result.get("error") or f"{result['seconds']:.1f} s, peak {result['peak_rss_mib']:.0f} MiB"
            print(f"  [{repetition + 1}/{args.repeat}] {variant}: {shown}", flush=True)

    reference = next((r["figures"] for r in runs.get("duckdb", []) if "figures" in r), None)
    summary = {}
    for variant, results in runs.items():
        good = [r for r in results if "figures" in r]
        summary[variant] = {
            "runs": len(results), "failed": [r["error"] for r in results if "error" in r],
            "seconds_median": statistics.median(r["seconds"] for r in good) if good else None,
            "seconds_range": [min(r["seconds"] for r in good), max(r["seconds"] for r in good)] if good else None,
            "wall_seconds_median": statistics.median(r["wall_seconds"] for r in good) if good else None,
            "peak_rss_mib_max": max(r["peak_rss_mib"] for r in good) if good else None,
            "differs_from_duckdb": (agree(reference, good[0]["figures"])
                                    if reference and good and good[0]["figures"] else None),
        }

    print()
    print(f"{'variant':<16} {'recompute, median [range] (s)':>30} {'process (s)':>12} {'peak RSS (MiB)':>15}  "
          f"same figures as duckdb")
    for variant, row in summary.items():
        if row["seconds_median"] is None:
            print(f"{variant:<16} {'failed: ' + '; '.join(row['failed']):>44}")
            continue
        same = {None: "(computes nothing)"}.get(row["differs_from_duckdb"]) if row["differs_from_duckdb"] is None \
            else "yes" if row["differs_from_duckdb"] == [] else f"NO: {row['differs_from_duckdb']}"
        low, high = row["seconds_range"]
        recompute = f"{row['seconds_median']:.1f} [{low:.1f}–{high:.1f}]"
        print(f"{variant:<16} {recompute:>30} {row['wall_seconds_median']:>12.1f} "
              f"{row['peak_rss_mib_max']:>15.0f}  {same}")
    if reference:
        print(f"\n(synthetic values) turnover {FIRST_YEAR}: {reference['turnover'][0]:.1f}, TCI exports "
              f"{PARTNER_YEAR}: {reference['tci_exports']:.2f}")

    record = {
        "command": " ".join(["bench/unctad_goods_bench.py", *sys.argv[1:]]),
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(),
                    "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "versions": versions(),
        "table": {**size, "years": args.years, "economies": args.economies, "generated_seconds": generated},
        "pandas_reads_parquet_with": "duckdb .df() of each file's rows (pyarrow is not installed)",
        "summary": summary, "runs": runs,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def versions() -> dict:
    from importlib import metadata

    return {name: metadata.version(name) for name in ("duckdb", "pandas", "numpy")}


if __name__ == "__main__":
    sys.exit(main())
