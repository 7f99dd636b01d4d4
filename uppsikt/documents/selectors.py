"""Reads of the documents app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import DocumentTemplate, DocumentText, RenderedDocument


def template_current(*, scope: str = "") -> DocumentTemplate | None:
    return DocumentTemplate.objects.filter(scope=scope, active=True).first()


def template_bytes(*, scope: str = "") -> bytes | None:
    row = template_current(scope=scope)
    return bytes(row.content) if row else None


def rendered_for(*, kind: str, subject: str) -> QuerySet[RenderedDocument]:
    return RenderedDocument.objects.filter(kind=kind, subject=subject).select_related("created_by")


def rendered_content(rendered: RenderedDocument) -> bytes:
    with rendered.file.open("rb") as f:
        return f.read()


def texts(*, kind: str, subject: str) -> dict[str, str]:
    """The written texts of a document, by key."""
    return dict(DocumentText.objects.filter(kind=kind, subject=subject).values_list("key", "text"))


def text_rows(*, kind: str, subject: str) -> dict[str, DocumentText]:
    return {t.key: t for t in DocumentText.objects.filter(kind=kind, subject=subject)}
