"""The assignments (uppdrag) that decisions give, and the recipients' reports on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.followup.models import ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Organisation, Unit

from .minutes import MinutesItem


class DecisionAssignment(TimeStampedModel):
    """An assignment (uppdrag) given by a decision point, open until a later decision declares
    it complete (docs/definitions.md §5)."""

    class State(models.TextChoices):
        OPEN = "open", _("Pågående")
        COMPLETED = "completed", _("Slutfört")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(
        MinutesItem, on_delete=models.PROTECT, related_name="assignments_given"
    )
    point = models.PositiveSmallIntegerField(_("beslutspunkt"), default=1)
    text = models.TextField(_("uppdrag"))
    recipient_body = models.ForeignKey(
        Body,
        verbose_name=_("mottagande organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_unit = models.ForeignKey(
        Unit,
        verbose_name=_("mottagande enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("återrapporteras senast"), null=True, blank=True)
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_by = models.ForeignKey(
        MinutesItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments_closed",
    )
    closed_on = models.DateField(_("slutfört"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppdrag från beslut")
        verbose_name_plural = _("uppdrag från beslut")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_body__isnull=False) | Q(recipient_unit__isnull=False),
                name="decision_assignment_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state="open", closed_by__isnull=True)
                | Q(state="completed", closed_by__isnull=False),
                name="decision_assignment_closed_by_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def recipient_name(self) -> str:
        return str(self.recipient_body or self.recipient_unit)


class AssignmentReport(TimeStampedModel):
    """What the recipient reports on a decision assignment in a follow-up period, on the
    organisation's assessment scale for assignments (one report per period)."""

    assignment = models.ForeignKey(
        DecisionAssignment, on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("uppföljningsperiod"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.ForeignKey(
        ScaleLevel, verbose_name=_("bedömning"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("kommentar"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("återrapport")
        verbose_name_plural = _("återrapporter")
        ordering = ["assignment", "period__year", "period__last_month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"], name="assignment_report_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.status}"
