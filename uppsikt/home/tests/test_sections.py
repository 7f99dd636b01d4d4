"""The home page's sections list what waits for each role, and nothing outside its scope."""

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup_services
from uppsikt.followup.models import Assessment, ItemKind
from uppsikt.followup.tests.conftest import Region
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.tests import factories as plan_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    r = Region()
    # Logistik, beside Måltidsservice under Regionservice, with its own assessment and reporter
    assignment = plan_factories.plan_assignment(r.plan, r.log, "Korta ledtiderna", area="Drift")
    r.log_assessment = Assessment.objects.create(
        period=r.period, unit=r.log, item_kind=ItemKind.ASSIGNMENT, assignment=assignment
    )
    r.log_reporter = org_factories.user("rapportor-log")
    org_factories.grant(r.log_reporter, Role.REPORTER, r.org, unit=r.log)
    return r


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_reporter_sees_the_open_period_of_its_own_unit_only(client, region):
    html = _home(client, region.reporter)
    mine = reverse("followup:unit", args=[region.period.pk, "RSE-MAT"])
    theirs = reverse("followup:unit", args=[region.period.pk, "RSE-LOG"])
    assert f'href="{mine}"' in html
    assert f'href="{theirs}"' not in html
    assert "1 bedömning kvar" in html
    # the deadline of UR1 2024, 15 May 2024, is shown and is past
    assert "2024-05-15" in html and "Försenad" in html

    html = _home(client, region.log_reporter)
    assert f'href="{theirs}"' in html
    assert f'href="{mine}"' not in html


def test_a_returned_assessment_is_listed_with_its_reason(client, region):
    a = region.submitted()
    followup_services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment="Saknar prognos."
    )
    html = _home(client, region.reporter)
    assert "Återsänd: Minska matsvinnet" in html
    assert "Skäl: Saknar prognos." in html
    # the other unit's reporter is not shown it
    assert "Saknar prognos." not in _home(client, region.log_reporter)


def test_the_approver_sees_what_waits_in_its_subtree(client, region):
    html = _home(client, region.approver)
    assert "väntar på godkännande" not in html
    region.submitted()
    html = _home(client, region.approver)
    assert "1 bedömning väntar på godkännande" in html
    # an approver of Logistik only does not see Måltidsservice's
    other = org_factories.user("godkannare-log")
    org_factories.grant(other, Role.APPROVER, region.org, unit=region.log)
    assert "väntar på godkännande" not in _home(client, other)


def test_the_controller_sees_the_progress_and_the_late_units(client, region):
    html = _home(client, region.controller)
    progress = reverse("followup:progress", args=[region.period.pk])
    assert f'href="{progress}"' in html
    # two assessments, none submitted; the deadline is past, so both units are late
    assert "0 av 2 inlämnade" in html
    assert "Sen: Enhet RSE-MAT" in html and "Sen: Enhet RSE-LOG" in html


def test_past_a_few_late_units_the_rest_are_counted_in_a_line_to_the_progress(
    client, region, monkeypatch
):
    from uppsikt.home import sections

    monkeypatch.setattr(sections, "LATE_UNITS_SHOWN", 1)
    region.filled()  # a draft: still missing, but the units tie at one assessment each
    html = _home(client, region.controller)
    # one unit listed (by name, the two missing as many), the other counted
    assert "Sen: Enhet RSE-LOG" in html and "Sen: Enhet RSE-MAT" not in html
    assert "1 sen enhet till i" in html
    progress = reverse("followup:progress", args=[region.period.pk])
    assert html.count(f'href="{progress}"') >= 3  # the body's line, the unit's and the count


def test_the_sections_follow_the_roles_held(client, region):
    html = _home(client, region.reporter)
    assert 'id="home-reporter"' in html
    assert 'id="home-approver"' not in html and 'id="home-controller"' not in html
    reader = org_factories.user("lasare")
    org_factories.grant(reader, Role.READER, region.org)
    html = _home(client, reader)
    assert 'id="home-reader"' in html and 'id="home-reporter"' not in html


def test_an_account_without_a_role_is_told_so(client, region):
    html = _home(client, org_factories.user("utanroll"))
    assert "ingen roll" in html


def test_the_organisation_tree_is_one_click_away(client, region):
    html = _home(client, region.reporter)
    assert f'href="{reverse("organisation:overview")}"' in html
    assert client.get(reverse("organisation:overview")).status_code == 200


def test_deadlines_sort_the_nearest_first():
    from uppsikt.home.sections import Line, _by_deadline

    lines = [
        Line("utan", "/"),
        Line("sen", "/", dt.date(2024, 6, 1)),
        Line("tidig", "/", dt.date(2024, 5, 1)),
    ]
    assert [line.title for line in _by_deadline(lines)] == ["tidig", "sen", "utan"]


def _queries(client, user) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _home(client, user)  # what the process keeps for a minute (the organisation, the menu) read
    with CaptureQueriesContext(connection) as queries:
        html = _home(client, user)
    return len(queries), html


def _return(region, a, reason: str) -> None:
    a = followup_services.assessment_save_draft(
        actor=region.reporter,
        assessment=a,
        version=a.version,
        status=region.level("on_track"),
        comment="<p>Arbetet pågår.</p>",
    )
    a = followup_services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)
    followup_services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment=reason
    )


def test_the_reporters_home_takes_no_more_queries_for_more_returned_assessments(client, region):
    _return(region, region.fresh(), "Skäl 0.")
    one, html = _queries(client, region.reporter)
    assert "Skäl: Skäl 0." in html
    for n in range(1, 4):
        plan_factories.plan_assignment(region.plan, region.mat, f"Uppdrag {n}")
    followup_services.period_open(actor=SYSTEM, period=region.period)
    fresh = Assessment.objects.filter(period=region.period, unit=region.mat).exclude(
        pk=region.assessment.pk
    )
    for n, a in enumerate(fresh.order_by("pk"), start=1):
        _return(region, a, f"Skäl {n}.")
    many, html = _queries(client, region.reporter)
    # the four returned, each with its reason, and four assessments left
    assert all(f"Skäl: Skäl {n}." in html for n in range(4))
    assert "4 bedömningar kvar" in html
    assert many == one


def test_the_secretarys_home_takes_no_more_queries_for_more_meetings():
    from django.test import Client

    from uppsikt.meetings.tests import factories as meeting_factories

    c = meeting_factories.committee()
    client = Client()
    meeting_factories.held_meeting(c, dt.date(2025, 10, 14))
    one, html = _queries(client, c.secretary)
    assert "2025-10-14" in html
    for day in (15, 16, 17):
        meeting_factories.held_meeting(c, dt.date(2025, 10, day))
    many, html = _queries(client, c.secretary)
    assert all(f"2025-10-{day}" in html for day in (14, 15, 16, 17))
    assert many == one
