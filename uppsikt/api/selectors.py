"""The API's reads for its administration page."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from uppsikt.core.exceptions import NotFound
from uppsikt.followup.models import Assessment, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Organisation, Person, Unit
from uppsikt.planning.models import Indicator, Measurement, Plan

from .models import ApiToken


def tokens_of(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(organisation=organisation)
        .select_related("owner", "created_by")
        .prefetch_related("units", "bodies")
        .order_by("-created_at", "-pk")
    )


def token_get(*, organisation: Organisation, pk: int) -> ApiToken:
    found = ApiToken.objects.filter(organisation=organisation, pk=pk).first()
    if found is None:
        raise NotFound("Nyckeln finns inte.")
    return found


# --- the endpoints' reads: each within the organisation, the lists in a stable order ------


def bodies(*, organisation: Organisation, modified_since=None) -> QuerySet[Body]:
    qs = Body.objects.filter(organisation=organisation).select_related("parent")
    return _since(qs, modified_since)


def body_by_code(*, organisation: Organisation, code: str) -> Body | None:
    return Body.objects.filter(organisation=organisation, code=code).first()


def units(*, organisation: Organisation, body: Body | None = None, modified_since=None):
    qs = Unit.objects.filter(organisation=organisation).select_related("parent", "body")
    if body is not None:
        qs = qs.filter(body=body)
    return _since(qs, modified_since)


def unit_by_code(*, organisation: Organisation, code: str) -> Unit | None:
    return (
        Unit.objects.filter(organisation=organisation, code=code)
        .select_related("parent", "body")
        .first()
    )


def people(*, organisation: Organisation, unit: Unit | None = None, modified_since=None):
    """Active people; the endpoint shows names, titles and units only."""
    qs = Person.objects.filter(organisation=organisation, is_active=True).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return _since(qs, modified_since)


def _since(qs, modified_since):
    return qs.filter(updated_at__gte=modified_since) if modified_since else qs


def plans(*, organisation: Organisation, year=None, body=None, unit=None, modified_since=None):
    qs = Plan.objects.filter(organisation=organisation).select_related("body", "unit")
    if year is not None:
        qs = qs.filter(year=year)
    if body is not None:
        qs = qs.filter(body__code=body)
    if unit is not None:
        qs = qs.filter(unit__code=unit)
    return _since(qs, modified_since)


def plan_get(*, organisation: Organisation, pk: int) -> Plan | None:
    return (
        Plan.objects.filter(organisation=organisation, pk=pk).select_related("body", "unit").first()
    )


def plan_items(*, plan: Plan) -> list[tuple[str, object]]:
    """The plan's goals, assignments and activities as (kind, item), each kind by id."""
    found = []
    for kind, related in (
        ("goal", "goals"),
        ("assignment", "assignments"),
        ("activity", "activities"),
    ):
        items = getattr(plan, related).select_related("responsible_unit").order_by("pk")
        found += [(kind, item) for item in items]
    return found


def plan_indicator_ids(*, plan: Plan) -> list[int]:
    return list(plan.indicators.order_by("pk").values_list("pk", flat=True))


def indicators(*, organisation: Organisation, plan=None, modified_since=None):
    qs = Indicator.objects.filter(organisation=organisation)
    if plan is not None:
        qs = qs.filter(plans__pk=plan)
    return _since(qs, modified_since)


def indicator_get(*, organisation: Organisation, pk: int) -> Indicator | None:
    return Indicator.objects.filter(organisation=organisation, pk=pk).first()


def measurements(
    *,
    organisation: Organisation,
    units_q,
    unit: Unit | None = None,
    body: Body | None = None,
    year=None,
    indicator=None,
    modified_since=None,
):
    """Measurements of the units ``units_q`` selects (None: every unit)."""
    qs = Measurement.objects.filter(indicator__organisation=organisation).select_related("unit")
    if units_q is not None:
        qs = qs.filter(unit__in=Unit.objects.filter(units_q))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if body is not None:
        qs = qs.filter(unit__body=body)
    if year is not None:
        qs = qs.filter(period_end__year=year)
    if indicator is not None:
        qs = qs.filter(indicator_id=indicator)
    return _since(qs, modified_since)


def periods(*, organisation: Organisation, year=None, modified_since=None):
    qs = ReportingPeriod.objects.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(year=year)
    return _since(qs, modified_since)


def assessments(*, organisation: Organisation, units_q):
    """Assessments of the units ``units_q`` selects, with what their answer shows."""
    return Assessment.objects.filter(
        period__organisation=organisation, unit__in=Unit.objects.filter(units_q)
    ).select_related("unit", "status", "forecast", "goal", "assignment", "activity", "indicator")


