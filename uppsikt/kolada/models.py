"""Kolada beside our own figures (docs/kolada.md): which Kolada KPI an indicator is compared on
and with whom (``Comparison``), and the values fetched from Kolada (``KoladaValue``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation
from uppsikt.planning.models import Indicator


class Comparison(TimeStampedModel):
    """An indicator compared with a Kolada KPI: our own municipality or region in Kolada and the
    peers it is set beside, over a span of years."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="kolada_comparisons"
    )
    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="kolada_comparison"
    )
    kpi = models.CharField(_("Kolada-nyckeltal"), max_length=20)
    own_id = models.CharField(_("vår kommun eller region i Kolada"), max_length=10)
    peer_ids = models.JSONField(_("jämförs med"), default=list)
    # Kolada's own group of municipalities or regions (municipality_groups), its members
    # read from Kolada with the values
    peer_group = models.CharField(_("jämförelsegrupp i Kolada"), max_length=12, blank=True)
    peer_group_name = models.CharField(_("jämförelsegruppens namn"), max_length=200, blank=True)
    group_member_ids = models.JSONField(_("jämförelsegruppens medlemmar"), default=list)
    first_year = models.PositiveSmallIntegerField(_("från år"))
    last_year = models.PositiveSmallIntegerField(_("till år"))
    # shown in the generated reports' staff section beside our own figure
    in_reports = models.BooleanField(_("visas i rapporterna"), default=False)
    fetched_at = models.DateTimeField(_("hämtad"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kolada-jämförelse")
        verbose_name_plural = _("Kolada-jämförelser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("last_year")),
                name="kolada_comparison_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.kpi}"

    def municipality_ids(self) -> list[str]:
        """Ours, the peers' and the group's members', sorted, without repeats (the order of
        Kolada's requests)."""
        return sorted({self.own_id, *self.peer_ids, *self.group_member_ids})


class KoladaValue(models.Model):
    """A value fetched from Kolada: a KPI for a municipality or region, a year and a gender."""

    class Gender(models.TextChoices):
        TOTAL = "T", _("Totalt")
        WOMEN = "K", _("Kvinnor")
        MEN = "M", _("Män")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="kolada_values"
    )
    kpi = models.CharField(_("nyckeltal"), max_length=20)
    municipality_id = models.CharField(_("kommun- eller region-id"), max_length=10)
    municipality_name = models.CharField(_("kommun eller region"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=6, null=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    fetched_at = models.DateTimeField(_("hämtad"))

    class Meta:
        verbose_name = _("Kolada-värde")
        verbose_name_plural = _("Kolada-värden")
        ordering = ["kpi", "year", "municipality_id", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kpi", "municipality_id", "year", "gender"],
                name="kolada_value_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.municipality_id} {self.year} {self.gender}"
