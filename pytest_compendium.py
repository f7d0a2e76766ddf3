"""The first plugin pytest loads here (pytest.ini): the compendium's environment, or one clear message.

It also blocks an import that costs 1.2 s in every test process (culturaltrade.build.fast_imports),
which must happen before nbval's entry point imports nbformat, hence a plugin and not conftest.py.
"""

try:
    from culturaltrade.build import fast_imports  # noqa: F401  (installs itself on import)
except ImportError as error:  # a pytest outside .venv: say what to run instead of a traceback
    import pytest

    raise pytest.UsageError(
        f"this pytest runs outside the compendium's environment ({error}); run `make test` "
        "(or `.venv/bin/python -m pytest`), which creates .venv from environment.yml if it is missing"
    ) from None
