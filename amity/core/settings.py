"""Settings from ``AMITY_*`` environment variables and an optional ``amity.toml``.

Environment variables win over the file. See ``docs/configuration.md``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_URL = "sqlite://amity.sqlite3"


class SettingsError(ValueError):
    """A setting has a value amity cannot use."""


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _as_int(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise SettingsError(f"{name} must not be negative")
    return number


def _as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(part) for part in value)


@dataclass(frozen=True)
class Settings:
    """Everything amity can be configured with.

    ``plugins=None`` enables every built-in plugin; an empty tuple enables none.
    """

    database_url: str = DEFAULT_DATABASE_URL
    plugins: tuple[str, ...] | None = None
    demo: bool = False
    graphiql: bool = True
    introspection: bool = True
    max_body_bytes: int = 1_000_000
    max_query_depth: int = 12
    max_query_tokens: int = 4_000
    max_aliases: int = 30
    default_page_size: int = 20
    max_page_size: int = 100
    run_jobs: bool = True
    cors_origins: tuple[str, ...] = ()
    fast_path: bool = True
    trace_hooks: bool = False
    customer_types: tuple[str, ...] = (
        "individual",
        "enterprise",
        "distributor",
        "manufacturer",
        "government",
        "institutional_investor",
    )

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        toml_path: str | Path = "amity.toml",
        **overrides: Any,
    ) -> Settings:
        """Read ``amity.toml`` (if present), then ``AMITY_*`` variables, then ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        path = Path(toml_path)
        if path.is_file():
            with path.open("rb") as handle:
                data = tomllib.load(handle)
            values.update(data.get("amity", data))
        for item in fields(cls):
            key = f"AMITY_{item.name.upper()}"
            if key in environ:
                values[item.name] = environ[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Build settings from loose values (strings from the environment allowed)."""
        known = {item.name: item for item in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(unknown)}")
        clean: dict[str, Any] = {}
        for name, value in values.items():
            default = known[name].default
            if name in {"plugins", "customer_types", "cors_origins"}:
                clean[name] = _as_list(value)
            elif isinstance(default, bool):
                clean[name] = _as_bool(f"AMITY_{name.upper()}", value)
            elif isinstance(default, int):
                clean[name] = _as_int(f"AMITY_{name.upper()}", value)
            else:
                clean[name] = str(value)
        settings = cls(**clean)
        if settings.default_page_size > settings.max_page_size:
            raise SettingsError("default_page_size must not exceed max_page_size")
        return settings

    def with_(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)
