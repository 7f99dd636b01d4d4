"""Reading the files of an HR extract as tables of text: CSV (UTF-8, header row, comma or
semicolon) or XLSX (first sheet, header row), read column-wise with Polars. Lines count as in a
spreadsheet: the header is line 1. A file that cannot be read is a problem with its place,
never its content."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from .import_problems import LINE, Checker, Problem
from .schema import COLUMNS, FILES, OPTIONAL


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


def read_table(source: Source, kind: str, checker: Checker) -> pl.DataFrame | None:
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


def _row_texts(
    cells, formula_cells, line: int, names: list[str], checker: Checker
) -> list[str | None]:
    """A sheet row's cells as text; a formula without its saved value, an error value and a
    value in a column without a header (below the header row) are problems with their cell."""
    from openpyxl.utils import get_column_letter

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
    return texts


def _read_xlsx(source: Source, checker: Checker) -> pl.DataFrame | None:
    """The first sheet, every row that holds a value.

    A formula is read as the value the spreadsheet program saved with it; a formula saved
    without one (a file written by a program that does not calculate) or one whose value is an
    error is refused with its cell, never read as empty. The sheet's declared dimension is
    ignored: rows and columns beyond it are read too (a wrong dimension would hide them).
    """
    from openpyxl import load_workbook

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
        texts = _row_texts(cells, formula_cells, line, names, checker)
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
