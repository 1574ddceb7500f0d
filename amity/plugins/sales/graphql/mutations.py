"""Mutations of the sales plugin: inputs, payloads and resolvers. Rules live in ``service``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET

from amity.plugins.sales import service
from amity.plugins.sales.graphql.types import Opportunity, Pipeline
from amity.plugins.sales.graphql.visibility import ensure_visible
from amity.schema.errors import UserError, mutation_payload
from amity.schema.permissions import ensure
from amity.schema.relay import input_id

WRITE = "sales.opportunity.write"


@strawberry.input(description="An amount; the currency defaults to the customer's and must match it.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="Decimal string, not negative.")
    currency: str | None = strawberry.field(
        default=None, description="ISO 4217 code; must be the customer's currency (the default).")


@strawberry.input(description="One stage of a new pipeline, in order: a name and the chance of winning a deal in it.")
class StageInput:
    name: str = strawberry.field(description="Unique within the pipeline, at most 100 characters.")
    probability: int = strawberry.field(description="Chance in percent (0-100) that a deal in this stage is won.")


@strawberry.input
class CreatePipelineInput:
    name: str = strawberry.field(description="Unique, at most 100 characters.")
    stages: list[StageInput] = strawberry.field(description="In the order deals move through them.")
    is_default: bool = strawberry.field(default=False, description="Make it the pipeline for new deals.")


@strawberry.type
class CreatePipelinePayload:
    user_errors: list[UserError]
    pipeline: Pipeline | None = None


@strawberry.input
class CreateOpportunityInput:
    customer_id: strawberry.ID
    title: str = strawberry.field(description="Short name of the deal, at most 200 characters.")
    amount: MoneyInput = strawberry.field(description="What the deal is worth, in the customer's currency.")
    expected_close_date: date = strawberry.field(description="ISO 8601 date, e.g. `2026-06-30`.")
    owner_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Defaults to you.")
    pipeline_id: strawberry.ID | None = strawberry.field(default=None, description="Defaults to the default pipeline.")
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="Defaults to the pipeline's first stage.")


@strawberry.input(description="Only the fields sent change. Title, amount and expected close date are required: null is "
                               "refused (REQUIRED); null for the owner leaves the deal without one.")
class UpdateOpportunityInput:
    id: strawberry.ID
    title: str | None = strawberry.field(default=UNSET, description="Cannot be blank or null.")
    amount: MoneyInput | None = strawberry.field(
        default=UNSET, description="In the customer's currency; cannot be null.")
    expected_close_date: date | None = strawberry.field(default=UNSET, description="ISO 8601 date; cannot be null.")
    owner_id: strawberry.ID | None = strawberry.field(default=UNSET, description="null leaves the deal without owner.")
    expected_version: int | None = strawberry.field(default=None, description="Fail with STALE if the version differs.")


@strawberry.input
class MoveOpportunityInput:
    id: strawberry.ID
    stage_id: strawberry.ID = strawberry.field(description="A stage of the deal's own pipeline.")
    expected_version: int | None = None


@strawberry.input
class WinOpportunityInput:
    id: strawberry.ID
    reason: str = strawberry.field(default="", description="Why the deal was won, at most 500 characters; optional.")
    expected_version: int | None = None


@strawberry.input
class LoseOpportunityInput:
    id: strawberry.ID
    reason: str = strawberry.field(description="Why the deal was lost (required).")
    expected_version: int | None = None


@strawberry.input
class ReopenOpportunityInput:
    id: strawberry.ID
    expected_version: int | None = None


@strawberry.type
class OpportunityPayload:
    user_errors: list[UserError]
    opportunity: Opportunity | None = None


@strawberry.type
class CreateOpportunityPayload(OpportunityPayload):
    pass


@strawberry.type
class UpdateOpportunityPayload(OpportunityPayload):
    pass


@strawberry.type
class MoveOpportunityPayload(OpportunityPayload):
    pass


@strawberry.type
class WinOpportunityPayload(OpportunityPayload):
    pass


@strawberry.type
class LoseOpportunityPayload(OpportunityPayload):
    pass


@strawberry.type
class ReopenOpportunityPayload(OpportunityPayload):
    pass


def _money(values: dict[str, Any], money: MoneyInput | None) -> None:
    if money is UNSET:
        return
    values["amount"] = None if money is None else money.amount
    if money is not None:
        values["currency"] = money.currency


def _owner(values: dict[str, Any], owner_id: Any) -> None:
    if owner_id is not UNSET:
        values["owner_id"] = None if owner_id is None else input_id(owner_id, "User", "ownerId")


@strawberry.type
class SalesMutation:
    @strawberry.mutation(description="Create a pipeline with its stages.")
    async def create_pipeline(self, info: strawberry.Info, input: CreatePipelineInput) -> CreatePipelinePayload:
        async def action() -> dict[str, Any]:
            ensure(info, "sales.pipeline.write")
            stages = [(stage.name, stage.probability) for stage in input.stages]
            return {"pipeline": await service.create_pipeline(input.name, stages, default=input.is_default)}

        return await mutation_payload(CreatePipelinePayload, action)

    @strawberry.mutation(description="Open a deal with a customer.")
    async def create_opportunity(self, info: strawberry.Info, input: CreateOpportunityInput) -> CreateOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            values: dict[str, Any] = {
                "customer_id": input_id(input.customer_id, "Customer", "customerId"),
                "title": input.title, "expected_close_date": input.expected_close_date,
            }
            _money(values, input.amount)
            _owner(values, input.owner_id)
            if input.pipeline_id is not None:
                values["pipeline_id"] = input_id(input.pipeline_id, "Pipeline", "pipelineId")
            if input.stage_id is not None:
                values["stage_id"] = input_id(input.stage_id, "Stage", "stageId")
            return {"opportunity": await service.create_opportunity(values, info.context.principal.user_id)}

        return await mutation_payload(CreateOpportunityPayload, action)

    @strawberry.mutation(description="Change the title, amount, expected close date or owner of an open deal.")
    async def update_opportunity(self, info: strawberry.Info, input: UpdateOpportunityInput) -> UpdateOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            opportunity_id = input_id(input.id, "Opportunity", "id")
            await ensure_visible(info, opportunity_id)
            values: dict[str, Any] = {}
            if input.title is not UNSET:
                values["title"] = input.title
            if input.expected_close_date is not UNSET:
                values["expected_close_date"] = input.expected_close_date
            _money(values, input.amount)
            _owner(values, input.owner_id)
            opportunity = await service.update_opportunity(opportunity_id, values, input.expected_version)
            return {"opportunity": opportunity}

        return await mutation_payload(UpdateOpportunityPayload, action)

    @strawberry.mutation(description="Move an open deal to another stage of its pipeline.")
    async def move_opportunity(self, info: strawberry.Info, input: MoveOpportunityInput) -> MoveOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            opportunity_id = input_id(input.id, "Opportunity", "id")
            await ensure_visible(info, opportunity_id)
            stage_id = input_id(input.stage_id, "Stage", "stageId")
            return {"opportunity": await service.move_opportunity(opportunity_id, stage_id, input.expected_version)}

        return await mutation_payload(MoveOpportunityPayload, action)

    @strawberry.mutation(description="Mark an open deal won.")
    async def win_opportunity(self, info: strawberry.Info, input: WinOpportunityInput) -> WinOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            opportunity_id = input_id(input.id, "Opportunity", "id")
            await ensure_visible(info, opportunity_id)
            return {"opportunity": await service.win_opportunity(opportunity_id, input.reason, input.expected_version)}

        return await mutation_payload(WinOpportunityPayload, action)

    @strawberry.mutation(description="Mark an open deal lost, with the reason.")
    async def lose_opportunity(self, info: strawberry.Info, input: LoseOpportunityInput) -> LoseOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            opportunity_id = input_id(input.id, "Opportunity", "id")
            await ensure_visible(info, opportunity_id)
            return {"opportunity": await service.lose_opportunity(opportunity_id, input.reason, input.expected_version)}

        return await mutation_payload(LoseOpportunityPayload, action)

    @strawberry.mutation(description="Reopen a won or lost deal in the stage it was closed in.")
    async def reopen_opportunity(self, info: strawberry.Info, input: ReopenOpportunityInput) -> ReopenOpportunityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            opportunity_id = input_id(input.id, "Opportunity", "id")
            await ensure_visible(info, opportunity_id)
            return {"opportunity": await service.reopen_opportunity(opportunity_id, input.expected_version)}

        return await mutation_payload(ReopenOpportunityPayload, action)
