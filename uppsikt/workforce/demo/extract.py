"""The demo's invented HR extract as rows, written as the HR files; leavers and month ends,
which the units' staff share."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from uppsikt.core.spreadsheets import csv_writer

from ..schema import COLUMNS, FILES

D = dt.date
DAY = dt.timedelta(days=1)


class Writer:
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


def month_ends(first: D) -> list[D]:
    out = []
    year, month = first.year, first.month
    for _ in range(12):
        following = D(year + (month == 12), month % 12 + 1, 1)
        out.append(following - DAY)
        year, month = following.year, following.month
    return out


def leavers(
    w: Writer,
    *,
    prefix: str,
    units: list[str],
    window_start: D,
    kinds: list[tuple[str, str]],  # (gender, kind)
    internal_to: str,
    rng: random.Random,
) -> None:
    """Leaver j leaves on the 15th of window month j % 12: present on j % 12 month ends."""
    ends = month_ends(window_start)
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
