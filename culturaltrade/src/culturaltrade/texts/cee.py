"""Text 002 (China–Central and Eastern Europe cultural trade): its stated values, checks and figures.

The speech states endpoints (turnover 2017 and 2022, imports 2010 and 2022, two shares in
2002 and 2022), the growth rates it derives from them, a product composition and the 2022
partner concentration. Here, and only here, those values are tidied and checked:

* growth and share changes are recomputed from the printed endpoints, as intervals over
  their printed rounding (:func:`growth_check`, :func:`share_change`), with what would
  have to be true for a stated rate that does not follow (:func:`implied_by_stated_growth`);
* the country group ("CEE") is read from ``data/reference/ceec_members.csv`` for a year
  (:func:`members_in`), never hard-coded;
* the partner concentration is split into stated and derived parts, and bounded with
  :func:`culturaltrade.complementarity.hhi_bounds_from_top_shares`.
"""

from __future__ import annotations

import math

import pandas as pd

from ..claims import Claim, Ledger
from ..complementarity import hhi_bounds_from_top_shares
from ..datasets import require_percent_shares
from ..indicators import cagr, growth_rate, value_and_bounds
from ..params import ParameterError

PAPER = "002_197a62c466dbd3cf.txt"
NOTEBOOK = "03_china_cee"
STATED = "002_stated_values"
PARTNERS = "002_top_partners_2022"
PRODUCT_CODES = "002_product_codes"
EVENTS = "002_mechanism_events"
MEMBERS = "ceec_members"
CHINA_ISO3 = "CHN"
FIRST_GROUP_YEAR = 2012  # founding of the mechanism (text §IV: April 26, 2012)
LAST_GROUP_YEAR = 2024   # last year data/reference/ceec_members.meta.yaml vouches for
GIVEN_TOP_N = (1, 5)     # the text gives Poland's share (top 1) and the top five's share
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
QUANTITY_LABELS = {
    "cultural_product_turnover_china_cee": "cultural-product turnover between China and the CEE countries",
    "china_cultural_imports_from_cee": "China's imports of cultural products from the CEE countries",
    "share_of_cee_in_china_cultural_trade": "China-CEE cultural trade as a share of China's total cultural trade",
    "share_of_china_in_cee_cultural_trade": "CEE-China cultural trade as a share of the CEE countries' total cultural trade",
    "manufactured_crafts_share_of_exports": "manufactured crafts as a share of China-CEE cultural exports (average)",
    "manufactured_crafts_share_of_imports": "manufactured crafts as a share of China-CEE cultural imports (average)",
    "partner_share_top5": "share of the top five CEE partners in China's cultural trade with the region",
    "partner_share_poland": "share of Poland in China's cultural trade with the region",
}
# "marking a 103% growth over five years": the period is printed in words, so it cannot be a
# `reported` number in the registry; it is registered here, with the words as printed.
PERIOD_CLAIM = {
    "claim_id": "002-TURNOVER-PERIOD-YEARS",
    "location": "§II, paragraph 2, sentence 1",
    "statement": "marking a 103% growth over five years (2017 to 2022)",
    "as_printed": "five",
}


# --------------------------------------------------------------------------- parameters
def validate_group_year(value) -> int:
    """The year whose China–CEEC membership defines the country group."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"parameter `group_year` must be a whole number (a year), got {value!r}")
    if not FIRST_GROUP_YEAR <= value <= LAST_GROUP_YEAR:
        raise ParameterError(
            f"parameter `group_year` must be between {FIRST_GROUP_YEAR} (the mechanism was founded on "
            f"April 26, 2012) and {LAST_GROUP_YEAR} (the last year data/reference/ceec_members.csv covers), "
            f"got {value}")
    return value


def validate_top_n(value) -> int:
    """Which of the text's concentration figures to use: 1 (Poland) or 5 (the top five)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in GIVEN_TOP_N:
        raise ParameterError(
            f"parameter `top_n` must be one of {list(GIVEN_TOP_N)}: the text gives only the largest "
            f"partner's share (top 1, Poland) and the five largest partners' share (top 5); got {value!r}")
    return value


