"""Background jobs: a ``Job`` row per long piece of work, so the person who started it sees its
progress and, if it fails, why. The work itself runs as a django-tasks task (a worker process
beside the web server), which calls these helpers.

A running job beats: every progress update, and the worker every few seconds while the task
runs, set ``heartbeat_at``. A worker that dies (killed, out of memory, the machine restarted)
stops beating; ``jobs_sweep`` marks its job failed with the reason and removes what the job
left behind: the uploaded files named in ``Job.leftovers`` and whatever the job's kind
registered (``register_job_kind``), such as the ledger's staging folder. The sweep runs when a
worker starts and periodically while it runs, and before retention purges. A failed job can be
started again from the page its kind names (``again_url``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import Job

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    """What the jobs of one kind need beyond the row: removing their leftovers when abandoned,
    and where a person starts one again."""

    cleanup: Callable[[Job], None] | None = None
    again_url: str | None = None  # a URL name
    again_text: str = ""


_KINDS: dict[str, JobKind] = {}


def register_job_kind(
    kind: str,
    *,
    cleanup: Callable[[Job], None] | None = None,
    again_url: str | None = None,
    again_text: str = "",
) -> None:
    """Called from an app's ``ready()``; ``cleanup(job)`` must be safe to run more than once."""
    _KINDS[kind] = JobKind(cleanup=cleanup, again_url=again_url, again_text=again_text)


def job_kind(kind: str) -> JobKind:
    return _KINDS.get(kind, JobKind())


def timeout() -> dt.timedelta:
    """How long a running job may go without a heartbeat before it counts as abandoned."""
    return dt.timedelta(seconds=settings.UPPSIKT_JOB_TIMEOUT)


ABANDONED = gettext_lazy("Avbröts: bakgrundsprocessen svarade inte")
STOPPED = gettext_lazy("Avbröts: jobbköraren stoppades innan jobbet var klart")
_FINISHED = (Job.Status.DONE, Job.Status.FAILED)


def job_create(
    *, kind: str, title: str, started_by, leftovers: list[str] | tuple[str, ...] = ()
) -> Job:
    """``leftovers``: stored files (``default_storage`` names) the job removes when it ends;
    should it never end, the sweep removes them."""
    user = started_by if getattr(started_by, "pk", None) else None
    return Job.objects.create(
        kind=kind, title=title[:200], started_by=user, leftovers=list(leftovers)
    )


def job_create_once(*, kind: str, title: str, started_by) -> tuple[Job, bool]:
    """The person's job of ``kind`` and ``title`` that is still queued or running, or a new one
    (``True`` when new): asking again for what is under way does not queue it twice. The
    person's account row is locked while looking, so two requests at once make one job."""
    user = started_by if getattr(started_by, "pk", None) else None
    if user is None:
        return job_create(kind=kind, title=title, started_by=started_by), True
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        underway = (
            Job.objects.filter(kind=kind, title=title[:200], started_by=user)
            .exclude(status__in=_FINISHED)
            .order_by("-pk")
            .first()
        )
        if underway is not None:
            return underway, False
        return job_create(kind=kind, title=title, started_by=user), True


def job_progress(job_id: int, percent: int, message: str = "") -> None:
    Job.objects.filter(pk=job_id).exclude(status__in=_FINISHED).update(
        status=Job.Status.RUNNING,
        progress=max(0, min(100, int(percent))),
        message=str(message)[:300],
        heartbeat_at=timezone.now(),
    )


def job_heartbeat(job_id: int) -> None:
    """The job's worker is alive and still at it."""
    Job.objects.filter(pk=job_id).exclude(status__in=_FINISHED).update(heartbeat_at=timezone.now())


def job_done(job_id: int, *, message: str, result: dict | None = None) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE,
        progress=100,
        message=str(message)[:300],
        result=result or {},
        finished_at=timezone.now(),
    )


def job_failed(job_id: int, *, message: str, errors: list[str] | None = None) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED,
        message=str(message)[:300],
        errors=(errors or [])[:200],
        finished_at=timezone.now(),
    )


def job_abandon(job_id: int, *, reason: str) -> bool:
    """Mark a job that did not finish as failed with ``reason`` and remove its leftovers.
    Does nothing to a finished job; True when this call marked it."""
    now = timezone.now()
    marked = (
        Job.objects.filter(pk=job_id)
        .exclude(status__in=_FINISHED)
        .update(status=Job.Status.FAILED, message=str(reason)[:300], finished_at=now)
    )
    job = Job.objects.filter(pk=job_id).first()
    if job is not None:
        job_leftovers_remove(job)
    return bool(marked)


def job_leftovers_remove(job: Job) -> int:
    """Remove a finished job's stored files and what its kind registered; safe to repeat.
    Returns the number of stored files that were still there."""
    removed = 0
    for name in job.leftovers or []:
        try:
            if default_storage.exists(name):
                default_storage.delete(name)
                removed += 1
        except (OSError, ValueError):
            logger.exception("job %s: could not remove a stored file", job.pk)
    cleanup = job_kind(job.kind).cleanup
    if cleanup is not None:
        try:
            cleanup(job)
        except Exception:
            logger.exception("job %s: the clean-up of kind %s failed", job.pk, job.kind)
    return removed


def jobs_sweep(*, now: dt.datetime | None = None, exclude: list[int] | None = None) -> list[int]:
    """Mark every running job without a heartbeat for longer than the timeout as failed, and
    clean up after it. A queued job no worker has taken yet is waiting, not abandoned; a worker
    sweeping passes the job it runs itself in ``exclude``."""
    now = now or timezone.now()
    cutoff = now - timeout()
    stale = (
        Job.objects.filter(status=Job.Status.RUNNING)
        .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff))
        .exclude(pk__in=exclude or [])
    )
    swept = []
    for job_id in stale.values_list("pk", flat=True):
        if job_abandon(job_id, reason=str(ABANDONED)):
            swept.append(job_id)
    return swept


def job_again(job: Job) -> tuple[str, str] | None:
    """(URL, hint) of the page where the person can start a failed job of this kind again."""
    kind = job_kind(job.kind)
    if job.status != Job.Status.FAILED or not kind.again_url:
        return None
    return reverse(kind.again_url), str(kind.again_text)


def job_start(job_id: int) -> None:
    """A worker took the job: it is running, and its heartbeat starts now."""
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, heartbeat_at=timezone.now()
    )
