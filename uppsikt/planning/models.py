"""Plans and what they contain: focus areas, goals, assignments, activities, indicators with
their targets and measurements (docs/definitions.md §1 and §4, docs/glossary.md)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Body, Organisation, Unit


class Plan(TimeStampedModel):
    """Mål och budget (the council's) or a body's verksamhetsplan for a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Fastställd")
        CLOSED = "closed", _("Avslutad")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="plans"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["-year", "body__position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", args=[self.pk])


class FocusArea(TimeStampedModel):
    """A council focus area (fokusområde) of a year's Mål och budget."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focus_areas")
    name = models.CharField(_("namn"), max_length=200)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Goal(TimeStampedModel):
    """A council goal (under a focus area) or a body goal (serving council goals)."""

    class Level(models.TextChoices):
        COUNCIL = "council", _("Fullmäktiges mål")
        BODY = "body", _("Nämndens mål")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("fokusområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    serves = models.ManyToManyField(
        "self",
        verbose_name=_("bidrar till"),
        symmetrical=False,
        blank=True,
        related_name="served_by",
    )
    area = models.CharField(_("område"), max_length=100, blank=True)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("ansvarig enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanAssignment(TimeStampedModel):
    """An assignment (uppdrag) from a plan, carried out by a responsible unit."""

    audit_former_labels = ("planning.assignment",)  # core.models.renamed_object_types

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    area = models.CharField(_("område"), max_length=100, blank=True)
    title = models.CharField(_("uppdrag"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("ansvarig enhet"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Activity(TimeStampedModel):
    """An activity under a goal or an assignment, or a prioritised activity of a plan area
    (such as the work-environment plan)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    assignment = models.ForeignKey(
        PlanAssignment,
        verbose_name=_("uppdrag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    area = models.CharField(_("område"), max_length=100, blank=True)
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("ansvarig enhet"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(TimeStampedModel):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Högre är bättre")
        LOWER = "lower", _("Lägre är bättre")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manuell")
        COMPUTED = "computed", _("Beräknad")
        IMPORTED = "imported", _("Importerad")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    unit_of_measure = models.CharField(_("enhet"), max_length=20, blank=True)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    source = models.CharField(
        _("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    kolada_id = models.CharField(_("Kolada-id"), max_length=20, blank=True)
    # For a computed indicator: the figure it takes, e.g. "workforce.turnover.total" (the staff
    # indicators' JSON path). Measurements are then written by the computation, not by people.
    computed_from = models.CharField(_("beräknas från"), max_length=100, blank=True)
    area = models.CharField(_("område"), max_length=100, blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("mål"), blank=True, related_name="indicators"
    )
    plans = models.ManyToManyField(
        Plan, verbose_name=_("planer"), blank=True, related_name="indicators"
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Target(TimeStampedModel):
    """The target value (målvärde) of an indicator for a body or a unit in a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("målvärde"), max_digits=18, decimal_places=6)
    tolerance = models.DecimalField(_("tolerans"), max_digits=18, decimal_places=6, default=0)

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(body__isnull=False, unit__isnull=True)
                | models.Q(body__isnull=True, unit__isnull=False),
                name="target_for_body_or_unit",
            ),
            # one target per indicator, year and body, or indicator, year and unit
            models.UniqueConstraint(
                fields=["indicator", "year", "body"],
                condition=models.Q(unit__isnull=True),
                name="target_unique_per_body_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "unit"],
                condition=models.Q(body__isnull=True),
                name="target_unique_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class Measurement(TimeStampedModel):
    """An actual figure (utfall) of an indicator for a unit and a period, or a note that it was
    not reported, with the reason."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="measurements")
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    value = models.DecimalField(_("utfall"), max_digits=18, decimal_places=6, null=True, blank=True)
    provenance = models.CharField(_("källa"), max_length=300, blank=True)
    not_reported = models.BooleanField(_("redovisas inte"), default=False)
    reason = models.TextField(_("skäl"), blank=True)

    class Meta:
        verbose_name = _("mätning")
        verbose_name_plural = _("mätningar")
        ordering = ["period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start", "period_end"],
                name="measurement_unique_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end}"