# --------------------------------------------------------------------------- stated values
def stated_values(frame: pd.DataFrame) -> pd.Series:
    """value_id → the stated value as a number (units as in the transcription)."""
    require_percent_shares(frame)
    return frame.set_index("value_id")["value"].astype("float64")


def printed_values(printed: pd.DataFrame) -> dict[str, str]:
    """value_id → the value exactly as transcribed (text), to know its printed precision."""
    return dict(zip(printed["value_id"], printed["value"]))


def number_from_words(text: str) -> int:
    """'five' → 5 (the numbers the text writes in words)."""
    key = text.strip().lower()
    if key not in NUMBER_WORDS:
        raise ValueError(f"no number word {text!r} known; add it to NUMBER_WORDS")
    return NUMBER_WORDS[key]


def register_stated_values(ledger: Ledger, printed: pd.DataFrame) -> list[str]:
    """Register each stated value as a claim from the transcription (number typed once)."""
    ids = []
    for row in printed.itertuples(index=False):
        claim_id = "002-V-" + row.value_id.upper().replace("_", "-")
        year = f" ({row.year})" if row.year else ""
        ledger.register(Claim(
            claim_id=claim_id, paper=PAPER, notebook=NOTEBOOK, location=row.location,
            statement=f"{QUANTITY_LABELS[row.quantity]}{year}: “{row.as_printed}”",
            reported=row.value, unit=row.unit,
        ))
        ids.append(claim_id)
    return ids


def register_period_claim(ledger: Ledger) -> str:
    """Register 'over five years' with the number parsed from the printed word."""
    ledger.register(Claim(
        claim_id=PERIOD_CLAIM["claim_id"], paper=PAPER, notebook=NOTEBOOK, location=PERIOD_CLAIM["location"],
        statement=PERIOD_CLAIM["statement"], reported=str(number_from_words(PERIOD_CLAIM["as_printed"])),
        unit="years", tolerance="exact", approximate="none",
        note=f"printed in words ('{PERIOD_CLAIM['as_printed']}'); recomputed: 2022 - 2017",
    ))
    return PERIOD_CLAIM["claim_id"]


# --------------------------------------------------------------------------- growth and shares
def growth_check(start_printed: str, end_printed: str, years: int) -> dict:
    """Total growth and CAGR (percent) from two printed endpoints, point and rounding interval."""
    start, end = float(start_printed), float(end_printed)
    growth, (low, high) = value_and_bounds(lambda s, e: 100 * growth_rate(s, e), start_printed, end_printed)
    rate, (cagr_low, cagr_high) = value_and_bounds(lambda s, e: 100 * cagr(s, e, years), start_printed, end_printed)
    return {
        "start": start, "end": end, "years": years, "ratio": end / start,
        "growth_pct": growth, "growth_pct_low": low, "growth_pct_high": high,
        "cagr_pct": rate, "cagr_pct_low": cagr_low, "cagr_pct_high": cagr_high,
    }


def implied_by_stated_growth(start: float, end: float, stated_pct: float, years: int) -> dict:
    """What would make a stated total growth true: the start it implies, the end it implies, its CAGR."""
    factor = 1 + stated_pct / 100
    return {
        "start_implied": end / factor,         # keep the end, solve for the start
        "end_implied": start * factor,         # keep the start, solve for the end
        "cagr_implied_pct": 100 * (factor ** (1 / years) - 1),
    }


