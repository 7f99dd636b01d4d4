"""HR extracts and the staff figures computed from them.

Raw HR rows are health data (sickness absence). They are kept as Parquet blobs in
``HrExtractData``, which only ``services`` (import, compute, purge) touch: no selector, view,
form, admin or API reads them, and the retention command deletes them. What screens, reports and
the later planning app read are the computed, suppressed ``StaffFigureSet`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uppsikt.organisation.models import Organisation, Unit


class HrExtract(models.Model):
    """One import of an HR extract (employees, employments, absences), identified by content."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hr_extracts"
    )
    checksum = models.CharField(_("kontrollsumma"), max_length=64)
    file_names = models.JSONField(_("filer"), default=dict)
    file_format = models.CharField(_("filformat"), max_length=10, default="csv")
    counts = models.JSONField(_("antal rader"), default=dict)
    covers_until = models.DateField(_("data till och med"))
    imported_at = models.DateTimeField(_("inläst"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inläst av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purged_at = models.DateTimeField(_("rådata raderad"), null=True, blank=True)

    class Meta:
        verbose_name = _("HR-uttag")
        verbose_name_plural = _("HR-uttag")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "checksum"], name="hr_extract_checksum_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"HR-uttag {self.imported_at:%Y-%m-%d %H:%M} ({self.checksum[:8]})"


class HrExtractData(models.Model):
    """The raw rows of an extract as Parquet: read only by the computation, never shown."""

    extract = models.OneToOneField(
        HrExtract, on_delete=models.CASCADE, related_name="raw", primary_key=True
    )
    employees = models.BinaryField()
    employments = models.BinaryField()
    absences = models.BinaryField()

    class Meta:
        verbose_name = _("HR-rådata")
        verbose_name_plural = _("HR-rådata")

    def __str__(self) -> str:
        return f"rådata för {self.extract_id}"


class StaffFigureSet(models.Model):
    """The R12 staff figures of one unit (its subtree) for one month, with their provenance.

    ``figures`` is the JSON object of ``uppsikt compute workforce`` (suppressed cells are null);
    the planning app's indicators will point here for their sickness and turnover measurements.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff_figure_sets"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="staff_figure_sets")
    period_end = models.DateField(_("period till och med"))
    window_start = models.DateField(_("fönstret från"))
    extract = models.ForeignKey(
        HrExtract, on_delete=models.PROTECT, related_name="figure_sets", verbose_name=_("HR-uttag")
    )
    computed_at = models.DateTimeField(_("beräknad"))
    parameters = models.JSONField(_("parametrar"), default=dict)
    figures = models.JSONField(_("nyckeltal"), default=dict)
    sizes = models.JSONField(_("gruppstorlekar"), default=dict)
    provisional = models.BooleanField(_("preliminär"), default=False)

    class Meta:
        verbose_name = _("personalnyckeltal")
        verbose_name_plural = _("personalnyckeltal")
        ordering = ["unit", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_end"], name="staff_figure_set_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "period_end"])]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period_end:%Y-%m}"

    @property
    def period(self) -> str:
        return f"{self.period_end:%Y-%m}"


class StaffFigureBasis(models.Model):
    """One unit's R12 figures for one month as the computation gave them, before complementary
    suppression, with the true group sizes and the fingerprint of the rows they rest on.

    A recomputation after a new extract computes only the units and months whose fingerprint
    changed and takes the others from here (docs/workforce.md, *Recomputation*). As sensitive
    as the raw rows: read and written only by ``services``, never shown, and deleted with the
    raw rows of the extract it was last confirmed against.
    """

    raw = models.ForeignKey(HrExtractData, on_delete=models.CASCADE, related_name="figure_bases")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit_code = models.CharField(_("enhetskod"), max_length=40)
    period_end = models.DateField(_("period till och med"))
    fingerprint = models.CharField(_("fingeravtryck"), max_length=64)
    figures = models.JSONField(_("nyckeltal"), default=dict)
    sizes = models.JSONField(_("gruppstorlekar"), default=dict)
    exposure = models.JSONField(_("underlag för röjandekontroll"), default=dict)

    class Meta:
        verbose_name = _("beräkningsunderlag för personalnyckeltal")
        verbose_name_plural = _("beräkningsunderlag för personalnyckeltal")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "unit_code", "period_end"],
                name="staff_figure_basis_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.period_end:%Y-%m}"
