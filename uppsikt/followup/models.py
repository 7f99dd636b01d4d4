"""Follow-up: reporting periods, the assessment scales, and assessments with their workflow."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation, Unit
from uppsikt.planning.models import Activity, Goal, Indicator, PlanAssignment

MONTHS = [
    _("januari"),
    _("februari"),
    _("mars"),
    _("april"),
    _("maj"),
    _("juni"),
    _("juli"),
    _("augusti"),
    _("september"),
    _("oktober"),
    _("november"),
    _("december"),
]


class ItemKind(models.TextChoices):
    GOAL = "goal", _("Mål")
    ASSIGNMENT = "assignment", _("Uppdrag")
    ACTIVITY = "activity", _("Aktivitet")
    INDICATOR = "indicator", _("Indikator")


class ReportingPeriod(TimeStampedModel):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Månadsrapport")
        UR1 = "ur1", _("Uppföljningsrapport 1")
        UR2 = "ur2", _("Uppföljningsrapport 2")
        ANNUAL = "annual", _("Årsrapport")

    class Scope(models.TextChoices):
        FULL = "full", _("Hela planen")
        DEVIATION = "deviation", _("Avvikelser")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reporting_periods"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    first_month = models.PositiveSmallIntegerField(_("första månad"))
    last_month = models.PositiveSmallIntegerField(_("sista månad"))
    deadline = models.DateField(_("sista dag"))
    scope = models.CharField(_("omfattning"), max_length=10, choices=Scope.choices)
    is_open = models.BooleanField(_("öppen"), default=False)
    # When the period was first opened for reporting; a closed period has one, a period not yet
    # opened has none ("Ej öppnad", not "Stängd").
    opened_at = models.DateTimeField(_("öppnad"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["year", "last_month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind", "last_month"],
                name="reporting_period_unique",
            ),
            models.CheckConstraint(
                condition=Q(first_month__gte=1)
                & Q(last_month__lte=12)
                & Q(first_month__lte=models.F("last_month")),
                name="reporting_period_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.year}"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.MONTHLY:
            return str(_("Månadsrapport %(month)s")) % {"month": MONTHS[self.last_month - 1]}
        return str(self.get_kind_display())

    @property
    def state_label(self) -> str:
        """Open for reporting, closed after reporting, or not yet opened."""
        if self.is_open:
            return str(_("Öppen för rapportering"))
        if self.opened_at is None:
            return str(_("Ej öppnad"))
        return str(_("Stängd"))

    @property
    def months_label(self) -> str:
        if self.first_month == self.last_month:
            return str(MONTHS[self.last_month - 1])
        return f"{MONTHS[self.first_month - 1]}–{MONTHS[self.last_month - 1]}"

    def get_absolute_url(self) -> str:
        return reverse("followup:progress", args=[self.pk])


class ScaleLevel(TimeStampedModel):
    """One step of an assessment scale; the scales are data, per organisation and item kind."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="scale_levels"
    )
    item_kind = models.CharField(_("gäller"), max_length=12, choices=ItemKind.choices)
    code = models.CharField(_("kod"), max_length=30)
    label = models.CharField(_("text"), max_length=100)
    symbol = models.CharField(_("symbol"), max_length=4)
    is_deviation = models.BooleanField(_("avvikelse"), default=False)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("bedömningsnivå")
        verbose_name_plural = _("bedömningsnivåer")
        ordering = ["item_kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item_kind", "code"], name="scale_level_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Assessment(TimeStampedModel):
    """A responsible unit's assessment (bedömning) of one item for one period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inlämnad")
        APPROVED = "approved", _("Godkänd")
        RETURNED = "returned", _("Återsänd")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    item_kind = models.CharField(_("typ"), max_length=12, choices=ItemKind.choices)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    assignment = models.ForeignKey(
        PlanAssignment, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.DRAFT)
    status = models.ForeignKey(
        ScaleLevel,
        verbose_name=_("bedömning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forecast = models.ForeignKey(
        ScaleLevel,
        verbose_name=_("prognos vid årets slut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("kommentar"), blank=True)
    actual_value = models.DecimalField(
        _("utfall"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    return_comment = models.TextField(_("skäl för återsändning"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["period", "unit__path", "item_kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", kind],
                condition=Q(item_kind=kind),
                name=f"assessment_unique_{kind}",
            )
            for kind in ("goal", "assignment", "activity", "indicator")
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.unit} – {self.period}"

    @property
    def item(self):
        return getattr(self, self.item_kind)

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def get_absolute_url(self) -> str:
        url = reverse("followup:unit", args=[self.period_id, self.unit.code])
        return f"{url}#item-{self.pk}"
