"""Assessments hold on to the plan items they assess: a goal, assignment, activity or indicator
with assessments, or a unit's target the unit has assessed against, is not removed. Registered
with planning's removal blockers (``planning.removal``) in ``FollowupConfig.ready``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.planning.models import Activity, Goal, Indicator, PlanAssignment, Target
from uppsikt.planning.removal import count_reason

from .models import Assessment


def _neuter(item, *, year=None) -> list[str]:  # a goal, an assignment: "det"
    n = item.assessments.count()
    return [count_reason(n, _("det har en bedömning"), _("det har %(n)s bedömningar"))] if n else []


def _common(item, *, year=None) -> list[str]:  # an activity, an indicator: "den"
    if year is None:
        n = item.assessments.count()
        return (
            [count_reason(n, _("den har en bedömning"), _("den har %(n)s bedömningar"))]
            if n
            else []
        )
    n = item.assessments.filter(period__year=year).count()
    if not n:
        return []
    return [
        count_reason(
            n,
            _("den har en bedömning för %(year)s"),
            _("den har %(n)s bedömningar för %(year)s"),
            year=year,
        )
    ]


def _target(target: Target, *, year=None) -> list[str]:
    """A unit's target the unit has assessed against in the target's year."""
    if not target.unit_id:
        return []
    n = Assessment.objects.filter(
        indicator=target.indicator_id, unit=target.unit_id, period__year=target.year
    ).count()
    if not n:
        return []
    return [
        count_reason(
            n,
            _("enheten har en bedömning mot det"),
            _("enheten har %(n)s bedömningar mot det"),
        )
    ]


def register() -> None:
    from uppsikt.planning.removal import register_removal_blocker

    register_removal_blocker(Goal, _neuter)
    register_removal_blocker(PlanAssignment, _neuter)
    register_removal_blocker(Activity, _common)
    register_removal_blocker(Indicator, _common)
    register_removal_blocker(Target, _target)
