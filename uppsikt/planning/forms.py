"""Forms for maintaining plans: input parsing and labels only; the services decide."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uppsikt.core.fields import IdMultipleChoiceField
from uppsikt.organisation.models import Body, Organisation, Unit

from .models import FocusArea, Goal, Indicator, Plan, PlanAssignment
from .selectors import goals_in_reach, plan_units
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
    serves = IdMultipleChoiceField(
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


class PlanAssignmentForm(forms.Form):
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
        # the plan's own goals and the year's council goals, labelled with their level
        self.fields["goal"].queryset = goals_in_reach(plan)
        self.fields["goal"].label_from_instance = lambda g: f"{g.get_level_display()}: {g.title}"


class ActivityForm(forms.Form):
    assignment = forms.ModelChoiceField(label=_("Uppdrag"), queryset=PlanAssignment.objects.none())
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


# Changing what a plan holds. The rich-text fields take simple HTML (paragraphs, lists,
# emphasis, links); the services sanitise it.


def _goal_label(obj: Goal, year: int | None) -> str:
    label = f"{obj.get_level_display()}: {obj.title}"
    # a link kept from an earlier year (a plan carried forward) says so
    return label if year is None or obj.plan.year == year else f"{label} ({obj.plan.year})"


class GoalChoiceField(forms.ModelChoiceField):
    year: int | None = None

    def label_from_instance(self, obj: Goal) -> str:
        return _goal_label(obj, self.year)


class GoalMultipleChoiceField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    year: int | None = None

    def label_from_instance(self, obj: Goal) -> str:
        return _goal_label(obj, self.year)


def _goal_choices(field, plan: Plan, current, **filters) -> None:
    """The goals in the plan's reach, and those the item links to now (so that saving the form
    keeps a link to an earlier year's council goal unless it is unticked)."""
    reach = goals_in_reach(plan).filter(**filters).values("pk")
    field.queryset = (
        Goal.objects.filter(Q(pk__in=reach) | Q(pk__in=[pk for pk in current if pk]))
        .select_related("plan")
        .order_by("level", "plan__year", "plan__pk", "position", "pk")
    )
    field.year = plan.year


def _rich_text(label):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Enkel formatering med HTML: stycken, listor, fetstil, kursiv och länkar."),
    )


def _position():
    return forms.IntegerField(
        label=_("Ordning"),
        min_value=0,
        max_value=100000,
        initial=0,
        help_text=_("Lägre tal visas först."),
    )


class FocusAreaForm(forms.Form):
    name = forms.CharField(label=_("Fokusområde"), max_length=200)
    position = _position()

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "focus_area")
        super().__init__(*args, **kwargs)


class GoalEditForm(forms.Form):
    title = forms.CharField(label=_("Mål"), max_length=300)
    description = _rich_text(_("Beskrivning"))
    area = forms.CharField(
        label=_("Område"),
        max_length=100,
        required=False,
        help_text=_("Målen grupperas efter område, till exempel Medarbetare."),
    )
    responsible_unit = UnitChoiceField(
        label=_("Ansvarig enhet"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Ett mål med ansvarig enhet bedöms i varje uppföljning."),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Fokusområde"), queryset=FocusArea.objects.none(), required=False
    )
    serves = GoalMultipleChoiceField(
        label=_("Bidrar till fullmäktiges mål"), queryset=Goal.objects.none(), required=False
    )
    position = _position()

    def __init__(self, *args, plan: Plan, goal: Goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units(plan.organisation)
        if goal.level == Goal.Level.COUNCIL:
            del self.fields["serves"]
            self.fields["focus_area"].queryset = plan.focus_areas.all()
        else:
            del self.fields["focus_area"]
            _goal_choices(
                self.fields["serves"],
                plan,
                [g.pk for g in goal.serves.all()],
                level=Goal.Level.COUNCIL,
            )


class PlanAssignmentEditForm(forms.Form):
    title = forms.CharField(label=_("Uppdrag"), max_length=300)
    description = _rich_text(_("Uppdragets text"))
    area = forms.CharField(label=_("Område"), max_length=100, required=False)
    responsible_unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none())
    goal = GoalChoiceField(
        label=_("Bidrar till mål"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_("Nämndens mål i planen eller ett av fullmäktiges mål för året."),
    )
    position = _position()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units(plan.organisation)
        _goal_choices(self.fields["goal"], plan, [self.initial.get("goal")])


class ActivityEditForm(forms.Form):
    title = forms.CharField(label=_("Aktivitet"), max_length=300)
    description = _rich_text(_("Beskrivning"))
    area = forms.CharField(
        label=_("Område"),
        max_length=100,
        required=False,
        help_text=_(
            "Till exempel Arbetsmiljöplan för arbetsmiljöplanens prioriterade aktiviteter."
        ),
    )
    responsible_unit = UnitChoiceField(label=_("Ansvarig enhet"), queryset=Unit.objects.none())
    assignment = forms.ModelChoiceField(
        label=_("Hör till uppdrag"), queryset=PlanAssignment.objects.none(), required=False
    )
    goal = GoalChoiceField(
        label=_("Hör till mål"),
        queryset=Goal.objects.none(),
        required=False,
        help_text=_(
            "Ett uppdrag eller ett mål, inte båda. Lämna båda tomma för en aktivitet i "
            "ett område av planen."
        ),
    )
    position = _position()

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units(plan.organisation)
        self.fields["assignment"].queryset = plan.assignments.all()
        _goal_choices(self.fields["goal"], plan, [self.initial.get("goal")])


class IndicatorEditForm(forms.Form):
    name = forms.CharField(label=_("Indikator"), max_length=200)
    description = _rich_text(_("Beskrivning"))
    direction = forms.ChoiceField(label=_("Riktning"), choices=Indicator.Direction.choices)
    unit_of_measure = forms.CharField(
        label=_("Måttenhet"), max_length=20, required=False, help_text=_("Till exempel %, kr.")
    )
    decimals = forms.IntegerField(label=_("Decimaler"), min_value=0, max_value=6)
    area = forms.CharField(label=_("Område"), max_length=100, required=False)
    kolada_id = forms.CharField(label=_("Kolada-id"), max_length=20, required=False)
    goals = GoalMultipleChoiceField(
        label=_("Mäter målen"), queryset=Goal.objects.none(), required=False
    )
    value = forms.DecimalField(
        label=_("Målvärde för organet"),
        max_digits=18,
        decimal_places=6,
        localize=True,
        required=False,
        help_text=_("Lämna tomt om indikatorn bara har målvärden per enhet."),
    )
    tolerance = forms.DecimalField(
        label=_("Tolerans"),
        max_digits=18,
        decimal_places=6,
        localize=True,
        initial=0,
        help_text=_("Hur mycket utfallet får avvika från målvärdet och ändå räknas som nära."),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        _goal_choices(self.fields["goals"], plan, [])


class UnitTargetForm(forms.Form):
    unit = UnitChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    value = forms.DecimalField(label=_("Målvärde"), max_digits=18, decimal_places=6, localize=True)
    tolerance = forms.DecimalField(
        label=_("Tolerans"), max_digits=18, decimal_places=6, localize=True, initial=0
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        kwargs.setdefault("prefix", "unit_target")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = plan_units(plan).filter(is_active=True)
