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
from amity.schema.relay import Connection, KeysetEdge, KeysetPageInfo, SortKey, keyset, order_by_names, page_size


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


def own_first_page(
    info: strawberry.Info, customer_id: int, order: tuple[SortKey, ...], first: int | None, signature: str
) -> Any:
    """The first page of a customer's deals owned by the restricted caller: one query for all
    customers of a list (their own deals only), with the cursors of the unrestricted list."""
    owner = own_only(info)
    settings = info.context.settings
    size, _ = page_size(first, None, settings.default_page_size, settings.max_page_size)
    keys, tag = keyset(order, signature)

    def make() -> Any:
        async def load(customer_ids: list[int]) -> list[list[Opportunity]]:
            grouped: dict[int, list[Opportunity]] = defaultdict(list)
            rows = Opportunity.filter(customer_id__in=set(customer_ids), owner_id=owner).order_by(*order_by_names(keys))
            for row in await rows:
                grouped[row.customer_id].append(row)  # type: ignore[attr-defined]
            return [grouped.get(key, []) for key in customer_ids]

        return load

    loader = info.context.loaders.get(("sales.own_deals", owner, tuple(order)), make)

    async def page() -> Connection[Any]:
        rows = await loader.load(customer_id)
        edges = [KeysetEdge(row, keys, tag) for row in rows[:size]]

        async def total() -> int:
            return len(rows)

        return Connection(edges=edges, page_info=KeysetPageInfo(edges, has_next_page=len(rows) > size, has_previous_page=False),
                          count_total=total)

    return page()
