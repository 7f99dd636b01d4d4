"""The register's pages: registering, uploading, writing and finalising a proposal, searching,
and secrecy on the screen, in the export and on file download."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uppsikt.cases import services
from uppsikt.cases.models import AssessmentTemplate, Case, DecisionProposal, Record

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def r(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return factories.region()


def _case_post(r, **extra):
    data = {
        "body": r.rs.pk,
        "title": "Barnrättsstrategi för Region Halland",
        "kind": "ordinary",
        "unit": r.rk_kan.pk,
        "officer": r.officer.pk,
        "registered_on": "",
        "number": "",
    }
    data.update(extra)
    return data


def test_a_case_officer_registers_a_case_and_an_incoming_letter_with_its_file(client, r):
    client.force_login(r.officer_user)
    response = client.post(reverse("cases:case_create"), _case_post(r))
    case = Case.objects.get()
    year = dt.date.today().year % 100
    assert case.number == f"RS{year:02d}0001"
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    response = client.post(
        reverse("cases:record_create", args=[case.number]),
        {
            "kind": "incoming",
            "date": "2024-03-01",
            "counterpart": "Barnombudsmannen",
            "description": "Skrivelse om barnrättsarbetet",
            "files": [factories.pdf("skrivelse.pdf")],
        },
    )
    assert response.status_code == 302
    record = Record.objects.get()
    assert (record.number, record.files.get().name) == (f"{case.number}-1", "skrivelse.pdf")
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Skrivelse om barnrättsarbetet" in html and "skrivelse.pdf" in html


def test_a_typed_number_that_breaks_the_series_is_refused_with_a_message(client, r):
    factories.case(r, registered_on=dt.date(2021, 11, 9), number="RS211123")
    client.force_login(r.secretary)
    response = client.post(
        reverse("cases:case_create"),
        _case_post(r, registered_on="2021-11-10", number="RS211100"),
    )
    assert response.status_code == 200
    assert "bryter serien: senast tagna nummer är RS211123" in response.content.decode()
    assert Case.objects.count() == 1


def test_a_forbidden_upload_is_refused_with_a_message_and_nothing_registered(client, r):
    case = factories.case(r)
    client.force_login(r.officer_user)
    response = client.post(
        reverse("cases:record_create", args=[case.number]),
        {
            "kind": "incoming",
            "date": "2024-03-01",
            "counterpart": "X",
            "description": "Makro",
            "files": [SimpleUploadedFile("makro.exe", b"MZ\x90\x00")],
        },
    )
    assert response.status_code == 200
    assert "Filtypen .exe är inte tillåten här" in response.content.decode()
    assert Record.objects.count() == 0


def test_the_proposal_is_written_assessed_and_finalised_in_the_browser_forms(client, r):
    case = factories.case(r)
    basis = factories.record(case, "Underlag", kind="drawn_up", counterpart="")
    client.force_login(r.officer_user)
    response = client.post(
        reverse("cases:proposal_create", args=[case.number]),
        {"title": "Översyn förvaltningarnas stabsfunktioner", "body": r.rsau.pk},
    )
    p = DecisionProposal.objects.get()
    assert response["Location"] == reverse("cases:proposal_edit", args=[p.pk])
    # finalising too early is refused with what is missing
    response = client.post(
        reverse("cases:proposal_status", args=[p.pk]), {"to": "final"}, follow=True
    )
    assert "Det saknas: Förslag till beslut; Sammanfattning" in response.content.decode()
    response = client.post(
        reverse("cases:proposal_edit", args=[p.pk]),
        {
            "version": p.version,
            "title": p.title,
            "date": "2023-09-20",
            "decision_intro": "Arbetsutskottet beslutar att",
            "decision_points": "- lägga redovisningen till handlingarna.\n\n- anteckna detta.",
            "summary": "Sammanfattningen.",
            "economic_consequences": "Inga.",
            "basis": [basis.pk],
            "dispatch_to": "Förvaltningsledningarna",
            "signatories": [r.officer.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    p.refresh_from_db()
    assert p.decision_points == ["lägga redovisningen till handlingarna.", "anteckna detta."]
    for code in ("child_rights", "gender_equality"):
        p.refresh_from_db()  # each saved assessment is a new version of the proposal
        response = client.post(
            reverse("cases:impact_assessment", args=[p.pk, code]),
            {
                "version": p.version,
                "affected": "no",
                "not_affected_reason": "inga barn eller grupper berörs",
            },
        )
        assert response.status_code == 302
    client.post(reverse("cases:proposal_status", args=[p.pk]), {"to": "final"})
    p.refresh_from_db()
    assert p.status == "final"
    html = client.get(p.get_absolute_url()).content.decode()
    assert "utifrån ett könsperspektiv. Inga barn eller grupper berörs." in html
    assert "Styrelsens/nämndens beslut delges" in html


def test_an_impact_assessment_without_a_choice_is_refused(client, r):
    case = factories.case(r)
    client.force_login(r.officer_user)
    client.post(
        reverse("cases:proposal_create", args=[case.number]), {"title": "T", "body": r.rs.pk}
    )
    p = DecisionProposal.objects.get()
    response = client.post(reverse("cases:impact_assessment", args=[p.pk, "child_rights"]), {})
    assert response.status_code == 200
    assert not p.impact_assessments.exists()
    assert AssessmentTemplate.objects.filter(organisation=r.organisation).count() == 2


def test_a_secretary_finds_the_proposal_by_full_text_search(client, r):
    from uppsikt.cases import services

    case = factories.case(r, "Ärende utan sökordet")
    p = services.proposal_create(actor=r.officer_user, case=case, title="Stabsfunktioner")
    services.proposal_update(
        actor=r.officer_user, proposal=p, summary="Genomlysning av kapaciteter"
    )
    client.force_login(r.secretary)
    html = client.get(reverse("cases:index"), {"q": "genomlysning"}).content.decode()
    assert "1 träff på ”genomlysning”" in html and p.get_absolute_url() in html


def test_a_reader_sees_a_secret_record_exists_but_not_what_it_withholds(client, r):
    case = factories.case(r, "Upphandling")
    rec = factories.record(
        case,
        "Läkarintyg",
        counterpart="Vårdcentralen Nord",
        secret=True,
        secrecy_ground="OSL 21 kap. 1 §",
        files=[factories.pdf("intyg.pdf")],
    )
    client.force_login(r.reader)
    for url in (case.get_absolute_url(), rec.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "RS240001-1" in html and "OSL 21 kap. 1 §" in html
        assert "Läkarintyg" not in html and "Vårdcentralen" not in html and "intyg.pdf" not in html
    csv = client.get(reverse("cases:export")).content.decode()
    assert "RS240001-1" in csv and "Läkarintyg" not in csv
    file_url = reverse("cases:record_file", args=[case.number, 1, rec.files.get().pk])
    assert client.get(file_url).status_code == 403
    client.force_login(r.officer_user)
    response = client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PDF


def test_an_administrator_adds_a_question_to_the_child_rights_impact_assessment(client, r):
    client.force_login(r.admin)
    assert client.get(reverse("cases:questions")).status_code == 200
    child = AssessmentTemplate.objects.get(organisation=r.organisation, code="child_rights")
    response = client.post(
        reverse("cases:questions"),
        {
            "template": child.pk,
            f"new{child.pk}-text": "Hur har barnombudet yttrat sig?",
            f"new{child.pk}-is_active": "on",
        },
    )
    assert response.status_code == 302
    assert child.questions.order_by("position").last().text == "Hur har barnombudet yttrat sig?"
    client.force_login(r.secretary)
    assert client.get(reverse("cases:questions")).status_code == 403


def test_the_register_search_answers_htmx_with_the_results_only(client, r):
    factories.case(r, "Lokalvård på sjukhusen")
    client.force_login(r.reader)
    html = client.get(
        reverse("cases:index"), {"q": "lokalvård"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<h1>" not in html and "1 träff på ”lokalvård”" in html


def test_the_officer_marks_a_case_secret_afterwards_and_the_reader_loses_its_title(client, r):
    case = factories.case(r, "Tvist med leverantör")
    client.force_login(r.officer_user)
    response = client.post(
        reverse("cases:case_edit", args=[case.number]),
        {"version": case.version, "title": case.title, "secret": "on", "secrecy_ground": ""},
    )
    assert "Ange sekretessgrunden" in response.content.decode()
    response = client.post(
        reverse("cases:case_edit", args=[case.number]),
        {
            "version": case.version,
            "title": case.title,
            "secret": "on",
            "secrecy_ground": "OSL 19 kap. 1 §",
        },
    )
    assert response.status_code == 302
    client.force_login(r.reader)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Tvist med leverantör" not in html and "OSL 19 kap. 1 §" in html


def test_a_record_is_marked_secret_from_its_page(client, r):
    case = factories.case(r)
    rec = factories.record(case, "Läkarintyg")
    client.force_login(r.secretary)
    client.post(
        reverse("cases:record_secrecy", args=[case.number, rec.sequence]),
        {"version": rec.version, "secret": "on", "secrecy_ground": "OSL 21 kap. 1 §"},
    )
    rec.refresh_from_db()
    assert (rec.secret, rec.secrecy_ground) == (True, "OSL 21 kap. 1 §")
    client.force_login(r.reader)
    assert "Läkarintyg" not in client.get(rec.get_absolute_url()).content.decode()


def test_a_case_is_closed_reopened_and_voided_each_by_its_own_action(client, r):
    case = factories.case(r)
    client.force_login(r.officer_user)
    response = client.post(reverse("cases:case_close", args=[case.number]), follow=True)
    assert "Ärendet är avslutat." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    client.post(reverse("cases:case_reopen", args=[case.number]))
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    # voiding without a reason is refused by the service, with its message
    void = reverse("cases:case_void", args=[case.number])
    response = client.post(void, {"reason": " "}, follow=True)
    assert "Ange varför registreringen makuleras." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    client.post(void, {"reason": "Registrerat två gånger"})
    case.refresh_from_db()
    assert case.status == Case.Status.VOIDED


def test_a_council_motion_is_moved_to_its_next_step_from_its_page(client, r):
    case = factories.case(
        r, "Motion om fria resor för barn", kind=Case.Kind.COUNCIL_MOTION, submitted_by="Anna Berg"
    )
    client.force_login(r.officer_user)
    response = client.post(reverse("cases:case_advance", args=[case.number]), follow=True)
    assert "Ärendet har gått vidare till nästa steg." in response.content.decode()
    case.refresh_from_db()
    assert case.path_step == "referred"


def test_an_unknown_proposal_status_is_refused_with_a_message(client, r):
    case = factories.case(r)
    client.force_login(r.officer_user)
    proposal = services.proposal_create(actor=r.officer_user, case=case, title="Strategi")
    url = reverse("cases:proposal_status", args=[proposal.pk])
    response = client.post(url, {"to": "adopted"}, follow=True)
    assert "Okänd statusändring." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == DecisionProposal.Status.DRAFT


def test_a_file_is_attached_to_a_registered_record_and_a_bad_one_refused(client, r):
    case = factories.case(r)
    rec = factories.record(case, "Brev")
    client.force_login(r.officer_user)
    url = reverse("cases:record_attach", args=[case.number, rec.sequence])
    response = client.post(url, {"file": factories.pdf("bilaga.pdf")}, follow=True)
    assert "Filen bilaga.pdf är bifogad." in response.content.decode()
    response = client.post(
        url, {"file": SimpleUploadedFile("bild.png", b"GIF89a not a png")}, follow=True
    )
    assert "Filen bild.png är inte en giltig .png-fil." in response.content.decode()
    assert [f.name for f in rec.files.all()] == ["bilaga.pdf"]


@pytest.mark.parametrize("query", [{"ar": "²"}, {"ar": "9" * 5000}, {"handlaggare": "9" * 25}])
def test_a_register_filter_that_is_no_number_answers_400(client, r, query):
    client.force_login(r.secretary)
    assert client.get(reverse("cases:index"), query).status_code == 400


@pytest.mark.parametrize("question", ["abc", "²", "9" * 25])
def test_a_question_id_that_is_no_id_answers_400(client, r, question):
    client.force_login(r.admin)
    client.get(reverse("cases:questions"))  # the page creates the templates
    child = AssessmentTemplate.objects.get(organisation=r.organisation, code="child_rights")
    response = client.post(
        reverse("cases:questions"),
        {"template": child.pk, "question": question, f"q{question}-text": "x"},
    )
    assert response.status_code == 400


def test_a_case_title_written_as_a_formula_is_quoted_in_the_register_export(client, r):
    import csv
    import io

    # given: a case titled =HYPERLINK(…) and a record whose counterpart begins with @
    case = factories.case(r, '=HYPERLINK("http://evil.example","Klicka här")')
    factories.record(case, "-1+1", counterpart="@SUM(1+1)")
    client.force_login(r.officer_user)
    # when
    text = client.get(reverse("cases:export")).content.decode("utf-8-sig")
    # then: each such text has a quote in front, so a spreadsheet shows it as text
    [_header, case_row, record_row] = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert case_row[6] == '\'=HYPERLINK("http://evil.example","Klicka här")'
    assert (record_row[6], record_row[7]) == ("'-1+1", "'@SUM(1+1)")
    assert case_row[3] == case.registered_on.isoformat()  # dates unchanged
