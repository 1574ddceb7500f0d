"""GraphQL types of leads: the lead, its score explanation and the scoring rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from amity.core import models as core
from amity.plugins.sales.graphql.types import Opportunity
from amity.plugins.sales.graphql.visibility import load_deal
from amity.plugins.sales.models import Lead as LeadModel
from amity.plugins.sales.models import LeadSource as Source
from amity.plugins.sales.models import LeadStatus as Status
from amity.plugins.sales.models import ScoringRuleKind as Kind
from amity.schema.customers import ContactPerson, Customer, User
from amity.schema.permissions import requires_permission
from amity.schema.relay import Node

LeadStatus = strawberry.enum(Status, description="Where the follow-up of a lead stands.")
LeadSource = strawberry.enum(Source, description="Where a lead came from.")
ScoringRuleKind = strawberry.enum(Kind, description="What a lead scoring rule looks at; `value` is its parameter.")


@strawberry.type(description="One rule that counted towards a lead's score.")
class ScoreItem:
    rule: str = strawberry.field(description="The name of the matched rule.")
    points: int = strawberry.field(description="What the rule added to the score; negative when it took away.")


@strawberry.type(description="A rule of the lead scoring rule set.")
class LeadScoringRule:
    name: str = strawberry.field(description="Unique within the rule set; shown in `scoreExplanation`.")
    kind: ScoringRuleKind = strawberry.field(description="What the rule looks at.")
    value: str = strawberry.field(description="A source, a field name, an industry or a number, by kind.")
    points: int = strawberry.field(
        description="Added to the score of a lead the rule matches; negative points take away.")


@strawberry.type(description="A prospect who may become a customer.")
class Lead(Node):
    name: str = strawberry.field(description="The person's full name.")
    company: str = strawberry.field(description="The company the person works for; empty when none or unknown.")
    title: str = strawberry.field(description="The person's job title; empty when unknown.")
    email: str | None = strawberry.field(description="Normalised to lower case; null when unknown.")
    phone: str | None = strawberry.field(description="E.164, e.g. `+4930123456`; null when unknown.")
    industry: str = strawberry.field(
        description="Free text, matched by INDUSTRY scoring rules ignoring case; empty when unknown.")
    employees: int | None = strawberry.field(description="The company's head count; null when unknown.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code; empty when unknown.")
    source: LeadSource = strawberry.field(description="Where the lead came from; SOURCE scoring rules look at it.")
    status: LeadStatus = strawberry.field(description="Where the follow-up stands; only `convertLead` sets CONVERTED.")
    status_reason: str = strawberry.field(description="Why the lead was disqualified; empty otherwise.")
    score: int = strawberry.field(
        description="Sum of the points of the scoring rules the lead matches; kept current until it is converted.")
    last_contacted_at: datetime | None = strawberry.field(
        description="When the lead was last set to CONTACTED; null if never.")
    converted_at: datetime | None = strawberry.field(description="When `convertLead` converted it; null until then.")
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard changes.")
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, LeadModel))

    @strawberry.field(description="The rules the score is made of.")
    def score_explanation(self) -> list[ScoreItem]:
        return [ScoreItem(rule=item["rule"], points=item["points"]) for item in self.score_explanation]  # type: ignore[attr-defined]

    @strawberry.field(description="The rep who follows the lead up; null when nobody does.")
    async def owner(self, info: strawberry.Info) -> User | None:
        owner_id = self.owner_id  # type: ignore[attr-defined]
        return None if owner_id is None else await info.context.loaders.by_id(core.User).load(owner_id)

    @strawberry.field(extensions=[requires_permission("customer.read")], description="The customer it converted into.")
    async def customer(self, info: strawberry.Info) -> Customer | None:
        return await _load(info, core.Customer, self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("customer.read")], description="The contact person it became.")
    async def contact(self, info: strawberry.Info) -> ContactPerson | None:
        return await _load(info, core.ContactPerson, self.contact_id)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("sales.opportunity.read")], description="The deal opened on conversion.")
    async def opportunity(self, info: strawberry.Info) -> Opportunity | None:
        return await load_deal(info, self.opportunity_id)  # type: ignore[attr-defined]


async def _load(info: strawberry.Info, model: type, key: int | None) -> Any:
    return None if key is None else await info.context.loaders.by_id(model).load(key)


@strawberry.type
class CustomerLeads:
    """The ``leads`` field the sales plugin adds to the core ``Customer`` type."""

    @strawberry.field(extensions=[requires_permission("sales.lead.read")], description="Leads converted into this customer.")
    async def leads(self, info: strawberry.Info) -> list[Lead]:
        return await info.context.loaders.children(LeadModel, "customer_id", ("converted_at", "id")).load(self.pk)  # type: ignore[attr-defined]
