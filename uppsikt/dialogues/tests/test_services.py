"""Every write of the dialogues as a role scoped to the body (or unit) it concerns, and as the
same role elsewhere: allowed and audited, or refused with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from uppsikt.cases import services as case_services
from uppsikt.cases.models import AssessmentTemplate, Case, Record
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.dialogues import selectors, services
from uppsikt.dialogues.models import Dialogue, DialogueNotes, DialogueText, NotesAttendee
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a brief\n"

# Reference 002, "Förslag till beslut", with the committee's name as the demo spells it.
STANDARD_POINTS = [
    "anteckna informationen från driftnämnden Regionservice till protokollet.",
    "notera driftnämndens arbete med att utföra grunduppdraget med hög kvalitet.",
    "notera driftnämndens arbete med att genomföra beslutad verksamhetsplan och därmed arbeta "
    "för att bidra till regionfullmäktiges fokusområden för Region Halland.",
    "notera driftnämndens arbete med en budget i balans, och en god ekonomisk hushållning.",
    "notera driftnämndens arbete med en god intern kontroll och prioriterade kontrollåtgärder.",
]


def _audited(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


# --------------------------------------------------------------------------------------------
# Creating a dialogue, with its case and decision proposal


def test_the_secretary_of_the_board_creates_the_autumn_dialogue_with_case_and_proposal(world):
    d = world.dialogue(actor=world.secretary, guests=[world.rshu], register=True)
    assert (d.ident, d.title, d.season) == ("2025-2", "Nämndsdialog #2 2025", "hösten")
    # autumn rests on Uppföljningsrapport 2 of its year
    assert (d.period.year, d.period.kind) == (2025, "ur2")
    assert set(DialogueText.objects.filter(dialogue=d).values_list("key", flat=True)) == {
        "reflections",
        "examples",
        "challenges",
    }
    # the case in the board's register (the working committee has no prefix of its own)
    assert d.case.body == world.rs and d.case.number.startswith("RS25")
    assert d.case.title == "Nämndsdialog med driftnämnden Regionservice"
    p = d.proposal
    assert p.body == world.rsau
    assert p.title == "Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, hösten 2025"
    assert p.decision_intro == "Regionstyrelsens arbetsutskott beslutar att"
    assert p.decision_points == STANDARD_POINTS
    assert p.attachments == ["Dialogunderlag Driftnämnden Regionservice"]
    assert p.dispatch_to == ["Driftnämnden Regionservice"]
    assert p.summary.endswith(
        "Till dialogen har regionstyrelsens hälso- och sjukvårdsutskott bjudits in att delta."
    )
    assert _audited("dialogue.create") == 1 and _audited("dialogue.proposal") == 1


def test_the_spring_dialogue_rests_on_the_previous_years_annual_report(world):
    d = world.dialogue(number=1, actor=world.secretary)
    assert (d.period.year, d.period.kind) == (2024, "annual")
    assert d.case is None and d.proposal is None


def test_a_secretary_of_another_body_cannot_create_the_boards_dialogue(world):
    with pytest.raises(NotPermitted):
        world.dialogue(actor=world.secretary_elsewhere, register=True)
    assert not Dialogue.objects.exists() and not Case.objects.exists()


def test_a_controller_creates_the_dialogue_but_the_register_keeps_its_own_permission(world):
    d = world.dialogue(actor=world.controller)
    with pytest.raises(NotPermitted):
        services.dialogue_proposal_create(actor=world.controller, dialogue=d)
    assert Dialogue.objects.get().proposal is None and not Case.objects.exists()
    d = services.dialogue_proposal_create(actor=world.secretary, dialogue=d)
    assert d.proposal.decision_points == STANDARD_POINTS


def test_a_dialogue_number_is_taken_once_per_committee_and_year(world):
    world.dialogue()
    with pytest.raises(DomainError, match="redan nämndsdialog 2025-2"):
        world.dialogue()


def test_the_dialogue_is_held_with_a_committee(world):
    with pytest.raises(DomainError, match="med en nämnd"):
        world.dialogue(committee=world.rshu)


# --------------------------------------------------------------------------------------------
# Changing it and writing the committee's slides


def test_the_secretary_changes_the_date_and_guests_and_a_stale_form_is_refused(world):
    d = world.dialogue()
    d = services.dialogue_update(
        actor=world.secretary,
        dialogue=d,
        version=d.version,
        date=dt.date(2025, 10, 21),
        period=d.period,
        guests=[world.rshu],
    )
    assert d.date == dt.date(2025, 10, 21) and list(d.guests.all()) == [world.rshu]
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.dialogue_update(
            actor=world.secretary,
            dialogue=d,
            version=d.version - 1,
            date=dt.date(2025, 10, 22),
            period=d.period,
            guests=[],
        )
    assert _audited("dialogue.update") == 1


def test_a_secretary_elsewhere_cannot_change_the_dialogue(world):
    d = world.dialogue()
    with pytest.raises(NotPermitted):
        services.dialogue_update(
            actor=world.secretary_elsewhere,
            dialogue=d,
            version=d.version,
            date=dt.date(2025, 10, 21),
            period=None,
            guests=[],
        )
    assert Dialogue.objects.get().date == dt.date(2025, 10, 14)


def test_the_committees_administration_writes_its_slide_sanitised(world):
    d = world.dialogue()
    row = d.texts.get(key="reflections")
    saved = services.dialogue_text_save(
        actor=world.approver,
        dialogue=d,
        key="reflections",
        title="Inledande reflektioner uppföljningsrapport #2",
        text="<ul><li>Fortsatt låg personalomsättning</li></ul><script>x()</script>",
        version=row.version,
    )
    assert saved.title == "Inledande reflektioner uppföljningsrapport #2"
    assert saved.text == "<ul><li>Fortsatt låg personalomsättning</li></ul>"
    assert saved.version == row.version + 1
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.dialogue_text_save(
            actor=world.approver,
            dialogue=d,
            key="reflections",
            title="x",
            text="",
            version=row.version,
        )
    assert _audited("dialogue_text.save") == 1


def test_another_administration_cannot_write_the_committees_slide(world):
    d = world.dialogue()
    row = d.texts.get(key="examples")
    with pytest.raises(NotPermitted):
        services.dialogue_text_save(
            actor=world.approver_elsewhere,
            dialogue=d,
            key="examples",
            title="Exempel",
            text="<p>Inte vår nämnd</p>",
            version=row.version,
        )
    assert d.texts.get(key="examples").text == ""


# --------------------------------------------------------------------------------------------
# The brief in the register, the proposal on the agenda


def test_the_generated_brief_is_registered_in_the_case_and_joins_the_proposals_basis(world):
    d = world.dialogue(actor=world.secretary, register=True)
    d = services.dialogue_brief_record(
        actor=world.secretary, dialogue=d, pdf=PDF, filename="brief.pdf", checksum="a" * 64
    )
    assert d.state == Dialogue.State.BRIEF and d.brief_at is not None
    record = d.brief_record
    assert record.kind == Record.Kind.DRAWN_UP
    assert record.description == "Dialogunderlag 2025-10-14 DRS"
    assert [f.name for f in record.files.all()] == ["brief.pdf"]
    assert list(d.proposal.basis.all()) == [record]
    # generated again with other content: a new file on the same record
    d = services.dialogue_brief_record(
        actor=world.secretary, dialogue=d, pdf=PDF + b"2", filename="brief.pdf", checksum="b" * 64
    )
    assert Record.objects.filter(case=d.case).count() == 1 and record.files.count() == 2
    assert _audited("dialogue.brief") == 2


def test_a_controller_generates_the_brief_without_registering_it(world):
    d = world.dialogue(actor=world.secretary, register=True)
    d = services.dialogue_brief_record(
        actor=world.controller, dialogue=d, pdf=PDF, filename="brief.pdf", checksum="a" * 64
    )
    assert d.state == Dialogue.State.BRIEF and d.brief_record is None


def test_a_secretary_elsewhere_cannot_record_the_brief(world):
    d = world.dialogue(actor=world.secretary, register=True)
    with pytest.raises(NotPermitted):
        services.dialogue_brief_record(
            actor=world.secretary_elsewhere,
            dialogue=d,
            pdf=PDF,
            filename="brief.pdf",
            checksum="a" * 64,
        )
    assert Dialogue.objects.get().state == Dialogue.State.PREPARATION


def _final(proposal):
    from uppsikt.organisation.tests.factories import person

    director = person(proposal.case.organisation, "Krister", "Björkegren", title="Regiondirektör")
    proposal = case_services.proposal_update(
        actor=SYSTEM, proposal=proposal, signatories=[director]
    )
    case_services.impact_assessment_templates_ensure(
        actor=SYSTEM, organisation=proposal.case.organisation
    )
    for template in AssessmentTemplate.objects.filter(organisation=proposal.case.organisation):
        case_services.impact_assessment_save(
            actor=SYSTEM,
            proposal=proposal,
            template=template,
            affected=False,
            not_affected_reason="Beslutet antecknar information",
        )
    proposal.refresh_from_db()
    return case_services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")


def test_the_final_proposal_goes_on_the_working_committees_agenda(world):
    d = world.dialogue(actor=world.secretary, register=True)
    meeting = meeting_services.meeting_create(
        actor=SYSTEM,
        body=world.rsau,
        date=dt.date(2025, 10, 14),
        start_time=dt.time(9, 0),
        place="Regionens hus",
    )
    with pytest.raises(DomainError, match="slutliga"):
        services.dialogue_agenda_add(actor=world.secretary, dialogue=d, meeting=meeting)
    _final(d.proposal)
    d.refresh_from_db()
    item = services.dialogue_agenda_add(actor=world.secretary, dialogue=d, meeting=meeting)
    assert item.proposal == d.proposal
    assert item.title == "Nämndsdialog med driftnämnden Regionservice, hösten 2025"
    assert selectors.stage(d, None).code == "preparation"


def test_a_secretary_elsewhere_cannot_put_the_dialogue_on_the_agenda(world):
    d = world.dialogue(actor=world.secretary, register=True)
    _final(d.proposal)
    d.refresh_from_db()
    meeting = meeting_services.meeting_create(
        actor=SYSTEM,
        body=world.rsau,
        date=dt.date(2025, 10, 14),
        start_time=dt.time(9, 0),
        place="Regionens hus",
    )
    with pytest.raises(NotPermitted):
        services.dialogue_agenda_add(actor=world.secretary_elsewhere, dialogue=d, meeting=meeting)
    assert not AgendaItem.objects.exists()


def test_a_proposal_written_in_the_register_is_linked_once(world):
    d = world.dialogue(actor=world.secretary, register=True)
    other = world.dialogue(number=1)
    with pytest.raises(NotPermitted):
        services.dialogue_proposal_link(
            actor=world.secretary_elsewhere, dialogue=other, proposal=d.proposal
        )
    with pytest.raises(DomainError, match="en annan dialog"):
        services.dialogue_proposal_link(actor=world.secretary, dialogue=other, proposal=d.proposal)


# --------------------------------------------------------------------------------------------
# The question bank and the notes


def _notes(world, actor=SYSTEM):
    question = services.question_create(
        actor=world.controller,
        organisation=world.org,
        text="Hur långt har ni kommit med kompetensförskjutning ?",
        area="Kompetens",
    )
    return services.notes_create(
        actor=actor,
        organisation=world.org,
        overseer=world.rs,
        committee=world.dnks,
        management_group="Kultur och skolas ledningsgrupp",
        date=dt.date(2017, 6, 19),
        questions=[question, "Hur samarbetar ni med andra enheter när det gäller bemanning ?"],
    )


def test_the_question_bank_is_kept_organisation_wide(world):
    services.question_create(actor=world.controller, organisation=world.org, text="Fråga?")
    with pytest.raises(NotPermitted):
        services.question_create(actor=world.secretary, organisation=world.org, text="Fråga 2?")
    assert _audited("dialogue_question.create") == 1


def test_the_boards_secretary_keeps_the_notes_from_the_question_bank(world):
    notes = _notes(world, actor=world.secretary)
    assert notes.title == (
        "Minnesanteckningar från Regionstyrelsens träff med Kultur och skolas ledningsgrupp "
        "20170619"
    )
    questions = list(notes.questions.order_by("position"))
    assert [q.question for q in questions] == [
        "Hur långt har ni kommit med kompetensförskjutning ?",
        "Hur samarbetar ni med andra enheter när det gäller bemanning ?",
    ]
    assert questions[0].source is not None and questions[1].source is None
    services.notes_attendee_add(
        actor=world.secretary,
        notes=notes,
        name="Elin Lemon",
        by_phone=True,
        side=NotesAttendee.Side.BOARD,
        version=notes.version,
    )
    notes.refresh_from_db()
    services.notes_answer_save(
        actor=world.secretary,
        notes=notes,
        question=questions[0],
        answer="<p>Det handlar om:</p><ul><li>Kompetensväxlingar</li></ul>",
        version=notes.version,
    )
    questions[0].refresh_from_db()
    assert questions[0].answer == "<p>Det handlar om:</p><ul><li>Kompetensväxlingar</li></ul>"
    assert _audited("dialogue_notes.answer") == 1


def test_a_secretary_elsewhere_cannot_keep_the_boards_notes(world):
    with pytest.raises(NotPermitted):
        _notes(world, actor=world.secretary_elsewhere)
    notes = _notes(world)
    with pytest.raises(NotPermitted):
        services.notes_attendee_add(
            actor=world.secretary_elsewhere, notes=notes, name="X", version=notes.version
        )
    assert not notes.attendees.exists() and DialogueNotes.objects.count() == 1


def test_the_questions_are_mailed_to_the_committee_and_audited(
    world, django_capture_on_commit_callbacks
):
    notes = _notes(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.notes_questions_send(
            actor=world.secretary, notes=notes, recipients=["ledning@example.org"]
        )
    [message] = mail.outbox
    assert message.to == ["ledning@example.org"]
    assert "1. Hur långt har ni kommit med kompetensförskjutning ?" in message.body
    assert "2. Hur samarbetar ni med andra enheter" in message.body
    notes.refresh_from_db()
    assert notes.questions_sent_to == ["ledning@example.org"]
    assert _audited("dialogue_notes.questions_send") == 1


def test_a_secretary_elsewhere_cannot_send_the_questions(world):
    notes = _notes(world)
    with pytest.raises(NotPermitted):
        services.notes_questions_send(
            actor=world.secretary_elsewhere, notes=notes, recipients=["a@example.org"]
        )
    assert not mail.outbox


# --------------------------------------------------------------------------------------------
# Who may read


def test_a_dialogue_is_read_from_the_committee_or_the_body_holding_it(world):
    d = world.dialogue()
    readers = {
        "member of the board": world.member,
        "administration of the committee": world.approver,
        "controller": world.controller,
    }
    for who, user in readers.items():
        assert selectors.may_view(user, committee=d.committee, overseer=d.overseer), who
    assert not selectors.may_view(
        world.approver_elsewhere, committee=d.committee, overseer=d.overseer
    )
    assert not selectors.may_view(
        world.secretary_elsewhere, committee=d.committee, overseer=d.overseer
    )
