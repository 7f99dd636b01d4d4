"""Meetings, their agendas and minutes items (§), the assignments given by decisions, and the
notice board. What secrecy withholds from the token's owner (by the register's one gate,
``cases.secrecy``) is left out: an item on a case the owner may not see is not listed, nor
is its §, nor the assignments it gave."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from ninja import Router

from uppsikt.meetings.models import DecisionAssignment, Meeting

from .. import files, pagination, selectors
from ..access import bad_filter, not_found, require
from ..errors import ApiError
from ..schemas import (
    DecisionAssignmentOut,
    MeetingDetailOut,
    MeetingOut,
    MinutesItemOut,
    NoticeOut,
)
from .endpoint import by_body, by_unit, choice, detail, download, found_or_404, listing, one, since

router = Router(tags=["meetings"])


def meeting_out(m) -> dict:
    return {
        "id": m.pk,
        "body": m.body.code,
        "date": m.date,
        "start_time": m.start_time.strftime("%H:%M"),
        "place": m.place,
        "status": m.status,
        "approved_on": m.approved_on,
        "modified_at": m.updated_at,
    }


def item_out(i) -> dict:
    return {
        "id": i.pk,
        "meeting": i.meeting_id,
        "body": i.body.code,
        "year": i.year,
        "number": i.number,
        "title": i.title,
        "case": i.case.number if i.case_id else None,
        "matter": i.matter,
        "decision_intro": i.decision_intro,
        "decision_points": list(i.decision_points or []),
        "secret": bool(i.secret or (i.case_id and i.case.secret)),
        "approved_at": i.approved_at,
        "modified_at": i.updated_at,
    }


def assignment_out(a) -> dict:
    return {
        "id": a.pk,
        "given_by": a.given_by_id,
        "decided_by": a.given_by.body.code,
        "year": a.given_by.year,
        "point": a.point,
        "text": a.text,
        "recipient_body": a.recipient_body.code if a.recipient_body_id else None,
        "recipient_unit": a.recipient_unit.code if a.recipient_unit_id else None,
        "due_date": a.due_date,
        "state": a.state,
        "closed_on": a.closed_on,
        "modified_at": a.updated_at,
    }


@listing(router, "/meetings", MeetingOut, "Sammanträdena")
def meetings(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    body: str | None = None,
    year: int | None = None,
    status: str | None = None,
    modified_since: dt.datetime | None = None,
):
    require(request, "meetings.view")
    qs = selectors.meetings(organisation=request.organisation)
    qs = by_body(request, qs, body, "body")
    if year is not None:
        qs = qs.filter(date__year=year)
    qs = choice(qs, status, Meeting.Status.values, name="status")
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=meeting_out)


@detail(
    router,
    "/meetings/{int:meeting_id}",
    MeetingDetailOut,
    "Ett sammanträde med dess föredragningslista",
)
def meeting(request, meeting_id: int):
    """The agenda without the items the token's owner may not see."""
    require(request, "meetings.view")
    found = found_or_404(selectors.meeting_get(organisation=request.organisation, pk=meeting_id))
    agenda, items = selectors.agenda_visible(token=request.auth, meeting=found)
    rows = []
    for a in agenda:
        minutes_item = _item_of(a)
        if minutes_item is not None and minutes_item.pk not in items:
            continue  # its § is withheld, and so is its title here
        rows.append(
            {
                "id": a.pk,
                "position": a.position,
                "kind": a.kind,
                "title": a.title,
                "case": a.case.number if a.case_id else None,
                "withdrawn": a.withdrawn,
                "minutes_item": minutes_item.pk if minutes_item is not None else None,
            }
        )
    return {**meeting_out(found), "agenda": rows}


def _item_of(agenda_item):
    """The agenda item's § (None before the meeting is held)."""
    try:
        return agenda_item.minutes_item
    except ObjectDoesNotExist:
        return None


@listing(router, "/minutes-items", MinutesItemOut, "Protokollens paragrafer")
def minutes_items(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    meeting: int | None = None,
    body: str | None = None,
    year: int | None = None,
    modified_since: dt.datetime | None = None,
):
    """The § the token's owner may read (a secret § only with ``secrecy.read`` and the
    owner entitled by the secrecy gate)."""
    require(request, "meetings.view")
    qs = selectors.minutes_items_visible(token=request.auth, organisation=request.organisation)
    if meeting is not None:
        qs = qs.filter(meeting_id=meeting)
    qs = by_body(request, qs, body, "body")
    if year is not None:
        qs = qs.filter(year=year)
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=item_out)


@detail(router, "/minutes-items/{int:item_id}", MinutesItemOut, "En paragraf")
def minutes_item(request, item_id: int):
    require(request, "meetings.view")
    found = one(
        selectors.minutes_items_visible(token=request.auth, organisation=request.organisation),
        item_id,
    )
    return item_out(found)


