"""Complaint analytics through GraphQL: counts by category, cause, channel and month, time
to acknowledge and resolve, recovery rate and cost, the Pareto of root causes, repeat
complainers and repeat causes; only for complaints.analytics. Runs on SQLite, and on
PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import amity.plugins.complaints as complaints_plugin
from amity.core import clock
from amity.core import customers as rules
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.plugins.complaints import analytics, recovery, service
from amity.plugins.complaints.models import Complaint
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
QUERY = """query($since: DateTime!, $until: DateTime!) { complaintAnalytics(since: $since, until: $until) {
  total byCategory { key count } byRootCause { rootCause count } byChannel { channel count } byMonth { key count }
  averageHoursToAcknowledge averageHoursToResolve followUps recoveryRate recoveryCost { amount currency }
  rootCausePareto { rootCause count share cumulativeShare } repeatComplainers { customer { code } count }
  repeatCauses { rootCause count customers repeatCustomers } } }"""
PERIOD = {"since": "2026-03-01T00:00:00+00:00", "until": "2026-05-01T00:00:00+00:00"}


async def handled(customer_id: int, *, category: str, channel: str, cause: str, frozen, ack_hours: int,
                  resolve_hours: int, satisfied: bool | None = None, remedy: str | None = None) -> None:
    """A complaint acknowledged and resolved after the given hours, optionally with a done
    remedy costing ``remedy`` and a follow-up."""
    start = frozen.at
    found = await service.record_complaint({"customer_id": customer_id, "channel": channel, "category": category,
                                            "severity": "medium", "description": "x"}, None, {})
    frozen.advance(hours=ack_hours)
    await service.acknowledge(found.id, None, "On it.")
    await service.start_investigation(found.id, None)
    await service.record_cause_analysis(found.id, None, cause, "facts", True)
    if remedy is not None:
        done = await recovery.record_remedy(found.id, None, kind="refund", cost=remedy, may_approve=True)
        await recovery.complete_remedy(done.id, None, result="done", message="Refunded.")
    frozen.at = start
    frozen.advance(hours=resolve_hours)
    await service.resolve(found.id, None, "sorted")
    if satisfied is not None:
        await service.record_follow_up(found.id, None, satisfied=satisfied, rating=5 if satisfied else 2, comment="",
                                       would_recommend=satisfied)
    frozen.at = start


@pytest.fixture
async def app(database_url):
    settings = Settings(database_url=database_url, plugins=("complaints",), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin}) as (app, gql):
        types = ("enterprise",)
        ada = await rules.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, types)
        bob = await rules.create_customer({"code": "C-2", "name": "Bob", "type": "enterprise"}, types)
        with clock.frozen(T0) as frozen:
            await handled(ada.id, category="billing", channel="email", cause="process_failure", frozen=frozen,
                          ack_hours=2, resolve_hours=24, satisfied=True, remedy="20.00")
            await handled(ada.id, category="billing", channel="phone", cause="process_failure", frozen=frozen,
                          ack_hours=4, resolve_hours=48, satisfied=False, remedy="5.50")
            frozen.advance(days=3)
            await handled(bob.id, category="delivery", channel="email", cause="supplier", frozen=frozen,
                          ack_hours=6, resolve_hours=72)
            await service.record_complaint({"customer_id": ada.id, "channel": "email", "category": "billing",
                                            "severity": "low", "description": "y"}, None, {})
            frozen.advance(days=40)
            await service.record_complaint({"customer_id": bob.id, "channel": "chat", "category": "other",
                                            "severity": "low", "description": "outside the period"}, None, {})
        yield gql


async def test_analytics_of_a_period(app):
    gql = app
    figures = (await gql.data(QUERY, PERIOD))["complaintAnalytics"]
    assert figures["total"] == 4
    assert figures["byCategory"] == [{"key": "billing", "count": 3}, {"key": "delivery", "count": 1}]
    assert figures["byRootCause"] == [{"rootCause": "PROCESS_FAILURE", "count": 2}, {"rootCause": "SUPPLIER", "count": 1}]
    assert figures["byChannel"] == [{"channel": "EMAIL", "count": 3}, {"channel": "PHONE", "count": 1}]
    assert figures["byMonth"] == [{"key": "2026-03", "count": 2}, {"key": "2026-04", "count": 2}]
    assert figures["averageHoursToAcknowledge"] == 4.0 and figures["averageHoursToResolve"] == 48.0
    assert (figures["followUps"], figures["recoveryRate"]) == (2, 0.5)
    assert figures["recoveryCost"] == [{"amount": "25.50", "currency": "EUR"}]
    assert figures["rootCausePareto"] == [
        {"rootCause": "PROCESS_FAILURE", "count": 2, "share": 0.6667, "cumulativeShare": 0.6667},
        {"rootCause": "SUPPLIER", "count": 1, "share": 0.3333, "cumulativeShare": 1.0},
    ]
    assert figures["repeatComplainers"] == [{"customer": {"code": "C-1"}, "count": 3}]
    assert figures["repeatCauses"] == [{"rootCause": "PROCESS_FAILURE", "count": 2, "customers": 1, "repeatCustomers": 1}]
    later = (await gql.data(QUERY, {"since": "2026-05-01T00:00:00+00:00", "until": "2026-06-01T00:00:00+00:00"}))
    assert later["complaintAnalytics"]["total"] == 1 and later["complaintAnalytics"]["recoveryRate"] is None


REOPEN = """mutation($input: ReopenComplaintInput!) { reopenComplaint(input: $input) {
  complaint { status resolution resolvedAt transitions { toStatus reason at } } userErrors { code } } }"""
RESOLVED_FIRST = """{ complaints(filter: {resolvedAt: {isNull: false}}, orderBy: [{field: RESOLVED_AT, direction: ASC}]) {
  edges { node { status resolvedAt } } } }"""


async def test_a_reopened_complaint_has_no_resolution_until_resolved_again(app):
    """Reopening clears resolution and resolvedAt (the transitions keep them): the complaint
    leaves resolvedAt filters and the average time to resolve until it is resolved again,
    then counts with its new resolution time."""
    gql = app
    bob = await Complaint.get(customer__code="C-2", status="resolved")
    received = bob.received_at
    with clock.frozen(received + timedelta(days=9)):
        reopened = (await gql.data(REOPEN, {"input": {"id": to_global_id("Complaint", bob.id), "reason": "Late again."}}))
    complaint = reopened["reopenComplaint"]["complaint"]
    assert (complaint["status"], complaint["resolution"], complaint["resolvedAt"]) == ("REOPENED", "", None)
    assert [(t["toStatus"], t["reason"], datetime.fromisoformat(t["at"]) - received)
            for t in complaint["transitions"][-2:]] == [
        ("RESOLVED", "sorted", timedelta(hours=72)), ("REOPENED", "Late again.", timedelta(days=9))]
    listed = (await gql.data(RESOLVED_FIRST))["complaints"]["edges"]
    assert [e["node"]["status"] for e in listed] == ["FOLLOWED_UP"]  # the other was reopened by its follow-up
    assert (await gql.data(QUERY, PERIOD))["complaintAnalytics"]["averageHoursToResolve"] == 24.0

    with clock.frozen(received + timedelta(days=10)):
        await service.start_investigation(bob.id, None)
        await service.record_cause_analysis(bob.id, None, "supplier", "The carrier again.", True)
        await service.resolve(bob.id, None, "New carrier.")
    listed = (await gql.data(RESOLVED_FIRST))["complaints"]["edges"]
    assert [e["node"]["status"] for e in listed] == ["FOLLOWED_UP", "RESOLVED"]
    assert datetime.fromisoformat(listed[1]["node"]["resolvedAt"]) == received + timedelta(days=10)
    assert (await gql.data(QUERY, PERIOD))["complaintAnalytics"]["averageHoursToResolve"] == 132.0


async def test_analytics_need_the_permission_and_a_sound_period(app):
    gql = app
    for role, allowed in (("manager", True), ("agent", False)):
        _, secret = await create_api_key(await create_user(f"{role}-1", role), "tests")
        body = await gql.as_key(secret)(QUERY, PERIOD)
        assert (body.get("errors") is None) is allowed
        if not allowed:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    backwards = await gql(QUERY, {"since": PERIOD["until"], "until": PERIOD["since"]})
    assert backwards["errors"][0]["extensions"]["code"] == "BAD_ARGUMENTS"
    assert "since must be before until" in backwards["errors"][0]["message"]


def test_pareto_shares_add_up():
    shares = analytics.pareto([("a", 5), ("b", 3), ("c", 2)])
    assert [(s.key, s.share, s.cumulative_share) for s in shares] == [("a", 0.5, 0.5), ("b", 0.3, 0.8), ("c", 0.2, 1.0)]
