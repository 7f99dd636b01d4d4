"""Writes of the dialogues: each keyword-only, permission first with its scope, atomic, audited.

The register and the meetings do their own part through their services: a dialogue's case and
decision proposal are registered and written by ``cases.services`` (with the register's own
permission checks), and it becomes a minutes item when the proposal is put on an agenda
(``meetings.services.agenda_add``), where motions add points and give assignments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case, DecisionProposal, Record
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.core.html_sanitize import sanitize
from uppsikt.core.permissions import user_or_none
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.models import AgendaItem, Meeting
from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere, has_permission

from . import selectors
from .models import (
    Dialogue,
    DialogueNotes,
    DialogueText,
    NotesAttendee,
    NotesQuestion,
    Question,
)

SUMMARY = (
    "Nämndsdialoger är ett systematiskt arbetssätt med strukturerade dialoger för att bidra till "
    "att säkra både grunduppdrag och utvecklingsarbete. Syftet med nämndsdialogerna är att "
    "utgöra en del i säkerställandet av regionstyrelsens uppsiktsplikt, samt bidra till ökad "
    "förståelse, helhetssyn och samverkan."
)
NO_CONSEQUENCES = "Det finns inga ekonomiska konsekvenser till följd av beslutet."


# ---------------------------------------------------------------------------------------------
# The texts of the decision proposal (reference 002): from the committee's name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _committee_genitive(committee: Body) -> str:
    """ "Driftnämnden Regionservice" → "driftnämndens": the committee's kind as the minutes
    write it (the first word of its name), in the genitive."""
    first = committee.name.split()[0].rstrip("-") if committee.name else "nämnden"
    word = _lower_first(first)
    return word if word.endswith("s") else f"{word}s"


def _organisation_name(organisation: Organisation) -> str:
    return re.sub(r"\s*\(.*?\)\s*$", "", organisation.name)


def standard_points(*, committee: Body, organisation: Organisation) -> list[str]:
    """The standard decision points of a dialogue (reference 002, § 248 and § 83)."""
    name, who = _lower_first(committee.name), _committee_genitive(committee)
    return [
        f"anteckna informationen från {name} till protokollet.",
        f"notera {who} arbete med att utföra grunduppdraget med hög kvalitet.",
        f"notera {who} arbete med att genomföra beslutad verksamhetsplan och därmed arbeta "
        f"för att bidra till regionfullmäktiges fokusområden för "
        f"{_organisation_name(organisation)}.",
        f"notera {who} arbete med en budget i balans, och en god ekonomisk hushållning.",
        f"notera {who} arbete med en god intern kontroll och prioriterade kontrollåtgärder.",
    ]


def proposal_title(dialogue: Dialogue) -> str:
    """ "Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, hösten 2025"."""
    season = f", {dialogue.season} {dialogue.year}" if dialogue.season else f" {dialogue.ident}"
    return f"Beslutsförslag, Nämndsdialog med {_lower_first(dialogue.committee.name)}{season}"


def _summary(dialogue: Dialogue) -> str:
    guests = list(dialogue.guests.order_by("position", "name"))
    if not guests:
        return SUMMARY
    names = [_lower_first(g.name) for g in guests]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
    plural = "bjudits in" if len(names) == 1 else "bjudits in"
    return f"{SUMMARY}\n\nTill dialogen har {joined} {plural} att delta."


def _case_title(committee: Body) -> str:
    return f"Nämndsdialog med {_lower_first(committee.name)}"


def _register_body(overseer: Body) -> Body:
    """The body whose register a dialogue's case goes in: a working committee without a prefix
    of its own registers in its board's."""
    if overseer.parent_id and not overseer.register_prefix:
        return overseer.parent
    return overseer


# ---------------------------------------------------------------------------------------------
# Dialogues


def _check_bodies(organisation: Organisation, overseer: Body, committee: Body, guests) -> None:
    for body in (overseer, committee, *guests):
        if body.organisation_id != organisation.pk:
            raise DomainError(_("%(body)s hör till en annan organisation.") % {"body": body.name})
    if committee.pk == overseer.pk:
        raise DomainError(_("Ett organ håller inte nämndsdialog med sig självt."))
    if committee.kind != Body.Kind.COMMITTEE:
        raise DomainError(_("Dialogen hålls med en nämnd."))


