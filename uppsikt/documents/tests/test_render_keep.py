"""The one way to render and keep a document: outside any transaction, kept with checksum, data
version and who asked (docs/adr/0005)."""

from __future__ import annotations

import datetime as dt
import hashlib
from unittest import mock

import pytest
from django.db import connection

from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import render, services
from uppsikt.documents.document import Document, Paragraph, Section


def _document() -> Document:
    doc = Document(title="Prov", subtitle="", organisation="Region", header="Organ")
    doc.date = dt.date(2024, 4, 30)
    doc.sections = [Section("Inledning").add(Paragraph("Text."))]
    return doc


@pytest.mark.django_db(transaction=True)
def test_the_document_is_rendered_with_no_transaction_open():
    seen = []
    real = render.render

    def spy(doc, fmt, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(doc, fmt, **kwargs)

    with mock.patch.object(render, "render", spy):
        services.document_render_keep(
            kind="test", subject="s/1", fmt="html", build=_document, actor=SYSTEM
        )
    assert seen == [False]


@pytest.mark.django_db
def test_the_kept_file_has_its_checksum_and_the_data_version_it_was_rendered_with():
    rendered, content, doc = services.document_render_keep(
        kind="test", subject="s/1", fmt="html", build=_document, actor=SYSTEM
    )
    assert rendered.checksum == hashlib.sha256(content).hexdigest()
    assert rendered.data_version == doc.data_version
    # <content hash>-<template checksum or std>-<writers' hash>
    assert doc.data_version.split("-")[1] == "std"


@pytest.mark.django_db
def test_unchanged_data_gives_the_kept_file_back_without_rendering_again():
    first, content, _doc = services.document_render_keep(
        kind="test", subject="s/1", fmt="html", build=_document, actor=SYSTEM
    )
    with mock.patch.object(render, "render", side_effect=AssertionError("rendered again")):
        again, again_content, _doc = services.document_render_keep(
            kind="test", subject="s/1", fmt="html", build=_document, actor=SYSTEM
        )
    assert again.pk == first.pk
    assert again_content == content
