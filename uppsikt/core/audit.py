"""The audit trail: every service writes one row in the same transaction as its change."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction

from .current_organisation import current_organisation_id
from .models import AuditEvent
from .permissions import SYSTEM, user_or_none


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    """The concrete field values of ``obj``, JSON-ready (foreign keys as ids)."""
    if obj is None or obj.pk is None:
        return None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def organisation_of(obj: models.Model) -> int | None:
    """The organisation a changed object belongs to: its own ``organisation_id``, or that of an
    object it refers to and has at hand (a record's case, an item's meeting; no query), or else
    the organisation the request works in (``core.current_organisation``)."""
    if obj._meta.label_lower == "organisation.organisation":
        return obj.pk
    own = getattr(obj, "organisation_id", None)
    if own is not None:
        return own
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            related = field.get_cached_value(obj)
            if getattr(related, "organisation_id", None) is not None:
                return related.organisation_id
    return current_organisation_id()


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None | bool = True,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a change. Must run inside the service's transaction.

    ``after=True`` (the default) takes a snapshot of ``obj`` now; pass ``None`` for a deletion.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    if after is True:
        after = snapshot(obj)
    if actor is SYSTEM:
        detail = {"actor": "system", **(detail or {})}
    return AuditEvent.objects.create(
        organisation_id=organisation_of(obj),
        actor=user_or_none(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        detail=_plain(detail) if detail else None,
    )
