"""Meetings of political bodies: the notice and agenda, attendance, the minutes with their
numbered items (§), floor motions, votes, dissents, approval (justering), corrections, the
notice board, extracts and their dispatch, and the assignments that decisions give
(docs/glossary.md, docs/definitions.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, DecisionProposal, DelegatedDecision
from uppsikt.core.models import TimeStampedModel
from uppsikt.followup.models import ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Membership, Organisation, Person, Unit

from .sealed import SealedModel

APPROVED = "approved"


class MinutesSeries(models.Model):
    """The last § number taken by one body in one calendar year.

    Numbers are taken under a row lock on this row, so two secretaries numbering at once get
    two numbers; ``last_number`` only grows, so a number is never used twice.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="minutes_series")
    year = models.PositiveSmallIntegerField(_("år"))
    last_number = models.PositiveIntegerField(_("senast tagna paragraf"), default=0)

    class Meta:
        verbose_name = _("paragrafserie")
        verbose_name_plural = _("paragrafserier")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="minutes_series_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body.code} {self.year}: § {self.last_number}"


class Meeting(SealedModel, TimeStampedModel):
    """A sammanträde of a body: planned → notice sent → held → minutes approved."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        NOTICED = "noticed", _("Kallelse skickad")
        HELD = "held", _("Genomfört")
        APPROVED = "approved", _("Protokollet justerat")

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
    minutes_kept_at = models.CharField(
        _("protokollet förvaras"), max_length=200, default="Regionkontoret, Halmstad"
    )
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
    notice_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
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


class MinutesItem(SealedModel, TimeStampedModel):
    """A paragraph (§) of the minutes, numbered per body per calendar year of the meeting.

    Once approved (with the minutes or at once) its content never changes; a correction is a
    ``Correction`` row shown beside it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_item"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("paragraf"))
    position = models.PositiveIntegerField(_("ordning"))
    title = models.CharField(_("rubrik"), max_length=300)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_items"
    )
    proposal = models.ForeignKey(
        DecisionProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matter = models.TextField(_("ärendet"), blank=True)
    basis = models.JSONField(_("beslutsunderlag"), default=list, blank=True)
    proposal_intro = models.CharField(
        _("inledning, förslag till beslut"), max_length=200, blank=True
    )
    proposal_points = models.JSONField(_("förslag till beslut"), default=list, blank=True)
    decision_intro = models.CharField(_("inledning, beslut"), max_length=200, blank=True)
    decision_points = models.JSONField(_("beslut"), default=list, blank=True)
    procedure = models.TextField(_("beslutsordning"), blank=True)
    dispatch_to = models.JSONField(_("expedieras till"), default=list, blank=True)
    secret = models.BooleanField(_("sekretess"), default=False)
    approved_at = models.DateTimeField(_("justerad"), null=True, blank=True)
    approved_immediately = models.BooleanField(_("omedelbart justerad"), default=False)
    # where the item stands among the body's items of the year in the order of approval: its
    # checksum covers the checksum of the one before, so a removed item breaks the chain
    approval_sequence = models.PositiveIntegerField(_("justeringsordning"), null=True, blank=True)
    checksum = models.CharField(_("kontrollsumma"), max_length=120, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="minutes_item_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:item", args=[self.pk])

    @property
    def label(self) -> str:
        return f"§ {self.number}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None

    @classmethod
    def sealing_rules(cls):
        return [(Q(approved_at__isnull=False), frozenset({"checksum"}))]


class FloorMotion(SealedModel, TimeStampedModel):
    """A yrkande made at the meeting: who, party, what."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Bifall")
        REJECT = "reject", _("Avslag")
        AMEND = "amend", _("Ändring")
        ADD = "add", _("Tillägg")
        REFER_BACK = "refer_back", _("Återremiss")
        POSTPONE = "postpone", _("Bordläggning")

    FORMAL = (Kind.REFER_BACK, Kind.POSTPONE)

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="motions")
    position = models.PositiveIntegerField(default=0)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role_label = models.CharField(_("roll"), max_length=40, blank=True)
    party = models.CharField(_("parti"), max_length=12, blank=True)
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("yrkande"), blank=True)
    points = models.JSONField(_("punkter"), default=list, blank=True)
    withdrawn = models.BooleanField(_("återtaget"), default=False)

    class Meta:
        verbose_name = _("yrkande")
        verbose_name_plural = _("yrkanden")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.party}): {self.get_kind_display()}"

    @property
    def formal(self) -> bool:
        return self.kind in self.FORMAL

    @classmethod
    def sealing_rules(cls):
        return [(Q(item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return MinutesItem._base_manager.filter(pk=self.item_id, approved_at__isnull=False).exists()


class Vote(SealedModel, TimeStampedModel):
    """A question put to the vote (votering), open by roll-call, or decided by acclamation."""

    class Method(models.TextChoices):
        ROLL_CALL = "roll_call", _("Öppen omröstning (namnupprop)")
        ACCLAMATION = "acclamation", _("Acklamation")

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="votes")
    position = models.PositiveIntegerField(default=0)
    method = models.CharField(_("metod"), max_length=12, choices=Method.choices)
    yes_means = models.CharField(_("ja innebär"), max_length=300)
    no_means = models.CharField(_("nej innebär"), max_length=300)
    result = models.CharField(_("resultat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.result or self.yes_means

    @classmethod
    def sealing_rules(cls):
        return [(Q(item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return MinutesItem._base_manager.filter(pk=self.item_id, approved_at__isnull=False).exists()


class VoteCast(SealedModel, models.Model):
    class Choice(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nej")
        ABSTAIN = "abstain", _("Avstår")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(max_length=12, blank=True)
    choice = models.CharField(_("röst"), max_length=8, choices=Choice.choices)

    class Meta:
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="vote_cast_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"

    @classmethod
    def sealing_rules(cls):
        return [(Q(vote__item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return Vote._base_manager.filter(pk=self.vote_id, item__approved_at__isnull=False).exists()


class Dissent(SealedModel, TimeStampedModel):
    """A reservation against the decision, with its reason."""

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="dissents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("parti"), max_length=12, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        ordering = ["item", "pk"]

    @classmethod
    def sealing_rules(cls):
        return [(Q(item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return MinutesItem._base_manager.filter(pk=self.item_id, approved_at__isnull=False).exists()


class MinutesNote(SealedModel, TimeStampedModel):
    """A protokollsanteckning, allowed by the chair."""

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="notes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("parti"), max_length=12, blank=True)
    text = models.TextField(_("anteckning"))

    class Meta:
        verbose_name = _("protokollsanteckning")
        verbose_name_plural = _("protokollsanteckningar")
        ordering = ["item", "pk"]

    @classmethod
    def sealing_rules(cls):
        return [(Q(item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return MinutesItem._base_manager.filter(pk=self.item_id, approved_at__isnull=False).exists()


class Recusal(SealedModel, TimeStampedModel):
    """A member who left the item because of a conflict of interest (jäv)."""

    item = models.ForeignKey(MinutesItem, on_delete=models.PROTECT, related_name="recusals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("parti"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("jäv")
        verbose_name_plural = _("jäv")
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="recusal_unique"),
        ]

    @classmethod
    def sealing_rules(cls):
        return [(Q(item__approved_at__isnull=False), frozenset())]

    def sealed_parent(self) -> bool:
        return MinutesItem._base_manager.filter(pk=self.item_id, approved_at__isnull=False).exists()


class Approval(SealedModel, TimeStampedModel):
    """One signature (justering): of the whole minutes, or of one item approved at once."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        APPROVER = "approver", _("Justerare")

    class Method(models.TextChoices):
        IN_SYSTEM = "in_system", _("Inloggad i Uppsikt")
        ON_PAPER = "on_paper", _("Signerat på papper, registrerat av sekreteraren")

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


class DecisionAssignment(TimeStampedModel):
    """An assignment (uppdrag) given by a decision point, open until a later decision declares
    it complete (docs/definitions.md §5)."""

    class State(models.TextChoices):
        OPEN = "open", _("Pågående")
        COMPLETED = "completed", _("Slutfört")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    given_by = models.ForeignKey(
        MinutesItem, on_delete=models.PROTECT, related_name="assignments_given"
    )
    point = models.PositiveSmallIntegerField(_("beslutspunkt"), default=1)
    text = models.TextField(_("uppdrag"))
    recipient_body = models.ForeignKey(
        Body,
        verbose_name=_("mottagande organ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_unit = models.ForeignKey(
        Unit,
        verbose_name=_("mottagande enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("återrapporteras senast"), null=True, blank=True)
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_by = models.ForeignKey(
        MinutesItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments_closed",
    )
    closed_on = models.DateField(_("slutfört"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppdrag från beslut")
        verbose_name_plural = _("uppdrag från beslut")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_body__isnull=False) | Q(recipient_unit__isnull=False),
                name="decision_assignment_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state="open", closed_by__isnull=True)
                | Q(state="completed", closed_by__isnull=False),
                name="decision_assignment_closed_by_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def recipient_name(self) -> str:
        return str(self.recipient_body or self.recipient_unit)


class AssignmentReport(TimeStampedModel):
    """What the recipient reports on a decision assignment in a follow-up period, on the
    organisation's assessment scale for assignments (one report per period)."""

    assignment = models.ForeignKey(
        DecisionAssignment, on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("uppföljningsperiod"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.ForeignKey(
        ScaleLevel, verbose_name=_("bedömning"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("kommentar"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("återrapport")
        verbose_name_plural = _("återrapporter")
        ordering = ["assignment", "period__year", "period__last_month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period"], name="assignment_report_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.status}"
