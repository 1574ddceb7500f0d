"""amity sales: sales-force automation (DOMAIN.md "Sales").

Pipelines with ordered stages, opportunities that move through them with their stage history,
won and lost with a reason; leads with a configurable, explained score, converted into a
customer, a contact person and a deal in one transaction; a product catalogue and quotations
(draft → sent → accepted / rejected / expired) checked against the credit limit, whose lines
take the customer's price agreements (preferential terms) by themselves; the reps'
calls, meetings and tasks (completed calls and meetings become interactions), next best
actions by rule and a per-rep worklist; reps with commission rates; routine reports (pipeline
by stage, forecast by month, win rate, sales cycle, per rep, commission). Adds ``opportunities``,
``openPipelineAmount``, ``leads`` and ``priceAgreements`` to ``Customer``, and deals and
conversions to the timeline. Events: ``opportunity.created``, ``opportunity.stage_changed``, ``opportunity.won``,
``opportunity.lost``, ``opportunity.reopened``, ``lead.created``, ``lead.converted``,
``quotation.sent``, ``quotation.accepted``, ``quotation.rejected``, ``quotation.expired``,
``activity.scheduled``, ``activity.completed`` (``docs/plugins/sales.md``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amity import Permission, SchemaContribution, hookimpl
from amity.core.auth import Principal
from amity.core.jobs import Scheduler
from amity.core.models import Customer
from amity.core.timeline import TimelineEntry
from amity.plugins.sales import demo, quotations, records, scoring


@hookimpl
def register_models() -> list[str]:
    return ["amity.plugins.sales.models"]


@hookimpl
def register_schema() -> SchemaContribution:
    from amity.plugins.sales import graphql

    return SchemaContribution(
        query=[graphql.SalesQuery, graphql.ReportQuery],
        mutation=[graphql.SalesMutation, graphql.LeadMutation, graphql.QuotationMutation, graphql.PricingMutation,
                  graphql.ActivityMutation, graphql.ReportMutation],
        types=[graphql.Opportunity, graphql.Pipeline, graphql.Stage, graphql.Lead, graphql.Product, graphql.Quotation,
               graphql.PriceAgreement, graphql.Activity],
        extend={"Customer": [graphql.CustomerSales, graphql.CustomerLeads, graphql.CustomerPriceAgreements],
                "Opportunity": [graphql.OpportunityActivities]},
        nodes=graphql.NODES,
        error_codes=graphql.ERROR_CODES,
    )


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission("sales.opportunity.read", "See deals and pipelines", roles=("manager", "agent", "viewer")),
        Permission("sales.opportunity.read_all", "See every deal; without it, only one's own (record rule)",
                   roles=("manager", "agent", "viewer")),
        Permission("sales.opportunity.write", "Open, change, move, win, lose and reopen deals", roles=("manager", "agent")),
        Permission("sales.pipeline.write", "Create pipelines and their stages", roles=("manager",)),
        Permission("sales.lead.read", "See leads and how they are scored", roles=("manager", "agent", "viewer")),
        Permission("sales.lead.write", "Capture, change and convert leads", roles=("manager", "agent")),
        Permission("sales.lead.configure", "Set the lead scoring rules", roles=("manager",)),
        Permission("sales.quotation.read", "See the product catalogue, price agreements and quotations", roles=("manager", "agent", "viewer")),
        Permission("sales.quotation.write", "Draft, send and record decisions on quotations", roles=("manager", "agent")),
        Permission("sales.product.write", "Maintain the product catalogue", roles=("manager",)),
        Permission("sales.pricing.write", "Agree, change and end customers' price agreements", roles=("manager",)),
        Permission("sales.credit.override", "Accept quotations above the customer's credit limit", roles=("manager",)),
        Permission("sales.activity.read", "See activities, next best actions and worklists", roles=("manager", "agent", "viewer")),
        Permission("sales.activity.write", "Schedule, change and complete activities", roles=("manager", "agent")),
        Permission("sales.report.read", "See the sales reports", roles=("manager", "agent", "viewer")),
        Permission("sales.commission.read", "See the commission report", roles=("manager",)),
        Permission("sales.rep.manage", "Set reps' codes and commission rates", roles=("manager",)),
    ]


@hookimpl
def register_jobs(scheduler: Scheduler) -> None:
    scheduler.every(days=1, name="sales.rescore_leads")(scoring.rescore_leads)
    scheduler.every(hours=1, name="sales.expire_quotations")(quotations.expire_quotations)


@hookimpl
async def timeline_entries(
    customer_id: int, before: tuple[datetime, str] | None, limit: int, principal: Principal
) -> list[TimelineEntry]:
    return await records.timeline_entries(customer_id, before, limit, principal)


@hookimpl
async def timeline_count(customer_id: int, principal: Principal) -> int:
    return await records.timeline_count(customer_id, principal)


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
