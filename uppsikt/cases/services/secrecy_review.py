"""Secrecy reviews (sekretessprövning) of a secret case or record: lifting or keeping its
secrecy, with a reason kept in the audit row (``cases.declassify``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.permissions import ensure_can

from .. import secrecy
from ..models import Case, Record
from ._base import _check_secrecy, _check_version


@transaction.atomic
def case_secrecy_review(
    *, actor, case: Case, version: int, secret: bool, secrecy_ground: str = "", reason: str
) -> Case:
    """A secrecy review (sekretessprövning) of a secret case: lift its secrecy, or keep it with
    its ground changed or confirmed. Needs ``cases.declassify`` on the case's body and a
    reason, which is kept in the audit row."""
    case = Case.objects.select_related("body").select_for_update(of=("self",)).get(pk=case.pk)
    ensure_can(actor, "cases.declassify", case.body)
    secrecy.ensure_can_see_case(actor, case)
    _check_version(case, version)
    reason = _review_reason(reason)
    if not case.secret:
        raise InvalidTransition(
            _("Ärendet omfattas inte av sekretess; det sekretessmarkeras under Ändra ärendet.")
        )
    before = snapshot(case)
    case.secret = secret
    case.secrecy_ground = _check_secrecy(secret, secrecy_ground)
    case.version += 1
    case.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.secrecy_review",
        obj=case,
        before=before,
        detail={"reason": reason, "outcome": _review_outcome(before, case)},
    )
    return case


def _review_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Ange skälet till sekretessprövningen; det sparas i granskningsloggen.")
        )
    return reason


def _review_outcome(before: dict, obj: Case | Record) -> str:
    if not obj.secret:
        return "lifted"
    return "kept" if before.get("secrecy_ground") == obj.secrecy_ground else "ground_changed"


@transaction.atomic
def record_secrecy_review(
    *, actor, record: Record, version: int, secret: bool, secrecy_ground: str = "", reason: str
) -> Record:
    """A secrecy review (sekretessprövning) of a secret record: lift its secrecy, or keep it
    with its ground changed or confirmed. Needs ``cases.declassify`` on the case's body and a
    reason, which is kept in the audit row."""
    record = (
        Record.objects.select_related("case", "case__body")
        .select_for_update(of=("self",))
        .get(pk=record.pk)
    )
    ensure_can(actor, "cases.declassify", record.case.body)
    secrecy.ensure_can_see_record(actor, record)
    _check_version(record, version)
    reason = _review_reason(reason)
    if not record.secret:
        raise InvalidTransition(
            _("Handlingen omfattas inte av sekretess; den sekretessmarkeras på handlingens sida.")
        )
    before = snapshot(record)
    record.secret = secret
    record.secrecy_ground = _check_secrecy(secret, secrecy_ground)
    record.version += 1
    record.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="record.secrecy_review",
        obj=record,
        before=before,
        detail={"reason": reason, "outcome": _review_outcome(before, record)},
    )
