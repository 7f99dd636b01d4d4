"""Full-text search over cases, records and proposals, with secrecy applied."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from uppsikt.organisation.models import Body, Organisation, Person

from .. import secrecy
from ..models import Case, DecisionProposal, Record
from .register import _filter_cases


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


def _scopes(*, organisation: Organisation, body, year, status, officer):
    """The cases, records and proposals the filters leave (secrecy not yet applied)."""
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
    return cases, records, proposals


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
    cases, records, proposals = _scopes(
        organisation=organisation, body=body, year=year, status=status, officer=officer
    )
    case_open = secrecy.case_open_q(actor, organisation)
    record_open = secrecy.record_open_q(actor, organisation)
    proposal_open = Q(case__secret=False) | Q(
        case__in=Case.objects.filter(secrecy.case_entitled_q(actor, organisation))
    )
    find = _search_postgresql if connection.vendor == "postgresql" else _search_sqlite
    found_cases, found_records, found_proposals = find(
        query,
        cases.filter(case_open),
        records.filter(record_open),
        proposals.filter(proposal_open),
    )
    # Those not entitled find a secret case or record by its number only, and see no more.
    number = query.upper()
    withheld_cases = list(cases.exclude(case_open).filter(number=number))
    withheld_records = [
        r
        for r in records.exclude(record_open)
        .filter(case__number__in={number, number.rsplit("-", 1)[0]})
        .select_related("case")
        if number in {r.case.number, f"{r.case.number}-{r.sequence}"}
    ]
    hits = [
        *(_case_hit(c, visible=True) for c in found_cases),
        *(_case_hit(c, visible=False) for c in withheld_cases),
        *(_record_hit(r, visible=True) for r in found_records),
        *(_record_hit(r, visible=False) for r in withheld_records),
        *(_proposal_hit(p) for p in found_proposals),
    ]
    hits.sort(key=lambda h: (h.date, h.number), reverse=True)
    return hits[:limit]


def _case_hit(c: Case, *, visible: bool) -> SearchHit:
    return SearchHit(
        "case",
        c.number,
        c.title if visible else None,
        c.registered_on,
        c.get_absolute_url(),
        c.get_status_display(),
    )


def _record_hit(r: Record, *, visible: bool) -> SearchHit:
    return SearchHit(
        "record",
        r.number,
        r.description if visible else None,
        r.date,
        r.get_absolute_url(),
        r.get_kind_display(),
    )


def _proposal_hit(p: DecisionProposal) -> SearchHit:
    return SearchHit(
        "proposal",
        p.case.number,
        p.title,
        p.date,
        p.get_absolute_url(),
        p.get_status_display(),
    )


def _search_sqlite(query: str, cases, records, proposals):
    words = _words(query)
    found_cases = [
        c
        for c in cases
        if _matches(words, c.number, c.title, c.description, c.classification, c.submitted_by)
    ]
    found_records = [
        r
        for r in records.select_related("case")
        if _matches(
            words, r.case.number, f"{r.case.number}-{r.sequence}", r.description, r.counterpart
        )
    ]
    found_proposals = [
        p
        for p in proposals.select_related("case")
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
    return found_cases, found_records, found_proposals


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


def _number_q(query: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}number__icontains": query.strip()})


def _words_q(words: list[str], *fields: str) -> Q:
    q = Q()
    for w in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": w})
        q &= any_field
    return q


def header_search(*, actor, organisation: Organisation, query: str, limit: int = 10) -> dict:
    """The register's part of the header search: cases and records (handlingar).

    Bounded: at most ``limit`` + 1 rows of each are read (the one more says that there are
    more). A case or record is found by its number whether secret or not, as the register lists
    it, its title withheld (``None``) from those the gate does not let in; by words only when
    ``actor`` sees it in full, so a secret title is never searched, shown or counted for them.
    """
    query = (query or "").strip()
    words = [w for w in query.split() if w][:6]
    if not words:
        return {"cases": [], "records": [], "more_cases": False, "more_records": False}
    case_open = secrecy.case_open_q(actor, organisation)
    # The case whose number is the query comes first, then the newest.
    exact = list(Case.objects.filter(organisation=organisation, number__iexact=query)[:1])
    cases = exact + list(
        Case.objects.filter(organisation=organisation)
        .filter(_number_q(query) | (case_open & _words_q(words, "title", "description")))
        .exclude(pk__in=[c.pk for c in exact])
        .order_by("-registered_on", "-year", "-sequence")[: limit + 1 - len(exact)]
    )
    open_ids = set(
        Case.objects.filter(pk__in=[c.pk for c in cases if c.secret])
        .filter(secrecy.case_entitled_q(actor, organisation))
        .values_list("pk", flat=True)
    )
    record_open = secrecy.record_open_q(actor, organisation)
    records = list(
        Record.objects.filter(case__organisation=organisation)
        .filter(
            _number_q(query, "case__")
            | (record_open & _words_q(words, "description", "counterpart"))
        )
        .select_related("case")
        .order_by("-date", "-pk")[: limit + 1]
    )
    open_record_ids = set(
        Record.objects.filter(pk__in=[r.pk for r in records if r.secret or r.case.secret])
        .filter(secrecy.record_entitled_q(actor, organisation))
        .values_list("pk", flat=True)
    )
    return {
        "cases": [_case_hit(c, visible=not c.secret or c.pk in open_ids) for c in cases[:limit]],
        "records": [
            _record_hit(r, visible=not (r.secret or r.case.secret) or r.pk in open_record_ids)
            for r in records[:limit]
        ],
        "more_cases": len(cases) > limit,
        "more_records": len(records) > limit,
    }
