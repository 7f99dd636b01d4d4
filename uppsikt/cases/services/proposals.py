"""Decision proposals (beslutsförslag): created, saved as new versions, sent for review,
returned to draft or made final."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.notifications.models import Kind as NotificationKind
from uppsikt.notifications.services import notify
from uppsikt.organisation.models import Body, Person
from uppsikt.organisation.permissions import has_permission

from .. import secrecy, selectors
from ..models import Case, DecisionProposal, Record
from ._base import _ensure_can_work_on, _same_organisation
from .impact_assessments import impact_assessment_templates_ensure
from .proposal_versions import (
    _check_proposal_version,
    _keep_version,
    _lock_proposal,
    _write_impact_text,
)


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(str(line).split()) for line in lines if str(line).strip()]


def _signatories(people: Iterable[Person]) -> list[dict]:
    # names and titles as they are when the proposal is written: a document keeps them
    return [{"person": p.pk, "name": p.full_name, "title": p.title} for p in people]


@transaction.atomic
def proposal_create(
    *,
    actor,
    case: Case,
    title: str,
    body: Body | None = None,
    date: dt.date | None = None,
    decision_intro: str = "",
) -> DecisionProposal:
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status != Case.Status.OPEN:
        raise InvalidTransition(_("Beslutsförslag skrivs bara i pågående ärenden."))
    body = body or case.body
    _same_organisation(case.organisation, body)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Beslutsförslaget behöver en rubrik."))
    impact_assessment_templates_ensure(actor=actor, organisation=case.organisation)
    proposal = DecisionProposal.objects.create(
        case=case,
        body=body,
        title=title,
        date=date or timezone.localdate(),
        decision_intro=(decision_intro or "").strip() or f"{body.name} beslutar att",
        signatories=_signatories([case.officer] if case.officer else []),
    )
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="proposal.create", obj=proposal)
    return proposal


PROPOSAL_TEXT_FIELDS = (
    "title",
    "decision_intro",
    "summary",
    "background",
    "considerations",
    "economic_consequences",
)


@transaction.atomic
def proposal_update(
    *,
    actor,
    proposal: DecisionProposal,
    expected_version: int | None = None,
    date: dt.date | None = None,
    decision_points: Sequence[str] | None = None,
    basis: Iterable[Record] | None = None,
    dispatch_to: Sequence[str] | None = None,
    signatories: Iterable[Person] | None = None,
    attachments: Sequence[str] | None = None,
    **texts: str,
) -> DecisionProposal:
    """Save a draft (or a proposal under review); every save is kept as a new version."""
    proposal = _lock_proposal(actor, proposal)
    if proposal.locked:
        raise InvalidTransition(_("Beslutsförslaget är slutligt och kan inte ändras."))
    _check_proposal_version(proposal, expected_version)
    before = snapshot(proposal)
    _set_texts(proposal, texts)
    if date is not None:
        proposal.date = date
    lists = {
        "decision_points": decision_points,
        "dispatch_to": dispatch_to,
        "attachments": attachments,
    }
    for name, lines in lists.items():
        if lines is not None:
            setattr(proposal, name, _clean_lines(lines))
    if signatories is not None:
        people = list(signatories)
        _same_organisation(proposal.case.organisation, *people)
        proposal.signatories = _signatories(people)
    if basis is not None:
        _set_basis(actor, proposal, list(basis))
    proposal.version += 1
    proposal.save()
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="proposal.update", obj=proposal, before=before)
    return proposal


def _set_texts(proposal: DecisionProposal, texts: dict[str, str]) -> None:
    unknown = set(texts) - set(PROPOSAL_TEXT_FIELDS)
    if unknown:
        raise DomainError(_("Fälten kan inte ändras: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in texts.items():
        setattr(proposal, name, (value or "").strip())
    if not proposal.title:
        raise DomainError(_("Beslutsförslaget behöver en rubrik."))


def _set_basis(actor, proposal: DecisionProposal, records: list[Record]) -> None:
    if any(r.case_id != proposal.case_id for r in records):
        raise DomainError(_("Beslutsunderlaget ska vara handlingar i samma ärende."))
    # the body's members read the basis of a proposal sent to their meeting: only someone
    # who may read a record lets them (one already there stays when another saves)
    present = set(proposal.basis.values_list("pk", flat=True))
    for record in records:
        if record.pk not in present:
            secrecy.ensure_can_see_record(actor, record)
    proposal.basis.set(records)


PROPOSAL_TRANSITIONS = {
    "review": (DecisionProposal.Status.REVIEW, {DecisionProposal.Status.DRAFT}),
    "draft": (DecisionProposal.Status.DRAFT, {DecisionProposal.Status.REVIEW}),
    "final": (
        DecisionProposal.Status.FINAL,
        {DecisionProposal.Status.DRAFT, DecisionProposal.Status.REVIEW},
    ),
}


@transaction.atomic
def proposal_transition(
    *, actor, proposal: DecisionProposal, to: str, reviewer=None
) -> DecisionProposal:
    """Send for review (to ``reviewer``, who is notified, when one is chosen), return to
    draft, or finalise (locks the proposal for good)."""
    proposal = _lock_proposal(actor, proposal)
    if to not in PROPOSAL_TRANSITIONS:
        raise InvalidTransition(_("Okänd statusändring."))
    if reviewer is not None and (to != "review" or not _may_review(reviewer, proposal)):
        raise DomainError(_("Den valda granskaren kan inte granska förslaget."))
    status, allowed_from = PROPOSAL_TRANSITIONS[to]
    if proposal.status not in allowed_from:
        raise InvalidTransition(
            _("Ett beslutsförslag med status %(s)s kan inte få den nya statusen.")
            % {"s": proposal.get_status_display()}
        )
    if status == DecisionProposal.Status.FINAL:
        missing = selectors.proposal_missing(proposal)
        if missing:
            raise DomainError(
                _("Beslutsförslaget kan inte göras slutligt. Det saknas: %(m)s.")
                % {"m": "; ".join(str(m) for m in missing)},
                errors=[str(m) for m in missing],
            )
        _write_impact_text(proposal)
        proposal.finalised_at = timezone.now()
    before = snapshot(proposal)
    proposal.status = status
    proposal.reviewer = reviewer if to == "review" else None
    proposal.version += 1
    proposal.save(
        update_fields=[
            "status",
            "impact_text",
            "finalised_at",
            "reviewer",
            "version",
            "updated_at",
        ]
    )
    _keep_version(proposal, actor)
    audit_record(actor=actor, action=f"proposal.{to}", obj=proposal, before=before)
    if reviewer is not None:
        _notify_reviewer(actor, proposal, reviewer)
    return proposal


def _may_review(user, proposal: DecisionProposal) -> bool:
    return (
        user.is_active
        and has_permission(user, "cases.view")
        and selectors.may_review(user, proposal)
    )


def _notify_reviewer(actor, proposal: DecisionProposal, reviewer) -> None:
    case = proposal.case
    notify(
        organisation=case.organisation,
        kind=NotificationKind.PROPOSAL_REVIEW,
        obj=proposal,
        title=_("Beslutsförslag att granska: %(title)s (%(number)s)")
        % {"title": proposal.title, "number": case.number},
        url=proposal.get_absolute_url(),
        recipients=[reviewer],
        entitled=lambda user: _may_review(user, proposal),
        exclude=actor,
    )


# ---------------------------------------------------------------------------------------------
