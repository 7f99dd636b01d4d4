"""The demo extract around the reference windows: staff, departures, hires and sickness from
2021 on, so that every R12 window the demo shows rests on twelve whole months of plausible data
(sickness absence 4–9 %, turnover 5–15 %).

The reference windows are left as they are (see the package's description):

* Regionkontoret, R12 2023-05-01 … 2024-04-30 (turnover only): departures and hires are added
  before 2023-05-01 and after 2024-04-30 only. Hires before the window are staff who are there
  all of it (their start moves to a day before 2023-05-31, the window's first month end);
  departures after it are staff who were there all of it. Its sickness is not a reference
  figure: spells are added throughout.
* Regionservice, R12 2023-09-01 … 2024-08-31 and 2024-09-01 … 2025-08-31 (both figures): every
  departure, hire and sick spell added ends before 2023-09-01, and sick spells end at least a
  week before the person's first spell laid for the references, so no spell runs on into them.
* The other administrations have no reference figures: their staff are simulated month by month
  (departures by age, each replaced within weeks; internal moves between administrations).

Everything is drawn from its own seeded generator, after the reference data is laid out, so the
reference data is the same as without this module.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from .extract import DAY, D, Writer

HISTORY_START = D(2021, 1, 1)
END = D(2025, 9, 30)  # the extract's last day (``COVERS_UNTIL``)
RK_WINDOW = (D(2023, 5, 1), D(2024, 4, 30))
RSE_FIRST_WINDOW_START = D(2023, 9, 1)
RSE_LAST_SICK_DAY = D(2023, 8, 25)

# Spell lengths (days): mostly short, some medium, a few long. Mean ≈ 10,8 days.
SHORT, MEDIUM, LONG = (1, 7), (8, 30), (31, 180)

# Share of women, the sickness absence aimed at, and people per department, by administration.
ADMINISTRATIONS = {
    "KOS": (0.62, 0.062, 70),
    "KTR": (0.48, 0.068, 100),
    "HS": (0.80, 0.075, 120),
    "NSV": (0.82, 0.070, 100),
    "PSY": (0.72, 0.080, 80),
}
# A small department: its figures are suppressed (10 or fewer persons, docs/workforce.md).
SMALL = {"KTR-FARD": 8}
DEPARTURES_A_YEAR = 0.085  # besides retirement
INTERNAL_SHARE = 0.15
SEED = 12  # drawn once; any seed gives plausible figures, this one a steady 5–15 % turnover


def _spell_length(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.80:
        return rng.randint(*SHORT)
    if roll < 0.95:
        return rng.randint(*MEDIUM)
    return rng.randint(*LONG)


MEAN_SPELL = 0.80 * 4 + 0.15 * 19 + 0.05 * 105.5


def sick_spells(w: Writer, emp: str, first: D, last: D, rate: float, rng: random.Random) -> None:
    """Sick spells from ``first`` to ``last`` that take about ``rate`` of the days: spells of
    the lengths above, with gaps drawn so that length / (length + gap) averages ``rate``; each
    person's liability varies around that."""
    if last < first:
        return
    liability = 0.4 + 1.2 * rng.random()
    mean_gap = MEAN_SPELL * (1 - rate) / rate / liability
    day = first + dt.timedelta(days=int(rng.random() * mean_gap))
    while day <= last:
        length = _spell_length(rng)
        stop = min(last, day + dt.timedelta(days=length - 1))
        extent = 100.0 if rng.random() < 0.85 else rng.choice((25.0, 50.0, 75.0))
        w.sick(emp, day, stop, extent=extent)
        # at least a week's gap: a new spell, not a relapse (the 5-day rule)
        day = stop + dt.timedelta(days=7 + int(rng.expovariate(1 / mean_gap)))


def _periods(w: Writer, prefix: str) -> dict[str, list[tuple[D, D]]]:
    """Each person's days in the units ``prefix…`` with ordinary hours (hourly paid left out)."""
    out: dict[str, list[tuple[D, D]]] = defaultdict(list)
    for _id, emp, unit, start, end, form, _h, _e, _r in w.employments:
        if unit == prefix or unit.startswith(prefix + "-"):
            if form == "timavlönad":
                continue
            out[emp].append((D.fromisoformat(start), D.fromisoformat(end) if end else END))
    return out


def _first_spells(w: Writer) -> dict[str, D]:
    first: dict[str, D] = {}
    for emp, start, _end, _extent, _kind in w.absences:
        day = D.fromisoformat(start)
        if emp not in first or day < first[emp]:
            first[emp] = day
    return first


def _birth(rng: random.Random, year: int) -> int:
    """A birth year giving the age mix of a Swedish region's staff in ``year`` (22–66, most
    in their 40s)."""
    return year - round(rng.triangular(22, 66, 46))


