"""Reading an HR extract (DESIGN.md §6.2): ``employees``, ``employments`` and ``absences`` as CSV
(UTF-8, header row, comma or semicolon) or XLSX (first sheet, header row).

Every problem is collected with file and line (``employments.csv, rad 7: …``); nothing is
written here. Files are read column-wise with Polars and checked with expressions, so a large
extract is not walked row by row in Python. Lines count as in a spreadsheet: the header is line 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from .compute import (
    ABSENCE_SCHEMA,
    EMPLOYEE_SCHEMA,
    EMPLOYMENT_SCHEMA,
    FORM_HOURLY,
    FORMS,
    HrData,
)

FILES = ("employees", "employments", "absences")
COLUMNS = {
    "employees": ("employee_id", "gender", "birth_year"),
    "employments": (
        "employment_id",
        "employee_id",
        "unit_code",
        "start_date",
        "end_date",
        "form",
        "weekly_hours",
        "extent",
        "end_reason",
    ),
    "absences": ("employee_id", "start_date", "end_date", "extent", "kind"),
}
OPTIONAL = {"end_reason"}
MAX_ERRORS_PER_CHECK = 50
LINE = "_line"


@dataclass
class HrFiles:
    """The outcome of reading an extract: the data (when no error) and every error."""

    data: HrData | None = None
    errors: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # kind → file name
    checksum: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    file_format: str = "csv"


@dataclass(frozen=True)
class Source:
    name: str
    content: bytes


def sources_from_dir(directory: Path) -> tuple[dict[str, Source], list[str]]:
    """Find ``employees.csv`` (or ``.xlsx``) and the others in ``directory``."""
    found: dict[str, Source] = {}
    errors: list[str] = []
    for kind in FILES:
        candidates = [directory / f"{kind}.csv", directory / f"{kind}.xlsx"]
        present = [p for p in candidates if p.is_file()]
        if not present:
            errors.append(
                _("%(dir)s: filen %(kind)s.csv (eller %(kind)s.xlsx) saknas.")
                % {"dir": directory, "kind": kind}
            )
        elif len(present) > 1:
            errors.append(
                _("%(dir)s: både %(kind)s.csv och %(kind)s.xlsx finns; ta bort den ena.")
                % {"dir": directory, "kind": kind}
            )
        else:
            found[kind] = Source(present[0].name, present[0].read_bytes())
    return found, errors


def _read_table(
    source: Source, kind: str, error: Callable[[int, str], None]
) -> pl.DataFrame | None:
    """All columns as strings, stripped, plus the spreadsheet line of each row."""
    if source.name.lower().endswith(".xlsx"):
        frame = _read_xlsx(source, error)
    else:
        frame = _read_csv(source, error)
    if frame is None:
        return None
    frame = frame.rename({c: c.strip().lower().lstrip("\ufeff") for c in frame.columns})
    missing = [c for c in COLUMNS[kind] if c not in frame.columns and c not in OPTIONAL]
    for column in missing:
        error(1, _("kolumnen ”%(column)s” saknas.") % {"column": column})
    if missing:
        return None
    for column in COLUMNS[kind]:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    frame = frame.with_row_index(LINE, offset=2).with_columns(pl.col(LINE).cast(pl.Int64))
    frame = frame.select(
        LINE,
        *[
            pl.col(c).cast(pl.String).str.strip_chars().replace("", None).alias(c)
            for c in COLUMNS[kind]
        ],
    )
    # Empty lines are not rows.
    return frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in COLUMNS[kind]))


def _read_csv(source: Source, error: Callable[[int, str], None]) -> pl.DataFrame | None:
    data = source.content
    try:
        text_head = data[:4096].decode("utf-8-sig")
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error(data[: exc.start].count(b"\n") + 1, _("filen är inte kodad i UTF-8."))
        return None
    if not data.strip():
        error(1, _("filen är tom."))
        return None
    header = text_head.split("\n", 1)[0]
    separator = ";" if header.count(";") > header.count(",") else ","
    try:
        return pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            infer_schema=False,
            encoding="utf8-lossy",
            truncate_ragged_lines=False,
        )
    except Exception as exc:  # noqa: BLE001 - Polars raises several kinds for malformed CSV
        line = _line_from_message(str(exc))
        error(line, _("felaktig CSV: %(error)s") % {"error": str(exc).splitlines()[0][:200]})
        return None


def _line_from_message(message: str) -> int:
    import re

    match = re.search(r"line (\d+)", message) or re.search(r"row (\d+)", message)
    return int(match.group(1)) + 1 if match else 1


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(source: Source, error: Callable[[int, str], None]) -> pl.DataFrame | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(source.content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        error(1, _("filen kan inte läsas som XLSX: %(error)s") % {"error": str(exc)[:200]})
        return None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        error(1, _("filen är tom."))
        return None
    names = [str(h).strip() if h is not None else f"_{i}" for i, h in enumerate(header)]
    columns: list[list[str | None]] = [[] for _ in names]
    for row in rows:
        for index in range(len(names)):
            columns[index].append(_cell_text(row[index]) if index < len(row) else None)
    book.close()
    return pl.DataFrame(
        {name: values for name, values in zip(names, columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    )


class _Checker:
    """Collects errors for one file, each with its line."""

    def __init__(self, name: str, errors: list[str]):
        self.name = name
        self.errors = errors

    def at(self, line: int, message: str) -> None:
        self.errors.append(f"{self.name}, {_('rad')} {line}: {message}")

    def rows(self, frame: pl.DataFrame, bad: pl.Expr, message: Callable[[dict], str]) -> None:
        failing = frame.filter(bad.fill_null(False))
        for row in failing.head(MAX_ERRORS_PER_CHECK).iter_rows(named=True):
            self.at(row[LINE], message(row))
        if failing.height > MAX_ERRORS_PER_CHECK:
            self.errors.append(
                f"{self.name}: "
                + _("ytterligare %(n)d rader med samma fel.")
                % {"n": failing.height - MAX_ERRORS_PER_CHECK}
            )

    def required(self, frame: pl.DataFrame, column: str) -> None:
        self.rows(
            frame,
            pl.col(column).is_null(),
            lambda row: _("värdet i kolumnen %(column)s saknas.") % {"column": column},
        )

    def unique(self, frame: pl.DataFrame, column: str, label: str) -> None:
        first = (
            frame.filter(pl.col(column).is_not_null())
            .group_by(column)
            .agg(pl.col(LINE).min().alias("_first"))
        )
        repeated = frame.join(first, on=column).filter(pl.col(LINE) > pl.col("_first"))
        self.rows(
            repeated,
            pl.lit(True),
            lambda row: (
                _("%(label)s %(value)s finns redan på rad %(first)d.")
                % {"label": label, "value": row[column], "first": row["_first"]}
            ),
        )

    def date(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        parsed = pl.col(column).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__d"))
        self.rows(
            frame,
            pl.col(column).is_not_null() & pl.col(f"{column}__d").is_null(),
            lambda row: (
                _("%(value)s i kolumnen %(column)s är inget datum (ÅÅÅÅ-MM-DD).")
                % {"value": row[column], "column": column}
            ),
        )
        return frame

    def number(
        self, frame: pl.DataFrame, column: str, low: float, high: float, *, low_open: bool = False
    ) -> pl.DataFrame:
        parsed = pl.col(column).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__n"))
        value = pl.col(f"{column}__n")
        below = (value <= low) if low_open else (value < low)
        self.rows(
            frame,
            pl.col(column).is_not_null()
            & (value.is_null() | value.is_nan() | below | (value > high)),
            lambda row: (
                (
                    _(
                        "%(value)s i kolumnen %(column)s ska vara ett tal över %(low)s "
                        "och högst %(high)s."
                    )
                    if low_open
                    else _(
                        "%(value)s i kolumnen %(column)s ska vara ett tal från %(low)s "
                        "till %(high)s."
                    )
                )
                % {"value": row[column], "column": column, "low": f"{low:g}", "high": f"{high:g}"}
            ),
        )
        return frame


def read_hr_extract(
    sources: dict[str, Source],
    *,
    unit_codes: set[str],
    covers_until: dt.date | None = None,
    today: dt.date | None = None,
) -> HrFiles:
    """Parse and check the three files against each other and against the known unit codes."""
    result = HrFiles()
    digest = hashlib.sha256()
    for kind in FILES:
        if kind not in sources:
            result.errors.append(_("Filen %(kind)s saknas.") % {"kind": kind})
            continue
        digest.update(kind.encode() + b"\0" + hashlib.sha256(sources[kind].content).digest())
        result.names[kind] = Path(sources[kind].name).name
    if result.errors:
        return result
    result.checksum = digest.hexdigest()
    result.file_format = (
        "xlsx" if any(n.lower().endswith(".xlsx") for n in result.names.values()) else "csv"
    )

    frames: dict[str, pl.DataFrame] = {}
    for kind in FILES:
        checker = _Checker(result.names[kind], result.errors)
        frame = _read_table(sources[kind], kind, checker.at)
        if frame is not None:
            frames[kind] = frame
    if len(frames) < len(FILES):
        return result

    # employees
    employees = frames["employees"]
    check = _Checker(result.names["employees"], result.errors)
    check.required(employees, "employee_id")
    check.unique(employees, "employee_id", _("anställningsnummer (employee_id)"))
    check.rows(
        employees,
        pl.col("gender").is_not_null() & ~pl.col("gender").is_in(["K", "M"]),
        lambda row: (
            _("kön %(value)s är okänt; tillåtna är K, M eller tomt.") % {"value": row["gender"]}
        ),
    )
    employees = check.number(employees, "birth_year", 1900, 2100)
    known_people = set(employees["employee_id"].drop_nulls().to_list())

    # employments
    jobs = frames["employments"]
    check = _Checker(result.names["employments"], result.errors)
    for column in ("employment_id", "employee_id", "unit_code", "start_date", "form"):
        check.required(jobs, column)
    check.unique(jobs, "employment_id", _("anställnings-id (employment_id)"))
    check.rows(
        jobs,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        lambda row: (
            _("anställd %(value)s finns inte i %(file)s.")
            % {"value": row["employee_id"], "file": result.names["employees"]}
        ),
    )
    check.rows(
        jobs,
        pl.col("unit_code").is_not_null() & ~pl.col("unit_code").is_in(sorted(unit_codes)),
        lambda row: _("okänd enhetskod %(value)s.") % {"value": row["unit_code"]},
    )
    check.rows(
        jobs,
        pl.col("form").is_not_null() & ~pl.col("form").is_in(list(FORMS)),
        lambda row: (
            _("okänd anställningsform %(value)s; tillåtna är %(forms)s.")
            % {"value": row["form"], "forms": ", ".join(FORMS)}
        ),
    )
    jobs = check.date(jobs, "start_date")
    jobs = check.date(jobs, "end_date")
    check.rows(
        jobs,
        pl.col("end_date__d") < pl.col("start_date__d"),
        lambda row: (
            _("slutdatum %(end)s är före startdatum %(start)s.")
            % {"end": row["end_date"], "start": row["start_date"]}
        ),
    )
    salaried = pl.col("form") != FORM_HOURLY
    check.rows(
        jobs,
        salaried & (pl.col("weekly_hours").is_null() | pl.col("extent").is_null()),
        lambda row: _(
            "veckoarbetstid (weekly_hours) och omfattning (extent) krävs för en "
            "månadsavlönad anställning."
        ),
    )
    jobs = check.number(jobs, "weekly_hours", 0, 168, low_open=True)
    jobs = check.number(jobs, "extent", 0, 100)

    # absences
    absences = frames["absences"]
    check = _Checker(result.names["absences"], result.errors)
    for column in ("employee_id", "start_date", "end_date", "extent", "kind"):
        check.required(absences, column)
    check.rows(
        absences,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        lambda row: (
            _("anställd %(value)s finns inte i %(file)s.")
            % {"value": row["employee_id"], "file": result.names["employees"]}
        ),
    )
    absences = check.date(absences, "start_date")
    absences = check.date(absences, "end_date")
    check.rows(
        absences,
        pl.col("end_date__d") < pl.col("start_date__d"),
        lambda row: (
            _("slutdatum %(end)s är före startdatum %(start)s.")
            % {"end": row["end_date"], "start": row["start_date"]}
        ),
    )
    absences = check.number(absences, "extent", 0, 100)

    result.counts = {
        "employees": employees.height,
        "employments": jobs.height,
        "absences": absences.height,
    }
    if result.errors:
        return result

    data = HrData(
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
        covers_until=covers_until or dt.date.min,
    )
    if covers_until is None:
        data = HrData(
            employees=data.employees,
            employments=data.employments,
            absences=data.absences,
            covers_until=default_covers_until(data, today=today or dt.date.today()),
        )
    result.data = data
    return result


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
