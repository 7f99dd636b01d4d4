"""SQL kept per process for the queries every page makes.

Django turns a queryset into SQL anew on every request: for a query that reads a model with
two or three related ones that costs about a millisecond, more than PostgreSQL takes to answer
it. ``kept_sql`` marks a queryset whose shape (its model, related models, columns, order and
limits) is the same on every request and whose values differ only in its WHERE clause: the
first time a shape is compiled in a process its SQL and the columns the rows are built from are
kept, and later the WHERE clause alone is compiled, for its values (and to tell one shape of
WHERE from another). docs/deployment.md, What each web process keeps.

What makes this safe:

- only the marked queryset itself is kept (and its count): a queryset derived from it
  (``filter``, ``first``, slicing) is compiled as usual, but for the queryset of a ``Prefetch``
  (``kept_prefetch``), which Django narrows to the objects prefetched for;
- a shape is kept only when all the parameters of its SQL are those of its WHERE clause, in
  order, and the WHERE clause's SQL is part of it (a query with parameters elsewhere, in its
  columns or its order, is compiled as usual every time);
- the name, the WHERE clause's SQL and everything else the SQL is made of (tables and joins,
  columns, related models, order, grouping, limits, locks: ``_structure``) together are the
  key, so a name used with two forms of WHERE (a list of two values or of three), or for a
  queryset Django derives from a kept prefetch (a prefetched relation ordered otherwise), keeps
  each apart;
- with ``UPPSIKT_KEPT_SQL_CHECK`` on (the test suite), each kept query is compiled as usual as
  well and must give the same SQL and parameters, so that every use is checked by the tests on
  both databases.
"""

from __future__ import annotations

import threading
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.sql.query import Query
from django.http import Http404

_T = TypeVar("_T", bound=QuerySet)

# How many shapes a process keeps: far more than Uppsikt's marked queries make, so the limit
# only matters should a marked query's WHERE clause take many forms (lists of every length).
_MAX_SHAPES = 2048
_shapes: dict[tuple, _Shape] = {}
_lock = threading.Lock()


class _Shape:
    __slots__ = ("annotation_col_map", "col_count", "converters", "has_extra_select",
                 "klass_info", "select", "sql")  # fmt: skip

    def __init__(self, compiler, sql: str):
        self.sql = sql
        # the converters of the rows' values, by the ids of the kept columns they are for
        self.converters: dict[tuple[int, ...], dict] = {}
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.annotation_col_map = compiler.annotation_col_map
        self.col_count = compiler.col_count
        self.has_extra_select = compiler.has_extra_select


class _KeptMixin:
    """A compiler whose ``as_sql`` takes the SQL of its query's shape as kept."""

    kept_name: str
    kept_shape: _Shape | None = None

    def get_converters(self, expressions):
        shape = self.kept_shape
        if shape is None:
            return super().get_converters(expressions)
        key = tuple(map(id, expressions))
        found = shape.converters.get(key)
        if found is None:
            found = super().get_converters(expressions)
            if all(any(e is s[0] for s in shape.select) for e in expressions):
                shape.converters[key] = found  # the kept columns' own: their ids stay theirs
        return found

    def as_sql(self, with_limits=True, with_col_aliases=False):
        if not with_limits or with_col_aliases:
            return super().as_sql(with_limits=with_limits, with_col_aliases=with_col_aliases)
        try:
            where_sql, where_params = self.compile(self.query.where)
        except EmptyResultSet:  # a filter on an empty list: as usual (no query is made)
            return super().as_sql()
        except FullResultSet:  # no filter, or one always true: no WHERE clause
            where_sql, where_params = "", []
        query = self.query
        key = (self.kept_name, self.connection.alias, where_sql, _structure(query))
        shape = _shapes.get(key)
        if shape is None:
            sql, params = super().as_sql()
            if list(params) == list(where_params) and (not where_sql or where_sql in sql):
                with _lock:
                    if len(_shapes) >= _MAX_SHAPES:
                        _shapes.clear()
                    _shapes[key] = self.kept_shape = _Shape(self, sql)
            return sql, params
        self.kept_shape = shape
        self.select = shape.select
        self.klass_info = shape.klass_info
        self.annotation_col_map = shape.annotation_col_map
        self.col_count = shape.col_count
        self.has_extra_select = shape.has_extra_select
        if settings.UPPSIKT_KEPT_SQL_CHECK:
            usual = self.query.get_compiler(
                connection=self.connection, elide_empty=self.elide_empty
            )
            usual.__class__ = self.__class__.__mro__[2]
            sql, params = usual.as_sql()
            if (sql, list(params)) != (shape.sql, list(where_params)):
                raise AssertionError(f"kept SQL of {self.kept_name!r} differs from the query's")
        return shape.sql, tuple(where_params)


def _frozen(value):
    """``select_related`` as a key: its nested dicts as sorted tuples."""
    if isinstance(value, dict):
        return tuple(sorted((name, _frozen(inner)) for name, inner in value.items()))
    return value


