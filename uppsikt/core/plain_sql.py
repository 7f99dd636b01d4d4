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


class _Reader:
    """The SQL and the value converters of reading one row of a model by its primary key, made
    once per model and database in a process."""

    __slots__ = ("attnames", "converters", "sql")

    def __init__(self, model: type[Model], alias: str):
        connection = connections[alias]
        meta = model._meta
        fields = meta.concrete_fields
        quote = connection.ops.quote_name
        self.attnames = [f.attname for f in fields]
        names = ", ".join(quote(f.column) for f in fields)
        pk = quote(meta.pk.column)
        self.sql = f"SELECT {names} FROM {quote(meta.db_table)} WHERE {pk} = %s"  # noqa: S608 - quoted names from the model, the key as a parameter
        # each column's converters, as the ORM applies them to the values the driver gives
        self.converters = []
        for f in fields:
            col = f.get_col(meta.db_table)
            found = connection.ops.get_db_converters(col) + f.get_db_converters(connection)
            self.converters.append([(c, col) for c in found])


_readers: dict[tuple[type[Model], str], _Reader] = {}


def get_by_pk(model: type[Model], pk: Any):
    """The row of ``model`` with this primary key as an instance (every field loaded, as
    ``model.objects.get(pk=pk)`` gives it), None without one."""
    alias = read_alias(model)
    reader = _readers.get((model, alias))
    if reader is None:
        reader = _readers.setdefault((model, alias), _Reader(model, alias))
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(reader.sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, converters in enumerate(reader.converters):
        for converter, col in converters:
            values[i] = converter(values[i], col, connection)
    return model.from_db(alias, reader.attnames, values)
