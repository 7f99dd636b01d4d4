"""The register (diarium): cases with their case numbers, records (handlingar) with their files,
decision proposals (beslutsförslag) with their versions and impact assessments, case types of
the council (motions, citizens' proposals, interpellations, questions) and delegated decisions
(docs/glossary.md, docs/definitions.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import TimeStampedModel
from uppsikt.organisation.models import Body, Organisation, Person, Unit


class RegisterSeries(models.Model):
    """The running number of one register prefix in one year (``RS`` 2024 → 1521).

    Numbers are taken under a row lock on this row, so two registrations at the same moment
    get two numbers; ``last_number`` only ever grows, so no number is used twice.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="register_series"
    )
    prefix = models.CharField(_("diarieprefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    last_number = models.PositiveIntegerField(_("senast tagna nummer"), default=0)

    class Meta:
        verbose_name = _("diarieserie")
        verbose_name_plural = _("diarieserier")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "prefix", "year"], name="register_series_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}: {self.last_number}"


class Case(TimeStampedModel):
    """An ärende in the register, identified by its case number."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågående")
        CLOSED = "closed", _("Avslutat")
        VOIDED = "voided", _("Makulerat")

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ärende")
        COUNCIL_MOTION = "council_motion", _("Motion")
        CITIZEN_PROPOSAL = "citizen_proposal", _("Medborgarförslag")
        INTERPELLATION = "interpellation", _("Interpellation")
        QUESTION = "question", _("Fråga")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("diarienummer"), max_length=30)
    prefix = models.CharField(_("diarieprefix"), max_length=10, editable=False)
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    sequence = models.PositiveIntegerField(_("löpnummer"), editable=False)
    kind = models.CharField(_("ärendetyp"), max_length=20, choices=Kind.choices, default="ordinary")
    title = models.CharField(_("ärendemening"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    officer = models.ForeignKey(
        Person,
        verbose_name=_("handläggare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("ansvarig enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    registered_on = models.DateField(_("registrerat"))
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    classification = models.CharField(_("klassificering"), max_length=40, blank=True)
    secret = models.BooleanField(_("sekretess"), default=False)
    secrecy_ground = models.CharField(_("sekretessgrund (OSL)"), max_length=120, blank=True)
    last_record_number = models.PositiveIntegerField(default=0, editable=False)
    # Council case types: who submitted it, to whom it is addressed, where it is on its path.
    submitted_by = models.CharField(_("inlämnad av"), max_length=200, blank=True)
    addressed_to = models.CharField(_("ställd till"), max_length=200, blank=True)
    path_step = models.CharField(_("steg"), max_length=30, blank=True)
    # Grows with every change made through a form; a save from an older form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "prefix", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="case_number_unique"),
            models.UniqueConstraint(
                fields=["organisation", "prefix", "year", "sequence"],
                name="case_sequence_unique",
            ),
            models.CheckConstraint(
                condition=Q(secret=False) | ~Q(secrecy_ground=""),
                name="case_secret_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("cases:case", args=[self.number])


class Record(TimeStampedModel):
    """A handling in a case: incoming, drawn up or outgoing, with the OSL registration fields."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("Inkommen")
        DRAWN_UP = "drawn_up", _("Upprättad")
        OUTGOING = "outgoing", _("Utgående")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="records")
    sequence = models.PositiveIntegerField(_("handlingsnummer"), editable=False)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    date = models.DateField(
        _("datum"), help_text=_("Inkom, upprättades eller skickades denna dag.")
    )
    registered_on = models.DateField(_("registrerad"))
    counterpart = models.CharField(_("avsändare/mottagare"), max_length=200, blank=True)
    description = models.CharField(_("kort beskrivning"), max_length=300)
    secret = models.BooleanField(_("sekretess"), default=False)
    secrecy_ground = models.CharField(_("sekretessgrund (OSL)"), max_length=120, blank=True)
    registered_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Grows with every change of its secrecy; a save from an older form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("handling")
        verbose_name_plural = _("handlingar")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="record_sequence_unique"),
            models.CheckConstraint(
                condition=Q(secret=False) | ~Q(secrecy_ground=""),
                name="record_secret_has_ground",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.case.number}-{self.sequence}"

    def get_absolute_url(self) -> str:
        return reverse("cases:record", args=[self.case.number, self.sequence])


def _record_file_path(instance: RecordFile, filename: str) -> str:
    return f"cases/{instance.record.case.year}/{instance.record.case.number}/{filename}"


