"""The meetings' documents on the rendering engine: the summons (kallelse) with the
agenda and the proposals, the minutes, and the minutes extract (protokollsutdrag) of one item
in the layout of references 000 and 002. All three are letters (``Document(cover=False)``):
page 1 opens with the letterhead — the body, the title, the meeting's date (and time and place,
or the case number) — with no cover page and no table of contents."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.formatting import format_date
from uppsikt.documents import render
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.document import (
    BulletList,
    Cell,
    Column,
    Document,
    Paragraph,
    Row,
    Section,
    Table,
    Text,
)
from uppsikt.documents.pdf import PdfUnavailable
from uppsikt.organisation.tenancy import document_scope

from . import selectors
from .models import Attendance, FloorMotion, Meeting, MinutesItem, Notice, Vote

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SECRET_TITLE = "Ärende som omfattas av sekretess"  # noqa: S105 - a heading, not a password

MOTION_LEADS = {
    FloorMotion.Kind.APPROVE: "yrkar bifall till förslaget.",
    FloorMotion.Kind.REJECT: "yrkar avslag på förslaget.",
    FloorMotion.Kind.AMEND: "yrkar att besluta följande",
    FloorMotion.Kind.ADD: "yrkar på följande tillägg:",
    FloorMotion.Kind.REFER_BACK: "yrkar att ärendet återremitteras.",
    FloorMotion.Kind.POSTPONE: "yrkar att ärendet bordläggs.",
}


def _bullets(points) -> BulletList:
    return BulletList([Paragraph(p) for p in points])


def motion_blocks(m: FloorMotion) -> list:
    role = f"{m.role_label} " if m.role_label else ""
    party = f" ({m.party})" if m.party else ""
    blocks: list = [Paragraph(f"{role}{m.person.full_name}{party} {MOTION_LEADS[m.kind]}")]
    if m.text and m.kind not in (FloorMotion.Kind.APPROVE,):
        blocks.append(Paragraph(m.text))
    if m.points:
        blocks.append(_bullets(m.points))
    return blocks


def _decision(item: MinutesItem) -> Section:
    decision = Section("Beslut", numbered=False)
    if item.decision_intro:
        decision.add(Paragraph(item.decision_intro))
    if item.decision_points:
        decision.add(_bullets(item.decision_points))
    return decision


def _motions(item: MinutesItem) -> Section | None:
    motions = [m for m in item.motions.all() if not m.withdrawn]
    if not motions:
        return None
    s = Section("Yrkanden", numbered=False)
    for m in motions:
        s.add(*motion_blocks(m))
    return s


def _procedure(item: MinutesItem) -> Section | None:
    if not item.procedure:
        return None
    return Section("Beslutsordning", [Paragraph(item.procedure)], numbered=False)


def _votes(item: MinutesItem) -> Section | None:
    votes = list(item.votes.all())
    if not votes:
        return None
    s = Section("Omröstning", numbered=False)
    for v in votes:
        s.add(Paragraph(f"Ja innebär {v.yes_means}. Nej innebär {v.no_means}."))
        if v.method == Vote.Method.ROLL_CALL:
            rows = [Row(c.person.full_name, c.party, c.get_choice_display()) for c in v.casts.all()]
            s.add(
                Table(
                    "Omröstningslista",
                    [Column("Ledamot", width=3), Column("Parti"), Column("Röst")],
                    rows,
                )
            )
        s.add(Paragraph(v.result))
    return s


def _party(row) -> str:
    return f" ({row.party})" if row.party else ""


def _dissents(item: MinutesItem) -> Section | None:
    dissents = list(item.dissents.all())
    if not dissents:
        return None
    s = Section("Reservationer", numbered=False)
    for d in dissents:
        s.add(Paragraph(f"{d.person.full_name}{_party(d)} reserverar sig mot beslutet."))
        if d.reason:
            s.add(Paragraph(d.reason))
    return s


def _notes(item: MinutesItem) -> Section | None:
    notes = list(item.notes.all())
    if not notes:
        return None
    s = Section("Protokollsanteckningar", numbered=False)
    for n in notes:
        s.add(Paragraph(Text(f"{n.person.full_name}{_party(n)}: ", bold=True), n.text))
    return s


def _recusals(item: MinutesItem) -> Section | None:
    recusals = list(item.recusals.all())
    if not recusals:
        return None
    s = Section("Jäv", numbered=False)
    for r in recusals:
        s.add(
            Paragraph(
                f"{r.person.full_name}{_party(r)} anmäler jäv och deltar inte i handläggningen."
            )
        )
    return s


def _matter(item: MinutesItem) -> Section | None:
    if not item.matter:
        return None
    paragraphs = [Paragraph(p) for p in item.matter.split("\n\n") if p.strip()]
    return Section("Ärendet", paragraphs, numbered=False)


def _proposal(item: MinutesItem) -> Section | None:
    if not item.proposal_points:
        return None
    s = Section("Förslag till beslut", numbered=False)
    if item.proposal_intro:
        s.add(Paragraph(item.proposal_intro))
    s.add(_bullets(item.proposal_points))
    return s


def _basis(item: MinutesItem) -> Section | None:
    if not item.basis:
        return None
    return Section("Beslutsunderlag", [_bullets(item.basis)], numbered=False)


def _dispatch_to(item: MinutesItem) -> Section | None:
    if not item.dispatch_to:
        return None
    return Section("Expedieras till", [Paragraph(x) for x in item.dispatch_to], numbered=False)


def _corrections(item: MinutesItem) -> Section | None:
    corrections = list(item.corrections.all())
    if not corrections:
        return None
    s = Section("Rättelser", numbered=False)
    for c in corrections:
        s.add(Paragraph(Text(f"Rättelse {format_date(c.date)}: ", bold=True), c.text))
        s.add(Paragraph(f"Skäl: {c.reason}", style="small"))
    return s


# The sections of an item in the order of the reference extracts; one without content is left out
# (the decision is always there).
ITEM_SECTIONS = (
    _decision,
    _motions,
    _procedure,
    _votes,
    _dissents,
    _notes,
    _recusals,
    _matter,
    _proposal,
    _basis,
    _dispatch_to,
    _corrections,
)


def _item_sections(item: MinutesItem, *, public: bool) -> list[Section]:
    """The sections of one item, in the order of the reference extracts. ``public``: the
    item is withheld from the reader and shows only that it is secret."""
    if public:
        s = Section("Beslut", numbered=False)
        s.add(Paragraph("Paragrafen omfattas av sekretess och visas inte här."))
        return [s]
    return [s for build in ITEM_SECTIONS if (s := build(item)) is not None]


# The signature lines of an extract, at the foot of every page (reference 002).
SIGNATURE_LABELS = ("Ordförandes sign", "Justerares sign", "Utdragsbestyrkande")


def _item_heading(item: MinutesItem, *, public: bool) -> str:
    title = SECRET_TITLE if public else item.title
    return f"{item.label} {title}"


def _when_and_where(meeting: Meeting) -> list[tuple[str, str]]:
    """The letterhead's fields of the summons and the minutes."""
    return [
        ("Sammanträdesdatum", meeting.date.isoformat()),
        ("Tid", f"kl. {meeting.start_time:%H.%M}"),
        ("Plats", meeting.place),
    ]


