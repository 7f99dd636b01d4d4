"""The internal-control section of the follow-up reports, for a body that has a control plan for
the year: each control question's outcome in the plan's periods up to the report's (reference
002's "Internkontroll – sammanfattning efter april och augusti"); in the annual report also the
body's evaluation of the year's internal control and what the year's results and actions add
up to. A body without a plan gets no section, so its documents are what they were."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.control import selectors as control
from uppsikt.control.models import Outcome
from uppsikt.documents.document import (
    Cell,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    Status,
    Table,
    Text,
)
from uppsikt.followup.models import MONTHS, ReportingPeriod
from uppsikt.reports.data import BodyData
from uppsikt.reports.prose import _texts

OUTCOME_TONE = {Outcome.NONE: "ok", Outcome.MINOR: "warning", Outcome.DEVIATION: "bad"}


def months_text(periods) -> str:
    """The months the periods end in, as a title names them: "april och augusti"."""
    names = [str(MONTHS[p.last_month - 1]) for p in periods]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def summary_title(periods) -> str:
    """ "Internkontroll – sammanfattning efter april och augusti" (no months: no "efter")."""
    if not periods:
        return _("Internkontroll – sammanfattning")
    return _("Internkontroll – sammanfattning efter %(months)s") % {"months": months_text(periods)}


def outcome_cell(outcome: Outcome | None, approved: bool, *, inline_note: bool = False) -> Cell:
    """A control question's outcome in a period by symbol and text. A result submitted but not
    yet approved is shown, marked as such: as a footnote, or (``inline_note``, on a slide, which
    has no footnotes) in the cell itself."""
    if outcome is None:
        return Cell(_("Ej rapporterad"))
    status = Status(outcome.symbol, str(outcome.label), OUTCOME_TONE[outcome])
    if approved:
        return Cell(status)
    if inline_note:
        return Cell(status, Text(" – " + _("inlämnad, ännu inte godkänd"), italic=True))
    return Cell(status, Footnote(_("Inlämnad, ännu inte godkänd.")))


def _summary_table(summary: control.ControlSummary) -> Table:
    return Table(
        summary_title(summary.periods),
        [
            Column(_("Kontrollfråga"), width=4),
            *(Column(label, width=2) for label in summary.column_labels),
        ],
        [
            Row(
                row.question,
                *(outcome_cell(o, a) for o, a in zip(row.outcomes, row.approved, strict=True)),
            )
            for row in summary.rows
        ],
    )


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _counts_paragraphs(plan, counts: control.YearCounts) -> list[Paragraph]:
    out = [
        Paragraph(
            _(
                "Under %(year)s har %(points)s följts upp med %(reported)s: %(none)s utan "
                "avvikelse, %(minor)s med mindre avvikelse och %(deviation)s med avvikelse."
            )
            % {
                "year": plan.year,
                "points": _n(counts.control_points, _("kontrollmoment"), _("kontrollmoment")),
                "reported": _n(
                    counts.reported, _("rapporterat resultat"), _("rapporterade resultat")
                ),
                "none": counts.no_deviation,
                "minor": counts.minor,
                "deviation": counts.deviation,
            }
        )
    ]
    if counts.actions:
        sentence = _("Avvikelserna har gett %(actions)s, varav %(done)s och %(open)s pågående.") % {
            "actions": _n(counts.actions, _("åtgärd"), _("åtgärder")),
            "done": _n(counts.actions_done, _("genomförd"), _("genomförda")),
            "open": counts.actions_open,
        }
        if counts.actions_raised:
            sentence += " " + _("%(raised)s har lyfts till uppdrag genom beslut av %(body)s.") % {
                "raised": _n(counts.actions_raised, _("åtgärd"), _("åtgärder")),
                "body": plan.body.name,
            }
        out.append(Paragraph(sentence))
    elif counts.minor or counts.deviation:
        out.append(Paragraph(_("Avvikelserna har inte gett några åtgärder.")))
    return out


def control_section(data: BodyData) -> Section | None:
    """The section, or None when the body has no control plan for the year."""
    plan = control.plan_of(body=data.body, year=data.period.year)
    if plan is None:
        return None
    periods = control.periods_until(plan=plan, period=data.period)
    summary = control.control_summary(body=data.body, year=data.period.year, periods=periods)
    s = Section(_("Intern kontroll"))
    if periods and summary.rows:
        s.add(_summary_table(summary))
    else:
        s.add(Paragraph(_("Inga kontrollmoment har följts upp ännu under året.")))
    if data.period.kind == ReportingPeriod.Kind.ANNUAL:
        sub = s.section(_("Utvärdering av årets interna kontroll"))
        evaluation = _texts(plan.evaluation)
        if not evaluation:
            evaluation = [Paragraph(_("Utvärderingen är inte skriven ännu."), style="note")]
        sub.add(*evaluation)
        sub.add(*_counts_paragraphs(plan, control.year_counts(plan=plan)))
    return s
