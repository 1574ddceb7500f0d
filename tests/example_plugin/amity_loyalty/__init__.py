"""amity-loyalty: loyalty points for amity customers, a complete third-party plugin.

Customers get welcome points when they are created; staff award points and redeem them;
a balance with no activity for a year expires. Enable it with ``AMITY_PLUGINS=loyalty``
once the package is installed (its entry point is ``amity.plugins: loyalty``).

Events it publishes: ``loyalty.points_awarded`` with ``customer_id``, ``entry_id``, ``points``.
"""

from datetime import datetime, timedelta
from typing import Any

import click
import strawberry
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry import UNSET
from tortoise import fields, models
from tortoise.functions import Sum

from amity import Permission, Principal, SchemaContribution, hookimpl, requires_permission
from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.jobs import Scheduler
from amity.core.models import Customer
from amity.core.timeline import TimelineEntry, entries_older_than
from amity.core.validation import Problems, required_text
from amity.schema.customers import Customer as CustomerNode
from amity.schema.errors import ClientError, UserError, mutation_payload
from amity.schema.filters import DateTimeFilter, IDFilter, IntFilter, Ref, StringFilter, to_q
from amity.schema.permissions import ensure
from amity.schema.relay import Connection, Node, SortKey, input_id, list_page

WELCOME_POINTS = 100
IDLE_DAYS = 365


# The table: one Tortoise app labelled "loyalty", tables named loyalty_<name>.

class PointsEntry(models.Model):
    """Points given to (positive) or redeemed by (negative) a customer."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="points_entries", on_delete=fields.CASCADE)
    delta = fields.IntField()
    reason = fields.CharField(max_length=200)
    occurred_at = fields.DatetimeField()

    class Meta:
        app = "loyalty"
        table = "loyalty_points_entry"


# The rules: GraphQL, the command, the event handler and the job all call these.

async def balance(customer_id: int) -> int:
    """The customer's current points."""
    return sum(await PointsEntry.filter(customer_id=customer_id).values_list("delta", flat=True))


async def award(customer_id: int, points: int, reason: str) -> PointsEntry:
    """Award points, or redeem them with negative ``points``. Refuses 0 points, a blank
    reason, an unknown customer and redeeming more than the balance."""
    problems = Problems()
    if points == 0:
        problems.add("points", "points must not be 0", "INVALID")
    reason = required_text(reason, "reason", problems, 200)
    if problems:
        raise DomainError(*problems)
    if not await Customer.exists(id=customer_id):
        raise not_found("customer", "customerId")
    async with events.transaction():
        held = await balance(customer_id)
        if held + points < 0:
            raise DomainError.single("NOT_ENOUGH_POINTS", f"the customer has only {held} points", "points")
        entry = await PointsEntry.create(customer_id=customer_id, delta=points, reason=reason, occurred_at=clock.now())
        events.emit("loyalty.points_awarded", customer_id=customer_id, entry_id=entry.id, points=points)
    return entry


async def leaderboard(limit: int) -> list[tuple[Customer, int]]:
    """The ``limit`` customers with the most points, best first."""
    rows = await (
        PointsEntry.all().annotate(total=Sum("delta")).group_by("customer_id").filter(total__gt=0)
        .order_by("-total", "customer_id").limit(limit).values_list("customer_id", "total")
    )
    customers = {c.id: c for c in await Customer.filter(id__in=[customer_id for customer_id, _ in rows])}
    return [(customers[customer_id], total) for customer_id, total in rows]


async def expire_idle_points() -> None:
    """Expire the balance of every customer without a points entry for ``IDLE_DAYS``."""
    active = set(await PointsEntry.filter(occurred_at__gte=clock.now() - timedelta(days=IDLE_DAYS))
                 .values_list("customer_id", flat=True))
    totals = await PointsEntry.all().annotate(total=Sum("delta")).group_by("customer_id").values_list("customer_id", "total")
    for customer_id, total in totals:
        if total > 0 and customer_id not in active:
            await award(customer_id, -total, f"expired after {IDLE_DAYS} days without activity")


def timeline_entry(entry: PointsEntry) -> TimelineEntry:
    title = f"{entry.delta:+d} loyalty points"
    return TimelineEntry(entry.occurred_at, f"PointsEntry:{entry.id:012d}", "loyalty", title, entry.reason, None, entry)


# The GraphQL surface.

@strawberry.type(name="PointsEntry", description="Points given to (positive) or redeemed by (negative) a customer.")
class PointsEntryNode(Node):
    delta: int
    reason: str
    occurred_at: datetime
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, PointsEntry))

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> CustomerNode:
        return await info.context.loaders.by_id(Customer).load(self.customer_id)


@strawberry.type
class CustomerLoyalty:
    """Fields added to the core ``Customer`` type."""

    @strawberry.field(extensions=[requires_permission("loyalty.read")], description="Current loyalty points.")
    async def loyalty_points(self, info: strawberry.Info) -> int:
        return await info.context.loaders.sum_of(PointsEntry, "delta").load(self.pk)


@strawberry.type(description="A customer and their points, on the leaderboard.")
class LoyaltyStanding:
    customer: CustomerNode
    points: int


@strawberry.input
class PointsEntryFilter:
    customer: IDFilter | None = UNSET
    delta: IntFilter | None = UNSET
    reason: StringFilter | None = UNSET
    occurred_at: DateTimeFilter | None = UNSET


