"""GraphQL types of activities and next-best-action suggestions, and the fields they add to
``Opportunity``."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from amity.core import clock
from amity.core import models as core
from amity.plugins.sales import activities, suggestions
from amity.plugins.sales.graphql.quotation_types import Quotation
from amity.plugins.sales.graphql.types import Opportunity
from amity.plugins.sales.graphql.visibility import load_deal, own_only, visible
from amity.plugins.sales.models import Activity as ActivityModel
from amity.plugins.sales.models import ActivityKind as Kind
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.schema.customers import Customer, Interaction, User
from amity.schema.permissions import requires_permission
from amity.schema.relay import Node, to_global_id

ActivityKind = strawberry.enum(Kind, description="A call, a meeting or a task.")


@strawberry.enum(description="Where an activity stands.")
class ActivityStatus(Enum):
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"


SuggestionRule = strawberry.enum(suggestions.SuggestionRule, description="The rule that suggested a next best action.")


@strawberry.type(description="A rep's call, meeting or task with a customer.")
class Activity(Node):
    kind: ActivityKind = strawberry.field(description="A completed call or meeting is also logged as an interaction.")
    subject: str = strawberry.field(description="One line: what the activity is about.")
    notes: str = strawberry.field(description="Free text for whoever does it; may be empty.")
    due_at: datetime = strawberry.field(description="When it is due; not done by then, it is OVERDUE.")
    done_at: datetime | None = strawberry.field(description="When it was completed; null until then.")
    outcome: str = strawberry.field(description="What came of it, recorded on completion; empty until done.")
    created_at: datetime
    version: int
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, ActivityModel))

    @strawberry.field(description="OVERDUE when not done and past due.")
    def status(self) -> ActivityStatus:
        return ActivityStatus(activities.status_of(self, clock.now()))  # type: ignore[arg-type]

    @strawberry.field(
        extensions=[requires_permission("customer.read")],
        description="The customer it is with; the deal's customer when it is on a deal.",
    )
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="The deal it is on; null when it is on none or the deal is not yours to see.",
    )
    async def opportunity(self, info: strawberry.Info) -> Opportunity | None:
        return await load_deal(info, self.opportunity_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The user who does it; null when nobody owns it.")
    async def owner(self, info: strawberry.Info) -> User | None:
        key = self.owner_id  # type: ignore[attr-defined]
        return None if key is None else await info.context.loaders.by_id(core.User).load(key)

    @strawberry.field(extensions=[requires_permission("interaction.read")], description="The interaction logged on completion.")
    async def interaction(self, info: strawberry.Info) -> Interaction | None:
        key = self.interaction_id  # type: ignore[attr-defined]
        return None if key is None else await info.context.loaders.by_id(core.Interaction).load(key)


@strawberry.type(description="A suggested next action, by rule.")
class Suggestion:
    rule: SuggestionRule = strawberry.field(description="The rule that suggested the action.")
    message: str = strawberry.field(description="What to do, for the rep to read, e.g. `Overdue call: Discovery call`.")
    since: datetime = strawberry.field(description="Since when the action is due; the worklist is oldest first.")
    opportunity: Opportunity | None = strawberry.field(
        description="The deal it concerns; null for an overdue activity outside any deal.")
    activity: Activity | None = strawberry.field(
        description="The overdue activity (OVERDUE_ACTIVITY); null for the other rules.")
    quotation: Quotation | None = strawberry.field(
        description="The sent quotation about to expire (QUOTATION_EXPIRING); null for the other rules.")

    @classmethod
    def of(cls, item: suggestions.Suggestion) -> Suggestion:
        return cls(rule=item.rule, message=item.message, since=item.since, opportunity=item.opportunity,  # type: ignore[arg-type]
                   activity=item.activity, quotation=item.quotation)  # type: ignore[arg-type]


def _suggestions_loader(info: strawberry.Info) -> Any:
    async def load(keys: list[int]) -> list[list[suggestions.Suggestion]]:
        found = await suggestions.for_deals(await visible(info, OpportunityModel.filter(id__in=keys)))
        return [found.get(key, []) for key in keys]

    return info.context.loaders.get(("sales.suggestions", own_only(info)), lambda: load)


def _linked_interactions_loader(info: strawberry.Info) -> Any:
    async def load(keys: list[int]) -> list[list[Any]]:
        links = {to_global_id("Opportunity", key): key for key in keys}
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in await core.Interaction.filter(link__in=list(links)).order_by("-occurred_at", "-id"):
            grouped[links[row.link]].append(row)
        return [grouped.get(key, []) for key in keys]

    return info.context.loaders.get("sales.linked_interactions", lambda: load)


@strawberry.type
class OpportunityActivities:
    """Fields the activities add to ``Opportunity``."""

    @strawberry.field(extensions=[requires_permission("sales.activity.read")], description="Calls, meetings and tasks, by due time.")
    async def activities(self, info: strawberry.Info) -> list[Activity]:
        return await info.context.loaders.children(ActivityModel, "opportunity_id", ("due_at", "id")).load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("interaction.read")], description="Interactions linked to the deal, newest first.")
    async def interactions(self, info: strawberry.Info) -> list[Interaction]:
        return await _linked_interactions_loader(info).load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("sales.activity.read")], description="What to do next on this deal, by rule.")
    async def next_best_actions(self, info: strawberry.Info) -> list[Suggestion]:
        return [Suggestion.of(item) for item in await _suggestions_loader(info).load(self.pk)]  # type: ignore[attr-defined]
