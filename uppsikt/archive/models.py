"""What the archive keeps: every archive package exported (docs/archive.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, Record
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


class RetentionSchedule(models.Model):
    """An informationshanteringsplan as data: its rules, and the decision that adopted it (a
    § of the minutes, or a case)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("namn"), max_length=200)
    adopted_on = models.DateField(_("fastställd"))
    adopted_by_item = models.ForeignKey(
        "meetings.MinutesItem",
        verbose_name=_("fastställd i paragraf"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_by_case = models.ForeignKey(
        Case,
        verbose_name=_("fastställd i ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("informationshanteringsplan")
        verbose_name_plural = _("informationshanteringsplaner")
        ordering = ["-adopted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(adopted_by_item__isnull=False)
                | models.Q(adopted_by_case__isnull=False),
                name="retention_schedule_adopted_by_a_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RetentionRule(models.Model):
    """Per case type and record type (empty: any): keep for ever, or dispose of the records
    ``years`` after the case was closed."""

    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="rules")
    case_kind = models.CharField(
        _("ärendetyp"), max_length=20, choices=Case.Kind.choices, blank=True
    )
    record_kind = models.CharField(
        _("handlingstyp"), max_length=10, choices=Record.Kind.choices, blank=True
    )
    keep_forever = models.BooleanField(_("bevaras"), default=False)
    years = models.PositiveSmallIntegerField(_("gallras efter år"), null=True, blank=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["schedule", "case_kind", "record_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "case_kind", "record_kind"], name="retention_rule_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(keep_forever=True, years__isnull=True)
                | models.Q(keep_forever=False, years__isnull=False),
                name="retention_rule_keep_or_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_kind or '*'}/{self.record_kind or '*'}"


class DisposalRun(models.Model):
    """A gallring: what is due on a day under a schedule, proposed, then approved by a person
    with ``archive.dispose``, which removes it. The run and its items stay as the record of
    what was disposed of."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        DONE = "done", _("Genomförd")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    schedule = models.ForeignKey(RetentionSchedule, on_delete=models.PROTECT, related_name="runs")
    as_of = models.DateField(_("per dag"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(_("genomförd"), null=True, blank=True)

    class Meta:
        verbose_name = _("gallring")
        verbose_name_plural = _("gallringar")
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.schedule} {self.as_of}"


class DisposalItem(models.Model):
    """One record of a run: which, under which rule, due when; once done, what was removed."""

    run = models.ForeignKey(DisposalRun, on_delete=models.PROTECT, related_name="items")
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_number = models.CharField(_("handling"), max_length=40)
    case_number = models.CharField(_("ärende"), max_length=30)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("gallringsbar från"))
    files_removed = models.PositiveIntegerField(_("borttagna filer"), default=0)
    disposed = models.BooleanField(_("gallrad"), default=False)

    class Meta:
        verbose_name = _("gallrad handling")
        verbose_name_plural = _("gallrade handlingar")
        ordering = ["run", "case_number", "record_number"]

    def __str__(self) -> str:
        return self.record_number
