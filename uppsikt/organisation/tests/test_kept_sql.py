"""SQL kept per process (uppsikt/core/kept_sql.py): a marked query answers with its own values
every time, what is derived from it is compiled as usual, a shape with parameters outside its
WHERE clause is never kept, and the test suite's check catches a name used for two shapes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q, Value
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from uppsikt.core import kept_sql as kept_module
from uppsikt.core.kept_sql import (
    forget_kept_sql,
    kept_get,
    kept_get_or_404,
    kept_prefetches,
    kept_sql,
)
from uppsikt.organisation.models import Unit

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    forget_kept_sql()
    yield
    forget_kept_sql()


@pytest.fixture
def tree():
    org = factories.organisation(name="Region Test")
    root = factories.unit(org, "R", name="Regionen")
    a = factories.unit(org, "A", parent=root, name="Enhet A")
    b = factories.unit(org, "B", parent=root, name="Enhet B")
    a1 = factories.unit(org, "A1", parent=a, name="Enhet A1")
    return org, root, a, b, a1


def _children(org, parent) -> list[str]:
    found = (
        Unit.objects.filter(organisation=org, parent=parent)
        .select_related("parent")
        .order_by("code")
    )
    return [(u.code, u.parent.code) for u in kept_sql(found, "test.children")]


def test_a_kept_query_answers_with_its_own_values_each_time(tree):
    org, root, a, b, _a1 = tree
    assert _children(org, root) == [("A", "R"), ("B", "R")]
    assert len(kept_module._shapes) == 1
    assert _children(org, a) == [("A1", "A")]
    assert _children(org, b) == []
    assert _children(org, root) == [("A", "R"), ("B", "R")]
    assert len(kept_module._shapes) == 1  # one shape, compiled once


def test_the_kept_sql_is_the_sql_django_makes(tree, settings):
    settings.UPPSIKT_KEPT_SQL_CHECK = False  # compare by hand here
    org, root, a, _b, _a1 = tree
    _children(org, root)
    with CaptureQueriesContext(connection) as kept:
        _children(org, a)
    usual = (
        Unit.objects.filter(organisation=org, parent=a).select_related("parent").order_by("code")
    )
    with CaptureQueriesContext(connection) as plain:
        list(usual)
    assert [q["sql"] for q in kept.captured_queries] == [q["sql"] for q in plain.captured_queries]


def test_a_query_derived_from_a_kept_one_is_compiled_as_usual(tree):
    org, root, _a, _b, _a1 = tree
    marked = kept_sql(Unit.objects.filter(organisation=org, parent=root), "test.derived")
    first = marked.order_by("-code").first()
    only_b = list(marked.filter(code="B"))
    assert first.code == "B"
    assert [u.code for u in only_b] == ["B"]
    assert type(marked.filter(code="B").query) is not kept_module._KeptQuery
    assert kept_module._shapes == {}


def test_a_list_of_another_length_and_another_limit_are_shapes_of_their_own(tree):
    org, root, a, b, a1 = tree

    def codes(ids, limit):
        found = Unit.objects.filter(pk__in=ids).order_by("code")[:limit]
        return [u.code for u in kept_sql(found, "test.in")]

    assert codes([a.pk, b.pk], 5) == ["A", "B"]
    assert codes([root.pk, a.pk, a1.pk], 5) == ["A", "A1", "R"]
    assert codes([root.pk, a.pk, a1.pk], 1) == ["A"]
    assert codes([b.pk, a1.pk], 5) == ["A1", "B"]
    assert len(kept_module._shapes) == 3


def test_parameters_outside_the_where_clause_are_never_kept(tree):
    org, root, a, _b, _a1 = tree

    def labelled(parent, label):
        found = Unit.objects.filter(organisation=org, parent=parent).annotate(label=Value(label))
        return sorted((u.code, u.label) for u in kept_sql(found, "test.labelled"))

    assert labelled(root, "x") == [("A", "x"), ("B", "x")]
    assert labelled(a, "y") == [("A1", "y")]
    assert kept_module._shapes == {}


def test_a_count_is_kept_and_follows_the_data(tree):
    org, root, _a, _b, _a1 = tree

    def count(parent):
        return kept_sql(Unit.objects.filter(organisation=org, parent=parent), "test.n").count()

    assert count(root) == 2
    factories.unit(org, "C", parent=root, name="Enhet C")
    assert count(root) == 3
    assert [key[0] for key in kept_module._shapes] == ["test.n.count"]


def test_an_empty_list_asks_nothing(tree):
    with CaptureQueriesContext(connection) as queries:
        assert list(kept_sql(Unit.objects.filter(pk__in=[]), "test.empty")) == []
    assert queries.captured_queries == []


def test_kept_get_finds_one_or_says_why_not(tree):
    org, root, _a, _b, _a1 = tree
    assert kept_get(Unit.objects.filter(organisation=org, code="A"), "test.get").code == "A"
    assert kept_get(Unit.objects.filter(organisation=org, code="B"), "test.get").code == "B"
    with pytest.raises(Unit.DoesNotExist):
        kept_get(Unit.objects.filter(organisation=org, code="Z"), "test.get")
    with pytest.raises(Unit.MultipleObjectsReturned):
        kept_get(Unit.objects.filter(organisation=org, parent=root), "test.get.parent")
    with pytest.raises(Http404):
        kept_get_or_404(Unit.objects.filter(organisation=org, code="Z"), "test.get")


def test_one_name_used_for_two_orders_keeps_them_apart(tree):
    _org, root, _a, _b, _a1 = tree
    by_code = Unit.objects.filter(parent=root).order_by("code")
    assert [u.code for u in kept_sql(by_code, "test.two")] == ["A", "B"]
    backwards = Unit.objects.filter(parent=root).order_by("-code")
    assert [u.code for u in kept_sql(backwards, "test.two")] == ["B", "A"]
    assert len(kept_module._shapes) == 2


def test_the_check_catches_kept_sql_that_is_not_the_querys(tree):
    _org, root, _a, _b, _a1 = tree
    list(kept_sql(Unit.objects.filter(parent=root).order_by("code"), "test.tampered"))
    (shape,) = kept_module._shapes.values()
    shape.sql = shape.sql.replace("ASC", "DESC")
    with pytest.raises(AssertionError, match="test.tampered"):
        list(kept_sql(Unit.objects.filter(parent=root).order_by("code"), "test.tampered"))


def test_turned_off_nothing_is_kept(tree, settings):
    settings.UPPSIKT_KEPT_SQL = False
    org, root, _a, _b, _a1 = tree
    assert _children(org, root) == [("A", "R"), ("B", "R")]
    assert kept_module._shapes == {}


def test_a_kept_prefetch_narrows_to_the_objects_prefetched_for(tree):
    org, root, a, b, a1 = tree

    def with_children(codes):
        found = (
            Unit.objects.filter(organisation=org, code__in=codes)
            .prefetch_related(*kept_prefetches(Unit, ("children", "parent"), "test.units"))
            .order_by("code")
        )
        return [
            (u.code, sorted(c.code for c in u.children.all()), u.parent and u.parent.code)
            for u in kept_sql(found, "test.with_children")
        ]

    assert with_children(["R", "A"]) == [("A", ["A1"], "R"), ("R", ["A", "B"], None)]
    assert with_children(["B", "A1"]) == [("A1", [], "A"), ("B", [], "R")]
    assert with_children(["A", "R"]) == [("A", ["A1"], "R"), ("R", ["A", "B"], None)]
    names = {key[0] for key in kept_module._shapes}
    assert names == {"test.with_children", "test.units.children", "test.units.parent"}


def test_a_relation_prefetched_with_kept_sql_and_then_ordered_otherwise_is_read_anew(
    tree, settings
):
    settings.UPPSIKT_KEPT_SQL_CHECK = False  # as in production: the key alone keeps them apart
    _org, root, _a, _b, _a1 = tree
    prefetched = Unit.objects.filter(pk=root.pk).prefetch_related(
        *kept_prefetches(Unit, ("children",), "test.units")
    )
    found = list(prefetched)[0]
    assert [u.code for u in found.children.order_by("code")] == ["A", "B"]
    assert [u.code for u in found.children.order_by("-code")] == ["B", "A"]
    assert sorted(found.children.values_list("name", flat=True)) == ["Enhet A", "Enhet B"]


def test_a_join_left_by_a_filter_that_compiles_to_nothing_is_a_shape_of_its_own(tree, settings):
    settings.UPPSIKT_KEPT_SQL_CHECK = False
    _org, root, _a, _b, _a1 = tree
    joined = Unit.objects.filter(Q(children__code__in=[]) | Q(pk=root.pk))
    assert len(list(kept_sql(joined, "test.joined"))) == 2  # the join's two children
    plain = Unit.objects.filter(pk=root.pk)
    assert [u.code for u in kept_sql(plain, "test.joined")] == ["R"]


def test_a_query_without_filters_is_kept_too(tree):
    org, *_ = tree
    everything = Unit.objects.order_by("code")
    assert [u.code for u in kept_sql(everything, "test.all")] == ["A", "A1", "B", "R"]
    assert [u.code for u in kept_sql(Unit.objects.order_by("code"), "test.all")] == [
        "A",
        "A1",
        "B",
        "R",
    ]
    assert len(kept_module._shapes) == 1
