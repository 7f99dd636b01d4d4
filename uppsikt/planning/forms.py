"""Forms for maintaining plans: input parsing and labels only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from uppsikt.organisation.models import Body, Organisation, Unit

from .models import Assignment, FocusArea, Goal, Indicator, Plan
from .services import PLAN_TRANSITIONS


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by their place in the tree."""

    def label_from_instance(self, obj: Unit) -> str:
        return "\u2003" * obj.depth + obj.name


def _units(organisation: Organisation):
    return Unit.objects.filter(organisation=organisation, is_active=True).order_by("path")


class PlanCreateForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Rubrik"), max_length=200)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(
            organisation=organisation, is_active=True
        )


class GoalForm(forms.Form):
    level = forms.ChoiceField(label=_("Nivå"), choices=Goal.Level.choices, initial=Goal.Level.BODY)
    title = forms.CharField(label=_("Mål"), max_length=300)
    serves = forms.ModelMultipleChoiceField(
        label=_("Bidrar till fullmäktiges mål"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Gäller nämndens mål. Välj ett eller flera."),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"),
        queryset=FocusArea.objects.none(),
        required=False,
        help_text=_("Gäller fullmäktiges mål."),
    )
    area = forms.CharField(label=_("Område"), max_length=100, required=False)
    responsible_unit = UnitChoiceField(
        label=_("Ansvarig enhet"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "goal")
        super().__init__(*args, **kwargs)
        self.fields["serves"].queryset = Goal.objects.filter(
            plan__organisation=plan.organisation_id,
            plan__year=plan.year,
            level=Goal.Level.COUNCIL,
        ).order_by("plan__pk", "position", "pk")
        self.fields["focus_area"].queryset = plan.focus_areas.all()
        self.fields["responsible_unit"].queryset = _units(plan.organisation)


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Uppdrag"), max_length=300)
    responsible_unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none())
    goal = forms.ModelChoiceField(
        label=_("Bidrar till mål"), queryset=Goal.objects.none(), required=False
    )
    area = forms.CharField(label=_("Område"), max_length=100, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "assignment")
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units(plan.organisation)
        self.fields["goal"].queryset = plan.goals.all()


class ActivityForm(forms.Form):
    assignment = forms.ModelChoiceField(label=_("Uppdrag"), queryset=Assignment.objects.none())
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    responsible_unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none())

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "activity")
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = plan.assignments.all()
        self.fields["responsible_unit"].queryset = _units(plan.organisation)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indikator"), max_length=200)
    direction = forms.ChoiceField(label=_("Riktning"), choices=Indicator.Direction.choices)
    unit_of_measure = forms.CharField(
        label=_("Måttenhet"), max_length=20, required=False, help_text=_("Till exempel %, kr.")
    )
    decimals = forms.IntegerField(label=_("Decimaler"), min_value=0, max_value=6, initial=1)
    value = forms.DecimalField(label=_("Målvärde"), max_digits=18, decimal_places=6)
    tolerance = forms.DecimalField(
        label=_("Tolerans"),
        max_digits=18,
        decimal_places=6,
        initial=0,
        help_text=_("Hur mycket utfallet får avvika från målvärdet och ändå räknas som nära."),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "indicator")
        super().__init__(*args, **kwargs)


class PlanStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"))

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        allowed = PLAN_TRANSITIONS[plan.status]
        self.fields["status"].choices = [
            (value, label) for value, label in Plan.Status.choices if value in allowed
        ]
