"""Pages of meetings and minutes. Thin: each action has its own URL, form and view, and the
view calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jinja import render_fragment
from uppsikt.core.kept_pages import kept_page
from uppsikt.core.parsing import parse_id
from uppsikt.documents import pdf as pdf_writer
from uppsikt.documents import selectors as doc_selectors
from uppsikt.followup.models import ItemKind, ReportingPeriod, ScaleLevel
from uppsikt.organisation import stepup
from uppsikt.organisation.models import Body, Person, Unit
from uppsikt.organisation.permissions import has_permission, require_permission

from . import documents, forms, papers, procedure, selectors, services
from .forms import ItemTextForm
from .models import DecisionAssignment, FloorMotion, Meeting, Vote


def _int(value) -> int:
    return parse_id(value, required=False) or 0


def _file(content: bytes, name: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_permission("meetings.view")
def index(request):
    organisation = request.organisation
    bodies = Body.objects.filter(organisation=organisation, is_active=True).order_by("position")
    manageable = [b for b in bodies if has_permission(request.user, "meetings.manage", b)]
    errors = []
    if request.method == "POST":
        form = forms.MeetingCreateForm(request.POST, bodies=manageable)
        data = form.cleaned_data if form.is_valid() else {}
        if not (data.get("body") and data.get("date") and data.get("start_time")):
            errors.append(_("Välj organ och ange datum och tid."))
        else:
            try:
                meeting = services.meeting_create(
                    actor=request.user,
                    body=data["body"],
                    date=data["date"],
                    start_time=data["start_time"],
                    place=data["place"],
                    minutes_kept_at=data.get("minutes_kept_at") or "",
                )
            except DomainError as exc:
                errors.append(exc.message)
            else:
                messages.success(request, _("Sammanträdet är planerat."))
                return redirect(meeting)
    return render(
        request,
        "meetings/index.html",
        {
            "meetings": selectors.meetings(organisation=organisation),
            "manageable": manageable,
            "errors": errors,
        },
    )


def _meeting(request, pk: int) -> Meeting:
    return selectors.meeting_get(organisation=request.organisation, pk=pk)


@kept_page
@require_permission("meetings.view")
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    can_manage = has_permission(request.user, "meetings.manage", meeting.body)
    # each list read once and handed to what needs it (docs/planning.md, *CPU per request*)
    signers = selectors.signers(meeting=meeting)
    approvers = [p for p, role in signers if role == "approver"]
    signer_ids = {p.pk for p, _role in signers}
    signed = {
        a.person_id: a for a in meeting.approvals.filter(item__isnull=True).select_related("person")
    }
    attendance = selectors.attendance(meeting=meeting)
    serving, seats, quorate = procedure.quorum(attendance)
    agenda = selectors.agenda(meeting=meeting)
    items = selectors.items_of(meeting=meeting)
    upcoming = meeting.status in (Meeting.Status.PLANNED, Meeting.Status.SUMMONED)
    present = [a for a in attendance if a.present and a.role != a.Role.OFFICIAL]
    hidden_agenda, withheld_items = selectors.withheld_on_meeting(
        actor=request.user, meeting=meeting, agenda=agenda, items=items
    )
    me = selectors.person_of(request.user) if meeting.status == Meeting.Status.HELD else None
    agenda_order = ",".join(str(a.pk) for a in agenda)
    can_reorder = can_manage and upcoming and len(agenda) > 1
    agenda_rows = render_fragment(
        "meetings/agenda_rows.html",
        {
            "agenda": agenda,
            # the § of each agenda item that has one (reverse one-to-one, read with the agenda)
            "numbered": {
                a.pk: a.minutes_item for a in agenda if getattr(a, "minutes_item", None) is not None
            },
            "hidden_agenda": hidden_agenda,
            "can_manage": can_manage,
            "upcoming": upcoming,
            "can_reorder": can_reorder,
            "agenda_order": agenda_order,
            "move_url": reverse("meetings:meeting_agenda_move", args=[meeting.pk]),
            "withdraw_url": reverse("meetings:meeting_agenda_withdraw", args=[meeting.pk]),
        },
        request,
    )
    minutes_rows = render_fragment(
        "meetings/minutes_rows.html", {"items": items, "withheld_items": withheld_items}, request
    )
    members = [a for a in attendance if a.role == a.Role.MEMBER]
    served_by = {a.serving_for_id: a.person for a in attendance if a.serving_for_id}
    attendance_rows = render_fragment(
        "meetings/attendance_rows.html",
        {
            "attendance": attendance,
            "served_by": served_by,
            "editable": can_manage and meeting.status != Meeting.Status.APPROVED,
            # the same options for every deputy: made once
            "member_options": format_html_join(
                "",
                '<option value="{}">{}</option>',
                ((m.person_id, m.person.full_name) for m in members),
            ),
            "t_yes": _("Ja"),
        },
        request,
    )
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "attendance_rows": attendance_rows,
            # approvers are chosen among those present; before attendance, among those called
            "approver_choices": [
                a
                for a in (present or [a for a in attendance if a.role != a.Role.OFFICIAL])
                if a.person_id != meeting.chair_id
            ],
            "approvers": approvers,
            "approver_ids": {p.pk for p in approvers},
            "agenda": agenda,
            "agenda_rows": agenda_rows,
            "agenda_order": agenda_order,
            "can_reorder": can_reorder,
            "upcoming": upcoming,
            "summons_recipients": selectors.summons_recipients(meeting=meeting),
            # titles withheld: the agenda items (a secret case, a withheld §) and the §
            "hidden_agenda": hidden_agenda,
            "withheld_items": withheld_items,
            "items": items,
            "minutes_rows": minutes_rows,
            "ready": selectors.proposals_ready(meeting=meeting, actor=request.user)
            if can_manage
            else [],
            "can_manage": can_manage,
            "delegated": selectors.delegated_decisions_to_list(body=meeting.body).count()
            if can_manage
            else 0,
            "can_sign": me is not None
            and me.pk in signer_ids
            and me.pk not in signed
            and meeting.status == Meeting.Status.HELD
            and has_permission(request.user, "meetings.approve", meeting.body),
            "signers": signers,
            "signed": signed,
            "eid_available": stepup.available(),
            "eid_required": stepup.required(),
            "quorum": (serving, seats, quorate),
            # the secretary: an official present, or the one already chosen
            "secretaries": list(
                {
                    p.pk: p
                    for p in [
                        *([meeting.secretary] if meeting.secretary_id else []),
                        *(a.person for a in attendance if a.role == a.Role.OFFICIAL and a.present),
                    ]
                }.values()
            ),
            "officials": Person.objects.filter(organisation=meeting.organisation, title__gt="")
            .exclude(pk__in=[a.person_id for a in attendance])
            .order_by("last_name", "first_name"),
            "pdf_available": pdf_writer.available(),
        },
    )


@require_permission("meetings.view")
def summons_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    if not pdf_writer.available():
        raise Http404
    return _file(*documents.summons_file(meeting))


@require_permission("meetings.view")
def minutes_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    if not pdf_writer.available():
        raise Http404
    _, withheld = selectors.withheld_on_meeting(actor=request.user, meeting=meeting)
    doc = documents.minutes_document(meeting, withheld=withheld)
    return _file(*documents.write(doc, "pdf", organisation_id=meeting.organisation_id))


def _item(request, pk: int):
    return selectors.item_get(organisation=request.organisation, pk=pk)


@kept_page
@require_permission("meetings.view")
def item_detail(request, pk: int):
    item = selectors.item_full_get(organisation=request.organisation, pk=pk)
    return _item_page(request, item, full=True)


def _item_page(
    request, item, *, form: ItemTextForm | None = None, status: int = 200, full: bool = False
):
    """The item's page; ``form`` is the text form as submitted, shown again when refused;
    ``full``: ``item`` is read by ``selectors.item_full_get`` in this request already."""
    if not full:
        item = selectors.item_full(item=item)
    meeting = item.meeting
    can_manage = has_permission(request.user, "meetings.manage", item.body)
    withheld = selectors.item_withheld(actor=request.user, item=item)
    signed_ids = {a.person_id for a in item.approvals.all()}
    signers = selectors.signers(meeting=meeting)
    attendance = selectors.attendance(meeting=meeting)
    # the bodies whose secret § the reader may see, for both lists of assignments
    body_ids = selectors.secret_body_ids(actor=request.user, organisation=meeting.organisation)
    registered = {a.point for a in item.assignments_given.all()}
    points = [
        (i, p, procedure.gives_assignment(p) and i not in registered)
        for i, p in enumerate(item.decision_points, start=1)
    ]
    return render(
        request,
        "meetings/item.html",
        {
            "item": item,
            "meeting": meeting,
            "withheld": withheld,
            "can_manage": can_manage and not withheld,
            "editable": can_manage and not withheld and not item.approved,
            "can_sign_now": not withheld
            and papers.may_sign_item(
                actor=request.user, item=item, signers=signers, signed_ids=signed_ids
            ),
            "eid_available": stepup.available(),
            "eid_required": stepup.required(),
            "serving": [a for a in attendance if a.serves],
            "present": [a for a in attendance if a.present],
            "questions": procedure.questions(list(item.motions.all())),
            "motion_kinds": FloorMotion.Kind.choices,
            "vote_methods": Vote.Method.choices,
            "points": points,
            "bodies": Body.objects.filter(organisation=meeting.organisation).order_by("position"),
            "units": Unit.objects.filter(organisation=meeting.organisation, depth__lte=1),
            # the earlier open assignments, and those this § closed: none given by a § withheld
            # from the reader (``selectors.assignments_readable``)
            "open_assignments": selectors.open_assignments(
                organisation=meeting.organisation, actor=request.user, body_ids=body_ids
            )
            .exclude(given_by=item)
            .filter(given_by__meeting__date__lt=meeting.date),
            "closed_assignments": selectors.assignments_readable(
                item.assignments_closed.all(),
                actor=request.user,
                organisation=meeting.organisation,
                body_ids=body_ids,
            ),
            "signers": signers,
            "signed_ids": signed_ids,
            "pdf_available": pdf_writer.available(),
            "add_assignment": [p for p in points if p[2]],
            "text_form": form or ItemTextForm(item=item),
        },
        status=status,
    )


@require_permission("meetings.view")
def extract(request, pk: int, fmt: str):
    item = _item(request, pk)
    if selectors.item_withheld(actor=request.user, item=item):
        raise PermissionDenied
    if fmt not in ("pdf", "docx"):
        raise Http404
    sealed = selectors.extract_sealed(item=item) if fmt == "pdf" and item.approved_at else None
    if sealed is not None:  # the sealed PDF/A, once the sealing job has made it
        name = f"protokollsutdrag-{item.meeting.date.isoformat()}-{item.pk}-forseglat.pdf"
        return _file(doc_selectors.rendered_content(sealed), name, "application/pdf")
    if fmt == "pdf" and not pdf_writer.available():
        raise Http404
    return _file(*documents.extract_file(selectors.item_full(item=item), fmt))


@require_permission("meetings.view")
def assignments(request):
    organisation = request.organisation
    state = request.GET.get("lage", "")
    source = request.GET.get("kalla", "")
    recipient = request.GET.get("mottagare", "")
    rows = selectors.assignment_list(
        organisation=organisation,
        actor=request.user,
        state=state if state in ("open", "overdue", "completed") else "",
        source=source if source in ("plan", "decision") else "",
    )
    recipients = sorted({r.recipient for r in rows})
    if recipient:
        rows = [r for r in rows if r.recipient == recipient]
    return render(
        request,
        "meetings/assignments.html",
        {
            "rows": rows,
            "state": state,
            "source": source,
            "recipient": recipient,
            "recipients": recipients,
        },
    )


@require_permission("meetings.view")
def assignment_detail(request, pk: int):
    organisation = request.organisation
    assignment = selectors.decision_assignment_get(organisation=organisation, pk=pk)
    if selectors.item_withheld(actor=request.user, item=assignment.given_by):
        raise PermissionDenied
    can_report = selectors.can_report(request.user, assignment)
    periods = ReportingPeriod.objects.filter(
        organisation=organisation, year__gte=assignment.given_by.meeting.date.year
    ).order_by("year", "last_month")
    levels = ScaleLevel.objects.filter(
        organisation=organisation, item_kind=ItemKind.ASSIGNMENT
    ).order_by("position")
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        try:
            period = periods.filter(pk=_int(request.POST.get("period"))).first()
            status = levels.filter(pk=_int(request.POST.get("status"))).first()
            if period is None or status is None:
                raise DomainError(_("Välj period och bedömning."))
            services.assignment_report(
                actor=request.user,
                assignment=assignment,
                period=period,
                status=status,
                comment=request.POST.get("comment", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Återrapporten är sparad."))
        return redirect("meetings:assignment", pk=assignment.pk)
    return render(
        request,
        "meetings/assignment.html",
        {
            "a": assignment,
            "reports": assignment.reports.select_related("period", "status"),
            "periods": periods,
            "levels": levels,
            "can_report": can_report and assignment.state == DecisionAssignment.State.OPEN,
        },
    )
