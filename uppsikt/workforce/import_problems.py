"""What can be wrong in an HR extract (docs/workforce.md, HR files), and the checker that
collects each problem with its place: file, line and column of a CSV file, sheet and cell of a
workbook.

An ``ImportProblem`` has no place for a cell's value: the rows are personal data (sick leave,
personal numbers) and never leave the computation, not even in an error message.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .hrdata import FORMS
from .schema import ALL_COLUMNS

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


class Checker:
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
