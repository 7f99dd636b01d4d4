from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.cases.models import Case, Record


class MinutesExportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=9999)


class DisposalProposeForm(forms.Form):
    schedule = forms.IntegerField(widget=forms.HiddenInput)
    as_of = forms.DateField(label=_("Per dag"), widget=forms.DateInput(attrs={"type": "date"}))


class ScheduleForm(forms.Form):
    """A retention schedule's name and the decision that adopted it: a § (an approved item
    of the organisation's minutes) or a case, by its number."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    adopted_on = forms.DateField(
        label=_("Fastställd"), widget=forms.DateInput(attrs={"type": "date"})
    )
    item = forms.ChoiceField(label=_("Fastställd i paragraf"), required=False)
    case_number = forms.CharField(
        label=_("eller i ärende (diarienummer)"), required=False, max_length=30
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Ingen paragraf"))] + [
            (str(i.pk), f"{i.meeting.body.name} {i.meeting.date.isoformat()} {i.label} {i.title}")
            for i in items
        ]


KEEP_CHOICES = [("keep", _("Bevaras")), ("dispose", _("Gallras efter antal år"))]


class RuleForm(forms.Form):
    case_kind = forms.ChoiceField(
        label=_("Ärendetyp"), required=False, choices=[("", _("Alla"))] + list(Case.Kind.choices)
    )
    record_kind = forms.ChoiceField(
        label=_("Handlingstyp"),
        required=False,
        choices=[("", _("Alla"))] + list(Record.Kind.choices),
    )
    keep = forms.ChoiceField(label=_("Bevaras eller gallras"), choices=KEEP_CHOICES)
    years = forms.IntegerField(
        label=_("Gallras efter år"), required=False, min_value=0, max_value=200
    )
    note = forms.CharField(label=_("Anmärkning"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("keep") == "dispose" and data.get("years") is None:
            self.add_error("years", _("Ange efter hur många år handlingarna gallras."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        keep = data["keep"] == "keep"
        return {
            "case_kind": data["case_kind"],
            "record_kind": data["record_kind"],
            "keep_forever": keep,
            "years": None if keep else data["years"],
            "note": data["note"],
        }
