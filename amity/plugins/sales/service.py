"""Sales rules: pipelines, opportunities and their stage history. No GraphQL here: the API,
the demo data and the hooks call these functions; every write runs in ``events.transaction()``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tortoise.functions import Count, Sum

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Customer, User
from amity.core.validation import Problems, check_amount, check_currency, required_text
from amity.core.versions import changed_values, check_version, save_versioned
from amity.plugins.sales.models import Opportunity, OpportunityStatus, Pipeline, Stage, StageVisit

DEFAULT_PIPELINE = "Sales"
DEFAULT_STAGES = (("Qualification", 10), ("Needs analysis", 25), ("Proposal", 50), ("Negotiation", 75))
CLOSED = (OpportunityStatus.WON.value, OpportunityStatus.LOST.value)


# --- pipelines -----------------------------------------------------------------------


async def ensure_default_pipeline() -> Pipeline:
    """The default pipeline. When none is marked default, the oldest pipeline becomes the
    default; when there is none at all, ``DEFAULT_PIPELINE`` is created with ``DEFAULT_STAGES``.
    Needs no migration and is safe to call on every use."""
    pipeline = await Pipeline.get_or_none(is_default=True)
    if pipeline is not None:
        return pipeline
    oldest = await Pipeline.all().order_by("id").first()
    if oldest is None:
        return await create_pipeline(DEFAULT_PIPELINE, DEFAULT_STAGES, default=True)
    async with events.transaction():
        await Pipeline.filter(id=oldest.id).update(is_default=True)
    oldest.is_default = True
    return oldest


async def create_pipeline(name: str, stages: Any, *, default: bool = False) -> Pipeline:
    """Create a pipeline with ``stages`` given in order as ``(name, probability)`` pairs.

    Refuses a blank or taken name, no stages, blank or repeated stage names and a
    probability outside 0..100. ``default`` makes it the default pipeline for new deals."""
    problems = Problems()
    name = required_text(name, "name", problems, 100)
    stages = list(stages)
    if not stages:
        problems.add("stages", "a pipeline needs at least one stage", "REQUIRED")
    seen: set[str] = set()
    for index, (stage_name, probability) in enumerate(stages):
        cleaned = required_text(stage_name, f"stages.{index}.name", problems, 100)
        if cleaned.lower() in seen:
            problems.add(f"stages.{index}.name", f"stage {cleaned!r} appears twice", "DUPLICATE")
        seen.add(cleaned.lower())
        if not 0 <= probability <= 100:
            problems.add(f"stages.{index}.probability", "probability must be between 0 and 100", "INVALID")
    if problems:
        raise DomainError(*problems)
    if await Pipeline.exists(name=name):
        raise DomainError.single("DUPLICATE", f"pipeline {name!r} already exists", "name")
    async with events.transaction():
        if default:
            await Pipeline.filter(is_default=True).update(is_default=False)
        pipeline = await Pipeline.create(name=name, is_default=default, created_at=clock.now())
        await Stage.bulk_create([
            Stage(pipeline_id=pipeline.id, name=stage_name.strip(), position=position, probability=probability)
            for position, (stage_name, probability) in enumerate(stages, 1)
        ])
    return pipeline


async def first_stage(pipeline_id: int) -> Stage:
    """The first stage of a pipeline."""
    return await Stage.filter(pipeline_id=pipeline_id).order_by("position").first()  # type: ignore[return-value]


# --- opportunities -------------------------------------------------------------------


def _check_money(values: dict[str, Any], customer: Customer, problems: Problems) -> None:
    """Normalise ``amount`` and ``currency`` in place: the amount is not negative and is in the
    customer's currency, so the customer's pipeline adds up in one currency."""
    if "amount" in values:
        values["amount"] = check_amount(values["amount"], "amount.amount", problems, places=2)
    if values.get("currency") is not None:
        currency = check_currency(values["currency"], "amount.currency", problems)
        if currency and not any(p.field == "amount.currency" for p in problems) and currency != customer.currency:
            problems.add(
                "amount.currency", f"the amount is in {currency} but {customer.code} deals in {customer.currency}",
                "MIXED_CURRENCY",
            )
        values["currency"] = currency


async def _check_owner(owner_id: int | None) -> None:
    if owner_id is not None and not await User.exists(id=owner_id):
        raise not_found("owner", "ownerId")


async def _stage_for(pipeline_id: int | None, stage_id: int | None) -> Stage:
    """The stage a new deal starts in: ``stage_id`` (which must belong to ``pipeline_id`` if
    both are given), else the first stage of ``pipeline_id`` or of the default pipeline."""
    if stage_id is not None:
        stage = await Stage.get_or_none(id=stage_id)
        if stage is None:
            raise not_found("stage", "stageId")
        if pipeline_id is not None and stage.pipeline_id != pipeline_id:  # type: ignore[attr-defined]
            raise DomainError.single("STAGE_NOT_IN_PIPELINE", "the stage belongs to another pipeline", "stageId")
        return stage
    if pipeline_id is not None:
        if not await Pipeline.exists(id=pipeline_id):
            raise not_found("pipeline", "pipelineId")
        return await first_stage(pipeline_id)
    return await first_stage((await ensure_default_pipeline()).id)


async def create_opportunity(values: dict[str, Any], owner_id: int | None) -> Opportunity:
    """Open a deal with a customer.

    ``values``: ``customer_id``, ``title``, ``amount``, ``expected_close_date``, and optionally
    ``currency`` (defaults to the customer's), ``owner_id`` (defaults to ``owner_id``),
    ``pipeline_id`` and ``stage_id`` (default: the first stage of the default pipeline)."""
    customer = await Customer.get_or_none(id=values["customer_id"])
    if customer is None:
        raise not_found("customer", "customerId")
    problems = Problems()
    title = required_text(values.get("title"), "title", problems)
    if values.get("amount") is None:
        problems.add("amount.amount", "amount is required", "REQUIRED")
        values["amount"] = 0
    _check_money(values, customer, problems)
    if values.get("expected_close_date") is None:
        problems.add("expectedCloseDate", "expectedCloseDate is required", "REQUIRED")
    if problems:
        raise DomainError(*problems)
    owner_id = values.get("owner_id", owner_id)
    await _check_owner(owner_id)
    stage = await _stage_for(values.get("pipeline_id"), values.get("stage_id"))
    now = clock.now()
    async with events.transaction():
        opportunity = await Opportunity.create(
            customer_id=customer.id, title=title, amount=values["amount"], currency=values.get("currency") or customer.currency,
            expected_close_date=values["expected_close_date"], owner_id=owner_id,
            pipeline_id=stage.pipeline_id, stage_id=stage.id, created_at=now, updated_at=now,  # type: ignore[attr-defined]
        )
        await StageVisit.create(opportunity_id=opportunity.id, stage_id=stage.id, entered_at=now)
        events.emit(
            "opportunity.created", opportunity_id=opportunity.id, customer_id=customer.id, stage_id=stage.id,
            amount=str(opportunity.amount), currency=opportunity.currency,
        )
    return opportunity


async def _open_deal(opportunity_id: int) -> Opportunity:
    opportunity = await Opportunity.get_or_none(id=opportunity_id)
    if opportunity is None:
        raise not_found("opportunity")
    if opportunity.status in CLOSED:
        raise DomainError.single(
            "DEAL_CLOSED", f"the deal is {opportunity.status}; reopen it before changing it", None
        )
    return opportunity


async def _save(opportunity: Opportunity, expected_version: int | None, **changes: Any) -> Opportunity:
    """Write ``changes`` and bump the version, unless someone changed the deal since
    ``expected_version`` (STALE). Runs inside the caller's transaction."""
    check_version(opportunity, expected_version, "opportunity")
    return await save_versioned(opportunity, "opportunity", **changes, updated_at=clock.now())


async def update_opportunity(opportunity_id: int, values: dict[str, Any], expected_version: int | None = None) -> Opportunity:
    """Change the title, amount, currency, expected close date or owner of an open deal. Title,
    amount and expected close date are required: sent as None they are refused (REQUIRED);
    ``owner_id`` None leaves the deal without owner, ``currency`` None means the customer's."""
    opportunity = await _open_deal(opportunity_id)
    customer = await Customer.get(id=opportunity.customer_id)  # type: ignore[attr-defined]
    problems = Problems()
    changes: dict[str, Any] = {}
    if "title" in values:
        changes["title"] = required_text(values["title"], "title", problems)
    for key, field in (("amount", "amount"), ("expected_close_date", "expectedCloseDate")):
        if key in values and values[key] is None:
            problems.add(field, f"{field} is required", "REQUIRED")
    money = {key: values[key] for key in ("amount", "currency") if values.get(key) is not None}
    _check_money(money, customer, problems)
    changes.update(money)
    if values.get("expected_close_date") is not None:
        changes["expected_close_date"] = values["expected_close_date"]
    if problems:
        raise DomainError(*problems)
    if "owner_id" in values:
        await _check_owner(values["owner_id"])
        changes["owner_id"] = values["owner_id"]
    check_version(opportunity, expected_version, "opportunity")
    changes = changed_values(opportunity, changes)
    if not changes:
        return opportunity
    async with events.transaction():
        return await _save(opportunity, expected_version, **changes)


async def _leave_stage(opportunity: Opportunity, at: Any) -> None:
    await StageVisit.filter(opportunity_id=opportunity.id, left_at__isnull=True).update(left_at=at)


async def move_opportunity(opportunity_id: int, stage_id: int, expected_version: int | None = None) -> Opportunity:
    """Move an open deal to another stage of its pipeline, closing its current stage visit."""
    opportunity = await _open_deal(opportunity_id)
    stage = await Stage.get_or_none(id=stage_id)
    if stage is None:
        raise not_found("stage", "stageId")
    if stage.pipeline_id != opportunity.pipeline_id:  # type: ignore[attr-defined]
        raise DomainError.single("STAGE_NOT_IN_PIPELINE", "the stage belongs to another pipeline than the deal's", "stageId")
    if stage.id == opportunity.stage_id:  # type: ignore[attr-defined]
        check_version(opportunity, expected_version, "opportunity")
        return opportunity
    previous = opportunity.stage_id  # type: ignore[attr-defined]
    now = clock.now()
    async with events.transaction():
        moved = await _save(opportunity, expected_version, stage_id=stage.id)
        await _leave_stage(opportunity, now)
        await StageVisit.create(opportunity_id=opportunity.id, stage_id=stage.id, entered_at=now)
        events.emit(
            "opportunity.stage_changed", opportunity_id=opportunity.id, customer_id=opportunity.customer_id,  # type: ignore[attr-defined]
            pipeline_id=stage.pipeline_id, from_stage_id=previous, to_stage_id=stage.id,  # type: ignore[attr-defined]
        )
    return moved


async def win_opportunity(opportunity_id: int, reason: str = "", expected_version: int | None = None) -> Opportunity:
    """Mark an open deal won."""
    return await _close(opportunity_id, OpportunityStatus.WON, reason, expected_version)


async def lose_opportunity(opportunity_id: int, reason: str, expected_version: int | None = None) -> Opportunity:
    """Mark an open deal lost; the reason is required."""
    problems = Problems()
    required_text(reason, "reason", problems, 500)
    if problems:
        raise DomainError(*problems)
    return await _close(opportunity_id, OpportunityStatus.LOST, reason, expected_version)


async def _close(opportunity_id: int, status: OpportunityStatus, reason: str, expected_version: int | None) -> Opportunity:
    opportunity = await _open_deal(opportunity_id)
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise DomainError.single("TOO_LONG", "reason must be at most 500 characters", "reason")
    now = clock.now()
    async with events.transaction():
        closed = await _save(opportunity, expected_version, status=status.value, close_reason=reason, closed_at=now)
        await _leave_stage(opportunity, now)
        data: dict[str, Any] = {"opportunity_id": closed.id, "customer_id": closed.customer_id, "reason": reason}  # type: ignore[attr-defined]
        if status is OpportunityStatus.WON:
            data.update(amount=str(closed.amount), currency=closed.currency, owner_id=closed.owner_id)  # type: ignore[attr-defined]
        events.emit(f"opportunity.{status.value}", **data)
    return closed


async def reopen_opportunity(opportunity_id: int, expected_version: int | None = None) -> Opportunity:
    """Reopen a won or lost deal in the stage it was closed in; its reason is cleared."""
    opportunity = await Opportunity.get_or_none(id=opportunity_id)
    if opportunity is None:
        raise not_found("opportunity")
    if opportunity.status not in CLOSED:
        raise DomainError.single("DEAL_NOT_CLOSED", "only a won or lost deal can be reopened", None)
    now = clock.now()
    async with events.transaction():
        reopened = await _save(opportunity, expected_version, status=OpportunityStatus.OPEN.value, close_reason="", closed_at=None)
        await StageVisit.create(opportunity_id=opportunity.id, stage_id=opportunity.stage_id, entered_at=now)  # type: ignore[attr-defined]
        events.emit("opportunity.reopened", opportunity_id=opportunity.id, customer_id=opportunity.customer_id)  # type: ignore[attr-defined]
    return reopened


async def open_amounts(customer_ids: list[int], owner_id: int | None = None) -> dict[int, dict[str, Decimal]]:
    """The summed amount of the open deals of each customer, by currency (absent: none open);
    only the deals of ``owner_id`` when given."""
    query = Opportunity.filter(customer_id__in=customer_ids, status=OpportunityStatus.OPEN.value)
    if owner_id is not None:
        query = query.filter(owner_id=owner_id)
    rows = await (
        query
        .annotate(total=Sum("amount")).group_by("customer_id", "currency").values_list("customer_id", "currency", "total")
    )
    totals: dict[int, dict[str, Decimal]] = {}
    for customer_id, currency, total in rows:
        totals.setdefault(customer_id, {})[currency] = Decimal(total)
    return totals


async def open_by_stage(stage_ids: list[int], owner_id: int | None = None) -> dict[int, tuple[int, dict[str, Decimal]]]:
    """How many open deals each stage holds and their summed amount by currency (absent: none
    open); only the deals of ``owner_id`` when given. One query for all stages."""
    query = Opportunity.filter(stage_id__in=stage_ids, status=OpportunityStatus.OPEN.value)
    if owner_id is not None:
        query = query.filter(owner_id=owner_id)
    rows = await (
        query.annotate(n=Count("id"), total=Sum("amount")).group_by("stage_id", "currency")
        .values_list("stage_id", "currency", "n", "total")
    )
    totals: dict[int, tuple[int, dict[str, Decimal]]] = {}
    for stage_id, currency, count, total in rows:
        so_far, amounts = totals.get(stage_id, (0, {}))
        amounts[currency] = Decimal(total).quantize(Decimal("0.01"))
        totals[stage_id] = (so_far + count, amounts)
    return totals


def time_in_stage(visit: StageVisit) -> float:
    """Seconds the deal spent (or has spent so far) in the visit's stage."""
    return ((visit.left_at or clock.now()) - visit.entered_at).total_seconds()
