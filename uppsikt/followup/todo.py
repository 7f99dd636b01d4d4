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
from functools import cached_property


class TodoPart:
    """A provider's part: its counts, and its safe HTML, given or rendered by ``render`` when
    first asked for (the home page counts what is due without showing the part)."""

    def __init__(
        self,
        *,
        done: int,
        due: int,
        html: str | None = None,
        render: Callable[[], str] | None = None,
    ) -> None:
        if (html is None) == (render is None):
            raise ValueError("a TodoPart takes its html or a function that renders it")
        self.done = done
        self.due = due
        self._html = html
        self._render = render

    @cached_property
    def html(self) -> str:
        return self._html if self._html is not None else self._render()


TodoProvider = Callable[..., TodoPart | None]
_providers: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def todo_parts(request, *, period, unit) -> list[TodoPart]:
    parts = (provider(request, period=period, unit=unit) for provider in _providers)
    return [part for part in parts if part is not None]
