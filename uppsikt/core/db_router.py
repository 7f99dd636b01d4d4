"""Reads of the reporting pages from a read replica (docs/deployment.md, docs/adr/0012).

``DATABASE_REPLICA_URL`` adds the database alias ``replica``: a streaming replica of the
primary. Only the code that a reporting page runs inside :func:`replica_reads` reads from it,
and only while no transaction is open on the primary (a write and the reads that check it stay
on one connection). Every write goes to the primary; no migration runs on the replica.
Without a replica everything reads and writes ``default``, as on one machine.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "uppsikt_reading_replica", default=False
)


def replica_enabled() -> bool:
    """A replica is configured and its reads are on (``UPPSIKT_REPLICA_READS``)."""
    return REPLICA in settings.DATABASES and getattr(settings, "UPPSIKT_REPLICA_READS", True)


@contextmanager
def reading_replica() -> Iterator[None]:
    """Within the block, reads outside a transaction go to the replica (when there is one)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def replica_reads(view: Callable) -> Callable:
    """A reporting page's view: its reads go to the replica (a page that may lag the primary
    by the replication delay, a second or so; never one that a form redirects to in order to
    show what was just saved)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):  # a form's post reads what it writes
            return view(request, *args, **kwargs)
        with reading_replica():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """``db_for_read``: the replica inside :func:`reading_replica`, else the primary;
    ``db_for_write``: always the primary."""

    def db_for_read(self, model, **hints) -> str:
        if (
            _reading_replica.get()
            and replica_enabled()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # the two aliases hold the same data
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
