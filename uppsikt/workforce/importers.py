"""Reading an HR extract (docs/workforce.md, HR files): ``employees``, ``employments`` and ``absences`` as CSV
(UTF-8, header row, comma or semicolon) or XLSX (first sheet, header row).

Every problem is collected with file, line and column (``employments.csv, rad 7, kolumn
end_date: …``) as an ``ImportProblem``, which has no place for a cell's value: the rows are
personal data (sick leave, personal numbers) and never leave the computation, not even in an
error message. Nothing is written here. Files are read column-wise with Polars and checked with expressions, so a large
extract is not walked row by row in Python. Lines count as in a spreadsheet: the header is line 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .hrdata import (
    ABSENCE_SCHEMA,
    EMPLOYEE_SCHEMA,
    EMPLOYMENT_SCHEMA,
    FORM_HOURLY,
    FORMS,
    HrData,
)
from .schema import ALL_COLUMNS, COLUMNS, FILES, OPTIONAL

MAX_ERRORS_PER_CHECK = 50
LINE = "_line"
# The numeric columns' bounds: (low, high, low bound excluded)
RANGES = {
    "birth_year": (1900, 2100, False),
    "weekly_hours": (0, 168, True),
    "extent": (0, 100, False),
}


class Problem(enum.Enum):
    """What is wrong; its message names rules and constants only, never a cell's value."""

    FILE_MISSING = "file_missing"
    NOT_UTF8 = "not_utf8"
    EMPTY = "empty"
    NOT_CSV = "not_csv"
    FIELD_COUNT = "field_count"
    UNCLOSED_QUOTE = "unclosed_quote"
    NOT_XLSX = "not_xlsx"
    COLUMN_MISSING = "column_missing"
    VALUE_MISSING = "value_missing"
    DUPLICATE = "duplicate"
    UNKNOWN_GENDER = "unknown_gender"
    NOT_DATE = "not_date"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_EMPLOYEE = "unknown_employee"
    UNKNOWN_UNIT = "unknown_unit"
    UNKNOWN_FORM = "unknown_form"
    END_BEFORE_START = "end_before_start"
    HOURS_REQUIRED = "hours_required"
    MORE_ROWS = "more_rows"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    ERROR_VALUE = "error_value"
    VALUE_WITHOUT_HEADER = "value_without_header"


MESSAGES = {
    Problem.FILE_MISSING: gettext_lazy("filen saknas."),
    Problem.NOT_UTF8: gettext_lazy("filen är inte kodad i UTF-8."),
    Problem.EMPTY: gettext_lazy("filen är tom."),
    Problem.NOT_CSV: gettext_lazy("filen kan inte läsas som CSV."),
    Problem.FIELD_COUNT: gettext_lazy("raden har ett annat antal fält än rubrikraden."),
    Problem.UNCLOSED_QUOTE: gettext_lazy('ett citattecken (") som börjar här avslutas aldrig.'),
    Problem.NOT_XLSX: gettext_lazy("filen kan inte läsas som XLSX."),
    Problem.COLUMN_MISSING: gettext_lazy("kolumnen saknas."),
    Problem.VALUE_MISSING: gettext_lazy("värdet saknas."),
    Problem.DUPLICATE: gettext_lazy("finns redan på rad %(other_line)d."),
    Problem.UNKNOWN_GENDER: gettext_lazy("okänt kön; tillåtna är K, M eller tomt."),
    Problem.NOT_DATE: gettext_lazy("inget datum (ÅÅÅÅ-MM-DD)."),
    Problem.OUT_OF_RANGE: gettext_lazy("ska vara ett tal från %(low)s till %(high)s."),
    Problem.UNKNOWN_EMPLOYEE: gettext_lazy("anställningsnumret finns inte i filen employees."),
    Problem.UNKNOWN_UNIT: gettext_lazy("okänd enhetskod."),
    Problem.UNKNOWN_FORM: gettext_lazy("okänd anställningsform; tillåtna är %(forms)s."),
    Problem.END_BEFORE_START: gettext_lazy("slutdatum (end_date) är före startdatum (start_date)."),
    Problem.HOURS_REQUIRED: gettext_lazy(
        "veckoarbetstid (weekly_hours) och omfattning (extent) krävs för en "
        "månadsavlönad anställning."
    ),
    Problem.MORE_ROWS: gettext_lazy("ytterligare %(count)d rader med samma fel."),
    Problem.FORMULA_WITHOUT_VALUE: gettext_lazy(
        "formeln har inget sparat värde; öppna filen i ett kalkylprogram och spara den igen, "
        "eller ersätt formeln med värdet."
    ),
    Problem.ERROR_VALUE: gettext_lazy("cellen innehåller ett felvärde."),
    Problem.VALUE_WITHOUT_HEADER: gettext_lazy("värdet står i en kolumn utan rubrik."),
}
OPEN_RANGE = gettext_lazy("ska vara ett tal över %(low)s och högst %(high)s.")


