"""Other apps' parts of a unit's to-do page for a period.

Follow-up does not know what else a unit reports in a period; an app that has something (the
results of internal control's control points) registers a provider from its
``AppConfig.ready``. A provider takes the request, the period and the unit and returns a
``TodoPart`` (or None when it has nothing for the unit): its HTML, placed after the
assessments, and how many of its items are done and how many are still due, counted in the
page's totals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TodoPart:
    html: str  # safe HTML, rendered by the provider
    done: int
    due: int


TodoProvider = Callable[..., TodoPart | None]
_providers: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def todo_parts(request, *, period, unit) -> list[TodoPart]:
    parts = (provider(request, period=period, unit=unit) for provider in _providers)
    return [part for part in parts if part is not None]
