"""The targets, the ratios judged against them, and the table printed at the end.

How to read the ratios (a benchmark reports them; it does not fail on them):

* (c)/(a) <= 0.5     the pipeline rebuilds everything at least twice as fast as running the
                     notebooks one by one with nbconvert.
* (c)/ideal <= 1.2   the pipeline is within 20 % of a perfect parallel schedule of the
                     papermill runs over all CPUs (1.0 = perfect; < 1 is possible if the
                     pipeline saves start-up costs).
* (d) <= 1 s         deciding that nothing needs to run is cheap.
* (e) at most 2 notebooks re-ran, and not all of them: only the notebooks that read the
                     changed file (and what depends on their outputs) re-run.
* (e′) none          a new mtime alone re-runs nothing (informational).
* make test <= 60 s.
"""

from __future__ import annotations

TARGETS = {
    "c_over_a": 0.5,
    "c_over_ideal": 1.2,
    "d_noop_s": 1.0,
    "e_max_reran": 2,
    "test_s": 60.0,
}
LABELS = {"c_over_a": "(c) / (a)", "c_over_ideal": "(c) / ideal", "d_noop_s": "(d) no-op",
          "e_reran": "(e) notebooks re-ran", "e2_reran": "(e') notebooks re-ran", "test_s": "make test"}


def ratios(m: dict, total_notebooks: int) -> dict:
    """Each target whose measures ran: its value, the goal, and whether it was met."""
    out = {}
    if "c_rebuild" in m and "a_nbconvert" in m:
        value = m["c_rebuild"]["median_s"] / m["a_nbconvert"]["median_s"]
        out["c_over_a"] = {"value": value, "target": f"<= {TARGETS['c_over_a']}", "pass": value <= TARGETS["c_over_a"]}
    if "c_rebuild" in m and "b_papermill" in m:
        value = m["c_rebuild"]["median_s"] / m["b_papermill"]["ideal_s"]
        out["c_over_ideal"] = {"value": value, "target": f"<= {TARGETS['c_over_ideal']}",
                               "pass": value <= TARGETS["c_over_ideal"]}
    if "d_noop" in m:
        value = m["d_noop"]["median_s"]
        out["d_noop_s"] = {"value": value, "target": f"<= {TARGETS['d_noop_s']} s", "pass": value <= TARGETS["d_noop_s"]}
    if "e_content_change" in m:
        counts = _counts(m["e_content_change"]["reran"])
        ok = counts is not None and all(n <= TARGETS["e_max_reran"] and n < total_notebooks for n in counts)
        out["e_reran"] = {"value": max(counts) if counts else "unknown",
                          "target": f"at most {TARGETS['e_max_reran']} notebooks, not all {total_notebooks}",
                          "pass": ok}
    if "e2_touch" in m:
        counts = _counts(m["e2_touch"]["reran"])
        out["e2_reran"] = {"value": max(counts) if counts else "unknown", "target": "none (informational)",
                           "pass": counts is not None and max(counts) == 0}
    if "f_make_test" in m:
        value = m["f_make_test"]["median_s"]
        out["test_s"] = {"value": value, "target": f"<= {TARGETS['test_s']:g} s", "pass": value <= TARGETS["test_s"]}
    return out


def _counts(reran: list[list[str] | None]) -> list[int] | None:
    """How many notebooks re-ran in each rep; None if a rep's log could not be read."""
    return None if any(r is None for r in reran) else [len(set(r)) for r in reran]


def _load(values: list[float] | None) -> str:
    return "/".join(f"{v:.1f}" for v in values) if values else "?"


def _s(d: dict) -> str:
    return f"{d['median_s']:8.2f} s  [{d['min_s']:.2f} – {d['max_s']:.2f}]"


def _reran(lists: list[list[str] | None]) -> str:
    distinct = []
    for names in lists:
        text = "unknown (no progress line recognised in the log)" if names is None else ", ".join(names) or "nothing"
        if text not in distinct:
            distinct.append(text)
    return " | ".join(distinct)


