"""Changing and removing a plan's items: one page per item with its form and a removal button."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import require_permission

from .. import services
from ..forms import ActivityEditForm, FocusAreaForm, GoalEditForm, PlanAssignmentEditForm
from ..models import Activity, FocusArea, Goal, Plan, PlanAssignment
from ._base import _managed_plan

ITEM_NAMES = {
    "focus_area": (gettext_lazy("Ändra fokusområde"), gettext_lazy("Ta bort fokusområdet")),
    "goal": (gettext_lazy("Ändra mål"), gettext_lazy("Ta bort målet")),
    "assignment": (gettext_lazy("Ändra uppdrag"), gettext_lazy("Ta bort uppdraget")),
    "activity": (gettext_lazy("Ändra aktivitet"), gettext_lazy("Ta bort aktiviteten")),
    "indicator": (gettext_lazy("Ändra indikator"), gettext_lazy("Ta bort indikatorn ur planen")),
}


def _item_page(request, plan: Plan, kind: str, item, form, **extra):
    heading, remove = ITEM_NAMES[kind]
    return render(
        request,
        "planning/item_edit.html",
        {
            "plan": plan,
            "kind": kind,
            "item": item,
            "form": form,
            "heading": heading,
            "remove_label": remove,
            "edit_url": reverse(f"planning:{kind}_edit", args=[plan.pk, item.pk]),
            "delete_url": reverse(f"planning:{kind}_delete", args=[plan.pk, item.pk]),
            **extra,
        },
    )


def _edit(request, plan: Plan, kind: str, item, form, save, success: str, **extra):
    """Show an item's form; on a valid POST save it through ``save`` and go back to the plan.
    A closed plan is read-only: its items' pages send one back to the plan."""
    if plan.status == Plan.Status.CLOSED:
        messages.error(request, _("Planen är avslutad och kan inte längre ändras."))
        return redirect(plan)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, success)
            return redirect(f"{plan.get_absolute_url()}#{kind}-{item.pk}")
    return _item_page(request, plan, kind, item, form, **extra)


def _delete(request, plan: Plan, kind: str, item, remove, success: str):
    try:
        remove()
    except DomainError as exc:
        messages.error(request, exc.message)
        if plan.status == Plan.Status.CLOSED:
            return redirect(plan)
        return redirect("planning:" + kind + "_edit", plan.pk, item.pk)
    messages.success(request, success)
    return redirect(plan)


@require_http_methods(["GET", "POST"])
@require_permission("planning.manage")
def focus_area_edit(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    area = get_object_or_404(FocusArea, pk=item, plan=plan)
    form = FocusAreaForm(
        request.POST or None,
        plan=plan,
        prefix=None,
        initial={"name": area.name, "position": area.position},
    )
    return _edit(
        request,
        plan,
        "focus_area",
        area,
        form,
        lambda data: services.focus_area_update(actor=request.user, focus_area=area, **data),
        _("Fokusområdet är ändrat."),
    )


@require_POST
@require_permission("planning.manage")
def focus_area_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    area = get_object_or_404(FocusArea, pk=item, plan=plan)
    return _delete(
        request,
        plan,
        "focus_area",
        area,
        lambda: services.focus_area_delete(actor=request.user, focus_area=area),
        _("Fokusområdet är borttaget."),
    )


@require_http_methods(["GET", "POST"])
@require_permission("planning.manage")
def goal_edit(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    goal = get_object_or_404(Goal, pk=item, plan=plan)
    form = GoalEditForm(
        request.POST or None,
        plan=plan,
        goal=goal,
        initial={
            "title": goal.title,
            "description": goal.description,
            "area": goal.area,
            "responsible_unit": goal.responsible_unit_id,
            "focus_area": goal.focus_area_id,
            "serves": list(goal.serves.values_list("pk", flat=True)),
            "position": goal.position,
        },
    )

    def save(data):
        data.setdefault("serves", [])
        data.setdefault("focus_area", None)
        services.goal_update(
            actor=request.user, goal=goal, **{**data, "serves": list(data["serves"])}
        )

    return _edit(
        request,
        plan,
        "goal",
        goal,
        form,
        save,
        _("Målet är ändrat."),
        measured_by=list(goal.indicators.order_by("name")),
        plan_indicator_ids=set(plan.indicators.values_list("pk", flat=True)),
    )


@require_POST
@require_permission("planning.manage")
def goal_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    goal = get_object_or_404(Goal, pk=item, plan=plan)
    return _delete(
        request,
        plan,
        "goal",
        goal,
        lambda: services.goal_delete(actor=request.user, goal=goal),
        _("Målet är borttaget."),
    )


@require_http_methods(["GET", "POST"])
@require_permission("planning.manage")
def assignment_edit(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    assignment = get_object_or_404(PlanAssignment, pk=item, plan=plan)
    form = PlanAssignmentEditForm(
        request.POST or None,
        plan=plan,
        initial={
            "title": assignment.title,
            "description": assignment.description,
            "area": assignment.area,
            "responsible_unit": assignment.responsible_unit_id,
            "goal": assignment.goal_id,
            "position": assignment.position,
        },
    )
    return _edit(
        request,
        plan,
        "assignment",
        assignment,
        form,
        lambda data: services.plan_assignment_update(
            actor=request.user, assignment=assignment, **data
        ),
        _("Uppdraget är ändrat."),
    )


@require_POST
@require_permission("planning.manage")
def assignment_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    assignment = get_object_or_404(PlanAssignment, pk=item, plan=plan)
    return _delete(
        request,
        plan,
        "assignment",
        assignment,
        lambda: services.plan_assignment_delete(actor=request.user, assignment=assignment),
        _("Uppdraget är borttaget."),
    )


@require_http_methods(["GET", "POST"])
@require_permission("planning.manage")
def activity_edit(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    activity = get_object_or_404(Activity, pk=item, plan=plan)
    form = ActivityEditForm(
        request.POST or None,
        plan=plan,
        initial={
            "title": activity.title,
            "description": activity.description,
            "area": activity.area,
            "responsible_unit": activity.responsible_unit_id,
            "assignment": activity.assignment_id,
            "goal": activity.goal_id,
            "position": activity.position,
        },
    )
    return _edit(
        request,
        plan,
        "activity",
        activity,
        form,
        lambda data: services.activity_update(actor=request.user, activity=activity, **data),
        _("Aktiviteten är ändrad."),
    )


@require_POST
@require_permission("planning.manage")
def activity_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    activity = get_object_or_404(Activity, pk=item, plan=plan)
    return _delete(
        request,
        plan,
        "activity",
        activity,
        lambda: services.activity_delete(actor=request.user, activity=activity),
        _("Aktiviteten är borttagen."),
    )
