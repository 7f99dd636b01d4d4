from django import forms
from django.utils.translation import gettext_lazy as _


class MinutesExportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=9999)


class DisposalProposeForm(forms.Form):
    schedule = forms.IntegerField(widget=forms.HiddenInput)
    as_of = forms.DateField(label=_("Per dag"), widget=forms.DateInput(attrs={"type": "date"}))
