"""Base models shared by every app: timestamps, the login account, the audit trail."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import plain_sql


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        abstract = True


class UserManager(auth_models.UserManager):
    """Django's, but for ``get(pk=…)``, which every signed-in request makes for its account
    (``django.contrib.auth.get_user``): one plain SQL statement (``core.plain_sql``)."""

    def get(self, *args, **kwargs):
        if not args and kwargs.keys() == {"pk"} and self._db is None:
            found = plain_sql.get_by_pk(self.model, kwargs["pk"])
            if found is None:
                raise self.model.DoesNotExist(
                    f"{self.model._meta.object_name} matching query does not exist."
                )
            return found
        return super().get(*args, **kwargs)


class User(AbstractUser):
    """A login account. The person it belongs to is ``organisation.Person``."""

    objects = UserManager()

    class Meta:
        verbose_name = _("användarkonto")
        verbose_name_plural = _("användarkonton")

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded behaviour, tested
        raise AuditImmutableError(_("Granskningsloggen kan inte ändras."))

    def delete(self):
        raise AuditImmutableError(_("Granskningsloggen kan inte raderas."))


class AuditImmutableError(Exception):
    pass


def renamed_object_types() -> dict[str, str]:
    """A renamed model's former audit object types → its present one.

    Audit rows are never changed, so rows written before a model was renamed keep the label
    they were written with; the model lists those labels in ``audit_former_labels`` and the
    trail reads them under its present one.
    """
    return {
        former: model._meta.label_lower
        for model in apps.get_models()
        for former in getattr(model, "audit_former_labels", ())
    }


class AuditEvent(models.Model):
    """One write made through a service: who, when, what, before and after.

    Rows are only ever inserted; the model refuses updates and deletes.
    """

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(_("händelse"), max_length=80, db_index=True)
    object_type = models.CharField(_("objekttyp"), max_length=80, db_index=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objekt"), max_length=300)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    detail = models.JSONField(_("detaljer"), null=True, blank=True)
    # The organisation the change was made in (docs/adr/0009): an id, not a foreign key, as core
    # sits below the organisation app. None for a change outside any organisation (an operator's
    # command on something of none, or rows from before there could be several).
    organisation_id = models.BigIntegerField(
        _("organisation"), null=True, blank=True, db_index=True
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("granskningshändelse")
        verbose_name_plural = _("granskningslogg")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError(_("Granskningsloggen kan inte ändras."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError(_("Granskningsloggen kan inte raderas."))

    @property
    def current_object_type(self) -> str:
        """The object type under the model's present name (see ``renamed_object_types``)."""
        return renamed_object_types().get(self.object_type, self.object_type)


class Job(models.Model):
    """A background job started by a person: its progress, and why it failed if it did."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("typ"), max_length=40)
    title = models.CharField(_("rubrik"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("förlopp"), default=0)
    message = models.CharField(_("meddelande"), max_length=300, blank=True)
    errors = models.JSONField(_("fel"), default=list, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    # set while the job runs; a running job without one for UPPSIKT_JOB_TIMEOUT is abandoned
    heartbeat_at = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    # stored files (default_storage names) to remove should the job never finish
    leftovers = models.JSONField(_("kvarlämnade filer"), default=list, blank=True)

    class Meta:
        verbose_name = _("jobb")
        verbose_name_plural = _("jobb")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class TableGeneration(models.Model):
    """How many committed writes a table has had (at least; counted up to the moment of the
    write in microseconds when that is more): what a kept page is checked against
    (``core.kept_pages``). Written by that module alone, with one statement per commit."""

    name = models.CharField(_("tabell"), max_length=128, primary_key=True)
    value = models.BigIntegerField(_("generation"))

    class Meta:
        db_table = "core_tablegeneration"
        verbose_name = _("tabellgeneration")
        verbose_name_plural = _("tabellgenerationer")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
