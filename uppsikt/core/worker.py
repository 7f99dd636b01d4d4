"""The job worker (``uppsikt worker``): django-tasks' database worker, with what a job needs
from the process running it.

- While a task runs, a thread beats for its job every ``UPPSIKT_JOB_HEARTBEAT`` seconds; when
  the process dies the beating stops, and a sweep (here, in any other worker, or before a
  purge) marks the job failed and removes its leftovers (``core.jobs``).
- The sweep runs when the worker starts and every half ``UPPSIKT_JOB_TIMEOUT`` after.
- Stopped (SIGTERM, SIGINT), the worker does not leave its job running: the task is
  interrupted, its own ``finally`` blocks run, and the job is marked failed with the reason and
  cleaned up. Waiting, it stops at once.
- Started with ``parent`` (by ``uppsikt serve``), it stops by itself when that process is gone,
  however the server ended.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time

from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from .jobs import STOPPED, job_abandon, job_heartbeat, job_start, jobs_sweep
from .models import Job

logger = logging.getLogger(__name__)


class WorkerStopped(BaseException):
    """Raised inside a running task when the worker is told to stop. A ``BaseException`` so
    that a task's ``except Exception`` does not take it for a failure of its own."""


class JobWorker(Worker):
    def __init__(self, *, interval: float, batch: bool, parent: int | None = None):
        super().__init__(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.parent = parent
        self.current_job_id: int | None = None
        self._stopping = False

    def shutdown(self, signum, frame) -> None:
        if self._stopping:
            return  # already on the way out: let the job be released
        self._stopping = True
        self.running = False
        logger.warning("Received %s: stopping.", signal.strsignal(signum))
        if self.running_task:
            raise WorkerStopped
        # Waiting, there is nothing to release: leave at once, without the interpreter's slow
        # tidying of every loaded module (seconds on a busy machine).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    def run_task(self, db_task_result) -> None:
        job_id = (db_task_result.args_kwargs or {}).get("kwargs", {}).get("job_id")
        self.current_job_id = job_id if isinstance(job_id, int) else None
        try:
            if self.current_job_id is not None:
                job_start(self.current_job_id)
            super().run_task(db_task_result)
        finally:
            if self.current_job_id is not None:
                # A task that returned without finishing its job, or was interrupted, never
                # leaves it running: it fails with the reason, its leftovers removed.
                job_id, self.current_job_id = self.current_job_id, None
                if Job.objects.filter(pk=job_id, finished_at__isnull=True).exists():
                    job_abandon(job_id, reason=str(STOPPED))

    def run(self) -> None:
        beat = _Beat(self)
        beat.start()
        try:
            jobs_sweep()
            super().run()
        finally:
            beat.stop.set()


class _Beat(threading.Thread):
    """Heartbeat of the running job, the periodic sweep and the watch on the parent process."""

    TICK = 0.5

    def __init__(self, worker: JobWorker):
        super().__init__(name="job-heartbeat", daemon=True)
        self.worker = worker
        self.stop = threading.Event()

    def run(self) -> None:
        beat_every = settings.UPPSIKT_JOB_HEARTBEAT
        sweep_every = max(beat_every, settings.UPPSIKT_JOB_TIMEOUT / 2)
        last_beat = last_sweep = time.monotonic()
        while not self.stop.wait(self.TICK):
            if self.worker.parent and os.getppid() != self.worker.parent:
                logger.warning("The server process is gone: stopping.")
                os.kill(os.getpid(), signal.SIGTERM)
                return
            now = time.monotonic()
            try:
                job_id = self.worker.current_job_id
                sweep = now - last_sweep >= sweep_every
                # beat before sweeping, so that a beat held up (a long write holding the
                # database) never lets this worker's sweep take its own job for abandoned
                if job_id is not None and (sweep or now - last_beat >= beat_every):
                    job_heartbeat(job_id)
                    last_beat = now
                if sweep:
                    jobs_sweep(exclude=[job_id] if job_id is not None else [])
                    last_sweep = now
            except Exception:
                logger.exception("heartbeat or sweep failed; trying again")
            finally:
                connection.close()
