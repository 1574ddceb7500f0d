"""The module's one settings row (``RecoveryPolicy``): the remedy cost limit and the repeat
window. Its own module so that recovery, repeat detection and the lifecycle can all read it."""

from __future__ import annotations

from decimal import Decimal

from amity.core import clock, events
from amity.plugins.complaints.models import RecoveryPolicy

DEFAULT_COST_LIMIT = Decimal("100.00")


async def current() -> RecoveryPolicy:
    """The policy, created with the defaults on first use."""
    found = await RecoveryPolicy.first()
    if found is not None:
        return found
    async with events.transaction():
        return await RecoveryPolicy.create(remedy_cost_limit=DEFAULT_COST_LIMIT, updated_at=clock.now())
