"""Plan pages. Thin views: forms parse, services write, selectors read."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_anywhere,
    require_permission,
)

from . import selectors, services
from .forms import (
    ActivityEditForm,
    ActivityForm,
    AssignmentEditForm,
    AssignmentForm,
    FocusAreaForm,
    GoalEditForm,
    GoalForm,
    IndicatorEditForm,
    IndicatorForm,
    PlanCreateForm,
    PlanStatusForm,
    UnitTargetForm,
)
from .models import Activity, Assignment, FocusArea, Goal, Plan, Target

# The forms on a plan's page for those who may change it (context name → form class).
PLAN_FORMS = {
    "focus_area_form": FocusAreaForm,
    "goal_form": GoalForm,
    "assignment_form": AssignmentForm,
    "activity_form": ActivityForm,
    "indicator_form": IndicatorForm,
    "status_form": PlanStatusForm,
}


def _plan(request, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("organisation", "body"),
        pk=pk,
        organisation=request.organisation,
    )


def _managed_plan(request, pk: int) -> Plan:
    """A plan the signed-in person may change (planning.manage on its unit or body)."""
    plan = _plan(request, pk)
    if not has_permission(request.user, "planning.manage", selectors.plan_scope(plan)):
        raise PermissionDenied
    return plan


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
    services.assignment_create(actor=actor, plan=plan, **data)


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


# Changing and removing a plan's items: one page per item with its form and a removal button.

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
    assignment = get_object_or_404(Assignment, pk=item, plan=plan)
    form = AssignmentEditForm(
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
        lambda data: services.assignment_update(actor=request.user, assignment=assignment, **data),
        _("Uppdraget är ändrat."),
    )


@require_POST
@require_permission("planning.manage")
def assignment_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    assignment = get_object_or_404(Assignment, pk=item, plan=plan)
    return _delete(
        request,
        plan,
        "assignment",
        assignment,
        lambda: services.assignment_delete(actor=request.user, assignment=assignment),
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


def _indicator_page_extra(plan: Plan, indicator, unit_target_form=None) -> dict:
    row = next(
        (r for r in selectors.indicator_rows(plan=plan) if r.indicator.pk == indicator.pk), None
    )
    return {
        "unit_targets": row.unit_targets if row else [],
        "unit_target_form": unit_target_form or UnitTargetForm(plan=plan),
    }


def _plain(value: Decimal) -> Decimal:
    """11.000000 as 11 and 0.500000 as 0.5 in a form (the database keeps six decimals)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _indicator_form(plan: Plan, indicator, data=None):
    """The indicator's form with the body's target for the plan's year, and that target."""
    target = Target.objects.filter(
        indicator=indicator, year=plan.year, body=plan.body_id, unit__isnull=True
    ).first()
    form = IndicatorEditForm(
        data,
        plan=plan,
        initial={
            "name": indicator.name,
            "description": indicator.description,
            "direction": indicator.direction,
            "unit_of_measure": indicator.unit_of_measure,
            "decimals": indicator.decimals,
            "area": indicator.area,
            "kolada_id": indicator.kolada_id,
            "goals": list(indicator.goals.values_list("pk", flat=True)),
            "value": _plain(target.value) if target else None,
            "tolerance": _plain(target.tolerance) if target else 0,
        },
    )
    return form, target


@require_http_methods(["GET", "POST"])
@require_permission("planning.manage")
def indicator_edit(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=item)
    form, target = _indicator_form(plan, indicator, request.POST or None)

    def save(data):
        services.plan_indicator_update(
            actor=request.user,
            plan=plan,
            indicator=indicator,
            **{**data, "goals": list(data["goals"])},
        )

    return _edit(
        request,
        plan,
        "indicator",
        indicator,
        form,
        save,
        _("Indikatorn är ändrad."),
        **_indicator_page_extra(plan, indicator),
    )


@require_POST
@require_permission("planning.manage")
def indicator_delete(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=item)
    return _delete(
        request,
        plan,
        "indicator",
        indicator,
        lambda: services.indicator_remove(actor=request.user, plan=plan, indicator=indicator),
        _("Indikatorn är borttagen ur planen."),
    )


@require_POST
@require_permission("planning.manage")
def unit_target_set(request, pk: int, item: int):
    plan = _managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=item)
    form = UnitTargetForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.target_set(
                actor=request.user, indicator=indicator, year=plan.year, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Målvärdet för %(unit)s är sparat.") % {"unit": form.cleaned_data["unit"]},
            )
            return redirect("planning:indicator_edit", plan.pk, indicator.pk)
    if plan.status == Plan.Status.CLOSED:
        messages.error(request, _("Planen är avslutad och kan inte längre ändras."))
        return redirect(plan)
    edit_form, _target = _indicator_form(plan, indicator)
    return _item_page(
        request,
        plan,
        "indicator",
        indicator,
        edit_form,
        **_indicator_page_extra(plan, indicator, form),
    )


@require_POST
@require_permission("planning.manage")
def target_delete(request, pk: int, target: int):
    plan = _managed_plan(request, pk)
    target = get_object_or_404(
        Target.objects.select_related("indicator", "unit"),
        pk=target,
        indicator__plans=plan,
        year=plan.year,
    )
    try:
        services.target_delete(actor=request.user, target=target)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Målvärdet är borttaget."))
    if plan.status == Plan.Status.CLOSED:
        return redirect(plan)
    return redirect("planning:indicator_edit", plan.pk, target.indicator_id)
