"""The pages of retention and disposal: the schedules and their runs, proposing a run and
approving it. Thin: the services in ``disposal.py`` check ``archive.dispose``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError, NotFound
from uppsikt.core.parsing import parse_id
from uppsikt.organisation.permissions import require_permission

from . import disposal, selectors
from .forms import DisposalProposeForm
from .models import RetentionSchedule


@require_permission("archive.dispose")
def disposal_index(request):
    organisation = request.organisation
    return render(
        request,
        "archive/disposal.html",
        {
            "schedules": selectors.schedules(organisation=organisation),
            "runs": selectors.disposal_runs(organisation=organisation)[:100],
            "today": timezone.localdate(),
        },
    )


@require_POST
@require_permission("archive.dispose")
def disposal_propose(request):
    form = DisposalProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("archive:disposal")
    schedule = RetentionSchedule.objects.filter(
        organisation=request.organisation, pk=parse_id(str(form.cleaned_data["schedule"]))
    ).first()
    if schedule is None:
        raise NotFound("Informationshanteringsplanen finns inte.")
    try:
        run = disposal.disposal_propose(
            actor=request.user, schedule=schedule, on=form.cleaned_data["as_of"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("archive:disposal")
    return redirect("archive:disposal_run", pk=run.pk)


@require_permission("archive.dispose")
def disposal_run(request, pk: int):
    run = selectors.disposal_run_get(organisation=request.organisation, pk=pk)
    return render(
        request,
        "archive/disposal_run.html",
        {"run": run, "items": selectors.disposal_items(run=run)},
    )


@require_POST
@require_permission("archive.dispose")
def disposal_approve(request, pk: int):
    run = selectors.disposal_run_get(organisation=request.organisation, pk=pk)
    try:
        disposal.disposal_approve(actor=request.user, run=run)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("archive:disposal_run", pk=run.pk)
