"""The header search across the domains: each group through its own gate (docs/search.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.cases import services as case_services
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.tests import factories as meeting_factories
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org
from uppsikt.planning.tests import factories as planning_factories
from uppsikt.reports import search as site_search

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Hotbild mot lokalvårdens personal"


@pytest.fixture
def r():
    c = meeting_factories.committee()
    o = c.organisation
    c.unit = org.unit(o, "RSE", name="Regionservice lokalvård", body=c.board)

    def account(username, role, **scope):
        user = org_services.account_create(
            actor=SYSTEM, username=username, password="korrekt-hast-batteri"
        )
        org.grant(user, role, o, **scope)
        return user

    c.reader = account("lasare", Role.READER)
    c.reporter = account("rapportor", Role.REPORTER, unit=c.unit)
    c.open_case = case_services.case_register(
        actor=SYSTEM,
        organisation=o,
        body=c.board,
        title="Upphandling av lokalvård",
        registered_on=dt.date(2025, 3, 1),
    )
    c.secret_case = case_services.case_register(
        actor=SYSTEM,
        organisation=o,
        body=c.board,
        title=SECRET_TITLE,
        registered_on=dt.date(2025, 3, 2),
        secret=True,
        secrecy_ground="OSL 18 kap. 13 §",
    )
    c.meeting = meeting_factories.held_meeting(c, titles=("Lokalvård på sjukhusen", "Övrigt"))
    plan = planning_factories.plan(o, c.board, 2025, title="Verksamhetsplan 2025")
    planning_factories.body_goal(plan, title="Lokalvården håller god kvalitet")
    indicator = planning_factories.indicator(o, name="Andel städade lokaler")
    indicator.plans.add(plan)
    return c


def _search(client, user, q):
    client.force_login(user)
    response = client.get(reverse("reports:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _groups(user, o, q):
    results = site_search.search(actor=user, organisation=o, query=q)
    return {g.key: [h.label for h in g.hits] for g in results.groups}


def test_the_secretary_finds_every_domain(r):
    found = _groups(r.secretary, r.organisation, "lokalvård")
    assert found["cases"] == [
        f"{r.secret_case.number} {SECRET_TITLE}",
        f"{r.open_case.number} Upphandling av lokalvård",
    ]
    # the items are numbered § 1 and § 2 of the working committee in 2025; not yet approved
    assert found["items"] == ["Regionstyrelsens arbetsutskott § 1 Lokalvård på sjukhusen"]
    assert found["goals"] == ["Lokalvården håller god kvalitet"]
    assert found["units"] == ["Regionservice lokalvård"]
    assert "plans" not in found  # no plan has the word


def test_a_reader_never_finds_a_secret_title_by_words_nor_counts_it(r, client):
    found = _groups(r.reader, r.organisation, "hotbild")
    assert found == {}
    html = _search(client, r.reader, "hotbild")
    assert "Hotbild" not in html
    assert r.secret_case.number not in html
    assert "Inga träffar" in html
    # the open case is found and counted alone
    html = _search(client, r.reader, "lokalvård")
    assert SECRET_TITLE not in html
    assert r.secret_case.number not in html
    assert 'id="search-cases">Ärenden <span class="meta">(1)' in html


def test_a_record_of_a_secret_case_is_not_found_by_its_words(r):
    case_services.record_register(
        actor=SYSTEM,
        case=r.secret_case,
        description="Polisanmälan om hotbild",
        kind="incoming",
        counterpart="Polisen",
        date=dt.date(2025, 3, 3),
    )
    assert _groups(r.reader, r.organisation, "polisanmälan") == {}
    assert _groups(r.secretary, r.organisation, "polisanmälan")["records"] == [
        f"{r.secret_case.number}-1 Polisanmälan om hotbild"
    ]
    # by the case number, the record's description is withheld
    results = site_search.search(
        actor=r.reader, organisation=r.organisation, query=r.secret_case.number
    )
    records = next(g for g in results.groups if g.key == "records")
    assert [(h.label, h.withheld) for h in records.hits] == [
        (f"{r.secret_case.number}-1", "Handling som omfattas av sekretess")
    ]


def test_the_number_of_queries_does_not_grow_with_the_hits(
    r, client, django_assert_max_num_queries
):
    client.force_login(r.reader)
    client.get(reverse("reports:search"), {"q": "remiss"})  # warm the session and roles
    for n in range(15):
        case_services.case_register(
            actor=SYSTEM, organisation=r.organisation, body=r.board, title=f"Remiss {n}"
        )
    with django_assert_max_num_queries(25):
        client.get(reverse("reports:search"), {"q": "remiss"})


def test_a_secret_case_is_found_by_its_number_with_its_title_withheld(r, client):
    html = _search(client, r.reader, r.secret_case.number)
    assert f'href="{reverse("cases:case", args=[r.secret_case.number])}"' in html
    assert "Ärende som omfattas av sekretess" in html
    assert "Hotbild" not in html
    assert _groups(r.reader, r.organisation, r.secret_case.number)["cases"] == [
        r.secret_case.number
    ]
    # the secretary of the body sees the title
    assert _groups(r.secretary, r.organisation, r.secret_case.number)["cases"] == [
        f"{r.secret_case.number} {SECRET_TITLE}"
    ]


def test_unapproved_items_only_for_the_secretary_and_the_members(r):
    assert "items" not in _groups(r.reader, r.organisation, "sjukhusen")
    assert "items" not in _groups(r.reporter, r.organisation, "sjukhusen")
    assert _groups(r.other_member_user, r.organisation, "sjukhusen")["items"] == [
        "Regionstyrelsens arbetsutskott § 1 Lokalvård på sjukhusen"
    ]
    meeting_services.minutes_approve(actor=r.chair_user, meeting=r.meeting)
    meeting_services.minutes_approve(actor=r.approver_user, meeting=r.meeting)
    assert _groups(r.reader, r.organisation, "sjukhusen")["items"] == [
        "Regionstyrelsens arbetsutskott § 1 Lokalvård på sjukhusen"
    ]
    # by its number: "§ 2" and "2" alike
    assert _groups(r.reader, r.organisation, "§ 2")["items"] == [
        "Regionstyrelsens arbetsutskott § 2 Övrigt"
    ]
    assert _groups(r.reader, r.organisation, "2")["items"] == [
        "Regionstyrelsens arbetsutskott § 2 Övrigt"
    ]


def test_a_secret_item_is_not_found_by_those_the_gate_keeps_out(r):
    meeting = meeting_services.meeting_create(
        actor=r.secretary,
        body=r.body,
        date=dt.date(2025, 11, 4),
        start_time=dt.time(9),
        place="Varberg",
    )
    meeting_services.agenda_add(actor=r.secretary, meeting=meeting, case=r.secret_case, title="")
    meeting_services.attendance_record(
        actor=r.secretary, meeting=meeting, present=[p.pk for p in r.members]
    )
    meeting_services.meeting_set_approvers(
        actor=r.secretary, meeting=meeting, chair=r.members[0], approvers=[r.members[1]]
    )
    meeting_services.meeting_hold(actor=r.secretary, meeting=meeting)
    meeting_services.minutes_approve(actor=r.chair_user, meeting=meeting)
    meeting_services.minutes_approve(actor=r.approver_user, meeting=meeting)
    assert "items" not in _groups(r.reader, r.organisation, "hotbild")
    assert "items" not in _groups(r.reader, r.organisation, "3")
    assert _groups(r.secretary, r.organisation, "hotbild")["items"] == [
        f"Regionstyrelsens arbetsutskott § 3 {SECRET_TITLE}"
    ]


def test_meetings_by_body_place_or_date(r):
    label = "Regionstyrelsens arbetsutskott 2025-10-14"
    assert _groups(r.reader, r.organisation, "Halmstad")["meetings"] == [label]
    assert _groups(r.reader, r.organisation, "2025-10-14")["meetings"] == [label]
    assert _groups(r.reader, r.organisation, "RSAU")["meetings"] == [label]


def test_plans_goals_and_indicators_for_a_role_on_one_unit(r, client):
    found = _groups(r.reporter, r.organisation, "2025")
    assert found["plans"] == ["Verksamhetsplan 2025"]
    found = _groups(r.reporter, r.organisation, "städade")
    assert found["indicators"] == ["Andel städade lokaler"]
    html = _search(client, r.reporter, "städade")
    assert "Indikatorer" in html
    assert "/planering/" in html


def test_a_group_shows_at_most_ten_and_says_there_are_more(r, client):
    for n in range(12):
        case_services.case_register(
            actor=SYSTEM,
            organisation=r.organisation,
            body=r.board,
            title=f"Remiss {n}",
            registered_on=dt.date(2025, 4, 1) + dt.timedelta(days=n),
        )
    results = site_search.search(actor=r.reader, organisation=r.organisation, query="remiss")
    (cases,) = results.groups
    assert cases.count == 10 and cases.more
    # newest first: Remiss 11 … Remiss 2
    assert [h.label.split(" ", 1)[1] for h in cases.hits] == [
        f"Remiss {n}" for n in range(11, 1, -1)
    ]
    html = _search(client, r.reader, "remiss")
    assert "(10+)" in html
    assert "Minst 10 träffar" in html


def test_the_case_with_the_number_asked_for_comes_first(r):
    first = r.open_case.number
    for n in range(11):
        case_services.case_register(
            actor=SYSTEM,
            organisation=r.organisation,
            body=r.board,
            title=f"Återremiss av {first} del {n}",
            registered_on=dt.date(2025, 5, 1) + dt.timedelta(days=n),
        )
    hits = _groups(r.reader, r.organisation, first.lower())["cases"]
    assert hits[0] == f"{first} Upphandling av lokalvård"
    assert len(hits) == 10


def test_nothing_for_an_empty_query_and_the_page_answers(r, client):
    assert site_search.search(actor=r.reader, organisation=r.organisation, query="  ").groups == []
    client.force_login(r.reader)
    assert client.get(reverse("reports:search")).status_code == 200
    part = client.get(reverse("reports:search"), {"q": "Halmstad"}, HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode()
    assert "Sammanträden" in part.content.decode()


def test_the_old_address_still_answers(r, client):
    client.force_login(r.reader)
    assert reverse("reports:search") == "/sok/"
    assert client.get("/sok/", {"q": "lokalvård"}).status_code == 200
