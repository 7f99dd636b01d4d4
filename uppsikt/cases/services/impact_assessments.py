"""Impact assessments (konsekvensanalyser) of a decision proposal: the organisation's
templates and their questions, and one assessment answered."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can

from .. import impact
from ..models import AssessmentQuestion, AssessmentTemplate, DecisionProposal, ImpactAssessment
from .proposal_versions import (
    _check_proposal_version,
    _keep_version,
    _lock_proposal,
    _write_impact_text,
)


@transaction.atomic
def impact_assessment_templates_ensure(
    *, actor, organisation: Organisation
) -> list[AssessmentTemplate]:
    """Give an organisation the default assessments (child rights, gender equality) once."""
    templates = []
    for position, (code, name, perspective, intro, questions) in enumerate(
        impact.DEFAULT_TEMPLATES
    ):
        template = AssessmentTemplate.objects.filter(organisation=organisation, code=code).first()
        if template is None:
            template = AssessmentTemplate.objects.create(
                organisation=organisation,
                code=code,
                name=name,
                perspective=perspective,
                intro=intro,
                position=position,
            )
            for q_position, (text, help_text) in enumerate(questions):
                AssessmentQuestion.objects.create(
                    template=template, text=text, help_text=help_text, position=q_position
                )
            audit_record(actor=actor, action="assessment_template.create", obj=template)
        templates.append(template)
    return templates


@transaction.atomic
def impact_assessment_question_save(
    *,
    actor,
    template: AssessmentTemplate,
    text: str,
    help_text: str = "",
    position: int | None = None,
    is_active: bool = True,
    question: AssessmentQuestion | None = None,
) -> AssessmentQuestion:
    """Add a question to an organisation's assessment, or change one."""
    ensure_can(actor, "cases.configure")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Frågan behöver en text."))
    if question is not None and question.template_id != template.pk:
        raise DomainError(_("Frågan hör till en annan konsekvensanalys."))
    before = snapshot(question)
    if question is None:
        question = AssessmentQuestion(template=template)
        if position is None:
            position = template.questions.count()
    question.text = text
    question.help_text = (help_text or "").strip()
    question.is_active = is_active
    if position is not None:
        question.position = position
    question.save()
    audit_record(
        actor=actor,
        action="assessment_question.update" if before else "assessment_question.create",
        obj=question,
        before=before,
    )
    return question


# ---------------------------------------------------------------------------------------------


@transaction.atomic
def impact_assessment_save(
    *,
    actor,
    proposal: DecisionProposal,
    template: AssessmentTemplate,
    affected: bool | None,
    not_affected_reason: str = "",
    answers: dict | None = None,
    conclusion: str = "",
    expected_version: int | None = None,
) -> ImpactAssessment:
    """Answer one guided assessment; the Konsekvensbeskrivning is written anew from the
    answers. ``expected_version`` is the proposal's version the form was opened at."""
    proposal = _lock_proposal(actor, proposal)
    if proposal.locked:
        raise InvalidTransition(_("Beslutsförslaget är slutligt och kan inte ändras."))
    _check_proposal_version(proposal, expected_version)
    if template.organisation_id != proposal.case.organisation_id:
        raise DomainError(_("Konsekvensanalysen hör till en annan organisation."))
    if affected is None:
        raise DomainError(
            _("Ange om ärendet påverkar det som %(name)s gäller.") % {"name": template.name}
        )
    reason = (not_affected_reason or "").strip()
    if affected is False and not reason:
        raise DomainError(
            _("Skriv varför ärendet inte medför några konsekvenser utifrån %(p)s.")
            % {"p": template.perspective}
        )
    question_ids = {str(q.pk) for q in template.questions.all()}
    clean = {
        str(k): str(v).strip()
        for k, v in (answers or {}).items()
        if str(k) in question_ids and str(v).strip()
    }
    assessment, _created = ImpactAssessment.objects.get_or_create(
        proposal=proposal, template=template
    )
    before = snapshot(assessment)
    assessment.affected = affected
    assessment.not_affected_reason = reason if affected is False else ""
    assessment.answers = clean if affected else {}
    assessment.conclusion = (conclusion or "").strip() if affected else ""
    assessment.save()
    _write_impact_text(proposal)
    proposal.version += 1
    proposal.save(update_fields=["impact_text", "version", "updated_at"])
    _keep_version(proposal, actor)
    audit_record(actor=actor, action="assessment.save", obj=assessment, before=before)
    return assessment
