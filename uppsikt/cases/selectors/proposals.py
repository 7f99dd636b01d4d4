"""Decision proposals as a page or a document shows them, what a proposal says and lacks
(read by the services too: who writes it, its impact assessments answered, what is missing
before it can be final), and the proposals a meeting can take up."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation, Unit

from .. import impact, secrecy
from ..models import AssessmentTemplate, Case, DecisionProposal, ImpactAssessment, Record
from .register import RecordView, _record_view


@dataclass
class ProposalView:
    """A decision proposal as a page or a document shows it."""

    proposal: DecisionProposal
    case: Case
    withheld: bool
    author: str = ""
    unit_name: str = ""
    officer_name: str = ""
    officer_title: str = ""
    basis: list[RecordView] = field(default_factory=list)
    # (template, the saved assessment or None, whether every answer it needs is given)
    impact_assessments: list[tuple[AssessmentTemplate, ImpactAssessment | None, bool]] = field(
        default_factory=list
    )
    impact_paragraphs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def proposal_get(*, organisation: Organisation, pk: int) -> DecisionProposal:
    try:
        return DecisionProposal.objects.select_related(
            "case", "case__body", "case__unit", "case__officer", "case__organisation", "body"
        ).get(pk=pk, case__organisation=organisation)
    except DecisionProposal.DoesNotExist as exc:
        raise NotFound(_("Beslutsförslaget finns inte.")) from exc


def proposal_detail(*, actor, proposal: DecisionProposal) -> ProposalView:
    case = proposal.case
    if not secrecy.can_see_case(actor, case):
        return ProposalView(proposal=proposal, case=case, withheld=True)
    organisation = case.organisation
    open_records = set(
        Record.objects.filter(case=case)
        .filter(secrecy.record_open_q(actor, organisation))
        .values_list("pk", flat=True)
    )
    basis = [
        _record_view(r, r.pk in open_records, files=[])
        for r in proposal.basis.select_related("case").order_by("sequence")
    ]
    templates = list(
        AssessmentTemplate.objects.filter(organisation=organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )
    saved = {a.template_id: a for a in proposal.impact_assessments.all()}
    officer = case.officer
    return ProposalView(
        proposal=proposal,
        case=case,
        withheld=False,
        author=author_of(case),
        unit_name=case.unit.name if case.unit else "",
        officer_name=officer.full_name if officer else "",
        officer_title=officer.title if officer else "",
        basis=basis,
        impact_assessments=[
            (t, saved.get(t.pk), not impact.missing_answers(answered))
            for t, answered in zip(templates, impact_assessments_answered(proposal), strict=True)
        ],
        impact_paragraphs=[p for p in proposal.impact_text.split("\n\n") if p.strip()],
        missing=[] if proposal.locked else [str(m) for m in proposal_missing(proposal)],
    )


def proposals_ready_for_meeting(*, body: Body) -> QuerySet[DecisionProposal]:
    """Final proposals addressed to ``body``: what a meeting's agenda can take up."""
    return (
        DecisionProposal.objects.filter(body=body, status=DecisionProposal.Status.FINAL)
        .select_related("case")
        .order_by("finalised_at", "pk")
    )


def proposal_versions(*, proposal: DecisionProposal):
    return proposal.versions.select_related("created_by").order_by("-number")


def author_of(case: Case) -> str:
    """Who writes the proposal, as it is signed: the förvaltning of the case's unit
    ("Regionkontoret"), or the body when the case has no unit."""
    if case.unit is None:
        return case.body.name
    ids = case.unit.ancestor_ids()
    if not ids:
        return case.unit.name
    return Unit.objects.get(pk=ids[0]).name


