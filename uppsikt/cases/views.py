"""Pages of the register. Thin views: forms parse, services write, selectors read (and apply
secrecy)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.parsing import parse_id, parse_int
from uppsikt.core.spreadsheets import csv_writer
from uppsikt.organisation.models import Body, Person
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_anywhere,
    require_permission,
)

from . import paths, secrecy, selectors, services
from .forms import (
    AttachForm,
    CaseEditForm,
    CaseForm,
    DelegatedDecisionForm,
    RecordForm,
    RecordSecrecyForm,
    SecrecyReviewForm,
)
from .models import Case


def _filters(request, organisation) -> dict:
    """The register's filters from the query string (body, year, status, officer)."""
    data = request.GET
    filters: dict = {}
    if data.get("organ"):
        filters["body"] = Body.objects.filter(organisation=organisation, code=data["organ"]).first()
    if data.get("ar"):
        filters["year"] = parse_int(data["ar"], minimum=1, maximum=9999)
    if data.get("status") in Case.Status.values:
        filters["status"] = data["status"]
    if data.get("handlaggare"):
        filters["officer"] = Person.objects.filter(
            organisation=organisation, pk=parse_id(data["handlaggare"])
        ).first()
    return filters


@require_permission("cases.view")
def index(request):
    organisation = request.organisation
    filters = _filters(request, organisation)
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "query": query,
        "filters": request.GET,
        **selectors.register_filter_choices(organisation=organisation),
        "can_register": has_permission_anywhere(request.user, "cases.register"),
        "can_configure": has_permission(request.user, "cases.configure"),
    }
    if query:
        context["hits"] = selectors.search(
            actor=request.user, organisation=organisation, query=query, **filters
        )
    else:
        context["cases"] = selectors.case_list(
            actor=request.user, organisation=organisation, **filters
        )
    template = "cases/partials/_results.html" if request.htmx else "cases/index.html"
    return render(request, template, context)


