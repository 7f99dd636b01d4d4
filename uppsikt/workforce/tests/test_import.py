"""Importing an HR extract: checks with file and line, all or nothing, the same extract replaces
itself, XLSX as CSV, raw rows kept only for the computation and purged by retention."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from uppsikt.core.exceptions import ImportFailed, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.workforce import services
from uppsikt.workforce.hrdata import Period
from uppsikt.workforce.import_tables import Source
from uppsikt.workforce.models import HrExtract, HrExtractData, StaffFigureSet

pytestmark = pytest.mark.django_db

EMPLOYEES = "employee_id,gender,birth_year\nE1,K,1980\nE2,M,1975\nE3,,1990\n"
EMPLOYMENTS = (
    "employment_id,employee_id,unit_code,start_date,end_date,form,weekly_hours,extent,end_reason\n"
    "A1,E1,U1,2020-01-01,,tillsvidare,40,100,\n"
    'A2,E2,U1,2021-03-01,2025-01-31,tillsvidare,"38,25",75,pension\n'
    "A3,E3,U2,2024-01-01,2024-12-31,visstid,40,50,\n"
    "A4,E3,U2,2024-06-01,,timavlönad,,,\n"
)
ABSENCES = (
    "employee_id,start_date,end_date,extent,kind\n"
    "E1,2025-01-10,2025-01-12,100,sjuk\n"
    "E2,2024-11-01,2024-11-30,50,sjuk\n"
    "E3,2024-07-01,2024-07-20,100,semester\n"
)


@pytest.fixture
def org():
    organisation = factories.organisation()
    root = factories.unit(organisation, "U")
    factories.unit(organisation, "U1", parent=root)
    factories.unit(organisation, "U2", parent=root)
    return organisation


def sources(employees=EMPLOYEES, employments=EMPLOYMENTS, absences=ABSENCES, ext="csv"):
    return {
        "employees": Source(f"employees.{ext}", employees.encode()),
        "employments": Source(f"employments.{ext}", employments.encode()),
        "absences": Source(f"absences.{ext}", absences.encode()),
    }


def import_(org, srcs=None, **kw):
    return services.hr_extract_import(
        actor=SYSTEM, organisation=org, sources=srcs or sources(), **kw
    )


def test_a_good_extract_is_stored_with_its_counts(org):
    result = import_(org, covers_until=dt.date(2025, 3, 31))
    assert result.counts == {"employees": 3, "employments": 4, "absences": 3}
    assert result.replaced is False
    extract = HrExtract.objects.get()
    assert extract.covers_until == dt.date(2025, 3, 31)
    assert HrExtractData.objects.filter(extract=extract).exists()
    assert AuditEvent.objects.filter(action="hr_extract.import").count() == 1


def test_the_decimal_comma_and_empty_hours_of_hourly_staff_are_read(org):
    import_(org)
    data = services._hr_data(HrExtract.objects.get())
    hours = dict(
        zip(data.employments["employment_id"], data.employments["weekly_hours"], strict=True)
    )
    assert hours["A2"] == 38.25
    assert hours["A4"] == 0.0


def test_covers_until_defaults_to_the_latest_date_in_the_files_but_not_after_today(org):
    import_(org)
    # the latest date is 2025-01-31 (A2's end); today is later
    assert HrExtract.objects.get().covers_until == min(dt.date(2025, 1, 31), timezone.localdate())


def test_reimporting_the_same_extract_replaces_it(org):
    import_(org)
    result = import_(org)
    assert result.replaced is True
    assert HrExtract.objects.count() == 1
    assert HrExtractData.objects.count() == 1


def test_errors_name_file_and_line_and_nothing_is_written(org):
    bad_jobs = EMPLOYMENTS.replace("A3,E3,U2", "A3,E3,XX").replace(
        "A4,E3,U2,2024-06-01,,timavlönad", "A1,E3,U2,2024-06-01,2024-05-01,timavlönad"
    )
    bad_absences = ABSENCES + "E9,2025-01-01,2025-01-02,150,sjuk\n"
    with pytest.raises(ImportFailed) as caught:
        import_(org, sources(employments=bad_jobs, absences=bad_absences))
    errors = caught.value.errors
    assert "employments.csv, rad 4, kolumn unit_code: okänd enhetskod." in errors
    assert "employments.csv, rad 5, kolumn employment_id: finns redan på rad 2." in errors
    assert (
        "employments.csv, rad 5, kolumn end_date: slutdatum (end_date) är före startdatum "
        "(start_date)." in errors
    )
    assert (
        "absences.csv, rad 5, kolumn employee_id: anställningsnumret finns inte i filen "
        "employees." in errors
    )
    assert "absences.csv, rad 5, kolumn extent: ska vara ett tal från 0 till 100." in errors
    assert HrExtract.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="hr_extract").count() == 0


def test_a_repeated_employee_id_is_an_error(org):
    with pytest.raises(ImportFailed) as caught:
        import_(org, sources(employees=EMPLOYEES + "E1,M,1970\n"))
    assert caught.value.errors == [
        "employees.csv, rad 5, kolumn employee_id: finns redan på rad 2."
    ]


def test_a_missing_column_and_a_bad_date_are_errors(org):
    with pytest.raises(ImportFailed) as caught:
        import_(
            org,
            sources(
                employees="employee_id,gender\nE1,K\n",
                absences=ABSENCES.replace("2025-01-12", "2025-13-12"),
            ),
        )
    errors = caught.value.errors
    assert "employees.csv, rad 1, kolumn birth_year: kolumnen saknas." in errors


def test_semicolon_separated_csv_is_read(org):
    srcs = sources(
        employees=EMPLOYEES.replace(",", ";"),
        employments=EMPLOYMENTS.replace('"38,25"', "38.25").replace(",", ";"),
        absences=ABSENCES.replace(",", ";"),
    )
    assert import_(org, srcs).counts["employments"] == 4


def xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in text.strip().split("\n"):
        cells = []
        for cell in line.replace('"38,25"', "38.25").split(","):
            if len(cell) == 10 and cell[4] == "-":
                cells.append(dt.date.fromisoformat(cell))
            elif cell.replace(".", "").isdigit() and not cell.startswith("E"):
                cells.append(float(cell))
            else:
                cells.append(cell or None)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_files_give_the_same_figures_as_csv(org):
    until = dt.date(2025, 3, 31)
    import_(org, covers_until=until)
    unit = org.units.get(code="U")
    _x, csv_results = services.staff_figures_compute(
        actor=SYSTEM, organisation=org, units=[unit], periods=[Period(2025, 2)]
    )
    HrExtract.objects.all().delete()
    srcs = {
        kind: Source(f"{kind}.xlsx", xlsx(text))
        for kind, text in (
            ("employees", EMPLOYEES),
            ("employments", EMPLOYMENTS),
            ("absences", ABSENCES),
        )
    }
    assert import_(org, srcs, covers_until=until).extract.file_format == "xlsx"
    _x, xlsx_results = services.staff_figures_compute(
        actor=SYSTEM, organisation=org, units=[unit], periods=[Period(2025, 2)]
    )
    assert xlsx_results[0].figures == csv_results[0].figures


def test_xlsx_errors_name_the_row(org):
    bad = EMPLOYEES + "E4,X,1990\n"
    srcs = sources()
    srcs["employees"] = Source("employees.xlsx", xlsx(bad))
    with pytest.raises(ImportFailed) as caught:
        import_(org, srcs)
    assert caught.value.errors == [
        "employees.xlsx, blad 1, cell B5: okänt kön; tillåtna är K, M eller tomt."
    ]


def test_only_a_controller_or_administrator_of_the_whole_organisation_may_import(org):
    reader = factories.user("lasare")
    factories.grant(reader, Role.READER, org)
    with pytest.raises(NotPermitted):
        services.hr_extract_import(actor=reader, organisation=org, sources=sources())
    local = factories.user("lokal")
    factories.grant(local, Role.CONTROLLER, org, unit=org.units.get(code="U1"))
    with pytest.raises(NotPermitted):
        services.hr_extract_import(actor=local, organisation=org, sources=sources())
    controller = factories.user("controller")
    factories.grant(controller, Role.CONTROLLER, org)
    services.hr_extract_import(actor=controller, organisation=org, sources=sources())


def test_stored_figures_and_recompute_after_a_new_extract(org):
    import_(org, covers_until=dt.date(2025, 3, 31))
    rows = services.staff_figures_recompute(actor=SYSTEM, organisation=org)
    # the series ends with the last month whose end + 30 days is covered: 2025-02
    # (2025-02-28 + 30 = 2025-03-30 ≤ 2025-03-31), 24 months, 3 units
    assert len(rows) == 24 * 3
    latest = StaffFigureSet.objects.filter(unit__code="U").order_by("-period_end").first()
    assert latest.period_end == dt.date(2025, 2, 28)
    assert latest.parameters["suppress_at_most"] == 10
    assert latest.figures["unit"] == "U"
    first_extract = latest.extract
    # a new extract (one more absence), recomputed with one call
    import_(
        org,
        sources(absences=ABSENCES + "E1,2025-02-03,2025-02-04,100,sjuk\n"),
        covers_until=dt.date(2025, 3, 31),
    )
    services.staff_figures_recompute(actor=SYSTEM, organisation=org)
    latest = StaffFigureSet.objects.filter(unit__code="U").order_by("-period_end").first()
    assert latest.extract != first_extract
    assert StaffFigureSet.objects.count() == 24 * 3


def test_retention_purges_raw_rows_and_keeps_the_figures(org):
    import_(org, covers_until=dt.date(2025, 3, 31))
    services.staff_figures_recompute(actor=SYSTEM, organisation=org)
    later = timezone.now() + dt.timedelta(days=31)
    assert services.hr_extracts_purge(actor=SYSTEM, older_than_days=30, now=later) == 1
    assert HrExtractData.objects.count() == 0
    assert HrExtract.objects.get().purged_at is not None
    assert StaffFigureSet.objects.count() == 72
    assert services.hr_extracts_purge(actor=SYSTEM, older_than_days=30, now=later) == 0
