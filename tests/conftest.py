"""Shared fixtures: a scratch copy of the project for data tests, one regeneration for output tests."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from culturaltrade import paths, pipeline

ROOT = Path(__file__).resolve().parents[1]


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
    return tmp_path


@pytest.fixture(scope="session")
def regenerated(tmp_path_factory):
    """Every notebook of the run order, run afresh into a scratch folder (once per session)."""
    destination = tmp_path_factory.mktemp("regenerated")
    pipeline.reproduce(destination=destination)
    return destination