_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")


def _whole(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


@dataclass(frozen=True)
class ImportProblem:
    """One problem in an extract: where (file, line, column) and which rule. There is no field
    for a cell's value or free text, so row content cannot reach an error message, the job
    page or a log by this way."""

    file: str
    line: int | None
    problem: Problem
    column: str | None = None
    other_line: int | None = None
    count: int | None = None
    sheet: int | None = None  # a workbook's sheet, by its number (its name is the file's text)
    cell: str | None = None  # a workbook's cell, such as ``C7``

    def __post_init__(self):
        if not isinstance(self.problem, Problem):
            raise TypeError("problem must be a Problem")
        if not all(_whole(v) for v in (self.line, self.other_line, self.count, self.sheet)):
            raise TypeError("line, other_line, count and sheet are whole numbers")
        if self.column is not None and self.column not in ALL_COLUMNS:
            raise ValueError("column must be one of the extract's columns")
        if self.cell is not None and not _CELL.fullmatch(self.cell):
            raise ValueError("cell must be a cell reference such as C7")

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", {_('blad')} {self.sheet}"
        if self.cell is not None:
            where += f", {_('cell')} {self.cell}"
        elif self.line is not None:
            where += f", {_('rad')} {self.line}"
        if self.column is not None and self.cell is None:
            where += f", {_('kolumn')} {self.column}"
        if self.problem is Problem.OUT_OF_RANGE:
            low, high, low_open = RANGES[self.column]
            text = (OPEN_RANGE if low_open else MESSAGES[self.problem]) % {
                "low": f"{low:g}",
                "high": f"{high:g}",
            }
        else:
            text = str(MESSAGES[self.problem]) % {
                "other_line": self.other_line or 0,
                "count": self.count or 0,
                "forms": ", ".join(FORMS),
            }
        return f"{where}: {text}"


@dataclass
class HrFiles:
    """The outcome of reading an extract: the data (when no error) and every error."""

    data: HrData | None = None
    errors: list[ImportProblem] = field(default_factory=list)
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


Error = Callable[..., None]  # error(line, problem, column=None)


def _read_table(source: Source, kind: str, checker: _Checker) -> pl.DataFrame | None:
    """All columns as strings, stripped, plus the spreadsheet line of each row."""
    if source.name.lower().endswith(".xlsx"):
        frame = _read_xlsx(source, checker)
    else:
        frame = _read_csv(source, checker.at)
    if frame is None:
        return None
    frame = frame.rename({c: c.strip().lower().lstrip("\ufeff") for c in frame.columns})
    if checker.sheet is not None:
        from openpyxl.utils import get_column_letter

        checker.letters = {c: get_column_letter(i + 1) for i, c in enumerate(frame.columns)}
    missing = [c for c in COLUMNS[kind] if c not in frame.columns and c not in OPTIONAL]
    for column in missing:
        checker.at(1, Problem.COLUMN_MISSING, column)
    if missing:
        return None
    for column in COLUMNS[kind]:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    frame = frame.with_columns(pl.all().cast(pl.String))
    # A row's line is 2 (after the header) plus the rows and the line breaks inside quoted
    # fields before it, so that a field over several lines does not shift the lines after it.
    breaks = pl.sum_horizontal(
        pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in frame.columns
    )
    frame = frame.with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2 + breaks.cum_sum().shift(1, fill_value=0))
        .cast(pl.Int64)
        .alias(LINE)
    )
    frame = frame.select(
        LINE,
        *[pl.col(c).str.strip_chars().replace("", None).alias(c) for c in COLUMNS[kind]],
    )
    # Empty lines are not rows.
    return frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in COLUMNS[kind]))


