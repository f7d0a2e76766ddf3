"""(c) ``make reproduce`` from clean outputs (after ``make clean``, not timed), and its peak
memory: the summed RSS of every process below ``make`` (pipeline, kernels), sampled every
50 ms, and the largest single process (``ru_maxrss`` of make's tree, from ``wait4``).
"""

from __future__ import annotations

import statistics

from compendium import progress
from proctree import SAMPLE_INTERVAL_S
from runner import Bench, clean_outputs, run_timed, summary

MIB = 2**20


def measure(bench: Bench) -> dict:
    times, reran, progresses, tree_peak, single_sampled, single_name, maxrss = [], [], [], [], [], [], []
    for rep in range(1, bench.reps + 1):
        clean_outputs(bench, "c", rep)
        t = run_timed(bench.make("reproduce"), bench, "c", f"make-reproduce-rep{rep}", sample_memory=True)
        times.append(t.seconds)
        progresses.append(progress(t.log))
        reran.append(progresses[-1]["ran"])
        tree_peak.append(t.tree_peak_bytes / MIB)
        single_sampled.append(t.tree_peak_single_bytes / MIB)
        single_name.append(t.tree_peak_single_name)
        maxrss.append(t.maxrss_kib / 1024)
    return {**summary(times), "reran": reran, "progress": progresses,
            "memory": {
                "tree_sum_rss_peak_mib": tree_peak,
                "tree_sum_rss_peak_median_mib": statistics.median(tree_peak),
                "largest_process_ru_maxrss_mib": maxrss,
                "largest_process_ru_maxrss_median_mib": statistics.median(maxrss),
                "largest_process_sampled_mib": single_sampled,
                "largest_process_sampled_cmd": single_name,
                "sample_interval_s": SAMPLE_INTERVAL_S}}
