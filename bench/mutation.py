"""`make mutation`: how many of mutmut's mutants of claims.py and indicators.py their unit tests kill.

mutmut 3 copies the code it mutates into ``mutants/`` below its working folder and runs pytest
there, in its own process. Run at the repository's root, it would write ``mutants/`` into the
working tree and collect every test, notebooks included. So this script stages a small project
in ``build/mutation/`` (ignored by git) and runs mutmut there:

* ``src/culturaltrade/``: a copy of the package, of which only ``claims.py`` and
  ``indicators.py`` are mutated (the other modules are copied unchanged);
* ``tests/``: the unit tests of those two modules (``UNIT_TESTS``) and the shared fixtures,
  with the project's ``pytest.ini`` and root ``conftest.py`` (the fast-imports plugin comes with
  the package, an entry point), and the claim registry's schema they use;
* ``setup.cfg``: mutmut's configuration (``MUTMUT_CONFIG``).

mutmut puts ``mutants/src`` first on ``sys.path``, so the tests import the mutated copy, not the
editable install; its "forced fail" run (every mutated function made to raise) stops the run if
they do not. Nothing is fetched. The score is killed / total; a mutant whose tests time out
counts as killed (the tests did not pass). The mutants that were not killed are listed, and
their diffs written to ``build/mutation/survivors.txt``; ``bench/README.md`` says why each survives.

    .venv/bin/python bench/mutation.py [--jobs N] [--fail-under 90]

Exit status: 0, or 1 if the score is below ``--fail-under`` or mutmut failed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "culturaltrade" / "src" / "culturaltrade"
MUTATED = ["claims.py", "indicators.py"]
UNIT_TESTS = ["tests/test_claims.py", "tests/test_claims_ledger.py", "tests/test_verdict_rules.py",
              "tests/test_indicators.py"]
# what the tests need besides themselves: fixtures, pytest's configuration and plugin, the
# schema of data/claims/ (tests/test_claims_ledger.py writes a registry with it)
SUPPORT = ["tests/conftest.py", "pytest.ini", "conftest.py", "data/claims/claims.schema.yaml"]
MUTMUT_CONFIG = """\
[mutmut]
source_paths = src/culturaltrade
only_mutate =
{only_mutate}
# copied into mutants/ beside the mutated package (tests/ is copied anyway)
also_copy =
    pytest.ini
    conftest.py
    data
pytest_add_cli_args_test_selection = tests
pytest_add_cli_args = -p no:cacheprovider
"""
STATUS_LINE = re.compile(r"(\d+)/(\d+)\s")


def stage(folder: Path) -> None:
    """A fresh copy of what mutmut needs (see the module docstring)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(PACKAGE, folder / "src" / "culturaltrade", ignore=shutil.ignore_patterns("__pycache__"))
    for name in UNIT_TESTS + SUPPORT:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, folder / name)
    only = "\n".join(f"    src/culturaltrade/{name}" for name in MUTATED)
    (folder / "setup.cfg").write_text(MUTMUT_CONFIG.format(only_mutate=only))


def run_mutmut(folder: Path, jobs: int, log: Path) -> int:
    """``mutmut run``; its spinner goes to ``log``, a progress line every minute to the console."""
    mutmut = [sys.executable, "-m", "mutmut"]
    command = mutmut + ["run", "--max-children", str(jobs)]
    print(f"mutmut run in {folder.relative_to(REPO)}/ ({jobs} at a time; log: {log.relative_to(REPO)})", flush=True)
    last_report = time.monotonic()
    # text mode reads the spinner's carriage returns as line ends: one status line each
    with open(log, "w", encoding="utf-8") as out, subprocess.Popen(
            command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace") as process:
        for line in process.stdout:
            out.write(line)
            progress = STATUS_LINE.search(line)
            if progress and time.monotonic() - last_report > 60:
                print(f"  {progress[1]} of {progress[2]} mutants tried", flush=True)
                last_report = time.monotonic()
    return process.returncode


def results(folder: Path) -> tuple[dict, dict[str, str]]:
    """mutmut's counts and the status of every mutant that was not killed (nor timed out)."""
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL)
    counts = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text())
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=folder, check=True,
                            capture_output=True, text=True).stdout
    statuses = dict(line.strip().rsplit(": ", 1) for line in listed.splitlines() if ": " in line)
    return counts, {name: status for name, status in statuses.items() if status != "timeout"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="mutants tested at once (default: 2, or 1 on one core)")
    parser.add_argument("--fail-under", type=float, default=90.0, help="minimum score in percent (default: 90)")
    args = parser.parse_args(argv)
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print("error: mutmut is not installed in this environment; run `make env` (environment.yml pins it)",
              file=sys.stderr)
        return 1
    folder = REPO / "build" / "mutation"
    stage(folder)
    log = folder / "mutmut-run.log"
    started = time.monotonic()
    status = run_mutmut(folder, args.jobs, log)
    if status != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
        print("error: mutmut run failed (exit status {}); the end of its log:\n  {}".format(status, "\n  ".join(tail)),
              file=sys.stderr)
        return 1
    counts, others = results(folder)
    total = counts["total"]
    killed = counts["killed"] + counts["timeout"]
    score = 100.0 * killed / total if total else 0.0
    with open(folder / "survivors.txt", "w", encoding="utf-8") as out:
        for name in sorted(others):
            shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=folder,
                                   capture_output=True, text=True).stdout
            out.write(shown.rstrip() + "\n\n")
    minutes = (time.monotonic() - started) / 60
    print(f"\nNot killed ({len(others)}; diffs in {(folder / 'survivors.txt').relative_to(REPO)}):")
    for name in sorted(others):
        print(f"  {name}: {others[name]}")
    print(f"\nmutation score ({', '.join(MUTATED)}; {len(UNIT_TESTS)} unit test files): "
          f"killed {killed} / {total} = {score:.1f} %  (survived {counts['survived']}, no tests "
          f"{counts['no_tests']}, timed out {counts['timeout']}, suspicious {counts['suspicious']}, "
          f"skipped {counts['skipped']}); {minutes:.0f} min")
    if score < args.fail_under:
        print(f"error: the score is below {args.fail_under:g} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
