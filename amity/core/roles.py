"""Roles defined at run time: named sets of permission codes, beside the built-in ones.

The built-in roles (``admin``, ``manager``, ``agent``, ``viewer``) are defined by the code
that declares each permission and cannot be changed. Stored roles are created, changed and
deleted by users holding ``user.manage``; a user's role is read on every request, so a change
applies at once, on every worker. A stored role may keep codes of a module that is not
enabled here: they grant nothing until the module is enabled, and survive updates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from amity.core import clock
from amity.core.auth import BUILTIN_ROLES, AccessControl
from amity.core.errors import DomainError
from amity.core.models import Role, User
from amity.core.validation import Problems

NAME = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
BUILTIN_DESCRIPTIONS = {
    "admin": "Every permission of every enabled module.",
    "manager": "Runs a team: what agents do, plus credit, merges, imports and module settings.",
    "agent": "Works with customers day to day: reads and changes their records.",
    "viewer": "Reads customers and their history; changes nothing.",
}


@dataclass(frozen=True)
class RoleView:
    """A role as clients see it: its enabled codes and how many users hold it."""

    name: str
    description: str
    built_in: bool
    permissions: tuple[str, ...]
    user_count: int


async def _user_counts() -> dict[str, int]:
    rows = await User.all().group_by("role").annotate(count=Count("id")).values_list("role", "count")
    return dict(rows)  # type: ignore[arg-type]


async def list_roles(access: AccessControl) -> list[RoleView]:
    """The built-in roles, then the stored ones by name."""
    counts = await _user_counts()
    built_in = [
        RoleView(name, BUILTIN_DESCRIPTIONS[name], True, tuple(sorted(access.roles[name])), counts.get(name, 0))
        for name in BUILTIN_ROLES
    ]
    stored = [_view(role, access, counts.get(role.name, 0)) for role in await Role.all().order_by("name")]
    return built_in + stored


def _view(role: Role, access: AccessControl, user_count: int) -> RoleView:
    return RoleView(role.name, role.description, False, tuple(sorted(access.enabled(role.permissions))), user_count)


def _checked_codes(
    codes: Iterable[str], access: AccessControl, granter: frozenset[str] | None, problems: Problems
) -> list[str]:
    checked = []
    for index, code in enumerate(codes):
        if code not in access.permissions:
            problems.add(f"permissions.{index}", f"no enabled module declares the permission {code!r}", "UNKNOWN_PERMISSION")
        elif granter is not None and code not in granter:
            problems.add(f"permissions.{index}", f"you cannot grant {code!r}: you do not hold it", "PERMISSION_DENIED")
        elif code not in checked:
            checked.append(code)
    return checked


def _description(value: str | None, problems: Problems) -> str:
    text = (value or "").strip()
    if len(text) > 300:
        problems.add("description", "description must be at most 300 characters", "TOO_LONG")
    return text


async def create_role(
    name: str, description: str | None, codes: Iterable[str], access: AccessControl, granter: frozenset[str] | None = None
) -> RoleView:
    """Store a new role. Refused (``DomainError``, nothing written) for a malformed or taken
    name, a built-in name, a code no enabled module declares, or one the ``granter`` (the
    caller's codes; None: no limit) does not hold."""
    problems = Problems()
    name = (name or "").strip()
    if name in BUILTIN_ROLES:
        problems.add("name", f"{name!r} is a built-in role", "BUILTIN_ROLE")
    elif not NAME.match(name):
        problems.add("name", "name must be 2-50 lowercase letters, digits, '-' or '_', starting with a letter", "INVALID")
    elif await Role.exists(name=name):
        problems.add("name", f"a role named {name!r} already exists", "DUPLICATE")
    text = _description(description, problems)
    checked = _checked_codes(codes, access, granter, problems)
    if problems:
        raise DomainError(*problems)
    now = clock.now()
    role = await Role.create(name=name, description=text, permissions=checked, created_at=now, updated_at=now)
    return _view(role, access, 0)


async def _stored(name: str) -> Role:
    if name in BUILTIN_ROLES:
        raise DomainError.single("BUILTIN_ROLE", f"{name!r} is a built-in role; it cannot be changed", "name")
    role = await Role.get_or_none(name=name)
    if role is None:
        raise DomainError.single("NOT_FOUND", f"no role is named {name!r}", "name")
    return role


async def update_role(
    name: str, values: dict[str, Any], access: AccessControl, granter: frozenset[str] | None = None
) -> RoleView:
    """Change a stored role's ``description`` and/or ``permissions`` (the full new set of
    enabled codes; codes of modules not enabled here are kept). A ``granter`` changes only
    roles within their own codes, to codes they hold."""
    role = await _stored(name)
    problems = Problems()
    if granter is not None and not access.enabled(role.permissions) <= granter:
        raise DomainError.single("PERMISSION_DENIED", f"the role {name!r} grants codes you do not hold", "name")
    changes: dict[str, Any] = {}
    if "description" in values:
        changes["description"] = _description(values["description"], problems)
    if "permissions" in values:
        kept = [code for code in role.permissions if code not in access.permissions]
        changes["permissions"] = kept + _checked_codes(values["permissions"] or [], access, granter, problems)
    if problems:
        raise DomainError(*problems)
    if changes:
        await role.update_from_dict({**changes, "updated_at": clock.now()}).save()
    return _view(role, access, await User.filter(role=name).count())


async def delete_role(name: str) -> str:
    """Delete a stored role that no user holds (``ROLE_IN_USE`` otherwise)."""
    async with in_transaction():
        role = await _stored(name)
        holders = await User.filter(role=name).count()
        if holders:
            raise DomainError.single("ROLE_IN_USE", f"{holders} user(s) hold the role {name!r}; give them another first", "name")
        await role.delete()
    return name
