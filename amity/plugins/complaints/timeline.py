"""Complaints on a customer's timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amity.core.timeline import TimelineEntry, entries_older_than
from amity.plugins.complaints.models import Complaint


def complaint_entry(complaint: Complaint) -> TimelineEntry:
    """A complaint as a timeline entry, at the moment it was received."""
    title = f"Complaint ({complaint.severity}, {complaint.status.replace('_', ' ')}): {complaint.category.name}"
    return TimelineEntry(complaint.received_at, f"Complaint:{complaint.id:012d}", "complaint", title,
                         complaint.description, complaint.channel, complaint)


async def complaint_entries(customer_id: int, before: tuple[datetime, str] | None, limit: int) -> list[Any]:
    """The customer's complaints as timeline entries, newest first, older than ``before``."""
    query = Complaint.filter(customer_id=customer_id).select_related("category")
    return await entries_older_than(query, before, limit, complaint_entry, time_field="received_at")
