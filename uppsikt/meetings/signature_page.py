"""The sealed documents' visible part: the signature page of sealed minutes and extracts (who
approved, in which role, when and how, and what the seal is), and the documents with it that
``services.seal`` seals (docs/sealing.md)."""

from __future__ import annotations

from uppsikt.core.formatting import format_date
from uppsikt.documents import render
from uppsikt.documents.document import Column, Document, Paragraph, Row, Section, Table, Text

from .documents import extract_document, notice_minutes_document
from .models import MinutesItem, Notice

SIGNATURE_METHODS = {
    "in_system": "Knapp i Uppsikt, inloggad med eget konto",
    "on_paper": "Signerat på papper, registrerat i Uppsikt av sekreteraren",
    "e_id": "E-legitimation",
}


def signature_method(a) -> str:
    """How a signature was made, for the signature page; with e-ID also the assurance level
    and the identity provider that vouched for the sign-on."""
    method = SIGNATURE_METHODS.get(a.method, a.get_method_display())
    if a.method == "e_id":
        method += f", tillitsnivå {a.eid_acr}" if a.eid_acr else ""
        method += f", via {a.eid_issuer}" if a.eid_issuer else ""
    return method


def _signature_page(
    signed, *, holder: str, level: str, demo: bool, what: str = "Protokollet"
) -> Section:
    """The visible signature page of sealed minutes: who approved, in which role, when and
    how, and what the seal is."""
    page = Section("Signatursida", numbered=False, page_break_before=True)
    page.add(
        Table(
            "Justering",
            [
                Column("Namn", width=2),
                Column("Roll"),
                Column("Tidpunkt", width=2),
                Column("Sätt", width=3),
            ],
            [
                Row(
                    a.person.full_name,
                    a.get_role_display(),
                    format_date(a.at),
                    signature_method(a),
                )
                for a in signed
            ],
        )
    )
    page.add(
        Paragraph(
            f"{what} är förseglat med elektroniskt sigill (PAdES {level}) av {holder}. "
            "Sigillet visar att filen inte har ändrats sedan den förseglades; det kan "
            "kontrolleras i en PDF-läsare som visar signaturer."
        )
    )
    if level == "B-B":
        page.add(
            Paragraph(
                "Sigillet saknar tidsstämpel från en tidsstämpeltjänst: tidpunkten för "
                "förseglingen är serverns egen uppgift.",
                style="small",
            )
        )
    if demo:
        page.add(
            Paragraph(
                Text("Democertifikat: ", bold=True),
                "sigillet är gjort med ett certifikat som demon har skapat själv och som "
                "ingen litar på utanför demon.",
            )
        )
    return page


def sealed_notice_document(notice: Notice, *, holder: str, level: str, demo: bool) -> Document:
    """The minutes as the notice publishes them (``notice_minutes_document``), with the
    signature page, for sealing as PDF/A."""
    doc = notice_minutes_document(notice)
    signed = list(notice.meeting.approvals.filter(item_id=notice.item_id).select_related("person"))
    doc.sections.append(_signature_page(signed, holder=holder, level=level, demo=demo))
    doc.data_version = render.fingerprint(doc)
    return doc


def sealed_extract_document(item: MinutesItem, *, holder: str, level: str, demo: bool) -> Document:
    """An approved item's extract (``extract_document``) with the signature page of its
    approval (the item's own when it was approved at once, else the minutes'), for sealing."""
    doc = extract_document(item)
    approvals = item.meeting.approvals.select_related("person").order_by("at", "pk")
    signed = list(
        approvals.filter(item=item)
        if item.approved_immediately
        else approvals.filter(item__isnull=True)
    )
    doc.sections.append(
        _signature_page(signed, holder=holder, level=level, demo=demo, what="Utdraget")
    )
    doc.data_version = render.fingerprint(doc)
    return doc
