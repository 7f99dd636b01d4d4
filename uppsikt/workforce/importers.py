"""Reading an HR extract (docs/workforce.md, HR files): ``employees``, ``employments`` and
``absences``, each as CSV or XLSX (``import_tables``), checked column by column and against each
other and the known unit codes.

Every problem is collected with file, line and column (``employments.csv, rad 7, kolumn
end_date: …``) as an ``ImportProblem`` (``import_problems``), which has no place for a cell's
value. Nothing is written here. The files are checked with Polars expressions, so a large
extract is not walked row by row in Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .hrdata import (
    ABSENCE_SCHEMA,
    EMPLOYEE_SCHEMA,
    EMPLOYMENT_SCHEMA,
    FORM_HOURLY,
    FORMS,
    HrData,
)
from .import_problems import Checker, ImportProblem, Problem
from .import_tables import Source, read_table
from .schema import FILES


@dataclass
class HrFiles:
    """The outcome of reading an extract: the data (when no error) and every error."""

    data: HrData | None = None
    errors: list[ImportProblem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # kind → file name
    checksum: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    file_format: str = "csv"


def read_hr_extract(
    sources: dict[str, Source],
    *,
    unit_codes: set[str],
    covers_until: dt.date | None = None,
    today: dt.date | None = None,
) -> HrFiles:
    """Parse and check the three files against each other and against the known unit codes."""
    result = HrFiles()
    _identify(sources, result)
    if result.errors:
        return result
    frames: dict[str, pl.DataFrame] = {}
    checkers: dict[str, Checker] = {}
    for kind in FILES:
        checkers[kind] = Checker(result.names[kind], result.errors)
        frame = read_table(sources[kind], kind, checkers[kind])
        if frame is not None:
            frames[kind] = frame
    if len(frames) < len(FILES) or result.errors:
        return result

    employees = _check_employees(frames["employees"], checkers["employees"])
    known_people = set(employees["employee_id"].drop_nulls().to_list())
    jobs = _check_employments(
        frames["employments"], checkers["employments"], known_people, unit_codes
    )
    absences = _check_absences(frames["absences"], checkers["absences"], known_people)
    result.counts = {
        "employees": employees.height,
        "employments": jobs.height,
        "absences": absences.height,
    }
    if result.errors:
        return result
    data = _hr_data(employees, jobs, absences, covers_until=covers_until or dt.date.min)
    if covers_until is None:
        data = HrData(
            employees=data.employees,
            employments=data.employments,
            absences=data.absences,
            covers_until=default_covers_until(data, today=today or dt.date.today()),
        )
    result.data = data
    return result


def _identify(sources: dict[str, Source], result: HrFiles) -> None:
    """The files' names, the extract's checksum and format; a missing file is a problem."""
    digest = hashlib.sha256()
    for kind in FILES:
        if kind not in sources:
            result.errors.append(ImportProblem(file=kind, line=None, problem=Problem.FILE_MISSING))
            continue
        digest.update(kind.encode() + b"\0" + hashlib.sha256(sources[kind].content).digest())
        result.names[kind] = Path(sources[kind].name).name
    if result.errors:
        return
    result.checksum = digest.hexdigest()
    result.file_format = (
        "xlsx" if any(n.lower().endswith(".xlsx") for n in result.names.values()) else "csv"
    )


def _check_employees(employees: pl.DataFrame, check: Checker) -> pl.DataFrame:
    check.required(employees, "employee_id")
    check.unique(employees, "employee_id")
    check.rows(
        employees,
        pl.col("gender").is_not_null() & ~pl.col("gender").is_in(["K", "M"]),
        Problem.UNKNOWN_GENDER,
        "gender",
    )
    return check.number(employees, "birth_year")


def _check_employments(
    jobs: pl.DataFrame, check: Checker, known_people: set[str], unit_codes: set[str]
) -> pl.DataFrame:
    for column in ("employment_id", "employee_id", "unit_code", "start_date", "form"):
        check.required(jobs, column)
    check.unique(jobs, "employment_id")
    check.rows(
        jobs,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        Problem.UNKNOWN_EMPLOYEE,
        "employee_id",
    )
    check.rows(
        jobs,
        pl.col("unit_code").is_not_null() & ~pl.col("unit_code").is_in(sorted(unit_codes)),
        Problem.UNKNOWN_UNIT,
        "unit_code",
    )
    check.rows(
        jobs,
        pl.col("form").is_not_null() & ~pl.col("form").is_in(list(FORMS)),
        Problem.UNKNOWN_FORM,
        "form",
    )
    jobs = check.date(jobs, "start_date")
    jobs = check.date(jobs, "end_date")
    check.rows(
        jobs, pl.col("end_date__d") < pl.col("start_date__d"), Problem.END_BEFORE_START, "end_date"
    )
    salaried = pl.col("form") != FORM_HOURLY
    check.rows(
        jobs,
        salaried & pl.col("weekly_hours").is_null(),
        Problem.HOURS_REQUIRED,
        "weekly_hours",
    )
    check.rows(jobs, salaried & pl.col("extent").is_null(), Problem.HOURS_REQUIRED, "extent")
    jobs = check.number(jobs, "weekly_hours")
    return check.number(jobs, "extent")


def _check_absences(absences: pl.DataFrame, check: Checker, known_people: set[str]) -> pl.DataFrame:
    for column in ("employee_id", "start_date", "end_date", "extent", "kind"):
        check.required(absences, column)
    check.rows(
        absences,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        Problem.UNKNOWN_EMPLOYEE,
        "employee_id",
    )
    absences = check.date(absences, "start_date")
    absences = check.date(absences, "end_date")
    check.rows(
        absences,
        pl.col("end_date__d") < pl.col("start_date__d"),
        Problem.END_BEFORE_START,
        "end_date",
    )
    return check.number(absences, "extent")


def _hr_data(
    employees: pl.DataFrame, jobs: pl.DataFrame, absences: pl.DataFrame, *, covers_until: dt.date
) -> HrData:
    """The checked files as the computation's typed frames."""
    return HrData(
        employees=employees.select(
            pl.col("employee_id"),
            pl.col("gender"),
            pl.col("birth_year__n").cast(pl.Int32).alias("birth_year"),
        ).cast(EMPLOYEE_SCHEMA),
        employments=jobs.select(
            "employment_id",
            "employee_id",
            "unit_code",
            pl.col("start_date__d").alias("start_date"),
            pl.col("end_date__d").alias("end_date"),
            "form",
            pl.col("weekly_hours__n").fill_null(0.0).alias("weekly_hours"),
            pl.col("extent__n").fill_null(0.0).alias("extent"),
            "end_reason",
        ).cast(EMPLOYMENT_SCHEMA),
        absences=absences.select(
            "employee_id",
            pl.col("start_date__d").alias("start_date"),
            pl.col("end_date__d").alias("end_date"),
            pl.col("extent__n").alias("extent"),
            "kind",
        ).cast(ABSENCE_SCHEMA),
        covers_until=covers_until,
    )


def default_covers_until(data: HrData, *, today: dt.date) -> dt.date:
    """The last day the data reaches when the operator does not say: the latest date in the
    files, but never later than today (planned end dates lie in the future)."""
    dates = [
        data.employments["start_date"].max(),
        data.employments["end_date"].max(),
        data.absences["start_date"].max(),
        data.absences["end_date"].max(),
    ]
    latest = max((d for d in dates if d is not None), default=today)
    return min(latest, today)
