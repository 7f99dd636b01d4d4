"""The dialogue pages as a person uses them: create the autumn dialogue, write a slide as the
committee's administration, generate the brief, keep the notes. The views are thin: these check
that a form reaches its service and that a refusal is shown, not a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.dialogues import forms
from uppsikt.dialogues.models import Dialogue, DialogueNotes

pytestmark = pytest.mark.django_db


def test_text_is_written_as_paragraphs_and_bullets_and_shown_back_the_same():
    text = "Inledning\nfortsätter\n- punkt ett\n- punkt två\n\n**Fet rad**"
    html = forms.text_to_html(text)
    assert html == (
        "<p>Inledning fortsätter</p><ul><li>punkt ett</li><li>punkt två</li></ul>"
        "<p><strong>Fet rad</strong></p>"
    )
    assert (
        forms.html_to_text(html) == "Inledning fortsätter\n- punkt ett\n- punkt två\n\n**Fet rad**"
    )


def test_text_is_escaped_before_it_is_stored():
    assert forms.text_to_html("<b>x</b> & y") == "<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"


def test_the_boards_secretary_creates_the_autumn_dialogue_in_the_browser(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("dialogues:create"),
        {
            "overseer": world.rsau.pk,
            "committee": world.dnrs.pk,
            "year": 2025,
            "number": 2,
            "date": "2025-10-14",
            "guests": [world.rshu.pk],
            "register": "on",
        },
    )
    d = Dialogue.objects.get()
    assert response.status_code == 302 and response["Location"] == d.get_absolute_url()
    assert d.proposal is not None and list(d.guests.all()) == [world.rshu]
    page = client.get(d.get_absolute_url()).content.decode()
    assert "Nämndsdialog #2 2025" in page and "Skapa dialogunderlaget" in page


def test_a_refused_create_is_shown_on_the_form(client, world):
    world.dialogue()
    client.force_login(world.secretary)
    response = client.post(
        reverse("dialogues:create"),
        {
            "overseer": world.rsau.pk,
            "committee": world.dnrs.pk,
            "year": 2025,
            "number": 2,
            "date": "2025-10-14",
        },
    )
    assert response.status_code == 200
    assert "redan nämndsdialog 2025-2" in response.content.decode()
    assert Dialogue.objects.count() == 1


def test_the_administration_writes_its_slide_in_the_browser(client, world):
    d = world.dialogue()
    row = d.texts.get(key="challenges")
    client.force_login(world.approver)
    url = reverse("dialogues:text", args=[d.pk, "challenges"])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(
        url,
        {
            "version": row.version,
            "title": "Utmaningar och framgångsfaktorer",
            "text": "- Gasa och bromsa – samtidigt\n- Kompetensbehov",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.text == "<ul><li>Gasa och bromsa – samtidigt</li><li>Kompetensbehov</li></ul>"


def test_another_administration_gets_no_slide_form(client, world):
    d = world.dialogue()
    client.force_login(world.approver_elsewhere)
    assert client.get(reverse("dialogues:text", args=[d.pk, "challenges"])).status_code == 403


def test_the_brief_is_generated_and_registered_from_the_dialogue_page(client, world):
    d = world.dialogue(register=True)
    client.force_login(world.secretary)
    response = client.post(reverse("reports:dialogue_brief_generate", args=[d.pk]))
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == Dialogue.State.BRIEF
    pptx = client.get(reverse("reports:dialogue_brief_file", args=[d.pk, "pptx"]))
    assert pptx.status_code == 200 and pptx.content[:2] == b"PK"
    assert "Namndsdialog-2-2025" in pptx["Content-Disposition"]  # an ASCII file name
    preview = client.get(reverse("reports:dialogue_brief", args=[d.pk])).content.decode()
    assert "Medarbetare – personalomsättning" in preview


def test_the_notes_are_kept_in_the_browser(client, world):
    client.force_login(world.secretary)
    response = client.post(
        reverse("dialogues:notes_create"),
        {
            "overseer": world.rs.pk,
            "committee": world.dnks.pk,
            "management_group": "Kultur och skolas ledningsgrupp",
            "date": "2017-06-19",
        },
    )
    notes = DialogueNotes.objects.get()
    assert response["Location"] == notes.get_absolute_url()
    client.post(
        reverse("dialogues:notes_question_add", args=[notes.pk]),
        {"version": notes.version, "question": "Hur arbetar ni med LEAN?"},
    )
    notes.refresh_from_db()
    client.post(
        reverse("dialogues:notes_attendee_add", args=[notes.pk]),
        {"version": notes.version, "name": "Elin Lemon", "by_phone": "on", "side": "board"},
    )
    notes.refresh_from_db()
    question = notes.questions.get()
    client.post(
        reverse("dialogues:notes_answer", args=[notes.pk, question.pk]),
        {"version": notes.version, "answer": "Det handlar om:\n- Kompetensväxlingar"},
    )
    question.refresh_from_db()
    assert question.answer == "<p>Det handlar om:</p><ul><li>Kompetensväxlingar</li></ul>"
    docx = client.get(reverse("dialogues:notes_file", args=[notes.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from uppsikt.documents.docx import text_of

    text = text_of(docx.content)
    assert "Elin Lemon (på telefon)" in text and "Hur arbetar ni med LEAN?" in text
    assert notes.date == dt.date(2017, 6, 19)


def test_the_oversight_overview_lists_the_committees_in_scope(client, world):
    world.dialogue()

    def table(user) -> str:
        client.force_login(user)
        page = client.get(reverse("reports:oversight")).content.decode()
        return page.split('id="oversight"')[1].split("</table>")[0]

    rows = table(world.member)
    assert "Driftnämnden Regionservice" in rows and "Driftnämnden Kultur och skola" in rows
    rows = table(world.approver)
    assert "Driftnämnden Regionservice" in rows and "Driftnämnden Kultur och skola" not in rows


def test_an_administrator_replaces_the_slide_template_and_the_brief_is_written_from_it(
    client, world
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from uppsikt.documents import pptx
    from uppsikt.documents.models import DocumentTemplate, RenderedDocument
    from uppsikt.organisation.models import Role

    admin = world._user("admin", Role.ADMINISTRATOR)
    client.force_login(admin)
    upload = SimpleUploadedFile("region.pptx", pptx.default_template())
    response = client.post(reverse("reports:slides_template"), {"template": upload})
    assert response.status_code == 302
    # the organisation's slide-deck template, beside (not instead of) its .docx template
    template = DocumentTemplate.objects.get(scope__endswith="/pptx", active=True)
    assert template.scope == pptx.deck_scope(str(world.org.pk))
    assert not DocumentTemplate.objects.exclude(scope__endswith="/pptx").exists()
    d = world.dialogue()
    client.get(reverse("reports:dialogue_brief_file", args=[d.pk, "pptx"]))
    kept = RenderedDocument.objects.get(kind="dialogue", format="pptx")
    assert kept.data_version.split("-")[1] == template.checksum[:8]
    not_a_deck = SimpleUploadedFile("mall.pptx", b"PK\x03\x04 not a deck")
    client.post(reverse("reports:slides_template"), {"template": not_a_deck})
    assert DocumentTemplate.objects.get(scope=template.scope, active=True) == template


def test_the_dialogue_is_written_in_the_committees_dialogue_case_over_the_years(client, world):
    first = world.dialogue(number=1, actor=world.secretary, register=True)
    client.force_login(world.secretary)
    client.post(
        reverse("dialogues:create"),
        {
            "overseer": world.rsau.pk,
            "committee": world.dnrs.pk,
            "year": 2025,
            "number": 2,
            "date": "2025-10-14",
            "case_number": first.case.number.lower(),
        },
    )
    autumn = Dialogue.objects.get(number=2)
    assert autumn.case == first.case
    assert autumn.proposal.title.endswith("hösten 2025")
    assert first.case.proposals.count() == 2
