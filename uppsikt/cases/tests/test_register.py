"""The register's numbering (docs/definitions.md §5) and the records of a case."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import override_settings

from uppsikt.cases import services
from uppsikt.cases.models import Case, Record, RecordFile, RegisterSeries
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    return factories.region()


def test_the_first_case_of_a_year_gets_number_one_in_the_body_series(r):
    c = factories.case(r, registered_on=dt.date(2024, 3, 1))
    # prefix RS + 24 + 0001
    assert (c.number, c.prefix, c.year, c.sequence) == ("RS240001", "RS", 2024, 1)


def test_numbers_run_per_prefix_and_year(r):
    a = factories.case(r, "Ett", registered_on=dt.date(2024, 3, 1))
    b = factories.case(r, "Två", registered_on=dt.date(2024, 12, 31))
    c = factories.case(r, "Tre", body=r.dnrs, unit=r.rse, registered_on=dt.date(2024, 5, 1))
    d = factories.case(r, "Fyra", registered_on=dt.date(2025, 1, 1))
    assert [a.number, b.number, c.number, d.number] == [
        "RS240001",
        "RS240002",
        "DRS240001",
        "RS250001",
    ]


def test_a_subcommittee_registers_in_its_parent_bodys_series(r):
    factories.case(r, "Styrelsen")
    c = factories.case(r, "Utskottet", body=r.rsau)
    assert c.number == "RS240002"


def test_after_9999_the_running_number_gets_a_fifth_digit(r):
    RegisterSeries.objects.create(
        organisation=r.organisation, prefix="RS", year=2024, last_number=9999
    )
    assert factories.case(r).number == "RS2410000"


def test_a_typed_number_continues_the_series_from_an_earlier_register(r):
    c = factories.case(r, registered_on=dt.date(2021, 11, 9), number="rs211123")
    nxt = factories.case(r, "Nästa", registered_on=dt.date(2021, 11, 10))
    assert (c.number, nxt.number) == ("RS211123", "RS211124")


@pytest.mark.parametrize(
    ("typed", "registered_on", "message"),
    [
        ("RS241521", dt.date(2021, 11, 9), "hör inte till serien RS för 2021"),  # wrong year
        ("DRS211200", dt.date(2021, 11, 9), "hör inte till serien"),  # another body's prefix
        ("RS21123", dt.date(2021, 11, 9), "hör inte till serien"),  # three digits
        ("RS211100", dt.date(2021, 11, 9), "bryter serien: senast tagna nummer är RS211123"),
        ("RS211123", dt.date(2021, 11, 9), "bryter serien"),  # already taken
    ],
)
def test_a_typed_number_that_breaks_the_series_is_refused_and_nothing_changes(
    r, typed, registered_on, message
):
    factories.case(r, registered_on=dt.date(2021, 11, 9), number="RS211123")
    cases, events = Case.objects.count(), AuditEvent.objects.count()
    with pytest.raises(DomainError, match=message):
        factories.case(r, "Fel", registered_on=registered_on, number=typed)
    assert (Case.objects.count(), AuditEvent.objects.count()) == (cases, events)
    assert RegisterSeries.objects.get(prefix="RS", year=2021).last_number == 1123


def test_a_voided_registration_keeps_its_number_and_it_is_never_reused(r):
    first = factories.case(r, "Fel registrering")
    services.case_void(actor=SYSTEM, case=first, reason="Dubbelregistrering")
    second = factories.case(r, "Rätt registrering")
    first.refresh_from_db()
    assert (first.status, first.number, second.number) == ("voided", "RS240001", "RS240002")


def test_number_format_is_configurable(r):
    with override_settings(UPPSIKT_CASE_NUMBER_FORMAT="{prefix} {yyyy}-{number:05d}"):
        c = factories.case(r)
        typed = factories.case(r, "Handskrivet", number="RS 2024-00010")
    assert (c.number, typed.number) == ("RS 2024-00001", "RS 2024-00010")


def test_secret_case_needs_its_osl_ground(r):
    with pytest.raises(DomainError, match="sekretessgrunden"):
        factories.case(r, secret=True)
    c = factories.case(r, secret=True, secrecy_ground="OSL 39 kap. 3 §")
    assert c.secret


def test_a_case_officer_registers_only_for_units_in_her_scope(r):
    c = factories.case(r, actor=r.officer_user)
    assert c.number == "RS240001"
    with pytest.raises(NotPermitted):
        factories.case(r, "Regionservice", body=r.dnrs, unit=r.rse, actor=r.officer_user)
    with pytest.raises(NotPermitted):
        factories.case(r, "Läsaren", actor=r.reader)
    with pytest.raises(NotPermitted):
        factories.case(r, "Ledamoten", actor=r.member)


def test_a_secretary_registers_for_her_body_and_its_subcommittees(r):
    assert factories.case(r, body=r.rsau, unit=None, actor=r.secretary).number == "RS240001"
    with pytest.raises(NotPermitted):
        factories.case(r, body=r.dnrs, unit=None, actor=r.secretary)


def test_records_get_a_running_number_inside_the_case(r):
    c = factories.case(r, registered_on=dt.date(2024, 3, 1))
    other = factories.case(r, "Annat")
    one = factories.record(c, "Inkommen skrivelse")
    two = factories.record(c, "Tjänsteskrivelse", kind=Record.Kind.DRAWN_UP, counterpart="")
    elsewhere = factories.record(other, "Annat brev")
    three = factories.record(c, "Svar", kind=Record.Kind.OUTGOING, counterpart="Förvaltningarna")
    assert [one.number, two.number, three.number, elsewhere.number] == [
        "RS240001-1",
        "RS240001-2",
        "RS240001-3",
        "RS240002-1",
    ]


def test_an_incoming_record_needs_its_sender(r):
    c = factories.case(r)
    with pytest.raises(DomainError, match="avsändaren"):
        factories.record(c, counterpart="")


def test_a_record_keeps_its_attached_files(r):
    c = factories.case(r)
    rec = factories.record(
        c, files=[factories.pdf("brev.pdf"), SimpleUploadedFile("bild.png", factories.PNG)]
    )
    names = sorted(f.name for f in rec.files.all())
    assert names == ["bild.png", "brev.pdf"]
    assert rec.files.get(name="brev.pdf").file.read() == factories.PDF


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("makro.docm", b"PK\x03\x04xx"), "Filtypen .docm är inte tillåten"),
        (SimpleUploadedFile("tabell.xlsx", b"PK\x03\x04xx"), "Filtypen .xlsx är inte tillåten"),
        (SimpleUploadedFile("falsk.pdf", b"MZ\x90\x00 a program"), "inte en giltig .pdf-fil"),
        (SimpleUploadedFile("tom.pdf", b""), "är tom"),
    ],
)
def test_a_forbidden_upload_is_refused_and_nothing_is_registered(r, upload, message):
    c = factories.case(r)
    with pytest.raises(DomainError, match=message):
        factories.record(c, files=[factories.pdf(), upload])
    c.refresh_from_db()
    assert (Record.objects.count(), RecordFile.objects.count(), c.last_record_number) == (0, 0, 0)


def test_an_upload_over_the_size_limit_is_refused(r, settings):
    settings.UPPSIKT_RECORD_FILE_MAX_MB = 1
    c = factories.case(r)
    big = factories.pdf("stor.pdf", factories.PDF + b"0" * (1024 * 1024))  # 1 MiB + header
    with pytest.raises(DomainError, match="för stor \\(högst 1 MB\\)"):
        factories.record(c, files=[big])
    assert Record.objects.count() == 0


def test_records_are_registered_only_in_open_cases(r):
    c = factories.case(r)
    services.case_close(actor=SYSTEM, case=c)
    with pytest.raises(InvalidTransition):
        factories.record(c)


def test_a_council_motion_walks_its_path_to_the_council(r):
    c = factories.case(
        r,
        "Motion om fria resor för barn",
        kind=Case.Kind.COUNCIL_MOTION,
        submitted_by="Anna Berg (S)",
    )
    assert c.path_step == "submitted"
    for step in ["referred", "prepared", "decided"]:
        c = services.case_advance(actor=SYSTEM, case=c)
        assert c.path_step == step
    with pytest.raises(InvalidTransition):
        services.case_advance(actor=SYSTEM, case=c)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_concurrent_registrations_never_share_or_skip_a_number():
    # given: a new year with no series row yet, and eight secretaries registering at once
    r = factories.region()
    workers = 8
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def register(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            c = services.case_register(
                actor=r.secretary,
                organisation=r.organisation,
                body=r.rs,
                title=f"Samtidigt ärende {i}",
                registered_on=dt.date(2024, 6, 1),
            )
            numbers.append(c.number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    # then: eight distinct numbers, 1..8, and the series stands at 8
    assert not errors, errors
    assert sorted(numbers) == [f"RS24000{i}" for i in range(1, 9)]
    assert (
        RegisterSeries.objects.get(organisation=r.organisation, prefix="RS", year=2024).last_number
        == 8
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_concurrent_records_in_one_case_get_distinct_record_numbers():
    r = factories.region()
    c = factories.case(r)
    workers = 6
    barrier = threading.Barrier(workers)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def register(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            rec = services.record_register(
                actor=r.officer_user,
                case=c,
                kind=Record.Kind.INCOMING,
                date=dt.date(2024, 6, 1),
                counterpart="Avsändare",
                description=f"Brev {i}",
            )
            numbers.append(rec.number)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(numbers) == [f"RS240001-{i}" for i in range(1, 7)]
