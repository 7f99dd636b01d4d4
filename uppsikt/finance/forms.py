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

    def __init__(self, *args, organisation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("path")
        if user is not None:
            # a person whose roles are on units or bodies chooses among those units' subtrees
            from uppsikt.organisation.permissions import has_permission

            allowed = [u.pk for u in units if has_permission(user, "finance.view", u)]
            units = units.filter(pk__in=allowed)
            self.fields["enhet"].empty_label = None
            self.fields["enhet"].required = True
        self.fields["enhet"].queryset = units
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


def parse_amount(text: str):
    """``−1 234,50`` or ``-1234.5`` → Decimal; ValueError otherwise."""
    from decimal import Decimal, InvalidOperation

    cleaned = (
        (text or "")
        .strip()
        .replace("\u00a0", "")
        .replace("\u202f", "")
        .replace(" ", "")
        .replace("\u2212", "-")
        .replace(",", ".")
    )
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite() or abs(value) >= LIMIT:
        raise ValueError(text)
    return value


# No figure of a region's ledger comes near 10¹² kronor; larger input is a typing error.
LIMIT = 10**12


def forecast_entries(data, *, report_lines, business_lines) -> tuple[dict, dict, list[str]]:
    """The forecast page's amounts in tkr (fields ``line-<id>``, every report line, and
    ``bl-<id>``, a business line left empty is left out) as kronor: the report lines', the
    business lines' and a message for each amount that is not one."""
    amounts, results, problems = {}, {}, []
    for line in report_lines:
        try:
            amounts[line] = parse_amount(data.get(f"line-{line.pk}", "")) * 1000
        except ValueError:
            problems.append(_("%(line)s: skriv ett belopp i tkr.") % {"line": line.name})
    for business_line in business_lines:
        text = data.get(f"bl-{business_line.pk}", "").strip()
        if not text:
            continue
        try:
            results[business_line] = parse_amount(text) * 1000
        except ValueError:
            problems.append(_("%(line)s: skriv ett belopp i tkr.") % {"line": business_line.name})
    return amounts, results, problems


class CapitalForecastPartForm(forms.Form):
    """One named part of a capital forecast's variance (budget − forecast, in tkr)."""

    position = forms.IntegerField(
        label=_("Ordning"),
        required=False,
        min_value=0,
        max_value=32767,
        help_text=_("Lägre tal först i rapportens lista över avdelningens prognosavvikelser."),
    )
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    amount = forms.CharField(label=_("Avvikelse (tkr)"), max_length=30, required=False)
    comment = forms.CharField(
        label=_("Förklaring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_amount(self):
        text = self.cleaned_data["amount"]
        if not (text or "").strip():
            return None
        try:
            return parse_amount(text) * 1000
        except ValueError as exc:
            raise forms.ValidationError(_("Skriv ett belopp i tkr, t.ex. −2 000.")) from exc

    def clean(self):
        data = super().clean()
        name, amount = (data.get("name") or "").strip(), data.get("amount")
        if name and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Skriv avvikelsens belopp."))
        if amount is not None and not name:
            self.add_error("name", _("Ge avvikelsen ett namn."))
        return data


CapitalForecastPartFormSet = forms.formset_factory(
    CapitalForecastPartForm, extra=3, max_num=50, validate_max=True
)


class CapitalForecastForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.CharField(label=_("Årsprognos (tkr)"), max_length=30)
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_amount(self):
        try:
            return parse_amount(self.cleaned_data["amount"]) * 1000
        except ValueError as exc:
            raise forms.ValidationError(_("Skriv ett belopp i tkr, t.ex. 98 800.")) from exc
