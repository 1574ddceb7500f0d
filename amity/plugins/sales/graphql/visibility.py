"""The record rule on deals (``amity.plugins.sales.access``) in GraphQL: every place that
hands out a deal goes through these helpers."""

from __future__ import annotations

from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from amity.core.errors import not_found
from amity.plugins.sales.access import owner_limit
from amity.plugins.sales.models import Activity, Opportunity
from amity.schema.relay import SortKey, child_page


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
    """A page of the deals whose ``parent_field`` is ``parent_key`` and whose fields equal
    ``filters``, as far as the caller may see them (the record rule).

    The first page of every parent of a list (the customers of a page, the stages of a
    pipeline) loads in one query, at most a page per parent, with its ``totalCount`` in one
    more; a page ``after`` a cursor is one query of its own. Cursors are the same either way,
    so a client continues from a nested edge's cursor. Return it without awaiting from a
    plain ``def`` field."""
    owner = own_only(info)
    if owner is not None:
        filters = {**filters, "owner_id": owner}
    return child_page(info, Opportunity, parent_field, parent_key, order, first=first, after=after,
                      signature=signature, where=tuple(sorted(filters.items())))
