"""The core's records, in the vocabulary of DOMAIN.md: customers, their contact persons,
interactions and consents, plus the users and API keys that access them."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields, models


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    LOST = "lost"


class Channel(StrEnum):
    """Interaction channels named in the source material (000, 003)."""

    MEETING = "meeting"
    LETTER = "letter"
    PHONE = "phone"
    FAX = "fax"
    WEBSITE = "website"
    EMAIL = "email"
    CHAT = "chat"
    FORUM = "forum"
    SOCIAL_NETWORK = "social_network"
    MICROBLOG = "microblog"
    WECHAT = "wechat"
    BLOG = "blog"
    PODCAST = "podcast"
    CLUB = "club"
    EVENT = "event"
    ADVERTISING = "advertising"
    SMS = "sms"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Initiator(StrEnum):
    COMPANY = "company"
    CUSTOMER = "customer"


class InteractionMode(StrEnum):
    """Face-to-face, indirect personal (phone, mail, chat) or non-personal (media, events)."""

    FACE_TO_FACE = "face_to_face"
    INDIRECT = "indirect"
    NON_PERSONAL = "non_personal"


class IdentityKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


class User(models.Model):
    """A person or system account that works in amity. Its role grants permission codes."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=80, unique=True)
    display_name = fields.CharField(max_length=200, default="")
    email = fields.CharField(max_length=254, null=True)
    role = fields.CharField(max_length=50)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_user"


class Role(models.Model):
    """A role defined at run time: a named set of permission codes.

    The built-in roles (admin, manager, agent, viewer) are not stored: their codes come from
    the enabled modules."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50, unique=True)
    description = fields.CharField(max_length=300, default="")
    permissions = fields.JSONField(default=list)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_role"


class ApiKey(models.Model):
    """A bearer credential of a user. Only a SHA-256 digest of the secret is stored."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="api_keys", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16, db_index=True)
    digest = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        app = "core"
        table = "core_api_key"


class Customer(models.Model):
    """The customer master file (seed 001): identity, addresses, terms and ownership."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200, db_index=True)
    type = fields.CharField(max_length=40)
    status = fields.CharField(max_length=20, default=CustomerStatus.ACTIVE.value, db_index=True)
    postal_address = fields.JSONField(null=True)
    delivery_address = fields.JSONField(null=True)
    invoice_address = fields.JSONField(null=True)
    phones = fields.JSONField(default=list)
    emails = fields.JSONField(default=list)
    currency = fields.CharField(max_length=3, default="EUR")
    payment_terms = fields.CharField(max_length=100, default="")
    preferential_terms = fields.TextField(default="")
    tax_rule = fields.CharField(max_length=100, default="")
    bank_account = fields.CharField(max_length=64, default="")
    credit_limit = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    owner: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="owned_customers", null=True, on_delete=fields.SET_NULL
    )
    tags = fields.JSONField(default=list)
    attributes = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField(db_index=True)
    version = fields.IntField(default=1)

    class Meta:
        app = "core"
        table = "core_customer"


class CustomerIdentity(models.Model):
    """A normalised e-mail or phone of a customer or its contacts, for duplicate detection."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "core.Customer", related_name="identities", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=10)
    value = fields.CharField(max_length=254)

    class Meta:
        app = "core"
        table = "core_customer_identity"
        unique_together = (("customer", "kind", "value"),)
        indexes = (("kind", "value"),)


class ContactPerson(models.Model):
    """A person at an organisation customer."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "core.Customer", related_name="contacts", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    title = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=32, null=True)
    is_primary = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_contact_person"


class Interaction(models.Model):
    """One exchange with a customer (seed 003): who started it, through which channel, how."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "core.Customer", related_name="interactions", on_delete=fields.CASCADE
    )
    contact: fields.ForeignKeyNullableRelation[ContactPerson] = fields.ForeignKeyField(
        "core.ContactPerson", related_name="interactions", null=True, on_delete=fields.SET_NULL
    )
    channel = fields.CharField(max_length=30)
    direction = fields.CharField(max_length=10)
    initiator = fields.CharField(max_length=10)
    mode = fields.CharField(max_length=20)
    subject = fields.CharField(max_length=200)
    summary = fields.TextField(default="")
    occurred_at = fields.DatetimeField(db_index=True)
    recorded_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "core.User", related_name="recorded_interactions", null=True, on_delete=fields.SET_NULL
    )
    link = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_interaction"
        # Columns, not field names: tortoise's migrations write these names into SQL as given.
        indexes = (("customer_id", "occurred_at"),)


class ConsentRecord(models.Model):
    """Whether a customer agreed to be contacted on a channel for a purpose (seed 002)."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "core.Customer", related_name="consents", on_delete=fields.CASCADE
    )
    channel = fields.CharField(max_length=30)
    purpose = fields.CharField(max_length=50)
    granted = fields.BooleanField()
    source = fields.CharField(max_length=100)
    recorded_at = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_consent"
        unique_together = (("customer", "channel", "purpose"),)


class JobLease(models.Model):
    """Which process runs a periodic job until when, so that several workers run each job
    once per interval between them."""

    name = fields.CharField(max_length=150, primary_key=True)
    holder = fields.CharField(max_length=200)
    until = fields.DatetimeField()

    class Meta:
        app = "core"
        table = "core_job_lease"
