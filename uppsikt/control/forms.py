"""Forms of internal control: they parse input (ids and numbers checked before the database
sees them); the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.core.fields import IdMultipleChoiceField
from uppsikt.followup.models import ReportingPeriod

from .models import Action, ControlPlan, ControlPoint, Outcome, Risk, RiskScaleStep


class ErrorsMixin:
    def error_message(self) -> str:
        return " ".join(
            f"{self.fields[name].label}: {' '.join(errors)}"
            if name in self.fields and self.fields[name].label
            else " ".join(errors)
            for name, errors in self.errors.items()
        )


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row whose value must be an id the database can keep."""

    def to_python(self, value):
        from uppsikt.core.parsing import DIGITS, MAX_ID

        text = "" if value is None else str(value).strip()
        if text and not (DIGITS.fullmatch(text) and 0 < int(text) <= MAX_ID):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def _period_label(period: ReportingPeriod) -> str:
    return f"{period.label} ({period.months_label})"


class PlanCreateForm(ErrorsMixin, forms.Form):
    body = IdChoiceField(label=_("Organ"), queryset=None, empty_label=_("– välj –"))
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = lambda b: b.name


class ProposeForm(ErrorsMixin, forms.Form):
    case_number = forms.CharField(
        label=_("Befintligt ärende (diarienummer)"),
        required=False,
        max_length=30,
        help_text=_("Lämna tomt för att registrera ett nytt ärende i organets diarium."),
    )


