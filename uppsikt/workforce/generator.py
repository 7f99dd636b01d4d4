"""A realistic synthetic HR extract at any scale, for benchmarks and trying things out.

Permanent, fixed-term and hourly staff; part time; second concurrent employments; fixed-term
jobs turned permanent; internal moves; retirements and other departures; short and long sick
spells with partial extents; relapses inside and outside the 5-day rule; spells that cross the
window start; holidays (not sickness). Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from uppsikt.core.spreadsheets import csv_writer

from .schema import COLUMNS

HOURS = (40.0, 40.0, 38.25, 37.0, 36.33)
PART_EXTENTS = (50.0, 60.0, 75.0, 80.0, 90.0)
OTHER_REASONS = ("egen begäran", "egen begäran", "uppsägning", "dödsfall")


def synthetic_units(count: int) -> list[tuple[str, str | None, str]]:
    """A tree of ``count`` units: (code, parent code, kind), förvaltning → avdelning → enhet."""
    units: list[tuple[str, str | None, str]] = []
    administrations = max(1, count // 60)
    departments: list[str] = []
    for a in range(administrations):
        units.append((f"F{a + 1:02d}", None, "förvaltning"))
    per_admin = max(1, (count - administrations) // (administrations * 6))
    for a in range(administrations):
        for d in range(per_admin):
            if len(units) >= count:
                break
            code = f"F{a + 1:02d}-A{d + 1:02d}"
            units.append((code, f"F{a + 1:02d}", "avdelning"))
            departments.append(code)
    n = 0
    while len(units) < count and departments:
        parent = departments[n % len(departments)]
        units.append((f"{parent}-E{n // len(departments) + 1:02d}", parent, "enhet"))
        n += 1
    return units


def write_units_csv(units: Sequence[tuple[str, str | None, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv_writer(f)
        writer.writerow(["code", "name", "parent_code", "kind"])
        for code, parent, kind in units:
            writer.writerow([code, f"Enhet {code}", parent or "", kind])


def generate(
    *,
    employees: int,
    years: int,
    seed: int,
    end: dt.date,
    unit_codes: Sequence[str],
    out: Path,
) -> dict[str, int]:
    """Write employees.csv, employments.csv and absences.csv to ``out``; return row counts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(end.year - years, end.month, 1)
    window = _Window(start=start, end=end, years=years, units=list(unit_codes))
    with (
        (out / "employees.csv").open("w", newline="", encoding="utf-8") as fe,
        (out / "employments.csv").open("w", newline="", encoding="utf-8") as fj,
        (out / "absences.csv").open("w", newline="", encoding="utf-8") as fa,
    ):
        files = _Files(csv_writer(fe), csv_writer(fj), csv_writer(fa))
        for n in range(employees):
            _person(rng, files, window, f"P{n + 1:07d}")
    return files.counts


DAY = dt.timedelta(days=1)
iso = dt.date.isoformat


@dataclass(frozen=True)
class _Window:
    """The extract's span: from ``years`` before ``end`` to ``end``, over ``units``."""

    start: dt.date
    end: dt.date
    years: int
    units: list[str]

    @property
    def span(self) -> int:
        return (self.end - self.start).days


class _Files:
    """The three files being written, with their row counts and the last employment number."""

    def __init__(self, employees, employments, absences):
        self.employees, self.employments, self.absences = employees, employments, absences
        self.counts = {"employees": 0, "employments": 0, "absences": 0}
        self.job_no = 0
        for kind, writer in (
            ("employees", employees),
            ("employments", employments),
            ("absences", absences),
        ):
            writer.writerow(COLUMNS[kind])

    def employee(self, row: list) -> None:
        self.employees.writerow(row)
        self.counts["employees"] += 1

    def employment(self, row: list) -> None:
        """Write an employment (``row`` without its id, which is numbered here)."""
        self.job_no += 1
        self.employments.writerow([f"J{self.job_no:08d}", *row])
        self.counts["employments"] += 1

    def absence(self, row: list) -> None:
        self.absences.writerow(row)
        self.counts["absences"] += 1


def _person(rng: random.Random, files: _Files, window: _Window, emp: str) -> None:
    """One person: their employment history, now and then a second job, their sickness."""
    end, start = window.end, window.start
    roll = rng.random()
    gender = "K" if roll < 0.7 else "M" if roll < 0.99 else ""
    birth = end.year - rng.randint(19, 67) + rng.randint(0, window.years)
    files.employee([emp, gender, birth])
    unit = window.units[rng.randrange(len(window.units))]
    # employment history from before the data window up to the end
    first = (
        start - dt.timedelta(days=rng.randint(0, 3650))
        if rng.random() < 0.75
        else (start + dt.timedelta(days=rng.randint(0, window.span)))
    )
    last_job_end = _career(rng, files, window, emp, unit, first, birth)
    # a concurrent second job now and then (hourly extra shifts, or a split position)
    if rng.random() < 0.06:
        _second_job(rng, files, window, emp)
    # sickness: spells through the whole history, some crossing the window start
    first_day = max(first, start - dt.timedelta(days=200))
    last_day = end
    if last_job_end is not None:
        last_day = min(end, last_job_end + dt.timedelta(days=30))
    _sickness(rng, files, window, emp, first_day, last_day)


