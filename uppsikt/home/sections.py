"""The home page's sections, one per role: what waits for the person now.

Each section is a selector: it reads through the selectors of the apps that own the data
(follow-up, internal control through follow-up's to-do providers, the register, meetings, the
reports, the jobs) with the person's scope, and returns lines, each a link with its deadline.
The page shows a section for each role the person holds in the organisation (``RoleGrant``),
the lines with the nearest deadline first (the overdue at the top, those without a deadline
last)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from uppsikt.cases import selectors as cases
from uppsikt.control import selectors as control
from uppsikt.control import todo as control_todo
from uppsikt.core import kept_pages
from uppsikt.core import selectors as core
from uppsikt.core.formatting import format_date
from uppsikt.followup import selectors as followup
from uppsikt.followup.todo import todo_parts
from uppsikt.meetings import selectors as meetings
from uppsikt.organisation.models import Organisation, Role
from uppsikt.organisation.permissions import permission_signature, roles_of
from uppsikt.reports import data as report_data
from uppsikt.reports import group as report_group
from uppsikt.reports import selectors as reports


@dataclass
class Line:
    title: str
    url: str
    deadline: dt.date | None = None
    detail: str = ""
    state: str = ""

    def late(self, today: dt.date) -> bool:
        return self.deadline is not None and self.deadline < today


@dataclass
class Section:
    key: str
    heading: str
    lines: list[Line] = field(default_factory=list)
    empty: str = ""
    more: tuple[str, str] | None = None  # a link to the section's own page: (text, url)


def _by_deadline(lines: list[Line]) -> list[Line]:
    return sorted(lines, key=lambda line: (line.deadline is None, line.deadline or dt.date.max))


# ---------------------------------------------------------------------------------------------
# Follow-up: the reporter, the approver, the controller


def reporter_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    """Assessments and control points due per open period and unit (control points and what
    else a unit reports through follow-up's to-do providers), and each returned assessment with
    the reason it came back."""
    # the open periods and the actor's units, read once for both lists
    periods = followup.open_periods(organisation=organisation)
    units = followup.reporting_units(actor=request.user, organisation=organisation)
    # a kept home page is made anew by a save in the actor's units, not by everyone's
    with followup.assessment_reads_of(*units):
        lines = _reporter_lines(request, organisation=organisation, periods=periods, units=units)
    return Section(
        "reporter", _("Att rapportera"), _by_deadline(lines), _("Inget att rapportera just nu.")
    )


def _reporter_lines(request, *, organisation: Organisation, periods, units) -> list[Line]:
    lines = []
    for work in followup.assessments_left(
        actor=request.user, organisation=organisation, periods=periods, units=units
    ):
        parts = todo_parts(request, period=work.period, unit=work.unit)
        other = sum(p.due for p in parts)
        if not work.count and not other:
            continue
        detail = ngettext("%(n)d bedömning kvar", "%(n)d bedömningar kvar", work.count) % {
            "n": work.count
        }
        if other:
            detail += ", " + ngettext(
                "%(n)d kontrollpunkt kvar", "%(n)d kontrollpunkter kvar", other
            ) % {"n": other}
        lines.append(
            Line(
                title=f"{work.period} – {work.unit.name}",
                url=reverse("followup:unit", args=[work.period.pk, work.unit.code]),
                deadline=work.period.deadline,
                detail=detail,
                state=_("Att rapportera"),
            )
        )
        for a in work.returned:
            lines.append(
                Line(
                    title=_("Återsänd: %(item)s") % {"item": a.item},
                    url=a.get_absolute_url(),
                    deadline=work.period.deadline,
                    detail=_("%(unit)s. Skäl: %(reason)s")
                    % {"unit": a.unit.name, "reason": strip_tags(a.return_comment)},
                    state=_("Återsänd"),
                )
            )
    lines += _control_returned(request, organisation, periods=periods, units=units)
    return lines


def _control_returned(request, organisation: Organisation, *, periods, units) -> list[Line]:
    """The control results returned to the units the actor reports for, with the reason (the
    results as the to-do part counted them, ``control.todo.results_of``)."""
    lines = []
    for period, unit in followup.units_and_periods(
        actor=request.user,
        organisation=organisation,
        permission="control.report",
        periods=periods,
        units=units,
    ):
        for r in control_todo.results_of(request, period=period, unit=unit):
            if r.state != r.State.RETURNED:
                continue
            lines.append(
                Line(
                    title=_("Återsänd kontrollpunkt: %(point)s") % {"point": r.control_point},
                    url=reverse("followup:unit", args=[period.pk, unit.code]),
                    deadline=period.deadline,
                    detail=_("%(unit)s. Skäl: %(reason)s")
                    % {
                        "unit": r.control_point.responsible_unit.name,
                        "reason": strip_tags(r.return_comment),
                    },
                    state=_("Återsänd"),
                )
            )
    return lines


def approver_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    units = followup.reporting_units(actor=request.user, organisation=organisation)
    # a kept home page is made anew by a save in the actor's units, not by everyone's
    with followup.assessment_reads_of(*units):
        lines = _approver_lines(request, organisation=organisation, units=units)
    return Section(
        "approver", _("Att godkänna"), _by_deadline(lines), _("Inget väntar på ditt godkännande.")
    )


def _approver_lines(request, *, organisation: Organisation, units) -> list[Line]:
    lines = []
    for work in followup.assessments_to_approve(
        actor=request.user, organisation=organisation, units=units
    ):
        if not work.count:
            continue
        lines.append(
            Line(
                title=f"{work.period} – {work.unit.name}",
                url=reverse("followup:unit", args=[work.period.pk, work.unit.code]),
                deadline=work.period.deadline,
                detail=ngettext(
                    "%(n)d bedömning väntar på godkännande",
                    "%(n)d bedömningar väntar på godkännande",
                    work.count,
                )
                % {"n": work.count},
                state=_("Att godkänna"),
            )
        )
    for period, unit in followup.units_and_periods(
        actor=request.user, organisation=organisation, permission="control.approve", units=units
    ):
        waiting = [
            r for r in control.results_for(unit=unit, period=period) if r.state == r.State.SUBMITTED
        ]
        if waiting:
            lines.append(
                Line(
                    title=f"{period} – {unit.name}",
                    url=reverse("followup:unit", args=[period.pk, unit.code]),
                    deadline=period.deadline,
                    detail=ngettext(
                        "%(n)d kontrollresultat väntar på godkännande",
                        "%(n)d kontrollresultat väntar på godkännande",
                        len(waiting),
                    )
                    % {"n": len(waiting)},
                    state=_("Att godkänna"),
                )
            )
    lines += [
        Line(
            title=_("Uppdrag att återrapportera: %(text)s") % {"text": a.text[:120]},
            url=reverse("meetings:assignment", args=[a.pk]),
            deadline=a.due_date,
            detail=a.recipient_name,
            state=a.get_state_display(),
        )
        for a in meetings.assignments_to_report(actor=request.user, organisation=organisation)
    ]
    return lines


def controller_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    """Progress of the open periods per body, the late units, and the jobs that failed."""
    # the same for every controller whose permissions are made of the same roles (kept_pages)
    lines = list(
        kept_pages.shared(
            (
                "home.controller_progress",
                organisation.pk,
                today,
                permission_signature(request.user),
                translation.get_language(),
            ),
            lambda: _progress_lines(request.user, organisation, today),
        )
    )
    since = timezone.now() - dt.timedelta(days=30)
    for job in core.jobs_failed(user=request.user, since=since):
        lines.append(
            Line(
                title=_("Misslyckat jobb: %(title)s") % {"title": job.title},
                url=reverse("job", args=[job.pk]),
                deadline=timezone.localtime(job.created_at).date(),
                detail=job.message,
                state=_("Misslyckades"),
            )
        )
    return Section(
        "controller",
        _("Uppföljning och jobb"),
        _by_deadline(lines),
        _("Ingen öppen period och inga misslyckade jobb."),
    )


# late units listed per body and period on a controller's home page; the rest are counted in a
# line that leads to the progress page, which lists them all
LATE_UNITS_SHOWN = 5


def _progress_lines(actor, organisation: Organisation, today: dt.date) -> tuple[Line, ...]:
    lines = []
    for row in followup.open_period_progress(actor=actor, organisation=organisation, today=today):
        url = reverse("followup:progress", args=[row.period.pk])
        lines.append(
            Line(
                title=f"{row.period} – {row.body_name}",
                url=url,
                deadline=row.period.deadline,
                detail=_("%(done)d av %(total)d inlämnade, %(returned)d återsända")
                % {"done": row.done, "total": row.total, "returned": row.returned},
                state=_("Pågår"),
            )
        )
        # the units with the most left first
        late_units = sorted(row.late_units, key=lambda late: (-late.missing, late.unit.name))
        for late in late_units[:LATE_UNITS_SHOWN]:
            lines.append(
                Line(
                    title=_("Sen: %(unit)s") % {"unit": late.unit.name},
                    url=url,
                    deadline=row.period.deadline,
                    detail=ngettext(
                        "%(n)d bedömning saknas", "%(n)d bedömningar saknas", late.missing
                    )
                    % {"n": late.missing},
                    state=_("Sen"),
                )
            )
        if len(late_units) > LATE_UNITS_SHOWN:
            more = len(late_units) - LATE_UNITS_SHOWN
            lines.append(
                Line(
                    title=ngettext(
                        "%(n)d sen enhet till i %(body)s",
                        "%(n)d sena enheter till i %(body)s",
                        more,
                    )
                    % {"n": more, "body": row.body_name},
                    url=url,
                    deadline=row.period.deadline,
                    detail=_("Alla enheter och vad som saknas finns på sidan för läget."),
                    state=_("Sen"),
                )
            )
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# The register and meetings


def _to_review(actor, organisation: Organisation) -> list[Line]:
    return [
        Line(
            title=_("Granska: %(title)s") % {"title": p.title},
            url=p.get_absolute_url(),
            deadline=p.date,
            detail=f"{p.case.number} · {p.body.name}",
            state=_("Att granska"),
        )
        for p in cases.proposals_to_review(actor=actor, organisation=organisation)
    ]


def case_officer_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    """My open cases and proposals, and the proposals I am asked to review."""
    lines = _to_review(request.user, organisation)
    my_cases, proposals = cases.officer_work(
        person=meetings.person_of(request.user), organisation=organisation
    )
    for p in proposals:
        lines.append(
            Line(
                title=_("Beslutsförslag: %(title)s") % {"title": p.title},
                url=p.get_absolute_url(),
                deadline=p.date,
                detail=f"{p.case.number} · {p.body.name}",
                state=p.get_status_display(),
            )
        )
    for c in my_cases:
        lines.append(
            Line(
                title=f"{c.number} {c.title}",
                url=c.get_absolute_url(),
                detail=_("Registrerat %(date)s") % {"date": format_date(c.registered_on)},
                state=c.get_status_display(),
            )
        )
    return Section(
        "case_officer", _("Mina ärenden"), _by_deadline(lines), _("Du har inga öppna ärenden.")
    )


def secretary_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    work = meetings.secretary_work(actor=request.user, organisation=organisation, today=today)
    lines = _to_review(request.user, organisation)
    lines += [
        Line(
            title=_("Förbered: %(meeting)s") % {"meeting": m},
            url=m.get_absolute_url(),
            deadline=m.date,
            detail=_("Kallelsen är inte skickad."),
            state=m.get_status_display(),
        )
        for m in work.to_prepare
    ]
    lines += [
        Line(
            title=_("Protokoll: %(meeting)s") % {"meeting": m},
            url=m.get_absolute_url(),
            deadline=m.approval_due or m.date,
            detail=_("Protokollet är inte justerat."),
            state=m.get_status_display(),
        )
        for m in work.minutes_open
    ]
    lines += [
        Line(
            title=_("Expediera: %(item)s") % {"item": item.title},
            url=item.get_absolute_url(),
            deadline=item.meeting.approved_on,
            detail=f"{item.body.name} {format_date(item.meeting.date)}",
            state=_("Inte expedierat"),
        )
        for item in work.not_dispatched
    ]
    lines += [
        Line(
            title=_("Försenat uppdrag: %(text)s") % {"text": a.text[:120]},
            url=reverse("meetings:assignment", args=[a.pk]),
            deadline=a.due_date,
            detail=a.recipient_name,
            state=_("Försenat"),
        )
        for a in work.overdue
    ]
    return Section(
        "secretary",
        _("Sammanträden att sköta"),
        _by_deadline(lines),
        _("Inga sammanträden väntar på dig."),
    )


def member_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    work = meetings.member_work(actor=request.user, organisation=organisation, today=today)
    lines = [
        Line(
            title=_("Justera: %(meeting)s") % {"meeting": m},
            url=reverse("meetings:meeting_sign", args=[m.pk]),
            deadline=m.approval_due or m.date,
            detail=_("Protokollet väntar på din justering."),
            state=_("Att justera"),
        )
        for m in work.to_approve
    ]
    lines += [
        Line(
            title=str(m),
            url=reverse("meetings:member_meeting", args=[m.pk]),
            deadline=m.date,
            detail=(
                _("Kallelse och handlingar finns.")
                if m.status != m.Status.PLANNED
                else _("Kallelsen är inte skickad än.")
            ),
            state=m.get_status_display(),
        )
        for m in work.coming
    ]
    lines += [
        Line(
            title=_("Uppdrag: %(text)s") % {"text": a.text[:120]},
            url=reverse("meetings:assignment", args=[a.pk]),
            deadline=a.due_date,
            detail=a.recipient_name,
            state=a.get_state_display(),
        )
        for a in work.assignments
    ]
    return Section(
        "member",
        _("Mina sammanträden"),
        _by_deadline(lines),
        _("Inga sammanträden väntar på dig."),
        more=(_("Mitt ledamotsrum: handlingar och anteckningar"), reverse("meetings:member_room")),
    )


def reader_section(request, *, organisation: Organisation, today: dt.date) -> Section:
    """The latest reports the person may read and the latest approved minutes."""
    lines = []
    periods = [p for p in followup.periods(organisation=organisation) if p.deadline <= today][:1]
    for period in periods:
        for body in report_group.group_bodies(organisation=organisation):
            if not reports.may_read_document(request.user, kind="followup", body=body):
                continue
            code = body.effective_register_prefix or body.code
            lines.append(
                Line(
                    title=f"{period} – {body.name}",
                    url=reverse(
                        "reports:document_page", args=[code, report_data.period_id(period)]
                    ),
                    deadline=period.deadline,
                    state=_("Rapport"),
                )
            )
    for m in meetings.latest_minutes(organisation=organisation):
        lines.append(
            Line(
                title=_("Protokoll: %(meeting)s") % {"meeting": m},
                url=m.get_absolute_url(),
                deadline=m.approved_on,
                state=_("Justerat"),
            )
        )
    lines.sort(key=lambda line: line.deadline or dt.date.min, reverse=True)
    return Section(
        "reader",
        _("Senaste rapporter och protokoll"),
        lines,
        _("Inga rapporter eller protokoll än."),
    )


SectionSelector = Callable[..., Section]

# The sections of each role, in the order the page shows them. The administrator follows the
# organisation's periods and jobs as the controller does.
ROLE_SECTIONS: dict[str, list[SectionSelector]] = {
    Role.REPORTER: [reporter_section],
    Role.APPROVER: [approver_section],
    Role.CONTROLLER: [controller_section],
    Role.CASE_OFFICER: [case_officer_section],
    Role.SECRETARY: [secretary_section],
    Role.MEMBER: [member_section],
    Role.READER: [reader_section],
    Role.ADMINISTRATOR: [controller_section],
}
ORDER = list(ROLE_SECTIONS)


def home_sections(request, *, organisation: Organisation, today: dt.date | None = None):
    """The sections of the person's roles in ``organisation``, each once."""
    today = today or timezone.localdate()
    held = {grant.role for grant in roles_of(request.user)}
    chosen: list[SectionSelector] = []
    for role in ORDER:
        if role in held:
            for selector in ROLE_SECTIONS[role]:
                if selector not in chosen:
                    chosen.append(selector)
    return [s(request, organisation=organisation, today=today) for s in chosen]
