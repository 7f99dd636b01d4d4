from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.organisation.models import Unit


class LedgerFilterForm(forms.Form):
    enhet = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Hela organisationen"),
    )
    manad = forms.RegexField(
        label=_("Till och med månad"),
        regex=r"^\d{4}-\d{2}$",
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"}),
        error_messages={"invalid": _("Skriv månaden som ÅÅÅÅ-MM.")},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = Unit.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("path")
        self.fields["enhet"].label_from_instance = lambda u: "\u2003" * u.depth + u.name

    def clean_manad(self):
        from .selectors import parse_month

        try:
            return parse_month(self.cleaned_data["manad"])
        except ValueError as exc:
            raise forms.ValidationError(_("Ogiltig månad.")) from exc


class SieUploadForm(forms.Form):
    file = forms.FileField(
        label=_("SIE-fil"), help_text=_("SIE typ 1–4 (.se, .si, .txt), högst 2 GB.")
    )
