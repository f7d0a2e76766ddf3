"""The machinery that builds the compendium: not needed to read or reuse the helpers.

``pipeline`` (papermill runner behind ``make reproduce/run/check``), ``manifest``
(``data/datapackage.json``), ``kernel`` and ``offline`` (the offline Jupyter kernel),
``fast_imports``, ``envspec`` (pins from ``environment.yml``), ``site`` (the readers' edition).
They import the helpers of :mod:`culturaltrade`; the helpers never import them.
"""