def extract_document(item: MinutesItem) -> Document:
    """The minutes extract of one item, as in references 000 and 002."""
    meeting = item.meeting
    body = item.body
    doc = Document(
        title=f"Protokollsutdrag {item.label}",
        subtitle=item.title,
        organisation=meeting.organisation.name,
        header=f"{body.name} – Protokoll, sammanträdesdatum {meeting.date.isoformat()}",
        # A letter: page 1 opens with the letterhead (reference 002), no cover, no contents.
        cover=False,
        cover_lines=[body.name],
        letterhead_fields=[
            ("Sammanträdesdatum", meeting.date.isoformat()),
            *([("Diarienummer", item.case.number)] if item.case_id else []),
        ],
        numbered=False,
        toc=False,
        date=meeting.date,
        keywords=["protokollsutdrag", body.name],
        # at the foot of every page, as in 002
        footer_signatures=list(SIGNATURE_LABELS),
    )
    top = doc.section(_item_heading(item, public=False), numbered=False)
    if item.case_id:
        top.add(Paragraph(Text(item.case.number, bold=True)))
    for s in _item_sections(item, public=False):
        top.add(s)
    # the signature lines themselves stand at the foot of every page (footer_signatures)
    signatures = top.section("Underskrifter", numbered=False, keep_together=True)
    if item.approved:
        signatures.add(Paragraph(Text("Paragrafen är justerad", bold=True)))
    signatures.add(
        Paragraph(
            "Utdragsbestyrkande: utdraget överensstämmer med originalprotokollet.", style="small"
        )
    )
    doc.data_version = render.fingerprint(doc)
    return doc


