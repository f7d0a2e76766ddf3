"""environment.yml is the one list; the pip path derives from it and installs exactly it."""

from importlib import metadata
from pathlib import Path

import pytest

from culturaltrade.build import envspec

ROOT = Path(__file__).resolve().parents[1]
DESIGN_PACKAGES = {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbval"}


def test_environment_pins_the_design_packages_exactly():
    spec = envspec.load_environment(ROOT / "environment.yml")
    assert spec.python_series == "3.11"
    assert DESIGN_PACKAGES <= set(spec.pins)
    assert "-e ./culturaltrade" in spec.pip_requirements


def test_running_environment_has_the_pinned_versions():
    spec = envspec.load_environment(ROOT / "environment.yml")
    installed = {name: metadata.version(name) for name in spec.pins}
    assert installed == spec.pins


def test_black_is_absent_so_injected_parameters_are_not_reformatted():
    # papermill formats the injected-parameters cell with black when it is importable,
    # which would make notebooks depend on the machine; environment.yml keeps it out.
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.version("black")


def test_parse_requirements_and_refuse_ranges():
    text = """
name: x
dependencies:
  - python=3.11
  - pip
  - pandas==3.1.1   # comment
  - pip:
      - -e ./pkg
      - extra==1.0
"""
    spec = envspec.parse_environment(text)
    assert spec.requirements() == ["pandas==3.1.1", "-e ./pkg", "extra==1.0"]
    with pytest.raises(envspec.EnvironmentSpecError, match="line 6.*not an exact pin"):
        envspec.parse_environment(text.replace("pandas==3.1.1", "pandas>=3"))
    with pytest.raises(envspec.EnvironmentSpecError, match="python=X.Y"):
        envspec.parse_environment(text.replace("  - python=3.11\n", ""))


def test_check_python_names_the_fix():
    spec = envspec.parse_environment("dependencies:\n  - python=3.11\n  - a==1\n")
    assert envspec.check_python(spec, (3, 11, 7)) is None
    assert "python3.11" in envspec.check_python(spec, (3, 12, 1))


def test_cli_prints_the_requirements(capsys):
    assert envspec.main(["requirements", str(ROOT / "environment.yml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == envspec.load_environment(ROOT / "environment.yml").requirements()
