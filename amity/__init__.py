"""amity: a CRM framework with a GraphQL API and pluggable business modules.

What a plugin author imports::

    from amity import hookimpl, SchemaContribution, Permission, Principal, requires_permission
"""

from amity.core.auth import Permission, Principal
from amity.core.hookspecs import hookimpl
from amity.schema.build import SchemaContribution
from amity.schema.permissions import requires_permission

__all__ = ["Permission", "Principal", "SchemaContribution", "hookimpl", "requires_permission"]
__version__ = "0.1.0"