def alternative_readings(start: float, end: float, years: int) -> pd.DataFrame:
    """The usual ways a percentage is derived from two endpoints, to see if any gives the stated one."""
    rows = [
        ("total growth", "(end / start − 1) × 100", 100 * (end / start - 1)),
        ("end as a multiple of start", "end / start × 100", 100 * end / start),
        ("change relative to the end value", "(end − start) / end × 100", 100 * (end - start) / end),
        ("compound annual growth", f"((end / start)^(1/{years}) − 1) × 100", 100 * cagr(start, end, years)),
        ("average annual growth, simple", f"(end / start − 1) / {years} × 100", 100 * (end / start - 1) / years),
        ("log change", "ln(end / start) × 100", 100 * math.log(end / start)),
    ]
    return pd.DataFrame(rows, columns=["reading", "formula", "value_pct"])


def share_change(start_printed: str, end_printed: str) -> dict:
    """Change of a share (printed in percent): percentage points and relative, point and rounding interval."""
    start, end = float(start_printed), float(end_printed)
    change, (pp_low, pp_high) = value_and_bounds(lambda s, e: e - s, start_printed, end_printed)
    relative, (rel_low, rel_high) = value_and_bounds(lambda s, e: 100 * growth_rate(s, e), start_printed, end_printed)
    return {
        "start_pct": start, "end_pct": end,
        "change_pp": change, "change_pp_low": pp_low, "change_pp_high": pp_high,
        "ratio": end / start,
        "relative_pct": relative, "relative_pct_low": rel_low, "relative_pct_high": rel_high,
    }


# --------------------------------------------------------------------------- the country group
def members_in(reference: pd.DataFrame, year: int) -> pd.DataFrame:
    """Members during at least part of ``year`` (see data/reference/ceec_members.meta.yaml)."""
    until = reference["member_until"]
    member = (reference["member_from"] <= year) & (until.isna() | (until >= year))
    return reference[member.fillna(False).astype(bool)].reset_index(drop=True)


def member_counts(reference: pd.DataFrame, years) -> pd.DataFrame:
    """Number of members per year, with who joined and who left compared with the year before."""
    rows = []
    previous: set[str] | None = None
    for year in years:
        names = set(members_in(reference, year)["country"])
        joined = sorted(names - previous) if previous is not None else []
        left = sorted(previous - names) if previous is not None else []
        rows.append({"year": year, "n_members": len(names), "joined": ", ".join(joined), "left": ", ".join(left)})
        previous = names
    return pd.DataFrame(rows)


