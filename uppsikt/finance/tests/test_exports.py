"""The trial balance as CSV and XLSX: an account name from a SIE file is text, never a formula,
and the amounts stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from uppsikt.core.permissions import SYSTEM
from uppsikt.finance import exports, services
from uppsikt.finance.selectors import TrialBalanceRow
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

HOSTILE_NAMES = [
    '=HYPERLINK("http://evil.example","Klicka här")',
    "@SUM(1+1)",
    "+1",
    "-1+1",
    "\tFlik",
    "\rRetur",
]


def hostile_rows() -> list[TrialBalanceRow]:
    # account 30n0, opening −17.5 kr, movement 2.25 kr (closing −15.25), budget 0
    return [
        TrialBalanceRow(
            account=f"30{n}0",
            name=name,
            opening=Decimal("-17.5"),
            movement=Decimal("2.25"),
            budget=Decimal(0),
        )
        for n, name in enumerate(HOSTILE_NAMES)
    ]


def test_an_account_name_starting_like_a_formula_is_quoted_in_the_csv():
    data = exports.trial_balance(hostile_rows(), fmt="csv").decode("utf-8")
    [header, *rows] = list(csv.reader(io.StringIO(data, newline="")))
    assert header == exports.TRIAL_BALANCE_COLUMNS
    assert [row[1] for row in rows] == ["'" + name for name in HOSTILE_NAMES]


def test_negative_amounts_in_the_csv_stay_numbers():
    data = exports.trial_balance(hostile_rows(), fmt="csv").decode("utf-8")
    [_header, first, *_rest] = list(csv.reader(io.StringIO(data, newline="")))
    # opening −17.50, movement 2.25, closing −17.50 + 2.25 = −15.25, budget 0.00
    assert first[2:] == ["-17.50", "2.25", "-15.25", "0.00"]


def test_an_account_name_starting_like_a_formula_is_a_text_cell_in_the_xlsx():
    book = load_workbook(io.BytesIO(exports.trial_balance(hostile_rows(), fmt="xlsx")))
    names = [row[1] for row in book["Råbalans"].iter_rows(min_row=2)]
    assert [cell.data_type for cell in names] == ["s"] * len(HOSTILE_NAMES)
    # the text is kept as it is: the cell is typed as text, no quote is added
    assert [cell.value for cell in names] == HOSTILE_NAMES


def test_no_cell_of_the_xlsx_is_a_formula_and_the_amounts_are_numbers():
    data = exports.trial_balance(hostile_rows(), fmt="xlsx")
    book = load_workbook(io.BytesIO(data))
    cells = [cell for row in book["Råbalans"].iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    first = [cell.value for cell in book["Råbalans"][2]]
    assert first[2:] == [-17.5, 2.25, -15.25, 0]  # −17.5 + 2.25 = −15.25


@pytest.mark.django_db
def test_a_sie_account_name_written_as_a_formula_downloads_as_text(client):
    # given: a ledger whose account 3010 is named =HYPERLINK(…) in the SIE file
    org = factories.organisation()
    factories.unit(org, "EKO", cost_centres=["11"])
    sie = "\n".join(
        [
            "#FLAGGA 0",
            "#SIETYP 4",
            "#RAR 0 20240101 20241231",
            '#KONTO 3010 "=HYPERLINK(\\"http://evil.example\\",\\"Klicka här\\")"',
            '#KONTO 1930 "@SUM(1+1)"',
            '#VER A 1 20240131 "Januari"',
            "{",
            '#TRANS 3010 {1 "11"} -60000.00',
            "#TRANS 1930 {} 60000.00",
            "}",
            "",
        ]
    )
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=sie.encode("cp437"), filename="r.se"
    )
    controller = factories.user("ekonom")
    factories.grant(controller, Role.CONTROLLER, org)
    client.force_login(controller)
    # when
    url = reverse("finance:trial_balance", args=["csv"])
    text = client.get(url, {"manad": "2024-01"}).content.decode("utf-8")
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("finance:trial_balance", args=["xlsx"]), {"manad": "2024-01"}
            ).content
        )
    )
    # then
    names = {row[0]: row[1] for row in csv.reader(io.StringIO(text, newline=""))}
    assert names["3010"] == '\'=HYPERLINK("http://evil.example","Klicka här")'
    assert names["1930"] == "'@SUM(1+1)"
    cells = {row[0].value: row[1] for row in book["Råbalans"].iter_rows(min_row=2)}
    assert cells["3010"].data_type == "s"
    assert cells["3010"].value == '=HYPERLINK("http://evil.example","Klicka här")'
    assert cells["1930"].data_type == "s" and cells["1930"].value == "@SUM(1+1)"


@pytest.mark.django_db
def test_the_trial_balance_command_writes_a_formula_like_account_name_as_text(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    org = factories.organisation()
    factories.unit(org, "EKO", cost_centres=["11"])
    sie = "\n".join(
        [
            "#FLAGGA 0",
            "#SIETYP 4",
            "#RAR 0 20240101 20241231",
            '#KONTO 3010 "+1"',
            '#KONTO 1930 "-1+1"',
            '#VER A 1 20240131 "Januari"',
            "{",
            '#TRANS 3010 {1 "11"} -60000.00',
            "#TRANS 1930 {} 60000.00",
            "}",
            "",
        ]
    )
    services.sie_import_file(
        actor=SYSTEM, organisation=org, data=sie.encode("cp437"), filename="r.se"
    )
    out = StringIO()
    call_command("ledger_trial_balance", "--through", "2024-01", "--format", "csv", stdout=out)
    rows = {row[0]: row for row in csv.reader(io.StringIO(out.getvalue(), newline=""))}
    # 1930: opening 0, movement +60 000, closing 60 000; 3010: −60 000
    assert rows["1930"][1:5] == ["'-1+1", "0.00", "60000.00", "60000.00"]
    assert rows["3010"][1:5] == ["'+1", "0.00", "-60000.00", "-60000.00"]
    path = tmp_path / "r.xlsx"
    call_command(
        "ledger_trial_balance", "--through", "2024-01", "--format", "xlsx", "--output", str(path)
    )
    book = load_workbook(path)
    cells = {row[0].value: row[1] for row in book["Råbalans"].iter_rows(min_row=2)}
    assert (cells["3010"].value, cells["3010"].data_type) == ("+1", "s")
