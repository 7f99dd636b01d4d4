"""The audit trail: one row per successful write, none for a failed one, never changed."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction

from uppsikt.core import audit
from uppsikt.core.models import AuditEvent, AuditImmutableError
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services
from uppsikt.organisation.models import Body, Unit
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db


def test_a_successful_write_always_has_its_audit_row():
    org = factories.organisation()
    before = AuditEvent.objects.count()
    unit = services.unit_create(
        actor=SYSTEM,
        organisation=org,
        code="RK",
        name="Regionkontoret",
        kind=Unit.Kind.ADMINISTRATION,
    )
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.object_type, event.object_id) == (
        "unit.create",
        "organisation.unit",
        str(unit.pk),
    )
    assert event.after["code"] == "RK"
    assert event.detail["actor"] == "system"


def test_a_write_that_fails_after_auditing_leaves_neither_change_nor_audit_row():
    org = factories.organisation()
    before = AuditEvent.objects.count()

    def audit_then_fail(**kwargs):
        audit.audit_record(**kwargs)
        raise DatabaseError("disk full")

    with (
        mock.patch("uppsikt.organisation.services.audit_record", side_effect=audit_then_fail),
        pytest.raises(DatabaseError),
    ):
        services.body_create(
            actor=SYSTEM, organisation=org, code="RS", name="RS", kind=Body.Kind.BOARD
        )
    assert AuditEvent.objects.count() == before
    assert not Body.objects.filter(code="RS").exists()


def test_audit_rows_cannot_be_changed_or_deleted_through_the_model():
    org = factories.organisation()
    event = AuditEvent.objects.filter(object_id=str(org.pk)).get()
    event.action = "forged"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.update(action="forged")
    assert AuditEvent.objects.filter(action="forged").count() == 0


def test_audit_must_run_inside_the_services_transaction():
    org = factories.organisation()
    with mock.patch.object(transaction, "get_connection") as get:
        get.return_value.in_atomic_block = False
        with pytest.raises(RuntimeError):
            audit.audit_record(actor=SYSTEM, action="x", obj=org)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's"
)
def test_postgresql_refuses_to_change_audit_rows_even_in_raw_sql():
    factories.organisation()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET action = 'forged'")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent")