def _check_period(organisation: Organisation, period: ReportingPeriod | None) -> None:
    if period is not None and period.organisation_id != organisation.pk:
        raise DomainError(_("Perioden hör till en annan organisation."))
    if period is not None and period.kind == ReportingPeriod.Kind.MONTHLY:
        raise DomainError(
            _(
                "En dialog bygger på en uppföljningsrapport eller årsrapporten, inte en månadsrapport."
            )
        )


@transaction.atomic
def dialogue_create(
    *,
    actor,
    organisation: Organisation,
    overseer: Body,
    committee: Body,
    year: int,
    number: int,
    date: dt.date,
    period: ReportingPeriod | None = None,
    guests: Sequence[Body] = (),
    case: Case | None = None,
    register: bool = False,
) -> Dialogue:
    """Create a dialogue with the committee's three slides to write. With ``register`` it gets
    its case (``case``, the committee's dialogue case over the years, or a new one in the
    register of the body holding the dialogue) and the decision proposal with the standard
    points; the register's services check their own permissions."""
    ensure_can(actor, "dialogues.manage", overseer)
    guests = list(guests)
    _check_bodies(organisation, overseer, committee, guests)
    if not 1 <= number <= 9:
        raise DomainError(_("Dialogens nummer under året är 1 (våren) eller 2 (hösten)."))
    if not 2000 <= year <= 2100 or date.year != year:
        raise DomainError(_("Dialogens datum ska ligga i dialogens år."))
    if Dialogue.objects.filter(committee=committee, year=year, number=number).exists():
        raise DomainError(
            _("%(body)s har redan nämndsdialog %(year)s-%(number)s.")
            % {"body": committee.name, "year": year, "number": number}
        )
    if period is None:
        period = selectors.default_period(organisation=organisation, year=year, number=number)
    _check_period(organisation, period)
    dialogue = Dialogue.objects.create(
        organisation=organisation,
        overseer=overseer,
        committee=committee,
        year=year,
        number=number,
        date=date,
        period=period,
        created_by=user_or_none(actor),
    )
    dialogue.guests.set(guests)
    for key, label in DialogueText.Key.choices:
        DialogueText.objects.create(dialogue=dialogue, key=key, title=str(label))
    audit_record(actor=actor, action="dialogue.create", obj=dialogue)
    if register:
        dialogue = dialogue_proposal_create(actor=actor, dialogue=dialogue, case=case)
    return dialogue


def _lock(dialogue: Dialogue, version: int | None = None) -> Dialogue:
    current = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    if version is not None and current.version != version:
        raise DomainError(
            _("Dialogen har ändrats av någon annan sedan du öppnade den. Ladda om sidan.")
        )
    return current


@transaction.atomic
def dialogue_update(
    *,
    actor,
    dialogue: Dialogue,
    version: int,
    date: dt.date,
    period: ReportingPeriod | None,
    guests: Sequence[Body],
) -> Dialogue:
    """Change a dialogue's date, the follow-up it rests on and who is invited."""
    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    current = _lock(dialogue, version)
    guests = list(guests)
    _check_bodies(current.organisation, current.overseer, current.committee, guests)
    _check_period(current.organisation, period)
    if date.year != current.year:
        raise DomainError(_("Dialogens datum ska ligga i dialogens år."))
    before = snapshot(current)
    before["guests"] = sorted(current.guests.values_list("pk", flat=True))
    current.date = date
    current.period = period
    current.version += 1
    current.save(update_fields=["date", "period", "version", "updated_at"])
    current.guests.set(guests)
    after = snapshot(current)
    after["guests"] = sorted(g.pk for g in guests)
    audit_record(actor=actor, action="dialogue.update", obj=current, before=before, after=after)
    return current