def impact_assessments_answered(proposal: DecisionProposal) -> list[impact.Answered]:
    """Every assessment of the proposal's organisation, answered or not, in template order."""
    templates = (
        AssessmentTemplate.objects.filter(organisation=proposal.case.organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )
    saved = {a.template_id: a for a in proposal.impact_assessments.all()}
    result = []
    for template in templates:
        a = saved.get(template.pk)
        questions = [q for q in template.questions.all() if q.is_active]
        answers = a.answers if a else {}
        result.append(
            impact.Answered(
                name=template.name,
                perspective=template.perspective,
                affected=a.affected if a else None,
                reason=a.not_affected_reason if a else "",
                answers=[(q.text, str(answers.get(str(q.pk), ""))) for q in questions],
                conclusion=a.conclusion if a else "",
            )
        )
    return result


def _required_missing(proposal: DecisionProposal) -> list[str]:
    templates = {
        t.name: t.required
        for t in AssessmentTemplate.objects.filter(organisation=proposal.case.organisation)
    }
    return [
        name
        for a in impact_assessments_answered(proposal)
        for name in impact.missing_answers(a)
        if templates.get(name, True)
    ]


def proposal_missing(proposal: DecisionProposal) -> list[str]:
    """What a proposal lacks before it can be finalised (names of sections, in order)."""
    missing = []
    if not proposal.decision_points:
        missing.append(_("Förslag till beslut"))
    if not proposal.summary.strip():
        missing.append(_("Sammanfattning"))
    missing.extend(
        _("Konsekvensbeskrivning: %(name)s") % {"name": name}
        for name in _required_missing(proposal)
    )
    if not proposal.economic_consequences.strip():
        missing.append(_("Ekonomiska konsekvenser"))
    if not proposal.signatories:
        missing.append(_("Undertecknas av"))
    return missing


def impact_assessment_templates(*, organisation: Organisation) -> list[AssessmentTemplate]:
    """The organisation's impact assessments with their questions, in order."""
    return list(
        AssessmentTemplate.objects.filter(organisation=organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )


def impact_assessment_template_get(*, organisation: Organisation, code: str) -> AssessmentTemplate:
    try:
        return AssessmentTemplate.objects.prefetch_related("questions").get(
            organisation=organisation, code=code
        )
    except AssessmentTemplate.DoesNotExist as exc:
        raise NotFound(_("Konsekvensanalysen finns inte.")) from exc


def reviewers_for(*, proposal: DecisionProposal) -> list:
    """Who may be asked to review a proposal: the accounts holding a role that registers on
    its body or on the case's unit, and entitled to see the case."""
    from uppsikt.organisation.models import Role
    from uppsikt.organisation.permissions import has_permission
    from uppsikt.organisation.selectors import accounts_with_role_on

    roles = [Role.SECRETARY, Role.CASE_OFFICER, Role.ADMINISTRATOR]
    found = {u.pk: u for u in accounts_with_role_on(scope=proposal.body, roles=roles)}
    if proposal.case.unit_id:
        for u in accounts_with_role_on(scope=proposal.case.unit, roles=roles):
            found.setdefault(u.pk, u)
    return sorted(
        (u for u in found.values() if may_review(u, proposal) and has_permission(u, "cases.view")),
        key=lambda u: (u.get_full_name() or u.username).lower(),
    )


def may_review(user, proposal: DecisionProposal) -> bool:
    """Whether ``user`` may review ``proposal``: it sees the case, secret or not."""
    return secrecy.can_see_case(user, proposal.case)


def proposals_to_review(*, actor, organisation: Organisation) -> QuerySet[DecisionProposal]:
    """The proposals under review that ``actor`` is asked to review."""
    return (
        DecisionProposal.objects.filter(
            case__organisation=organisation,
            status=DecisionProposal.Status.REVIEW,
            reviewer_id=getattr(actor, "pk", None),
        )
        .select_related("case", "body")
        .order_by("date", "pk")
    )


def officer_work(*, person, organisation: Organisation):
    """A case officer's open cases and their proposals not yet final (two queries)."""
    if person is None:
        return [], []
    cases = list(
        Case.objects.filter(organisation=organisation, officer=person, status=Case.Status.OPEN)
        .select_related("body")
        .order_by("registered_on", "pk")
    )
    proposals = list(
        DecisionProposal.objects.filter(
            case__in=[c.pk for c in cases],
            status__in=[DecisionProposal.Status.DRAFT, DecisionProposal.Status.REVIEW],
        )
        .select_related("case", "body", "reviewer")
        .order_by("date", "pk")
    )
    return cases, proposals
