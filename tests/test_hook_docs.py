"""Guardrails on the plugin contract, as datasette has: every hook in
``amity/core/hookspecs.py`` has its section in ``docs/plugins.md`` with its exact signature,
is implemented by the example plugin, and is named by the tests that exercise it."""

import inspect
import re
from pathlib import Path

import pytest

from amity.core import hookspecs

ROOT = Path(__file__).parent.parent
DOCS = (ROOT / "docs" / "plugins.md").read_text()
EXAMPLE_SOURCE = "\n".join(path.read_text() for path in sorted((ROOT / "tests" / "example_plugin").rglob("*.py")))
CONTRACT_TESTS = (ROOT / "tests" / "test_plugin_contract.py").read_text()

HOOKS = sorted(name for name, function in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(function, "amity_spec"))


def signature(hook: str) -> str:
    """``register_jobs(scheduler)``: the hook's name and its parameter names."""
    return f"{hook}({', '.join(inspect.signature(getattr(hookspecs, hook)).parameters)})"


def test_the_contract_has_hooks():
    assert "register_schema" in HOOKS and "handle_event" in HOOKS and len(HOOKS) >= 10


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_section_with_its_signature_in_docs(hook):
    headers = [line for line in DOCS.splitlines() if line.startswith("#")]
    assert any(signature(hook) in header for header in headers), (
        f"docs/plugins.md needs a section header with `{signature(hook)}`"
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_implemented_by_the_example_plugin_and_tested(hook):
    assert re.search(rf"^(async )?def {hook}\(", EXAMPLE_SOURCE, re.MULTILINE), (
        f"tests/example_plugin does not implement {hook}"
    )
    assert re.search(rf"\b{hook}\b", CONTRACT_TESTS), f"tests/test_plugin_contract.py never exercises {hook}"


def test_docs_show_the_example_plugin_verbatim():
    for path in ("amity_loyalty/__init__.py", "pyproject.toml"):
        source = (ROOT / "tests" / "example_plugin" / path).read_text()
        assert source in DOCS, f"docs/plugins.md no longer shows tests/example_plugin/{path} as it is"


def test_docs_excerpt_is_taken_from_the_example_plugin():
    excerpt = DOCS.split("# excerpt of amity_loyalty/__init__.py\n", 1)[1].split("```", 1)[0]
    source_lines = {line.strip() for line in EXAMPLE_SOURCE.splitlines()}
    missing = [line for line in excerpt.splitlines() if line.strip() and line.strip() not in source_lines]
    assert not missing, f"lines of the excerpt in docs/plugins.md not in the example plugin: {missing}"
