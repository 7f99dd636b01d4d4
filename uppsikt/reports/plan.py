"""The verksamhetsplan as a document (reference 001's structure), built with the rendering engine.

Inledning, Verksamhetens uppdrag, Uppföljning av verksamhetsplan, Målstyrning (the body's
assignments by area, with their texts), Kvalitetsstyrning (work-environment plan and its
prioritised activities), Indikatorer (indicator, description, target), Ekonomistyrning (the
operating budget and the multi-year capital budget). The texts people write for the plan's
chapters are document texts (kind ``plan``, subject ``<body code>/<year>``, keys ``TEXT_KEYS``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uppsikt.core.exceptions import DomainError
from uppsikt.core.formatting import format_number
from uppsikt.documents import richtext_blocks
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.document import Column, Document, Paragraph, Row, Section, Table
from uppsikt.finance import selectors as finance
from uppsikt.organisation import selectors as organisation_selectors
from uppsikt.organisation.models import Body
from uppsikt.organisation.tenancy import document_scope
from uppsikt.planning import selectors

KIND = "plan"
WORK_ENVIRONMENT_AREA = "Arbetsmiljöplan"
TEXT_KEYS = {
    "introduction": gettext_lazy("Inledning"),
    "mission": gettext_lazy("Verksamhetens uppdrag"),
    "followup": gettext_lazy("Uppföljning av verksamhetsplan"),
    "goals": gettext_lazy("Målstyrning"),
    "assignments_intro": gettext_lazy("Målstyrning: inledning till nämndens uppdrag"),
    "work_environment": gettext_lazy("Kvalitetsstyrning: arbetsmiljöplan"),
    "finance": gettext_lazy("Ekonomistyrning"),
}
CATEGORY_HEADINGS = [
    ("decided", gettext_lazy("Redan beslutade investeringar")),
    ("new", gettext_lazy("Nya behov av investeringar")),
    ("reinvestment", gettext_lazy("Reinvesteringar")),
]


def subject(body: Body, year: int) -> str:
    return f"{document_scope(body.organisation_id)}/{body.code}/{year}"


def _texts(html: str | None) -> list:
    return richtext_blocks.blocks(html or "")


def _name(organisation) -> str:
    return re.sub(r"\s*\(.*?\)\s*$", "", organisation.name)


def _possessive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def plan_document(*, body: Body, year: int) -> Document:
    plan = selectors.plan_of(body=body, year=year)
    if plan is None:
        raise DomainError(
            _("%(body)s har ingen verksamhetsplan för %(year)s.")
            % {"body": body.name, "year": year}
        )
    texts = doc_selectors.texts(kind=KIND, subject=subject(body, year))
    items = selectors.plan_items(plan=plan)
    doc = Document(
        title=_("Verksamhetsplan"),
        subtitle=str(year),
        organisation=_name(body.organisation),
        header=body.name,
        cover_lines=[body.name, str(year)],
        numbered=False,
        date=dt.date(year, 1, 1),
        keywords=[body.name, "Verksamhetsplan", str(year)],
    )
    # The three short introductory chapters share a page, as in 001.
    for key in ("introduction", "mission", "followup"):
        flows = key != "introduction"
        doc.section(str(TEXT_KEYS[key]), flows=flows).add(*_texts(texts.get(key)))

    goals = doc.section(_("Målstyrning"))
    goals.add(*_texts(texts.get("goals")))
    own = goals.section(f"{_possessive(body.name)} uppdrag")
    own.add(*_texts(texts.get("assignments_intro")))
    by_area: dict[str, list] = {}
    for a in items["assignments"]:
        by_area.setdefault(a.area or "", []).append(a)
    for area, assignments in by_area.items():
        parent = own.section(area, numbered=False, in_toc=False) if area else own
        for a in assignments:
            parent.section(a.title, in_toc=False).add(*_texts(a.description))
    if not items["assignments"]:
        own.add(Paragraph(_("Planen har inga uppdrag.")))

    quality = doc.section(_("Kvalitetsstyrning"))
    env = quality.section(_("Arbetsmiljöplan"))
    env.add(*_texts(texts.get("work_environment")))
    activities = [a for a in items["activities"] if a.area == WORK_ENVIRONMENT_AREA]
    if activities:
        prioritised = env.section(_("Prioriterade aktiviteter inom arbetsmiljö"), in_toc=False)
        for act in activities:
            prioritised.section(act.title, in_toc=False).add(*_texts(act.description))

    doc.sections.append(_indicators(body=body, year=year, indicators=items["indicators"]))
    doc.sections.append(_finance(body=body, year=year, text=texts.get("finance")))
    return doc


def _indicators(*, body: Body, year: int, indicators: list) -> Section:
    s = Section(_("Indikatorer"))
    if not indicators:
        s.add(Paragraph(_("Planen har inga indikatorer.")))
        return s
    by_area: dict[str, list] = {}
    # in the order they were added to the plan, areas in the order of their first indicator
    for i in sorted(indicators, key=lambda i: i.pk):
        by_area.setdefault(i.area or _("Övriga"), []).append(i)
    for area, group in by_area.items():
        rows = []
        for i in group:
            target = selectors.target_for_body(indicator=i, body=body, year=year)
            rows.append(Row(i.name, _described(i, target, body)))
        s.section(area, in_toc=False).add(
            Table(
                _("Indikatorer, %(area)s") % {"area": area.lower()},
                [Column(_("Indikatorer"), width=2), Column(_("Beskrivning"), width=5)],
                rows,
                show_caption=False,
            )
        )
    return s


def _described(indicator, target, body: Body) -> str:
    """The indicator's description, and its target as 001 states it: "… Region Hallands
    målvärde är 11,0." """
    text = _plain(indicator.description)
    if target is None:
        return text
    value = _target(target.value, "", indicator.decimals)
    sentence = f"{_possessive(_name(body.organisation))} målvärde är {value}."
    return f"{text} {sentence}" if text else sentence