class RecordFile(TimeStampedModel):
    """A file attached to a record (PDF, DOCX, image), checked for size and type on upload."""

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("fil"), upload_to=_record_file_path, max_length=300)
    name = models.CharField(_("filnamn"), max_length=200)
    size = models.PositiveIntegerField(_("storlek"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("bifogad fil")
        verbose_name_plural = _("bifogade filer")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DecisionProposal(TimeStampedModel):
    """A beslutsförslag (tjänsteskrivelse) in a case, addressed to a body.

    Draft → review → final. A final proposal is locked, and is what a later meeting puts on
    its agenda (``selectors.proposals_ready_for_meeting``). Every saved change is kept as a
    ``ProposalVersion``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        REVIEW = "review", _("Under granskning")
        FINAL = "final", _("Slutlig – klar för sammanträde")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proposals")
    body = models.ForeignKey(
        Body, verbose_name=_("beslutande organ"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=300)
    decision_intro = models.CharField(_("inledning till förslaget"), max_length=200)
    decision_points = models.JSONField(_("förslag till beslut"), default=list)
    summary = models.TextField(_("sammanfattning"), blank=True)
    background = models.TextField(_("bakgrund"), blank=True)
    considerations = models.TextField(_("övervägande"), blank=True)
    impact_text = models.TextField(_("konsekvensbeskrivning"), blank=True, editable=False)
    economic_consequences = models.TextField(_("ekonomiska konsekvenser"), blank=True)
    basis = models.ManyToManyField(
        Record, verbose_name=_("beslutsunderlag"), blank=True, related_name="proposals"
    )
    dispatch_to = models.JSONField(_("expedieras till / delges"), default=list)
    signatories = models.JSONField(_("undertecknas av"), default=list)
    attachments = models.JSONField(_("bilagor"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # who is asked to review it while it is under review (chosen when it is sent)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granskare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("beslutsförslag")
        verbose_name_plural = _("beslutsförslag")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:proposal", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status == self.Status.FINAL


class ProposalVersion(models.Model):
    """One saved state of a proposal, kept for good (the final one among them)."""

    proposal = models.ForeignKey(
        DecisionProposal, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=DecisionProposal.Status.choices)
    content = models.JSONField(_("innehåll"))
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sparad"), auto_now_add=True)

    class Meta:
        verbose_name = _("version av beslutsförslag")
        verbose_name_plural = _("versioner av beslutsförslag")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} v{self.number}"


class AssessmentTemplate(TimeStampedModel):
    """A guided impact assessment of an organisation (child rights, gender equality, …): its
    questions are data, editable per organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessment_templates"
    )
    code = models.SlugField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=120)
    perspective = models.CharField(
        _("perspektiv i text"),
        max_length=120,
        help_text=_("Hur perspektivet skrivs i löptext, t.ex. ”ett barnrättsperspektiv”."),
    )
    intro = models.TextField(_("inledning"), blank=True)
    required = models.BooleanField(_("krävs i varje beslutsförslag"), default=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("konsekvensanalys (mall)")
        verbose_name_plural = _("konsekvensanalyser (mallar)")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="assessment_template_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentQuestion(TimeStampedModel):
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("fråga"), max_length=300)
    help_text = models.TextField(_("vägledning"), blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ImpactAssessment(TimeStampedModel):
    """A proposal's answers to one guided assessment: either "not affected, because …" or the
    answers to every question and a conclusion."""

    proposal = models.ForeignKey(
        DecisionProposal, on_delete=models.PROTECT, related_name="impact_assessments"
    )
    template = models.ForeignKey(AssessmentTemplate, on_delete=models.PROTECT, related_name="+")
    affected = models.BooleanField(_("påverkas"), null=True)
    not_affected_reason = models.TextField(_("påverkas inte, eftersom"), blank=True)
    answers = models.JSONField(_("svar"), default=dict)
    conclusion = models.TextField(_("slutsats"), blank=True)

    class Meta:
        verbose_name = _("konsekvensanalys")
        verbose_name_plural = _("konsekvensanalyser")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "template"], name="impact_assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} – {self.proposal}"


class DelegatedDecision(TimeStampedModel):
    """A decision taken under delegation, reported to the body at its next meeting."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="delegated_decisions"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("rapporteras till"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegated_decisions",
    )
    decided_by = models.ForeignKey(
        Person, verbose_name=_("beslutsfattare"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("beslutsdatum"))
    delegation_point = models.CharField(_("punkt i delegationsordningen"), max_length=40)
    decision = models.TextField(_("beslut"))
    reported_on = models.DateField(_("anmäld"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegationsbeslut")
        verbose_name_plural = _("delegationsbeslut")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.delegation_point} {self.decided_on}"
