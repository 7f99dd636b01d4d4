"""The actions on a case, a record and a proposal: one URL, one form and one view each, and each
view calls one service. A refusal (of the form or the service) is a message on the page the
action came from."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import require_permission

from . import selectors, services
from .forms import (
    ActionForm,
    AttachForm,
    CaseVoidForm,
    EmptyForm,
    ProposalTransitionForm,
    RecordSecrecyForm,
)
from .proposal_views import _proposal
from .views import _case


def _act(request, target, form: ActionForm, call, success: str = "", refused: str = ""):
    """Validate ``form`` and make its one service call, ``call(cleaned_data)``; the form's
    refusal (``refused``, or its own message) or the service's is shown on ``target``'s page."""
    if not form.is_valid():
        messages.error(request, refused or form.error_message())
    else:
        try:
            done = call(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if success:
                messages.success(request, success(done) if callable(success) else success)
    return redirect(target)


# ---------------------------------------------------------------------------------------------
# A case's status and path


@require_POST
@require_permission("cases.register")
def case_close(request, number: str):
    case = _case(request, number)
    return _act(
        request,
        case,
        EmptyForm(request.POST),
        lambda data: services.case_close(actor=request.user, case=case),
        _("Ärendet är avslutat."),
    )


@require_POST
@require_permission("cases.register")
def case_reopen(request, number: str):
    case = _case(request, number)
    return _act(
        request,
        case,
        EmptyForm(request.POST),
        lambda data: services.case_reopen(actor=request.user, case=case),
        _("Ärendet är återöppnat."),
    )


@require_POST
@require_permission("cases.register")
def case_void(request, number: str):
    case = _case(request, number)
    return _act(
        request,
        case,
        CaseVoidForm(request.POST),
        lambda data: services.case_void(actor=request.user, case=case, reason=data["reason"]),
        _("Registreringen är makulerad; numret används inte igen."),
    )


@require_POST
@require_permission("cases.register")
def case_advance(request, number: str):
    case = _case(request, number)
    return _act(
        request,
        case,
        EmptyForm(request.POST),
        lambda data: services.case_advance(actor=request.user, case=case),
        _("Ärendet har gått vidare till nästa steg."),
    )


# ---------------------------------------------------------------------------------------------
# A record


@require_POST
@require_permission("cases.register")
def record_secrecy(request, number: str, sequence: int):
    record = selectors.record_get(case=_case(request, number), sequence=sequence)
    return _act(
        request,
        record,
        RecordSecrecyForm(request.POST),
        lambda data: services.record_set_secrecy(actor=request.user, record=record, **data),
        _("Handlingens sekretess är ändrad."),
    )


@require_POST
@require_permission("cases.register")
def record_attach(request, number: str, sequence: int):
    record = selectors.record_get(case=_case(request, number), sequence=sequence)
    return _act(
        request,
        record,
        AttachForm(request.POST, request.FILES),
        lambda data: services.record_attach(actor=request.user, record=record, upload=data["file"]),
        lambda stored: _("Filen %(name)s är bifogad.") % {"name": stored.name},
        refused=_("Välj en fil att bifoga."),
    )


# ---------------------------------------------------------------------------------------------
# A proposal's status


@require_POST
@require_permission("cases.register")
def proposal_transition(request, pk: int):
    proposal = _proposal(request, pk)
    return _act(
        request,
        proposal,
        ProposalTransitionForm(request.POST, reviewers=selectors.reviewers_for(proposal=proposal)),
        lambda data: services.proposal_transition(
            actor=request.user, proposal=proposal, to=data["to"], reviewer=data["reviewer"]
        ),
        lambda done: _transition_done(done.status),
    )


def _transition_done(status: str) -> str:
    return {
        "review": _("Beslutsförslaget är skickat på granskning."),
        "draft": _("Beslutsförslaget är tillbaka som utkast."),
        "final": _("Beslutsförslaget är slutligt och klart för sammanträde."),
    }[status]
