"""The dialogue brief's pages (preview, files, generating it) and the oversight overview: thin
views over ``reports.dialogue``, ``reports.oversight`` and ``reports.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.db_router import replica_reads
from uppsikt.core.exceptions import DomainError
from uppsikt.dialogues import selectors as dialogue_selectors
from uppsikt.documents import pdf as doc_pdf
from uppsikt.documents import render as doc_render
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents import slides_html
from uppsikt.organisation.permissions import require_permission

from . import dialogue as dialogue_mod
from . import oversight, services

BRIEF_FORMATS = ("pptx", "pdf")


def _dialogue(request, pk: int):
    d = dialogue_selectors.dialogue_get(organisation=request.organisation, pk=pk)
    if not dialogue_selectors.may_view(request.user, committee=d.committee, overseer=d.overseer):
        raise PermissionDenied
    return d


@require_permission("dialogues.view")
def brief(request, pk: int):
    """The brief on screen, slide by slide, with its downloads and the files kept of it."""
    d = _dialogue(request, pk)
    deck = dialogue_mod.brief_deck(dialogue=d)
    return render(
        request,
        "reports/dialogue_brief.html",
        {
            "d": d,
            "deck": deck,
            "deck_html": slides_html.fragment(deck),
            "pdf_available": doc_pdf.available(),
            "kept": doc_selectors.rendered_for(
                kind=dialogue_mod.KIND, subject=dialogue_mod.subject(d)
            )[:10],
            "may_manage": dialogue_selectors.may_manage(request.user, overseer=d.overseer),
        },
    )


@require_permission("dialogues.view")
def brief_file(request, pk: int, fmt: str):
    d = _dialogue(request, pk)
    if fmt not in BRIEF_FORMATS:
        raise Http404
    try:
        _rendered, content, deck = services.dialogue_brief_render(
            dialogue=d, fmt=fmt, actor=request.user
        )
    except doc_pdf.PdfUnavailable:
        messages.error(request, _("PDF kan inte skapas på den här servern."))
        return redirect("reports:dialogue_brief", pk=d.pk)
    response = HttpResponse(content, content_type=doc_render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc_render.filename(deck, fmt)}"'
    return response


@require_POST
@require_permission("dialogues.manage")
def brief_generate(request, pk: int):
    d = _dialogue(request, pk)
    try:
        d = services.dialogue_brief_generate(dialogue=d, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if d.brief_record_id:
            messages.success(request, _("Dialogunderlaget är skapat och registrerat i ärendet."))
        else:
            messages.success(request, _("Dialogunderlaget är skapat."))
    return redirect(d)


@require_permission("dialogues.view")
@replica_reads
def oversight_page(request):
    organisation = request.organisation
    return render(
        request,
        "reports/oversight.html",
        {
            "rows": oversight.overview(actor=request.user, organisation=organisation),
            "board": oversight.board_of(organisation),
        },
    )
