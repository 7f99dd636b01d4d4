"""The plans and a plan's page: the list, a new plan, the forms on the page that add to the plan,
its status and carrying it forward."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_anywhere,
    require_permission,
)

from .. import selectors, services
from ..forms import (
    ActivityForm,
    FocusAreaForm,
    GoalForm,
    IndicatorForm,
    PlanAssignmentForm,
    PlanCreateForm,
    PlanStatusForm,
)
from ..models import Plan
from ._base import _managed_plan, _plan

# The forms on a plan's page for those who may change it (context name → form class).
PLAN_FORMS = {
    "focus_area_form": FocusAreaForm,
    "goal_form": GoalForm,
    "assignment_form": PlanAssignmentForm,
    "activity_form": ActivityForm,
    "indicator_form": IndicatorForm,
    "status_form": PlanStatusForm,
}


def _plan_page(request, plan: Plan, **bound_forms):
    can_manage = has_permission(request.user, "planning.manage", selectors.plan_scope(plan))
    context = {**selectors.plan_contents(plan=plan), "can_manage": can_manage}
    if can_manage:
        context["editable"] = plan.status != Plan.Status.CLOSED
        for name, form_class in PLAN_FORMS.items():
            context[name] = bound_forms[name] if name in bound_forms else form_class(plan=plan)
    return render(request, "planning/plan.html", context)


@require_permission("planning.view")
def plans(request):
    organisation = request.organisation
    return render(
        request,
        "planning/plans.html",
        {
            "plans": selectors.plans(organisation=organisation),
            "can_manage": has_permission_anywhere(request.user, "planning.manage"),
        },
    )


@require_permission("planning.view")
def plan_detail(request, pk: int):
    return _plan_page(request, _plan(request, pk))


@require_permission("planning.manage")
def plan_create(request):
    organisation = request.organisation
    form = PlanCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Planen är skapad som utkast."))
            return redirect(plan)
    return render(request, "planning/plan_form.html", {"form": form})


def _save_on_plan(request, pk: int, form_name: str, save, success: str, error_field=None):
    """Validate one of the plan page's forms and save it; on errors show the page again with
    the errors next to the fields."""
    plan = _managed_plan(request, pk)
    form = PLAN_FORMS[form_name](request.POST, plan=plan)
    if form.is_valid():
        try:
            save(request.user, plan, form.cleaned_data)
        except DomainError as exc:
            form.add_error(error_field, exc.message)
        else:
            messages.success(request, success)
            return redirect(plan)
    return _plan_page(request, plan, **{form_name: form})


def _focus_area_save(actor, plan: Plan, data) -> None:
    services.focus_area_create(actor=actor, plan=plan, **data)


def _goal_save(actor, plan: Plan, data) -> None:
    services.goal_create(
        actor=actor,
        plan=plan,
        level=data["level"],
        title=data["title"],
        serves=list(data["serves"]),
        focus_area=data["focus_area"],
        area=data["area"],
        responsible_unit=data["responsible_unit"],
    )


def _assignment_save(actor, plan: Plan, data) -> None:
    services.plan_assignment_create(actor=actor, plan=plan, **data)


def _activity_save(actor, plan: Plan, data) -> None:
    services.activity_create(actor=actor, plan=plan, **data)


def _indicator_save(actor, plan: Plan, data) -> None:
    services.plan_indicator_create(
        actor=actor,
        plan=plan,
        name=data["name"],
        direction=data["direction"],
        unit_of_measure=data["unit_of_measure"],
        decimals=data["decimals"],
        value=data["value"],
        tolerance=data["tolerance"],
    )


def _status_save(actor, plan: Plan, data) -> None:
    services.plan_set_status(actor=actor, plan=plan, status=data["status"])


@require_POST
@require_permission("planning.manage")
def focus_area_add(request, pk: int):
    return _save_on_plan(
        request, pk, "focus_area_form", _focus_area_save, _("Fokusområdet är tillagt.")
    )


@require_POST
@require_permission("planning.manage")
def goal_add(request, pk: int):
    return _save_on_plan(request, pk, "goal_form", _goal_save, _("Målet är tillagt."))


@require_POST
@require_permission("planning.manage")
def assignment_add(request, pk: int):
    return _save_on_plan(
        request, pk, "assignment_form", _assignment_save, _("Uppdraget är tillagt.")
    )


@require_POST
@require_permission("planning.manage")
def activity_add(request, pk: int):
    return _save_on_plan(request, pk, "activity_form", _activity_save, _("Aktiviteten är tillagd."))


@require_POST
@require_permission("planning.manage")
def indicator_add(request, pk: int):
    return _save_on_plan(
        request,
        pk,
        "indicator_form",
        _indicator_save,
        _("Indikatorn och dess målvärde är tillagda."),
        error_field="tolerance",  # the target's rule: the tolerance may not be negative
    )


@require_POST
@require_permission("planning.manage")
def plan_status(request, pk: int):
    return _save_on_plan(
        request, pk, "status_form", _status_save, _("Planens status är ändrad."), "status"
    )


@require_POST
@require_permission("planning.manage")
def plan_copy_forward(request, pk: int):
    plan = _managed_plan(request, pk)
    try:
        new = services.plan_copy_forward(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(plan)
    messages.success(
        request, _("Planen är förd vidare till %(year)s som utkast.") % {"year": new.year}
    )
    return redirect(new)
