"""A unit's assessments for a period as an Excel file, and back (controllers live in Excel).

The workbook has a hidden sheet ``Uppsikt`` naming the period and unit, and a sheet
``Bedömningar`` with one row per item: id and version (locked columns), the item, the status and
forecast (as the scale's texts), the comment and, for indicators, the actual. Reading checks every
row first; problems are named by sheet, row and column, and nothing is saved unless all rows are
right. Each row is saved as a draft through the same service as the web form (optimistic locking
included).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from html import unescape

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.spreadsheets import new_workbook

from . import selectors, services
from .models import Assessment, ItemKind, ReportingPeriod

MAGIC = "uppsikt-assessments"
SHEET = "Bedömningar"
COLUMNS = ["Id", "Version", "Typ", "Punkt", "Status", "Prognos", "Kommentar", "Utfall"]
EDITABLE = PatternFill("solid", fgColor="FFF2CC")


def _plain(html: str) -> str:
    """Stored rich text as the text a person wrote: tags dropped, ``&amp;`` read as ``&``."""
    from django.utils.html import strip_tags

    return unescape(strip_tags(html or ""))


def assessments_workbook(*, period: ReportingPeriod, unit) -> bytes:
    rows = selectors.assessments_for(unit=unit, period=period)
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    scales = {
        kind: selectors.scale(organisation=period.organisation, item_kind=kind)
        for kind in ItemKind.values
    }
    for a in rows:
        sheet.append(
            [
                a.pk,
                a.version,
                a.get_item_kind_display(),
                str(a.item),
                a.status.label if a.status else "",
                a.forecast.label if a.forecast else "",
                _plain(a.comment),
                float(a.actual_value) if a.actual_value is not None else None,
            ]
        )
        for col in (5, 6, 7, 8):
            sheet.cell(sheet.max_row, col).fill = EDITABLE
        labels = [level.label for level in scales[a.item_kind]]
        # a list in a validation is one quoted formula: a label with a quote or a comma would
        # break out of it, so such a scale gets no drop-down (the import checks the scale)
        if labels and not any('"' in label or "," in label for label in labels):
            choice = DataValidation(
                type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
            )
            sheet.add_data_validation(choice)
            choice.add(sheet.cell(sheet.max_row, 5))
            choice.add(sheet.cell(sheet.max_row, 6))
    for letter, width in zip("ABCDEFGH", [8, 8, 12, 50, 24, 24, 60, 10], strict=True):
        sheet.column_dimensions[letter].width = width
    meta = book.create_sheet("Uppsikt")
    for row in ([MAGIC, "1"], ["period", period.pk], ["unit", unit.code]):
        meta.append(row)
    meta.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _open(data: bytes, *, filename: str, period: ReportingPeriod, unit):
    """The workbook, refused unless it is Uppsikt's file of this period's and unit's
    assessments."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailed(
            _("%(file)s är ingen Excel-fil (XLSX).") % {"file": filename}, errors=[]
        ) from exc
    if "Uppsikt" not in book.sheetnames or SHEET not in book.sheetnames:
        raise ImportFailed(
            _("%(file)s är ingen Uppsikt-fil med bedömningar.") % {"file": filename}, errors=[]
        )
    meta = {r[0]: r[1] for r in book["Uppsikt"].iter_rows(values_only=True) if r and r[0]}
    if (
        meta.get(MAGIC) != "1"
        or str(meta.get("period")) != str(period.pk)
        or meta.get("unit") != unit.code
    ):
        raise ImportFailed(
            _("%(file)s gäller en annan period eller enhet.") % {"file": filename}, errors=[]
        )
    return book


def _levels(number: int, row, levels: dict, error) -> tuple:
    """The row's status and forecast: the scale's levels named in columns E and F."""
    found = {}
    for column, value, target in (("E", row[4], "status"), ("F", row[5], "forecast")):
        if value in (None, ""):
            continue
        level = levels.get(str(value).strip())
        if level is None:
            error(number, column, _("”%(v)s” finns inte i skalan.") % {"v": value})
        else:
            found[target] = level
    return found.get("status"), found.get("forecast")


def _actual(number: int, row, assessment: Assessment, error) -> Decimal | None:
    """The row's actual (column H): a number, for an indicator only."""
    if len(row) <= 7 or row[7] in (None, ""):
        return None
    if assessment.item_kind != ItemKind.INDICATOR:
        error(number, "H", _("bara en indikator har ett utfall."))
        return None
    try:
        return Decimal(str(row[7]).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        error(number, "H", _("”%(v)s” är inget tal.") % {"v": row[7]})
        return None


def _read_row(number: int, row, own: dict, scales: dict, error) -> tuple | None:
    """What a row would save: the assessment, the version it was read at, status, forecast,
    comment and actual; None when the row names no assessment of the unit or no version."""
    try:
        assessment = own.get(int(row[0]))
    except (TypeError, ValueError):
        assessment = None
    if assessment is None:
        error(number, "A", _("okänt id ”%(id)s”.") % {"id": row[0]})
        return None
    try:
        version = int(row[1])
    except (TypeError, ValueError):
        error(number, "B", _("versionen saknas; hämta filen på nytt."))
        return None
    status, forecast = _levels(number, row, scales[assessment.item_kind], error)
    actual = _actual(number, row, assessment, error)
    return assessment, version, status, forecast, str(row[6] or ""), actual


def assessments_import(*, actor, period: ReportingPeriod, unit, data: bytes, filename: str) -> int:
    """Save every row of a filled-in workbook as a draft; all rows or none."""
    errors: list[str] = []

    def error(row, column, message):
        errors.append(f"{filename}, blad {SHEET}, rad {row}, kolumn {column}: {message}")

    book = _open(data, filename=filename, period=period, unit=unit)
    own = {a.pk: a for a in Assessment.objects.filter(period=period, unit=unit)}
    scales = {
        kind: {
            level.label: level
            for level in selectors.scale(organisation=period.organisation, item_kind=kind)
        }
        for kind in ItemKind.values
    }
    planned = []
    for number, row in enumerate(book[SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] is None:
            continue
        read = _read_row(number, row, own, scales, error)
        if read is not None:
            planned.append(read)
    if errors:
        raise ImportFailed(_("Filen lästes inte in; ingenting har sparats."), errors=errors)
    with transaction.atomic():
        for assessment, version, status, forecast, comment, actual in planned:
            services.assessment_save_draft(
                actor=actor,
                assessment=assessment,
                version=version,
                status=status,
                forecast=forecast,
                comment=comment,
                actual_value=actual,
            )
    return len(planned)
