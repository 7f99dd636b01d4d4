"""Regionservice's staff and sickness: the figures of reference 002, this year and, in
parentheses, the year before (see the package's description)."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from .extract import DAY, D, Writer, leavers, month_ends

RATE_FULL = 5.0  # 35 h a week at 100 %: 5 hours a day
RATE_PART = 3.75  # 35 h a week at 75 %
RATE_FULL_F, RATE_PART_F = Fraction(5), Fraction(15, 4)
PREVIOUS_START, PREVIOUS_END = D(2023, 9, 1), D(2024, 8, 31)  # 002's values in parentheses


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


def regionservice(w: Writer, units: list[str], rng: random.Random) -> None:
    # Window 2024-09-01 … 2025-08-31 (365 days). Turnover: 6 918 month ends (576,5 on average);
    # 15 pension, 8 internal, 32 external departures.
    window_start, window_end = D(2024, 9, 1), D(2025, 8, 31)
    kinds = [("M", "retirement"), ("K", "retirement")] * 7 + [("K", "retirement")]
    kinds += [("K", "internal"), ("M", "internal")] * 4
    kinds += [("K", "external"), ("K", "external"), ("M", "external")] * 10 + [
        ("K", "external")
    ] * 2
    leavers(
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
    people = _regionservice_staff(w, units, stable, rng)
    if joiner_months:
        ends = month_ends(window_start)
        w.person("RSJ", "M", 1995)
        w.job("RSJ", units[0], ends[12 - joiner_months] - dt.timedelta(days=10))

    hours = _regionservice_hours(w, window_start, window_end)
    sick_of = _sick_hours_of(hours)
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


def _regionservice_staff(
    w: Writer, units: list[str], stable: int, rng: random.Random
) -> list[tuple[str, str, bool, bool]]:
    """The stable staff: who is who (emp, gender, part time, aged 60–69)."""
    people = []
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
    return people


def _regionservice_hours(
    w: Writer, window_start: D, window_end: D
) -> dict[tuple[str, bool, bool], Fraction]:
    """Ordinary hours of every group (gender, part time, aged 60–69) in the window, leavers and
    the joiner included."""

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
    return hours


def _sick_hours_of(
    hours: dict[tuple[str, bool, bool], Fraction],
) -> dict[tuple[str, bool, bool], Fraction]:
    """Each group's sick hours. Sick rate of a group = t + a·[K] + b·[part time] + c·[60–69];
    four targets fix it."""

    def total(pred) -> Fraction:
        return sum((h for c, h in hours.items() if pred(c)), Fraction(0))

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
    return {
        c: h * sum(x * y for x, y in zip(coef, features(c), strict=True)) for c, h in hours.items()
    }


def _ordinary_hours(w: Writer, *, unit_prefix: str, start: D, end: D) -> Fraction:
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
    w: Writer, units: list[str], people: list[tuple[str, str, bool, bool]], long_now: list[str]
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
    leavers(
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
    firsts = [end_ + DAY for end_ in month_ends(start)]  # 2023-10-01 … 2024-09-01
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
    layer = _Layer(w, rate_of)
    _previous_long(layer, queue, start, need_3)
    need_1 = _previous_medium(layer, queue, start, need_1, need_2)
    _previous_short(layer, list(queue), start, need_1, rng)


class _Layer:
    """Lays sick hours as days on a person at that person's hours a day."""

    def __init__(self, w: Writer, rate_of: dict[str, Fraction]):
        self.w, self.rate_of = w, rate_of

    def lay(self, emp: str, first: D, hours: Fraction, most_days: int) -> tuple[Fraction, D]:
        """Sick from ``first`` for at most ``most_days`` days (the last one partly) or until
        ``hours`` are used; returns the hours laid and the day after."""
        rate = self.rate_of[emp]
        days = min(most_days, int(hours // rate))
        if days:
            self.w.sick(emp, first, first + dt.timedelta(days=days - 1))
        laid = days * rate
        day = first + dt.timedelta(days=days)
        if days < most_days and hours - laid > 0:
            self.w.sick(emp, day, day, extent=float((hours - laid) / rate * 100))
            laid, day = hours, day + DAY
        return laid, day


def _previous_long(layer: _Layer, queue, start: D, need_3: Fraction) -> None:
    """Long: from 2023-05-24, so every window day is day 101 or later; at most 240 window
    days."""
    long_begin = start - dt.timedelta(days=100)
    while need_3 > 0:
        emp = next(queue)
        layer.w.sick(emp, long_begin, start - DAY)
        laid, _day = layer.lay(emp, start, need_3, 240)
        need_3 -= laid


def _previous_medium(
    layer: _Layer, queue, start: D, need_1: Fraction, need_2: Fraction
) -> Fraction:
    """Medium: 14 days (days 1–14), then up to 76 days (days 15–90). Returns the short hours
    still needed."""
    index = 0
    while need_2 > 0:
        emp = next(queue)
        first = start + dt.timedelta(days=10 + 37 * (index % 7))
        index += 1
        laid, day = layer.lay(emp, first, 14 * layer.rate_of[emp], 14)
        need_1 -= laid
        laid, _day = layer.lay(emp, day, need_2, 76)
        need_2 -= laid
    return need_1


def _previous_short(
    layer: _Layer, rest: list[str], start: D, need_1: Fraction, rng: random.Random
) -> None:
    """Short spells of 1–7 days, at least 12 days apart, round the others until 2024-08-20."""
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
        laid, day = layer.lay(emp, position[emp], need_1, length)
        need_1 -= laid
        position[emp] = day + dt.timedelta(days=12 + rng.randint(0, 20))


def _spells(
    w: Writer,
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
    queue = _Queue(staff, rng)
    long_people = _long_spells(w, queue, rate, long_hours, window_start)
    short_left = _medium_spells(w, queue, rate, medium_hours, short_hours, window_start)
    # Short spells of 1–7 days, 12 days apart, spread over the others (and again if needed).
    rest = [p for p in queue.order if p not in queue.used] or queue.order
    _short_spells(w, rest, rate, short_left, window_start, rng)
    return long_people


class _Queue:
    """Staff in a random order; each is taken once."""

    def __init__(self, staff: list[str], rng: random.Random):
        self.order = list(staff)
        rng.shuffle(self.order)
        self.used: set[str] = set()

    def take(self) -> str:
        emp = next(e for e in self.order if e not in self.used)
        self.used.add(emp)
        return emp


def _long_spells(w: Writer, queue: _Queue, rate: float, hours: float, window_start: D) -> list:
    """Long spells that began 100 days before the window: every window day is day 101 or
    later; at most 240 window days each."""
    remaining = hours
    long_people = []
    while remaining > 1e-9:
        emp = queue.take()
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
    return long_people


def _medium_spells(
    w: Writer, queue: _Queue, rate: float, hours: float, short_left: float, window_start: D
) -> float:
    """Medium spells: 14 days (days 1–14), then up to 60 days in days 15–90; two per person.
    Returns the short hours still to lay (the spells' first 14 days are short-term)."""
    remaining = hours
    while remaining > 1e-9:
        emp = queue.take()
        day = window_start + dt.timedelta(days=9)
        for _ in range(2):
            if remaining <= 1e-9:
                break
            w.sick(emp, day, day + dt.timedelta(days=13))
            short_left -= 14 * rate
            day += dt.timedelta(days=14)
            remaining, day = _sick_for(w, emp, day, rate, remaining, most_days=60)
            day += dt.timedelta(days=20)
    return short_left


def _sick_for(
    w: Writer, emp: str, day: D, rate: float, remaining: float, *, most_days: int
) -> tuple[float, D]:
    """Sick from ``day`` for whole days, at most ``most_days``, then partly for what is left of
    ``remaining`` hours; returns the hours still remaining and the day after."""
    full_days = min(most_days, int(remaining // rate))
    part = remaining - full_days * rate if full_days < most_days else 0.0
    if full_days:
        w.sick(emp, day, day + dt.timedelta(days=full_days - 1))
        day += dt.timedelta(days=full_days)
        remaining -= full_days * rate
    if part > 1e-9:
        w.sick(emp, day, day, extent=part / rate * 100)
        day += DAY
        remaining -= part
    return remaining, day


def _short_spells(
    w: Writer, rest: list[str], rate: float, short_left: float, window_start: D, rng
) -> None:
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
