"""The complaint analytics query. Figures are computed by ``amity.plugins.complaints.analytics``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry

from amity.core.errors import DomainError
from amity.core.models import Customer as CustomerModel
from amity.plugins.complaints import analytics
from amity.plugins.complaints.graphql.types import RootCause
from amity.schema.customers import Channel, Customer, Money
from amity.schema.errors import ClientError
from amity.schema.permissions import requires_permission

REPEAT_THRESHOLD = "Complaints that make a customer a repeat complainer and a root cause a repeat cause."


@strawberry.type(description="How many complaints share a key (a category code, channel or month).")
class ComplaintCount:
    key: str = strawberry.field(description="A category code, a lower-case channel (e.g. `email`) or a month `YYYY-MM`.")
    count: int = strawberry.field(description="Complaints of the period with this key.")


@strawberry.type(description="How many analysed complaints of the period one root cause was found in.")
class RootCauseCount:
    root_cause: RootCause = strawberry.field(description="The root cause the analyses found.")
    count: int = strawberry.field(description="Analysed complaints of the period with this root cause.")


@strawberry.type(description="How many complaints of the period came through one channel.")
class ChannelCount:
    channel: Channel = strawberry.field(description="The channel the complaint came through.")
    count: int = strawberry.field(description="Complaints of the period received through it.")


@strawberry.type(description="A root cause on the Pareto chart: its count, share and running share (0 to 1).")
class RootCauseShare:
    root_cause: RootCause = strawberry.field(description="The root cause the analyses found.")
    count: int = strawberry.field(description="Analysed complaints of the period with this root cause.")
    share: float = strawberry.field(
        description="`count` over the period's analysed complaints (not `total`), 0 to 1, to 4 decimals.")
    cumulative_share: float = strawberry.field(
        description="The share of this cause and every more frequent one, 0 to 1; the last is 1.")


@strawberry.type(description="A customer who complained repeatedly in the period.")
class RepeatComplainer:
    customer: Customer = strawberry.field(description="The customer who complained.")
    count: int = strawberry.field(description="Complaints the customer made in the period.")


@strawberry.type(description="A root cause found in at least repeatThreshold complaints of the period.")
class RepeatCause:
    root_cause: RootCause = strawberry.field(description="The root cause the analyses found.")
    count: int = strawberry.field(description="Complaints of the period whose analysis found this cause.")
    customers: int = strawberry.field(description="Customers whose complaints it caused.")
    repeat_customers: int = strawberry.field(description="Customers who complained of it more than once in the period.")


@strawberry.type(description="What the complaints of a period teach.")
class ComplaintAnalytics:
    total: int = strawberry.field(description="Complaints received in the period.")
    by_category: list[ComplaintCount] = strawberry.field(description="Complaints per category code, most first.")
    by_root_cause: list[RootCauseCount] = strawberry.field(
        description="Analysed complaints per root cause, most first; complaints without analysis are left out.")
    by_channel: list[ChannelCount] = strawberry.field(description="Complaints per channel, most first.")
    by_month: list[ComplaintCount] = strawberry.field(description="Keys are `YYYY-MM` (UTC), in order.")
    average_hours_to_acknowledge: float | None = strawberry.field(
        description="Mean hours from receipt to acknowledgement of the acknowledged complaints; null when none.")
    average_hours_to_resolve: float | None = strawberry.field(
        description="Mean hours from receipt to resolution of the complaints resolved now (RESOLVED, FOLLOWED_UP or "
                    "CLOSED); a reopened one counts again once resolved again; null when none.")
    follow_ups: int = strawberry.field(
        description="Follow-ups on the complaints received in the period, recorded at any time.")
    recovery_rate: float | None = strawberry.field(description="Share of follow-ups with a satisfied customer, 0 to 1.")
    recovery_cost: list[Money] = strawberry.field(description="Cost of the done remedies, per currency.")
    root_cause_pareto: list[RootCauseShare] = strawberry.field(
        description="Root causes of the analysed complaints, most frequent first, with their share and running share.")
    repeat_complainers: list[RepeatComplainer] = strawberry.field(
        description="Customers with at least `repeatThreshold` complaints in the period, most first.")
    repeat_causes: list[RepeatCause] = strawberry.field(
        description="Root causes found in at least `repeatThreshold` complaints of the period, most first.")


def _counts(pairs: list[tuple[Any, int]]) -> list[ComplaintCount]:
    return [ComplaintCount(key=str(key), count=count) for key, count in pairs]


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(extensions=[requires_permission("complaints.analytics")],
                      description="Complaint figures for the complaints received in [since, until).")
    async def complaint_analytics(
        self, info: strawberry.Info, since: datetime, until: datetime,
        repeat_threshold: Annotated[int, strawberry.argument(description=REPEAT_THRESHOLD)] = 2,
    ) -> ComplaintAnalytics:
        try:
            figures = await analytics.complaint_analytics(since, until, repeat_threshold)
        except DomainError as error:
            raise ClientError(error.problems[0].message, "BAD_ARGUMENTS") from None
        customers = await info.context.loaders.by_id(CustomerModel).load_many(
            [customer_id for customer_id, _ in figures.repeat_complainers])
        repeat = [RepeatComplainer(customer=customer, count=count)
                  for customer, (_, count) in zip(customers, figures.repeat_complainers, strict=True)]
        return ComplaintAnalytics(
            total=figures.total, by_category=_counts(figures.by_category),
            by_root_cause=[RootCauseCount(root_cause=RootCause(cause), count=count) for cause, count in figures.by_root_cause],
            by_channel=[ChannelCount(channel=Channel(channel), count=count) for channel, count in figures.by_channel],
            by_month=_counts(figures.by_month),
            average_hours_to_acknowledge=figures.average_hours_to_acknowledge,
            average_hours_to_resolve=figures.average_hours_to_resolve, follow_ups=figures.follow_ups,
            recovery_rate=figures.recovery_rate,
            recovery_cost=[Money(amount=amount, currency=currency) for amount, currency in figures.recovery_cost],
            root_cause_pareto=[RootCauseShare(root_cause=RootCause(s.key), count=s.count, share=s.share,
                                              cumulative_share=s.cumulative_share) for s in figures.root_cause_pareto],
            repeat_complainers=repeat,
            repeat_causes=[RepeatCause(root_cause=RootCause(c.root_cause), count=c.count, customers=c.customers,
                                       repeat_customers=c.repeat_customers) for c in figures.repeat_causes],
        )
