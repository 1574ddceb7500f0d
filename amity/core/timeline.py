"""A customer's timeline: interactions and what plugins contribute, newest first, so that
"a dialogue starts where the last one stopped" (seed 003)."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amity.core.auth import Principal
from amity.core.models import Interaction
from amity.core.plugins import HookCaller


@dataclass(frozen=True)
class TimelineEntry:
    """One item on a customer's timeline. ``key`` orders entries at the same instant."""

    occurred_at: datetime
    key: str
    kind: str
    title: str
    summary: str = ""
    channel: str | None = None
    record: Any = None

    @property
    def position(self) -> tuple[datetime, str]:
        return (self.occurred_at, self.key)


def interaction_entry(interaction: Interaction) -> TimelineEntry:
    return TimelineEntry(
        interaction.occurred_at, f"Interaction:{interaction.id:012d}", "interaction", interaction.subject,
        interaction.summary, interaction.channel, interaction,
    )


async def entries_older_than(
    query: Any, before: tuple[datetime, str] | None, limit: int, to_entry: Callable[[Any], TimelineEntry],
    time_field: str = "occurred_at",
) -> list[TimelineEntry]:
    """The newest ``limit`` rows of ``query`` as timeline entries strictly older than ``before``.

    What a ``timeline_entries`` hookimpl returns: pass its own query (one customer's rows)
    and how to turn a row into a ``TimelineEntry``.
    """
    newest = query.order_by(f"-{time_field}", "-id")
    if before is None:
        return [to_entry(row) for row in await newest.limit(limit)]
    same_instant = await newest.filter(**{time_field: before[0]})
    older = await newest.filter(**{f"{time_field}__lt": before[0]}).limit(limit)
    entries = (to_entry(row) for row in [*same_instant, *older])
    return sorted((e for e in entries if e.position < before), key=lambda e: e.position, reverse=True)[:limit]


async def interaction_entries(customer_id: int, before: tuple[datetime, str] | None, limit: int) -> list[TimelineEntry]:
    """Interactions of one customer as timeline entries, newest first, older than ``before``."""
    return await entries_older_than(Interaction.filter(customer_id=customer_id), before, limit, interaction_entry)


async def timeline_count(customer_id: int, call_hook: HookCaller, principal: Principal) -> int:
    """How many entries the whole timeline has for ``principal``: interactions and plugin entries."""
    contributed = await call_hook("timeline_count", customer_id=customer_id, principal=principal)
    return await Interaction.filter(customer_id=customer_id).count() + sum(count or 0 for count in contributed)


async def timeline(
    customer_id: int, first: int, before: tuple[datetime, str] | None, call_hook: HookCaller, principal: Principal
) -> tuple[list[TimelineEntry], bool]:
    """The newest ``first`` entries older than ``before`` that ``principal`` may see:
    interactions and plugin entries, newest first. Returns the entries and whether more exist."""
    sources = [await interaction_entries(customer_id, before, first + 1)]
    contributions = await call_hook(
        "timeline_entries", customer_id=customer_id, before=before, limit=first + 1, principal=principal
    )
    for contributed in contributions:
        sources.append(sorted(contributed or [], key=lambda e: e.position, reverse=True))
    merged = list(heapq.merge(*sources, key=lambda e: e.position, reverse=True))
    return merged[:first], len(merged) > first
