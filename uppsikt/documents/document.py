"""The document model: what a report *is*, independent of how it is written out.

An app builds a ``Document`` once from its selectors and hands it to a writer
(``documents.html``, ``documents.docx``, ``documents.pdf``). The model knows no domain:
it holds sections with headings, paragraphs, tables, charts, status symbols and footnotes.
All text in it is final (already formatted by ``core.formatting``); writers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Union

from uppsikt.core.formatting import typographic_minus

Align = Literal["left", "right", "center"]
Tone = Literal["ok", "warning", "bad", "neutral"]


@dataclass(frozen=True)
class Text:
    """A run of inline text, optionally emphasised."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Status:
    """A status shown by symbol *and* text (never colour alone): ``◆ Nära målvärdet``.

    ``tone`` only picks the symbol's colour; the domain chooses symbol and label.
    """

    symbol: str
    label: str
    tone: Tone = "neutral"
    show_label: bool = True


@dataclass(frozen=True)
class Footnote:
    """A footnote; placed inline, numbered by the writer in order of appearance."""

    text: str


Inline = str | Text | Status | Footnote


def _inlines(content) -> tuple[Inline, ...]:
    if isinstance(content, str | Text | Status | Footnote):
        return (_real_minus(content),)
    return tuple(_real_minus(c) for c in content)


def _real_minus(inline):
    """Running text, typed by a person or generated, gets the real minus sign before a number."""
    if isinstance(inline, str):
        return typographic_minus(inline)
    if isinstance(inline, Text):
        return Text(typographic_minus(inline.text), bold=inline.bold, italic=inline.italic)
    return inline


@dataclass
class Paragraph:
    content: tuple[Inline, ...]
    style: Literal["body", "lead", "small", "note"] = "body"

    def __init__(self, *content: Inline | list[Inline], style: str = "body"):
        parts: list[Inline] = []
        for c in content:
            parts.extend(_inlines(c))
        self.content = tuple(parts)
        self.style = style  # type: ignore[assignment]

    @property
    def plain(self) -> str:
        return plain_text(self.content)


@dataclass
class BulletList:
    items: list[Paragraph]

    def __init__(self, items):
        self.items = [i if isinstance(i, Paragraph) else Paragraph(i) for i in items]


@dataclass(frozen=True)
class Column:
    label: str
    align: Align = "left"
    width: float | None = None  # relative weight; None = share what is left


@dataclass
class Cell:
    content: tuple[Inline, ...]
    align: Align | None = None  # default: the column's
    colspan: int = 1

    def __init__(self, *content: Inline, align: Align | None = None, colspan: int = 1):
        parts: list[Inline] = []
        for c in content:
            parts.extend(_inlines(c))
        self.content = tuple(parts)
        self.align = align
        self.colspan = colspan

    @property
    def plain(self) -> str:
        return plain_text(self.content)


RowKind = Literal["body", "total", "group"]


@dataclass
class Row:
    cells: list[Cell]
    kind: RowKind = "body"

    def __init__(self, *cells: Cell | Inline, kind: RowKind = "body"):
        self.cells = [c if isinstance(c, Cell) else Cell(c) for c in cells]
        self.kind = kind


@dataclass
class Table:
    """A table with one header row (repeated on every page) and a caption.

    The first column holds row headers (``th scope=row``) unless ``row_headers`` is False.
    """

    caption: str
    columns: list[Column]
    rows: list[Row]
    row_headers: bool = True
    show_caption: bool = True
    note: Paragraph | None = None

    def __post_init__(self):
        n = len(self.columns)
        for row in self.rows:
            span = sum(c.colspan for c in row.cells)
            if span != n:
                raise ValueError(
                    f"table {self.caption!r}: a row spans {span} columns, the table has {n}"
                )


@dataclass
class Series:
    label: str
    values: list[float | None]
    style: Literal["line", "dashed", "bar"] = "line"


@dataclass
class Chart:
    """A chart drawn from data: SVG on screen and in PDF, PNG in DOCX.

    ``kind`` "line" draws each series as a line over ``labels``; "bar" draws grouped bars.
    ``alt`` is the text alternative; the data table is offered beside it for screen readers.
    """

    title: str
    labels: list[str]
    series: list[Series]
    alt: str
    kind: Literal["line", "bar"] = "line"
    unit: str = ""
    decimals: int = 1


@dataclass
class PageBreak:
    pass


