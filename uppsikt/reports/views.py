"""The Dokument pages: a body's documents for a period (preview in the browser, download as DOCX
and PDF), the texts people write for them, and the organisation's document template. Thin views
over the document modules (``build``, ``data``) and ``reports.services``."""

from __future__ import annotations

import html as html_mod
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.db_router import replica_reads
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.parsing import parse_int
from uppsikt.core.uploads import check_upload
from uppsikt.documents import html as doc_html
from uppsikt.documents import logo as doc_logo
from uppsikt.documents import pdf as doc_pdf
from uppsikt.documents import pptx as doc_pptx
from uppsikt.documents import render as doc_render
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.template import DOCX_MIME, default_template
from uppsikt.followup import selectors as followup_selectors
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.permissions import has_permission, require_permission
from uppsikt.organisation.tenancy import document_scope
from uppsikt.planning import selectors as planning_selectors

from . import build, data, group, plan, selectors, services

KINDS = {
    "plan": _("Verksamhetsplan"),
    "followup": _("Uppföljningsrapport"),
    "monthly": _("Månadsrapport"),
    "group": _("Koncernrapport"),
}
REGION = "region"


def _body(organisation, kind: str, code: str):
    if kind == "group":
        if code != REGION:
            raise Http404
        return None
    try:
        return data.body_from_code(organisation=organisation, code=code)
    except DomainError as exc:
        raise Http404 from exc


def _readable_body(request, organisation, kind: str, code: str):
    """The document's body (None for the group report), if the person may read the document:
    documents obey the scope of the screens they are made from."""
    body = _body(organisation, kind, code)
    if not selectors.may_read_document(request.user, kind=kind, body=body):
        raise PermissionDenied
    return body


def _code(body) -> str:
    return body.effective_register_prefix or body.code if body else REGION


def _natural_kind(period: ReportingPeriod) -> str:
    return "monthly" if period.kind == ReportingPeriod.Kind.MONTHLY else "followup"


@require_permission("documents.view")
@replica_reads
def index(request):
    """Every body's documents by period, the plans by year and the group report."""
    organisation = request.organisation
    periods = list(
        followup_selectors.periods(organisation=organisation).order_by("year", "last_month")
    )
    bodies = [
        b
        for b in group.group_bodies(organisation=organisation)
        if selectors.may_read_document(request.user, kind="followup", body=b)
    ]
    # a body's plan is linked for the years it has one (a year without is shown as such)
    plans = planning_selectors.plan_years(bodies=bodies)
    years = sorted({p.year for p in periods} | {y for found in plans.values() for y in found})
    rows = [
        {
            "body": b,
            "code": _code(b),
            "plans": [(year, year in plans.get(b.pk, ())) for year in years],
            "links": [(p, data.period_id(p)) for p in periods],
        }
        for b in bodies
    ]
    return render(
        request,
        "reports/documents/index.html",
        {
            "rows": rows,
            "columns": 1 + len(years) + len(periods),
            "periods": periods,
            "years": years,
            "group_links": [(p, data.period_id(p)) for p in periods]
            if selectors.may_read_document(request.user, kind="group", body=None)
            else [],
            "can_template": has_permission(request.user, "documents.template"),
        },
    )


@require_permission("documents.view")
def page(request, code: str, ident: str):
    """The Dokument page of a body and period: its report, previewed."""
    organisation = request.organisation
    try:
        period = data.period_from_id(organisation=organisation, ident=ident)
    except DomainError as exc:
        raise Http404 from exc
    kind = "group" if code == REGION else _natural_kind(period)
    return redirect("reports:document", kind=kind, code=code, ident=ident)


@require_permission("documents.view")
@replica_reads
def document(request, kind: str, code: str, ident: str):
    """Preview a document in the browser, with its downloads and the files kept of it."""
    if kind not in KINDS:
        raise Http404
    organisation = request.organisation
    body = _readable_body(request, organisation, kind, code)
    try:
        doc = build.document_for(kind=kind, organisation=organisation, body=body, ident=ident)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    subject = (
        plan.subject(body, parse_int(ident, minimum=1, maximum=9999))
        if kind == "plan"
        else data.subject(body, ident, organisation=organisation)
    )
    related = []
    if kind != "plan" and body is not None:
        year = ident[:4]
        related.append((_("Verksamhetsplan %(year)s") % {"year": year}, "plan", _code(body), year))
    if kind in ("followup", "monthly", "plan"):
        try:
            period = (
                data.period_from_id(organisation=organisation, ident=ident)
                if kind != "plan"
                else None
            )
        except DomainError:
            period = None
        if period is not None:
            related.append(
                (_("Koncernrapport %(period)s") % {"period": period}, "group", REGION, ident)
            )
    may_write = body is not None and has_permission(request.user, "documents.write", body)
    return render(
        request,
        "reports/documents/document.html",
        {
            "doc": doc,
            "kind": kind,
            "kind_label": KINDS[kind],
            "code": code,
            "ident": ident,
            "body": body,
            "preview": doc_html.fragment(doc),
            "pdf_available": doc_pdf.available(),
            "stored": doc_selectors.rendered_for(kind=kind, subject=subject)[:10],
            "related": related,
            "may_write": may_write and kind != "group",
        },
    )


