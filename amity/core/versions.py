"""Optimistic locking for records with a ``version`` column (``fields.IntField(default=1)``).

A client reads ``version`` and sends it back as ``expectedVersion``; an update made
meanwhile by someone else is refused with ``STALE`` instead of being overwritten::

    deal = await Deal.get_or_none(id=deal_id)
    check_version(deal, expected_version, "deal")            # what the client saw
    changes = changed_values(deal, {"stage": "won"})          # an unchanged form keeps the version
    if changes:
        deal = await save_versioned(deal, "deal", **changes)  # what changed since we read it
"""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.expressions import F
from tortoise.models import Model

from amity.core.errors import stale

Record = TypeVar("Record", bound=Model)


def check_version(record: Model, expected_version: int | None, what: str) -> None:
    """Raise ``STALE`` (a ``DomainError`` on ``expectedVersion``) unless the client's
    ``expected_version`` is None or the record's current version."""
    current = record.version  # type: ignore[attr-defined]
    if expected_version is not None and expected_version != current:
        raise stale(what, current)


def changed_values(record: Model, changes: dict[str, Any]) -> dict[str, Any]:
    """The entries of ``changes`` that differ from what ``record`` holds. An update that
    changes nothing should write nothing and keep the version, so that saving an unchanged
    form does not make someone else's next save ``STALE``."""
    return {name: value for name, value in changes.items() if getattr(record, name) != value}


async def save_versioned(record: Record, what: str, **changes: Any) -> Record:
    """Write ``changes`` to ``record``'s row and add one to its version, unless the row changed
    since ``record`` was read (``STALE``); returns the row as written. Runs in the caller's
    transaction, if any."""
    model = type(record)
    written = await model.filter(pk=record.pk, version=record.version).update(  # type: ignore[attr-defined]
        **changes, version=F("version") + 1
    )
    if not written:
        raise stale(what, (await model.get(pk=record.pk)).version)  # type: ignore[attr-defined]
    return await model.get(pk=record.pk)
