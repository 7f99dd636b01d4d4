"""A ``slides.Deck`` as HTML: on screen (a fragment inside the site layout, each slide a framed
16:9 box) and as a standalone page for the PDF writer, one slide per 16:9 page (WeasyPrint).
Blocks are written by the document HTML writer, so tables, statuses and charts look and read
the same as in the reports.
"""

from __future__ import annotations

import base64
import hashlib
import os
from html import escape
from importlib import resources

from . import html, pdf
from .document import Table
from .slides import Deck, Slide

# A slide whose tables have more rows than this is set smaller, to fit its page.
DENSE_ROWS = 8


def _slide(w: html._Writer, s: Slide, number: int, count: int, deck: Deck) -> str:
    ident = f"slide{number}"
    if s.layout == "title":
        lines = "".join(f'<p class="slide-line">{escape(x)}</p>' for x in s.lines)
        return (
            f'<section class="slide slide-title" id="{ident}" aria-labelledby="{ident}-h">'
            f'<div class="slide-logo"></div>'
            f'<h2 id="{ident}-h" class="slide-h">{escape(s.title)}</h2>{lines}</section>'
        )
    lead = f'<p class="slide-lead">{escape(s.lead)}</p>' if s.lead else ""
    main = "".join(w.block(b) for b in s.blocks)
    body = f'<div class="slide-main">{main}</div>'
    if s.aside:
        aside = "".join(w.block(b) for b in s.aside)
        body = f'<div class="slide-columns">{body}<div class="slide-aside">{aside}</div></div>'
    footer_text = " · ".join(x for x in (deck.title, deck.subtitle) if x)
    rows = sum(len(b.rows) for b in s.blocks if isinstance(b, Table))
    dense = " slide-dense" if rows > DENSE_ROWS else ""
    return (
        f'<section class="slide{dense}" id="{ident}" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h" class="slide-h">{escape(s.title)}</h2>{lead}{body}'
        f'<p class="slide-footer"><span>{escape(footer_text)}</span>'
        f"<span>{number} av {count}</span></p></section>"
    )


def _slides(deck: Deck, *, print_mode: bool) -> str:
    w = html._Writer(None, print_mode=print_mode)  # type: ignore[arg-type]
    count = len(deck.slides)
    return "".join(_slide(w, s, i, count, deck) for i, s in enumerate(deck.slides, start=1))


def fragment(deck: Deck) -> str:
    """The deck on screen: an ``<article>`` of slides. Needs ``documents/slides.css`` and
    ``documents/document.css``; no inline style or script."""
    return (
        f'<article class="deck" lang="{deck.language}">{_slides(deck, print_mode=False)}</article>'
    )


def print_css() -> str:
    package = resources.files("uppsikt.documents")
    return package.joinpath("static/documents/slides-print.css").read_text("utf-8")


def standalone(deck: Deck, *, accent: str = "", logo: bytes = b"") -> str:
    """A complete HTML page of the deck laid out one slide per 16:9 page."""
    css = print_css()
    if accent:
        css += f"\n:root {{ --accent: #{accent}; }}"
    if logo:
        mime = "image/png" if logo[:4] == b"\x89PNG" else "image/jpeg"
        uri = f"data:{mime};base64,{base64.b64encode(logo).decode()}"
        css += f"\n.slide-logo {{ background-image: url('{uri}'); }}"
    meta = [
        f'<meta name="author" content="{escape(deck.organisation)}">',
        f'<meta name="description" content="{escape(deck.subtitle)}">',
        '<meta name="generator" content="Uppsikt">',
    ]
    if deck.date:
        meta.append(f'<meta name="dcterms.created" content="{deck.date.isoformat()}">')
        meta.append(f'<meta name="dcterms.modified" content="{deck.date.isoformat()}">')
    title = escape(" ".join(x for x in (deck.title, deck.subtitle) if x))
    return (
        f'<!DOCTYPE html><html lang="{deck.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title>{''.join(meta)}<style>{css}</style></head>"
        f'<body><h1 class="deck-title">{title}</h1>'
        f'<main class="deck">{_slides(deck, print_mode=True)}</main></body></html>'
    )


def render_pdf(deck: Deck, *, accent: str = "", logo: bytes = b"") -> bytes:
    """The deck as PDF/A-2b bytes, tagged; the same deck gives the same bytes."""
    weasyprint = pdf._weasyprint()
    if weasyprint is None:
        raise pdf.PdfUnavailable(
            "PDF kan inte skapas på den här servern (WeasyPrint/Pango saknas)."
        )
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")
    source = standalone(deck, accent=accent, logo=logo)
    identifier = hashlib.sha256((source + deck.data_version).encode()).hexdigest()[:32]
    return weasyprint.HTML(string=source, base_url=None).write_pdf(
        pdf_variant=pdf.PDF_VARIANT,
        pdf_tags=True,
        pdf_identifier=identifier.encode(),
        custom_metadata=True,
    )
