"""The ledger's standard outputs for other tools: the trial balance (JSON, CSV, XLSX) and the
year-to-date table (JSON, text)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from uppsikt.core.formatting import format_money, format_percent
from uppsikt.core.spreadsheets import csv_writer, new_workbook

from .selectors import TrialBalanceRow, YtdTable

CENT = Decimal("0.01")
TRIAL_BALANCE_COLUMNS = ["account", "name", "opening", "movement", "closing", "budget"]


def _number(value: Decimal | None):
    """An amount as a JSON number: kronor with öre, exact for any ledger-sized amount."""
    if value is None:
        return None
    return float(value.quantize(Decimal("0.01"))) if value % 1 else int(value)


def trial_balance(rows: list[TrialBalanceRow], *, fmt: str) -> bytes:
    records = [
        {
            "account": r.account,
            "name": r.name,
            "opening": r.opening,
            "movement": r.movement,
            "closing": r.closing,
            "budget": r.budget,
        }
        for r in rows
    ]
    if fmt == "json":
        plain = [
            {k: (_number(v) if isinstance(v, Decimal) else v) for k, v in rec.items()}
            for rec in records
        ]
        return (json.dumps(plain, ensure_ascii=False, indent=1) + "\n").encode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv_writer(out, lineterminator="\n")
        writer.writerow(TRIAL_BALANCE_COLUMNS)
        for rec in records:
            # amounts stay numbers (a negative one is not text to neutralise)
            writer.writerow(
                [
                    rec[c] if not isinstance(rec[c], Decimal) else rec[c].quantize(CENT)
                    for c in TRIAL_BALANCE_COLUMNS
                ]
            )
        return out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        book = new_workbook()
        sheet = book.active
        sheet.title = "Råbalans"
        sheet.append(TRIAL_BALANCE_COLUMNS)
        for rec in records:
            sheet.append(
                [
                    rec[c] if not isinstance(rec[c], Decimal) else float(rec[c])
                    for c in TRIAL_BALANCE_COLUMNS
                ]
            )
        for row in sheet.iter_rows(min_row=2, min_col=3, max_col=6):
            for cell in row:
                cell.number_format = "#,##0.00"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    raise ValueError(fmt)


def write(data: bytes, *, output: str | None, fmt: str, stdout) -> None:
    if output:
        with open(output, "wb") as handle:
            handle.write(data)
        return
    if fmt == "xlsx":
        from django.core.management.base import CommandError

        raise CommandError("XLSX skrivs till en fil: ange --output FIL.xlsx")
    stdout.write(data.decode("utf-8"), ending="")


def ytd_records(table: YtdTable) -> list[dict]:
    return [
        {
            "line": r.code,
            "name": r.name,
            "actual": _number(r.actual),
            "budget": _number(r.budget),
            "variance": _number(r.variance),
            "variance_percent": float(r.variance_percent)
            if r.variance_percent is not None
            else None,
            "previous_actual": _number(r.previous),
        }
        for r in table.rows
    ]


def ytd_json(table: YtdTable) -> str:
    body = {
        "unit": table.unit.code if table.unit else None,
        "period": f"{table.year:04d}-{table.month:02d}",
        "fiscal_year": [table.fiscal_year[0].isoformat(), table.fiscal_year[1].isoformat()]
        if table.fiscal_year
        else None,
        "lines": ytd_records(table),
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def ytd_text(table: YtdTable) -> str:
    head = ["Rapportrad", "Utfall", "Budget", "Avvikelse", "Avvikelse %", "Föreg. år"]
    lines = [
        [
            r.name,
            format_money(r.actual, "tkr"),
            format_money(r.budget, "tkr"),
            format_money(r.variance, "tkr", signed=True),
            format_percent(r.variance_percent, 1, signed=True),
            format_money(r.previous, "tkr"),
        ]
        for r in table.rows
    ]
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(len(head))]
    title = f"{table.unit.name if table.unit else 'Hela organisationen'}, ackumulerat {table.year:04d}-{table.month:02d}"
    out = [title, ""]
    for row in [head, *lines]:
        out.append(
            "  ".join(
                c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)
            )
        )
    return "\n".join(out) + "\n"
