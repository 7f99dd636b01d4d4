"""A person's private notes on the papers of a meeting (the member's room)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.cases import secrecy
from uppsikt.cases.models import Record
from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.organisation.permissions import ensure_can

from ..models import AgendaItem, PrivateNote
from ..papers import agenda_item_readable

NOTE_MAX_LENGTH = 10_000


def _facts(note: PrivateNote) -> dict:
    # what the audit trail keeps of a note: whose and on what, never its text
    return {
        "owner_id": note.owner_id,
        "agenda_item_id": note.agenda_item_id,
        "record_id": note.record_id,
    }


def _paper(actor, agenda_item: AgendaItem | None, record: Record | None):
    if (agenda_item is None) == (record is None):
        raise DomainError(_("En anteckning gäller en punkt eller en handling."))
    if agenda_item is not None:
        # read afresh: whether the papers are out is the meeting's state now
        agenda_item = AgendaItem.objects.select_related("meeting", "case").get(pk=agenda_item.pk)
        if not agenda_item_readable(actor=actor, item=agenda_item):
            raise NotPermitted(_("Du kan inte läsa den här handlingen."))
        return agenda_item.meeting.organisation_id, {"agenda_item": agenda_item}
    if not secrecy.can_see_record(actor, record):
        raise NotPermitted(_("Handlingen omfattas av sekretess och du saknar behörighet till den."))
    return record.case.organisation_id, {"record": record}


@transaction.atomic
def private_note_save(
    *,
    actor,
    text: str,
    agenda_item: AgendaItem | None = None,
    record: Record | None = None,
) -> PrivateNote | None:
    """Write ``actor``'s own note on an agenda item or a record; an empty text removes it.
    The note is the actor's alone; the audit row names the paper, not the text."""
    ensure_can(actor, "meetings.view")
    if not getattr(actor, "pk", None):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    organisation_id, on = _paper(actor, agenda_item, record)
    text = (text or "").strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Anteckningen får vara högst %(n)s tecken.")
            % {"n": f"{NOTE_MAX_LENGTH:,}".replace(",", "\u00a0")}
        )
    note = PrivateNote.objects.select_for_update().filter(owner_id=actor.pk, **on).first()
    if not text:
        if note is not None:
            facts = _facts(note)
            audit_record(
                actor=actor, action="private_note.delete", obj=note, before=facts, after=None
            )
            note.delete()
        return None
    if note is None:
        note = PrivateNote.objects.create(
            organisation_id=organisation_id, owner_id=actor.pk, text=text, **on
        )
        audit_record(actor=actor, action="private_note.create", obj=note, after=_facts(note))
    elif note.text != text:
        note.text = text
        note.save(update_fields=["text", "updated_at"])
        audit_record(actor=actor, action="private_note.update", obj=note, after=_facts(note))
    return note
