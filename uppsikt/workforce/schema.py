"""The HR extract's files and their columns (docs/workforce.md, "The HR files"): read by the
importer, written by the generator and the demo, from this one definition."""

from __future__ import annotations

FILES = ("employees", "employments", "absences")
COLUMNS = {
    "employees": ("employee_id", "gender", "birth_year"),
    "employments": (
        "employment_id",
        "employee_id",
        "unit_code",
        "start_date",
        "end_date",
        "form",
        "weekly_hours",
        "extent",
        "end_reason",
    ),
    "absences": ("employee_id", "start_date", "end_date", "extent", "kind"),
}
# a column a file may leave out
OPTIONAL = frozenset({"end_reason"})
ALL_COLUMNS = frozenset(c for columns in COLUMNS.values() for c in columns)
