"""Reads of notifications: always those of one account in one organisation."""

from __future__ import annotations

from django.db.models import QuerySet

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Organisation

from .models import Notification, NotificationSetting


def notifications_for(*, user, organisation: Organisation) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk, organisation=organisation).order_by(
        "-created_at", "-pk"
    )


def unread_count(*, user, organisation: Organisation) -> int:
    return notifications_for(user=user, organisation=organisation).filter(read_at=None).count()


def notification_get(*, user, organisation: Organisation, pk: int) -> Notification:
    """One of the account's own notifications; another's is not found."""
    found = notifications_for(user=user, organisation=organisation).filter(pk=pk).first()
    if found is None:
        raise NotFound("")
    return found


def wants_email(*, user) -> bool:
    return NotificationSetting.objects.filter(user_id=user.pk, email=True).exists()
