"""Forms of the follow-up pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assessment, ItemKind, ScaleLevel


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
