"""Demo step: the working committee's meetings of references 000 and 002.

- 2021-11-09 § 398 gives Regionkontoret the review of the staff functions;
- 2023-10-03 § 311 takes the report and declares § 398 complete (reference 000);
- 2025-04-01 § 83, the spring dialogue with Regionservice, where the chair's motion is adopted
  and gives the committee an assignment that is still open (quoted in reference 002);
- 2025-10-14 § 248, the autumn dialogue, where the chair's three additions are adopted
  (reference 002).
All four are approved, their notices posted (now in the notice board's archive) and their
extracts sent (expedierade) to their recipients on the next working day. A board meeting
planned for today is left for the secretary to hold in the browser. Around today the committee
has a meeting in each later state: held a week ago with its minutes awaiting approval; held
yesterday with its first item approved at once (on the notice board, its extract not yet sent)
and the second not yet approved; and one in two weeks whose summons has been sent.
The demo makes its own seal certificate first, so every approved minutes' notice is sealed
by a background job once the demo is loaded (the signature page says it is a demo's).

The people are the demo's invented politicians and officials; the texts are the references'.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from uppsikt.cases import services as case_services
from uppsikt.cases.demo import DIALOGUE_POINTS, DIALOGUE_SUMMARY, _not_affected
from uppsikt.cases.models import AssessmentTemplate, Record
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import demo_seal
from uppsikt.documents import pdf as pdf_writer
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Membership

from . import services
from .models import Approval, FloorMotion, MinutesItem

TZ = ZoneInfo("Europe/Stockholm")

SPRING_POINTS = [
    "Notera driftnämndens arbete med beredskapsfrågor för att säkra en robust verksamhet, "
    "särskilt avseende kontinuitetsplanering samt inom området lager och logistik",
    "Notera driftnämndens arbete med fördjupad analys av Nästa generations måltidssystem för "
    "patienter, med koppling till framtidens sjukhus",
    "Uppmärksamma att information och samverkan avseende sjukhusbyggnationerna och framtidens "
    "vårdstruktur kan stärkas",
    "Uppmärksamma driftnämnden att arbeta vidare med åtgärdsplaner för att effektivisera "
    "verksamheten och eliminera interna obalanser",
    "Ge driftnämnden i uppdrag att tillsammans med Regionkontoret ta fram en analys med "
    "alternativ och konsekvenser av att inte erbjuda varma måltider i Restaurang Utsikten på "
    "Södra vägen 9",
]
AUTUMN_ADDITIONS = [
    "Notera driftnämndens goda måluppfyllnad och insatser i ekonomistyrningen för att nå en "
    "budget i balans.",
    "Notera driftnämndens arbete med att ta emot och möjliggör för de som står långt från "
    "arbetsmarknaden samt studenter.",
    "Notera driftnämndens arbete med utveckling av grunduppdraget inom framtidens "
    "måltidsförsörjning, utveckling för framtidens sjukhus, samt lager och logistik för ökad "
    "robusthet.",
]
PLACE = "Regionens hus, Halmstad"
KEPT_AT = "Regionkontoret, Halmstad"  # where the region keeps its signed minutes


def _seats(body, on):
    members = Membership.objects.filter(body=body, start_date__lte=on, end_date__gte=on).exclude(
        role=Membership.Role.DEPUTY
    )
    chair = members.get(role=Membership.Role.CHAIR).person
    second = members.filter(role=Membership.Role.FIRST_VICE_CHAIR).first()
    approver = second.person if second else members.exclude(person=chair).first().person
    return chair, approver, [m.person_id for m in members]


def _held(body, date, *, last_number=None, officials=(), agenda=()):
    """A meeting of ``body`` on ``date`` with every member present, held."""
    if last_number is not None:
        services.series_continue(actor=SYSTEM, body=body, year=date.year, last_number=last_number)
    meeting = services.meeting_create(
        actor=SYSTEM,
        body=body,
        date=date,
        start_time=dt.time(9, 0),
        place=PLACE,
        minutes_kept_at=KEPT_AT,
    )
    for kwargs in agenda:
        services.agenda_add(actor=SYSTEM, meeting=meeting, **kwargs)
    chair, approver, present = _seats(body, date)
    services.attendance_record(
        actor=SYSTEM, meeting=meeting, present=present, officials=list(officials)
    )
    services.meeting_set_approvers(actor=SYSTEM, meeting=meeting, chair=chair, approvers=[approver])
    services.meeting_hold(actor=SYSTEM, meeting=meeting)
    meeting.refresh_from_db()
    return meeting, chair, approver


def _approve(meeting, chair, approver, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(10, 0), tzinfo=TZ)
    for person in (chair, approver):
        services.minutes_approve(
            actor=SYSTEM, meeting=meeting, person=person, method=Approval.Method.IN_SYSTEM, at=at
        )


def _dispatch(item, day: dt.date) -> None:
    """The extract of an approved item sent to each of its recipients on ``day``, as the
    secretary did after the minutes were approved."""
    at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=TZ)
    fmt = "pdf" if pdf_writer.available() else "docx"
    item = MinutesItem.objects.get(pk=item.pk)
    for recipient in item.dispatch_to:
        services.dispatch_record(actor=SYSTEM, item=item, recipient=recipient, fmt=fmt, at=at)


def load(*, context) -> None:
    organisation = context.organisation
    # The demo's own seal certificate, so the minutes it approves are sealed (docs/sealing.md);
    # a configured seal of the installation takes precedence.
    if settings.UPPSIKT_SEAL_DEMO:
        demo_seal.make(organisation=organisation.name)
    bodies, units, officials = (
        context.objects["bodies"],
        context.objects["units"],
        context.objects["officials"],
    )
    cases = context.objects["cases"]
    rsau = bodies["RSAU"]
    secretary = officials[("Nämndsekreterare", "RK-KAN-SEK")]
    stabs, dialogue = cases["RS211123"], cases["RS241521"]
    intro = "Regionstyrelsens arbetsutskott beslutar att"

    # The committee's previous term (2019–2022), with the same people, for § 398.
    for m in Membership.objects.filter(body=rsau).select_related("person", "party"):
        org_services.membership_create(
            actor=SYSTEM,
            person=m.person,
            body=rsau,
            role=m.role,
            start_date=dt.date(2019, 1, 1),
            end_date=dt.date(2022, 12, 31),
            party=m.party,
            deputy_order=m.deputy_order,
        )

    # 2021-11-09 § 398: the assignment that § 311 closes.
    m398, chair, approver = _held(
        rsau,
        dt.date(2021, 11, 9),
        last_number=397,
        officials=[secretary],
        agenda=[{"case": stabs, "title": "Uppdrag om översyn av förvaltningarnas stabsfunktioner"}],
    )
    p398 = m398.items.get()
    services.item_update(
        actor=SYSTEM,
        item=p398,
        version=p398.version,
        matter="Regionstyrelsens arbetsutskott behöver en samlad bild av förvaltningarnas "
        "stabsfunktioner och administrativa kapaciteter inför mandatperioden.",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=[
            "ge Regionkontoret i uppdrag att översiktligt kartlägga förvaltningarnas "
            "förutsättningar och administrativa kapaciteter, i nära samarbete med "
            "förvaltningsledningarna, och återrapportera till arbetsutskottet."
        ],
        dispatch_to=["Regionkontoret"],
    )
    _approve(m398, chair, approver, dt.date(2021, 11, 12))
    _dispatch(p398, dt.date(2021, 11, 15))
    a398 = services.assignment_create(
        actor=SYSTEM, item=p398, point=1, recipient_unit=units["RK"], due_date=dt.date(2023, 9, 30)
    )

    # 2023-10-03 § 311 (reference 000).
    stabs_proposal = stabs.proposals.get()
    m311, chair, approver = _held(
        rsau,
        dt.date(2023, 10, 3),
        last_number=310,
        officials=[secretary],
        agenda=[{"proposal": stabs_proposal}],
    )
    p311 = m311.items.get()
    services.item_decide(actor=SYSTEM, item=p311)
    services.assignment_close(actor=SYSTEM, assignment=a398, closing_item=p311)
    _approve(m311, chair, approver, dt.date(2023, 10, 6))
    _dispatch(p311, dt.date(2023, 10, 9))

    # 2025-04-01 § 83: the spring dialogue. Its proposal, drawn up in the register.
    templates = {t.code: t for t in AssessmentTemplate.objects.filter(organisation=organisation)}
    spring_record = Record.objects.get(
        case=dialogue, description__endswith="våren 2025", kind=Record.Kind.DRAWN_UP
    )
    spring = case_services.proposal_create(
        actor=SYSTEM,
        case=dialogue,
        body=rsau,
        title="Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, våren 2025",
        date=dt.date(2025, 3, 3),
        decision_intro=intro,
    )
    case_services.proposal_update(
        actor=SYSTEM,
        proposal=spring,
        decision_points=DIALOGUE_POINTS,
        summary=DIALOGUE_SUMMARY
        + "\n\nTill dialogen har regionstyrelsens hälso- och sjukvårdsutskott bjudits in att "
        "delta.",
        economic_consequences="Det finns inga ekonomiska konsekvenser till följd av beslutet.",
        basis=[spring_record],
        dispatch_to=["Driftnämnden Regionservice"],
        signatories=[officials[("Regiondirektör", "RK")]],
    )
    _not_affected(
        spring,
        templates,
        {
            "child_rights": "Beslutet antecknar och noterar information och riktar inga "
            "åtgärder mot barn",
            "gender_equality": "Beslutet antecknar och noterar information och ändrar inte "
            "service, inflytande eller resurser",
        },
    )
    spring = case_services.proposal_transition(actor=SYSTEM, proposal=spring, to="final")
    m83, chair, approver = _held(
        rsau,
        dt.date(2025, 4, 1),
        last_number=82,
        officials=[secretary],
        agenda=[
            {"proposal": spring, "title": "Nämndsdialog med driftnämnden Regionservice, våren 2025"}
        ],
    )
    p83 = m83.items.get()
    motion = services.motion_add(
        actor=SYSTEM,
        item=p83,
        person=chair,
        kind=FloorMotion.Kind.AMEND,
        points=SPRING_POINTS,
    )
    p83 = services.item_decide(actor=SYSTEM, item=p83, motion_won=motion)
    services.item_update(
        actor=SYSTEM,
        item=p83,
        version=p83.version,
        procedure="Regionstyrelsens arbetsutskott bifaller yrkandet.",
    )
    _approve(m83, chair, approver, dt.date(2025, 4, 4))
    _dispatch(p83, dt.date(2025, 4, 7))
    p83.refresh_from_db()
    a83 = services.assignment_create(
        actor=SYSTEM,
        item=p83,
        point=5,
        recipient_body=bodies["DNRS"],
        due_date=dt.date(2026, 12, 31),
    )

    # 2025-10-14 § 248: the autumn dialogue (reference 002).
    autumn = dialogue.proposals.get(title__endswith="hösten 2025")
    m248, chair, approver = _held(
        rsau,
        dt.date(2025, 10, 14),
        last_number=247,
        officials=[secretary],
        agenda=[{"proposal": autumn, "title": "Nämndsdialog Regionservice"}],
    )
    p248 = m248.items.get()
    addition = services.motion_add(
        actor=SYSTEM,
        item=p248,
        person=chair,
        kind=FloorMotion.Kind.ADD,
        points=AUTUMN_ADDITIONS,
    )
    services.item_decide(actor=SYSTEM, item=p248, additions_adopted=[addition])
    _approve(m248, chair, approver, dt.date(2025, 10, 17))
    _dispatch(p248, dt.date(2025, 10, 20))

    # A board meeting today, with its agenda, for the secretary to hold.
    today = timezone.localdate()
    services.series_continue(actor=SYSTEM, body=bodies["RS"], year=today.year, last_number=180)
    board = services.meeting_create(
        actor=SYSTEM,
        body=bodies["RS"],
        date=today,
        start_time=dt.time(13, 0),
        place=PLACE,
        minutes_kept_at=KEPT_AT,
    )
    # the decision the register's demo took under delegation (point 2.4), not yet reported
    services.agenda_add_delegated_decisions(actor=SYSTEM, meeting=board)
    services.agenda_add(
        actor=SYSTEM,
        meeting=board,
        title="Information om uppföljning av nämndsdialogerna",
        kind="information",
    )
    # The committee's meetings around today, one in each state after planning: minutes
    # awaiting approval, one item approved at once (the others not yet), a summons sent.
    recent, approved_at_once, summoned = _current_meetings(rsau, secretary, today)

    context.objects.update(
        {
            "meetings": {
                "398": m398,
                "311": m311,
                "83": m83,
                "248": m248,
                "board": board,
                "recent": recent,
                "approved_at_once": approved_at_once,
                "summoned": summoned,
            },
            "minutes_items": {"398": p398, "311": p311, "83": p83, "248": p248},
            "decision_assignments": {"398": a398, "83": a83},
        }
    )


def _write(item, *, matter: str, points: list[str], dispatch_to: list[str]) -> None:
    services.item_update(
        actor=SYSTEM,
        item=item,
        version=item.version,
        matter=matter,
        decision_intro="Regionstyrelsens arbetsutskott beslutar att",
        decision_points=points,
        dispatch_to=dispatch_to,
    )


def _current_meetings(rsau, secretary, today: dt.date):
    """A week ago: held, the minutes awaiting approval. Yesterday: held, the first item
    approved at once and on the notice board, the second not yet approved. In two weeks: the
    summons sent (when PDF can be written on this server)."""
    recent, _chair, _approver = _held(
        rsau,
        today - dt.timedelta(days=7),
        officials=[secretary],
        agenda=[
            {"title": "Lokalförsörjningsplan 2027–2030", "kind": "information"},
            {
                "title": "Yttrande över remiss om regional utvecklingsstrategi",
                "kind": "information",
            },
        ],
    )
    plan, reply = recent.items.order_by("position")
    _write(
        plan,
        matter="Regionkontoret har tagit fram ett förslag till lokalförsörjningsplan.",
        points=["anteckna informationen", "ge Regionkontoret i uppdrag att återkomma i maj"],
        dispatch_to=["Regionkontoret", "Driftnämnden Regionservice"],
    )
    _write(
        reply,
        matter="Regionen har fått remissen för yttrande.",
        points=["lämna yttrande enligt Regionkontorets förslag"],
        dispatch_to=["Regionkontoret"],
    )

    yesterday = today - dt.timedelta(days=1)
    at_once, chair, approver = _held(
        rsau,
        yesterday,
        officials=[secretary],
        agenda=[
            {"title": "Upphandling av måltidssystem, tilldelningsbeslut", "kind": "information"},
            {"title": "Uppföljning av internkontrollplanen", "kind": "information"},
        ],
    )
    urgent, later = at_once.items.order_by("position")
    _write(
        urgent,
        matter="Tilldelningsbeslutet behöver fattas innan avtalsspärren löper ut.",
        points=["godkänna tilldelningsbeslutet", "förklara paragrafen omedelbart justerad"],
        dispatch_to=["Driftnämnden Regionservice"],
    )
    _write(
        later,
        matter="Internkontrollplanens första uppföljning, ännu inte justerad.",
        points=["anteckna uppföljningen"],
        dispatch_to=["Regionkontoret"],
    )
    signed = dt.datetime.combine(yesterday, dt.time(12, 0), tzinfo=TZ)
    for person in (chair, approver):
        services.item_approve_immediately(
            actor=SYSTEM,
            item=urgent,
            person=person,
            method=Approval.Method.IN_SYSTEM,
            at=signed,
        )

    summoned = services.meeting_create(
        actor=SYSTEM,
        body=rsau,
        date=today + dt.timedelta(days=14),
        start_time=dt.time(9, 0),
        place=PLACE,
        minutes_kept_at=KEPT_AT,
    )
    services.agenda_add(
        actor=SYSTEM,
        meeting=summoned,
        title="Information om regionens beredskapsplanering",
        kind="information",
    )
    if pdf_writer.available():
        services.summons_send(actor=SYSTEM, meeting=summoned)
    return recent, at_once, summoned
