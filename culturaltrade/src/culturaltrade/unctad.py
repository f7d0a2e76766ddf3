"""UNCTADstat creative services: the two snapshots in ``data/snapshots/`` and what to read from them.

* :func:`load_services_by_economy`, :func:`load_services_by_region` — the tables as UNCTAD
  publishes them (its column names, footnote and missing-value columns kept), validated
  against their sidecars by :func:`culturaltrade.datasets.load_dataset`, plus the rule the
  sidecars state under ``missing_values``: a value is blank exactly when UNCTAD's
  ``... Missing value`` column says why ('Not publishable', 'Not applicable', ...).
* :func:`services_trade` — exports, imports, balance and NTB of one economy or a group,
  per year. A group's total for a year in which a member's value is missing is missing
  (never the partial sum of the others); the ``missing_members`` column says who and why.
* :func:`service_group_shares` — each service group's share (SSFT software, SINF
  information, ...) of a region's total creative-services exports (SCRE), per year.

Economies are named by UNCTAD code (``"156"``) or label (``"China"``, any case); an unknown
name is refused with the closest labels (:class:`UnknownEconomyError`). A group may change
membership over time: pass ``{year: [members], ...}`` instead of a list.

Caveat (say it wherever these numbers are used): UNCTAD's "creative services" are mostly
research and development and software, not cultural content (world 2010: R&D 39 %,
software 31 %, cultural, recreational and heritage 0.6 %).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from .datasets import DataValidationError, Problem, load_dataset
from .indicators import net_exports, normalized_trade_balance
from .params import ParameterError, year_range

BY_ECONOMY = "unctad_services_countries"
BY_REGION = "unctad_services_regional"
VALUE = "US$ at current prices in millions"
UNIT = "US$ million, current prices"
FOOTNOTE = f"{VALUE} Footnote"
MISSING = f"{VALUE} Missing value"
FLOWS = {"02": "exports", "01": "imports"}
TOTAL_SERVICES = "SCRE"
_MAX_SUGGESTIONS = 6
_MAX_REPORTED = 20


class UnknownEconomyError(ParameterError):
    """An economy (or region) name or code that the table does not have."""


# --------------------------------------------------------------------------- loading
def _check_missing_markers(frame: pd.DataFrame) -> None:
    """Refuse rows where a value and its ``... Missing value`` marker disagree (sidecar rule)."""
    meta, path = frame.attrs["meta"], frame.attrs["path"]
    rule = meta.get("missing_values", {}).get("columns", {})
    if not rule:
        raise DataValidationError(f"{path}: its sidecar declares no missing_values.columns")
    problems = []
    for value_column, marker_column in rule.items():
        blank = frame[value_column].isna()
        marked = frame[marker_column].notna()
        for position in frame.index[blank & ~marked]:
            problems.append(Problem(position + 2, value_column, "value is blank but the "
                                    f"'{marker_column}' column does not say why"))
        for position in frame.index[~blank & marked]:
            problems.append(Problem(position + 2, marker_column, f"says {frame.at[position, marker_column]!r} "
                                    f"but '{value_column}' has a value"))
    if problems:
        lines = [f"{path}: {len(problems)} problem(s) with the missing values"]
        lines += [f"  - {p.render()}" for p in sorted(problems, key=lambda p: p.line)[:_MAX_REPORTED]]
        if len(problems) > _MAX_REPORTED:
            lines.append(f"  - ... and {len(problems) - _MAX_REPORTED} more")
        raise DataValidationError("\n".join(lines))


def load_services_by_economy() -> pd.DataFrame:
    """``data/snapshots/unctad_services_countries.csv``: 178 economies × 2010–2024 × flow, as published."""
    frame = load_dataset(BY_ECONOMY, units={VALUE: UNIT})
    _check_missing_markers(frame)
    return frame


def load_services_by_region() -> pd.DataFrame:
    """``data/snapshots/unctad_services_regional.csv``: 9 regions × 2010–2024 × service group (exports)."""
    frame = load_dataset(BY_REGION, units={VALUE: UNIT})
    _check_missing_markers(frame)
    return frame


# --------------------------------------------------------------------------- naming economies
def close_names(name: str, labels: Iterable[str]) -> list[str]:
    """Labels close to ``name``: those containing it (any case), those sharing a distinctive word
    of it ('Czech Republic' → 'Czechia'), then the most similar ones (difflib)."""
    labels = sorted(set(labels))
    wanted = name.strip().casefold()
    containing = [label for label in labels if wanted and wanted in label.casefold()]
    words = {label: re.findall(r"\w+", label.casefold()) for label in labels}
    frequency = Counter(word for found in words.values() for word in set(found))
    # a word of the name that few labels have ('czech', not 'republic'), matched on its first letters
    stems = [word[:4] for word in re.findall(r"\w+", wanted) if len(word) >= 4 and frequency[word] < 3]
    sharing = [label for label in labels if any(w.startswith(s) for s in stems for w in words[label])]
    by_folded = {label.casefold(): label for label in labels}
    similar = [by_folded[m] for m in difflib.get_close_matches(wanted, list(by_folded), n=_MAX_SUGGESTIONS, cutoff=0.6)]
    return list(dict.fromkeys(containing + sharing + similar))[:_MAX_SUGGESTIONS]


def resolve_economy(name: str, codes: pd.DataFrame, where: str) -> str:
    """The code of ``name`` (a code, or a label in any case) in ``codes`` (columns code, label).

    ``where`` names the table in the message of :class:`UnknownEconomyError`.
    """
    if not isinstance(name, str):
        raise UnknownEconomyError(f"economy {name!r} must be given as text: a code such as '156' or a label "
                                  f"such as 'China' (a number would lose leading zeros: '004')")
    text = name.strip()
    if text in set(codes["code"]):
        return text
    by_label = {label.casefold(): code for code, label in zip(codes["code"], codes["label"])}
    if text.casefold() in by_label:
        return by_label[text.casefold()]
    label_of = dict(zip(codes["code"], codes["label"]))
    code_of = {label: code for code, label in label_of.items()}
    suggestions = close_names(text, label_of.values())
    hint = ("did you mean " + ", ".join(f"{s!r} ({code_of[s]})" for s in suggestions) + "?") if suggestions \
        else "no similar label; list them with culturaltrade.unctad.economy_codes()"
    raise UnknownEconomyError(f"unknown economy {name!r}: no code or label in {where} matches it; {hint}")


def members_by_year(members, years: Iterable[int], what: str = "economies") -> dict[int, list[str]]:
    """``members`` for each year: a name, a list (the same every year) or a mapping year → list.

    A mapping must cover every year asked for, and each year's list must name someone.
    """
    years = list(years)
    if isinstance(members, str) or not isinstance(members, Iterable):
        members = [members]  # one economy (a number is refused, with the reason, when it is resolved)
    if isinstance(members, Mapping):
        absent = [year for year in years if year not in members]
        if absent:
            raise ParameterError(f"`{what}` gives members by year but not for {absent}")
        by_year = {year: members[year] for year in years}
    else:
        members = list(members)
        by_year = {year: members for year in years}
    out = {}
    for year, names in by_year.items():
        names = [names] if isinstance(names, str) else list(names)
        if not names:
            raise ParameterError(f"`{what}` names no economy for {year}")
        out[year] = names
    return out


def resolve_group(members, years: Iterable[int], codes: pd.DataFrame, where: str,
                  what: str = "economies") -> dict[int, list[str]]:
    """year → the members' codes (see :func:`members_by_year`), each resolved once and never twice."""
    label_of = dict(zip(codes["code"], codes["label"]))
    resolved: dict[str, str] = {}
    groups = {}
    for year, names in members_by_year(members, years, what).items():
        group = []
        for name in names:
            key = name if isinstance(name, str) else repr(name)
            if key not in resolved:
                resolved[key] = resolve_economy(name, codes, where)
            group.append(resolved[key])
        repeated = sorted({label_of[c] for c in group if group.count(c) > 1})
        if repeated:
            raise ParameterError(f"`{what}` names {repeated} more than once for {year}")
        groups[year] = group
    return groups


