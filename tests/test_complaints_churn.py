"""The churn-risk signal: ``customer.churn_risk`` after a complaint is received (level by
severity, one higher for a repeat) and after an unsatisfied follow-up, published only once the
write is committed and never for a refused one. Through GraphQL for recording, the service for
the rest. Runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import amity.plugins.complaints as complaints_plugin
from amity import hookimpl
from amity.core import clock
from amity.core import customers as rules
from amity.core.errors import DomainError
from amity.core.settings import Settings
from amity.plugins.complaints import service
from amity.plugins.complaints.models import Complaint
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
RECORD = """mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) {
  complaint { id } userErrors { field code } } }"""


class ChurnWatcher:
    """A module that reacts to churn risk; it notes each signal and whether the complaint it
    names is already committed (visible to its own query)."""

    def __init__(self) -> None:
        self.signals: list[tuple[dict, bool]] = []

    @hookimpl
    async def handle_event(self, event) -> None:
        if event.name == "customer.churn_risk":
            self.signals.append((event.data, await Complaint.exists(id=event.data["complaint_id"])))


@pytest.fixture
async def app(database_url):
    watcher = ChurnWatcher()
    settings = Settings(database_url=database_url, plugins=("complaints", "watcher"), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin, "watcher": watcher}) as (_, gql):
        with clock.frozen(T0) as frozen:
            yield gql, watcher, frozen


async def record(gql, customer_id: int, severity: str, **extra) -> dict:
    values = {"customerId": to_global_id("Customer", customer_id), "channel": "EMAIL", "category": "billing",
              "severity": severity, "description": "Invoiced twice.", **extra}
    return (await gql.data(RECORD, {"input": values}))["recordComplaint"]


async def test_a_received_complaint_raises_churn_risk_by_severity_and_repeat(app):
    gql, watcher, frozen = app
    ada = (await rules.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, ("enterprise",))).id
    bob = (await rules.create_customer({"code": "C-2", "name": "Bob", "type": "enterprise"}, ("enterprise",))).id
    for customer, severity in ((ada, "MEDIUM"), (bob, "CRITICAL")):
        assert (await record(gql, customer, severity))["userErrors"] == []
    frozen.advance(days=10)
    await record(gql, ada, "LOW")
    await record(gql, bob, "HIGH")
    frozen.advance(days=200)
    await record(gql, ada, "LOW")
    ids = await Complaint.all().order_by("id").values_list("id", flat=True)
    expected = [(ada, "complaint_received", "medium"), (bob, "complaint_received", "high"),
                (ada, "repeat_complaint", "medium"), (bob, "repeat_complaint", "high"),
                (ada, "complaint_received", "low")]
    assert watcher.signals == [
        ({"customer_id": customer, "reason": reason, "complaint_id": complaint_id, "level": level}, True)
        for (customer, reason, level), complaint_id in zip(expected, ids, strict=True)
    ]


async def test_an_unsatisfied_follow_up_is_a_high_churn_risk_and_a_satisfied_one_none(app):
    _, watcher, _ = app
    ada = (await rules.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, ("enterprise",))).id
    found = await service.record_complaint({"customer_id": ada, "channel": "email", "category": "billing",
                                            "severity": "low", "description": "x"}, None, {})
    await service.acknowledge(found.id, None, "On it.")
    for satisfied in (False, True):
        await service.start_investigation(found.id, None)
        await service.record_cause_analysis(found.id, None, "process_failure", "facts", True)
        await service.resolve(found.id, None, "Refunded.")
        await service.record_follow_up(found.id, None, satisfied=satisfied, rating=5 if satisfied else 2,
                                       comment="", would_recommend=satisfied)
    assert [data["reason"] for data, _ in watcher.signals] == ["complaint_received", "unsatisfied_follow_up"]
    assert watcher.signals[1] == ({"customer_id": ada, "reason": "unsatisfied_follow_up", "complaint_id": found.id,
                                   "level": "high"}, True)


async def test_a_refused_complaint_or_follow_up_signals_nothing(app):
    gql, watcher, _ = app
    ada = (await rules.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, ("enterprise",))).id
    refused = await record(gql, ada, "HIGH", category="weather")
    assert [e["code"] for e in refused["userErrors"]] == ["UNKNOWN_CATEGORY"]
    found = await service.record_complaint({"customer_id": ada, "channel": "email", "category": "billing",
                                            "severity": "low", "description": "x"}, None, {})
    watcher.signals.clear()
    with pytest.raises(DomainError) as error:
        await service.record_follow_up(found.id, None, satisfied=False, rating=1, comment="", would_recommend=False)
    assert [p.code for p in error.value.problems] == ["NOT_RESOLVED"]
    assert watcher.signals == [] and await Complaint.all().count() == 1