def scale_level(*, assessment: Assessment, code: str) -> ScaleLevel | None:
    return ScaleLevel.objects.filter(
        organisation_id=assessment.period.organisation_id,
        item_kind=assessment.item_kind,
        code=code,
    ).first()


def indicator_by_code(*, organisation: Organisation, code: str) -> Indicator | None:
    """An indicator by its id, or by its Kolada id when exactly one indicator has it."""
    qs = Indicator.objects.filter(organisation=organisation)
    if code.isascii() and code.isdigit() and len(code) < 12:
        found = qs.filter(pk=int(code)).first()
        if found is not None:
            return found
    by_kolada = list(qs.filter(kolada_id=code)[:2])
    return by_kolada[0] if len(by_kolada) == 1 else None


def assessment_get(*, pk: int) -> Assessment:
    return Assessment.objects.select_related(
        "unit", "status", "forecast", "goal", "assignment", "activity", "indicator"
    ).get(pk=pk)


# --- finance: the screens' tables, scoped by unit -------------------------------------------


def finance_latest_month(*, organisation: Organisation):
    from uppsikt.finance import selectors as finance_selectors

    return finance_selectors.latest_budgeted_month(organisation=organisation)


def finance_ytd(*, organisation: Organisation, unit: Unit | None, year: int, month: int):
    """The year-to-date table of the ledger page (per report line, with the previous year)."""
    from uppsikt.finance import selectors as finance_selectors

    return finance_selectors.ytd_table(organisation=organisation, unit=unit, year=year, month=month)


def finance_forecast(*, organisation: Organisation, unit: Unit, year: int, month: int):
    """The forecast page's table of a unit made at the end of a month."""
    from uppsikt.finance import selectors as finance_selectors

    return finance_selectors.forecast_table(
        organisation=organisation, unit=unit, year=year, month=month
    )


def forecasts(*, organisation: Organisation, units_q, unit=None, body=None, year=None, as_of=None):
    """The stored forecasts (per unit, month and report line) of the units ``units_q``
    selects (None: every unit)."""
    from uppsikt.finance.models import Forecast

    qs = Forecast.objects.filter(unit__organisation=organisation).select_related(
        "unit", "report_line"
    )
    if units_q is not None:
        qs = qs.filter(unit__in=Unit.objects.filter(units_q))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if body is not None:
        qs = qs.filter(unit__body=body)
    if year is not None:
        qs = qs.filter(year=year)
    if as_of is not None:
        qs = qs.filter(as_of=as_of)
    return qs


# --- staff figures: only as the disclosure control lets them out --------------------------


def staff_figure_sets(*, organisation: Organisation, units_q, unit=None, year=None, month=None):
    from uppsikt.workforce import selectors as workforce_selectors

    return workforce_selectors.figure_sets_of(
        organisation=organisation, units_q=units_q, unit=unit, year=year, month=month
    )


def staff_published(sets: list) -> list:
    from uppsikt.workforce import selectors as workforce_selectors

    return workforce_selectors.published_sets(sets=sets)


# --- the register and the meetings: what secrecy withholds is left out ---------------------


def secret_body_ids(*, token, organisation: Organisation) -> list[int] | None:
    """The bodies whose secret material the token may reach by its own scope (None: no limit
    of the token's own); the owner's entitlement is asked of the secrecy gate besides."""
    from . import tokens

    if not tokens.is_scoped(token):
        return None
    return [b.pk for b in Body.objects.filter(organisation=organisation) if tokens.covers(token, b)]


def cases_entitled(*, token, organisation: Organisation):
    """The secret cases the token may show in full: the token carries ``secrecy.read``, its
    scope takes in the case's body, and the secrecy gate admits its owner (now)."""
    from uppsikt.cases import secrecy
    from uppsikt.cases.models import Case

    if "secrecy.read" not in token.permissions:
        return Case.objects.none()
    qs = Case.objects.filter(organisation=organisation).filter(
        secrecy.case_entitled_q(token.owner, organisation)
    )
    bodies = secret_body_ids(token=token, organisation=organisation)
    return qs if bodies is None else qs.filter(body_id__in=bodies)


def cases_visible(*, token, organisation: Organisation):
    """The cases the token may read: those without secrecy, and the secret ones it is
    entitled to (``cases_entitled``). A case the token may not see is not there at all."""
    from uppsikt.cases.models import Case

    entitled = cases_entitled(token=token, organisation=organisation).values("pk")
    return (
        Case.objects.filter(organisation=organisation)
        .filter(Q(secret=False) | Q(pk__in=entitled))
        .select_related("body", "unit")
    )


