"""Sales reps: the rep code of the master file (seed 001) and the commission rate of a user."""

from __future__ import annotations

from decimal import Decimal

from amity.core import events
from amity.core.errors import DomainError, not_found
from amity.core.models import User
from amity.core.validation import Problems, check_amount, required_text
from amity.plugins.sales.models import SalesRep


async def set_sales_rep(user_id: int, rep_code: str, commission_rate: Decimal | str) -> SalesRep:
    """Make a user a sales rep, or change their rep code or commission rate (0 to 100 percent)."""
    problems = Problems()
    code = required_text(rep_code, "repCode", problems, 20).upper()
    rate = check_amount(commission_rate, "commissionRate", problems)
    if not problems and rate > 100:
        problems.add("commissionRate", "commissionRate must be at most 100", "INVALID")
    if problems:
        raise DomainError(*problems)
    if not await User.exists(id=user_id):
        raise not_found("user", "userId")
    if await SalesRep.filter(rep_code=code).exclude(user_id=user_id).exists():
        raise DomainError.single("DUPLICATE", f"rep code {code!r} is already taken", "repCode")
    async with events.transaction():
        rep, _ = await SalesRep.update_or_create(defaults={"rep_code": code, "commission_rate": rate}, user_id=user_id)
    return rep
