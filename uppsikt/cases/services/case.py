"""Cases: registering, changing (and reassigning), closing, reopening, voiding, and the
council's case types' paths."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.organisation.permissions import ensure_can

from ..models import Case
from ..paths import PATHS, first_step
from ._base import (
    _check_secrecy,
    _check_version,
    _ensure_can_work_on,
    _ensure_register,
    _same_organisation,
)
from .case_numbers import _register_prefix, _series_for_update, _typed_sequence, format_case_number


@transaction.atomic
def case_register(
    *,
    actor,
    organisation: Organisation,
    body: Body,
    title: str,
    unit: Unit | None = None,
    officer: Person | None = None,
    description: str = "",
    registered_on: dt.date | None = None,
    kind: str = Case.Kind.ORDINARY,
    classification: str = "",
    secret: bool = False,
    secrecy_ground: str = "",
    submitted_by: str = "",
    addressed_to: str = "",
    number: str = "",
) -> Case:
    """Register a case and give it the next number in its body's series for the year.

    ``number`` (typed by hand, e.g. when a case moves in from an earlier register) must belong
    to the same series and come after every number already taken; the series continues from it.
    """
    _ensure_register(actor, body=body, unit=unit)
    _same_organisation(organisation, body, unit, officer)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Ärendet behöver en ärendemening."))
    if kind not in Case.Kind.values:
        raise DomainError(_("Okänd ärendetyp."))
    ground = _check_secrecy(secret, secrecy_ground)
    today = timezone.localdate()
    registered_on = registered_on or today
    if registered_on > today:
        raise DomainError(_("Registreringsdatum kan inte ligga i framtiden."))
    prefix = _register_prefix(body)
    year = registered_on.year
    series = _series_for_update(organisation=organisation, prefix=prefix, year=year)
    typed = (number or "").strip().upper()
    if typed:
        sequence = _typed_sequence(
            typed=typed, prefix=prefix, year=year, last_number=series.last_number
        )
    else:
        sequence = series.last_number + 1
    case_number = format_case_number(prefix=prefix, year=year, number=sequence)
    if typed and case_number != typed:
        raise DomainError(
            _("Diarienumret skrivs %(number)s i den här serien.") % {"number": case_number}
        )
    if Case.objects.filter(organisation=organisation, number=case_number).exists():
        raise DomainError(_("Diarienumret %(n)s finns redan.") % {"n": case_number})
    series.last_number = sequence
    series.save(update_fields=["last_number"])
    case = Case.objects.create(
        organisation=organisation,
        body=body,
        number=case_number,
        prefix=prefix,
        year=year,
        sequence=sequence,
        kind=kind,
        title=title,
        description=(description or "").strip(),
        officer=officer,
        unit=unit,
        registered_on=registered_on,
        classification=(classification or "").strip(),
        secret=secret,
        secrecy_ground=ground,
        submitted_by=(submitted_by or "").strip(),
        addressed_to=(addressed_to or "").strip(),
        path_step=first_step(kind),
    )
    audit_record(
        actor=actor, action="case.register", obj=case, detail={"typed_number": bool(typed)}
    )
    return case


CASE_FIELDS = (
    "title",
    "description",
    "officer",
    "unit",
    "classification",
    "secret",
    "secrecy_ground",
    "submitted_by",
    "addressed_to",
)
# Who works on the case: its officer reads its secret material, so these need cases.reassign.
REASSIGN_FIELDS = ("officer", "unit")


def _changed(case: Case, name: str, value) -> bool:
    if name in ("officer", "unit"):
        return getattr(value, "pk", None) != getattr(case, f"{name}_id")
    if isinstance(value, str):
        value = value.strip()
    return value != getattr(case, name)


@transaction.atomic
def case_update(*, actor, case: Case, version: int, **changes) -> Case:
    """Change a case's title, description, classification and council fields; mark it secret.

    ``version`` is the one the form was opened at; a save from an older form is refused.
    Changing the officer or the responsible unit needs ``cases.reassign`` on the case's body
    (the officer reads the case's secret material). The secrecy of a case that is secret is
    lifted or changed only by a secrecy review (``case_secrecy_review``). Its number, body and
    registration date never change."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(_("Fälten kan inte ändras: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changes = {name: value for name, value in changes.items() if _changed(case, name, value)}
    reassigned = sorted(set(changes) & set(REASSIGN_FIELDS))
    if reassigned:
        ensure_can(actor, "cases.reassign", case.body)
    _check_version(case, version)
    if case.secret and ({"secret", "secrecy_ground"} & set(changes)):
        raise NotPermitted(
            _(
                "Sekretessen för ett ärende som omfattas av sekretess lyfts eller ändras bara "
                "genom en sekretessprövning."
            )
        )
    if case.status == Case.Status.VOIDED:
        raise InvalidTransition(_("Ett makulerat ärende kan inte ändras."))
    before = snapshot(case)
    for name, value in changes.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    if not case.title:
        raise DomainError(_("Ärendet behöver en ärendemening."))
    case.secrecy_ground = _check_secrecy(case.secret, case.secrecy_ground)
    _same_organisation(case.organisation, case.officer, case.unit)
    case.version += 1
    case.save(update_fields=[*changes, "secrecy_ground", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.reassign" if reassigned else "case.update",
        obj=case,
        before=before,
    )
    return case


def _set_status(
    actor, case: Case, status: str, allowed_from: set[str], action: str, on=None, **extra
):
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status not in allowed_from:
        raise InvalidTransition(
            _("Ett ärende med status %(s)s kan inte få den nya statusen.")
            % {"s": case.get_status_display()}
        )
    before = snapshot(case)
    case.status = status
    case.closed_on = (on or timezone.localdate()) if status != Case.Status.OPEN else None
    case.version += 1
    case.save(update_fields=["status", "closed_on", "version", "updated_at"])
    audit_record(actor=actor, action=action, obj=case, before=before, detail=extra or None)
    return case


@transaction.atomic
def case_close(*, actor, case: Case, closed_on: dt.date | None = None) -> Case:
    """Close a case, today or (a case moving in from an earlier register) on an earlier day,
    not before it was registered."""
    if closed_on is not None and not (case.registered_on <= closed_on <= timezone.localdate()):
        raise DomainError(_("Avslutsdagen ska ligga mellan registreringen och i dag."))
    return _set_status(
        actor, case, Case.Status.CLOSED, {Case.Status.OPEN}, "case.close", on=closed_on
    )


@transaction.atomic
def case_reopen(*, actor, case: Case) -> Case:
    return _set_status(actor, case, Case.Status.OPEN, {Case.Status.CLOSED}, "case.reopen")


@transaction.atomic
def case_void(*, actor, case: Case, reason: str) -> Case:
    """Void a registration made by mistake; the case keeps its number, which is never reused."""
    if not (reason or "").strip():
        raise DomainError(_("Ange varför registreringen makuleras."))
    return _set_status(
        actor, case, Case.Status.VOIDED, {Case.Status.OPEN}, "case.void", reason=reason.strip()
    )


@transaction.atomic
def case_advance(*, actor, case: Case) -> Case:
    """Move a motion, citizens' proposal, interpellation or question one step along its path."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    steps = [code for code, _label in PATHS.get(case.kind, [])]
    if not steps:
        raise InvalidTransition(_("Ärendetypen har ingen väg till fullmäktige."))
    index = steps.index(case.path_step) if case.path_step in steps else -1
    if index + 1 >= len(steps):
        raise InvalidTransition(_("Ärendet har redan nått sista steget."))
    before = snapshot(case)
    case.path_step = steps[index + 1]
    case.version += 1
    case.save(update_fields=["path_step", "version", "updated_at"])
    audit_record(actor=actor, action="case.advance", obj=case, before=before)
    return case
