"""Cases and records as a reader may see them: the register's list, a case with its
records, a record and its files, with what secrecy withholds left out (``None``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation, Person

from .. import secrecy
from ..models import Case, DecisionProposal, Record, RecordFile


@dataclass
class RecordView:
    record: Record
    withheld: bool
    counterpart: str | None
    description: str | None
    files: list[RecordFile] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.record.number

    @property
    def secret(self) -> bool:
        return self.record.secret or self.record.case.secret


@dataclass
class CaseView:
    case: Case
    withheld: bool
    title: str | None
    description: str | None
    records: list[RecordView] = field(default_factory=list)
    proposals: list[DecisionProposal] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.case.number


def _case_view(case: Case, open_ids: set[int] | None, *, entitled: bool | None = None) -> CaseView:
    visible = entitled if entitled is not None else (not case.secret or case.pk in open_ids)
    return CaseView(
        case=case,
        withheld=not visible,
        title=case.title if visible else None,
        description=case.description if visible else None,
    )


def _record_view(
    record: Record, visible: bool, files: list[RecordFile] | None = None
) -> RecordView:
    return RecordView(
        record=record,
        withheld=not visible,
        counterpart=record.counterpart if visible else None,
        description=record.description if visible else None,
        files=(files if files is not None else list(record.files.all())) if visible else [],
    )


def case_get(*, organisation: Organisation, number: str) -> Case:
    try:
        return Case.objects.select_related("body", "officer", "unit", "organisation").get(
            organisation=organisation, number=number
        )
    except Case.DoesNotExist as exc:
        raise NotFound(_("Ärendet finns inte.")) from exc


def _filter_cases(
    qs: QuerySet,
    *,
    prefix: str = "",
    body: Body | None = None,
    year: int | None = None,
    status: str = "",
    officer: Person | None = None,
) -> QuerySet:
    if body is not None:
        qs = qs.filter(Q(**{f"{prefix}body": body}) | Q(**{f"{prefix}body__parent": body}))
    if year:
        qs = qs.filter(**{f"{prefix}year": year})
    if status:
        qs = qs.filter(**{f"{prefix}status": status})
    if officer is not None:
        qs = qs.filter(**{f"{prefix}officer": officer})
    return qs


def case_list(
    *,
    actor,
    organisation: Organisation,
    body: Body | None = None,
    year: int | None = None,
    status: str = "",
    officer: Person | None = None,
    limit: int | None = 200,
) -> list[CaseView]:
    """The register, newest first, with secret titles withheld from those not entitled."""
    qs = _filter_cases(
        Case.objects.filter(organisation=organisation).select_related("body", "officer", "unit"),
        body=body,
        year=year,
        status=status,
        officer=officer,
    ).order_by("-registered_on", "-year", "-sequence")
    if limit:
        qs = qs[:limit]
    cases = list(qs)
    open_ids = _open_case_ids(actor, organisation, cases)
    return [_case_view(c, open_ids) for c in cases]


def _open_case_ids(actor, organisation: Organisation, cases: list[Case]) -> set[int]:
    secret_ids = [c.pk for c in cases if c.secret]
    if not secret_ids:
        return set()
    return set(
        Case.objects.filter(pk__in=secret_ids)
        .filter(secrecy.case_entitled_q(actor, organisation))
        .values_list("pk", flat=True)
    )


def case_detail(*, actor, case: Case) -> CaseView:
    """A case with its records and proposals, as ``actor`` may see them."""
    view = _case_view(case, None, entitled=secrecy.can_see_case(actor, case))
    records = list(
        Record.objects.filter(case=case).select_related("case").prefetch_related("files")
    )
    open_records = set(
        Record.objects.filter(case=case)
        .filter(secrecy.record_open_q(actor, case.organisation))
        .values_list("pk", flat=True)
    )
    view.records = [_record_view(r, r.pk in open_records) for r in records]
    if not view.withheld:
        view.proposals = list(case.proposals.select_related("body").order_by("date", "pk"))
    return view


def case_summary(*, actor, case: Case) -> CaseView:
    """A case without its records, as ``actor`` may see it."""
    return _case_view(case, None, entitled=secrecy.can_see_case(actor, case))


def register_filter_choices(*, organisation: Organisation) -> dict:
    """The register page's filter choices: bodies, years with cases, officers with cases."""
    return {
        "bodies": registrable_bodies(organisation=organisation),
        "statuses": Case.Status.choices,
        "officers": Person.objects.filter(organisation=organisation, cases__isnull=False)
        .distinct()
        .order_by("last_name", "first_name"),
        "years": sorted(
            set(Case.objects.filter(organisation=organisation).values_list("year", flat=True)),
            reverse=True,
        ),
    }


def case_by_number(*, organisation: Organisation, number: str) -> Case | None:
    number = (number or "").strip().upper()
    return Case.objects.filter(organisation=organisation, number=number).first() if number else None


def record_get(*, case: Case, sequence: int) -> Record:
    try:
        return Record.objects.select_related("case", "case__organisation", "case__body").get(
            case=case, sequence=sequence
        )
    except Record.DoesNotExist as exc:
        raise NotFound(_("Handlingen finns inte.")) from exc


def record_detail(*, actor, record: Record) -> RecordView:
    return _record_view(record, secrecy.can_see_record(actor, record))


def record_file_for_download(*, actor, record: Record, pk: int) -> RecordFile:
    """A file of a record, only for those entitled to see the record's files."""
    secrecy.ensure_can_see_record(actor, record)
    try:
        return record.files.get(pk=pk)
    except RecordFile.DoesNotExist as exc:
        raise NotFound(_("Filen finns inte.")) from exc


def registrable_bodies(*, organisation: Organisation) -> QuerySet[Body]:
    return Body.objects.filter(organisation=organisation, is_active=True)
