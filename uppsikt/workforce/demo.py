"""Demo step: an invented HR extract for the demo region, imported and computed.

Built so that the reference documents' figures come out, to the decimals they show:

* Regionkontoret, personalomsättning R12 to 2024-04-30 (003): 11,05 % = pension 1,66 +
  interna 2,58 + externa 6,82; women 11,1 %, men 10,99 %.
* Regionservice, R12 to 2025-08-31 (002): sjukfrånvaro 7,1 % (dag 1–14 3,4, dag 15–90 1,88,
  dag 91+ 1,82); women 7,75 %, men 5,59 %; part time 11,3 %, full time 6,6 %; age 60–69
  9,76 %; personalomsättning 9,54 % = extern 5,55 + intern 1,39 + pension 2,6.
* Regionservice, the same figures a year earlier, R12 to 2024-08-31 (in parentheses in 002):
  sjukfrånvaro 7,57 % (dag 1–14 3,8, dag 15–90 1,58, dag 91+ 2,19); personalomsättning 8,68 %
  = extern 4,78 + intern 2,12 + pension 1,77. Same people, employments and absences: the year
  before adds the 49 who left during it and the 126 of today's staff hired during it, and its
  sick records (see ``_regionservice_year_before``).

How: the headcounts and departures are chosen so that the ratios round to those figures (an
average of 6 513 / 12 permanent staff with 9 + 14 + 37 departures at Regionkontoret; 6 918 / 12
with 15 + 8 + 32 at Regionservice); the sick hours of each group of Regionservice staff
(gender × full/part time × aged 60–69 or not) are solved from the group shares and then laid out
as spells: long spells that began before the window (all their window days are day 91+),
medium spells (14 days, then days 15–90) and short spells. The year before is laid out the same
way after what this year's spells already put in it. Every person is invented.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from fractions import Fraction
from pathlib import Path

from uppsikt.core.permissions import SYSTEM
from uppsikt.core.spreadsheets import csv_writer

from . import services
from .import_tables import sources_from_dir
from .schema import COLUMNS, FILES

D = dt.date
DAY = dt.timedelta(days=1)
COVERS_UNTIL = D(2025, 9, 30)
RATE_FULL = 5.0  # 35 h a week at 100 %: 5 hours a day
RATE_PART = 3.75  # 35 h a week at 75 %
RATE_FULL_F, RATE_PART_F = Fraction(5), Fraction(15, 4)
PREVIOUS_START, PREVIOUS_END = D(2023, 9, 1), D(2024, 8, 31)  # 002's values in parentheses


class _Writer:
    def __init__(self):
        self.employees: list[list] = []
        self.employments: list[list] = []
        self.absences: list[list] = []
        self.job_no = 0

    def person(self, emp: str, gender: str, birth: int) -> None:
        self.employees.append([emp, gender, birth])

    def job(self, emp, unit, start, end=None, form="tillsvidare", extent=100.0, reason=""):
        self.job_no += 1
        self.employments.append(
            [
                f"D{self.job_no:06d}",
                emp,
                unit,
                start.isoformat(),
                end.isoformat() if end else "",
                form,
                "" if form == "timavlönad" else 35,
                "" if form == "timavlönad" else extent,
                reason if end else "",
            ]
        )

    def restart(self, emp, start) -> None:
        """Move the start of ``emp``'s (only) employment, e.g. to make a stable person a hire."""
        [row] = [row for row in self.employments if row[1] == emp]
        row[3] = start.isoformat()

    def sick(self, emp, start, end, extent=100.0, kind="sjuk") -> None:
        self.absences.append([emp, start.isoformat(), end.isoformat(), round(extent, 9), kind])

    def write(self, directory: Path) -> None:
        rows_of = {
            "employees": self.employees,
            "employments": self.employments,
            "absences": self.absences,
        }
        for name in FILES:
            header, rows = COLUMNS[name], rows_of[name]
            with (directory / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
                writer = csv_writer(f)
                writer.writerow(header)
                writer.writerows(rows)


def _month_ends(first: D) -> list[D]:
    out = []
    year, month = first.year, first.month
    for _ in range(12):
        following = D(year + (month == 12), month % 12 + 1, 1)
        out.append(following - DAY)
        year, month = following.year, following.month
    return out


def _leavers(
    w: _Writer,
    *,
    prefix: str,
    units: list[str],
    window_start: D,
    kinds: list[tuple[str, str]],  # (gender, kind)
    internal_to: str,
    rng: random.Random,
) -> None:
    """Leaver j leaves on the 15th of window month j % 12: present on j % 12 month ends."""
    ends = _month_ends(window_start)
    for j, (gender, kind) in enumerate(kinds):
        emp = f"{prefix}L{j:03d}"
        month_end = ends[j % 12]
        end = D(month_end.year, month_end.month, 15)
        birth = window_start.year - (
            rng.randint(63, 66) if kind == "retirement" else rng.randint(24, 58)
        )
        w.person(emp, gender, birth)
        unit = units[j % len(units)]
        reason = "pension" if kind == "retirement" else "egen begäran"
        w.job(emp, unit, D(2012, 3, 1), end, reason=reason)
        if kind == "internal":
            w.job(emp, internal_to, end + dt.timedelta(days=5))


def _regionkontoret(w: _Writer, units: list[str], rng: random.Random) -> None:
    # Window 2023-05-01 … 2024-04-30. Month ends: K 3 237, M 3 276 (6 513 in all, 542,75 on
    # average); departures: K 30 (5 pension, 7 internal, 18 external), M 30 (4, 7, 19).
    kinds = (
        [("K", "retirement")] * 5
        + [("K", "internal")] * 7
        + [("K", "external")] * 18
        + [("M", "retirement")] * 4
        + [("M", "internal")] * 7
        + [("M", "external")] * 19
    )
    # interleave so that each gender's leavers spread over the months
    kinds = kinds[0::2] + kinds[1::2]
    _leavers(
        w,
        prefix="RK",
        units=units,
        window_start=D(2023, 5, 1),
        kinds=kinds,
        internal_to="KOS-KUL",
        rng=rng,
    )
    # Leavers' month ends per gender, then stable staff and one joiner per gender to reach
    # K 3 237 and M 3 276.
    present = {"K": 0, "M": 0}
    for j, (gender, _kind) in enumerate(kinds):
        present[gender] += j % 12
    for gender, target in (("K", 3237), ("M", 3276)):
        stable, joiner = divmod(target - present[gender], 12)
        for n in range(stable):
            emp = f"RK{gender}{n:03d}"
            w.person(emp, gender, 2023 - rng.randint(23, 61))
            w.job(emp, units[n % len(units)], D(2010 + n % 12, 1 + n % 12, 1))
            if rng.random() < 0.5:
                start = D(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 950))
                w.sick(emp, start, start + dt.timedelta(days=rng.choice([0, 1, 2, 4, 6, 9])))
        if joiner:
            emp = f"RK{gender}J"
            w.person(emp, gender, 1990)
            # present on the last ``joiner`` month ends of the window
            ends = _month_ends(D(2023, 5, 1))
            w.job(emp, units[0], ends[12 - joiner] - dt.timedelta(days=10))
    # Some hourly paid staff (no ordinary hours, never in the headcount).
    for n in range(12):
        emp = f"RKT{n:02d}"
        w.person(emp, "K" if n % 2 else "M", 1998)
        w.job(emp, units[n % len(units)], D(2022, 6, 1), form="timavlönad")


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    n = len(rhs)
    a = [row[:] + [rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = next(r for r in range(col, n) if a[r][col] != 0)
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] for i in range(n)]


