"""Excel templates that Uppsikt writes and reads back: a unit's forecast (per report line and per
capital project) and a unit's operating budget (per report line and month).

A template carries a sheet ``Uppsikt`` saying what it is for (kind, unit, year, month). Reading
checks everything first and names sheet, row and column for each problem; only a workbook
without problems is saved, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.spreadsheets import new_workbook
from uppsikt.organisation.models import Unit

from . import selectors, services
from .forms import parse_amount
from .models import CapitalProject, ReportLine

MAGIC = "uppsikt-template"
VERSION = "1"
EDITABLE = PatternFill("solid", fgColor="FFF2CC")
BOLD = Font(bold=True)


def _kr(value: Decimal | None) -> float | None:
    return None if value is None else float((value / 1000).quantize(Decimal("0.001")))


def _meta(book: Workbook, *, kind: str, unit: Unit, year: int, month: int) -> None:
    sheet = book.create_sheet("Uppsikt")
    for row in (
        [MAGIC, VERSION],
        ["kind", kind],
        ["unit", unit.code],
        ["year", year],
        ["month", month],
    ):
        sheet.append(row)
    sheet.sheet_state = "hidden"


def _header(sheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = BOLD
    for index, title in enumerate(titles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 2)
    sheet.freeze_panes = "A2"


def forecast_template(*, organisation, unit: Unit, year: int, month: int) -> bytes:
    """The unit's forecast sheet (report lines) and capital sheet (its projects), prefilled."""
    table = selectors.forecast_table(organisation=organisation, unit=unit, year=year, month=month)
    book = new_workbook()
    sheet = book.active
    sheet.title = "Prognos"
    _header(
        sheet,
        [
            "Rapportrad",
            "Namn",
            "Årsbudget (tkr)",
            "Utfall hittills (tkr)",
            "Förslag (tkr)",
            "Årsprognos (tkr)",
        ],
    )
    for row in table.rows:
        if row.line is None:
            continue
        sheet.append(
            [
                row.code,
                row.name,
                _kr(row.budget),
                _kr(row.actual),
                _kr(row.proposal),
                _kr(row.forecast),
            ]
        )
        sheet.cell(sheet.max_row, 6).fill = EDITABLE
    sheet.append([])
    sheet.append(["Kommentar", table.comment])
    sheet.cell(sheet.max_row, 2).fill = EDITABLE
    capital = book.create_sheet("Investeringar")
    _header(
        capital,
        [
            "Projektkod",
            "Namn",
            "Årsbudget (tkr)",
            "Ack. utfall (tkr)",
            "Årsprognos (tkr)",
            "Kommentar",
        ],
    )
    for row in selectors.capital_table(
        organisation=organisation, year=year, month=month, unit=unit
    ):
        capital.append(
            [
                row.project.code,
                row.project.name,
                _kr(row.budget),
                _kr(row.actual),
                _kr(row.forecast),
                row.comment,
            ]
        )
        capital.cell(capital.max_row, 5).fill = EDITABLE
        capital.cell(capital.max_row, 6).fill = EDITABLE
    _meta(book, kind="forecast", unit=unit, year=year, month=month)
    return _bytes(book)


def budget_template(*, organisation, unit: Unit, year: int) -> bytes:
    """The unit's current budget, one row per report line and month (1–12), prefilled."""
    budget, _revision = selectors.budget_by_line(unit=unit, year=year, organisation=organisation)
    book = new_workbook()
    sheet = book.active
    sheet.title = "Budget"
    _header(sheet, ["Rapportrad", "Namn", "Månad", "Belopp (tkr)"])
    for line in ReportLine.objects.filter(organisation=organisation).order_by("position"):
        months = budget.get(line, [0] * 12)
        for month, cents in enumerate(months, start=1):
            sheet.append([line.code, line.name, month, _kr(Decimal(cents) / 100)])
            sheet.cell(sheet.max_row, 4).fill = EDITABLE
    sheet.append([])
    sheet.append(["Beslut", f"Budget {year}"])
    sheet.append(["Beslutsdatum", dt.date.today()])
    for r in (sheet.max_row - 1, sheet.max_row):
        sheet.cell(r, 2).fill = EDITABLE
    _meta(book, kind="budget", unit=unit, year=year, month=12)
    return _bytes(book)


