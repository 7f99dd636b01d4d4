"""Reads of the register for screens, search, exports and documents.

Every read that shows a case's or a record's contents goes through the views built here, which
ask ``secrecy`` (the single gate) whether the reader may see what secrecy withholds. A withheld
field is ``None`` in a view; the page, the export and the document say that it is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation, Person, Unit

from . import impact, secrecy
from .models import (
    AssessmentTemplate,
    Case,
    DecisionProposal,
    DelegatedDecision,
    ImpactAssessment,
    Record,
    RecordFile,
)

# ---------------------------------------------------------------------------------------------
# Views of cases and records with secrecy applied


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


# ---------------------------------------------------------------------------------------------
# Proposals


@dataclass
class ProposalView:
    """A decision proposal as a page or a document shows it."""

    proposal: DecisionProposal
    case: Case
    withheld: bool
    author: str = ""
    unit_name: str = ""
    officer_name: str = ""
    officer_title: str = ""
    basis: list[RecordView] = field(default_factory=list)
    assessments: list[tuple[AssessmentTemplate, ImpactAssessment | None]] = field(
        default_factory=list
    )
    impact_paragraphs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def proposal_get(*, organisation: Organisation, pk: int) -> DecisionProposal:
    try:
        return DecisionProposal.objects.select_related(
            "case", "case__body", "case__unit", "case__officer", "case__organisation", "body"
        ).get(pk=pk, case__organisation=organisation)
    except DecisionProposal.DoesNotExist as exc:
        raise NotFound(_("Beslutsförslaget finns inte.")) from exc


def proposal_detail(*, actor, proposal: DecisionProposal) -> ProposalView:
    case = proposal.case
    if not secrecy.can_see_case(actor, case):
        return ProposalView(proposal=proposal, case=case, withheld=True)
    organisation = case.organisation
    open_records = set(
        Record.objects.filter(case=case)
        .filter(secrecy.record_open_q(actor, organisation))
        .values_list("pk", flat=True)
    )
    basis = [
        _record_view(r, r.pk in open_records, files=[])
        for r in proposal.basis.select_related("case").order_by("sequence")
    ]
    templates = list(
        AssessmentTemplate.objects.filter(organisation=organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )
    saved = {a.template_id: a for a in proposal.assessments.all()}
    officer = case.officer
    return ProposalView(
        proposal=proposal,
        case=case,
        withheld=False,
        author=author_of(case),
        unit_name=case.unit.name if case.unit else "",
        officer_name=officer.full_name if officer else "",
        officer_title=officer.title if officer else "",
        basis=basis,
        assessments=[(t, saved.get(t.pk)) for t in templates],
        impact_paragraphs=[p for p in proposal.impact_text.split("\n\n") if p.strip()],
        missing=[] if proposal.locked else [str(m) for m in proposal_missing(proposal)],
    )


def proposals_ready_for_meeting(*, body: Body) -> QuerySet[DecisionProposal]:
    """Final proposals addressed to ``body``: what a meeting's agenda can take up."""
    return (
        DecisionProposal.objects.filter(body=body, status=DecisionProposal.Status.FINAL)
        .select_related("case")
        .order_by("finalised_at", "pk")
    )


def proposal_versions(*, proposal: DecisionProposal):
    return proposal.versions.select_related("created_by").order_by("-number")


# ---------------------------------------------------------------------------------------------
# Delegated decisions


def delegated_decisions(
    *, actor, organisation: Organisation, body: Body | None = None
) -> list[DelegatedDecision]:
    """Delegated decisions, newest first; ``withheld`` is set on those in a secret case the
    reader is not entitled to (the decision text is not shown)."""
    qs = DelegatedDecision.objects.filter(organisation=organisation).select_related(
        "body", "decided_by", "case"
    )
    if body is not None:
        qs = qs.filter(body=body)
    rows = list(qs.order_by("-decided_on", "-pk"))
    open_ids = _open_case_ids(actor, organisation, [d.case for d in rows if d.case is not None])
    for d in rows:
        d.withheld = d.case is not None and d.case.secret and d.case_id not in open_ids
    return rows


