"""Kept pages (``core.kept_pages``): a page is handed out again only while no table it was made
from has had a committed write, only to the same person, session, form token, language and day,
and never when it would hide a change, a message or a lost permission.

These tests commit (``transaction=True``): a page made inside a transaction is never kept."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uppsikt.core import kept_pages
from uppsikt.core.models import TableGeneration
from uppsikt.followup.models import Assessment
from uppsikt.followup.tests.conftest import Region
from uppsikt.organisation.models import Role, RoleGrant
from uppsikt.organisation.tests import factories as org_factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def region():
    return Region()


def todo_url(region) -> str:
    return reverse("followup:unit", args=[region.period.pk, "RSE-MAT"])


def signed_in(client, user):
    client.force_login(user)
    return client


def get(client, url):
    """The page, and the tables the request's statements read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    read = set()
    for query in queries.captured_queries:
        read.update(kept_pages._READ.findall(query["sql"]))
    return response, read


def kept_and_handed_out(client, url):
    """The first answer sets the form token's cookie, the second is kept, the third handed
    out; the third's content and the tables it read."""
    client.get(url)
    second = client.get(url)
    third, read = get(client, url)
    assert third.status_code == 200
    assert third.content == second.content
    return third, read


def test_a_kept_to_do_list_is_handed_out_with_one_statement_besides_session_and_account(
    client, region
):
    signed_in(client, region.reporter)
    response, read = kept_and_handed_out(client, todo_url(region))
    assert "Minska matsvinnet" in response.content.decode()
    # the session, the account and the generations: no assessment, no role grant is read
    assert read == {"django_session", "core_user", "core_tablegeneration"}


