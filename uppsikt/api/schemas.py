"""The shapes the API reads and writes (pydantic through Django Ninja; the OpenAPI schema is
generated from them)."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

# The statuses an operation may answer with the error shape (ErrorOut).
ERRORS = frozenset({400, 401, 403, 404, 405, 409, 415, 422, 429})


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class OrganisationOut(Schema):
    name: str
    slug: str


class BodyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent: str | None
    modified_at: dt.datetime


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent: str | None
    body: str | None
    is_active: bool
    modified_at: dt.datetime


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    title: str
    unit: str | None
    modified_at: dt.datetime


class IndicatorOut(Schema):
    id: int
    name: str
    description: str
    unit_of_measure: str
    direction: str
    decimals: int
    source: str
    kolada_id: str
    area: str
    modified_at: dt.datetime


class MeasurementOut(Schema):
    id: int
    indicator: int
    unit: str
    period_start: dt.date
    period_end: dt.date
    value: Decimal | None
    not_reported: bool
    reason: str
    provenance: str
    modified_at: dt.datetime


class MeasurementIn(Schema):
    indicator: int
    unit: str = Field(max_length=40)
    period_start: dt.date
    period_end: dt.date
    value: Decimal | None = Field(default=None, max_digits=18, decimal_places=6)
    not_reported: bool = False
    reason: str = Field(default="", max_length=2000)
    provenance: str = Field(default="", max_length=300)


class BatchRowIn(Schema):
    unit: str = Field(max_length=40, description="Enhetens kod")
    indicator: str = Field(
        max_length=20, description="Indikatorns id, eller dess Kolada-id när det är entydigt"
    )
    period: str | None = Field(
        default=None,
        max_length=10,
        description="År (2025), kvartal (2025-Q1), tertial (2025-T1) eller månad (2025-03)",
    )
    date: dt.date | None = Field(default=None, description="En enskild dag i stället för period")
    value: Decimal | None = Field(default=None, max_digits=18, decimal_places=6)
    not_reported: bool = False
    reason: str = Field(default="", max_length=2000)


class BatchIn(Schema):
    rows: list[BatchRowIn] = Field(min_length=1, max_length=5000)


class BatchOut(Schema):
    written: int
    measurements: list[int]


class PlanOut(Schema):
    id: int
    year: int
    title: str
    status: str
    body: str | None
    unit: str | None
    modified_at: dt.datetime


class PlanItemOut(Schema):
    id: int
    kind: str
    title: str
    responsible_unit: str | None


class PlanDetailOut(PlanOut):
    items: list[PlanItemOut]
    indicators: list[int]


class PeriodOut(Schema):
    id: int
    year: int
    kind: str
    first_month: int
    last_month: int
    deadline: dt.date
    scope: str
    is_open: bool
    modified_at: dt.datetime


class AssessmentOut(Schema):
    id: int
    period: int
    unit: str
    item_kind: str
    item_id: int | None
    item_title: str
    state: str
    status: str | None
    forecast: str | None
    comment: str
    actual_value: Decimal | None
    return_comment: str
    version: int
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    modified_at: dt.datetime


class AssessmentIn(Schema):
    version: int = Field(ge=1)
    status: str | None = Field(default=None, max_length=30, description="Skalans kod")
    forecast: str | None = Field(default=None, max_length=30, description="Skalans kod")
    comment: str = Field(default="", max_length=20000)
    actual_value: Decimal | None = Field(default=None, max_digits=18, decimal_places=6)


class VersionIn(Schema):
    version: int = Field(ge=1)


class ReturnIn(Schema):
    version: int = Field(ge=1)
    comment: str = Field(max_length=20000)


@functools.cache
def page_of(item):
    """A page of ``item``: ``data`` and ``next_cursor`` (null on the last page)."""
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {"__annotations__": {"data": list[item], "next_cursor": str | None}},
    )


# --- finance ----------------------------------------------------------------------------


class YtdRowOut(Schema):
    code: str
    name: str
    kind: str = Field(description="line (en rapportrad) eller subtotal")
    actual: Decimal
    budget: Decimal
    previous: Decimal | None = Field(description="Utfall samma period föregående år")
    variance: Decimal = Field(description="Utfall − budget")


class YtdOut(Schema):
    unit: str | None = Field(description="Enhetens kod; null för hela organisationen")
    year: int
    month: int
    fiscal_year_start: dt.date | None
    fiscal_year_end: dt.date | None
    rows: list[YtdRowOut]


class ForecastRowOut(Schema):
    code: str
    name: str
    kind: str
    budget: Decimal = Field(description="Helårsbudget")
    actual: Decimal = Field(description="Utfall t.o.m. månaden")
    proposal: Decimal = Field(description="Utfall + budget för resten av året")
    forecast: Decimal = Field(description="Helårsprognos (förslaget där ingen är lämnad)")
    entered: bool = Field(description="Om prognosen är lämnad för raden")
    variance: Decimal = Field(description="Prognosavvikelse: prognos − budget")
    change: Decimal | None = Field(description="Avvikelsens förändring sedan förra prognosen")


class ForecastTableOut(Schema):
    unit: str
    year: int
    month: int
    comment: str
    rows: list[ForecastRowOut]


class ForecastOut(Schema):
    id: int
    unit: str
    year: int
    period: str = Field(description="Månaden prognosen gjordes per (ÅÅÅÅ-MM)")
    report_line: str
    amount: Decimal = Field(description="Helårsprognos i kronor (rapporttecken)")
    comment: str
    modified_at: dt.datetime


# --- staff figures ------------------------------------------------------------------------


class StaffFiguresOut(Schema):
    id: int
    unit: str
    period: str = Field(description="R12 t.o.m. månaden (ÅÅÅÅ-MM)")
    period_end: dt.date
    window_start: dt.date
    provisional: bool
    sickness: dict[str, Any] = Field(
        description="Sjukfrånvaro; null där röjandekontrollen döljer värdet"
    )
    turnover: dict[str, Any] = Field(
        description="Personalomsättning; null där röjandekontrollen döljer värdet"
    )
    computed_at: dt.datetime


# --- meetings and the notice board --------------------------------------------------------


class MeetingOut(Schema):
    id: int
    body: str
    date: dt.date
    start_time: str = Field(description="Klockslaget (TT:MM)")
    place: str
    status: str
    approved_on: dt.date | None
    modified_at: dt.datetime


class AgendaItemOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    case: str | None = Field(description="Ärendets diarienummer")
    withdrawn: bool
    minutes_item: int | None


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]


class MinutesItemOut(Schema):
    id: int
    meeting: int
    body: str
    year: int
    number: int
    title: str
    case: str | None
    matter: str
    decision_intro: str
    decision_points: list[Any]
    secret: bool
    approved_at: dt.datetime | None
    modified_at: dt.datetime


class DecisionAssignmentOut(Schema):
    id: int
    given_by: int = Field(description="Paragrafen (protokollspunkten) som gav uppdraget")
    decided_by: str = Field(description="Organet som beslutade")
    year: int = Field(description="Paragrafens år")
    point: int
    text: str
    recipient_body: str | None
    recipient_unit: str | None
    due_date: dt.date | None
    state: str
    closed_on: dt.date | None
    modified_at: dt.datetime


class NoticeItemOut(Schema):
    label: str
    title: str = Field(description="Tom för en paragraf med sekretess")
    case_number: str
    secret: bool


class NoticeOut(Schema):
    id: int
    kind: str
    meeting: int
    body: str
    meeting_date: dt.date
    posted_on: dt.date
    last_day: dt.date
    approved_on: dt.date | None
    appeal_last_day: dt.date | None
    minutes_kept_at: str
    items: list[NoticeItemOut]
    modified_at: dt.datetime


# --- the register -------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    number: str
    body: str
    unit: str | None
    year: int
    kind: str
    title: str
    description: str
    status: str
    registered_on: dt.date
    closed_on: dt.date | None
    classification: str
    secret: bool
    secrecy_ground: str
    modified_at: dt.datetime


class RecordFileOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class RecordOut(Schema):
    id: int
    case: int
    number: str
    kind: str
    date: dt.date | None
    registered_on: dt.date
    counterpart: str
    description: str
    secret: bool
    secrecy_ground: str
    files: list[RecordFileOut]
    modified_at: dt.datetime


# --- documents ----------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    kind: str = Field(description="plan, followup, monthly eller group")
    body: str | None = Field(description="Organets kod; null för koncernrapporten")
    period: str = Field(description="Året (plan) eller perioden (2024-UR1, 2024-03)")
    format: str
    title: str
    size: int
    checksum: str = Field(description="SHA-256 av filen")
    created_at: dt.datetime
