"""Run with the environment's Python by measure (g): start a notebook's kernel, then run its
first code cell (the imports), timing each; print one JSON line. Exit 1 if the cell failed.

    python first_cell_probe.py notebooks/NN_name.ipynb cultural-trade
"""

import json
import sys
import time

from jupyter_client.manager import start_new_kernel

notebook, kernel_name = sys.argv[1], sys.argv[2]
with open(notebook, encoding="utf-8") as f:
    cells = [c for c in json.load(f)["cells"] if c["cell_type"] == "code"]
started = time.perf_counter()
km, kc = start_new_kernel(kernel_name=kernel_name, cwd="notebooks")
kernel = time.perf_counter() - started
try:
    started = time.perf_counter()
    reply = kc.execute_interactive("".join(cells[0]["source"]), timeout=120, output_hook=lambda msg: None)
    setup = time.perf_counter() - started
finally:
    km.shutdown_kernel(now=True)  # also on a timeout: leave no kernel behind
status = reply["content"]["status"]
print(json.dumps({"kernel_start_s": kernel, "first_cell_s": setup, "status": status}))
sys.exit(0 if status == "ok" else 1)
