"""The header search across the domains (docs/search.md).

Each domain finds its own objects in its selectors (``header_search``), applying its own gate
(the register's secrecy, the minutes' approval, the planning permission); this module only asks
those the person may use at all and puts the results into groups with a heading and a count.
It sits above the domains (as the documents do) because the organisation app may not know them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from uppsikt.cases import selectors as case_selectors
from uppsikt.core.formatting import format_date as sv_date
from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import has_permission_anywhere
from uppsikt.planning import selectors as planning_selectors

LIMIT = 10  # rows per group
MAX_QUERY = 200


@dataclass
class Hit:
    label: str
    url: str
    meta: str = ""
    withheld: str = ""  # what is said instead of a title the secrecy gate withholds


@dataclass
class Group:
    key: str
    heading: str
    hits: list[Hit]
    more: bool = False

    @property
    def count(self) -> int:
        return len(self.hits)


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def more(self) -> bool:
        return any(g.more for g in self.groups)


def _case_hits(hits, withheld: str) -> list[Hit]:
    return [
        Hit(
            f"{h.number} {h.title}" if h.title is not None else h.number,
            h.url,
            " · ".join(x for x in (h.status, sv_date(h.date) if h.date else "") if x),
            withheld=withheld if h.title is None else "",
        )
        for h in hits
    ]


def _register_groups(actor, organisation, query) -> list[Group]:
    found = case_selectors.header_search(
        actor=actor, organisation=organisation, query=query, limit=LIMIT
    )
    return [
        Group(
            "cases",
            _("Ärenden"),
            _case_hits(found["cases"], _("Ärende som omfattas av sekretess")),
            found["more_cases"],
        ),
        Group(
            "records",
            _("Handlingar"),
            _case_hits(found["records"], _("Handling som omfattas av sekretess")),
            found["more_records"],
        ),
    ]


def _meeting_groups(actor, organisation, query) -> list[Group]:
    found = meeting_selectors.header_search(
        actor=actor, organisation=organisation, query=query, limit=LIMIT
    )
    items = [
        Hit(
            f"{i.body.name} § {i.number} {i.title}",
            i.get_absolute_url(),
            _("Sammanträde %(date)s") % {"date": sv_date(i.meeting.date)}
            + ("" if i.approved_at else " · " + _("ej justerad")),
        )
        for i in found["items"]
    ]
    meetings = [
        Hit(
            f"{m.body.name} {sv_date(m.date)}",
            m.get_absolute_url(),
            f"{m.place} · {m.get_status_display()}",
        )
        for m in found["meetings"]
    ]
    return [
        Group("items", _("Paragrafer"), items, found["more_items"]),
        Group("meetings", _("Sammanträden"), meetings, found["more_meetings"]),
    ]


def _indicator_url(indicator) -> str:
    plans = list(indicator.plans.all())
    return plans[0].get_absolute_url() if plans else ""


def _planning_groups(organisation, query) -> list[Group]:
    found = planning_selectors.header_search(organisation=organisation, query=query, limit=LIMIT)
    plans = [
        Hit(p.title, p.get_absolute_url(), f"{p.year} · {p.get_status_display()}")
        for p in found["plans"]
    ]
    goals = [
        Hit(g.title, g.plan.get_absolute_url(), f"{g.plan.title} · {g.get_level_display()}")
        for g in found["goals"]
    ]
    indicators = [
        Hit(i.name, _indicator_url(i), i.unit_of_measure or "") for i in found["indicators"]
    ]
    more = found["more"]
    return [
        Group("plans", _("Planer"), plans, more.get("plans", False)),
        Group("goals", _("Mål"), goals, more.get("goals", False)),
        Group("indicators", _("Indikatorer"), indicators, more.get("indicators", False)),
    ]


def _organisation_groups(organisation, query) -> list[Group]:
    found = organisation_selectors.search(organisation=organisation, query=query, limit=LIMIT + 1)
    bodies = [Hit(b.name, b.get_absolute_url(), b.get_kind_display()) for b in found.bodies]
    units = [
        Hit(
            u.name,
            u.get_absolute_url(),
            " · ".join(x for x in (u.get_kind_display(), u.code, u.parent and u.parent.name) if x),
        )
        for u in found.units
    ]
    people = [Hit(p.full_name, p.get_absolute_url(), p.title or "") for p in found.people]
    return [
        Group(key, heading, rows[:LIMIT], len(rows) > LIMIT)
        for key, heading, rows in (
            ("bodies", _("Organ"), bodies),
            ("units", _("Enheter"), units),
            ("people", _("Personer"), people),
        )
    ]


def search(*, actor, organisation: Organisation, query: str) -> Results:
    """What ``actor`` may find for ``query``: only the domains whose pages they may open, each
    through its own gate; the groups without hits left out."""
    query = (query or "").strip()[:MAX_QUERY]
    results = Results(query=query)
    if not query.split():
        return results
    groups: list[Group] = []
    if has_permission_anywhere(actor, "cases.view"):
        groups += _register_groups(actor, organisation, query)
    if has_permission_anywhere(actor, "meetings.view"):
        groups += _meeting_groups(actor, organisation, query)
    if has_permission_anywhere(actor, "planning.view"):
        groups += _planning_groups(organisation, query)
    if has_permission_anywhere(actor, "organisation.view"):
        groups += _organisation_groups(organisation, query)
    results.groups = [g for g in groups if g.hits]
    return results
