"""The rendering engine: one model, written as HTML, DOCX and PDF."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile

import pytest

from conftest import require
from uppsikt.documents import docx, html, pdf, render
from uppsikt.documents.document import (
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


# --- a document without a cover (a letter: a tjänsteskrivelse, a minutes extract) -------------


def letter(*, toc: bool = False) -> Document:
    """A proposal laid out as reference 000: the letterhead opens page 1."""
    doc = Document(
        title="Beslutsförslag",
        subtitle="Översyn av stabsfunktioner",
        organisation="Region Exempel",
        header="Regionkontoret · RS211123",
        cover_lines=["Regionkontoret", "Kansli", "Henrik Lundahl", "Kanslichef"],
        letterhead_fields=[("Datum", "2023-09-20"), ("Diarienummer", "RS211123")],
        addressee="Regionstyrelsen",
        cover=False,
        numbered=False,
        toc=toc,
    )
    doc.section("Översyn av stabsfunktioner").add(Paragraph("Arbetsutskottet beslutar att"))
    doc.section("Bilaga").add(Paragraph("Dialogunderlag"))
    return doc


def test_the_letterhead_replaces_the_cover_on_screen():
    out = html.fragment(letter())
    assert out.startswith(
        '<article class="doc doc-letter" lang="sv"><header class="doc-letterhead">'
    )
    assert "doc-cover" not in out and "doc-toc" not in out
    for line in ("Regionkontoret", "Kansli", "Henrik Lundahl", "Kanslichef"):
        assert f'<p class="doc-letterhead-line">{line}</p>' in out
    # on screen the page's own h1 names the document, as with a cover
    assert '<p class="doc-letter-title">Beslutsförslag</p>' in out
    assert (
        '<thead><tr><th scope="col">Datum</th><th scope="col">Diarienummer</th></tr></thead>'
        "<tbody><tr><td>2023-09-20</td><td>RS211123</td></tr></tbody>"
    ) in out
    assert '</header><p class="doc-addressee">Regionstyrelsen</p><section' in out
    # the subtitle is the first heading, not repeated in the letterhead
    assert out.count("Översyn av stabsfunktioner") == 1
    assert "style=" not in out and "<script" not in out


def test_a_letter_with_contents_lists_them_after_the_letterhead():
    out = html.fragment(letter(toc=True))
    assert out.index("doc-letterhead") < out.index('<nav class="doc-toc"') < out.index("<section")


def test_the_print_page_of_a_letter_has_the_letterhead_and_its_layout_only_there():
    page = pdf.standalone_html(letter(), style_of(None))
    assert '<h1 class="doc-letter-title">Beslutsförslag</h1>' in page
    assert ".doc-letterhead {" in page and 'class="doc-cover"' not in page
    # a document with a cover is laid out from the same source as before
    assert ".doc-letterhead" not in pdf.standalone_html(sample(), style_of(None))


def test_the_docx_of_a_letter_is_one_section_opening_with_the_letterhead():
    import docx as python_docx

    data = docx.render(letter())
    d = python_docx.Document(io.BytesIO(data))
    assert len(d.sections) == 1  # no cover section
    assert not d.sections[0].different_first_page_header_footer
    assert d.sections[0].header.paragraphs[0].text == "Regionkontoret · RS211123"
    lines = [p.text for p in d.paragraphs if p.text]
    assert lines[:8] == [
        "Regionkontoret",
        "Kansli",
        "Henrik Lundahl",
        "Kanslichef",
        "Beslutsförslag",
        "Regionstyrelsen",
        "Översyn av stabsfunktioner",
        "Arbetsutskottet beslutar att",
    ]
    assert [[c.text for c in row.cells] for row in d.tables[0].rows] == [
        ["Datum", "Diarienummer"],
        ["2023-09-20", "RS211123"],
    ]
    text = docx.text_of(data)
    assert "Beslutsförslag Översyn av stabsfunktioner\t\tSida 1 av 1" in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "TOC \\o" not in xml
    # the first section follows the letterhead on page 1; the next starts a new page
    assert xml.count('<w:br w:type="page"/>') == 1
    assert xml.index('<w:br w:type="page"/>') > xml.index("Arbetsutskottet beslutar att")
    assert docx.render(letter()) == data


def test_the_docx_of_a_letter_with_contents_stays_one_section():
    import docx as python_docx

    data = docx.render(letter(toc=True))
    assert len(python_docx.Document(io.BytesIO(data)).sections) == 1
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'TOC \\o "1-3"' in xml
    # letterhead and contents on page 1, each chapter on a page of its own
    assert xml.count('<w:br w:type="page"/>') == 2


def test_the_pdf_of_a_letter_has_the_letterhead_and_page_furniture_on_page_1():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    import pypdf

    data = pdf.render(letter(), style_of(None))
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # still tagged
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) == 2
    first = pages[0]
    position = 0
    for expected in (
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
        "Översyn av stabsfunktioner",
        "Arbetsutskottet beslutar att",
    ):
        position = first.index(expected, position) + len(expected)
    assert "Regionkontoret · RS211123" in first  # the running header, from page 1
    assert "Sida 1 av 2" in first and "Sida 2 av 2" in pages[1]
    assert "Bilaga" in pages[1] and "Bilaga" not in first
    assert not any("Innehållsförteckning" in p for p in pages)
    assert pdf.render(letter(), style_of(None)) == data


def test_the_pdf_of_a_letter_with_contents_numbers_their_pages():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    pages = _pdf_text(pdf.render(letter(toc=True), style_of(None)))
    assert "Beslutsförslag" in pages[0] and "Innehållsförteckning" in pages[0]
    assert re.search(r"Översyn av stabsfunktioner [.]+ 2\n", pages[0])
    assert re.search(r"Bilaga [.]+ 3\n", pages[0])
    assert "Sida 1 av 3" in pages[0]


def test_the_letter_layout_is_part_of_the_data_version():
    assert render.fingerprint(letter()) != render.fingerprint(letter(toc=True))
    with_cover = letter()
    with_cover.cover = True
    assert render.fingerprint(with_cover) != render.fingerprint(letter())
    other_date = letter()
    other_date.letterhead_fields = [("Datum", "2023-09-21"), ("Diarienummer", "RS211123")]
    assert render.fingerprint(other_date) != render.fingerprint(letter())
    # a document with a cover keeps the fingerprint it had before letters existed
    expected = hashlib.sha256(repr(sample().number()).encode()).hexdigest()[:16]
    assert render.fingerprint(sample()) == expected


def test_the_docx_names_uppsikt_and_the_organisation_not_the_templates_word_processor():
    import docx as python_docx

    data = docx.render(sample())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        app = z.read("docProps/app.xml").decode()
        rels = z.read("_rels/.rels").decode()
    assert "<Application>Uppsikt</Application>" in app
    assert "<Company>Region Exempel</Company>" in app
    assert "Microsoft" not in app and "Normal.dotm" not in app
    # python-docx's template carries a thumbnail of an empty page: it is left out, with its link
    assert not [n for n in names if n.startswith("docProps/thumbnail")]
    assert "thumbnail" not in rels and "docProps/app.xml" in rels
    # and the package still opens, with its core properties
    assert python_docx.Document(io.BytesIO(data)).core_properties.author == "Region Exempel"


def _png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buf, "PNG")
    return buf.getvalue()


def test_the_docx_carries_the_organisations_logo_and_not_the_templates_unused_one():
    """The built-in template's "REGION" logo stays out of the package when the organisation's
    own logo is drawn in its place; without one, the template's logo is drawn and kept once."""
    from uppsikt.documents.template import default_logo

    own = _png((10, 120, 60))
    with zipfile.ZipFile(io.BytesIO(docx.render(sample(), logo=own))) as z:
        media = {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert default_logo() not in media.values()
    assert own in media.values()
    # every picture the package holds is one the document shows
    for rid, target in re.findall(r'Id="(rId\d+)"[^>]*Target="(media/[^"]+)"', rels):
        assert f'r:embed="{rid}"' in body, target
    with zipfile.ZipFile(io.BytesIO(docx.render(sample()))) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert media.count(default_logo()) == 1


def test_an_organisation_name_with_markup_characters_is_escaped_in_the_properties():
    doc = sample()
    doc.organisation = "Kommun <A&B>"
    with zipfile.ZipFile(io.BytesIO(docx.render(doc))) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Company>Kommun &lt;A&amp;B&gt;</Company>" in app


def test_a_typed_minus_is_the_real_one_in_every_format():
    doc = Document(title="Rapport", organisation="Region Exempel")
    doc.section("Ekonomi").add(
        Paragraph(
            "Resultatet blev -9,0 mnkr, ", Text("prognos -2,5", bold=True), " per 2024-04-30."
        ),
        Table("Tabell", [Column("Kommentar")], [Row(Cell("Avvikelse -3 tkr"))]),
    )
    for text in (docx.text_of(docx.render(doc)), html.fragment(doc)):
        assert "\u22129,0 mnkr" in text and "prognos \u22122,5" in text
        assert "Avvikelse \u22123 tkr" in text and "2024-04-30" in text
        assert "-9,0" not in text


def test_a_hidden_table_caption_never_runs_into_the_visible_text_of_the_pdf():
    require(pdf.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) saknas")
    doc = Document(title="Rapport", organisation="Region Exempel")
    doc.section("Mål").add(
        Table(
            "Fokusområden och fullmäktiges mål",
            [Column("Fokusområde"), Column("Mål")],
            [Row("Accelerera digital transformation", "Smartare och enklare digital vardag")],
            show_caption=False,
        )
    )
    data = pdf.render(doc, style_of(None))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    row = next(line for line in text.splitlines() if "Accelerera" in line)
    assert "Accelerera digital transformation" in row
    assert "Smartare och enklare digital vardag" in row
    assert "Fokusområden och" not in text


def test_a_long_table_of_contents_entry_keeps_its_page_number_on_its_own_last_line():
    """A heading long enough to fill the line wraps inside the entry; its page number ends the
    entry's last line, never a line of its own ("..... 2")."""
    require(pdf.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) saknas")
    doc = Document(title="Rapport", organisation="Region Exempel")
    chapter = doc.section("Målstyrning")
    long_titles = [
        "Regionstyrelsen ska ta fram en kompetensförsörjningsplan för egen verksamhet",
        "Regionstyrelsen ska säkerställa ett barnrättsperspektiv i beslutsförslagen",
        "Regionstyrelsen ska ha en minskad klimatpåverkan i egen verksamhet och i sin styrning",
    ]
    for title in long_titles:
        sub = chapter.section("Uppdrag").section(title)
        sub.add(Paragraph("Text."))
    data = pdf.render(doc, style_of(None))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", "2", "-l", "2", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if re.fullmatch(r"[.\s]*\d+", line)], text
    for last_word in ("verksamhet", "beslutsförslagen", "styrning"):
        assert any(re.search(rf"{last_word}\s*\.+\s*\d+$", line) for line in lines), text


def test_short_chapters_that_flow_share_a_page_and_the_next_chapter_starts_a_new_one():
    """001: Inledning, Verksamhetens uppdrag and Uppföljning av verksamhetsplan share page 3;
    Målstyrning starts page 4."""
    doc = Document(title="Verksamhetsplan", organisation="Region Exempel", numbered=False)
    doc.section("Inledning").add(Paragraph("Inledande text."))
    doc.section("Verksamhetens uppdrag", flows=True).add(Paragraph("Uppdragets text."))
    doc.section("Uppföljning av verksamhetsplan", flows=True).add(Paragraph("Uppföljningen."))
    doc.section("Målstyrning").add(Paragraph("Målen."))
    # DOCX: one page break before Inledning (after the contents) and one before Målstyrning.
    body = docx.text_of(docx.render(doc))
    assert "Uppdragets text." in body
    breaks = (
        zipfile.ZipFile(io.BytesIO(docx.render(doc)))
        .read("word/document.xml")
        .count(b'w:type="page"')
    )
    assert breaks == 2
    # PDF: the three flowing chapters on one page, Målstyrning on the next.
    require(pdf.available(), "WeasyPrint/Pango saknas")
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.render(doc, style_of(None)))).pages]
    intro = next(i for i, t in enumerate(pages) if "Inledande text." in t)
    assert "Uppdragets text." in pages[intro] and "Uppföljningen." in pages[intro]
    assert "Målen." not in pages[intro] and "Målen." in pages[intro + 1]
