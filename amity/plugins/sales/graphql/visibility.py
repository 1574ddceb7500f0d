"""The record rule on deals (``amity.plugins.sales.access``) in GraphQL: every place that
hands out a deal goes through these helpers."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from amity.core.errors import not_found
from amity.plugins.sales.access import owner_limit
from amity.plugins.sales.models import Activity, Opportunity
from amity.schema.relay import (
    Connection,
    KeysetEdge,
    KeysetPageInfo,
    SortKey,
    keyset,
    list_page,
    order_by_names,
    page_size,
)


def own_only(info: strawberry.Info) -> int | None:
    """The user id the caller is limited to, or None when they see every deal."""
    return owner_limit(info.context.principal)


def visible(info: strawberry.Info, query: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """``query`` limited to the deals the caller may see."""
    owner = own_only(info)
    return query if owner is None else query.filter(owner_id=owner)


def shown(info: strawberry.Info, deal: Opportunity | None) -> Opportunity | None:
    """``deal`` if the caller may see it, else None (as if it did not exist). Also the rule
    ``node(id:)`` applies to deals."""
    owner = own_only(info)
    if deal is None or owner is None or deal.owner_id == owner:  # type: ignore[attr-defined]
        return deal
    return None


async def load_deal(info: strawberry.Info, deal_id: int | None) -> Opportunity | None:
    """A related deal through the request's loader, if the caller may see it."""
    return None if deal_id is None else shown(info, await info.context.loaders.by_id(Opportunity).load(deal_id))


async def activity_shown(info: strawberry.Info, activity: Activity) -> bool:
    """Whether the caller may see ``activity``: one outside any deal, or on a deal they see
    (the rule ``node(id:)`` applies to activities)."""
    deal_id = activity.opportunity_id  # type: ignore[attr-defined]
    return deal_id is None or own_only(info) is None or await load_deal(info, deal_id) is not None


async def ensure_visible(info: strawberry.Info, deal_id: int, field: str = "id") -> None:
    """Inside a mutation: a deal the caller may not see is NOT_FOUND on ``field``."""
    if shown(info, await info.context.loaders.by_id(Opportunity).load(deal_id)) is None:
        raise not_found("opportunity", field)


def deal_page(
    info: strawberry.Info, parent_field: str, parent_key: int, order: tuple[SortKey, ...], *,
    first: int | None, after: str | None, signature: str, **filters: Any,
) -> Any:
    """A page of the deals whose ``parent_field`` is ``parent_key`` and that match
    ``filters``, as far as the caller may see them (the record rule).

    The first page of every parent of a list (the customers of a page, the stages of a
    pipeline) loads in one query with its ``totalCount``; a page ``after`` a cursor is one
    query of its own. Cursors are the same either way, so a client continues from a nested
    edge's cursor. Return it without awaiting from a plain ``def`` field."""
    if after is not None:
        query = visible(info, Opportunity.filter(**{parent_field: parent_key}, **filters))
        return list_page(info, query, order, first=first, after=after, signature=signature)
    owner = own_only(info)
    if owner is not None:
        filters = {**filters, "owner_id": owner}
    settings = info.context.settings
    size, _ = page_size(first, None, settings.default_page_size, settings.max_page_size)
    keys, tag = keyset(order, signature)

    def make() -> Any:
        async def load(parent_keys: list[int]) -> list[list[Opportunity]]:
            grouped: dict[int, list[Opportunity]] = defaultdict(list)
            rows = Opportunity.filter(**{f"{parent_field}__in": set(parent_keys)}, **filters).order_by(*order_by_names(keys))
            for row in await rows:
                grouped[getattr(row, parent_field)].append(row)
            return [grouped.get(key, []) for key in parent_keys]

        return load

    loader = info.context.loaders.get(("sales.deal_pages", parent_field, tuple(order), tuple(sorted(filters.items()))), make)

    async def page() -> Connection[Any]:
        rows = await loader.load(parent_key)
        edges = [KeysetEdge(row, keys, tag) for row in rows[:size]]

        async def total() -> int:
            return len(rows)

        return Connection(edges=edges, page_info=KeysetPageInfo(edges, has_next_page=len(rows) > size, has_previous_page=False),
                          count_total=total)

    return page()
