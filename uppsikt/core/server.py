"""The production-capable WSGI server used by ``uppsikt serve`` and ``uppsikt demo``, with a
background-job worker beside it.

One process (waitress, threads) by default and on every platform. With ``workers`` > 1 on
Linux and other POSIX systems, gunicorn runs that many processes, each with its threads: Python
runs one thread at a time per process, so a server with several cores under load needs several
processes (``benchmarks/followup_load.py``).

The job worker is a child process that ends with the server: stopping the server (Ctrl+C,
SIGTERM from a service manager) stops the worker, which releases a job it was running
(``core.worker``); should the server die without stopping it, the worker notices its parent
is gone and stops by itself.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading

from waitress import serve as waitress_serve


def start_worker() -> subprocess.Popen | None:
    """A job worker process (django-tasks' database worker) for this installation."""
    if os.environ.get("UPPSIKT_NO_WORKER") == "1":
        return None
    return subprocess.Popen(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "uppsikt.cli",
            "worker",
            "--interval",
            "1",
            "--parent",
            str(os.getpid()),
        ],
        env=os.environ.copy(),
    )


def stop_worker(process: subprocess.Popen | None, *, grace: float = 10) -> None:
    """Ask the worker to stop (it releases a running job) and wait; kill it after ``grace``."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _exit_on_sigterm(signum, frame) -> None:
    # Python's default for SIGTERM ends the process without running ``finally`` blocks, which
    # would leave the worker behind; leaving through SystemExit runs them.
    raise SystemExit(128 + signum)


def serve(
    *,
    host: str,
    port: int,
    threads: int = 8,
    workers: int = 1,
    stdout=None,
    worker: bool = True,
) -> None:
    # The application named by the WSGI_APPLICATION setting: the server knows no project module.
    from django.core.servers.basehttp import get_internal_wsgi_application

    application = get_internal_wsgi_application()

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    several = workers > 1 and os.name == "posix"
    if (
        hasattr(signal, "SIGTERM")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    process = start_worker() if worker else None
    if stdout is not None:
        stdout.write(f"Uppsikt körs på http://{shown}:{port}/  (avsluta med Ctrl+C)")
        if several:
            stdout.write(f"{workers} processer med {threads} trådar var.")
        elif workers > 1:
            stdout.write(
                "Flera processer kräver Linux eller ett annat POSIX-system; en process körs."
            )
        if process is not None:
            stdout.write("En jobbkörare för bakgrundsjobb (importer m.m.) körs bredvid.")
        stdout.flush()
    try:
        if several:
            _serve_processes(application, host=host, port=port, workers=workers, threads=threads)
            return
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
        stop_worker(process)


def _serve_processes(application, *, host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            settings = {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 300,  # a region's SIE upload may take minutes to arrive
                "graceful_timeout": 20,
                # Close each connection after its answer, so that every request goes to
                # whichever process is free: a kept-alive connection would tie a browser to one
                # process however busy it is (behind a proxy, upstream connections are not kept
                # alive either).
                "keepalive": 0,
                # Under more load than the processes can answer, requests wait in line, in
                # the order they came, and none is refused: a process takes no more
                # connections than twice its threads, the others wait in the listen queue
                # (``backlog``, shared by the processes), where the next free process takes
                # them. Taking every connection at once would leave some waiting behind a busy
                # process while another is idle.
                "worker_connections": threads * 2,
                "backlog": 2048,
                "limit_request_line": 8190,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "uppsikt",
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
