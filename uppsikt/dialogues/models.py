"""Committee dialogues (nämndsdialoger): the board's oversight of each committee, spring and
autumn, with the committee's own slides for the brief; the notes of a dialogue meeting and the
question bank they draw on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, DecisionProposal, Record
from uppsikt.core.models import TimeStampedModel
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.models import Body, Organisation

SEASONS = {1: _("våren"), 2: _("hösten")}


class Dialogue(TimeStampedModel):
    """One dialogue between an overseeing body (the board's working committee) and a committee:
    ``2025-2`` is the second of 2025, the autumn one. It rests on a follow-up period (autumn:
    Uppföljningsrapport 2; spring: the previous year's Årsrapport)."""

    class State(models.TextChoices):
        PREPARATION = "preparation", _("Under beredning")
        BRIEF = "brief", _("Underlaget är skapat")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    overseer = models.ForeignKey(
        Body,
        verbose_name=_("organ som håller dialogen"),
        on_delete=models.PROTECT,
        related_name="dialogues_held",
    )
    committee = models.ForeignKey(
        Body,
        verbose_name=_("nämnd i dialog"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    date = models.DateField(_("datum"))
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("uppföljning som dialogen bygger på"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    guests = models.ManyToManyField(
        Body, verbose_name=_("inbjudna"), blank=True, related_name="dialogues_invited"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        DecisionProposal,
        verbose_name=_("beslutsförslag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    brief_record = models.ForeignKey(
        Record,
        verbose_name=_("dialogunderlaget i diariet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    brief_at = models.DateTimeField(_("underlaget skapat"), null=True, blank=True)
    brief_checksum = models.CharField(_("underlagets kontrollsumma"), max_length=64, blank=True)
    state = models.CharField(
        _("läge"), max_length=12, choices=State.choices, default=State.PREPARATION
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nämndsdialog")
        verbose_name_plural = _("nämndsdialoger")
        ordering = ["-year", "-number", "committee__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="dialogue_once_per_number"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="dialogue_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.committee.name}"

    @property
    def ident(self) -> str:
        """``2025-2``: how commands and pages name the dialogue."""
        return f"{self.year}-{self.number}"

    @property
    def title(self) -> str:
        return f"Nämndsdialog #{self.number} {self.year}"

    @property
    def season(self) -> str:
        return str(SEASONS.get(self.number, ""))

    def get_absolute_url(self) -> str:
        return reverse("dialogues:dialogue", args=[self.pk])


class DialogueText(TimeStampedModel):
    """A slide the committee writes itself: opening reflections, examples, challenges."""

    class Key(models.TextChoices):
        REFLECTIONS = "reflections", _("Inledande reflektioner")
        EXAMPLES = "examples", _("Exempel")
        CHALLENGES = "challenges", _("Utmaningar och framgångsfaktorer")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(_("bild"), max_length=20, choices=Key.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nämndens bild")
        verbose_name_plural = _("nämndens bilder")
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "key"], name="dialogue_text_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    """A question in the question bank (frågebank), to prepare the questions of a dialogue."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("fråga"), max_length=300)
    area = models.CharField(_("område"), max_length=100, blank=True)
    is_active = models.BooleanField(_("används"), default=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fråga i frågebanken")
        verbose_name_plural = _("frågebanken")
        ordering = ["area", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class DialogueNotes(TimeStampedModel):
    """The notes (minnesanteckningar) of a dialogue meeting between a board and a committee's
    management group: who was present, and per question what was answered."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    overseer = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Body, verbose_name=_("nämnd"), on_delete=models.PROTECT, related_name="dialogue_notes"
    )
    management_group = models.CharField(_("ledningsgrupp"), max_length=200)
    date = models.DateField(_("datum"))
    dialogue = models.ForeignKey(
        Dialogue,
        verbose_name=_("nämndsdialog"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
    )
    questions_sent_at = models.DateTimeField(_("frågorna skickade"), null=True, blank=True)
    questions_sent_to = models.JSONField(_("frågorna skickade till"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("minnesanteckningar")
        verbose_name_plural = _("minnesanteckningar")
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="dialogue_notes_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        name = self.overseer.name
        genitive = name if name.endswith(("s", "x", "z")) else f"{name}s"
        return (
            f"Minnesanteckningar från {genitive} träff med {self.management_group} "
            f"{self.date:%Y%m%d}"
        )

    def get_absolute_url(self) -> str:
        return reverse("dialogues:notes", args=[self.pk])


class NotesAttendee(models.Model):
    """Someone present at the meeting: the committee's side (with their role) or the board's."""

    class Side(models.TextChoices):
        COMMITTEE = "committee", _("Nämndens sida")
        BOARD = "board", _("Styrelsens sida")

    notes = models.ForeignKey(DialogueNotes, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    by_phone = models.BooleanField(_("på telefon"), default=False)
    side = models.CharField(_("sida"), max_length=10, choices=Side.choices, default=Side.COMMITTEE)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("närvarande")
        verbose_name_plural = _("närvarande")
        ordering = ["notes", "side", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class NotesQuestion(models.Model):
    """A question of the meeting, prepared in advance (from the question bank or written), with
    the answer noted: free text with lists (sanitised rich text)."""

    notes = models.ForeignKey(DialogueNotes, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("ordning"), default=0)
    question = models.CharField(_("fråga"), max_length=300)
    answer = models.TextField(_("svar"), blank=True)
    source = models.ForeignKey(
        Question,
        verbose_name=_("ur frågebanken"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["notes", "position", "pk"]

    def __str__(self) -> str:
        return self.question
