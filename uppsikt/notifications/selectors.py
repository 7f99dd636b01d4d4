"""Reads of notifications: always those of one account in one organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.core import kept_pages, plain_sql
from uppsikt.core.exceptions import NotFound
from uppsikt.core.kept_sql import kept_sql
from uppsikt.organisation.models import Organisation

from .models import Notification, NotificationSetting


def recipients_part(*user_ids: int):
    """The block in which the reads of notifications are of these recipients' only
    (core.kept_pages: a kept page depends on its reader's notifications alone)."""
    return kept_pages.scoped_reads(Notification._meta.db_table, *user_ids)


def notifications_for(*, user, organisation: Organisation) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, organisation=organisation).order_by(
        "-created_at", "-pk"
    )


def unread_count(*, user, organisation: Organisation) -> int:
    """How many of the account's notifications in the organisation are unread (the header's
    counter on every page: one SQL statement, uppsikt/core/plain_sql.py)."""
    alias = plain_sql.read_alias(Notification)
    table, org, recipient, read_at = plain_sql.columns(
        Notification, alias, "organisation", "recipient", "read_at"
    )
    sql = (
        f"SELECT COUNT(*) FROM {table} WHERE {org} = %s AND {recipient} = %s AND {read_at} IS NULL"  # noqa: S608 - quoted names from the model, values as parameters
    )
    with recipients_part(user.pk):
        return plain_sql.first_value(alias, sql, [organisation.pk, user.pk])


def latest_unread(*, user, organisation: Organisation, limit: int = 5) -> list[Notification]:
    """The account's newest unread notifications, at most ``limit``."""
    unread = notifications_for(user=user, organisation=organisation).filter(read_at=None)
    with recipients_part(user.pk):
        return list(kept_sql(unread[:limit], "notifications.latest_unread"))


def notification_get(*, user, organisation: Organisation, pk: int) -> Notification:
    """One of the account's own notifications; another's is not found."""
    found = notifications_for(user=user, organisation=organisation).filter(pk=pk).first()
    if found is None:
        raise NotFound("")
    return found


def wants_email(*, user) -> bool:
    return NotificationSetting.objects.filter(user_id=user.pk, email=True).exists()