def _plain(html: str) -> str:
    """A description kept as sanitised HTML, as the text of one table cell."""
    return " ".join(re.sub(r"<[^>]+>", " ", html or "").split())


def _target(value: Decimal, unit: str, decimals: int) -> str:
    # a target with one decimal as the plan states it: 11 → "11,0 %"
    places = max(1, min(decimals, -value.normalize().as_tuple().exponent))
    text = format_number(value, places)
    return f"{text}\u00a0{unit}" if unit else text


def _mn0(value: Decimal) -> str:
    return format_number(value / Decimal(1_000_000), 0)


def _mn1(value: Decimal | None) -> str:
    return "" if value is None else format_number(value / Decimal(1_000_000), 1)


def _finance(*, body: Body, year: int, text: str | None) -> Section:
    s = Section(_("Ekonomistyrning"))
    s.add(*_texts(text))
    organisation = body.organisation
    units = list(organisation_selectors.units_serving(body=body).order_by("path"))
    operating = s.section(_("Driftbudget"))
    columns = [Column(_("Belopp i mnkr"), width=3)]
    budgets = []
    for unit in units:
        history = finance.operating_budget_history(organisation=organisation, unit=unit, year=year)
        if history:
            # the plan's budget: the year's first decided revision (later ones revise it)
            budgets.append((unit, history[0]))
            columns.append(Column(unit.name, "right", 2))
    if budgets:
        lines = finance.LineMap(organisation).lines
        rows = []
        for index, line in enumerate(lines):
            if line.kind == "internal_funding":
                continue
            amounts = [b["amounts"][index] for _u, b in budgets]
            if not any(amounts):
                continue
            rows.append(Row(line.name, *[_mn0(a) for a in amounts]))
        rows.append(Row(_("Nettobudget"), *[_mn0(b["net"]) for _u, b in budgets], kind="total"))
        operating.add(
            Table(_("Driftbudget %(year)s") % {"year": year}, columns, rows, show_caption=False)
        )
    else:
        operating.add(Paragraph(_("Det finns ingen beslutad driftbudget för året.")))

    capital = s.section(_("Investeringsbudget"))
    plan = finance.capital_plan(organisation=organisation, first_year=year)
    unit_ids = set()
    for unit in units:
        unit_ids |= set(unit.subtree().values_list("pk", flat=True))
    first = plan["versions"][0] if plan["versions"] else None
    rows_by_category: dict[str, list] = {}
    if first is not None:
        for project, amounts in first["rows"]:
            if project.unit_id in unit_ids:
                rows_by_category.setdefault(project.category, []).append((project, amounts))
    if rows_by_category:
        rows = []
        totals = [Decimal(0)] * len(plan["years"])
        for category, heading in CATEGORY_HEADINGS:
            rows.append(Row(str(heading), *[""] * len(plan["years"]), kind="group"))
            for project, amounts in sorted(
                rows_by_category.get(category, []), key=lambda r: (r[0].position, r[0].pk)
            ):
                rows.append(Row(project.name, *[_mn1(a) for a in amounts]))
                totals = [t + (a or 0) for t, a in zip(totals, amounts, strict=True)]
        rows.append(Row(_("Summa"), *[_mn1(t) for t in totals], kind="total"))
        capital.add(
            Table(
                _("Investeringsbudget %(first)s–%(last)s")
                % {"first": plan["years"][0], "last": plan["years"][-1]},
                [Column(_("Investering (belopp i mnkr)"), width=4)]
                + [Column(str(y), "right", 1) for y in plan["years"]],
                rows,
                show_caption=False,
                note=Paragraph(
                    _("Enligt %(revision)s.") % {"revision": first["revision"]}, style="note"
                ),
            )
        )
    else:
        capital.add(Paragraph(_("Det finns ingen investeringsbudget för året.")))
    return s
