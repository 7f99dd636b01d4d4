"""What the finance selectors share: kronor from öre, months as YYYYMM, where a fiscal year's
figures come from (``Source``), the cost centres of a unit's subtree, which report line an
account belongs to (``LineMap``), and the sums per account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from uppsikt.organisation.models import CostCentre, Organisation, Unit

from ..models import (
    LedgerBalance,
    LedgerImport,
    ReportLine,
)

HUNDRED = Decimal(100)


def kronor(cents: int | None) -> Decimal:
    return Decimal(cents or 0) / HUNDRED


def month_key(year: int, month: int) -> int:
    return year * 100 + month


def parse_month(text: str) -> tuple[int, int]:
    """``2024-04`` → ``(2024, 4)``; ValueError for anything else."""
    year_text, _, month_text = text.strip().partition("-")
    year, month = int(year_text), int(month_text)
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise ValueError(text)
    return year, month


def imports_current(*, organisation: Organisation) -> QuerySet[LedgerImport]:
    return LedgerImport.objects.filter(
        organisation=organisation, status=LedgerImport.Status.CURRENT
    )


@dataclass(frozen=True)
class Source:
    """Where the figures of one fiscal year come from: imports and the SIE year number."""

    import_ids: tuple[int, ...]
    year: int
    start: dt.date
    end: dt.date

    def months_through(self, through: int) -> tuple[int, int]:
        return month_key(self.start.year, self.start.month), through


def source_for(*, organisation: Organisation, day: dt.date) -> Source | None:
    """The current imports whose fiscal year holds ``day`` (their year 0); failing that, the
    imports whose previous year holds it (their year −1)."""
    current = imports_current(organisation=organisation)
    own = list(current.filter(fiscal_year_start__lte=day, fiscal_year_end__gte=day))
    if own:
        return Source(tuple(i.pk for i in own), 0, own[0].fiscal_year_start, own[0].fiscal_year_end)
    earlier = list(current.filter(previous_year_start__lte=day, previous_year_end__gte=day))
    if earlier:
        first = earlier[0]
        return Source(
            tuple(i.pk for i in earlier), -1, first.previous_year_start, first.previous_year_end
        )
    return None


def cost_centres_of(unit: Unit | None) -> list[str] | None:
    """The cost-centre codes of a unit's subtree; None for the whole organisation."""
    if unit is None:
        return None
    return list(CostCentre.objects.filter(unit__in=unit.subtree()).values_list("code", flat=True))


class LineMap:
    """Which report line each account belongs to (the organisation's account ranges)."""

    def __init__(self, organisation: Organisation):
        self.lines = list(
            ReportLine.objects.filter(organisation=organisation).prefetch_related("ranges")
        )
        self._ranges = [(r.first, r.last, line) for line in self.lines for r in line.ranges.all()]
        self._cache: dict[str, ReportLine | None] = {}

    def line_of(self, account: str) -> ReportLine | None:
        if account not in self._cache:
            found = None
            for first, last, line in self._ranges:
                if _in_range(account, first, last):
                    found = line
                    break
            self._cache[account] = found
        return self._cache[account]

    def accounts_q(self, line: ReportLine) -> Q:
        q = Q(pk__in=[])
        for r in line.ranges.all():
            q |= Q(account__gte=r.first, account__lte=_upper(r.last))
        return q


def _upper(last: str) -> str:
    # "7999" also covers longer numbers beginning 7999… in string order
    return last + "\uffff"


def _number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts ``²``, which ``int()`` refuses."""
    return text.isascii() and text.isdigit()


def _in_range(account: str, first: str, last: str) -> bool:
    if _number(account) and _number(first) and _number(last):
        width = max(len(first), len(last))
        head = int(account[:width].ljust(width, "0"))
        return int(first) <= head <= int(last)
    return first <= account <= _upper(last)


def _sums(
    source: Source | None,
    *,
    first: int,
    last: int,
    codes: list[str] | None,
    kind: str,
) -> dict[str, int]:
    """Öre per account over months ``first``…``last`` (YYYYMM)."""
    if source is None:
        return {}
    qs = LedgerBalance.objects.filter(
        ledger_import_id__in=source.import_ids,
        year=source.year,
        kind=kind,
        view="main",
        period__gte=first,
        period__lte=last,
    )
    if codes is not None:
        qs = qs.filter(cost_centre__in=codes)
    return dict(qs.values("account").annotate(total=Sum("cents")).values_list("account", "total"))
