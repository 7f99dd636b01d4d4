"""HTML writer: the document on screen (a fragment inside the site layout) and as a standalone
page for the PDF writer (cover or letterhead, table of contents with page numbers, running
header/footer).
"""

from __future__ import annotations

from html import escape

from . import charts
from .document import (
    BulletList,
    Cell,
    Chart,
    Document,
    Footnote,
    Inline,
    PageBreak,
    Paragraph,
    Section,
    Status,
    Table,
    Text,
)


class _Writer:
    def __init__(self, doc: Document, *, print_mode: bool):
        self.doc = doc
        self.print = print_mode
        self.notes: list[str] = []  # endnotes of the current top-level section (screen)
        self.note_no = 0
        self.chart_no = 0
        self.table_no = 0

    # inline ------------------------------------------------------------------------------
    def inline(self, content: tuple[Inline, ...]) -> str:
        out = []
        for c in content:
            if isinstance(c, str):
                out.append(escape(c))
            elif isinstance(c, Text):
                t = escape(c.text)
                if c.italic:
                    t = f"<em>{t}</em>"
                if c.bold:
                    t = f"<strong>{t}</strong>"
                out.append(t)
            elif isinstance(c, Status):
                label = escape(c.label)
                text = (
                    f" {label}"
                    if c.show_label
                    else f'<span class="visually-hidden"> {label}</span>'
                )
                out.append(
                    f'<span class="doc-status doc-status-{c.tone}">'
                    f'<span class="doc-symbol" aria-hidden="true">{escape(c.symbol)}</span>'
                    f"{text}</span>"
                )
            elif isinstance(c, Footnote):
                self.note_no += 1
                n = self.note_no
                if self.print:
                    out.append(f'<span class="doc-footnote">{escape(c.text)}</span>')
                else:
                    self.notes.append(c.text)
                    out.append(
                        f'<sup class="doc-noteref"><a href="#fn{n}" id="fnref{n}" '
                        f'aria-label="Fotnot {n}">{n}</a></sup>'
                    )
        return "".join(out)

    # blocks ------------------------------------------------------------------------------
    def block(self, b) -> str:
        if isinstance(b, Section):
            return self.section(b)
        if isinstance(b, Paragraph):
            return f'<p class="doc-p doc-p-{b.style}">{self.inline(b.content)}</p>'
        if isinstance(b, BulletList):
            items = "".join(f"<li>{self.inline(i.content)}</li>" for i in b.items)
            return f'<ul class="doc-list">{items}</ul>'
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Chart):
            return self.chart(b)
        if isinstance(b, PageBreak):
            return '<div class="doc-pagebreak"></div>'
        raise TypeError(f"unknown block {b!r}")

    def section(self, s: Section) -> str:
        level = min(s.level + 1, 6)  # h1 is the document title
        number = f'<span class="doc-num">{escape(s.number)}</span> ' if s.number else ""
        classes = ["doc-section", f"doc-level-{s.level}"]
        if s.page_break_before:
            classes.append("doc-break-before")
        if s.flows and not s.page_break_before:
            classes.append("doc-flows")
        if s.keep_together:
            classes.append("doc-keep")
        body = "".join(self.block(b) for b in s.blocks)
        notes = ""
        if s.level == 1 and self.notes:
            start = self.note_no - len(self.notes) + 1
            items = "".join(
                f'<li id="fn{start + i}">{escape(t)} '
                f'<a href="#fnref{start + i}" aria-label="Tillbaka">↩</a></li>'
                for i, t in enumerate(self.notes)
            )
            notes = f'<ol class="doc-notes" start="{start}" aria-label="Fotnoter">{items}</ol>'
            self.notes = []
        return (
            f'<section class="{" ".join(classes)}" id="{s.anchor}" '
            f'aria-labelledby="{s.anchor}-h">'
            f'<h{level} id="{s.anchor}-h" class="doc-h">{number}{escape(s.title)}</h{level}>'
            f"{body}{notes}</section>"
        )

    def cell(self, c: Cell, tag: str, align: str, scope: str = "") -> str:
        a = c.align or align
        attrs = f' class="doc-{a}"'
        if c.colspan > 1:
            attrs += f' colspan="{c.colspan}"'
        if scope:
            attrs += f' scope="{scope}"'
        return f"<{tag}{attrs}>{self.inline(c.content)}</{tag}>"

    def table(self, t: Table) -> str:
        self.table_no += 1
        widths = [c.width for c in t.columns]
        colgroup = ""
        if any(widths):
            total = sum(w or 1 for w in widths)
            cols = "".join(f'<col class="doc-w{round((w or 1) / total * 20) * 5}">' for w in widths)
            colgroup = f"<colgroup>{cols}</colgroup>"
        head = "".join(
            f'<th scope="col" class="doc-{c.align}">{escape(c.label)}</th>' for c in t.columns
        )
        rows = []
        for r in t.rows:
            cells, col = [], 0
            for i, c in enumerate(r.cells):
                align = t.columns[col].align
                if i == 0 and t.row_headers:
                    cells.append(self.cell(c, "th", align, "row"))
                else:
                    cells.append(self.cell(c, "td", align))
                col += c.colspan
            rows.append(f'<tr class="doc-row-{r.kind}">{"".join(cells)}</tr>')
        caption_class = "doc-caption" if t.show_caption else "doc-caption visually-hidden"
        note = ""
        if t.note:
            note = f'<p class="doc-p doc-p-note">{self.inline(t.note.content)}</p>'
        return (
            f'<div class="doc-table-wrap{" doc-table-short" if len(t.rows) <= 12 else ""}">'
            f'<table class="doc-table">'
            f'<caption class="{caption_class}">{escape(t.caption)}</caption>{colgroup}'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}</div>"
        )

    def chart(self, c: Chart) -> str:
        self.chart_no += 1
        ident = f"chart{self.chart_no}"
        svg = charts.svg(c, ident)
        # The same figures as a table, for screen readers and for anyone who wants the numbers.
        from uppsikt.core.formatting import format_number

        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in c.labels)
        body = "".join(
            f'<tr><th scope="row">{escape(s.label)}</th>'
            + "".join(f"<td>{escape(format_number(v, c.decimals))}</td>" for v in s.values)
            + "</tr>"
            for s in c.series
        )
        data = ""
        if not self.print:
            data = (
                f'<details class="doc-chart-data"><summary>Visa värdena i diagrammet</summary>'
                f'<div class="doc-table-wrap"><table class="doc-table doc-small">'
                f"<caption>{escape(c.title)}</caption>"
                f"<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table></div>"
                f"</details>"
            )
        return (
            f'<figure class="doc-figure">{svg}'
            f'<figcaption class="doc-figcaption">{escape(c.title)}</figcaption>{data}</figure>'
        )

    # whole -------------------------------------------------------------------------------
    def cover(self) -> str:
        d = self.doc
        lines = "".join(f'<p class="doc-cover-line">{escape(x)}</p>' for x in d.cover_lines)
        sub = f'<p class="doc-subtitle">{escape(d.subtitle)}</p>' if d.subtitle else ""
        logo = '<div class="doc-logo"></div>' if self.print else ""
        org = f'<p class="doc-cover-org">{escape(d.organisation)}</p>' if d.organisation else ""
        # On screen the page's own h1 names the document; in print the title is the h1.
        tag = "h1" if self.print else "p"
        return (
            f'<header class="doc-cover">{logo}<{tag} class="doc-title">{escape(d.title)}</{tag}>'
            f"{sub}{lines}{org}</header>"
        )

    def letterhead(self) -> str:
        """Page 1 of a document without a cover: sender, title, fields (Datum, Diarienummer)
        and addressee, as a tjänsteskrivelse or a minutes extract opens."""
        d = self.doc
        logo = '<div class="doc-logo doc-letterhead-logo"></div>' if self.print else ""
        sender = "".join(f'<p class="doc-letterhead-line">{escape(x)}</p>' for x in d.cover_lines)
        fields = ""
        if d.letterhead_fields:
            labels = "".join(f'<th scope="col">{escape(k)}</th>' for k, _ in d.letterhead_fields)
            values = "".join(f"<td>{escape(v)}</td>" for _, v in d.letterhead_fields)
            caption = escape(", ".join(k for k, _ in d.letterhead_fields))
            fields = (
                f'<table class="doc-fields"><caption class="visually-hidden">{caption}</caption>'
                f"<thead><tr>{labels}</tr></thead><tbody><tr>{values}</tr></tbody></table>"
            )
        addressee = f'<p class="doc-addressee">{escape(d.addressee)}</p>' if d.addressee else ""
        tag = "h1" if self.print else "p"  # as on the cover: on screen the page's h1 names it
        return (
            f'<header class="doc-letterhead">'
            f'<div class="doc-letterhead-sender">{logo}{sender}</div>'
            f'<div class="doc-letterhead-doc"><{tag} class="doc-letter-title">{escape(d.title)}'
            f"</{tag}>{fields}</div></header>{addressee}"
        )

    def opening(self) -> str:
        """The cover page, or the letterhead of a document without one."""
        return self.cover() if self.doc.cover else self.letterhead()

    def toc(self) -> str:
        if not self.doc.toc:
            return ""
        items = []
        for s in self.doc.toc_entries():
            num = f'<span class="doc-toc-num">{escape(s.number)}</span>' if s.number else ""
            items.append(
                f'<li class="doc-toc-{s.level}"><a href="#{s.anchor}">{num}'
                f'<span class="doc-toc-title">{escape(s.title)}</span></a></li>'
            )
        return (
            '<nav class="doc-toc" aria-labelledby="doc-toc-h">'
            '<h2 id="doc-toc-h" class="doc-toc-h">Innehållsförteckning</h2>'
            f"<ol>{''.join(items)}</ol></nav>"
        )

    def body(self) -> str:
        return "".join(self.section(s) for s in self.doc.sections)


