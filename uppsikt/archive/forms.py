from django import forms
from django.utils.translation import gettext_lazy as _


class MinutesExportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=9999)
