"""Pages of meetings and minutes. Thin: each POST names one action, which one service does."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.cases import selectors as case_selectors
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.parsing import parse_id, parse_ids, parse_int
from uppsikt.documents import pdf as pdf_writer
from uppsikt.followup.models import ItemKind, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Person, Unit
from uppsikt.organisation.permissions import has_permission, require_permission
from uppsikt.organisation.views import organisation_or_404

from . import documents, procedure, selectors, services
from .forms import ItemTextForm
from .models import AgendaItem, Approval, DecisionAssignment, FloorMotion, Meeting, Vote


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _int(value) -> int:
    return parse_id(value, required=False) or 0


def _lines(value: str) -> list[str]:
    return [line.strip(" •-\t") for line in (value or "").splitlines() if line.strip(" •-\t")]


def _file(content: bytes, name: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_permission("meetings.view")
def index(request):
    organisation = organisation_or_404()
    bodies = Body.objects.filter(organisation=organisation, is_active=True).order_by("position")
    manageable = [b for b in bodies if has_permission(request.user, "meetings.manage", b)]
    errors = []
    if request.method == "POST":
        body = next((b for b in manageable if b.code == request.POST.get("body")), None)
        date = _date(request.POST.get("date", ""))
        try:
            start = dt.time.fromisoformat(request.POST.get("start_time", ""))
        except ValueError:
            start = None
        if body is None or date is None or start is None:
            errors.append(_("Välj organ och ange datum och tid."))
        else:
            try:
                meeting = services.meeting_create(
                    actor=request.user,
                    body=body,
                    date=date,
                    start_time=start,
                    place=request.POST.get("place", ""),
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


def _meeting(pk: int) -> Meeting:
    return selectors.meeting_get(organisation=organisation_or_404(), pk=pk)


@require_permission("meetings.view")
def meeting_detail(request, pk: int):
    meeting = _meeting(pk)
    can_manage = has_permission(request.user, "meetings.manage", meeting.body)
    me = selectors.person_of(request.user)
    signer_ids = {p.pk for p, _role in selectors.signers(meeting=meeting)}
    signed = {
        a.person_id: a for a in meeting.approvals.filter(item__isnull=True).select_related("person")
    }
    serving, seats, quorate = selectors.quorum(meeting)
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "attendance": selectors.attendance(meeting=meeting),
            "agenda": selectors.agenda(meeting=meeting),
            "hidden": selectors.hidden_case_ids(actor=request.user, meeting=meeting),
            "items": selectors.items(meeting=meeting),
            "ready": case_selectors.proposals_ready_for_meeting(body=meeting.body).exclude(
                agenda_items__meeting=meeting
            )
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
            "signers": selectors.signers(meeting=meeting),
            "signed": signed,
            "quorum": (serving, seats, quorate),
            "officials": Person.objects.filter(
                organisation=meeting.organisation, title__gt=""
            ).order_by("last_name"),
            "pdf_available": pdf_writer.available(),
        },
    )


def _people(meeting: Meeting, ids) -> list[Person]:
    wanted = parse_ids(ids)
    return list(Person.objects.filter(organisation=meeting.organisation, pk__in=wanted))


@require_POST
@require_permission("meetings.view")
def meeting_action(request, pk: int):
    meeting = _meeting(pk)
    action = request.POST.get("action", "")
    data = request.POST
    user = request.user
    try:
        if action == "agenda_proposal":
            proposal = get_object_or_404(
                DecisionProposal,
                pk=parse_id(data.get("proposal")),
                case__organisation=meeting.organisation,
            )
            services.agenda_add(actor=user, meeting=meeting, proposal=proposal)
        elif action == "agenda_information":
            services.agenda_add(
                actor=user,
                meeting=meeting,
                title=data.get("title", ""),
                kind=AgendaItem.Kind.INFORMATION,
            )
        elif action == "agenda_delegated":
            services.agenda_add_delegated_decisions(actor=user, meeting=meeting)
        elif action == "agenda_withdraw":
            item = get_object_or_404(
                AgendaItem, pk=parse_id(data.get("agenda_item")), meeting=meeting
            )
            services.agenda_withdraw(actor=user, agenda_item=item)
        elif action == "notice_send":
            services.notice_send(actor=user, meeting=meeting)
            messages.success(request, _("Kallelsen är skickad."))
        elif action == "attendance":
            services.attendance_record(
                actor=user,
                meeting=meeting,
                present=parse_ids(data.getlist("present")),
                officials=_people(meeting, data.getlist("officials")),
            )
            messages.success(request, _("Närvaron är sparad."))
        elif action == "hold":
            services.meeting_hold(actor=user, meeting=meeting)
            messages.success(request, _("Sammanträdet är öppnat och paragraferna numrerade."))
        elif action == "approvers":
            chair = _people(meeting, [data.get("chair", "")])
            services.meeting_set_approvers(
                actor=user,
                meeting=meeting,
                chair=chair[0] if chair else None,
                approvers=_people(meeting, data.getlist("approvers")),
            )
            messages.success(request, _("Ordförande och justerare är sparade."))
        elif action == "sign":
            services.minutes_approve(actor=user, meeting=meeting)
            messages.success(request, _("Du har justerat protokollet."))
        elif action == "sign_paper":
            person = _people(meeting, [data.get("person", "")])
            services.minutes_approve(
                actor=user,
                meeting=meeting,
                person=person[0] if person else None,
                method=Approval.Method.ON_PAPER,
            )
            messages.success(request, _("Signaturen är registrerad."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(meeting)


@require_permission("meetings.view")
def notice_pdf(request, pk: int):
    meeting = _meeting(pk)
    if not pdf_writer.available():
        raise Http404
    return _file(*documents.notice_file(meeting))


@require_permission("meetings.view")
def minutes_pdf(request, pk: int):
    meeting = _meeting(pk)
    if not pdf_writer.available():
        raise Http404
    doc = documents.minutes_document(meeting, public=not _sees_all(request.user, meeting))
    return _file(*documents.write(doc, "pdf"))


def _sees_all(actor, meeting: Meeting) -> bool:
    return all(
        not selectors.item_withheld(actor=actor, item=i)
        for i in meeting.items.select_related("case")
    )


def _item(pk: int):
    return selectors.item_get(organisation=organisation_or_404(), pk=pk)


@require_permission("meetings.view")
def item_detail(request, pk: int):
    return _item_page(request, _item(pk))


def _item_page(request, item, *, form: ItemTextForm | None = None, status: int = 200):
    """The item's page; ``form`` is the text form as submitted, shown again when refused."""
    item = selectors.item_full(item=item)
    meeting = item.meeting
    can_manage = has_permission(request.user, "meetings.manage", item.body)
    withheld = selectors.item_withheld(actor=request.user, item=item)
    me = selectors.person_of(request.user)
    signer_ids = {p.pk for p, _role in selectors.signers(meeting=meeting)}
    signed_ids = {a.person_id for a in item.approvals.all()}
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
            "can_sign_now": me is not None
            and me.pk in signer_ids
            and me.pk not in signed_ids
            and not item.approved
            and meeting.status == Meeting.Status.HELD
            and has_permission(request.user, "meetings.approve", item.body),
            "serving": [a for a in selectors.attendance(meeting=meeting) if a.serves],
            "present": [a for a in selectors.attendance(meeting=meeting) if a.present],
            "questions": procedure.questions(list(item.motions.all())),
            "motion_kinds": FloorMotion.Kind.choices,
            "vote_methods": Vote.Method.choices,
            "points": points,
            "bodies": Body.objects.filter(organisation=meeting.organisation).order_by("position"),
            "units": Unit.objects.filter(organisation=meeting.organisation, depth__lte=1),
            "open_assignments": selectors.open_assignments(organisation=meeting.organisation)
            .exclude(given_by=item)
            .filter(given_by__meeting__date__lt=meeting.date),
            "signers": selectors.signers(meeting=meeting),
            "signed_ids": signed_ids,
            "pdf_available": pdf_writer.available(),
            "add_assignment": [p for p in points if p[2]],
            "text_form": form or ItemTextForm(item=item),
        },
        status=status,
    )