def _regionservice(w: _Writer, units: list[str], rng: random.Random) -> None:
    # Window 2024-09-01 … 2025-08-31 (365 days). Turnover: 6 918 month ends (576,5 on average);
    # 15 pension, 8 internal, 32 external departures.
    window_start, window_end = D(2024, 9, 1), D(2025, 8, 31)
    kinds = [("M", "retirement"), ("K", "retirement")] * 7 + [("K", "retirement")]
    kinds += [("K", "internal"), ("M", "internal")] * 4
    kinds += [("K", "external"), ("K", "external"), ("M", "external")] * 10 + [
        ("K", "external")
    ] * 2
    _leavers(
        w,
        prefix="RS",
        units=units,
        window_start=window_start,
        kinds=kinds,
        internal_to="HS-MED",
        rng=rng,
    )
    leaver_months = sum(j % 12 for j in range(len(kinds)))
    stable, joiner_months = divmod(6918 - leaver_months, 12)

    # Stable staff: who is who.
    people = []  # (emp, gender, part_time, old)
    for n in range(stable):
        gender = "K" if n % 10 < 7 else "M"
        part = n % 7 == 3
        old = n % 6 == 1
        emp = f"RS{n:04d}"
        birth = 2025 - (
            rng.randint(60, 69) if old else rng.choice([rng.randint(22, 29), rng.randint(30, 59)])
        )
        w.person(emp, gender, birth)
        w.job(emp, units[n % len(units)], D(2012, 1, 1), extent=75.0 if part else 100.0)
        people.append((emp, gender, part, old))
    if joiner_months:
        ends = _month_ends(window_start)
        w.person("RSJ", "M", 1995)
        w.job("RSJ", units[0], ends[12 - joiner_months] - dt.timedelta(days=10))

    # Ordinary hours of every group in the window, leavers and the joiner included.
    def days(start: D, end: D | None) -> int:
        end = min(end or window_end, window_end)
        return max(0, (end - max(start, window_start)).days + 1)

    genders = {row[0]: row[1] for row in w.employees}
    births = {row[0]: row[2] for row in w.employees}
    hours: dict[tuple[str, bool, bool], Fraction] = {}
    for _id, emp, unit, start, end, form, _h, extent, _r in w.employments:
        if not emp.startswith("RS") or not unit.startswith("RSE") or form == "timavlönad":
            continue
        cell = (genders[emp], float(extent) < 100, 60 <= 2025 - births[emp] <= 69)
        rate = Fraction(35) * Fraction(str(extent)) / 100 / 7
        ordinary = rate * days(D.fromisoformat(start), D.fromisoformat(end) if end else None)
        hours[cell] = hours.get(cell, Fraction(0)) + ordinary

    def total(pred) -> Fraction:
        return sum((h for c, h in hours.items() if pred(c)), Fraction(0))

    # Sick rate of a cell = t + a·[K] + b·[part time] + c·[60–69]; four targets fix it.
    targets = [
        (lambda c: c[0] == "K", Fraction("7.75")),
        (lambda c: c[0] == "M", Fraction("5.59")),
        (lambda c: c[1], Fraction("11.3")),
        (lambda c: c[2], Fraction("9.76")),
    ]

    def features(c) -> list[Fraction]:
        return [Fraction(1), Fraction(c[0] == "K"), Fraction(c[1]), Fraction(c[2])]

    matrix, rhs = [], []
    for pred, pct in targets:
        group = total(pred)
        matrix.append(
            [
                sum((h * features(c)[k] for c, h in hours.items() if pred(c)), Fraction(0))
                for k in range(4)
            ]
        )
        rhs.append(pct / 100 * group)
    coef = _solve(matrix, rhs)
    sick_of = {
        c: h * sum(x * y for x, y in zip(coef, features(c), strict=True)) for c, h in hours.items()
    }
    all_sick = sum(sick_of.values(), Fraction(0))
    all_hours = sum(hours.values(), Fraction(0))
    share_3 = Fraction("1.82") / 100 * all_hours / all_sick
    share_2 = Fraction("1.88") / 100 * all_hours / all_sick

    # Lay the hours out as spells, cell by cell, on that cell's stable staff.
    long_now: list[str] = []
    for cell, sick in sick_of.items():
        staff = [p for p in people if (p[1], p[2], p[3]) == cell]
        rate = RATE_PART if cell[1] else RATE_FULL
        long_now += _spells(
            w,
            staff=[p[0] for p in staff],
            rate=rate,
            long_hours=float(sick * share_3),
            medium_hours=float(sick * share_2),
            short_hours=float(sick * (1 - share_2 - share_3)),
            window_start=window_start,
            rng=rng,
        )
    _regionservice_year_before(w, units, people, long_now)


