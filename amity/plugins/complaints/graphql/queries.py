"""Root queries of the complaints module: the complaints list, one complaint and the taxonomy."""

from __future__ import annotations

import strawberry

from amity.plugins.complaints import models, overdue, service
from amity.plugins.complaints.graphql.filters import COMPLAINT_COLUMNS, ComplaintFilter, ComplaintOrder
from amity.plugins.complaints.graphql.types import COMPLAINT_ORDER, ComplaintCategory, ComplaintNode, ResponseTarget
from amity.schema.filters import order_keys, to_q
from amity.schema.nodes import node_of_type
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, list_page


@strawberry.type
class ComplaintQuery:
    @strawberry.field(extensions=[requires_permission("complaints.read")], description="Complaints, filtered and ordered.")
    async def complaints(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ComplaintFilter | None = None,
        order_by: list[ComplaintOrder] | None = None,
    ) -> Connection[ComplaintNode]:
        return await list_page(
            info,
            models.Complaint.filter(to_q(filter, COMPLAINT_COLUMNS)), order_keys(order_by, COMPLAINT_ORDER),
            first=first, after=after, last=last, before=before, signature="complaints",
        )

    @strawberry.field(extensions=[requires_permission("complaints.read")], description="One complaint; null if missing.")
    async def complaint(self, info: strawberry.Info, id: strawberry.ID) -> ComplaintNode | None:
        return await node_of_type(info, id, "Complaint")

    @strawberry.field(extensions=[requires_permission("complaints.read")], description="The complaint taxonomy, by code.")
    async def complaint_categories(self, include_retired: bool = False) -> list[ComplaintCategory]:
        return await service.categories(include_retired)  # type: ignore[return-value]

    @strawberry.field(extensions=[requires_permission("complaints.read")],
                      description="The response-time target of each severity, from low to critical.")
    async def complaint_response_targets(self) -> list[ResponseTarget]:
        return await overdue.targets()  # type: ignore[return-value]
