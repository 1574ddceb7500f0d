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
    rule: str
    points: int


@strawberry.type(description="A rule of the lead scoring rule set.")
class LeadScoringRule:
    name: str
    kind: ScoringRuleKind
    value: str = strawberry.field(description="A source, a field name, an industry or a number, by kind.")
    points: int


@strawberry.type(description="A prospect who may become a customer.")
class Lead(Node):
    name: str
    company: str
    title: str
    email: str | None
    phone: str | None
    industry: str
    employees: int | None
    country: str
    source: LeadSource
    status: LeadStatus
    status_reason: str = strawberry.field(description="Why the lead was disqualified; empty otherwise.")
    score: int
    last_contacted_at: datetime | None
    converted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard changes.")
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, LeadModel))

    @strawberry.field(description="The rules the score is made of.")
    def score_explanation(self) -> list[ScoreItem]:
        return [ScoreItem(rule=item["rule"], points=item["points"]) for item in self.score_explanation]  # type: ignore[attr-defined]

    @strawberry.field
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
