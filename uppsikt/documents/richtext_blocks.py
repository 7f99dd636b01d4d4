"""Stored rich text (``core.html_sanitize``: paragraphs, lists, emphasis, headings) as blocks
of the document model (``documents.document``)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .document import BulletList, Paragraph, Text

BLOCK_TAGS = {"p", "h2", "h3", "h4", "blockquote", "li"}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.runs: list = []
        self.bold = 0
        self.italic = 0
        self.list_items: list[Paragraph] | None = None

    def _flush(self, *, heading: bool = False) -> None:
        runs = _trim(self.runs)
        self.runs = []
        if not runs:
            return
        if heading:
            runs = [Text(r.text if isinstance(r, Text) else r, bold=True) for r in runs]
        paragraph = Paragraph(*runs)
        if self.list_items is not None:
            self.list_items.append(paragraph)
        else:
            self.blocks.append(paragraph)

    def handle_starttag(self, tag, attrs):
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self.runs.append("\n")
        elif tag in ("ul", "ol"):
            self._flush()
            self.list_items = []
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.list_items:
                self.blocks.append(BulletList(self.list_items))
            self.list_items = None
        elif tag in BLOCK_TAGS:
            self._flush(heading=tag in ("h2", "h3", "h4"))

    def handle_data(self, data):
        if not data:
            return
        if self.bold or self.italic:
            self.runs.append(Text(data, bold=bool(self.bold), italic=bool(self.italic)))
        else:
            self.runs.append(data)


def _trim(runs: list) -> list:
    """Collapse whitespace like a browser (a run keeps one space at either end, so words
    around emphasis stay apart); drop empty runs; strip the paragraph's ends."""
    out = []
    for r in runs:
        text = r.text if isinstance(r, Text) else r
        collapsed = re.sub(r"\s+", " ", text)
        if not collapsed:
            continue
        if out and collapsed.startswith(" "):
            prev = out[-1].text if isinstance(out[-1], Text) else out[-1]
            if prev.endswith(" "):
                collapsed = collapsed[1:]
                if not collapsed:
                    continue
        out.append(
            Text(collapsed, bold=r.bold, italic=r.italic) if isinstance(r, Text) else collapsed
        )
    if out:
        out[0] = _strip(out[0], left=True)
        out[-1] = _strip(out[-1], left=False)
    return [r for r in out if (r.text if isinstance(r, Text) else r)]


def _strip(run, *, left: bool):
    text = run.text if isinstance(run, Text) else run
    text = text.lstrip() if left else text.rstrip()
    return Text(text, bold=run.bold, italic=run.italic) if isinstance(run, Text) else text


def blocks(html: str) -> list:
    """``<p>a <em>b</em></p><ul><li>c</li></ul>`` → [Paragraph("a ", Text("b", italic)),
    BulletList(["c"])]. Text outside any tag becomes a paragraph of its own."""
    if not html or not html.strip():
        return []
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks
