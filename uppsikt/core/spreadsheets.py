"""The one way Uppsikt writes CSV and XLSX files, so that no text becomes a formula.

A text that people or other systems wrote (a comment, a case title, an account name from a SIE
file) can begin with ``=``, ``+``, ``-`` or ``@``; a spreadsheet program opening the file would
run it as a formula (``=HYPERLINK("http://…","Klicka här")``). Tab and carriage return at the
start are treated the same way by some programs. So:

- **CSV** has no types: a text beginning with one of ``= + - @``, tab or CR gets a single quote
  in front (the OWASP rule for CSV injection), which spreadsheet programs show as text.
- **XLSX** has types: every text is written as a string cell (openpyxl would otherwise store a
  ``str`` beginning with ``=`` as a formula and ``#N/A`` as an error), and one beginning with a
  risky character also carries the cell's *quote prefix* (Excel's own leading apostrophe) so it
  stays text when someone edits the cell. The text itself is unchanged, so a template read back
  gives exactly the text that was written: a comment ``=1+1`` comes back as ``=1+1``.

Numbers, dates and empty cells are written as they are: ``-17.5`` stays a number.

Every writer takes its workbook from :func:`new_workbook` (whose sheets write text safely through
``append`` and ``cell``) and its CSV writer from :func:`csv_writer`; a test keeps it that way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_AS_IS = (numbers.Number, dt.date, dt.time, dt.timedelta)


def is_risky(text: str) -> bool:
    return text.startswith(RISKY_START)


def csv_field(value):
    """A value as a CSV field: numbers, dates and None as they are, any other value as text,
    quoted with ``'`` when it begins with ``= + - @``, tab or CR."""
    if isinstance(value, str):
        return "'" + value if value.startswith(RISKY_START) else value
    if value is None or isinstance(value, _AS_IS):
        return value
    text = str(value)
    return "'" + text if is_risky(text) else text


class _SafeCsvWriter:
    """Rows through :func:`csv_field`. A row with a CR or LF in a field is first written with
    ``\\r\\n`` as line end, so that the csv module quotes that field (with ``\\n`` alone it
    leaves a bare CR unquoted, which splits the row in a spreadsheet), then ended with the
    caller's line terminator."""

    def __init__(self, stream, options: dict):
        self._stream = stream
        self._terminator = options.pop("lineterminator", "\r\n")
        self._direct = csv.writer(stream, lineterminator=self._terminator, **options)
        self._buffer = io.StringIO()
        self._quoting = csv.writer(self._buffer, lineterminator="\r\n", **options)

    def writerow(self, row):
        fields = [csv_field(value) for value in row]
        if not any(isinstance(f, str) and ("\r" in f or "\n" in f) for f in fields):
            return self._direct.writerow(fields)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._quoting.writerow(fields)
        return self._stream.write(self._buffer.getvalue().removesuffix("\r\n") + self._terminator)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **options) -> _SafeCsvWriter:
    """Like ``csv.writer(stream, **options)``, with every field through :func:`csv_field`."""
    return _SafeCsvWriter(stream, options)


def write_cell(cell: Cell, value) -> Cell:
    """Put ``value`` in ``cell``: a text always as a string cell, never a formula."""
    if value is None or isinstance(value, (*_AS_IS, bool)):
        cell.value = value
        return cell
    text = str(value)
    cell.value = text  # openpyxl checks the characters and guesses a type …
    cell.data_type = "s"  # … which for "=…" is a formula and for "#N/A" an error: text it is
    if is_risky(text):
        cell.quotePrefix = True
    return cell


class TextSafeWorksheet(Worksheet):
    """A worksheet whose ``append`` and ``cell(value=…)`` write text with :func:`write_cell`."""

    def append(self, iterable):
        if isinstance(iterable, dict):
            raise TypeError("append a list of values, in column order")
        values = list(iterable)
        super().append([None] * len(values))
        if values:
            row = self.max_row
            for column, value in enumerate(values, start=1):
                write_cell(super().cell(row, column), value)

    def cell(self, row, column, value=None):
        cell = super().cell(row, column)
        if value is not None:
            write_cell(cell, value)
        return cell


class _TextSafeWorkbook(Workbook):
    def __init__(self):
        super().__init__()
        self.active.__class__ = TextSafeWorksheet

    def create_sheet(self, title=None, index=None):
        sheet = super().create_sheet(title=title, index=index)
        # same object, same state; only append and cell change
        sheet.__class__ = TextSafeWorksheet
        return sheet


def new_workbook() -> Workbook:
    """An empty workbook whose sheets (the first one and every one created) are text-safe."""
    return _TextSafeWorkbook()
