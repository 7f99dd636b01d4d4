"""XLSX extracts: formulas, the declared dimension and cells outside the header are never read
silently as empty or left out; no error quotes a value of the files (they are personal data)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from uppsikt.core.exceptions import ImportFailed
from uppsikt.workforce.import_tables import Source
from uppsikt.workforce.tests.test_import import (
    ABSENCES,
    EMPLOYEES,
    EMPLOYMENTS,
    import_,
    org,  # noqa: F401 - the fixture
    sources,
    xlsx,
)

pytestmark = pytest.mark.django_db


def edit_sheet(book: bytes, edit) -> bytes:
    """``book`` with its first sheet's XML passed through ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            zout.writestr(item, content)
    return out.getvalue()


def employees_with_formula(cached: str | None) -> bytes:
    """employees.xlsx whose birth year on line 3 (cell C3) is the formula 1970+5, saved with
    ``cached`` as its value or with none (as a program that does not calculate writes it)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["employee_id", "gender", "birth_year"])
    sheet.append(["E1", "K", 1980])
    sheet.append(["E2", "M", "=1970+5"])
    sheet.append(["E3", None, 1990])
    out = io.BytesIO()
    book.save(out)

    def set_cached(xml: str) -> str:
        cell = re.search(r'<c r="C3"[^>]*>.*?</c>', xml).group(0)
        assert "<f>" in cell
        value = "" if cached is None else f"<v>{cached}</v>"
        return xml.replace(
            cell, re.sub(r"<v\s*/>|<v>[^<]*</v>", "", cell).replace("</c>", value + "</c>")
        )

    return edit_sheet(out.getvalue(), set_cached)


def with_employees(book: bytes) -> dict[str, Source]:
    srcs = sources()
    srcs["employees"] = Source("employees.xlsx", book)
    return srcs


def test_a_formula_is_read_as_the_value_saved_with_it(org):  # noqa: F811
    result = import_(org, with_employees(employees_with_formula("1975")))
    assert result.counts["employees"] == 3
    from uppsikt.workforce.services import _hr_data

    birth = dict(_hr_data(result.extract).employees.select("employee_id", "birth_year").iter_rows())
    assert birth["E2"] == 1975


def test_a_formula_without_a_saved_value_is_refused_with_file_sheet_and_cell(org):  # noqa: F811
    with pytest.raises(ImportFailed) as caught:
        import_(org, with_employees(employees_with_formula(None)))
    assert caught.value.errors == [
        "employees.xlsx, blad 1, cell C3: formeln har inget sparat värde; öppna filen i ett "
        "kalkylprogram och spara den igen, eller ersätt formeln med värdet."
    ]


def test_a_formula_whose_value_is_an_error_is_refused_with_its_cell(org):  # noqa: F811
    def error_value(xml: str) -> str:
        cell = re.search(r'<c r="C3"[^>]*>.*?</c>', xml).group(0)
        return xml.replace(cell, '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')

    book = edit_sheet(employees_with_formula("1975"), error_value)
    with pytest.raises(ImportFailed) as caught:
        import_(org, with_employees(book))
    assert caught.value.errors == [
        "employees.xlsx, blad 1, cell C3: cellen innehåller ett felvärde."
    ]


def test_rows_beyond_the_declared_dimension_are_read(org):  # noqa: F811
    # the sheet declares A1:C3 but holds four lines: E3 on line 4 is read all the same
    book = edit_sheet(
        xlsx(EMPLOYEES),
        lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:C3"/>', xml),
    )
    result = import_(org, with_employees(book))
    assert result.counts["employees"] == 3


def test_a_value_in_a_column_without_a_header_is_refused_with_its_cell(org):  # noqa: F811
    book = xlsx(EMPLOYEES.replace("E2,M,1975", "E2,M,1975,extra"))
    with pytest.raises(ImportFailed) as caught:
        import_(org, with_employees(book))
    assert caught.value.errors == [
        "employees.xlsx, blad 1, cell D3: värdet står i en kolumn utan rubrik."
    ]


def test_no_import_error_quotes_a_value_of_the_files(org):  # noqa: F811
    # every check fails once, each on a value that appears nowhere else
    employees = EMPLOYEES + "E1,Q,1970\nE5,K,17A0\n"
    employments = EMPLOYMENTS + (
        "A9,E77,ZZ9,2024-02-30,2023-01-01,provanst,200,130,\nA1,E1,U1,2024-05-01,,tillsvidare,,,\n"
    )
    absences = ABSENCES + "E88,2025-02-10,2025-02-01,150,sjuk\n"
    with pytest.raises(ImportFailed) as caught:
        import_(org, sources(employees=employees, employments=employments, absences=absences))
    errors = "\n".join(caught.value.errors)
    assert errors.count("\n") >= 10
    for value in (
        "Q",
        "17A0",
        "E77",
        "ZZ9",
        "2024-02-30",
        "2023-01-01",
        "provanst",
        "200",
        "130",
        "E88",
        "2025-02-10",
        "2025-02-01",
        "150",
        "E1 ",
    ):
        assert value not in errors, value
    for place in (
        "rad 5, kolumn gender",
        "rad 6, kolumn birth_year",
        "rad 6, kolumn unit_code",
        "rad 6, kolumn start_date",
        "rad 6, kolumn form",
        "rad 6, kolumn weekly_hours",
        "rad 6, kolumn extent",
        "rad 7, kolumn weekly_hours",
        "absences.csv, rad 5, kolumn employee_id",
        "absences.csv, rad 5, kolumn end_date",
    ):
        assert place in errors, place


def test_a_malformed_csv_is_refused_without_its_content(org):  # noqa: F811
    employees = EMPLOYEES + 'E9,"K,1970\n'
    with pytest.raises(ImportFailed) as caught:
        import_(org, sources(employees=employees))
    errors = "\n".join(caught.value.errors)
    assert errors.startswith("employees.csv")
    assert "E9" not in errors and "1970" not in errors


def test_correct_workbooks_are_read_in_full(org):  # noqa: F811
    srcs = {
        kind: Source(f"{kind}.xlsx", xlsx(text))
        for kind, text in (
            ("employees", EMPLOYEES),
            ("employments", EMPLOYMENTS),
            ("absences", ABSENCES),
        )
    }
    result = import_(org, srcs, covers_until=dt.date(2025, 3, 31))
    assert result.counts == {"employees": 3, "employments": 4, "absences": 3}
