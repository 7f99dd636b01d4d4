"""Writing to the database behind the application's back, as someone with direct access to
it would: past the models' refusal (the plain base manager, i.e. plain SQL) and with the
database's triggers out of the way (PostgreSQL: ``session_replication_role = replica`` for the
transaction, as a table owner or superuser can; SQLite: the triggers dropped inside the test's
transaction, which rolls back)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction


@contextlib.contextmanager
def triggers_off() -> Iterator[None]:
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            elif connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE 'uppsikt_sealed_%'"
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f"DROP TRIGGER {name}")
        yield


def update(model, where: dict, **changes) -> int:
    """``UPDATE`` rows of ``model`` past the models and the triggers."""
    with triggers_off():
        return model._base_manager.filter(**where).update(**changes)


def delete(model, where: dict) -> None:
    with triggers_off(), connection.cursor() as cursor:
        pks = list(model._base_manager.filter(**where).values_list("pk", flat=True))
        table = model._meta.db_table
        for pk in pks:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