def membership_changes(reference: pd.DataFrame) -> pd.DataFrame:
    """Who joined after the founding and who left, by calendar year (as the reference records it)."""
    first = int(reference["member_from"].min())
    joined = reference[reference["member_from"] > first][["member_from", "country"]].rename(columns={"member_from": "year"})
    left = reference[reference["member_until"].notna()][["member_until", "country"]].rename(columns={"member_until": "year"})
    out = pd.concat([joined.assign(change="joined"), left.assign(change="left")], ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out.sort_values(["year", "change", "country"], kind="stable").reset_index(drop=True)


def count_periods(counts: pd.DataFrame) -> list[tuple[int, int, int]]:
    """Runs of years with the same number of members: [(first year, last year, n), ...]."""
    runs: list[tuple[int, int, int]] = []
    for row in counts.itertuples():
        if runs and runs[-1][2] == row.n_members and runs[-1][1] == row.year - 1:
            runs[-1] = (runs[-1][0], row.year, row.n_members)
        else:
            runs.append((row.year, row.year, row.n_members))
    return runs


def match_partners(partners: pd.DataFrame, reference: pd.DataFrame, year: int) -> pd.DataFrame:
    """The printed partner names with their ISO codes; every one must be a member in ``year``."""
    members = members_in(reference, year).set_index("country")
    out = partners.copy()
    out["country"] = out["country_as_printed"].str.replace(r"^the ", "", regex=True)
    missing = sorted(set(out["country"]) - set(members.index))
    if missing:
        raise ValueError(f"{missing}: named by the text as top partners in 2022 but not members of the "
                         f"China–CEEC mechanism in {year} according to data/reference/{MEMBERS}.csv")
    out["iso3"] = out["country"].map(members["iso3"])
    return out


# --------------------------------------------------------------------------- concentration
def partner_breakdown(top1_pct: float, top5_pct: float, turnover_bn: float, top_n: int, n_members: int,
                      names: list[str]) -> pd.DataFrame:
    """Shares of the 2022 partner groups (stated or derived) and their implied US$ values (derived).

    ``names``: the printed top-five names, Poland (the largest, 53.97 %) first. With ``top_n``
    = 1 only Poland's share is used and all other partners form one group. The US$ values
    assume that the partner shares are shares of the 2022 turnover (``turnover_bn``).
    """
    where_top1 = f"{PAPER}, §II, paragraph 6, sentence 2"
    where_top5 = f"{PAPER}, §II, paragraph 6, sentence 1"
    rows = [{"group": names[0], "n_countries": 1, "share_pct": top1_pct, "share_status": "stated",
             "share_source": f"{where_top1} ({top1_pct:g}%)"}]
    if top_n == 5:
        rows.append({"group": " + ".join(names[1:5]), "n_countries": 4, "share_pct": top5_pct - top1_pct,
                     "share_status": "derived",
                     "share_source": f"derived: top five ({top5_pct:g}%, {where_top5}) minus {names[0]} ({top1_pct:g}%)"})
        rest_pct, rest_n = 100 - top5_pct, n_members - 5
        rest_source = f"derived: 100% minus the top five ({top5_pct:g}%, {where_top5})"
    else:
        rest_pct, rest_n = 100 - top1_pct, n_members - 1
        rest_source = f"derived: 100% minus {names[0]} ({top1_pct:g}%, {where_top1})"
    rows.append({"group": f"the other {rest_n} members", "n_countries": rest_n, "share_pct": rest_pct,
                 "share_status": "derived", "share_source": rest_source})
    out = pd.DataFrame(rows)
    out["usd_bn_derived"] = out["share_pct"] / 100 * turnover_bn
    out["usd_source"] = (f"derived: share × 2022 turnover US$ {turnover_bn:g} billion "
                         f"({PAPER}, §II, paragraph 2, sentence 1)")
    return out


def hhi_by_group_year(reference: pd.DataFrame, years, top1: float, topk: float | None, k: int) -> pd.DataFrame:
    """HHI bounds (0–1 and ×10,000) and equivalent numbers of partners for each group year."""
    rows = []
    for year in years:
        n = len(members_in(reference, year))
        bounds = hhi_bounds_from_top_shares(top1, n, topk if k > 1 else None, k if k > 1 else None)
        fewest, most = bounds.equivalent_partners
        rows.append({"group_year": year, "n_partners": n, "hhi_low": bounds.low, "hhi_high": bounds.high,
                     "hhi_low_x10000": bounds.low_10000, "hhi_high_x10000": bounds.high_10000,
                     "equivalent_partners_low": fewest, "equivalent_partners_high": most})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def _bar_labels(ax, bars, texts, colour="#222222", inside=False):
    for bar, text in zip(bars, texts):
        height = bar.get_height()
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, height), xytext=(0, -14 if inside else 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9, color=colour)


