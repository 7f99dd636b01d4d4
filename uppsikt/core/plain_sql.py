"""Plain SQL for the reads every signed-in page makes before its content: its session and its
unread count (docs/deployment.md, What each web process keeps).

Django's ORM spends about half a millisecond of the web process's CPU on even a kept query
(``kept_sql``): building the queryset and its WHERE clause, running it through the compiler
and making the rows. The same read as one SQL statement costs a tenth of that. Only reads this
small and this frequent are written so: the table and column names come from the models (and
are quoted by the database's own rules), every value is a parameter, and the read goes to the
database the router names for the model, as the ORM's would.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Model


def read_alias(model: type[Model]) -> str:
    """The database the ORM would read ``model`` from (the replica inside a reporting page)."""
    return router.db_for_read(model) or "default"


def columns(model: type[Model], alias: str, *fields: str) -> tuple[str, ...]:
    """The quoted table of ``model``, then the quoted column of each field."""
    quote = connections[alias].ops.quote_name
    meta = model._meta
    return (quote(meta.db_table), *(quote(meta.get_field(f).column) for f in fields))


def first_value(alias: str, sql: str, params: list[Any]) -> Any:
    """The first column of the first row ``sql`` gives, None without a row."""
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]
