"""The minutes while they are written: the § series, the items (§), floor motions, votes,
dissents, notes and recusals."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, DecisionProposal
from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Body, Person

from ..sealed import SealedModel
from .meeting import AgendaItem, Meeting


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
