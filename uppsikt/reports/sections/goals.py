"""The goal and quality sections: plan items with their assessments for the period."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.documents.document import (
    Column,
    Paragraph,
    Row,
    Section,
    Status,
    Table,
)
from uppsikt.followup import selectors
from uppsikt.followup.models import ItemKind
from uppsikt.organisation.models import Organisation
from uppsikt.planning import selectors as planning
from uppsikt.reports.data import BodyData, _organisation_name
from uppsikt.reports.prose import _possessive, _texts


def _assessment_line(a) -> Paragraph | None:
    if a is None or a.status is None:
        return Paragraph(_("Ingen bedömning är lämnad för perioden."), style="note")
    parts: list = [_("Bedömning: "), Status(a.status.symbol, a.status.label, _tone(a.status))]
    if a.forecast is not None:
        parts += [
            ". ",
            _("Prognos vid årets slut: "),
            Status(a.forecast.symbol, a.forecast.label, _tone(a.forecast)),
        ]
    parts.append(".")
    return Paragraph(*parts, style="small")


def _item_section(parent: Section, title: str, assessment) -> None:
    """A plan item under ``parent``: its assessment for the period and the comment on it."""
    sub = parent.section(title)
    sub.add(_assessment_line(assessment))
    if assessment is not None:
        sub.add(*_texts(assessment.comment))


def _assessed_items(parent: Section, data: BodyData, kind: str, items: list) -> None:
    """A section per plan item of ``kind``, in the given order, with its assessment."""
    found = selectors.item_assessments(period=data.period, kind=kind, ids=[i.pk for i in items])
    for item in items:
        _item_section(parent, item.title, found.get(item.pk))


def _tone(level) -> str:
    if level.is_deviation:
        return "warning" if level.position <= 2 else "bad"
    return "ok"


def _goal_order(assignment) -> tuple:
    goal = assignment.goal
    if goal is None:
        return (1, 0, 0, assignment.position, assignment.pk)
    area = goal.focus_area.position if goal.focus_area else 0
    return (0, area, goal.position, assignment.position, assignment.pk)


def _council_goals(organisation: Organisation, year: int) -> Section | None:
    council = planning.council_goals(organisation=organisation, year=year)
    if not council:
        return None
    rows = []
    for area, goals in council:
        for i, goal in enumerate(goals):
            rows.append(Row(area if i == 0 else "", goal.title))
    return Section(f"{_possessive(_organisation_name(organisation))} målstyrning").add(
        Table(
            _("Fokusområden och fullmäktiges mål %(year)s") % {"year": year},
            [Column(_("Fokusområde"), width=2), Column(_("Mål"), width=3)],
            rows,
            show_caption=False,
        )
    )


def _goals(data: BodyData, *, council: bool = True) -> Section:
    org = data.body.organisation
    s = Section(_("Målstyrning"))
    council_section = _council_goals(org, data.period.year) if council else None
    if council_section is not None:
        s.add(council_section)
    own = s.section(f"{_possessive(data.body.name)} uppdrag")
    own.add(*_texts(data.texts.get("goals_intro")))
    if data.plan is None:
        own.add(Paragraph(_("Organet har ingen verksamhetsplan för året.")))
        return s
    items = planning.plan_items(plan=data.plan)
    assignments = sorted(items["assignments"], key=_goal_order)
    _assessed_items(own, data, ItemKind.ASSIGNMENT, assignments)
    return s


def _quality(data: BodyData) -> Section:
    s = Section(_("Kvalitetsstyrning"))
    s.add(*_texts(data.texts.get("quality_intro")))
    sub = s.section(_("Uppföljning av arbetsmiljöplanen"))
    if data.plan is None:
        return s
    activities = planning.plan_items(plan=data.plan)["activities"]
    _assessed_items(sub, data, ItemKind.ACTIVITY, activities)
    if not activities:
        sub.add(Paragraph(_("Planen har inga prioriterade aktiviteter inom arbetsmiljö.")))
    return s
