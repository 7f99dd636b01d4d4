"""PPTX writer (python-pptx): a ``slides.Deck`` as a 16:9 presentation, from the organisation's
PPTX template.

The template gives the slide size, the masters and layouts (their backgrounds, logos, fonts and
colours): the title slide uses its layout "Title Slide" (else the first), every other slide
"Title Only" (else the first layout with a title). Slides the template itself holds are left
out. Text goes in text boxes below the title, tables as native tables, charts as native charts
(line or column, editable in PowerPoint, with the chart's text alternative as the shape's
description). Without an uploaded template a built-in one is used (``default_template``).
The output is byte-for-byte stable for the same deck and template.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError

from .document import BulletList, Chart, Footnote, Paragraph, Row, Status, Table, Text
from .slides import Deck, Slide
from .template import default_logo

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# ``DocumentTemplate.scope`` of a PPTX template: the organisation's scope (that of its .docx
# template) with this suffix.
TEMPLATE_SCOPE = "pptx"


def deck_scope(organisation_scope: str) -> str:
    """The scope of the slide-deck template beside the .docx template of ``organisation_scope``."""
    return f"{organisation_scope}/{TEMPLATE_SCOPE}" if organisation_scope else TEMPLATE_SCOPE


def is_deck_scope(scope: str) -> bool:
    return scope == TEMPLATE_SCOPE or scope.endswith(f"/{TEMPLATE_SCOPE}")


SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # 13,33 × 7,5 in: 16:9
EMU_PER_PT = 12700
EMU_PER_IN = 914400
ACCENT = "1F4E79"
TONES = {"ok": "1E7B34", "warning": "9A6700", "bad": "B3261E"}
SERIES_COLOURS = ["1F4E79", "B35900", "2E7D32", "6A1B9A"]
FONT_SIZES = (20, 18, 16, 14, 13, 12, 11, 10, 9)
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
INSET = 91440  # a text box's default inset, 0,1 in
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


# --------------------------------------------------------------------------------------------
# The template


@cache
def default_template() -> bytes:
    """The built-in template: python-pptx's default made 16:9, titles left-aligned in dark
    blue, the theme's accent dark blue (as the .docx template)."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation()
    factor = SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    shapes = list(prs.slide_master.placeholders)
    for layout in prs.slide_layouts:
        shapes += list(layout.placeholders)
    # the effective geometry, made wider: read before any is changed, as a layout's
    # placeholder without its own geometry reads the master's (scaled once, not twice)
    geometry = [(shape, shape.left, shape.top, shape.width, shape.height) for shape in shapes]
    for shape, left, top, width, height in geometry:
        shape.left, shape.top = int(left * factor), top
        shape.width, shape.height = int(width * factor), height
    title_style = prs.slide_master.element.find(f".//{{{_P}}}titleStyle/{{{NS_A}}}lvl1pPr")
    title_style.set("algn", "l")
    run = title_style.find(f"{{{NS_A}}}defRPr")
    run.set("sz", "3000")
    run.set("b", "1")
    fill = run.find(f"{{{NS_A}}}solidFill")
    for child in list(fill):
        fill.remove(child)
    colour = fill.makeelement(f"{{{NS_A}}}srgbClr", {"val": ACCENT})
    fill.append(colour)
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode()
    xml = re.sub(
        r"(<a:accent1>)<a:srgbClr val=\"[0-9A-F]{6}\"/>",
        rf'\1<a:srgbClr val="{ACCENT}"/>',
        xml,
    )
    theme._blob = xml.encode()
    buf = io.BytesIO()
    prs.save(buf)
    return _stable_package(buf.getvalue())


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def check(template: bytes) -> None:
    """Raise ``DomainError`` unless ``template`` is a .pptx with a layout that has a title."""
    from pptx import Presentation

    try:
        prs = Presentation(io.BytesIO(template))
    except Exception as exc:  # python-pptx raises several kinds for a broken file
        raise DomainError(_("Filen är inte en PowerPoint-presentation (.pptx).")) from exc
    if not any(_has_title(layout) for layout in prs.slide_layouts):
        raise DomainError(_("Mallen saknar en layout med rubrik."))


