"""DOCX writer (python-docx), starting from the organisation's template.

Headings use the template's "Heading N" styles, so Word's navigation pane and table of contents
work; the table of contents is a TOC field (prefilled with the headings, page numbers filled in
when Word or LibreOffice updates fields on opening); header with the body's name, footer with the
document name and "Sida N av M" as PAGE/NUMPAGES fields; table header rows repeat on every page.
The output is byte-for-byte stable for the same document and template. A document without a
cover (``Document.cover=False``) is one section: the letterhead, then the content, with the header
and footer from page 1.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from copy import deepcopy
from xml.sax.saxutils import escape

import docx as _docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import charts
from .document import (
    BulletList,
    Cell,
    Chart,
    Document,
    Footnote,
    PageBreak,
    Paragraph,
    Section,
    Status,
    Table,
    Text,
)
from .template import default_template, logo_of

_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

TONES = {
    "ok": RGBColor(0x1E, 0x7B, 0x34),
    "warning": RGBColor(0x9A, 0x67, 0x00),
    "bad": RGBColor(0xB3, 0x26, 0x1E),
}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (PAGE, NUMPAGES, TOC …) to a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


class _Writer:
    def __init__(self, doc: Document, template: bytes | None, logo: bytes | None = None):
        self.doc = doc
        self.template = template or default_template()
        self.d = _docx.Document(io.BytesIO(self.template))
        self.logo = logo or logo_of(self.template)
        self.note_no = 0
        self.notes: list[str] = []
        self.chart_no = 0
        styles = {s.name for s in self.d.styles}
        self.has = styles.__contains__
        body = self.d.element.body
        # Start from an empty body; keep the final section properties (page size, margins).
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    # inline ------------------------------------------------------------------------------
    def runs(self, p, content) -> None:
        for c in content:
            if isinstance(c, str):
                p.add_run(c)
            elif isinstance(c, Text):
                r = p.add_run(c.text)
                r.bold = c.bold or None
                r.italic = c.italic or None
            elif isinstance(c, Status):
                r = p.add_run(c.symbol)
                if c.tone in TONES:
                    r.font.color.rgb = TONES[c.tone]
                if c.show_label:
                    p.add_run(f" {c.label}")
            elif isinstance(c, Footnote):
                self.note_no += 1
                self.notes.append(c.text)
                r = p.add_run(str(self.note_no))
                r.font.superscript = True

    def flush_notes(self) -> None:
        if not self.notes:
            return
        start = self.note_no - len(self.notes) + 1
        for i, text in enumerate(self.notes):
            p = self.d.add_paragraph()
            r = p.add_run(f"{start + i} ")
            r.font.superscript = True
            r2 = p.add_run(text)
            r2.font.size = Pt(8)
        self.notes = []

    # blocks ------------------------------------------------------------------------------
    def block(self, b) -> None:
        if isinstance(b, Section):
            self.section(b)
        elif isinstance(b, Paragraph):
            p = self.d.add_paragraph()
            self.runs(p, b.content)
            if b.style in ("small", "note"):
                for r in p.runs:
                    r.font.size = Pt(8.5)
        elif isinstance(b, BulletList):
            style = "List Bullet" if self.has("List Bullet") else None
            for item in b.items:
                p = self.d.add_paragraph(style=style)
                if style is None:
                    p.add_run("• ")
                self.runs(p, item.content)
        elif isinstance(b, Table):
            self.table(b)
        elif isinstance(b, Chart):
            self.chart(b)
        elif isinstance(b, PageBreak):
            self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"unknown block {b!r}")

    def section(self, s: Section) -> None:
        level = min(s.level, 4)
        new_page = (
            s.level == 1 and self._has_content_since_toc and not s.keep_together and not s.flows
        )
        if s.page_break_before or new_page:
            self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._has_content_since_toc = True
        body = self.d.element.body
        start = len(body)
        if s.keep_together and self.d.paragraphs:
            # the line before travels with the block to its page
            self.d.paragraphs[-1].paragraph_format.keep_with_next = True
        self.d.add_heading(s.heading, level=level)
        for b in s.blocks:
            self.block(b)
        if s.keep_together:
            self._keep_together(list(body)[start:])
        if s.level == 1:
            self.flush_notes()

    def _keep_together(self, elements) -> None:
        """Every paragraph of ``elements`` (table cells too) kept with the next, but the last:
        Word then keeps them on one page."""
        paragraphs = []
        for el in elements:
            if el.tag == qn("w:p"):
                paragraphs.append(el)
            elif el.tag == qn("w:tbl"):
                paragraphs.extend(el.iter(qn("w:p")))
        for p in paragraphs[:-1]:
            p.get_or_add_pPr().get_or_add_keepNext()

    def table(self, t: Table) -> None:
        if t.show_caption:
            cap = self.d.add_paragraph(t.caption, style="Caption" if self.has("Caption") else None)
            cap.paragraph_format.keep_with_next = True
        n = len(t.columns)
        table = self.d.add_table(rows=1, cols=n)
        if self.has("Table Grid"):
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        # Alt text for the table (its caption), for screen readers in Word.
        tbl_pr = table._tbl.tblPr
        caption = OxmlElement("w:tblCaption")
        caption.set(qn("w:val"), t.caption[:250])
        tbl_pr.append(caption)
        header = table.rows[0]
        self._repeat_header(header)
        for i, col in enumerate(t.columns):
            cell = header.cells[i]
            cell.text = ""
            p = cell.paragraphs[0]
            r = p.add_run(col.label)
            r.bold = True
            r.font.size = Pt(9)
            r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            p.alignment = ALIGN[col.align]
            self._shade(cell, "1F4E79")
        for row in t.rows:
            cells = table.add_row().cells
            self._cant_split(table.rows[-1])
            col = 0
            for c in row.cells:
                target = cells[col]
                if c.colspan > 1:
                    target = target.merge(cells[col + c.colspan - 1])
                self._fill(target, c, t.columns[col].align, bold=row.kind != "body")
                if row.kind == "group":
                    self._shade(target, "EEF2F6")
                col += c.colspan
        widths = [c.width or 1 for c in t.columns]
        total = sum(widths)
        usable = 16.5
        table.autofit = False
        # Both the grid and every cell carry the width: Word reads one, LibreOffice the other.
        for i, (w, grid_col) in enumerate(zip(widths, table._tbl.tblGrid.gridCol_lst, strict=True)):
            width = Cm(usable * w / total)
            grid_col.w = width
            for cell in table.columns[i].cells:
                cell.width = width
        if t.note:
            p = self.d.add_paragraph()
            self.runs(p, t.note.content)
            for r in p.runs:
                r.font.size = Pt(8.5)
        else:
            self.d.add_paragraph().paragraph_format.space_after = Pt(2)

    def _fill(self, cell, c: Cell, align: str, *, bold: bool) -> None:
        cell.text = ""
        p = cell.paragraphs[0]
        self.runs(p, c.content)
        p.alignment = ALIGN[c.align or align]
        p.paragraph_format.space_after = Pt(0)
        for r in p.runs:
            r.font.size = Pt(9)
            if bold:
                r.bold = True

    @staticmethod
    def _shade(cell, fill: str) -> None:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shd)

    @staticmethod
    def _repeat_header(row) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)

    @staticmethod
    def _cant_split(row) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))

    def chart(self, c: Chart) -> None:
        self.chart_no += 1
        image = charts.png(c)
        if image:
            self.d.add_picture(io.BytesIO(image), width=Cm(15))
            pic = self.d.paragraphs[-1]
            pic.paragraph_format.keep_with_next = True
            doc_pr = pic._p.xpath(".//wp:docPr")
            if doc_pr:
                doc_pr[0].set("descr", c.alt)
                doc_pr[0].set("title", c.title)
        p = self.d.add_paragraph(c.title, style="Caption" if self.has("Caption") else None)
        p.paragraph_format.space_after = Pt(8)

    # whole -------------------------------------------------------------------------------
    def cover(self) -> None:
        d = self.doc
        if self.logo:
            self.d.add_picture(io.BytesIO(self.logo), width=Cm(5))
        for _ in range(6):
            self.d.add_paragraph()
        title = self.d.add_paragraph(d.title, style="Title" if self.has("Title") else None)
        title.paragraph_format.space_after = Pt(12)
        if d.subtitle:
            p = self.d.add_paragraph()
            r = p.add_run(d.subtitle)
            r.font.size = Pt(16)
        for line in d.cover_lines:
            p = self.d.add_paragraph()
            r = p.add_run(line)
            r.font.size = Pt(13)
        if d.organisation:
            for _ in range(8):
                self.d.add_paragraph()
            self.d.add_paragraph(d.organisation)

    def letterhead(self) -> None:
        """Page 1 of a document without a cover: logo, sender lines, the title, the fields
        (labels over values: Datum, Diarienummer) and the addressee; the first section follows
        on the same page, under the running header and footer."""
        d = self.doc
        if self.logo:
            self.d.add_picture(io.BytesIO(self.logo), width=Cm(4))
        for line in d.cover_lines:
            p = self.d.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            r = p.add_run(line)
            r.font.size = Pt(9.5)
        title = self.d.add_paragraph(style="Title" if self.has("Title") else None)
        title.paragraph_format.space_before = Pt(12)
        title.paragraph_format.space_after = Pt(6)
        r = title.add_run(d.title)
        r.font.size = Pt(20)
        if d.letterhead_fields:
            table = self.d.add_table(rows=2, cols=len(d.letterhead_fields))
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            caption = OxmlElement("w:tblCaption")
            caption.set(qn("w:val"), ", ".join(k for k, _ in d.letterhead_fields)[:250])
            table._tbl.tblPr.append(caption)
            table.autofit = False
            for (
                grid_col
            ) in table._tbl.tblGrid.gridCol_lst:  # Word reads the cells, LibreOffice this
                grid_col.w = Cm(4.5)
            for i, (label, value) in enumerate(d.letterhead_fields):
                for row, text, bold in ((0, label, True), (1, value, False)):
                    cell = table.rows[row].cells[i]
                    cell.width = Cm(4.5)
                    p = cell.paragraphs[0]
                    p.paragraph_format.space_after = Pt(0)
                    r = p.add_run(text)
                    r.font.size = Pt(9)
                    r.bold = bold or None
            self.d.add_paragraph().paragraph_format.space_after = Pt(2)
        if d.addressee:
            p = self.d.add_paragraph()
            p.add_run(d.addressee).bold = True

    def toc(self) -> None:
        # The contents start on a new section, so the cover has no header or footer; a letter
        # is one section, with the header and footer on page 1 as well.
        new = self.d.add_section(WD_SECTION.NEW_PAGE) if self.doc.cover else self.d.sections[0]
        new.different_first_page_header_footer = False
        if not self.doc.toc:
            return
        # Not a heading style: the contents must not list themselves.
        h = self.d.add_paragraph()
        r = h.add_run("Innehållsförteckning")
        r.bold = True
        r.font.size = Pt(16)
        h.paragraph_format.space_after = Pt(12)
        p = self.d.add_paragraph()
        _field(p, f'TOC \\o "1-{self.doc.toc_depth}" \\h \\z \\u', placeholder="")
        # Prefill the field's result with the headings (no page numbers): readable at once and
        # replaced by Word/LibreOffice when fields are updated on opening.
        fld_end = p._p[-1]
        p._p.remove(fld_end)
        p._p.remove(p._p[-1])  # the empty placeholder run
        prefill = []
        for s in self.doc.toc_entries():
            q = self.d.add_paragraph()
            q.paragraph_format.left_indent = Cm(0.6 * (s.level - 1))
            q.paragraph_format.space_after = Pt(2)
            q.add_run(f"{s.number}\t{s.title}" if s.number else s.title)
            prefill.append(q)
        last = prefill[-1] if prefill else p
        run = last.add_run()
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(end)
        self._has_content_since_toc = True

    def _footer_signatures(self, footer, before) -> None:
        labels = self.doc.footer_signatures
        table = footer.add_table(1, len(labels), Cm(16))
        for cell, label in zip(table.rows[0].cells, labels, strict=True):
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(2)
            r = p.add_run(f"_____ {label}")
            r.font.size = Pt(8)
        before._p.addprevious(table._tbl)

    def header_footer(self) -> None:
        cover, main = self.d.sections[0], self.d.sections[-1]
        cover.header.is_linked_to_previous = False
        cover.footer.is_linked_to_previous = False
        main.header.is_linked_to_previous = False
        main.footer.is_linked_to_previous = False
        hp = main.header.paragraphs[0]
        hp.text = self.doc.header
        for r in hp.runs:
            r.font.size = Pt(8.5)
        fp = main.footer.paragraphs[0]
        fp.text = ""
        name = self.doc.title + (f" {self.doc.subtitle}" if self.doc.subtitle else "")
        if self.doc.footer_signatures:
            # the signature lines side by side over the page number, in place of the name
            self._footer_signatures(main.footer, fp)
            name = ""
        fp.add_run(f"{name}\t\tSida ")
        _field(fp, "PAGE")
        fp.add_run(" av ")
        _field(fp, "NUMPAGES")
        for r in fp.runs:
            r.font.size = Pt(8.5)
        # Word asks to update fields (the table of contents) when the file is opened.
        settings = self.d.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        # Word insists on the schema's element order in settings.xml.
        later = {
            "hdrShapeDefaults",
            "footnotePr",
            "endnotePr",
            "compat",
            "docVars",
            "rsids",
            "mathPr",
            "attachedSchema",
            "themeFontLang",
            "clrSchemeMapping",
            "doNotIncludeSubdocsInStats",
            "doNotAutoCompressPictures",
            "forceUpgrade",
            "captions",
            "readModeInkLockDown",
            "smartTagType",
            "schemaLibrary",
            "shapeDefaults",
            "doNotEmbedSmartTags",
            "decimalSymbol",
            "listSeparator",
        }
        successor = next(
            (child for child in settings if child.tag.rsplit("}", 1)[-1] in later), None
        )
        if successor is not None:
            successor.addprevious(update)
        else:
            settings.append(update)

    def properties(self) -> None:
        props = self.d.core_properties
        props.title = self.doc.title + (f" {self.doc.subtitle}" if self.doc.subtitle else "")
        props.subject = self.doc.header
        props.author = self.doc.organisation or "Uppsikt"
        props.last_modified_by = "Uppsikt"
        props.keywords = ", ".join(self.doc.keywords)
        props.comments = f"Dataversion {self.doc.data_version}" if self.doc.data_version else ""
        props.language = "sv-SE"
        stamp = dt.datetime.combine(self.doc.date or dt.date(2000, 1, 1), dt.time())
        props.created = stamp
        props.modified = stamp
        props.revision = 1

    def drop_unused_images(self) -> None:
        """Leave out the template's pictures that the document no longer shows: the body is
        emptied, so a template's logo stays only where it is drawn again (an organisation's own
        logo in its place leaves the template's behind, e.g. the built-in "REGION" one)."""
        part = self.d.part
        used = set(part.element.xpath("//@r:embed | //@r:id | //@r:link"))
        for rid, rel in list(part.rels.items()):
            if rel.reltype == _IMAGE_REL and rid not in used:
                del part.rels[rid]

    def render(self) -> bytes:
        self.doc.number()
        self._has_content_since_toc = False
        if self.doc.cover:
            self.cover()
        else:
            self.letterhead()
        self.toc()
        # after the contents the first chapter starts on a new page; without contents the
        # section break after the cover already gives one, and a letter goes on after its
        # letterhead on the same page
        self._has_content_since_toc = self.doc.toc
        for s in self.doc.sections:
            self.section(s)
        self.header_footer()
        self.properties()
        self.drop_unused_images()
        buf = io.BytesIO()
        self.d.save(buf)
        return _stable_zip(buf.getvalue(), app_properties=_app_properties(self.doc.organisation))


