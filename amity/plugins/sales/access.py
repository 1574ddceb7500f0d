"""The record rule on deals, free of GraphQL: a caller holding ``sales.opportunity.read_all``
sees every deal (every built-in role does: reps see all deals); a role without it sees,
changes and reports on only the deals it owns."""

from __future__ import annotations

from amity.core.auth import Principal

READ = "sales.opportunity.read"
READ_ALL = "sales.opportunity.read_all"
#: Stands for "no user": a caller without a user id owns no deal.
NOBODY = -1


def owner_limit(principal: Principal) -> int | None:
    """The user id whose deals ``principal`` is limited to, or None when they see every deal."""
    if principal.has(READ_ALL):
        return None
    return principal.user_id if principal.user_id is not None else NOBODY