def fragment(doc: Document) -> str:
    """The document as HTML for the screen: an ``<article>`` to place inside a page.

    Needs ``documents/document.css``; uses no inline style or script (the site's CSP).
    """
    doc.number()
    w = _Writer(doc, print_mode=False)
    classes = "doc" if doc.cover else "doc doc-letter"
    content = f"{w.opening()}{w.toc()}{w.body()}"
    return f'<article class="{classes}" lang="{doc.language}">{content}</article>'


def standalone(doc: Document, *, css: str = "", logo_uri: str = "") -> str:
    """A complete HTML page laid out for print (the PDF writer's input)."""
    doc.number()
    w = _Writer(doc, print_mode=True)
    content = f"{w.opening()}{w.toc()}<main>{w.body()}</main>"
    meta = [
        f'<meta name="author" content="{escape(doc.organisation)}">',
        f'<meta name="description" content="{escape(doc.subtitle)}">',
        f'<meta name="keywords" content="{escape(", ".join(doc.keywords))}">',
        '<meta name="generator" content="Uppsikt">',
    ]
    if doc.date:
        meta.append(f'<meta name="dcterms.created" content="{doc.date.isoformat()}">')
        meta.append(f'<meta name="dcterms.modified" content="{doc.date.isoformat()}">')
    header = escape(doc.header)
    title = escape(doc.title + (f" {doc.subtitle}" if doc.subtitle else ""))
    logo_css = (
        f".doc-logo {{ background: url('{logo_uri}') no-repeat left top; "
        f"background-size: contain; }}"
        if logo_uri
        else ".doc-logo { display: none; }"
    )
    signs = ""
    if doc.footer_signatures:
        # a running element: the signature lines stand in every page's footer
        running = (
            f"@page {{ @top-left {{ content: '{_css_string(doc.header)}'; }} "
            f"@bottom-left {{ content: element(doc-signs); }} }}"
        )
        signs = (
            '<div class="doc-signs">'
            + "".join(
                f'<span class="doc-sign">{escape(label)}</span>' for label in doc.footer_signatures
            )
            + "</div>"
        )
    else:
        running = (
            f"@page {{ @top-left {{ content: '{_css_string(doc.header)}'; }} "
            f"@bottom-left {{ content: '{_css_string(doc.title)}"
            f"{_css_string(' ' + doc.subtitle if doc.subtitle else '')}'; }} }}"
        )
    return (
        f'<!DOCTYPE html><html lang="{doc.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{''.join(meta)}"
        f"<style>{css}\n{logo_css}\n{running}</style></head>"
        f'<body><div class="{"doc" if doc.cover else "doc doc-letter"}" '
        f'data-header="{header}">{signs}{content}</div></body></html>'
    )


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")
