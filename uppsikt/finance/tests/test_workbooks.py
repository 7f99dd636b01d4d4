"""The Excel round trip: Uppsikt's templates out, filled in, and back; bad workbooks refused
with sheet, row and column, and nothing saved."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import selectors, services, workbooks
from uppsikt.finance.models import (
    CapitalForecast,
    CapitalProject,
    Forecast,
    OperatingBudget,
    ReportLine,
)
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

from .test_ledger import LEDGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=LEDGER.encode("cp437"), filename="r.se"
    )
    services.capital_project_create(
        actor=SYSTEM,
        organisation=org,
        code="P1",
        name="IT",
        category=CapitalProject.Category.REINVESTMENT,
        unit=rk,
    )
    return org


def rows_of(sheet):
    return {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value}


def edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_forecast_template_round_trip(org):
    rk = org.units.get(code="RK")
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)

    def fill(book):
        rows = rows_of(book["Prognos"])
        rows["staff"][5].value = -1210  # tkr
        rows["Kommentar"][1].value = "Vakanser"
        capital = book["Investeringar"]
        capital.append(["P1", "IT", None, None, "2 500,5", "Dyrare skärmar"])

    result = workbooks.workbook_import(
        actor=SYSTEM, organisation=org, data=edit(data, fill), filename="p.xlsx"
    )
    assert result == {"kind": "forecast", "unit": "RK", "lines": 5, "projects": 1}
    staff = Forecast.objects.get(unit=rk, report_line__code="staff")
    assert staff.cents == -121_000_000 and staff.as_of == 202402 and staff.comment == "Vakanser"
    capital = CapitalForecast.objects.get()
    assert capital.cents == 250_050_000 and capital.comment == "Dyrare skärmar"
    # the lines left as prefilled keep the proposal: revenue actual 60 000 + Mar–Dec budget 0
    assert Forecast.objects.get(unit=rk, report_line__code="revenue").cents == 6_000_000


def test_budget_template_round_trip_makes_a_new_revision(org):
    rk = org.units.get(code="RK")
    data = workbooks.budget_template(organisation=org, unit=rk, year=2024)

    def fill(book):
        sheet = book["Budget"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "staff" and row[2].value == 3:
                row[3].value = -50  # March: −50 tkr
            if row[0].value == "Beslut":
                row[1].value = "Revidering i mars"

    workbooks.workbook_import(
        actor=SYSTEM, organisation=org, data=edit(data, fill), filename="b.xlsx"
    )
    revision = OperatingBudget.objects.get(unit=rk)
    assert revision.label == "Revidering i mars" and revision.source == "xlsx"
    ytd = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=3)
    # the ledger's Jan and Feb (−100 000 each) came through the template; March −50 000 added
    assert ytd.row("staff").budget == Decimal(-250_000)


def assert_refused(org, data, *fragments):
    before = (
        Forecast.objects.count(),
        CapitalForecast.objects.count(),
        OperatingBudget.objects.count(),
    )
    with pytest.raises(ImportFailed) as info:
        workbooks.workbook_import(actor=SYSTEM, organisation=org, data=data, filename="m.xlsx")
    text = info.value.message + "\n" + "\n".join(info.value.errors)
    for fragment in fragments:
        assert fragment in text, text
    assert before == (
        Forecast.objects.count(),
        CapitalForecast.objects.count(),
        OperatingBudget.objects.count(),
    )


def test_a_workbook_that_is_not_an_uppsikt_template_is_refused(org):
    book = Workbook()
    book.active.append(["staff", "Personal", 1, 2, 3, 4])
    out = io.BytesIO()
    book.save(out)
    assert_refused(org, out.getvalue(), "ingen Uppsikt-mall")
    assert_refused(org, b"PK\x03\x04 not really", "ingen Excel-fil")


def test_text_in_an_amount_cell_and_an_unknown_project_name_sheet_row_and_column(org):
    rk = org.units.get(code="RK")
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)

    def spoil(book):
        rows = rows_of(book["Prognos"])
        rows["staff"][5].value = "mycket"
        book["Investeringar"].append(["NOPE", "Okänt", None, None, 1, ""])

    data = edit(data, spoil)
    staff_row = next(
        r
        for r in load_workbook(io.BytesIO(data))["Prognos"].iter_rows(min_row=2)
        if r[0].value == "staff"
    )[0].row
    assert_refused(
        org,
        data,
        f"m.xlsx, blad Prognos, rad {staff_row}, kolumn F: ”mycket” är inget belopp.",
        "m.xlsx, blad Investeringar, rad 2, kolumn A: projektet ”NOPE” finns inte.",
    )


def test_a_month_outside_the_year_is_refused(org):
    rk = org.units.get(code="RK")
    data = workbooks.budget_template(organisation=org, unit=rk, year=2024)

    def spoil(book):
        book["Budget"]["C2"].value = 13

    assert_refused(
        org, edit(data, spoil), "blad Budget, rad 2, kolumn C: månaden ”13” ligger utanför året"
    )


def test_templates_download_and_upload_through_the_web(client, org):
    user = factories.user("c")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    response = client.get(
        reverse("finance:template", args=["prognos"]), {"enhet": "RK", "manad": "2024-02"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = edit(
        response.content, lambda book: setattr(rows_of(book["Prognos"])["staff"][5], "value", -1000)
    )
    client.post(
        reverse("finance:template_upload"),
        {
            "file": SimpleUploadedFile("p.xlsx", data),
            "next": "/ekonomi/prognos/?enhet=RK&manad=2024-02",
        },
    )
    assert Forecast.objects.get(report_line__code="staff").cents == -100_000_000
    assert (
        client.get(
            reverse("finance:template", args=["other"]), {"enhet": "RK", "manad": "2024-02"}
        ).status_code
        == 404
    )
    bad = client.post(
        reverse("finance:template_upload"),
        {"file": SimpleUploadedFile("x.xlsx", b"nope")},
        follow=True,
    )
    assert "inte en giltig .xlsx-fil" in bad.content.decode()
    assert Forecast.objects.get(report_line__code="staff").cents == -100_000_000  # unchanged


HYPERLINK = '=HYPERLINK("http://evil.example","Klicka här")'


def formula_cells(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def staff_forecast(org, unit, comment: str) -> None:
    line = ReportLine.objects.get(organisation=org, code="staff")
    services.forecast_set(
        actor=SYSTEM,
        unit=unit,
        year=2024,
        as_of=(2024, 2),
        amounts={line: Decimal(-1_210_000)},
        comment=comment,
    )


def test_a_forecast_comment_written_as_a_formula_is_a_text_cell_in_the_template(org):
    rk = org.units.get(code="RK")
    staff_forecast(org, rk, HYPERLINK)
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)
    comment = rows_of(load_workbook(io.BytesIO(data))["Prognos"])["Kommentar"][1]
    assert comment.data_type == "s" and comment.value == HYPERLINK
    assert formula_cells(data) == []


def test_a_forecast_comment_like_a_formula_comes_back_from_the_template_unchanged(org):
    # given: the comment "=1+1", written to the template and read back untouched
    rk = org.units.get(code="RK")
    staff_forecast(org, rk, "=1+1")
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)
    # when: opened and saved again (as a spreadsheet program would), then imported
    workbooks.workbook_import(
        actor=SYSTEM, organisation=org, data=edit(data, lambda book: None), filename="p.xlsx"
    )
    # then: the same text, neither a formula's result nor with a quote in front
    assert Forecast.objects.get(unit=rk, report_line__code="staff").comment == "=1+1"


def test_no_text_of_the_forecast_template_becomes_a_formula(org):
    # given: every text the template shows begins like a formula
    rk = org.units.get(code="RK")
    ReportLine.objects.filter(organisation=org).update(name="@SUM(1+1)")
    CapitalProject.objects.filter(organisation=org).update(name="+1")
    project = CapitalProject.objects.get(organisation=org, code="P1")
    services.capital_forecast_set(
        actor=SYSTEM,
        project=project,
        year=2024,
        as_of=(2024, 2),
        amount=Decimal(1000),
        comment="-1+1",
    )
    staff_forecast(org, rk, HYPERLINK)
    # when
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)
    # then
    assert formula_cells(data) == []
    capital = rows_of(load_workbook(io.BytesIO(data))["Investeringar"])["P1"]
    assert [(c.value, c.data_type) for c in (capital[1], capital[5])] == [
        ("+1", "s"),
        ("-1+1", "s"),
    ]


def test_no_text_of_the_budget_template_becomes_a_formula(org):
    rk = org.units.get(code="RK")
    ReportLine.objects.filter(organisation=org).update(name="=1+1")
    data = workbooks.budget_template(organisation=org, unit=rk, year=2024)
    assert formula_cells(data) == []
    names = [row[1] for row in load_workbook(io.BytesIO(data))["Budget"].iter_rows(min_row=2)]
    assert {(c.value, c.data_type) for c in names if c.value} >= {("=1+1", "s")}


def _stored_forecast(org):
    """A forecast for RK made in February 2024 through the template: the five report lines."""
    rk = org.units.get(code="RK")
    data = workbooks.forecast_template(organisation=org, unit=rk, year=2024, month=2)
    filled = edit(data, lambda book: setattr(rows_of(book["Prognos"])["staff"][5], "value", -1210))
    workbooks.workbook_import(actor=SYSTEM, organisation=org, data=filled, filename="p.xlsx")
    assert Forecast.objects.filter(unit=rk, as_of=202402).count() == 5
    return rk, data


def _empty_forecast_rows(book):
    sheet = book["Prognos"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value not in (None, "Kommentar"):
            for cell in row:
                cell.value = None


def test_an_emptied_forecast_template_is_refused_and_the_stored_forecast_kept(org):
    rk, data = _stored_forecast(org)
    assert_refused(org, edit(data, _empty_forecast_rows), "inga prognosbelopp")
    # −1 210 tkr = −121 000 000 öre, as stored before the refused upload
    assert Forecast.objects.get(unit=rk, report_line__code="staff").cents == -121_000_000


def test_a_forecast_template_missing_a_line_with_a_stored_forecast_is_refused(org):
    rk, data = _stored_forecast(org)

    def drop_staff(book):
        for cell in rows_of(book["Prognos"])["staff"]:
            cell.value = None

    assert_refused(org, edit(data, drop_staff), "staff")
    assert Forecast.objects.filter(unit=rk, as_of=202402).count() == 5


def test_a_forecast_without_amounts_is_refused_by_the_service(org):
    from uppsikt.core.exceptions import DomainError

    rk, _data = _stored_forecast(org)
    with pytest.raises(DomainError):
        services.forecast_set(actor=SYSTEM, unit=rk, year=2024, as_of=(2024, 2), amounts={})
    assert Forecast.objects.filter(unit=rk, as_of=202402).count() == 5


def test_an_emptied_template_uploaded_through_the_web_says_why_and_deletes_nothing(client, org):
    rk, data = _stored_forecast(org)
    user = factories.user("c-rk")
    factories.grant(user, Role.CONTROLLER, org, unit=rk)
    client.force_login(user)
    response = client.post(
        reverse("finance:template_upload"),
        {
            "file": SimpleUploadedFile("p.xlsx", edit(data, _empty_forecast_rows)),
            "next": "/ekonomi/prognos/?enhet=RK&manad=2024-02",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "inga prognosbelopp" in html
    assert "0 rapportrader" not in html
    assert Forecast.objects.filter(unit=rk, as_of=202402).count() == 5
