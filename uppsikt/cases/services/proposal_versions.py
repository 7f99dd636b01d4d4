"""What the proposal services share: the row lock on a proposal, the version a form was
opened at, every saved version kept, and the impact text written from the answers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import user_or_none

from .. import impact, selectors
from ..models import DecisionProposal, ProposalVersion
from ._base import _ensure_can_work_on


def _content(proposal: DecisionProposal) -> dict:
    assessments = {
        a.template.code: {
            "affected": a.affected,
            "not_affected_reason": a.not_affected_reason,
            "answers": a.answers,
            "conclusion": a.conclusion,
        }
        for a in proposal.impact_assessments.select_related("template")
    }
    return {
        "title": proposal.title,
        "date": proposal.date.isoformat(),
        "body": proposal.body_id,
        "decision_intro": proposal.decision_intro,
        "decision_points": proposal.decision_points,
        "summary": proposal.summary,
        "background": proposal.background,
        "considerations": proposal.considerations,
        "impact_text": proposal.impact_text,
        "economic_consequences": proposal.economic_consequences,
        "basis": sorted(proposal.basis.values_list("pk", flat=True)),
        "dispatch_to": proposal.dispatch_to,
        "signatories": proposal.signatories,
        "attachments": proposal.attachments,
        # the key every kept version's content has had (stored data)
        "assessments": assessments,
    }


def _keep_version(proposal: DecisionProposal, actor) -> ProposalVersion:
    return ProposalVersion.objects.create(
        proposal=proposal,
        number=proposal.version,
        status=proposal.status,
        content=_content(proposal),
        created_by=user_or_none(actor),
    )


def _lock_proposal(actor, proposal: DecisionProposal) -> DecisionProposal:
    proposal = (
        DecisionProposal.objects.select_related("case", "case__body", "case__unit", "body")
        .select_for_update(of=("self",))
        .get(pk=proposal.pk)
    )
    _ensure_can_work_on(actor, proposal.case)
    return proposal


def _check_proposal_version(proposal: DecisionProposal, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != proposal.version:
        raise DomainError(
            _(
                "Någon annan har sparat beslutsförslaget under tiden. Ladda om sidan och försök igen."
            )
        )


def _write_impact_text(proposal: DecisionProposal) -> None:
    proposal.impact_text = "\n\n".join(
        impact.impact_paragraphs(
            author=selectors.author_of(proposal.case),
            assessments=selectors.impact_assessments_answered(proposal),
        )
    )
