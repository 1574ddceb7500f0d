"""Lessons and preventive actions linked to root causes: through GraphQL (recordLesson,
updatePreventiveAction, complaintLessons, Complaint.lessons), bad input (a stable code and
nothing written), permissions and no N+1; the rules through the service. Runs on SQLite, and
on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import amity.plugins.complaints as complaints_plugin
from amity.core import clock
from amity.core import customers as rules
from amity.core.auth import create_api_key, create_user
from amity.core.errors import DomainError
from amity.core.settings import Settings
from amity.plugins.complaints import lessons, service
from amity.plugins.complaints.models import ComplaintLesson, ComplaintLessonLink
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, running_app

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
DUE = "2026-06-30"
LESSON = """id rootCause learned preventiveAction dueOn status completedAt version
  actionOwner { username } recordedBy { username } complaints { id description }"""
RECORD = f"""mutation($input: RecordLessonInput!) {{ recordLesson(input: $input) {{
  lesson {{ {LESSON} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation($input: UpdatePreventiveActionInput!) {{ updatePreventiveAction(input: $input) {{
  lesson {{ {LESSON} }} userErrors {{ field code message }} }} }}"""
LESSONS = """query($filter: ComplaintLessonFilter) { complaintLessons(filter: $filter) {
  totalCount edges { node { learned status rootCause } } } }"""


@pytest.fixture
async def app(database_url):
    settings = Settings(database_url=database_url, plugins=("complaints",), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin}) as (app, gql):
        with clock.frozen(T0):
            yield gql


async def analysed(customer_id: int, cause: str | None, description: str = "Invoiced twice.") -> str:
    """A complaint under investigation whose analysis found ``cause`` (None: not analysed)."""
    found = await service.record_complaint({"customer_id": customer_id, "channel": "email", "category": "billing",
                                            "severity": "medium", "description": description}, None, {})
    if cause is not None:
        await service.acknowledge(found.id, None, "On it.")
        await service.start_investigation(found.id, None)
        await service.record_cause_analysis(found.id, None, cause, "facts", True)
    return to_global_id("Complaint", found.id)


async def customer_id(code: str = "C-1") -> int:
    return (await rules.create_customer({"code": code, "name": f"Customer {code}", "type": "enterprise"},
                                        ("enterprise",))).id


async def record(gql, complaint_ids: list[str], **extra) -> dict:
    values = {"rootCause": "PROCESS_FAILURE", "learned": "Retried exports double-bill.",
              "preventiveAction": "Make the export idempotent.", "dueOn": DUE, "complaintIds": complaint_ids, **extra}
    return (await gql.data(RECORD, {"input": values}))["recordLesson"]


async def written() -> tuple[int, int, list]:
    return (await ComplaintLesson.all().count(), await ComplaintLessonLink.all().count(),
            await ComplaintLesson.all().order_by("id").values("status", "preventive_action", "due_on", "version"))


def codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_lesson_is_learned_from_complaints_and_its_action_done(app):
    gql = app
    ada = await customer_id()
    first, second = await analysed(ada, "process_failure"), await analysed(ada, "process_failure", "Charged again.")
    other = await analysed(ada, "supplier", "Late.")
    recorded = await record(gql, [first, second, first])
    assert recorded["userErrors"] == []
    lesson = recorded["lesson"]
    assert (lesson["rootCause"], lesson["status"], lesson["dueOn"], lesson["completedAt"]) == (
        "PROCESS_FAILURE", "OPEN", DUE, None)
    assert lesson["actionOwner"] == {"username": "admin"} and lesson["recordedBy"] == {"username": "admin"}
    assert [c["id"] for c in lesson["complaints"]] == [first, second]
    supplier = await record(gql, [other], rootCause="SUPPLIER", learned="The carrier's wrapping fails.",
                            preventiveAction="Audit the carrier.")
    assert supplier["userErrors"] == []

    node = await gql.data("query($id: ID!) { node(id: $id) { ... on Complaint { lessons { learned } } } }", {"id": first})
    assert node["node"]["lessons"] == [{"learned": "Retried exports double-bill."}]
    by_cause = (await gql.data(LESSONS, {"filter": {"rootCause": {"eq": "SUPPLIER"}}}))["complaintLessons"]
    assert [e["node"]["learned"] for e in by_cause["edges"]] == ["The carrier's wrapping fails."]
    both = {"rootCause": {"in": ["SUPPLIER", "PROCESS_FAILURE"]}, "status": {"in": ["OPEN"]}}
    assert (await gql.data(LESSONS, {"filter": both}))["complaintLessons"]["totalCount"] == 2
    refused = await gql(LESSONS, {"filter": {"rootCause": {"eq": "supplier"}}})  # enum values, as the output shows them
    assert refused["data"] is None and "RootCause" in refused["errors"][0]["message"]

    clock_at = clock.now()
    done = (await gql.data(UPDATE, {"input": {"id": lesson["id"], "status": "DONE", "expectedVersion": 1,
                                              "preventiveAction": "Idempotent export, with a test."}}))
    done = done["updatePreventiveAction"]
    assert done["userErrors"] == []
    assert (done["lesson"]["status"], done["lesson"]["version"]) == ("DONE", 2)
    assert datetime.fromisoformat(done["lesson"]["completedAt"]) == clock_at
    assert done["lesson"]["preventiveAction"] == "Idempotent export, with a test."
    assert done["lesson"]["learned"] == "Retried exports double-bill."
    listed = (await gql.data(LESSONS, {"filter": {"status": {"eq": "OPEN"}}}))["complaintLessons"]
    assert [e["node"]["rootCause"] for e in listed["edges"]] == ["SUPPLIER"]
    reopened = (await gql.data(UPDATE, {"input": {"id": lesson["id"], "status": "OPEN"}}))["updatePreventiveAction"]
    assert (reopened["lesson"]["status"], reopened["lesson"]["completedAt"]) == ("OPEN", None)


async def test_bad_lessons_give_stable_codes_and_write_nothing(app):
    gql = app
    ada = await customer_id()
    found, unanalysed = await analysed(ada, "process_failure"), await analysed(ada, None)
    elsewhere = await analysed(ada, "supplier")
    existing = (await record(gql, [found]))["lesson"]["id"]
    before = await written()
    missing = to_global_id("Complaint", 999)
    refused = await record(gql, [found, missing, unanalysed, elsewhere])
    assert refused["lesson"] is None and codes(refused) == [
        ("complaintIds.1", "NOT_FOUND"), ("complaintIds.2", "ANALYSIS_REQUIRED"), ("complaintIds.3", "CAUSE_MISMATCH")]
    blank = await record(gql, [], learned=" ", preventiveAction="", dueOn="2026-05-03")
    assert set(codes(blank)) == {("learned", "REQUIRED"), ("preventiveAction", "REQUIRED"), ("dueOn", "INVALID"),
                                 ("complaintIds", "REQUIRED")}
    assert codes(await record(gql, ["%%%"])) == [("complaintIds.0", "INVALID_ID")]
    assert codes(await record(gql, [found], actionOwnerId=to_global_id("User", 999))) == [("actionOwnerId", "NOT_FOUND")]

    async def refused_update(code: tuple[str, str], **values) -> None:
        payload = (await gql.data(UPDATE, {"input": {"id": existing, **values}}))["updatePreventiveAction"]
        assert payload["lesson"] is None and codes(payload) == [code]

    await refused_update(("expectedVersion", "STALE"), status="DONE", expectedVersion=7)
    await refused_update(("preventiveAction", "REQUIRED"), preventiveAction="  ", status="DONE")
    await refused_update(("dueOn", "INVALID"), dueOn="2026-01-01")
    await refused_update(("actionOwnerId", "NOT_FOUND"), actionOwnerId=to_global_id("User", 999))
    for wrong, code in ((found, "INVALID_ID"), (to_global_id("ComplaintLesson", 999), "NOT_FOUND")):
        payload = (await gql.data(UPDATE, {"input": {"id": wrong, "status": "DONE"}}))["updatePreventiveAction"]
        assert codes(payload) == [("id", code)]
    assert await written() == before


async def test_lessons_need_complaints_handle_to_write_and_complaints_read_to_read(app):
    gql = app
    found = await analysed(await customer_id(), "process_failure")
    keys = {}
    for name, role in (("alex", "agent"), ("max", "manager"), ("vera", "viewer")):
        _, secret = await create_api_key(await create_user(name, role), "tests")
        keys[role] = gql.as_key(secret)
    denied = await record(keys["agent"], [found])
    assert codes(denied) == [(None, "PERMISSION_DENIED")] and await ComplaintLesson.all().count() == 0
    lesson = (await record(keys["manager"], [found]))["lesson"]
    assert lesson["recordedBy"] == {"username": "max"}
    update = (await keys["agent"].data(UPDATE, {"input": {"id": lesson["id"], "status": "DONE"}}))
    assert codes(update["updatePreventiveAction"]) == [(None, "PERMISSION_DENIED")]
    assert (await ComplaintLesson.get()).status == "open"
    assert (await keys["agent"].data(LESSONS))["complaintLessons"]["totalCount"] == 1
    body = await keys["viewer"](LESSONS)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_service_refuses_an_unknown_root_cause_and_a_past_due_date(app):
    found = await service.record_complaint({"customer_id": await customer_id(), "channel": "email",
                                            "category": "billing", "severity": "low", "description": "x"}, None, {})
    with pytest.raises(DomainError) as error:
        await lessons.record_lesson(None, root_cause="weather", learned="x", preventive_action="y",
                                    due_on=date(2026, 5, 1), complaint_ids=[found.id])
    assert {(p.field, p.code) for p in error.value.problems} == {("rootCause", "INVALID_CHOICE"), ("dueOn", "INVALID")}
    assert await ComplaintLesson.all().count() == 0


COMPLAINTS_WITH_LESSONS = """{ complaints(first: 50) { edges { node { id lessons { learned actionOwner { username }
    complaints { id customer { code } } } } } } }"""


async def test_lessons_on_a_complaints_page_do_not_query_per_complaint(app):
    gql = app
    ada = await customer_id()
    await record(gql, [await analysed(ada, "process_failure")])
    await gql.data(COMPLAINTS_WITH_LESSONS)
    with counted_statements() as few:
        await gql.data(COMPLAINTS_WITH_LESSONS)
    for number in range(10):
        someone = await customer_id(f"C-{number + 2}")
        complaint_ids = [await analysed(someone, "supplier"), await analysed(someone, "supplier")]
        await record(gql, complaint_ids, rootCause="SUPPLIER")
    with counted_statements() as many:
        data = await gql.data(COMPLAINTS_WITH_LESSONS)
    assert len(many) == len(few), many
    edges = data["complaints"]["edges"]
    assert len(edges) == 21 and all(len(e["node"]["lessons"]) == 1 for e in edges)