def _attendance_table(meeting: Meeting) -> Table:
    rows = []
    for a in meeting.attendance.select_related("person", "serving_for").order_by("position", "pk"):
        if not a.present:
            continue
        note = ""
        if a.serving_for_id:
            note = f"tjänstgör för {a.serving_for.full_name}"
        elif a.role == Attendance.Role.DEPUTY:
            note = "ersättare, tjänstgör ej"
        rows.append(Row(a.person.full_name, a.party, a.seat_label, note))
    return Table(
        "Närvarande",
        [
            Column("Namn", width=3),
            Column("Parti"),
            Column("Uppdrag", width=2),
            Column("Anmärkning", width=2),
        ],
        rows,
    )


def _absent_table(meeting: Meeting) -> Table | None:
    """The members and deputies called who were not there, with whom a member was replaced by."""
    rows_all = list(
        meeting.attendance.select_related("person", "serving_for").order_by("position", "pk")
    )
    served_by = {a.serving_for_id: a.person.full_name for a in rows_all if a.serving_for_id}
    rows = [
        Row(
            a.person.full_name,
            a.party,
            a.seat_label,
            f"ersätts av {served_by[a.person_id]}" if a.person_id in served_by else "",
        )
        for a in rows_all
        if not a.present and a.called and a.role != Attendance.Role.OFFICIAL
    ]
    if not rows:
        return None
    return Table(
        "Frånvarande",
        [
            Column("Namn", width=3),
            Column("Parti"),
            Column("Uppdrag", width=2),
            Column("Anmärkning", width=2),
        ],
        rows,
    )


SIGNATURE_LINE = "______________________________"


def _signature_pair(caption: str, left: tuple[str, str], right: tuple[str, str] | None) -> Table:
    """Two signatures side by side, as in reference 000: the role over a line, the name below;
    one alone leaves the right column empty."""
    role_r, name_r = right or ("", "")
    return Table(
        caption,
        [Column(left[0]), Column(role_r or " ")],
        [
            Row(Cell(SIGNATURE_LINE), Cell(SIGNATURE_LINE if right else "")),
            Row(Cell(left[1]), Cell(name_r)),
        ],
        row_headers=False,
        show_caption=False,
    )


def signature_block(meeting: Meeting) -> Section:
    """The minutes' signatures: the secretary and the chair, then the approvers two by two;
    kept on one page, and with the line before it."""
    s = Section("Underskrifter", numbered=False, keep_together=True)
    secretary = meeting.secretary.full_name if meeting.secretary_id else ""
    chair = meeting.chair.full_name if meeting.chair_id else ""
    s.add(
        _signature_pair(
            "Sekreterare och ordförande", ("Sekreterare", secretary), ("Ordförande", chair)
        )
    )
    approvers = [("Justerare", p.full_name) for p in meeting.approvers.order_by("last_name", "pk")]
    for i in range(0, len(approvers), 2):
        pair = approvers[i : i + 2]
        s.add(_signature_pair("Justerare", pair[0], pair[1] if len(pair) > 1 else None))
    return s


