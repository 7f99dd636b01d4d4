"""A meeting (sammanträde) of a body: its agenda, who is called and who attends."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, DecisionProposal, DelegatedDecision
from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Body, Membership, Organisation, Person

from ..sealed import SealedModel

APPROVED = "approved"


class Meeting(SealedModel, TimeStampedModel):
    """A sammanträde of a body: planned → summons sent → held → minutes approved."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        SUMMONED = "summoned", _("Kallat")
        HELD = "held", _("Genomfört")
        APPROVED = "approved", _("Justerat")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("tid"))
    place = models.CharField(_("plats"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # where the signed minutes are kept ("Regionkontoret, Halmstad"); chosen when the meeting is
    # planned, the body's previous meeting's by default (``services.meeting_create``)
    minutes_kept_at = models.CharField(_("protokollet förvaras"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("ordförande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approvers = models.ManyToManyField(
        Person, verbose_name=_("justerare"), blank=True, related_name="+"
    )
    approval_due = models.DateField(_("justeras senast"), null=True, blank=True)
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("sekreterare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    announced_on = models.DateField(_("kungjort"), null=True, blank=True)
    summons_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    held_at = models.DateTimeField(_("genomfört"), null=True, blank=True)
    approved_on = models.DateField(_("justeringsdatum"), null=True, blank=True)
    checksum = models.CharField(_("kontrollsumma"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-date", "-start_time"]

    def __str__(self) -> str:
        return f"{self.body.name} {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @classmethod
    def sealing_rules(cls):
        # approved minutes: only re-sealing; an item approved at once fixes the meeting's facts
        # but the minutes may still be approved (status, day and checksum)
        return [
            (Q(status=APPROVED), frozenset({"checksum"})),
            (
                Q(items__approved_at__isnull=False),
                frozenset({"status", "approved_on", "checksum", "updated_at"}),
            ),
        ]


class Attendance(SealedModel, TimeStampedModel):
    """One person called to or present at a meeting: a member, a deputy, or an official."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Ledamot")
        DEPUTY = "deputy", _("Ersättare")
        OFFICIAL = "official", _("Tjänsteperson")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("roll"), max_length=10, choices=Role.choices)
    seat_label = models.CharField(_("uppdrag"), max_length=60, blank=True)
    party = models.CharField(_("parti"), max_length=12, blank=True)
    deputy_order = models.PositiveSmallIntegerField(null=True, blank=True)
    called = models.BooleanField(_("kallad"), default=True)
    present = models.BooleanField(_("närvarande"), default=False)
    serving_for = models.ForeignKey(
        Person,
        verbose_name=_("tjänstgör för"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    @property
    def serves(self) -> bool:
        """Takes part in decisions: a present member, or a deputy serving for one."""
        if not self.present:
            return False
        if self.role == self.Role.MEMBER:
            return True
        return self.role == self.Role.DEPUTY and self.serving_for_id is not None

    @classmethod
    def sealing_rules(cls):
        return [
            (
                Q(meeting__status=APPROVED) | Q(meeting__items__approved_at__isnull=False),
                frozenset(),
            )
        ]

    def sealed_parent(self) -> bool:
        return (
            Meeting._base_manager.filter(pk=self.meeting_id)
            .filter(Q(status=APPROVED) | Q(items__approved_at__isnull=False))
            .exists()
        )


class SummonsRecipient(models.Model):
    """One person the summons (kallelse) was sent to, each time it was sent: who, to which
    address, and when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="summons_recipients"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-post"), blank=True)
    sent_at = models.DateTimeField(_("skickad"))

    class Meta:
        verbose_name = _("mottagare av kallelse")
        verbose_name_plural = _("mottagare av kallelse")
        ordering = ["meeting", "-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.sent_at:%Y-%m-%d %H:%M}"


class AgendaItem(TimeStampedModel):
    """An item on the agenda (föredragningslista): a case with its proposal, or information."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslutsärende")
        INFORMATION = "information", _("Information")
        DELEGATION = "delegation", _("Anmälan av delegationsbeslut")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField(_("rubrik"), max_length=300)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    proposal = models.ForeignKey(
        DecisionProposal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    withdrawn = models.BooleanField(_("utgår"), default=False)
    # What the item is about when it is not a case: the list of decisions taken under
    # delegation that it reports; it becomes the minutes item's "Ärendet".
    description = models.TextField(_("beskrivning"), blank=True)
    delegated_decisions = models.ManyToManyField(
        DelegatedDecision, blank=True, related_name="agenda_items"
    )

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("föredragningslista")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title