def _structure(query: Query) -> tuple:
    """What makes a query's SQL besides its WHERE clause, as a key: its tables and joins (a
    join a filter made stays though the filter compiles to nothing), columns, related models,
    order, grouping, limits, locks and set operations. Read before the query is compiled
    (compiling adds the joins of its order)."""
    return (
        tuple(
            (
                alias,
                join.table_name,
                getattr(join, "join_type", None),
                getattr(join, "parent_alias", None),
                getattr(join, "nullable", None),
            )
            for alias, join in query.alias_map.items()
        ),  # fmt: skip
        _frozen(query.select_related),
        query.max_depth,
        query.default_cols,
        query.select,
        query.values_select,
        query.deferred_loading[1],
        frozenset(query.deferred_loading[0]),
        tuple(query.annotations.items()),
        tuple(query.annotation_select),
        tuple((name, sql) for name, (sql, _params) in query.extra.items()),
        tuple(query.extra_select),
        tuple(query.extra_tables),
        tuple(query.order_by),
        tuple(query.extra_order_by),
        query.default_ordering,
        query.standard_ordering,
        query.distinct,
        tuple(query.distinct_fields),
        query.group_by
        if query.group_by is None or query.group_by is True
        else tuple(query.group_by),
        query.low_mark,
        query.high_mark,
        query.select_for_update,
        query.select_for_update_nowait,
        query.select_for_update_skip_locked,
        tuple(query.select_for_update_of),
        query.select_for_no_key_update,
        query.combinator,
        query.combinator_all,
    )


_compiler_classes: dict[type, type] = {}


def _kept_compiler_class(cls: type) -> type:
    kept = _compiler_classes.get(cls)
    if kept is None:
        kept = _compiler_classes[cls] = type(f"Kept{cls.__name__}", (_KeptMixin, cls), {})
    return kept


class _KeptQuery(Query):
    """The query of a marked queryset: its compiler keeps SQL; its copies are plain queries,
    but for its count (``QuerySet.count``), kept under the name and ``.count``."""

    kept_name: str
    kept_sticky: bool = False  # a prefetch's queryset: what is derived from it is kept too

    def get_count(self, using):
        counted = super().clone()
        counted.kept_name = f"{self.kept_name}.count"
        return counted.get_aggregation(using, {"__count": Count("*")})["__count"]

    def clone(self):
        copy = super().clone()
        if not self.kept_sticky:
            copy.__class__ = Query
            copy.__dict__.pop("kept_name", None)
        return copy

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        if type(compiler).__name__ != "SQLCompiler":  # updates, deletes, aggregates: as usual
            return compiler
        compiler.__class__ = _kept_compiler_class(type(compiler))
        compiler.kept_name = self.kept_name
        return compiler


def kept_sql(queryset: _T, name: str) -> _T:
    """``queryset``, its SQL kept per process under ``name`` and its WHERE clause's SQL.

    ``name`` stands for one shape: the same model, related models, columns, order and limits
    on every call, the values of the filters aside. Iterate the queryset as it is returned
    (``list``, a ``for`` loop) or count it (``count``); what is derived from it is compiled as
    usual.
    """
    if not settings.UPPSIKT_KEPT_SQL or type(queryset.query) is not Query:
        return queryset
    queryset.query.__class__ = _KeptQuery
    queryset.query.kept_name = name
    return queryset


def kept_prefetch(queryset: _T, name: str) -> _T:
    """A queryset for ``Prefetch``, its SQL kept under ``name``: Django narrows it to the
    objects prefetched for (a filter on their keys, in the WHERE clause), so the queries
    derived from it are kept too. Django also leaves a queryset derived from it on each
    prefetched object (``item.motions``): what is derived from that (another order, other
    columns) is kept apart by its structure, as every kept query is."""
    queryset = kept_sql(queryset, name)
    if type(queryset.query) is _KeptQuery:
        queryset.query.kept_sticky = True
    return queryset


def kept_prefetches(model, lookups: tuple[str, ...], name: str) -> list[Prefetch]:
    """``Prefetch`` objects for the relations ``lookups`` of ``model`` (one level each), their
    SQL kept under ``name`` and the relation's name, with the manager Django's own prefetch
    of the relation reads through."""
    found = []
    for lookup in lookups:
        field = model._meta.get_field(lookup)
        related = field.related_model
        manager = related._base_manager if field.many_to_one else related._default_manager
        found.append(Prefetch(lookup, kept_prefetch(manager.all(), f"{name}.{lookup}")))
    return found


def forget_kept_sql() -> None:
    """Forget every kept shape (tests)."""
    with _lock:
        _shapes.clear()


def kept_get(queryset: QuerySet, name: str):
    """The one object of ``queryset`` (as ``get``), its SQL kept under ``name``: raises the
    model's ``DoesNotExist`` or ``MultipleObjectsReturned`` as ``get`` does."""
    found = list(kept_sql(queryset[:2], name))
    model = queryset.model
    if not found:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    if len(found) > 1:
        raise model.MultipleObjectsReturned(
            f"get() returned more than one {model._meta.object_name}."
        )
    return found[0]


def kept_get_or_404(queryset: QuerySet, name: str):
    """``kept_get``, a missing object a 404 (as ``get_object_or_404``)."""
    try:
        return kept_get(queryset, name)
    except queryset.model.DoesNotExist as exc:
        raise Http404(str(exc)) from None