def _has_title(layout) -> bool:
    return any(ph.placeholder_format.type in (1, 3) for ph in layout.placeholders)


def accent_of(template: bytes | None) -> str:
    """The theme's first accent colour (RRGGBB) of a .pptx, or the built-in dark blue."""
    if not template:
        return ACCENT
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("ppt/theme/") and name.endswith(".xml"):
                m = re.search(
                    r"<a:accent1>\s*<a:srgbClr val=\"([0-9A-Fa-f]{6})\"", z.read(name).decode()
                )
                if m:
                    return m.group(1).upper()
    return ACCENT


def logo_of(template: bytes | None) -> bytes:
    """The first PNG or JPEG in a .pptx's masters and layouts (its logo), or b""."""
    if not template:
        return b""
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("ppt/media/") and name.lower().endswith((".png", ".jpg", ".jpeg")):
                return z.read(name)
    return b""


# --------------------------------------------------------------------------------------------
# Measuring: how much room a block takes at a font size (an estimate; the viewer wraps)


def _plain(content) -> str:
    out = []
    for c in content:
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, Text):
            out.append(c.text)
        elif isinstance(c, Status):
            out.append(f"{c.symbol} {c.label}" if c.show_label else c.symbol)
        elif isinstance(c, Footnote):
            out.append(f" ({c.text})")
    return "".join(out)


def _lines(text: str, width_pt: float, size: float, *, char: float = 0.5) -> int:
    per_line = max(int(width_pt / (size * char)), 8)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


# A line of running text, in ems: a viewer without the template's font sets it in DejaVu Sans,
# whose lines are 1,26 em apart
LINE = 1.27


def _text_height(blocks: list, width_pt: float, size: float) -> float:
    """Points a run of paragraphs and lists takes."""
    total = 0.0
    for b in blocks:
        items = [b] if isinstance(b, Paragraph) else b.items
        indent = 0 if isinstance(b, Paragraph) else 22
        for p in items:
            s = size * _SCALE.get(p.style, 1.0)
            total += _lines(_plain(p.content), width_pt - indent - 14, s) * s * LINE + s * 0.35
    return total + 10


def _table_widths(t: Table, width_pt: float) -> list[float]:
    weights = [c.width or 1 for c in t.columns]
    return [width_pt * w / sum(weights) for w in weights]


def _table_height(t: Table, width_pt: float, size: float) -> float:
    widths = _table_widths(t, width_pt)
    rows = [[(c.label, 1) for c in t.columns]] + [
        [(_plain(c.content), c.colspan) for c in r.cells] for r in t.rows
    ]
    total = 0.0
    for row in rows:
        lines, col = 1, 0
        for text, span in row:
            w = sum(widths[col : col + span])
            lines = max(lines, _lines(text, w - 10, size, char=TABLE_CHAR))
            col += span
        # LibreOffice sets a cell's lines 1,17 em apart and gives it more than its margins
        total += lines * size * 1.17 + 6 + size * 0.6
    return total


# A table cell's characters are measured wider than running text's: a viewer without the
# template's font sets them in a wider one, and a row that wraps more than measured would run
# into the block under the table.
TABLE_CHAR = 0.58
TITLE_SIZE = 30  # the built-in template's title, in points
TITLE_CHAR = 0.62  # its bold characters' width, in ems


def _title_size(title: str, width_pt: float) -> int:
    """The built-in title's size: 30 pt, smaller (not under 20 pt) for a title that would
    otherwise not fit on one line."""
    fits = int(width_pt / (max(len(title), 1) * TITLE_CHAR))
    return max(min(TITLE_SIZE, fits - fits % 2), 20)


_SCALE = {"lead": 1.15, "body": 1.0, "small": 0.85, "note": 0.8}


@dataclass
class _Group:
    """Consecutive blocks laid out as one shape: text (paragraphs and lists), a table, a chart."""

    kind: str
    blocks: list = field(default_factory=list)


def _groups(blocks: list) -> list[_Group]:
    out: list[_Group] = []
    for b in blocks:
        if isinstance(b, Paragraph | BulletList):
            if out and out[-1].kind == "text":
                out[-1].blocks.append(b)
            else:
                out.append(_Group("text", [b]))
        elif isinstance(b, Table):
            out.append(_Group("table", [b]))
        elif isinstance(b, Chart):
            out.append(_Group("chart", [b]))
    return out


