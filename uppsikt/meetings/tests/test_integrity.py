"""Approved minutes cannot be changed below the services, and what is changed anyway is found:
the keyed, chained checksum over every approved fact, the models' refusal, the database's
triggers (SQLite and PostgreSQL) and ``uppsikt minutes verify``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import integrity, procedure, selectors, services
from uppsikt.meetings.models import (
    Approval,
    Attendance,
    Correction,
    FloorMotion,
    Meeting,
    MinutesItem,
    Notice,
    Vote,
    VoteCast,
)
from uppsikt.meetings.sealed import RecordSealed

from . import factories, tampering

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's triggers and roles"
)


def _approved(c, *, titles=("Punkt A", "Punkt B"), date=dt.date(2025, 10, 14), vote=False):
    """A meeting of the committee, held and approved by chair and approver; with ``vote``,
    its first item decided by roll-call (members 0–4 all serve: 3 yes, 2 no)."""
    m = factories.held_meeting(c, titles=titles, date=date)
    if vote:
        item = m.items.order_by("position").first()
        p = c.members
        services.vote_record(
            actor=c.secretary,
            item=item,
            method="roll_call",
            yes_means="bifall",
            no_means="avslag",
            casts={p[0].pk: "yes", p[1].pk: "no", p[2].pk: "yes", p[3].pk: "yes", p[4].pk: "no"},
        )
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    m.refresh_from_db()
    return m


def _first(m) -> MinutesItem:
    return m.items.order_by("position").first()


def _says(problems: list[str], text: str) -> bool:
    return any(text in p for p in problems)


# --- the canonical form covers every fact -------------------------------------------------------


def test_every_field_of_the_meetings_models_is_covered_by_the_checksum_or_excluded_with_a_reason():
    for model in apps.get_app_config("meetings").get_models():
        fields = {f.name for f in model._meta.concrete_fields} | {
            f.name for f in model._meta.many_to_many
        }
        covered = set(integrity.COVERED.get(model, ())) | set(
            integrity.COVERED_WHEN_SET.get(model, ())
        )
        excluded = integrity.EXCLUDED.get(model, {})
        assert all(reason.strip() for reason in excluded.values()), model
        assert not covered & set(excluded), model
        if "__all__" in excluded:
            assert not covered, model
            continue
        assert covered | set(excluded) == fields, (
            model.__name__,
            sorted(fields - covered - set(excluded)),
        )


def test_the_canonical_form_keeps_the_names_format_1_gave_the_meeting_facts():
    # given: minutes sealed before the kallelse was called the summons in code, whose
    # checksums cover the meeting's facts under the names of format 1
    c = factories.committee()
    m = _approved(c)
    # then: the facts are still serialised under those names (summons_sent_at as
    # notice_sent_at), so those checksums verify
    assert integrity.FORMAT == 1
    assert sorted(integrity.row(m, integrity.MEETING_FACTS)) == sorted(
        [
            "id",
            "organisation",
            "body",
            "date",
            "start_time",
            "place",
            "minutes_kept_at",
            "chair",
            "approvers",
            "approval_due",
            "secretary",
            "announced_on",
            "notice_sent_at",
            "held_at",
        ]
    )


def test_approved_minutes_verify_clean_and_carry_a_keyed_checksum():
    c = factories.committee()
    m = _approved(c, vote=True)
    key = integrity.keys()[0]
    assert m.checksum.startswith(f"hmac-sha256:{key.id}:")
    assert [i.approval_sequence for i in m.items.order_by("position")] == [1, 2]
    assert Notice.objects.get(meeting=m).checksum.startswith("hmac-sha256:")
    assert selectors.verify(meeting=m) == []


def test_an_item_approved_at_once_and_then_the_minutes_verify_clean():
    c = factories.committee()
    m = factories.held_meeting(c)
    item = _first(m)
    for user in (c.chair_user, c.approver_user):
        services.item_approve_immediately(actor=user, item=item)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    assert selectors.verify(meeting=m) == []


def test_a_notice_moved_by_the_service_still_verifies():
    c = factories.committee()
    m = _approved(c)
    notice = Notice.objects.get(meeting=m)
    services.notice_repost(
        actor=c.secretary, notice=notice, posted_on=notice.approved_on + dt.timedelta(days=1)
    )
    assert selectors.verify(meeting=m) == []


def test_a_correction_through_the_service_still_works_and_the_minutes_verify_clean():
    c = factories.committee()
    m = _approved(c)
    services.correction_add(actor=c.secretary, item=_first(m), text="Rätt", reason="Skrivfel")
    assert selectors.verify(meeting=m) == []


# --- verify finds what is changed behind the application's back -------------------------------


def test_verify_finds_a_secret_flag_flipped_behind_the_services_back():
    c = factories.committee()
    m = _approved(c)
    tampering.update(MinutesItem, {"pk": _first(m).pk}, secret=True)
    assert _says(selectors.verify(meeting=m), "§ 1: innehållet stämmer inte")


def test_verify_finds_a_members_vote_changed_behind_the_services_back():
    c = factories.committee()
    m = _approved(c, vote=True)
    cast = VoteCast.objects.get(vote__item=_first(m), person=c.members[4])
    tampering.update(VoteCast, {"pk": cast.pk}, choice="yes")
    assert _says(selectors.verify(meeting=m), "§ 1: innehållet stämmer inte")


def test_verify_finds_an_appeal_day_changed_behind_the_services_back():
    c = factories.committee()
    m = _approved(c)
    notice = Notice.objects.get(meeting=m)
    later = notice.appeal_last_day + dt.timedelta(days=30)
    tampering.update(Notice, {"pk": notice.pk}, appeal_last_day=later)
    assert selectors.verify(meeting=m) == [f"{m}: anslaget stämmer inte med kontrollsumman"]


def test_verify_finds_attendance_changed_behind_the_services_back():
    c = factories.committee()
    m = _approved(c)
    a = Attendance.objects.get(meeting=m, person=c.members[4])
    tampering.update(Attendance, {"pk": a.pk}, present=False)
    problems = selectors.verify(meeting=m)
    assert _says(problems, "§ 1: innehållet") and _says(problems, "§ 2: innehållet")
    assert _says(problems, "protokollet stämmer inte")


def test_verify_finds_the_method_of_a_signature_changed_behind_the_services_back():
    c = factories.committee()
    m = _approved(c)
    signature = Approval.objects.get(meeting=m, person=c.members[1])
    tampering.update(Approval, {"pk": signature.pk}, method=Approval.Method.ON_PAPER)
    assert _says(selectors.verify(meeting=m), "protokollet stämmer inte")


def test_verify_finds_a_forged_item_whose_plain_sha256_was_recomputed():
    c = factories.committee()
    m = _approved(c)
    item = _first(m)
    tampering.update(MinutesItem, {"pk": item.pk}, decision_points=["förfalskat beslut"])
    item.refresh_from_db()
    # what a forger without the key can compute: a plain SHA-256 of the canonical content
    content = integrity.item_content(item, previous="")
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    plain = hashlib.sha256(data.encode()).hexdigest()
    tampering.update(MinutesItem, {"pk": item.pk}, checksum=plain)
    assert _says(selectors.verify(meeting=m), "§ 1: kontrollsumman är onycklad")
    forged = f"hmac-sha256:{integrity.keys()[0].id}:{plain}"
    tampering.update(MinutesItem, {"pk": item.pk}, checksum=forged)
    assert _says(selectors.verify(meeting=m), "§ 1: innehållet stämmer inte")


def test_verify_finds_an_item_deleted_from_the_chain():
    c = factories.committee()
    first = _approved(c, titles=("A",), date=dt.date(2025, 10, 14))
    second = _approved(c, titles=("B",), date=dt.date(2025, 11, 4))
    gone = first.items.get()  # approval 1 of RSAU 2025; the second meeting's § is approval 2
    tampering.delete(Notice, {"meeting": first})
    tampering.delete(Approval, {"meeting": first})
    tampering.delete(MinutesItem, {"pk": gone.pk})
    assert selectors.verify(meeting=second) == [
        "RSAU 2025 § 2: den paragraf som justerades före (nr 1 i ordningen) saknas",
        "RSAU 2025 § 2: innehållet stämmer inte med kontrollsumman",
    ]
    assert _says(selectors.verify(meeting=first), "protokollet stämmer inte")


def test_the_verify_command_fails_on_a_flipped_secret_flag():
    c = factories.committee()
    m = _approved(c)
    call_command("minutes_verify")
    tampering.update(MinutesItem, {"pk": _first(m).pk}, secret=True)
    with pytest.raises(CommandError):
        call_command("minutes_verify")


# --- the models refuse ------------------------------------------------------------------------


def _writes(c, m):
    item = _first(m)
    vote = Vote.objects.get(item=item)
    notice = Notice.objects.get(meeting=m)
    correction = services.correction_add(actor=c.secretary, item=item, text="R", reason="S")
    return {
        "item.save": lambda: (setattr(item, "secret", True), item.save()),
        "items.update": lambda: MinutesItem.objects.filter(meeting=m).update(secret=True),
        "item.delete": lambda: item.delete(),
        "motion added": lambda: FloorMotion.objects.create(
            item=item, person=c.members[0], kind="add", points=["x"]
        ),
        "vote.update": lambda: Vote.objects.filter(pk=vote.pk).update(result="annat"),
        "cast.update": lambda: VoteCast.objects.filter(vote=vote).update(choice="yes"),
        "cast.delete": lambda: vote.casts.all().delete(),
        "attendance.bulk_update": lambda: Attendance.objects.bulk_update(
            [Attendance(pk=a.pk, present=False) for a in m.attendance.all()], ["present"]
        ),
        "approval.delete": lambda: Approval.objects.filter(meeting=m).delete(),
        "notice.update": lambda: Notice.objects.filter(pk=notice.pk).update(
            appeal_last_day=dt.date(2030, 1, 1)
        ),
        "notice.delete": lambda: notice.delete(),
        "correction.delete": lambda: correction.delete(),
        "meeting.update": lambda: Meeting.objects.filter(pk=m.pk).update(place="Annan"),
        "approvers.set": lambda: m.approvers.set([c.members[2]]),
    }


WRITES = [
    "item.save",
    "items.update",
    "item.delete",
    "motion added",
    "vote.update",
    "cast.update",
    "cast.delete",
    "attendance.bulk_update",
    "approval.delete",
    "notice.update",
    "notice.delete",
    "correction.delete",
    "meeting.update",
    "approvers.set",
]


@pytest.mark.parametrize("write", WRITES)
def test_the_models_refuse_to_change_approved_minutes(write):
    c = factories.committee()
    m = _approved(c, vote=True)
    with pytest.raises(RecordSealed):
        _writes(c, m)[write]()


# --- the database refuses (SQLite and PostgreSQL) ---------------------------------------------


def _raw_writes(c, m):
    item = _first(m)
    vote = Vote.objects.get(item=item)
    notice = Notice.objects.get(meeting=m)
    correction = services.correction_add(actor=c.secretary, item=item, text="R", reason="S")
    base = {
        "item": MinutesItem._base_manager.filter(pk=item.pk),
        "vote": Vote._base_manager.filter(pk=vote.pk),
        "casts": VoteCast._base_manager.filter(vote=vote),
        "attendance": Attendance._base_manager.filter(meeting=m),
        "approval": Approval._base_manager.filter(meeting=m),
        "notice": Notice._base_manager.filter(pk=notice.pk),
        "correction": Correction._base_manager.filter(pk=correction.pk),
        "meeting": Meeting._base_manager.filter(pk=m.pk),
    }
    return {
        "item secret": lambda: base["item"].update(secret=True),
        "vote result": lambda: base["vote"].update(result="annat"),
        "cast choice": lambda: base["casts"].update(choice="yes"),
        "attendance present": lambda: base["attendance"].update(present=False),
        "approval method": lambda: base["approval"].update(method="on_paper"),
        "notice appeal day": lambda: base["notice"].update(appeal_last_day=dt.date(2030, 1, 1)),
        "correction text": lambda: base["correction"].update(text="annat"),
        "meeting place": lambda: base["meeting"].update(place="Annan"),
        "approvers": lambda: m.approvers.through._base_manager.filter(meeting=m).delete(),
        "motion added": lambda: FloorMotion._base_manager.bulk_create(
            [FloorMotion(item=item, person=c.members[0], kind="add", points=["x"])]
        ),
    }


RAW_WRITES = [
    "item secret",
    "vote result",
    "cast choice",
    "attendance present",
    "approval method",
    "notice appeal day",
    "correction text",
    "meeting place",
    "approvers",
    "motion added",
]


@pytest.mark.parametrize("write", RAW_WRITES)
def test_the_database_itself_refuses_to_change_approved_minutes(write):
    c = factories.committee()
    m = _approved(c, vote=True)
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw_writes(c, m)[write]()


def test_the_database_lets_only_the_checksum_of_an_approved_item_be_rewritten():
    c = factories.committee()
    m = _approved(c)
    item = _first(m)
    assert MinutesItem._base_manager.filter(pk=item.pk).update(checksum=item.checksum) == 1


# --- PostgreSQL: TRUNCATE, and forgery by a table owner ---------------------------------------


@postgres_only
@pytest.mark.postgres
@pytest.mark.parametrize(
    "table",
    ["core_auditevent", "meetings_minutesitem", "meetings_votecast", "meetings_notice"],
)
def test_postgresql_refuses_to_truncate_the_audit_trail_and_the_minutes(table):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table} CASCADE")


@postgres_only
@pytest.mark.postgres
def test_a_table_owner_who_disables_the_triggers_still_cannot_forge_an_item_unseen():
    c = factories.committee()
    m = _approved(c)
    item = _first(m)
    key_id = integrity.keys()[0].id  # public: it is in every checksum
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks of the test
        cursor.execute("ALTER TABLE meetings_minutesitem DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE meetings_minutesitem SET secret = true, checksum = %s WHERE id = %s",
            [f"hmac-sha256:{key_id}:{procedure.item_checksum(item)}", item.pk],
        )
        cursor.execute("ALTER TABLE meetings_minutesitem ENABLE TRIGGER USER")
    assert _says(selectors.verify(meeting=m), "§ 1: innehållet stämmer inte")


# --- the key ----------------------------------------------------------------------------------


def test_the_key_file_is_created_in_the_data_directory_readable_by_the_owner_only(tmp_path):
    with override_settings(UPPSIKT_MINUTES_KEY="", DATA_DIR=tmp_path):
        first = integrity.keys()
        assert integrity.keys() == first  # the same key on the next use
    mode = stat.S_IMODE((tmp_path / "minutes.key").stat().st_mode)
    assert mode == 0o600


def test_minutes_sealed_with_an_old_key_still_verify_after_the_key_is_rotated():
    c = factories.committee()
    with override_settings(UPPSIKT_MINUTES_KEY="gammal-nyckel"):
        m = _approved(c)
    with override_settings(UPPSIKT_MINUTES_KEY="ny-nyckel,gammal-nyckel"):
        assert selectors.verify(meeting=m) == []
        call_command("minutes_seal")
        m.refresh_from_db()
        assert m.checksum.startswith(f"hmac-sha256:{integrity.keys()[0].id}:")
    with override_settings(UPPSIKT_MINUTES_KEY="ny-nyckel"):
        assert selectors.verify(meeting=m) == []


def test_minutes_checked_with_an_unknown_key_do_not_verify():
    c = factories.committee()
    m = _approved(c)
    with override_settings(UPPSIKT_MINUTES_KEY="en-annan-nyckel"):
        assert _says(selectors.verify(meeting=m), "innehållet stämmer inte")


def test_the_seal_command_seals_minutes_with_unkeyed_checksums_from_before():
    c = factories.committee()
    m = _approved(c)
    for item in m.items.all():  # as the minutes were sealed before keyed checksums
        tampering.update(MinutesItem, {"pk": item.pk}, checksum=procedure.item_checksum(item))
    sums = [procedure.item_checksum(i) for i in m.items.order_by("position")]
    tampering.update(Meeting, {"pk": m.pk}, checksum=procedure.meeting_checksum(m, sums))
    tampering.update(Notice, {"meeting": m}, checksum="")
    assert selectors.verify(meeting=m) != []
    call_command("minutes_seal", accept_unkeyed=True)
    assert selectors.verify(meeting=m) == []


def test_the_seal_command_refuses_unkeyed_checksums_unless_told_to_accept_them():
    c = factories.committee()
    m = _approved(c)
    # a forger without the key writes an unkeyed checksum over a changed item
    item = _first(m)
    tampering.update(MinutesItem, {"pk": item.pk}, secret=True)
    item.refresh_from_db()
    tampering.update(MinutesItem, {"pk": item.pk}, checksum=procedure.item_checksum(item))
    with pytest.raises(CommandError):
        call_command("minutes_seal")


def test_the_seal_command_refuses_when_something_was_changed_since_approval():
    c = factories.committee()
    m = _approved(c)
    tampering.update(MinutesItem, {"pk": _first(m).pk}, title="Tyst ändrad")
    with pytest.raises(CommandError):
        call_command("minutes_seal")


def test_a_system_signature_backdated_before_an_earlier_approval_still_chains():
    c = factories.committee()
    late = _approved(c, titles=("A",), date=dt.date(2025, 11, 4))
    m = factories.held_meeting(c, titles=("B",), date=dt.date(2025, 10, 14))
    at = dt.datetime(2025, 10, 15, 10, tzinfo=dt.UTC)  # before ``late`` was approved (today)
    for p in (c.members[0], c.members[1]):
        services.minutes_approve(actor=SYSTEM, meeting=m, person=p, at=at)
    assert m.items.get().approval_sequence == 2
    assert selectors.verify(meeting=late) == [] and selectors.verify(meeting=m) == []


def test_the_triggers_are_put_back_by_every_migrate():
    from uppsikt.meetings import triggers

    c = factories.committee()
    m = _approved(c)
    triggers.uninstall(connection)  # as a later migration rebuilding the table on SQLite would
    call_command("migrate", verbosity=0)
    with pytest.raises(DatabaseError), transaction.atomic():
        MinutesItem._base_manager.filter(meeting=m).update(secret=True)
