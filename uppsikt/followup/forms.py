"""Forms of the follow-up pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.formats import localize_input
from django.utils.translation import gettext_lazy as _

from .models import MONTHS, Assessment, ItemKind, ReportingPeriod, ScaleLevel


class AssessmentForm(forms.Form):
    """One item's assessment. ``levels`` is the item kind's scale, read once for the page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.TypedChoiceField(label=_("Bedömning"), coerce=int, required=False)
    forecast = forms.TypedChoiceField(label=_("Prognos vid årets slut"), coerce=int, required=False)
    actual_value = forms.DecimalField(
        label=_("Utfall"), required=False, max_digits=18, decimal_places=6, localize=True
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, assessment: Assessment, levels: list[ScaleLevel], **kwargs):
        kwargs.setdefault("prefix", f"a{assessment.pk}")
        kwargs.setdefault(
            "initial",
            {
                "version": assessment.version,
                "status": assessment.status_id,
                "forecast": assessment.forecast_id,
                "actual_value": assessment.actual_value,
                "comment": assessment.comment,
            },
        )
        super().__init__(*args, **kwargs)
        self.levels = {level.pk: level for level in levels}
        if assessment.item_kind == ItemKind.INDICATOR:
            del self.fields["status"]
            del self.fields["forecast"]
        else:
            del self.fields["actual_value"]
            choices = [("", _("– välj –"))] + [
                (level.pk, f"{level.symbol} {level.label}") for level in levels
            ]
            self.fields["status"].choices = choices
            self.fields["forecast"].choices = choices
        if not assessment.is_editable:
            for field in self.fields.values():
                field.disabled = True

    def level(self, name: str) -> ScaleLevel | None:
        value = self.cleaned_data.get(name)
        return self.levels.get(value) if value not in (None, "") else None


class DecisionForm(forms.Form):
    """Approve or return: the version the approver saw, and (to return) the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Skäl"), required=False, widget=forms.Textarea)


class AssessmentFields:
    """What the to-do page shows in an item's form: the stored values, or what a rejected
    submission held together with its errors.

    The page writes its inputs by hand from this (names and ids as ``AssessmentForm`` expects
    them): rendering forty Django form widgets per request costs more than the rest of the page.
    """

    __slots__ = ("version", "status", "forecast", "actual_value", "comment", "errors", "general")

    def __init__(self, assessment: Assessment, form: AssessmentForm | None = None):
        self.errors: dict[str, list[str]] = {}
        self.general: list[str] = []
        if form is not None and form.is_bound:
            data = form.data
            prefix = form.prefix
            self.version = data.get(f"{prefix}-version", assessment.version)
            self.status = _int_or_none(data.get(f"{prefix}-status"))
            self.forecast = _int_or_none(data.get(f"{prefix}-forecast"))
            self.actual_value = data.get(f"{prefix}-actual_value", "")
            self.comment = data.get(f"{prefix}-comment", "")
            self.errors = {name: list(errs) for name, errs in form.errors.items()}
            self.general = list(form.non_field_errors())
            return
        self.version = assessment.version
        self.status = assessment.status_id
        self.forecast = assessment.forecast_id
        self.actual_value = (
            "" if assessment.actual_value is None else localize_input(assessment.actual_value)
        )
        self.comment = assessment.comment


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


MONTH_CHOICES = [(n, month) for n, month in enumerate(MONTHS, start=1)]


class PeriodForm(forms.Form):
    """A period of the follow-up calendar: its months, deadline and scope."""

    first_month = forms.TypedChoiceField(label=_("Första månad"), choices=MONTH_CHOICES, coerce=int)
    last_month = forms.TypedChoiceField(label=_("Sista månad"), choices=MONTH_CHOICES, coerce=int)
    deadline = forms.DateField(
        label=_("Sista dag att rapportera"),
        help_text=_("ÅÅÅÅ-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scope = forms.ChoiceField(
        label=_("Omfattning"),
        choices=ReportingPeriod.Scope.choices,
        help_text=_(
            "Hela planen: varje mål, uppdrag, aktivitet och indikator. Avvikelser: ekonomisk "
            "prognos, personalnyckeltal och bara det som avviker."
        ),
    )


class NewPeriodForm(PeriodForm):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Typ"), choices=ReportingPeriod.Kind.choices)

    field_order = ["year", "kind", "first_month", "last_month", "deadline", "scope"]


class CalendarForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
