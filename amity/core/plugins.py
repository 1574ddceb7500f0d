"""Plugin discovery, enabling and ordering, and the helper that calls hooks.

Plugins come from three places: the built-ins under ``amity/plugins/``, the entry point
group ``amity.plugins`` of installed packages, and objects handed to ``load_plugins``
(tests and embedding applications). Only the enabled ones are registered with pluggy.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy

from amity.core import hookspecs

ENTRY_POINT_GROUP = "amity.plugins"
#: Built-in business modules, by name -> module path. Each is added when its module is built.
BUILTIN_PLUGINS: dict[str, str] = {
    "sales": "amity.plugins.sales",
    "complaints": "amity.plugins.complaints",
}

log = logging.getLogger("amity.plugins")


#: What services take to call plugin hooks: ``await call_hook("merge_customers", survivor=..., ...)``.
HookCaller = Callable[..., Awaitable[list[Any]]]


class PluginError(RuntimeError):
    """A plugin cannot be enabled: unknown name, missing requirement or broken import."""


@dataclass(frozen=True)
class AvailablePlugin:
    """A plugin amity could enable, before it is imported."""

    name: str
    source: str  # "builtin", "entry point" or "given"
    target: Any  # module path (str) or the plugin object itself

    def load(self) -> Any:
        """Import and return the plugin object."""
        if not isinstance(self.target, str):
            return self.target
        try:
            if ":" in self.target:
                module_name, attr = self.target.split(":", 1)
                return getattr(importlib.import_module(module_name), attr)
            return importlib.import_module(self.target)
        except ImportError as exc:
            raise PluginError(f"plugin {self.name!r} could not be imported: {exc}") from exc


def available_plugins(extra: Mapping[str, Any] | None = None) -> dict[str, AvailablePlugin]:
    """Every plugin amity can see: built-ins, installed entry points and ``extra``."""
    found = {name: AvailablePlugin(name, "builtin", path) for name, path in BUILTIN_PLUGINS.items()}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, AvailablePlugin(point.name, "entry point", point.value))
    for name, target in (extra or {}).items():
        found[name] = AvailablePlugin(name, "given", target)
    return found


def plugin_requires(plugin: Any) -> tuple[str, ...]:
    """The names a plugin declares in its ``requires`` attribute."""
    return tuple(getattr(plugin, "requires", ()) or ())


@dataclass
class PluginSet:
    """The enabled plugins, registered with one pluggy manager, in dependency order."""

    manager: pluggy.PluginManager
    names: tuple[str, ...]
    available: dict[str, AvailablePlugin] = field(default_factory=dict)
    trace: bool = False

    def get(self, name: str) -> Any:
        """The plugin object registered under ``name``."""
        return self.manager.get_plugin(name)

    def is_enabled(self, name: str) -> bool:
        return name in self.names

    def call(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a synchronous hook; returns each plugin's non-None result, in plugin order."""
        results = getattr(self.manager.hook, hook)(**kwargs)
        results.reverse()  # pluggy calls last-registered first; keep registration order
        for result in results:
            if inspect.isawaitable(result):
                raise TypeError(f"hook {hook} must not be async here")
        return results

    def per_plugin(self, hook: str, **kwargs: Any) -> dict[str, Any]:
        """Call a synchronous hook and return ``{plugin name: result}`` for plugins implementing it."""
        results = {}
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            if self.trace:
                log.warning("hook %s(%s) -> [%s]", hook, kwargs, impl.plugin_name)
            results[impl.plugin_name] = impl.function(*[kwargs[name] for name in impl.argnames])
            if self.trace:
                log.warning("hook %s returned %r", hook, results[impl.plugin_name])
        return {name: results[name] for name in self.names if name in results}

    async def acall_per_plugin(self, hook: str, **kwargs: Any) -> dict[str, Any]:
        """Like ``per_plugin`` for hooks that may be ``async def``: ``{plugin name: awaited result}``."""
        results = self.per_plugin(hook, **kwargs)
        return {name: await result if inspect.isawaitable(result) else result for name, result in results.items()}

    async def acall(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a hook whose implementations may be ``async def``; awaits each result."""
        results = getattr(self.manager.hook, hook)(**kwargs)
        results.reverse()
        awaited = [await result if inspect.isawaitable(result) else result for result in results]
        if self.trace and any(inspect.isawaitable(result) for result in results):
            log.warning("hook %s awaited %r", hook, awaited)
        return awaited


def _trace_before(hook_name: str, hook_impls: list[Any], kwargs: dict[str, Any]) -> None:
    plugins = ", ".join(impl.plugin_name for impl in hook_impls)
    log.warning("hook %s(%s) -> [%s]", hook_name, kwargs, plugins)


def _trace_after(outcome: Any, hook_name: str, hook_impls: list[Any], kwargs: dict[str, Any]) -> None:
    log.warning("hook %s returned %r", hook_name, outcome.get_result())


def _order(names: Iterable[str], loaded: dict[str, Any]) -> tuple[str, ...]:
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        for dependency in plugin_requires(loaded[name]):
            visit(dependency)
        ordered.append(name)

    for name in names:
        visit(name)
    return tuple(ordered)


def load_plugins(
    enabled: Iterable[str] | None = None,
    extra: Mapping[str, Any] | None = None,
    trace: bool = False,
) -> PluginSet:
    """Register the enabled plugins with a new pluggy manager.

    ``enabled=None`` means every built-in. Raises ``PluginError`` with one clear line for
    an unknown plugin or an unsatisfied ``requires``.
    """
    available = available_plugins(extra)
    names = list(BUILTIN_PLUGINS) if enabled is None else list(dict.fromkeys(enabled))
    unknown = [name for name in names if name not in available]
    if unknown:
        choices = ", ".join(sorted(available)) or "none installed"
        raise PluginError(f"unknown plugin {', '.join(map(repr, unknown))}; available: {choices}")
    loaded = {name: available[name].load() for name in names}
    for name, plugin in loaded.items():
        missing = [dep for dep in plugin_requires(plugin) if dep not in loaded]
        if missing:
            raise PluginError(
                f"plugin {name!r} requires {', '.join(map(repr, missing))}; "
                f"enable it too (AMITY_PLUGINS={','.join([*names, *missing])})"
            )
    manager = pluggy.PluginManager("amity")
    manager.add_hookspecs(hookspecs)
    ordered = _order(names, loaded)
    for name in ordered:
        manager.register(loaded[name], name=name)
    if trace:
        manager.add_hookcall_monitoring(_trace_before, _trace_after)
    return PluginSet(manager=manager, names=ordered, available=available, trace=trace)
