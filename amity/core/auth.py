"""Principals, roles, permission codes, users and API keys.

A role is a set of permission codes. The built-in roles are ``admin`` (every code),
``manager``, ``agent`` and ``viewer``; plugins add codes and grant them to roles through
``register_permissions``. Further roles are defined at run time (``amity.core.roles``) and
read on every request, so a change applies at once on every worker. API keys are shown once
and stored as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from amity.core import clock
from amity.core.errors import DomainError, FieldProblem
from amity.core.models import ApiKey, Role, User

BUILTIN_ROLES = ("admin", "manager", "agent", "viewer")
KEY_PREFIX = "amk"


@dataclass(frozen=True)
class Permission:
    """A permission code, what it allows, and the built-in roles (besides admin) that hold it."""

    code: str
    description: str
    roles: tuple[str, ...] = ()


CORE_PERMISSIONS = (
    Permission("customer.read", "See customers, contact persons and the timeline", ("manager", "agent", "viewer")),
    Permission("customer.write", "Create and change customers and contact persons", ("manager", "agent")),
    Permission("customer.credit.read", "See credit limits and bank accounts", ("manager",)),
    Permission("customer.merge", "Merge duplicate customers", ("manager",)),
    Permission("customer.import", "Import customers from CSV", ("manager",)),
    Permission("interaction.read", "See interactions", ("manager", "agent", "viewer")),
    Permission("interaction.write", "Log interactions", ("manager", "agent")),
    Permission("consent.read", "See consents", ("manager", "agent", "viewer")),
    Permission("consent.write", "Record consents", ("manager", "agent")),
    Permission("customer.privacy", "Export or erase everything held on a customer", ()),
    Permission("user.manage", "Manage users and API keys", ()),
)


def as_permissions(declared: Any) -> list[Permission]:
    """Normalise what a ``register_permissions`` hook returned."""
    if declared is None:
        return []
    if isinstance(declared, Mapping):
        return [Permission(code, description) for code, description in declared.items()]
    return [item if isinstance(item, Permission) else Permission(*item) for item in declared]


@dataclass(frozen=True)
class AccessControl:
    """The permission codes of the enabled plugins and the roles built from them."""

    permissions: dict[str, Permission]
    roles: dict[str, frozenset[str]]

    @classmethod
    def build(cls, declared: Iterable[Permission]) -> AccessControl:
        permissions: dict[str, Permission] = {}
        for permission in declared:
            if permission.code in permissions:
                raise ValueError(f"permission code {permission.code!r} declared twice")
            unknown_roles = set(permission.roles) - set(BUILTIN_ROLES)
            if unknown_roles:
                raise ValueError(f"permission {permission.code!r} names unknown roles {sorted(unknown_roles)}")
            permissions[permission.code] = permission
        roles = {role: frozenset(p.code for p in permissions.values() if role in p.roles) for role in BUILTIN_ROLES}
        roles["admin"] = frozenset(permissions)
        return cls(permissions, roles)

    def enabled(self, codes: Iterable[str]) -> frozenset[str]:
        """The codes among ``codes`` that the enabled modules declare."""
        return frozenset(code for code in codes if code in self.permissions)

    async def codes_of_role(self, role: str) -> frozenset[str] | None:
        """The codes a role grants: a built-in one's, or a stored role's that are enabled;
        None when no role has this name."""
        if role in self.roles:
            return self.roles[role]
        stored = await Role.get_or_none(name=role)
        return None if stored is None else self.enabled(stored.permissions)

    async def principal_of(self, user: User) -> Principal:
        """The principal of ``user``, with the codes their role grants now."""
        return Principal(user.id, user.username, user.role, await self.codes_of_role(user.role) or frozenset())


@dataclass(frozen=True)
class Principal:
    """Who is asking, and which permission codes they hold."""

    user_id: int | None
    username: str
    role: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    is_demo: bool = False

    def has(self, code: str) -> bool:
        return code in self.permissions


ANONYMOUS = Principal(None, "anonymous", "none")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class UnknownRoleError(DomainError, ValueError):
    """A user was given a role that does not exist."""

    def __init__(self, role: str, known: Iterable[str]) -> None:
        message = f"unknown role {role!r}; roles: {', '.join(known)}"
        super().__init__(FieldProblem("role", message, "INVALID_CHOICE"))


async def role_names() -> list[str]:
    """The built-in roles, then the stored ones by name."""
    return [*BUILTIN_ROLES, *await Role.all().order_by("name").values_list("name", flat=True)]


async def check_role(role: str) -> None:
    """Raise ``UnknownRoleError`` unless ``role`` is built in or stored."""
    if role not in BUILTIN_ROLES and not await Role.exists(name=role):
        raise UnknownRoleError(role, await role_names())


async def create_user(username: str, role: str, *, display_name: str = "", email: str | None = None) -> User:
    """Create a user with a built-in or stored role (low level: no checks on the other values)."""
    await check_role(role)
    return await User.create(
        username=username, role=role, display_name=display_name or username, email=email, created_at=clock.now()
    )


async def create_api_key(user: User, name: str) -> tuple[ApiKey, str]:
    """Create a key for ``user``; returns the record and the secret, which is never stored."""
    prefix = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = await ApiKey.create(user=user, name=name, prefix=prefix, digest=_digest(secret), created_at=clock.now())
    return key, secret


async def revoke_api_key(prefix: str) -> bool:
    """Revoke the key with this prefix; False when no active key has it."""
    updated = await ApiKey.filter(prefix=prefix, revoked_at__isnull=True).update(revoked_at=clock.now())
    return updated > 0


async def authenticate(secret: str, access: AccessControl) -> Principal | None:
    """The principal of an active key on an active user, or None."""
    key = await ApiKey.get_or_none(digest=_digest(secret), revoked_at__isnull=True).select_related("user")
    if key is None or not key.user.is_active:
        return None
    return await access.principal_of(key.user)
