"""The slide deck model: a presentation (the dialogue brief) independent of how it is written out.

A ``Deck`` is a list of ``Slide``s; a slide has a title and blocks from the document model
(``Paragraph``, ``BulletList``, ``Table``, ``Chart``). A content slide has a main column and,
optionally, an ``aside`` beside it (a chart beside the figures, as reference 002's staff slides).
Writers: ``documents.pptx`` (python-pptx, native charts, 16:9, from the organisation's PPTX
template) and ``documents.slides_html`` (one slide per page, 16:9, printed to PDF by WeasyPrint).
All text is final, formatted before it goes in, as in ``document.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .document import Block

SlideLayout = Literal["title", "content"]


@dataclass
class Slide:
    """One slide. ``layout="title"`` is the title slide: ``title`` large, ``lines`` under it.

    A content slide shows ``title`` at the top, ``lead`` (a sentence under the title, as 002's
    "Fortsatt balans i nämndens ekonomi efter augusti"), then ``blocks`` in the main column and
    ``aside`` in a column to the right (when there is one)."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    aside: list[Block] = field(default_factory=list)
    layout: SlideLayout = "content"
    lead: str = ""
    lines: list[str] = field(default_factory=list)

    def add(self, *blocks: Block) -> Slide:
        self.blocks.extend(blocks)
        return self


@dataclass
class Deck:
    """A whole deck. ``header`` names who it is for (the overseeing body) and ``subtitle`` who it
    is about (the committee); both go into the file's metadata and the PDF's page footer."""

    title: str
    subtitle: str = ""
    organisation: str = ""
    header: str = ""
    slides: list[Slide] = field(default_factory=list)
    language: str = "sv"
    date: dt.date | None = None
    data_version: str = ""

    def slide(self, title: str, **kwargs) -> Slide:
        s = Slide(title, **kwargs)
        self.slides.append(s)
        return s

    def letter_repr(self) -> str:
        """A deck has no letter layout (``render.fingerprint`` asks every document)."""
        return ""

    def number(self) -> Deck:
        """Nothing to number (``render.fingerprint`` numbers every document first)."""
        return self
