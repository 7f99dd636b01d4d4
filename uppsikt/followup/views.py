"""Follow-up pages: the periods, a unit's to-do list with a form per item (saved with HTMX as
you go, or with its button without JavaScript), approval, progress and deviations, the red
thread. Thin views."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core import kept_pages, plain_sql
from uppsikt.core.db_router import replica_reads
from uppsikt.core.exceptions import DomainError
from uppsikt.core.jinja import render_fragment, render_fragment_kept, render_fragment_shared
from uppsikt.core.kept_pages import kept_page
from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_anywhere,
    has_permission_everywhere,
    permission_signature,
    require_permission,
)
from uppsikt.planning import selectors as planning_selectors

from . import selectors, services, todo
from .forms import (
    AssessmentFields,
    AssessmentForm,
    CalendarForm,
    DecisionForm,
    NewPeriodForm,
    PeriodForm,
)
from .models import Assessment, ItemKind, ReportingPeriod


@require_permission("planning.view")
def index(request, period_form=None, calendar_form=None):
    organisation = request.organisation
    # the calendar is the organisation's; progress is shown for the units in scope
    can_monitor = has_permission_anywhere(request.user, "followup.monitor")
    can_plan = has_permission_everywhere(request.user, "followup.monitor")
    next_year = timezone.localdate().year + 1
    return render(
        request,
        "followup/index.html",
        {
            "periods": selectors.periods(organisation=organisation),
            "units": selectors.reporting_units(actor=request.user, organisation=organisation),
            "can_monitor": can_monitor,
            "can_plan": can_plan,
            "period_form": period_form or NewPeriodForm(initial={"year": next_year}),
            "calendar_form": calendar_form or CalendarForm(initial={"year": next_year}),
        },
        status=400 if period_form is not None or calendar_form is not None else 200,
    )


@require_POST
@require_permission("followup.monitor")
def period_add(request):
    organisation = request.organisation
    form = NewPeriodForm(request.POST)
    if form.is_valid():
        try:
            period = services.period_create(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(period)s är tillagd i kalendern.") % {"period": period})
            return redirect("followup:index")
    return index(request, period_form=form)


@require_POST
@require_permission("followup.monitor")
def calendar_create(request):
    organisation = request.organisation
    form = CalendarForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["year"]
        try:
            periods = services.periods_create_default(
                actor=request.user, organisation=organisation, year=year
            )
        except DomainError as exc:
            form.add_error(
                None,
                _("Kalendern för %(year)s kunde inte skapas: %(reason)s")
                % {"year": year, "reason": exc.message},
            )
        else:
            messages.success(
                request,
                _("Kalendern för %(year)s är skapad med %(n)s perioder.")
                % {"year": year, "n": len(periods)},
            )
            return redirect("followup:index")
    return index(request, calendar_form=form)


@require_permission("followup.monitor")
def period_edit(request, pk: int):
    if not has_permission_everywhere(request.user, "followup.monitor"):
        raise PermissionDenied
    organisation = request.organisation
    period = get_object_or_404(ReportingPeriod, pk=pk, organisation=organisation)
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                services.period_change(actor=request.user, period=period, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Perioden är ändrad."))
                return redirect("followup:index")
    else:
        form = PeriodForm(
            initial={
                "first_month": period.first_month,
                "last_month": period.last_month,
                "deadline": period.deadline,
                "scope": period.scope,
            }
        )
    return render(
        request,
        "followup/period_edit.html",
        {"period": period, "form": form, "started": period.assessments.exists()},
        status=400 if form.is_bound else 200,
    )


@kept_page
@require_permission("followup.monitor")
@replica_reads
def progress(request, pk: int):
    organisation = request.organisation
    period = plain_sql.get_or_404(ReportingPeriod, pk=pk, organisation=organisation.pk)
    overdue = period.deadline < timezone.localdate()
    # each row's link is this and the unit's code (one reverse for the page)
    unit_prefix = reverse("followup:unit", args=[period.pk, "x"]).removesuffix("x/")

    def tables_html():
        rows = selectors.progress(actor=request.user, period=period)
        shown = tuple(
            (r.unit.code, r.unit.name, r.total, r.submitted, r.approved, r.returned) for r in rows
        )
        return render_fragment_kept(
            "followup/progress_tables.html",
            {"rows": rows, "overdue": overdue, "unit_prefix": unit_prefix},
            key=(overdue, unit_prefix, shown),
        )

    def deviations_html():
        return render_fragment_shared(
            "followup/progress_deviations.html",
            {
                "deviations": selectors.deviations(actor=request.user, period=period),
                "kinds": _labels(ItemKind),
            },
        )

    # both the same for everyone whose permissions are made of the same roles
    # (kept_pages.shared): the fragments hold no form
    signature = (period.pk, permission_signature(request.user), translation.get_language())
    tables = kept_pages.shared(
        ("followup.progress_tables", *signature, overdue, unit_prefix), tables_html
    )
    deviations = kept_pages.shared(("followup.progress_deviations", *signature), deviations_html)
    return render(
        request,
        "followup/progress.html",
        {"period": period, "overdue": overdue, "tables": tables, "deviations": deviations},
    )


def _labels(choices) -> dict[str, str]:
    """A choice's labels, translated once for a page (not once per row)."""
    return {value: str(label) for value, label in choices.choices}