def _item_text_save(request, item):
    """Save the item's text from its form; refused (stale version, approved item, invalid
    input), the page shows the form again with what was written and why."""
    form = ItemTextForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(request, _("Rätta uppgifterna i formuläret."))
        return _item_page(request, item, form=form, status=400)
    data = form.cleaned_data
    try:
        services.item_update(
            actor=request.user,
            item=item,
            version=data["version"],
            matter=data["matter"],
            decision_intro=data["decision_intro"],
            decision_points=data["decision_points"],
            procedure=data["procedure"],
            dispatch_to=data["dispatch_to"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        status = 403 if isinstance(exc, NotPermitted) else 409
        return _item_page(request, item, form=form, status=status)
    messages.success(request, _("Paragrafen är sparad."))
    return redirect(item)


@require_POST
@require_permission("meetings.view")
def item_action(request, pk: int):
    item = _item(pk)
    if selectors.item_withheld(actor=request.user, item=item):
        raise PermissionDenied
    action = request.POST.get("action", "")
    data = request.POST
    user = request.user
    meeting = item.meeting

    def person(field: str = "person"):
        found = _people(meeting, [data.get(field, "")])
        if not found:
            raise DomainError(_("Välj en person."))
        return found[0]

    if action == "update":
        return _item_text_save(request, item)
    try:
        if action == "motion":
            services.motion_add(
                actor=user,
                item=item,
                person=person(),
                kind=data.get("kind", ""),
                text=data.get("text", ""),
                points=_lines(data.get("points", "")),
            )
        elif action == "motion_withdraw":
            motion = get_object_or_404(FloorMotion, pk=parse_id(data.get("motion")), item=item)
            services.motion_withdraw(actor=user, motion=motion)
        elif action == "decide":
            motions = {m.pk: m for m in item.motions.all()}
            won = data.get("won", "")
            services.item_decide(
                actor=user,
                item=item,
                motion_won=motions.get(parse_id(won, required=False)),
                additions_adopted=[
                    motions[x] for x in parse_ids(data.getlist("additions")) if x in motions
                ],
            )
        elif action == "vote":
            casts = {
                parse_id(key[5:]): value
                for key, value in data.items()
                if key.startswith("cast-") and value
            }
            services.vote_record(
                actor=user,
                item=item,
                method=data.get("method", ""),
                yes_means=data.get("yes_means", ""),
                no_means=data.get("no_means", ""),
                casts=casts,
            )
        elif action == "dissent":
            services.dissent_add(
                actor=user, item=item, person=person(), reason=data.get("text", "")
            )
        elif action == "note":
            services.note_add(actor=user, item=item, person=person(), text=data.get("text", ""))
        elif action == "recusal":
            services.recusal_add(actor=user, item=item, person=person())
        elif action == "sign_now":
            services.item_approve_immediately(actor=user, item=item)
        elif action == "sign_now_paper":
            services.item_approve_immediately(
                actor=user, item=item, person=person(), method=Approval.Method.ON_PAPER
            )
        elif action == "correct":
            services.correction_add(
                actor=user, item=item, text=data.get("text", ""), reason=data.get("reason", "")
            )
        elif action == "dispatch":
            services.dispatch_record(
                actor=user,
                item=item,
                recipient=data.get("recipient", ""),
                email=data.get("email", ""),
                fmt=data.get("fmt", "pdf"),
            )
            messages.success(request, _("Utdraget är expedierat."))
        elif action == "assignment":
            body = Body.objects.filter(organisation=meeting.organisation, pk=_int(data.get("body")))
            unit = Unit.objects.filter(organisation=meeting.organisation, pk=_int(data.get("unit")))
            services.assignment_create(
                actor=user,
                item=item,
                point=parse_int(data.get("point"), minimum=0, maximum=32767, default=0),
                recipient_body=body.first(),
                recipient_unit=unit.first(),
                due_date=_date(data.get("due_date", "")),
            )
        elif action == "close_assignment":
            assignment = get_object_or_404(
                DecisionAssignment,
                pk=parse_id(data.get("assignment")),
                organisation=meeting.organisation,
            )
            services.assignment_close(actor=user, assignment=assignment, closing_item=item)
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(item)


@require_permission("meetings.view")
def extract(request, pk: int, fmt: str):
    item = _item(pk)
    if selectors.item_withheld(actor=request.user, item=item):
        raise PermissionDenied
    if fmt not in ("pdf", "docx") or (fmt == "pdf" and not pdf_writer.available()):
        raise Http404
    return _file(*documents.extract_file(selectors.item_full(item=item), fmt))


@require_permission("meetings.view")
def assignments(request):
    organisation = organisation_or_404()
    state = request.GET.get("lage", "")
    source = request.GET.get("kalla", "")
    recipient = request.GET.get("mottagare", "")
    rows = selectors.assignment_list(
        organisation=organisation,
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
    organisation = organisation_or_404()
    assignment = selectors.decision_assignment_get(organisation=organisation, pk=pk)
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
