"""Shared fixtures: scratch copies of the project for data tests, tiny projects for pipeline tests."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from culturaltrade import paths
from culturaltrade.build import offline, pipeline

ROOT = Path(__file__).resolve().parents[1]

# The tests themselves may not reach the network either (loopback stays open for kernels).
offline.install()
# Notebooks that the tests make fail on purpose are kept outside build/failed/ (a green run
# leaves nothing there); runs started by the tests inherit this.
os.environ.setdefault(pipeline.FAILED_DIR_ENV, tempfile.mkdtemp(prefix="culturaltrade-failed-"))




def find_seeds() -> Path:
    """The folder of the four source texts: $CULTURAL_TRADE_SEEDS, or shared/seeds beside the
    checkout or beside one of its parent folders (where the texts sit next to a clone)."""
    configured = os.environ.get("CULTURAL_TRADE_SEEDS")
    if configured:
        return Path(configured)
    for folder in ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"


SEEDS_DIR = find_seeds()


@pytest.fixture
def scratch_project(tmp_path, monkeypatch):
    """An empty compendium root (environment.yml + data/) that the helpers will use."""
    (tmp_path / "environment.yml").write_text("name: scratch\n")
    (tmp_path / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv(paths.PROJECT_ROOT_ENV, str(tmp_path))
    monkeypatch.setenv(paths.OUTPUT_ROOT_ENV, str(tmp_path / "out"))
    return tmp_path


def write_dataset(root: Path, name: str, csv_text: str, meta_text: str) -> None:
    """Write data/raw/<name>.csv and its metadata into a scratch project."""
    (root / "data" / "raw" / f"{name}.csv").write_text(textwrap.dedent(csv_text).lstrip())
    (root / "data" / "raw" / f"{name}.meta.yaml").write_text(textwrap.dedent(meta_text).lstrip())


@pytest.fixture
def project_data(tmp_path, monkeypatch):
    """A scratch copy of the real data/ (to break on purpose), used through the real loaders."""
    (tmp_path / "environment.yml").write_text("name: scratch\n")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv(paths.PROJECT_ROOT_ENV, str(tmp_path))
    monkeypatch.setenv(paths.OUTPUT_ROOT_ENV, str(tmp_path / "out"))
    # the copy starts from a current manifest, so that a stale committed one (reported by
    # test_committed_manifest_has_no_problems, once) does not fail every test built on it
    from culturaltrade.build import manifest

    manifest.write_manifest(tmp_path)
    return tmp_path


def write_tiny_notebook(path: Path, *cells: str) -> None:
    """A small notebook: a ``parameters`` cell (``unused = 0``) and then ``cells``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": pipeline.KERNEL_NAME, "display_name": "Python 3 (cultural-trade)",
                                 "language": "python"}
    parameters = nbformat.v4.new_code_cell("unused = 0", metadata={"tags": ["parameters"]})
    nb.cells = [parameters] + [nbformat.v4.new_code_cell(textwrap.dedent(c).strip()) for c in cells]
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def tiny_project(tmp_path, monkeypatch):
    """A scratch compendium (environment.yml, data/raw/a.csv and b.csv with metadata, an empty
    notebooks/pipeline.yaml) in which tests put tiny notebooks; the pipeline runs against it."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "environment.yml").write_text("name: scratch\n")
    for name in ("a", "b"):
        write_dataset(root, name, "year,value\n2020,1.5\n2021,2.5\n", f"""
            title: dataset {name}
            source: {{seed: none}}
            schema:
              primaryKey: [year]
              fields:
                - {{name: year, type: integer}}
                - {{name: value, type: number, unit: "US$ million", constraints: {{minimum: 0}}}}
            """)
    monkeypatch.setenv(paths.PROJECT_ROOT_ENV, str(root))
    monkeypatch.delenv(paths.OUTPUT_ROOT_ENV, raising=False)
    monkeypatch.chdir(root)
    return root


def changed_since_the_manifest() -> set[str]:
    """Files of data/ whose checksum is no longer the one data/datapackage.json records: that is
    reported once, by test_committed_manifest_has_no_problems; what else is wrong with such a
    file is reported after `make manifest` has recorded the change."""
    from culturaltrade.build import manifest

    return {problem.split(":", 1)[0] for problem in manifest.check_manifest(ROOT, validate_data=False)}
