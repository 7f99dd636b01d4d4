"""One entry point for the writers: ``render(doc, "pdf")``."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from . import docx, pdf
from .document import Document
from .template import style_of

FORMATS = ("html", "docx", "pdf")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@cache
def engine_version() -> str:
    """A hash of the writers themselves, so a new release renders kept documents anew."""
    digest = hashlib.sha256()
    package = resources.files("uppsikt.documents")
    names = ("charts.py", "docx.py", "html.py", "pdf.py", "static/documents/print.css")
    for name in (*names, "static/documents/letter.css"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:8]


def fingerprint(doc: Document) -> str:
    """A hash of the document's whole content: its data version when the app gives none."""
    doc.number()
    return hashlib.sha256((repr(doc) + doc.letter_repr()).encode()).hexdigest()[:16]


def render(doc: Document, fmt: str, *, template: bytes | None = None) -> bytes:
    """The document as ``fmt`` bytes (html: a standalone page laid out for print)."""
    if not doc.data_version:
        doc.data_version = fingerprint(doc)
    if fmt == "docx":
        return docx.render(doc, template)
    if fmt == "pdf":
        return pdf.render(doc, style_of(template))
    if fmt == "html":
        return pdf.standalone_html(doc, style_of(template)).encode()
    raise ValueError(f"unknown format: {fmt}")


def filename(doc: Document, fmt: str) -> str:
    """A safe file name from the title: ``Uppfoljningsrapport-1-Regionstyrelsen-2024.pdf``."""
    import unicodedata

    text = " ".join(x for x in (doc.title, doc.header, doc.subtitle) if x)
    text = "".join(c if c.isalnum() else " " for c in text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
    return f"{slug or 'dokument'}.{fmt}"
