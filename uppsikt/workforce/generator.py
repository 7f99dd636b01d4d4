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
    span = (end - start).days
    counts = {"employees": 0, "employments": 0, "absences": 0}
    units = list(unit_codes)
    job_no = 0
    day = dt.timedelta(days=1)
    iso = dt.date.isoformat
    with (
        (out / "employees.csv").open("w", newline="", encoding="utf-8") as fe,
        (out / "employments.csv").open("w", newline="", encoding="utf-8") as fj,
        (out / "absences.csv").open("w", newline="", encoding="utf-8") as fa,
    ):
        we, wj, wa = csv_writer(fe), csv_writer(fj), csv_writer(fa)
        we.writerow(COLUMNS["employees"])
        wj.writerow(COLUMNS["employments"])
        wa.writerow(COLUMNS["absences"])
        for n in range(employees):
            emp = f"P{n + 1:07d}"
            roll = rng.random()
            gender = "K" if roll < 0.7 else "M" if roll < 0.99 else ""
            birth = end.year - rng.randint(19, 67) + rng.randint(0, years)
            we.writerow([emp, gender, birth])
            counts["employees"] += 1
            unit = units[rng.randrange(len(units))]
            # employment history from before the data window up to the end
            first = (
                start - dt.timedelta(days=rng.randint(0, 3650))
                if rng.random() < 0.75
                else (start + dt.timedelta(days=rng.randint(0, span)))
            )
            kind_roll = rng.random()
            form = (
                "tillsvidare"
                if kind_roll < 0.78
                else "visstid"
                if kind_roll < 0.92
                else "timavlönad"
            )
            hours = rng.choice(HOURS)
            extent = 100.0 if rng.random() < 0.68 else rng.choice(PART_EXTENTS)
            current = first
            jobs_of_person: list[tuple[dt.date, dt.date | None]] = []
            while current <= end:
                if form == "visstid":
                    stop = current + dt.timedelta(days=rng.randint(30, 365))
                    reason = "visstid upphör"
                elif form == "timavlönad":
                    stop = current + dt.timedelta(days=rng.randint(60, 900))
                    reason = ""
                else:
                    age = end.year - birth
                    yearly = 0.03 + (0.25 if age >= 62 else 0.0) + (0.05 if age < 30 else 0.0)
                    stay = int(rng.expovariate(yearly) * 365)
                    stop = current + dt.timedelta(days=max(30, stay))
                    reason = (
                        "pension" if age >= 62 and rng.random() < 0.8 else rng.choice(OTHER_REASONS)
                    )
                ongoing = stop > end
                job_no += 1
                wj.writerow(
                    [
                        f"J{job_no:08d}",
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
                counts["employments"] += 1
                jobs_of_person.append((current, None if ongoing else stop))
                if ongoing or reason == "pension" or reason == "dödsfall":
                    break
                follow = rng.random()
                if form == "visstid" and follow < 0.45:
                    # renewed, or turned permanent, in the same unit the next day
                    current = stop + day
                    form = "tillsvidare" if rng.random() < 0.5 else "visstid"
                elif form == "tillsvidare" and follow < 0.3:
                    # an internal move: a new permanent job elsewhere within a few weeks
                    unit = units[rng.randrange(len(units))]
                    current = stop + dt.timedelta(days=rng.randint(1, 45))
                elif follow < 0.4:
                    # comes back after a while
                    current = stop + dt.timedelta(days=rng.randint(60, 700))
                    form = rng.choice(("tillsvidare", "visstid", "timavlönad"))
                else:
                    break
            # a concurrent second job now and then (hourly extra shifts, or a split position)
            if rng.random() < 0.06:
                other = units[rng.randrange(len(units))]
                s2 = start + dt.timedelta(days=rng.randint(0, span))
                e2 = s2 + dt.timedelta(days=rng.randint(30, 600))
                split = rng.random() < 0.4
                job_no += 1
                wj.writerow(
                    [
                        f"J{job_no:08d}",
                        emp,
                        other,
                        iso(s2),
                        iso(e2) if e2 <= end else "",
                        "tillsvidare" if split else "timavlönad",
                        rng.choice(HOURS) if split else "",
                        20.0 if split else "",
                        "",
                    ]
                )
                counts["employments"] += 1
            # sickness: spells through the whole history, some crossing the window start
            first_day = max(first, start - dt.timedelta(days=200))
            last_day = end
            if jobs_of_person[-1][1] is not None:
                last_day = min(end, jobs_of_person[-1][1] + dt.timedelta(days=30))
            frailty = rng.random() ** 2 * 3.0
            when = first_day + dt.timedelta(days=int(rng.expovariate(max(frailty, 0.05)) * 120))
            while when <= last_day:
                r = rng.random()
                length = (
                    rng.randint(1, 7)
                    if r < 0.72
                    else rng.randint(8, 30)
                    if r < 0.9
                    else rng.randint(31, 120)
                    if r < 0.98
                    else rng.randint(121, 400)
                )
                sick_extent = 100.0 if rng.random() < 0.85 else rng.choice((25.0, 50.0, 75.0))
                stop = min(end, when + dt.timedelta(days=length - 1))
                wa.writerow([emp, iso(when), iso(stop), sick_extent, "sjuk"])
                counts["absences"] += 1
                if length > 30 and rng.random() < 0.4:
                    # partly back: a partial extent that follows without a gap
                    more = min(end, stop + dt.timedelta(days=rng.randint(14, 60)))
                    if more > stop:
                        wa.writerow(
                            [emp, iso(stop + day), iso(more), rng.choice((25.0, 50.0)), "sjuk"]
                        )
                        counts["absences"] += 1
                        stop = more
                if stop >= end:
                    break
                if rng.random() < 0.12:
                    # relapse: inside (≤ 5 days) or just outside the 5-day rule
                    again = stop + dt.timedelta(days=rng.randint(2, 9))
                    if again > end:
                        break
                    until = min(end, again + dt.timedelta(days=rng.randint(0, 6)))
                    wa.writerow([emp, iso(again), iso(until), 100.0, "sjuk"])
                    counts["absences"] += 1
                    stop = again
                if rng.random() < 0.3:
                    holiday = stop + dt.timedelta(days=rng.randint(20, 120))
                    if holiday + dt.timedelta(days=20) <= end:
                        until = holiday + dt.timedelta(days=rng.randint(4, 20))
                        wa.writerow([emp, iso(holiday), iso(until), 100.0, "semester"])
                        counts["absences"] += 1
                gap = rng.expovariate(max(frailty, 0.05)) * 180
                when = stop + dt.timedelta(days=int(gap) + 2)
    return counts
