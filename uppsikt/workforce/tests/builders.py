"""Tiny HR extracts written out in tests: plain rows with defaults, no database."""

from __future__ import annotations

import datetime as dt
import itertools

from uppsikt.workforce.compute import compute
from uppsikt.workforce.hrdata import HrData, Period, hr_data_from_rows

D = dt.date.fromisoformat
_ids = itertools.count(1)


class Extract:
    """Rows of one extract; ``employee`` adds a person, ``job`` an employment, ``sick`` a
    sick record."""

    def __init__(self, covers_until: str = "2025-12-31"):
        self.employees: list[dict] = []
        self.employments: list[dict] = []
        self.absences: list[dict] = []
        self.covers_until = D(covers_until)

    def employee(self, emp: str, gender: str | None = "K", birth_year: int | None = 1980):
        self.employees.append({"employee_id": emp, "gender": gender, "birth_year": birth_year})
        return self

    def job(
        self,
        emp: str,
        unit: str = "U1",
        start: str = "2020-01-01",
        end: str | None = None,
        form: str = "tillsvidare",
        hours: float = 35.0,
        extent: float = 100.0,
        reason: str | None = None,
    ):
        self.employments.append(
            {
                "employment_id": f"A{next(_ids)}",
                "employee_id": emp,
                "unit_code": unit,
                "start_date": D(start),
                "end_date": D(end) if end else None,
                "form": form,
                "weekly_hours": hours,
                "extent": extent,
                "end_reason": reason,
            }
        )
        return self

    def sick(self, emp: str, start: str, end: str, extent: float = 100.0, kind: str = "sjuk"):
        self.absences.append(
            {
                "employee_id": emp,
                "start_date": D(start),
                "end_date": D(end),
                "extent": extent,
                "kind": kind,
            }
        )
        return self

    def data(self) -> HrData:
        return hr_data_from_rows(
            employees=self.employees,
            employments=self.employments,
            absences=self.absences,
            covers_until=self.covers_until,
        )


UNITS = [("U", None), ("U1", "U"), ("U2", "U")]


def figures(extract: Extract, unit: str = "U1", period: str = "2025-06", units=UNITS) -> dict:
    [result] = compute(extract.data(), units=units, scopes=[unit], periods=[Period.parse(period)])
    return result.figures