def test_a_submission_through_the_service_is_shown_at_once(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    region.submitted()
    response, read = get(client, todo_url(region))
    assert "followup_assessment" in read
    assert "Inlämnad" in response.content.decode()


def test_a_write_past_the_models_signals_is_seen_too(client, region):
    signed_in(client, region.reporter)
    before, _ = kept_and_handed_out(client, todo_url(region))
    assert "Ett helt nytt namn" not in before.content.decode()
    # QuerySet.update sends no signal; the statement is what is watched
    type(region.assignment).objects.filter(pk=region.assignment.pk).update(
        title="Ett helt nytt namn"
    )
    response, _ = get(client, todo_url(region))
    assert "Ett helt nytt namn" in response.content.decode()


def test_a_write_rolled_back_leaves_the_page_kept_and_one_committed_is_counted(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    table = Assessment._meta.db_table
    generation = TableGeneration.objects.filter(name=table).values_list("value", flat=True)
    counted = generation.first()
    with pytest.raises(RuntimeError), transaction.atomic():
        Assessment.objects.filter(pk=region.assessment.pk).update(comment="ångrat")
        raise RuntimeError
    assert generation.first() == counted
    _, read = get(client, todo_url(region))
    assert "followup_assessment" not in read
    with transaction.atomic():
        Assessment.objects.filter(pk=region.assessment.pk).update(comment="sparat")
        # not before the commit: a page made now would still read the old row elsewhere
        assert generation.first() == counted
    assert generation.first() > counted


def test_a_role_taken_back_is_a_403_at_once(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    RoleGrant.objects.filter(user=region.reporter).delete()
    response, _ = get(client, todo_url(region))
    assert response.status_code == 403


def test_another_person_never_gets_the_page_kept_for_someone_else(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    stranger = org_factories.user("annan")
    org_factories.grant(stranger, Role.REPORTER, region.org, unit=region.log)
    client.logout()
    signed_in(client, stranger)
    for _ in range(3):
        response = client.get(todo_url(region))
        assert response.status_code == 403


def test_a_new_session_of_the_same_person_gets_a_page_of_its_own(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    client.logout()
    signed_in(client, region.reporter)
    client.get(todo_url(region))  # a new form token's cookie
    response, read = get(client, todo_url(region))
    assert "followup_assessment" in read  # made anew, not the other session's
    token = client.cookies["csrftoken"].value
    assert response.status_code == 200 and token


def test_a_change_to_the_account_itself_is_shown(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    type(region.reporter).objects.filter(pk=region.reporter.pk).update(first_name="Ny")
    _, read = get(client, todo_url(region))
    assert "followup_assessment" in read


def test_a_pending_message_is_shown_not_hidden_behind_a_kept_page(client, region, rf):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    request = rf.get("/")
    request.session = client.session
    storage = SessionStorage(request)
    storage._store([Message(messages.SUCCESS, "Sparat i sista stund.")], None)
    request.session.save()
    response, _ = get(client, todo_url(region))
    assert "Sparat i sista stund." in response.content.decode()


def test_a_new_day_makes_the_page_anew(client, region, monkeypatch):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(kept_pages.timezone, "localdate", lambda: tomorrow)
    _, read = get(client, todo_url(region))
    assert "followup_assessment" in read


def test_nothing_is_kept_when_the_setting_is_zero(client, region, settings):
    settings.UPPSIKT_KEPT_PAGE_SECONDS = 0
    signed_in(client, region.reporter)
    for _ in range(3):
        _, read = get(client, todo_url(region))
        assert "followup_assessment" in read


def test_a_page_older_than_the_setting_is_made_anew(client, region, settings, monkeypatch):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    later = kept_pages.time.monotonic() + settings.UPPSIKT_KEPT_PAGE_SECONDS + 1
    monkeypatch.setattr(kept_pages.time, "monotonic", lambda: later)
    _, read = get(client, todo_url(region))
    assert "followup_assessment" in read


def test_htmx_and_posts_pass_by(client, region):
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    with CaptureQueriesContext(connection) as queries:
        client.get(todo_url(region), headers={"HX-Request": "true"})
    assert any("followup_assessment" in q["sql"] for q in queries.captured_queries)


def test_the_progress_page_shows_a_submission_of_any_unit(client, region):
    url = reverse("followup:progress", args=[region.period.pk])
    signed_in(client, region.controller)
    before, _ = kept_and_handed_out(client, url)
    region.submitted()
    response, _ = get(client, url)
    assert response.content != before.content


def test_a_page_that_writes_while_it_is_made_is_not_kept(rf, region):
    calls = []

    @kept_pages.kept_page
    def view(request):
        calls.append(1)
        Assessment.objects.filter(pk=region.assessment.pk).update(comment="läst")
        from django.http import HttpResponse

        return HttpResponse("sida")

    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/sida/")
    request.user = region.reporter
    request.session = SessionStore()
    request.session["x"] = 1
    request.session.save()
    request.session.modified = False
    request.META["CSRF_COOKIE"] = "t" * 32
    view(request)
    view(request)
    assert len(calls) == 2


# ---------------------------------------------------------------------------------------------
# The statements


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('INSERT INTO "followup_assessment" ("a") VALUES (%s)', {"followup_assessment"}),
        ('UPDATE "followup_assessment" SET "a" = %s', {"followup_assessment"}),
        ('  delete from "cases_case" WHERE "id" = %s', {"cases_case"}),
        ("INSERT OR IGNORE INTO plans_item VALUES (1)", {"plans_item"}),
        (
            'TRUNCATE "a_b", "c_d" RESTART IDENTITY CASCADE;',
            {"a_b", "c_d"},
        ),
        ('SELECT "x" FROM "followup_assessment"', set()),
        ("CREATE TABLE x (id int)", set()),
    ],
)
def test_the_tables_a_statement_writes(sql, tables):
    assert kept_pages._written_tables(sql) == tables


def test_the_tables_a_statement_reads():
    sql = (
        'SELECT "a"."id" FROM "followup_assessment" INNER JOIN "plans_item" ON (1) '
        'LEFT OUTER JOIN "organisation_unit" U0 ON (1) WHERE EXISTS (SELECT 1 FROM '
        '"organisation_rolegrant")'
    )
    assert set(kept_pages._READ.findall(sql)) >= {
        "followup_assessment",
        "plans_item",
        "organisation_unit",
        "organisation_rolegrant",
    }


def test_a_generation_never_goes_back_when_its_row_is_lost():
    kept_pages.bump(alias="default", tables=["x_table"])
    first = TableGeneration.objects.get(name="x_table").value
    kept_pages.bump(alias="default", tables=["x_table"])
    assert TableGeneration.objects.get(name="x_table").value > first
    TableGeneration.objects.filter(name="x_table").delete()
    kept_pages.bump(alias="default", tables=["x_table"])
    assert TableGeneration.objects.get(name="x_table").value > first + 1


def test_a_write_past_the_cursor_is_counted_when_told():
    kept_pages.note_written(alias="default", tables=["finance_voucherrow"])
    counted = TableGeneration.objects.get(name="finance_voucherrow").value
    kept_pages.note_written(alias="default", tables=["finance_voucherrow"])
    assert TableGeneration.objects.get(name="finance_voucherrow").value > counted


# ---------------------------------------------------------------------------------------------
# A table split into parts: the to-do lists' assessments, by unit


def test_a_save_makes_anew_the_to_do_lists_of_its_unit_and_above_and_no_other(
    client, region, django_user_model
):
    from django.test import Client

    other = org_factories.user("logistik")
    org_factories.grant(other, Role.REPORTER, region.org, unit=region.log)
    clients = {
        "RSE-MAT": signed_in(Client(), region.reporter),
        "RSE-LOG": signed_in(Client(), other),
        "RSE": signed_in(Client(), region.approver),
    }
    urls = {code: reverse("followup:unit", args=[region.period.pk, code]) for code in clients}
    for code, c in clients.items():
        kept_and_handed_out(c, urls[code])
    region.filled("on_track")  # a draft saved on RSE-MAT, through the service
    made_anew = {
        code for code, c in clients.items() if "followup_assessment" in get(c, urls[code])[1]
    }
    assert made_anew == {"RSE-MAT", "RSE"}


def test_a_write_that_names_no_part_makes_every_to_do_list_anew(client, region):
    from django.test import Client

    other = org_factories.user("logistik")
    org_factories.grant(other, Role.REPORTER, region.org, unit=region.log)
    log = signed_in(Client(), other)
    url = reverse("followup:unit", args=[region.period.pk, "RSE-LOG"])
    kept_and_handed_out(log, url)
    Assessment.objects.filter(pk=region.assessment.pk).update(comment="utan del")
    _, read = get(log, url)
    assert "followup_assessment" in read


def test_a_part_is_only_named_for_a_table_split_into_parts():
    with pytest.raises(ValueError), kept_pages.scoped_writes("plans_item", [1]):
        pass
    with pytest.raises(ValueError), kept_pages.scoped_reads("plans_item", 1):
        pass


def test_roles_read_before_the_page_is_made_are_read_again_and_noted(client, region, monkeypatch):
    """A middleware that had asked for the person's roles leaves them on the account: the page
    is made with them read again, so a role taken back is still seen."""
    from uppsikt.organisation import permissions

    original = kept_pages._key

    def key_after_a_middleware_read_the_roles(request, name):
        permissions.roles_of(request.user)
        return original(request, name)

    monkeypatch.setattr(kept_pages, "_key", key_after_a_middleware_read_the_roles)
    signed_in(client, region.reporter)
    kept_and_handed_out(client, todo_url(region))
    RoleGrant.objects.filter(user=region.reporter).delete()
    response, _ = get(client, todo_url(region))
    assert response.status_code == 403


def test_a_write_after_a_savepoint_rolled_back_is_still_counted(region):
    """The commit callback registered inside a savepoint goes with its rollback; a later write
    of the same transaction registers it again."""
    table = Assessment._meta.db_table
    generation = TableGeneration.objects.filter(name=table).values_list("value", flat=True)
    counted = generation.first()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            Assessment.objects.filter(pk=region.assessment.pk).update(comment="ångrat")
            raise RuntimeError
        Assessment.objects.filter(pk=region.assessment.pk).update(comment="sparat")
    assert generation.first() > counted


# ---------------------------------------------------------------------------------------------
# Values shared by people whose permissions are made of the same roles


@pytest.fixture
def progress_computed(monkeypatch) -> list[str]:
    """The user names of those for whom the progress of a period was computed, in turn."""
    from uppsikt.followup import selectors

    calls = []
    original = selectors._progress

    def counted(actor, period):
        calls.append(actor.username)
        return original(actor, period)

    monkeypatch.setattr(selectors, "_progress", counted)
    return calls


def test_the_progress_is_computed_once_for_people_with_the_same_roles_and_anew_after_a_write(
    region, progress_computed
):
    from django.test import Client

    calls = progress_computed
    second = org_factories.user("controller2")
    org_factories.grant(second, Role.CONTROLLER, region.org)
    url = reverse("followup:progress", args=[region.period.pk])
    first_client = signed_in(Client(), region.controller)
    second_client = signed_in(Client(), second)
    first = first_client.get(url)
    assert second_client.get(url).status_code == 200
    assert calls == ["controller"]  # the second controller took the value the first made
    region.submitted()
    after = second_client.get(url)
    assert calls == ["controller", "controller2"]
    assert after.content.decode().count("RSE-MAT") >= 1
    assert first.status_code == 200


def test_people_with_other_roles_never_share_a_value(region, progress_computed):
    from django.test import Client

    calls = progress_computed
    # a controller of Regionservice's units only: the same role, on a unit
    unit_controller = org_factories.user("enhetscontroller")
    org_factories.grant(unit_controller, Role.CONTROLLER, region.org, unit=region.log)
    url = reverse("followup:progress", args=[region.period.pk])
    everything = signed_in(Client(), region.controller).get(url)
    assert "RSE-MAT" in everything.content.decode()
    scoped = signed_in(Client(), unit_controller).get(url)
    assert scoped.status_code == 200
    assert calls == ["controller", "enhetscontroller"]
    # RSE-MAT's assessment is outside the unit controller's scope: not in her progress
    assert "RSE-MAT" not in scoped.content.decode()


def test_the_permission_signature_is_the_roles_and_nothing_of_the_person_else(region):
    from uppsikt.core.current_organisation import organisation_context
    from uppsikt.organisation.permissions import permission_signature

    twin = org_factories.user("tvilling")
    org_factories.grant(twin, Role.REPORTER, region.org, unit=region.mat)
    other_unit = org_factories.user("annan-enhet")
    org_factories.grant(other_unit, Role.REPORTER, region.org, unit=region.log)
    superuser = org_factories.user("super")
    type(superuser).objects.filter(pk=superuser.pk).update(is_superuser=True)
    superuser.refresh_from_db()
    with organisation_context(lambda: region.org.pk):
        assert permission_signature(twin) == permission_signature(region.reporter)
        assert permission_signature(other_unit) != permission_signature(region.reporter)
        assert permission_signature(region.approver) != permission_signature(region.controller)
        assert permission_signature(superuser) == ("unlimited", True)


# ---------------------------------------------------------------------------------------------
# The home pages' assessments, by the person's units


def test_a_submission_makes_anew_the_home_pages_of_its_units_people_and_no_other(region):
    from django.test import Client

    other = org_factories.user("logistik")
    org_factories.grant(other, Role.REPORTER, region.org, unit=region.log)
    clients = {
        "reporter": signed_in(Client(), region.reporter),
        "approver": signed_in(Client(), region.approver),
        "other unit": signed_in(Client(), other),
    }
    before = {who: kept_and_handed_out(c, "/")[0].content.decode() for who, c in clients.items()}
    assert "1 bedömning kvar" in before["reporter"]
    assert "väntar på godkännande" not in before["approver"]
    region.submitted()  # on RSE-MAT, through the services
    after = {who: get(c, "/") for who, c in clients.items()}
    made_anew = {who for who, (_, read) in after.items() if "followup_assessment" in read}
    assert made_anew == {"reporter", "approver"}
    assert "1 bedömning kvar" not in after["reporter"][0].content.decode()
    assert "1 bedömning väntar på godkännande" in after["approver"][0].content.decode()


def test_a_home_page_of_several_units_is_made_anew_by_a_save_in_any_of_them(region):
    from django.test import Client

    both = org_factories.user("tva-enheter")
    org_factories.grant(both, Role.REPORTER, region.org, unit=region.log)
    org_factories.grant(both, Role.REPORTER, region.org, unit=region.mat)
    client = signed_in(Client(), both)
    kept_and_handed_out(client, "/")
    table = Assessment._meta.db_table
    (page,) = kept_pages._pages.values()
    assert {f"{table}@{region.mat.pk}", f"{table}@{region.log.pk}"} <= set(page.tables)
    region.filled("on_track")  # a draft saved on RSE-MAT
    _, read = get(client, "/")
    assert "followup_assessment" in read


def test_reads_scoped_to_several_parts_depend_on_each_and_with_none_on_any():
    table = Assessment._meta.db_table
    making = kept_pages._Making(read=set())
    token = kept_pages._making.set(making)
    try:
        with kept_pages.scoped_reads(table, 7, 9):
            list(Assessment.objects.all())
        assert {f"{table}@7", f"{table}@9"} <= making.read
        assert f"{table}@*" not in making.read
        with kept_pages.scoped_reads(table):
            list(Assessment.objects.all())
        assert f"{table}@*" in making.read
    finally:
        kept_pages._making.reset(token)


# ---------------------------------------------------------------------------------------------
# One making at a time


class OneMakingAtATime:
    """Threads asking ``kept_pages.shared`` for one value: the first's making of it waits until
    ``release`` (after ``while_made`` has run), the others ask while it is made."""

    def __init__(self, key, read, *, others: int, while_made=lambda: None):
        import threading

        self.calls, self.results = [], []
        started, release = threading.Event(), threading.Event()

        def compute():
            self.calls.append(threading.get_ident())
            if len(self.calls) == 1:
                started.set()
                release.wait(5)
            return read()

        def ask():
            try:
                self.results.append(kept_pages.shared(key, compute))
            finally:
                connection.close()

        first = threading.Thread(target=ask)
        first.start()
        assert started.wait(5)
        rest = [threading.Thread(target=ask) for _ in range(others)]
        for thread in rest:
            thread.start()
        time.sleep(0.3)  # the others ask while the first is still making it
        while_made()
        release.set()
        for thread in (first, *rest):
            thread.join(10)


def test_people_asking_at_once_for_a_value_being_made_wait_for_it_and_take_it(region):
    from uppsikt.organisation.models import Unit

    asked = OneMakingAtATime(
        ("kept-pages-test", region.org.pk),
        lambda: sorted(Unit.objects.values_list("code", flat=True)),
        others=3,
    )
    assert len(asked.calls) == 1
    assert asked.results == [["RSE", "RSE-LOG", "RSE-MAT"]] * 4


def test_one_that_waited_makes_the_value_itself_when_a_write_made_it_stale(region):
    from uppsikt.organisation.models import Unit

    asked = OneMakingAtATime(
        ("kept-pages-test-stale", region.org.pk),
        lambda: sorted(Unit.objects.values_list("name", flat=True)),
        others=1,
        # committed while the first is made: what it made is stale when the other looks
        while_made=lambda: Unit.objects.filter(pk=region.log.pk).update(name="Ändrad logistik"),
    )
    assert len(asked.calls) == 2
    assert "Ändrad logistik" in asked.results[1]


def test_a_value_shared_inside_a_scoped_block_depends_on_every_part(region):
    """The value's key names no scope, so the scope of the page that first asked for it is not
    its own: a save in another unit makes it anew for everyone."""
    from uppsikt.followup.selectors import assessment_reads_of

    table = Assessment._meta.db_table

    def comments():
        return sorted(Assessment.objects.values_list("comment", flat=True))

    with assessment_reads_of(region.mat):
        kept_pages.shared(("kept-pages-test-scope",), comments)
    entry = kept_pages._values[("kept-pages-test-scope",)]
    assert f"{table}@*" in entry.tables
    assert f"{table}@{region.mat.pk}" not in entry.tables
    with transaction.atomic(), kept_pages.scoped_writes(table, [region.log.pk]):
        Assessment.objects.filter(pk=region.assessment.pk).update(comment="ny kommentar")
    assert "ny kommentar" in kept_pages.shared(("kept-pages-test-scope",), comments)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_a_unit_cannot_be_moved_between_a_saves_reading_of_its_parts_and_its_commit(
    region, monkeypatch
):
    """Else the save would count up the parts of the path the unit left, and the kept pages
    of the units above its new place would stay as they were."""
    import threading

    from django.db import DatabaseError, connections

    from uppsikt.followup import services
    from uppsikt.organisation.models import Unit

    in_save, go_on, errors = threading.Event(), threading.Event(), []
    original = services._kept_parts

    def parts_read_then_wait(assessment):
        block = original(assessment)
        in_save.set()
        go_on.wait(5)
        return block

    monkeypatch.setattr(services, "_kept_parts", parts_read_then_wait)

    def save():
        try:
            region.filled("on_track")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    saving = threading.Thread(target=save)
    saving.start()
    try:
        assert in_save.wait(5)
        with pytest.raises(DatabaseError), transaction.atomic():
            Unit.objects.select_for_update(nowait=True).get(pk=region.mat.pk)
    finally:
        go_on.set()
        saving.join(10)
    assert not errors, errors
    assert region.fresh().version == 2


# ---------------------------------------------------------------------------------------------
# Notifications, by recipient


def test_a_notification_makes_anew_the_pages_of_its_recipient_and_no_one_elses(region):
    from django.test import Client

    from uppsikt.followup import services as followup_services
    from uppsikt.notifications.models import Notification

    other = org_factories.user("logistik")
    org_factories.grant(other, Role.REPORTER, region.org, unit=region.log)
    submitted = region.submitted()
    reporter = signed_in(Client(), region.reporter)
    bystander = signed_in(Client(), other)
    kept_and_handed_out(reporter, "/")
    kept_and_handed_out(bystander, "/")
    table = Notification._meta.db_table
    for page in kept_pages._pages.values():  # each page reads its own reader's only
        assert f"{table}@*" not in page.tables
    followup_services.assessment_return(
        actor=region.approver, assessment=submitted, version=submitted.version, comment="Mer."
    )
    response, read = get(reporter, "/")
    assert table in read
    assert "Återsänd bedömning" in response.content.decode()
    _, read = get(bystander, "/")
    assert table not in read and "followup_assessment" not in read
