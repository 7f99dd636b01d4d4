"""The control results on a unit's to-do page (registered with follow-up's to-do hook in
``ControlConfig.ready``): beside the assessments, each control point the unit and its subtree
report in the period, with its form or its values, and the approver's decision."""

from __future__ import annotations

from uppsikt.core.jinja import render_fragment
from uppsikt.followup.todo import TodoPart
from uppsikt.organisation.permissions import has_permission

from . import selectors
from .models import ControlResult, Outcome


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def results_of(request, *, period, unit) -> list[ControlResult]:
    """``selectors.results_for``, read once in a request for the same unit and period: the
    reporter's home page counts them for the to-do part and lists the returned ones."""
    kept = request.__dict__.setdefault("_control_results", {})
    key = (period.pk, unit.pk)
    if key not in kept:
        kept[key] = selectors.results_for(unit=unit, period=period)
    return kept[key]


def control_results_part(request, *, period, unit) -> TodoPart | None:
    results = results_of(request, period=period, unit=unit)
    if not results:
        return None
    done = sum(1 for r in results if r.is_reported)

    def render() -> str:
        rights: dict[int, tuple[bool, bool]] = {}
        rows = []
        for r in results:
            responsible = r.control_point.responsible_unit
            if responsible.pk not in rights:
                rights[responsible.pk] = (
                    has_permission(request.user, "control.report", responsible),
                    has_permission(request.user, "control.approve", responsible),
                )
            can_report, can_approve = rights[responsible.pk]
            rows.append({"r": r, "can_report": can_report, "can_approve": can_approve})
        return render_fragment(
            "control/todo_results.html",
            {
                "period": period,
                "unit": unit,
                "rows": rows,
                "states": _labels(ControlResult.State),
                "outcomes": [(o.value, o.symbol, str(o.label)) for o in Outcome],
                "outcome_labels": {o.value: (o.symbol, str(o.label)) for o in Outcome},
            },
            request,
        )

    return TodoPart(done=done, due=len(results) - done, render=render)
