"""The rendering engine: one model, written as HTML, DOCX and PDF."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from conftest import require
from uppsikt.documents import docx, html, pdf, render
from uppsikt.documents.model import (
    Cell,
    Chart,
    Column,
    Document,
    Footnote,
    Paragraph,
    Row,
    Series,
    Status,
    Table,
    Text,
)
from uppsikt.documents.template import default_template, style_of


def sample(rows: int = 3) -> Document:
    doc = Document(
        title="Uppföljningsrapport 1",
        subtitle="januari–april 2024",
        organisation="Region Exempel",
        header="Styrelsen",
        cover_lines=["Styrelsen", "Januari–april 2024"],
    )
    doc.section("Sammanfattning").add(
        Paragraph("Läget är ", Text("gott", italic=True), ".", Footnote("Enligt prognosen."))
    )
    staff = doc.section("Medarbetare")
    staff.section("Personalomsättning").add(
        Table(
            "Personalomsättning",
            [Column("Indikator"), Column("Utfall", "right"), Column("Målvärde", "right")],
            [
                Row(
                    Cell(Status("◆", "Nära målvärdet", "warning"), " Personalomsättning"),
                    "11,05 %",
                    "11 %",
                )
            ],
        ),
        Chart(
            "Personalomsättning R12",
            ["jan", "feb", "mar"],
            [Series("Utfall", [10.5, 10.8, 11.05]), Series("Målvärde", [11, 11, 11], "dashed")],
            alt="Personalomsättningen steg från 10,5 % till 11,05 %.",
        ),
    )
    staff.section("Sjukfrånvaro").add(Paragraph("Redovisas inte i denna rapport."))
    doc.section("Ekonomi").add(
        Table(
            "Lång tabell",
            [Column("Rad", width=3), Column("Belopp", "right")],
            [Row(f"Rad {i}", f"{i} tkr") for i in range(rows)]
            + [Row("Summa", "x tkr", kind="total")],
        )
    )
    return doc


def test_sections_are_numbered_in_order_and_depth():
    doc = sample().number()
    assert [(s.number, s.title) for s in doc.walk()] == [
        ("1", "Sammanfattning"),
        ("2", "Medarbetare"),
        ("2.1", "Personalomsättning"),
        ("2.2", "Sjukfrånvaro"),
        ("3", "Ekonomi"),
    ]


def test_an_unnumbered_document_has_plain_headings():
    doc = sample()
    doc.numbered = False
    doc.number()
    assert [s.heading for s in doc.walk()][:2] == ["Sammanfattning", "Medarbetare"]


def test_a_row_that_does_not_fill_the_table_is_refused():
    with pytest.raises(ValueError, match="spans 1 columns, the table has 2"):
        Table("T", [Column("a"), Column("b")], [Row("bara en")])


def test_html_fragment_has_accessible_tables_and_status_by_symbol_and_text():
    out = html.fragment(sample())
    assert '<caption class="doc-caption">Personalomsättning</caption>' in out
    assert '<th scope="col" class="doc-right">Utfall</th>' in out
    assert '<th class="doc-left" scope="row">' in out
    assert '<span class="doc-symbol" aria-hidden="true">◆</span> Nära målvärdet' in out
    assert '<h2 id="s1-h" class="doc-h"><span class="doc-num">1</span> Sammanfattning</h2>' in out
    # The footnote is numbered and listed at the end of its chapter.
    assert 'href="#fn1"' in out and '<li id="fn1">Enligt prognosen.' in out
    # The chart is an SVG with a text alternative, and its values are offered as a table.
    assert 'role="img"' in out and '<desc id="chart1-d">Personalomsättningen steg' in out
    assert "<td>11,1</td>" in out  # 11.05 with one decimal, half away from zero
    assert "style=" not in out and "<script" not in out  # the site's CSP


def test_docx_carries_headings_tables_and_page_furniture():
    data = docx.render(sample())
    text = docx.text_of(data)
    for line in (
        "1 Sammanfattning",
        "2.1 Personalomsättning",
        "◆ Nära målvärdet Personalomsättning\t11,05 %\t11 %",
        "Summa\tx tkr",
        "Styrelsen",  # the page header
    ):
        assert line in text.splitlines(), line
    assert "Uppföljningsrapport 1 januari–april 2024\t\tSida 1 av 1" in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml  # a table of contents field
    assert "<w:tblHeader" in xml  # header rows repeat across pages
    assert '<w:tblCaption w:val="Personalomsättning"/>' in xml
    assert 'descr="Personalomsättningen steg från 10,5 % till 11,05 %."' in xml
    footer = "".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n).decode()
        for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if n.startswith("word/footer")
    )
    assert " PAGE " in footer and " NUMPAGES " in footer
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings


def test_docx_uses_the_organisations_template_styles():
    import docx as python_docx
    from docx.shared import RGBColor

    t = python_docx.Document(io.BytesIO(default_template()))
    t.styles["Normal"].font.name = "Liberation Serif"
    t.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    buf = io.BytesIO()
    t.save(buf)
    data = docx.render(sample(), buf.getvalue())
    out = python_docx.Document(io.BytesIO(data))
    assert out.styles["Normal"].font.name == "Liberation Serif"
    assert [p.text for p in out.paragraphs if p.style.name == "Heading 1"][0] == "1 Sammanfattning"
    # The PDF borrows the same font and heading colour.
    style = style_of(buf.getvalue())
    assert (style.font, style.accent) == ("Liberation Serif", "800020")
    assert style.logo.startswith(b"\x89PNG")


def test_the_same_document_gives_the_same_docx_bytes():
    assert docx.render(sample()) == docx.render(sample())


def _pdf_text(data: bytes) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))  # keep the reader alive while pages are read
    return [p.extract_text() for p in reader.pages]


def test_pdf_is_pdfa_2b_tagged_with_page_numbers_and_contents():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    import pypdf

    data = pdf.render(sample(rows=120), style_of(None))
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert root["/Lang"] == "sv"
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    pages = [p.extract_text() for p in reader.pages]
    n = len(pages)
    assert "Sida" not in pages[0]  # the cover has no footer
    assert f"Sida 2 av {n}" in pages[1] and "Styrelsen" in pages[1]
    # The contents list each heading with its page: Sammanfattning starts on page 3.
    assert re.search(r"1 Sammanfattning [.]+ 3\n", pages[1])
    assert re.search(r"3 Ekonomi [.]+ 5\n", pages[1])
    # The long table breaks across pages and its header row repeats.
    with_header = [i for i, p in enumerate(pages) if "Rad Belopp" in p]
    assert len(with_header) >= 2


def test_the_same_document_gives_the_same_pdf_bytes():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    assert pdf.render(sample()) == pdf.render(sample())


def test_render_dispatches_by_format_and_names_the_file():
    doc = sample()
    assert render.render(doc, "html").startswith(b"<!DOCTYPE html>")
    assert doc.data_version == render.fingerprint(sample())
    assert render.filename(doc, "pdf") == ("Uppfoljningsrapport-1-Styrelsen-januari-april-2024.pdf")
    with pytest.raises(ValueError):
        render.render(doc, "odt")


def test_a_changed_figure_changes_the_data_version():
    a, b = sample(), sample()
    b.sections[0].blocks[0] = Paragraph("Läget är sämre.")
    assert render.fingerprint(a) != render.fingerprint(b)
