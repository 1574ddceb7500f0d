"""amity sales: sales-force automation (DOMAIN.md "Sales").

Pipelines with ordered stages, opportunities that move through them with their stage history,
won and lost with a reason. Adds ``opportunities`` and ``openPipelineAmount`` to ``Customer``
and deals to the timeline. Events: ``opportunity.created``, ``opportunity.stage_changed``,
``opportunity.won``, ``opportunity.lost``, ``opportunity.reopened`` (``docs/plugins/sales.md``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amity import Permission, SchemaContribution, hookimpl
from amity.core.models import Customer
from amity.core.timeline import TimelineEntry
from amity.plugins.sales import demo, records


@hookimpl
def register_models() -> list[str]:
    return ["amity.plugins.sales.models"]


@hookimpl
def register_schema() -> SchemaContribution:
    from amity.plugins.sales import graphql

    return SchemaContribution(
        query=[graphql.SalesQuery],
        mutation=[graphql.SalesMutation],
        types=[graphql.Opportunity, graphql.Pipeline, graphql.Stage],
        extend={"Customer": [graphql.CustomerSales]},
        nodes=graphql.NODES,
        error_codes=graphql.ERROR_CODES,
    )


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission("sales.opportunity.read", "See deals and pipelines", roles=("manager", "agent", "viewer")),
        Permission("sales.opportunity.write", "Open, change, move, win, lose and reopen deals", roles=("manager", "agent")),
        Permission("sales.pipeline.write", "Create pipelines and their stages", roles=("manager",)),
    ]


@hookimpl
async def timeline_entries(customer_id: int, before: tuple[datetime, str] | None, limit: int) -> list[TimelineEntry]:
    return await records.timeline_entries(customer_id, before, limit)


@hookimpl
async def merge_customers(survivor: Customer, duplicate: Customer) -> None:
    await records.move_to_survivor(survivor, duplicate)


@hookimpl
async def export_customer_data(customer: Customer) -> dict[str, Any]:
    return await records.export(customer)


@hookimpl
async def erase_customer_data(customer: Customer) -> None:
    await records.erase(customer)


@hookimpl
async def seed_demo_data(ctx: Any) -> None:
    await demo.seed(ctx)
