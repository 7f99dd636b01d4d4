"""The proposal's DOCX and PDF read like the second half of reference 000, and keep what
secrecy withholds out."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from conftest import require
from uppsikt.cases import documents, selectors, services
from uppsikt.cases.models import AssessmentTemplate
from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import docx as doc_docx
from uppsikt.documents import pdf as doc_pdf
from uppsikt.documents import render

from . import factories

pytestmark = pytest.mark.django_db

# The second half of reference 000, in reading order: the letterhead on page 1 (förvaltning,
# unit, officer and title, then "Beslutsförslag" with Datum and Diarienummer, and the body it is
# addressed to), then the proposal itself. A letter: no cover page, no table of contents.
LETTERHEAD = [
    "Regionkontoret",
    "Kansli",
    "Henrik Lundahl",
    "Kanslichef",
    "Beslutsförslag",
    "Datum",
    "Diarienummer",
    "2023-09-20",
    "RS211123",
    "Regionstyrelsen",
    "Översyn förvaltningarnas stabsfunktioner",
]
IN_ORDER = [
    *LETTERHEAD,
    "Förslag till beslut",
    "Arbetsutskottet beslutar att",
    "lägga redovisningen till handlingarna",
    "Sammanfattning",
    "Bakgrund",
    "Övervägande",
    "Konsekvensbeskrivning",
    "Regionkontoret bedömer inte att ärendet medför några konsekvenser utifrån ett könsperspektiv.",
    "Ekonomiska konsekvenser av beslutet",
    "Förslaget ger inga ekonomiska konsekvenser i dagsläget.",
    "Henrik Lundahl",
    "Kanslichef",
    "Styrelsens/nämndens beslut delges",
    "Förvaltningsledningarna",
]


@pytest.fixture
def proposal():
    r = factories.region()
    case = factories.case(r, registered_on=dt.date(2021, 11, 9), number="RS211123")
    report = factories.record(
        case, "Översyn förvaltningarnas stabsfunktioner", kind="drawn_up", counterpart=""
    )
    secret = factories.record(
        case, "Enkätsvar med personuppgifter", secret=True, secrecy_ground="OSL 39 kap. 3 §"
    )
    p = services.proposal_create(
        actor=SYSTEM,
        case=case,
        body=r.rsau,
        title="Översyn förvaltningarnas stabsfunktioner",
        date=dt.date(2023, 9, 20),
        decision_intro="Arbetsutskottet beslutar att",
    )
    services.proposal_update(
        actor=SYSTEM,
        proposal=p,
        decision_points=["lägga redovisningen till handlingarna.", "anteckna detta."],
        summary="Regionkontoret fick 2021 i uppdrag att kartlägga stabsfunktionerna.",
        background="Bakgrundens första stycke.\n\nBakgrundens andra stycke.",
        considerations="Övervägandet.",
        economic_consequences="Förslaget ger inga ekonomiska konsekvenser i dagsläget.",
        basis=[report, secret],
        dispatch_to=["Förvaltningsledningarna"],
    )
    for t in AssessmentTemplate.objects.filter(organisation=r.organisation):
        services.impact_assessment_save(
            actor=SYSTEM, proposal=p, template=t, affected=False, not_affected_reason="Intern fråga"
        )
    p = services.proposal_transition(actor=SYSTEM, proposal=p, to="final")
    p.region = r
    return p


def _in_order(text: str, expected_in_order: list[str] = IN_ORDER) -> None:
    position = 0
    for expected in expected_in_order:
        found = text.find(expected, position)
        assert found >= 0, f"{expected!r} missing after position {position}"
        position = found + len(expected)


def _doc(p, actor):
    return documents.proposal_document(selectors.proposal_detail(actor=actor, proposal=p))


def test_the_docx_has_the_references_sections_in_order(proposal):
    text = doc_docx.text_of(render.render(_doc(proposal, proposal.region.reader), "docx"))
    _in_order(text)


def test_the_pdf_has_the_references_sections_in_order(proposal):
    require(doc_pdf.available(), "WeasyPrint/Pango is not installed")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render.render(_doc(proposal, proposal.region.reader), "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    _in_order(" ".join(text.split()).replace("- ", "-"))


def _pdf_pages(p) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render.render(_doc(p, p.region.reader), "pdf")))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_page_1_of_the_pdf_is_the_letterhead_not_a_cover(proposal):
    require(doc_pdf.available(), "WeasyPrint/Pango is not installed")
    pages = _pdf_pages(proposal)
    first = pages[0]
    _in_order(first, LETTERHEAD)
    # the proposal itself starts on the same page, under the running header and footer
    assert "Förslag till beslut" in first
    assert "Regionkontoret · RS211123" in first
    assert f"Sida 1 av {len(pages)}" in first
    assert not any("Innehållsförteckning" in page for page in pages)


def test_the_docx_has_no_cover_section_and_opens_with_the_letterhead(proposal):
    import docx as python_docx

    data = render.render(_doc(proposal, proposal.region.reader), "docx")
    d = python_docx.Document(io.BytesIO(data))
    assert len(d.sections) == 1  # a cover would be a section of its own
    assert d.sections[0].header.paragraphs[0].text == "Regionkontoret · RS211123"
    lines = [p.text for p in d.paragraphs if p.text]
    assert lines[:5] == [
        "Regionkontoret",
        "Kansli",
        "Henrik Lundahl",
        "Kanslichef",
        "Beslutsförslag",
    ]
    assert lines[5:7] == ["Regionstyrelsen", "Översyn förvaltningarnas stabsfunktioner"]
    fields = d.tables[0]
    assert [[c.text for c in row.cells] for row in fields.rows] == [
        ["Datum", "Diarienummer"],
        ["2023-09-20", "RS211123"],
    ]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "TOC \\o" not in xml


def test_the_basis_is_listed_in_the_extract_not_in_the_proposal(proposal):
    """000 and 002: "Beslutsunderlag" belongs to the minutes item and its extract; the proposal
    itself lists no basis, so no record of the case, secret or not, is named in it."""
    r = proposal.region
    for actor in (r.reader, r.secretary):
        text = doc_docx.text_of(render.render(_doc(proposal, actor), "docx"))
        assert "Beslutsunderlag" not in text
        assert "Enkätsvar med personuppgifter" not in text and "RS211123-2" not in text


def test_a_proposal_without_consequences_says_so_in_one_sentence(proposal):
    """002: "Det finns inga konsekvenser till följd av beslutet." where the guided assessments
    give no text."""
    from uppsikt.cases.models import DecisionProposal

    DecisionProposal.objects.filter(pk=proposal.pk).update(impact_text="")
    proposal.refresh_from_db()
    text = doc_docx.text_of(render.render(_doc(proposal, proposal.region.reader), "docx"))
    _in_order(
        text, ["Konsekvensbeskrivning", "Det finns inga konsekvenser till följd av beslutet."]
    )


def test_the_proposal_of_a_secret_case_is_not_rendered_for_those_not_entitled(proposal, client):
    r = proposal.region
    services.case_update(
        actor=SYSTEM,
        case=proposal.case,
        version=proposal.case.version,
        secret=True,
        secrecy_ground="OSL 39 kap. 3 §",
    )
    proposal.case.refresh_from_db()
    with pytest.raises(NotPermitted):
        _doc(proposal, r.reader)
    client.force_login(r.reader)
    url = reverse("cases:proposal_file", args=[proposal.pk, "docx"])
    assert client.get(url).status_code == 403
    client.force_login(r.officer_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Översyn förvaltningarnas stabsfunktioner" in doc_docx.text_of(response.content)


def test_a_downloaded_proposal_is_kept_with_its_checksum_and_who_asked(proposal, client):
    import hashlib

    from uppsikt.documents.models import RenderedDocument

    r = proposal.region
    client.force_login(r.officer_user)
    response = client.get(reverse("cases:proposal_file", args=[proposal.pk, "docx"]))
    assert response.status_code == 200
    kept = RenderedDocument.objects.get(kind="proposal", subject=str(proposal.pk))
    assert kept.checksum == hashlib.sha256(response.content).hexdigest()
    assert kept.created_by == r.officer_user
