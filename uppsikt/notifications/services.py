"""The writes of notifications: created by the services where the events happen, read and
unread by their recipient, and the recipient's choice of e-mail.

A notification is made inside the event's own transaction and goes only to those the event's
service names and ``entitled`` lets through (the people entitled to see the object). The
e-mail is never sent here: after the commit a background job sends it to those who want it
(``tasks.notification_emails_send``). The creation is not audited on its own: the event that
makes it is (``assessment.return``, ``meeting.notice_send`` …)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from uppsikt.core import kept_pages
from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import NotPermitted
from uppsikt.organisation.models import Organisation

from .models import Notification, NotificationSetting


def _entitled_recipients(recipients: Iterable, entitled: Callable[[object], bool]) -> list:
    seen: dict[int, object] = {}
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if entitled(user):
            seen[user.pk] = user
    return list(seen.values())


def recipients_written(user_ids: Iterable[int]):
    """The block in which notifications are written for these recipients only: the kept pages
    of other people, whose unread counts they leave as they were, stay kept (core.kept_pages)."""
    return kept_pages.scoped_writes(Notification._meta.db_table, user_ids)


def notify(
    *,
    organisation: Organisation,
    kind: str,
    obj: Model,
    title: str,
    url: str,
    recipients: Iterable,
    entitled: Callable[[object], bool],
    text: str = "",
    exclude=None,
) -> list[Notification]:
    """Notify each of ``recipients`` (login accounts) that ``entitled`` accepts, once per
    event and object, leaving out ``exclude`` (the person who acted). Returns those made."""
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    people = [
        u
        for u in _entitled_recipients(recipients, entitled)
        if exclude is None or u.pk != getattr(exclude, "pk", None)
    ]
    already = set(
        Notification.objects.filter(
            kind=kind,
            object_type=object_type,
            object_id=object_id,
            read_at__isnull=True,
            recipient__in=[u.pk for u in people],
        ).values_list("recipient_id", flat=True)
    )
    new = [user for user in people if user.pk not in already]
    with recipients_written([user.pk for user in new]):
        made = Notification.objects.bulk_create(
            Notification(
                organisation=organisation,
                recipient=user,
                kind=kind,
                title=title[:300],
                text=text,
                url=url[:500],
                object_type=object_type,
                object_id=object_id,
            )
            for user in new
        )
    wanted = set(
        NotificationSetting.objects.filter(
            user_id__in=[n.recipient_id for n in made], email=True
        ).values_list("user_id", flat=True)
    )
    by_email = [n.pk for n in made if n.recipient_id in wanted and n.recipient.email]
    if by_email:
        from .tasks import notification_emails_send

        organisation_id = organisation.pk
        transaction.on_commit(
            lambda: notification_emails_send.enqueue(
                notification_ids=by_email, organisation_id=organisation_id
            )
        )
    return made


def _own(actor, notification: Notification) -> None:
    if notification.recipient_id != getattr(actor, "pk", None):
        raise NotPermitted("")


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    _own(actor, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        with recipients_written([notification.recipient_id]):
            notification.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action="notification.read", obj=notification)
    return notification


@transaction.atomic
def notification_mark_unread(*, actor, notification: Notification) -> Notification:
    _own(actor, notification)
    if notification.read_at is not None:
        notification.read_at = None
        with recipients_written([notification.recipient_id]):
            notification.save(update_fields=["read_at", "updated_at"])
        audit_record(actor=actor, action="notification.unread", obj=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor, organisation: Organisation) -> int:
    """Mark every unread notification of ``actor`` in ``organisation`` read."""
    unread = list(
        Notification.objects.filter(
            recipient_id=actor.pk, organisation=organisation, read_at__isnull=True
        )
    )
    now = timezone.now()
    for n in unread:
        n.read_at = now
    with recipients_written([actor.pk]):
        Notification.objects.bulk_update(unread, ["read_at"])
    if unread:
        audit_record(
            actor=actor,
            action="notification.read_all",
            obj=unread[0],
            detail={"count": len(unread)},
        )
    return len(unread)


@transaction.atomic
def notification_setting_set(*, actor, email: bool) -> NotificationSetting:
    """Whether ``actor`` wants notifications by e-mail as well."""
    setting, _created = NotificationSetting.objects.select_for_update().get_or_create(user=actor)
    if setting.email != email:
        before = {"email": setting.email}
        setting.email = email
        setting.save(update_fields=["email", "updated_at"])
        audit_record(actor=actor, action="notification_setting.set", obj=setting, before=before)
    return setting
