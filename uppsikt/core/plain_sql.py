"""Plain SQL for the reads every signed-in page makes before its content (its session, its
account, its unread count) and a few more that the busiest pages make (a follow-up period and
unit): docs/deployment.md, What each web process keeps.

Django's ORM spends about half a millisecond of the web process's CPU on even a kept query
(``kept_sql``): building the queryset and its WHERE clause, running it through the compiler
and making the rows. The same read as one SQL statement costs a tenth of that. Only reads this
small and this frequent are written so: the table and column names come from the models (and
are quoted by the database's own rules), every value is a parameter, and the read goes to the
database the router names for the model, as the ORM's would.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model
from django.http import Http404


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
    """The SQL and the value converters of reading one row of a model by the values of some of
    its columns, made once per model, database and set of columns in a process."""

    __slots__ = ("attnames", "converters", "fields", "sql")

    def __init__(self, model: type[Model], alias: str, where: tuple[str, ...]):
        connection = connections[alias]
        meta = model._meta
        fields = meta.concrete_fields
        quote = connection.ops.quote_name
        self.attnames = [f.attname for f in fields]
        self.fields = [meta.pk if name == "pk" else meta.get_field(name) for name in where]
        names = ", ".join(quote(f.column) for f in fields)
        condition = " AND ".join(f"{quote(f.column)} = %s" for f in self.fields)
        self.sql = f"SELECT {names} FROM {quote(meta.db_table)} WHERE {condition}"  # noqa: S608 - quoted names from the model, values as parameters
        # each column's converters, as the ORM applies them to the values the driver gives
        self.converters = []
        for f in fields:
            col = f.get_col(meta.db_table)
            found = connection.ops.get_db_converters(col) + f.get_db_converters(connection)
            self.converters.append([(c, col) for c in found])


_readers: dict[tuple, _Reader] = {}


def get_where(model: type[Model], **equals: Any):
    """The one row of ``model`` whose columns (by field name, a foreign key by its ``_id``)
    have these values, as an instance with every field loaded (as ``model.objects.get(…)``
    gives it); None without one. A value its field cannot take finds nothing, as in the ORM;
    more than one row is an error (``MultipleObjectsReturned``)."""
    alias = read_alias(model)
    key = (model, alias, tuple(equals))
    reader = _readers.get(key)
    if reader is None:
        reader = _readers.setdefault(key, _Reader(model, alias, tuple(equals)))
    connection = connections[alias]
    try:
        params = [
            f.get_db_prep_value(f.to_python(v), connection)
            for f, v in zip(reader.fields, equals.values(), strict=True)
        ]
    except ValidationError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(reader.sql, params)
        rows = cursor.fetchmany(2)
    if not rows:
        return None
    if len(rows) > 1:
        raise model.MultipleObjectsReturned(f"more than one {model._meta.object_name}")
    values = list(rows[0])
    for i, converters in enumerate(reader.converters):
        for converter, col in converters:
            values[i] = converter(values[i], col, connection)
    return model.from_db(alias, reader.attnames, values)


def get_by_pk(model: type[Model], pk: Any):
    """The row of ``model`` with this primary key (see ``get_where``), None without one."""
    return get_where(model, pk=pk)


def get_or_404(model: type[Model], **equals: Any):
    """``get_where``, a missing row a 404 (as ``get_object_or_404``)."""
    found = get_where(model, **equals)
    if found is None:
        raise Http404(f"{model._meta.object_name} not found")
    return found