def _app_properties(organisation: str) -> bytes:
    """``docProps/app.xml`` naming Uppsikt as the application (not the word processor that made
    the template) and the organisation as the company."""
    company = escape(organisation)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_EXTENDED}" xmlns:vt="{_VT}">'
        "<Application>Uppsikt</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode()


def _without_thumbnail(rels: bytes) -> bytes:
    """The package relationships without the template's thumbnail (a picture of the template,
    not of this document)."""
    return re.sub(rb"<Relationship [^>]*relationships/metadata/thumbnail[^>]*/>", b"", rels)


def _stable_zip(data: bytes, *, app_properties: bytes | None = None) -> bytes:
    """Rewrite the package with fixed timestamps and order, so equal content is equal bytes;
    with ``app_properties``, Uppsikt's own ``docProps/app.xml`` replaces the template's and the
    template's thumbnail is left out."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        if app_properties is not None:
            names = [n for n in names if not n.startswith("docProps/thumbnail")]
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            content = src.read(name)
            if app_properties is not None and name == "docProps/app.xml":
                content = app_properties
            elif app_properties is not None and name == "_rels/.rels":
                content = _without_thumbnail(content)
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    return out.getvalue()


def render(doc: Document, template: bytes | None = None, *, logo: bytes | None = None) -> bytes:
    """The document as DOCX bytes, styled by ``template`` (a .docx) or the built-in template;
    ``logo`` (the organisation's own) in place of the template's."""
    return _Writer(deepcopy(doc), template, logo).render()


def text_of(data: bytes) -> str:
    """All text of a DOCX (body, tables, headers, footers), one paragraph a line: for tests and
    search. Table cells are separated by tabs."""
    d = _docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = d.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_para_text(child))
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    cells.append(" ".join(_para_text(p) for p in tc.iter(qn("w:p"))))
                lines.append("\t".join(cells))
    for s in d.sections:
        for part in (s.header, s.footer):
            for table in part.tables:
                for row in table.rows:
                    lines.append("\t".join(c.text for c in row.cells))
            lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)


def _para_text(p) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab")):
        out.append("\t" if el.tag == qn("w:tab") else (el.text or ""))
    return "".join(out)
