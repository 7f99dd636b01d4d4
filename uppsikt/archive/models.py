"""What the archive keeps: every archive package exported (docs/archive.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case
from uppsikt.organisation.models import Body, Organisation


class ArchiveExport(models.Model):
    """An archive package (FGS Paketstruktur 2.0) of a closed case or of a body's minutes for a
    year: what, when, by whom, and the package's checksum. Written by the export job."""

    class Kind(models.TextChoices):
        CASE = "case", _("Ärende")
        MINUTES = "minutes", _("Protokoll för ett år")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Skapas")
        DONE = "done", _("Klart")
        FAILED = "failed", _("Misslyckades")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("innehåll"), max_length=10, choices=Kind.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="archive_exports"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="archive_exports")
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    package_id = models.CharField(_("paketidentitet"), max_length=80, unique=True)
    file = models.CharField(_("fil"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("storlek"), default=0)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, blank=True)
    file_count = models.PositiveIntegerField(_("antal filer"), default=0)
    message = models.CharField(_("meddelande"), max_length=300, blank=True)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("beställt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klart"), null=True, blank=True)

    class Meta:
        verbose_name = _("arkivpaket")
        verbose_name_plural = _("arkivpaket")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="case", case__isnull=False)
                    | models.Q(kind="minutes", year__isnull=False)
                ),
                name="archive_export_names_what",
            ),
        ]

    def __str__(self) -> str:
        return self.title
