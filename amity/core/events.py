"""Domain events, published only after the transaction that produced them commits.

Services write inside ``async with transaction():`` and call ``emit(name, data)``; when the
block commits, each event goes to every ``handle_event`` hookimpl. If the block raises,
the events are dropped with the rollback. ``docs/events.md`` lists the events.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from amity.core import clock

log = logging.getLogger("amity.events")


@dataclass(frozen=True)
class Event:
    """Something that happened: ``name`` like ``customer.created``, JSON-ready ``data``."""

    name: str
    data: dict[str, Any]
    occurred_at: datetime = field(default_factory=clock.now)


Dispatcher = Callable[[Event], Awaitable[None]]

_pending: ContextVar[list[Event] | None] = ContextVar("amity_pending_events", default=None)
_dispatcher: Dispatcher | None = None


def set_dispatcher(dispatcher: Dispatcher | None) -> None:
    """Install the function that delivers committed events (done by the running app)."""
    global _dispatcher
    _dispatcher = dispatcher


def emit(name: str, /, **data: Any) -> Event:
    """Record an event to publish when the enclosing ``transaction()`` commits."""
    pending = _pending.get()
    if pending is None:
        raise RuntimeError(f"emit({name!r}) outside of amity.core.events.transaction()")
    event = Event(name, data)
    pending.append(event)
    return event


async def publish(events: list[Event]) -> None:
    """Deliver events now (already committed) to the installed dispatcher."""
    if _dispatcher is None:
        return
    for event in events:
        await _dispatcher(event)


@asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """A database transaction whose events are published after it commits.

    Nested blocks join the outer one; only the outermost publishes.
    """
    outer = _pending.get()
    if outer is not None:
        async with in_transaction() as connection:
            yield connection
        return
    pending: list[Event] = []
    token = _pending.set(pending)
    try:
        async with in_transaction() as connection:
            yield connection
    finally:
        _pending.reset(token)
    await publish(pending)


def make_dispatcher(acall: Callable[..., Awaitable[list[Any]]]) -> Dispatcher:
    """A dispatcher that calls ``handle_event`` on every plugin, logging handler failures."""

    async def dispatch(event: Event) -> None:
        try:
            await acall("handle_event", event=event)
        except Exception:  # a plugin's handler must not undo a committed write
            log.exception("handler of event %s failed", event.name)

    return dispatch
