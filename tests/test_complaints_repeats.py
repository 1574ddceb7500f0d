"""Repeat complaints per customer (Complaint.isRepeat, previousComplaints, the configurable
window) and per root cause (repeat causes), through GraphQL and the service; the analytics
stay a fixed number of SQL statements however many complaints a period holds; no N+1. Runs
on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import amity.plugins.complaints as complaints_plugin
from amity.core import clock
from amity.core import customers as rules
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.plugins.complaints import analytics, policy, repeats, service
from amity.plugins.complaints.models import Complaint
from amity.testing import counted_statements, running_app

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
REPEATS = """query($within: Int) { complaints(orderBy: [{field: RECEIVED_AT, direction: ASC}]) { edges { node {
  id description isRepeat(withinDays: $within) previousComplaints(withinDays: $within) { description } } } } }"""
WINDOW = """mutation($days: Int!) { setComplaintRepeatWindow(input: {repeatWindowDays: $days}) {
  policy { repeatWindowDays } userErrors { field code message } } }"""


@pytest.fixture
async def app(database_url):
    settings = Settings(database_url=database_url, plugins=("complaints",), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin}) as (app, gql):
        with clock.frozen(T0):
            yield gql


async def customer_id(code: str) -> int:
    return (await rules.create_customer({"code": code, "name": f"Customer {code}", "type": "enterprise"},
                                        ("enterprise",))).id


async def complain(customer: int, description: str, days_ago: float, cause: str | None = None) -> Complaint:
    found = await service.record_complaint(
        {"customer_id": customer, "channel": "email", "category": "billing", "severity": "low",
         "description": description, "received_at": T0 - timedelta(days=days_ago)}, None, {})
    if cause is not None:
        await service.acknowledge(found.id, None, "On it.")
        await service.start_investigation(found.id, None)
        await service.record_cause_analysis(found.id, None, cause, "facts", True)
    return found


async def story(gql) -> dict[str, list[str]]:
    """Ada complained 200, 30 and 1 day ago (twice at that instant), Bob now. Returns each
    complaint's previous complaints (by description) as GraphQL reports them."""
    ada, bob = await customer_id("C-1"), await customer_id("C-2")
    for description, days_ago in (("a1", 200), ("a2", 30), ("a3", 1), ("a4", 1)):
        await complain(ada, description, days_ago)
    await complain(bob, "b1", 0)
    return await previous(gql)


async def previous(gql, within: int | None = None) -> dict[str, list[str]]:
    edges = (await gql.data(REPEATS, {"within": within}))["complaints"]["edges"]
    found = {e["node"]["description"]: [p["description"] for p in e["node"]["previousComplaints"]] for e in edges}
    assert all(e["node"]["isRepeat"] == bool(found[e["node"]["description"]]) for e in edges)
    return found


async def test_a_customers_complaint_within_the_window_is_a_repeat(app):
    gql = app
    assert await story(gql) == {"a1": [], "a2": [], "a3": ["a2"], "a4": ["a3", "a2"], "b1": []}
    assert (await previous(gql, within=365))["a2"] == ["a1"]
    narrowed = (await gql.data(WINDOW, {"days": 10}))["setComplaintRepeatWindow"]
    assert narrowed == {"policy": {"repeatWindowDays": 10}, "userErrors": []}
    assert await previous(gql) == {"a1": [], "a2": [], "a3": [], "a4": ["a3"], "b1": []}
    body = await gql(REPEATS, {"within": 0})
    assert body["errors"][0]["extensions"]["code"] == "BAD_ARGUMENTS" and "withinDays" in body["errors"][0]["message"]


async def test_a_bad_window_or_a_caller_without_the_permission_changes_nothing(app):
    gql = app
    for days, code in ((0, "TOO_SMALL"), (repeats.MAX_WINDOW_DAYS + 1, "INVALID")):
        refused = (await gql.data(WINDOW, {"days": days}))["setComplaintRepeatWindow"]
        assert refused["policy"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("repeatWindowDays", code)]
    _, secret = await create_api_key(await create_user("alex", "agent"), "tests")
    denied = (await gql.as_key(secret).data(WINDOW, {"days": 5}))["setComplaintRepeatWindow"]
    assert [e["code"] for e in denied["userErrors"]] == ["PERMISSION_DENIED"]
    assert (await policy.current()).repeat_window_days == 90


async def test_repeat_causes_count_complaints_customers_and_customers_again(app):
    ada, bob, cid = await customer_id("C-1"), await customer_id("C-2"), await customer_id("C-3")
    for customer, days_ago, cause in ((ada, 5, "supplier"), (ada, 4, "supplier"), (bob, 3, "supplier"),
                                      (bob, 2, "process_failure"), (cid, 1, "process_failure"), (cid, 1, "other")):
        await complain(customer, "x", days_ago, cause)
    await complain(cid, "not analysed", 1)
    period = Complaint.filter(received_at__gte=T0 - timedelta(days=10), received_at__lt=T0)
    assert await repeats.repeat_causes(period, 2) == [
        repeats.RepeatCause("supplier", 3, 2, 1), repeats.RepeatCause("process_failure", 2, 2, 0)]
    assert await repeats.repeat_causes(period, 3) == [repeats.RepeatCause("supplier", 3, 2, 1)]
    assert await repeats.repeat_complainers(period, 2) == [(cid, 3), (ada, 2), (bob, 2)]


async def test_analytics_run_a_fixed_number_of_statements(app):
    """Every figure is an aggregate query: ten times the complaints, the same statements."""
    ada = await customer_id("C-1")
    since, until = T0 - timedelta(days=30), T0 + timedelta(days=1)
    await complain(ada, "x", 3, "supplier")
    with counted_statements() as few:
        await analytics.complaint_analytics(since, until)
    for number in range(10):
        await complain(await customer_id(f"C-{number + 2}"), "y", number + 1, "process_failure")
    with counted_statements() as many:
        figures = await analytics.complaint_analytics(since, until)
    assert len(many) == len(few) and figures.total == 11
    assert figures.repeat_causes == [repeats.RepeatCause("process_failure", 10, 10, 0)]


COMPLAINTS_WITH_REPEATS = """{ complaints(first: 50) { edges { node { isRepeat
  previousComplaints { description customer { code } } } } } }"""


async def test_repeats_on_a_complaints_page_do_not_query_per_complaint(app):
    gql = app
    first = await customer_id("C-1")
    await complain(first, "x", 3)
    await complain(first, "y", 2)
    await gql.data(COMPLAINTS_WITH_REPEATS)
    with counted_statements() as few:
        await gql.data(COMPLAINTS_WITH_REPEATS)
    for number in range(10):
        someone = await customer_id(f"C-{number + 2}")
        await complain(someone, "earlier", 20)
        await complain(someone, "later", 10)
    with counted_statements() as many:
        data = await gql.data(COMPLAINTS_WITH_REPEATS)
    assert len(many) == len(few), many
    assert sum(e["node"]["isRepeat"] for e in data["complaints"]["edges"]) == 11