FILTER_COLUMNS = {"customer": Ref("customer_id", "Customer"), "delta": "delta", "reason": "reason", "occurred_at": "occurred_at"}


@strawberry.type
class LoyaltyQuery:
    @strawberry.field(extensions=[requires_permission("loyalty.read")], description="The customers with the most points.")
    async def loyalty_leaderboard(self, first: int = 10) -> list[LoyaltyStanding]:
        if not 0 <= first <= 100:
            raise ClientError("first must be between 0 and 100", "BAD_PAGINATION")
        return [LoyaltyStanding(customer=customer, points=points) for customer, points in await leaderboard(first)]

    @strawberry.field(extensions=[requires_permission("loyalty.read")], description="Points entries, newest first.")
    async def points_entries(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, filter: PointsEntryFilter | None = None
    ) -> Connection[PointsEntryNode]:
        return await list_page(
            info,
            PointsEntry.filter(to_q(filter, FILTER_COLUMNS)), [SortKey("occurred_at", descending=True)],
            first=first, after=after, signature="pointsEntries",
        )


@strawberry.input
class AwardPointsInput:
    customer_id: strawberry.ID
    points: int = strawberry.field(description="Positive to award, negative to redeem; never 0.")
    reason: str


@strawberry.type
class AwardPointsPayload:
    user_errors: list[UserError]
    entry: PointsEntryNode | None = None


@strawberry.type
class LoyaltyMutation:
    @strawberry.mutation(description="Award points to a customer, or redeem them with negative points.")
    async def award_points(self, info: strawberry.Info, input: AwardPointsInput) -> AwardPointsPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "loyalty.write")
            customer_id = input_id(input.customer_id, "Customer", "customerId")
            return {"entry": await award(customer_id, input.points, input.reason)}

        return await mutation_payload(AwardPointsPayload, action)


async def loyalty_rules(request: Request) -> JSONResponse:
    """Public page: how customers earn and lose points (no customer data)."""
    return JSONResponse({"welcomePoints": WELCOME_POINTS, "expiresAfterIdleDays": IDLE_DAYS})


# The hooks: the plugin's front door.

@hookimpl
def register_models() -> list[str]:
    return [__name__]


@hookimpl
def register_schema() -> SchemaContribution:
    return SchemaContribution(
        query=[LoyaltyQuery],
        mutation=[LoyaltyMutation],
        types=[PointsEntryNode],
        extend={"Customer": [CustomerLoyalty]},
        nodes={"PointsEntry": (PointsEntry, "loyalty.read")},
        error_codes={"NOT_ENOUGH_POINTS": "The customer has fewer points than the redemption needs."},
    )


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission("loyalty.read", "See loyalty points", roles=("manager", "agent")),
        Permission("loyalty.write", "Award and redeem loyalty points", roles=("manager",)),
    ]


@hookimpl
async def handle_event(event: events.Event) -> None:
    if event.name == "customer.created":
        await award(event.data["customer_id"], WELCOME_POINTS, "welcome bonus")


@hookimpl
def register_routes() -> list[Route]:
    return [Route("/loyalty/rules", loyalty_rules)]


@hookimpl
def register_commands(cli: click.Group) -> None:
    @cli.command("loyalty-top")
    @click.option("--limit", default=10, show_default=True, help="How many customers to show.")
    @click.pass_context
    def loyalty_top(ctx: click.Context, limit: int) -> None:
        """Print the customers with the most loyalty points."""
        from amity.cli import amity_from, with_database

        for rank, (customer, points) in enumerate(with_database(amity_from(ctx), lambda: leaderboard(limit)), 1):
            click.echo(f"{rank:>3}. {customer.code:<12} {customer.name:<30} {points:>7}")


@hookimpl
def register_jobs(scheduler: Scheduler) -> None:
    scheduler.every(days=1, name="loyalty.expire_idle_points")(expire_idle_points)


@hookimpl
async def seed_demo_data(ctx: Any) -> None:
    for customer in ctx.random.sample(ctx.customers, k=min(len(ctx.customers), 25)):
        await award(customer.id, ctx.random.choice((40, 120, 300)), f"order {ctx.random.randint(10000, 99999)}")


@hookimpl
async def timeline_entries(customer_id: int, before: Any, limit: int, principal: Principal) -> list[TimelineEntry]:
    if not principal.has("loyalty.read"):      # show each reader only what they may see
        return []
    return await entries_older_than(PointsEntry.filter(customer_id=customer_id), before, limit, timeline_entry)


@hookimpl
async def timeline_count(customer_id: int, principal: Principal) -> int:
    return await PointsEntry.filter(customer_id=customer_id).count() if principal.has("loyalty.read") else 0


@hookimpl
async def merge_customers(survivor: Customer, duplicate: Customer) -> None:
    await PointsEntry.filter(customer_id=duplicate.id).update(customer_id=survivor.id)


@hookimpl
async def export_customer_data(customer: Customer) -> dict[str, Any]:
    entries = await PointsEntry.filter(customer_id=customer.id).order_by("occurred_at", "id")
    return {
        "balance": sum(entry.delta for entry in entries),
        "entries": [{"points": e.delta, "reason": e.reason, "occurredAt": e.occurred_at.isoformat()} for e in entries],
    }


@hookimpl
async def erase_customer_data(customer: Customer) -> None:
    await PointsEntry.filter(customer_id=customer.id).delete()
