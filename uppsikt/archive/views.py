"""The archive's pages: the packages (list and download), a closed case's and a body's
package page with the button that orders one. Thin: the services check ``archive.export``
on the body."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from uppsikt.cases import selectors as case_selectors
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation import selectors as org_selectors
from uppsikt.organisation.models import Body
from uppsikt.organisation.permissions import has_permission, require_permission

from . import selectors, services
from .forms import MinutesExportForm
from .models import ArchiveExport


@require_permission("archive.export")
def export_list(request):
    organisation = request.organisation
    return render(
        request,
        "archive/exports.html",
        {
            "exports": selectors.exports(actor=request.user, organisation=organisation)[:200],
            "bodies": selectors.export_bodies(actor=request.user, organisation=organisation),
            "this_year": timezone.localdate().year,
            "may_dispose": has_permission(request.user, "archive.dispose"),
        },
    )


def _case(request, number: str):
    case = case_selectors.case_get(organisation=request.organisation, number=number)
    if not has_permission(request.user, "archive.export", case.body):
        raise PermissionDenied
    return case


def _body(request, code: str) -> Body:
    try:
        body = org_selectors.body_get(organisation=request.organisation, code=code)
    except Body.DoesNotExist as exc:
        raise Http404 from exc
    if not has_permission(request.user, "archive.export", body):
        raise PermissionDenied
    return body


@require_permission("archive.export")
def case_page(request, number: str):
    case = _case(request, number)
    return render(
        request,
        "archive/case.html",
        {
            "case": case,
            "exports": selectors.exports(
                actor=request.user, organisation=request.organisation, case=case
            ),
        },
    )


@require_POST
@require_permission("archive.export")
def case_export(request, number: str):
    case = _case(request, number)
    try:
        export = services.case_export_order(actor=request.user, case=case)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("archive:case", number=case.number)
    return redirect("job", pk=export.job_id)


@require_permission("archive.export")
def body_page(request, code: str):
    body = _body(request, code)
    return render(
        request,
        "archive/body.html",
        {
            "body": body,
            "form": MinutesExportForm(initial={"year": timezone.localdate().year - 1}),
            "exports": selectors.exports(
                actor=request.user, organisation=request.organisation, body=body
            ),
        },
    )


@require_POST
@require_permission("archive.export")
def body_export(request, code: str):
    body = _body(request, code)
    form = MinutesExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("archive:body", code=body.code)
    try:
        export = services.minutes_export_order(
            actor=request.user, body=body, year=form.cleaned_data["year"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("archive:body", code=body.code)
    return redirect("job", pk=export.job_id)


@require_permission("archive.export")
def download(request, pk: int):
    export = selectors.export_get(actor=request.user, organisation=request.organisation, pk=pk)
    if export.status != ArchiveExport.Status.DONE or not default_storage.exists(export.file):
        raise Http404
    return FileResponse(
        default_storage.open(export.file, "rb"),
        as_attachment=True,
        filename=f"{export.package_id}.zip",
        content_type="application/zip",
    )