@require_POST
@require_permission("followup.monitor")
def reminders(request, pk: int):
    organisation = request.organisation
    period = get_object_or_404(ReportingPeriod, pk=pk, organisation=organisation)
    try:
        result = services.reminders_send(actor=request.user, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Påminnelser skickade till %(units)s enheter (%(emails)s e-postmeddelanden).")
            % result,
        )
    return redirect("followup:progress", pk=period.pk)


@require_POST
@require_permission("followup.monitor")
def period_open(request, pk: int):
    organisation = request.organisation
    period = get_object_or_404(ReportingPeriod, pk=pk, organisation=organisation)
    try:
        created = services.period_open(actor=request.user, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Perioden är öppen för rapportering. Nya bedömningar att göra: %(n)s.")
            % {"n": len(created)},
        )
    return redirect("followup:progress", pk=period.pk)


@require_POST
@require_permission("followup.monitor")
def period_close(request, pk: int):
    organisation = request.organisation
    period = get_object_or_404(ReportingPeriod, pk=pk, organisation=organisation)
    try:
        services.period_close(actor=request.user, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Perioden är stängd för rapportering."))
    return redirect("followup:progress", pk=period.pk)


def _unit_page(request, period, unit, forms=None):
    # a kept to-do list is made anew by a save of its unit's or a unit's below (kept_pages)
    with selectors.assessment_reads_of(unit):
        assessments = selectors.assessments_for(unit=unit, period=period)
    scales = selectors.scales(
        organisation_id=period.organisation_id,
        kinds=(ItemKind.GOAL, ItemKind.ASSIGNMENT, ItemKind.ACTIVITY),
    )
    forms = forms or {}
    rights: dict[int, tuple[bool, bool]] = {}
    rows = []
    for a in assessments:
        if a.unit_id not in rights:
            rights[a.unit_id] = (
                has_permission(request.user, "followup.report", a.unit),
                has_permission(request.user, "followup.approve", a.unit),
            )
        can_report, can_approve = rights[a.unit_id]
        rows.append(
            {
                "a": a,
                "fields": AssessmentFields(a, forms.get(a.pk)),
                "levels": scales.get(a.item_kind, []),
                "can_report": can_report,
                "can_approve": can_approve,
            }
        )
    done = sum(1 for a in assessments if a.state in selectors.DONE)
    due = len(rows) - done
    parts = todo.todo_parts(request, period=period, unit=unit)
    done += sum(p.done for p in parts)
    due += sum(p.due for p in parts)
    items = _todo_items(request, period, unit, rows, scales, bound=bool(forms))
    return render(
        request,
        "followup/unit.html",
        {
            "period": period,
            "unit": unit,
            "rows": rows,
            "items": items,
            "parts": parts,
            "done": done,
            "due": due,
        },
    )


# The form token in a kept to-do list, filled in on each request: a mark no text can hold (a
# NUL, which no stored text has, and a value drawn anew by each process).
_CSRF_MARK = f"\x00csrf-{secrets.token_hex(8)}\x00"


def _todo_items(request, period, unit, rows, scales, *, bound: bool) -> str:
    """The to-do list's items: kept per process under every value they show (the items, the
    assessments' values and versions, the scales, the person's rights on each), with the form
    token filled in on each request; rendered anew when a rejected submission's forms show."""
    context = {
        "period": period,
        "unit": unit,
        "rows": rows,
        "kinds": _labels(ItemKind),
        "states": _labels(Assessment.State),
    }
    if bound:
        return render_fragment("followup/todo_items.html", context, request)
    key = (
        period.pk,
        period.is_open,
        unit.code,
        tuple(
            (kind, tuple((lv.pk, lv.symbol, lv.label) for lv in lvs))
            for kind, lvs in scales.items()
        ),
        tuple(_todo_row_key(row) for row in rows),
    )
    html = render_fragment_kept(
        "followup/todo_items.html", {**context, "csrf_token": _CSRF_MARK}, key=key
    )
    return mark_safe(html.replace(_CSRF_MARK, get_token(request)))  # noqa: S308 - a token


def _todo_row_key(row: dict) -> tuple:
    """Every value an item of the to-do list shows."""
    a = row["a"]
    item = a.item
    indicator = a.indicator if a.item_kind == ItemKind.INDICATOR else None
    return (
        a.pk,
        a.version,
        a.state,
        a.item_kind,
        item.pk,
        str(item),
        a.unit.name,
        a.comment,
        a.return_comment,
        a.status_id,
        a.status_id and (a.status.symbol, a.status.label),
        a.forecast_id,
        a.forecast_id and (a.forecast.symbol, a.forecast.label),
        a.actual_value,
        indicator and (indicator.decimals, indicator.unit_of_measure),
        row["can_report"],
        row["can_approve"],
    )


def _period_and_unit(request, pk: int, code: str):
    organisation = request.organisation
    # the organisation's own period and unit, each read with one plain SQL statement
    period = plain_sql.get_or_404(ReportingPeriod, pk=pk, organisation=organisation.pk)
    unit = plain_sql.get_or_404(Unit, organisation=organisation.pk, code=code)
    if not selectors.may_see_unit(request.user, unit):
        raise PermissionDenied
    return period, unit


@kept_page
def unit_assessments(request, pk: int, code: str):
    period, unit = _period_and_unit(request, pk, code)
    return _unit_page(request, period, unit)


def unit_workbook(request, pk: int, code: str):
    from django.http import HttpResponse

    from .workbooks import assessments_workbook

    period, unit = _period_and_unit(request, pk, code)
    response = HttpResponse(
        assessments_workbook(period=period, unit=unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bedomningar-{unit.code}-{period.year}-{period.kind}.xlsx"'
    )
    return response


@require_POST
def unit_workbook_upload(request, pk: int, code: str):
    from uppsikt.core.uploads import MB, check_upload

    from .workbooks import assessments_import

    period, unit = _period_and_unit(request, pk, code)
    if not has_permission(request.user, "followup.report", unit):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError(_("Välj en ifylld fil att läsa in."))
        check_upload(upload, allowed={".xlsx"}, max_bytes=10 * MB)
        saved = assessments_import(
            actor=request.user, period=period, unit=unit, data=upload.read(), filename=upload.name
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        for error in exc.errors[:30]:
            messages.error(request, error)
    else:
        messages.success(request, _("%(n)s bedömningar är sparade som utkast.") % {"n": saved})
    return redirect("followup:unit", pk=period.pk, code=unit.code)


def _assessment(request, pk: int) -> tuple[Assessment, Unit]:
    organisation = request.organisation
    assessment = get_object_or_404(
        Assessment.objects.select_related(*selectors.ITEM_RELATED, "period__organisation"),
        pk=pk,
        period__organisation=organisation,
    )
    if not selectors.may_see_unit(request.user, assessment.unit):
        raise PermissionDenied
    back = Unit.objects.filter(organisation=organisation, code=request.POST.get("back", "")).first()
    if back is None or not assessment.unit.path.startswith(back.path):
        back = assessment.unit
    return assessment, back


def _back(assessment: Assessment, unit: Unit):
    from django.urls import reverse

    url = reverse("followup:unit", args=[assessment.period_id, unit.code])
    return redirect(f"{url}#item-{assessment.pk}")


@require_POST
def assessment_save(request, pk: int):
    assessment, back = _assessment(request, pk)
    levels = selectors.scale(
        organisation=assessment.period.organisation, item_kind=assessment.item_kind
    )
    form = AssessmentForm(request.POST, assessment=assessment, levels=levels)
    error = None
    if form.is_valid():
        try:
            assessment = services.assessment_save_draft(
                actor=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                status=form.level("status"),
                forecast=form.level("forecast"),
                comment=form.cleaned_data.get("comment", ""),
                actual_value=form.cleaned_data.get("actual_value"),
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = " ".join(
            f"{form.fields[name].label}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        )
    if request.htmx:
        return render(
            request,
            "followup/partials/_saved.html",
            {"a": assessment, "error": error, "saved_at": timezone.localtime()},
        )
    if error:
        messages.error(request, error)
        if not form.is_valid():
            return _unit_page(request, assessment.period, back, forms={assessment.pk: form})
    else:
        messages.success(request, _("Utkastet är sparat."))
    return _back(assessment, back)


def _decide(request, pk: int, service, done_message: str, *, with_comment: bool = False):
    assessment, back = _assessment(request, pk)
    form = DecisionForm(request.POST, prefix=f"d{assessment.pk}")
    if not form.is_valid():
        messages.error(request, _("Formuläret var ofullständigt. Ladda om sidan."))
        return _back(assessment, back)
    kwargs = {"comment": form.cleaned_data["comment"]} if with_comment else {}
    try:
        service(
            actor=request.user,
            assessment=assessment,
            version=form.cleaned_data["version"],
            **kwargs,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return _back(assessment, back)


@require_POST
def assessment_submit(request, pk: int):
    """Save what the form holds, then submit it: one button, with or without JavaScript.

    With HTMX the request waits for any draft save still under way (``hx-sync``), so it
    carries the version that save produced, and the page is then reloaded to show the result.
    """
    response = _submit(request, pk)
    if request.htmx:
        return HttpResponse(headers={"HX-Refresh": "true"})
    return response


def _submit(request, pk: int):
    assessment, back = _assessment(request, pk)
    levels = selectors.scale(
        organisation=assessment.period.organisation, item_kind=assessment.item_kind
    )
    form = AssessmentForm(request.POST, assessment=assessment, levels=levels)
    if not form.is_valid():
        messages.error(request, _("Kontrollera de markerade fälten."))
        return _unit_page(request, assessment.period, back, forms={assessment.pk: form})
    try:
        assessment = services.assessment_save_draft(
            actor=request.user,
            assessment=assessment,
            version=form.cleaned_data["version"],
            status=form.level("status"),
            forecast=form.level("forecast"),
            comment=form.cleaned_data.get("comment", ""),
            actual_value=form.cleaned_data.get("actual_value"),
        )
        services.assessment_submit(
            actor=request.user, assessment=assessment, version=assessment.version
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Bedömningen är inlämnad."))
    return _back(assessment, back)


@require_POST
def assessment_approve(request, pk: int):
    return _decide(request, pk, services.assessment_approve, _("Bedömningen är godkänd."))


@require_POST
def assessment_return(request, pk: int):
    return _decide(
        request,
        pk,
        services.assessment_return,
        _("Bedömningen är skickad tillbaka."),
        with_comment=True,
    )


@require_permission("planning.view")
def thread(request, kind: str, pk: int):
    organisation = request.organisation
    item = planning_selectors.item_for(kind, pk, organisation=organisation)
    if item is None:
        raise Http404
    return render(request, "followup/thread.html", selectors.thread(item=item))
