"""The figures and tables the notebooks write, and how two sets of them are compared
(a fresh regeneration with the working tree: `make check`, nbval's outputs item)."""

from __future__ import annotations

from pathlib import Path

OUTPUT_DIRS = ("figures", "tables")


def output_prefix(notebook: str) -> str:
    """Every figure and table a notebook writes is named after its number: ``01_…``."""
    return Path(notebook).name.split("_", 1)[0] + "_"


def generated_files(root: Path, notebooks: list[str]) -> set[str]:
    """The notebooks given, and every file under figures/ and tables/ below ``root``."""
    files = {nb for nb in notebooks if (root / nb).is_file()}
    for folder in OUTPUT_DIRS:
        base = root / folder
        if base.is_dir():
            files |= {
                p.relative_to(root).as_posix() for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
            }
    return files


def notebook_outputs(root: Path, notebook: str) -> set[str]:
    """The figures and tables below ``root`` that carry ``notebook``'s number."""
    prefix = output_prefix(notebook)
    return {name for name in generated_files(root, []) if Path(name).name.startswith(prefix)}


def compare_files(fresh: Path, committed: Path, new: set[str], old: set[str], explain=None) -> list[str]:
    """Differences between the files ``new`` below ``fresh`` and ``old`` below ``committed``;
    ``explain(name)``, if given, adds to the line of a file whose bytes differ."""
    problems = []
    for name in sorted(new - old):
        problems.append(f"{name}: produced by the notebooks but absent from the working tree")
    for name in sorted(old - new):
        problems.append(f"{name}: in the working tree but no notebook produces it (stale output?)")
    for name in sorted(new & old):
        if (fresh / name).read_bytes() != (committed / name).read_bytes():
            problems.append(f"{name}: differs from a fresh regeneration" + (explain(name) if explain else ""))
    return problems


def compare_trees(fresh: Path, committed: Path, notebooks: list[str]) -> list[str]:
    """Differences between a fresh regeneration and the working tree, one line each."""
    return compare_files(fresh, committed, generated_files(fresh, notebooks), generated_files(committed, notebooks))
