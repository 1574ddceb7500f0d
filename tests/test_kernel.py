"""Events after commit, jobs with the shared clock, and plugin loading errors."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from amity.core import clock, customers, events
from amity.core.hookspecs import hookimpl
from amity.core.models import Customer
from amity.core.plugins import PluginError, load_plugins
from amity.core.settings import Settings
from amity.testing import drop, sqlite_url, started


class Recorder:
    """A plugin that records the events it is handed."""

    def __init__(self) -> None:
        self.seen = []

    @hookimpl
    async def handle_event(self, event):
        self.seen.append((event.name, dict(event.data), await Customer.exists(id=event.data.get("customer_id", 0))))


async def test_events_arrive_after_commit_and_never_after_rollback(tmp_path):
    recorder = Recorder()
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("recorder",)), {"recorder": recorder})
    try:
        customer = await customers.create_customer({"code": "C-1", "name": "A", "type": "enterprise"}, ("enterprise",))
        assert recorder.seen == [("customer.created", {"customer_id": customer.id, "code": "C-1", "name": "A"}, True)]
        with pytest.raises(ZeroDivisionError):
            async with events.transaction():
                await Customer.filter(id=customer.id).update(name="B")
                events.emit("customer.updated", customer_id=customer.id, fields=["name"])
                raise ZeroDivisionError("the write fails after the event was emitted")
        assert len(recorder.seen) == 1
        assert (await Customer.get(id=customer.id)).name == "A"
    finally:
        await drop(amity)


def test_emit_outside_a_transaction_is_a_bug():
    with pytest.raises(RuntimeError, match="outside"):
        events.emit("customer.created", customer_id=1)


async def test_periodic_jobs_follow_the_clock(tmp_path):
    runs = []

    class Jobs:
        @hookimpl
        def register_jobs(self, scheduler):
            @scheduler.every(hours=1, name="tick")
            async def tick():
                runs.append(clock.now())

    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("jobs",)), {"jobs": Jobs()})
    try:
        with clock.frozen(datetime(2026, 3, 1, 9, tzinfo=UTC)) as frozen:
            assert await amity.scheduler.run_due() == ["tick"]
            frozen.advance(minutes=59)
            assert await amity.scheduler.run_due() == []
            frozen.advance(minutes=1)
            assert await amity.scheduler.run_due() == ["tick"]
        assert [r.hour for r in runs] == [9, 10]
    finally:
        await drop(amity)


def test_unknown_plugin_and_missing_requirement_are_one_clear_line():
    with pytest.raises(PluginError, match=r"unknown plugin 'nope'; available: a") as caught:
        load_plugins(["nope"], extra={"a": SimpleNamespace()})
    assert "\n" not in str(caught.value)
    needy = SimpleNamespace(requires=("sales",))
    with pytest.raises(PluginError, match=r"plugin 'needy' requires 'sales'"):
        load_plugins(["needy"], extra={"needy": needy, "sales": SimpleNamespace()})
    assert load_plugins(["needy", "sales"], extra={"needy": needy, "sales": SimpleNamespace()}).names == ("sales", "needy")


async def test_two_workers_run_a_periodic_job_once_per_interval(core_any_db):
    from amity.core.jobs import Scheduler

    runs = []
    workers = [Scheduler(), Scheduler()]
    for name, scheduler in zip(("first", "second"), workers, strict=True):

        @scheduler.every(minutes=10, name="report")
        async def report(name=name):
            runs.append(name)

    with clock.frozen(datetime(2026, 3, 1, 9, tzinfo=UTC)) as frozen:
        assert [await w.run_due() for w in workers] == [["report"], []]
        frozen.advance(minutes=5)
        assert [await w.run_due() for w in reversed(workers)] == [[], []]
        frozen.advance(minutes=5)
        assert [await w.run_due() for w in reversed(workers)] == [["report"], []]
    assert runs == ["first", "second"]
