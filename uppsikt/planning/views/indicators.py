"""An indicator's page in a plan: the indicator, the body's target for the plan's year, the
units' targets; removing it from the plan."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import require_permission

from .. import selectors, services
from ..forms import IndicatorEditForm, UnitTargetForm
from ..indicator_panels import indicator_panels
from ..models import Plan, Target
from ._base import _managed_plan
from .items import _delete, _edit, _item_page


def _indicator_page_extra(request, plan: Plan, indicator, unit_target_form=None) -> dict:
    row = next(
        (r for r in selectors.indicator_rows(plan=plan) if r.indicator.pk == indicator.pk), None
    )
    return {
        "unit_targets": row.unit_targets if row else [],
        "unit_target_form": unit_target_form or UnitTargetForm(plan=plan),
        # other apps' parts of the page (the Kolada comparison), planning.indicator_panels
        "indicator_panels": indicator_panels(request, plan=plan, indicator=indicator),
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
        **_indicator_page_extra(request, plan, indicator),
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
        **_indicator_page_extra(request, plan, indicator, form),
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