def records_visible(*, token, organisation: Organisation):
    """The records the token may read: neither the record nor its case secret, or the token
    entitled (``secrecy.read``, its scope, and the gate's ``record_entitled_q`` for the owner)."""
    from uppsikt.cases import secrecy
    from uppsikt.cases.models import Record

    qs = (
        Record.objects.filter(case__organisation=organisation)
        .select_related("case")
        .prefetch_related("files")
    )
    open_q = Q(secret=False, case__secret=False)
    if "secrecy.read" in token.permissions:
        entitled = Record.objects.filter(case__organisation=organisation).filter(
            secrecy.record_entitled_q(token.owner, organisation)
        )
        bodies = secret_body_ids(token=token, organisation=organisation)
        if bodies is not None:
            entitled = entitled.filter(case__body_id__in=bodies)
        open_q |= Q(pk__in=entitled.values("pk"))
    return qs.filter(open_q)


def _entitled_bodies(*, token, organisation: Organisation) -> list[int]:
    """Bodies on which the owner reads secret material by role (the gate's), within the
    token's scope; none without ``secrecy.read``."""
    from uppsikt.cases import secrecy

    if "secrecy.read" not in token.permissions:
        return []
    ids = secrecy.entitled_body_ids(token.owner, organisation)
    bodies = secret_body_ids(token=token, organisation=organisation)
    return ids if bodies is None else [i for i in ids if i in bodies]


def minutes_items_visible(*, token, organisation: Organisation):
    """The minutes items (§) the token may read. A § is left out when it or its case is
    secret and the token is not entitled to its case (a secret § without a case: to its
    body, by role), by the secrecy gate."""
    from uppsikt.meetings.models import MinutesItem

    visible_cases = cases_visible(token=token, organisation=organisation).values("pk")
    entitled = cases_entitled(token=token, organisation=organisation).values("pk")
    q = Q(secret=False) & (Q(case__isnull=True) | Q(case__in=visible_cases))
    q |= Q(secret=True, case__in=entitled)
    q |= Q(
        secret=True,
        case__isnull=True,
        body_id__in=_entitled_bodies(token=token, organisation=organisation),
    )
    return (
        MinutesItem.objects.filter(meeting__organisation=organisation)
        .filter(q)
        .select_related("meeting", "body", "case")
    )


def meetings(*, organisation: Organisation):
    from uppsikt.meetings.models import Meeting

    return Meeting.objects.filter(organisation=organisation).select_related("body")


def meeting_get(*, organisation: Organisation, pk: int):
    return meetings(organisation=organisation).filter(pk=pk).first()


def agenda_visible(*, token, meeting) -> tuple[list, set[int]]:
    """The meeting's agenda without the items on cases the token may not see, and the ids
    of the minutes items (§) the token may read (an agenda item links only to those)."""
    from uppsikt.meetings.models import AgendaItem

    organisation = meeting.organisation
    visible_cases = cases_visible(token=token, organisation=organisation).values("pk")
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting)
        .filter(Q(case__isnull=True) | Q(case__in=visible_cases))
        .select_related("case", "minutes_item")
        .order_by("position", "pk")
    )
    items = set(
        minutes_items_visible(token=token, organisation=organisation)
        .filter(meeting=meeting)
        .values_list("pk", flat=True)
    )
    return agenda, items


def decision_assignments_visible(*, token, organisation: Organisation):
    """The assignments given by decisions (§) the token may read."""
    from uppsikt.meetings.models import DecisionAssignment

    items = minutes_items_visible(token=token, organisation=organisation).values("pk")
    return DecisionAssignment.objects.filter(
        organisation=organisation, given_by__in=items
    ).select_related("given_by", "given_by__body", "recipient_body", "recipient_unit")


def notices_posted(*, organisation: Organisation):
    """The notice board: every notice posted (current and archived), never one to come."""
    from django.utils import timezone

    from uppsikt.meetings.models import Notice

    return Notice.objects.filter(
        organisation=organisation, posted_on__lte=timezone.localdate()
    ).select_related("meeting", "meeting__body")


def notices_public_items(notices: list) -> dict:
    """What of the minutes each notice may show (the board's one reading of them)."""
    from uppsikt.meetings import selectors as meetings_selectors

    return meetings_selectors.public_items(notices=notices)


