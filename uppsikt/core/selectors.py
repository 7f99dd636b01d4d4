"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from . import formatting
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


@dataclass(frozen=True)
class AuditChange:
    """One field of an audited object as the trail shows it: its name, its value before and
    after the change (as text), and whether the change touched it."""

    field: str
    name: str
    before: str
    after: str
    changed: bool


_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def _shown(value, present: bool) -> str:
    """A stored value as text: a moment in local time, yes or no, a list or mapping as JSON."""
    if not present or value is None or value == "":
        return formatting.DASH
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    if isinstance(value, str) and _ISO_DATETIME.fullmatch(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return formatting.format_date(moment)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _field(model, key: str):
    """The model's field stored under ``key`` (a foreign key under its ``_id``), if any."""
    if model is None:
        return None
    try:
        return model._meta.get_field(key)  # a field's name or its column's (``parent_id``)
    except FieldDoesNotExist:
        return None


def _choice(field, value):
    """A choice's label (``kallad``) for its stored value (``summoned``), else the value."""
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices[value]) if isinstance(value, str) and value in choices else value


def audit_changes(event: AuditEvent) -> list[AuditChange]:
    """The fields of an event's object, before and after, the changed ones first: every field
    of a created or removed object, and of a changed one those the change touched and the
    others it recorded."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    try:
        model = apps.get_model(renamed_object_types().get(event.object_type, event.object_type))
    except (LookupError, ValueError):
        model = None
    fields = {key: _field(model, key) for key in before.keys() | after.keys()}
    changes = [
        AuditChange(
            field=key,
            name=str(getattr(fields[key], "verbose_name", key)),
            before=_shown(_choice(fields[key], before.get(key)), key in before),
            after=_shown(_choice(fields[key], after.get(key)), key in after),
            changed=(key in before) != (key in after) or before.get(key) != after.get(key),
        )
        for key in sorted(before.keys() | after.keys())
    ]
    return sorted(changes, key=lambda c: not c.changed) if before and after else changes


def audit_details(event: AuditEvent) -> list[tuple[str, str]]:
    """An event's details (what it did beyond the fields: a file made, a recipient) as text."""
    detail = event.detail
    if isinstance(detail, dict):
        return [(str(key), _shown(value, True)) for key, value in sorted(detail.items())]
    return [("", _shown(detail, True))] if detail not in (None, "", [], {}) else []
