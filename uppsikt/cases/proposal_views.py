"""Pages of decision proposals: writing one, its impact assessments, its documents, and the
organisation's impact assessment questions. Thin views: forms parse, services write, selectors
read (and apply secrecy)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.parsing import parse_id
from uppsikt.organisation.permissions import require_permission
from uppsikt.organisation.tenancy import document_scope

from . import secrecy, selectors, services
from .forms import ImpactAssessmentForm, ProposalCreateForm, ProposalForm, QuestionForm
from .models import AssessmentTemplate, DecisionProposal, Record
from .views import _can_work_on_case, _case


@require_permission("cases.register")
def proposal_create(request, number: str):
    case = _case(request, number)
    secrecy.ensure_can_see_case(request.user, case)
    form = ProposalCreateForm(
        request.POST or None,
        organisation=case.organisation,
        initial={"body": case.body_id, "title": case.title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Beslutsförslaget är skapat som utkast."))
            return redirect("cases:proposal_edit", proposal.pk)
    return render(request, "cases/proposal_create.html", {"form": form, "case": case})


def _proposal(request, pk: int) -> DecisionProposal:
    return selectors.proposal_get(organisation=request.organisation, pk=pk)


@require_permission("cases.view")
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    view = selectors.proposal_detail(actor=request.user, proposal=proposal)
    return render(
        request,
        "cases/proposal.html",
        {
            "view": view,
            "proposal": proposal,
            "case": proposal.case,
            "can_work": not view.withheld and _can_work_on_case(request.user, proposal.case),
            "versions": selectors.proposal_versions(proposal=proposal) if not view.withheld else [],
            "reviewers": (
                selectors.reviewers_for(proposal=proposal)
                if proposal.status == DecisionProposal.Status.DRAFT and not view.withheld
                else []
            ),
        },
    )


def _basis_records(actor, proposal: DecisionProposal):
    records = Record.objects.filter(case=proposal.case).select_related("case").order_by("sequence")
    open_ids = set(
        records.filter(secrecy.record_open_q(actor, proposal.case.organisation)).values_list(
            "pk", flat=True
        )
    )
    for r in records:
        r.shown_description = r.description if r.pk in open_ids else None
    return records


@require_permission("cases.register")
def proposal_edit(request, pk: int):
    proposal = _proposal(request, pk)
    secrecy.ensure_can_see_case(request.user, proposal.case)
    if proposal.locked:
        messages.error(request, _("Beslutsförslaget är slutligt och kan inte ändras."))
        return redirect(proposal)
    records = _basis_records(request.user, proposal)
    initial = {
        "version": proposal.version,
        "title": proposal.title,
        "date": proposal.date,
        "decision_intro": proposal.decision_intro,
        "decision_points": proposal.decision_points,
        "summary": proposal.summary,
        "background": proposal.background,
        "considerations": proposal.considerations,
        "economic_consequences": proposal.economic_consequences,
        "basis": [r.pk for r in proposal.basis.all()],
        "attachments": proposal.attachments,
        "dispatch_to": proposal.dispatch_to,
        "signatories": [s["person"] for s in proposal.signatories if s.get("person")],
    }
    form = ProposalForm(
        request.POST or None, proposal=proposal, basis_records=records, initial=initial
    )
    # the choices' labels need the secrecy-aware descriptions set above
    form.fields["basis"].queryset = records
    form.fields["basis"].choices = [
        (r.pk, form.fields["basis"].label_from_instance(r)) for r in records
    ]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.proposal_update(
                actor=request.user, proposal=proposal, expected_version=expected, **data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Beslutsförslaget är sparat."))
            return redirect(proposal)
    return render(
        request,
        "cases/proposal_edit.html",
        {"form": form, "proposal": proposal, "case": proposal.case},
    )


@require_permission("cases.register")
def impact_assessment(request, pk: int, code: str):
    proposal = _proposal(request, pk)
    secrecy.ensure_can_see_case(request.user, proposal.case)
    template = selectors.impact_assessment_template_get(
        organisation=proposal.case.organisation, code=code
    )
    form = ImpactAssessmentForm(
        request.POST or None,
        template=template,
        version=proposal.version,
        saved=proposal.impact_assessments.filter(template=template).first(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.impact_assessment_save(
                actor=request.user,
                proposal=proposal,
                template=template,
                affected=data["affected"],
                not_affected_reason=data["not_affected_reason"],
                answers=form.answers(),
                conclusion=data["conclusion"],
                expected_version=data["version"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Konsekvensanalysen %(name)s är sparad.") % {"name": template.name}
            )
            return redirect(proposal)
    question_fields = [f for f in form if f.name.startswith("q") and f.name[1:].isdigit()]
    return render(
        request,
        "cases/impact_assessment.html",
        {
            "form": form,
            "template": template,
            "proposal": proposal,
            "case": proposal.case,
            "question_fields": question_fields,
            "locked": proposal.locked,
        },
    )


def _posted_question(request, templates: list[AssessmentTemplate]):
    """The template and the question (``None``: a new one) a posted question form is for."""
    template = next((t for t in templates if str(t.pk) == request.POST.get("template")), None)
    if template is None:
        raise Http404
    if not request.POST.get("question"):
        return template, None
    question = template.questions.filter(pk=parse_id(request.POST["question"])).first()
    if question is None:
        raise Http404
    return template, question


@require_permission("cases.configure")
def questions(request):
    """The impact assessments' questions of the organisation, editable by administrators."""
    organisation = request.organisation
    services.impact_assessment_templates_ensure(actor=request.user, organisation=organisation)
    templates = selectors.impact_assessment_templates(organisation=organisation)
    bound: dict[str, QuestionForm] = {}  # the posted form, shown again with its errors
    if request.method == "POST":
        template, question = _posted_question(request, templates)
        prefix = f"q{question.pk}" if question else f"new{template.pk}"
        form = QuestionForm(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                services.impact_assessment_question_save(
                    actor=request.user, template=template, question=question, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Frågan är sparad."))
                return redirect("cases:questions")
        bound[prefix] = form

    def form_for(prefix: str, question=None) -> QuestionForm:
        return bound[prefix] if prefix in bound else QuestionForm(prefix=prefix, question=question)

    sections = [
        (
            t,
            [(q, form_for(f"q{q.pk}", q)) for q in t.questions.all()],
            form_for(f"new{t.pk}"),
        )
        for t in templates
    ]
    return render(request, "cases/questions.html", {"sections": sections})


@require_permission("cases.view")
def proposal_file(request, pk: int, fmt: str):
    """The proposal as DOCX or PDF, built from the same secrecy-aware view as the page."""
    from uppsikt.documents import pdf as doc_pdf
    from uppsikt.documents import render as doc_render
    from uppsikt.documents import services as doc_services

    from .documents import proposal_document

    if fmt not in ("docx", "pdf"):
        raise Http404
    proposal = _proposal(request, pk)
    view = selectors.proposal_detail(actor=request.user, proposal=proposal)
    doc = proposal_document(view)  # refuses (403) a proposal whose case is withheld
    if fmt == "pdf" and not doc_pdf.available():
        messages.error(request, _("PDF kan inte skapas på den här servern just nu."))
        return redirect(proposal)
    # rendered outside any transaction and kept with checksum, data version and who asked
    _rendered, content, doc = doc_services.document_render_keep(
        kind="proposal",
        subject=str(proposal.pk),
        fmt=fmt,
        build=lambda: doc,
        actor=request.user,
        template_scope=document_scope(request.organisation.pk),
    )
    response = HttpResponse(content, content_type=doc_render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc_render.filename(doc, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response