@transaction.atomic
def dialogue_text_save(
    *, actor, dialogue: Dialogue, key: str, title: str, text: str, version: int
) -> DialogueText:
    """Write one of the committee's slides (sanitised rich text: paragraphs and lists).
    ``version`` is the one the form was opened with; a save over someone else's is refused."""
    if not selectors.may_write_texts(actor, dialogue):
        ensure_can(actor, "dialogues.write", dialogue.committee)
    if key not in DialogueText.Key.values:
        raise DomainError(_("Okänd bild."))
    row = DialogueText.objects.select_for_update().filter(dialogue=dialogue, key=key).first()
    if row is None:
        row = DialogueText(dialogue=dialogue, key=key, title=DialogueText.Key(key).label)
        before = None
    else:
        if version != row.version:
            raise DomainError(
                _("Bilden har ändrats av någon annan sedan du öppnade den. Ladda om sidan.")
            )
        before = snapshot(row)
        row.version += 1
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Bilden behöver en rubrik."))
    row.title = title[:200]
    row.text = sanitize(text or "")
    row.updated_by = user_or_none(actor)
    row.save()
    audit_record(actor=actor, action="dialogue_text.save", obj=row, before=before)
    return row


@transaction.atomic
def dialogue_proposal_create(*, actor, dialogue: Dialogue, case: Case | None = None) -> Dialogue:
    """Give the dialogue its case (``case``, or a new one) and a decision proposal to the body
    holding it with reference 002's standard points; the register checks its permissions."""
    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    current = _lock(dialogue)
    if current.proposal_id is not None:
        raise InvalidTransition(_("Dialogen har redan ett beslutsförslag."))
    before = snapshot(current)
    if case is None:
        case = current.case
    if case is None:
        case = case_services.case_register(
            actor=actor,
            organisation=current.organisation,
            body=_register_body(current.overseer),
            title=_case_title(current.committee),
            description=_("Nämndsdialog med %(body)s, som en del av uppsiktsplikten.")
            % {"body": _lower_first(current.committee.name)},
            registered_on=min(timezone.localdate(), current.date),
        )
    elif case.organisation_id != current.organisation_id:
        raise DomainError(_("Ärendet hör till en annan organisation."))
    proposal = case_services.proposal_create(
        actor=actor,
        case=case,
        body=current.overseer,
        title=proposal_title(current),
        date=min(timezone.localdate(), current.date),
        decision_intro=f"{current.overseer.name} beslutar att",
    )
    proposal = case_services.proposal_update(
        actor=actor,
        proposal=proposal,
        decision_points=standard_points(
            committee=current.committee, organisation=current.organisation
        ),
        summary=_summary(current),
        economic_consequences=NO_CONSEQUENCES,
        attachments=[f"Dialogunderlag {current.committee.name}"],
        dispatch_to=[current.committee.name],
    )
    current.case = case
    current.proposal = proposal
    current.version += 1
    current.save(update_fields=["case", "proposal", "version", "updated_at"])
    audit_record(actor=actor, action="dialogue.proposal", obj=current, before=before)
    return current


@transaction.atomic
def dialogue_proposal_link(*, actor, dialogue: Dialogue, proposal: DecisionProposal) -> Dialogue:
    """Link a decision proposal already written in the register (and its case) to the
    dialogue: the one that becomes its minutes item."""
    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    current = _lock(dialogue)
    if proposal.case.organisation_id != current.organisation_id:
        raise DomainError(_("Beslutsförslaget hör till en annan organisation."))
    if proposal.body_id != current.overseer_id:
        raise DomainError(_("Beslutsförslaget är ställt till ett annat organ."))
    taken = Dialogue.objects.filter(proposal=proposal).exclude(pk=current.pk)
    if taken.exists():
        raise DomainError(_("Beslutsförslaget hör redan till en annan dialog."))
    before = snapshot(current)
    current.case = proposal.case
    current.proposal = proposal
    current.version += 1
    current.save(update_fields=["case", "proposal", "version", "updated_at"])
    audit_record(actor=actor, action="dialogue.proposal_link", obj=current, before=before)
    return current


