"""Writes to plans: each a keyword-only, atomic, audited service, and the only way to change a
plan or what it holds.

One module per subject; callers use this package
(``from uppsikt.planning import services; services.goal_create(...)``):

- ``plans``: a plan, its status and carrying it forward to the next year;
- ``goals``: focus areas and goals (the council's and the bodies');
- ``assignments``: a plan's assignments (uppdrag);
- ``activities``: activities under a goal, an assignment or a plan area;
- ``indicators``: indicators, their targets and measurements.

A closed plan is read-only, and an item is removed only when nothing hangs on it (``_base``).
"""

from .activities import activity_create, activity_delete, activity_update
from .assignments import plan_assignment_create, plan_assignment_delete, plan_assignment_update
from .goals import (
    focus_area_create,
    focus_area_delete,
    focus_area_update,
    goal_create,
    goal_delete,
    goal_update,
)
from .indicators import (
    indicator_create,
    indicator_remove,
    indicator_update,
    measurement_record,
    plan_indicator_create,
    plan_indicator_update,
    target_delete,
    target_set,
)
from .plans import PLAN_TRANSITIONS, plan_copy_forward, plan_create, plan_set_status

__all__ = [
    "PLAN_TRANSITIONS",
    "activity_create",
    "activity_delete",
    "activity_update",
    "focus_area_create",
    "focus_area_delete",
    "focus_area_update",
    "goal_create",
    "goal_delete",
    "goal_update",
    "indicator_create",
    "indicator_remove",
    "indicator_update",
    "measurement_record",
    "plan_assignment_create",
    "plan_assignment_delete",
    "plan_assignment_update",
    "plan_copy_forward",
    "plan_create",
    "plan_indicator_create",
    "plan_indicator_update",
    "plan_set_status",
    "target_delete",
    "target_set",
]