def plot_growth_endpoints(data: pd.DataFrame, checks: dict[str, dict], stated: dict[str, float],
                          verdicts: dict[str, str]):
    """Two panels: turnover 2017 vs 2022 and imports from CEE 2010 vs 2022 (stated bars), the
    recomputed and stated growth, and (derived, orange) the endpoints the stated import growth implies.

    ``data``: rows panel ('turnover'/'imports'), year, value, status ('stated'/'derived');
    ``checks``, ``stated``, ``verdicts``: per panel, the :func:`growth_check` result, the stated
    growth (percent) and the ledger's verdict on it.
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5))
    panels = (("turnover", "Turnover, China–CEE (US$ billion)", "{:.3f}"),
              ("imports", "China's imports from CEE (US$ million)", "{:.0f}"))
    for ax, (panel, ylabel, fmt) in zip(axes, panels):
        check, stated_pct, verdict = checks[panel], stated[panel], verdicts[panel]
        part = data[data["panel"] == panel]
        bars_data = part[part["status"] == "stated"]
        positions = range(len(bars_data))
        bars = ax.bar(positions, bars_data["value"], width=0.55, color=ROLE_COLOURS["stated"], label="stated in the text")
        _bar_labels(ax, bars, [fmt.format(v) for v in bars_data["value"]])
        ax.set_xticks(list(positions), [str(y) for y in bars_data["year"]])
        derived = part[part["status"] == "derived"]
        if not derived.empty:  # beside the bar, so that the bar's own label stays readable
            x_of = dict(zip(bars_data["year"], positions))
            xs = [x_of[y] + 0.36 for y in derived["year"]]
            ax.scatter(xs, derived["value"], marker="D", s=46, color=ROLE_COLOURS["derived"], zorder=3,
                       edgecolor="white", linewidth=0.8, label=f"derived: would make the text's +{stated_pct:g} % true")
            for x, v in zip(xs, derived["value"]):
                ax.annotate(fmt.format(v), (x, v), xytext=(7, 0), textcoords="offset points", va="center",
                            fontsize=8.5, color=ROLE_COLOURS["derived"])
        ax.set_ylim(0, bars_data["value"].max() * 1.15)
        ax.set_title(f"recomputed: +{check['growth_pct']:.1f} % in {check['years']} years "
                     f"(CAGR {check['cagr_pct']:.1f} %/yr)\ntext: +{stated_pct:g} %  →  {verdict}",
                     fontsize=9.5, fontweight="normal",
                     color="#222222" if verdict == "reproduced" else ROLE_COLOURS["imports"])
        ax.set_ylabel(ylabel)
        ax.set_xlabel("Year")
        ax.set_xlim(-0.6, len(bars_data) - 0.4 + (0.3 if not derived.empty else 0))
    handles, labels = axes[1].get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: not labels[i].startswith("stated"))
    fig.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower center", ncols=2,
               bbox_to_anchor=(0.5, -0.04), fontsize=9)
    fig.suptitle("China–CEE cultural trade: the text's endpoints and growth rates")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_share_series(data: pd.DataFrame, changes: dict[str, dict], titles: dict[str, str],
                      stated_growth: dict[str, tuple[float, str]]):
    """Two panels (same scale): each share in 2002 and 2022 (stated) with its change (derived).

    ``data``: rows series, year, share_pct; ``changes``: series → :func:`share_change` result;
    ``stated_growth``: series → (the text's relative growth in percent, the ledger's verdict).
    """
    import matplotlib.pyplot as plt

    from ..figures import ROLE_COLOURS

    box = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 4.5), sharey=True)
    for ax, series in zip(axes, titles):
        part = data[data["series"] == series]
        bars = ax.bar(range(len(part)), part["share_pct"], width=0.55, color=ROLE_COLOURS["stated"])
        _bar_labels(ax, bars, [f"{v:.2f} %" for v in part["share_pct"]])
        ax.set_xticks(range(len(part)), [str(y) for y in part["year"]])
        ax.set_xlim(-0.6, len(part) - 0.4)
        change = changes[series]
        ax.text(0.04, 0.96, f"derived: {change['change_pp']:+.2f} pp, ×{change['ratio']:.2f} "
                f"(+{change['relative_pct']:.1f} %)", transform=ax.transAxes, ha="left", va="top", fontsize=9,
                color=ROLE_COLOURS["derived"], bbox=box)
        if series in stated_growth:
            growth, verdict = stated_growth[series]
            ax.text(0.04, 0.88, f"text: +{growth:g} %  →  {verdict}", transform=ax.transAxes,
                    ha="left", va="top", fontsize=9, color=ROLE_COLOURS["stated"], bbox=box)
        ax.set_title(titles[series], fontsize=10, fontweight="normal")
        ax.set_xlabel("Year")
    axes[0].set_ylabel("Share of total cultural trade (%)")
    axes[0].set_ylim(0, data["share_pct"].max() * 1.35)
    fig.suptitle("The China–CEE flow as a share of each side's cultural trade, 2002 and 2022")
    fig.tight_layout()
    return fig


def plot_composition(data: pd.DataFrame):
    """Stacked horizontal bars to 100 %: manufactured crafts (stated) and the rest (derived), per flow.

    ``data``: rows flow ('exports'/'imports'), part ('manufactured crafts'/'all other cultural
    products'), share_pct, status.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    flows = list(dict.fromkeys(data["flow"]))
    for y, flow in enumerate(flows):
        part = data[data["flow"] == flow].set_index("part")
        crafts = part.loc["manufactured crafts", "share_pct"]
        rest = part.loc["all other cultural products", "share_pct"]
        ax.barh(y, crafts, color=ROLE_COLOURS[flow], height=0.5)
        ax.barh(y, rest, left=crafts, color=ROLE_COLOURS["derived"], height=0.5, hatch="//", edgecolor="white")
        ax.text(crafts / 2, y, f"manufactured crafts {crafts:.1f} %", ha="center", va="center", color="white",
                fontsize=9.5, fontweight="bold")
        ax.annotate(f"all other cultural products\n{rest:.1f} % (derived)", (100, y), xytext=(8, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=9, color="#222222")
    ax.set_yticks(range(len(flows)), [f.capitalize() for f in flows])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_ylim(len(flows) - 0.4, -0.6)
    ax.set_xlabel("Share of the flow's cultural-product trade, China–CEE, average over unstated years (%)")
    ax.set_title("China–CEE cultural-product trade by product group: manufactured crafts and the rest")
    ax.legend(handles=[
        Patch(color=ROLE_COLOURS["exports"], label="exports: crafts share, stated"),
        Patch(color=ROLE_COLOURS["imports"], label="imports: crafts share, stated"),
        Patch(facecolor=ROLE_COLOURS["derived"], hatch="//", edgecolor="white", label="100 % − stated share (derived)"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8.5)
    fig.tight_layout()
    return fig


def plot_partner_concentration(data: pd.DataFrame, group_year: int, turnover_bn: float):
    """Horizontal bars of the 2022 partner groups' shares (stated black, derived orange) with the
    implied US$ values (derived). ``data``: :func:`partner_breakdown` output."""
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..figures import ROLE_COLOURS

    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    colours = [ROLE_COLOURS["stated"] if s == "stated" else ROLE_COLOURS["derived"] for s in data["share_status"]]
    ax.barh(range(len(data)), data["share_pct"], color=colours, height=0.55)
    for y, row in enumerate(data.itertuples()):
        ax.annotate(f"{row.share_pct:.2f} %  ·  US$ {row.usd_bn_derived:.2f} bn (derived)", (row.share_pct, y),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=9)
    labels = []
    for group, n in zip(data["group"], data["n_countries"]):
        label = textwrap.fill(group.replace(" + ", ", "), 26)
        if group.startswith("the other"):
            label += f"\n(members as of {group_year})"
        labels.append(label)
    ax.set_yticks(range(len(data)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of China's 2022 cultural trade with the CEE countries (%)\n"
                  f"US$ values: share × 2022 turnover of US$ {turnover_bn:g} bn, derived")
    ax.set_title("China's cultural trade with the CEE countries by partner, 2022")
    ax.legend(handles=[
        Patch(color=ROLE_COLOURS["stated"], label="share stated in the text"),
        Patch(color=ROLE_COLOURS["derived"], label="share derived from the stated shares"),
    ], loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=2, fontsize=8.5)
    fig.tight_layout()
    return fig
