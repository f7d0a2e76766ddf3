"""(g) What a notebook's start costs: its kernel's start, then its first code cell (the
imports), each timed by ``first_cell_probe.py`` run with the environment's Python (this
benchmark itself imports nothing outside the standard library). Median per notebook.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from runner import KERNEL, Bench, run_timed

PROBE = Path(__file__).with_name("first_cell_probe.py")


def measure(bench: Bench) -> dict:
    per_nb = {}
    for nb in bench.notebooks:
        rows = []
        for rep in range(1, bench.reps + 1):
            env = bench.notebook_env(bench.fresh_dir(f"g-{Path(nb).stem}-{rep}"))
            t = run_timed([bench.tool("python"), str(PROBE), nb, KERNEL], bench, "g",
                          f"{Path(nb).stem}-rep{rep}", env=env)
            rows.append(json.loads(_last_json_line(t.log)))
        per_nb[Path(nb).stem] = {key: statistics.median(r[key] for r in rows)
                                 for key in ("kernel_start_s", "first_cell_s")}
    return {"per_notebook": per_nb}


def _last_json_line(log: Path) -> str:
    """The probe prints its result as one JSON line, last before run_timed's exit-status line."""
    return [line for line in log.read_text(encoding="utf-8").splitlines() if line.startswith("{")][-1]
