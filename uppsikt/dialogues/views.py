"""The dialogue pages: the list, a dialogue with its slides, decision and brief, the notes and
the question bank. Thin: parse with a form, call one service or selector, render. The brief's
preview, files and generation are the reports' pages (``reports:dialogue_brief…``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.cases import selectors as case_selectors
from uppsikt.core.exceptions import DomainError
from uppsikt.core.parsing import parse_id
from uppsikt.documents import render as doc_render
from uppsikt.documents.pdf import PdfUnavailable
from uppsikt.followup import selectors as followup_selectors
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings.models import Meeting
from uppsikt.organisation.models import Body
from uppsikt.organisation.permissions import (
    has_permission_anywhere,
    has_permission_everywhere,
    require_permission,
)

from . import forms, selectors, services
from .models import Dialogue, DialogueText, NotesQuestion


def _periods(organisation):
    return followup_selectors.periods(organisation=organisation).exclude(
        kind=ReportingPeriod.Kind.MONTHLY
    )


def _guests(organisation):
    return Body.objects.filter(organisation=organisation, is_active=True).order_by(
        "position", "name"
    )


def _dialogue(request, pk: int) -> Dialogue:
    dialogue = selectors.dialogue_get(organisation=request.organisation, pk=pk)
    if not selectors.may_view(
        request.user, committee=dialogue.committee, overseer=dialogue.overseer
    ):
        raise PermissionDenied
    return dialogue


def _refused(request, exc: DomainError):
    messages.error(request, exc.message)


@require_permission("dialogues.view")
def index(request):
    organisation = request.organisation
    rows = []
    for d in selectors.dialogues_visible(actor=request.user, organisation=organisation):
        rows.append({"dialogue": d, "stage": selectors.stage(d, selectors.minutes_item_of(d))})
    return render(
        request,
        "dialogues/index.html",
        {
            "rows": rows,
            "notes": selectors.notes_visible(actor=request.user, organisation=organisation),
            "may_create": has_permission_anywhere(request.user, "dialogues.manage"),
            "may_configure": has_permission_everywhere(request.user, "dialogues.configure"),
        },
    )


@require_permission("dialogues.manage")
def create(request):
    organisation = request.organisation
    overseers = selectors.overseers(organisation=organisation)
    form = forms.DialogueForm(
        request.POST or None,
        overseers=overseers,
        committees=selectors.committees(organisation=organisation),
        periods=_periods(organisation),
        guests=_guests(organisation),
        initial={
            "year": timezone.localdate().year,
            "overseer": overseers.filter(code="RSAU").first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case_number"]:
            case = case_selectors.case_by_number(
                organisation=organisation, number=data["case_number"].strip().upper()
            )
            if case is None:
                form.add_error("case_number", _("Ärendet finns inte."))
                return render(request, "dialogues/create.html", {"form": form})
        try:
            dialogue = services.dialogue_create(
                actor=request.user,
                organisation=organisation,
                overseer=data["overseer"],
                committee=data["committee"],
                year=data["year"],
                number=data["number"],
                date=data["date"],
                period=data["period"],
                guests=list(data["guests"]),
                case=case,
                register=data["register"] or case is not None,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Dialogen är skapad."))
            return redirect(dialogue)
    return render(request, "dialogues/create.html", {"form": form})


@require_permission("dialogues.view")
def dialogue(request, pk: int):
    d = _dialogue(request, pk)
    item = selectors.minutes_item_of(d)
    withheld = selectors.item_withheld(actor=request.user, item=item)
    manage = selectors.may_manage(request.user, overseer=d.overseer)
    meetings = Meeting.objects.filter(body=d.overseer, status__in=["planned", "summoned", "held"])
    return render(
        request,
        "dialogues/dialogue.html",
        {
            "d": d,
            "stage": selectors.stage(d, item),
            "item": item,
            "texts": selectors.texts(d).values(),
            "guests": list(d.guests.all()),
            "previous": selectors.previous_dialogue(d),
            "may_manage": manage,
            "may_write": selectors.may_write_texts(request.user, d),
            "agenda_form": forms.AgendaForm(meetings=meetings)
            if manage and d.proposal_id
            else None,
            "item_withheld": withheld,
            "assignments": selectors.assignments_given(item=item, on=timezone.localdate())
            if item and not withheld
            else [],
            "notes": list(d.notes.all()),
        },
    )


@require_permission("dialogues.manage")
def edit(request, pk: int):
    d = _dialogue(request, pk)
    if not selectors.may_manage(request.user, overseer=d.overseer):
        raise PermissionDenied
    organisation = d.organisation
    form = forms.DialogueEditForm(
        request.POST or None,
        dialogue=d,
        periods=_periods(organisation),
        guests=_guests(organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dialogue_update(
                actor=request.user,
                dialogue=d,
                version=data["version"],
                date=data["date"],
                period=data["period"],
                guests=list(data["guests"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Dialogen är sparad."))
            return redirect(d)
    return render(request, "dialogues/edit.html", {"d": d, "form": form})


def _text_key(key: str) -> str:
    if key not in DialogueText.Key.values:
        raise PermissionDenied
    return key


@require_permission("dialogues.view")
def text(request, pk: int, key: str):
    d = _dialogue(request, pk)
    key = _text_key(key)
    if not selectors.may_write_texts(request.user, d):
        raise PermissionDenied
    row = selectors.texts(d).get(key) or DialogueText(
        dialogue=d, key=key, title=DialogueText.Key(key).label, version=0
    )
    form = forms.TextForm(request.POST or None, row=row)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dialogue_text_save(
                actor=request.user,
                dialogue=d,
                key=key,
                title=data["title"],
                text=forms.text_to_html(data["text"]),
                version=data["version"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Bilden är sparad."))
            return redirect(d)
    return render(request, "dialogues/text.html", {"d": d, "form": form, "row": row})


@require_POST
@require_permission("dialogues.manage")
def proposal(request, pk: int):
    d = _dialogue(request, pk)
    try:
        services.dialogue_proposal_create(actor=request.user, dialogue=d)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Ärendet och beslutsförslaget är registrerade."))
    return redirect(d)


@require_POST
@require_permission("dialogues.manage")
def agenda(request, pk: int):
    d = _dialogue(request, pk)
    meetings = Meeting.objects.filter(body=d.overseer)
    form = forms.AgendaForm(request.POST, meetings=meetings)
    if not form.is_valid():
        messages.error(request, _("Välj ett sammanträde."))
        return redirect(d)
    try:
        services.dialogue_agenda_add(
            actor=request.user, dialogue=d, meeting=form.cleaned_data["meeting"]
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Dialogen står på föredragningslistan."))
    return redirect(d)


# ---------------------------------------------------------------------------------------------
# Notes


def _notes(request, pk: int):
    notes = selectors.notes_get(organisation=request.organisation, pk=pk)
    if not selectors.may_view(request.user, committee=notes.committee, overseer=notes.overseer):
        raise PermissionDenied
    return notes


@require_permission("dialogues.manage")
def notes_create(request):
    organisation = request.organisation
    form = forms.NotesForm(
        request.POST or None,
        overseers=selectors.overseers(organisation=organisation),
        committees=Body.objects.filter(organisation=organisation, kind=Body.Kind.COMMITTEE),
        questions=selectors.question_bank(organisation=organisation, active_only=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notes = services.notes_create(
                actor=request.user,
                organisation=organisation,
                overseer=data["overseer"],
                committee=data["committee"],
                management_group=data["management_group"],
                date=data["date"],
                questions=list(data["questions"]),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(notes)
    return render(request, "dialogues/notes_create.html", {"form": form})


@require_permission("dialogues.view")
def notes(request, pk: int):
    n = _notes(request, pk)
    manage = selectors.may_manage(request.user, overseer=n.overseer)
    content = selectors.notes_content(n)
    return render(
        request,
        "dialogues/notes.html",
        {
            "n": n,
            "may_manage": manage,
            "attendee_form": forms.AttendeeForm(initial={"version": n.version}) if manage else None,
            "bank": selectors.question_bank(organisation=n.organisation, active_only=True)
            if manage
            else [],
            "send_form": forms.SendForm() if manage else None,
            **content,
        },
    )


def _notes_post(request, pk: int, form_class, call, success: str = ""):
    n = _notes(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(n)
    try:
        call(n, form.cleaned_data)
    except DomainError as exc:
        _refused(request, exc)
    else:
        if success:
            messages.success(request, success)
    return redirect(n)


@require_POST
@require_permission("dialogues.manage")
def notes_attendee_add(request, pk: int):
    return _notes_post(
        request,
        pk,
        forms.AttendeeForm,
        lambda n, data: services.notes_attendee_add(
            actor=request.user,
            notes=n,
            name=data["name"],
            role=data["role"],
            by_phone=data["by_phone"],
            side=data["side"],
            version=data["version"],
        ),
    )


@require_POST
@require_permission("dialogues.manage")
def notes_attendee_remove(request, pk: int):
    def call(n, data):
        attendee = n.attendees.filter(pk=data["attendee"]).first()
        if attendee is None:
            raise DomainError(_("Personen finns inte i anteckningarna."))
        services.notes_attendee_remove(
            actor=request.user, notes=n, attendee=attendee, version=data["version"]
        )

    return _notes_post(request, pk, forms.RemoveAttendeeForm, call)


@require_POST
@require_permission("dialogues.manage")
def notes_question_add(request, pk: int):
    def call(n, data):
        question = data["question"]
        if data["source"]:
            question = (
                selectors.question_bank(organisation=n.organisation)
                .filter(pk=data["source"])
                .first()
            )
            if question is None:
                raise DomainError(_("Frågan finns inte i frågebanken."))
        services.notes_question_add(
            actor=request.user, notes=n, question=question, version=data["version"]
        )

    return _notes_post(request, pk, forms.QuestionAddForm, call)


@require_POST
@require_permission("dialogues.manage")
def notes_send(request, pk: int):
    return _notes_post(
        request,
        pk,
        forms.SendForm,
        lambda n, data: services.notes_questions_send(
            actor=request.user, notes=n, recipients=data["recipients"]
        ),
        _("Frågorna är skickade."),
    )


@require_permission("dialogues.manage")
def notes_answer(request, pk: int, question: int):
    n = _notes(request, pk)
    if not selectors.may_manage(request.user, overseer=n.overseer):
        raise PermissionDenied
    q = NotesQuestion.objects.filter(notes=n, pk=parse_id(str(question))).first()
    if q is None:
        raise PermissionDenied
    form = forms.AnswerForm(request.POST or None, notes=n, question=q)
    if request.method == "POST" and form.is_valid():
        try:
            services.notes_answer_save(
                actor=request.user,
                notes=n,
                question=q,
                answer=forms.text_to_html(form.cleaned_data["answer"]),
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(n)
    return render(request, "dialogues/answer.html", {"n": n, "q": q, "form": form})


@require_permission("dialogues.view")
def notes_file(request, pk: int, fmt: str):
    n = _notes(request, pk)
    if fmt not in ("docx", "pdf"):
        raise PermissionDenied
    try:
        _rendered, content, document = services.notes_render(notes=n, fmt=fmt, actor=request.user)
    except DomainError as exc:
        _refused(request, exc)
        return redirect(n)
    except PdfUnavailable:
        messages.error(request, _("PDF kan inte skapas på den här servern."))
        return redirect(n)
    response = HttpResponse(content, content_type=doc_render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc_render.filename(document, fmt)}"'
    return response


# ---------------------------------------------------------------------------------------------
# The question bank


@require_permission("dialogues.view")
def questions(request):
    organisation = request.organisation
    may_configure = has_permission_everywhere(request.user, "dialogues.configure")
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST":
        if not may_configure:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.question_create(
                    actor=request.user,
                    organisation=organisation,
                    text=form.cleaned_data["text"],
                    area=form.cleaned_data["area"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("dialogues:questions")
    return render(
        request,
        "dialogues/questions.html",
        {
            "questions": selectors.question_bank(organisation=organisation),
            "form": form if may_configure else None,
        },
    )


@require_POST
@require_permission("dialogues.configure")
def question_active(request):
    organisation = request.organisation
    form = forms.QuestionActiveForm(request.POST)
    if form.is_valid():
        question = forms.QuestionActiveForm.question_in(organisation, form.cleaned_data["question"])
        if question is None:
            messages.error(request, _("Frågan finns inte."))
        else:
            try:
                services.question_set_active(
                    actor=request.user, question=question, active=form.cleaned_data["active"]
                )
            except DomainError as exc:
                _refused(request, exc)
    return redirect("dialogues:questions")
