"""A straightforward day-by-day implementation of docs/definitions.md §3, for one unit and one period.

It walks every employee and day in plain Python, which is slow, and exists as an oracle:
the property tests compare it with the columnar ``compute`` on small random extracts, and the
benchmark reports the speed ratio. It applies the same suppression rules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import compute as _compute
from .compute import DEPARTURE_DAYS
from .figures import AGE_DECADES, AGE_GROUPS, empty_sickness, empty_turnover
from .hrdata import FORM_FIXED_TERM, FORM_HOURLY, FORM_PERMANENT, HrData, Period, month_end
from .sick_spells import DAY_RANGES, LONG_TERM_RUN, RELAPSE_DAYS

ONE = dt.timedelta(days=1)


def _age3(age: int) -> str:
    return "-29" if age <= 29 else "30-49" if age <= 49 else "50-"


def _decade(age: int) -> str:
    if age <= 29:
        return "-29"
    if age >= 70:
        return "70-"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def _subtree(units: Sequence[tuple[str, str | None]], scope: str) -> set[str]:
    parent = dict(units)
    inside = set()
    for code in parent:
        current, seen = code, set()
        while current is not None and current not in seen:
            if current == scope:
                inside.add(code)
                break
            seen.add(current)
            current = parent.get(current)
    inside.add(scope)
    return inside


def reference_compute(
    data: HrData, *, units: Sequence[tuple[str, str | None]], scope: str, period: Period
) -> dict[str, Any]:
    ws, we = period.window_start, period.window_end
    people = {r["employee_id"]: r for r in data.employees.iter_rows(named=True)}
    extract = _Extract(
        subtree=_subtree(units, scope),
        people=people,
        jobs=list(data.employments.iter_rows(named=True)),
        age_of={
            emp: (we.year - p["birth_year"]) if p["birth_year"] is not None else None
            for emp, p in people.items()
        },
    )
    return {
        "unit": scope,
        "window_start": ws.isoformat(),
        "window_end": we.isoformat(),
        "provisional": data.covers_until < we + dt.timedelta(days=DEPARTURE_DAYS),
        "sickness": _sickness(extract, _sick_days(data), ws, we),
        "turnover": _turnover(extract, period),
    }


FAR = dt.date(2999, 12, 31)


@dataclass
class _Extract:
    """The extract as the day-by-day walk reads it: the scope's units, people by id, the
    employments as rows, and each person's age in the window's last year."""

    subtree: set[str]
    people: dict[str, dict]
    jobs: list[dict]
    age_of: dict[str, int | None]


@dataclass
class _SickDays:
    """Per employee and sick day: the day's sick extent (the largest of that day's sick
    records), its number in the spell, and whether it is in an unbroken run of ≥ 60 days."""

    extent: dict[str, dict[dt.date, float]]
    number: dict[str, dict[dt.date, int]]
    long: dict[str, set[dt.date]]


def _shown(n: int) -> bool:
    return n > _compute.SUPPRESS_AT_MOST


def _sick_days(data: HrData) -> _SickDays:
    sick_ext: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for r in data.absences.iter_rows(named=True):
        if r["kind"] != "sjuk" or r["extent"] <= 0:
            continue
        day = r["start_date"]
        while day <= r["end_date"]:
            days = sick_ext[r["employee_id"]]
            days[day] = max(days.get(day, 0.0), min(r["extent"], 100.0))
            day += ONE
    day_no: dict[str, dict[dt.date, int]] = {}
    long_day: dict[str, set[dt.date]] = {}
    for emp, days in sick_ext.items():
        runs = _runs(sorted(days))
        day_no[emp] = _spell_numbers(runs)
        long_day[emp] = {day for run in runs if len(run) >= LONG_TERM_RUN for day in run}
    return _SickDays(extent=sick_ext, number=day_no, long=long_day)


def _runs(ordered: list[dt.date]) -> list[list[dt.date]]:
    """Consecutive days, each run without a gap."""
    runs: list[list[dt.date]] = []
    for day in ordered:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _spell_numbers(runs: list[list[dt.date]]) -> dict[dt.date, int]:
    """Each sick day's number in its spell: a run within five days of the previous one
    continues its spell."""
    numbers: dict[dt.date, int] = {}
    n = 0
    previous_last = None
    for run in runs:
        if previous_last is None or (run[0] - previous_last).days > RELAPSE_DAYS:
            n = 0
        for day in run:
            n += 1
            numbers[day] = n
        previous_last = run[-1]
    return numbers


@dataclass
class _SickSums:
    ordinary: float = 0.0
    sick: float = 0.0
    long_hours: float = 0.0
    by_range: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    groups_ord: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    groups_sick: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    groups_people: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    persons: set[str] = field(default_factory=set)


def _sickness(extract: _Extract, sick_days: _SickDays, ws: dt.date, we: dt.date) -> dict:
    sums = _SickSums()
    for job in extract.jobs:
        if job["unit_code"] not in extract.subtree or job["form"] == FORM_HOURLY:
            continue
        rate = job["weekly_hours"] * job["extent"] / 100 / 7
        if rate <= 0:
            continue
        _add_job_days(sums, job, rate, extract, sick_days, ws, we)
    if not _shown(len(sums.persons)):
        return empty_sickness()
    ordinary, sick = sums.ordinary, sums.sick
    sickness: dict[str, Any] = {
        "total": sick / ordinary * 100,
        **{name: sums.by_range[i] / ordinary * 100 for i, (name, _l, _h) in enumerate(DAY_RANGES)},
        "long_term_share": sums.long_hours / sick * 100 if sick else 0.0,
        "sick_hours": sick,
        "ordinary_hours": ordinary,
    }
    for name, groups in (
        ("by_gender", ("K", "M")),
        ("by_age", AGE_GROUPS),
        ("by_age_decade", AGE_DECADES),
        ("by_extent", ("full_time", "part_time")),
        ("by_form", (FORM_PERMANENT, FORM_FIXED_TERM)),
    ):
        sickness[name] = {
            g: sums.groups_sick[(name, g)] / sums.groups_ord[(name, g)] * 100
            if _shown(len(sums.groups_people[(name, g)]))
            else None
            for g in groups
        }
    return sickness


def _add_job_days(
    sums: _SickSums,
    job: dict,
    rate: float,
    extract: _Extract,
    sick_days: _SickDays,
    ws: dt.date,
    we: dt.date,
) -> None:
    """Every day of an employment in the window: its ordinary and sick hours."""
    emp = job["employee_id"]
    labels = _job_labels(job, extract.people[emp], extract.age_of[emp])
    day = max(job["start_date"], ws)
    last = min(job["end_date"] or FAR, we)
    while day <= last:
        sums.ordinary += rate
        sums.persons.add(emp)
        extent = sick_days.extent.get(emp, {}).get(day, 0.0)
        hours = rate * extent / 100
        sums.sick += hours
        for label in labels:
            sums.groups_ord[label] += rate
            sums.groups_sick[label] += hours
            sums.groups_people[label].add(emp)
        if extent > 0:
            number = sick_days.number[emp][day]
            for index, (_name, low, high) in enumerate(DAY_RANGES):
                if low <= number <= high:
                    sums.by_range[index] += hours
            if day in sick_days.long[emp]:
                sums.long_hours += hours
        day += ONE


def _job_labels(job: dict, person: dict, age: int | None) -> list[tuple[str, str]]:
    gender = person["gender"]
    labels = [
        ("by_extent", "full_time" if job["extent"] >= 100 else "part_time"),
        ("by_form", job["form"]),
    ]
    if gender in ("K", "M"):
        labels.append(("by_gender", gender))
    if age is not None:
        labels += [("by_age", _age3(age)), ("by_age_decade", _decade(age))]
    return labels


def _turnover(extract: _Extract, period: Period) -> dict:
    permanent = [j for j in extract.jobs if j["form"] == FORM_PERMANENT]
    counts, members = _month_end_heads(extract, permanent, period)
    departures = _departures(extract, permanent, period)
    if not _shown(len(members[None])):
        return empty_turnover()
    average = sum(counts[None]) / 12
    turnover: dict[str, Any] = {
        "total": len(departures) / average * 100,
        **{
            k: sum(1 for v in departures.values() if v == k) / average * 100
            for k in ("retirement", "internal", "external")
        },
        "departures": len(departures),
        "average_headcount": average,
    }
    for name, groups in (
        ("by_gender", ("K", "M")),
        ("by_age", AGE_GROUPS),
        ("by_age_decade", AGE_DECADES),
    ):
        cells = {}
        for g in groups:
            label = (name, g)
            if not _shown(len(members[label])):
                cells[g] = None
                continue
            n = sum(
                1
                for (emp, _end) in departures
                if label in _person_labels(extract.people[emp], extract.age_of[emp])
            )
            cells[g] = n / (sum(counts[label]) / 12) * 100
        turnover[name] = cells
    return turnover


def _month_end_heads(extract: _Extract, permanent: list[dict], period: Period):
    """Per person label (None: everyone): the permanent employees in the scope at each of the
    twelve month ends, and who they were."""
    counts: dict[tuple[str, str] | None, list[int]] = defaultdict(lambda: [0] * 12)
    members: dict[tuple[str, str] | None, set[str]] = defaultdict(set)
    for i, day in enumerate(month_end(m) for m in period.month_indices):
        present = {
            j["employee_id"]
            for j in permanent
            if j["unit_code"] in extract.subtree
            and j["start_date"] <= day <= (j["end_date"] or FAR)
        }
        for emp in present:
            for label in _person_labels(extract.people[emp], extract.age_of[emp]):
                counts[label][i] += 1
                members[label].add(emp)
    return counts, members


def _departures(
    extract: _Extract, permanent: list[dict], period: Period
) -> dict[tuple[str, dt.date], str]:
    """(employee, end date) → kind, for the permanent employments in the scope ending in the
    window that are not followed within 30 days by another permanent one in the scope."""
    ws, we = period.window_start, period.window_end
    permanent_of: dict[str, list[dict]] = defaultdict(list)
    for j in permanent:
        permanent_of[j["employee_id"]].append(j)

    def holds(emp: str, day: dt.date, inside: bool) -> bool:
        return any(
            (j["unit_code"] in extract.subtree) == inside
            and j["start_date"] <= day <= (j["end_date"] or FAR)
            for j in permanent_of[emp]
        )

    departures: dict[tuple[str, dt.date], str] = {}
    for j in permanent:
        end = j["end_date"]
        if j["unit_code"] not in extract.subtree or end is None or not ws <= end <= we:
            continue
        emp = j["employee_id"]
        after = [end + ONE * k for k in range(1, DEPARTURE_DAYS + 1)]
        if any(holds(emp, day, True) for day in after):
            continue
        if any(holds(emp, day, False) for day in after):
            kind = "internal"
        elif j["end_reason"] == "pension" or departures.get((emp, end)) == "retirement":
            kind = "retirement"
        else:
            kind = "external"
        departures[(emp, end)] = kind
    return departures


def _person_labels(person: dict, age: int | None) -> list:
    labels: list = [None]
    if person["gender"] in ("K", "M"):
        labels.append(("by_gender", person["gender"]))
    if age is not None:
        labels += [("by_age", _age3(age)), ("by_age_decade", _decade(age))]
    return labels
