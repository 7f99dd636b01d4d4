"""The page that keeps a retention schedule: its name and adopting decision, and its rules
(add, change, remove). Thin: the services in ``schedules.py`` check ``archive.dispose``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.cases.models import Case
from uppsikt.core.exceptions import DomainError, NotFound
from uppsikt.core.parsing import parse_id
from uppsikt.meetings.models import MinutesItem
from uppsikt.organisation.permissions import require_permission

from . import schedules
from .forms import RuleForm, ScheduleForm
from .models import RetentionRule, RetentionSchedule

ITEMS_OFFERED = 300


def _schedule(request, pk: int) -> RetentionSchedule:
    schedule = (
        RetentionSchedule.objects.filter(organisation=request.organisation, pk=pk)
        .select_related("adopted_by_item__meeting__body", "adopted_by_case")
        .first()
    )
    if schedule is None:
        raise NotFound(_("Informationshanteringsplanen finns inte."))
    return schedule


def _rule(request, pk: int) -> RetentionRule:
    rule = (
        RetentionRule.objects.filter(schedule__organisation=request.organisation, pk=pk)
        .select_related("schedule")
        .first()
    )
    if rule is None:
        raise NotFound(_("Regeln finns inte."))
    return rule


def _items(organisation, current: MinutesItem | None) -> list[MinutesItem]:
    items = list(
        MinutesItem.objects.filter(meeting__organisation=organisation, approved_at__isnull=False)
        .select_related("meeting__body")
        .order_by("-meeting__date", "-pk")[:ITEMS_OFFERED]
    )
    if current is not None and current not in items:
        items.insert(0, current)
    return items


def _errors(form) -> str:
    return "; ".join(e for errs in form.errors.values() for e in errs)


def _decision(request, form) -> tuple[MinutesItem | None, Case | None]:
    """The § and the case the form names, looked up within the request's organisation."""
    item = None
    if form.cleaned_data["item"]:
        item = MinutesItem.objects.filter(
            meeting__organisation=request.organisation, pk=parse_id(form.cleaned_data["item"])
        ).first()
        if item is None:
            raise DomainError(_("Paragrafen finns inte."))
    case = None
    number = form.cleaned_data["case_number"].strip()
    if number:
        case = Case.objects.filter(organisation=request.organisation, number=number).first()
        if case is None:
            raise DomainError(_("Ärendet %(number)s finns inte.") % {"number": number})
    return item, case


@require_http_methods(["GET", "POST"])
@require_permission("archive.dispose")
def schedule_edit(request, pk: int):
    schedule = _schedule(request, pk)
    items = _items(request.organisation, schedule.adopted_by_item)
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST, items=items)
        if form.is_valid():
            try:
                item, case = _decision(request, form)
                schedules.schedule_update(
                    actor=request.user,
                    schedule=schedule,
                    name=form.cleaned_data["name"],
                    adopted_on=form.cleaned_data["adopted_on"],
                    adopted_by_item=item,
                    adopted_by_case=case,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
                status = 400
            else:
                messages.success(request, _("Informationshanteringsplanen är sparad."))
                return redirect("archive:schedule", pk=schedule.pk)
        else:
            messages.error(request, _errors(form))
            status = 400
    else:
        form = ScheduleForm(
            initial={
                "name": schedule.name,
                "adopted_on": schedule.adopted_on,
                "item": str(schedule.adopted_by_item_id or ""),
                "case_number": schedule.adopted_by_case.number if schedule.adopted_by_case else "",
            },
            items=items,
        )
    rules = list(schedule.rules.all())
    return render(
        request,
        "archive/schedule.html",
        {
            "schedule": schedule,
            "form": form,
            "rules": [
                (
                    r,
                    RuleForm(
                        initial={
                            "case_kind": r.case_kind,
                            "record_kind": r.record_kind,
                            "keep": "keep" if r.keep_forever else "dispose",
                            "years": r.years,
                            "note": r.note,
                        },
                        prefix=f"r{r.pk}",
                    ),
                )
                for r in rules
            ],
            "new_rule": RuleForm(prefix="ny", initial={"keep": "dispose"}),
        },
        status=status,
    )


def _rule_write(request, schedule_pk: int, call, prefix: str, done: str):
    form = RuleForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        try:
            call(form.service_kwargs())
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("archive:schedule", pk=schedule_pk)


@require_POST
@require_permission("archive.dispose")
def rule_add(request, pk: int):
    schedule = _schedule(request, pk)
    return _rule_write(
        request,
        schedule.pk,
        lambda kw: schedules.rule_add(actor=request.user, schedule=schedule, **kw),
        "ny",
        _("Regeln är tillagd."),
    )


@require_POST
@require_permission("archive.dispose")
def rule_change(request, pk: int):
    rule = _rule(request, pk)
    return _rule_write(
        request,
        rule.schedule_id,
        lambda kw: schedules.rule_change(actor=request.user, rule=rule, **kw),
        f"r{rule.pk}",
        _("Regeln är ändrad."),
    )


@require_POST
@require_permission("archive.dispose")
def rule_remove(request, pk: int):
    rule = _rule(request, pk)
    try:
        schedules.rule_remove(actor=request.user, rule=rule)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Regeln är borttagen."))
    return redirect("archive:schedule", pk=rule.schedule_id)