def approval_notice_of(*, meeting):
    """The notice of the meeting's approved minutes (not of an item approved at once)."""
    from uppsikt.meetings.models import Notice

    return (
        Notice.objects.filter(meeting=meeting, kind=Notice.Kind.APPROVAL, item__isnull=True)
        .select_related("meeting", "meeting__body")
        .order_by("pk")
        .first()
    )


def notice_get(*, organisation: Organisation, pk: int):
    return notices_posted(organisation=organisation).filter(pk=pk).first()


def notice_minutes_file(notice) -> tuple[bytes, str] | None:
    """The minutes of an approval notice as the notice board serves them: the sealed PDF/A
    once it is made (docs/sealing.md), else the board's PDF (the public items only, a secret
    § by its number); None when neither can be had (an announcement, no PDF writer)."""
    from uppsikt.documents import pdf as pdf_writer
    from uppsikt.documents import selectors as doc_selectors
    from uppsikt.meetings import documents as meeting_documents
    from uppsikt.meetings import selectors as meetings_selectors
    from uppsikt.meetings.models import Notice

    if notice.kind != Notice.Kind.APPROVAL:
        return None
    day = notice.meeting.date.isoformat()
    sealed = meetings_selectors.notice_sealed(notice=notice)
    if sealed is not None:
        name = f"protokoll-{day}-anslag-{notice.pk}-forseglat.pdf"
        return doc_selectors.rendered_content(sealed), name
    if not pdf_writer.available():
        return None
    doc = meeting_documents.notice_minutes_document(notice)
    content, _name, _mime = meeting_documents.write(
        doc, "pdf", organisation_id=notice.organisation_id
    )
    return content, f"protokoll-{day}-anslag-{notice.pk}.pdf"


def extract_file(item, fmt: str) -> tuple[bytes, str] | None:
    """The extract (protokollsutdrag) of a § as ``fmt`` (pdf, docx): the sealed PDF/A once the
    sealing job has made it, as the § page serves it; None when PDF cannot be written here."""
    from uppsikt.documents import pdf as pdf_writer
    from uppsikt.meetings import documents as meeting_documents
    from uppsikt.meetings import selectors as meetings_selectors

    full = meetings_selectors.item_full(item=item)
    sealed = meetings_selectors.extract_sealed(item=item) if fmt == "pdf" else None
    if sealed is not None:  # the sealed PDF/A, once the sealing job has made it (as the page)
        from uppsikt.documents import selectors as doc_selectors

        name = f"protokollsutdrag-{item.meeting.date.isoformat()}-{item.pk}-forseglat.pdf"
        return doc_selectors.rendered_content(sealed), name
    if fmt == "pdf" and not pdf_writer.available():
        return None
    content, name, _mime = meeting_documents.extract_file(full, fmt)
    return content, name


def record_file_get(*, record, pk: int):
    return record.files.filter(pk=pk).first()


def record_file_content(stored) -> bytes:
    with stored.file.open("rb") as f:
        return f.read()


# --- documents: the kept rendered reports the owner may read -----------------------------

REPORT_KINDS = ("plan", "followup", "monthly", "group")
REGION = "REGION"


def documents_readable(*, token, organisation: Organisation):
    """The kept files of the reports (plan, follow-up, monthly, group) the token may read:
    the owner by the reports' rule (``reports.selectors.may_read_document``) and the token's
    scope covering the document's body (the group report: a token without a scope)."""
    from uppsikt.documents.models import RenderedDocument
    from uppsikt.organisation.tenancy import document_scope
    from uppsikt.reports import selectors as report_selectors

    from . import tokens

    if "documents.view" not in token.permissions:
        return RenderedDocument.objects.none()
    prefix = document_scope(organisation.pk)
    q = Q(pk__in=[])
    for body in Body.objects.filter(organisation=organisation).select_related("parent"):
        if not tokens.covers(token, body):
            continue
        kinds = [
            k
            for k in ("plan", "followup", "monthly")
            if report_selectors.may_read_document(token.owner, kind=k, body=body)
        ]
        if kinds:
            q |= Q(kind__in=kinds, subject__startswith=f"{prefix}/{body.code}/")
    if not tokens.is_scoped(token) and report_selectors.may_read_document(
        token.owner, kind="group", body=None
    ):
        q |= Q(kind="group", subject__startswith=f"{prefix}/{REGION}/")
    return RenderedDocument.objects.filter(kind__in=REPORT_KINDS).filter(q)


def document_content(rendered) -> bytes:
    from uppsikt.documents import selectors as doc_selectors

    return doc_selectors.rendered_content(rendered)