def _height(g: _Group, width_pt: float, size: float) -> float:
    if g.kind == "text":
        return _text_height(g.blocks, width_pt, size)
    if g.kind == "table":
        return _table_height(g.blocks[0], width_pt, _table_size(size)) + 6
    return 150.0  # a chart takes what is left, at least this


def _table_size(size: float) -> float:
    return min(size, 16)


def _fit(groups: list[_Group], width_pt: float, height_pt: float) -> float:
    """The largest font size at which the groups fit the column (the smallest if none does)."""
    for size in FONT_SIZES:
        if sum(_height(g, width_pt, size) for g in groups) <= height_pt:
            return size
    return FONT_SIZES[-1]


# --------------------------------------------------------------------------------------------
# Writing


class _Writer:
    def __init__(self, deck: Deck, template: bytes | None, logo: bytes | None = None):
        from pptx import Presentation

        self.deck = deck
        self.builtin = template is None
        data = template or default_template()
        self.prs = Presentation(io.BytesIO(data))
        _remove_slides(self.prs)
        self.accent = accent_of(data)
        self.logo = b"" if logo_of(data) else (logo or default_logo())
        self.width, self.height = self.prs.slide_width, self.prs.slide_height
        self.title_layout = _layout(self.prs, "Title Slide", first=True)
        self.content_layout = _layout(self.prs, "Title Only", first=False)

    # text --------------------------------------------------------------------------------
    def runs(self, paragraph, content, size: float, *, bold: bool = False) -> None:
        from pptx.dml.color import RGBColor
        from pptx.util import Pt

        def add(text: str, *, b: bool = False, i: bool = False, colour: str = "", scale=1.0):
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(size * scale)
            if b or bold:
                run.font.bold = True
            if i:
                run.font.italic = True
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)

        for c in content:
            if isinstance(c, str):
                add(c)
            elif isinstance(c, Text):
                add(c.text, b=c.bold, i=c.italic)
            elif isinstance(c, Status):
                add(c.symbol, colour=TONES.get(c.tone, ""))
                if c.show_label:
                    add(f" {c.label}")
            elif isinstance(c, Footnote):
                add(f" ({c.text})", i=True, scale=0.75)

    def text_box(self, slide, blocks: list, box: tuple, size: float) -> None:
        from pptx.util import Pt

        left, top, width, height = box
        shape = slide.shapes.add_textbox(left, top, width, height)
        tf = shape.text_frame
        tf.word_wrap = True
        first = True
        for b in blocks:
            items = [b] if isinstance(b, Paragraph) else b.items
            for p in items:
                para = tf.paragraphs[0] if first else tf.add_paragraph()
                first = False
                s = size * _SCALE.get(p.style, 1.0)
                para.space_after = Pt(s * 0.35)
                if isinstance(b, BulletList):
                    _bullet(para)
                self.runs(para, p.content, s, bold=False)
                if p.style in ("note", "small"):
                    for r in para.runs:
                        r.font.italic = r.font.italic or p.style == "note"

    def table(self, slide, t: Table, box: tuple, size: float) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Emu

        left, top, width, _height = box
        size = _table_size(size)
        rows, cols = len(t.rows) + 1, len(t.columns)
        shape = slide.shapes.add_table(
            rows, cols, left, top, width, Emu(int(rows * size * 1.6 * EMU_PER_PT))
        )
        shape._element.nvGraphicFramePr.cNvPr.set("descr", t.caption)
        table = shape.table
        widths = _table_widths(t, width / EMU_PER_PT)
        for i, w in enumerate(widths):
            table.columns[i].width = Emu(int(w * EMU_PER_PT))
        align = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}
        for i, column in enumerate(t.columns):
            cell = table.cell(0, i)
            self._cell_text(cell, (column.label,), size, bold=True)
            cell.text_frame.paragraphs[0].alignment = align[column.align]
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(self.accent)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        for r, row in enumerate(t.rows, start=1):
            table.rows[r].height = Emu(int(size * 1.5 * EMU_PER_PT))
            col = 0
            for c in row.cells:
                cell = table.cell(r, col)
                if c.colspan > 1:
                    cell.merge(table.cell(r, col + c.colspan - 1))
                self._cell_text(cell, c.content, size, bold=row.kind in ("total", "group"))
                cell.text_frame.paragraphs[0].alignment = align[c.align or t.columns[col].align]
                cell.fill.solid()
                shade = "F3F5F8" if row.kind in ("total", "group") or r % 2 == 0 else "FFFFFF"
                cell.fill.fore_color.rgb = RGBColor.from_string(shade)
                col += c.colspan
        table.rows[0].height = Emu(int(size * 1.6 * EMU_PER_PT))

    def _cell_text(self, cell, content, size: float, *, bold: bool) -> None:
        from pptx.util import Pt

        tf = cell.text_frame
        tf.word_wrap = True
        cell.margin_left = cell.margin_right = Pt(5)
        cell.margin_top = cell.margin_bottom = Pt(3)
        self.runs(tf.paragraphs[0], content, size, bold=bold)

    def chart(self, slide, c: Chart, box: tuple) -> None:
        from pptx.chart.data import CategoryChartData
        from pptx.dml.color import RGBColor
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
        from pptx.enum.dml import MSO_LINE_DASH_STYLE
        from pptx.util import Pt

        left, top, width, height = box
        number_format = "0" if c.decimals == 0 else "0." + "0" * c.decimals
        data = CategoryChartData(number_format=number_format)
        data.categories = c.labels
        for s in c.series:
            data.add_series(s.label, s.values)
        kind = XL_CHART_TYPE.COLUMN_CLUSTERED if c.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
        frame = slide.shapes.add_chart(kind, left, top, width, height, data)
        frame._element.nvGraphicFramePr.cNvPr.set("descr", c.alt)
        chart = frame.chart
        chart.font.size = Pt(11)
        chart.has_title = True
        chart.chart_title.text_frame.text = c.title + (f" ({c.unit})" if c.unit else "")
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
        chart.has_legend = len(c.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        axis = chart.value_axis
        axis.has_major_gridlines = True
        axis.tick_labels.number_format = number_format
        axis.tick_labels.number_format_is_linked = False
        for i, (series, spec) in enumerate(zip(chart.plots[0].series, c.series, strict=True)):
            colour = RGBColor.from_string(SERIES_COLOURS[i % len(SERIES_COLOURS)])
            if c.kind == "bar":
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = colour
                continue
            series.smooth = False
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
            if spec.style == "dashed":
                series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                series.marker.style = XL_MARKER_STYLE.NONE
            else:
                series.marker.style = XL_MARKER_STYLE.CIRCLE
                series.marker.size = 6
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = colour

    # slides ------------------------------------------------------------------------------
    def title_slide(self, s: Slide) -> None:
        from pptx.util import Emu, Pt

        slide = self.prs.slides.add_slide(self.title_layout)
        if slide.shapes.title is not None:
            slide.shapes.title.text = s.title
            if self.builtin:
                for p in slide.shapes.title.text_frame.paragraphs:
                    for r in p.runs:
                        r.font.size = Pt(40)
        body = [ph for ph in slide.placeholders if ph.placeholder_format.idx == 1]
        if body:
            tf = body[0].text_frame
            for i, line in enumerate(s.lines):
                p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
                p.text = line
                if self.builtin:  # under the title, as the built-in title is set
                    from pptx.dml.color import RGBColor
                    from pptx.enum.text import PP_ALIGN

                    p.alignment = PP_ALIGN.LEFT
                    for r in p.runs:
                        r.font.size = Pt(24 if i == 0 else 20)
                        r.font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)
        elif s.lines:
            left = Emu(int(self.width * 0.08))
            self.text_box(
                slide,
                [Paragraph(line) for line in s.lines],
                (
                    left,
                    Emu(int(self.height * 0.55)),
                    self.width - 2 * left,
                    Emu(int(self.height * 0.3)),
                ),
                20,
            )
        if self.logo:
            height = Emu(int(0.6 * EMU_PER_IN))
            slide.shapes.add_picture(
                io.BytesIO(self.logo),
                Emu(int(0.5 * EMU_PER_IN)),
                self.height - height - Emu(int(0.4 * EMU_PER_IN)),
                height=height,
            )

    def content_slide(self, s: Slide, number: int, count: int) -> None:
        from pptx.util import Emu, Pt

        slide = self.prs.slides.add_slide(self.content_layout)
        title = slide.shapes.title
        margin = Emu(int(0.5 * EMU_PER_IN))
        if title is not None:
            title.text = s.title
            if self.builtin:
                size = _title_size(s.title, title.width / EMU_PER_PT)
                if size != TITLE_SIZE:
                    for r in title.text_frame.paragraphs[0].runs:
                        r.font.size = Pt(size)
            left = title.left
            top = title.top + title.height + Emu(int(0.05 * EMU_PER_IN))
        else:
            left, top = margin, margin
        width = self.width - 2 * left
        bottom = self.height - Emu(int(0.5 * EMU_PER_IN))
        if s.lead:
            lead_height = Emu(_lead_height(s.lead, width))
            self.text_box(
                slide,
                [Paragraph(Text(s.lead, italic=True))],
                (left, top, width, lead_height),
                LEAD_SIZE,
            )
            top += lead_height
        gap = Emu(int(0.3 * EMU_PER_IN))
        if s.aside:
            main_width = Emu(int((width - gap) * (0.5 if _has_chart(s.aside) else 0.6)))
            aside_width = width - gap - main_width
            self.column(slide, s.blocks, (left, top, main_width, bottom - top))
            self.column(slide, s.aside, (left + main_width + gap, top, aside_width, bottom - top))
        else:
            self.column(slide, s.blocks, (left, top, width, bottom - top))
        self.footer(slide, number, count, left)

    def column(self, slide, blocks: list, box: tuple) -> None:
        from pptx.util import Emu

        left, top, width, height = box
        groups = _groups(blocks)
        width_pt, height_pt = width / EMU_PER_PT, height / EMU_PER_PT
        size = _fit(groups, width_pt, height_pt)
        fixed = sum(_height(g, width_pt, size) for g in groups if g.kind != "chart")
        charts = [g for g in groups if g.kind == "chart"]
        chart_pt = max((height_pt - fixed) / len(charts), 150.0) if charts else 0.0
        y = top
        # a text box's text sits an inset from its edge: tables and charts line up with it
        inset = Emu(INSET)
        for g in groups:
            h_pt = chart_pt if g.kind == "chart" else _height(g, width_pt, size)
            h = Emu(int(min(h_pt, (top + height - y) / EMU_PER_PT) * EMU_PER_PT))
            if g.kind == "text":
                self.text_box(slide, g.blocks, (left, y, width, h), size)
            elif g.kind == "table":
                self.table(slide, g.blocks[0], (left + inset, y, width - inset, h), size)
            else:
                box = (left + inset, y, width - inset, max(h, Emu(int(150 * EMU_PER_PT))))
                self.chart(slide, g.blocks[0], box)
            y += h

    def footer(self, slide, number: int, count: int, left) -> None:
        from pptx.dml.color import RGBColor
        from pptx.enum.text import PP_ALIGN
        from pptx.util import Emu, Pt

        top = self.height - Emu(int(0.4 * EMU_PER_IN))
        width = self.width - 2 * left
        box = slide.shapes.add_textbox(left, top, width, Emu(int(0.3 * EMU_PER_IN)))
        tf = box.text_frame
        p = tf.paragraphs[0]
        text = " · ".join(x for x in (self.deck.title, self.deck.subtitle) if x)
        run = p.add_run()
        run.text = f"{text}\t{number} av {count}"
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0x4A, 0x55, 0x62)
        p.alignment = PP_ALIGN.LEFT
        # a right-aligned tab stop at the right edge puts the page number there
        ppr = p._p.get_or_add_pPr()
        tabs = ppr.makeelement(f"{{{NS_A}}}tabLst", {})
        tab = tabs.makeelement(f"{{{NS_A}}}tab", {"pos": str(int(width)), "algn": "r"})
        tabs.append(tab)
        ppr.insert(0, tabs)

    def properties(self) -> None:
        import datetime as dt

        props = self.prs.core_properties
        props.title = " ".join(x for x in (self.deck.title, self.deck.subtitle) if x)
        props.subject = self.deck.header
        props.author = self.deck.organisation or "Uppsikt"
        props.last_modified_by = "Uppsikt"
        props.comments = f"Dataversion {self.deck.data_version}" if self.deck.data_version else ""
        props.language = "sv-SE"
        props.keywords = ""
        props.category = ""
        stamp = dt.datetime.combine(self.deck.date or dt.date(2000, 1, 1), dt.time())
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp
        props.revision = 1

    def main_column(self, s: Slide) -> tuple[float, float]:
        """The width and height, in points, of a content slide's main column (as
        ``content_slide`` lays it out)."""
        margin = int(0.5 * EMU_PER_IN)
        title = next(
            (p for p in self.content_layout.placeholders if p.placeholder_format.idx == 0), None
        )
        if title is not None and title.width is not None:
            left, top = title.left, title.top + title.height + int(0.05 * EMU_PER_IN)
        else:
            left, top = margin, margin
        width = self.width - 2 * left
        top += _lead_height(s.lead, width) if s.lead else 0
        if s.aside:
            width = int((width - int(0.3 * EMU_PER_IN)) * (0.5 if _has_chart(s.aside) else 0.6))
        return width / EMU_PER_PT, (self.height - margin - top) / EMU_PER_PT

    def paginate(self, slides: list[Slide]) -> list[Slide]:
        """Each content slide whose table does not fit its column even at the smallest size
        goes on over further slides, "(forts.)", each with the table's header (and the note
        under it) and as many rows as fit at ``CONTINUED_SIZE``: a table never runs past the
        slide's foot. A table that fits stays on its slide, as 002's "Målstyrning" does."""
        out: list[Slide] = []
        for s in slides:
            out.extend(self.split(s) if s.layout != "title" else [s])
        return out

    def split(self, s: Slide) -> list[Slide]:
        tables = [i for i, b in enumerate(s.blocks) if isinstance(b, Table)]
        width_pt, height_pt = self.main_column(s)
        if (
            len(tables) != 1
            or sum(_height(g, width_pt, FONT_SIZES[-1]) for g in _groups(s.blocks)) <= height_pt
        ):
            return [s]
        at = tables[0]
        table, before, after = s.blocks[at], s.blocks[:at], s.blocks[at + 1 :]
        # a note after the table (a legend of its symbols) stands on every part
        notes = [b for b in after if isinstance(b, Paragraph) and b.style == "note"]
        rest = [b for b in after if b not in notes]
        size = CONTINUED_SIZE
        parts: list[list] = []
        rows = list(table.rows)
        # text before the table that leaves no room for its header and first row stands on
        # the first slide by itself, and the table begins on the next
        opening = [*before, _with_rows(table, rows[:1]), *notes]
        alone = (
            bool(before) and sum(_height(g, width_pt, size) for g in _groups(opening)) > height_pt
        )
        while rows:
            extra = before if not parts and not alone else []
            room = height_pt - sum(_height(g, width_pt, size) for g in _groups([*extra, *notes]))
            take = 1
            while take < len(rows):
                last = take + 1 == len(rows)
                tail = _height(_Group("text", rest), width_pt, size) if last and rest else 0.0
                candidate = _with_rows(table, _continued(table, rows[: take + 1], parts))
                if _height(_Group("table", [candidate]), width_pt, size) > room - tail:
                    break
                take += 1
            parts.append(_continued(table, rows[:take], parts))
            rows = rows[take:]
        out = [Slide(s.title, before, aside=s.aside, lead=s.lead)] if alone else []
        for n, part in enumerate(parts):
            first = n == 0 and not alone
            blocks = [*(before if first else []), _with_rows(table, part), *notes]
            if n == len(parts) - 1:
                blocks += rest
            title = s.title if first else f"{s.title} ({_('forts.')})"
            out.append(
                Slide(title, blocks, aside=s.aside if first else [], lead=s.lead if first else "")
            )
        return out

    def render(self) -> bytes:
        self.deck.slides = self.paginate(self.deck.slides)
        count = len(self.deck.slides)
        for number, s in enumerate(self.deck.slides, start=1):
            if s.layout == "title":
                self.title_slide(s)
            else:
                self.content_slide(s, number, count)
        self.properties()
        buf = io.BytesIO()
        self.prs.save(buf)
        return _stable_package(buf.getvalue())


