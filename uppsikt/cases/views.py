"""Pages of the register. Thin views: forms parse, services write, selectors read (and apply
secrecy)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.core.parsing import parse_id, parse_int
from uppsikt.core.spreadsheets import csv_writer
from uppsikt.organisation.models import Body, Person
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_anywhere,
    require_permission,
)
from uppsikt.organisation.tenancy import document_scope

from . import secrecy, selectors, services
from .forms import (
    AssessmentForm,
    AttachForm,
    CaseEditForm,
    CaseForm,
    DelegatedDecisionForm,
    ProposalCreateForm,
    ProposalForm,
    QuestionForm,
    RecordForm,
    RecordSecrecyForm,
    SecrecyReviewForm,
)
from .models import AssessmentTemplate, Case, DecisionProposal, Record


def _filters(request, organisation) -> dict:
    """The register's filters from the query string (body, year, status, officer)."""
    data = request.GET
    filters: dict = {}
    if data.get("organ"):
        filters["body"] = Body.objects.filter(organisation=organisation, code=data["organ"]).first()
    if data.get("ar"):
        filters["year"] = parse_int(data["ar"], minimum=1, maximum=9999)
    if data.get("status") in Case.Status.values:
        filters["status"] = data["status"]
    if data.get("handlaggare"):
        filters["officer"] = Person.objects.filter(
            organisation=organisation, pk=parse_id(data["handlaggare"])
        ).first()
    return filters


@require_permission("cases.view")
def index(request):
    organisation = request.organisation
    filters = _filters(request, organisation)
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "query": query,
        "filters": request.GET,
        **selectors.register_filter_choices(organisation=organisation),
        "can_register": has_permission_anywhere(request.user, "cases.register"),
        "can_configure": has_permission(request.user, "cases.configure"),
    }
    if query:
        context["hits"] = selectors.search(
            actor=request.user, organisation=organisation, query=query, **filters
        )
    else:
        context["cases"] = selectors.case_list(
            actor=request.user, organisation=organisation, **filters
        )
    template = "cases/partials/_results.html" if request.htmx else "cases/index.html"
    return render(request, template, context)


