"""Reference data that every page reads and few writes change — the organisation of a host
name, the menu's bodies and förvaltningar, the logo's checksum — kept in the web process for
``TTL`` seconds instead of being read from the database on each request.

A write in this process forgets it at once and when it commits (``post_save``/``post_delete`` of
the models it is made from; ``forget_on_commit`` after a bulk write); another process of the web server sees the change within ``TTL`` seconds. What is
kept is plain values (the menu's names and addresses), and the organisation is handed out as a
copy, so that no request changes what another reads (docs/deployment.md, What each web process
keeps).
"""

from __future__ import annotations

import copy
import functools
import threading
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from uppsikt.core import kept_pages

TTL = 60.0

# the models whose rows the kept values are made from (app label, model name)
SOURCES = frozenset(
    {
        ("organisation", "organisation"),
        ("organisation", "body"),
        ("organisation", "unit"),
        ("documents", "documenttemplate"),
    }
)

_lock = threading.Lock()
_kept: dict[tuple, tuple[float, int, Any]] = {}
_generation = 0


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    """The value kept under ``key``, computed anew when missing or older than ``TTL``."""
    kept_pages.note_reads(_source_tables())
    now = time.monotonic()
    found = _kept.get(key)
    if found is not None and found[0] > now and found[1] == _generation:
        return found[2]
    generation = _generation
    value = compute()
    with _lock:
        if generation == _generation:  # not forgotten while it was computed
            _kept[key] = (now + TTL, generation, value)
    return value


@functools.cache
def _source_tables() -> tuple[str, ...]:
    """The tables of ``SOURCES``: a kept page that shows a value kept here depends on them."""
    return tuple(apps.get_model(app, model)._meta.db_table for app, model in sorted(SOURCES))


def forget() -> None:
    """Forget every kept value (a write to one of its ``SOURCES``; each test)."""
    global _generation
    with _lock:
        _generation += 1
        _kept.clear()


def organisation_copy(key: tuple, compute: Callable[[], Any]) -> Any:
    """A kept organisation (or ``None``), as a copy of its own for the caller."""
    organisation = remembered(key, compute)
    return copy.copy(organisation) if organisation is not None else None


class MenuEntry(NamedTuple):
    """A body or förvaltning in the menu: its name and address."""

    name: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def _changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and (meta.app_label, meta.model_name) in SOURCES:
        forget_on_commit()


def forget_on_commit() -> None:
    """Forget now and again when the write's transaction commits (a request of another thread
    may read the old rows in between)."""
    forget()
    transaction.on_commit(forget)


post_save.connect(_changed, dispatch_uid="uppsikt.organisation.reference.save")
post_delete.connect(_changed, dispatch_uid="uppsikt.organisation.reference.delete")
