"""The columnar computation agrees with the day-by-day reference on small random extracts.

The reference (``workforce.reference``) walks every employee and day, straight from the
definitions; the extracts mix overlapping and adjacent sick records, relapses, concurrent and
hourly employments, internal moves and spells that cross the window start.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from uppsikt.workforce import compute
from uppsikt.workforce.hrdata import Period, hr_data_from_rows
from uppsikt.workforce.reference import reference_compute

UNITS = [("A", None), ("A1", "A"), ("A2", "A"), ("A21", "A2"), ("B", None)]
LEAVES = ["A", "A1", "A2", "A21", "B"]


def random_extract(rng: random.Random, people: int):
    base = dt.date(2023, 1, 1)
    employees, jobs, absences = [], [], []
    n = 0
    for i in range(people):
        emp = f"E{i}"
        employees.append(
            {
                "employee_id": emp,
                "gender": rng.choice(["K", "M", "K", None]),
                "birth_year": rng.choice([None, *range(1950, 2004)]),
            }
        )
        start = base + dt.timedelta(days=rng.randint(-200, 600))
        for _k in range(rng.randint(1, 3)):
            n += 1
            end = None if rng.random() < 0.35 else start + dt.timedelta(days=rng.randint(0, 400))
            jobs.append(
                {
                    "employment_id": f"J{n}",
                    "employee_id": emp,
                    "unit_code": rng.choice(LEAVES),
                    "start_date": start,
                    "end_date": end,
                    "form": rng.choice(["tillsvidare", "tillsvidare", "visstid", "timavlönad"]),
                    "weekly_hours": rng.choice([40.0, 38.25, 37.0]),
                    "extent": rng.choice([100.0, 80.0, 50.0, 100.0, 0.0]),
                    "end_reason": rng.choice([None, "pension", "annat"]),
                }
            )
            # the next employment: concurrent, right after, or after a gap (internal moves)
            if end is None:
                start = start + dt.timedelta(days=rng.randint(0, 300))
            else:
                start = end + dt.timedelta(days=rng.choice([-30, 1, 10, 29, 30, 31, 60]))
        day = base + dt.timedelta(days=rng.randint(-100, 200))
        for _k in range(rng.randint(0, 7)):
            length = rng.choice([1, 2, 5, 14, 20, 59, 60, 95])
            absences.append(
                {
                    "employee_id": emp,
                    "start_date": day,
                    "end_date": day + dt.timedelta(days=length - 1),
                    "extent": rng.choice([100.0, 100.0, 50.0, 25.0, 0.0, 120.0]),
                    "kind": rng.choice(["sjuk", "sjuk", "sjuk", "semester"]),
                }
            )
            day = day + dt.timedelta(days=rng.choice([-3, 0, 1, 2, 5, 6, 7, 40, 120]) + length)
    return hr_data_from_rows(
        employees=employees,
        employments=jobs,
        absences=absences,
        covers_until=dt.date(2024, 6, 15),
    )


def assert_same(a, b, path="") -> None:
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, float) or isinstance(b, float):
        assert a is not None and b is not None, (path, a, b)
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (path, a, b)
    else:
        assert a == b, (path, a, b)


@pytest.mark.parametrize("threshold", [0, 3, 10])
@pytest.mark.parametrize("seed", range(8))
def test_columnar_computation_matches_the_day_by_day_reference(seed, threshold, monkeypatch):
    monkeypatch.setattr(compute, "SUPPRESS_AT_MOST", threshold)
    rng = random.Random(seed * 31 + threshold)
    data = random_extract(rng, people=rng.choice([12, 25, 40]))
    periods = [Period(2023, 12), Period(2024, 5), Period(2024, 6)]
    scopes = ["A", "A1", "A2", "A21", "B"]
    results = compute.compute(data, units=UNITS, scopes=scopes, periods=periods)
    assert len(results) == len(scopes) * len(periods)
    for result in results:
        expected = reference_compute(data, units=UNITS, scope=result.unit, period=result.period)
        assert_same(result.figures, expected, f"{result.unit} {result.period}")
