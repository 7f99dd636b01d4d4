"""Staff-indicator pages: overview, one unit's figures, HR upload, recomputation (thin views)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.core.uploads import check_upload
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import has_permission, require_permission

from . import selectors, services
from .charts import line_chart
from .compute import AGE_DECADES, AGE_GROUPS, Period
from .forms import HrUploadForm
from .importers import Source


def _organisation():
    organisation = organisation_selectors.organisation_current()
    if organisation is None:
        raise Http404("Ingen organisation är inläst.")
    return organisation


@require_permission("workforce.view")
def index(request):
    organisation = _organisation()
    units = selectors.units_viewable(actor=request.user, organisation=organisation)
    periods = selectors.periods_available(organisation=organisation)
    latest = periods[0] if periods else None
    sets = selectors.figures_by_unit(units=units, period_end=latest) if latest else {}
    can_import = has_permission(request.user, "workforce.import")
    return render(
        request,
        "workforce/index.html",
        {
            "organisation": organisation,
            "rows": [(u, sets.get(u.pk)) for u in units],
            "latest": latest,
            "can_import": can_import,
            "extract": selectors.extract_current(organisation=organisation) if can_import else None,
        },
    )


def _period_from(request, available: list[dt.date]) -> dt.date | None:
    text = request.GET.get("period", "")
    if text:
        try:
            wanted = Period.parse(text).window_end
        except ValueError:
            wanted = None
        if wanted in available:
            return wanted
    return available[0] if available else None


@require_permission("workforce.view")
def unit_detail(request, code: str):
    organisation = _organisation()
    try:
        unit = Unit.objects.select_related("parent").get(organisation=organisation, code=code)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc
    if not has_permission(request.user, "workforce.view", unit):
        raise PermissionDenied
    available = selectors.unit_periods(unit=unit)
    period_end = _period_from(request, available)
    current = selectors.figure_set(unit=unit, period_end=period_end) if period_end else None
    context = {
        "unit": unit,
        "ancestors": organisation_selectors.unit_ancestors(unit=unit),
        "current": current,
        "periods": [Period(d.year, d.month) for d in available],
        "selected": f"{period_end:%Y-%m}" if period_end else "",
        "age_groups": AGE_GROUPS,
        "age_decades": AGE_DECADES,
    }
    if current is not None:
        series = selectors.figure_series(unit=unit, until=current.period_end)
        labels = [fs.period for fs in series]
        context["series"] = series
        context["sickness_chart"] = line_chart(
            labels, [fs.figures["sickness"]["total"] for fs in series], decimals=2
        )
        context["turnover_chart"] = line_chart(
            labels, [fs.figures["turnover"]["total"] for fs in series], decimals=2
        )
        siblings, children = selectors.comparison(
            actor=request.user, unit=unit, period_end=current.period_end
        )
        context["siblings"] = siblings
        context["children"] = children
    return render(request, "workforce/unit.html", context)


@require_permission("workforce.import")
def upload(request):
    organisation = _organisation()
    form = HrUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            sources = {}
            for kind in ("employees", "employments", "absences"):
                upload_file = form.cleaned_data[kind]
                check_upload(upload_file, allowed={".csv", ".xlsx"})
                sources[kind] = Source(upload_file.name, upload_file.read())
            result = services.hr_extract_import(
                actor=request.user,
                organisation=organisation,
                sources=sources,
                covers_until=form.cleaned_data["covers_until"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "HR-uttaget är inläst: %(employees)d anställda, %(employments)d "
                    "anställningar, %(absences)d frånvaroposter. Beräkna nyckeltalen på nytt."
                )
                % result.counts,
            )
            return redirect("workforce:index")
    return render(
        request,
        "workforce/import.html",
        {
            "form": form,
            "errors": errors[:200],
            "more_errors": max(0, len(errors) - 200),
            "extracts": selectors.extracts_recent(organisation=organisation),
        },
    )


@require_POST
@require_permission("workforce.import")
def recompute(request):
    organisation = _organisation()
    try:
        rows = services.staff_figures_recompute(actor=request.user, organisation=organisation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Nyckeltalen är beräknade: %(n)d enhets- och månadsvärden.") % {"n": len(rows)},
        )
    return redirect("workforce:index")
