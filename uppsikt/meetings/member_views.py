"""The member's room: the coming meetings of a person's bodies with their papers, the
person's private notes on them, and approving minutes through a confirmation step. Thin: the
reads are in ``papers``, the writes in ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.core.parsing import parse_id
from uppsikt.documents import pdf as pdf_writer
from uppsikt.organisation.permissions import require_permission

from . import forms, papers, selectors, services
from .views import _meeting


@require_permission("meetings.view")
def room(request):
    work = papers.room(
        actor=request.user, organisation=request.organisation, today=timezone.localdate()
    )
    return render(
        request,
        "meetings/room.html",
        {"work": work, "member": selectors.person_of(request.user) is not None},
    )


@require_permission("meetings.view")
def meeting_papers(request, pk: int):
    meeting = _meeting(request, pk)
    rows = papers.meeting_papers(actor=request.user, meeting=meeting)
    for paper in rows:
        paper.form = (
            None
            if paper.withheld
            else forms.PrivateNoteForm(prefix=f"item-{paper.item.pk}", note=paper.note)
        )
        for r in paper.records:
            r.form = forms.PrivateNoteForm(prefix=f"record-{r.record.pk}", note=r.note)
    return render(
        request,
        "meetings/papers.html",
        {
            "meeting": meeting,
            "papers": rows,
            "released": papers.papers_released(meeting),
            "may_sign": papers.may_sign(actor=request.user, meeting=meeting),
            "pdf_available": pdf_writer.available(),
        },
    )


def _note_saved(request, meeting_pk: int, anchor: str, prefix: str, call):
    form = forms.PrivateNoteForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            call(form.cleaned_data["text"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Din anteckning är sparad. Den syns bara för dig."))
    return redirect(reverse("meetings:member_meeting", args=[meeting_pk]) + f"#{anchor}")


@require_POST
@require_permission("meetings.view")
def agenda_item_note(request, pk: int):
    item = papers.agenda_item_get(organisation=request.organisation, pk=pk)
    return _note_saved(
        request,
        item.meeting_id,
        f"paper-{item.pk}",
        f"item-{item.pk}",
        lambda text: services.private_note_save(actor=request.user, agenda_item=item, text=text),
    )


@require_POST
@require_permission("meetings.view")
def record_note(request, pk: int):
    record = papers.record_get(organisation=request.organisation, pk=pk)
    meeting_pk = parse_meeting(request)
    return _note_saved(
        request,
        meeting_pk,
        f"record-{record.pk}",
        f"record-{record.pk}",
        lambda text: services.private_note_save(actor=request.user, record=record, text=text),
    )


def parse_meeting(request) -> int:
    """The meeting whose papers the note was written on (to go back to them)."""
    meeting = _meeting(request, parse_id(request.POST.get("meeting")))
    return meeting.pk


@require_permission("meetings.view")
def meeting_sign(request, pk: int):
    """Approving the minutes (justering): a page that says what approving means, with the
    minutes to read, and the signer's confirmation that they have read them; only then is
    the approval service called."""
    meeting = _meeting(request, pk)
    may_sign = papers.may_sign(actor=request.user, meeting=meeting)
    form = forms.SignConfirmForm(
        request.POST if request.method == "POST" else None, organisation=meeting.organisation
    )
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.minutes_approve(actor=request.user, meeting=meeting)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Du har justerat protokollet."))
                return redirect("meetings:member_room")
    items = [
        (i, selectors.item_withheld(actor=request.user, item=i))
        for i in selectors.items(meeting=meeting)
    ]
    return render(
        request,
        "meetings/sign_confirm.html",
        {
            "meeting": meeting,
            "may_sign": may_sign,
            "form": form,
            "items": items,
            "pdf_available": pdf_writer.available(),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@require_permission("meetings.view")
def item_sign(request, pk: int):
    """Approving one § at once (omedelbar justering), through the same confirmation step as
    the whole minutes: the page says what approving the § means and shows its decision; the
    signer confirms having read it, and only then is the approval service called."""
    item = selectors.item_get(organisation=request.organisation, pk=pk)
    if selectors.item_withheld(actor=request.user, item=item):
        raise PermissionDenied
    may_sign = papers.may_sign_item(actor=request.user, item=item)
    form = forms.ItemSignConfirmForm(
        request.POST if request.method == "POST" else None,
        organisation=item.meeting.organisation,
    )
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.item_approve_immediately(actor=request.user, item=item)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Du har justerat paragrafen."))
                return redirect(item)
    return render(
        request,
        "meetings/item_sign_confirm.html",
        {"item": item, "meeting": item.meeting, "may_sign": may_sign, "form": form},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
