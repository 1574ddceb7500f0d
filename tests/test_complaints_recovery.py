"""Service recovery through GraphQL: follow-ups (only on a resolved complaint; unsatisfied
reopens it), closing after a follow-up, and remedies with cost, owner, status, the approval
limit and the customer told. Runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import pytest

import amity.plugins.complaints as complaints_plugin
from amity import hookimpl
from amity.core.auth import create_api_key, create_user
from amity.core.models import Interaction
from amity.core.settings import Settings
from amity.plugins.complaints.models import Complaint, ComplaintFollowUp, ComplaintRemedy, ComplaintTransition
from amity.testing import running_app

CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }"""
FOLLOW_UP = """mutation($input: RecordComplaintFollowUpInput!) { recordComplaintFollowUp(input: $input) {
  complaint { status analysis { current } followUps { satisfied rating comment wouldRecommend recordedBy { username } } }
  userErrors { field code message } } }"""
REMEDY = """mutation($input: RecordRemedyInput!) { recordRemedy(input: $input) {
  remedy { id kind status description cost { amount currency } owner { username } approvedBy { username } }
  userErrors { field code message } } }"""
COMPLETE = """mutation($input: CompleteRemedyInput!) { completeRemedy(input: $input) {
  remedy { status result completedAt complaint { remedies { kind status } } } userErrors { field code message } } }"""
LIMIT = """mutation($limit: Decimal!) { setRemedyCostLimit(input: {remedyCostLimit: $limit}) {
  policy { remedyCostLimit } userErrors { field code } } }"""


class EventLog:
    def __init__(self) -> None:
        self.events: list = []

    @hookimpl
    def handle_event(self, event) -> None:
        if event.name.startswith("complaint."):
            self.events.append((event.name, event.data))


@pytest.fixture
async def app(database_url):
    log = EventLog()
    settings = Settings(database_url=database_url, plugins=("complaints", "log"), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin, "log": log}) as (_, gql):
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise", "currency": "GBP"}}))
        yield gql, log, customer["createCustomer"]["customer"]["id"]


async def step(gql, mutation: str, input_type: str, **values) -> dict:
    query = f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ complaint {{ status }} userErrors {{ code }} }} }}"
    return (await gql.data(query, {"input": values}))[mutation]


async def new_complaint(gql, customer: str, until: str = "RECEIVED") -> str:
    query = """mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { complaint { id } } }"""
    cid = (await gql.data(query, {"input": {"customerId": customer, "channel": "EMAIL", "category": "billing",
                                            "severity": "MEDIUM", "description": "Invoiced twice."}}))["recordComplaint"]["complaint"]["id"]
    steps = [("acknowledgeComplaint", "AcknowledgeComplaintInput", {"message": "On it."}),
             ("startInvestigation", "StartInvestigationInput", {}),
             ("recordCauseAnalysis", "RecordCauseAnalysisInput",
              {"rootCause": "PROCESS_FAILURE", "factsFound": "A retried export.", "justified": True}),
             ("resolveComplaint", "ResolveComplaintInput", {"resolution": "Refunded."})]
    targets = {"RECEIVED": 0, "ACKNOWLEDGED": 1, "INVESTIGATING": 3, "RESOLVED": 4}
    for mutation, input_type, values in steps[: targets[until]]:
        assert (await step(gql, mutation, input_type, id=cid, **values))["userErrors"] == []
    return cid


async def follow_up(gql, cid: str, **values) -> dict:
    body = {"id": cid, "satisfied": True, "rating": 5, "comment": "", "wouldRecommend": True, **values}
    return (await gql.data(FOLLOW_UP, {"input": body}))["recordComplaintFollowUp"]


async def key_for(gql, username: str, role: str):
    _, secret = await create_api_key(await create_user(username, role), "tests")
    return gql.as_key(secret)


async def test_a_satisfied_follow_up_allows_closing(app):
    gql, log, customer = app
    cid = await new_complaint(gql, customer, "RESOLVED")
    done = await follow_up(gql, cid, rating=4, comment="Quick and fair.")
    assert done["userErrors"] == [] and done["complaint"]["status"] == "FOLLOWED_UP"
    assert done["complaint"]["followUps"] == [
        {"satisfied": True, "rating": 4, "comment": "Quick and fair.", "wouldRecommend": True, "recordedBy": {"username": "admin"}}]
    closed = await step(gql, "closeComplaint", "CloseComplaintInput", id=cid, reason="recovered")
    assert closed == {"complaint": {"status": "CLOSED"}, "userErrors": []}
    followed = [data for name, data in log.events if name == "complaint.followed_up"]
    assert [(d["satisfied"], d["rating"], d["would_recommend"], d["reopened"]) for d in followed] == [(True, 4, True, False)]
    reopened = await step(gql, "reopenComplaint", "ReopenComplaintInput", id=cid, reason="It broke again.")
    assert reopened["complaint"]["status"] == "REOPENED"


async def test_an_unsatisfied_follow_up_reopens_the_complaint(app):
    gql, log, customer = app
    cid = await new_complaint(gql, customer, "RESOLVED")
    unhappy = await follow_up(gql, cid, satisfied=False, rating=2, comment="Still charged twice.", wouldRecommend=False)
    assert unhappy["complaint"]["status"] == "REOPENED" and unhappy["complaint"]["analysis"]["current"] is False
    reason = (await ComplaintTransition.filter(to_status="reopened").get()).reason
    assert reason == "follow-up: the customer is not satisfied (rating 2) Still charged twice."
    assert [d["reopened"] for name, d in log.events if name == "complaint.followed_up"] == [True]


