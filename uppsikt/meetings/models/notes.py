"""A member's private notes on the papers of a meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Record
from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation

from .meeting import AgendaItem


class PrivateNote(TimeStampedModel):
    """One person's note on an agenda item or on a paper (a record): read by its owner only.

    Nobody else sees it, administrators neither: no page, document, export, API or open data
    reads it, and the audit trail records that a note was written, never its text."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_notes"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("anteckning"))

    class Meta:
        verbose_name = _("privat anteckning")
        verbose_name_plural = _("privata anteckningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=False, record__isnull=True)
                | Q(agenda_item__isnull=True, record__isnull=False),
                name="private_note_on_one_paper",
            ),
            models.UniqueConstraint(
                fields=["owner", "agenda_item"],
                condition=Q(agenda_item__isnull=False),
                name="private_note_one_per_item",
            ),
            models.UniqueConstraint(
                fields=["owner", "record"],
                condition=Q(record__isnull=False),
                name="private_note_one_per_record",
            ),
        ]

    def __str__(self) -> str:
        # never the text: the audit trail keeps str(obj)
        return str(_("Privat anteckning"))
