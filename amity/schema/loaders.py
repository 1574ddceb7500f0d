"""Per-request DataLoaders, so related records load in one query per relation.

``info.context.loaders`` creates each loader on first use and keeps it for the request::

    await info.context.loaders.by_id(Customer).load(customer_id)
    await info.context.loaders.children(ContactPerson, "customer_id").load(customer_id)
    await info.context.loaders.sum_of(PointsEntry, "delta", "customer_id").load(customer_id)
    await info.context.loaders.first_children(Interaction, "customer_id", ("-occurred_at", "-id"), 4).load(customer_id)
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any

from pypika_tortoise import Order
from pypika_tortoise.analytics import RowNumber
from strawberry.dataloader import DataLoader
from tortoise.functions import Count, Sum
from tortoise.models import Model

from amity.core.db import record_reader


class ShieldedLoader(DataLoader[Any, Any]):
    """A DataLoader whose shared futures survive a cancelled caller.

    Several fields await the same future (one batch, one cached key). When graphql-core
    cancels one of them because a sibling failed, a plain DataLoader's future is cancelled
    for every other caller too; shielding each caller keeps the shared future intact.
    """

    def load(self, key: Any) -> Awaitable[Any]:
        return asyncio.shield(super().load(key))


class Loaders:
    """The DataLoaders of one request, keyed by what they load."""

    def __init__(self) -> None:
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}

    def get(self, key: Hashable, make: Callable[[], Callable[[list[Any]], Any]]) -> DataLoader[Any, Any]:
        """The loader registered under ``key``, created from ``make()`` (a batch function) once."""
        if key not in self._loaders:
            self._loaders[key] = ShieldedLoader(load_fn=make())
        return self._loaders[key]

    @staticmethod
    def cached(loader: DataLoader[Any, Any], key: Any) -> tuple[bool, Any]:
        """``(True, value)`` when ``loader`` already holds a loaded value for ``key``, so a
        resolver can answer without awaiting; ``(False, None)`` otherwise."""
        future = loader.cache_map.get(key)
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return False, None
        return True, future.result()

    @staticmethod
    async def prime(loader: DataLoader[Any, Any], keys: Iterable[Any]) -> None:
        """Load the values of ``keys`` not yet cached with one call of the batch function and
        cache them, without a future per caller (for list resolvers that load ahead)."""
        missing = [key for key in dict.fromkeys(keys) if loader.cache_map.get(key) is None]
        if missing:
            loader.prime_many(dict(zip(missing, await loader.load_fn(missing), strict=True)))

    def by_id(self, model: type[Model]) -> DataLoader[int, Any]:
        """Records by primary key; missing ones load as None."""

        def make() -> Callable[[list[int]], Any]:
            async def load(ids: list[int]) -> list[Any]:
                found = {row.pk: row for row in await model.filter(pk__in=set(ids))}
                return [found.get(i) for i in ids]

            return load

        return self.get(("by_id", model), make)

    def children(self, model: type[Model], parent_field: str, order_by: tuple[str, ...] = ("id",)) -> DataLoader[int, list[Any]]:
        """For each parent key, the list of ``model`` rows whose ``parent_field`` equals it."""

        def make() -> Callable[[list[int]], Any]:
            async def load(keys: list[int]) -> list[list[Any]]:
                groups: dict[Any, list[Any]] = defaultdict(list)
                for row in await model.filter(**{f"{parent_field}__in": set(keys)}).order_by(*order_by):
                    groups[getattr(row, parent_field)].append(row)
                return [groups.get(k, []) for k in keys]

            return load

        return self.get(("children", model, parent_field, order_by), make)

    def first_children(
        self, model: type[Model], parent_field: str, order_by: tuple[str, ...], limit: int,
        where: tuple[tuple[str, Any], ...] = (),
    ) -> DataLoader[int, list[Any]]:
        """For each parent key, its first ``limit`` ``model`` rows in ``order_by`` (field names,
        ``-`` for descending; end with the primary key so ties are broken the same every time),
        among the rows whose fields equal the ``where`` pairs (``(("status", "open"),)``).

        One query for all parents: ``ROW_NUMBER() OVER (PARTITION BY parent ORDER BY ...)`` in
        a subquery, keeping the rows ranked ``<= limit`` (SQLite >= 3.25 and PostgreSQL).
        """

        def make() -> Callable[[list[int]], Any]:
            async def load(keys: list[int]) -> list[list[Any]]:
                groups: dict[Any, list[Any]] = defaultdict(list)
                for row in await _first_rows(model, parent_field, order_by, limit, sorted(set(keys)), where):
                    groups[getattr(row, parent_field)].append(row)
                return [groups.get(k, []) for k in keys]

            return load

        return self.get(("first_children", model, parent_field, order_by, limit, where), make)

    def count_of(
        self, model: type[Model], parent_field: str, where: tuple[tuple[str, Any], ...] = ()
    ) -> DataLoader[int, int]:
        """For each parent key, how many ``model`` rows point at it (among those matching ``where``)."""

        def make() -> Callable[[list[int]], Any]:
            async def load(keys: list[int]) -> list[int]:
                rows = (
                    await model.filter(**{f"{parent_field}__in": set(keys)}, **dict(where))
                    .annotate(n=Count("id"))
                    .group_by(parent_field)
                    .values_list(parent_field, "n")
                )
                counts = dict(rows)
                return [counts.get(k, 0) for k in keys]

            return load

        return self.get(("count_of", model, parent_field, where), make)

    def sum_of(self, model: type[Model], field: str, parent_field: str = "customer_id") -> DataLoader[int, Any]:
        """For each parent key, the sum of ``field`` over its ``model`` rows (0 when none)."""

        def make() -> Callable[[list[int]], Any]:
            async def load(keys: list[int]) -> list[Any]:
                rows = (
                    await model.filter(**{f"{parent_field}__in": set(keys)})
                    .annotate(total=Sum(field))
                    .group_by(parent_field)
                    .values_list(parent_field, "total")
                )
                totals = dict(rows)
                return [totals.get(k) or 0 for k in keys]

            return load

        return self.get(("sum_of", model, field, parent_field), make)


async def _first_rows(
    model: type[Model], parent_field: str, order_by: tuple[str, ...], limit: int, keys: list[Any],
    where: tuple[tuple[str, Any], ...] = (),
) -> list[Any]:
    """The rows of ``first_children``, parent by parent, each parent's in ``order_by``."""
    meta = model._meta
    db = meta.db
    table = meta.basetable
    columns = list(meta.fields_db_projection.values())
    parent = meta.fields_db_projection[parent_field]
    rank = RowNumber().over(table[parent])
    for name in order_by:
        field = name.lstrip("-")
        rank = rank.orderby(table[meta.fields_db_projection[field]], order=Order.desc if name.startswith("-") else Order.asc)
    ranked = (
        db.query_class.from_(table)
        .select(*(table[column] for column in columns), rank.as_("_rank"))
        .where(table[parent].isin(keys))
    )
    for field, value in where:
        ranked = ranked.where(table[meta.fields_db_projection[field]] == value)
    query = (
        db.query_class.from_(ranked)
        .select(*(ranked[column] for column in columns))
        .where(ranked["_rank"] <= limit)
        .orderby(ranked[parent])
        .orderby(ranked["_rank"])
    )
    _, rows = await db.execute_query(*query.get_parameterized_sql())
    read = record_reader(model, columns)
    return [read(row) for row in rows]