@require_permission("cases.view")
def export(request):
    organisation = request.organisation
    rows = selectors.export_rows(
        actor=request.user, organisation=organisation, **_filters(request, organisation)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="diarium.csv"'
    response.write("\ufeff")
    writer = csv_writer(response, delimiter=";")
    writer.writerow(selectors.EXPORT_HEADER)
    writer.writerows(rows)
    return response


@require_permission("cases.register")
def case_create(request):
    organisation = request.organisation
    initial = {}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None and person.title:
        initial = {"officer": person.pk, "unit": person.unit_id}
    form = CaseForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_register(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ärendet är registrerat som %(n)s.") % {"n": case.number})
            return redirect(case)
    return render(request, "cases/case_form.html", {"form": form})


def _case(request, number: str) -> Case:
    return selectors.case_get(organisation=request.organisation, number=number)


@require_permission("cases.view")
def case_detail(request, number: str):
    case = _case(request, number)
    view = selectors.case_detail(actor=request.user, case=case)
    can_work = not view.withheld and (
        has_permission(request.user, "cases.register", case.body)
        or (case.unit is not None and has_permission(request.user, "cases.register", case.unit))
    )
    steps = services.PATHS.get(case.kind, [])
    return render(
        request,
        "cases/case.html",
        {
            "view": view,
            "case": case,
            "can_work": can_work,
            "can_review": case.secret
            and not view.withheld
            and has_permission(request.user, "cases.declassify", case.body),
            "steps": steps,
            "step_label": dict(steps).get(case.path_step, ""),
            "delegated": case.delegated_decisions.select_related("decided_by")
            if not view.withheld
            else [],
        },
    )


@require_POST
@require_permission("cases.register")
def case_status(request, number: str):
    case = _case(request, number)
    action = request.POST.get("action")
    try:
        if action == "close":
            services.case_close(actor=request.user, case=case)
            messages.success(request, _("Ärendet är avslutat."))
        elif action == "reopen":
            services.case_reopen(actor=request.user, case=case)
            messages.success(request, _("Ärendet är återöppnat."))
        elif action == "void":
            services.case_void(actor=request.user, case=case, reason=request.POST.get("reason", ""))
            messages.success(request, _("Registreringen är makulerad; numret används inte igen."))
        elif action == "advance":
            services.case_advance(actor=request.user, case=case)
            messages.success(request, _("Ärendet har gått vidare till nästa steg."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(case)


@require_permission("cases.register")
def record_create(request, number: str):
    case = _case(request, number)
    max_mb = services.record_max_bytes() // (1024 * 1024)
    form = RecordForm(request.POST or None, request.FILES or None, max_mb=max_mb)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.record_register(
                actor=request.user,
                case=case,
                kind=data["kind"],
                date=data["date"],
                counterpart=data["counterpart"],
                description=data["description"],
                secret=data["secret"],
                secrecy_ground=data["secrecy_ground"],
                files=data["files"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Handlingen är registrerad som %(n)s.") % {"n": record.number}
            )
            return redirect(case)
    return render(request, "cases/record_form.html", {"form": form, "case": case})


@require_permission("cases.view")
def record_detail(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    view = selectors.record_detail(actor=request.user, record=record)
    return render(
        request,
        "cases/record.html",
        {
            "case": case,
            "view": view,
            "case_view": selectors.case_summary(actor=request.user, case=case),
            # registrars mark a record secret; lifting or changing it is a secrecy review
            "secrecy_form": RecordSecrecyForm(initial={"version": record.version})
            if not record.secret and not view.withheld and _can_work_on_case(request.user, case)
            else None,
            "can_review": record.secret
            and not view.withheld
            and has_permission(request.user, "cases.declassify", case.body),
            "attach_form": AttachForm()
            if not view.withheld and _can_work_on_case(request.user, case)
            else None,
        },
    )


@require_permission("cases.view")
def record_file(request, number: str, sequence: int, pk: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    stored = selectors.record_file_for_download(actor=request.user, record=record, pk=pk)
    response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)
    response["Cache-Control"] = "private, no-store"
    return response


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


def _can_work_on_proposal(user, proposal: DecisionProposal) -> bool:
    case = proposal.case
    return secrecy.can_see_case(user, case) and (
        has_permission(user, "cases.register", case.body)
        or (case.unit is not None and has_permission(user, "cases.register", case.unit))
    )


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
            "can_work": not view.withheld and _can_work_on_proposal(request.user, proposal),
            "versions": selectors.proposal_versions(proposal=proposal) if not view.withheld else [],
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
def assessment(request, pk: int, code: str):
    proposal = _proposal(request, pk)
    secrecy.ensure_can_see_case(request.user, proposal.case)
    try:
        template = AssessmentTemplate.objects.prefetch_related("questions").get(
            organisation=proposal.case.organisation, code=code
        )
    except AssessmentTemplate.DoesNotExist as exc:
        raise Http404 from exc
    saved = proposal.assessments.filter(template=template).first()
    initial = {"version": proposal.version}
    if saved is not None:
        initial |= {
            "affected": {True: "yes", False: "no"}.get(saved.affected),
            "not_affected_reason": saved.not_affected_reason,
            "conclusion": saved.conclusion,
            **{f"q{k}": v for k, v in saved.answers.items()},
        }
    form = AssessmentForm(request.POST or None, template=template, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_save(
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
        "cases/assessment.html",
        {
            "form": form,
            "template": template,
            "proposal": proposal,
            "case": proposal.case,
            "question_fields": question_fields,
            "locked": proposal.locked,
        },
    )


@require_POST
@require_permission("cases.register")
def proposal_transition(request, pk: int):
    proposal = _proposal(request, pk)
    to = request.POST.get("to", "")
    try:
        services.proposal_transition(actor=request.user, proposal=proposal, to=to)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            {
                "review": _("Beslutsförslaget är skickat på granskning."),
                "draft": _("Beslutsförslaget är tillbaka som utkast."),
                "final": _("Beslutsförslaget är slutligt och klart för sammanträde."),
            }[to],
        )
    return redirect(proposal)


@require_permission("cases.view")
def delegated(request):
    organisation = request.organisation
    can_register = has_permission_anywhere(request.user, "cases.register")
    form = (
        DelegatedDecisionForm(request.POST or None, organisation=organisation)
        if can_register
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            number = data.pop("case_number").strip().upper()
            case = selectors.case_by_number(organisation=organisation, number=number)
            try:
                if number and case is None:
                    raise DomainError(_("Det finns inget ärende %(n)s.") % {"n": number})
                services.delegated_decision_register(
                    actor=request.user, organisation=organisation, case=case, **data
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Delegationsbeslutet är registrerat."))
                return redirect("cases:delegated")
    body = Body.objects.filter(organisation=organisation, code=request.GET.get("organ", "")).first()
    return render(
        request,
        "cases/delegated.html",
        {
            "decisions": selectors.delegated_decisions(
                actor=request.user, organisation=organisation, body=body
            ),
            "form": form,
            "bodies": selectors.registrable_bodies(organisation=organisation),
            "body": body,
        },
    )


@require_permission("cases.configure")
def questions(request):
    """The impact assessments' questions of the organisation, editable by administrators."""
    organisation = request.organisation
    services.assessment_templates_ensure(actor=request.user, organisation=organisation)
    templates = list(
        AssessmentTemplate.objects.filter(organisation=organisation)
        .prefetch_related("questions")
        .order_by("position", "pk")
    )
    bound = None
    if request.method == "POST":
        template = next((t for t in templates if str(t.pk) == request.POST.get("template")), None)
        if template is None:
            raise Http404
        question = None
        if request.POST.get("question"):
            question = template.questions.filter(pk=parse_id(request.POST["question"])).first()
            if question is None:
                raise Http404
        prefix = f"q{question.pk}" if question else f"new{template.pk}"
        form = QuestionForm(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                services.assessment_question_save(
                    actor=request.user, template=template, question=question, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Frågan är sparad."))
                return redirect("cases:questions")
        bound = (prefix, form)
    sections = []
    for t in templates:
        rows = []
        for q in t.questions.all():
            prefix = f"q{q.pk}"
            form = (
                bound[1]
                if bound and bound[0] == prefix
                else QuestionForm(
                    prefix=prefix,
                    initial={
                        "text": q.text,
                        "help_text": q.help_text,
                        "position": q.position,
                        "is_active": q.is_active,
                    },
                )
            )
            rows.append((q, form))
        new_prefix = f"new{t.pk}"
        new = bound[1] if bound and bound[0] == new_prefix else QuestionForm(prefix=new_prefix)
        sections.append((t, rows, new))
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


def _can_work_on_case(user, case: Case) -> bool:
    return secrecy.can_see_case(user, case) and (
        has_permission(user, "cases.register", case.body)
        or (case.unit is not None and has_permission(user, "cases.register", case.unit))
    )


@require_permission("cases.register")
def case_edit(request, number: str):
    case = _case(request, number)
    secrecy.ensure_can_see_case(request.user, case)
    form = CaseEditForm(
        request.POST or None,
        organisation=case.organisation,
        can_reassign=has_permission(request.user, "cases.reassign", case.body),
        can_classify=not case.secret,
        initial={
            "version": case.version,
            **{name: getattr(case, name) for name in services.CASE_FIELDS},
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.case_update(actor=request.user, case=case, version=data.pop("version"), **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ärendet är ändrat."))
            return redirect(case)
    return render(
        request,
        "cases/case_edit.html",
        {
            "form": form,
            "case": case,
            "can_review": case.secret
            and has_permission(request.user, "cases.declassify", case.body),
        },
    )


def _ensure_can_review(user, case: Case) -> None:
    # the role must cover the case's body: a role elsewhere is a 403 here, as in the service
    if not has_permission(user, "cases.declassify", case.body):
        raise PermissionDenied


def _secrecy_review_page(request, *, target, case: Case, review, heading: str):
    """The page of a secrecy review, for a case or a record: the outcome and the reason."""
    form = SecrecyReviewForm(
        request.POST or None,
        initial={
            "version": target.version,
            "secret": target.secret,
            "secrecy_ground": target.secrecy_ground,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            review(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sekretessprövningen är gjord och loggad med skälet."))
            return redirect(target)
    return render(
        request,
        "cases/secrecy_review.html",
        {"form": form, "case": case, "target": target, "heading": heading},
    )


@require_permission("cases.declassify")
def case_secrecy_review(request, number: str):
    case = _case(request, number)
    _ensure_can_review(request.user, case)
    secrecy.ensure_can_see_case(request.user, case)
    return _secrecy_review_page(
        request,
        target=case,
        case=case,
        review=partial(services.case_secrecy_review, case=case),
        heading=_("Sekretessprövning av ärende %(n)s") % {"n": case.number},
    )


@require_permission("cases.declassify")
def record_secrecy_review(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    _ensure_can_review(request.user, case)
    secrecy.ensure_can_see_record(request.user, record)
    return _secrecy_review_page(
        request,
        target=record,
        case=case,
        review=partial(services.record_secrecy_review, record=record),
        heading=_("Sekretessprövning av handling %(n)s") % {"n": record.number},
    )


@require_POST
@require_permission("cases.register")
def record_secrecy(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    form = RecordSecrecyForm(request.POST)
    if form.is_valid():
        try:
            services.record_set_secrecy(actor=request.user, record=record, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Handlingens sekretess är ändrad."))
    return redirect(record)


@require_POST
@require_permission("cases.register")
def record_attach(request, number: str, sequence: int):
    case = _case(request, number)
    record = selectors.record_get(case=case, sequence=sequence)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj en fil att bifoga."))
        return redirect(record)
    try:
        stored = services.record_attach(
            actor=request.user, record=record, upload=form.cleaned_data["file"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Filen %(name)s är bifogad.") % {"name": stored.name})
    return redirect(record)
