"""Retention and disposal: the schedule's rules at the edges of the dates, and a disposal run
that removes exactly what is due and keeps its record; secret, unclosed and minuted cases are
never disposed of."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from uppsikt.archive import disposal, retention
from uppsikt.archive.models import DisposalItem, DisposalRun
from uppsikt.cases import services as case_services
from uppsikt.cases.models import Record, RecordFile
from uppsikt.cases.tests import factories
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import services as meeting_services
from uppsikt.organisation.models import Person, Role

# --- the pure rules --------------------------------------------------------------------------

TWO_YEARS = retention.Rule(1, "", "incoming", False, 2)
FOREVER = retention.Rule(2, "", "drawn_up", True, None)
MOTIONS = retention.Rule(3, "council_motion", "incoming", True, None)
ANY_TEN = retention.Rule(4, "", "", False, 10)
RULES = [TWO_YEARS, FOREVER, MOTIONS, ANY_TEN]


def _cand(**kw):
    base = dict(
        case_kind="ordinary",
        record_kind="incoming",
        case_closed=True,
        closed_on=dt.date(2022, 3, 15),
        case_secret=False,
        record_secret=False,
        in_minutes=False,
    )
    return retention.Candidate(**{**base, **kw})


def test_the_most_specific_rule_wins():
    assert retention.rule_for(RULES, case_kind="council_motion", record_kind="incoming") is MOTIONS
    assert retention.rule_for(RULES, case_kind="ordinary", record_kind="incoming") is TWO_YEARS
    assert retention.rule_for(RULES, case_kind="ordinary", record_kind="outgoing") is ANY_TEN
    assert retention.rule_for([TWO_YEARS], case_kind="ordinary", record_kind="outgoing") is None


def test_due_the_day_two_years_after_closing_not_the_day_before():
    # closed 15 March 2022, two years: due 15 March 2024
    assert retention.is_due(RULES, _cand(), on=dt.date(2024, 3, 14)) is None
    assert retention.is_due(RULES, _cand(), on=dt.date(2024, 3, 15)) == (
        TWO_YEARS,
        dt.date(2024, 3, 15),
    )


def test_a_leap_day_closing_is_due_on_28_february():
    cand = _cand(closed_on=dt.date(2024, 2, 29))
    assert retention.is_due(RULES, cand, on=dt.date(2026, 2, 27)) is None
    assert retention.is_due(RULES, cand, on=dt.date(2026, 2, 28))[1] == dt.date(2026, 2, 28)


def test_kept_for_ever_secret_open_and_minuted_are_never_due():
    far = dt.date(2100, 1, 1)
    assert retention.is_due(RULES, _cand(record_kind="drawn_up"), on=far) is None
    assert retention.is_due(RULES, _cand(case_kind="council_motion"), on=far) is None
    assert retention.is_due(RULES, _cand(record_secret=True), on=far) is None
    assert retention.is_due(RULES, _cand(case_secret=True), on=far) is None
    assert retention.is_due(RULES, _cand(case_closed=False, closed_on=None), on=far) is None
    assert retention.is_due(RULES, _cand(in_minutes=True), on=far) is None


# --- the services ------------------------------------------------------------------------------


@pytest.fixture
def r(db):
    return factories.region()


def _closed_case(r, title, closed_on, *, secret=False, files=1, kind="incoming"):
    case = factories.case(
        r,
        title,
        secret=secret,
        secrecy_ground="OSL 39 kap. 3 §" if secret else "",
        registered_on=dt.date(2020, 1, 10),
    )
    record = factories.record(
        case,
        "Brev från Anna Andersson",
        kind=kind,
        counterpart="Anna Andersson",
        date=dt.date(2020, 1, 11),
        files=[factories.pdf(f"brev{n}.pdf") for n in range(files)],
    )
    case = case_services.case_close(actor=SYSTEM, case=case, closed_on=closed_on)
    return case, record


def _schedule(r, case):
    return disposal.schedule_create(
        actor=r.admin,
        organisation=r.organisation,
        name="Informationshanteringsplan 2024",
        adopted_on=dt.date(2024, 1, 15),
        adopted_by_case=case,
        rules=[
            {"record_kind": "incoming", "years": 2},
            {"record_kind": "drawn_up", "keep_forever": True},
        ],
    )


def test_a_run_disposes_of_exactly_what_is_due_and_keeps_the_record(r):
    due, due_record = _closed_case(r, "Förfrågan", dt.date(2022, 3, 15), files=2)
    tomorrow, later_record = _closed_case(r, "Synpunkt", dt.date(2022, 3, 16))
    secret, secret_record = _closed_case(r, "Hemlig", dt.date(2020, 2, 1), secret=True)
    kept, kept_record = _closed_case(r, "Utredning", dt.date(2020, 2, 1), kind="drawn_up")
    open_case = factories.case(r, "Pågående")
    open_record = factories.record(open_case, "Brev", files=[factories.pdf()])
    decision = factories.case(r, "Informationshanteringsplan")
    schedule = _schedule(r, decision)
    stored = [f.file.name for f in due_record.files.all()]
    assert all(default_storage.exists(n) for n in stored)

    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 15))
    assert [i.record_id for i in run.items.all()] == [due_record.pk]
    assert RecordFile.objects.filter(record=due_record).count() == 2  # nothing removed yet

    from django.db import transaction

    with transaction.atomic():
        run = disposal.disposal_approve(actor=r.admin, run=run)
    assert run.status == DisposalRun.Status.DONE and run.approved_by == r.admin
    item = DisposalItem.objects.get(run=run)
    assert (item.record_number, item.case_number, item.disposed, item.files_removed) == (
        due_record.number,
        due.number,
        True,
        2,
    )
    assert item.due_on == dt.date(2024, 3, 15)
    assert item.rule.record_kind == "incoming" and item.rule.years == 2
    gone = Record.objects.get(pk=due_record.pk)
    assert (gone.counterpart, gone.description) == ("", case_services.DISPOSED)
    assert not RecordFile.objects.filter(record=due_record).exists()
    for other in (later_record, secret_record, kept_record, open_record):
        other_now = Record.objects.get(pk=other.pk)
        assert other_now.description == other.description
        assert RecordFile.objects.filter(record=other).count() == other.files.count()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"archive.disposal_propose", "archive.disposal_approve", "record.dispose"} <= actions


def test_the_day_before_nothing_is_due(r):
    _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    schedule = _schedule(r, factories.case(r, "Plan"))
    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 14))
    assert not run.items.exists()


def test_a_case_reopened_after_the_proposal_is_not_disposed_of(r):
    case, record = _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    schedule = _schedule(r, factories.case(r, "Plan"))
    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 15))
    assert run.items.count() == 1
    case_services.case_reopen(actor=SYSTEM, case=case)
    run = disposal.disposal_approve(actor=r.admin, run=run)
    assert not run.items.get().disposed
    assert Record.objects.get(pk=record.pk).counterpart == "Anna Andersson"


def test_a_case_named_in_minutes_is_never_disposed_of(r):
    case, record = _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    m = meeting_services.meeting_create(
        actor=SYSTEM, body=r.rs, date=dt.date(2024, 2, 1), start_time=dt.time(9), place="H"
    )
    meeting_services.agenda_add(actor=SYSTEM, meeting=m, case=case, title="Förfrågan")
    member = Person.objects.get(user=r.member)
    meeting_services.attendance_record(actor=SYSTEM, meeting=m, present=[member.pk])
    meeting_services.meeting_hold(actor=SYSTEM, meeting=m)
    schedule = _schedule(r, factories.case(r, "Plan"))
    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2030, 1, 1))
    assert not run.items.exists()


def test_a_done_run_is_not_approved_again(r):
    _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    schedule = _schedule(r, factories.case(r, "Plan"))
    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 15))
    disposal.disposal_approve(actor=r.admin, run=run)
    with pytest.raises(InvalidTransition):
        disposal.disposal_approve(actor=r.admin, run=run)


def test_only_the_archive_role_keeps_schedules_proposes_and_approves(r):
    _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    decision = factories.case(r, "Plan")
    schedule = _schedule(r, decision)
    run = disposal.disposal_propose(actor=r.admin, schedule=schedule, on=dt.date(2024, 3, 15))
    for user in (r.secretary, r.officer_user, r.reader):
        with pytest.raises(NotPermitted):
            _schedule(r.__class__(**{**r.__dict__, "admin": user}), decision)
        with pytest.raises(NotPermitted):
            disposal.disposal_propose(actor=user, schedule=schedule, on=dt.date(2024, 3, 15))
        with pytest.raises(NotPermitted):
            disposal.disposal_approve(actor=user, run=run)
    assert DisposalRun.objects.get(pk=run.pk).status == DisposalRun.Status.PROPOSED


def test_a_schedule_needs_the_decision_that_adopted_it_and_sound_rules(r):
    with pytest.raises(DomainError):
        disposal.schedule_create(
            actor=r.admin,
            organisation=r.organisation,
            name="Plan",
            adopted_on=dt.date(2024, 1, 1),
            rules=[],
        )
    with pytest.raises(DomainError):
        disposal.schedule_create(
            actor=r.admin,
            organisation=r.organisation,
            name="Plan",
            adopted_on=dt.date(2024, 1, 1),
            adopted_by_case=factories.case(r, "Plan"),
            rules=[{"record_kind": "incoming", "keep_forever": True, "years": 2}],
        )


def test_an_administrator_role_on_one_body_may_not_dispose(r):
    from uppsikt.organisation import services as org_services
    from uppsikt.organisation.tests import factories as org

    user = org_services.account_create(
        actor=SYSTEM, username="bodyadmin", password="korrekt-hast-batteri"
    )
    org.grant(user, Role.ADMINISTRATOR, r.organisation, body=r.rs)
    with pytest.raises(NotPermitted):
        _schedule(r.__class__(**{**r.__dict__, "admin": user}), factories.case(r, "Plan"))


def test_a_case_is_not_closed_before_it_was_registered_nor_after_today(r):
    case = factories.case(r, "Förfrågan", registered_on=dt.date(2020, 1, 10))
    for day in (dt.date(2020, 1, 9), dt.date(2999, 1, 1)):
        with pytest.raises(DomainError):
            case_services.case_close(actor=SYSTEM, case=case, closed_on=day)
    closed = case_services.case_close(actor=SYSTEM, case=case, closed_on=dt.date(2020, 1, 10))
    assert closed.closed_on == dt.date(2020, 1, 10)


def test_the_pages_propose_and_approve_a_run_for_the_archive_role_only(r, client):
    from django.urls import reverse

    _, record = _closed_case(r, "Förfrågan", dt.date(2022, 3, 15))
    schedule = _schedule(r, factories.case(r, "Plan"))
    client.force_login(r.secretary)
    assert client.get(reverse("archive:disposal")).status_code == 403
    assert client.post(reverse("archive:disposal_propose"), {}).status_code == 403
    client.force_login(r.admin)
    page = client.get(reverse("archive:disposal"))
    assert page.status_code == 200 and "Informationshanteringsplan 2024" in page.content.decode()
    response = client.post(
        reverse("archive:disposal_propose"), {"schedule": schedule.pk, "as_of": "2024-03-15"}
    )
    run = DisposalRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    page = client.get(reverse("archive:disposal_run", args=[run.pk])).content.decode()
    assert record.number in page
    client.force_login(r.secretary)
    assert client.post(reverse("archive:disposal_approve", args=[run.pk])).status_code == 403
    assert DisposalRun.objects.get().status == DisposalRun.Status.PROPOSED
    client.force_login(r.admin)
    client.post(reverse("archive:disposal_approve", args=[run.pk]))
    assert DisposalRun.objects.get().status == DisposalRun.Status.DONE
    assert Record.objects.get(pk=record.pk).counterpart == ""
