"""Internal control (intern kontroll): a body's control plan for a year with its risk analysis,
the control points for the risks it acts on, the results the responsible units report in the
follow-up periods, and the actions that deviations give (docs/control.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, DecisionProposal
from uppsikt.core.models import TimeStampedModel
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings.models import DecisionAssignment
from uppsikt.organisation.models import Body, Organisation, Person, Unit


class RiskCategory(TimeStampedModel):
    """A category of risk (omvärld, verksamhet, legal, IT, rapportering): data, per organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="risk_categories"
    )
    code = models.SlugField(_("kod"), max_length=30)
    name = models.CharField(_("namn"), max_length=100)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("riskkategori")
        verbose_name_plural = _("riskkategorier")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="risk_category_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RiskScaleStep(TimeStampedModel):
    """One step of the scale that probability or consequence is judged on, with its wording:
    data, per organisation (by default 1–4)."""

    class Dimension(models.TextChoices):
        PROBABILITY = "probability", _("Sannolikhet")
        CONSEQUENCE = "consequence", _("Konsekvens")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="risk_scale_steps"
    )
    dimension = models.CharField(_("gäller"), max_length=12, choices=Dimension.choices)
    value = models.PositiveSmallIntegerField(_("värde"))
    label = models.CharField(_("benämning"), max_length=60)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("steg på riskskalan")
        verbose_name_plural = _("steg på riskskalan")
        ordering = ["dimension", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "dimension", "value"], name="risk_scale_step_unique"
            ),
            models.CheckConstraint(condition=Q(value__gte=1), name="risk_scale_step_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.value} – {self.label}"


class ControlPlan(TimeStampedModel):
    """A body's internal-control plan (internkontrollplan) for a year.

    The body adopts it as a decision: the plan's case carries the decision proposal, which goes
    on an agenda and is decided in a § through meetings. Whether the plan is adopted is read from
    that § (``selectors.plan_decision``), never stored here.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="control_plans"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="control_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    case = models.ForeignKey(
        Case,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="control_plans",
    )
    proposal = models.ForeignKey(
        DecisionProposal,
        verbose_name=_("beslutsförslag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="control_plans",
    )
    # The body's evaluation of the year's internal control, stated in the annual report.
    evaluation = models.TextField(_("utvärdering av årets interna kontroll"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")
        ordering = ["-year", "body__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="control_plan_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return str(_("Internkontrollplan %(year)s %(body)s")) % {
            "year": self.year,
            "body": self.body.name,
        }

    def get_absolute_url(self) -> str:
        return reverse("control:plan", args=[self.pk])


class Risk(TimeStampedModel):
    """A risk in the plan's risk analysis. Its risk value is probability × consequence, computed
    (``value``), never stored."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Acceptera")
        ACT = "act", _("Åtgärda")

    plan = models.ForeignKey(ControlPlan, on_delete=models.PROTECT, related_name="risks")
    process = models.CharField(_("process"), max_length=200)
    description = models.TextField(_("riskbeskrivning"))
    category = models.ForeignKey(
        RiskCategory, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="risks"
    )
    probability = models.PositiveSmallIntegerField(_("sannolikhet"))
    consequence = models.PositiveSmallIntegerField(_("konsekvens"))
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1) & Q(consequence__gte=1),
                name="risk_scale_values_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.process

    @property
    def value(self) -> int:
        """The risk value (riskvärde): probability × consequence."""
        return self.probability * self.consequence


class ControlPoint(TimeStampedModel):
    """A control point (kontrollmoment) for a risk the plan acts on: what is checked, how, how
    often, by whom, and in which follow-up periods it is reported."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="control_points")
    question = models.CharField(_("kontrollfråga"), max_length=300)
    method = models.TextField(_("metod"))
    frequency = models.CharField(_("frekvens"), max_length=100)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("ansvarig enhet"),
        on_delete=models.PROTECT,
        related_name="control_points",
    )
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    periods = models.ManyToManyField(
        ReportingPeriod,
        verbose_name=_("rapporteras i"),
        related_name="control_points",
        blank=True,
    )
    position = models.PositiveIntegerField(_("ordning"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kontrollmoment")
        verbose_name_plural = _("kontrollmoment")
        ordering = ["risk__position", "risk_id", "position", "pk"]

    def __str__(self) -> str:
        return self.question


class Outcome(models.TextChoices):
    """The outcome of a control, shown by symbol and text (``symbol``), never colour alone."""

    NONE = "none", _("Ingen avvikelse")
    MINOR = "minor", _("Mindre avvikelse")
    DEVIATION = "deviation", _("Avvikelse")

    @property
    def symbol(self) -> str:
        return OUTCOME_SYMBOLS[self.value]

    @property
    def is_deviation(self) -> bool:
        return self.value != "none"


OUTCOME_SYMBOLS = {"none": "●", "minor": "◆", "deviation": "▲"}


class ControlResult(TimeStampedModel):
    """The responsible unit's result of one control point in one period: draft → submitted →
    approved (or returned), with optimistic locking (``version``) as assessments have."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inlämnad")
        APPROVED = "approved", _("Godkänd")
        RETURNED = "returned", _("Återsänd")

    control_point = models.ForeignKey(
        ControlPoint, on_delete=models.PROTECT, related_name="results"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("uppföljningsperiod"),
        on_delete=models.PROTECT,
        related_name="control_results",
    )
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(
        _("resultat"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    checked = models.TextField(_("vad som kontrollerats"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    return_comment = models.TextField(_("skäl för återsändning"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kontrollresultat")
        verbose_name_plural = _("kontrollresultat")
        ordering = ["period", "control_point", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["control_point", "period"], name="control_result_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control_point} – {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_reported(self) -> bool:
        return self.state in (self.State.SUBMITTED, self.State.APPROVED)

    @property
    def outcome_choice(self) -> Outcome | None:
        return Outcome(self.outcome) if self.outcome else None

    def get_absolute_url(self) -> str:
        return reverse("control:result", args=[self.pk])


class Action(TimeStampedModel):
    """An action (åtgärd) that a deviation gives, with its owner and due date, followed up until
    done; it can be raised into a decision assignment of the plan's body."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ej påbörjad")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Genomförd")

    result = models.ForeignKey(ControlResult, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("åtgärd"))
    owner = models.ForeignKey(
        Person, verbose_name=_("ansvarig"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("klar senast"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    follow_up = models.TextField(_("uppföljning"), blank=True)
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    decision_assignment = models.ForeignKey(
        DecisionAssignment,
        verbose_name=_("uppdrag från beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="control_actions",
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="control_action_done_on_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("control:action", args=[self.pk])


ACTION_SYMBOLS = {"not_started": "○", "in_progress": "●", "done": "✔"}
