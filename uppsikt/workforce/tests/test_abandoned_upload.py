"""Raw HR uploads are not left behind: an import whose worker was killed has its three files
removed (by the sweep, and by ``purge_hr_extracts --days 0``), and the job no longer shows
"Pågår 30 %"."""

from __future__ import annotations

import datetime as dt
import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from uppsikt.core.jobs import job_create, job_progress
from uppsikt.core.models import Job
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.workforce.tests.test_import import ABSENCES, EMPLOYEES, EMPLOYMENTS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage(settings):
    # the files lie in the storage of each run (filesystem, memory: conftest.py, kept_files)
    settings.UPPSIKT_JOB_TIMEOUT = 120


def make_old(name: str, seconds: float) -> None:
    """Date a stored file ``seconds`` back, on disk or in memory."""
    store = storages["default"]
    if isinstance(store, FileSystemStorage):
        then = time.time() - seconds
        os.utime(store.path(name), (then, then))
    else:
        node = store._resolve(name)
        node.modified_time -= dt.timedelta(seconds=seconds)


@pytest.fixture
def org():
    organisation = factories.organisation()
    root = factories.unit(organisation, "U")
    factories.unit(organisation, "U1", parent=root)
    factories.unit(organisation, "U2", parent=root)
    return organisation


def killed_import() -> tuple[Job, list[str]]:
    """What a worker killed at "Kontrollerar och sparar" leaves: the three uploads and a job at
    30 % whose last heartbeat was ten minutes ago."""
    names = [
        default_storage.save(f"uploads/hr/{kind}.csv", ContentFile(text.encode()))
        for kind, text in (
            ("employees", EMPLOYEES),
            ("employments", EMPLOYMENTS),
            ("absences", ABSENCES),
        )
    ]
    job = job_create(kind="hr_import", title="Import av HR-uttag", started_by=None, leftovers=names)
    job_progress(job.pk, 30, "Kontrollerar och sparar")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    return job, names


def test_the_web_upload_records_its_three_files_as_the_jobs_leftovers(
    client, org, settings, storage
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = factories.user("hr")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    files = {
        "employees": SimpleUploadedFile("employees.csv", EMPLOYEES.encode()),
        "employments": SimpleUploadedFile("employments.csv", EMPLOYMENTS.encode()),
        "absences": SimpleUploadedFile("absences.csv", ABSENCES.encode()),
    }
    client.post(reverse("workforce:import"), files)
    job = Job.objects.get(kind="hr_import")
    assert len(job.leftovers) == 3
    assert all(name.startswith("uploads/hr/") for name in job.leftovers)
    assert all(default_storage.exists(name) for name in job.leftovers)


def test_purge_with_zero_days_removes_the_uploads_of_a_killed_import(org):
    job, names = killed_import()
    out = StringIO()
    call_command("purge_hr_extracts", "--days", "0", stdout=out)
    assert not any(default_storage.exists(name) for name in names)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Avbröts: bakgrundsprocessen svarade inte"
    assert "3 uppladdade HR-filer" in out.getvalue()


def test_purge_removes_an_upload_no_job_holds_but_keeps_those_of_a_running_import(org):
    # given: an upload of an import that is running (heartbeat now), and an old stray file
    running = job_create(
        kind="hr_import",
        title="Import av HR-uttag",
        started_by=None,
        leftovers=[default_storage.save("uploads/hr/live.csv", ContentFile(b"E1,K,1980\n"))],
    )
    job_progress(running.pk, 30, "")
    stray = default_storage.save("uploads/hr/stray.csv", ContentFile(b"E2,M,1975\n"))
    make_old(stray, 3600)
    # when
    call_command("purge_hr_extracts", "--days", "0", stdout=StringIO())
    # then
    assert default_storage.exists(running.leftovers[0])
    assert not default_storage.exists(stray)


def test_purge_leaves_an_upload_younger_than_the_job_timeout(org):
    # a file saved a moment ago may belong to an upload whose job is being created
    fresh = default_storage.save("uploads/hr/fresh.csv", ContentFile(b"E3,,1990\n"))
    call_command("purge_hr_extracts", "--days", "0", stdout=StringIO())
    assert default_storage.exists(fresh)
