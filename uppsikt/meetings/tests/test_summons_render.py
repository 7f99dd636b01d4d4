"""The summons (kallelse) is rendered and kept through the documents app's one service, before the
meeting's row is locked, and sent only if the agenda it shows is still the meeting's."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import require
from uppsikt.core.exceptions import DomainError
from uppsikt.documents import pdf as pdf_writer
from uppsikt.documents.models import RenderedDocument
from uppsikt.meetings import services
from uppsikt.meetings.models import Meeting

from . import factories

pytestmark = pytest.mark.django_db


def _planned(c):
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, title="Öppen punkt")
    return m


def test_the_sent_summons_is_kept_with_its_checksum_and_who_sent_it():
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m = _planned(c)
    services.summons_send(actor=c.secretary, meeting=m)
    kept = RenderedDocument.objects.get(kind="summons", subject=str(m.pk))
    assert kept.format == "pdf"
    assert len(kept.checksum) == 64


def test_a_summons_whose_agenda_changed_while_it_was_rendered_is_not_sent(monkeypatch):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m = _planned(c)
    from uppsikt.documents import services as document_services

    original = document_services.document_render_keep

    def render_then_someone_adds_an_item(**kwargs):
        result = original(**kwargs)
        # another secretary adds an item after the PDF was made, before the lock is taken
        services.agenda_add(actor=c.secretary, meeting=m, title="Sent tillagd punkt")
        return result

    monkeypatch.setattr(document_services, "document_render_keep", render_then_someone_adds_an_item)
    with pytest.raises(DomainError):
        services.summons_send(actor=c.secretary, meeting=m)
    assert Meeting.objects.get(pk=m.pk).status == Meeting.Status.PLANNED
