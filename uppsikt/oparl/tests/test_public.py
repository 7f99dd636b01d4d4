"""Nothing that is not public ever leaves through the open data: a secret case (and a public
case made secret, on an approved meeting's agenda), a draft proposal and a § not yet approved
are swept for in every list and every object, by their ids and by their texts. And the lists'
filters, paging and deleted objects."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.demo.loader import load_demo

from .walk import HOST, PREFIX, ROOT, walk

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Utredning om skyddade personuppgifter XQ-HEMLIG"
DRAFT_TITLE = "Utkast till beslut XQ-UTKAST"
UNAPPROVED_POINT = "anta riktlinjen XQ-OJUSTERAD"
UNAPPROVED_MATTER = "Ärendet gäller XQ-OJUSTERAT-ÄRENDE"
VOIDED_TITLE = "Felregistrerat ärende XQ-MAKULERAT"


def _get(client, url: str, **params):
    return client.get(url.removeprefix(HOST), params)


def _json(client, url: str, **params):
    return json.loads(_get(client, url, **params).content)


def _all_pages(client, url: str, **params) -> list[dict]:
    pages = [_json(client, url, **params)]
    while "next" in pages[-1]["links"]:
        pages.append(_json(client, pages[-1]["links"]["next"]))
    return pages


def _arrange(out: dict) -> None:
    """The demo, and beside it what must never be published."""
    from uppsikt.cases import services as case_services
    from uppsikt.cases.models import Case
    from uppsikt.meetings import services as meeting_services
    from uppsikt.meetings.models import AgendaItem, MinutesItem
    from uppsikt.organisation.models import Body, Organisation

    load_demo()
    organisation = Organisation.objects.get()
    board = Body.objects.get(organisation=organisation, kind=Body.Kind.BOARD)
    secret = case_services.case_register(
        actor=SYSTEM,
        organisation=organisation,
        body=board,
        title=SECRET_TITLE,
        secret=True,
        secrecy_ground="OSL 21 kap. 3 §",
    )
    public = case_services.case_register(
        actor=SYSTEM, organisation=organisation, body=board, title="Offentligt ärende XQ-ÖPPET"
    )
    draft = case_services.proposal_create(actor=SYSTEM, case=public, title=DRAFT_TITLE)
    item = MinutesItem.objects.filter(approved_at=None).order_by("pk").first()
    meeting_services.item_update(
        actor=SYSTEM,
        item=item,
        version=item.version,
        matter=UNAPPROVED_MATTER,
        decision_points=[UNAPPROVED_POINT],
    )
    # a public case on an approved meeting's agenda, made secret afterwards
    on_agenda = (
        AgendaItem.objects.filter(case__isnull=False, meeting__status="approved")
        .select_related("case")
        .order_by("pk")
        .first()
    )
    hidden = on_agenda.case
    Case.objects.filter(pk=hidden.pk).update(secret=True, secrecy_ground="OSL 19 kap. 1 §")
    voided = case_services.case_register(
        actor=SYSTEM, organisation=organisation, body=board, title=VOIDED_TITLE
    )
    case_services.case_void(actor=SYSTEM, case=voided, reason="Registrerat två gånger.")
    out.update(
        secret=(secret.pk, secret.number),
        public=public.pk,
        draft=draft.pk,
        item=(item.pk, item.agenda_item_id),
        hidden=(hidden.pk, hidden.number, hidden.title, on_agenda.pk),
        voided=voided.pk,
    )


@pytest.fixture(scope="module")
def swept(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.test import Client

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        _arrange(out)
        client = Client()
        out["walk"] = walk(client)
        body = _json(client, _json(client, ROOT)["body"])["data"][0]
        papers = body["paper"]
        out["papers"] = _all_pages(client, papers)
        out["papers_since"] = _all_pages(client, papers, modified_since="2000-01-01T00:00:00")
        out["voided_object"] = _json(client, f"{ROOT}paper/{out['voided']}/")
        memberships = body["membership"]
        out["memberships"] = _all_pages(client, memberships)
        out["memberships_by_3"] = _all_pages(client, memberships, limit="3")
        tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
        out["created_later"] = _json(client, memberships, created_since=tomorrow)
        out["created_until_then"] = _json(client, memberships, created_until=tomorrow)
        out["omitted"] = _json(client, body["meeting"], omit_internal="true")
        out["bad"] = [
            _get(client, memberships, **{name: value}).status_code
            for name, value in [
                ("created_since", "igår"),
                ("modified_until", "2025-13-01"),
                ("limit", "0"),
                ("limit", "-1"),
                ("page", "x"),
                ("omit_internal", "kanske"),
            ]
        ]
        out["not_public"] = [
            (r.status_code, r["Access-Control-Allow-Origin"])
            for r in (
                _get(client, f"{ROOT}paper/{out['secret'][0]}/"),
                _get(client, f"{ROOT}paper/{out['hidden'][0]}/"),
                _get(client, f"{ROOT}proposal/{out['draft']}/"),
                _get(client, f"{ROOT}meeting/999999/"),
            )
        ]
        out["other_body"] = _get(client, f"{ROOT}body/annan-region/").status_code
        out["post"] = client.post(ROOT.removeprefix(HOST)).status_code
        transaction.set_rollback(True)
    return out


def test_the_sweep_finds_no_secret_case_draft_or_unapproved_paragraph(swept):
    w = swept["walk"]
    text = w.text()
    secret_pk, secret_number = swept["secret"]
    hidden_pk, hidden_number, hidden_title, _agenda_pk = swept["hidden"]
    for needle in (
        SECRET_TITLE,
        secret_number,
        f"{ROOT}paper/{secret_pk}/",
        DRAFT_TITLE,
        f"{ROOT}proposal/{swept['draft']}/",
        UNAPPROVED_POINT,
        UNAPPROVED_MATTER,
        hidden_number,
        hidden_title,
        f"{ROOT}paper/{hidden_pk}/",
    ):
        assert needle not in text, needle
    # the public case beside them is there: the sweep reached the papers
    assert f"{ROOT}paper/{swept['public']}/" in w.objects


def test_the_objects_urls_of_what_is_not_public_answer_404(swept):
    assert swept["not_public"] == [(404, "*")] * 4


def test_an_agenda_item_of_a_secret_case_is_only_its_place(swept):
    _pk, _number, _title, agenda_pk = swept["hidden"]
    item = swept["walk"].objects[f"{ROOT}agendaitem/{agenda_pk}/"]
    assert item["name"] == "Ärende som omfattas av sekretess"
    assert item["public"] is False
    assert not {"consultation", "resolutionText", "resolutionFile", "result"} & set(item)
    assert f"{ROOT}consultation/{agenda_pk}/" not in swept["walk"].objects


def test_the_unapproved_paragraphs_agenda_item_has_no_decision(swept):
    _item_pk, agenda_pk = swept["item"]
    item = swept["walk"].objects[f"{ROOT}agendaitem/{agenda_pk}/"]
    assert "resolutionText" not in item and "result" not in item


def test_a_voided_case_is_deleted_and_listed_only_with_modified_since(swept):
    voided = f"{ROOT}paper/{swept['voided']}/"
    listed = [o["id"] for page in swept["papers"] for o in page["data"]]
    since = {o["id"]: o for page in swept["papers_since"] for o in page["data"]}
    assert voided not in listed
    assert since[voided]["deleted"] is True
    assert VOIDED_TITLE not in json.dumps(since[voided], ensure_ascii=False)
    assert swept["voided_object"]["deleted"] is True
    assert set(since) > set(listed)


def test_pages_are_in_a_stable_order_and_together_are_the_whole_list(swept):
    whole = [o["id"] for page in swept["memberships"] for o in page["data"]]
    by_three = swept["memberships_by_3"]
    paged = [o["id"] for page in by_three for o in page["data"]]
    assert paged == whole
    assert len(by_three) == -(-len(whole) // 3) > 1
    assert all(len(page["data"]) == 3 for page in by_three[:-1])
    assert all("next" in page["links"] for page in by_three[:-1])
    assert "next" not in by_three[-1]["links"]
    assert by_three[0]["pagination"]["totalElements"] == len(whole)
    # by primary key, the number at the end of each id
    numbers = [int(url.rstrip("/").rsplit("/", 1)[1]) for url in whole]
    assert numbers == sorted(numbers)


def test_the_created_filters_bound_the_list(swept):
    assert swept["created_later"]["data"] == []
    assert swept["created_later"]["pagination"]["totalElements"] == 0
    assert swept["created_until_then"]["pagination"]["totalElements"] == len(
        [o for page in swept["memberships"] for o in page["data"]]
    )


def test_omit_internal_leaves_the_embedded_objects_out(swept):
    meetings = swept["omitted"]["data"]
    assert meetings
    for m in meetings:
        assert not any(isinstance(v, dict) for v in m.values())
        assert "agendaItem" not in m and "location" not in m
        assert m["type"] == PREFIX + "Meeting"


def test_wrong_parameters_answer_400_another_body_404_and_writes_405(swept):
    assert swept["bad"] == [400] * 6
    assert swept["other_body"] == 404
    assert swept["post"] == 405
