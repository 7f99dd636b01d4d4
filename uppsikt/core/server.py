"""The production-capable WSGI server used by ``uppsikt serve`` and ``uppsikt demo``."""

from __future__ import annotations

import logging

from waitress import serve as waitress_serve


def serve(*, host: str, port: int, threads: int = 8, stdout=None) -> None:
    from uppsikt.config.wsgi import application

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
    if stdout is not None:
        stdout.write(f"Uppsikt körs på http://{shown}:{port}/  (avsluta med Ctrl+C)")
        stdout.flush()
    waitress_serve(application, host=host, port=port, threads=threads, ident="Uppsikt")
