"""What the register's services share: who may work on a case, the OSL ground, one
organisation, and the version a form was opened at."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.organisation.models import Body, Organisation, Unit
from uppsikt.organisation.permissions import has_permission

from .. import secrecy
from ..models import Case, Record


def _ensure_register(actor, *, body: Body, unit: Unit | None) -> None:
    if has_permission(actor, "cases.register", body):
        return
    if unit is not None and has_permission(actor, "cases.register", unit):
        return
    raise NotPermitted(_("Du saknar behörighet att registrera i det här organets diarium."))


def _ensure_can_work_on(actor, case: Case) -> None:
    _ensure_register(actor, body=case.body, unit=case.unit)
    secrecy.ensure_can_see_case(actor, case)


def _check_secrecy(secret: bool, ground: str) -> str:
    ground = (ground or "").strip()
    if secret and not ground:
        raise DomainError(
            _("Ange sekretessgrunden (paragraf i offentlighets- och sekretesslagen, OSL).")
        )
    return ground if secret else ""


def _same_organisation(organisation: Organisation, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation.pk:
            raise DomainError(_("%(obj)s hör till en annan organisation.") % {"obj": obj})


def _stale(model_name: str) -> DomainError:
    messages = {
        "case": _(
            "Ärendet har ändrats av någon annan sedan du öppnade det. "
            "Ladda om sidan och gör om din ändring."
        ),
        "record": _(
            "Handlingen har ändrats av någon annan sedan du öppnade den. "
            "Ladda om sidan och gör om din ändring."
        ),
    }
    return DomainError(messages[model_name])


def _check_version(obj: Case | Record, version: int) -> None:
    """Refuse a save made from a form opened at an older version (a lost update)."""
    if obj.version != version:
        raise _stale(obj._meta.model_name)
