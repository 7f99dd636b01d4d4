"""The shape of the meetings and register code: reads never import writes, and no view of
meetings or the register branches on an ``action`` field or calls ``int()`` on request data."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

import pytest


def _tree(module: str) -> ast.Module:
    return ast.parse(inspect.getsource(importlib.import_module(module)))


def _imported(module: str) -> set[str]:
    """The modules ``module`` imports, as dotted names resolved against its package."""
    is_package = hasattr(importlib.import_module(module), "__path__")
    package = module if is_package else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(_tree(module)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


VIEW_MODULES = [
    "uppsikt.meetings.views",
    "uppsikt.meetings.action_views",
    "uppsikt.cases.views",
    "uppsikt.cases.action_views",
    "uppsikt.cases.proposal_views",
]


def _with_submodules(module: str) -> list[str]:
    """``module``, and every module in it if it is a package."""
    found = importlib.import_module(module)
    if not hasattr(found, "__path__"):
        return [module]
    return [module, *(f"{module}.{m.name}" for m in pkgutil.iter_modules(found.__path__))]


@pytest.mark.parametrize(
    "module",
    [
        *_with_submodules("uppsikt.cases.selectors"),
        "uppsikt.meetings.selectors",
        "uppsikt.meetings.procedure",
        "uppsikt.cases.paths",
    ],
)
def test_a_module_of_reads_or_rules_imports_no_services(module):
    services = {n for n in _imported(module) if n.endswith(".services") or ".services." in n}
    assert services == set()


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_no_view_branches_on_an_action_field(module):
    texts = [
        node.value
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.Constant) and node.value == "action"
    ]
    assert texts == []


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_no_view_calls_int_on_its_input(module):
    calls = [
        node.lineno
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "int"
    ]
    assert calls == []
