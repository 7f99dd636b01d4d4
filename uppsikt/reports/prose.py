"""The generated sentences and figures as text: one place, used by tables and sentences alike,
so that text and table cannot disagree."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from uppsikt.core.formatting import format_money, format_number, format_percent
from uppsikt.documents import richtext_blocks
from uppsikt.documents.document import (
    Paragraph,
)
from uppsikt.followup.models import MONTHS, ReportingPeriod
from uppsikt.planning.models import Indicator
from uppsikt.planning.status import IndicatorStatus
from uppsikt.reports.data import BodyData, StaffFigure

# --------------------------------------------------------------------------------------------
# Figures as text: one place, used by tables and sentences alike


def _money(value: Decimal, unit: str = "tkr", *, signed: bool = False) -> str:
    return format_money(value, unit, signed=signed)


def _mn(value: Decimal, *, signed: bool = True) -> str:
    """Millions of kronor without the unit, one decimal: a table cell in an mnkr table."""
    return format_number(value / Decimal(1_000_000), 1, signed=signed)


def _mnkr(value: Decimal, *, signed: bool = True) -> str:
    """An amount in a sentence, in millions of kronor with the unit: "+1,5 mnkr"."""
    return _money(value, "mnkr", signed=signed)


def _mn_or_dash(value: Decimal | None) -> str:
    """An mnkr table cell that may be missing (no previous forecast, no change)."""
    return _mn(value) if value is not None else "–"


def _pct(value: Decimal | float | None, decimals: int = 2, *, signed: bool = False) -> str:
    return format_percent(value, decimals, signed=signed)


def _pct_trimmed(value: Decimal | float | None, decimals: int = 2) -> str:
    """A percentage as 003 writes a figure in a sentence: rounded to ``decimals``, then without
    a trailing zero (11,10 → "11,1 %", 10,99 → "10,99 %"); missing: a dash."""
    text = _pct(value, decimals)
    number, sep, unit = text.partition("\u00a0")
    if "," in number:
        number = number.rstrip("0").rstrip(",")
    return f"{number}{sep}{unit}"


def _target_text(value: Decimal, unit: str, max_decimals: int) -> str:
    """A target as people write it: 11 → "11 %", 5.2 → "5,2 %"."""
    exponent = -value.normalize().as_tuple().exponent
    decimals = min(max(exponent, 0), max_decimals)
    text = format_number(value, decimals)
    return f"{text}\u00a0{unit}" if unit else text


def _direction_word(value: Decimal) -> str:
    if value > 0:
        return _("positiv")
    if value < 0:
        return _("negativ")
    return ""


def _month(number: int) -> str:
    """The name of a month, 1–12."""
    return MONTHS[number - 1]


def _months_phrase(period: ReportingPeriod) -> str:
    return f"{_month(period.first_month)} till {_month(period.last_month)} {period.year}"


def _after_month(period: ReportingPeriod) -> str:
    """The opening of the forecast sentence: "Efter april"."""
    return f"Efter {_month(period.last_month)}"


def _possessive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def _texts(blocks_html: str | None) -> list:
    return richtext_blocks.blocks(blocks_html or "")


def _forecast_sentence(data: BodyData, variance: Decimal, opening: str) -> str:
    word = _direction_word(variance)
    who = _possessive(data.unit_name)
    if not word:
        return f"{opening} är {who} samlade bedömning av årsprognosen att budgeten hålls vid årets slut."
    return (
        f"{opening} är {who} samlade bedömning av årsprognosen en {word} avvikelse på "
        f"{_mnkr(variance)} vid årets slut."
    )


AGE_LABELS = {"-29": "29 år och yngre", "30-49": "30–49 år", "50-": "50 år och äldre"}


def _staff_sentences(data: BodyData, f: StaffFigure) -> list:
    decimals, unit = f.decimals, f.unit
    out = []
    who = _possessive(data.unit_name)
    name = f.name.lower()
    if f.target is not None and f.status is not None:
        lower = f.indicator.direction == Indicator.Direction.LOWER
        relation = {
            IndicatorStatus.MET: _("vilket når målvärdet"),
            IndicatorStatus.NEAR: _("vilket är strax över målvärdet")
            if lower
            else _("vilket är strax under målvärdet"),
            IndicatorStatus.NOT_MET: _("vilket inte når målvärdet"),
        }[f.status]
        out.append(
            Paragraph(
                f"{who} {name} ligger på {_pct(f.value, decimals)} {relation} på "
                f"{_target_text(f.target.value, unit, decimals)}."
            )
        )
    figures = f.figures or {}
    if f.block == "turnover" and figures.get("total") is not None:
        out.append(
            Paragraph(
                f"Värdet för personalomsättningen speglar pensionsavgångar "
                f"{_pct(figures.get('retirement'), decimals)}, interna avgångar (medarbetare "
                f"som gått vidare till annan tjänst inom organisationen) "
                f"{_pct(figures.get('internal'), decimals)} och externa avgångar "
                f"{_pct(figures.get('external'), decimals)}."
            )
        )
    gender = figures.get("by_gender") or {}
    if gender and any(v is not None for v in gender.values()):
        out.append(
            Paragraph(
                f"Bland kvinnor är värdet {_pct_trimmed(gender.get('K'), decimals)} och bland "
                f"män {_pct_trimmed(gender.get('M'), decimals)}."
            )
        )
    ages = figures.get("by_age") or {}
    if ages and any(v is not None for v in ages.values()):
        parts = ", ".join(f"{AGE_LABELS[k]} {_pct(v, decimals)}" for k, v in ages.items())
        out.append(Paragraph(f"Efter åldersgrupp: {parts}."))
    if f.block == "sickness" and figures.get("long_term_share") is not None:
        out.append(
            Paragraph(
                f"Andelen långtidssjukfrånvaro (60 dagar eller mer) av den totala "
                f"sjukfrånvaron är {_pct(figures['long_term_share'], 1)}."
            )
        )
    return out
