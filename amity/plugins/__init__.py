"""The built-in business modules, one package each, all of the same shape.

A module is listed in ``amity.core.plugins.BUILTIN_PLUGINS`` once it is complete; see
``docs/plugins.md`` for the shape and the contract.
"""
