"""Swedish formatting, each case from docs/definitions.md §2 worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from uppsikt.core.formatting import (
    format_date,
    format_money,
    format_number,
    format_percent,
    round_half_away,
)

NBSP = "\u00a0"
MINUS = "\u2212"


def test_ytd_variance_in_tkr_has_thousands_separated_by_non_breaking_space():
    # 003: −225 975 − (−240 413) = +14 438 tkr; the amount is kept in kronor.
    variance = Decimal(-225_975_000) - Decimal(-240_413_000)
    assert format_money(variance, "tkr") == f"14{NBSP}438{NBSP}tkr"


def test_signed_variance_shows_plus():
    assert format_money(Decimal(14_438_000), "tkr", signed=True) == f"+14{NBSP}438{NBSP}tkr"


def test_negative_forecast_variance_in_mnkr_has_real_minus_sign_and_one_decimal():
    # 003: −711 553 − (−702 553) = −9 000 tkr = −9,0 mnkr
    variance = Decimal(-711_553_000) - Decimal(-702_553_000)
    assert format_money(variance, "mnkr") == f"{MINUS}9,0{NBSP}mnkr"
    assert "-" not in format_money(variance, "mnkr")


def test_positive_mnkr_with_plus_rounds_once_from_unrounded_kronor():
    # 14 438 000 kr = 14,438 mnkr → 14,4
    assert format_money(Decimal(14_438_000), "mnkr", signed=True) == f"+14,4{NBSP}mnkr"


def test_forecast_change_is_difference_of_unrounded_variances():
    # 003: −9,0 − (−17,5) = +8,5 mnkr
    change = Decimal(-9_000_000) - Decimal(-17_500_000)
    assert format_money(change, "mnkr", signed=True) == f"+8,5{NBSP}mnkr"


def test_turnover_percentage_with_two_decimals():
    # 003: 1,66 + 2,58 + 6,82 ≈ 11,05 %
    assert format_percent(Decimal("11.0496"), 2) == f"11,05{NBSP}%"


def test_variance_percentage_divides_by_absolute_budget():
    # 003: 14 438 / |−240 413| = 0,06005… → 6,0 %
    share = Decimal(14_438) / abs(Decimal(-240_413)) * 100
    assert format_percent(share, 1, signed=False) == f"6,0{NBSP}%"
    assert format_percent(share, 1, signed=True) == f"+6,0{NBSP}%"


def test_capital_project_variance_negative_one_decimal():
    # 003: IT 95,4 − 98,8 = −3,4 mnkr
    assert (
        format_money(Decimal(95_400_000) - Decimal(98_800_000), "mnkr") == f"{MINUS}3,4{NBSP}mnkr"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, f"{MINUS}3"),
        (Decimal("0.05"), 1, "0,1"),
        (Decimal("-0.05"), 1, f"{MINUS}0,1"),
        (11.045, 2, "11,05"),  # a float keeps its shortest decimal form, 11.045
        (Decimal("1234567.891"), 2, f"1{NBSP}234{NBSP}567,89"),
        (Decimal("999.5"), 0, f"1{NBSP}000"),
        (0, 0, "0"),
    ],
)
def test_rounding_is_half_away_from_zero(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize("value", [0, 7, -7, 999, 1000, -1000, 14438, 1234567, -9876543210])
@pytest.mark.parametrize("signed", [False, True])
def test_a_whole_number_is_shown_as_the_same_number_as_a_decimal(value, signed):
    # counts take a shorter way than Decimal figures; the text is the same
    assert format_number(value, signed=signed) == format_number(Decimal(value), signed=signed)


def test_whole_numbers_by_hand():
    assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_number(-1000) == f"{MINUS}1{NBSP}000"
    assert format_number(5, signed=True) == "+5"
    assert format_number(0, signed=True) == "0"
    assert format_number(5, 1) == "5,0"
    with pytest.raises(TypeError):  # a bool is no count
        format_number(True)


def test_a_figure_that_rounds_to_zero_has_no_sign():
    assert format_number(Decimal("-0.04"), 1) == "0,0"
    assert format_number(Decimal("0.04"), 1, signed=True) == "0,0"


def test_round_half_away_returns_decimal():
    assert round_half_away(Decimal("-14.45"), 1) == Decimal("-14.5")


def test_missing_figure_is_a_dash():
    assert format_money(None) == "\u2013"
    assert format_percent(None) == "\u2013"


def test_dates_are_iso_and_times_are_in_stockholm():
    assert format_date(dt.date(2024, 4, 30)) == "2024-04-30"
    utc = dt.datetime(2024, 4, 30, 22, 30, tzinfo=ZoneInfo("UTC"))
    assert format_date(utc) == "2024-05-01 00:30"  # CEST is UTC+2


def test_unknown_money_unit_is_refused():
    with pytest.raises(ValueError):
        format_money(1, "kkr")


def test_template_filters_format_the_same_way():
    html = Template(
        '{{ a|money:"tkr" }}|{{ b|money_signed:"mnkr" }}|{{ c|percent:2 }}|{{ d|sv_date }}'
    ).render(
        Context(
            {
                "a": Decimal(14_438_000),
                "b": Decimal(-9_000_000),
                "c": 11.05,
                "d": dt.date(2024, 4, 30),
            }
        )
    )
    assert html == f"14{NBSP}438{NBSP}tkr|{MINUS}9,0{NBSP}mnkr|11,05{NBSP}%|2024-04-30"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("-9,0", "\u22129,0"),
        ("Resultatet blev -9,0 mnkr (-2 %).", "Resultatet blev \u22129,0 mnkr (\u22122 %)."),
        ("Avvikelse:-3", "Avvikelse:\u22123"),
        ("2024-04-30", "2024-04-30"),  # a date
        ("dag 1-14", "dag 1-14"),  # a range
        ("RS-2024", "RS-2024"),  # a code
        ("Dnr RS 2025-00123", "Dnr RS 2025-00123"),  # a case number
        ("per 2025-08-31", "per 2025-08-31"),
        ("1-2 veckor", "1-2 veckor"),
        ("ett e-postmeddelande, ett X-4-fel", "ett e-postmeddelande, ett X-4-fel"),  # words
        ("Avvikelse (-9,0 mnkr) och\n-3 tkr", "Avvikelse (\u22129,0 mnkr) och\n\u22123 tkr"),
        ("- 9 punkter", "- 9 punkter"),  # a dash of a list, not a sign
        ("1,5-2", "1,5-2"),
        ("--5", "--5"),
        ("\u22125", "\u22125"),
    ],
)
def test_a_typed_hyphen_before_a_number_becomes_the_real_minus_sign(typed, shown):
    from uppsikt.core.formatting import typographic_minus

    assert typographic_minus(typed) == shown


def test_unbroken_dates_keeps_each_iso_date_on_one_line_and_escapes_the_rest():
    from django.template import Context, Template

    html = Template("{{ text|unbroken_dates }}").render(
        Context({"text": "Protokollsutdrag <RSAU> 2021-11-09 § 398, 2021-11-10"})
    )
    assert html == (
        'Protokollsutdrag &lt;RSAU&gt; <span class="date">2021-11-09</span> § 398, '
        '<span class="date">2021-11-10</span>'
    )
    # a number that only looks like part of a date is left alone
    plain = Template("{{ text|unbroken_dates }}").render(Context({"text": "RS-2024-0012"}))
    assert plain == "RS-2024-0012"
