"""The staff computation's input and calendar: an HR extract as typed data frames
(:class:`HrData`), the employment forms, day numbers and the months with their R12 windows
(:class:`Period`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

EPOCH = dt.date(1970, 1, 1)

FORM_PERMANENT = "tillsvidare"
FORM_FIXED_TERM = "visstid"
FORM_HOURLY = "timavlönad"
FORMS = (FORM_PERMANENT, FORM_FIXED_TERM, FORM_HOURLY)


def day_number(value: dt.date) -> int:
    return (value - EPOCH).days


def from_day_number(value: int) -> dt.date:
    return EPOCH + dt.timedelta(days=value)


def day_column(column: str) -> pl.Expr:
    """A date column as day numbers (days since 1970-01-01)."""
    return pl.col(column).cast(pl.Int32)


@dataclass(frozen=True)
class Period:
    """A month; its R12 window is the 12 calendar months ending with the month's last day."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            year, month = (int(part) for part in text.strip().split("-"))
        except ValueError as exc:
            raise ValueError(f"not a period (YYYY-MM): {text!r}") from exc
        if not 1 <= month <= 12 or not 1900 <= year <= 2999:
            raise ValueError(f"not a period (YYYY-MM): {text!r}")
        return cls(year, month)

    @classmethod
    def from_index(cls, index: int) -> Period:
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Period:
        return Period.from_index(self.index + months)

    @property
    def window_end(self) -> dt.date:
        return month_end(self.index)

    @property
    def window_start(self) -> dt.date:
        first = self.shift(-11)
        return dt.date(first.year, first.month, 1)

    @property
    def month_indices(self) -> list[int]:
        return list(range(self.index - 11, self.index + 1))


def month_end(index: int) -> dt.date:
    year, month = index // 12, index % 12 + 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class HrData:
    """One HR extract, as read and checked by ``importers``.

    employees: employee_id (str), gender (str or null), birth_year (int or null)
    employments: employment_id, employee_id, unit_code (str), start_date, end_date (date or
      null), form (str), weekly_hours, extent (float), end_reason (str or null)
    absences: employee_id (str), start_date, end_date (date), extent (float), kind (str)
    covers_until: the last day the extract's data reaches (for the provisional mark)
    """

    employees: pl.DataFrame
    employments: pl.DataFrame
    absences: pl.DataFrame
    covers_until: dt.date


EMPLOYEE_SCHEMA = {"employee_id": pl.String, "gender": pl.String, "birth_year": pl.Int32}
EMPLOYMENT_SCHEMA = {
    "employment_id": pl.String,
    "employee_id": pl.String,
    "unit_code": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "form": pl.String,
    "weekly_hours": pl.Float64,
    "extent": pl.Float64,
    "end_reason": pl.String,
}
ABSENCE_SCHEMA = {
    "employee_id": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "extent": pl.Float64,
    "kind": pl.String,
}


def hr_data_from_rows(
    *,
    employees: Iterable[dict],
    employments: Iterable[dict],
    absences: Iterable[dict],
    covers_until: dt.date,
) -> HrData:
    """Build :class:`HrData` from plain dicts (tests, the generator)."""

    def frame(rows, schema):
        rows = list(rows)
        return pl.DataFrame(
            {name: [row.get(name) for row in rows] for name in schema}, schema=schema
        )

    return HrData(
        employees=frame(employees, EMPLOYEE_SCHEMA),
        employments=frame(employments, EMPLOYMENT_SCHEMA),
        absences=frame(absences, ABSENCE_SCHEMA),
        covers_until=covers_until,
    )
