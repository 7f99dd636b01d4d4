"""Demo step: an invented HR extract for the demo region, imported and computed.

Built so that the reference documents' figures come out, to the decimals they show:

* Regionkontoret, personalomsättning R12 to 2024-04-30 (003): 11,05 % = pension 1,66 +
  interna 2,58 + externa 6,82; women 11,10 % (003 writes it 11,1), men 10,99 %.
* Regionservice, R12 to 2025-08-31 (002): sjukfrånvaro 7,1 % (dag 1–14 3,4, dag 15–90 1,88,
  dag 91+ 1,82); women 7,75 %, men 5,59 %; part time 11,3 %, full time 6,6 %; age 60–69
  9,76 %; personalomsättning 9,54 % = extern 5,55 + intern 1,39 + pension 2,6.
* Regionservice, the same figures a year earlier, R12 to 2024-08-31 (in parentheses in 002):
  sjukfrånvaro 7,57 % (dag 1–14 3,8, dag 15–90 1,58, dag 91+ 2,19); personalomsättning 8,68 %
  = extern 4,78 + intern 2,12 + pension 1,77. Same people, employments and absences: the year
  before adds the 49 who left during it and the 126 of today's staff hired during it, and its
  sick records (see ``regionservice._regionservice_year_before``).

How: the headcounts and departures are chosen so that the ratios round to those figures (an
average of 6 514 / 12 permanent staff with 9 + 14 + 37 departures at Regionkontoret; 6 918 / 12
with 15 + 8 + 32 at Regionservice); the sick hours of each group of Regionservice staff
(gender × full/part time × aged 60–69 or not) are solved from the group shares and then laid out
as spells: long spells that began before the window (all their window days are day 91+),
medium spells (14 days, then days 15–90) and short spells. The year before is laid out the same
way after what this year's spells already put in it. Every person is invented.

The rows and what the units share are in ``extract``, Regionservice in ``regionservice``; the
staff, departures and sickness from 2021 around the reference windows, and the other
administrations, in ``history``.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from uppsikt.core.permissions import SYSTEM

from .. import services
from ..import_tables import sources_from_dir
from . import history
from .extract import D, Writer, leavers, month_ends
from .regionservice import regionservice

COVERS_UNTIL = D(2025, 9, 30)


def _regionkontoret(w: Writer, units: list[str], rng: random.Random) -> None:
    # Window 2023-05-01 … 2024-04-30. Month ends: K 3 458, M 3 056 (6 514 in all); departures:
    # K 32 (5 pension, 7 internal, 20 external), M 28 (4, 7, 17). So 60 × 12 / 6 514 = 11,05 %,
    # K 32 × 12 / 3 458 = 11,10 %, M 28 × 12 / 3 056 = 10,99 %.
    kinds = (
        [("K", "retirement")] * 5
        + [("K", "internal")] * 7
        + [("K", "external")] * 20
        + [("M", "retirement")] * 4
        + [("M", "internal")] * 7
        + [("M", "external")] * 17
    )
    # interleave so that each gender's leavers spread over the months
    kinds = kinds[0::2] + kinds[1::2]
    leavers(
        w,
        prefix="RK",
        units=units,
        window_start=D(2023, 5, 1),
        kinds=kinds,
        internal_to="KOS-KUL",
        rng=rng,
    )
    # Leavers' month ends per gender, then stable staff and one joiner per gender to reach
    # K 3 458 and M 3 056.
    present = {"K": 0, "M": 0}
    for j, (gender, _kind) in enumerate(kinds):
        present[gender] += j % 12
    for gender, target in (("K", 3458), ("M", 3056)):
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
            ends = month_ends(D(2023, 5, 1))
            w.job(emp, units[0], ends[12 - joiner] - dt.timedelta(days=10))
    # Some hourly paid staff (no ordinary hours, never in the headcount).
    for n in range(12):
        emp = f"RKT{n:02d}"
        w.person(emp, "K" if n % 2 else "M", 1998)
        w.job(emp, units[n % len(units)], D(2022, 6, 1), form="timavlönad")


def build(units: list[str]) -> Writer:
    rng = random.Random(7)  # noqa: S311 - invented demo data
    w = Writer()
    rk = [c for c in units if c == "RK" or c.startswith("RK-")]
    rse = [c for c in units if c == "RSE" or c.startswith("RSE-")]
    rk_leaf = [c for c in rk if not any(o.startswith(c + "-") for o in rk)]
    rse_leaf = [c for c in rse if not any(o.startswith(c + "-") for o in rse)]
    _regionkontoret(w, rk_leaf, rng)
    regionservice(w, rse_leaf, rng)
    # Around the reference windows: from 2021 on, every administration (see ``history``).
    elsewhere = [c for c in ("KOS-KUL", "HS-MED", "NSV-VC", "KTR-PLAN") if c in units]
    history.regionkontoret(w, rk_leaf, elsewhere)
    history.regionservice(w, rse_leaf, elsewhere)
    history.administrations(w, units)
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
