"""The complaints module's rules, called as services, and its hooks: taxonomy, links, the
analysis after a reopening, merge, export, erase, demo data, migrations and no N+1."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from test_migrations import fresh_database

import amity.plugins.complaints as complaints_plugin
from amity.core import clock
from amity.core import customers as rules
from amity.core.app import Amity
from amity.core.demo import seed_demo
from amity.core.errors import DomainError
from amity.core.models import Customer, Interaction
from amity.core.settings import Settings
from amity.core.validation import Problems
from amity.plugins.complaints import recovery, service
from amity.plugins.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintEscalation,
    ComplaintFollowUp,
    ComplaintLesson,
    ComplaintLessonLink,
    ComplaintRemedy,
    ComplaintTransition,
    RemedyKind,
)
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, drop, running_app, sqlite_url, started

PLUGINS = {"complaints": complaints_plugin}
CORE_NODES = {"Customer": (Customer, "customer.read")}


def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, plugins=("complaints",), run_jobs=False)


@pytest.fixture
async def amity(database_url):
    instance = await started(settings(database_url), PLUGINS)
    yield instance
    await drop(instance)


async def customer(code: str = "C-1") -> Customer:
    return await rules.create_customer({"code": code, "name": f"Customer {code}", "type": "enterprise"}, ("enterprise",))


async def complaint(customer_id: int, **values) -> Complaint:
    return await service.record_complaint(
        {"customer_id": customer_id, "channel": "email", "category": "billing", "severity": "medium",
         "description": "Invoiced twice.", **values}, None, CORE_NODES)


def codes(error: pytest.ExceptionInfo) -> list[tuple[str | None, str]]:
    return [(p.field, p.code) for p in error.value.problems]


async def resolved(customer_id: int) -> Complaint:
    found = await complaint(customer_id)
    await service.acknowledge(found.id, None, "We are on it.")
    await service.start_investigation(found.id, None)
    await service.record_cause_analysis(found.id, None, "process_failure", "A retried export.", True)
    return await service.resolve(found.id, None, "Refunded.")


async def test_the_taxonomy_starts_with_the_defaults_and_is_configurable(amity):
    """Six default categories; a new one can be used at once; a retired one is refused."""
    assert [c.code for c in await service.categories()] == [
        "billing", "delivery", "other", "product_quality", "service", "staff_attitude"]
    ada = await customer()
    await service.define_category("packaging", "Packaging")
    assert (await complaint(ada.id, category="Packaging ")).category_id == (await ComplaintCategory.get(code="packaging")).id
    await service.define_category("packaging", "Packaging", active=False)
    with pytest.raises(DomainError) as retired:
        await complaint(ada.id, category="packaging")
    assert codes(retired) == [("category", "UNKNOWN_CATEGORY")]
    assert "packaging" not in [c.code for c in await service.categories()]
    assert "packaging" in [c.code for c in await service.categories(include_retired=True)]
    with pytest.raises(DomainError) as bad:
        await service.define_category("two words", " ")
    assert codes(bad) == [("name", "REQUIRED"), ("code", "INVALID")]


def test_links_are_checked_against_the_enabled_types():
    """Links of enabled types pass (once each, at their first position); others are
    LINK_NOT_AVAILABLE or INVALID_ID, and more than 20 are INVALID."""
    ada, bob = to_global_id("Customer", 1), to_global_id("Customer", 2)
    problems = Problems()
    assert service.check_links([ada, bob, ada], CORE_NODES, problems) == {ada: 0, bob: 1} and problems == []
    usable = service.check_links([ada, to_global_id("Opportunity", 3), to_global_id("Customer", "x"), "***"], CORE_NODES, problems)
    assert usable == {ada: 0}
    assert [(p.field, p.code) for p in problems] == [
        ("links.1", "LINK_NOT_AVAILABLE"), ("links.2", "LINK_NOT_AVAILABLE"), ("links.3", "INVALID_ID")]
    too_many = Problems()
    assert service.check_links([ada] * 21, CORE_NODES, too_many) == {}
    assert [(p.field, p.code) for p in too_many] == [("links", "INVALID")]


async def test_a_reopened_complaint_needs_a_new_analysis_before_it_is_resolved(amity):
    ada = await customer()
    with clock.frozen(datetime(2026, 5, 4, 9, tzinfo=UTC)) as frozen:
        done = await resolved(ada.id)
        frozen.advance(days=1)
        reopened = await service.reopen(done.id, None, "It happened again.")
    assert (reopened.resolution, reopened.resolved_at) == ("", None)
    resolution = await ComplaintTransition.get(complaint_id=done.id, to_status="resolved")
    assert (resolution.reason, resolution.at) == ("Refunded.", datetime(2026, 5, 4, 9, tzinfo=UTC))
    await service.start_investigation(done.id, None, "second look")
    with pytest.raises(DomainError) as refused:
        await service.resolve(done.id, None, "Refunded again.")
    assert codes(refused) == [("id", "ANALYSIS_REQUIRED")]
    await service.record_cause_analysis(done.id, None, "supplier", "The bank retried the payment.", True)
    again = await service.resolve(done.id, None, "Refunded again.")
    assert (again.status, again.root_cause, again.closed_at) == ("resolved", "supplier", None)
    statuses = await ComplaintTransition.filter(complaint_id=done.id).order_by("id").values_list("to_status", flat=True)
    assert statuses == ["received", "acknowledged", "investigating", "resolved", "reopened", "investigating", "resolved"]


async def test_acknowledging_on_another_channel_and_blank_texts(amity):
    ada = await customer()
    found = await complaint(ada.id)
    with pytest.raises(DomainError) as blank:
        await service.acknowledge(found.id, None, " ")
    assert codes(blank) == [("message", "REQUIRED")]
    with pytest.raises(DomainError) as channel:
        await service.acknowledge(found.id, None, "Hello", "pigeon")
    assert codes(channel) == [("channel", "INVALID_CHOICE")]
    await service.acknowledge(found.id, None, "We met to talk it through.", "meeting")
    note = await Interaction.get(customer_id=ada.id)
    assert (note.channel, note.mode, note.link) == ("meeting", "face_to_face", to_global_id("Complaint", found.id))
    with pytest.raises(DomainError) as missing:
        await service.start_investigation(999, None)
    assert codes(missing) == [("id", "NOT_FOUND")]


async def test_merge_export_and_erase_hooks(amity):
    """merge_customers moves complaints to the survivor; export lists them with transitions;
    erase removes them and nothing of other customers."""
    plugins = amity.plugins
    survivor, duplicate, other = await customer("C-1"), await customer("C-2"), await customer("C-3")
    with clock.frozen(datetime(2026, 5, 4, 9, tzinfo=UTC)):
        done = await resolved(duplicate.id)
        await recovery.record_remedy(done.id, None, kind="refund", cost="12.50")
        await service.record_follow_up(done.id, None, satisfied=True, rating=5, comment="Thanks", would_recommend=True)
        await complaint(other.id)
    await plugins.acall("merge_customers", survivor=survivor, duplicate=duplicate)
    assert await Complaint.filter(customer_id=survivor.id).count() == 1
    [exported] = await plugins.acall("export_customer_data", customer=survivor)
    json.dumps(exported)
    [item] = exported["complaints"]
    assert (item["category"], item["status"], item["rootCause"], item["justified"]) == ("billing", "followed_up", "process_failure", True)
    assert [t["to"] for t in item["transitions"]] == ["received", "acknowledged", "investigating", "resolved", "followed_up"]
    assert [(f["rating"], f["comment"]) for f in item["followUps"]] == [(5, "Thanks")]
    assert [(r["kind"], r["cost"], r["status"]) for r in item["remedies"]] == [("refund", "12.50", "planned")]
    await plugins.acall("erase_customer_data", customer=survivor)
    assert await Complaint.filter(customer_id=survivor.id).count() == 0
    assert await ComplaintTransition.all().count() == 1 and await Complaint.filter(customer_id=other.id).exists()


async def test_demo_data_has_complaints_in_every_status(tmp_path):
    instance = await started(settings(sqlite_url(tmp_path)), PLUGINS)
    try:
        await seed_demo(instance, customers=30)
        statuses = set(await Complaint.all().values_list("status", flat=True))
        assert statuses == {"received", "acknowledged", "investigating", "resolved", "followed_up", "closed", "reopened"}
        assert await ComplaintFollowUp.filter(satisfied=False).exists() and await ComplaintFollowUp.filter(satisfied=True).exists()
        assert set(await ComplaintRemedy.all().values_list("kind", flat=True)) == {k.value for k in RemedyKind}
        assert not await ComplaintRemedy.filter(status="planned").exists()
        assert await Complaint.filter(root_cause__isnull=False).exists()
        escalated = await ComplaintEscalation.all().prefetch_related("complaint", "escalated_to")
        assert escalated and {e.escalated_to.username for e in escalated} == {"ada"}  # max, the manager, owns them all
        assert all(e.escalated_to_id != e.complaint.owner_id for e in escalated)
        assert set(await ComplaintLesson.all().values_list("status", flat=True)) == {"open", "done"}
        assert await ComplaintLessonLink.all().count() > await ComplaintLesson.all().count()
        for handled in await Complaint.filter(acknowledged_at__isnull=False):
            assert handled.received_at < handled.acknowledged_at < clock.now()
    finally:
        await drop(instance)


async def test_migrations_build_the_tables_after_the_cores(database_url):
    """`amity migrate` applies the module's migration, which depends on the core's."""
    migration = importlib.import_module("amity.plugins.complaints.migrations.0001_initial").Migration
    assert [app for app, _ in migration.dependencies] == ["core"]
    async with fresh_database(database_url):
        instance = Amity(settings(database_url), PLUGINS)
        await instance.migrate()
        await instance.start()
        try:
            ada = await customer()
            assert (await complaint(ada.id)).status == "received"
        finally:
            await instance.stop()


CUSTOMERS_WITH_COMPLAINTS = """{ customers(first: 50) { edges { node { code openComplaintCount lastComplaintAt
    complaints(first: 2) { totalCount edges { node { severity category { code } } } } } } } }"""


async def test_complaint_fields_on_a_customers_page_do_not_query_per_customer(database_url):
    async with running_app(settings(database_url), PLUGINS) as (_, gql):
        now = clock.now()
        for number in range(5):
            found = await customer(f"C-{number}")
            await complaint(found.id, received_at=now - timedelta(days=number))
        await gql.data(CUSTOMERS_WITH_COMPLAINTS)
        with counted_statements() as few:
            await gql.data(CUSTOMERS_WITH_COMPLAINTS)
        for number in range(5, 25):
            found = await customer(f"C-{number}")
            await complaint(found.id)
            await complaint(found.id, category="delivery")
        with counted_statements() as many:
            data = await gql.data(CUSTOMERS_WITH_COMPLAINTS)
    assert len(many) == len(few), many
    edges = data["customers"]["edges"]
    assert len(edges) == 25 and all(e["node"]["openComplaintCount"] >= 1 for e in edges)
    assert edges[-1]["node"]["complaints"]["totalCount"] == 2