def _minutes_opening(meeting: Meeting, *, approved_on) -> Document:
    """The minutes' letterhead and first section: attendance, chair and approvers."""
    body = meeting.body
    doc = Document(
        title="Protokoll",
        subtitle=body.name,
        organisation=meeting.organisation.name,
        header=f"{body.name} – Protokoll, sammanträdesdatum {meeting.date.isoformat()}",
        cover=False,
        cover_lines=[
            body.name,
            f"Justerat {approved_on.isoformat()}" if approved_on else "Ej justerat",
        ],
        letterhead_fields=_when_and_where(meeting),
        numbered=False,
        toc=False,
        date=meeting.date,
    )
    first = doc.section("Sammanträdet", numbered=False)
    first.add(_attendance_table(meeting))
    absent = _absent_table(meeting)
    if absent is not None:
        first.add(absent)
    chair = meeting.chair.full_name if meeting.chair_id else "–"
    approvers = ", ".join(p.full_name for p in meeting.approvers.all()) or "–"
    secretary = meeting.secretary.full_name if meeting.secretary_id else "–"
    first.add(Paragraph(f"Ordförande: {chair}. Justerare: {approvers}. Sekreterare: {secretary}."))
    if approved_on:
        first.add(Paragraph(f"Protokollet förvaras: {meeting.minutes_kept_at}."))
    return doc


def _approved_label(item: MinutesItem | selectors.PublicItem) -> Paragraph:
    label = (
        "Paragrafen är omedelbart justerad"
        if item.approved_immediately
        else "Paragrafen är justerad"
    )
    return Paragraph(Text(label, bold=True))


def _approval_table(signed) -> Table:
    return Table(
        "Justering",
        [Column("Namn", width=2), Column("Roll"), Column("Tidpunkt"), Column("Sätt", width=2)],
        [
            Row(a.person.full_name, a.get_role_display(), format_date(a.at), a.get_method_display())
            for a in signed
        ],
    )


def notice_minutes_document(notice: Notice) -> Document:
    """The minutes as the notice board publishes them: only what
    ``selectors.notice_public_items`` makes public — the approved items (for an item approved
    at once, that item alone), a secret one only by its number."""
    meeting = notice.meeting
    doc = _minutes_opening(meeting, approved_on=notice.approved_on)
    for p in selectors.notice_public_items(notice=notice):
        s = doc.section(f"{p.label} {SECRET_TITLE if p.secret else p.title}", numbered=False)
        if p.secret:
            s.add(Paragraph("Paragrafen omfattas av sekretess och visas inte här."))
        else:
            if p.case_number:
                s.add(Paragraph(Text(p.case_number, bold=True)))
            for sub in _item_sections(p.item, public=False):
                s.add(sub)
        s.add(_approved_label(p))
    signed = list(notice.meeting.approvals.filter(item_id=notice.item_id).select_related("person"))
    if signed:
        doc.section("Justering", numbered=False).add(_approval_table(signed))
    doc.data_version = render.fingerprint(doc)
    return doc


def minutes_document(
    meeting: Meeting, *, public: bool = False, withheld: Collection[int] | None = None
) -> Document:
    """The minutes of a meeting, inside Uppsikt. ``withheld``: the items (§) withheld from the
    reader (``selectors.withheld_on_meeting``), which show only their number and that they are
    secret. ``public`` without ``withheld``: every § that is secret or on a secret case is
    withheld. The notice board publishes ``notice_minutes_document`` instead."""
    doc = _minutes_opening(meeting, approved_on=meeting.approved_on)
    for item in meeting.items.select_related("case", "body").order_by("position"):
        if withheld is not None:
            hide = item.pk in withheld
        else:
            hide = public and bool(item.secret or (item.case_id and item.case.secret))
        s = doc.section(_item_heading(item, public=hide), numbered=False)
        if item.case_id and not hide:
            s.add(Paragraph(Text(item.case.number, bold=True)))
        for sub in _item_sections(item, public=hide):
            s.add(sub)
        if item.approved:
            s.add(_approved_label(item))
    signed = list(meeting.approvals.filter(item__isnull=True).select_related("person"))
    if signed:
        s = doc.section("Justering", numbered=False)
        s.add(_approval_table(signed))
        if meeting.checksum:
            s.add(Paragraph(f"Kontrollsumma: {meeting.checksum}", style="small"))
    doc.sections.append(signature_block(meeting))
    doc.data_version = render.fingerprint(doc)
    return doc


# The texts of a proposal in the summons, in the order of the proposal itself (reference 000).
PROPOSAL_TEXTS = (
    ("Sammanfattning", "summary"),
    ("Bakgrund", "background"),
    ("Övervägande", "considerations"),
    ("Konsekvensbeskrivning", "impact_text"),
    ("Ekonomiska konsekvenser av beslutet", "economic_consequences"),
)