def economy_codes(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Code and label of every economy in the by-economy snapshot, sorted by label."""
    table = load_services_by_economy() if table is None else table
    codes = table[["Economy", "Economy Label"]].drop_duplicates().rename(
        columns={"Economy": "code", "Economy Label": "label"})
    return codes.sort_values("label", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- exports, imports, NTB
def _describe_members(items: list[tuple[str, str, str]]) -> str:
    """[(label, flow, reason), ...] → 'Serbia (imports: Not publishable); ...', by label."""
    by_member: dict[str, list[str]] = {}
    for label, flow, reason in items:
        by_member.setdefault(label, []).append(f"{flow}: {reason}")
    return "; ".join(f"{label} ({', '.join(parts)})" for label, parts in sorted(by_member.items()))


def services_trade(economies, start: int = 2010, end: int = 2024, *, name: str | None = None,
                   table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Creative-services exports, imports, balance and NTB of an economy or a group, per year.

    ``economies``: one code or label (``"China"``, ``"156"``), a list of them (a group), or a
    mapping year → list (a group whose membership changes). ``start``/``end``: the years,
    inclusive (2010–2024). ``name``: how the result names the group (default: the labels
    joined by ' + '). ``table``: the by-economy snapshot, if already loaded.

    Returns one row per year: ``year``, ``economy``, ``n_members``, ``exports_usd_mn``,
    ``imports_usd_mn``, ``balance_usd_mn`` (X − M), ``ntb`` ((X − M)/(X + M), from
    :func:`culturaltrade.indicators.normalized_trade_balance`), ``missing_members`` and
    ``estimated_members``. US$ million at current prices.

    Missing values: a flow's total for a year is the sum over the members only if every
    member's value is there. If one is blank ('Not publishable', 'Not applicable') or has no
    row, the total is missing (NaN) and ``missing_members`` names the member, the flow and
    UNCTAD's reason ('Bosnia and Herzegovina (imports: Not publishable)'); balance and NTB
    are then missing too. ``estimated_members`` names the values UNCTAD footnotes as
    'Estimated' (they are used).
    """
    table = load_services_by_economy() if table is None else table
    first, last = int(table["Year"].min()), int(table["Year"].max())
    start, end = year_range("start", start, "end", end, first, last)
    codes = economy_codes(table)
    label_of = dict(zip(codes["code"], codes["label"]))
    groups = resolve_group(economies, range(start, end + 1), codes, table.attrs.get("path", BY_ECONOMY))
    cells = {key: (value, footnote, reason) for key, value, footnote, reason in zip(
        zip(table["Year"], table["Economy"], table["Flow"]), table[VALUE], table[FOOTNOTE], table[MISSING])}

    rows = []
    for year, members in groups.items():
        row: dict = {"year": year}
        missing: list[tuple[str, str, str]] = []
        estimated: list[tuple[str, str, str]] = []
        for flow_code, flow in FLOWS.items():
            values = []
            for code in members:
                value, footnote, reason = cells.get((year, code, flow_code), (math.nan, None, "no row in the table"))
                if math.isnan(value):
                    missing.append((label_of[code], flow, reason))
                    continue
                if footnote:
                    estimated.append((label_of[code], flow, footnote))
                values.append(value)
            # never a partial sum: one missing member makes the group's total missing
            row[f"{flow}_usd_mn"] = math.fsum(values) if len(values) == len(members) else math.nan
        row["economy"] = name if name is not None else " + ".join(label_of[c] for c in members)
        row["n_members"] = len(members)
        row["missing_members"] = _describe_members(missing)
        row["estimated_members"] = _describe_members(estimated)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["balance_usd_mn"] = net_exports(out["exports_usd_mn"], out["imports_usd_mn"])
    out["ntb"] = normalized_trade_balance(out["exports_usd_mn"], out["imports_usd_mn"])
    columns = ["year", "economy", "n_members", "exports_usd_mn", "imports_usd_mn", "balance_usd_mn", "ntb",
               "missing_members", "estimated_members"]
    return out[columns]


# --------------------------------------------------------------------------- service groups by region
def service_group_shares(regions="World", start: int = 2010, end: int = 2024, *,
                         table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each service group's share of a region's creative-services exports (SCRE), per year.

    ``regions``: a region's code or label (``"World"``, ``"Europe"``, ``"5400"``,
    ``"Developing economies"``) or a list of them. Returns one row per region, year and
    service group (SCRE itself excluded): ``region``, ``year``, ``service``,
    ``service_label``, ``value_usd_mn``, ``total_usd_mn`` (the region's SCRE) and
    ``share_pct`` = 100 × value / total (missing if either is). The six groups add up to
    SCRE within the rounding of the published values.
    """
    table = load_services_by_region() if table is None else table
    first, last = int(table["Year"].min()), int(table["Year"].max())
    start, end = year_range("start", start, "end", end, first, last)
    codes = table[["Economy", "Economy Label"]].drop_duplicates().rename(
        columns={"Economy": "code", "Economy Label": "label"})
    names = [regions] if isinstance(regions, str) else list(regions)
    chosen = [resolve_economy(n, codes, table.attrs.get("path", BY_REGION)) for n in names]

    part = table[table["Economy"].isin(chosen) & table["Year"].between(start, end)]
    totals = part[part["CreativeService"] == TOTAL_SERVICES].set_index(["Economy", "Year"])[VALUE]
    groups = part[part["CreativeService"] != TOTAL_SERVICES]
    out = pd.DataFrame({
        "region": groups["Economy Label"].to_numpy(),
        "year": groups["Year"].to_numpy(),
        "service": groups["CreativeService"].to_numpy(),
        "service_label": groups["CreativeService Label"].to_numpy(),
        "value_usd_mn": groups[VALUE].to_numpy(),
        "total_usd_mn": totals.reindex(pd.MultiIndex.from_frame(groups[["Economy", "Year"]])).to_numpy(),
    })
    out["share_pct"] = 100 * out["value_usd_mn"] / out["total_usd_mn"]
    order = {code: i for i, code in enumerate(chosen)}
    out["_order"] = [order[c] for c in groups["Economy"]]
    out = out.sort_values(["_order", "year"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)
