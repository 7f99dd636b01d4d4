"""The production-capable WSGI server used by ``uppsikt serve`` and ``uppsikt demo``, with a
background-job worker beside it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from waitress import serve as waitress_serve


def start_worker() -> subprocess.Popen | None:
    """A job worker process (django-tasks' database worker) for this installation."""
    if os.environ.get("UPPSIKT_NO_WORKER") == "1":
        return None
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "uppsikt.cli", "db_worker", "--interval", "1", "--no-startup-delay"],
        env=os.environ.copy(),
    )


def serve(*, host: str, port: int, threads: int = 8, stdout=None, worker: bool = True) -> None:
    from uppsikt.config.wsgi import application

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    process = start_worker() if worker else None
    if stdout is not None:
        stdout.write(f"Uppsikt körs på http://{shown}:{port}/  (avsluta med Ctrl+C)")
        if process is not None:
            stdout.write("En jobbkörare för bakgrundsjobb (importer m.m.) körs bredvid.")
        stdout.flush()
    try:
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="Uppsikt",
            # a region's SIE file may be a gigabyte or more
            max_request_body_size=2_200_000_000,
        )
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
