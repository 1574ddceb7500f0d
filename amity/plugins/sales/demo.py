"""Demo data: a realistic pipeline with deals in every stage, won and lost deals, and a second
pipeline for renewals, each deal with a stage history spread over the past months; and leads
in every follow-up status, a few of them converted into demo customers; a product catalogue,
price agreements (a general 3 % for the customers whose terms grant it, product prices agreed
with some others) and quotations in every status that apply them; calls, meetings and tasks, done, overdue and coming up; the
demo agent and manager as sales reps with commission rates."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from amity.core import clock, roles
from amity.core.auth import create_user
from amity.plugins.sales import activities, catalogue, leads, pricing, quotations, reps, scoring, service
from amity.plugins.sales.access import READ_ALL
from amity.plugins.sales.models import (
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    OpportunityStatus,
    Product,
    Quotation,
    QuotationStatus,
    Stage,
    StageVisit,
)
from amity.schema.relay import to_global_id

OWN_DEALS_ROLE = "own-deals-rep"
RENEWALS = (("Renewal due", 60), ("Renewal quoted", 80), ("Renewal confirming", 90))
DEALS = (
    "Annual service contract", "Fleet upgrade", "Pilot project", "Spare parts framework", "Training package",
    "Maintenance plan", "New production line", "Software licences", "Consulting retainer", "Logistics tender",
)
LOSS_REASONS = ("Chose a competitor", "Budget cut", "Project postponed", "Price too high")
WIN_REASONS = ("Best total cost", "Existing relationship", "Fastest delivery")
FIRST_NAMES = ("Lena", "Marco", "Aiko", "Samuel", "Ines", "Tomasz", "Grace", "Omar", "Sofia", "Jonas", "Priya", "Lucas")
LAST_NAMES = ("Keller", "Rossi", "Tanaka", "Okafor", "Moreau", "Nowak", "Lindqvist", "Haddad", "Silva", "Brandt")
COMPANIES = (
    ("Nordlicht Logistik", "logistics", 240, "DE"), ("Atelier Rivage", "retail", 18, "FR"),
    ("Vistula Foods", "food", 95, "PL"), ("Kestrel Robotics", "manufacturing", 410, "GB"),
    ("", "", None, "ES"), ("Alba Clinics", "healthcare", 60, "IT"), ("", "", None, "NL"),
)
DISQUALIFY_REASONS = ("No budget this year", "Student project", "Outside our service area")
CALL_OUTCOMES = ("Interested, wants a proposal", "Needs sign-off from finance", "Asked for references", "Comparing two offers")
#: Rough units of each demo currency per euro, so demo amounts look plausible everywhere.
EUR_RATES = {
    "EUR": "1", "GBP": "0.85", "USD": "1.1", "SEK": "11.5", "CHF": "0.95", "PLN": "4.3", "JPY": "160", "CNY": "7.8",
    "BRL": "5.4", "INR": "90", "AUD": "1.65", "CAD": "1.5", "SGD": "1.45",
}
PRODUCTS = (
    ("SRV-BASIC", "Service plan Basic (12 months)", "1200.00", "pc"), ("SRV-PLUS", "Service plan Plus (12 months)", "2900.00", "pc"),
    ("LIC-SEAT", "Software licence, per seat", "390.00", "seat"), ("TRN-DAY", "On-site training day", "1450.00", "day"),
    ("CON-HOUR", "Consulting hour", "160.00", "h"), ("SPR-KIT", "Spare parts kit", "640.00", "pc"),
)
#: The wording of the core's demo preferential terms that a general price agreement puts into quotations.
GENERAL_DISCOUNT_TERMS = "3% discount"


def in_currency(euros: Decimal, currency: str) -> Decimal:
    """A euro amount in ``currency`` at the demo's rough rate, to the cent."""
    return (euros * Decimal(EUR_RATES.get(currency, "1"))).quantize(Decimal("0.01"))


async def seed(ctx: Any) -> None:
    """Deals and leads for the demo customers (nothing when there are none)."""
    if not ctx.customers:
        return
    for role, code, rate in (("agent", "R-01", "5"), ("manager", "R-02", "3")):
        if role in ctx.users:
            await reps.set_sales_rep(ctx.users[role].id, code, rate)
    await seed_deals(ctx)
    await seed_own_deals_rep(ctx)
    await seed_leads(ctx)
    await seed_quotations(ctx)
    await seed_activities(ctx)


async def seed_own_deals_rep(ctx: Any) -> None:
    """The record rule to try out: a role ``own-deals-rep`` with an agent's codes except
    ``sales.opportunity.read_all``, and its user ``olivia``, who owns every fourth open deal."""
    agent_codes = ctx.amity.access.roles["agent"] - {READ_ALL}
    await roles.create_role(OWN_DEALS_ROLE, "An agent who sees only the deals they own", sorted(agent_codes), ctx.amity.access)
    olivia = await create_user("olivia", OWN_DEALS_ROLE, display_name="Olivia Marsh", email="olivia@amity-demo.example")
    open_deals = await Opportunity.filter(status=OpportunityStatus.OPEN.value).order_by("id").values_list("id", flat=True)
    await Opportunity.filter(id__in=open_deals[::4]).update(owner_id=olivia.id)


