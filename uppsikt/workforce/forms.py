"""The HR upload form: three files (CSV or XLSX) and the date the extract reaches."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HrUploadForm(forms.Form):
    employees = forms.FileField(
        label=_("Anställda (employees.csv eller .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    employments = forms.FileField(
        label=_("Anställningar (employments.csv eller .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    absences = forms.FileField(
        label=_("Frånvaro (absences.csv eller .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    covers_until = forms.DateField(
        label=_("Uttaget gäller till och med (ÅÅÅÅ-MM-DD)"),
        required=False,
        help_text=_("Tomt: det senaste datumet i filerna, dock högst dagens datum."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
