"""What the differential tests of the fast path share: running one query on a schema as one
caller, and collecting the coroutines graphql-core abandons."""

from __future__ import annotations

import gc
import warnings

import pytest

from amity.schema.context import AmityContext


@pytest.fixture(autouse=True)
def collect_abandoned_coroutines():
    """graphql-core leaves the sibling coroutines of a bubbling non-null error un-awaited;
    collect them here so their warnings do not surface in a later test."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        gc.collect()


async def run(schema, amity, principal, query: str, variables: dict) -> tuple:
    """The data and the errors (message, path, extensions), sorted, of ``query`` as ``principal``."""
    context = AmityContext(amity=amity, principal=principal, request_id="same")
    result = await schema.execute(query, variable_values=variables, context_value=context)
    return result.data, sorted((e.message, tuple(e.path or ()), str(e.extensions)) for e in result.errors or [])