def _bytes(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        sheet.protection = Protection(locked=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class Reading:
    filename: str
    errors: list[str] = field(default_factory=list)

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"{self.filename}, blad {sheet}"
        if row is not None:
            where += f", rad {row}"
        if column is not None:
            where += f", kolumn {column}"
        self.errors.append(f"{where}: {message}")


def _amount(
    reading: Reading, sheet: str, row: int, column: str, value, *, required: bool = True
) -> Decimal | None:
    """A cell in tkr → kronor."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            reading.error(sheet, row, column, _("beloppet saknas."))
        return None
    if isinstance(value, bool):
        reading.error(sheet, row, column, _("”%(v)s” är inget belopp.") % {"v": value})
        return None
    try:
        number = (
            Decimal(str(value))
            if isinstance(value, int | float | Decimal)
            else parse_amount(str(value))
        )
        if not number.is_finite() or abs(number) >= 10**9:  # tkr
            raise ValueError(value)
        return (number * 1000).quantize(Decimal("0.01"))
    except (ValueError, ArithmeticError):
        reading.error(sheet, row, column, _("”%(v)s” är inget belopp.") % {"v": value})
        return None


def workbook_import(*, actor, organisation, data: bytes, filename: str) -> dict:
    """Read an Uppsikt template back: a forecast (lines and capital projects) or a budget
    revision. All or nothing; ``ImportFailed`` lists every problem with sheet, row and column."""
    reading = Reading(filename=filename)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed(
            _("%(file)s är ingen Excel-fil (XLSX).") % {"file": filename},
            errors=[f"{filename}: {exc.__class__.__name__}"],
        ) from exc
    if "Uppsikt" not in book.sheetnames:
        raise ImportFailed(
            _("%(file)s är ingen Uppsikt-mall: bladet ”Uppsikt” saknas.") % {"file": filename},
            errors=[f"{filename}: " + _("ladda ner mallen från Uppsikt och fyll i den.")],
        )
    meta = {row[0]: row[1] for row in book["Uppsikt"].iter_rows(values_only=True) if row and row[0]}
    if meta.get(MAGIC) != VERSION:
        raise ImportFailed(
            _("%(file)s är ingen Uppsikt-mall av känd version.") % {"file": filename}, errors=[]
        )
    unit = Unit.objects.filter(organisation=organisation, code=str(meta.get("unit"))).first()
    try:
        year, month = int(meta.get("year")), int(meta.get("month"))
    except (TypeError, ValueError):
        year = month = 0
    if unit is None or not 2000 <= year <= 2100 or not 1 <= month <= 12:
        raise ImportFailed(
            _("%(file)s: mallens enhet eller period är okänd.") % {"file": filename}, errors=[]
        )
    if meta.get("kind") == "forecast":
        return _read_forecast(actor, organisation, book, reading, unit, year, month)
    if meta.get("kind") == "budget":
        return _read_budget(actor, organisation, book, reading, unit, year)
    raise ImportFailed(_("%(file)s: okänd malltyp.") % {"file": filename}, errors=[])


def _read_forecast(actor, organisation, book, reading, unit, year, month) -> dict:
    lines = {line.code: line for line in ReportLine.objects.filter(organisation=organisation)}
    amounts: dict[ReportLine, Decimal] = {}
    comment = ""
    if "Prognos" not in book.sheetnames:
        reading.error("Prognos", None, None, _("bladet saknas."))
    else:
        amounts, comment = _forecast_rows(book["Prognos"], reading, lines)
    projects = {p.code: p for p in CapitalProject.objects.filter(organisation=organisation)}
    capital: list[tuple[CapitalProject, Decimal, str]] = []
    if "Investeringar" in book.sheetnames:
        capital = _capital_rows(book["Investeringar"], reading, projects)
    if "Prognos" in book.sheetnames and not amounts and not reading.errors:
        # An emptied template is a mistake, never a wish to delete the stored forecast.
        raise ImportFailed(
            _(
                "Mallen innehåller inga prognosbelopp; ingenting har sparats och den sparade "
                "prognosen är oförändrad."
            ),
            errors=[
                f"{reading.filename}, blad Prognos, kolumn F: "
                + _("fyll i årsprognosen för varje rapportrad.")
            ],
        )
    stored = selectors.forecast_lines_stored(unit=unit, year=year, month=month)
    for code in sorted(stored - {line.code for line in amounts}):
        reading.error(
            "Prognos",
            None,
            "A",
            _(
                "rapportraden ”%(code)s” saknas men har en sparad prognos; lägg tillbaka raden "
                "(den sparade prognosen tas inte bort genom att raden saknas)."
            )
            % {"code": code},
        )
    if reading.errors:
        raise ImportFailed(
            _("Mallen lästes inte in; ingenting har sparats."), errors=reading.errors
        )
    with transaction.atomic():
        services.forecast_set(
            actor=actor, unit=unit, year=year, as_of=(year, month), amounts=amounts, comment=comment
        )
        for project, amount, text in capital:
            services.capital_forecast_set(
                actor=actor,
                project=project,
                year=year,
                as_of=(year, month),
                amount=amount,
                comment=text,
            )
    return {"kind": "forecast", "unit": unit.code, "lines": len(amounts), "projects": len(capital)}


def _filled_rows(sheet):
    """(row number, row, code in column A) of the rows below the header that have a code."""
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        code = row[0] if row else None
        if code is None or str(code).strip() == "":
            continue
        yield number, row, str(code).strip()


def _forecast_rows(sheet, reading, lines) -> tuple[dict, str]:
    """The sheet Prognos: the full-year forecast per report line (column F) and the comment."""
    amounts: dict[ReportLine, Decimal] = {}
    comment = ""
    for number, row, code in _filled_rows(sheet):
        if code == "Kommentar":
            comment = str(row[1] or "") if len(row) > 1 else ""
            continue
        if code not in lines:
            reading.error(
                "Prognos", number, "A", _("okänd rapportrad ”%(code)s”.") % {"code": code}
            )
            continue
        value = row[5] if len(row) > 5 else None
        amount = _amount(reading, "Prognos", number, "F", value)
        if amount is not None:
            amounts[lines[code]] = amount
    return amounts, comment


def _capital_rows(sheet, reading, projects) -> list[tuple[CapitalProject, Decimal, str]]:
    """The sheet Investeringar: each project's forecast (column E) and comment (column F)."""
    capital: list[tuple[CapitalProject, Decimal, str]] = []
    for number, row, _code in _filled_rows(sheet):
        code = row[0]
        project = projects.get(str(code).strip())
        if project is None:
            reading.error(
                "Investeringar",
                number,
                "A",
                _("projektet ”%(code)s” finns inte.") % {"code": code},
            )
            continue
        amount = _amount(reading, "Investeringar", number, "E", row[4] if len(row) > 4 else None)
        if amount is not None:
            capital.append((project, amount, str(row[5] or "") if len(row) > 5 else ""))
    return capital


def _read_budget(actor, organisation, book, reading, unit, year) -> dict:
    lines = {line.code: line for line in ReportLine.objects.filter(organisation=organisation)}
    amounts: dict = {}
    label, decided = f"Budget {year}", dt.date.today()
    if "Budget" not in book.sheetnames:
        reading.error("Budget", None, None, _("bladet saknas."))
    else:
        amounts, label, decided = _budget_rows(book["Budget"], reading, lines, label, decided)
    if reading.errors:
        raise ImportFailed(
            _("Mallen lästes inte in; ingenting har sparats."), errors=reading.errors
        )
    revision = services.operating_budget_set(
        actor=actor,
        unit=unit,
        year=year,
        label=label,
        decided_on=decided,
        lines=amounts,
        source="xlsx",
    )
    return {"kind": "budget", "unit": unit.code, "revision": revision.pk}


def _budget_rows(sheet, reading, lines, label: str, decided: dt.date):
    """The sheet Budget: the decision's label and date, and per (report line, month) the
    amount (rows of the same line and month add up)."""
    amounts: dict = {}
    for number, row, code in _filled_rows(sheet):
        if code == "Beslut":
            label = str(row[1] or label)
            continue
        if code == "Beslutsdatum":
            decided = _decision_date(row[1], reading, number) or decided
            continue
        if code not in lines:
            reading.error("Budget", number, "A", _("okänd rapportrad ”%(code)s”.") % {"code": code})
            continue
        month = row[2] if len(row) > 2 else None
        if not isinstance(month, int | float) or int(month) != month or not 1 <= int(month) <= 12:
            reading.error(
                "Budget",
                number,
                "C",
                _("månaden ”%(m)s” ligger utanför året (1–12).") % {"m": month},
            )
            continue
        amount = _amount(reading, "Budget", number, "D", row[3] if len(row) > 3 else None)
        if amount is not None:
            key = (lines[code], int(month))
            amounts[key] = amounts.get(key, Decimal(0)) + amount
    return amounts, label, decided


def _decision_date(value, reading, number: int) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        reading.error("Budget", number, "B", _("skriv datumet som ÅÅÅÅ-MM-DD."))
        return None
