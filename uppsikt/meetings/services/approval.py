"""Approval (justering) of the minutes and of single items, corrections, the notice board."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import is_system, user_or_none
from uppsikt.organisation import stepup
from uppsikt.organisation.models import Person
from uppsikt.organisation.permissions import ensure_can

from .. import dates, integrity
from ..models import (
    Approval,
    Correction,
    Meeting,
    MinutesItem,
    Notice,
)
from ..sealed import amending
from ._base import (
    _lock_item,
    _lock_meeting,
    _today,
)
from .seal import seal_after_commit


def _signer_role(meeting: Meeting, person: Person) -> str:
    if meeting.chair_id == person.pk:
        return Approval.Role.CHAIR
    if meeting.approvers.filter(pk=person.pk).exists():
        return Approval.Role.APPROVER
    raise NotPermitted(_("%(p)s är varken ordförande eller justerare.") % {"p": person})


def _signers(meeting: Meeting) -> set[int]:
    ids = set(meeting.approvers.values_list("pk", flat=True))
    if meeting.chair_id:
        ids.add(meeting.chair_id)
    return ids


def _who_signs(
    actor, meeting: Meeting, person: Person | None, method: str, proof: stepup.Proof | None
) -> Person:
    if method == Approval.Method.E_ID:
        if proof is None or is_system(actor):
            raise NotPermitted(_("Justering med e-legitimation kräver en ny inloggning."))
        return _own_person(actor, meeting, person)
    if proof is not None:
        raise DomainError(_("Okänt sätt att justera."))
    if method == Approval.Method.IN_SYSTEM:
        if is_system(actor):
            if person is None:
                raise DomainError(_("Ange vem som justerar."))
            return person
        if stepup.required():
            raise NotPermitted(_("Protokollet justeras med e-legitimation."))
        return _own_person(actor, meeting, person)
    if method == Approval.Method.ON_PAPER:
        ensure_can(actor, "meetings.manage", meeting.body)
        if person is None:
            raise DomainError(_("Ange vem som har signerat."))
        return person
    raise DomainError(_("Okänt sätt att justera."))


def _own_person(actor, meeting: Meeting, person: Person | None) -> Person:
    own = Person.objects.filter(user_id=actor.pk).first()
    if own is None or (person is not None and person.pk != own.pk):
        raise NotPermitted(_("Du kan bara justera i eget namn."))
    ensure_can(actor, "meetings.approve", meeting.body)
    return own


def _evidence(proof: stepup.Proof | None) -> dict:
    """What the identity provider vouched for, for an approval with e-ID."""
    if proof is None:
        return {}
    return {
        "eid_issuer": proof.issuer[:255],
        "eid_acr": proof.acr[:255],
        "eid_subject": proof.subject[:255],
        "eid_token_id": proof.token_id[:255],
        "eid_session_id": proof.session_id[:255],
        "eid_auth_time": proof.auth_time,
    }


def _signed_at(actor, at: dt.datetime | None) -> dt.datetime:
    if at is not None and not is_system(actor):
        raise NotPermitted(_("Tidpunkten för en justering sätts av systemet."))
    return at or timezone.now()


def _approve_item(item: MinutesItem, at: dt.datetime, *, immediately: bool) -> None:
    item.approved_at = at
    item.approved_immediately = immediately
    integrity.item_seal(item)
    item.save(
        update_fields=["approved_at", "approved_immediately", "approval_sequence", "checksum"]
    )


@transaction.atomic
def minutes_approve(
    *,
    actor,
    meeting: Meeting,
    person: Person | None = None,
    method: str = Approval.Method.IN_SYSTEM,
    at: dt.datetime | None = None,
    proof: stepup.Proof | None = None,
) -> Approval:
    """Sign the minutes as chair or approver. When the last of them has signed, the minutes
    are approved: every item is locked with its checksum and the notice is posted. With
    ``method="e_id"``, ``proof`` is what a fresh sign-on at the identity provider vouched for
    (``organisation.stepup``), kept with the signature."""
    meeting = _lock_meeting(meeting)
    signer = _who_signs(actor, meeting, person, method, proof)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Bara protokollet från ett genomfört sammanträde justeras."))
    if not meeting.approvers.exists() or meeting.chair_id is None:
        raise DomainError(_("Ordförande och justerare är inte valda."))
    if not meeting.items.exists():
        raise DomainError(_("Protokollet har inga paragrafer."))
    role = _signer_role(meeting, signer)
    if Approval.objects.filter(meeting=meeting, item__isnull=True, person=signer).exists():
        raise DomainError(_("%(p)s har redan justerat protokollet.") % {"p": signer})
    when = _signed_at(actor, at)
    approval = Approval.objects.create(
        meeting=meeting,
        person=signer,
        role=role,
        method=method,
        at=when,
        recorded_by=user_or_none(actor),
        **_evidence(proof),
    )
    audit_record(actor=actor, action="minutes.sign", obj=approval)
    signed = set(
        Approval.objects.filter(meeting=meeting, item__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    if _signers(meeting) <= signed:
        _complete_approval(actor, meeting, when)
    return approval


def _complete_approval(actor, meeting: Meeting, when: dt.datetime) -> None:
    before = snapshot(meeting)
    items = list(MinutesItem.objects.select_for_update().filter(meeting=meeting).order_by("pk"))
    for item in sorted(items, key=lambda i: i.position):
        if item.approved_at is None:
            _approve_item(item, when, immediately=False)
    approved_on = timezone.localtime(when).date()
    meeting.status = Meeting.Status.APPROVED
    meeting.approved_on = approved_on
    integrity.meeting_seal(meeting)
    meeting.save(update_fields=["status", "approved_on", "checksum"])
    audit_record(actor=actor, action="minutes.approve", obj=meeting, before=before)
    _post_notice(meeting=meeting, item=None, approved_on=approved_on, posted_on=approved_on)


@transaction.atomic
def item_approve_immediately(
    *,
    actor,
    item: MinutesItem,
    person: Person | None = None,
    method: str = Approval.Method.IN_SYSTEM,
    at: dt.datetime | None = None,
    proof: stepup.Proof | None = None,
) -> Approval:
    """Sign one item at once (omedelbar justering); when the chair and every approver have
    signed it, it is approved and gets its own notice and appeal period. ``proof`` as for
    ``minutes_approve``."""
    meeting = _lock_meeting(item.meeting)
    item = _lock_item(item)
    signer = _who_signs(actor, meeting, person, method, proof)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidTransition(_("Paragrafen justeras vid eller efter sammanträdet."))
    if not meeting.approvers.exists() or meeting.chair_id is None:
        raise DomainError(_("Ordförande och justerare är inte valda."))
    role = _signer_role(meeting, signer)
    if Approval.objects.filter(meeting=meeting, item=item, person=signer).exists():
        raise DomainError(_("%(p)s har redan justerat paragrafen.") % {"p": signer})
    when = _signed_at(actor, at)
    approval = Approval.objects.create(
        meeting=meeting,
        item=item,
        person=signer,
        role=role,
        method=method,
        at=when,
        recorded_by=user_or_none(actor),
        **_evidence(proof),
    )
    audit_record(actor=actor, action="minutes_item.sign", obj=approval)
    signed = set(Approval.objects.filter(item=item).values_list("person_id", flat=True))
    if _signers(meeting) <= signed:
        before = snapshot(item)
        _approve_item(item, when, immediately=True)
        audit_record(actor=actor, action="minutes_item.approve", obj=item, before=before)
        day = timezone.localtime(when).date()
        _post_notice(meeting=meeting, item=item, approved_on=day, posted_on=day)
    return approval


def _post_notice(
    *, meeting: Meeting, item: MinutesItem | None, approved_on: dt.date, posted_on: dt.date
) -> Notice:
    last = dates.appeal_last_day(posted_on)
    notice = Notice.objects.create(
        organisation=meeting.organisation,
        kind=Notice.Kind.APPROVAL,
        meeting=meeting,
        item=item,
        approved_on=approved_on,
        posted_on=posted_on,
        last_day=last,
        appeal_last_day=last,
        minutes_kept_at=meeting.minutes_kept_at,
    )
    integrity.notice_seal(notice)
    seal_after_commit(notice)
    return notice


@transaction.atomic
def notice_repost(*, actor, notice: Notice, posted_on: dt.date) -> Notice:
    """Move the posting day of an approval notice (posted later than the approval day, but
    no later than the second day after it); the appeal period follows."""
    ensure_can(actor, "meetings.manage", notice.meeting.body)
    if notice.kind != Notice.Kind.APPROVAL:
        raise DomainError(_("Bara anslag om justering kan flyttas."))
    if not (notice.approved_on <= posted_on <= dates.latest_posting_day(notice.approved_on)):
        raise DomainError(
            _("Anslaget ska sättas upp senast andra dagen efter justeringen (%(d)s).")
            % {"d": dates.latest_posting_day(notice.approved_on).isoformat()}
        )
    before = snapshot(notice)
    notice.posted_on = posted_on
    notice.last_day = notice.appeal_last_day = dates.appeal_last_day(posted_on)
    with amending(Notice):
        notice.save(update_fields=["posted_on", "last_day", "appeal_last_day"])
    integrity.notice_seal(notice)
    audit_record(actor=actor, action="notice.repost", obj=notice, before=before)
    return notice


@transaction.atomic
def correction_add(*, actor, item: MinutesItem, text: str, reason: str) -> Correction:
    """A visible, dated correction of an approved item; the item itself stays as approved."""
    ensure_can(actor, "meetings.manage", item.body)
    item = MinutesItem.objects.select_for_update().get(pk=item.pk)
    if item.approved_at is None:
        raise DomainError(_("Paragrafen är inte justerad; ändra den direkt."))
    if not text.strip() or not reason.strip():
        raise DomainError(_("Skriv både rättelsen och skälet till den."))
    correction = Correction.objects.create(
        item=item,
        date=_today(),
        text=text.strip(),
        reason=reason.strip(),
        made_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="minutes_item.correct", obj=correction)
    # the extract sealed before is of the item as it read then: seal the corrected one
    notice = (
        Notice.objects.filter(kind=Notice.Kind.APPROVAL, meeting=item.meeting)
        .filter(Q(item=item) | Q(item__isnull=True))
        .order_by("pk")
        .first()
    )
    if notice is not None:
        seal_after_commit(notice)
    return correction
