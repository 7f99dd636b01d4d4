"""One entry point for the writers: ``render(doc, "pdf")``."""

from __future__ import annotations

import dataclasses
import hashlib
from functools import cache
from importlib import resources

from . import docx, pdf, pptx, slides_html
from .document import Document
from .slides import Deck
from .template import default_logo, style_of

FORMATS = ("html", "docx", "pdf", "pptx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "pptx": pptx.PPTX_MIME,
}
# The formats of a slide deck; a document is written as html, docx and pdf.
DECK_FORMATS = ("pptx", "pdf", "html")
DECK_WRITERS = (
    "charts.py",
    "html.py",
    "pptx.py",
    "slides.py",
    "slides_html.py",
    "static/documents/slides-print.css",
)


@cache
def engine_version(deck: bool = False) -> str:
    """A hash of the writers themselves, so a new release renders kept documents anew (a
    deck's writers apart: a change in them leaves the reports' kept files as they are)."""
    digest = hashlib.sha256()
    package = resources.files("uppsikt.documents")
    names = ("charts.py", "docx.py", "html.py", "pdf.py", "static/documents/print.css")
    for name in DECK_WRITERS if deck else (*names, "static/documents/letter.css"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:8]


def template_scope(doc: Document | Deck, *, organisation_scope: str = "") -> str:
    """The ``DocumentTemplate.scope`` a document is written from: the organisation's .docx
    template, or its .pptx one for a deck."""
    return pptx.deck_scope(organisation_scope) if isinstance(doc, Deck) else organisation_scope


def formats_of(doc: Document | Deck) -> tuple[str, ...]:
    return DECK_FORMATS if isinstance(doc, Deck) else ("html", "docx", "pdf")


def fingerprint(doc: Document | Deck) -> str:
    """A hash of the document's whole content: its data version when the app gives none."""
    doc.number()
    return hashlib.sha256((repr(doc) + doc.letter_repr()).encode()).hexdigest()[:16]


def render(
    doc: Document | Deck, fmt: str, *, template: bytes | None = None, logo: bytes | None = None
) -> bytes:
    """The document as ``fmt`` bytes (html: a standalone page laid out for print). A deck is
    written from the .pptx template, a document from the .docx one; ``logo`` (the
    organisation's own, a PNG) replaces the template's on the cover and the letterhead."""
    if not doc.data_version:
        doc.data_version = fingerprint(doc)
    if isinstance(doc, Deck):
        return _render_deck(doc, fmt, template, logo)
    style = style_of(template)
    if logo:
        style = dataclasses.replace(style, logo=logo)
    if fmt == "docx":
        return docx.render(doc, template, logo=logo)
    if fmt == "pdf":
        return pdf.render(doc, style)
    if fmt == "html":
        return pdf.standalone_html(doc, style).encode()
    raise ValueError(f"unknown format: {fmt}")


def _render_deck(deck: Deck, fmt: str, template: bytes | None, logo: bytes | None) -> bytes:
    """A deck: the template's own logo, else the organisation's, else the built-in one."""
    if fmt == "pptx":
        return pptx.render(deck, template, logo=logo)
    accent = pptx.accent_of(template)
    logo = pptx.logo_of(template) or logo or default_logo()
    if fmt == "pdf":
        return slides_html.render_pdf(deck, accent=accent, logo=logo)
    if fmt == "html":
        return slides_html.standalone(deck, accent=accent, logo=logo).encode()
    raise ValueError(f"a slide deck is not written as {fmt}")


def filename(doc: Document | Deck, fmt: str) -> str:
    """A safe file name from the title: ``Uppfoljningsrapport-1-Regionstyrelsen-2024.pdf``."""
    import unicodedata

    text = " ".join(x for x in (doc.title, doc.header, doc.subtitle) if x)
    text = "".join(c if c.isalnum() else " " for c in text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
    return f"{slug or 'dokument'}.{fmt}"