def _may_register(actor, case: Case) -> bool:
    return has_permission(actor, "cases.register", case.body) or (
        case.unit is not None and has_permission(actor, "cases.register", case.unit)
    )


def brief_description(dialogue: Dialogue) -> str:
    """The brief's record in the register: "Dialogunderlag 2025-10-14 DRS"."""
    code = dialogue.committee.register_prefix or dialogue.committee.code
    return f"Dialogunderlag {dialogue.date.isoformat()} {code}"


@transaction.atomic
def dialogue_brief_record(
    *, actor, dialogue: Dialogue, pdf: bytes | None, filename: str, checksum: str
) -> Dialogue:
    """Record that the brief was generated (``pdf``, rendered before this transaction): the
    dialogue's brief is made, and, where the actor may register in the dialogue's case, the PDF
    is kept there as a record (a new file on the same record when the brief changed) and
    becomes part of the draft proposal's basis. Without a PDF (a server that cannot write
    one) nothing goes to the register."""
    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    current = _lock(dialogue)
    before = snapshot(current)
    case = current.case
    registered = False
    if (
        pdf is not None
        and case is not None
        and case.status == Case.Status.OPEN
        and _may_register(actor, case)
    ):
        upload = SimpleUploadedFile(filename, pdf, content_type="application/pdf")
        record = current.brief_record
        if record is None:
            record = case_services.record_register(
                actor=actor,
                case=case,
                kind=Record.Kind.DRAWN_UP,
                date=timezone.localdate(),
                description=brief_description(current),
                files=[upload],
            )
            current.brief_record = record
        elif checksum != current.brief_checksum:
            case_services.record_attach(actor=actor, record=record, upload=upload)
        registered = True
        proposal = current.proposal
        if proposal is not None and not proposal.locked:
            basis = list(proposal.basis.all())
            if record not in basis:
                case_services.proposal_update(
                    actor=actor, proposal=proposal, basis=[*basis, record]
                )
    current.state = Dialogue.State.BRIEF
    current.brief_at = timezone.now()
    current.brief_checksum = checksum
    current.version += 1
    current.save(
        update_fields=[
            "state",
            "brief_at",
            "brief_checksum",
            "brief_record",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="dialogue.brief",
        obj=current,
        before=before,
        detail={"sha256": checksum, "registered": registered},
    )
    return current


@transaction.atomic
def dialogue_agenda_add(*, actor, dialogue: Dialogue, meeting: Meeting) -> AgendaItem:
    """Put the dialogue's (final) decision proposal on a meeting of the body holding it: the
    meetings' own service does it, with its checks."""
    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    if dialogue.proposal is None:
        raise DomainError(_("Dialogen har inget beslutsförslag."))
    if meeting.body_id != dialogue.overseer_id:
        raise DomainError(_("Sammanträdet är ett annat organs."))
    title = f"Nämndsdialog med {_lower_first(dialogue.committee.name)}"
    if dialogue.season:
        title += f", {dialogue.season} {dialogue.year}"
    return meeting_services.agenda_add(
        actor=actor, meeting=meeting, proposal=dialogue.proposal, title=title
    )


# ---------------------------------------------------------------------------------------------
# The question bank and the notes


@transaction.atomic
def question_create(
    *, actor, organisation: Organisation, text: str, area: str = "", position: int = 0
) -> Question:
    ensure_can_everywhere(actor, "dialogues.configure")
    text = " ".join((text or "").split())
    if not text:
        raise DomainError(_("Skriv frågan."))
    question = Question.objects.create(
        organisation=organisation,
        text=text[:300],
        area=" ".join((area or "").split())[:100],
        position=position,
    )
    audit_record(actor=actor, action="dialogue_question.create", obj=question)
    return question


@transaction.atomic
def question_set_active(*, actor, question: Question, active: bool) -> Question:
    ensure_can_everywhere(actor, "dialogues.configure")
    before = snapshot(question)
    question.is_active = active
    question.save(update_fields=["is_active", "updated_at"])
    audit_record(actor=actor, action="dialogue_question.active", obj=question, before=before)
    return question


@transaction.atomic
def notes_create(
    *,
    actor,
    organisation: Organisation,
    overseer: Body,
    committee: Body,
    management_group: str,
    date: dt.date,
    dialogue: Dialogue | None = None,
    questions: Iterable[Question | str] = (),
) -> DialogueNotes:
    """Start the notes of a dialogue meeting, with its questions prepared in advance (from the
    question bank, or written)."""
    ensure_can(actor, "dialogues.manage", overseer)
    for body in (overseer, committee):
        if body.organisation_id != organisation.pk:
            raise DomainError(_("%(body)s hör till en annan organisation.") % {"body": body.name})
    group = " ".join((management_group or "").split())
    if not group:
        raise DomainError(_("Ange ledningsgruppen som dialogen hålls med."))
    if DialogueNotes.objects.filter(committee=committee, date=date).exists():
        raise DomainError(
            _("Det finns redan minnesanteckningar för %(body)s %(date)s.")
            % {"body": committee.name, "date": date.isoformat()}
        )
    if dialogue is not None and dialogue.committee_id != committee.pk:
        raise DomainError(_("Dialogen är en annan nämnds."))
    notes = DialogueNotes.objects.create(
        organisation=organisation,
        overseer=overseer,
        committee=committee,
        management_group=group[:200],
        date=date,
        dialogue=dialogue,
    )
    for position, q in enumerate(questions, start=1):
        _add_question(notes, q, position)
    audit_record(
        actor=actor,
        action="dialogue_notes.create",
        obj=notes,
        detail={"questions": notes.questions.count()},
    )
    return notes


def _add_question(notes: DialogueNotes, q: Question | str, position: int) -> NotesQuestion:
    if isinstance(q, Question):
        if q.organisation_id != notes.organisation_id:
            raise DomainError(_("Frågan hör till en annan organisation."))
        return NotesQuestion.objects.create(
            notes=notes, position=position, question=q.text, source=q
        )
    text = " ".join((q or "").split())
    if not text:
        raise DomainError(_("Skriv frågan."))
    return NotesQuestion.objects.create(notes=notes, position=position, question=text[:300])


def _lock_notes(notes: DialogueNotes, version: int | None) -> DialogueNotes:
    current = DialogueNotes.objects.select_for_update().get(pk=notes.pk)
    if version is not None and current.version != version:
        raise DomainError(
            _("Anteckningarna har ändrats av någon annan sedan du öppnade dem. Ladda om sidan.")
        )
    return current


def _bump(notes: DialogueNotes) -> None:
    notes.version += 1
    notes.save(update_fields=["version", "updated_at"])


@transaction.atomic
def notes_question_add(
    *, actor, notes: DialogueNotes, question: Question | str, version: int
) -> NotesQuestion:
    ensure_can(actor, "dialogues.manage", notes.overseer)
    current = _lock_notes(notes, version)
    position = (
        current.questions.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    row = _add_question(current, question, position)
    _bump(current)
    audit_record(actor=actor, action="dialogue_notes.question_add", obj=row)
    return row


@transaction.atomic
def notes_answer_save(
    *, actor, notes: DialogueNotes, question: NotesQuestion, answer: str, version: int
) -> NotesQuestion:
    """Note the answer to a question: free text with lists (sanitised)."""
    ensure_can(actor, "dialogues.manage", notes.overseer)
    current = _lock_notes(notes, version)
    if question.notes_id != current.pk:
        raise DomainError(_("Frågan hör till andra anteckningar."))
    before = {"answer": question.answer}
    question.answer = sanitize(answer or "")
    question.save(update_fields=["answer"])
    _bump(current)
    audit_record(
        actor=actor,
        action="dialogue_notes.answer",
        obj=question,
        before=before,
        after={"answer": question.answer},
    )
    return question


@transaction.atomic
def notes_attendee_add(
    *,
    actor,
    notes: DialogueNotes,
    name: str,
    role: str = "",
    by_phone: bool = False,
    side: str = NotesAttendee.Side.COMMITTEE,
    version: int,
) -> NotesAttendee:
    """Someone present: name and role (``by_phone`` for "på telefon")."""
    ensure_can(actor, "dialogues.manage", notes.overseer)
    current = _lock_notes(notes, version)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Ange namnet."))
    if side not in NotesAttendee.Side.values:
        raise DomainError(_("Okänd sida."))
    position = (
        current.attendees.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    row = NotesAttendee.objects.create(
        notes=current,
        name=name[:200],
        role=" ".join((role or "").split())[:200],
        by_phone=by_phone,
        side=side,
        position=position,
    )
    _bump(current)
    audit_record(actor=actor, action="dialogue_notes.attendee_add", obj=row)
    return row


@transaction.atomic
def notes_attendee_remove(
    *, actor, notes: DialogueNotes, attendee: NotesAttendee, version: int
) -> None:
    ensure_can(actor, "dialogues.manage", notes.overseer)
    current = _lock_notes(notes, version)
    if attendee.notes_id != current.pk:
        raise DomainError(_("Personen hör till andra anteckningar."))
    before = snapshot(attendee)
    audit_record(
        actor=actor,
        action="dialogue_notes.attendee_remove",
        obj=attendee,
        before=before,
        after=None,
    )
    attendee.delete()
    _bump(current)


def _questions_mail(notes: DialogueNotes, questions: list[NotesQuestion]) -> tuple[str, str]:
    subject = _("Frågor inför dialogen %(date)s: %(title)s") % {
        "date": notes.date.isoformat(),
        "title": f"{notes.overseer.name} och {notes.management_group}",
    }
    lines = [f"{i}. {q.question}" for i, q in enumerate(questions, start=1)]
    body = _(
        "Hej!\n\nInför träffen %(date)s mellan %(board)s och %(group)s vill vi gärna att ni "
        "förbereder svar på följande frågor:\n\n%(questions)s\n\nHälsningar\n%(board)s"
    ) % {
        "date": notes.date.isoformat(),
        "board": notes.overseer.name,
        "group": notes.management_group,
        "questions": "\n".join(lines),
    }
    return subject, body


@transaction.atomic
def notes_questions_send(
    *, actor, notes: DialogueNotes, recipients: Sequence[str]
) -> DialogueNotes:
    """E-mail the prepared questions to the committee (sent when the transaction commits)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    ensure_can(actor, "dialogues.manage", notes.overseer)
    current = _lock_notes(notes, None)
    addresses = sorted({r.strip() for r in recipients if r and r.strip()})
    if not addresses:
        raise DomainError(_("Ange minst en e-postadress."))
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise DomainError(_("%(a)s är ingen e-postadress.") % {"a": address}) from exc
    questions = list(current.questions.order_by("position", "pk"))
    if not questions:
        raise DomainError(_("Det finns inga frågor att skicka."))
    subject, body = _questions_mail(current, questions)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=addresses
    )
    transaction.on_commit(lambda: message.send(fail_silently=False))
    before = snapshot(current)
    current.questions_sent_at = timezone.now()
    current.questions_sent_to = addresses
    current.version += 1
    current.save(update_fields=["questions_sent_at", "questions_sent_to", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="dialogue_notes.questions_send",
        obj=current,
        before=before,
        detail={"recipients": addresses, "questions": len(questions)},
    )
    return current


def notes_render(*, notes: DialogueNotes, fmt: str, actor):
    """Render dialogue notes (docx, pdf, html) and keep the file (``documents``: outside any
    transaction, with checksum and data version). Read with the dialogue's scope. Returns
    ``(rendered, content, document)``."""
    from uppsikt.core.exceptions import NotPermitted
    from uppsikt.documents import services as doc_services
    from uppsikt.organisation.tenancy import document_scope

    from .documents import notes_document

    if not selectors.may_view(actor, committee=notes.committee, overseer=notes.overseer):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    return doc_services.document_render_keep(
        kind="dialogue_notes",
        subject=f"{document_scope(notes.organisation_id)}/{notes.committee.code}/"
        f"{notes.date.isoformat()}",
        fmt=fmt,
        build=lambda: notes_document(notes=notes),
        actor=actor,
        template_scope=document_scope(notes.organisation_id),
    )
