"""The notebook files themselves: what the pipeline strips before committing them, how a failing
cell is named, and the parameters a notebook declares."""

from __future__ import annotations

from pathlib import Path

from ..paths import atomic_write_text, project_root
from .declaration import PipelineError
from .kernel import DISPLAY_NAME, KERNEL_NAME


def normalize_notebook(nb):
    """Drop everything that changes from run to run or machine to machine."""
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    language = nb.metadata.get("language_info", {})
    if "version" in language:
        language["version"] = ".".join(str(language["version"]).split(".")[:2])
    nb.metadata["kernelspec"] = {
        "display_name": DISPLAY_NAME,
        "language": "python",
        "name": KERNEL_NAME,
    }
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type == "code":
            # one print() may reach the notebook as several stream messages, split wherever the
            # kernel happened to flush (under load): join them, so the file does not depend on timing
            merged = []
            for output in cell.outputs:
                if (merged and output.output_type == "stream" and merged[-1].output_type == "stream"
                        and merged[-1].name == output.name):
                    merged[-1].text += output.text
                else:
                    merged.append(output)
            cell.outputs = merged
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif "id" not in cell:
            cell["id"] = f"cell-{index:03d}"
    return nb


def describe_cell(source: Path, executed: Path, index: int) -> str:
    """The failing cell as the reader finds it in the notebook itself: 'cell 5 (id
    validate-parameters, the cell after `parameters`)'. The executed copy may hold papermill's
    injected parameters cell, which shifts positions and execution counts, so the cell is
    found by its id in the notebook as committed."""
    import nbformat

    try:
        # papermill saves the failed notebook with two cells of its own (a message at the top, an
        # anchor before the failing cell); ``index`` counts the cells without them
        ran = [c for c in nbformat.read(executed, as_version=4).cells
               if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
        cell_id = ran[index].get("id", "")
        cells = nbformat.read(source, as_version=4).cells
    except (OSError, IndexError, ValueError):
        return f"cell {index + 1}"
    position = next((i for i, cell in enumerate(cells) if cell.get("id") == cell_id), None)
    if position is None:
        return f"cell {index + 1}"
    after = (" , the cell after `parameters`" if position and "parameters" in
             cells[position - 1].get("metadata", {}).get("tags", []) else "").replace(" ,", ",")
    return f"cell {position + 1} of {len(cells)} (id {cell_id}{after})"


def write_notebook(nb, path: Path) -> None:
    import nbformat

    atomic_write_text(path, nbformat.writes(nb) + "\n")


def describe_parameters(notebooks: list[str]) -> str:
    """Each notebook's parameters as papermill reads them from its annotated ``parameters`` cell
    (``name: type = default  # help``): the same answer as ``papermill --help-notebook``."""
    from .fast_imports import install

    install()  # papermill imports jsonschema, which would import a grammar compiler for 1.2 s
    import papermill

    root = project_root()
    blocks = []
    for name in notebooks:
        path = root / "notebooks" / f"{Path(name).stem}.ipynb"
        if not path.is_file():
            raise PipelineError(f"{name}: no such notebook (see `make help` for the list)")
        lines = [f"{path.relative_to(root).as_posix()}  (make run NB={path.stem} PARAMS='-p NAME VALUE')"]
        for parameter in papermill.inspect_notebook(str(path)).values():
            kind = parameter["inferred_type_name"]
            lines.append(f"  {parameter['name']}: {'(no type)' if kind == 'None' else kind} = {parameter['default']}")
            lines.append(f"      {parameter['help'] or '(no help)'}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
