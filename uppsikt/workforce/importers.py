"""Reading an HR extract (DESIGN.md §6.2): ``employees``, ``employments`` and ``absences`` as CSV
(UTF-8, header row, comma or semicolon) or XLSX (first sheet, header row).

Every problem is collected with file and line, and column or cell (``employments.csv, rad 7,
kolumn unit_code: …``; ``employments.xlsx, blad Blad1, cell C7: …``); nothing is written here.
Messages never quote a value of the files: the rows are personal data. Files are read column-wise with Polars and checked with expressions, so a large
extract is not walked row by row in Python. Lines count as in a spreadsheet: the header is line 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
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


def _read_table(source: Source, kind: str, checker: _Checker) -> pl.DataFrame | None:
    """All columns as strings, stripped, plus the spreadsheet line of each row."""
    if source.name.lower().endswith(".xlsx"):
        frame = _read_xlsx(source, checker)
    else:
        frame = _read_csv(source, checker)
    if frame is None:
        return None
    frame = frame.rename({c: c.strip().lower().lstrip("\ufeff") for c in frame.columns})
    if checker.sheet is not None:
        from openpyxl.utils import get_column_letter

        checker.letters = {c: get_column_letter(i + 1) for i, c in enumerate(frame.columns)}
    missing = [c for c in COLUMNS[kind] if c not in frame.columns and c not in OPTIONAL]
    for column in missing:
        checker.at(1, _("kolumnen ”%(column)s” saknas.") % {"column": column})
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


def _read_csv(source: Source, checker: _Checker) -> pl.DataFrame | None:
    data = source.content
    try:
        text_head = data[:4096].decode("utf-8-sig")
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checker.at(data[: exc.start].count(b"\n") + 1, _("filen är inte kodad i UTF-8."))
        return None
    if not data.strip():
        checker.at(1, _("filen är tom."))
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
        # Polars' message may quote the line; only its number is kept.
        checker.at(
            _line_from_message(str(exc)),
            _("felaktig CSV: fel antal fält eller ett citattecken som inte avslutas."),
        )
        return None


def _line_from_message(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message) or re.search(r"row (\d+)", message)
    return int(match.group(1)) + 1 if match else None


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


def _read_xlsx(source: Source, checker: _Checker) -> pl.DataFrame | None:
    """The first sheet, every row that holds a value.

    A formula is read as the value the spreadsheet program saved with it; a formula saved
    without one (a file written by a program that does not calculate) or one whose value is an
    error is refused with its cell, never read as empty. The sheet's declared dimension is
    ignored: rows and columns beyond it are read too (a wrong dimension would hide them).
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        values = load_workbook(io.BytesIO(source.content), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(source.content), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        checker.at(1, _("filen kan inte läsas som XLSX."))
        return None
    sheet, formula_sheet = values.worksheets[0], formulas.worksheets[0]
    checker.sheet = sheet.title
    sheet.reset_dimensions()
    formula_sheet.reset_dimensions()
    rows = zip(sheet.iter_rows(), formula_sheet.iter_rows(), strict=True)
    names: list[str] = []
    columns: list[list[str | None]] = []
    for line, (cells, formula_cells) in enumerate(rows, start=1):
        texts: list[str | None] = []
        for index, (cell, formula_cell) in enumerate(zip(cells, formula_cells, strict=True)):
            where = f"{get_column_letter(index + 1)}{line}"
            text = _cell_text(cell.value)
            if getattr(formula_cell, "data_type", None) == "f" and cell.value is None:
                checker.at_cell(
                    where,
                    _(
                        "formeln har inget sparat värde; öppna filen i ett kalkylprogram och "
                        "spara den igen, eller ersätt formeln med värdet."
                    ),
                )
            elif getattr(cell, "data_type", None) == "e":
                checker.at_cell(where, _("cellen innehåller ett felvärde."))
            elif line > 1 and text is not None and (index >= len(names) or not names[index]):
                checker.at_cell(where, _("värdet står i en kolumn utan rubrik."))
            texts.append(text)
        if line == 1:
            if not any(t and t.strip() for t in texts):
                break
            names = [t.strip() if t and t.strip() else "" for t in texts]
            columns = [[] for _name in names]
            continue
        for index in range(len(names)):
            columns[index].append(texts[index] if index < len(texts) else None)
    values.close()
    formulas.close()
    if not names:
        checker.at(1, _("filen är tom."))
        return None
    keep = [i for i, name in enumerate(names) if name]
    return pl.DataFrame(
        {names[i]: columns[i] for i in keep},
        schema={names[i]: pl.String for i in keep},
    )


class _Checker:
    """Collects errors for one file, each with its place: file, line and column for CSV; file,
    sheet and cell for XLSX. Never a value of the file."""

    def __init__(self, name: str, errors: list[str]):
        self.name = name
        self.errors = errors
        self.sheet: str | None = None  # set when the file is a workbook
        self.letters: dict[str, str] = {}  # column name → column letter in the workbook

    def _place(self, line: int, column: str | None) -> str:
        if self.sheet is None:
            if column:
                return _("%(file)s, rad %(line)d, kolumn %(column)s") % {
                    "file": self.name,
                    "line": line,
                    "column": column,
                }
            return _("%(file)s, rad %(line)d") % {"file": self.name, "line": line}
        letter = self.letters.get(column or "")
        if letter:
            return self._cell_place(f"{letter}{line}")
        return _("%(file)s, blad %(sheet)s, rad %(line)d") % {
            "file": self.name,
            "sheet": self.sheet,
            "line": line,
        }

    def _cell_place(self, cell: str) -> str:
        return _("%(file)s, blad %(sheet)s, cell %(cell)s") % {
            "file": self.name,
            "sheet": self.sheet,
            "cell": cell,
        }

    def at(self, line: int | None, message: str, column: str | None = None) -> None:
        place = self.name if line is None else self._place(line, column)
        self.errors.append(f"{place}: {message}")

    def at_cell(self, cell: str, message: str) -> None:
        self.errors.append(f"{self._cell_place(cell)}: {message}")

    def rows(
        self, frame: pl.DataFrame, bad: pl.Expr, message: str, column: str | None = None
    ) -> None:
        failing = frame.filter(bad.fill_null(False))
        for row in failing.head(MAX_ERRORS_PER_CHECK).iter_rows(named=True):
            self.at(row[LINE], message, column)
        if failing.height > MAX_ERRORS_PER_CHECK:
            self.errors.append(
                f"{self.name}: "
                + _("ytterligare %(n)d rader med samma fel.")
                % {"n": failing.height - MAX_ERRORS_PER_CHECK}
            )

    def required(self, frame: pl.DataFrame, column: str) -> None:
        self.rows(frame, pl.col(column).is_null(), _("värdet saknas."), column)

    def unique(self, frame: pl.DataFrame, column: str, label: str) -> None:
        first = (
            frame.filter(pl.col(column).is_not_null())
            .group_by(column)
            .agg(pl.col(LINE).min().alias("_first"))
        )
        repeated = frame.join(first, on=column).filter(pl.col(LINE) > pl.col("_first"))
        for row in repeated.head(MAX_ERRORS_PER_CHECK).iter_rows(named=True):
            self.at(
                row[LINE],
                _("samma %(label)s som på rad %(first)d.")
                % {"label": label, "first": row["_first"]},
                column,
            )
        if repeated.height > MAX_ERRORS_PER_CHECK:
            self.errors.append(
                f"{self.name}: "
                + _("ytterligare %(n)d rader med samma fel.")
                % {"n": repeated.height - MAX_ERRORS_PER_CHECK}
            )

    def date(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        parsed = pl.col(column).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__d"))
        self.rows(
            frame,
            pl.col(column).is_not_null() & pl.col(f"{column}__d").is_null(),
            _("värdet är inget datum (ÅÅÅÅ-MM-DD)."),
            column,
        )
        return frame

    def number(
        self, frame: pl.DataFrame, column: str, low: float, high: float, *, low_open: bool = False
    ) -> pl.DataFrame:
        parsed = pl.col(column).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__n"))
        value = pl.col(f"{column}__n")
        below = (value <= low) if low_open else (value < low)
        message = (
            _("värdet ska vara ett tal över %(low)s och högst %(high)s.")
            if low_open
            else _("värdet ska vara ett tal från %(low)s till %(high)s.")
        ) % {"low": f"{low:g}", "high": f"{high:g}"}
        self.rows(
            frame,
            pl.col(column).is_not_null()
            & (value.is_null() | value.is_nan() | below | (value > high)),
            message,
            column,
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
    checkers: dict[str, _Checker] = {}
    for kind in FILES:
        checkers[kind] = _Checker(result.names[kind], result.errors)
        frame = _read_table(sources[kind], kind, checkers[kind])
        if frame is not None:
            frames[kind] = frame
    if len(frames) < len(FILES) or result.errors:
        return result

    # employees
    employees = frames["employees"]
    check = checkers["employees"]
    check.required(employees, "employee_id")
    check.unique(employees, "employee_id", _("anställningsnummer (employee_id)"))
    check.rows(
        employees,
        pl.col("gender").is_not_null() & ~pl.col("gender").is_in(["K", "M"]),
        _("okänt kön; tillåtna är K, M eller tomt."),
        "gender",
    )
    employees = check.number(employees, "birth_year", 1900, 2100)
    known_people = set(employees["employee_id"].drop_nulls().to_list())
    unknown_person = _("den anställda finns inte i %(file)s.") % {"file": result.names["employees"]}

    # employments
    jobs = frames["employments"]
    check = checkers["employments"]
    for column in ("employment_id", "employee_id", "unit_code", "start_date", "form"):
        check.required(jobs, column)
    check.unique(jobs, "employment_id", _("anställnings-id (employment_id)"))
    check.rows(
        jobs,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        unknown_person,
        "employee_id",
    )
    check.rows(
        jobs,
        pl.col("unit_code").is_not_null() & ~pl.col("unit_code").is_in(sorted(unit_codes)),
        _("okänd enhetskod; enheterna läses in med uppsikt import units."),
        "unit_code",
    )
    check.rows(
        jobs,
        pl.col("form").is_not_null() & ~pl.col("form").is_in(list(FORMS)),
        _("okänd anställningsform; tillåtna är %(forms)s.") % {"forms": ", ".join(FORMS)},
        "form",
    )
    jobs = check.date(jobs, "start_date")
    jobs = check.date(jobs, "end_date")
    check.rows(
        jobs,
        pl.col("end_date__d") < pl.col("start_date__d"),
        _("slutdatum är före startdatum."),
        "end_date",
    )
    salaried = pl.col("form") != FORM_HOURLY
    check.rows(
        jobs,
        salaried & pl.col("weekly_hours").is_null(),
        _("veckoarbetstid krävs för en månadsavlönad anställning."),
        "weekly_hours",
    )
    check.rows(
        jobs,
        salaried & pl.col("extent").is_null(),
        _("omfattning krävs för en månadsavlönad anställning."),
        "extent",
    )
    jobs = check.number(jobs, "weekly_hours", 0, 168, low_open=True)
    jobs = check.number(jobs, "extent", 0, 100)

    # absences
    absences = frames["absences"]
    check = checkers["absences"]
    for column in ("employee_id", "start_date", "end_date", "extent", "kind"):
        check.required(absences, column)
    check.rows(
        absences,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        unknown_person,
        "employee_id",
    )
    absences = check.date(absences, "start_date")
    absences = check.date(absences, "end_date")
    check.rows(
        absences,
        pl.col("end_date__d") < pl.col("start_date__d"),
        _("slutdatum är före startdatum."),
        "end_date",
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
