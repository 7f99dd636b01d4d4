"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet

from .models import AuditEvent, renamed_object_types


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _of_organisation(organisation_id: int, with_unowned: bool) -> Q:
    if with_unowned:
        return Q(organisation_id=organisation_id) | Q(organisation_id__isnull=True)
    return Q(organisation_id=organisation_id)


def audit_events(
    *,
    organisation_id: int,
    with_unowned: bool = False,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """An organisation's audit rows, newest first; dates are whole Stockholm days, both ends
    inclusive. ``with_unowned`` adds the rows of no organisation (see ``AuditEvent``): for the
    only organisation of a database, whose they are. An object type finds the rows written
    under the model's former names too."""
    qs = (
        AuditEvent.objects.filter(_of_organisation(organisation_id, with_unowned))
        .select_related("actor")
        .order_by("-at", "-id")
    )
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if object_type:
        qs = qs.filter(object_type__in=_names_of(object_type))
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return qs


def _names_of(object_type: str) -> list[str]:
    """An object type with every name its model has had."""
    renamed = renamed_object_types()
    current = renamed.get(object_type, object_type)
    return [current, *(former for former, now in renamed.items() if now == current)]


def audit_object_types(*, organisation_id: int, with_unowned: bool = False) -> list[str]:
    """The object types in the organisation's trail, each under its model's present name."""
    renamed = renamed_object_types()
    stored = (
        AuditEvent.objects.filter(_of_organisation(organisation_id, with_unowned))
        .values_list("object_type", flat=True)
        .distinct()
    )
    return sorted({renamed.get(t, t) for t in stored})


def audit_actor_ids(*, organisation_id: int, with_unowned: bool = False) -> QuerySet:
    """The accounts that have changed something in the organisation (for a filter's choices)."""
    return (
        AuditEvent.objects.filter(_of_organisation(organisation_id, with_unowned))
        .exclude(actor_id=None)
        .values("actor_id")
    )


def jobs_failed(*, user, since: dt.datetime):
    """The background jobs ``user`` started that failed since ``since``, newest first."""
    from .models import Job

    return Job.objects.filter(
        started_by_id=user.pk, status=Job.Status.FAILED, created_at__gte=since
    ).order_by("-created_at")[:20]
