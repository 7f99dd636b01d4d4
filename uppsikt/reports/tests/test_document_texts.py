"""The texts people write for a body's document (summary, comments on the figures): a save
based on a stale form is refused rather than overwriting what someone else saved meanwhile."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import DomainError
from uppsikt.documents import selectors as doc_selectors
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.reports import data, services

IDENT = "2024-UR1"
STALE = "ändrats av någon annan"


@pytest.fixture
def writers(region):
    """Two controllers on the committee DNRS only."""
    first, second = org_factories.user("forsta"), org_factories.user("andra")
    for user in (first, second):
        org_factories.grant(user, Role.CONTROLLER, region.org, body=region.dnrs)
    return first, second


def saved_summary(region) -> str:
    rows = doc_selectors.text_rows(kind="followup", subject=data.subject(region.dnrs, IDENT))
    return rows["summary"].text if "summary" in rows else ""


def save(region, actor, text: str, version):
    return services.document_texts_save(
        kind="followup",
        body=region.dnrs,
        ident=IDENT,
        texts={"summary": text},
        versions={"summary": version},
        actor=actor,
    )


def test_a_first_text_saved_from_a_form_opened_before_someone_else_wrote_it_is_refused(
    region, writers
):
    # given: both opened the form while the summary was still empty (version 0)
    first, second = writers
    save(region, first, "<p>Den första.</p>", 0)
    # when: the second saves from the form showing the empty text
    with pytest.raises(DomainError, match=STALE):
        save(region, second, "<p>Den andra.</p>", 0)
    # then: the first text is kept
    assert saved_summary(region) == "<p>Den första.</p>"


def test_a_save_without_the_texts_version_is_refused(region, writers):
    first, second = writers
    save(region, first, "<p>Den första.</p>", 0)
    with pytest.raises(DomainError, match="version"):
        save(region, second, "<p>Den andra.</p>", None)
    assert saved_summary(region) == "<p>Den första.</p>"


def test_a_save_with_the_current_version_replaces_the_text(region, writers):
    first, second = writers
    row = save(region, first, "<p>Den första.</p>", 0)[0]
    save(region, second, "<p>Den andra.</p>", row.version)
    assert saved_summary(region) == "<p>Den andra.</p>"


def test_the_form_of_a_text_not_yet_written_carries_version_zero(client, region, writers):
    client.force_login(writers[0])
    url = reverse(
        "reports:document_texts", kwargs={"kind": "followup", "code": "DNRS", "ident": IDENT}
    )
    html = client.get(url).content.decode()
    assert '<input type="hidden" name="summary__version" value="0">' in html


def test_a_stale_form_is_refused_on_the_page_and_keeps_what_was_typed(client, region, writers):
    # given: the second writer opened the form while the summary was empty …
    first, second = writers
    url = reverse(
        "reports:document_texts", kwargs={"kind": "followup", "code": "DNRS", "ident": IDENT}
    )
    client.force_login(second)
    form = client.get(url).content.decode()
    version = re.search(r'name="summary__version" value="([^"]*)"', form).group(1)
    # … and the first saved a summary meanwhile
    save(region, first, "<p>Den första.</p>", 0)
    # when: the second posts the form as it was opened
    response = client.post(url, {"summary": "Den andra.", "summary__version": version}, follow=True)
    # then: refused with the reason, the saved text shown and the unsaved one kept to copy
    html = response.content.decode()
    assert response.status_code == 200 and STALE in html
    assert saved_summary(region) == "<p>Den första.</p>"
    assert "Den första." in html and "Den andra." in html


def test_a_text_missing_from_the_posted_form_is_left_as_it_is(client, region, writers):
    # given: a saved summary, and a post that carries only another text
    first, second = writers
    save(region, first, "<p>Den första.</p>", 0)
    url = reverse(
        "reports:document_texts", kwargs={"kind": "followup", "code": "DNRS", "ident": IDENT}
    )
    client.force_login(second)
    # when
    client.post(url, {"deviations": "Inga avvikelser.", "deviations__version": "0"})
    # then: the summary is not blanked
    assert saved_summary(region) == "<p>Den första.</p>"
