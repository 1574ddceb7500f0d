"""Mutations on leads: capture, update, convert, and configure the scoring rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET

from amity.plugins.sales import leads, scoring
from amity.plugins.sales.graphql.lead_types import Lead, LeadScoringRule, LeadSource, LeadStatus, ScoringRuleKind
from amity.schema.errors import UserError, mutation_payload
from amity.schema.inputs import values_of
from amity.schema.permissions import ensure
from amity.schema.relay import input_id

WRITE = "sales.lead.write"


@strawberry.input
class LeadFields:
    company: str | None = strawberry.field(
        default=UNSET, description="The company the person works for, at most 200 characters; null or empty for none.")
    title: str | None = strawberry.field(
        default=UNSET, description="The person's job title, at most 100 characters; null or empty for none.")
    email: str | None = strawberry.field(
        default=UNSET, description="Checked and normalised to lower case; null for none.")
    phone: str | None = strawberry.field(default=UNSET, description="With country code, or local to `country`.")
    industry: str | None = strawberry.field(
        default=UNSET, description="Free text, at most 100 characters; null or empty for none.")
    employees: int | None = strawberry.field(
        default=UNSET, description="The company's head count, not negative; null when unknown.")
    country: str | None = strawberry.field(default=UNSET, description="ISO 3166-1 alpha-2 code.")
    owner_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Defaults to you on creation.")


@strawberry.input
class CreateLeadInput(LeadFields):
    name: str = strawberry.field(description="The person's full name, at most 200 characters.")
    source: LeadSource = strawberry.field(description="Where the lead came from.")


@strawberry.type
class CreateLeadPayload:
    user_errors: list[UserError]
    lead: Lead | None = None


@strawberry.input
class UpdateLeadInput(LeadFields):
    id: strawberry.ID
    name: str | None = strawberry.field(default=UNSET, description="The person's full name; cannot be blank.")
    source: LeadSource | None = strawberry.field(default=UNSET, description="Where the lead came from.")
    status: LeadStatus | None = strawberry.field(default=UNSET, description="Any status but CONVERTED (see convertLead).")
    status_reason: str | None = strawberry.field(default=UNSET, description="Required when disqualifying.")
    expected_version: int | None = None


@strawberry.type
class UpdateLeadPayload:
    user_errors: list[UserError]
    lead: Lead | None = None


@strawberry.input(description="The customer created when no customer matches the lead's e-mail or phone.")
class NewCustomerInput:
    code: str | None = strawberry.field(default=None, description="Defaults to L-<lead number>.")
    type: str | None = strawberry.field(default=None, description="Defaults to enterprise with a company, else individual.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217 code; defaults to EUR.")


@strawberry.input(description="The deal opened on conversion; every field has a default.")
class ConversionOpportunityInput:
    title: str | None = strawberry.field(default=None, description="Defaults to `First deal with <customer name>`.")
    amount: Decimal | None = strawberry.field(default=None, description="In the customer's currency; defaults to 0.")
    expected_close_date: date | None = strawberry.field(default=None, description="Defaults to 30 days from now.")
    pipeline_id: strawberry.ID | None = strawberry.field(default=None, description="Defaults to the default pipeline.")
    stage_id: strawberry.ID | None = strawberry.field(
        default=None, description="Must belong to `pipelineId` if given; defaults to the pipeline's first stage.")


@strawberry.input
class ConvertLeadInput:
    id: strawberry.ID
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Convert into this customer; else one sharing the lead's e-mail or phone, else a new one.")
    new_customer: NewCustomerInput | None = strawberry.field(
        default=None, description="Used only when a new customer is created.")
    opportunity: ConversionOpportunityInput | None = strawberry.field(
        default=None, description="The deal to open; left out, every default applies.")


@strawberry.type
class ConvertLeadPayload:
    user_errors: list[UserError]
    lead: Lead | None = None


@strawberry.input(description="One rule of the lead scoring rule set: when it matches, its points count.")
class LeadScoringRuleInput:
    name: str = strawberry.field(
        description="Unique within the rule set, at most 100 characters; shown in `scoreExplanation`.")
    kind: ScoringRuleKind = strawberry.field(description="What the rule looks at.")
    value: str = strawberry.field(
        description="The kind's parameter: a lead source (`referral`), a field (`email`, `phone`, `company`, `title`, "
                    "`industry`, `country`), an industry, or a whole number.")
    points: int = strawberry.field(description="Added to the score when the rule matches; negative points take away.")


@strawberry.input
class SetLeadScoringRulesInput:
    rules: list[LeadScoringRuleInput] = strawberry.field(
        description="The whole new rule set, in order; replaces the current one.")


@strawberry.type
class SetLeadScoringRulesPayload:
    user_errors: list[UserError]
    rules: list[LeadScoringRule] | None = None


def _lead_values(data: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    values = values_of(data, skip=skip)
    if values.get("owner_id") is not None:
        values["owner_id"] = input_id(values["owner_id"], "User", "ownerId")
    return values


def _opportunity_values(data: ConversionOpportunityInput | None) -> dict[str, Any]:
    if data is None:
        return {}
    values = {key: value for key, value in values_of(data).items() if value is not None}
    if "pipeline_id" in values:
        values["pipeline_id"] = input_id(values["pipeline_id"], "Pipeline", "opportunity.pipelineId")
    if "stage_id" in values:
        values["stage_id"] = input_id(values["stage_id"], "Stage", "opportunity.stageId")
    return values


@strawberry.type
class LeadMutation:
    @strawberry.mutation(description="Capture a lead; it is scored at once.")
    async def create_lead(self, info: strawberry.Info, input: CreateLeadInput) -> CreateLeadPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            return {"lead": await leads.create_lead(_lead_values(input, ()), info.context.principal.user_id)}

        return await mutation_payload(CreateLeadPayload, action)

    @strawberry.mutation(description="Change a lead or its follow-up status; it is rescored at once.")
    async def update_lead(self, info: strawberry.Info, input: UpdateLeadInput) -> UpdateLeadPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            lead_id = input_id(input.id, "Lead", "id")
            values = _lead_values(input, ("id", "expected_version"))
            return {"lead": await leads.update_lead(lead_id, values, input.expected_version)}

        return await mutation_payload(UpdateLeadPayload, action)

    @strawberry.mutation(description="Turn a lead into a customer, a contact person and a deal, in one transaction.")
    async def convert_lead(self, info: strawberry.Info, input: ConvertLeadInput) -> ConvertLeadPayload:
        async def action() -> dict[str, Any]:
            for code in (WRITE, "sales.opportunity.write", "customer.write"):
                ensure(info, code)
            lead_id = input_id(input.id, "Lead", "id")
            customer_id = None if input.customer_id is None else input_id(input.customer_id, "Customer", "customerId")
            converted = await leads.convert_lead(
                lead_id, info.context.settings.customer_types, customer_id=customer_id,
                new_customer=values_of(input.new_customer) if input.new_customer else None,
                opportunity=_opportunity_values(input.opportunity),
            )
            return {"lead": converted}

        return await mutation_payload(ConvertLeadPayload, action)

    @strawberry.mutation(description="Replace the lead scoring rules; every open lead is rescored.")
    async def set_lead_scoring_rules(self, info: strawberry.Info, input: SetLeadScoringRulesInput) -> SetLeadScoringRulesPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "sales.lead.configure")
            rules = await scoring.set_rules([scoring.Rule(r.name, r.kind.value, r.value, r.points) for r in input.rules])
            return {"rules": [LeadScoringRule(name=r.name, kind=r.kind, value=r.value, points=r.points) for r in rules]}  # type: ignore[arg-type]

        return await mutation_payload(SetLeadScoringRulesPayload, action)