Block = Union[Paragraph, BulletList, Table, Chart, PageBreak, "Section"]


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    numbered: bool = True
    in_toc: bool = True
    page_break_before: bool = False
    # A chapter (level 1) starts on a new page unless it ``flows``: a short chapter that goes on
    # on the page of the one before it (the plan's three introductory chapters, as in 001).
    flows: bool = field(default=False, repr=False)
    # Kept on one page and with the line before it (a signature block never alone on a page).
    # Left out of repr(), so the fingerprint of every other document is what it was.
    keep_together: bool = field(default=False, repr=False)
    # Filled by Document.number(): "2.1" for a numbered section.
    number: str = ""
    level: int = 1
    anchor: str = ""

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def section(self, title: str, **kwargs) -> Section:
        child = Section(title, **kwargs)
        self.blocks.append(child)
        return child

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Document:
    """A whole document: cover, table of contents, sections.

    ``header`` is the text in every page's header (the body's name); ``title`` and the page
    number ("Sida N av M") go in the footer.

    ``cover=False`` makes a letter (a tjänsteskrivelse, a minutes extract): no cover page, page 1
    opens with a letterhead — ``cover_lines`` as the sender (förvaltning, unit, officer), the
    ``title``, the ``letterhead_fields`` as labels over values (Datum, Diarienummer) and the
    ``addressee`` in bold — and the first section follows on the same page. The subtitle is
    not repeated there (it is the first heading); it stays in the footer and the metadata.
    ``letterhead_fields`` and ``addressee`` are only printed in the letterhead.
    """

    title: str
    subtitle: str = ""
    organisation: str = ""
    header: str = ""
    cover_lines: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    numbered: bool = True
    toc: bool = True
    toc_depth: int = 3  # heading levels listed in the table of contents
    language: str = "sv"
    date: dt.date | None = None
    # Identifies the data the document was built from (a hash or timestamp); stored with
    # the rendered file and written into its metadata, so re-rendering unchanged data is stable.
    data_version: str = ""
    keywords: list[str] = field(default_factory=list)
    # The letter layout (see above). Left out of repr() while at their defaults, so the
    # fingerprint, and with it every byte, of a document with a cover is what it was.
    cover: bool = field(default=True, repr=False)
    letterhead_fields: list[tuple[str, str]] = field(default_factory=list, repr=False)
    addressee: str = field(default="", repr=False)
    # Signature lines at the foot of every page, side by side, in place of the document's name
    # (a minutes extract, reference 002: "Ordförandes sign", "Justerares sign",
    # "Utdragsbestyrkande"); the page number stays.
    footer_signatures: list[str] = field(default_factory=list, repr=False)

    def letter_repr(self) -> str:
        """The letter layout's settings for the fingerprint; empty for a document with a cover
        and no letterhead fields."""
        if self.cover and not self.letterhead_fields and not self.addressee:
            base = ""
        else:
            base = repr((self.cover, self.letterhead_fields, self.addressee))
        return base + (repr(self.footer_signatures) if self.footer_signatures else "")

    def section(self, title: str, **kwargs) -> Section:
        s = Section(title, **kwargs)
        self.sections.append(s)
        return s

    def number(self) -> Document:
        """Give every section its number ("1", "2.1", "2.1.3") and anchor, in place."""

        def walk(sections: list[Section], prefix: str, level: int) -> None:
            n = 0
            for s in sections:
                s.level = level
                if self.numbered and s.numbered:
                    n += 1
                    s.number = f"{prefix}{n}"
                else:
                    s.number = ""
                children = [b for b in s.blocks if isinstance(b, Section)]
                walk(children, f"{s.number}." if s.number else prefix, level + 1)

        walk(self.sections, "", 1)
        for i, s in enumerate(self.walk(), start=1):
            s.anchor = f"s{i}"
        return self

    def walk(self) -> Iterator[Section]:
        def rec(sections):
            for s in sections:
                yield s
                yield from rec([b for b in s.blocks if isinstance(b, Section)])

        yield from rec(self.sections)

    def toc_entries(self) -> list[Section]:
        return [s for s in self.walk() if s.in_toc and s.level <= self.toc_depth]


def plain_text(content: tuple[Inline, ...]) -> str:
    out = []
    for c in content:
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, Text):
            out.append(c.text)
        elif isinstance(c, Status):
            out.append(f"{c.symbol} {c.label}" if c.show_label else c.symbol)
    return "".join(out)
