"""Reads of the organisation for screens, documents and commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Body, Membership, Organisation, Person, Unit


def organisation_only() -> Organisation | None:
    """The organisation, when the database holds exactly one; None when it holds none or
    several (a request finds its own: ``tenancy``)."""
    organisations = list(Organisation.objects.order_by("pk")[:2])
    return organisations[0] if len(organisations) == 1 else None


def body_list(*, organisation: Organisation) -> QuerySet[Body]:
    return (
        Body.objects.filter(organisation=organisation, is_active=True)
        .select_related("parent")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("position", "name")
    )


KIND_ORDER = [Body.Kind.COUNCIL, Body.Kind.BOARD, Body.Kind.SUBCOMMITTEE, Body.Kind.COMMITTEE]


def bodies_by_kind(*, organisation: Organisation) -> list[tuple[str, list[Body]]]:
    """Bodies grouped as people think of them: council, board, subcommittees, committees."""
    groups: dict[str, list[Body]] = {kind: [] for kind in KIND_ORDER}
    for body in body_list(organisation=organisation):
        groups[body.kind].append(body)
    plural = {
        Body.Kind.COUNCIL: _("Fullmäktige"),
        Body.Kind.BOARD: _("Styrelse"),
        Body.Kind.SUBCOMMITTEE: _("Utskott"),
        Body.Kind.COMMITTEE: _("Nämnder"),
    }
    return [(plural[kind], groups[kind]) for kind in KIND_ORDER if groups[kind]]


def body_get(*, organisation: Organisation, code: str) -> Body:
    return Body.objects.select_related("parent", "organisation").get(
        organisation=organisation, code=code
    )


def memberships_current(*, body: Body, on: dt.date | None = None) -> list[Membership]:
    """The body's seats on a day, chair first, deputies in their order."""
    on = on or timezone.localdate()
    seats = list(
        Membership.objects.filter(body=body, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("person", "party")
    )
    seats.sort(
        key=lambda m: (
            Membership.ROLE_ORDER[m.role],
            m.deputy_order or 0,
            m.person.last_name,
            m.person.first_name,
        )
    )
    return seats


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, organisation: Organisation, root: Unit | None = None) -> list[UnitNode]:
    """The unit tree (or a subtree) as nested nodes, in one query."""
    qs = Unit.objects.filter(organisation=organisation, is_active=True).select_related("body")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    units = sorted(qs, key=lambda u: (u.depth, u.position, u.name))
    nodes = {u.pk: UnitNode(u) for u in units}
    roots: list[UnitNode] = []
    for unit in units:
        node = nodes[unit.pk]
        parent = nodes.get(unit.parent_id)
        if parent is None or (root is not None and unit.pk == root.pk):
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def unit_get(*, organisation: Organisation, code: str) -> Unit:
    return (
        Unit.objects.select_related("parent", "body", "organisation")
        .prefetch_related("cost_centres")
        .get(organisation=organisation, code=code)
    )


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent."""
    ids = unit.ancestor_ids()
    by_id = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


def unit_children(*, unit: Unit) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(parent=unit, is_active=True)
        .annotate(child_count=Count("children"))
        .order_by("position", "name")
    )


def units_serving(*, body: Body) -> QuerySet[Unit]:
    return Unit.objects.filter(body=body, is_active=True).order_by("path")


def person_get(*, organisation: Organisation, pk: int) -> Person:
    return (
        Person.objects.select_related("unit", "user")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("body", "party").order_by("-start_date"),
            )
        )
        .get(organisation=organisation, pk=pk)
    )


@dataclass
class SearchResults:
    query: str
    bodies: list[Body]
    units: list[Unit]
    people: list[Person]

    @property
    def count(self) -> int:
        return len(self.bodies) + len(self.units) + len(self.people)


def search(*, organisation: Organisation, query: str, limit: int = 25) -> SearchResults:
    """Bodies, units and people whose name or code contains every word of ``query``."""
    words = [w for w in query.split() if w][:6]
    if not words:
        return SearchResults(query=query, bodies=[], units=[], people=[])
    body_q, unit_q, person_q = Q(), Q(), Q()
    for w in words:
        body_q &= Q(name__icontains=w) | Q(code__icontains=w)
        unit_q &= Q(name__icontains=w) | Q(code__icontains=w) | Q(cost_centres__code=w)
        person_q &= Q(first_name__icontains=w) | Q(last_name__icontains=w) | Q(title__icontains=w)
    return SearchResults(
        query=query,
        bodies=list(Body.objects.filter(body_q, organisation=organisation)[:limit]),
        units=list(
            Unit.objects.filter(unit_q, organisation=organisation)
            .select_related("parent")
            .distinct()
            .order_by("path")[:limit]
        ),
        people=list(
            Person.objects.filter(
                person_q, organisation=organisation, is_active=True
            ).select_related("unit")[:limit]
        ),
    )


def role_grants(*, user, organisation: Organisation | None) -> list:
    from .models import RoleGrant

    if user is None or not getattr(user, "pk", None):
        return []
    return list(
        RoleGrant.objects.filter(user=user, organisation=organisation)
        .select_related("unit", "body")
        .order_by("role", "unit__path", "body__position")
    )


def memberships_of(*, person: Person) -> list[Membership]:
    return list(
        Membership.objects.filter(person=person)
        .select_related("body", "party")
        .order_by("-start_date")
    )


def people_admin_list(*, organisation: Organisation, query: str = "") -> QuerySet[Person]:
    qs = (
        Person.objects.filter(organisation=organisation)
        .select_related("user", "unit")
        .annotate(
            role_count=Count(
                "user__role_grants",
                filter=Q(user__role_grants__organisation=organisation),
            )
        )
        .order_by("last_name", "first_name")
    )
    for word in query.split()[:4]:
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(title__icontains=word)
            | Q(user__username__icontains=word)
        )
    return qs


def accounts_with_role_on(*, scope: Unit | Body, roles) -> list:
    """The active login accounts holding one of ``roles`` on ``scope`` itself: for a unit, on
    it or a unit above it (a role covers its subtree) or on the body it serves; for a body, on
    it or its parent body. Organisation-wide roles are left out: who is told of a unit's or a
    body's work is who holds a role there. The caller still checks each with its permission."""
    from .models import RoleGrant

    grants = RoleGrant.objects.filter(
        organisation_id=scope.organisation_id, role__in=list(roles), user__is_active=True
    )
    if isinstance(scope, Unit):
        chain = [scope.pk, *scope.ancestor_ids()]
        body_ids = Unit.objects.filter(pk__in=chain).exclude(body=None).values("body_id")
        grants = grants.filter(Q(unit_id__in=chain) | Q(body_id__in=body_ids))
    else:
        body_ids = [scope.pk] + ([scope.parent_id] if scope.parent_id else [])
        grants = grants.filter(body_id__in=body_ids)
    users = {g.user_id: g.user for g in grants.select_related("user")}
    return list(users.values())