def delegated_decisions_to_report(*, body: Body) -> QuerySet[DelegatedDecision]:
    """Decisions not yet reported to ``body``: the list for its next meeting."""
    return (
        DelegatedDecision.objects.filter(body=body, reported_on__isnull=True)
        .select_related("decided_by", "case")
        .order_by("decided_on", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Search


@dataclass
class SearchHit:
    kind: str  # "case", "record", "proposal"
    number: str
    title: str | None  # None: withheld
    date: object
    url: str
    status: str = ""


def _words(query: str) -> list[str]:
    return [w.casefold() for w in query.split() if w.strip()]


def _matches(words: list[str], *texts) -> bool:
    haystack = " ".join(str(t or "") for t in texts).casefold()
    return all(w in haystack for w in words)


def search(
    *,
    actor,
    organisation: Organisation,
    query: str,
    body: Body | None = None,
    year: int | None = None,
    status: str = "",
    officer: Person | None = None,
    limit: int = 100,
) -> list[SearchHit]:
    """Full-text search over cases, records and proposals.

    PostgreSQL: the Swedish text-search configuration (stemming: "stabsfunktion" finds
    "stabsfunktioner"). SQLite: every word as a case-insensitive substring. Withheld fields are
    searched only for those entitled to them; others can find a secret case by its number.
    """
    query = (query or "").strip()
    if not query:
        return []
    cases = _filter_cases(
        Case.objects.filter(organisation=organisation),
        body=body,
        year=year,
        status=status,
        officer=officer,
    )
    records = _filter_cases(
        Record.objects.filter(case__organisation=organisation),
        prefix="case__",
        body=body,
        year=year,
        status=status,
        officer=officer,
    )
    proposals = _filter_cases(
        DecisionProposal.objects.filter(case__organisation=organisation),
        prefix="case__",
        body=None,
        year=year,
        status=status,
        officer=officer,
    )
    if body is not None:
        proposals = proposals.filter(
            Q(body=body) | Q(body__parent=body) | Q(case__body=body) | Q(case__body__parent=body)
        )
    case_open = secrecy.case_open_q(actor, organisation)
    record_open = secrecy.record_open_q(actor, organisation)
    proposal_open = Q(case__secret=False) | Q(
        case__in=Case.objects.filter(secrecy.case_entitled_q(actor, organisation))
    )
    number = query.upper()
    hits: list[SearchHit] = []
    if connection.vendor == "postgresql":
        found_cases, found_records, found_proposals = _search_postgresql(
            query,
            cases.filter(case_open),
            records.filter(record_open),
            proposals.filter(proposal_open),
        )
    else:
        words = _words(query)
        found_cases = [
            c
            for c in cases.filter(case_open)
            if _matches(words, c.number, c.title, c.description, c.classification, c.submitted_by)
        ]
        found_records = [
            r
            for r in records.filter(record_open).select_related("case")
            if _matches(
                words, r.case.number, f"{r.case.number}-{r.sequence}", r.description, r.counterpart
            )
        ]
        found_proposals = [
            p
            for p in proposals.filter(proposal_open).select_related("case")
            if _matches(
                words,
                p.case.number,
                p.title,
                p.summary,
                p.background,
                p.considerations,
                p.impact_text,
                p.economic_consequences,
                " ".join(p.decision_points),
            )
        ]
    # Those not entitled find a secret case or record by its number only, and see no more.
    withheld_cases = list(cases.exclude(case_open).filter(number=number))
    withheld_records = [
        r
        for r in records.exclude(record_open)
        .filter(case__number__in={number, number.rsplit("-", 1)[0]})
        .select_related("case")
        if number in {r.case.number, f"{r.case.number}-{r.sequence}"}
    ]
    for c in [*found_cases, *withheld_cases]:
        visible = c not in withheld_cases
        hits.append(
            SearchHit(
                "case",
                c.number,
                c.title if visible else None,
                c.registered_on,
                c.get_absolute_url(),
                c.get_status_display(),
            )
        )
    for r in [*found_records, *withheld_records]:
        visible = r not in withheld_records
        hits.append(
            SearchHit(
                "record",
                r.number,
                r.description if visible else None,
                r.date,
                r.get_absolute_url(),
                r.get_kind_display(),
            )
        )
    for p in found_proposals:
        hits.append(
            SearchHit(
                "proposal",
                p.case.number,
                p.title,
                p.date,
                p.get_absolute_url(),
                p.get_status_display(),
            )
        )
    hits.sort(key=lambda h: (h.date, h.number), reverse=True)
    return hits[:limit]


def _search_postgresql(query: str, cases, records, proposals):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    q = SearchQuery(query, config="swedish", search_type="websearch")
    found_cases = list(
        cases.annotate(
            document=SearchVector(
                "number",
                "title",
                "description",
                "classification",
                "submitted_by",
                config="swedish",
            )
        ).filter(document=q)
    )
    found_records = list(
        records.select_related("case")
        .annotate(
            document=SearchVector("case__number", "description", "counterpart", config="swedish")
        )
        .filter(document=q)
    )
    found_proposals = list(
        proposals.select_related("case")
        .annotate(
            document=SearchVector(
                "case__number",
                "title",
                "summary",
                "background",
                "considerations",
                "impact_text",
                "economic_consequences",
                Cast("decision_points", TextField()),
                config="swedish",
            )
        )
        .filter(document=q)
    )
    return found_cases, found_records, found_proposals


# ---------------------------------------------------------------------------------------------
# Export


EXPORT_HEADER = [
    "Diarienummer",
    "Handling",
    "Typ",
    "Datum",
    "Registrerad",
    "Organ",
    "Ärendemening / beskrivning",
    "Avsändare/mottagare",
    "Status",
    "Sekretess",
]


def export_rows(
    *,
    actor,
    organisation: Organisation,
    body: Body | None = None,
    year: int | None = None,
    status: str = "",
    officer: Person | None = None,
) -> list[list[str]]:
    """The register as rows (a diarieutdrag): each case, then its records; withheld fields
    read "Sekretess" with the OSL ground."""
    withheld = "[Sekretess]"
    rows: list[list[str]] = []
    views = case_list(
        actor=actor,
        organisation=organisation,
        body=body,
        year=year,
        status=status,
        officer=officer,
        limit=None,
    )
    case_ids = [v.case.pk for v in views]
    records = Record.objects.filter(case_id__in=case_ids).select_related("case")
    open_records = set(
        records.filter(secrecy.record_open_q(actor, organisation)).values_list("pk", flat=True)
    )
    by_case: dict[int, list[Record]] = {}
    for r in records.order_by("sequence"):
        by_case.setdefault(r.case_id, []).append(r)
    for v in views:
        c = v.case
        rows.append(
            [
                c.number,
                "",
                c.get_kind_display(),
                c.registered_on.isoformat(),
                c.registered_on.isoformat(),
                c.body.name,
                v.title if not v.withheld else withheld,
                "",
                c.get_status_display(),
                c.secrecy_ground,
            ]
        )
        for r in by_case.get(c.pk, []):
            visible = r.pk in open_records
            rows.append(
                [
                    c.number,
                    r.number,
                    r.get_kind_display(),
                    r.date.isoformat(),
                    r.registered_on.isoformat(),
                    c.body.name,
                    r.description if visible else withheld,
                    r.counterpart if visible else withheld,
                    "",
                    r.secrecy_ground or c.secrecy_ground,
                ]
            )
    return rows


# ---------------------------------------------------------------------------------------------
# What a decision proposal says and lacks (read by the services too)


def author_of(case: Case) -> str:
    """Who writes the proposal, as it is signed: the förvaltning of the case's unit
    ("Regionkontoret"), or the body when the case has no unit."""
    if case.unit is None:
        return case.body.name
    ids = case.unit.ancestor_ids()
    if not ids:
        return case.unit.name
    return Unit.objects.get(pk=ids[0]).name


def assessments_answered(proposal: DecisionProposal) -> list[impact.Answered]:
    """Every assessment of the proposal's organisation, answered or not, in template order."""
    templates = (
        AssessmentTemplate.objects.filter(organisation=proposal.case.organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )
    saved = {a.template_id: a for a in proposal.assessments.all()}
    result = []
    for template in templates:
        a = saved.get(template.pk)
        questions = [q for q in template.questions.all() if q.is_active]
        answers = a.answers if a else {}
        result.append(
            impact.Answered(
                name=template.name,
                perspective=template.perspective,
                affected=a.affected if a else None,
                reason=a.not_affected_reason if a else "",
                answers=[(q.text, str(answers.get(str(q.pk), ""))) for q in questions],
                conclusion=a.conclusion if a else "",
            )
        )
    return result


def _required_missing(proposal: DecisionProposal) -> list[str]:
    templates = {
        t.name: t.required
        for t in AssessmentTemplate.objects.filter(organisation=proposal.case.organisation)
    }
    return [
        name
        for a in assessments_answered(proposal)
        for name in impact.missing_answers(a)
        if templates.get(name, True)
    ]


def proposal_missing(proposal: DecisionProposal) -> list[str]:
    """What a proposal lacks before it can be finalised (names of sections, in order)."""
    missing = []
    if not proposal.decision_points:
        missing.append(_("Förslag till beslut"))
    if not proposal.summary.strip():
        missing.append(_("Sammanfattning"))
    missing.extend(
        _("Konsekvensbeskrivning: %(name)s") % {"name": name}
        for name in _required_missing(proposal)
    )
    if not proposal.economic_consequences.strip():
        missing.append(_("Ekonomiska konsekvenser"))
    if not proposal.signatories:
        missing.append(_("Undertecknas av"))
    return missing
