"""Forms of the dialogue pages: they parse input and carry initial values; the services decide.

Texts (the committee's slides, the answers in the notes) are written as plain text: a blank
line between paragraphs, a line starting with "- " is a bullet, a line within ** ** is bold.
``text_to_html`` makes the stored rich text of it, ``html_to_text`` the other way round."""

from __future__ import annotations

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from uppsikt.core.exceptions import BadInput
from uppsikt.core.fields import IdMultipleChoiceField
from uppsikt.core.parsing import parse_id
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings.models import Meeting
from uppsikt.organisation.models import Body

from .models import NotesAttendee, Question

BULLET = re.compile(r"^\s*[-•*]\s+")


def _inline(line: str) -> str:
    text = html.escape(line.strip())
    m = re.fullmatch(r"\*\*(.+)\*\*", text)
    return f"<strong>{m.group(1)}</strong>" if m else text


def _block_html(lines: list[str]) -> list[str]:
    """One block of lines (no blank line within): paragraphs and bullet lists in turn."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    for line in [*lines, ""]:
        bullet = bool(BULLET.match(line))
        if (bullet or not line) and paragraph:
            out.append("<p>" + " ".join(paragraph) + "</p>")
            paragraph = []
        if not bullet and items:
            out.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items = []
        if bullet:
            items.append(_inline(BULLET.sub("", line)))
        elif line:
            paragraph.append(_inline(line))
    return out


def text_to_html(text: str) -> str:
    """Plain text as written in the form → rich text (paragraphs and bullet lists)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        out += _block_html([line for line in block.split("\n") if line.strip()])
    return "".join(out)


def html_to_text(stored: str) -> str:
    """Stored rich text → the plain text the form shows."""
    text = stored or ""
    text = re.sub(r"</p>\s*<(ul|ol)>", "\n", text)  # a list right under its paragraph
    text = re.sub(r"<li>\s*", "- ", text)
    text = re.sub(r"</li>\s*", "\n", text)
    text = re.sub(r"</(ul|ol)>\s*", "\n", text)
    text = re.sub(r"<(ul|ol)>\s*", "", text)
    text = re.sub(r"<strong>(.*?)</strong>", r"**\1**", text, flags=re.S)
    text = re.sub(r"</p>\s*", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class IdField(forms.Field):
    """A database id (``core.parsing``), or None when empty and not required."""

    def to_python(self, value):
        try:
            return parse_id(value, required=False)
        except BadInput as exc:
            raise ValidationError(exc.message) from exc


class DialogueForm(forms.Form):
    """A new dialogue: who holds it with which committee, year and number, the date; the
    follow-up it rests on (by default the one its season uses) and who is invited."""

    overseer = forms.ModelChoiceField(
        label=_("Organ som håller dialogen"), queryset=Body.objects.none()
    )
    committee = forms.ModelChoiceField(label=_("Nämnd"), queryset=Body.objects.none())
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    number = forms.TypedChoiceField(
        label=_("Dialog"),
        choices=[(1, _("#1 våren")), (2, _("#2 hösten"))],
        coerce=int,
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ModelChoiceField(
        label=_("Uppföljning som dialogen bygger på"),
        queryset=ReportingPeriod.objects.none(),
        required=False,
        help_text=_(
            "Tomt: våren bygger på föregående års årsrapport, hösten på uppföljningsrapport 2."
        ),
    )
    guests = IdMultipleChoiceField(
        label=_("Inbjudna organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    register = forms.BooleanField(
        label=_("Registrera ärende och beslutsförslag i diariet"),
        required=False,
        help_text=_("Kräver behörighet att registrera i organets diarium."),
    )
    case_number = forms.CharField(
        label=_("Befintligt ärende (diarienummer)"),
        max_length=20,
        required=False,
        help_text=_(
            "Nämndens dialogärende över åren, t.ex. RS241521: beslutsförslaget skrivs i det i "
            "stället för i ett nytt ärende."
        ),
    )

    def __init__(self, *args, overseers, committees, periods, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overseer"].queryset = overseers
        self.fields["committee"].queryset = committees
        self.fields["period"].queryset = periods
        self.fields["guests"].queryset = guests


class DialogueEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ModelChoiceField(
        label=_("Uppföljning som dialogen bygger på"),
        queryset=ReportingPeriod.objects.none(),
        required=False,
    )
    guests = IdMultipleChoiceField(
        label=_("Inbjudna organ"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, dialogue, periods, guests, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": dialogue.version,
                "date": dialogue.date,
                "period": dialogue.period_id,
                "guests": list(dialogue.guests.values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        self.fields["guests"].queryset = guests


class TextForm(forms.Form):
    """One of the committee's slides."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Tom rad mellan stycken. En rad som börjar med ”- ” blir en punkt i en lista."),
    )

    def __init__(self, *args, row, **kwargs):
        kwargs.setdefault(
            "initial",
            {"version": row.version, "title": row.title, "text": html_to_text(row.text)},
        )
        super().__init__(*args, **kwargs)


class AgendaForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Sammanträde"), queryset=Meeting.objects.none())

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class NotesForm(forms.Form):
    overseer = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none())
    committee = forms.ModelChoiceField(label=_("Nämnd"), queryset=Body.objects.none())
    management_group = forms.CharField(
        label=_("Ledningsgrupp"),
        max_length=200,
        help_text=_(
            "Som den skrivs i rubriken, t.ex. ”Regionala utvecklingsförvaltningens ledningsgrupp”."
        ),
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    questions = IdMultipleChoiceField(
        label=_("Frågor ur frågebanken"),
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, overseers, committees, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overseer"].queryset = overseers
        self.fields["committee"].queryset = committees
        self.fields["questions"].queryset = questions


class AttendeeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Namn"), max_length=200)
    role = forms.CharField(label=_("Roll"), max_length=200, required=False)
    by_phone = forms.BooleanField(label=_("På telefon"), required=False)
    side = forms.ChoiceField(label=_("Sida"), choices=NotesAttendee.Side.choices)


class RemoveAttendeeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    attendee = IdField(required=True)


class QuestionAddForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    source = IdField(required=False, label=_("Ur frågebanken"))
    question = forms.CharField(label=_("Eller skriv en fråga"), max_length=300, required=False)


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=_("Svar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Tom rad mellan stycken. En rad som börjar med ”- ” blir en punkt i en lista."),
    )

    def __init__(self, *args, notes, question, **kwargs):
        kwargs.setdefault(
            "initial", {"version": notes.version, "answer": html_to_text(question.answer)}
        )
        super().__init__(*args, **kwargs)


class SendForm(forms.Form):
    recipients = forms.CharField(
        label=_("Skicka frågorna till (e-post, en per rad)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_recipients(self):
        return [
            r.strip() for r in re.split(r"[\s,;]+", self.cleaned_data["recipients"]) if r.strip()
        ]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Fråga"), max_length=300)
    area = forms.CharField(label=_("Område"), max_length=100, required=False)


class QuestionActiveForm(forms.Form):
    question = IdField(required=True)
    active = forms.BooleanField(required=False)

    @staticmethod
    def question_in(organisation, pk):
        return Question.objects.filter(organisation=organisation, pk=pk).first()
