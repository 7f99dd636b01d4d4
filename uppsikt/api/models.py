"""API tokens and the replies kept for idempotent batch imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Body, Organisation, Unit


class ApiToken(TimeStampedModel):
    """A key to the REST API of one organisation, for a person or an integration.

    The secret is shown once when the token is made; only its SHA-256 hash is kept. A token
    acts in its owner's name and can never do more than the owner may: every call is checked
    against the token's own permissions and scope *and* the owner's roles as they are now.
    An integration's token names the integration and the person answering for it (the owner).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("namn"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ägare"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    integration = models.CharField(_("integration"), max_length=100, blank=True)
    prefix = models.CharField(_("början"), max_length=12, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    permissions = models.JSONField(_("behörigheter"), default=list)
    units = models.ManyToManyField(Unit, verbose_name=_("enheter"), blank=True, related_name="+")
    bodies = models.ManyToManyField(Body, verbose_name=_("organ"), blank=True, related_name="+")
    expires_at = models.DateTimeField(_("gäller till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class IdempotentReply(models.Model):
    """The reply to a batch import sent with a client's idempotency key: the same key and
    body get the same reply again; the same key with another body is refused (409)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="replies")
    key = models.CharField(max_length=100)
    body_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    reply = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_reply_unique_key"),
        ]

    def __str__(self) -> str:
        return self.key
