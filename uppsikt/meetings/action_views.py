"""The actions on a meeting and on its minutes items: one URL, one form and one view each, and
each view calls one service. A refusal (of the form or the service) is a message on the page
the action came from."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.cases.models import DecisionProposal
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.organisation import stepup
from uppsikt.organisation.models import Body, Unit
from uppsikt.organisation.permissions import has_permission, require_permission

from . import forms, selectors, services
from .forms import ItemTextForm
from .models import AgendaItem, Approval, DecisionAssignment, FloorMotion
from .views import _item, _item_page, _meeting


def _act(request, target, form, call, success: str = ""):
    """Validate ``form`` and make its one service call, ``call(cleaned_data)``; the form's
    refusal or the service's is shown as a message on ``target``'s page."""
    if not form.is_valid():
        messages.error(request, form.error_message())
    else:
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if success:
                messages.success(request, success)
    return redirect(target)


def _meeting_post(request, pk: int, form_class: type[forms.ActionForm]):
    meeting = _meeting(request, pk)
    return meeting, form_class(request.POST, organisation=meeting.organisation)


@require_POST
@require_permission("meetings.view")
def meeting_agenda_proposal(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.AgendaProposalForm)

    def call(data):
        proposal = get_object_or_404(
            DecisionProposal, pk=data["proposal"], case__organisation=meeting.organisation
        )
        services.agenda_add(actor=request.user, meeting=meeting, proposal=proposal)

    return _act(request, meeting, form, call)


@require_POST
@require_permission("meetings.view")
def meeting_agenda_information(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.AgendaInformationForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.agenda_add(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            kind=AgendaItem.Kind.INFORMATION,
        ),
    )


@require_POST
@require_permission("meetings.view")
def meeting_agenda_delegated(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.EmptyForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.agenda_add_delegated_decisions(actor=request.user, meeting=meeting),
    )


@require_POST
@require_permission("meetings.view")
def meeting_agenda_withdraw(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.AgendaWithdrawForm)

    def call(data):
        agenda_item = get_object_or_404(AgendaItem, pk=data["agenda_item"], meeting=meeting)
        services.agenda_withdraw(actor=request.user, agenda_item=agenda_item)

    return _act(request, meeting, form, call)


@require_POST
@require_permission("meetings.view")
def meeting_agenda_move(request, pk: int):
    """Move an agenda item one place up or down (the buttons of each row, and the drag and drop
    that posts the same form)."""
    meeting, form = _meeting_post(request, pk, forms.AgendaMoveForm)

    def call(data):
        agenda_item = get_object_or_404(AgendaItem, pk=data["agenda_item"], meeting=meeting)
        services.agenda_move(
            actor=request.user,
            agenda_item=agenda_item,
            offset=data["direction"],
            seen_order=data["order"],
        )

    response = _act(request, meeting, form, call)
    if form.is_valid():
        response["Location"] += f"#agenda-{form.cleaned_data['agenda_item']}"
    return response


@require_POST
@require_permission("meetings.view")
def meeting_summons_send(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.EmptyForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.summons_send(actor=request.user, meeting=meeting),
        _("Kallelsen är skickad."),
    )


@require_POST
@require_permission("meetings.view")
def meeting_attendance(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.AttendanceForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.attendance_record(
            actor=request.user,
            meeting=meeting,
            present=data["present"],
            officials=data["officials"],
            serving_for=data["serving_for"],
        ),
        _("Närvaron är sparad."),
    )


@require_POST
@require_permission("meetings.view")
def meeting_hold(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.EmptyForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.meeting_hold(actor=request.user, meeting=meeting),
        _("Sammanträdet är öppnat och paragraferna numrerade."),
    )


@require_POST
@require_permission("meetings.view")
def meeting_approvers(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.ApproversForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.meeting_set_approvers(
            actor=request.user,
            meeting=meeting,
            chair=data["chair"],
            approvers=data["approvers"],
            **({"secretary": data["secretary"]} if "secretary" in request.POST else {}),
        ),
        _("Ordförande och justerare är sparade."),
    )


def _to_provider(request, target, form, data: dict, body: Body):
    """Send the person to the identity provider for a fresh sign-on with e-ID; the signature
    is made when the provider sends them back (``signed_with_eid``), by the service, which
    checks everything again."""
    if not form.is_valid():
        messages.error(request, form.error_message())
        return redirect(target)
    if not has_permission(request.user, "meetings.approve", body):
        messages.error(request, _("Du kan bara justera i eget namn."))
        return redirect(target)
    try:
        url = stepup.begin(
            request, purpose=EID_PURPOSE, data=data, return_to=target.get_absolute_url()
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    return stepup.to_provider(request, url)


EID_PURPOSE = "meetings.sign"


@require_POST
@require_permission("meetings.view")
def meeting_sign_eid(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.EmptyForm)
    return _to_provider(request, meeting, form, {"meeting": meeting.pk}, meeting.body)


def signed_with_eid(request, proof: stepup.Proof, data: dict):
    """The provider vouched for a fresh sign-on with e-ID: sign what was started, as the
    signed-in person (the services refuse anyone else)."""
    if "item" in data:
        item = _item_to_change(request, data["item"])
        return _act(
            request,
            item,
            forms.EmptyForm({}, organisation=item.meeting.organisation),
            lambda _data: services.item_approve_immediately(
                actor=request.user, item=item, method=Approval.Method.E_ID, proof=proof
            ),
            _("Du har justerat paragrafen med e-legitimation."),
        )
    meeting = _meeting(request, data["meeting"])
    return _act(
        request,
        meeting,
        forms.EmptyForm({}, organisation=meeting.organisation),
        lambda _data: services.minutes_approve(
            actor=request.user, meeting=meeting, method=Approval.Method.E_ID, proof=proof
        ),
        _("Du har justerat protokollet med e-legitimation."),
    )


@require_POST
@require_permission("meetings.view")
def meeting_sign_paper(request, pk: int):
    meeting, form = _meeting_post(request, pk, forms.PaperSignatureForm)
    return _act(
        request,
        meeting,
        form,
        lambda data: services.minutes_approve(
            actor=request.user,
            meeting=meeting,
            person=data["person"],
            method=Approval.Method.ON_PAPER,
        ),
        _("Signaturen är registrerad."),
    )


def _item_to_change(request, pk: int):
    """The item an action changes; one whose material the user may not see is not shown."""
    item = _item(request, pk)
    if selectors.item_withheld(actor=request.user, item=item):
        raise PermissionDenied
    return item


def _item_post(request, pk: int, form_class: type[forms.ActionForm]):
    item = _item_to_change(request, pk)
    return item, form_class(request.POST, organisation=item.meeting.organisation)


@require_POST
@require_permission("meetings.view")
def item_update(request, pk: int):
    """Save the item's text from its form; refused (stale version, approved item, invalid
    input), the page shows the form again with what was written and why."""
    item = _item_to_change(request, pk)
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
def item_motion(request, pk: int):
    item, form = _item_post(request, pk, forms.MotionForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.motion_add(
            actor=request.user,
            item=item,
            person=data["person"],
            kind=data["kind"],
            text=data["text"],
            points=data["points"],
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_motion_withdraw(request, pk: int):
    item, form = _item_post(request, pk, forms.MotionRefForm)

    def call(data):
        motion = get_object_or_404(FloorMotion, pk=data["motion"], item=item)
        services.motion_withdraw(actor=request.user, motion=motion)

    return _act(request, item, form, call)


@require_POST
@require_permission("meetings.view")
def item_decide(request, pk: int):
    item, form = _item_post(request, pk, forms.DecideForm)

    def call(data):
        motions = {m.pk: m for m in item.motions.all()}
        services.item_decide(
            actor=request.user,
            item=item,
            motion_won=motions.get(data["won"]),
            additions_adopted=[motions[x] for x in data["additions"] if x in motions],
        )

    return _act(request, item, form, call)


@require_POST
@require_permission("meetings.view")
def item_vote(request, pk: int):
    item, form = _item_post(request, pk, forms.VoteForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.vote_record(
            actor=request.user,
            item=item,
            method=data["method"],
            yes_means=data["yes_means"],
            no_means=data["no_means"],
            casts=data["casts"],
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_dissent(request, pk: int):
    item, form = _item_post(request, pk, forms.PersonTextForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.dissent_add(
            actor=request.user, item=item, person=data["person"], reason=data["text"]
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_note(request, pk: int):
    item, form = _item_post(request, pk, forms.PersonTextForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.note_add(
            actor=request.user, item=item, person=data["person"], text=data["text"]
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_recusal(request, pk: int):
    item, form = _item_post(request, pk, forms.PersonRequiredForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.recusal_add(actor=request.user, item=item, person=data["person"]),
    )


@require_POST
@require_permission("meetings.view")
def item_sign_eid(request, pk: int):
    item, form = _item_post(request, pk, forms.EmptyForm)
    return _to_provider(request, item, form, {"item": item.pk}, item.body)


@require_POST
@require_permission("meetings.view")
def item_sign_paper(request, pk: int):
    item, form = _item_post(request, pk, forms.PersonRequiredForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.item_approve_immediately(
            actor=request.user,
            item=item,
            person=data["person"],
            method=Approval.Method.ON_PAPER,
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_correct(request, pk: int):
    item, form = _item_post(request, pk, forms.CorrectionForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.correction_add(
            actor=request.user, item=item, text=data["text"], reason=data["reason"]
        ),
    )


@require_POST
@require_permission("meetings.view")
def item_dispatch(request, pk: int):
    item, form = _item_post(request, pk, forms.DispatchForm)
    return _act(
        request,
        item,
        form,
        lambda data: services.dispatch_record(
            actor=request.user,
            item=item,
            recipient=data["recipient"],
            email=data["email"],
            fmt=data["fmt"],
        ),
        _("Utdraget är expedierat."),
    )


@require_POST
@require_permission("meetings.view")
def item_assignment(request, pk: int):
    item, form = _item_post(request, pk, forms.AssignmentForm)
    organisation = item.meeting.organisation

    def call(data):
        services.assignment_create(
            actor=request.user,
            item=item,
            point=data["point"],
            recipient_body=Body.objects.filter(organisation=organisation, pk=data["body"]).first()
            if data["body"]
            else None,
            recipient_unit=Unit.objects.filter(organisation=organisation, pk=data["unit"]).first()
            if data["unit"]
            else None,
            due_date=data["due_date"],
        )

    return _act(request, item, form, call)


@require_POST
@require_permission("meetings.view")
def item_assignment_close(request, pk: int):
    item, form = _item_post(request, pk, forms.AssignmentCloseForm)

    def call(data):
        assignment = get_object_or_404(
            DecisionAssignment, pk=data["assignment"], organisation=item.meeting.organisation
        )
        services.assignment_close(actor=request.user, assignment=assignment, closing_item=item)

    return _act(request, item, form, call)
