"""PDF writer: the standalone HTML laid out by WeasyPrint as PDF/A-2b, tagged for accessibility.

WeasyPrint needs the Pango system library. Without it ``available()`` is False and ``render``
raises ``PdfUnavailable``; the rest of the application keeps working.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from functools import cache
from importlib import resources

from . import html
from .document import Document
from .template import Style

log = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-2b"


class PdfUnavailable(RuntimeError):
    """The PDF writer cannot run on this machine (WeasyPrint or Pango is missing)."""


@cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango's shared library is missing
        log.warning("PDF unavailable: %s", exc)
        return None
    return weasyprint


def available() -> bool:
    return _weasyprint() is not None


def print_css(style: Style | None = None) -> str:
    css = (
        resources.files("uppsikt.documents")
        .joinpath("static/documents/print.css")
        .read_text("utf-8")
    )
    if style and style.font:
        css += f'\n:root {{ --font: "{style.font}", "DejaVu Sans", Arial, sans-serif; }}'
    if style and style.accent:
        css += f"\n:root {{ --accent: #{style.accent}; }}"
    return css


def letter_css() -> str:
    """The letterhead of a document without a cover; added only to such documents, so a
    document with a cover is laid out from exactly the same source as before."""
    return (
        resources.files("uppsikt.documents")
        .joinpath("static/documents/letter.css")
        .read_text("utf-8")
    )


def standalone_html(doc: Document, style: Style | None = None) -> str:
    css = print_css(style) if doc.cover else f"{print_css(style)}\n{letter_css()}"
    logo_uri = ""
    if style and style.logo:
        mime = "image/png" if style.logo[:4] == b"\x89PNG" else "image/jpeg"
        logo_uri = f"data:{mime};base64,{base64.b64encode(style.logo).decode()}"
    return html.standalone(doc, css=css, logo_uri=logo_uri)


def render(doc: Document, style: Style | None = None) -> bytes:
    """The document as PDF/A-2b bytes; the same document gives the same bytes."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable("PDF kan inte skapas på den här servern (WeasyPrint/Pango saknas).")
    # Font subsets carry a "modified" timestamp (fontTools): pin it, as reproducible builds do.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "946684800")
    source = standalone_html(doc, style)
    # A stable identifier: the same content and data version give the same file.
    identifier = hashlib.sha256((source + doc.data_version).encode()).hexdigest()[:32]
    return weasyprint.HTML(string=source, base_url=None).write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        pdf_identifier=identifier.encode(),
        custom_metadata=True,
    )
