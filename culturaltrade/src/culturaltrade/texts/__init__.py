"""One module per source text: its own tidying, reconciliation, checks and figures.

``overall`` (text 000), ``korea`` (001), ``cee`` (002), ``digital`` (003) and ``dashboard``
(the claims ledger of all four). They import the helpers of :mod:`culturaltrade`; the helpers
never import them. A notebook imports the helpers and its own text's module::

    import culturaltrade as ct
    from culturaltrade.texts import overall
"""
