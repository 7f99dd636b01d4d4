"""The demo's open data, walked from ``/oparl/v1.1/`` as a client walks it: every object valid
against the OParl 1.1 schemas, every list paged, CORS for any origin, and the way to the board's
meetings, the approved minutes as PDF and the public papers by following URLs only."""

from __future__ import annotations

import json

import pytest

from uppsikt.demo.loader import load_demo
from uppsikt.documents import pdf as pdf_writer

from .walk import HOST, PREFIX, ROOT, problems, walk

pytestmark = pytest.mark.django_db

KINDS = {
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Consultation",
    "Paper",
    "File",
    "Location",
}


def _get(client, url: str):
    return client.get(url.removeprefix(HOST))


def _board_walk(client) -> dict:
    """``curl /oparl/v1.1/`` and on, URLs only: System → Body → the organisations (the board)
    → the meetings (the board's, approved) → the minutes file → its PDF; and the papers."""
    seen: dict = {}
    system = json.loads(_get(client, ROOT).content)
    bodies = json.loads(_get(client, system["body"]).content)
    body = json.loads(_get(client, bodies["data"][0]["id"]).content)
    organisations = json.loads(_get(client, body["organization"] + "?limit=500").content)["data"]
    board = next(o for o in organisations if o.get("classification") == "Styrelse")
    seen["board"] = board["name"]
    # the board and its committees beneath it (in the demo, its arbetsutskott holds the
    # meetings whose minutes are approved)
    board_ids = {board["id"]} | {
        o["id"] for o in organisations if o.get("subOrganizationOf") == board["id"]
    }
    seen["board_organisations"] = sorted(o["name"] for o in organisations if o["id"] in board_ids)
    meetings, url = [], body["meeting"]
    while url:
        page = json.loads(_get(client, url).content)
        meetings += page["data"]
        url = page["links"].get("next")
    board_meetings = [m for m in meetings if board_ids & set(m.get("organization", []))]
    seen["board_meetings"] = len(board_meetings)
    approved = [m for m in board_meetings if "resultsProtocol" in m]
    seen["approved"] = len(approved)
    if approved:
        minutes = approved[0]["resultsProtocol"]
        seen["minutes_type"] = minutes.get("mimeType")
        pdf = _get(client, minutes["accessUrl"])
        seen["pdf"] = (pdf.status_code, pdf["Content-Type"], pdf.content[:5])
    papers = json.loads(_get(client, body["paper"]).content)
    seen["papers"] = [(p.get("reference"), p.get("paperType")) for p in papers["data"]]
    return seen


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole walk of the demo's open data, in one transaction that is rolled back."""
    from django.db import transaction
    from django.test import Client

    from uppsikt.cases.models import Case, DecisionProposal
    from uppsikt.meetings.models import MinutesItem

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        client = Client()
        out["walk"] = walk(client)
        out["board_walk"] = _board_walk(client)
        out["secret_cases"] = list(Case.objects.filter(secret=True).values_list("number", "title"))
        out["drafts"] = list(
            DecisionProposal.objects.exclude(status="final").values_list("pk", "title")
        )
        # the points of §§ not yet approved that no approved § says too ("anteckna
        # informationen" is said by many)
        approved = " ".join(
            str(p)
            for points in MinutesItem.objects.exclude(approved_at=None).values_list(
                "decision_points", flat=True
            )
            for p in points
        )
        out["unapproved"] = [
            str(p)
            for points in MinutesItem.objects.filter(approved_at=None).values_list(
                "decision_points", flat=True
            )
            for p in points
            if str(p) not in approved
        ]
        transaction.set_rollback(True)
    return out


def test_every_object_the_demo_publishes_is_valid_against_its_schema(demo):
    found = demo["walk"].objects
    failures = [p for obj in found.values() for p in problems(obj)]
    assert not failures, "\n".join(failures[:40])
    kinds = {obj["type"].removeprefix(PREFIX) for obj in found.values()}
    assert kinds == KINDS
    # every object was also fetched at its own URL, and answered
    broken = [u for u, r in demo["walk"].responses.items() if r.status_code != 200]
    assert not broken


def test_every_list_page_is_paged_with_next_on_all_but_the_last(demo):
    pages = demo["walk"].pages
    assert pages
    for page in pages:
        p = page["pagination"]
        assert p["elementsPerPage"] >= len(page["data"])
        if p["currentPage"] < p["totalPages"]:
            assert "next" in page["links"], page["url"]
        else:
            assert "next" not in page["links"], page["url"]


def test_every_answer_allows_any_origin_and_is_json(demo):
    for url, response in demo["walk"].responses.items():
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response["Content-Type"].startswith("application/json"), url


def test_no_person_carries_more_than_name_party_and_role(demo):
    people = [o for o in demo["walk"].objects.values() if o["type"] == PREFIX + "Person"]
    assert people
    allowed = {"id", "type", "body", "name", "familyName", "givenName", "membership"}
    allowed |= {"created", "modified"}
    assert all(set(p) <= allowed for p in people)
    text = demo["walk"].text()
    assert '"email"' not in text and '"phone"' not in text and "@" not in text


def test_nothing_secret_draft_or_unapproved_of_the_demo_appears(demo):
    """(The sweep in test_public.py adds a secret case, a draft and an unapproved § of its own.)"""
    text = demo["walk"].text()
    for number, title in demo["secret_cases"]:
        assert number not in text and title not in text
    assert demo["drafts"]
    for pk, _title in demo["drafts"]:
        assert f"{ROOT}proposal/{pk}/" not in text
    assert demo["unapproved"]
    for point in demo["unapproved"]:
        assert f"{point}" not in text, point


def test_curl_walks_to_the_boards_meetings_the_approved_minutes_and_the_papers(demo):
    seen = demo["board_walk"]
    assert seen["board"] == "Regionstyrelsen"
    assert seen["board_organisations"] == [
        "Regionstyrelsen",
        "Regionstyrelsens arbetsutskott",
        "Regionstyrelsens hälso- och sjukvårdsutskott",
    ]
    assert seen["board_meetings"] >= 1
    assert seen["approved"] >= 1
    if pdf_writer.available():
        assert seen["minutes_type"] == "application/pdf"
        status, content_type, head = seen["pdf"]
        assert (status, content_type, head) == (200, "application/pdf", b"%PDF-")
    assert seen["papers"]
    assert {kind for _ref, kind in seen["papers"]} >= {"Ärende"}
