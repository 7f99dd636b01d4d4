"""Background jobs: a ``Job`` row per long piece of work, so the person who started it sees its
progress and, if it fails, why. The work itself runs as a django-tasks task (a worker process
beside the web server), which calls these helpers."""

from __future__ import annotations

from django.utils import timezone

from .models import Job


def job_create(*, kind: str, title: str, started_by) -> Job:
    user = started_by if getattr(started_by, "pk", None) else None
    return Job.objects.create(kind=kind, title=title[:200], started_by=user)


def job_progress(job_id: int, percent: int, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING,
        progress=max(0, min(100, int(percent))),
        message=str(message)[:300],
    )


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
