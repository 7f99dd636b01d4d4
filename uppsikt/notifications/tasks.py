"""The background job that e-mails notifications to those who want them (never in a request)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.organisation.models import Organisation
from uppsikt.organisation.tenancy import base_url_for, in_job_organisation

from .models import Notification, NotificationSetting
from .services import recipients_written


@task()
@in_job_organisation
def notification_emails_send(*, notification_ids: list[int], organisation_id: int) -> int:
    """E-mail each notification not yet sent whose recipient wants e-mail; returns how many."""
    wanted = set(NotificationSetting.objects.filter(email=True).values_list("user_id", flat=True))
    base = base_url_for(Organisation.objects.get(pk=organisation_id))
    sent = 0
    for n in Notification.objects.filter(
        pk__in=notification_ids, organisation_id=organisation_id, emailed_at__isnull=True
    ).select_related("recipient"):
        if n.recipient_id not in wanted or not n.recipient.email or not n.recipient.is_active:
            continue
        body = _("%(title)s\n\n%(text)s\n\nÖppna i Uppsikt: %(url)s\n\nHälsningar\nUppsikt") % {
            "title": n.title,
            "text": n.text,
            "url": base + n.url,
        }
        send_mail(
            subject=n.title,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[n.recipient.email],
            fail_silently=False,
        )
        with recipients_written([n.recipient_id]):
            Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
