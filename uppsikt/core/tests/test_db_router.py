"""The read replica: the reporting pages read from it, nothing is ever written to it.

The test settings make the alias ``replica`` a TEST MIRROR of the test database (the same
database through a connection of its own) with its reads off; these tests turn them on."""

from __future__ import annotations

import warnings

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uppsikt.core.db_router import ReplicaRouter, reading_replica, replica_reads
from uppsikt.core.models import User
from uppsikt.organisation.models import Organisation, Role
from uppsikt.organisation.tests import factories

router = ReplicaRouter()

# The routing rules need no database: outside a test's transaction, the primary's connection is
# in no atomic block, as in a request.


@pytest.fixture
def replica_on(settings):
    settings.UPPSIKT_REPLICA_READS = True


def test_reads_go_to_the_replica_only_inside_a_reporting_block(replica_on):
    assert router.db_for_read(User) == "default"
    with reading_replica():
        assert router.db_for_read(User) == "replica"
    assert router.db_for_read(User) == "default"


def test_writes_never_go_to_the_replica_and_reads_in_a_transaction_stay_on_the_primary(
    replica_on, monkeypatch
):
    with reading_replica():
        assert router.db_for_write(User) == "default"
        # inside transaction.atomic() on the primary (without opening a connection here)
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)
        assert router.db_for_read(User) == "default"
        assert router.db_for_write(User) == "default"


def test_without_a_replica_or_with_its_reads_off_everything_reads_the_primary(settings):
    settings.UPPSIKT_REPLICA_READS = False
    with reading_replica():
        assert router.db_for_read(User) == "default"
    settings.UPPSIKT_REPLICA_READS = True
    with warnings.catch_warnings():  # Django warns of overriding DATABASES; only read here
        warnings.simplefilter("ignore")
        settings.DATABASES = {"default": settings.DATABASES["default"]}
    with reading_replica():
        assert router.db_for_read(User) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica", "core") is False


def test_a_post_to_a_reporting_view_reads_the_primary(rf, replica_on):
    seen = []

    @replica_reads
    def view(request):
        seen.append(router.db_for_read(User))

    view(rf.get("/"))
    view(rf.head("/"))
    view(rf.post("/"))
    assert seen == ["replica", "replica", "default"]


# The replica is another connection: what it reads must be committed, as in production.
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_reporting_page_reads_from_the_replica_and_checks_permissions_on_the_primary(
    client, replica_on
):
    org = factories.organisation()
    factories.unit(org, "RK")
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("finance:ledger"))
    assert response.status_code == 200
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert on_replica.captured_queries, "the page read nothing from the replica"
    assert "finance_" in replica_sql  # the ledger's own reads
    # the grants behind the permission check, read before the page's reads begin
    assert "organisation_rolegrant" in primary_sql
    for sql in replica_sql.split(";"):
        assert not sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_write_made_while_reading_the_replica_goes_to_the_primary(replica_on):
    with reading_replica(), CaptureQueriesContext(connections["replica"]) as on_replica:
        Organisation.objects.create(name="Region Replik", slug="replik")
        assert Organisation.objects.filter(slug="replik").exists()  # committed: replica sees it
    writes = [
        q["sql"]
        for q in on_replica.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert any("SELECT" in q["sql"] for q in on_replica.captured_queries)
