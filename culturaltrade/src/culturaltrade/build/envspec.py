"""Derive the pip requirements from ``environment.yml`` (the one list of dependencies).

This module uses the standard library only, because it runs *before* any environment
exists: ``python3 culturaltrade/src/culturaltrade/build/envspec.py requirements environment.yml``.

It reads the restricted form that ``environment.yml`` promises to keep:

* ``- python=3.11`` — the interpreter series (checked, not installed by pip);
* ``- pip`` — conda's pip (skipped);
* ``- name==version`` — an exact pin (becomes ``name==version`` for pip);
* ``- pip:`` followed by more-indented ``- requirement`` lines (passed through).

Anything else (a range, a bare name, a channel prefix) is an error, so that the pip path
can never silently install something other than what conda users get.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)$")
_PYTHON = re.compile(r"^python=(?P<series>\d+\.\d+)$")


class EnvironmentSpecError(ValueError):
    """environment.yml is not in the form the pip path can derive from."""


@dataclass
class EnvironmentSpec:
    name: str | None = None
    python_series: str | None = None
    pins: dict[str, str] = field(default_factory=dict)
    pip_requirements: list[str] = field(default_factory=list)

    def requirements(self) -> list[str]:
        """Requirement lines for ``pip install -r``: the conda pins, then the pip section."""
        return [f"{name}=={version}" for name, version in self.pins.items()] + list(
            self.pip_requirements
        )


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def parse_environment(text: str, source: str = "environment.yml") -> EnvironmentSpec:
    """Parse the dependency list of an environment file (see the module docstring)."""
    spec = EnvironmentSpec()
    section = None  # "dependencies" or "pip"
    pip_indent = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if indent == 0:
            section = "dependencies" if body == "dependencies:" else None
            if body.startswith("name:"):
                spec.name = body.split(":", 1)[1].strip()
            continue
        if section is None:
            continue
        if not body.startswith("- "):
            raise EnvironmentSpecError(f"{source}, line {lineno}: expected a '- item' line, got {body!r}")
        item = body[2:].strip()
        if section == "pip":
            if indent > pip_indent:
                spec.pip_requirements.append(item)
                continue
            section = "dependencies"
        if item == "pip:":
            section, pip_indent = "pip", indent
        elif item == "pip":
            continue
        elif match := _PYTHON.match(item):
            spec.python_series = match["series"]
        elif match := _PIN.match(item):
            name = match["name"].lower()
            if name in spec.pins:
                raise EnvironmentSpecError(f"{source}, line {lineno}: {name} is listed twice")
            spec.pins[name] = match["version"]
        else:
            raise EnvironmentSpecError(
                f"{source}, line {lineno}: {item!r} is not an exact pin; write it as name==version"
            )
    if spec.python_series is None:
        raise EnvironmentSpecError(f"{source}: no 'python=X.Y' line in dependencies")
    if not spec.pins:
        raise EnvironmentSpecError(f"{source}: no pinned packages found")
    return spec


def load_environment(path: str | Path) -> EnvironmentSpec:
    path = Path(path)
    return parse_environment(path.read_text(encoding="utf-8"), source=path.name)


def check_python(spec: EnvironmentSpec, version_info=sys.version_info) -> str | None:
    """An error message if this interpreter is not the series environment.yml asks for."""
    running = f"{version_info[0]}.{version_info[1]}"
    if running != spec.python_series:
        return (
            f"environment.yml asks for Python {spec.python_series}, but this python3 is {running}. "
            f"Run `make PYTHON=python{spec.python_series} reproduce`, use conda "
            f"(`conda env create -f environment.yml`), or set ALLOW_OTHER_PYTHON=1 to try anyway."
        )
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 2 or argv[0] not in {"requirements", "check-python"}:
        print("usage: envspec.py {requirements|check-python} environment.yml", file=sys.stderr)
        return 2
    command, path = argv
    try:
        spec = load_environment(path)
    except (OSError, EnvironmentSpecError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if command == "requirements":
        print("# Derived from environment.yml by culturaltrade/src/culturaltrade/build/envspec.py; do not edit.")
        print("\n".join(spec.requirements()))
        return 0
    message = check_python(spec)
    if message:
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
