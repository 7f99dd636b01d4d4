"""After the meeting: signatures (justering), corrections, the notice board's postings
(anslag) and the dispatch of extracts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Organisation, Person

from ..sealed import SealedModel
from .meeting import APPROVED, Meeting
from .minutes import MinutesItem


class Approval(SealedModel, TimeStampedModel):
    """One signature (justering): of the whole minutes, or of one item approved at once."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        APPROVER = "approver", _("Justerare")

    class Method(models.TextChoices):
        IN_SYSTEM = "in_system", _("Inloggad i Uppsikt")
        ON_PAPER = "on_paper", _("Signerat på papper, registrerat av sekreteraren")
        E_ID = "e_id", _("E-legitimation")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="approvals")
    item = models.ForeignKey(
        MinutesItem, null=True, blank=True, on_delete=models.PROTECT, related_name="approvals"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices)
    method = models.CharField(_("sätt"), max_length=10, choices=Method.choices)
    at = models.DateTimeField(_("tidpunkt"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the identity provider vouched for when the approval was made with e-ID (method
    # ``e_id``): a fresh sign-on at the assurance level asked for; empty for the other methods.
    eid_issuer = models.CharField(_("identitetsleverantör"), max_length=255, blank=True)
    eid_acr = models.CharField(_("tillitsnivå"), max_length=255, blank=True)
    eid_subject = models.CharField(_("subjekt (sub)"), max_length=255, blank=True)
    eid_token_id = models.CharField(_("ID-tokens id (jti)"), max_length=255, blank=True)
    eid_session_id = models.CharField(_("inloggningens id (sid)"), max_length=255, blank=True)
    eid_auth_time = models.DateTimeField(_("inloggad"), null=True, blank=True)

    class Meta:
        verbose_name = _("justering")
        verbose_name_plural = _("justeringar")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "item", "person"],
                name="approval_once_per_person",
                nulls_distinct=False,
            ),
        ]

    @classmethod
    def sealing_rules(cls):
        return [
            (
                Q(item__approved_at__isnull=False) | Q(item__isnull=True, meeting__status=APPROVED),
                frozenset(),
            )
        ]

    def sealed_parent(self) -> bool:
        if self.item_id is not None:
            return MinutesItem._base_manager.filter(
                pk=self.item_id, approved_at__isnull=False
            ).exists()
        return Meeting._base_manager.filter(pk=self.meeting_id, status=APPROVED).exists()


class Correction(SealedModel, TimeStampedModel):
    """A visible, dated correction of an approved item (rättelse): the item itself is not
    changed."""

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="corrections")
    date = models.DateField(_("datum"))
    text = models.TextField(_("rättelse"))
    reason = models.TextField(_("skäl"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")
        ordering = ["item", "date", "pk"]

    @classmethod
    def sealing_rules(cls):
        # a correction is itself a dated record: added, never changed or removed
        return [(Q(), frozenset())]


class Notice(SealedModel, TimeStampedModel):
    """An anslag on the digital notice board: the approval of a meeting's minutes (or of one
    item approved at once), or the announcement (kungörelse) of a council meeting."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Justerat protokoll")
        ANNOUNCEMENT = "announcement", _("Kungörelse")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notices")
    item = models.ForeignKey(
        MinutesItem, null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    approved_on = models.DateField(_("justeringsdatum"), null=True, blank=True)
    posted_on = models.DateField(_("anslaget"))
    last_day = models.DateField(_("tas ned"))
    appeal_last_day = models.DateField(_("sista dag för överklagande"), null=True, blank=True)
    minutes_kept_at = models.CharField(_("protokollet förvaras"), max_length=200, blank=True)
    checksum = models.CharField(_("kontrollsumma"), max_length=120, blank=True)

    # moved by ``notice_repost`` within the law's two days, which seals the notice again
    amendable_fields = frozenset({"posted_on", "last_day", "appeal_last_day", "updated_at"})

    class Meta:
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")
        ordering = ["-posted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("posted_on")), name="notice_last_after_posted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("noticeboard:notice", args=[self.pk])

    @classmethod
    def sealing_rules(cls):
        return [(Q(kind="approval"), frozenset({"checksum"}))]


class Dispatch(TimeStampedModel):
    """An extract sent (expedierat) to a recipient."""

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="dispatches")
    recipient = models.CharField(_("mottagare"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    fmt = models.CharField(_("format"), max_length=4, default="pdf")
    sent_at = models.DateTimeField(_("skickat"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("expediering")
        verbose_name_plural = _("expedieringar")
        ordering = ["item", "sent_at", "pk"]