@require_permission("cases.view")
def export(request):
    organisation = request.organisation
    rows = selectors.export_rows(
        actor=request.user, organisation=organisation, **_filters(request, organisation)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="diarium.csv"'
    response.write("\ufeff")
    writer = csv_writer(response, delimiter=";")
    writer.writerow(selectors.EXPORT_HEADER)
    writer.writerows(rows)
    return response


@require_permission("cases.register")
def case_create(request):
    organisation = request.organisation
    initial = {}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None and person.title:
        initial = {"officer": person.pk, "unit": person.unit_id}
    form = CaseForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_register(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ärendet är registrerat som %(n)s.") % {"n": case.number})
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def _case(request, number: str) -> Case:
    return selectors.case_get(organisation=request.organisation, number=number)


def _can_work_on_case(user, case: Case) -> bool:
    return secrecy.can_see_case(user, case) and (
        has_permission(user, "cases.register", case.body)
        or (case.unit is not None and has_permission(user, "cases.register", case.unit))
    )


@require_permission("cases.view")
def case_detail(request, number: str):
    case = _case(request, number)
    view = selectors.case_detail(actor=request.user, case=case)
    can_work = not view.withheld and (
        has_permission(request.user, "cases.register", case.body)
        or (case.unit is not None and has_permission(request.user, "cases.register", case.unit))
    )
    steps = paths.PATHS.get(case.kind, [])
    return render(
        request,
        "cases/case.html",
        {
            "view": view,
            "case": case,
            "can_work": can_work,
            "can_review": case.secret
            and not view.withheld
            and has_permission(request.user, "cases.declassify", case.body),
            "can_archive": case.status == Case.Status.CLOSED
            and has_permission(request.user, "archive.export", case.body),
            "steps": steps,
            "step_label": dict(steps).get(case.path_step, ""),
            "delegated": case.delegated_decisions.select_related("decided_by")
            if not view.withheld
            else [],
        },
    )


@require_permission("cases.register")
def case_edit(request, number: str):
    case = _case(request, number)
    secrecy.ensure_can_see_case(request.user, case)
    form = CaseEditForm(
        request.POST or None,
        organisation=case.organisation,
        can_reassign=has_permission(request.user, "cases.reassign", case.body),
        can_classify=not case.secret,
        initial={
            "version": case.version,
            **{name: getattr(case, name) for name in services.CASE_FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.case_update(actor=request.user, case=case, version=data.pop("version"), **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ärendet är ändrat."))
            return redirect(case)
    return render(
        request,
        "cases/case_edit.html",
        {
            "form": form,
            "case": case,
            "can_review": case.secret
            and has_permission(request.user, "cases.declassify", case.body),
        },
    )


@require_permission("cases.register")
def record_create(request, number: str):
    case = _case(request, number)
    max_mb = services.record_max_bytes() // (1024 * 1024)
    form = RecordForm(request.POST or None, request.FILES or None, max_mb=max_mb)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_register(
                actor=request.user,
                case=case,
                kind=data["kind"],
                date=data["date"],
                counterpart=data["counterpart"],
                description=data["description"],
                secret=data["secret"],
                secrecy_ground=data["secrecy_ground"],
                files=data["files"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Handlingen är registrerad som %(n)s.") % {"n": record.number}
            )
            return redirect(case)
    return render(request, "cases/record_form.html", {"form": form, "case": case})


@require_permission("cases.view")
def record_detail(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    view = selectors.record_detail(actor=request.user, record=record)
    return render(
        request,
        "cases/record.html",
        {
            "case": case,
            "view": view,
            "case_view": selectors.case_summary(actor=request.user, case=case),
            # registrars mark a record secret; lifting or changing it is a secrecy review
            "secrecy_form": RecordSecrecyForm(initial={"version": record.version})
            if not record.secret and not view.withheld and _can_work_on_case(request.user, case)
            else None,
            "can_review": record.secret
            and not view.withheld
            and has_permission(request.user, "cases.declassify", case.body),
            "attach_form": AttachForm()
            if not view.withheld and _can_work_on_case(request.user, case)
            else None,
        },
    )


@require_permission("cases.view")
def record_file(request, number: str, sequence: int, pk: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    stored = selectors.record_file_for_download(actor=request.user, record=record, pk=pk)
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_permission("cases.view")
def delegated(request):
    organisation = request.organisation
    can_register = has_permission_anywhere(request.user, "cases.register")
    form = (
        DelegatedDecisionForm(request.POST or None, organisation=organisation)
        if can_register
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("case_number").strip().upper()
            case = selectors.case_by_number(organisation=organisation, number=number)
            try:
                if number and case is None:
                    raise DomainError(_("Det finns inget ärende %(n)s.") % {"n": number})
                services.delegated_decision_register(
                    actor=request.user, organisation=organisation, case=case, **data
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Delegationsbeslutet är registrerat."))
                return redirect("cases:delegated")
    body = Body.objects.filter(organisation=organisation, code=request.GET.get("organ", "")).first()
    return render(
        request,
        "cases/delegated.html",
        {
            "decisions": selectors.delegated_decisions(
                actor=request.user, organisation=organisation, body=body
            ),
            "form": form,
            "bodies": selectors.registrable_bodies(organisation=organisation),
            "body": body,
        },
    )


def _ensure_can_review(user, case: Case) -> None:
    # the role must cover the case's body: a role elsewhere is a 403 here, as in the service
    if not has_permission(user, "cases.declassify", case.body):
        raise PermissionDenied


def _secrecy_review_page(request, *, target, case: Case, review, heading: str):
    """The page of a secrecy review, for a case or a record: the outcome and the reason."""
    form = SecrecyReviewForm(
        request.POST or None,
        initial={
            "version": target.version,
            "secret": target.secret,
            "secrecy_ground": target.secrecy_ground,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            review(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sekretessprövningen är gjord och loggad med skälet."))
            return redirect(target)
    return render(
        request,
        "cases/secrecy_review.html",
        {"form": form, "case": case, "target": target, "heading": heading},
    )


@require_permission("cases.declassify")
def case_secrecy_review(request, number: str):
    case = _case(request, number)
    _ensure_can_review(request.user, case)
    secrecy.ensure_can_see_case(request.user, case)
    return _secrecy_review_page(
        request,
        target=case,
        case=case,
        review=partial(services.case_secrecy_review, case=case),
        heading=_("Sekretessprövning av ärende %(n)s") % {"n": case.number},
    )


@require_permission("cases.declassify")
def record_secrecy_review(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    _ensure_can_review(request.user, case)
    secrecy.ensure_can_see_record(request.user, record)
    return _secrecy_review_page(
        request,
        target=record,
        case=case,
        review=partial(services.record_secrecy_review, record=record),
        heading=_("Sekretessprövning av handling %(n)s") % {"n": record.number},
    )