# --- Regionkontoret ---------------------------------------------------------------------------


def regionkontoret(w: Writer, units: list[str], other_units: list[str]) -> None:
    rng = random.Random(2021)  # noqa: S311 - invented demo data
    window_start, window_end = RK_WINDOW
    births = {row[0]: row[2] for row in w.employees}
    # staff there all along and not yet sick: moving their start or end leaves no one sick
    # outside an employment
    sick = set(_first_spells(w))
    stable = [
        row
        for row in w.employments
        if row[1][:3] in ("RKK", "RKM")
        and row[1][3:].isdigit()
        and row[3] < "2021-01-01"
        and row[1] not in sick
    ]
    rng.shuffle(stable)
    # Before the window: 126 departures from 2021-01 to 2023-04 and as many hires (staff there
    # all the window, their start moved to 2021-01 … 2023-05-15).
    hired = stable[:126]
    for n, row in enumerate(hired):
        row[3] = (HISTORY_START + dt.timedelta(days=n * 860 // 126 + rng.randint(0, 5))).isoformat()
    for n in range(126):
        emp = f"RKH{n:03d}"
        gender = "K" if rng.random() < 0.6 else "M"
        end = HISTORY_START + dt.timedelta(days=10 + n * 840 // 126 + rng.randint(0, 5))
        retiring = rng.random() < 0.18
        w.person(emp, gender, end.year - (rng.randint(63, 66) if retiring else rng.randint(25, 58)))
        w.job(
            emp,
            units[n % len(units)],
            D(2008 + n % 12, 1 + n % 12, 1),
            end,
            reason="pension" if retiring else "egen begäran",
        )
        if not retiring and rng.random() < INTERNAL_SHARE:
            w.job(emp, other_units[n % len(other_units)], end + dt.timedelta(days=3))
    # After the window: 78 departures from 2024-05 to 2025-09 of staff there all the window,
    # each replaced within weeks.
    leaving = sorted(stable[126:204], key=lambda row: births[row[1]])
    oldest = {row[1] for row in leaving[:12]}
    for n, row in enumerate(sorted(leaving, key=lambda row: row[1])):
        emp = row[1]
        end = window_end + dt.timedelta(days=1 + n * 500 // 78 + rng.randint(0, 5))
        retiring = emp in oldest and end.year - births[emp] >= 61
        row[4] = end.isoformat()
        row[8] = "pension" if retiring else "egen begäran"
        if not retiring and rng.random() < INTERNAL_SHARE:
            w.job(emp, other_units[n % len(other_units)], end + dt.timedelta(days=3))
        new = f"RKN{n:03d}"
        start = end + dt.timedelta(days=rng.randint(14, 60))
        if start <= END:
            w.person(new, "K" if rng.random() < 0.6 else "M", _birth(rng, start.year))
            w.job(new, row[2], start)
    # Sickness all through (no reference figure): about 5,5 %.
    for emp, spans in _periods(w, "RK").items():
        for first, last in spans:
            sick_spells(
                w, emp, max(first, HISTORY_START - dt.timedelta(days=200)), last, 0.062, rng
            )


# --- Regionservice ----------------------------------------------------------------------------


def regionservice(w: Writer, units: list[str], other_units: list[str]) -> None:
    rng = random.Random(2022)  # noqa: S311 - invented demo data
    first_spell = _first_spells(w)
    stable = [
        row
        for row in w.employments
        if row[1].startswith("RS")
        and row[1][2:].isdigit()
        and row[3] == "2012-01-01"
        and row[1] not in first_spell  # not sick before a moved start
    ]
    rng.shuffle(stable)
    # Before the windows: 140 departures from 2021-01 to 2023-08 and as many hires (staff there
    # all of both windows, their start moved to 2021-01 … 2023-08).
    span = (RSE_FIRST_WINDOW_START - HISTORY_START).days - 20
    for n, row in enumerate(stable[:140]):
        row[3] = (
            HISTORY_START + dt.timedelta(days=n * span // 140 + rng.randint(0, 10))
        ).isoformat()
    for n in range(140):
        emp = f"RSH{n:03d}"
        gender = "K" if n % 10 < 7 else "M"
        end = HISTORY_START + dt.timedelta(days=n * span // 140 + rng.randint(0, 10))
        retiring = rng.random() < 0.2
        w.person(emp, gender, end.year - (rng.randint(63, 66) if retiring else rng.randint(23, 58)))
        w.job(
            emp,
            units[n % len(units)],
            D(2009 + n % 10, 1 + n % 12, 1),
            end,
            extent=75.0 if n % 7 == 3 else 100.0,
            reason="pension" if retiring else "egen begäran",
        )
        if not retiring and rng.random() < INTERNAL_SHARE:
            w.job(emp, other_units[n % len(other_units)], end + dt.timedelta(days=3))
    # Sickness before the windows only: 8,5 % aimed at, about 7 % as laid (spells stop short of
    # the windows and of the spells laid for them).
    for emp, spans in _periods(w, "RSE").items():
        last_day = RSE_LAST_SICK_DAY
        if emp in first_spell:
            last_day = min(last_day, first_spell[emp] - dt.timedelta(days=7))
        for first, last in spans:
            first = max(first, HISTORY_START - dt.timedelta(days=200))
            sick_spells(w, emp, first, min(last, last_day), 0.085, rng)


# --- The other administrations ----------------------------------------------------------------


def administrations(w: Writer, units: list[str]) -> None:
    """Every department of the administrations without reference figures, simulated month by
    month from 2021: departures (retirement from 63, others about 8,5 % a year, some of them
    moves to another administration), each post filled again within weeks."""
    rng = random.Random(SEED)  # noqa: S311 - invented demo data
    leaves = [
        u
        for u in units
        if u.split("-")[0] in ADMINISTRATIONS and not any(o.startswith(u + "-") for o in units)
    ]
    serial = iter(range(1_000_000))
    # people: emp → [unit, start, birth, extent]; posts are kept filled
    active: dict[str, list] = {}

    def hire(unit: str, start: D, *, veteran: bool) -> None:
        emp = f"AD{next(serial):05d}"
        women, _rate, _size = ADMINISTRATIONS[unit.split("-")[0]]
        if veteran:
            birth = _birth(rng, HISTORY_START.year)
            start = D(max(birth + 22, 1990) + rng.randint(0, 12), rng.randint(1, 12), 1)
            start = min(start, HISTORY_START - DAY)
        else:  # those hired are younger than those who stay
            birth = start.year - round(rng.triangular(22, 60, 34))
        w.person(emp, "K" if rng.random() < women else "M", birth)
        extent = 100.0 if rng.random() < 0.72 else rng.choice((50.0, 75.0, 80.0, 90.0))
        active[emp] = [unit, start, birth, extent]

    for unit in leaves:
        for _ in range(SMALL.get(unit, ADMINISTRATIONS[unit.split("-")[0]][2])):
            hire(unit, HISTORY_START, veteran=True)
        # a few hourly paid (no ordinary hours, never in the headcount)
        for _ in range(3):
            emp = f"AD{next(serial):05d}"
            w.person(emp, "K", 1999)
            w.job(emp, unit, D(2022, 3, 1), form="timavlönad")

    month = HISTORY_START
    while month <= END:
        following = D(month.year + (month.month == 12), month.month % 12 + 1, 1)
        for emp in sorted(active):
            unit, start, birth, extent = active[emp]
            age = month.year - birth
            chance = (0.35 if age >= 63 else DEPARTURES_A_YEAR + (0.05 if age < 30 else 0)) / 12
            if start >= month or rng.random() >= chance:
                continue
            end = month + dt.timedelta(days=rng.randint(0, (following - month).days - 1))
            retiring = age >= 62 and rng.random() < 0.85
            w.job(
                emp,
                unit,
                start,
                end,
                extent=extent,
                reason="pension" if retiring else "egen begäran",
            )
            del active[emp]
            if not retiring and rng.random() < INTERNAL_SHARE:
                others = [
                    u for u in leaves if u.split("-")[0] != unit.split("-")[0] and u not in SMALL
                ]
                elsewhere = rng.choice(others)
                active[emp] = [
                    elsewhere,
                    end + dt.timedelta(days=rng.randint(1, 20)),
                    birth,
                    extent,
                ]
            refill = end + dt.timedelta(days=rng.randint(14, 75))
            if refill <= END:
                hire(unit, refill, veteran=False)
        month = following
    for emp, (unit, start, _birth_year, extent) in active.items():
        if start <= END:
            w.job(emp, unit, start, extent=extent)
    # Sickness: the administration's level
    for emp, spans in _all_periods(w, leaves).items():
        rate = ADMINISTRATIONS[spans[0][0].split("-")[0]][1]
        for _unit, first, last in spans:
            sick_spells(w, emp, max(first, HISTORY_START - dt.timedelta(days=200)), last, rate, rng)


def _all_periods(w: Writer, units: list[str]) -> dict[str, list[tuple[str, D, D]]]:
    inside = set(units)
    out: dict[str, list[tuple[str, D, D]]] = defaultdict(list)
    for _id, emp, unit, start, end, form, _h, _e, _r in w.employments:
        if unit in inside and form != "timavlönad" and emp.startswith("AD"):
            out[emp].append((unit, D.fromisoformat(start), D.fromisoformat(end) if end else END))
    return out
