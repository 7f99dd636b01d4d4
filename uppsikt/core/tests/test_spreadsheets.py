"""CSV and XLSX are written one way, and no text becomes a formula: the rules of
``core.spreadsheets`` and a check that every writer in Uppsikt goes through it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from uppsikt.core.spreadsheets import csv_field, csv_writer, new_workbook

PACKAGE = Path(__file__).resolve().parents[2]
HELPER = PACKAGE / "core" / "spreadsheets.py"
RISKY = ["=1+1", "+1", "-1+1", "@SUM(1+1)", "\tFlik", "\rRetur"]


@pytest.mark.parametrize("text", RISKY, ids=repr)
def test_a_text_beginning_with_a_formula_character_gets_a_quote_in_csv(text):
    assert csv_field(text) == "'" + text


@pytest.mark.parametrize("text", ["Bank", "1-2", " =1", "a=b", "", "'=1"], ids=repr)
def test_any_other_text_is_written_as_it_is_in_csv(text):
    assert csv_field(text) == text


@pytest.mark.parametrize(
    "value", [-17.5, -3, Decimal("-17.50"), dt.date(2024, 1, 31), None], ids=repr
)
def test_numbers_dates_and_empty_values_are_not_touched_in_csv(value):
    assert csv_field(value) is value


def test_a_csv_row_with_a_carriage_return_stays_one_row_with_any_line_end():
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["a\rb", "\rc", -1])
    writer.writerow(["d", "e", 2])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["a\rb", "'\rc", "-1"], ["d", "e", "2"]]


def test_text_in_a_workbook_is_a_string_cell_kept_as_written_and_numbers_stay_numbers():
    book = new_workbook()
    book.active.append([*RISKY, "#N/A", -17.5, dt.date(2024, 1, 31)])
    other = book.create_sheet("Annat")
    other.cell(1, 1, '=HYPERLINK("http://evil.example","Klicka här")')
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()))
    first = list(read.worksheets[0].iter_rows(values_only=False))[0]
    assert [c.value for c in first[:7]] == [*RISKY, "#N/A"]
    assert [c.data_type for c in first[:7]] == ["s"] * 7
    # a risky text also carries Excel's quote prefix, so it stays text when edited
    assert [c.quotePrefix for c in first[:7]] == [True] * 6 + [False]
    assert (first[7].value, first[7].data_type) == (-17.5, "n")
    assert first[8].value == dt.datetime(2024, 1, 31)
    assert read["Annat"]["A1"].data_type == "s"


def test_a_workbook_read_back_in_read_only_mode_gives_the_same_text():
    book = new_workbook()
    book.active.append(RISKY)
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()), read_only=True, data_only=True)
    assert list(next(read.active.iter_rows(values_only=True))) == RISKY


# Writing a CSV or a workbook any other way bypasses the rules above.
FORBIDDEN = {
    r"\bcsv\.(writer|DictWriter)\(": "csv_writer from uppsikt.core.spreadsheets",
    r"(?<![\w.])Workbook\(|openpyxl\.Workbook\(": "new_workbook from uppsikt.core.spreadsheets",
    r"write_only\s*=\s*True|WriteOnly": "new_workbook from uppsikt.core.spreadsheets",
    r"\.(write_csv|to_csv|write_excel|to_excel)\(": "csv_writer or new_workbook",
    r"xlsxwriter": "new_workbook from uppsikt.core.spreadsheets",
}
CELL_VALUE = re.compile(r"\.value\s*=(?!=)")
# Text that is never a file a person opens, each with why: the ledger's balances copied into
# PostgreSQL as CSV (COPY … FROM STDIN).
NOT_FOR_PEOPLE = {("finance/services/ledger_import.py", "copy.write(chunk.write_csv(")}


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == HELPER or "tests" in path.relative_to(PACKAGE).parts:
            continue
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_every_csv_and_xlsx_writer_goes_through_the_spreadsheets_module():
    found = []
    for path, text in _sources():
        for number, line in enumerate(text.splitlines(), start=1):
            relative = str(path.relative_to(PACKAGE))
            if any(relative == p and part in line for p, part in NOT_FOR_PEOPLE):
                continue
            for pattern, instead in FORBIDDEN.items():
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(PACKAGE)}:{number}: use {instead}")
            if "openpyxl" in text and CELL_VALUE.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: use write_cell")
    assert found == []


def test_the_source_check_would_find_a_writer_that_bypasses_the_module():
    # the patterns above match the ways a writer would be written by hand
    samples = [
        "writer = csv.writer(out)",
        "w = csv.DictWriter(f, fields)",
        "book = Workbook()",
        "book = openpyxl.Workbook()",
        "frame.write_csv(path)",
    ]
    for sample in samples:
        assert any(re.search(p, sample) for p in FORBIDDEN), sample
    assert not any(re.search(p, "book = new_workbook()") for p in FORBIDDEN)
    assert not any(re.search(p, "load_workbook(io.BytesIO(data))") for p in FORBIDDEN)
    assert CELL_VALUE.search("sheet['A1'].value = text")
