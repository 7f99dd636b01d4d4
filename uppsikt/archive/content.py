"""What goes into an archive package, read from the register and the meetings: a closed case
with its records and their files, its decision proposals, the paragraphs (§) that decided it
and the minutes they stand in; or a body's approved minutes for a year. Returns the package's
files and its ERMS metadata as plain data (``package.PackageFile``, ``erms.ErmsAggregation``);
the documents are written as PDF/A, the approved minutes as their sealed PDF when one is kept."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from uppsikt.cases import selectors as case_selectors
from uppsikt.cases.documents import proposal_document
from uppsikt.cases.models import Case, DecisionProposal, Record
from uppsikt.meetings import documents as meeting_documents
from uppsikt.meetings import selectors as meeting_selectors
from uppsikt.meetings.models import Meeting, MinutesItem, Notice
from uppsikt.organisation.models import Body

from .erms import ErmsAggregation, ErmsFile, ErmsRecord
from .package import REPRESENTATION, PackageFile

Progress = Callable[[int, str], None]

RECORD_TYPES = {
    Record.Kind.INCOMING: "Inkommen handling",
    Record.Kind.DRAWN_UP: "Upprättad handling",
    Record.Kind.OUTGOING: "Utgående handling",
}


@dataclass
class Content:
    aggregation: ErmsAggregation | None = None
    files: list[PackageFile] = field(default_factory=list)


def safe_name(name: str) -> str:
    """A file name that every file system and zip reader keeps: ASCII letters, digits, dot,
    dash and underscore."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "fil"
    return cleaned[:120]


def _data_path(path: str) -> str:
    return f"{REPRESENTATION}/data/{path}"


def _add(content: Content, path: str, data: bytes, mime: str) -> ErmsFile:
    content.files.append(PackageFile(path, data, mime))
    return ErmsFile(name=path.rsplit("/", 1)[-1], path=_data_path(path), mime=mime)


def _pdf(doc, organisation_id: int) -> bytes:
    data, _name, _mime = meeting_documents.write(doc, "pdf", organisation_id=organisation_id)
    return data


def _record(content: Content, record: Record) -> ErmsRecord:
    files = []
    for index, f in enumerate(record.files.all(), start=1):
        with f.file.open("rb") as handle:
            data = handle.read()
        path = f"handlingar/{record.sequence}/{index}-{safe_name(f.name)}"
        files.append(_add(content, path, data, _mime_of(f.name)))
    return ErmsRecord(
        system_id=f"record:{record.pk}",
        number=record.number,
        title=record.description,
        record_type=RECORD_TYPES.get(record.kind, record.kind),
        date=record.date,
        direction=record.kind,
        counterpart=record.counterpart,
        secret=record.secret,
        secrecy_ground=record.secrecy_ground,
        registered_on=record.registered_on,
        files=tuple(files),
    )


_MIMES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def _mime_of(name: str) -> str:
    lower = name.lower()
    for ext, mime in _MIMES.items():
        if lower.endswith(ext):
            return mime
    return "application/octet-stream"


def _proposal(content: Content, proposal: DecisionProposal, actor) -> ErmsRecord:
    view = case_selectors.proposal_detail(actor=actor, proposal=proposal)
    data = _pdf(proposal_document(view), proposal.case.organisation_id)
    path = f"beslutsforslag/{proposal.pk}-{safe_name(proposal.title)}.pdf"
    return ErmsRecord(
        system_id=f"proposal:{proposal.pk}",
        number=f"{proposal.case.number} beslutsförslag {proposal.pk}",
        title=proposal.title,
        record_type="Beslutsförslag",
        date=proposal.date,
        direction="drawn_up",
        files=(_add(content, path, data, "application/pdf"),),
    )


def _item(content: Content, item: MinutesItem) -> ErmsRecord:
    data = _pdf(meeting_documents.extract_document(item), item.meeting.organisation_id)
    label = f"{item.body.name} {item.year} § {item.number}"
    path = f"paragrafer/{item.year}-{item.number}-{safe_name(item.body.name)}.pdf"
    return ErmsRecord(
        system_id=f"minutes_item:{item.pk}",
        number=label,
        title=item.title,
        record_type="Protokollsutdrag",
        date=item.meeting.date,
        direction="drawn_up",
        secret=item.secret,
        files=(_add(content, path, data, "application/pdf"),),
    )


