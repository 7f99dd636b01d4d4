"""Decision proposals: drafts, review, a locked final version, versions kept, and the guided
impact assessments that write the Konsekvensbeskrivning."""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.cases import selectors, services
from uppsikt.cases.models import AssessmentTemplate, DecisionProposal, ProposalVersion
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    region = factories.region()
    region.case = factories.case(region, registered_on=dt.date(2021, 11, 9), number="RS211123")
    region.basis = factories.record(
        region.case, "Översyn förvaltningarnas stabsfunktioner", kind="drawn_up", counterpart=""
    )
    return region


def _proposal(r, actor=None) -> DecisionProposal:
    return services.proposal_create(
        actor=actor or r.officer_user,
        case=r.case,
        body=r.rsau,
        title="Översyn förvaltningarnas stabsfunktioner",
        date=dt.date(2023, 9, 20),
        decision_intro="Arbetsutskottet beslutar att",
    )


def _complete_text(r, p, actor=None):
    return services.proposal_update(
        actor=actor or r.officer_user,
        proposal=p,
        decision_points=[
            "lägga redovisningen till handlingarna och anse utredningsuppdrag § 398 2021-11-09 "
            "slutfört.",
            "anteckna att det i kommande och ordinarie budgetprocess kan komma att lyftas "
            "definierade kapacitetsförstärkande åtgärder för ett par driftnämnder.",
        ],
        summary="Regionkontoret fick i slutet på 2021 i uppdrag att kartlägga förvaltningarnas "
        "förutsättningar.",
        economic_consequences="Förslaget ger inga ekonomiska konsekvenser i dagsläget.",
        basis=[r.basis],
        dispatch_to=["Förvaltningsledningarna"],
        signatories=[r.officer],
    )


def _templates(r):
    return {t.code: t for t in AssessmentTemplate.objects.filter(organisation=r.organisation)}


def _answer_not_affected(r, p, code, reason):
    return services.impact_assessment_save(
        actor=r.officer_user,
        proposal=p,
        template=_templates(r)[code],
        affected=False,
        not_affected_reason=reason,
    )


def test_a_new_proposal_is_a_draft_signed_by_the_case_officer(r):
    p = _proposal(r)
    assert (p.status, p.version, p.body, p.decision_intro) == (
        "draft",
        1,
        r.rsau,
        "Arbetsutskottet beslutar att",
    )
    assert p.signatories == [
        {"person": r.officer.pk, "name": "Henrik Lundahl", "title": "Kanslichef"}
    ]
    # the organisation got the two default assessments
    assert sorted(_templates(r)) == ["child_rights", "gender_equality"]


def test_a_proposal_cannot_be_finalised_with_missing_sections_and_nothing_changes(r):
    p = _proposal(r)
    with pytest.raises(DomainError) as error:
        services.proposal_transition(actor=r.officer_user, proposal=p, to="final")
    assert error.value.errors == [
        "Förslag till beslut",
        "Sammanfattning",
        "Konsekvensbeskrivning: Barnrätt",
        "Konsekvensbeskrivning: Jämställdhet",
        "Ekonomiska konsekvenser",
    ]
    p.refresh_from_db()
    assert (p.status, p.version, p.finalised_at) == ("draft", 1, None)


def test_both_impact_assessments_must_be_answered_before_finalising(r):
    p = _complete_text(r, _proposal(r))
    _answer_not_affected(r, p, "gender_equality", "ärendet gäller förvaltningarnas stabsarbete")
    with pytest.raises(DomainError, match="Det saknas: Konsekvensbeskrivning: Barnrätt"):
        services.proposal_transition(actor=r.officer_user, proposal=p, to="final")


def test_not_affected_needs_a_reason(r):
    p = _proposal(r)
    with pytest.raises(DomainError, match="Skriv varför.*ett barnrättsperspektiv"):
        _answer_not_affected(r, p, "child_rights", "  ")


def test_the_answers_write_the_konsekvensbeskrivning_as_reference_000_reads(r):
    p = _complete_text(r, _proposal(r))
    _answer_not_affected(r, p, "child_rights", "översynen gäller förvaltningarnas stabsfunktioner")
    _answer_not_affected(r, p, "gender_equality", "översynen rör inte service till invånarna")
    p.refresh_from_db()
    # the case's unit is Kansli under Regionkontoret: the förvaltning writes the proposal
    assert p.impact_text == (
        "Regionkontoret bedömer inte att ärendet medför några konsekvenser utifrån ett "
        "barnrättsperspektiv. Översynen gäller förvaltningarnas stabsfunktioner.\n\n"
        "Regionkontoret bedömer inte att ärendet medför några konsekvenser utifrån ett "
        "könsperspektiv. Översynen rör inte service till invånarna."
    )