def _read_csv(source: Source, error: Error) -> pl.DataFrame | None:
    data = source.content
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error(data[: exc.start].count(b"\n") + 1, Problem.NOT_UTF8)
        return None
    if not text.strip():
        error(1, Problem.EMPTY)
        return None
    header = text.split("\n", 1)[0]
    separator = ";" if header.count(";") > header.count(",") else ","
    try:
        return pl.read_csv(
            io.BytesIO(data),
            separator=separator,
            infer_schema=False,
            encoding="utf8-lossy",
            truncate_ragged_lines=False,
        )
    except Exception:  # noqa: BLE001 - Polars raises several kinds for malformed CSV
        # Polars' message quotes the offending row: it is not shown. The line is found again
        # here, without the content.
        line, problem = _first_malformed_line(text, separator)
        error(line, problem)
        return None


def _first_malformed_line(text: str, separator: str) -> tuple[int | None, Problem]:
    """The line (header = 1) where the first malformed record starts, and what is wrong.

    Runs only on a file Polars refused, to name the line without quoting it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    width = None
    start = 1
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return None, Problem.NOT_CSV
        except csv.Error:
            if text.count('"') % 2:
                return _unclosed_quote_line(text), Problem.UNCLOSED_QUOTE
            return start, Problem.NOT_CSV
        if width is None:
            width = len(record)
        elif record and len(record) > width:
            return start, Problem.FIELD_COUNT


def _unclosed_quote_line(text: str) -> int:
    """The line of the quote that opens a field never closed (quotes pair up before it)."""
    line, inside, opened = 1, False, 1
    for char in text:
        if char == '"':
            inside = not inside
            if inside:
                opened = line
        elif char == "\n":
            line += 1
    return opened


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
        checker.at(1, Problem.NOT_XLSX)
        return None
    sheet, formula_sheet = values.worksheets[0], formulas.worksheets[0]
    checker.sheet = 1  # the first sheet
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
                checker.at_cell(where, Problem.FORMULA_WITHOUT_VALUE)
            elif getattr(cell, "data_type", None) == "e":
                checker.at_cell(where, Problem.ERROR_VALUE)
            elif line > 1 and text is not None and (index >= len(names) or not names[index]):
                checker.at_cell(where, Problem.VALUE_WITHOUT_HEADER)
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
        checker.at(1, Problem.EMPTY)
        return None
    keep = [i for i, name in enumerate(names) if name]
    return pl.DataFrame(
        {names[i]: columns[i] for i in keep},
        schema={names[i]: pl.String for i in keep},
    )


class _Checker:
    """Collects the problems of one file, each with its place: line and column in a CSV file,
    sheet and cell in a workbook."""

    def __init__(self, name: str, errors: list[ImportProblem]):
        self.name = name
        self.errors = errors
        self.sheet: int | None = None  # set when the file is a workbook: the sheet read
        self.letters: dict[str, str] = {}  # column name → column letter in the workbook

    def _problem(self, line: int | None, problem: Problem, column: str | None = None, **more):
        letter = self.letters.get(column or "")
        cell = f"{letter}{line}" if letter and line is not None else None
        return ImportProblem(
            file=self.name,
            line=line,
            problem=problem,
            column=column,
            sheet=self.sheet,
            cell=cell,
            **more,
        )

    def at(self, line: int | None, problem: Problem, column: str | None = None) -> None:
        self.errors.append(self._problem(line, problem, column))

    def at_cell(self, cell: str, problem: Problem) -> None:
        self.errors.append(
            ImportProblem(file=self.name, line=None, problem=problem, sheet=self.sheet, cell=cell)
        )

    def rows(
        self,
        frame: pl.DataFrame,
        bad: pl.Expr,
        problem: Problem,
        column: str | None = None,
        *,
        other_line: str | None = None,
    ) -> None:
        failing = frame.filter(bad.fill_null(False))
        wanted = [LINE, other_line] if other_line else [LINE]
        for row in failing.head(MAX_ERRORS_PER_CHECK).select(wanted).iter_rows():
            self.errors.append(
                self._problem(
                    int(row[0]), problem, column, other_line=int(row[1]) if other_line else None
                )
            )
        if failing.height > MAX_ERRORS_PER_CHECK:
            self.errors.append(
                ImportProblem(
                    file=self.name,
                    line=None,
                    problem=Problem.MORE_ROWS,
                    column=column,
                    count=failing.height - MAX_ERRORS_PER_CHECK,
                )
            )

    def required(self, frame: pl.DataFrame, column: str) -> None:
        self.rows(frame, pl.col(column).is_null(), Problem.VALUE_MISSING, column)

    def unique(self, frame: pl.DataFrame, column: str) -> None:
        first = (
            frame.filter(pl.col(column).is_not_null())
            .group_by(column)
            .agg(pl.col(LINE).min().alias("_first"))
        )
        repeated = frame.join(first, on=column).filter(pl.col(LINE) > pl.col("_first"))
        self.rows(repeated.sort(LINE), pl.lit(True), Problem.DUPLICATE, column, other_line="_first")

    def date(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        parsed = pl.col(column).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__d"))
        self.rows(
            frame,
            pl.col(column).is_not_null() & pl.col(f"{column}__d").is_null(),
            Problem.NOT_DATE,
            column,
        )
        return frame

    def number(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        low, high, low_open = RANGES[column]
        parsed = pl.col(column).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        frame = frame.with_columns(parsed.alias(f"{column}__n"))
        value = pl.col(f"{column}__n")
        below = (value <= low) if low_open else (value < low)
        self.rows(
            frame,
            pl.col(column).is_not_null()
            & (value.is_null() | value.is_nan() | below | (value > high)),
            Problem.OUT_OF_RANGE,
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
            result.errors.append(ImportProblem(file=kind, line=None, problem=Problem.FILE_MISSING))
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
    check.unique(employees, "employee_id")
    check.rows(
        employees,
        pl.col("gender").is_not_null() & ~pl.col("gender").is_in(["K", "M"]),
        Problem.UNKNOWN_GENDER,
        "gender",
    )
    employees = check.number(employees, "birth_year")
    known_people = set(employees["employee_id"].drop_nulls().to_list())

    # employments
    jobs = frames["employments"]
    check = checkers["employments"]
    for column in ("employment_id", "employee_id", "unit_code", "start_date", "form"):
        check.required(jobs, column)
    check.unique(jobs, "employment_id")
    check.rows(
        jobs,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        Problem.UNKNOWN_EMPLOYEE,
        "employee_id",
    )
    check.rows(
        jobs,
        pl.col("unit_code").is_not_null() & ~pl.col("unit_code").is_in(sorted(unit_codes)),
        Problem.UNKNOWN_UNIT,
        "unit_code",
    )
    check.rows(
        jobs,
        pl.col("form").is_not_null() & ~pl.col("form").is_in(list(FORMS)),
        Problem.UNKNOWN_FORM,
        "form",
    )
    jobs = check.date(jobs, "start_date")
    jobs = check.date(jobs, "end_date")
    check.rows(
        jobs, pl.col("end_date__d") < pl.col("start_date__d"), Problem.END_BEFORE_START, "end_date"
    )
    salaried = pl.col("form") != FORM_HOURLY
    check.rows(
        jobs,
        salaried & pl.col("weekly_hours").is_null(),
        Problem.HOURS_REQUIRED,
        "weekly_hours",
    )
    check.rows(jobs, salaried & pl.col("extent").is_null(), Problem.HOURS_REQUIRED, "extent")
    jobs = check.number(jobs, "weekly_hours")
    jobs = check.number(jobs, "extent")

    # absences
    absences = frames["absences"]
    check = checkers["absences"]
    for column in ("employee_id", "start_date", "end_date", "extent", "kind"):
        check.required(absences, column)
    check.rows(
        absences,
        pl.col("employee_id").is_not_null() & ~pl.col("employee_id").is_in(list(known_people)),
        Problem.UNKNOWN_EMPLOYEE,
        "employee_id",
    )
    absences = check.date(absences, "start_date")
    absences = check.date(absences, "end_date")
    check.rows(
        absences,
        pl.col("end_date__d") < pl.col("start_date__d"),
        Problem.END_BEFORE_START,
        "end_date",
    )
    absences = check.number(absences, "extent")

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