CONTINUED_SIZE = 12  # the font size of a table that goes on over several slides
LEAD_SIZE = 18  # the sentence under a slide's title


def _lead_height(lead: str, width: int) -> int:
    """EMU a slide's lead takes: 0,45 in a line, as many lines as it wraps to."""
    lines = _lines(lead, width / EMU_PER_PT - 2 * INSET / EMU_PER_PT, LEAD_SIZE, char=0.5)
    return int(lines * 0.45 * EMU_PER_IN)


def _with_rows(table: Table, rows: list) -> Table:
    return Table(
        table.caption,
        table.columns,
        rows,
        row_headers=table.row_headers,
        show_caption=table.show_caption,
        note=table.note,
    )


def _continued(table: Table, rows: list, parts: list[list]) -> list:
    """``rows`` as they open a continuation slide: leading cells left empty because the row
    above said it (a focus area over several goals) take that text again."""
    if not parts or not rows:
        return rows
    above = [r for part in parts for r in part]
    first = rows[0]
    cells = list(first.cells)
    for i, cell in enumerate(cells):
        if cell.plain or cell.colspan != 1:
            break
        earlier = next(
            (r.cells[i] for r in reversed(above) if len(r.cells) > i and r.cells[i].plain), None
        )
        if earlier is not None:
            cells[i] = earlier
    return [Row(*cells, kind=first.kind), *rows[1:]]