def test_an_affected_impact_assessment_needs_every_answer_and_a_conclusion(r):
    p = _complete_text(r, _proposal(r))
    _answer_not_affected(r, p, "gender_equality", "ingen påverkan")
    child = _templates(r)["child_rights"]
    questions = list(child.questions.order_by("position"))
    answers = {str(q.pk): f"Svar {i}" for i, q in enumerate(questions, 1)}
    services.impact_assessment_save(
        actor=r.officer_user,
        proposal=p,
        template=child,
        affected=True,
        answers={k: v for k, v in answers.items() if k != str(questions[-1].pk)},
        conclusion="Barnens bästa är beaktat",
    )
    with pytest.raises(DomainError, match="Konsekvensbeskrivning: Barnrätt"):
        services.proposal_transition(actor=r.officer_user, proposal=p, to="final")

    def complete():  # what the proposal page marks ✓ or ✗ per assessment
        view = selectors.proposal_detail(actor=r.officer_user, proposal=p)
        return {t.code: done for t, _saved, done in view.impact_assessments}

    assert complete() == {"gender_equality": True, "child_rights": False}
    services.impact_assessment_save(
        actor=r.officer_user,
        proposal=p,
        template=child,
        affected=True,
        answers=answers,
        conclusion="Barnens bästa är beaktat",
    )
    assert complete() == {"gender_equality": True, "child_rights": True}
    p = services.proposal_transition(actor=r.officer_user, proposal=p, to="final")
    paragraphs = p.impact_text.split("\n\n")
    assert paragraphs[0] == (
        "Regionkontoret bedömer att ärendet medför konsekvenser utifrån ett barnrättsperspektiv."
    )
    assert paragraphs[1] == "Berörs barn av förslaget, och i så fall vilka? Svar 1."
    assert paragraphs[5] == "Vilka alternativ och kompenserande åtgärder har övervägts? Svar 5."
    assert paragraphs[6] == "Slutsats: Barnens bästa är beaktat."


def test_a_final_proposal_is_locked_and_every_version_is_kept(r):
    p = _proposal(r)  # v1
    p = _complete_text(r, p)  # v2
    _answer_not_affected(r, p, "child_rights", "inga barn berörs")  # v3
    _answer_not_affected(r, p, "gender_equality", "ingen påverkan")  # v4
    p = services.proposal_transition(actor=r.officer_user, proposal=p, to="review")  # v5
    p = services.proposal_transition(actor=r.secretary, proposal=p, to="final")  # v6
    assert (p.status, p.version) == ("final", 6)
    versions = list(ProposalVersion.objects.filter(proposal=p).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4, 5, 6]
    assert [v.status for v in versions][-2:] == ["review", "final"]
    assert versions[0].content["decision_points"] == []
    assert len(versions[-1].content["decision_points"]) == 2
    with pytest.raises(InvalidTransition, match="slutligt"):
        services.proposal_update(actor=r.officer_user, proposal=p, summary="Ändrad")
    with pytest.raises(InvalidTransition):
        _answer_not_affected(r, p, "child_rights", "ändrat")
    with pytest.raises(InvalidTransition):
        services.proposal_transition(actor=r.officer_user, proposal=p, to="draft")
    assert list(selectors.proposals_ready_for_meeting(body=r.rsau)) == [p]


def test_a_stale_edit_is_refused(r):
    p = _proposal(r)
    services.proposal_update(actor=r.officer_user, proposal=p, expected_version=1, summary="A")
    with pytest.raises(DomainError, match="Någon annan har sparat"):
        services.proposal_update(actor=r.officer_user, proposal=p, expected_version=1, summary="B")


def test_the_basis_must_be_records_of_the_same_case(r):
    other = factories.record(factories.case(r, "Annat ärende"), "Främmande")
    with pytest.raises(DomainError, match="samma ärende"):
        services.proposal_update(actor=r.officer_user, proposal=_proposal(r), basis=[other])


def test_readers_and_members_cannot_write_proposals(r):
    for user in (r.reader, r.member):
        with pytest.raises(NotPermitted):
            _proposal(r, actor=user)


def test_the_questions_are_data_an_administrator_edits_per_organisation(r):
    p = _complete_text(r, _proposal(r))
    child = _templates(r)["child_rights"]
    with pytest.raises(NotPermitted):
        services.impact_assessment_question_save(
            actor=r.secretary, template=child, text="Ny fråga?"
        )
    new = services.impact_assessment_question_save(
        actor=r.admin, template=child, text="Hur har barnombudet yttrat sig?"
    )
    assert new.position == 5
    _answer_not_affected(r, p, "gender_equality", "ingen påverkan")
    answers = {str(q.pk): "Ja" for q in child.questions.exclude(pk=new.pk)}
    services.impact_assessment_save(
        actor=r.officer_user,
        proposal=p,
        template=child,
        affected=True,
        answers=answers,
        conclusion="Beaktat",
    )
    # the new question is unanswered, so the proposal cannot be finalised yet
    with pytest.raises(DomainError, match="Barnrätt"):
        services.proposal_transition(actor=r.officer_user, proposal=p, to="final")


def test_delegated_decisions_wait_for_the_bodys_next_meeting(r):
    d = services.delegated_decision_register(
        actor=r.secretary,
        organisation=r.organisation,
        body=r.rs,
        decided_by=r.officer,
        decided_on=dt.date(2024, 2, 1),
        delegation_point="3.2",
        decision="Yttrande över remiss om kollektivtrafik",
        case=r.case,
    )
    assert list(selectors.delegated_decisions_to_report(body=r.rs)) == [d]
    services.delegated_decisions_mark_reported(
        actor=r.secretary, decisions=[d], reported_on=dt.date(2024, 2, 20)
    )
    assert list(selectors.delegated_decisions_to_report(body=r.rs)) == []
    with pytest.raises(NotPermitted):
        services.delegated_decision_register(
            actor=r.reader,
            organisation=r.organisation,
            body=r.rs,
            decided_by=r.officer,
            decided_on=dt.date(2024, 2, 1),
            delegation_point="3.2",
            decision="x",
        )
