"""Staff-indicator pages: overview, one unit's figures, HR upload, recomputation (thin views)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_create
from uppsikt.core.uploads import check_upload
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import has_permission, require_permission

from . import selectors
from .charts import line_chart
from .figures import AGE_DECADES, AGE_GROUPS
from .forms import HrUploadForm
from .hrdata import Period
from .tasks import hr_import_job, staff_figures_recompute_job


@require_permission("workforce.view")
def index(request):
    organisation = request.organisation
    units = selectors.units_viewable(actor=request.user, organisation=organisation)
    periods = selectors.periods_available(organisation=organisation)
    latest = periods[0] if periods else None
    sets = selectors.figures_by_unit(units=units, period_end=latest) if latest else {}
    before = (
        selectors.figures_by_unit(units=units, period_end=selectors.year_before(latest))
        if latest
        else {}
    )
    can_import = has_permission(request.user, "workforce.import")
    return render(
        request,
        "workforce/index.html",
        {
            "organisation": organisation,
            "rows": [(u, sets.get(u.pk)) for u in units],
            "before": before,
            "latest": latest,
            "year_before": selectors.year_before(latest) if latest else None,
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
    organisation = request.organisation
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
        "shows_counts": not selectors.has_sub_units(unit=unit),
    }
    if current is not None:
        context["previous"] = selectors.figure_set_year_before(current=current)
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
        context["goals"] = selectors.targets_and_status(unit=unit, figure_set=current)
    return render(request, "workforce/unit.html", context)


@require_permission("workforce.import")
def upload(request):
    organisation = request.organisation
    form = HrUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            for kind in ("employees", "employments", "absences"):
                check_upload(form.cleaned_data[kind], allowed={".csv", ".xlsx"})
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            stored = {}
            for kind in ("employees", "employments", "absences"):
                upload_file = form.cleaned_data[kind]
                suffix = Path(upload_file.name).suffix.lower()
                name = default_storage.save(f"uploads/hr/{uuid.uuid4().hex}{suffix}", upload_file)
                stored[kind] = (name, upload_file.name)
            job = job_create(
                kind="hr_import",
                title=_("Import av HR-uttag"),
                started_by=request.user,
                leftovers=[name for name, _original in stored.values()],
            )
            covers = form.cleaned_data["covers_until"]
            hr_import_job.enqueue(
                job_id=job.pk,
                stored=stored,
                covers_until=covers.isoformat() if covers else None,
                organisation_id=organisation.pk,
                user_id=request.user.pk,
            )
            return redirect("job", pk=job.pk)
    return render(
        request,
        "workforce/import.html",
        {
            "form": form,
            "extracts": selectors.extracts_recent(organisation=organisation),
        },
    )


@require_POST
@require_permission("workforce.import")
def recompute(request):
    organisation = request.organisation
    job = job_create(
        kind="staff_figures", title=_("Beräkning av personalnyckeltal"), started_by=request.user
    )
    staff_figures_recompute_job.enqueue(
        job_id=job.pk, organisation_id=organisation.pk, user_id=request.user.pk
    )
    return redirect("job", pk=job.pk)
