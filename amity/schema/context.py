"""What every resolver gets in ``info.context``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from amity.core.app import Amity
from amity.core.auth import Principal
from amity.schema.loaders import Loaders


@dataclass
class AmityContext:
    """The running ``amity``, the caller's ``principal``, per-request ``loaders`` and ``request_id``."""

    amity: Amity
    principal: Principal
    loaders: Loaders = field(default_factory=Loaders)
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    nodes: dict[str, Any] = field(default_factory=dict)
    request: Any = None
    response: Any = None

    @property
    def settings(self) -> Any:
        return self.amity.settings

    async def call_hook(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a plugin hook (async or not) of the running instance."""
        return await self.amity.plugins.acall(hook, **kwargs)
