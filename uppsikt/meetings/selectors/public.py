"""What of the meetings anyone may read without logging in (open data, docs/oparl.md), and the
sealed PDFs of approved minutes (docs/sealing.md)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from uppsikt.cases import secrecy
from uppsikt.organisation.models import Organisation

from ..models import (
    AgendaItem,
    Attendance,
    Meeting,
    MinutesItem,
    Notice,
)
from ._core import _board

# ---------------------------------------------------------------------------------------------
# Open data (docs/oparl.md): what of the meetings anyone may read, without logging in

PUBLISHED_STATUSES = (Meeting.Status.SUMMONED, Meeting.Status.HELD, Meeting.Status.APPROVED)


def public_meetings(*, organisation: Organisation) -> QuerySet[Meeting]:
    """The meetings whose summons has been sent: their day, place, body and agenda are public.
    A planned meeting is not (its agenda is still being drawn up)."""
    return Meeting.objects.filter(organisation=organisation, status__in=PUBLISHED_STATUSES)


def public_agenda_items(*, organisation: Organisation) -> QuerySet[AgendaItem]:
    """The agenda items of the public meetings (``agenda_item_secret`` says which of them the
    public may know only by their place)."""
    return AgendaItem.objects.filter(
        meeting__in=public_meetings(organisation=organisation)
    ).select_related("meeting", "meeting__body", "case", "proposal", "minutes_item")


def agenda_item_secret(item: AgendaItem) -> bool:
    """Whether the public may know no more of ``item`` than its place on the agenda: its case
    is secret (the register's gate, for a reader not logged in) or its § is."""
    if item.case_id and not secrecy.can_see_case(None, item.case):
        return True
    minutes_item = getattr(item, "minutes_item", None)
    return bool(minutes_item is not None and minutes_item.secret)


def public_minutes_item(item: AgendaItem) -> MinutesItem | None:
    """The § of ``item`` as far as it is public: approved, and neither it nor its case secret."""
    minutes_item = getattr(item, "minutes_item", None)
    if minutes_item is None or not minutes_item.approved or agenda_item_secret(item):
        return None
    return minutes_item


def public_notices(*, organisation: Organisation, today: dt.date | None = None):
    """The notices posted on the board (current or archived); never one posted in the future."""
    today = today or timezone.localdate()
    return _board(organisation).filter(posted_on__lte=today)


def public_participants(*, meeting: Meeting) -> list[Attendance]:
    """Who took part, as approved minutes carry it: the members and deputies present (name,
    party, seat). Nothing before the minutes are approved; officials are not listed."""
    if meeting.status != Meeting.Status.APPROVED:
        return []
    return list(
        meeting.attendance.filter(present=True, membership__isnull=False)
        .select_related("person")
        .order_by("position", "pk")
    )


# The kept, sealed PDF/A of a notice's minutes (documents.RenderedDocument), docs/sealing.md.
SEALED_KIND = "sealed_minutes"


def notice_seal_subject(notice: Notice) -> str:
    from uppsikt.organisation.tenancy import document_scope

    return f"{document_scope(notice.organisation_id)}/anslag/{notice.pk}"


def notice_sealed(*, notice: Notice):
    """The sealed PDF of a notice's minutes, or None while it is not sealed (yet)."""
    from uppsikt.documents import selectors as doc_selectors

    return (
        doc_selectors.rendered_for(kind=SEALED_KIND, subject=notice_seal_subject(notice))
        .filter(format="pdf")
        .order_by("created_at", "pk")
        .first()
    )


EXTRACT_SEALED_KIND = "sealed_extract"


def extract_seal_subject(item) -> str:
    """What a sealed extract is kept under: the item, and after a correction (rättelse) the
    number of corrections, so that an extract sealed before a correction is never served for
    the item as it now reads (the corrected extract is sealed again)."""
    from uppsikt.organisation.tenancy import document_scope

    corrections = getattr(item, "correction_count", None)
    if corrections is None:
        corrections = item.corrections.count()
    subject = f"{document_scope(item.meeting.organisation_id)}/utdrag/{item.pk}"
    return f"{subject}/rattelse-{corrections}" if corrections else subject


def extract_sealed(*, item):
    """The sealed PDF of an approved item's extract, or None while it is not sealed (yet)."""
    from uppsikt.documents import selectors as doc_selectors

    return (
        doc_selectors.rendered_for(kind=EXTRACT_SEALED_KIND, subject=extract_seal_subject(item))
        .filter(format="pdf")
        .order_by("created_at", "pk")
        .first()
    )


def extracts_unsealed(*, meeting=None, organisation: Organisation | None = None) -> list:
    """Approved items (of one meeting, one organisation or all) whose extract has no sealed
    PDF."""
    from uppsikt.documents.models import RenderedDocument

    from ..models import MinutesItem

    items = (
        MinutesItem.objects.filter(approved_at__isnull=False)
        .select_related("meeting")
        .annotate(correction_count=Count("corrections"))
    )
    if meeting is not None:
        items = items.filter(meeting=meeting)
    if organisation is not None:
        items = items.filter(meeting__organisation=organisation)
    sealed = set(
        RenderedDocument.objects.filter(kind=EXTRACT_SEALED_KIND, format="pdf").values_list(
            "subject", flat=True
        )
    )
    return [i for i in items.order_by("pk") if extract_seal_subject(i) not in sealed]


def sealed_documents(*, organisation: Organisation | None = None):
    """Every kept sealed PDF of minutes and of extracts (of one organisation, or of all)."""
    from uppsikt.documents.models import RenderedDocument

    rows = RenderedDocument.objects.filter(
        kind__in=(SEALED_KIND, EXTRACT_SEALED_KIND), format="pdf"
    )
    if organisation is not None:
        rows = rows.filter(subject__startswith=f"{organisation.pk}/")
    return rows.order_by("created_at", "pk")


def notices_unsealed(*, organisation: Organisation | None = None) -> list[Notice]:
    """Approval notices whose minutes have no sealed PDF."""
    notices = Notice.objects.filter(kind=Notice.Kind.APPROVAL)
    if organisation is not None:
        notices = notices.filter(organisation=organisation)
    sealed = set(sealed_documents(organisation=organisation).values_list("subject", flat=True))
    return [n for n in notices.order_by("pk") if notice_seal_subject(n) not in sealed]
