"""Plan pages. Thin views: forms parse, services write, selectors read.

One module per page (``urls.py`` uses this package):

- ``plans``: the plans, a new plan, a plan's page with the forms that add to it, its status;
- ``items``: a focus area's, goal's, assignment's or activity's page: change or remove it;
- ``indicators``: an indicator's page in a plan with its targets.
"""

from .indicators import indicator_delete, indicator_edit, target_delete, unit_target_set
from .items import (
    activity_delete,
    activity_edit,
    assignment_delete,
    assignment_edit,
    focus_area_delete,
    focus_area_edit,
    goal_delete,
    goal_edit,
)
from .plans import (
    activity_add,
    assignment_add,
    focus_area_add,
    goal_add,
    indicator_add,
    plan_copy_forward,
    plan_create,
    plan_detail,
    plan_status,
    plans,
)

__all__ = [
    "activity_add",
    "activity_delete",
    "activity_edit",
    "assignment_add",
    "assignment_delete",
    "assignment_edit",
    "focus_area_add",
    "focus_area_delete",
    "focus_area_edit",
    "goal_add",
    "goal_delete",
    "goal_edit",
    "indicator_add",
    "indicator_delete",
    "indicator_edit",
    "plan_copy_forward",
    "plan_create",
    "plan_detail",
    "plan_status",
    "plans",
    "target_delete",
    "unit_target_set",
]