def table(result: dict, partial: bool = False) -> str:
    """The console summary of a run: every measure (median [min – max]), then the targets."""
    m, r = result["measures"], result["ratios"]
    n = len(result["notebooks"])
    lines = [
        "",
        "Benchmark of the notebook pipeline" + (" (PARTIAL: stopped early, see above)" if partial else ""),
        f"  machine: {result['machine']['cpu_count']} CPUs, Python {result['machine']['python']}, "
        f"{result['machine']['platform']}",
        f"  load average (1, 5, 15 min) at start {_load(result['machine']['loadavg_at_start'])}, "
        f"at end {_load(result.get('loadavg_at_end'))}",
        f"  repository at {result['repo']['commit'][:12]}; reps {result['settings']['reps']}, "
        f"test reps {result['settings']['test_reps']}; median [min – max]",
        "",
    ]
    row = "  {:<52} {}".format
    if "a_nbconvert" in m:
        lines.append(row(f"(a) nbconvert, {n} notebooks one after the other", _s(m["a_nbconvert"])))
    if "b_papermill" in m:
        b = m["b_papermill"]
        lines.append(row(f"(b) papermill, {n} notebooks one after the other", _s(b)))
        for name, median in b["per_notebook_median_s"].items():
            runs = b["per_notebook_s"][name]
            lines.append(row(f"      {name}", f"{median:8.2f} s  [{min(runs):.2f} – {max(runs):.2f}]"))
        lines.append(row(f"      ideal = sum / {b['cpu_count']} CPUs", f"{b['ideal_s']:8.2f} s"))
    if "g_first_cell" in m:
        lines.append("  (g) start of each notebook: kernel start + its first cell (imports), median")
        for name, g in m["g_first_cell"]["per_notebook"].items():
            lines.append(row(f"      {name}", f"{g['kernel_start_s']:8.2f} s + {g['first_cell_s']:.2f} s"))
    if "c_rebuild" in m:
        c = m["c_rebuild"]
        lines.append(row("(c) make reproduce from clean outputs", _s(c)))
        lines.append(row("      re-ran", _reran(c["reran"])))
        mem = c["memory"]
        lines.append(row("      peak memory, sum of RSS below make (50 ms)", f"{mem['tree_sum_rss_peak_median_mib']:8.0f} MiB"))
        lines.append(row("      peak memory, largest process (ru_maxrss)",
                         f"{mem['largest_process_ru_maxrss_median_mib']:8.0f} MiB"))
    if "d_noop" in m:
        lines.append(row("(d) make reproduce, nothing changed", _s(m["d_noop"])))
        lines.append(row("      re-ran", _reran(m["d_noop"]["reran"])))
    if "e_content_change" in m:
        e = m["e_content_change"]
        lines.append(row("(e) make reproduce, newline appended to data file", _s(e)))
        lines.append(row("      re-ran", _reran(e["reran"])))
        if e["declared_readers"]:
            lines.append(row("      (pipeline.yaml: read by)", ", ".join(e["declared_readers"])))
    if "e2_touch" in m:
        lines.append(row("(e') make reproduce, data file touched", _s(m["e2_touch"])))
        lines.append(row("      re-ran", _reran(m["e2_touch"]["reran"])))
    if "f_make_test" in m:
        lines.append(row("(f) make test", _s(m["f_make_test"])))

    target_row = "  {:<22} {:>10}   {:<34} {}".format
    lines += ["", target_row("target", "value", "goal", "")]
    for key, v in r.items():
        value = f"{v['value']:.2f}" if isinstance(v["value"], float) else str(v["value"])
        if key in ("d_noop_s", "test_s"):
            value += " s"
        lines.append(target_row(LABELS[key], value, v["target"], "pass" if v["pass"] else "FAIL"))
    if "c_rebuild" in m:
        mem = m["c_rebuild"]["memory"]
        lines.append("  {:<22} {:>10}   {}".format("peak memory (c)", f"{mem['tree_sum_rss_peak_median_mib']:.0f} MiB",
                                                 "sum of RSS of the tree below make (no target)"))
        lines.append("  {:<22} {:>10}   {}".format("", f"{mem['largest_process_ru_maxrss_median_mib']:.0f} MiB",
                                                 "largest single process, ru_maxrss (no target)"))
    if result["machine"]["loadavg_at_start"][0] >= 0.5:
        lines += ["", "  NOTE: the machine was busy when the benchmark started (load average above); "
                      "timings are noisy — rerun with nothing else running."]
    lines += ["", f"  git status at the end: {'clean' if result['git_clean_at_end'] else 'NOT CLEAN'}",
              f"  logs: {result['logs']}", ""]
    return "\n".join(lines)
