"""The people who work in amity, listed so that front-ends can pick owners and assignees."""

from __future__ import annotations

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.core import models
from amity.schema.customers import User
from amity.schema.filters import BooleanFilter, StringFilter, to_q
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, SortKey, list_page


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
