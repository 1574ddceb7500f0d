"""Demo data for ``amity demo`` and ``amity serve --demo``.

``seed_demo`` creates one demo user per built-in role, a few hundred customers of every
configured type with contact persons, 18 months of interactions across the channels of
seed ``003`` and marketing consents, then hands a ``DemoContext`` to every plugin's
``seed_demo_data`` hook. The same seed gives the same data; times are relative to
``clock.now()``.

Rows are written with ``bulk_create`` in one transaction, so no domain events are emitted
for the core rows. E-mail domains end in ``.example`` (RFC 2606), so demo mail can never
reach a real mailbox; phone numbers are libphonenumber's example numbers with other last
digits, valid and in E.164 form.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from amity.core import clock, events
from amity.core.app import Amity
from amity.core.auth import create_user
from amity.core.demo.builder import CustomerDraft, DemoBuilder
from amity.core.demo.catalog import DEMO_USERS
from amity.core.models import ConsentRecord, ContactPerson, Customer, CustomerIdentity, Interaction, User

__all__ = ["DEMO_USERS", "DemoContext", "seed_demo"]


@dataclass
class DemoContext:
    """What ``seed_demo`` made, handed to each plugin's ``seed_demo_data`` hook.

    ``customers`` are the seeded core customers (saved, ordered by id), ``users`` the demo
    users by role (``admin``, ``manager``, ``agent``, ``viewer``), ``random`` the seeded
    generator to draw from so that plugin data is deterministic too. ``seeded`` is False
    when ``seed_demo`` skipped because customers already existed; ``customers`` is then empty.
    """

    customers: list[Customer]
    users: dict[str, User]
    random: random.Random
    amity: Amity
    seeded: bool = True


# --- the catalogue -------------------------------------------------------------------



async def existing_demo_users() -> dict[str, User]:
    """The demo users that exist, by role."""
    users = {user.username: user for user in await User.filter(username__in=[u for u, _ in DEMO_USERS.values()])}
    return {role: users[username] for role, (username, _) in DEMO_USERS.items() if username in users}


async def demo_users() -> dict[str, User]:
    """The demo user of each built-in role, created when missing."""
    users = await existing_demo_users()
    for role, (username, display_name) in DEMO_USERS.items():
        if role not in users:
            users[role] = await create_user(username, role, display_name=display_name, email=f"{username}@amity-demo.example")
    return users


async def write_drafts(drafts: list[CustomerDraft]) -> list[Customer]:
    """Insert the drafts with one bulk insert per table; returns the saved customers.

    Must run when no customers exist: bulk inserts do not return primary keys, so the new
    customers are read back by code and the new contacts by customer and e-mail.
    """
    await Customer.bulk_create([draft.customer for draft in drafts])
    saved = await Customer.all().order_by("id")
    customer_ids = {customer.code: customer.id for customer in saved}
    for draft in drafts:
        customer_id = customer_ids[draft.customer.code]
        for row in (*draft.contacts, *draft.consents, *(interaction for interaction, _ in draft.interactions)):
            row.customer_id = customer_id
    await ContactPerson.bulk_create([contact for draft in drafts for contact in draft.contacts])
    contact_ids = {
        (customer_id, email): contact_id
        for contact_id, customer_id, email in await ContactPerson.all().values_list("id", "customer_id", "email")
    }
    for draft in drafts:
        for interaction, email in draft.interactions:
            interaction.contact_id = contact_ids[(interaction.customer_id, email)] if email else None
    await Interaction.bulk_create([row for draft in drafts for row, _ in draft.interactions])
    await ConsentRecord.bulk_create([row for draft in drafts for row in draft.consents])
    await CustomerIdentity.bulk_create([
        CustomerIdentity(customer_id=customer_ids[draft.customer.code], kind=kind, value=value)
        for draft in drafts
        for kind, value in draft.identities()
    ])
    return saved


async def seed_demo(amity: Amity, *, customers: int = 300, seed: int = 7) -> DemoContext:
    """Fill an empty database with demo data, then let plugins add theirs.

    Skips when any customer exists: nothing is written and the returned context has
    ``seeded=False`` and no customers, so ``amity serve --demo`` may call this on every
    start. Otherwise creates the demo users ``ada`` (admin), ``max`` (manager), ``alex``
    (agent) and ``vera`` (viewer), reusing any that exist; ``customers`` customers coded
    ``C-00001`` onwards, of every type in ``amity.settings.customer_types``, with contact
    persons, interactions and consents; and calls every plugin's ``seed_demo_data`` hook
    with the ``DemoContext``. Everything, the plugins' rows included, is written in one
    transaction: an exception from a plugin undoes it all. The same ``seed`` gives the
    same data. ``amity`` must be started. Raises ``ValueError`` for a negative count.
    """
    if customers < 0:
        raise ValueError("customers must not be negative")
    rng = random.Random(seed)
    if await Customer.exists():
        return DemoContext(customers=[], users=await existing_demo_users(), random=rng, amity=amity, seeded=False)
    async with events.transaction():
        users = await demo_users()
        builder = DemoBuilder(rng, clock.now(), users, amity.settings.customer_types)
        drafts = [builder.customer(number, builder.customer_type(number - 1)) for number in range(1, customers + 1)]
        context = DemoContext(customers=await write_drafts(drafts), users=users, random=rng, amity=amity)
        await amity.plugins.acall("seed_demo_data", ctx=context)
    return context

