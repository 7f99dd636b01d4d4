"""The Kolada comparison of an indicator in a plan: choosing it and fetching its values (both
POSTs from the indicator's page; planning.manage on the plan's unit or body)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_create
from uppsikt.organisation.permissions import has_permission, require_permission
from uppsikt.planning.models import Plan
from uppsikt.planning.selectors import plan_scope

from . import selectors, services
from .forms import ComparisonForm
from .tasks import kolada_import_job


def _plan_indicator(request, pk: int, item: int):
    plan = get_object_or_404(Plan, pk=pk, organisation=request.organisation)
    if not has_permission(request.user, "planning.manage", plan_scope(plan)):
        raise PermissionDenied
    indicator = get_object_or_404(plan.indicators, pk=item)
    return plan, indicator


@require_POST
@require_permission("planning.manage")
def comparison_save(request, pk: int, item: int):
    plan, indicator = _plan_indicator(request, pk, item)
    form = ComparisonForm(request.POST, prefix="kolada")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("planning:indicator_edit", plan.pk, indicator.pk)
    try:
        services.comparison_set(
            actor=request.user, plan=plan, indicator=indicator, **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Jämförelsen med Kolada är sparad."))
    return redirect("planning:indicator_edit", plan.pk, indicator.pk)


@require_POST
@require_permission("planning.manage")
def comparison_fetch(request, pk: int, item: int):
    plan, indicator = _plan_indicator(request, pk, item)
    comparison = selectors.comparison_of(indicator)
    if comparison is None:
        messages.error(request, _("Välj först vad indikatorn ska jämföras med i Kolada."))
        return redirect("planning:indicator_edit", plan.pk, indicator.pk)
    job = job_create(
        kind="kolada_import",
        title=_("Hämtning från Kolada: %(name)s") % {"name": indicator.name},
        started_by=request.user,
    )
    kolada_import_job.enqueue(
        job_id=job.pk,
        comparison_id=comparison.pk,
        plan_id=plan.pk,
        organisation_id=request.organisation.pk,
        user_id=request.user.pk,
    )
    return redirect("job", pk=job.pk)
