"""Forms: input parsing and labels only; the services decide."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from uppsikt.core.models import renamed_object_types

from .models import Body, Person, Role, Unit


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "email", "unit"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by(
            "path"
        )
        self.fields["unit"].required = False


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    password = forms.CharField(
        label=_("Startlösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        required=False,
        help_text=_("Lämna tomt för konton som bara loggar in med organisationens konto (SSO)."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(_("Användarnamnet är upptaget."))
        return username


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    scope = forms.ChoiceField(label=_("Gäller"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("path")
        bodies = Body.objects.filter(organisation=organisation, is_active=True)
        self.fields["scope"].choices = [
            ("all", _("Hela organisationen")),
            (
                _("Organ"),
                [(f"body:{b.pk}", b.name) for b in bodies],
            ),
            (
                _("Enheter (med underenheter)"),
                [(f"unit:{u.pk}", "\u2003" * u.depth + u.name) for u in units],
            ),
        ]
        self.organisation = organisation

    def clean(self):
        data = super().clean()
        scope = data.get("scope", "all")
        data["unit"] = data["body"] = None
        if scope.startswith("unit:"):
            data["unit"] = Unit.objects.get(organisation=self.organisation, pk=int(scope[5:]))
        elif scope.startswith("body:"):
            data["body"] = Body.objects.get(organisation=self.organisation, pk=int(scope[5:]))
        return data


def _object_type_label(object_type: str) -> str:
    """An object type as its model names itself (``enhet``), with the type after it."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return f"{str(model._meta.verbose_name).capitalize()} ({object_type})"


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Utförd av"),
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        empty_label=_("Alla"),
    )
    object_type = forms.ChoiceField(label=_("Objekttyp"), required=False)
    object_id = forms.CharField(label=_("Objekt-id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, object_types: list[str], actor_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = self.fields["actor"].queryset.filter(pk__in=actor_ids)
        self.fields["object_type"].choices = [("", _("Alla"))] + sorted(
            ((t, _object_type_label(t)) for t in object_types), key=lambda c: c[1].lower()
        )
        # a link made before a model was renamed asks for its former name
        renamed = renamed_object_types()
        if self.data.get("object_type") in renamed:
            self.data = self.data.copy()
            self.data["object_type"] = renamed[self.data["object_type"]]