def _career(
    rng: random.Random,
    files: _Files,
    window: _Window,
    emp: str,
    unit: str,
    first: dt.date,
    birth: int,
) -> dt.date | None:
    """A person's employments one after another from ``first``; returns the last one's end
    (None when it is ongoing)."""
    end = window.end
    kind_roll = rng.random()
    form = "tillsvidare" if kind_roll < 0.78 else "visstid" if kind_roll < 0.92 else "timavlönad"
    hours = rng.choice(HOURS)
    extent = 100.0 if rng.random() < 0.68 else rng.choice(PART_EXTENTS)
    current = first
    last_end: dt.date | None = None
    while current <= end:
        stop, reason = _job_end(rng, form, current, end.year - birth)
        ongoing = stop > end
        files.employment(
            [
                emp,
                unit,
                iso(current),
                "" if ongoing else iso(stop),
                form,
                hours if form != "timavlönad" else "",
                extent if form != "timavlönad" else "",
                "" if ongoing else reason,
            ]
        )
        last_end = None if ongoing else stop
        if ongoing or reason == "pension" or reason == "dödsfall":
            break
        following = _next_job(rng, form, stop, unit, window.units)
        if following is None:
            break
        current, form, unit = following
    return last_end


def _job_end(rng: random.Random, form: str, current: dt.date, age: int) -> tuple[dt.date, str]:
    """When an employment begun on ``current`` ends, and why."""
    if form == "visstid":
        return current + dt.timedelta(days=rng.randint(30, 365)), "visstid upphör"
    if form == "timavlönad":
        return current + dt.timedelta(days=rng.randint(60, 900)), ""
    yearly = 0.03 + (0.25 if age >= 62 else 0.0) + (0.05 if age < 30 else 0.0)
    stay = int(rng.expovariate(yearly) * 365)
    stop = current + dt.timedelta(days=max(30, stay))
    reason = "pension" if age >= 62 and rng.random() < 0.8 else rng.choice(OTHER_REASONS)
    return stop, reason


def _next_job(
    rng: random.Random, form: str, stop: dt.date, unit: str, units: list[str]
) -> tuple[dt.date, str, str] | None:
    """The next employment after one that ended on ``stop`` (start, form, unit), or None."""
    follow = rng.random()
    if form == "visstid" and follow < 0.45:
        # renewed, or turned permanent, in the same unit the next day
        return stop + DAY, "tillsvidare" if rng.random() < 0.5 else "visstid", unit
    if form == "tillsvidare" and follow < 0.3:
        # an internal move: a new permanent job elsewhere within a few weeks
        unit = units[rng.randrange(len(units))]
        return stop + dt.timedelta(days=rng.randint(1, 45)), form, unit
    if follow < 0.4:
        # comes back after a while
        current = stop + dt.timedelta(days=rng.randint(60, 700))
        return current, rng.choice(("tillsvidare", "visstid", "timavlönad")), unit
    return None


def _second_job(rng: random.Random, files: _Files, window: _Window, emp: str) -> None:
    other = window.units[rng.randrange(len(window.units))]
    s2 = window.start + dt.timedelta(days=rng.randint(0, window.span))
    e2 = s2 + dt.timedelta(days=rng.randint(30, 600))
    split = rng.random() < 0.4
    files.employment(
        [
            emp,
            other,
            iso(s2),
            iso(e2) if e2 <= window.end else "",
            "tillsvidare" if split else "timavlönad",
            rng.choice(HOURS) if split else "",
            20.0 if split else "",
            "",
        ]
    )


def _sickness(
    rng: random.Random,
    files: _Files,
    window: _Window,
    emp: str,
    first_day: dt.date,
    last_day: dt.date,
) -> None:
    """Sick spells from ``first_day`` to ``last_day``: partly back, relapses, holidays."""
    end = window.end
    frailty = rng.random() ** 2 * 3.0
    when = first_day + dt.timedelta(days=int(rng.expovariate(max(frailty, 0.05)) * 120))
    while when <= last_day:
        length = _spell_length(rng)
        sick_extent = 100.0 if rng.random() < 0.85 else rng.choice((25.0, 50.0, 75.0))
        stop = min(end, when + dt.timedelta(days=length - 1))
        files.absence([emp, iso(when), iso(stop), sick_extent, "sjuk"])
        if length > 30 and rng.random() < 0.4:
            # partly back: a partial extent that follows without a gap
            more = min(end, stop + dt.timedelta(days=rng.randint(14, 60)))
            if more > stop:
                files.absence([emp, iso(stop + DAY), iso(more), rng.choice((25.0, 50.0)), "sjuk"])
                stop = more
        if stop >= end:
            break
        if rng.random() < 0.12:
            # relapse: inside (≤ 5 days) or just outside the 5-day rule
            again = stop + dt.timedelta(days=rng.randint(2, 9))
            if again > end:
                break
            until = min(end, again + dt.timedelta(days=rng.randint(0, 6)))
            files.absence([emp, iso(again), iso(until), 100.0, "sjuk"])
            stop = again
        if rng.random() < 0.3:
            _holiday(rng, files, emp, stop, end)
        gap = rng.expovariate(max(frailty, 0.05)) * 180
        when = stop + dt.timedelta(days=int(gap) + 2)


def _spell_length(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.72:
        return rng.randint(1, 7)
    if r < 0.9:
        return rng.randint(8, 30)
    if r < 0.98:
        return rng.randint(31, 120)
    return rng.randint(121, 400)


def _holiday(rng: random.Random, files: _Files, emp: str, stop: dt.date, end: dt.date) -> None:
    """A holiday some weeks after ``stop`` (not sickness), when it ends before ``end``."""
    holiday = stop + dt.timedelta(days=rng.randint(20, 120))
    if holiday + dt.timedelta(days=20) <= end:
        until = holiday + dt.timedelta(days=rng.randint(4, 20))
        files.absence([emp, iso(holiday), iso(until), 100.0, "semester"])
