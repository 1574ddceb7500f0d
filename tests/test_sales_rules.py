"""The sales rules through the service, without GraphQL: the default pipeline, stage history
and time in stage, optimistic versions, and events only after commit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import amity.plugins.sales as sales
from amity.core import clock, events, models
from amity.core.errors import DomainError
from amity.core.settings import Settings
from amity.plugins.sales import service
from amity.plugins.sales.models import Opportunity, Pipeline, Stage, StageVisit
from amity.testing import drop, started

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def instance(database_url):
    amity = await started(Settings(database_url=database_url, plugins=("sales",), run_jobs=False), {"sales": sales})
    published: list[events.Event] = []

    async def record(event: events.Event) -> None:
        published.append(event)

    events.set_dispatcher(record)
    yield published
    await drop(amity)


async def acme(currency: str = "EUR") -> models.Customer:
    return await models.Customer.create(code="C-1", name="Acme", type="enterprise", currency=currency,
                                        created_at=clock.now(), updated_at=clock.now())


def deal_values(customer: models.Customer, **extra) -> dict:
    return {"customer_id": customer.id, "title": "Pilot", "amount": "250.5", "expected_close_date": date(2026, 6, 1), **extra}


def code_of(error: pytest.ExceptionInfo) -> list[str]:
    return [p.code for p in error.value.problems]


async def test_default_pipeline_is_made_once_or_chosen_among_existing(instance):
    first = await service.ensure_default_pipeline()
    assert await service.ensure_default_pipeline() == first
    assert await Pipeline.all().count() == 1 and await Stage.filter(pipeline_id=first.id).count() == 4
    await Pipeline.filter(id=first.id).update(is_default=False)
    await service.create_pipeline("Later", [("Only", 50)])
    again = await service.ensure_default_pipeline()
    assert again.id == first.id and (await Pipeline.get(id=first.id)).is_default
    newer = await service.create_pipeline("Key accounts", [("Pitch", 30), ("Close", 90)], default=True)
    assert (await service.ensure_default_pipeline()).id == newer.id
    assert await Pipeline.filter(is_default=True).count() == 1


async def test_stage_history_measures_time_in_each_stage(instance):
    customer = await acme()
    with clock.frozen(T0) as time:
        deal = await service.create_opportunity(deal_values(customer), None)
        assert deal.amount == 250.5 and deal.currency == "EUR"
        stages = await Stage.filter(pipeline_id=deal.pipeline_id).order_by("position")
        time.advance(hours=5)
        await service.move_opportunity(deal.id, stages[1].id)
        time.advance(days=2)
        await service.move_opportunity(deal.id, stages[3].id)
        time.advance(hours=1)
        visits = await StageVisit.filter(opportunity_id=deal.id).order_by("entered_at")
        assert [(v.stage_id, service.time_in_stage(v)) for v in visits] == [
            (stages[0].id, 5 * 3600), (stages[1].id, 2 * 86400), (stages[3].id, 3600)]
        unchanged = await service.move_opportunity(deal.id, stages[3].id)
        assert unchanged.version == 3 and await StageVisit.filter(opportunity_id=deal.id).count() == 3


async def test_versions_guard_against_lost_updates(instance):
    customer = await acme()
    deal = await service.create_opportunity(deal_values(customer), None)
    await service.update_opportunity(deal.id, {"title": "Pilot 2"}, expected_version=1)
    with pytest.raises(DomainError) as error:
        await service.update_opportunity(deal.id, {"title": "Pilot 3"}, expected_version=1)
    assert code_of(error) == ["STALE"]
    with pytest.raises(DomainError) as error:
        await service.win_opportunity(deal.id, expected_version=1)
    assert code_of(error) == ["STALE"]
    assert (await Opportunity.get(id=deal.id)).title == "Pilot 2"


async def test_events_follow_the_commit_only(instance):
    published = instance
    customer = await acme()
    deal = await service.create_opportunity(deal_values(customer), None)
    published.clear()
    with pytest.raises(RuntimeError):
        async with events.transaction():
            await service.win_opportunity(deal.id, "signed")
            raise RuntimeError("abort")
    assert published == [] and (await Opportunity.get(id=deal.id)).status == "open"
    await service.win_opportunity(deal.id, "signed")
    assert [(e.name, e.data["opportunity_id"], e.data["amount"]) for e in published] == [("opportunity.won", deal.id, "250.50")]


async def test_money_rules(instance):
    customer = await acme("CHF")
    with pytest.raises(DomainError) as error:
        await service.create_opportunity(deal_values(customer, amount="-0.01", currency="EUR"), None)
    assert sorted(code_of(error)) == ["MIXED_CURRENCY", "NEGATIVE_AMOUNT"]
    with pytest.raises(DomainError) as error:
        await service.create_opportunity(deal_values(customer, amount="abc"), None)
    assert code_of(error) == ["INVALID_AMOUNT"]
    with pytest.raises(DomainError) as error:
        await service.create_opportunity(deal_values(customer, expected_close_date=None), None)
    assert code_of(error) == ["REQUIRED"]
    deal = await service.create_opportunity(deal_values(customer, currency="chf"), None)
    assert deal.currency == "CHF" and await Opportunity.all().count() == 1
