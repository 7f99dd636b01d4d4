"""The decision proposal (beslutsförslag) as a document, in the layout of references 000 and 002:
a letter without a cover page, whose page 1 opens with the letterhead (förvaltning, unit, officer
and title), "Beslutsförslag" with Datum and Diarienummer and the body it is addressed to; then
the title, the sections in order, the signatures and "Styrelsens/nämndens beslut delges".

Built from ``selectors.proposal_detail`` — the same secrecy-aware view the screen uses — so a
record withheld from the reader is withheld in the document too.
"""

from __future__ import annotations

from uppsikt.core.exceptions import NotPermitted
from uppsikt.documents.document import BulletList, Document, Paragraph, Section

from .selectors import ProposalView

SECTIONS = [
    ("Sammanfattning", "summary"),
    ("Bakgrund", "background"),
    ("Övervägande", "considerations"),
]


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(" ".join(part.split())) for part in text.split("\n\n") if part.strip()]


def _letterhead(view: ProposalView) -> list[str]:
    """Who writes: the förvaltning, the unit (when another), the officer and their title."""
    lines = (
        view.author,
        view.unit_name if view.unit_name != view.author else "",
        view.officer_name,
        view.officer_title,
    )
    return [line for line in lines if line]


def _texts(main: Section, view: ProposalView) -> None:
    """The decision proposed, the texts written, the impact and the economic consequences."""
    p = view.proposal
    decision = main.section("Förslag till beslut", numbered=False, in_toc=False)
    decision.add(Paragraph(p.decision_intro))
    if p.decision_points:
        decision.add(BulletList(p.decision_points))
    for title, name in SECTIONS:
        text = getattr(p, name)
        if text.strip():
            main.section(title, numbered=False, in_toc=False).add(*_paragraphs(text))
    impact = main.section("Konsekvensbeskrivning", numbered=False, in_toc=False)
    # 002: one sentence where the guided assessments give no text
    paragraphs = view.impact_paragraphs or ["Det finns inga konsekvenser till följd av beslutet."]
    impact.add(*[Paragraph(text) for text in paragraphs])
    if p.economic_consequences.strip():
        main.section("Ekonomiska konsekvenser av beslutet", numbered=False, in_toc=False).add(
            *_paragraphs(p.economic_consequences)
        )


def _closing(main: Section, view: ProposalView) -> None:
    """The signatures with the attachments, and who is notified of the decision. The basis
    (beslutsunderlag) is not listed here: as in 000 and 002 it stands in the minutes item and
    its extract."""
    p = view.proposal
    signed = main.section(view.author, numbered=False, in_toc=False)
    for signatory in p.signatories:
        # name above title, as the reference's signature block
        signed.add(Paragraph(signatory["name"]), Paragraph(signatory["title"], style="small"))
    if p.attachments:
        signed.add(Paragraph("Bilaga:"), BulletList(p.attachments))
    if p.dispatch_to:
        main.section("Styrelsens/nämndens beslut delges", numbered=False, in_toc=False).add(
            *[Paragraph(d) for d in p.dispatch_to]
        )


def proposal_document(view: ProposalView) -> Document:
    """The proposal as a document model; refuses a proposal whose case is withheld."""
    if view.withheld:
        raise NotPermitted("Ärendet omfattas av sekretess.")
    p, case = view.proposal, view.case
    addressed = p.body.parent.name if p.body.parent_id else p.body.name
    # A letter, not a report: page 1 opens with the letterhead, no cover, no contents.
    doc = Document(
        title="Beslutsförslag",
        subtitle=p.title,
        organisation=case.organisation.name,
        header=f"{view.author} · {case.number}",
        cover_lines=_letterhead(view),
        letterhead_fields=[("Datum", p.date.isoformat()), ("Diarienummer", case.number)],
        addressee=addressed,
        cover=False,
        date=p.date,
        numbered=False,
        toc=False,
        keywords=[case.number, "beslutsförslag"],
    )
    main = doc.section(p.title, numbered=False, in_toc=False)
    _texts(main, view)
    _closing(main, view)
    return doc
