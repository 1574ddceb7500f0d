"""Managing the people who work in amity: creating users, changing their role, name and
e-mail, and deactivating them (a deactivated user's API keys stop working at once).

amity always keeps one active ``admin``: the last one cannot be demoted or deactivated.
Whoever manages users hands out only what they hold themselves: given the ``granter`` (the
caller's codes), a role granting more, or a user holding more, is ``PERMISSION_DENIED``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from amity.core import clock
from amity.core.auth import AccessControl, UnknownRoleError, check_role
from amity.core.errors import DomainError, not_found
from amity.core.models import User
from amity.core.validation import Problems, normalise_email, required_text

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]*$")


def _text_values(values: dict[str, Any], problems: Problems) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    if values.get("display_name") is not None:
        checked["display_name"] = required_text(values["display_name"], "displayName", problems)
    if "email" in values:
        email = (values["email"] or "").strip()
        checked["email"] = normalise_email(email, "email", problems) if email else None
    return checked


@dataclass(frozen=True)
class Granter:
    """Who manages users: the access control of the instance and the caller's codes."""

    access: AccessControl
    codes: frozenset[str]

    async def may_hand_out(self, role: str) -> bool:
        """Whether every code ``role`` grants is one the caller holds."""
        return (await self.access.codes_of_role(role) or frozenset()) <= self.codes


async def _role_problem(role: str, granter: Granter | None, problems: Problems) -> None:
    try:
        await check_role(role)
    except UnknownRoleError as error:
        problems.extend(error.problems)
        return
    if granter is not None and not await granter.may_hand_out(role):
        problems.add("role", f"the role {role!r} grants codes you do not hold", "PERMISSION_DENIED")


async def create_account(values: dict[str, Any], granter: Granter | None = None) -> User:
    """Create a user from ``username``, ``role`` and optional ``display_name`` and ``email``.
    Refused (``DomainError``, nothing written) for a blank, malformed or taken user name, an
    unknown role, a role granting codes ``granter`` lacks, or a malformed e-mail."""
    problems = Problems()
    username = required_text(values.get("username"), "username", problems, max_length=80)
    if username and not USERNAME.match(username):
        problems.add("username", "username may hold letters, digits, '.', '_', '@' and '-' only", "INVALID")
    elif username and await User.exists(username=username):
        problems.add("username", f"a user named {username!r} already exists", "DUPLICATE")
    await _role_problem(values.get("role") or "", granter, problems)
    checked = _text_values(values, problems)
    if problems:
        raise DomainError(*problems)
    checked.setdefault("display_name", username)
    return await User.create(username=username, role=values["role"], created_at=clock.now(), **checked)


async def _other_active_admins(user: User) -> int:
    return await User.filter(role="admin", is_active=True).exclude(id=user.id).count()


async def update_account(user_id: int, values: dict[str, Any], granter: Granter | None = None) -> User:
    """Change a user's ``role``, ``display_name``, ``email`` or ``is_active``; values left
    out stay. The last active admin keeps the role and stays active (``LAST_ADMIN``); a
    ``granter`` changes only users whose role is within their own codes."""
    async with in_transaction():
        user = await User.get_or_none(id=user_id).select_for_update()
        if user is None:
            raise not_found("user")
        if granter is not None and not await granter.may_hand_out(user.role):
            raise DomainError.single("PERMISSION_DENIED", f"{user.username!r} holds codes you do not hold", "id")
        problems = Problems()
        changes = _text_values(values, problems)
        if values.get("role") is not None:
            await _role_problem(values["role"], granter, problems)
            changes["role"] = values["role"]
        if values.get("is_active") is not None:
            changes["is_active"] = values["is_active"]
        leaves_admin = changes.get("role", "admin") != "admin" or changes.get("is_active") is False
        if user.role == "admin" and user.is_active and leaves_admin and not await _other_active_admins(user):
            field = "role" if "role" in changes and changes["role"] != "admin" else "isActive"
            problems.add(field, "this is the last active admin; make another user admin first", "LAST_ADMIN")
        if problems:
            raise DomainError(*problems)
        if changes:
            await user.update_from_dict(changes).save()
    return user