async def seed_deals(ctx: Any) -> None:
    """Deals for a sample of ``ctx.customers``: open ones in every stage of both pipelines, and
    won and lost ones, owned by the demo agent and manager."""
    rng = ctx.random
    sales = await service.ensure_default_pipeline()
    renewals = await service.create_pipeline("Renewals", RENEWALS)
    pipelines = [
        (sales.id, await Stage.filter(pipeline_id=sales.id).order_by("position")),
        (renewals.id, await Stage.filter(pipeline_id=renewals.id).order_by("position")),
    ]
    owners = [ctx.users[role].id for role in ("agent", "manager") if role in ctx.users] or [None]
    customers = rng.sample(ctx.customers, k=min(len(ctx.customers), 80))
    now = clock.now()
    for number, customer in enumerate(customers):
        pipeline_id, stages = pipelines[0] if number % 5 else pipelines[1]
        outcome = (OpportunityStatus.WON, OpportunityStatus.LOST, OpportunityStatus.OPEN)[number % 3]
        reached = stages[: (number // 3) % len(stages) + 1]
        stays = [timedelta(days=rng.randint(3, 30), hours=rng.randint(0, 23)) for _ in reached]
        start = now - sum(stays, timedelta()) - timedelta(days=rng.randint(1, 10))
        closed_at = start + sum(stays, timedelta()) if outcome is not OpportunityStatus.OPEN else None
        amount = in_currency(Decimal(rng.randrange(2_000, 250_000, 500)), customer.currency)
        reason = rng.choice(WIN_REASONS if outcome is OpportunityStatus.WON else LOSS_REASONS) if closed_at else ""
        deal = await Opportunity.create(
            customer_id=customer.id, title=f"{rng.choice(DEALS)} for {customer.name}", amount=amount,
            currency=customer.currency, expected_close_date=(now + timedelta(days=rng.randint(-30, 180))).date(),
            owner_id=rng.choice(owners), pipeline_id=pipeline_id, stage_id=reached[-1].id, status=outcome.value,
            close_reason=reason, closed_at=closed_at, created_at=start, updated_at=closed_at or start,
        )
        visits, entered = [], start
        for index, (stage, stay) in enumerate(zip(reached, stays, strict=True)):
            last_open = index == len(reached) - 1 and closed_at is None
            visits.append(StageVisit(opportunity_id=deal.id, stage_id=stage.id, entered_at=entered,
                                     left_at=None if last_open else entered + stay))
            entered += stay
        await StageVisit.bulk_create(visits)


async def seed_leads(ctx: Any) -> None:
    """Forty leads from every source in every follow-up status, captured over the past two
    months; four of them converted into demo customers. Scored with the default rules."""
    rng = ctx.random
    owners = [ctx.users[role].id for role in ("agent", "manager") if role in ctx.users] or [None]
    statuses = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED)
    now = clock.now()
    for number in range(40):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company, industry, employees, country = rng.choice(COMPANIES)
        domain = (company or last).lower().replace(" ", "-")
        values = {
            "name": f"{first} {last}", "company": company, "industry": industry, "employees": employees,
            "country": country, "source": list(LeadSource)[number % len(LeadSource)].value,
            "email": f"{first.lower()}.{last.lower()}{number}@{domain}.example" if number % 4 else None,
            "phone": f"+4930{rng.randint(1_000_000, 9_999_999)}" if number % 3 == 0 else None,
            "owner_id": rng.choice(owners),
        }
        lead = await leads.create_lead(values, None)
        status = statuses[number % len(statuses)]
        captured = now - timedelta(days=rng.randint(1, 60))
        contacted = captured + (now - captured) * rng.random() if status is not LeadStatus.NEW else None
        reason = rng.choice(DISQUALIFY_REASONS) if status is LeadStatus.DISQUALIFIED else ""
        await Lead.filter(id=lead.id).update(status=status.value, status_reason=reason, last_contacted_at=contacted,
                                             created_at=captured, updated_at=contacted or captured)
    qualified = await Lead.filter(status=LeadStatus.QUALIFIED.value).order_by("id").limit(4)
    for lead, customer in zip(qualified, rng.sample(ctx.customers, k=len(qualified)), strict=True):
        amount = in_currency(Decimal(rng.randrange(5_000, 60_000, 500)), customer.currency)
        await leads.convert_lead(lead.id, ctx.amity.settings.customer_types, customer_id=customer.id,
                                 opportunity={"title": f"First order from {customer.name}", "amount": amount})
    await scoring.rescore_leads()


async def seed_price_agreements(ctx: Any) -> set[int]:
    """A general 3 % agreement, with the terms' wording as its note, for every demo customer
    whose preferential terms start with ``GENERAL_DISCOUNT_TERMS``; returns their ids."""
    since = clock.now().date() - timedelta(days=365)
    agreed = [customer for customer in ctx.customers if customer.preferential_terms.startswith(GENERAL_DISCOUNT_TERMS)]
    for customer in agreed:
        await pricing.create_agreement({"customer_id": customer.id, "discount_percent": Decimal(3), "valid_from": since,
                                        "note": customer.preferential_terms})
    return {customer.id for customer in agreed}


async def _agree_product_price(ctx: Any, customer_id: int, product: Product) -> None:
    """A product-specific agreement of the kind a framework contract sets: 5 to 12 % on one
    product from a small quantity, since a few months."""
    rng = ctx.random
    await pricing.create_agreement({
        "customer_id": customer_id, "product_id": product.id, "discount_percent": Decimal(rng.choice((5, 8, 10, 12))),
        "min_quantity": Decimal(rng.choice((1, 2))), "valid_from": clock.now().date() - timedelta(days=rng.randint(30, 200)),
        "note": f"Framework price for {product.name}",
    })


async def seed_quotations(ctx: Any) -> None:
    """The product catalogue (list prices in EUR), price agreements, and a quotation for twenty
    late-stage or won deals (those of customers with a general agreement first): drafts, sent ones about to expire, accepted (some settled), rejected
    and expired ones. Every third deal's customer without a general agreement has a price agreed
    on the quotation's first product; lines without a discount set by the rep take the customer's best agreement.
    Customers that deal in another currency are quoted explicit unit prices."""
    rng = ctx.random
    products = [await catalogue.create_product({"code": code, "name": name, "list_price": price, "currency": "EUR", "unit": unit})
                for code, name, price, unit in PRODUCTS]
    agreed = await seed_price_agreements(ctx)
    late = await Opportunity.filter(stage__position__gte=3).order_by("id").prefetch_related("customer")
    deals = sorted(late, key=lambda deal: deal.customer_id not in agreed)[:20]  # type: ignore[attr-defined]
    steps = (QuotationStatus.DRAFT, QuotationStatus.SENT, QuotationStatus.ACCEPTED, QuotationStatus.REJECTED, QuotationStatus.EXPIRED)
    for number, deal in enumerate(deals):
        chosen = rng.sample(products, k=rng.randint(1, 3))
        if number % 3 == 0 and deal.customer_id not in agreed:  # type: ignore[attr-defined]
            await _agree_product_price(ctx, deal.customer_id, chosen[0])  # type: ignore[attr-defined]
        lines = [{
            "product_id": product.id, "quantity": Decimal(rng.randint(1, 12)),
            "discount_percent": None if index == 0 else rng.choice((None, Decimal(0), Decimal(5), Decimal(10))),
            "unit_price": None if deal.customer.currency == "EUR" else in_currency(product.list_price, deal.customer.currency),
        } for index, product in enumerate(chosen)]
        quotation = await quotations.create_quotation(
            {"customer_id": deal.customer_id, "opportunity_id": deal.id, "lines": lines}, ctx.users["agent"].id if "agent" in ctx.users else None)
        step = steps[number % len(steps)]
        if step is QuotationStatus.DRAFT:
            continue
        await quotations.send_quotation(quotation.id)
        if step is QuotationStatus.ACCEPTED:
            await quotations.accept_quotation(quotation.id, may_exceed_credit=True)
            if number % 2:
                await quotations.settle_quotation(quotation.id)
        elif step is QuotationStatus.REJECTED:
            await quotations.reject_quotation(quotation.id, rng.choice(LOSS_REASONS))
        elif step is QuotationStatus.SENT:
            await Quotation.filter(id=quotation.id).update(valid_until=(clock.now() + timedelta(days=2)).date())
        elif step is QuotationStatus.EXPIRED:
            await Quotation.filter(id=quotation.id).update(valid_until=(clock.now() - timedelta(days=3)).date())
    await quotations.expire_quotations()


async def seed_activities(ctx: Any) -> None:
    """For two open deals in three: a completed call (logged as an interaction), and an overdue
    task or a meeting coming up; the third stays idle, so the worklists show every rule."""
    rng = ctx.random
    now = clock.now()
    deals = await Opportunity.filter(status=OpportunityStatus.OPEN.value).order_by("id")
    for number, deal in enumerate(deals):
        if number % 3 == 0:
            continue
        call = await activities.schedule_activity({
            "kind": "call", "subject": f"Discovery call: {deal.title}", "opportunity_id": deal.id,
            "due_at": now - timedelta(days=rng.randint(2, 20)), "owner_id": deal.owner_id,  # type: ignore[attr-defined]
        }, None)
        await activities.complete_activity(call.id, rng.choice(CALL_OUTCOMES), deal.owner_id, occurred_at=call.due_at,  # type: ignore[attr-defined]
                                           link=to_global_id("Opportunity", deal.id))
        later = now + timedelta(days=rng.randint(1, 14)) if number % 2 else now - timedelta(days=rng.randint(1, 5))
        kind, subject = ("meeting", "On-site demo") if number % 2 else ("task", "Send revised proposal")
        await activities.schedule_activity({"kind": kind, "subject": f"{subject}: {deal.title}", "opportunity_id": deal.id,
                                            "due_at": later, "owner_id": deal.owner_id}, None)  # type: ignore[attr-defined]