async def test_follow_up_on_an_unresolved_complaint_and_bad_ratings_write_nothing(app):
    gql, log, customer = app
    cid = await new_complaint(gql, customer, "INVESTIGATING")
    done = await new_complaint(gql, customer, "RESOLVED")

    async def state() -> tuple:
        return (await ComplaintFollowUp.all().count(), await ComplaintTransition.all().count(),
                await Complaint.all().order_by("id").values_list("status", "version"))

    before = await state()
    refused = await follow_up(gql, cid)
    assert refused["complaint"] is None and [(e["field"], e["code"]) for e in refused["userErrors"]] == [("id", "NOT_RESOLVED")]
    for rating in (0, 6):
        bad = await follow_up(gql, done, rating=rating)
        assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [("rating", "INVALID")]
    assert await state() == before
    assert not [name for name, _ in log.events if name == "complaint.followed_up"]
    closing = await step(gql, "closeComplaint", "CloseComplaintInput", id=done)
    assert closing["userErrors"] == [{"code": "FOLLOW_UP_REQUIRED"}]


async def test_remedies_within_the_limit_above_it_with_approval_and_the_customer_told(app):
    gql, log, customer = app
    cid = await new_complaint(gql, customer, "INVESTIGATING")
    agent, manager = await key_for(gql, "alex", "agent"), await key_for(gql, "max", "manager")
    small = (await agent.data(REMEDY, {"input": {"complaintId": cid, "kind": "REFUND", "cost": "59.90",
                                                  "description": "Refund the duplicate invoice"}}))["recordRemedy"]
    assert small["userErrors"] == []
    assert small["remedy"] | {"id": None} == {
        "id": None, "kind": "REFUND", "status": "PLANNED", "description": "Refund the duplicate invoice",
        "cost": {"amount": "59.90", "currency": "GBP"}, "owner": {"username": "alex"}, "approvedBy": None}
    large = {"input": {"complaintId": cid, "kind": "REPLACEMENT", "cost": "150"}}
    refused = (await agent.data(REMEDY, large))["recordRemedy"]
    assert refused["remedy"] is None and [(e["field"], e["code"]) for e in refused["userErrors"]] == [("cost", "APPROVAL_REQUIRED")]
    assert await ComplaintRemedy.all().count() == 1
    approved = (await manager.data(REMEDY, large))["recordRemedy"]["remedy"]
    assert approved["approvedBy"] == {"username": "max"} and approved["owner"] == {"username": "max"}
    assert (await agent.data(LIMIT, {"limit": "200"}))["setRemedyCostLimit"]["userErrors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    assert (await manager.data(LIMIT, {"limit": "200"}))["setRemedyCostLimit"]["policy"] == {"remedyCostLimit": "200.00"}
    within = (await agent.data(REMEDY, large))["recordRemedy"]["remedy"]
    assert within["approvedBy"] is None

    completed = (await agent.data(COMPLETE, {"input": {"id": small["remedy"]["id"], "result": "Refund booked.",
                                                        "message": "We refunded the duplicate invoice."}}))["completeRemedy"]
    assert completed["userErrors"] == [] and completed["remedy"]["status"] == "DONE"
    assert completed["remedy"]["result"] == "Refund booked." and completed["remedy"]["completedAt"]
    assert [r["status"] for r in completed["remedy"]["complaint"]["remedies"]] == ["DONE", "PLANNED", "PLANNED"]
    told = await Interaction.get(subject="Our remedy: refund")
    assert (told.direction, told.channel, told.summary, told.link) == ("outbound", "email", "We refunded the duplicate invoice.", cid)
    assert [(d["kind"], d["cost"], d["currency"]) for name, d in log.events if name == "complaint.remedy_completed"] == [
        ("refund", "59.90", "GBP")]
    again = (await agent.data(COMPLETE, {"input": {"id": small["remedy"]["id"], "result": "x", "message": "y"}}))["completeRemedy"]
    assert again["userErrors"][0]["code"] == "CONFLICT" and await Interaction.filter(subject__startswith="Our remedy").count() == 1
    node = await gql.data("query($id: ID!) { node(id: $id) { ... on ComplaintRemedy { kind result } } }", {"id": small["remedy"]["id"]})
    assert node["node"] == {"kind": "REFUND", "result": "Refund booked."}


async def test_bad_remedies_and_permissions_write_nothing(app):
    gql, _, customer = app
    cid = await new_complaint(gql, customer, "ACKNOWLEDGED")
    viewer = await key_for(gql, "vera", "viewer")
    denied = (await viewer.data(REMEDY, {"input": {"complaintId": cid, "kind": "APOLOGY", "cost": "0"}}))["recordRemedy"]
    assert denied["userErrors"][0]["code"] == "PERMISSION_DENIED"
    negative = (await gql.data(REMEDY, {"input": {"complaintId": cid, "kind": "REFUND", "cost": "-5"}}))["recordRemedy"]
    assert [(e["field"], e["code"]) for e in negative["userErrors"]] == [("cost", "NEGATIVE_AMOUNT")]
    wrong = (await gql.data(REMEDY, {"input": {"complaintId": customer, "kind": "REFUND", "cost": "5"}}))["recordRemedy"]
    assert [(e["field"], e["code"]) for e in wrong["userErrors"]] == [("complaintId", "INVALID_ID")]
    assert await ComplaintRemedy.all().count() == 0
    blank = (await gql.data(COMPLETE, {"input": {"id": "Q29tcGxhaW50UmVtZWR5Ojk5", "result": " ", "message": ""}}))
    assert {(e["field"], e["code"]) for e in blank["completeRemedy"]["userErrors"]} == {("result", "REQUIRED"), ("message", "REQUIRED")}