def _ordinary_hours(w: _Writer, *, unit_prefix: str, start: D, end: D) -> Fraction:
    """Ordinary hours of the employments in the units ``unit_prefix…`` from start to end."""
    total = Fraction(0)
    for _id, _emp, unit, first, last, form, hours, extent, _r in w.employments:
        if not unit.startswith(unit_prefix) or form == "timavlönad":
            continue
        first_day = max(D.fromisoformat(first), start)
        last_day = min(D.fromisoformat(last), end) if last else end
        days = max(0, (last_day - first_day).days + 1)
        total += Fraction(hours) * Fraction(str(extent)) / 100 / 7 * days
    return total


def _regionservice_year_before(
    w: _Writer, units: list[str], people: list[tuple[str, str, bool, bool]], long_now: list[str]
) -> None:
    """The year before, R12 to 2024-08-31: the figures in parentheses in 002.

    Turnover 8,68 % = 49 departures (27 external, 12 internal, 10 pension) / (6 777 / 12)
    permanent staff on average: the staff above, less the month ends before 126 of them were
    hired during that year, plus the 49 who left. Sickness 7,57 % = dag 1–14 3,8 + dag 15–90 1,58 + dag 91+ 2,19: besides the
    first 100 days of this year's long spells (they began on 2024-05-24), long spells that began
    on 2023-05-24, medium spells (14 days, then days 15–90) and short spells, all ended by
    2024-08-20 so that none runs on into the spells above.
    """
    start, end = PREVIOUS_START, PREVIOUS_END
    rng = random.Random(2024)  # noqa: S311 - invented demo data
    kinds = [("K", "retirement"), ("M", "retirement")] * 5
    kinds += [("K", "internal"), ("M", "internal")] * 6
    kinds += [("K", "external"), ("M", "external"), ("K", "external")] * 9
    _leavers(
        w,
        prefix="RSA",
        units=units,
        window_start=start,
        kinds=kinds,
        internal_to="HS-MED",
        rng=rng,
    )
    # 607 people on every month end (the 552 stable staff and this year's 55 leavers), plus
    # the leavers' 264 month ends (leaver j is there on j % 12), less 771 = 11 × (1 + … + 11)
    # + 11 + 10 + 9 + 8 + 7 month ends of the 126 hired during the year: 6 777.
    firsts = [end_ + DAY for end_ in _month_ends(start)]  # 2023-10-01 … 2024-09-01
    missed = list(range(1, 12)) * 11 + [11, 10, 9, 8, 7]
    candidates = [p for p in people if p[0] not in long_now]
    hired = [p[0] for p in candidates[1::4][: len(missed)]]
    for emp, months in zip(hired, missed, strict=True):
        w.restart(emp, firsts[months - 1])  # there from the month end ``months`` on

    # Sick hours by day range: the targets less what this year's long spells already give
    # (their days 1–14, 15–90 and 91–100 fall in 2024-05-24 … 2024-08-31).
    ordinary = _ordinary_hours(w, unit_prefix="RSE", start=start, end=end)
    rate_of = {p[0]: RATE_PART_F if p[2] else RATE_FULL_F for p in people}
    need_1 = Fraction("3.80") / 100 * ordinary
    need_2 = Fraction("1.58") / 100 * ordinary
    need_3 = Fraction("2.19") / 100 * ordinary
    for emp in long_now:
        need_1 -= 14 * rate_of[emp]
        need_2 -= 76 * rate_of[emp]
        need_3 -= 10 * rate_of[emp]
    pool = [p[0] for p in candidates if p[0] not in hired]
    rng.shuffle(pool)
    queue = iter(pool)

    def lay(emp: str, first: D, hours: Fraction, most_days: int) -> tuple[Fraction, D]:
        """Sick from ``first`` for at most ``most_days`` days (the last one partly) or until
        ``hours`` are used; returns the hours laid and the day after."""
        rate = rate_of[emp]
        days = min(most_days, int(hours // rate))
        if days:
            w.sick(emp, first, first + dt.timedelta(days=days - 1))
        laid = days * rate
        day = first + dt.timedelta(days=days)
        if days < most_days and hours - laid > 0:
            w.sick(emp, day, day, extent=float((hours - laid) / rate * 100))
            laid, day = hours, day + DAY
        return laid, day

    # Long: from 2023-05-24, so every window day is day 101 or later; at most 240 window days.
    long_begin = start - dt.timedelta(days=100)
    while need_3 > 0:
        emp = next(queue)
        w.sick(emp, long_begin, start - DAY)
        laid, _day = lay(emp, start, need_3, 240)
        need_3 -= laid
    # Medium: 14 days (days 1–14), then up to 76 days (days 15–90).
    index = 0
    while need_2 > 0:
        emp = next(queue)
        first = start + dt.timedelta(days=10 + 37 * (index % 7))
        index += 1
        laid, day = lay(emp, first, 14 * rate_of[emp], 14)
        need_1 -= laid
        laid, _day = lay(emp, day, need_2, 76)
        need_2 -= laid
    # Short spells of 1–7 days, at least 12 days apart, round the others until 2024-08-20.
    rest = list(queue)
    position = {emp: start + dt.timedelta(days=rng.randint(0, 30)) for emp in rest}
    last_day = D(2024, 8, 20)
    index = skipped = 0
    while need_1 > 0:
        emp = rest[index % len(rest)]
        index += 1
        length = rng.choice([1, 1, 2, 3, 3, 4, 5, 7])
        if position[emp] + dt.timedelta(days=length - 1) > last_day:
            skipped += 1
            if skipped > 10 * len(rest):
                raise RuntimeError("the short spells do not fit before 2024-08-20")
            continue
        skipped = 0
        laid, day = lay(emp, position[emp], need_1, length)
        need_1 -= laid
        position[emp] = day + dt.timedelta(days=12 + rng.randint(0, 20))


def _spells(
    w: _Writer,
    *,
    staff: list[str],
    rate: float,
    long_hours: float,
    medium_hours: float,
    short_hours: float,
    window_start: D,
    rng: random.Random,
) -> list[str]:
    """Sick records giving exactly these hours in each day range in the window. Returns the
    people with a long spell (it began 100 days before the window)."""
    queue = list(staff)
    rng.shuffle(queue)

    used: set[str] = set()

    def take() -> str:
        emp = next(e for e in queue if e not in used)
        used.add(emp)
        return emp

    remaining = long_hours
    long_people = []
    # Long: began 100 days before the window; every window day is day 101 or later.
    while remaining > 1e-9:
        emp = take()
        long_people.append(emp)
        start = window_start - dt.timedelta(days=100)
        full_days = min(240, int(remaining // rate))
        part = remaining - full_days * rate if full_days < 240 else 0.0
        last = window_start + dt.timedelta(days=full_days - 1)
        w.sick(emp, start, last)
        remaining -= full_days * rate
        if part > 1e-9:
            w.sick(emp, last + DAY, last + DAY, extent=part / rate * 100)
            remaining -= part
    # Medium: 14 days (days 1–14), then up to 60 days in days 15–90; two per person.
    short_left = short_hours
    remaining = medium_hours
    while remaining > 1e-9:
        emp = take()
        day = window_start + dt.timedelta(days=9)
        for _ in range(2):
            if remaining <= 1e-9:
                break
            w.sick(emp, day, day + dt.timedelta(days=13))
            short_left -= 14 * rate
            day += dt.timedelta(days=14)
            full_days = min(60, int(remaining // rate))
            part = remaining - full_days * rate if full_days < 60 else 0.0
            if full_days:
                w.sick(emp, day, day + dt.timedelta(days=full_days - 1))
                day += dt.timedelta(days=full_days)
                remaining -= full_days * rate
            if part > 1e-9:
                w.sick(emp, day, day, extent=part / rate * 100)
                day += DAY
                remaining -= part
            day += dt.timedelta(days=20)
    # Short spells of 1–7 days, 12 days apart, spread over the others (and again if needed).
    rest = [p for p in queue if p not in used] or queue
    position = {emp: window_start + dt.timedelta(days=rng.randint(5, 40)) for emp in rest}
    index = 0
    guard = 0
    while short_left > 1e-9 and guard < 100_000:
        guard += 1
        emp = rest[index % len(rest)]
        index += 1
        day = position[emp]
        if day > window_start + dt.timedelta(days=340):
            continue
        length = rng.choice([1, 1, 2, 3, 3, 4, 5, 7])
        full_days = min(length, int(short_left // rate))
        if full_days:
            w.sick(emp, day, day + dt.timedelta(days=full_days - 1))
            short_left -= full_days * rate
        else:
            w.sick(emp, day, day, extent=short_left / rate * 100)
            short_left = 0.0
        position[emp] = day + dt.timedelta(days=length + 12)
    return long_people


def _others(w: _Writer, units: list[str], rng: random.Random) -> None:
    """A few staff in the other administrations, so their pages have something to show."""
    for index, unit in enumerate(units):
        for n in range(14):
            emp = f"OT{index:02d}{n:02d}"
            w.person(emp, "K" if n % 3 else "M", 2024 - rng.randint(22, 64))
            w.job(emp, unit, D(2015, 1, 1), extent=100.0 if n % 4 else 80.0)
            start = D(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 960))
            w.sick(emp, start, start + dt.timedelta(days=rng.choice([0, 2, 4, 20, 70])))


def build(units: list[str]) -> _Writer:
    rng = random.Random(7)  # noqa: S311 - invented demo data
    w = _Writer()
    rk = [c for c in units if c == "RK" or c.startswith("RK-")]
    rse = [c for c in units if c == "RSE" or c.startswith("RSE-")]
    rk_leaf = [c for c in rk if not any(o.startswith(c + "-") for o in rk)]
    rse_leaf = [c for c in rse if not any(o.startswith(c + "-") for o in rse)]
    _regionkontoret(w, rk_leaf, rng)
    _regionservice(w, rse_leaf, rng)
    others = [
        c
        for c in ("KOS-KUL", "KOS-NAT", "KTR-PLAN", "HS-MED", "HS-AKUT", "NSV-VC", "PSY-VUX")
        if c in units
    ]
    _others(w, others, rng)
    return w


def load(*, context) -> None:
    organisation = context.organisation
    units = list(context.objects["units"])
    writer = build(units)
    with tempfile.TemporaryDirectory() as tmp:
        writer.write(Path(tmp))
        sources, errors = sources_from_dir(Path(tmp))
        assert not errors, errors
        result = services.hr_extract_import(
            actor=SYSTEM, organisation=organisation, sources=sources, covers_until=COVERS_UNTIL
        )
    services.staff_figures_recompute(actor=SYSTEM, organisation=organisation)
    context.objects["hr_extract"] = result.extract
