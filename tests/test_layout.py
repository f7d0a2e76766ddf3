"""The package's three rooms and the one direction of imports between them.

* ``culturaltrade`` (top level): the helpers a researcher imports and reads;
* ``culturaltrade.texts``: one module per source text (and the dashboard);
* ``culturaltrade.build``: the machinery that builds the compendium.

texts -> helpers and build -> helpers; the helpers import neither room, and the rooms do
not import each other. A notebook imports the helpers and its own text's module only.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "culturaltrade" / "src" / "culturaltrade"


def room(module: str) -> str:
    """'helpers', 'texts' or 'build' for a dotted module name inside culturaltrade."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("texts", "build") else "helpers"


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, importer: str, is_package: bool) -> set[str]:
    """Every culturaltrade module named by an import anywhere in ``tree`` (function bodies too)."""
    found = set()
    package = importer if is_package else importer.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "culturaltrade"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "culturaltrade":
                continue
            found.add(target)
            # `from culturaltrade import overall` names a module too
            found |= {f"{target}.{alias.name}" for alias in node.names
                      if (PACKAGE.parent / Path(*f"{target}.{alias.name}".split("."))).with_suffix(".py").is_file()
                      or (PACKAGE.parent / Path(*f"{target}.{alias.name}".split(".")) / "__init__.py").is_file()}
    return found


def package_imports() -> list[tuple[str, str]]:
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target in imported_modules(tree, importer, path.name == "__init__.py"):
            edges.append((importer, target))
    return edges


def test_the_rooms_exist_and_the_top_level_holds_helpers_only():
    top = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert {"texts", "build"} <= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    for machinery in ("pipeline", "manifest", "kernel", "offline", "site", "envspec", "fast_imports"):
        assert machinery not in top, f"{machinery}.py belongs in culturaltrade/build/"
    for text_module in ("overall", "korea", "cee", "digital", "dashboard"):
        assert text_module not in top, f"{text_module}.py belongs in culturaltrade/texts/"
    assert len(top) <= 14, f"the helper module should stay small; top level holds {top}"


def wrong_imports(edges: list[tuple[str, str]]) -> list[str]:
    """Imports against the direction texts -> helpers <- build (a room may import its own package)."""
    wrong = []
    for importer, target in edges:
        source_room, target_room = room(importer), room(target)
        if target in ("culturaltrade.texts", "culturaltrade.build") and source_room == target_room:
            continue
        if target_room == "helpers":
            continue  # everyone may use the helpers
        if source_room == "build" and target_room == "build":
            continue  # the machinery is one piece
        wrong.append(f"{importer} ({source_room}) imports {target} ({target_room})")
    return wrong


def test_imports_go_one_way_only():
    wrong = wrong_imports(package_imports())
    assert not wrong, "imports against the direction texts -> helpers <- build:\n" + "\n".join(wrong)


def test_the_direction_check_catches_a_wrong_import():
    tree = ast.parse("from .build import pipeline\nfrom .texts.korea import x\nfrom . import paths\n")
    named = imported_modules(tree, "culturaltrade.claims", is_package=False)
    assert {"culturaltrade.build.pipeline", "culturaltrade.texts.korea", "culturaltrade.paths"} <= named
    assert {w.split(" imports ")[1] for w in wrong_imports([("culturaltrade.claims", t) for t in named])} == {
        "culturaltrade.build (build)", "culturaltrade.build.pipeline (build)", "culturaltrade.texts.korea (texts)"}
    # a text module using another text's module, or the machinery, is refused too
    assert wrong_imports([("culturaltrade.texts.digital", "culturaltrade.texts.overall"),
                          ("culturaltrade.texts.korea", "culturaltrade.build.pipeline")])
    assert not wrong_imports([("culturaltrade.texts.korea", "culturaltrade.claims"),
                              ("culturaltrade.build.site", "culturaltrade.build.pipeline")])


def notebook_imports(path: Path) -> set[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        found |= imported_modules(ast.parse("\n".join(lines)), "notebook", is_package=True)
    return found


def text_module_notebooks() -> dict[str, str]:
    """culturaltrade.texts.<module> -> the notebook it belongs to (its NOTEBOOK constant)."""
    owners = {}
    for path in (PACKAGE / "texts").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "NOTEBOOK" for t in node.targets)
                    and isinstance(node.value, ast.Constant)):
                owners[f"culturaltrade.texts.{path.stem}"] = node.value.value
    return owners


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_notebook_imports_the_helpers_and_its_own_text_module_only(notebook):
    owners = text_module_notebooks()
    imported = notebook_imports(notebook)
    assert not [m for m in imported if room(m) == "build"], f"{notebook.name} imports the build machinery"
    foreign = sorted(m for m in imported if room(m) == "texts" and m != "culturaltrade.texts"
                     and owners.get(m) != notebook.stem)
    assert not foreign, f"{notebook.name} imports another text's module: {foreign}"