@require_POST
@require_permission("documents.view")
def document_render_start(request, kind: str, code: str, ident: str, fmt: str):
    """Render a large document (the group report) in the background; the job page links to it.
    Asking again while the person's render of it is under way leads to that job."""
    from uppsikt.core.jobs import job_create_once

    from .tasks import document_render_job

    if kind not in KINDS or fmt not in ("docx", "pdf"):
        raise Http404
    organisation = request.organisation
    body = _readable_body(request, organisation, kind, code)
    job, new = job_create_once(
        kind="document.render",
        title=_("%(kind)s %(ident)s som %(fmt)s")
        % {"kind": KINDS[kind], "ident": ident, "fmt": fmt.upper()},
        started_by=request.user,
    )
    if not new:
        return redirect("job", pk=job.pk)
    document_render_job.enqueue(
        job_id=job.pk,
        kind=kind,
        organisation_id=organisation.pk,
        body_id=body.pk if body else None,
        code=code,
        ident=ident,
        fmt=fmt,
        user_id=request.user.pk,
    )
    return redirect("job", pk=job.pk)


@require_permission("documents.view")
@replica_reads
def document_file(request, kind: str, code: str, ident: str, fmt: str):
    """Download a document as DOCX or PDF (rendered once per data version, then kept)."""
    if kind not in KINDS or fmt not in ("docx", "pdf"):
        raise Http404
    organisation = request.organisation
    body = _readable_body(request, organisation, kind, code)
    if fmt == "pdf" and not doc_pdf.available():
        return render(
            request,
            "reports/documents/unavailable.html",
            {"kind": kind, "code": code, "ident": ident},
            status=503,
        )
    try:
        rendered, content, doc = services.document_render(
            kind=kind,
            organisation=organisation,
            body=body,
            ident=ident,
            fmt=fmt,
            actor=request.user,
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(content, content_type=doc_render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc_render.filename(doc, fmt)}"'
    response["X-Checksum-SHA256"] = rendered.checksum
    return response


def _to_textarea(stored_html: str) -> str:
    """Stored rich text as the text box shows it: paragraphs separated by a blank line, inline
    emphasis kept as tags."""
    text = re.sub(r"</p>\s*<p>", "\n\n", stored_html or "")
    text = re.sub(r"</?p>", "", text)
    return html_mod.unescape(text).strip()


def _from_textarea(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _text_keys(kind: str) -> dict:
    return plan.TEXT_KEYS if kind == "plan" else data.TEXT_KEYS


def document_texts(request, kind: str, code: str, ident: str):
    """Write the texts of a body's document (summary, comments on the figures)."""
    if kind not in ("plan", "followup", "monthly"):
        raise Http404
    organisation = request.organisation
    body = _body(organisation, kind, code)
    if not has_permission(request.user, "documents.write", body):
        raise PermissionDenied
    try:
        doc = build.document_for(kind=kind, organisation=organisation, body=body, ident=ident)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    subject = data.subject(body, ident)
    rows = doc_selectors.text_rows(kind=kind, subject=subject)
    keys = _text_keys(kind)
    unsaved: dict[str, str] = {}
    if request.method == "POST":
        texts, versions = {}, {}
        for key in keys:
            if key not in request.POST:
                continue  # not on the form that was sent: left as it is
            value = _from_textarea(request.POST[key])
            row = rows.get(key)
            if value == (row.text if row else ""):
                continue
            texts[key] = value
            version = request.POST.get(f"{key}__version")
            versions[key] = parse_int(version, minimum=0, maximum=2**63 - 1)
        try:
            services.document_texts_save(
                kind=kind,
                body=body,
                ident=ident,
                texts=texts,
                versions=versions,
                actor=request.user,
            )
        except NotPermitted as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            # the form shows the texts as saved now; what was typed stays beside them to copy
            rows = doc_selectors.text_rows(kind=kind, subject=subject)
            unsaved = {key: request.POST.get(key, "") for key in texts}
        else:
            messages.success(request, _("Texterna är sparade."))
            return redirect("reports:document", kind=kind, code=code, ident=ident)
    fields = [
        {
            "key": key,
            "label": label,
            "value": _to_textarea(rows[key].text) if key in rows else "",
            # 0: the text was not written when the form was opened
            "version": rows[key].version if key in rows else 0,
            "unsaved": unsaved.get(key, ""),
        }
        for key, label in keys.items()
    ]
    return render(
        request,
        "reports/documents/texts.html",
        {"doc": doc, "fields": fields, "kind": kind, "code": code, "ident": ident, "body": body},
    )


@require_permission("documents.template")
def template(request):
    """The organisation's document template: replace it, download it, go back to the built-in."""
    current = doc_selectors.template_current(scope=document_scope(request.organisation.pk))
    if request.method == "POST":
        upload = request.FILES.get("template")
        if upload is None:
            messages.error(request, _("Välj en .docx-fil."))
        else:
            try:
                check_upload(upload, allowed={".docx"}, max_bytes=10 * 1024 * 1024)
                content = upload.read()
                services.document_template_replace(
                    organisation=request.organisation,
                    name=upload.name,
                    content=content,
                    actor=request.user,
                )
            except NotPermitted as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Dokumentmallen är ersatt."))
                return redirect("reports:document_template")
    return render(
        request,
        "reports/documents/template.html",
        {
            "current": current,
            "slides": doc_selectors.template_current(
                scope=services.template_scope(request.organisation, deck=True)
            ),
            "logo": doc_selectors.template_current(
                scope=doc_logo.logo_scope(document_scope(request.organisation.pk))
            ),
            "can_logo": has_permission(request.user, "organisation.logo"),
        },
    )


@require_POST
@require_permission("documents.template")
def slides_template(request):
    """Replace the organisation's slide-deck template (.pptx) of the dialogue briefs."""
    upload = request.FILES.get("template")
    if upload is None:
        messages.error(request, _("Välj en .pptx-fil."))
        return redirect("reports:document_template")
    try:
        check_upload(upload, allowed={".pptx"}, max_bytes=20 * 1024 * 1024)
        services.document_template_replace(
            organisation=request.organisation,
            name=upload.name,
            content=upload.read(),
            actor=request.user,
            deck=True,
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Mallen för bildspel är ersatt."))
    return redirect("reports:document_template")


@require_POST
@require_permission("documents.template")
def slides_template_reset(request):
    try:
        services.document_template_reset(
            organisation=request.organisation, actor=request.user, deck=True
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Den inbyggda mallen för bildspel används nu."))
    return redirect("reports:document_template")


@require_permission("documents.template")
def slides_template_file(request):
    current = doc_selectors.template_current(
        scope=services.template_scope(request.organisation, deck=True)
    )
    content = bytes(current.content) if current else doc_pptx.default_template()
    response = HttpResponse(content, content_type=doc_pptx.PPTX_MIME)
    name = current.name if current else "bildspelsmall.pptx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@require_permission("organisation.logo")
def logo_upload(request):
    """Replace the organisation's own logo (PNG or JPEG)."""
    upload = request.FILES.get("logo")
    if upload is None:
        messages.error(request, _("Välj en PNG- eller JPEG-bild."))
        return redirect("reports:document_template")
    try:
        check_upload(upload, allowed={".png", ".jpg", ".jpeg"}, max_bytes=doc_logo.MAX_BYTES)
        services.organisation_logo_replace(
            organisation=request.organisation,
            name=upload.name,
            content=upload.read(),
            actor=request.user,
        )
    except NotPermitted as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Logotypen är ersatt."))
    return redirect("reports:document_template")


@require_POST
@require_permission("organisation.logo")
def logo_reset(request):
    try:
        services.organisation_logo_reset(organisation=request.organisation, actor=request.user)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Mallens logotyp används nu."))
    return redirect("reports:document_template")


@require_POST
@require_permission("documents.template")
def template_reset(request):
    try:
        services.document_template_reset(organisation=request.organisation, actor=request.user)
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Den inbyggda dokumentmallen används nu."))
    return redirect("reports:document_template")


@require_permission("documents.template")
def template_file(request):
    current = doc_selectors.template_current(scope=document_scope(request.organisation.pk))
    content = bytes(current.content) if current else default_template()
    response = HttpResponse(content, content_type=DOCX_MIME)
    name = current.name if current else "dokumentmall.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def document_url(kind: str, body, ident: str) -> str:
    return reverse("reports:document", kwargs={"kind": kind, "code": _code(body), "ident": ident})
