"""Periodic and background jobs.

Plugins register jobs on the ``Scheduler`` in their ``register_jobs`` hook. Background jobs
are handed to a ``JobRunner``; the default ``InProcessRunner`` runs them as tasks inside
``amity serve``. A broker-backed runner for several workers implements the same two methods.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from tortoise.exceptions import IntegrityError

from amity.core import clock
from amity.core.models import JobLease

log = logging.getLogger("amity.jobs")

JobFunction = Callable[..., Awaitable[Any]]


@dataclass
class PeriodicJob:
    name: str
    interval: timedelta
    function: JobFunction
    last_run: datetime | None = None

    def is_due(self, at: datetime) -> bool:
        return self.last_run is None or at - self.last_run >= self.interval


class JobRunner(Protocol):
    """Where background jobs run. Implement both methods to plug in a broker."""

    async def enqueue(self, name: str, function: JobFunction, payload: dict[str, Any]) -> None:
        """Run ``function(**payload)`` eventually."""

    async def drain(self) -> None:
        """Wait for every enqueued job to finish (used on shutdown and in tests)."""


class InProcessRunner:
    """Runs background jobs as asyncio tasks in the serving process."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    async def enqueue(self, name: str, function: JobFunction, payload: dict[str, Any]) -> None:
        task = asyncio.create_task(_run_logged(name, function, payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))


async def _run_logged(name: str, function: JobFunction, payload: dict[str, Any]) -> None:
    try:
        await function(**payload)
    except Exception:  # one failed job must not stop the runner
        log.exception("job %s failed", name)


class UnknownJobError(LookupError):
    """A background job was enqueued under a name no plugin registered."""


async def claim(name: str, holder: str, at: datetime, interval: timedelta) -> bool:
    """Take the lease on periodic job ``name`` for one ``interval`` from ``at``; False when
    another process holds it. Works across processes on SQLite and PostgreSQL."""
    until = at + interval
    if await JobLease.filter(name=name, until__lte=at).update(holder=holder, until=until):
        return True
    if await JobLease.exists(name=name):
        return False
    try:
        await JobLease.create(name=name, holder=holder, until=until)
    except IntegrityError:  # another process created it first
        return False
    return True


class Scheduler:
    """Holds the registered jobs; ``run_due`` runs the periodic jobs whose time has come.

    With several workers, each periodic job runs in one of them per interval: a worker runs
    a due job only if it takes the job's lease (``claim``).
    """

    def __init__(self, runner: JobRunner | None = None) -> None:
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.runner: JobRunner = runner or InProcessRunner()
        self.periodic: dict[str, PeriodicJob] = {}
        self.background: dict[str, JobFunction] = {}

    def every(self, *, name: str | None = None, **interval: float) -> Callable[[JobFunction], JobFunction]:
        """Decorator: run the function every ``timedelta(**interval)``, e.g. ``every(minutes=15)``."""

        def register(function: JobFunction) -> JobFunction:
            job_name = name or f"{function.__module__}.{function.__qualname__}"
            self.periodic[job_name] = PeriodicJob(job_name, timedelta(**interval), function)
            return function

        return register

    def job(self, name: str) -> Callable[[JobFunction], JobFunction]:
        """Decorator: make the function a background job that ``enqueue(name, ...)`` runs."""

        def register(function: JobFunction) -> JobFunction:
            self.background[name] = function
            return function

        return register

    async def enqueue(self, name: str, **payload: Any) -> None:
        """Hand a background job to the runner."""
        if name not in self.background:
            raise UnknownJobError(f"no background job named {name!r}")
        await self.runner.enqueue(name, self.background[name], payload)

    async def run_due(self) -> list[str]:
        """Run every periodic job that is due by ``clock.now()`` and whose lease this process
        takes; return their names."""
        at = clock.now()
        ran = []
        for job in self.periodic.values():
            if job.is_due(at):
                job.last_run = at
                if await claim(job.name, self.holder, at, job.interval):
                    await _run_logged(job.name, job.function, {})
                    ran.append(job.name)
        return ran

    async def run_forever(self, tick_seconds: float = 30.0) -> None:
        """Loop: run due periodic jobs every ``tick_seconds`` until cancelled."""
        while True:
            await self.run_due()
            await asyncio.sleep(tick_seconds)