class EvaluationForm(ErrorsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    evaluation = forms.CharField(
        label=_("Utvärdering av årets interna kontroll"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Står i årsrapporten, med antalet avvikelser och åtgärder under året."),
    )

    def __init__(self, *args, plan: ControlPlan, **kwargs):
        kwargs.setdefault("initial", {"version": plan.version, "evaluation": plan.evaluation})
        super().__init__(*args, **kwargs)


class RiskForm(ErrorsMixin, forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, required=False
    )
    process = forms.CharField(label=_("Process"), max_length=200)
    description = forms.CharField(
        label=_("Riskbeskrivning"), widget=forms.Textarea(attrs={"rows": 4})
    )
    category = IdChoiceField(label=_("Kategori"), queryset=None, empty_label=_("– välj –"))
    probability = forms.TypedChoiceField(label=_("Sannolikhet"), coerce=int)
    consequence = forms.TypedChoiceField(label=_("Konsekvens"), coerce=int)
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=Risk.Decision.choices,
        widget=forms.RadioSelect,
        help_text=_("Risker som åtgärdas får kontrollmoment; övriga accepteras."),
    )

    def __init__(self, *args, categories, scales: dict[str, list[RiskScaleStep]], risk=None, **kw):
        if risk is not None:
            kw.setdefault(
                "initial",
                {
                    "version": risk.version,
                    "process": risk.process,
                    "description": risk.description,
                    "category": risk.category_id,
                    "probability": risk.probability,
                    "consequence": risk.consequence,
                    "decision": risk.decision,
                },
            )
        super().__init__(*args, **kw)
        self.fields["category"].queryset = categories
        for name in ("probability", "consequence"):
            self.fields[name].choices = [("", _("– välj –"))] + [
                (
                    s.value,
                    f"{s.value} – {s.label}" + (f": {s.description}" if s.description else ""),
                )
                for s in scales[name]
            ]


class PeriodsField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return _period_label(obj)


class ControlPointForm(ErrorsMixin, forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, required=False
    )
    question = forms.CharField(label=_("Kontrollfråga"), max_length=300)
    method = forms.CharField(
        label=_("Metod"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hur kontrollen görs, t.ex. stickprov på tio utbetalningar per period."),
    )
    frequency = forms.CharField(
        label=_("Frekvens"),
        max_length=100,
        help_text=_("T.ex. ”Tre gånger per år” eller ”Varje månad”."),
    )
    responsible_unit = IdChoiceField(
        label=_("Ansvarig enhet"), queryset=None, empty_label=_("– välj –")
    )
    responsible_person = IdChoiceField(
        label=_("Ansvarig person"), queryset=None, required=False, empty_label=_("– ingen –")
    )
    periods = PeriodsField(label=_("Rapporteras i"), queryset=None)

    def __init__(self, *args, units, people, periods, point: ControlPoint | None = None, **kw):
        if point is not None:
            kw.setdefault(
                "initial",
                {
                    "version": point.version,
                    "question": point.question,
                    "method": point.method,
                    "frequency": point.frequency,
                    "responsible_unit": point.responsible_unit_id,
                    "responsible_person": point.responsible_person_id,
                    "periods": [p.pk for p in point.periods.all()],
                },
            )
        super().__init__(*args, **kw)
        self.fields["responsible_unit"].queryset = units
        self.fields["responsible_unit"].label_from_instance = lambda u: u.name
        self.fields["responsible_person"].queryset = people
        self.fields["responsible_person"].label_from_instance = lambda p: (
            f"{p.full_name}, {p.title}" if p.title else p.full_name
        )
        self.fields["periods"].queryset = periods


class ResultForm(ErrorsMixin, forms.Form):
    """One control point's result, posted from the unit's to-do page (prefix ``r<pk>``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(
        label=_("Resultat"), choices=[("", "")] + list(Outcome.choices), required=False
    )
    checked = forms.CharField(label=_("Vad som har kontrollerats"), required=False)
    comment = forms.CharField(label=_("Kommentar"), required=False)


class DecisionForm(ErrorsMixin, forms.Form):
    """Approve or return: the version the approver saw, and (to return) the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    comment = forms.CharField(label=_("Skäl"), required=False)


class ActionForm(ErrorsMixin, forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, required=False
    )
    description = forms.CharField(label=_("Åtgärd"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = IdChoiceField(label=_("Ansvarig"), queryset=None, empty_label=_("– välj –"))
    due_date = forms.DateField(
        label=_("Klar senast"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices, required=False)
    follow_up = forms.CharField(
        label=_("Uppföljning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vad som har gjorts och vad som återstår."),
    )

    def __init__(self, *args, people, action: Action | None = None, **kw):
        if action is not None:
            kw.setdefault(
                "initial",
                {
                    "version": action.version,
                    "description": action.description,
                    "owner": action.owner_id,
                    "due_date": action.due_date,
                    "status": action.status,
                    "follow_up": action.follow_up,
                },
            )
        super().__init__(*args, **kw)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda p: (
            f"{p.full_name}, {p.title}" if p.title else p.full_name
        )
        if action is None:
            del self.fields["status"]
            del self.fields["follow_up"]
            del self.fields["version"]


class RaiseForm(ErrorsMixin, forms.Form):
    item = IdChoiceField(label=_("Paragraf"), queryset=None, empty_label=_("– välj –"))
    point = forms.IntegerField(
        label=_("Beslutspunkt"),
        min_value=1,
        max_value=100,
        help_text=_("Numret på den punkt i beslutet som ger uppdraget (1 är den första)."),
    )
    due_date = forms.DateField(
        label=_("Återrapporteras senast"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD; tomt: åtgärdens datum."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, items, **kw):
        super().__init__(*args, **kw)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: (
            f"§ {i.number} {i.meeting.date.isoformat()} {i.title}"
        )


class CategoryForm(ErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)


class ScaleStepForm(ErrorsMixin, forms.Form):
    label = forms.CharField(label=_("Benämning"), max_length=60)
    description = forms.CharField(label=_("Beskrivning"), max_length=300, required=False)


class ScaleStepAddForm(ScaleStepForm):
    dimension = forms.ChoiceField(
        label=_("Skala"), choices=RiskScaleStep.Dimension.choices, widget=forms.HiddenInput
    )
