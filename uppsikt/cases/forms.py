"""Forms of the register: input parsing and labels only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.core.fields import IdMultipleChoiceField
from uppsikt.organisation.models import Body, Organisation, Person, Unit

from .models import (
    AssessmentQuestion,
    AssessmentTemplate,
    Case,
    DecisionProposal,
    ImpactAssessment,
    Record,
)

TEXTAREA = {"rows": 5}


class ActionForm(forms.Form):
    """A form of one action (one URL, one service): its refusal is one message."""

    def error_message(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "\u2003" * obj.depth + obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name}, {obj.title}" if obj.title else obj.full_name


class PeopleChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name}, {obj.title}" if obj.title else obj.full_name


def officials(organisation: Organisation):
    """People with a position in the administration (officials, not only politicians)."""
    return (
        Person.objects.filter(organisation=organisation, is_active=True)
        .exclude(title="")
        .order_by("last_name", "first_name")
    )


class CaseForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Organ (diarium)"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Ärendemening"), max_length=300)
    kind = forms.ChoiceField(label=_("Ärendetyp"), choices=Case.Kind.choices, initial="ordinary")
    unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none(), required=False)
    officer = PersonChoiceField(
        label=_("Handläggare"), queryset=Person.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    classification = forms.CharField(
        label=_("Klassificering"),
        max_length=40,
        required=False,
        help_text=_("Koden i organisationens klassificeringsstruktur, t.ex. 1.2.3."),
    )
    submitted_by = forms.CharField(
        label=_("Inlämnad av"),
        max_length=200,
        required=False,
        help_text=_("För motion, medborgarförslag, interpellation och fråga."),
    )
    addressed_to = forms.CharField(
        label=_("Ställd till"),
        max_length=200,
        required=False,
        help_text=_("För interpellation och fråga: vilket organs ordförande som svarar."),
    )
    secret = forms.BooleanField(label=_("Ärendet omfattas av sekretess"), required=False)
    secrecy_ground = forms.CharField(
        label=_("Sekretessgrund (OSL)"),
        max_length=120,
        required=False,
        help_text=_("T.ex. OSL 21 kap. 1 §. Ärendemeningen och beskrivningen undanhålls."),
    )
    registered_on = forms.DateField(
        label=_("Registreringsdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tomt: i dag."),
    )
    number = forms.CharField(
        label=_("Diarienummer"),
        max_length=30,
        required=False,
        help_text=_(
            "Lämna tomt: ärendet får nästa nummer i serien. Bara när ett ärende flyttas in från "
            "ett tidigare diarium skrivs numret för hand."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["unit"].queryset = Unit.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("path")
        self.fields["officer"].queryset = officials(organisation)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av handling"), choices=Record.Kind.choices)
    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Dagen handlingen kom in, upprättades eller skickades."),
    )
    counterpart = forms.CharField(
        label=_("Avsändare/mottagare"),
        max_length=200,
        required=False,
        help_text=_("Krävs för inkomna och utgående handlingar."),
    )
    description = forms.CharField(label=_("Kort beskrivning"), max_length=300)
    files = MultipleFileField(
        label=_("Filer"),
        required=False,
        help_text=_("PDF, DOCX, PNG eller JPEG, högst %(max)s MB per fil."),
    )
    secret = forms.BooleanField(label=_("Handlingen omfattas av sekretess"), required=False)
    secrecy_ground = forms.CharField(
        label=_("Sekretessgrund (OSL)"),
        max_length=120,
        required=False,
        help_text=_("Avsändare/mottagare, beskrivning och filer undanhålls."),
    )

    def __init__(self, *args, max_mb: int = 20, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"max": max_mb}


class ProposalCreateForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    body = forms.ModelChoiceField(label=_("Beslutande organ"), queryset=Body.objects.none())

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(
            organisation=organisation, is_active=True
        )


class LinesField(forms.CharField):
    """One item per line."""

    widget = forms.Textarea(attrs=TEXTAREA)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip()]


class BasisField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Record) -> str:
        label = getattr(obj, "shown_description", None)
        return f"{obj.number} {label}" if label else f"{obj.number} ({_('sekretess')})"


class ProposalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    decision_intro = forms.CharField(
        label=_("Inledning"),
        max_length=200,
        help_text=_("T.ex. ”Arbetsutskottet beslutar att”."),
    )
    decision_points = LinesField(
        label=_("Förslag till beslut"),
        required=False,
        help_text=_("En beslutspunkt per rad."),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"), widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    background = forms.CharField(
        label=_("Bakgrund"), widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    considerations = forms.CharField(
        label=_("Övervägande"), widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    economic_consequences = forms.CharField(
        label=_("Ekonomiska konsekvenser"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    basis = BasisField(
        label=_("Beslutsunderlag"),
        queryset=Record.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attachments = LinesField(label=_("Bilagor"), required=False, help_text=_("En bilaga per rad."))
    dispatch_to = LinesField(
        label=_("Expedieras till / delges"), required=False, help_text=_("En mottagare per rad.")
    )
    signatories = PeopleChoiceField(
        label=_("Undertecknas av"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("T.ex. regiondirektör eller kanslichef."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proposal: DecisionProposal, basis_records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].queryset = basis_records
        self.fields["signatories"].queryset = officials(proposal.case.organisation)


class ImpactAssessmentForm(forms.Form):
    """A guided impact assessment: first whether the matter is affected at all, then the
    questions."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    affected = forms.TypedChoiceField(
        label=_("Påverkas?"),
        choices=[("no", _("Nej, påverkas inte")), ("yes", _("Ja, påverkas"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    not_affected_reason = forms.CharField(
        label=_("Påverkas inte, eftersom …"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    conclusion = forms.CharField(
        label=_("Slutsats"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(
        self,
        *args,
        template: AssessmentTemplate,
        version: int,
        saved: ImpactAssessment | None = None,
        **kwargs,
    ):
        """``version``: the proposal's, which the form was opened at; ``saved``: the answers
        given before, if any."""
        initial = {"version": version}
        if saved is not None:
            initial |= {
                "affected": {True: "yes", False: "no"}.get(saved.affected),
                "not_affected_reason": saved.not_affected_reason,
                "conclusion": saved.conclusion,
                **{f"q{k}": v for k, v in saved.answers.items()},
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["affected"].label = _("Påverkar ärendet %(name)s?") % {
            "name": template.name.lower()
        }
        conclusion = self.fields.pop("conclusion")
        for q in template.questions.all():
            if not q.is_active:
                continue
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=q.text,
                help_text=q.help_text,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        self.fields["conclusion"] = conclusion

    def answers(self) -> dict[str, str]:
        return {
            name[1:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }


class DelegatedDecisionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Anmäls till"), queryset=Body.objects.none())
    decided_by = PersonChoiceField(label=_("Beslutsfattare"), queryset=Person.objects.none())
    decided_on = forms.DateField(
        label=_("Beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    delegation_point = forms.CharField(
        label=_("Punkt i delegationsordningen"), max_length=40, help_text=_("T.ex. 3.2.")
    )
    decision = forms.CharField(label=_("Beslut"), widget=forms.Textarea(attrs={"rows": 3}))
    case_number = forms.CharField(label=_("Diarienummer"), max_length=30, required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["decided_by"].queryset = officials(organisation)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Fråga"), max_length=300)
    help_text = forms.CharField(
        label=_("Vägledning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    position = forms.IntegerField(label=_("Ordning"), min_value=0, max_value=100000, required=False)
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args, question: AssessmentQuestion | None = None, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "text": question.text,
                    "help_text": question.help_text,
                    "position": question.position,
                    "is_active": question.is_active,
                },
            )
        super().__init__(*args, **kwargs)


class CaseEditForm(forms.Form):
    """The ordinary edit of a case. Officer and unit are offered only to those who may reassign
    the case; secrecy only while the case is not secret (lifting or changing it is a secrecy
    review, ``SecrecyReviewForm``). The services refuse the same on their own."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Ärendemening"), max_length=300)
    unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none(), required=False)
    officer = PersonChoiceField(
        label=_("Handläggare"), queryset=Person.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    classification = forms.CharField(label=_("Klassificering"), max_length=40, required=False)
    submitted_by = forms.CharField(label=_("Inlämnad av"), max_length=200, required=False)
    addressed_to = forms.CharField(label=_("Ställd till"), max_length=200, required=False)
    secret = forms.BooleanField(label=_("Ärendet omfattas av sekretess"), required=False)
    secrecy_ground = forms.CharField(
        label=_("Sekretessgrund (OSL)"), max_length=120, required=False
    )

    def __init__(
        self, *args, organisation: Organisation, can_reassign: bool, can_classify: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if can_reassign:
            self.fields["unit"].queryset = Unit.objects.filter(
                organisation=organisation, is_active=True
            ).order_by("path")
            self.fields["officer"].queryset = officials(organisation)
        else:
            del self.fields["unit"], self.fields["officer"]
        if not can_classify:
            del self.fields["secret"], self.fields["secrecy_ground"]


class RecordSecrecyForm(ActionForm):
    """Mark a record secret. Lifting or changing secrecy is a secrecy review."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    secret = forms.BooleanField(label=_("Handlingen omfattas av sekretess"), required=False)
    secrecy_ground = forms.CharField(
        label=_("Sekretessgrund (OSL)"), max_length=120, required=False
    )


class SecrecyReviewForm(forms.Form):
    """A secrecy review (sekretessprövning) of a secret case or record: the outcome and why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    secret = forms.BooleanField(
        label=_("Sekretessen består"),
        required=False,
        help_text=_("Kryssa ur för att lyfta sekretessen."),
    )
    secrecy_ground = forms.CharField(
        label=_("Sekretessgrund (OSL)"),
        max_length=120,
        required=False,
        help_text=_("Krävs om sekretessen består."),
    )
    reason = forms.CharField(
        label=_("Skäl för prövningen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("T.ex. en begäran om allmän handling. Skälet sparas i granskningsloggen."),
    )


class AttachForm(ActionForm):
    file = forms.FileField(label=_("Bifoga fil"), help_text=_("PDF, DOCX, PNG eller JPEG."))


# ---------------------------------------------------------------------------------------------
# One form per action on a case, a record or a proposal (``action_views``).


class EmptyForm(ActionForm):
    """An action that takes no input: closing or reopening a case, its next step."""


class CaseVoidForm(ActionForm):
    """Voiding a registration made by mistake; the service asks for the reason."""

    reason = forms.CharField(label=_("Skäl för makulering"), max_length=200, required=False)


class ProposalTransitionForm(ActionForm):
    """The status a proposal is sent to: review (with the reviewer chosen among ``reviewers``),
    back to draft, or final."""

    to = forms.ChoiceField(
        choices=DecisionProposal.Status.choices,
        error_messages={
            "required": _("Okänd statusändring."),
            "invalid_choice": _("Okänd statusändring."),
        },
    )
    reviewer = forms.TypedChoiceField(
        label=_("Granskare"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Välj en granskare i listan.")},
    )

    def __init__(self, *args, reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewers = {u.pk: u for u in reviewers}
        self.fields["reviewer"].choices = [("", _("– välj –"))] + [
            (u.pk, u.get_full_name() or u.username) for u in reviewers
        ]

    def clean_reviewer(self):
        pk = self.cleaned_data.get("reviewer")
        return self.reviewers.get(pk) if pk is not None else None
