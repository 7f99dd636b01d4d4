"""Stored rendered files and the document template. No domain: a rendered file is known by its
``kind`` and ``subject`` (strings the producing app chooses, e.g. ``followup`` and
``RS/2024-UR1``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentTemplate(models.Model):
    """An organisation's .docx template. The newest active one is used; older ones are kept."""

    scope = models.CharField(_("gäller för"), max_length=80, default="", blank=True)
    name = models.CharField(_("namn"), max_length=200)
    content = models.BinaryField(_("innehåll"))
    checksum = models.CharField(_("kontrollsumma"), max_length=64)
    active = models.BooleanField(_("aktiv"), default=True)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dokumentmall")
        verbose_name_plural = _("dokumentmallar")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class RenderedDocument(models.Model):
    """A rendered file, kept with its checksum and the data version it was made from.

    The file lies in the default storage under its checksum, so equal content is stored once.
    """

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"
        PPTX = "pptx", "PPTX"

    kind = models.CharField(_("slag"), max_length=40)
    subject = models.CharField(_("avser"), max_length=200)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    checksum = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    data_version = models.CharField(_("dataversion"), max_length=64)
    size = models.PositiveIntegerField(_("storlek"))
    file = models.FileField(_("fil"), upload_to="documents/", max_length=200)
    title = models.CharField(_("titel"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("renderat dokument")
        verbose_name_plural = _("renderade dokument")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "format", "checksum"], name="rendered_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "subject", "format", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.format})"


class DocumentText(models.Model):
    """A text that people write for a document (a summary, a comment on the figures), kept by
    ``kind``, ``subject`` and ``key`` (e.g. ``followup``, ``RS/2024-UR1``, ``summary``).
    Stored as sanitised rich text (``core.html_sanitize``)."""

    kind = models.CharField(_("slag"), max_length=40)
    subject = models.CharField(_("avser"), max_length=200)
    key = models.CharField(_("avsnitt"), max_length=60)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dokumenttext")
        verbose_name_plural = _("dokumenttexter")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "key"], name="document_text_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.key}"
