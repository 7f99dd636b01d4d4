"""Notifications: a message in the application to one login account about something that waits
for it (a returned assessment, minutes to approve, a summons, a proposal to review, an
assignment given to its unit), and whether that account also wants them by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation


class Kind(models.TextChoices):
    ASSESSMENT_RETURNED = "assessment_returned", _("Återsänd bedömning")
    MINUTES_TO_APPROVE = "minutes_to_approve", _("Protokoll att justera")
    SUMMONS = "summons", _("Kallelse")
    PROPOSAL_REVIEW = "proposal_review", _("Beslutsförslag att granska")
    ASSIGNMENT_GIVEN = "assignment_given", _("Uppdrag till din enhet")


class Notification(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("typ"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("länk"), max_length=500)
    # what it is about: the object's label and key, so one event notifies a person once
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-post skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "organisation", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSetting(TimeStampedModel):
    """A person's choice: notifications by e-mail too, or only in the application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_setting"
    )
    email = models.BooleanField(_("skicka aviseringar med e-post"), default=False)

    class Meta:
        verbose_name = _("aviseringsval")
        verbose_name_plural = _("aviseringsval")

    def __str__(self) -> str:
        return str(self.user)
