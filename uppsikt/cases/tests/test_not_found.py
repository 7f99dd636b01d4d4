"""A case, record, file or proposal that does not exist: the selector raises the domain error
``NotFound`` and the page answers 404."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from uppsikt.cases import selectors
from uppsikt.core.exceptions import NotFound

from . import factories

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
NOT_YET = ()


@pytest.fixture
def r():
    return factories.region()


def test_the_case_selector_raises_not_found_for_a_number_that_is_not_registered(r):
    with pytest.raises(NotFound):
        selectors.case_get(organisation=r.organisation, number="RS990999")


def test_the_record_selector_raises_not_found_for_a_sequence_the_case_does_not_have(r):
    case = factories.case(r)
    with pytest.raises(NotFound):
        selectors.record_get(case=case, sequence=99)


def test_the_proposal_selector_raises_not_found_for_an_id_that_is_no_proposal(r):
    with pytest.raises(NotFound):
        selectors.proposal_get(organisation=r.organisation, pk=999_999)


def test_the_page_of_a_case_that_is_not_registered_answers_404(client, r):
    client.force_login(r.officer_user)
    response = client.get(reverse("cases:case", args=["RS990999"]))
    assert response.status_code == 404


def test_no_selector_raises_the_web_layers_404():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.glob("*/selectors.py")
        if not str(path.relative_to(PACKAGE)).startswith(NOT_YET)
        and re.search(r"\bHttp404\b|\bget_object_or_404\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
