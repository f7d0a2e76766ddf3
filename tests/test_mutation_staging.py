"""`make mutation` stages a small project before mutmut runs (bench/mutation.py); a file it
copies that has moved or gone breaks it only after minutes, so check the staging here."""

from __future__ import annotations

import configparser
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_mutation_script():
    spec = importlib.util.spec_from_file_location("bench_mutation", ROOT / "bench" / "mutation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_file_the_mutation_run_copies_exists():
    mutation = load_mutation_script()
    missing = [name for name in mutation.UNIT_TESTS + mutation.SUPPORT if not (ROOT / name).is_file()]
    assert not missing, f"bench/mutation.py copies files that are not in the repository: {missing}"
    assert all((ROOT / "culturaltrade/src/culturaltrade" / name).is_file() for name in mutation.MUTATED)


def test_staging_gives_mutmut_the_package_the_tests_and_its_configuration(tmp_path):
    mutation = load_mutation_script()
    folder = tmp_path / "mutation"
    mutation.stage(folder)
    assert (folder / "src/culturaltrade/claims.py").read_bytes() == (ROOT / "culturaltrade/src/culturaltrade/claims.py").read_bytes()
    for name in ["tests/test_verdict_rules.py", "tests/conftest.py", "pytest.ini", "conftest.py"]:
        assert (folder / name).read_bytes() == (ROOT / name).read_bytes(), name
    config = configparser.ConfigParser()
    config.read(folder / "setup.cfg")
    assert config["mutmut"]["only_mutate"].split() == ["src/culturaltrade/claims.py", "src/culturaltrade/indicators.py"]
    copied = config["mutmut"]["also_copy"].split()
    assert all((folder / name).exists() for name in copied), copied