def _summons_proposal(s: Section, p) -> None:
    """The whole proposal in the summons: the decision proposed, its texts, the basis (a secret
    record by its number only) and the list of attachments."""
    s.add(Paragraph(Text("Förslag till beslut", bold=True)))
    if p.decision_intro:
        s.add(Paragraph(p.decision_intro))
    if p.decision_points:
        s.add(_bullets(p.decision_points))
    for title, name in PROPOSAL_TEXTS:
        text = (getattr(p, name) or "").strip()
        if text:
            s.add(Paragraph(Text(title, bold=True)))
            s.add(*[Paragraph(" ".join(x.split())) for x in text.split("\n\n") if x.strip()])
    basis = [
        f"{r.number} (sekretess)" if (r.secret or r.case.secret) else r.description
        for r in p.basis.select_related("case").order_by("sequence")
    ]
    if basis:
        s.add(Paragraph(Text("Beslutsunderlag", bold=True)), _bullets(basis))
    if p.attachments:
        s.add(Paragraph(Text("Bilagor", bold=True)), _bullets(p.attachments))


def _summons_secret(agenda_item) -> bool:
    """Whether the summons names ``agenda_item`` only by its place: its case is secret, or its
    § is (a § marked secret on an open case once the meeting is held, docs/meetings.md)."""
    if agenda_item.case_id and agenda_item.case.secret:
        return True
    minutes_item = getattr(agenda_item, "minutes_item", None)
    return bool(minutes_item is not None and minutes_item.secret)


def summons_document(meeting: Meeting) -> Document:
    """The summons (kallelse): time and place, the agenda, and each proposal. Secret material
    is never put in it."""
    body = meeting.body
    doc = Document(
        title="Kallelse",
        subtitle=body.name,
        organisation=meeting.organisation.name,
        header=f"{body.name} – Kallelse",
        cover=False,
        cover_lines=[body.name],
        letterhead_fields=_when_and_where(meeting),
        numbered=False,
        toc=False,
        date=meeting.date,
    )
    agenda = [
        a
        for a in meeting.agenda.select_related("case", "proposal", "minutes_item")
        if not a.withdrawn
    ]
    first = doc.section("Föredragningslista", numbered=False)
    first.add(
        Table(
            "Föredragningslista",
            [Column("Nr"), Column("Ärende", width=5), Column("Diarienummer", width=2)],
            [
                Row(
                    str(i),
                    SECRET_TITLE if _summons_secret(a) else a.title,
                    a.case.number if a.case_id else "",
                )
                for i, a in enumerate(agenda, start=1)
            ],
        )
    )
    for i, a in enumerate(agenda, start=1):
        secret = _summons_secret(a)
        s = doc.section(f"{i}. {SECRET_TITLE if secret else a.title}", numbered=False)
        if secret:
            s.add(Paragraph("Handlingarna finns i Uppsikt för den som har rätt att se dem."))
            continue
        if a.proposal_id:
            _summons_proposal(s, a.proposal)
        elif a.kind == a.Kind.INFORMATION:
            s.add(Paragraph("Informationsärende."))
    doc.data_version = render.fingerprint(doc)
    return doc


def write(doc: Document, fmt: str, *, organisation_id: int) -> tuple[bytes, str, str]:
    """The document as ``fmt`` in the organisation's document template."""
    template = doc_selectors.template_bytes(scope=document_scope(organisation_id))
    try:
        content = render.render(doc, fmt, template=template)
    except PdfUnavailable as exc:
        raise DomainError(_("PDF kan inte skapas på den här servern (Pango saknas).")) from exc
    return content, render.filename(doc, fmt), MIME[fmt]


def summons_file(meeting: Meeting) -> tuple[bytes, str, str]:
    return write(summons_document(meeting), "pdf", organisation_id=meeting.organisation_id)


def extract_file(item: MinutesItem, fmt: str) -> tuple[bytes, str, str]:
    return write(extract_document(item), fmt, organisation_id=item.meeting.organisation_id)