def _has_chart(blocks: list) -> bool:
    return any(isinstance(b, Chart) for b in blocks)


def _bullet(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", "285750")
    ppr.set("indent", "-285750")
    font = ppr.makeelement(f"{{{NS_A}}}buFont", {"typeface": "Arial"})
    char = ppr.makeelement(f"{{{NS_A}}}buChar", {"char": "•"})
    ppr.append(font)
    ppr.append(char)


def _layout(prs, name: str, *, first: bool):
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    layouts = list(prs.slide_layouts)
    if first:
        return layouts[0]
    return next((lay for lay in layouts if _has_title(lay)), layouts[0])


def _remove_slides(prs) -> None:
    """Leave out the slides a template holds (examples): only its masters and layouts count."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _stable_package(data: bytes) -> bytes:
    """Rewrite the package (and each embedded workbook of a chart) with fixed timestamps and
    order, so equal content is equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            content = src.read(name)
            if name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
                content = _stable_package(_fixed_dates(content))
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    return out.getvalue()


def _fixed_dates(workbook: bytes) -> bytes:
    """The embedded workbook's creation time (the moment it was written) set to a fixed one."""
    src = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            dst.writestr(zipfile.ZipInfo(name, FIXED_TIME), content)
    return out.getvalue()


def render(deck: Deck, template: bytes | None = None, *, logo: bytes | None = None) -> bytes:
    """The deck as PPTX bytes, from ``template`` (a .pptx) or the built-in template; ``logo``
    (the organisation's own) on the title slide where the template has none of its own."""
    return _Writer(deepcopy(deck), template, logo).render()


# --------------------------------------------------------------------------------------------
# Reading back (tests, search)


@dataclass
class SlideContent:
    """What a slide of a PPTX holds: its text (one paragraph or table row a line, cells
    separated by tabs), its charts and its pictures."""

    lines: list[str]
    charts: list[dict]
    pictures: int

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read(data: bytes) -> list[SlideContent]:
    """Every slide of a PPTX: text, charts (type, title, series names and values), pictures."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        lines: list[str] = []
        charts: list[dict] = []
        pictures = 0
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines += [p.text for p in shape.text_frame.paragraphs if p.text]
            elif getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    lines.append("\t".join(c.text for c in row.cells))
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                chart = shape.chart
                charts.append(
                    {
                        "type": str(chart.chart_type),
                        "title": chart.chart_title.text_frame.text if chart.has_title else "",
                        "categories": list(chart.plots[0].categories),
                        "series": {s.name: list(s.values) for s in chart.plots[0].series},
                        "alt": shape._element.nvGraphicFramePr.cNvPr.get("descr", ""),
                    }
                )
            elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                pictures += 1
        out.append(SlideContent(lines, charts, pictures))
    return out
