"""The form that makes a token on the administration pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uppsikt.core.fields import IdMultipleChoiceField
from uppsikt.organisation.models import Body, RoleGrant, Unit

from .tokens import TOKEN_PERMISSIONS


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=100)
    owner = forms.ModelChoiceField(
        label=_("Ägare"),
        queryset=None,
        help_text=_("Nyckeln gör aldrig mer än ägaren själv får göra."),
    )
    integration = forms.CharField(
        label=_("Integration"),
        max_length=100,
        required=False,
        help_text=_("Namnet på systemet som använder nyckeln, när det inte är ägaren själv."),
    )
    permissions = forms.MultipleChoiceField(
        label=_("Behörigheter"),
        choices=[(k, v[1]) for k, v in TOKEN_PERMISSIONS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    units = IdMultipleChoiceField(
        label=_("Enheter (med underenheter)"),
        queryset=None,
        required=False,
        help_text=_("Inga enheter eller organ: ägarens hela behörighet."),
    )
    bodies = IdMultipleChoiceField(label=_("Organ"), queryset=None, required=False)
    expires_on = forms.DateField(
        label=_("Gäller till och med"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        holders = RoleGrant.objects.filter(organisation=organisation).values("user_id")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("username")
        )
        self.fields["units"].queryset = Unit.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("path")
        self.fields["bodies"].queryset = Body.objects.filter(organisation=organisation)
        if not self.is_bound:
            self.initial["expires_on"] = timezone.localdate() + dt.timedelta(days=90)

    def expires_at(self) -> dt.datetime:
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
