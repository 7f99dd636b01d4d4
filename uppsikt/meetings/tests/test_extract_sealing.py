"""Extracts (protokollsutdrag) sealed like the minutes: the job that seals a notice's minutes
then seals the extract of each item the notice approved; the extract page and the dispatch
serve the sealed file; ``minutes seal-pdf`` seals what is missing and ``minutes verify``
checks every sealed extract too."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import Job
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import seal
from uppsikt.documents import selectors as doc_selectors
from uppsikt.documents.models import RenderedDocument
from uppsikt.meetings import selectors, services
from uppsikt.meetings.tests import factories
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from .test_sealing import _approve, _pdf_text, pki, sealing  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_sealing_job_seals_the_extract_of_every_item_of_the_approved_minutes(
    sealing,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Budget", "Lokaler"))
    _approve(c, m, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="minutes_seal")
    assert job.status == Job.Status.DONE, job.message
    items = list(m.items.order_by("position"))
    assert job.result["extract_ids"] == [selectors.extract_sealed(item=i).pk for i in items]
    for item in items:
        rendered = selectors.extract_sealed(item=item)
        content = doc_selectors.rendered_content(rendered)
        assert hashlib.sha256(content).hexdigest() == rendered.checksum
        check = seal.verify_pdf(content)
        assert check.ok, check.problems
        assert (check.seals, check.timestamps) == (1, 1)
        text = _pdf_text(content)
        assert f"Protokollsutdrag {item.label}" in text
        assert "Utdraget är förseglat med elektroniskt sigill (PAdES B-LTA)" in text
        # the signature page lists the minutes' two signatures
        assert "Signatursida" in text and text.count("Knapp i Uppsikt") == 2
    assert selectors.extracts_unsealed(meeting=m) == []


def test_an_item_approved_at_once_has_its_extract_sealed_alone(
    sealing,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    c = factories.committee()
    m = factories.held_meeting(c)
    first, second = m.items.order_by("position")
    services.item_approve_immediately(actor=c.chair_user, item=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_approve_immediately(actor=c.approver_user, item=first)
    assert selectors.extract_sealed(item=first) is not None
    # the other item is not approved: no extract of it is sealed, nor can be
    assert selectors.extract_sealed(item=second) is None
    with pytest.raises(DomainError, match="justerade paragrafer"):
        services.extract_pdf_seal(actor=c.secretary, item=second)


def test_the_extract_page_and_the_dispatch_serve_the_sealed_file(
    client,
    sealing,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    c = factories.committee()
    m = factories.held_meeting(c)
    _approve(c, m, capture=django_capture_on_commit_callbacks)
    item = m.items.order_by("position").first()
    sealed = doc_selectors.rendered_content(selectors.extract_sealed(item=item))
    client.force_login(c.secretary)
    response = client.get(reverse("meetings:extract", args=[item.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content == sealed
    assert "forseglat" in response["Content-Disposition"]
    dispatch = services.dispatch_record(
        actor=c.secretary, item=item, recipient="Regionkontoret", fmt="pdf"
    )
    assert dispatch.sha256 == hashlib.sha256(sealed).hexdigest()
    # the Word file is not sealed, and is still written on request
    docx = client.get(reverse("meetings:extract", args=[item.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_a_secretary_of_another_body_may_not_seal_an_extract(sealing):  # noqa: F811
    c = factories.committee()
    m = factories.held_meeting(c)
    other_body = org.body(c.organisation, "DNX", name="Driftnämnden X")
    other_secretary = org_services.account_create(
        actor=SYSTEM, username="sekr-dnx", password="korrekt-hast-batteri"
    )
    org.grant(other_secretary, Role.SECRETARY, c.organisation, body=other_body)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.approver_user, meeting=m)  # no job ran
    item = m.items.first()
    with pytest.raises(NotPermitted):
        services.extract_pdf_seal(actor=other_secretary, item=item)
    assert selectors.extract_sealed(item=item) is None


def test_seal_pdf_seals_the_missing_extracts_and_verify_checks_them(sealing):  # noqa: F811
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.approver_user, meeting=m)  # the job never ran
    assert len(selectors.extracts_unsealed(organisation=c.organisation)) == 2
    out = io.StringIO()
    call_command("minutes_seal_pdf", stdout=out)
    assert "1 protokoll och 2 protokollsutdrag förseglade" in out.getvalue()
    assert selectors.extracts_unsealed(organisation=c.organisation) == []
    out = io.StringIO()
    call_command("minutes_verify", stdout=out)
    assert "3 förseglade filer (protokoll och protokollsutdrag)" in out.getvalue()
    # a sealed extract changed in the storage: verify finds it
    rendered = selectors.extract_sealed(item=m.items.order_by("position").first())
    content = bytearray(doc_selectors.rendered_content(rendered))
    at = bytes(content).index(b"/Producer")
    content[at + 2] ^= 0x01
    _overwrite(rendered, bytes(content))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("minutes_verify", stdout=io.StringIO(), stderr=err)
    assert "Protokollsutdrag" in err.getvalue()


def _overwrite(rendered: RenderedDocument, content: bytes) -> None:
    """Change a kept file behind Uppsikt's back (as someone with access to the storage)."""
    default_storage.delete(rendered.file.name)
    default_storage.save(rendered.file.name, io.BytesIO(content))


def test_a_correction_retires_the_sealed_extract_and_the_corrected_one_is_sealed_again(
    client,
    sealing,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    c = factories.committee()
    m = factories.held_meeting(c)
    _approve(c, m, capture=django_capture_on_commit_callbacks)
    item = m.items.order_by("position").first()
    before = selectors.extract_sealed(item=item)
    assert before is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_add(
            actor=c.secretary, item=item, text="Beloppet ska vara 12 mnkr.", reason="Skrivfel"
        )
    after = selectors.extract_sealed(item=item)
    # a new sealed extract, of the item as corrected; the earlier one is kept, never served
    assert after is not None and after.pk != before.pk
    text = _pdf_text(doc_selectors.rendered_content(after))
    assert "Beloppet ska vara 12 mnkr." in text
    assert "Beloppet ska vara 12 mnkr." not in _pdf_text(doc_selectors.rendered_content(before))
    client.force_login(c.secretary)
    response = client.get(reverse("meetings:extract", args=[item.pk, "pdf"]))
    assert response.content == doc_selectors.rendered_content(after)
    assert selectors.extracts_unsealed(meeting=m) == []