def _minutes_bytes(meeting: Meeting) -> bytes:
    """The sealed PDF of the approved minutes when one is kept, else the minutes rendered as
    the sealed PDF has them: a § that is secret or on a secret case by its number only
    (docs/meetings.md, *Secrecy*), whoever orders the package."""
    notice = (
        Notice.objects.filter(meeting=meeting, kind=Notice.Kind.APPROVAL, item__isnull=True)
        .order_by("pk")
        .first()
    )
    sealed = meeting_selectors.notice_sealed(notice=notice) if notice is not None else None
    if sealed is not None:
        with sealed.file.open("rb") as handle:
            return handle.read()
    return _pdf(meeting_documents.minutes_document(meeting, public=True), meeting.organisation_id)


def _minutes(content: Content, meeting: Meeting) -> ErmsRecord:
    path = f"protokoll/{meeting.date.isoformat()}-{safe_name(meeting.body.name)}.pdf"
    return ErmsRecord(
        system_id=f"meeting:{meeting.pk}",
        number=f"{meeting.body.name} {meeting.date.isoformat()}",
        title=_("Protokoll %(body)s %(date)s")
        % {"body": meeting.body.name, "date": meeting.date.isoformat()},
        record_type="Protokoll",
        date=meeting.date,
        direction="drawn_up",
        files=(_add(content, path, _minutes_bytes(meeting), "application/pdf"),),
    )


def case_content(*, case: Case, actor, progress: Progress) -> Content:
    """A closed case: its records and files, its final decision proposals, the approved
    paragraphs that decided it and the minutes of their meetings."""
    content = Content()
    records = list(case.records.order_by("sequence").prefetch_related("files"))
    erms_records: list[ErmsRecord] = []
    for index, record in enumerate(records, start=1):
        erms_records.append(_record(content, record))
        progress(10 + 40 * index // max(len(records), 1), _("Handlingar"))
    proposals = case.proposals.filter(status=DecisionProposal.Status.FINAL).order_by("date", "pk")
    for proposal in proposals.select_related("case", "body"):
        erms_records.append(_proposal(content, proposal, actor))
    progress(60, _("Beslutsförslag"))
    items = (
        MinutesItem.objects.filter(case=case, approved_at__isnull=False)
        .select_related("meeting", "meeting__body", "body")
        .order_by("meeting__date", "number")
    )
    meetings: dict[int, Meeting] = {}
    for item in items:
        erms_records.append(_item(content, item))
        meetings.setdefault(item.meeting_id, item.meeting)
    progress(75, _("Paragrafer"))
    for meeting in meetings.values():
        erms_records.append(_minutes(content, meeting))
    progress(85, _("Protokoll"))
    content.aggregation = ErmsAggregation(
        system_id=f"case:{case.pk}",
        number=case.number,
        title=case.title,
        kind="caseFile",
        status="closed" if case.status == Case.Status.CLOSED else "open",
        description=case.description,
        classification=case.classification,
        body=case.body.name,
        unit=case.unit.name if case.unit_id else "",
        officer=str(case.officer) if case.officer_id else "",
        opened_on=case.registered_on,
        closed_on=case.closed_on,
        secret=case.secret,
        secrecy_ground=case.secrecy_ground,
        records=tuple(erms_records),
    )
    return content


def approved_meetings(*, body: Body, year: int):
    return (
        Meeting.objects.filter(body=body, date__year=year, status=Meeting.Status.APPROVED)
        .select_related("body")
        .order_by("date", "pk")
    )


def minutes_content(*, body: Body, year: int, progress: Progress) -> Content:
    """A body's approved minutes of a year, each as its sealed PDF or rendered."""
    content = Content()
    meetings = list(approved_meetings(body=body, year=year))
    records = []
    for index, meeting in enumerate(meetings, start=1):
        records.append(_minutes(content, meeting))
        progress(10 + 75 * index // max(len(meetings), 1), _("Protokoll"))
    content.aggregation = ErmsAggregation(
        system_id=f"minutes:{body.pk}:{year}",
        number=f"{body.code} {year}",
        title=_("Protokoll %(body)s %(year)s") % {"body": body.name, "year": year},
        kind="minutes",
        body=body.name,
        records=tuple(records),
    )
    return content
