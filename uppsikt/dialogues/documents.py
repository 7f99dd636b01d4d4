"""The dialogue notes (minnesanteckningar, reference 004) as a document: a title naming the
board, the management group and the date, who was present ("Närvarande", name and role, "på
telefon"), then each question as a heading with the answer noted (free text with lists)."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _

from uppsikt.documents import richtext_blocks
from uppsikt.documents.document import Document, Paragraph, Section, Text

from . import selectors
from .models import DialogueNotes, NotesAttendee


def _person(a: NotesAttendee) -> str:
    text = f"{a.name} {a.role}" if a.role else a.name
    return f"{text} ({_('på telefon')})" if a.by_phone else text


def _joined(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {_('och')} " + names[-1]


def notes_document(*, notes: DialogueNotes) -> Document:
    with translation.override("sv"):
        return _notes_document(notes)


def _notes_document(notes: DialogueNotes) -> Document:
    content = selectors.notes_content(notes)
    organisation = re.sub(r"\s*\(.*?\)\s*$", "", notes.organisation.name)
    title = _("Minnesanteckningar")
    # the rest of the notes' title: the footer reads "Minnesanteckningar från … 20170619"
    rest = notes.title.removeprefix(f"{title} ")
    doc = Document(
        title=title,
        subtitle=rest,
        organisation=organisation,
        header=f"{notes.overseer.name} · {notes.committee.name}",
        cover_lines=[organisation, notes.overseer.name],
        letterhead_fields=[(_("Datum"), notes.date.isoformat())],
        date=notes.date,
        cover=False,
        toc=False,
        numbered=False,
    )
    present = Section(notes.title, numbered=False)
    committee_side = [_person(a) for a in content["committee_side"]]
    board_side = [_person(a) for a in content["board_side"]]
    if committee_side:
        present.add(Paragraph(Text(_("Närvarande:"), bold=True), " ", ", ".join(committee_side)))
    if board_side:
        present.add(Paragraph(_joined(board_side)))
    if not committee_side and not board_side:
        present.add(Paragraph(_("Ingen närvaro är antecknad."), style="note"))
    for q in content["questions"]:
        answer = richtext_blocks.blocks(q.answer or "")
        present.section(q.question, numbered=False).add(
            *(answer or [Paragraph(_("Inget svar är antecknat."), style="note")])
        )
    doc.sections.append(present)
    return doc
