"""The people who work in amity (listed so that front-ends can pick owners and assignees),
their roles and the permission codes roles grant; managing them needs ``user.manage``."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.core import models, roles, users
from amity.schema.customers import User
from amity.schema.errors import UserError, mutation_payload
from amity.schema.filters import BooleanFilter, StringFilter, to_q
from amity.schema.inputs import values_of
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import Connection, SortKey, input_id, list_page


@strawberry.input
class UserFilter:
    role: StringFilter | None = UNSET
    is_active: BooleanFilter | None = UNSET
    search: str | None = strawberry.field(default=UNSET, description="Matches user name or display name.")


USER_COLUMNS = {
    "role": "role",
    "is_active": "is_active",
    "search": lambda text: Q(username__icontains=text) | Q(display_name__icontains=text),
}


@strawberry.type
class UserQuery:
    @strawberry.field(extensions=[requires_permission("customer.read")], description="Users, by user name.")
    async def users(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, filter: UserFilter | None = None
    ) -> Connection[User]:
        return await list_page(
            info,
            models.User.filter(to_q(filter, USER_COLUMNS)), [SortKey("username")], first=first, after=after,
            signature="users",
        )


@strawberry.type(description="A permission code a module declares, and what it allows.")
class Permission:
    code: str = strawberry.field(description="What fields and mutations check, e.g. `customer.read`.")
    description: str = strawberry.field(description="What holding it allows.")
    built_in_roles: list[str] = strawberry.field(description="The built-in roles that hold it (admin holds every code).")


@strawberry.type(description="A named set of permission codes that users hold.")
class Role:
    name: str = strawberry.field(description="What users' `role` holds.")
    description: str = strawberry.field(description="What the role is for.")
    built_in: bool = strawberry.field(description="Built-in roles follow the modules' declarations and cannot change.")
    permissions: list[str] = strawberry.field(description="The codes it grants here (of the enabled modules).")
    user_count: int = strawberry.field(description="How many users hold it.")

    @classmethod
    def of(cls, view: roles.RoleView) -> Role:
        return cls(name=view.name, description=view.description, built_in=view.built_in,
                   permissions=list(view.permissions), user_count=view.user_count)


@strawberry.type
class RoleQuery:
    @strawberry.field(extensions=[requires_permission("user.manage")], description="Built-in roles, then the others by name.")
    async def roles(self, info: strawberry.Info) -> list[Role]:
        return [Role.of(view) for view in await roles.list_roles(info.context.amity.access)]

    @strawberry.field(extensions=[requires_permission("user.manage")], description="Every permission code of the enabled modules.")
    def permissions(self, info: strawberry.Info) -> list[Permission]:
        declared = info.context.amity.access.permissions.values()
        return [Permission(code=p.code, description=p.description, built_in_roles=["admin", *p.roles])
                for p in sorted(declared, key=lambda p: p.code)]


@strawberry.input
class CreateRoleInput:
    name: str = strawberry.field(description="2-50 lowercase letters, digits, '-' or '_', e.g. `own-deals-rep`.")
    permissions: list[str] = strawberry.field(description="Permission codes (see `permissions`).")
    description: str | None = None


@strawberry.input
class UpdateRoleInput:
    name: str
    description: str | None = UNSET
    permissions: list[str] | None = strawberry.field(default=UNSET, description="The complete new set of codes.")


@strawberry.input
class DeleteRoleInput:
    name: str


@strawberry.type
class RolePayload:
    user_errors: list[UserError]
    role: Role | None = None


@strawberry.type
class DeleteRolePayload:
    user_errors: list[UserError]
    deleted_name: str | None = None


@strawberry.input
class CreateUserInput:
    username: str
    role: str = strawberry.field(description="A built-in role or one made with `createRole`.")
    display_name: str | None = None
    email: str | None = None


@strawberry.input
class UpdateUserInput:
    id: strawberry.ID
    role: str | None = UNSET
    display_name: str | None = UNSET
    email: str | None = strawberry.field(default=UNSET, description="null removes it.")
    is_active: bool | None = strawberry.field(default=UNSET, description="false stops the user's API keys at once.")


@strawberry.type
class UserPayload:
    user_errors: list[UserError]
    user: User | None = None


def _granter(info: strawberry.Info) -> users.Granter:
    return users.Granter(info.context.amity.access, info.context.principal.permissions)


@strawberry.type
class AccessMutation:
    @strawberry.mutation(description="Define a role: a name and the permission codes it grants.")
    async def create_role(self, info: strawberry.Info, input: CreateRoleInput) -> RolePayload:
        async def action() -> dict[str, Any]:
            ensure(info, "user.manage")
            access, held = info.context.amity.access, info.context.principal.permissions
            view = await roles.create_role(input.name, input.description, input.permissions, access, held)
            return {"role": Role.of(view)}

        return await mutation_payload(RolePayload, action)

    @strawberry.mutation(description="Change a role's description or codes; its users hold the new codes at once.")
    async def update_role(self, info: strawberry.Info, input: UpdateRoleInput) -> RolePayload:
        async def action() -> dict[str, Any]:
            ensure(info, "user.manage")
            access, held = info.context.amity.access, info.context.principal.permissions
            view = await roles.update_role(input.name, values_of(input, skip=("name",)), access, held)
            return {"role": Role.of(view)}

        return await mutation_payload(RolePayload, action)

    @strawberry.mutation(description="Delete a role no user holds.")
    async def delete_role(self, info: strawberry.Info, input: DeleteRoleInput) -> DeleteRolePayload:
        async def action() -> dict[str, Any]:
            ensure(info, "user.manage")
            return {"deleted_name": await roles.delete_role(input.name)}

        return await mutation_payload(DeleteRolePayload, action)

    @strawberry.mutation(description="Create a user; give them API keys with `amity keys create --user`.")
    async def create_user(self, info: strawberry.Info, input: CreateUserInput) -> UserPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "user.manage")
            return {"user": await users.create_account(values_of(input), _granter(info))}

        return await mutation_payload(UserPayload, action)

    @strawberry.mutation(description="Change a user's role, name or e-mail, or deactivate them.")
    async def update_user(self, info: strawberry.Info, input: UpdateUserInput) -> UserPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "user.manage")
            user_id = input_id(input.id, "User", "id")
            return {"user": await users.update_account(user_id, values_of(input, skip=("id",)), _granter(info))}

        return await mutation_payload(UserPayload, action)
