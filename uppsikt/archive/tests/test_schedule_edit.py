"""Keeping the retention schedule: its name and adopting decision, and its rules (add, change,
remove), through the services (audited) and the page; only ``archive.dispose`` held on the
whole organisation may; bad input and a rule a disposal run has used are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.archive import disposal, schedules
from uppsikt.archive.models import RetentionRule, RetentionSchedule
from uppsikt.cases.tests import factories
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from .test_disposal import _closed_case, _schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def r(db):
    return factories.region()


@pytest.fixture
def schedule(r):
    return _schedule(r, factories.case(r, "Informationshanteringsplan"))


def _unit_admin(r):
    """An administrator whose role is held on one unit only."""
    user = org_services.account_create(
        actor=SYSTEM, username="enhetsadmin", password="korrekt-hast-batteri"
    )
    unit = org.unit(r.organisation, "ENH", name="En enhet")
    org.grant(user, Role.ADMINISTRATOR, r.organisation, unit=unit)
    return user


def test_rules_are_added_changed_and_removed_each_audited(r, schedule):
    rule = schedules.rule_add(
        actor=r.admin, schedule=schedule, case_kind="council_motion", keep_forever=True
    )
    assert (rule.case_kind, rule.record_kind, rule.keep_forever, rule.years) == (
        "council_motion",
        "",
        True,
        None,
    )
    rule = schedules.rule_change(
        actor=r.admin, rule=rule, case_kind="council_motion", record_kind="incoming", years=10
    )
    rule.refresh_from_db()
    assert (rule.record_kind, rule.keep_forever, rule.years) == ("incoming", False, 10)
    schedules.rule_remove(actor=r.admin, rule=rule)
    assert not RetentionRule.objects.filter(pk=rule.pk).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="archive.rule_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["archive.rule_add", "archive.rule_change", "archive.rule_remove"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"keep_forever": True, "years": 5}, "inte båda"),
        ({}, "hur många år"),
        ({"years": -1}, "mellan 0 och 200"),
        ({"years": 201}, "mellan 0 och 200"),
        ({"case_kind": "no_such_kind", "years": 2}, "ärendetyp"),
        ({"record_kind": "no_such", "years": 2}, "handlingstyp"),
        # the schedule has a rule for any case type and incoming records already
        ({"record_kind": "incoming", "years": 3}, "redan en regel"),
    ],
)
def test_a_bad_rule_is_refused(r, schedule, kwargs, message):
    before = schedule.rules.count()
    with pytest.raises(DomainError, match=message):
        schedules.rule_add(actor=r.admin, schedule=schedule, **kwargs)
    assert schedule.rules.count() == before


def test_a_rule_a_disposal_run_has_used_is_neither_changed_nor_removed(r, schedule):
    _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 15))
    used = schedule.rules.get(record_kind="incoming")
    with pytest.raises(DomainError, match="använts i en gallring"):
        schedules.rule_change(actor=r.admin, rule=used, record_kind="incoming", years=5)
    with pytest.raises(DomainError, match="använts i en gallring"):
        schedules.rule_remove(actor=r.admin, rule=used)
    assert RetentionRule.objects.get(pk=used.pk).years == 2
    # the rule nobody used may go
    schedules.rule_remove(actor=r.admin, rule=schedule.rules.get(record_kind="drawn_up"))
    # nor may the plan's name and adopting decision, the ground of what was disposed of
    with pytest.raises(DomainError, match="använts i en gallring"):
        schedules.schedule_update(
            actor=r.admin,
            schedule=schedule,
            name="Ett annat namn",
            adopted_on=schedule.adopted_on,
            adopted_by_case=schedule.adopted_by_case,
        )
    assert RetentionSchedule.objects.get(pk=schedule.pk).name == schedule.name


def test_the_adopting_decision_is_changed_to_an_approved_paragraph_or_a_case(r, schedule):
    other_case = factories.case(r, "Ny plan")
    schedule = schedules.schedule_update(
        actor=r.admin,
        schedule=schedule,
        name="  Informationshanteringsplan 2025 ",
        adopted_on=dt.date(2025, 2, 1),
        adopted_by_case=other_case,
    )
    assert (schedule.name, schedule.adopted_by_case, schedule.adopted_on) == (
        "Informationshanteringsplan 2025",
        other_case,
        dt.date(2025, 2, 1),
    )
    assert AuditEvent.objects.filter(action="archive.schedule_update").count() == 1
    with pytest.raises(DomainError, match="beslutet"):
        schedules.schedule_update(
            actor=r.admin, schedule=schedule, name="Plan", adopted_on=dt.date(2025, 2, 1)
        )
    with pytest.raises(DomainError, match="namn"):
        schedules.schedule_update(
            actor=r.admin,
            schedule=schedule,
            name="  ",
            adopted_on=dt.date(2025, 2, 1),
            adopted_by_case=other_case,
        )
    with pytest.raises(DomainError, match="inte har varit"):
        schedules.schedule_update(
            actor=r.admin,
            schedule=schedule,
            name="Plan",
            adopted_on=dt.date(2999, 1, 1),
            adopted_by_case=other_case,
        )


def test_a_role_on_one_unit_or_without_the_archive_permission_may_not(r, schedule):
    rule = schedule.rules.get(record_kind="incoming")
    for user in (_unit_admin(r), r.secretary, r.officer_user, r.reader):
        with pytest.raises(NotPermitted):
            schedules.rule_add(actor=user, schedule=schedule, record_kind="decision", years=5)
        with pytest.raises(NotPermitted):
            schedules.rule_change(actor=user, rule=rule, record_kind="incoming", years=9)
        with pytest.raises(NotPermitted):
            schedules.rule_remove(actor=user, rule=rule)
        with pytest.raises(NotPermitted):
            schedules.schedule_update(
                actor=user,
                schedule=schedule,
                name="Min plan",
                adopted_on=dt.date(2024, 1, 1),
                adopted_by_case=schedule.adopted_by_case,
            )
    rule.refresh_from_db()
    assert rule.years == 2 and schedule.rules.count() == 2


def test_the_page_edits_the_schedule_for_the_archive_role_only(r, schedule, client):
    url = reverse("archive:schedule", args=[schedule.pk])
    rule = schedule.rules.get(record_kind="incoming")
    client.force_login(_unit_admin(r))
    assert client.get(url).status_code == 403
    assert client.post(reverse("archive:rule_remove", args=[rule.pk])).status_code == 403
    client.force_login(r.admin)
    page = client.get(url).content.decode()
    assert "Informationshanteringsplan 2024" in page and "Ny regel" in page
    # add a rule: council motions' incoming records are kept
    response = client.post(
        reverse("archive:rule_add", args=[schedule.pk]),
        {"ny-case_kind": "council_motion", "ny-record_kind": "incoming", "ny-keep": "keep"},
    )
    assert response.status_code == 302
    added = schedule.rules.get(case_kind="council_motion")
    assert added.keep_forever and added.years is None
    # change one: dispose of incoming records after 3 years
    client.post(
        reverse("archive:rule_change", args=[rule.pk]),
        {
            f"r{rule.pk}-record_kind": "incoming",
            f"r{rule.pk}-keep": "dispose",
            f"r{rule.pk}-years": "3",
        },
    )
    rule.refresh_from_db()
    assert rule.years == 3
    # bad input: dispose without a number of years, and letters for years
    for years in ("", "tre"):
        response = client.post(
            reverse("archive:rule_change", args=[rule.pk]),
            {f"r{rule.pk}-keep": "dispose", f"r{rule.pk}-years": years},
            follow=True,
        )
        assert response.status_code == 200
        rule.refresh_from_db()
        assert rule.years == 3
    # remove one
    client.post(reverse("archive:rule_remove", args=[added.pk]))
    assert not RetentionRule.objects.filter(pk=added.pk).exists()
    # the adopting decision: a case number that does not exist is refused
    response = client.post(
        url, {"name": "Plan", "adopted_on": "2024-01-15", "case_number": "RS 9999-999"}
    )
    assert response.status_code == 400
    assert "finns inte" in response.content.decode()


def test_another_organisations_schedule_and_rules_are_not_found(r, schedule, client):
    stranger = org.organisation()
    theirs = RetentionSchedule.objects.create(
        organisation=stranger,
        name="Deras plan",
        adopted_on=dt.date(2024, 1, 1),
        adopted_by_case=schedule.adopted_by_case,  # any decision; only the lookup is tested
    )
    rule = RetentionRule.objects.create(schedule=theirs, record_kind="incoming", years=1)
    client.force_login(r.admin)
    assert client.get(reverse("archive:schedule", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("archive:rule_remove", args=[rule.pk])).status_code == 404
    assert client.post(reverse("archive:rule_add", args=[theirs.pk]), {}).status_code == 404
    assert RetentionRule.objects.filter(pk=rule.pk).exists()
