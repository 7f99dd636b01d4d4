"""The dialogue brief (dialogunderlag) as a slide deck, in reference 002's order.

Each slide is one function ``(DialogueData) -> list[Slide]`` in ``SLIDES``; adding a slide is
adding one function to that list. The internal control's summary after the staff slides is
the follow-up reports' (``reports.sections.control``), over the committee's adopted plan. Every
figure comes from the same selectors as the follow-up reports (``reports.data``): the goals'
forecasts from the period's assessments, the staff figures through the workforce app's
disclosure control (a suppressed figure is a dash), the business lines from the ledger and
the forecasts. Figures are formatted here, once: percentages with up to two decimals as 002
writes them (7,1 %; 9,54 %), amounts in mnkr with a sign (+4,3).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from uppsikt.core.formatting import NBSP, format_number
from uppsikt.documents import richtext_blocks
from uppsikt.documents.document import (
    BulletList,
    Cell,
    Chart,
    Column,
    Paragraph,
    Row,
    Series,
    Status,
    Table,
)
from uppsikt.documents.slides import Deck, Slide
from uppsikt.organisation.tenancy import document_scope
from uppsikt.reports.data import (
    SUPPRESSED_NOTE,
    DialogueData,
    StaffFigure,
    _organisation_name,
    dialogue_data,
)
from uppsikt.reports.prose import _month, _target_text
from uppsikt.reports.sections.control import outcome_cell, summary_title

KIND = "dialogue"

# --------------------------------------------------------------------------------------------
# Figures as text


def pct(value) -> str:
    """A percentage as 002 writes it: two decimals at most, no trailing zero (7,1 %; 9,54 %;
    11 %); a suppressed or missing figure is a dash."""
    if value is None:
        return "–"
    text = format_number(value, 2)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}{NBSP}%"


def mn(value: Decimal | None) -> str:
    """An amount in mnkr with one decimal and a sign: +4,3, −1,0, 0,0; missing: a dash."""
    if value is None:
        return "–"
    return format_number(value / Decimal(1_000_000), 1, signed=True)


def _with_before(value, before) -> str:
    """ "9,54 % (8,68 %)": the figure with the same figure a year earlier in brackets."""
    text = pct(value)
    return f"{text} ({pct(before)})" if before is not None else text


def _rich(html: str) -> list:
    return richtext_blocks.blocks(html or "")


TONES = {"achieved": "ok", "partly": "warning", "not_achieved": "bad"}


def _tone(level) -> str:
    if level is None:
        return "neutral"
    if level.code in TONES:
        return TONES[level.code]
    return "warning" if level.is_deviation else "ok"


# --------------------------------------------------------------------------------------------
# Slides


def title_slide(d: DialogueData) -> list[Slide]:
    dialogue = d.dialogue
    return [
        Slide(
            dialogue.title,
            layout="title",
            lines=[
                dialogue.committee.name,
                dialogue.overseer.name,
                dialogue.date.isoformat(),
                _organisation_name(dialogue.organisation),
            ],
        )
    ]


def _text_slide(d: DialogueData, key: str) -> list[Slide]:
    text = d.texts.get(key)
    if text is None:
        return []
    blocks = _rich(text.text) or [Paragraph(_("Nämnden har inte skrivit något här."), style="note")]
    return [Slide(text.title, blocks)]


def reflections_slide(d: DialogueData) -> list[Slide]:
    return _text_slide(d, "reflections")


def examples_slide(d: DialogueData) -> list[Slide]:
    return _text_slide(d, "examples")


def challenges_slide(d: DialogueData) -> list[Slide]:
    return _text_slide(d, "challenges")


def goals_slide(d: DialogueData) -> list[Slide]:
    slide = Slide(_("Målstyrning"))
    data = d.body
    if data is None or data.plan is None:
        slide.add(Paragraph(_("Nämnden har ingen verksamhetsplan för året.")))
        return [slide]
    rows, last_area, last_council = [], None, None
    for r in d.goals:
        forecast = (
            Cell(Status(r.forecast.symbol, r.forecast.label, _tone(r.forecast)))
            if r.forecast is not None
            else Cell(_("Ingen prognos"))
        )
        rows.append(
            Row(
                r.focus_area if r.focus_area != last_area else "",
                r.council_goal if (r.council_goal, r.focus_area) != last_council else "",
                r.goal,
                forecast,
            )
        )
        last_area, last_council = r.focus_area, (r.council_goal, r.focus_area)
    if not rows:
        slide.add(Paragraph(_("Planen har inga egna mål.")))
        return [slide]
    slide.add(
        Table(
            _("Nämndens mål och prognos för året"),
            [
                Column(_("Fokusområde"), width=2.2),
                Column(_("Fullmäktiges mål"), width=3),
                Column(
                    _("Nämndens mål i Verksamhetsplan %(year)s") % {"year": data.plan.year},
                    width=4,
                ),
                Column(_("Prognos"), width=1.6),
            ],
            rows,
            show_caption=False,
        )
    )
    if d.goal_scale:
        legend = ", ".join(f"{level.symbol} {level.label.lower()}" for level in d.goal_scale)
        slide.add(
            Paragraph(
                _("Prognos för året efter %(period)s: %(legend)s.")
                % {"period": data.period.label.lower(), "legend": legend},
                style="note",
            )
        )
    return [slide]


def _staff(d: DialogueData, block: str) -> StaffFigure | None:
    return next((f for f in d.staff if f.block == block), None)


def _trend(d: DialogueData, f: StaffFigure) -> Chart | None:
    """The R12 trend as 002 draws it: the rolling figure month by month, and the target."""
    points = [(day, v) for day, v in f.series if v is not None]
    if len(points) < 2:
        return None
    series = [Series(_("R12"), [float(v) for _day, v in points])]
    if f.target is not None:
        series.append(Series(_("Målvärde"), [float(f.target.value)] * len(points), "dashed"))
    (first_day, first), (last_day, last) = points[0], points[-1]
    who = d.body.unit_name if d.body else d.dialogue.committee.name
    return Chart(
        f"{f.name} R12",
        _month_labels([day for day, _v in points]),
        series,
        alt=(
            f"{f.name} för {who}, rullande tolv månader: från {pct(first)} ({first_day:%Y-%m}) "
            f"till {pct(last)} ({last_day:%Y-%m})."
        ),
        unit="%",
        decimals=1,
    )


MONTH_ABBREVIATIONS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "maj",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
]


def _month_labels(days) -> list[str]:
    """ "sep 2024", "okt", …, "jan 2025", …: short enough to stand side by side in a chart."""
    out = []
    for i, day in enumerate(days):
        name = MONTH_ABBREVIATIONS[day.month - 1]
        out.append(f"{name} {day.year}" if i == 0 or day.month == 1 else name)
    return out


def _figure_lines(lines: list[tuple[str, str]]) -> list[Paragraph]:
    return [Paragraph(f"{label} = {value}") for label, value in lines]


def _staff_missing(d: DialogueData, title: str, f: StaffFigure | None) -> list[Slide] | None:
    if f is None:
        return [Slide(title, [Paragraph(_("Det finns inga personaluppgifter för perioden."))])]
    if f.not_reported:
        return [Slide(title, [Paragraph(f.not_reported)])]
    return None


def _suppressed_note(values) -> list[Paragraph]:
    if any(v is None for v in values):
        return [Paragraph(str(SUPPRESSED_NOTE), style="note")]
    return []


def turnover_slide(d: DialogueData) -> list[Slide]:
    title = _("Medarbetare – personalomsättning")
    f = _staff(d, "turnover")
    missing = _staff_missing(d, title, f)
    if missing is not None:
        return missing
    now, before = f.figures or {}, d.staff_before.get("turnover") or {}
    lines = [(_("Personalomsättning R12"), _with_before(now.get("total"), before.get("total")))]
    if f.target is not None:
        lines.append((_("Riktvärde"), _target_text(f.target.value, "%", 2)))
    for key, label in (
        ("external", _("Extern avgång")),
        ("internal", _("Intern avgång")),
        ("retirement", _("Pension")),
    ):
        lines.append((label, _with_before(now.get(key), before.get(key))))
    blocks = [
        *_figure_lines(lines),
        Paragraph(_("Inom parentes: samma period föregående år."), style="note"),
        *_suppressed_note([now.get(k) for k in ("total", "external", "internal", "retirement")]),
    ]
    chart = _trend(d, f)
    return [Slide(title, blocks, aside=[chart] if chart else [])]


AGE_LABELS = {
    "-29": "29 år och yngre",
    "30-39": "30–39 år",
    "40-49": "40–49 år",
    "50-59": "50–59 år",
    "60-69": "60–69 år",
    "70-": "70 år och äldre",
}


def _compare(higher: str, lower: str, a: float, b: float) -> str:
    return _("%(higher)s har högre sjukfrånvaro än %(lower)s (%(a)s jmf %(b)s)") % {
        "higher": higher,
        "lower": lower,
        "a": pct(a),
        "b": pct(b),
    }


def sickness_sentences(figures: dict) -> list[str]:
    """The generated sentences of 002's sickness slide: women/men, part time/full time, and the
    age group with the highest figure; each only where the groups compared are large enough
    to be shown (a suppressed group is never compared)."""
    out = []
    gender = figures.get("by_gender") or {}
    women, men = gender.get("K"), gender.get("M")
    if women is not None and men is not None and round(women, 2) != round(men, 2):
        out.append(
            _compare(_("Kvinnor"), _("män"), women, men)
            if women > men
            else _compare(_("Män"), _("kvinnor"), men, women)
        )
    extent = figures.get("by_extent") or {}
    part, full = extent.get("part_time"), extent.get("full_time")
    if part is not None and full is not None and round(part, 2) != round(full, 2):
        out.append(
            _compare(_("Deltidsanställda"), _("heltidsanställda"), part, full)
            if part > full
            else _compare(_("Heltidsanställda"), _("deltidsanställda"), full, part)
        )
    ages = figures.get("by_age_decade") or {}
    shown = {k: v for k, v in ages.items() if v is not None}
    if len(shown) >= 2:
        top = max(shown, key=lambda k: shown[k])
        others = _("övriga") if len(shown) == len(ages) else _("övriga redovisade åldersgrupper")
        out.append(
            _("Åldersgruppen %(group)s har högre sjukfrånvaro än %(others)s (%(value)s)")
            % {"group": AGE_LABELS.get(top, top), "others": others, "value": pct(shown[top])}
        )
    return out


def sickness_slide(d: DialogueData) -> list[Slide]:
    title = _("Medarbetare – sjukfrånvaro")
    f = _staff(d, "sickness")
    missing = _staff_missing(d, title, f)
    if missing is not None:
        return missing
    now, before = f.figures or {}, d.staff_before.get("sickness") or {}
    lines = [(_("Sjukfrånvaro (R12)"), _with_before(now.get("total"), before.get("total")))]
    if f.target is not None:
        lines.append((_("Målvärde"), _target_text(f.target.value, "%", 2)))
    for key, label in (
        ("days_1_14", _("Dag 1–14")),
        ("days_15_90", _("Dag 15–90")),
        ("days_91_plus", _("Dag 91+")),
    ):
        lines.append((label, _with_before(now.get(key), before.get(key))))
    blocks: list = _figure_lines(lines)
    sentences = sickness_sentences(now)
    if sentences:
        blocks.append(BulletList(sentences))
    blocks.append(Paragraph(_("Inom parentes: samma period föregående år."), style="note"))
    blocks += _suppressed_note(
        [now.get(k) for k in ("total", "days_1_14", "days_15_90", "days_91_plus")]
    )
    chart = _trend(d, f)
    return [Slide(title, blocks, aside=[chart] if chart else [])]


def control_slide(d: DialogueData) -> list[Slide]:
    """002's "Internkontroll – sammanfattning efter april och augusti": the control questions of
    the committee's adopted plan × the plan's periods up to the dialogue's, each outcome by
    symbol and text, as the follow-up reports show it (``reports.sections.control``)."""
    summary = d.control
    if summary is None:
        return [
            Slide(
                summary_title([]),
                [
                    Paragraph(
                        _("Nämnden har ingen antagen internkontrollplan för %(year)s.")
                        % {"year": d.control_year}
                    )
                ],
            )
        ]
    slide = Slide(summary_title(summary.periods))
    if not summary.periods or not summary.rows:
        slide.add(Paragraph(_("Inga kontrollmoment har följts upp ännu under året.")))
    else:
        slide.add(
            Table(
                summary_title(summary.periods),
                [
                    Column(_("Kontrollfråga"), width=6),
                    *(Column(label, width=2.2) for label in summary.column_labels),
                ],
                [
                    Row(
                        row.question,
                        *(
                            outcome_cell(o, a, inline_note=True)
                            for o, a in zip(row.outcomes, row.approved, strict=True)
                        ),
                    )
                    for row in summary.rows
                ],
                show_caption=False,
            )
        )
    item = getattr(d.control_decision, "item", None)
    if item is not None:
        slide.add(
            Paragraph(
                _("Internkontrollplan %(year)s, antagen av %(body)s %(date)s %(label)s.")
                % {
                    "year": summary.year,
                    "body": summary.plan.body.name,
                    "date": item.meeting.date.isoformat(),
                    "label": item.label,
                },
                style="note",
            )
        )
    return [slide]


def finance_slide(d: DialogueData) -> list[Slide]:
    slide = Slide(_("Ekonomistyrning"))
    data = d.body
    rows = d.business_lines
    if data is None or not rows:
        slide.add(Paragraph(_("Det finns inga verksamheter med utfall och prognos för perioden.")))
        return [slide]
    month = _month(data.period.last_month)
    total = rows[-1]
    if total.forecast is not None:
        word = (
            _("överskott") if total.forecast > 0 else _("underskott") if total.forecast < 0 else ""
        )
        slide.lead = (
            _("Prognos för helåret efter %(month)s: %(amount)s mnkr (%(word)s)")
            % {"month": month, "amount": mn(total.forecast), "word": word}
            if word
            else _("Prognos för helåret efter %(month)s: ett resultat i balans") % {"month": month}
        )
    slide.add(
        Table(
            _("Resultat per verksamhet, mnkr"),
            [
                Column(_("Verksamhet"), width=3),
                Column(_("Ack utfall (mnkr)"), "right", 2),
                Column(_("Ack utfall fg år (mnkr)"), "right", 2),
                Column(_("Prognos (mnkr)"), "right", 2),
                Column(_("Förändring (mnkr)"), "right", 2),
            ],
            [
                Row(
                    r.business_line.name if r.business_line is not None else _("Totalt"),
                    mn(r.actual),
                    mn(r.previous),
                    mn(r.forecast),
                    mn(r.change),
                    kind="total" if r.kind == "total" else "body",
                )
                for r in rows
            ],
            show_caption=False,
        )
    )
    slide.add(
        Paragraph(
            _(
                "Ackumulerat utfall januari–%(month)s %(year)s och samma månader föregående år; "
                "prognos för helåret; förändring sedan föregående prognos."
            )
            % {"month": month, "year": data.period.year},
            style="note",
        )
    )
    if d.forecast_comment:
        slide.add(Paragraph(d.forecast_comment))
    return [slide]


def previous_slide(d: DialogueData) -> list[Slide]:
    slide = Slide(_("Från föregående dialog"))
    item = d.previous_item
    if d.previous is None or item is None:
        slide.add(Paragraph(_("Det finns inget beslut från en föregående dialog.")))
        return [slide]
    if d.previous_item_secret:  # read by many: a secret § by its number only
        slide.lead = f"{item.body.name} {item.meeting.date.isoformat()} {item.label}"
        slide.add(Paragraph(_("Paragrafen omfattas av sekretess och visas inte här.")))
        return [slide]
    slide.lead = f"{item.body.name} {item.meeting.date.isoformat()} {item.label}: {item.title}"
    if item.decision_points:
        slide.add(Paragraph(item.decision_intro or _("Beslut")))
        slide.add(BulletList(list(item.decision_points)))
    else:
        slide.add(Paragraph(_("Paragrafen har inget beslut ännu.")))
    if d.previous_assignments:
        slide.add(
            Table(
                _("Uppdrag från beslutet"),
                [
                    Column(_("Uppdrag"), width=5),
                    Column(_("Mottagare"), width=2),
                    Column(_("Senast"), width=1.3),
                    Column(_("Läge"), width=2.2),
                ],
                [
                    Row(
                        a.assignment.text,
                        a.assignment.recipient_name,
                        a.assignment.due_date.isoformat() if a.assignment.due_date else "–",
                        Cell(
                            Status(
                                a.symbol,
                                a.label,
                                "ok"
                                if a.state == "completed"
                                else "warning"
                                if a.state == "overdue"
                                else "neutral",
                            ),
                            f" – {a.report}" if a.report else "",
                        ),
                    )
                    for a in d.previous_assignments
                ],
                show_caption=False,
            )
        )
    return [slide]


# 002's order.
SLIDES: list[Callable[[DialogueData], list[Slide]]] = [
    title_slide,
    reflections_slide,
    goals_slide,
    examples_slide,
    turnover_slide,
    sickness_slide,
    control_slide,
    finance_slide,
    challenges_slide,
    previous_slide,
]


def brief_deck(*, dialogue) -> Deck:
    """The dialogue's brief, built in Swedish (a public record, the same for everyone)."""
    with translation.override("sv"):
        data = dialogue_data(dialogue=dialogue)
        deck = Deck(
            title=dialogue.title,
            subtitle=dialogue.committee.name,
            organisation=_organisation_name(dialogue.organisation),
            header=dialogue.overseer.name,
            date=dialogue.date,
        )
        for make in SLIDES:
            deck.slides.extend(make(data))
        return deck


def subject(dialogue) -> str:
    """How the kept files of a brief are known: the organisation's scope, the committee's code
    and the dialogue, ``7/DNRS/2025-2``."""
    return f"{document_scope(dialogue.organisation_id)}/{dialogue.committee.code}/{dialogue.ident}"