@listing(router, "/decision-assignments", DecisionAssignmentOut, "Uppdrag givna genom beslut")
def decision_assignments(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    body: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    state: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """``body``/``unit``: the recipient; ``year``: the year of the § that gave it."""
    require(request, "meetings.view")
    qs = selectors.decision_assignments_visible(
        token=request.auth, organisation=request.organisation
    )
    qs = by_body(request, qs, body, "recipient_body")
    qs = by_unit(request, qs, unit, "recipient_unit")
    if year is not None:
        qs = qs.filter(given_by__year=year)
    qs = choice(qs, state, DecisionAssignment.State.values, name="state")
    qs = since(qs, modified_since)
    return pagination.page(qs, cursor=cursor, limit=limit, serialise=assignment_out)


def _notices_prepared(notices: list) -> list:
    public = selectors.notices_public_items(notices)
    for n in notices:
        n.public = public.get(n.pk, [])
    return notices


def notice_out(n) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "meeting": n.meeting_id,
        "body": n.meeting.body.code,
        "meeting_date": n.meeting.date,
        "posted_on": n.posted_on,
        "last_day": n.last_day,
        "approved_on": n.approved_on,
        "appeal_last_day": n.appeal_last_day,
        "minutes_kept_at": n.minutes_kept_at,
        "items": [
            {
                "label": p.label,
                "title": p.title,
                "case_number": p.case_number,
                "secret": p.secret,
            }
            for p in n.public
        ],
        "modified_at": n.updated_at,
    }


@listing(router, "/notices", NoticeOut, "Anslagstavlan")
def notices(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    body: str | None = None,
    year: int | None = None,
    current: bool | None = None,
    modified_since: dt.datetime | None = None,
):
    """The notice board, public: every notice posted (``current=true``: those on the board
    today), with what of the minutes may be public (a secret § by its number only). Any
    valid token reads it."""
    from django.utils import timezone

    qs = selectors.notices_posted(organisation=request.organisation)
    qs = by_body(request, qs, body, "meeting__body")
    if year is not None:
        qs = qs.filter(posted_on__year=year)
    if current is not None:
        today = timezone.localdate()
        qs = qs.filter(last_day__gte=today) if current else qs.filter(last_day__lt=today)
    qs = since(qs, modified_since)
    return pagination.page(
        qs, cursor=cursor, limit=limit, serialise=notice_out, prepare=_notices_prepared
    )


def _unavailable() -> ApiError:
    return ApiError(404, "not_found", _("Filen kan inte skapas på den här servern (PDF saknas)."))


@download(
    router, "/meetings/{int:meeting_id}/minutes", "Det justerade protokollet som PDF", files.PDF
)
def meeting_minutes(request, meeting_id: int):
    """The approved minutes as the notice board publishes them: the sealed PDF/A once it is
    made, else the board's PDF (a secret § by its number only). Minutes not yet approved:
    409 ``not_approved``. Each download is audited."""
    require(request, "meetings.view")
    found = found_or_404(selectors.meeting_get(organisation=request.organisation, pk=meeting_id))
    notice = selectors.approval_notice_of(meeting=found)
    if found.status != Meeting.Status.APPROVED or notice is None:
        raise ApiError(409, "not_approved", _("Protokollet är inte justerat."))
    made = selectors.notice_minutes_file(notice)
    if made is None:
        raise _unavailable()
    content, name = made
    return files.download(
        request, content=content, name=name, mime=files.PDF, obj=notice, what="minutes"
    )


@download(router, "/notices/{int:notice_id}/minutes", "Anslagets protokoll som PDF", files.PDF)
def notice_minutes(request, notice_id: int):
    """The minutes of a notice of approval, as ``/anslagstavla/<id>/protokoll.pdf``: the
    sealed PDF/A once it is made; for an item approved at once, that item alone. An
    announcement has no file (404). Any valid token reads it; each download is audited."""
    notice = found_or_404(selectors.notice_get(organisation=request.organisation, pk=notice_id))
    made = selectors.notice_minutes_file(notice)
    if made is None:
        raise not_found() if notice.kind != notice.Kind.APPROVAL else _unavailable()
    content, name = made
    return files.download(
        request, content=content, name=name, mime=files.PDF, obj=notice, what="notice_minutes"
    )


EXTRACT_TYPES = {"pdf": files.PDF, "docx": files.DOCX}


@download(
    router,
    "/minutes-items/{int:item_id}/extract",
    "Protokollsutdrag av en paragraf",
    files.PDF,
    files.DOCX,
)
def minutes_item_extract(request, item_id: int, format: str = "pdf"):  # noqa: A002
    """The extract (protokollsutdrag) of an approved § the token may read (``format``:
    ``pdf`` or ``docx``); a § not yet approved: 409 ``not_approved``. Each download is
    audited."""
    require(request, "meetings.view")
    if format not in EXTRACT_TYPES:
        raise bad_filter("format")
    found = one(
        selectors.minutes_items_visible(token=request.auth, organisation=request.organisation),
        item_id,
    )
    if found.approved_at is None:
        raise ApiError(409, "not_approved", _("Paragrafen är inte justerad."))
    made = selectors.extract_file(found, format)
    if made is None:
        raise _unavailable()
    content, name = made
    return files.download(
        request,
        content=content,
        name=name,
        mime=EXTRACT_TYPES[format],
        obj=found,
        what="extract",
    )
