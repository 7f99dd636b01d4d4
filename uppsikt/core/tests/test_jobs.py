"""Background jobs whose worker died: the heartbeat, the sweep that marks them failed with the
reason, the clean-up of what they left behind, and starting them again."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from uppsikt.core import jobs
from uppsikt.core.models import Job
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db

REASON = "Avbröts: bakgrundsprocessen svarade inte"


@pytest.fixture(autouse=True)
def timeout(settings):
    # the files lie in the storage of each run (filesystem, memory: conftest.py, kept_files)
    settings.UPPSIKT_JOB_TIMEOUT = 120


def left_running(*, kind="test", seconds_ago: float, leftovers=(), user=None) -> Job:
    """A job row as a worker killed mid-work leaves it: running, its last heartbeat long ago."""
    job = jobs.job_create(kind=kind, title="t", started_by=user, leftovers=list(leftovers))
    jobs.job_progress(job.pk, 30, "Kontrollerar och sparar")
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )
    return job


def test_a_progress_update_is_a_heartbeat():
    job = jobs.job_create(kind="test", title="t", started_by=None)
    assert job.heartbeat_at is None
    jobs.job_progress(job.pk, 10, "")
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert timezone.now() - job.heartbeat_at < dt.timedelta(seconds=5)


def test_a_running_job_silent_longer_than_the_timeout_is_marked_failed_with_the_reason():
    # given: timeout 120 s, last heartbeat 121 s ago
    job = left_running(seconds_ago=121)
    # when
    swept = jobs.jobs_sweep()
    # then
    job.refresh_from_db()
    assert swept == [job.pk]
    assert job.status == Job.Status.FAILED
    assert job.message == REASON
    assert job.finished_at is not None


def test_a_running_job_with_a_recent_heartbeat_is_left_running():
    # given: timeout 120 s, last heartbeat 119 s ago
    job = left_running(seconds_ago=119)
    assert jobs.jobs_sweep() == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_queued_job_no_worker_has_taken_is_waiting_not_abandoned():
    job = jobs.job_create(kind="test", title="t", started_by=None)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert jobs.jobs_sweep() == []
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED


def test_the_sweep_removes_the_uploaded_files_of_an_abandoned_job():
    name = default_storage.save("uploads/test/raw.csv", ContentFile(b"E1,sjuk\n"))
    job = left_running(seconds_ago=600, leftovers=[name])
    jobs.jobs_sweep()
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_the_sweep_runs_the_cleanup_its_kind_registered():
    cleaned = []
    jobs.register_job_kind("test.cleanup", cleanup=lambda job: cleaned.append(job.pk))
    job = left_running(kind="test.cleanup", seconds_ago=600)
    jobs.jobs_sweep()
    assert cleaned == [job.pk]


def test_an_abandoned_sie_import_has_its_staging_folder_removed():
    from uppsikt.finance import ledger_store

    job = left_running(kind="sie_import", seconds_ago=600)
    staging = ledger_store.staging(f"tmp-job{job.pk}")
    (staging / "part-00000.parquet").write_bytes(b"rows")
    other = ledger_store.staging(f"tmp-job{job.pk}0")  # another job's: job 10 when this is 1
    jobs.jobs_sweep()
    assert not staging.exists()
    assert other.exists()
    ledger_store.discard(other)


# The worker closes the database connection between tasks, as in production: these tests
# run outside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_marks_abandoned_jobs_failed_when_it_starts():
    from uppsikt.core.worker import JobWorker

    job = left_running(seconds_ago=600)
    worker = JobWorker(interval=0, batch=True)
    worker.run()  # nothing queued: sweeps, then stops
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == REASON


def test_the_person_who_started_an_abandoned_import_is_offered_to_run_it_again(client):
    org = factories.organisation()
    factories.unit(org, "U")
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, org)
    job = left_running(kind="hr_import", seconds_ago=600, user=user)
    jobs.jobs_sweep()
    client.force_login(user)
    html = client.get(reverse("job", args=[job.pk])).content.decode()
    assert REASON in html
    assert "Kör igen" in html
    assert f'href="{reverse("workforce:import")}"' in html
    assert "Pågår" not in html


def test_a_job_that_is_still_running_offers_no_run_again(client):
    user = factories.user("starter")
    job = left_running(kind="hr_import", seconds_ago=5, user=user)
    client.force_login(user)
    html = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "Kör igen" not in html


@task()
def stops_its_worker_midway(*, job_id: int) -> None:
    """A long task during which the worker is told to stop (SIGTERM, as from `uppsikt serve`)."""
    jobs.job_progress(job_id, 30, "Kontrollerar och sparar")
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)  # interrupted before this ends
    jobs.job_done(job_id, message="klar")


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="needs SIGTERM")
@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_mid_task_releases_its_job_as_failed_and_cleans_up(settings):
    from uppsikt.core.worker import JobWorker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    name = default_storage.save("uploads/test/raw.csv", ContentFile(b"E1,sjuk\n"))
    job = jobs.job_create(kind="test", title="t", started_by=None, leftovers=[name])
    stops_its_worker_midway.enqueue(job_id=job.pk)
    worker = JobWorker(interval=0, batch=True)
    previous = signal.getsignal(signal.SIGTERM)
    worker.configure_signals()
    started = time.monotonic()
    try:
        worker.run()
    finally:
        worker.reset_signals()
        signal.signal(signal.SIGTERM, previous)
    assert time.monotonic() - started < 4  # the task's 5 s sleep was cut short
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Avbröts: jobbköraren stoppades innan jobbet var klart"
    assert not default_storage.exists(name)


BEATS_SEEN: list = []


@task()
def works_without_reporting_progress(*, job_id: int) -> None:
    BEATS_SEEN.append(Job.objects.get(pk=job_id).heartbeat_at)
    time.sleep(1.6)  # long work, no progress update
    BEATS_SEEN.append(Job.objects.get(pk=job_id).heartbeat_at)
    jobs.job_done(job_id, message="klar")


@pytest.mark.django_db(transaction=True)
def test_the_worker_beats_for_a_running_job_that_reports_no_progress(settings):
    from uppsikt.core.worker import JobWorker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.UPPSIKT_JOB_HEARTBEAT = 0.5
    BEATS_SEEN.clear()
    job = jobs.job_create(kind="test", title="t", started_by=None)
    works_without_reporting_progress.enqueue(job_id=job.pk)
    JobWorker(interval=0, batch=True).run()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    started, later = BEATS_SEEN
    # beats every 0.5 s (ticks of 0.5 s) during 1.6 s: the last one at least 0.5 s after the start
    assert later - started >= dt.timedelta(seconds=0.5)


def test_a_worker_sweeping_never_takes_the_job_it_runs_itself_for_abandoned():
    job = left_running(seconds_ago=600)
    assert jobs.jobs_sweep(exclude=[job.pk]) == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


@pytest.mark.django_db
def test_a_job_asked_for_again_while_under_way_is_not_queued_twice():
    person, other = factories.user("anna"), factories.user("bertil")
    first, new = jobs.job_create_once(kind="document.render", title="Rapport", started_by=person)
    assert new and first.status == Job.Status.QUEUED
    again, new_again = jobs.job_create_once(
        kind="document.render", title="Rapport", started_by=person
    )
    assert (again.pk, new_again) == (first.pk, False)
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
    assert (
        jobs.job_create_once(kind="document.render", title="Rapport", started_by=person)[1] is False
    )
    # someone else's, another document or one that has ended: a job of its own
    assert jobs.job_create_once(kind="document.render", title="Rapport", started_by=other)[1]
    assert jobs.job_create_once(kind="document.render", title="Annan", started_by=person)[1]
    jobs.job_done(first.pk, message="Klar")
    after, new_after = jobs.job_create_once(
        kind="document.render", title="Rapport", started_by=person
    )
    assert new_after and after.pk != first.pk
