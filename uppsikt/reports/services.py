"""Writes of the reports: rendering and keeping a document, the texts people write for it, the
organisation's document template. Permission is checked first, with its scope."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.documents import logo as doc_logo
from uppsikt.documents import pptx as doc_pptx
from uppsikt.documents import services as doc_services
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can
from uppsikt.organisation.tenancy import document_scope

from . import build, data
from . import dialogue as dialogue_mod
from .selectors import may_read_document


def document_render(*, kind: str, organisation: Organisation, body, ident: str, fmt: str, actor):
    """Render a document (plan, followup, monthly, group) as ``fmt`` and keep the file with its
    checksum and data version. Unchanged data and template give the stored file back.

    Returns ``(rendered, content, document)``. Rendering runs outside any transaction (a large
    PDF takes seconds); only keeping the file is atomic and audited
    (``documents.services.document_render_keep``).
    """

    # the same scope as the screens the document is made from
    if not may_read_document(actor, kind=kind, body=body):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    return doc_services.document_render_keep(
        kind=kind,
        subject=data.subject(body if kind != "group" else None, ident, organisation=organisation),
        fmt=fmt,
        build=lambda: build.document_for(
            kind=kind, organisation=organisation, body=body, ident=ident
        ),
        actor=actor,
        template_scope=document_scope(organisation.pk),
    )


@transaction.atomic
def document_texts_save(
    *, kind: str, body, ident: str, texts: dict[str, str], versions: dict, actor
):
    """Save the texts people write for a body's document (summary, comments on figures).
    ``versions`` holds, per text, the version the form was opened with (0 for a text not yet
    written): if someone saved that text in between, nothing is saved rather than overwriting
    theirs. A text without its version is refused the same way."""
    ensure_can(actor, "documents.write", body)
    subject = data.subject(body, ident)
    saved = []
    for key, text in texts.items():
        if versions.get(key) is None:
            raise DomainError(_("Formuläret saknar textens version. Ladda om sidan."))
        saved.append(
            doc_services.text_set(
                kind=kind,
                subject=subject,
                key=key,
                text=text,
                version=versions.get(key),
                actor=actor,
            )
        )
    return saved


@transaction.atomic
def document_template_replace(
    *, organisation: Organisation, name: str, content: bytes, actor, deck: bool = False
):
    """Make an uploaded .docx the organisation's document template (with ``deck``, an uploaded
    .pptx its slide-deck template)."""
    ensure_can(actor, "documents.template")
    return doc_services.template_replace(
        name=name, content=content, scope=template_scope(organisation, deck=deck), actor=actor
    )


@transaction.atomic
def document_template_reset(*, organisation: Organisation, actor, deck: bool = False) -> None:
    ensure_can(actor, "documents.template")
    doc_services.template_reset(scope=template_scope(organisation, deck=deck), actor=actor)


@transaction.atomic
def organisation_logo_replace(*, organisation: Organisation, name: str, content: bytes, actor):
    """Make an uploaded PNG or JPEG the organisation's own logo (kept as PNG); audited."""
    ensure_can(actor, "organisation.logo")
    return doc_services.template_replace(
        name=name,
        content=content,
        scope=doc_logo.logo_scope(document_scope(organisation.pk)),
        actor=actor,
    )


@transaction.atomic
def organisation_logo_reset(*, organisation: Organisation, actor) -> None:
    """Go back to the template's logo."""
    ensure_can(actor, "organisation.logo")
    doc_services.template_reset(
        scope=doc_logo.logo_scope(document_scope(organisation.pk)), actor=actor
    )


def template_scope(organisation: Organisation, *, deck: bool = False) -> str:
    """The scope of the organisation's .docx template, or of its .pptx one for slide decks."""
    scope = document_scope(organisation.pk)
    return doc_pptx.deck_scope(scope) if deck else scope


# --------------------------------------------------------------------------------------------
# The dialogue brief and the dialogue notes


def dialogue_brief_render(*, dialogue, fmt: str, actor):
    """Render a dialogue's brief as ``fmt`` (pptx, pdf, html) and keep the file; read with the
    dialogue's own scope (the committee or the body holding it). Returns
    ``(rendered, content, deck)``; outside any transaction."""
    from uppsikt.dialogues import selectors as dialogue_selectors

    if not dialogue_selectors.may_view(
        actor, committee=dialogue.committee, overseer=dialogue.overseer
    ):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    return doc_services.document_render_keep(
        kind=dialogue_mod.KIND,
        subject=dialogue_mod.subject(dialogue),
        fmt=fmt,
        build=lambda: dialogue_mod.brief_deck(dialogue=dialogue),
        actor=actor,
        template_scope=document_scope(dialogue.organisation_id),
    )


def dialogue_brief_generate(*, dialogue, actor):
    """Generate the brief for the dialogue: render it as PPTX and PDF (kept, outside any
    transaction), then record it on the dialogue and in its case (``dialogues.services``)."""
    from uppsikt.dialogues import services as dialogue_services
    from uppsikt.documents.pdf import PdfUnavailable
    from uppsikt.documents.render import filename

    ensure_can(actor, "dialogues.manage", dialogue.overseer)
    pptx, pptx_content, deck = dialogue_brief_render(dialogue=dialogue, fmt="pptx", actor=actor)
    try:
        rendered, content, deck = dialogue_brief_render(dialogue=dialogue, fmt="pdf", actor=actor)
    except PdfUnavailable:
        rendered, content = pptx, None
    return dialogue_services.dialogue_brief_record(
        actor=actor,
        dialogue=dialogue,
        pdf=content,
        filename=filename(deck, "pdf"),
        checksum=rendered.checksum,
    )
