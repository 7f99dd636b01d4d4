"""Full-text search over cases, records and proposals, with the register's filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from uppsikt.cases import selectors, services
from uppsikt.core.permissions import SYSTEM

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    region = factories.region()
    region.a = factories.case(region, "Översyn förvaltningarnas stabsfunktioner")
    region.b = factories.case(
        region,
        "Lokalvård på sjukhusen",
        body=region.dnrs,
        unit=region.rse,
        registered_on=dt.date(2025, 2, 1),
    )
    factories.record(region.b, "Offert på lokalvård", counterpart="Städbolaget AB")
    return region


def _found(r, query, **filters):
    hits = selectors.search(actor=r.secretary, organisation=r.organisation, query=query, **filters)
    return sorted((h.kind, h.number) for h in hits)


def test_search_finds_cases_records_and_proposals(r):
    p = services.proposal_create(actor=SYSTEM, case=r.a, title="Förslag")
    services.proposal_update(actor=SYSTEM, proposal=p, summary="Kartläggning av lokalvård")
    assert _found(r, "lokalvård") == [
        ("case", "DRS250001"),
        ("proposal", "RS240001"),
        ("record", "DRS250001-1"),
    ]


def test_every_word_must_match(r):
    assert _found(r, "lokalvård offert") == [("record", "DRS250001-1")]


def test_search_is_filtered_by_body_year_status_and_officer(r):
    assert _found(r, "lokalvård", body=r.rs) == []
    assert _found(r, "lokalvård", body=r.dnrs) == [("case", "DRS250001"), ("record", "DRS250001-1")]
    assert _found(r, "lokalvård", year=2024) == []
    services.case_close(actor=SYSTEM, case=r.b)
    assert _found(r, "lokalvård", status="open") == []
    assert _found(r, "stabsfunktioner", officer=r.officer) == [("case", "RS240001")]


def test_the_register_list_is_filtered_too(r):
    rows = selectors.case_list(actor=r.reader, organisation=r.organisation, year=2025)
    assert [v.number for v in rows] == ["DRS250001"]


def test_a_case_is_found_by_its_number(r):
    assert _found(r, "rs240001") == [("case", "RS240001")]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Swedish text search")
def test_swedish_stemming_finds_inflected_forms_on_postgresql(r):
    # "stabsfunktion" (singular) finds "stabsfunktioner" (plural)
    assert _found(r, "stabsfunktion") == [("case", "RS240001")]
