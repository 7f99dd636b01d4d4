"""Who may see what a secret case or record withholds (sekretess, OSL).

This module is the single gate. Screens, search, exports, documents (and later the API and the
meetings) read cases and records through ``selectors``, which ask only the functions here.

Entitled to a secret case or record: the case's own officer, the secretaries (and
administrators) holding ``cases.secret`` on the case's body, and whoever a registered
*meeting-material provider* lets in. The meetings app registers one (``register_meeting_access``)
that admits the members of the deciding body to material sent to their meeting, inside Uppsikt
only: material that is secret is never attached to e-mail and never published.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Q
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.kept_sql import kept_sql
from uppsikt.core.permissions import is_system
from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.permissions import has_permission

from .models import Case, Record


class MeetingMaterialAccess(Protocol):
    """Lets more people see secret material: e.g. the members of a body, for the material sent
    to their meeting. Both methods return a filter (``Q``) over the named model."""

    def cases_q(self, actor) -> Q: ...

    def records_q(self, actor) -> Q: ...


_providers: list[MeetingMaterialAccess] = []


def register_meeting_access(provider: MeetingMaterialAccess) -> None:
    """Add a provider (the meetings app calls this from its ``AppConfig.ready``)."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_meeting_access(provider: MeetingMaterialAccess) -> None:
    if provider in _providers:
        _providers.remove(provider)


def _sees_everything(actor) -> bool:
    return is_system(actor) or bool(getattr(actor, "is_superuser", False))


def _nobody() -> Q:
    return Q(pk__in=[])


def entitled_body_ids(actor, organisation: Organisation) -> list[int]:
    """The bodies on whose cases ``actor`` may read secret material by role."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    bodies = Body.objects.filter(organisation=organisation).select_related("parent")
    return [
        body.pk
        for body in kept_sql(bodies, "cases.entitled_bodies")
        if has_permission(actor, "cases.secret", body)
    ]


def case_entitled_q(actor, organisation: Organisation, *, body_ids: list[int] | None = None) -> Q:
    """Cases whose secret parts ``actor`` may see (``body_ids``: ``entitled_body_ids`` when
    the caller has it already)."""
    if _sees_everything(actor):
        return Q()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return _nobody()
    if body_ids is None:
        body_ids = entitled_body_ids(actor, organisation)
    q = Q(officer__user_id=actor.pk) | Q(body_id__in=body_ids)
    for provider in _providers:
        q |= provider.cases_q(actor)
    return q


def record_entitled_q(actor, organisation: Organisation) -> Q:
    """Records whose withheld fields and files ``actor`` may see."""
    if _sees_everything(actor):
        return Q()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return _nobody()
    q = Q(case__officer__user_id=actor.pk) | Q(
        case__body_id__in=entitled_body_ids(actor, organisation)
    )
    for provider in _providers:
        q |= provider.records_q(actor)
    return q


def case_open_q(actor, organisation: Organisation) -> Q:
    """Cases ``actor`` sees in full: not secret, or entitled."""
    return Q(secret=False) | case_entitled_q(actor, organisation)


def record_open_q(actor, organisation: Organisation) -> Q:
    """Records ``actor`` sees in full: neither it nor its case is secret, or entitled."""
    return Q(secret=False, case__secret=False) | record_entitled_q(actor, organisation)


def can_see_case(actor, case: Case) -> bool:
    if not case.secret or _sees_everything(actor):
        return True
    return (
        Case.objects.filter(pk=case.pk).filter(case_entitled_q(actor, case.organisation)).exists()
    )


def can_see_record(actor, record: Record) -> bool:
    if (not record.secret and not record.case.secret) or _sees_everything(actor):
        return True
    return (
        Record.objects.filter(pk=record.pk)
        .filter(record_entitled_q(actor, record.case.organisation))
        .exists()
    )


def entitled_to_case(actor, case: Case) -> bool:
    """Whether ``actor`` may see what is secret in ``case``'s material, whether or not the
    case itself is secret: a secret minutes item (§) on an open case is withheld from everyone
    else (docs/cases.md, *Secret § on an open case*)."""
    if _sees_everything(actor):
        return True
    return (
        Case.objects.filter(pk=case.pk).filter(case_entitled_q(actor, case.organisation)).exists()
    )


def entitled_case_ids(actor, cases: Iterable[Case]) -> set[int]:
    """The cases among ``cases`` whose secret material ``actor`` may see: ``entitled_to_case``
    for each, answered for all of them at once (two queries per organisation, however many
    cases: a meeting's agenda asks once, not once per secret case)."""
    cases = {case.pk: case for case in cases}
    if _sees_everything(actor):
        return set(cases)
    by_organisation: dict[int, list[Case]] = {}
    for case in cases.values():
        by_organisation.setdefault(case.organisation_id, []).append(case)
    found: set[int] = set()
    for group in by_organisation.values():
        found.update(
            Case.objects.filter(pk__in=[case.pk for case in group])
            .filter(case_entitled_q(actor, group[0].organisation))
            .values_list("pk", flat=True)
        )
    return found


def entitled_on_body(actor, body: Body) -> bool:
    """Whether ``actor`` reads secret material of ``body`` by role (``cases.secret``): for a
    secret § that concerns no case."""
    if _sees_everything(actor):
        return True
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return has_permission(actor, "cases.secret", body)


def ensure_can_see_case(actor, case: Case) -> None:
    if not can_see_case(actor, case):
        raise NotPermitted(_("Ärendet omfattas av sekretess och du saknar behörighet till det."))


def ensure_can_see_record(actor, record: Record) -> None:
    if not can_see_record(actor, record):
        raise NotPermitted(_("Handlingen omfattas av sekretess och du saknar behörighet till den."))
