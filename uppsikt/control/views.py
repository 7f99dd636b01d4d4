"""Internal-control pages: the plans, a plan with its risks, matrix, control points, summary and
actions, the forms that draw a plan up, a result and an action, the actions to follow up, and
the organisation's categories and scales. Thin: each page reads through the selectors and each
action is one form and one service. The results are reported on the units' to-do pages
(``todo.py``); their actions post here and go back there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.cases import selectors as case_selectors
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_everywhere,
    require_permission,
)

from . import selectors, services
from .forms import (
    ActionForm,
    CategoryForm,
    ControlPointForm,
    DecisionForm,
    EvaluationForm,
    PlanCreateForm,
    ProposeForm,
    RaiseForm,
    ResultForm,
    RiskForm,
    ScaleStepAddForm,
    ScaleStepForm,
)
from .models import Action, ControlResult, RiskScaleStep


def _crumbs(*pairs):
    return [(_("Internkontroll"), reverse("control:index")), *pairs]


def _status(exc: DomainError) -> int:
    return 403 if isinstance(exc, NotPermitted) else 409


# --------------------------------------------------------------------------------------------
# Plans


@require_permission("control.view")
def index(request, form=None):
    organisation = request.organisation
    bodies = selectors.bodies_for_plans(actor=request.user, organisation=organisation)
    form = form or PlanCreateForm(
        bodies=bodies,
        initial={"year": timezone.localdate().year + 1},
    )
    return render(
        request,
        "control/index.html",
        {
            "rows": selectors.plans(organisation=organisation),
            "form": form if bodies.exists() else None,
            "can_configure": has_permission_everywhere(request.user, "control.configure"),
            "crumbs": [(_("Internkontroll"), None)],
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@require_permission("control.plan_edit")
def plan_create(request):
    organisation = request.organisation
    bodies = selectors.bodies_for_plans(actor=request.user, organisation=organisation)
    form = PlanCreateForm(request.POST, bodies=bodies)
    if form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Planen är skapad. Lägg till dess risker."))
            return redirect(plan)
    return index(request, form=form)


def _plan(request, pk: int):
    return selectors.plan_get(organisation=request.organisation, pk=pk)


@require_permission("control.view")
def plan(request, pk: int):
    plan = _plan(request, pk)
    decision = selectors.plan_decision(plan)
    risks = selectors.risks(plan=plan)
    points = selectors.control_points(plan=plan)
    periods = selectors.plan_periods(plan=plan)
    results = {(r.control_point_id, r.period_id): r for r in selectors.results_of(plan=plan)}
    summary = selectors.control_summary(body=plan.body, year=plan.year)
    actions = selectors.actions_of(plan=plan)
    today = timezone.localdate()
    can_edit = has_permission(request.user, "control.plan_edit", plan.body)
    return render(
        request,
        "control/plan.html",
        {
            "plan": plan,
            "decision": decision,
            "risks": risks,
            "matrix": selectors.risk_matrix(plan=plan, risks=risks),
            "points": [
                {"point": p, "results": [results.get((p.pk, period.pk)) for period in periods]}
                for p in points
            ],
            "periods": periods,
            "summary": summary,
            "summary_rows": [
                {"row": row, "cells": list(zip(row.outcomes, row.approved, strict=True))}
                for row in summary.rows
            ],
            "actions": [{"a": a, "overdue": selectors.is_overdue(a, today=today)} for a in actions],
            "can_edit": can_edit,
            "editable": can_edit and decision.editable,
            "propose_form": ProposeForm() if can_edit and plan.proposal_id is None else None,
            "crumbs": _crumbs((plan.title, None)),
        },
    )


@require_permission("control.view")
def plan_workbook(request, pk: int):
    from .exports import plan_workbook as workbook

    plan = _plan(request, pk)
    response = HttpResponse(
        workbook(plan=plan),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="internkontrollplan-{plan.body.code}-{plan.year}.xlsx"'
    )
    return response


@require_POST
@require_permission("control.plan_edit")
def plan_propose(request, pk: int):
    plan = _plan(request, pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.error_message())
        return redirect(plan)
    case = None
    number = form.cleaned_data["case_number"].strip().upper()
    if number:
        case = case_selectors.case_by_number(organisation=plan.organisation, number=number)
        if case is None:
            messages.error(request, _("Ärendet %(n)s finns inte.") % {"n": number})
            return redirect(plan)
    try:
        plan = services.plan_propose(actor=request.user, plan=plan, case=case)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Ärende %(n)s med beslutsförslag är registrerat. Gör förslaget klart i diariet; "
                "planen blir antagen när paragrafen är beslutad och justerad."
            )
            % {"n": plan.case.number},
        )
    return redirect(plan)


def _plan_to_edit(request, pk: int):
    plan = _plan(request, pk)
    if not has_permission(request.user, "control.plan_edit", plan.body):
        raise PermissionDenied
    return plan


def _decided(request, plan):
    """The way back to a plan whose risks and control points can no longer change."""
    if selectors.plan_decision(plan).editable:
        return None
    messages.error(request, _("Planen är beslutad; dess risker och kontrollmoment ändras inte."))
    return redirect(plan)


@require_permission("control.plan_edit")
def plan_evaluation(request, pk: int):
    plan = _plan_to_edit(request, pk)
    form = EvaluationForm(request.POST or None, plan=plan)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.plan_evaluation_save(
                    actor=request.user,
                    plan=plan,
                    version=form.cleaned_data["version"],
                    text=form.cleaned_data["evaluation"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = _status(exc)
            else:
                messages.success(request, _("Utvärderingen är sparad."))
                return redirect(plan)
    return render(
        request,
        "control/form.html",
        {
            "plan": plan,
            "form": form,
            "heading": _("Utvärdering av årets interna kontroll"),
            "action": reverse("control:plan_evaluation", args=[plan.pk]),
            "submit": _("Spara utvärderingen"),
            "crumbs": _crumbs((plan.title, plan.get_absolute_url()), (_("Utvärdering"), None)),
        },
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Risks and control points


def _risk_form(plan, data=None, risk=None):
    return RiskForm(
        data,
        categories=selectors.categories(organisation=plan.organisation),
        scales=selectors.scales(organisation=plan.organisation),
        risk=risk,
    )


def _form_page(request, plan, form, *, heading, action, submit, status=200, extra=None):
    return render(
        request,
        "control/form.html",
        {
            "plan": plan,
            "form": form,
            "heading": heading,
            "action": action,
            "submit": submit,
            "crumbs": _crumbs((plan.title, plan.get_absolute_url()), (heading, None)),
            **(extra or {}),
        },
        status=status,
    )


@require_permission("control.plan_edit")
def risk_create(request, pk: int):
    plan = _plan_to_edit(request, pk)
    if (decided := _decided(request, plan)) is not None:
        return decided
    form = _risk_form(plan, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                risk = services.risk_create(actor=request.user, plan=plan, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = _status(exc)
            else:
                messages.success(
                    request, _("Risken är tillagd (riskvärde %(v)s).") % {"v": risk.value}
                )
                return redirect(f"{plan.get_absolute_url()}#risk-{risk.pk}")
    return _form_page(
        request,
        plan,
        form,
        heading=_("Ny risk"),
        action=reverse("control:risk_create", args=[plan.pk]),
        submit=_("Lägg till risken"),
        status=status,
    )


@require_permission("control.plan_edit")
def risk_edit(request, pk: int, risk: int):
    plan = _plan_to_edit(request, pk)
    if (decided := _decided(request, plan)) is not None:
        return decided
    risk = selectors.risk_get(plan=plan, pk=risk)
    form = _risk_form(plan, request.POST or None, risk=risk)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                services.risk_update(actor=request.user, risk=risk, version=version or 0, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = _status(exc)
            else:
                messages.success(request, _("Risken är ändrad."))
                return redirect(f"{plan.get_absolute_url()}#risk-{risk.pk}")
    return _form_page(
        request,
        plan,
        form,
        heading=_("Ändra risken: %(risk)s") % {"risk": risk.process},
        action=reverse("control:risk_edit", args=[plan.pk, risk.pk]),
        submit=_("Spara ändringarna"),
        status=status,
        extra={
            "delete_url": reverse("control:risk_delete", args=[plan.pk, risk.pk]),
            "delete_label": _("Ta bort risken"),
        },
    )


@require_POST
@require_permission("control.plan_edit")
def risk_delete(request, pk: int, risk: int):
    plan = _plan_to_edit(request, pk)
    risk = selectors.risk_get(plan=plan, pk=risk)
    try:
        services.risk_delete(actor=request.user, risk=risk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("control:risk_edit", pk=plan.pk, risk=risk.pk)
    messages.success(request, _("Risken är borttagen."))
    return redirect(plan)


def _point_form(plan, data=None, point=None):
    return ControlPointForm(
        data,
        units=selectors.units_for_plan(plan=plan),
        people=selectors.staff(organisation=plan.organisation),
        periods=selectors.year_periods(organisation=plan.organisation, year=plan.year),
        point=point,
    )


def _point_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@require_permission("control.plan_edit")
def point_create(request, pk: int, risk: int):
    plan = _plan_to_edit(request, pk)
    if (decided := _decided(request, plan)) is not None:
        return decided
    risk = selectors.risk_get(plan=plan, pk=risk)
    form = _point_form(plan, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                point = services.control_point_create(
                    actor=request.user, risk=risk, **_point_data(form)
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = _status(exc)
            else:
                messages.success(request, _("Kontrollmomentet är tillagt."))
                return redirect(f"{plan.get_absolute_url()}#point-{point.pk}")
    return _form_page(
        request,
        plan,
        form,
        heading=_("Nytt kontrollmoment för risken %(risk)s") % {"risk": risk.process},
        action=reverse("control:point_create", args=[plan.pk, risk.pk]),
        submit=_("Lägg till kontrollmomentet"),
        status=status,
        extra={"risk": risk},
    )


@require_permission("control.plan_edit")
def point_edit(request, pk: int, point: int):
    plan = _plan_to_edit(request, pk)
    if (decided := _decided(request, plan)) is not None:
        return decided
    point = selectors.control_point_get(plan=plan, pk=point)
    form = _point_form(plan, request.POST or None, point=point)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.control_point_update(
                    actor=request.user,
                    control_point=point,
                    version=form.cleaned_data["version"] or 0,
                    **_point_data(form),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = _status(exc)
            else:
                messages.success(request, _("Kontrollmomentet är ändrat."))
                return redirect(f"{plan.get_absolute_url()}#point-{point.pk}")
    return _form_page(
        request,
        plan,
        form,
        heading=_("Ändra kontrollmomentet"),
        action=reverse("control:point_edit", args=[plan.pk, point.pk]),
        submit=_("Spara ändringarna"),
        status=status,
        extra={
            "risk": point.risk,
            "delete_url": reverse("control:point_delete", args=[plan.pk, point.pk]),
            "delete_label": _("Ta bort kontrollmomentet"),
        },
    )


@require_POST
@require_permission("control.plan_edit")
def point_delete(request, pk: int, point: int):
    plan = _plan_to_edit(request, pk)
    point = selectors.control_point_get(plan=plan, pk=point)
    try:
        services.control_point_delete(actor=request.user, control_point=point)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("control:point_edit", pk=plan.pk, point=point.pk)
    messages.success(request, _("Kontrollmomentet är borttaget."))
    return redirect(plan)


# --------------------------------------------------------------------------------------------
# Results: posted from the unit's to-do page, which they go back to


def _result(request, pk: int) -> tuple[ControlResult, Unit]:
    organisation = request.organisation
    result = selectors.result_get(organisation=organisation, pk=pk)
    if not selectors.may_see_result(request.user, result):
        raise PermissionDenied
    unit = result.control_point.responsible_unit
    back = Unit.objects.filter(organisation=organisation, code=request.POST.get("back", "")).first()
    if back is None or not unit.path.startswith(back.path):
        back = unit
    return result, back


def _back(result: ControlResult, unit: Unit):
    url = reverse("followup:unit", args=[result.period_id, unit.code])
    return redirect(f"{url}#result-{result.pk}")


@require_POST
def result_save(request, pk: int):
    result, back = _result(request, pk)
    form = ResultForm(request.POST, prefix=f"r{result.pk}")
    error = None
    if form.is_valid():
        try:
            result = services.result_save_draft(
                actor=request.user,
                result=result,
                version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                checked=form.cleaned_data["checked"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = form.error_message()
    if request.htmx:
        return render(
            request,
            "control/partials/_saved.html",
            {"r": result, "error": error, "saved_at": timezone.localtime()},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Utkastet är sparat."))
    return _back(result, back)


@require_POST
def result_submit(request, pk: int):
    """Save what the form holds, then submit it: one button, with or without JavaScript (with
    HTMX the page is reloaded to show the result)."""
    result, back = _result(request, pk)
    form = ResultForm(request.POST, prefix=f"r{result.pk}")
    if not form.is_valid():
        messages.error(request, form.error_message())
    else:
        try:
            result = services.result_save_draft(
                actor=request.user,
                result=result,
                version=form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                checked=form.cleaned_data["checked"],
                comment=form.cleaned_data["comment"],
            )
            services.result_submit(actor=request.user, result=result, version=result.version)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Kontrollresultatet är inlämnat."))
    if request.htmx:
        return HttpResponse(headers={"HX-Refresh": "true"})
    return _back(result, back)


def _decide(request, pk: int, service, done: str, *, with_comment: bool = False):
    result, back = _result(request, pk)
    form = DecisionForm(request.POST, prefix=f"d{result.pk}")
    if not form.is_valid():
        messages.error(request, _("Formuläret var ofullständigt. Ladda om sidan."))
        return _back(result, back)
    kwargs = {"comment": form.cleaned_data["comment"]} if with_comment else {}
    try:
        service(actor=request.user, result=result, version=form.cleaned_data["version"], **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(result, back)


@require_POST
def result_approve(request, pk: int):
    return _decide(request, pk, services.result_approve, _("Kontrollresultatet är godkänt."))


@require_POST
def result_return(request, pk: int):
    return _decide(
        request,
        pk,
        services.result_return,
        _("Kontrollresultatet är skickat tillbaka."),
        with_comment=True,
    )


def result(request, pk: int, form=None):
    result, _back_unit = _result(request, pk)
    unit = result.control_point.responsible_unit
    can_report = has_permission(request.user, "control.report", unit)
    outcome = result.outcome_choice
    today = timezone.localdate()
    if form is None and can_report and outcome is not None and outcome.is_deviation:
        form = ActionForm(people=selectors.staff(organisation=result.period.organisation))
    plan = result.control_point.risk.plan
    return render(
        request,
        "control/result.html",
        {
            "r": result,
            "plan": plan,
            "outcome": outcome,
            "actions": [
                {"a": a, "overdue": selectors.is_overdue(a, today=today)}
                for a in selectors.actions_of_result(result=result)
            ],
            "form": form,
            "todo_url": reverse("followup:unit", args=[result.period_id, unit.code])
            + f"#result-{result.pk}",
            "crumbs": _crumbs(
                (plan.title, plan.get_absolute_url()),
                (f"{result.control_point.question} – {result.period}", None),
            ),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_POST
def action_create(request, pk: int):
    result_obj, _back_unit = _result(request, pk)
    form = ActionForm(
        request.POST, people=selectors.staff(organisation=result_obj.period.organisation)
    )
    if form.is_valid():
        try:
            services.action_create(
                actor=request.user,
                result=result_obj,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
            )
        except DomainError as exc:
            if isinstance(exc, NotPermitted):
                raise PermissionDenied from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Åtgärden är tillagd."))
            return redirect(result_obj)
    return result(request, pk, form=form)


# --------------------------------------------------------------------------------------------
# Actions


def _action(request, pk: int) -> Action:
    action = selectors.action_get(organisation=request.organisation, pk=pk)
    if not selectors.may_see_result(request.user, action.result):
        raise PermissionDenied
    return action


def action(request, pk: int, form=None, raise_form=None, status=200):
    action = _action(request, pk)
    plan = action.result.control_point.risk.plan
    unit = action.result.control_point.responsible_unit
    people = selectors.staff(organisation=plan.organisation)
    can_report = has_permission(request.user, "control.report", unit)
    can_raise = (
        has_permission(request.user, "control.action_raise", plan.body)
        and action.decision_assignment_id is None
    )
    if form is None and can_report:
        form = ActionForm(people=people, action=action)
    if raise_form is None and can_raise:
        raise_form = RaiseForm(items=selectors.raise_items(plan=plan, actor=request.user))
    return render(
        request,
        "control/action.html",
        {
            "a": action,
            "plan": plan,
            "overdue": selectors.is_overdue(action),
            "assignment_withheld": selectors.assignment_withheld(actor=request.user, action=action),
            "form": form if can_report else None,
            "raise_form": raise_form if can_raise else None,
            "crumbs": _crumbs(
                (plan.title, plan.get_absolute_url()),
                (str(action.result.control_point.question), action.result.get_absolute_url()),
                (_("Åtgärd"), None),
            ),
        },
        status=status,
    )


@require_POST
def action_update(request, pk: int):
    action_obj = _action(request, pk)
    form = ActionForm(
        request.POST,
        people=selectors.staff(organisation=action_obj.result.period.organisation),
        action=action_obj,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                actor=request.user,
                action=action_obj,
                version=data["version"] or 0,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
                status=data["status"] or action_obj.status,
                follow_up=data["follow_up"],
            )
        except DomainError as exc:
            if isinstance(exc, NotPermitted):
                raise PermissionDenied from exc
            form.add_error(None, exc.message)
            return action(request, pk, form=form, status=409)
        messages.success(request, _("Åtgärden är uppdaterad."))
        return redirect(action_obj)
    return action(request, pk, form=form, status=400)


@require_POST
def action_raise(request, pk: int):
    action_obj = _action(request, pk)
    plan = action_obj.result.control_point.risk.plan
    if not has_permission(request.user, "control.action_raise", plan.body):
        raise PermissionDenied
    form = RaiseForm(request.POST, items=selectors.raise_items(plan=plan, actor=request.user))
    if form.is_valid():
        try:
            services.action_raise(
                actor=request.user,
                action=action_obj,
                item=form.cleaned_data["item"],
                point=form.cleaned_data["point"],
                due_date=form.cleaned_data["due_date"],
            )
        except DomainError as exc:
            if isinstance(exc, NotPermitted):
                raise PermissionDenied from exc
            form.add_error(None, exc.message)
            return action(request, pk, raise_form=form, status=409)
        messages.success(request, _("Åtgärden är lyft till ett uppdrag från beslut."))
        return redirect(action_obj)
    return action(request, pk, raise_form=form, status=400)


@require_permission("control.view")
def actions(request):
    organisation = request.organisation
    show_all = request.GET.get("alla") == "1"
    today = timezone.localdate()
    found = selectors.actions_to_follow(
        actor=request.user, organisation=organisation, open_only=not show_all
    )
    return render(
        request,
        "control/actions.html",
        {
            "actions": [{"a": a, "overdue": selectors.is_overdue(a, today=today)} for a in found],
            "show_all": show_all,
            "crumbs": _crumbs((_("Åtgärder"), None)),
        },
    )


# --------------------------------------------------------------------------------------------
# The organisation's categories and scales


def _configure(request):
    if not has_permission_everywhere(request.user, "control.configure"):
        raise PermissionDenied
    return request.organisation


@require_permission("control.configure")
def settings_page(request):
    organisation = _configure(request)
    steps = selectors.scales(organisation=organisation)
    return render(
        request,
        "control/settings.html",
        {
            "categories": selectors.categories(organisation=organisation),
            "scales": [
                (dimension, label, steps[dimension])
                for dimension, label in RiskScaleStep.Dimension.choices
            ],
            "category_form": CategoryForm(),
            "crumbs": _crumbs((_("Kategorier och skalor"), None)),
        },
    )


def _settings_act(request, form, call, done: str):
    if not form.is_valid():
        messages.error(request, form.error_message())
    else:
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("control:settings")


@require_POST
@require_permission("control.configure")
def defaults_create(request):
    organisation = _configure(request)
    services.defaults_create(actor=request.user, organisation=organisation)
    messages.success(request, _("Standardkategorierna och standardskalorna finns."))
    return redirect("control:settings")


@require_POST
@require_permission("control.configure")
def category_add(request):
    organisation = _configure(request)
    return _settings_act(
        request,
        CategoryForm(request.POST),
        lambda d: services.category_create(
            actor=request.user, organisation=organisation, name=d["name"]
        ),
        _("Kategorin är tillagd."),
    )


@require_POST
@require_permission("control.configure")
def category_rename(request, pk: int):
    category = selectors.category_get(organisation=_configure(request), pk=pk)
    return _settings_act(
        request,
        CategoryForm(request.POST, prefix=f"c{category.pk}"),
        lambda d: services.category_rename(actor=request.user, category=category, name=d["name"]),
        _("Kategorin är ändrad."),
    )


@require_POST
@require_permission("control.configure")
def category_delete(request, pk: int):
    category = selectors.category_get(organisation=_configure(request), pk=pk)
    try:
        services.category_delete(actor=request.user, category=category)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kategorin är borttagen."))
    return redirect("control:settings")


@require_POST
@require_permission("control.configure")
def step_update(request, pk: int):
    step = selectors.scale_step_get(organisation=_configure(request), pk=pk)
    return _settings_act(
        request,
        ScaleStepForm(request.POST, prefix=f"s{step.pk}"),
        lambda d: services.scale_step_update(
            actor=request.user, step=step, label=d["label"], description=d["description"]
        ),
        _("Skalan är ändrad."),
    )


@require_POST
@require_permission("control.configure")
def step_add(request):
    organisation = _configure(request)
    return _settings_act(
        request,
        ScaleStepAddForm(request.POST),
        lambda d: services.scale_step_add(
            actor=request.user,
            organisation=organisation,
            dimension=d["dimension"],
            label=d["label"],
            description=d["description"],
        ),
        _("Steget är tillagt."),
    )


@require_POST
@require_permission("control.configure")
def step_remove(request, pk: int):
    step = selectors.scale_step_get(organisation=_configure(request), pk=pk)
    try:
        services.scale_step_remove(actor=request.user, step=step)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Steget är borttaget."))
    return redirect("control:settings")
