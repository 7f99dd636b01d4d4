"""The secretary's meeting workbench: the agenda ordered from the keyboard, attendance as present
or absent with the deputy serving for whom, approvers chosen among those present, true status
names, clear button texts, who received the summons, and the minutes' signature block."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from conftest import require
from uppsikt.cases import services as case_services
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import docx as docx_writer
from uppsikt.documents import html as html_writer
from uppsikt.documents import pdf as pdf_writer
from uppsikt.documents import render
from uppsikt.meetings import documents, selectors, services
from uppsikt.meetings.models import Attendance, FloorMotion, Meeting, SummonsRecipient
from uppsikt.organisation.models import Role
from uppsikt.organisation.services import account_create
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db


def _planned(c, titles=("Punkt A", "Punkt B", "Punkt C")) -> Meeting:
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    for t in titles:
        services.agenda_add(actor=c.secretary, meeting=m, title=t)
    return m


def _titles(m: Meeting) -> list[str]:
    return [a.title for a in m.agenda.order_by("position", "pk")]


def _move(client, m: Meeting, title: str, direction: str, order: list[int] | None = None):
    item = m.agenda.get(title=title)
    order = selectors.agenda_order(meeting=m) if order is None else order
    return client.post(
        reverse("meetings:meeting_agenda_move", args=[m.pk]),
        {"agenda_item": item.pk, "direction": direction, "order": ",".join(map(str, order))},
    )


# --- the agenda, reordered ----------------------------------------------------------------------


def test_the_up_button_moves_an_item_one_place_up_and_renumbers_the_agenda(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    response = _move(client, m, "Punkt C", "up")
    assert response.status_code == 302
    # A, B, C with C moved one place up: A, C, B, at positions 1, 2, 3
    assert _titles(m) == ["Punkt A", "Punkt C", "Punkt B"]
    assert list(m.agenda.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_the_down_button_moves_an_item_one_place_down(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    _move(client, m, "Punkt A", "down")
    assert _titles(m) == ["Punkt B", "Punkt A", "Punkt C"]


def test_a_move_made_on_an_agenda_changed_meanwhile_is_refused(client):
    c = factories.committee()
    m = _planned(c)
    seen = selectors.agenda_order(meeting=m)
    services.agenda_add(actor=c.secretary, meeting=m, title="Punkt D")  # someone else adds one
    client.force_login(c.secretary)
    response = _move(client, m, "Punkt C", "up", order=seen)
    assert response.status_code == 302
    assert _titles(m) == ["Punkt A", "Punkt B", "Punkt C", "Punkt D"]
    page = client.get(m.get_absolute_url()).content.decode()
    assert "har ändrats av någon annan" in page


def test_the_first_item_cannot_move_up():
    c = factories.committee()
    m = _planned(c)
    first = m.agenda.get(title="Punkt A")
    with pytest.raises(DomainError):
        services.agenda_move(
            actor=c.secretary,
            agenda_item=first,
            offset=-1,
            seen_order=selectors.agenda_order(meeting=m),
        )
    assert _titles(m) == ["Punkt A", "Punkt B", "Punkt C"]


def test_a_drop_moves_an_item_several_places_at_once(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    item = m.agenda.get(title="Punkt C")
    client.post(
        reverse("meetings:meeting_agenda_move", args=[m.pk]),
        {
            "agenda_item": item.pk,
            "offset": "-2",
            "order": ",".join(map(str, selectors.agenda_order(meeting=m))),
        },
    )
    assert _titles(m) == ["Punkt C", "Punkt A", "Punkt B"]


def test_a_secretary_of_another_body_cannot_reorder_the_agenda(client):
    c = factories.committee()
    m = _planned(c)
    other_body = org.body(c.organisation, "DNRS", name="Driftnämnden Regionservice")
    other = account_create(actor=SYSTEM, username="sekr-dnrs", password="korrekt-hast-batteri")
    org.grant(other, Role.SECRETARY, c.organisation, body=other_body)
    client.force_login(other)
    _move(client, m, "Punkt C", "up")
    assert _titles(m) == ["Punkt A", "Punkt B", "Punkt C"]
    with pytest.raises(NotPermitted):
        services.agenda_move(
            actor=other,
            agenda_item=m.agenda.get(title="Punkt C"),
            offset=-1,
            seen_order=selectors.agenda_order(meeting=m),
        )


def test_the_agenda_of_a_held_meeting_cannot_be_reordered():
    c = factories.committee()
    m = factories.held_meeting(c)
    second = m.agenda.get(title="Punkt B")
    with pytest.raises(DomainError):
        services.agenda_move(
            actor=c.secretary,
            agenda_item=second,
            offset=-1,
            seen_order=selectors.agenda_order(meeting=m),
        )


def test_the_meeting_page_has_up_and_down_buttons_for_the_agenda(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    html = client.get(m.get_absolute_url()).content.decode()
    # three items: the first has only Ned, the last only Upp, the middle both
    assert html.count('name="direction" value="up"') == 2
    assert html.count('name="direction" value="down"') == 2
    assert "meetings/js/agenda.js" in html
    assert "<script>" not in html  # no inline script under the CSP


# --- attendance ---------------------------------------------------------------------------------


def _attendance_post(c, m, absent=(), serves=None):
    data = {}
    for a in m.attendance.all():
        data[f"att-{a.person_id}"] = "absent" if a.person_id in absent else "present"
    for deputy, member in (serves or {}).items():
        data[f"serves-{deputy}"] = str(member)
    return data


def test_the_attendance_table_records_present_and_absent_and_the_first_deputy_serves(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    sam = c.members[4]
    response = client.post(
        reverse("meetings:meeting_attendance", args=[m.pk]),
        _attendance_post(c, m, absent={sam.pk}),
    )
    assert response.status_code == 302
    rows = {a.person_id: a for a in m.attendance.all()}
    assert not rows[sam.pk].present
    assert all(rows[p.pk].present for p in c.members[:4])
    # Dana is the first deputy, so she serves for the one absent member; Eli does not serve
    assert rows[c.deputies[0].pk].serving_for_id == sam.pk
    assert rows[c.deputies[1].pk].serving_for_id is None


def test_the_secretary_may_choose_which_deputy_serves_for_an_absent_member(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    sam = c.members[4]
    client.post(
        reverse("meetings:meeting_attendance", args=[m.pk]),
        _attendance_post(c, m, absent={sam.pk}, serves={c.deputies[1].pk: sam.pk}),
    )
    rows = {a.person_id: a for a in m.attendance.all()}
    assert rows[c.deputies[1].pk].serving_for_id == sam.pk
    assert rows[c.deputies[0].pk].serving_for_id is None
    page = client.get(m.get_absolute_url()).content.decode()
    assert f"Ersätts av {c.deputies[1].full_name}" in page


def test_a_deputy_cannot_be_chosen_to_serve_for_a_member_who_is_present(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    bo = c.members[2]
    client.post(
        reverse("meetings:meeting_attendance", args=[m.pk]),
        _attendance_post(c, m, serves={c.deputies[0].pk: bo.pk}),
    )
    assert not m.attendance.filter(serving_for__isnull=False).exists()
    assert not m.attendance.filter(present=True).exists()  # nothing saved
    page = client.get(m.get_absolute_url()).content.decode()
    assert "bara tjänstgöra för en ledamot som är frånvarande" in page


def test_an_attendance_value_other_than_present_or_absent_is_refused(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    client.post(
        reverse("meetings:meeting_attendance", args=[m.pk]), {f"att-{c.members[0].pk}": "maybe"}
    )
    assert not m.attendance.filter(present=True).exists()


def test_the_attendance_table_has_a_present_and_an_absent_radio_for_each_person(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    html = client.get(m.get_absolute_url()).content.decode()
    # five members and two deputies: seven pairs of radios
    assert html.count('type="radio"') == 14
    assert f'name="serves-{c.deputies[0].pk}"' in html


def test_the_attendance_of_approved_minutes_reads_as_recorded(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    sam = c.members[4]
    client.post(
        reverse("meetings:meeting_attendance", args=[m.pk]),
        _attendance_post(c, m, absent={sam.pk}),
    )
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.APPROVED)
    html = client.get(m.get_absolute_url()).content.decode()
    start = html.index('<table class="data" id="attendance">')
    table = html[start : html.index("</table>", start)]
    assert 'type="radio"' not in table and "<select" not in table
    rows = {
        name: row
        for row in table.split("<tr>")[2:]
        for name in [row[row.index(">") + 1 : row.index("</th>")]]
    }
    dana = c.deputies[0]
    # Sam is absent and replaced by Dana, the first deputy, who serves for him
    assert rows[sam.full_name].count("<td>Ja</td>") == 1
    assert f"Ersätts av {dana.full_name}" in rows[sam.full_name]
    assert f"<td>{sam.full_name}</td>" in rows[dana.full_name]
    assert rows[c.members[0].full_name].count("<td>Ja</td>") == 1


# --- approvers ----------------------------------------------------------------------------------


def test_approvers_are_chosen_with_checkboxes_among_those_present(client):
    c = factories.committee()
    m = _planned(c)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members[:4]])
    client.force_login(c.secretary)
    html = client.get(m.get_absolute_url()).content.decode()
    assert 'multiple size="4"' not in html
    assert f'id="approver-{c.members[1].pk}"' in html
    assert f'id="approver-{c.members[4].pk}"' not in html  # Sam is absent
    client.post(
        reverse("meetings:meeting_approvers", args=[m.pk]),
        {"chair": c.members[0].pk, "approvers": [c.members[1].pk, c.members[2].pk]},
    )
    assert set(m.approvers.values_list("pk", flat=True)) == {c.members[1].pk, c.members[2].pk}


def test_an_absent_member_cannot_be_an_approver():
    c = factories.committee()
    m = _planned(c)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members[:4]])
    with pytest.raises(DomainError, match="inte närvarande"):
        services.meeting_set_approvers(
            actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[4]]
        )


def test_the_secretary_of_the_minutes_is_chosen_with_the_approvers(client):
    c = factories.committee()
    m = _planned(c)
    kanslist = org.person(c.organisation, "Karin", "Kanslist", title="Nämndsekreterare")
    services.attendance_record(
        actor=c.secretary, meeting=m, present=[p.pk for p in c.members], officials=[kanslist]
    )
    client.force_login(c.secretary)
    client.post(
        reverse("meetings:meeting_approvers", args=[m.pk]),
        {"chair": c.members[0].pk, "approvers": [c.members[1].pk], "secretary": kanslist.pk},
    )
    m.refresh_from_db()
    assert m.secretary == kanslist


# --- status names -------------------------------------------------------------------------------


def test_the_status_names_say_what_has_happened():
    labels = dict(Meeting.Status.choices)
    assert labels == {
        "planned": "Planerat",
        "summoned": "Kallat",
        "held": "Genomfört",
        "approved": "Justerat",
    }


def test_a_planned_meeting_is_not_called_held(client):
    c = factories.committee()
    m = _planned(c)
    client.force_login(c.secretary)
    html = client.get(m.get_absolute_url()).content.decode()
    assert '<dd id="meeting-status">Planerat</dd>' in html
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_hold(actor=c.secretary, meeting=m)
    html = client.get(m.get_absolute_url()).content.decode()
    assert '<dd id="meeting-status">Genomfört</dd>' in html


# --- the § page ---------------------------------------------------------------------------------


def test_a_motion_is_withdrawn_with_the_button_aterta_yrkandet(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    services.motion_add(
        actor=c.secretary, item=item, person=c.members[2], kind=FloorMotion.Kind.REJECT
    )
    client.force_login(c.secretary)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Återta yrkandet" in html
    assert ">Återtaget<" not in html
    motion = item.motions.get()
    client.post(reverse("meetings:item_motion_withdraw", args=[item.pk]), {"motion": motion.pk})
    motion.refresh_from_db()
    assert motion.withdrawn
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Återta yrkandet" not in html
    assert "(återtaget)" in html


def test_two_secretaries_saving_the_same_item_the_second_gets_a_conflict():
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    second = account_create(actor=SYSTEM, username="sekr-2", password="korrekt-hast-batteri")
    org.grant(second, Role.SECRETARY, c.organisation, body=c.board)
    first_client, second_client = Client(), Client()
    first_client.force_login(c.secretary)
    second_client.force_login(second)
    url = reverse("meetings:item_update", args=[item.pk])
    opened = {"version": str(item.version), "decision_intro": "Arbetsutskottet beslutar att"}
    assert first_client.post(url, {**opened, "procedure": "den förstas"}).status_code == 302
    response = second_client.post(url, {**opened, "procedure": "den andras"})
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.procedure == "den förstas"


def test_the_item_editor_shows_help_text_under_its_labels(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    client.force_login(c.secretary)
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'id="i-decision_points_helptext"' in html
    assert html.index("Inledning till beslutet") < html.index("Beslut, en punkt per rad")


# --- the summons --------------------------------------------------------------------------------


def test_the_summons_records_who_received_it_and_when(client, django_capture_on_commit_callbacks):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m = _planned(c)
    with django_capture_on_commit_callbacks(execute=True):
        services.summons_send(actor=c.secretary, meeting=m)
    m.refresh_from_db()
    rows = list(SummonsRecipient.objects.filter(meeting=m))
    # the five members have addresses; the two deputies none, so they are not recorded
    assert sorted(r.person_id for r in rows) == sorted(p.pk for p in c.members)
    assert {r.sent_at for r in rows} == {m.summons_sent_at}
    assert {r.email for r in rows} == {p.email for p in c.members}
    client.force_login(c.secretary)
    html = client.get(m.get_absolute_url()).content.decode()
    assert 'id="summons-recipients"' in html
    assert c.members[3].full_name in html


def _final_proposal(c) -> DecisionProposal:
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Översyn förvaltningarnas stabsfunktioner",
        registered_on=dt.date(2025, 9, 1),
    )
    return DecisionProposal.objects.create(
        case=case,
        body=c.body,
        status=DecisionProposal.Status.FINAL,
        date=dt.date(2025, 9, 20),
        title="Översyn förvaltningarnas stabsfunktioner",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=["lägga redovisningen till handlingarna."],
        summary="Regionkontoret fick i uppdrag att kartlägga förvaltningarna.",
        background="Regionstyrelsen leder och samordnar förvaltningen.",
        considerations="Resurserna för stabsarbete har ökat.",
        economic_consequences="Förslaget ger inga ekonomiska konsekvenser.",
        attachments=["Dialogunderlag Regionservice", "Enkätsammanställning"],
    )


def test_the_summons_holds_the_whole_proposal_and_the_list_of_its_attachments():
    c = factories.committee()
    m = _planned(c, titles=())
    services.agenda_add(actor=c.secretary, meeting=m, proposal=_final_proposal(c))
    text = docx_writer.text_of(render.render(documents.summons_document(m), "docx"))
    lines = text.splitlines()
    for heading in (
        "Sammanfattning",
        "Bakgrund",
        "Övervägande",
        "Ekonomiska konsekvenser av beslutet",
        "Bilagor",
    ):
        assert heading in lines
    assert "Regionstyrelsen leder och samordnar förvaltningen." in lines
    assert lines[lines.index("Bilagor") + 1 :][:2] == [
        "Dialogunderlag Regionservice",
        "Enkätsammanställning",
    ]


# --- the minutes document -----------------------------------------------------------------------


def _minutes_meeting(c) -> Meeting:
    m = _planned(c, titles=("Punkt A",))
    kanslist = org.person(c.organisation, "Karin", "Kanslist", title="Nämndsekreterare")
    # Sam (SD) is absent; Dana, the first deputy, serves for him
    services.attendance_record(
        actor=c.secretary,
        meeting=m,
        present=[p.pk for p in c.members[:4]] + [c.deputies[0].pk],
        officials=[kanslist],
    )
    services.meeting_set_approvers(
        actor=c.secretary,
        meeting=m,
        chair=c.members[0],
        approvers=[c.members[1], c.members[2]],
        secretary=kanslist,
    )
    services.meeting_hold(actor=c.secretary, meeting=m)
    m.refresh_from_db()
    return m


def test_the_minutes_end_with_the_signatures_of_secretary_chair_and_two_approvers_side_by_side():
    import docx

    c = factories.committee()
    m = _minutes_meeting(c)
    data = render.render(documents.minutes_document(m), "docx")
    d = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for t in d.tables for row in t.rows]
    # sekreterare beside ordförande; the two approvers, Ann Vice and Bo Moderat, beside each other
    assert ["Sekreterare", "Ordförande"] in rows
    assert ["Karin Kanslist", "Mikaela Waltersson"] in rows
    assert ["Justerare", "Justerare"] in rows
    assert ["Bo Moderat", "Ann Vice"] in rows  # by last name: Moderat before Vice
    text = docx_writer.text_of(data)
    assert "Sekreterare: Karin Kanslist." in text


def test_the_minutes_list_the_absent_members_and_who_replaced_them():
    c = factories.committee()
    m = _minutes_meeting(c)
    text = docx_writer.text_of(render.render(documents.minutes_document(m), "docx"))
    assert "Frånvarande" in text
    assert "Sam Sverigedemokrat\tSD\tLedamot\tersätts av Dana Deputy" in text
    # Eli, the second deputy, is absent too
    assert "Eli Ersattare" in text.split("Frånvarande", 1)[1]


def test_the_extracts_signature_lines_are_kept_together_and_with_the_line_before():
    import docx
    from docx.oxml.ns import qn

    c = factories.committee()
    m = _minutes_meeting(c)
    item = selectors.item_full(item=m.items.get())
    doc = documents.extract_document(item)
    signatures = [s for s in doc.walk() if s.title == "Underskrifter"]
    assert len(signatures) == 1 and signatures[0].keep_together
    assert 'class="doc-section doc-level-2 doc-keep"' in html_writer.fragment(doc)
    d = docx.Document(io.BytesIO(render.render(doc, "docx")))
    body = list(d.element.body.iterchildren())
    heading = next(
        i
        for i, el in enumerate(body)
        if el.tag == qn("w:p")
        and "Underskrifter" in "".join(t.text or "" for t in el.iter(qn("w:t")))
    )
    # the paragraph before the block keeps with it, and so do the block's own lines but its last
    before = [el for el in body[:heading] if el.tag == qn("w:p")][-1]
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    block = [el for el in body[heading:] if el.tag == qn("w:p")]
    assert len(block) >= 2
    # (the heading keeps with the next line by its style)
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in block[1:-1])
    # the signature lines themselves are in every page's footer (002)
    [footer_table] = d.sections[0].footer.tables
    assert [cell.text for cell in footer_table.rows[0].cells] == [
        "_____ Ordförandes sign",
        "_____ Justerares sign",
        "_____ Utdragsbestyrkande",
    ]


def test_a_pdf_of_the_minutes_reads_back_with_the_signature_block():
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    from pypdf import PdfReader

    c = factories.committee()
    m = _minutes_meeting(c)
    content = render.render(documents.minutes_document(m), "pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    text = "\n".join(pages)
    assert "Underskrifter" in text
    assert "Karin Kanslist" in text
    assert "Frånvarande" in text
    # the block is not alone on its page: the last § ends on the same page
    last = next(page for page in pages if "Underskrifter" in page)
    assert "Punkt A" in last


def test_the_minutes_signature_block_starts_no_page_of_its_own_in_docx():
    import docx
    from docx.oxml.ns import qn

    c = factories.committee()
    m = _minutes_meeting(c)
    d = docx.Document(io.BytesIO(render.render(documents.minutes_document(m), "docx")))
    body = [el for el in d.element.body.iterchildren() if el.tag == qn("w:p")]
    heading = next(
        i
        for i, el in enumerate(body)
        if "".join(t.text or "" for t in el.iter(qn("w:t"))) == "Underskrifter"
    )
    before = body[heading - 1]
    assert before.find(f".//{qn('w:br')}") is None  # no page break just before the block
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def test_attendance_rows_keep_their_role():
    # the deputy's role stays a deputy whoever she serves for
    c = factories.committee()
    m = _minutes_meeting(c)
    dana = m.attendance.get(person=c.deputies[0])
    assert dana.role == Attendance.Role.DEPUTY and dana.serves
