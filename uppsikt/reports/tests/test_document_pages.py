"""Where people get the documents: the Dokument page (preview, DOCX and PDF downloads, the files
kept), the texts, the template, and ``uppsikt render``. The demo is loaded once for the module
and everything is exercised inside one transaction that is rolled back."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from conftest import require
from uppsikt.documents import docx as doc_docx
from uppsikt.documents import pdf as doc_pdf

pytestmark = pytest.mark.django_db

UR1 = {"kind": "followup", "code": "RS", "ident": "2024-UR1"}


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture(scope="module")
def seen(django_db_setup, django_db_blocker):  # noqa: PLR0915 - one scenario, step by step
    from uppsikt.demo.loader import load_demo
    from uppsikt.documents.models import DocumentText, RenderedDocument
    from uppsikt.documents.template import default_template
    from uppsikt.organisation.models import Body
    from uppsikt.reports.data import subject

    out: dict = {}
    media = tempfile.mkdtemp(prefix="uppsikt-docs-")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages),
        transaction.atomic(),
    ):
        load_demo()
        ur1_subject = subject(Body.objects.get(code="RS"), "2024-UR1")
        controller, reader = _client("controller"), _client("lasare")
        out["index"] = controller.get(reverse("reports:documents"))
        out["plan_links"] = {
            url: controller.get(url).status_code
            for url in re.findall(r'href="(/dokument/plan/[^"]+)"', out["index"].content.decode())
        }
        out["page"] = controller.get(
            reverse("reports:document_page", kwargs={"code": "RS", "ident": "2024-UR1"})
        )
        out["preview"] = controller.get(reverse("reports:document", kwargs=UR1))
        out["reader_preview"] = reader.get(reverse("reports:document", kwargs=UR1))
        docx_url = reverse("reports:document_file", kwargs={**UR1, "fmt": "docx"})
        out["docx_1"] = reader.get(docx_url)
        out["docx_2"] = controller.get(docx_url)
        from django.conf import settings as django_settings

        english = _client("controller")
        english.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
        out["docx_english"] = english.get(docx_url)
        out["stored_after_two"] = list(
            RenderedDocument.objects.filter(kind="followup", subject=ur1_subject).values(
                "format", "checksum", "data_version", "size"
            )
        )
        if doc_pdf.available():
            out["pdf"] = controller.get(
                reverse("reports:document_file", kwargs={**UR1, "fmt": "pdf"})
            )
        with mock.patch.object(doc_pdf, "available", return_value=False):
            out["pdf_unavailable"] = controller.get(
                reverse("reports:document_file", kwargs={**UR1, "fmt": "pdf"})
            )
            out["preview_without_pdf"] = controller.get(reverse("reports:document", kwargs=UR1))
        group = {"kind": "group", "code": "region", "ident": "2024-02"}
        out["group_preview"] = reader.get(reverse("reports:document", kwargs=group))
        out["job_start"] = reader.post(
            reverse("reports:document_render_start", kwargs={**group, "fmt": "docx"})
        )
        from uppsikt.core.models import Job

        job = Job.objects.get(kind="document.render")
        out["job"] = (job.status, job.result.get("url"), job.message)
        out["job_file"] = reader.get(job.result["url"])
        texts_url = reverse("reports:document_texts", kwargs=UR1)
        out["reader_texts"] = reader.get(texts_url)
        out["texts_form"] = controller.get(texts_url)
        summary = DocumentText.objects.get(subject=ur1_subject, key="summary")
        out["texts_post"] = controller.post(
            texts_url,
            {
                "summary": "Läget är <em>gott</em>.\n\nAndra stycket.",
                "summary__version": str(summary.version),
            },
        )
        out["stale_post"] = controller.post(
            texts_url,
            {"summary": "Något annat.", "summary__version": str(summary.version)},
        )
        out["summary_after"] = DocumentText.objects.get(pk=summary.pk).text
        plan = {"kind": "plan", "code": "RS", "ident": "2024"}
        out["plan_preview"] = controller.get(reverse("reports:document", kwargs=plan))
        out["bad_version_post"] = controller.post(
            texts_url, {"summary": "Ett tredje.", "summary__version": "²"}
        )
        out["summary_after_bad_version"] = DocumentText.objects.get(pk=summary.pk).text
        out["docx_3"] = controller.get(docx_url)
        out["docx_3_text"] = doc_docx.text_of(out["docx_3"].content)
        # a new template changes the DOCX (and its data version)
        import docx as python_docx

        template = python_docx.Document(io.BytesIO(default_template()))
        template.styles["Normal"].font.name = "Liberation Serif"
        buf = io.BytesIO()
        template.save(buf)
        admin = _client("admin")
        upload = io.BytesIO(buf.getvalue())
        upload.name = "region.docx"
        out["template_post"] = admin.post(
            reverse("reports:document_template"), {"template": upload}
        )
        bad = io.BytesIO(b"PK\x03\x04 not really a docx")
        bad.name = "trasig.docx"
        out["bad_template_post"] = admin.post(
            reverse("reports:document_template"), {"template": bad}
        )
        out["controller_template"] = controller.get(reverse("reports:document_template"))
        out["docx_4"] = controller.get(docx_url)
        out["docx_4_font"] = (
            python_docx.Document(io.BytesIO(out["docx_4"].content)).styles["Normal"].font.name
        )
        out["stored_versions"] = sorted(
            set(
                RenderedDocument.objects.filter(
                    kind="followup", subject=ur1_subject, format="docx"
                ).values_list("data_version", flat=True)
            )
        )
        # the command line
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ur1.docx"
            stdout = io.StringIO()
            call_command(
                "render_followup",
                "--body",
                "RS",
                "--period",
                "2024-UR1",
                "--format",
                "docx",
                "--out",
                str(path),
                stdout=stdout,
            )
            out["cli_stdout"] = stdout.getvalue()
            out["cli_bytes"] = path.read_bytes()
            errors = []
            for args in (
                ["render_followup", "--body", "XX", "--period", "2024-UR1"],
                ["render_followup", "--body", "RS", "--period", "2024-UR9"],
                ["render_followup", "--body", "RS", "--period", "2024-13"],
                ["render_monthly", "--body", "RS", "--period", "2024-UR1"],
                ["render_plan", "--body", "RS", "--period", "2030"],
            ):
                try:
                    call_command(*args, "--format", "html", "--out", str(Path(tmp) / "x.html"))
                except CommandError as exc:
                    errors.append(str(exc))
            out["cli_errors"] = errors
            out["cli_no_file"] = not (Path(tmp) / "x.html").exists()
        transaction.set_rollback(True)
    return out


def test_the_dokument_page_of_a_body_and_period_opens_its_report(seen):
    assert seen["index"].status_code == 200
    assert seen["page"].status_code == 302
    assert seen["page"]["Location"] == reverse("reports:document", kwargs=UR1)


def test_the_index_links_the_plans_there_are_and_each_opens(seen):
    # the demo's bodies with a plan of their own: Regionstyrelsen for 2024, Driftnämnden
    # Regionservice for 2024 and 2025; every other body and year is shown without a link
    plan = lambda code, year: reverse(  # noqa: E731
        "reports:document", kwargs={"kind": "plan", "code": code, "ident": str(year)}
    )
    assert seen["plan_links"] == {
        plan("RS", 2024): 200,
        plan("DRS", 2024): 200,
        plan("DRS", 2025): 200,
    }
    html = seen["index"].content.decode()
    assert "Regionstyrelsen har ingen verksamhetsplan för 2025." in html


def test_the_preview_shows_the_report_with_its_downloads(seen):
    html = seen["preview"].content.decode()
    assert "<h1>Uppföljningsrapport 1 januari–april" in html
    assert 'class="doc"' in html and "5.3.1</span> Prognos investeringsbudgetavvikelse" in html
    assert "−225\u00a0975\u00a0tkr" in html  # the same figures as the files
    assert reverse("reports:document_file", kwargs={**UR1, "fmt": "docx"}) in html
    # a controller may write the texts, a reader may not (no link, and 403)
    assert reverse("reports:document_texts", kwargs=UR1) in html
    assert (
        reverse("reports:document_texts", kwargs=UR1) not in seen["reader_preview"].content.decode()
    )
    assert seen["reader_texts"].status_code == 403


def test_a_download_is_kept_once_with_checksum_and_data_version(seen):
    first, second = seen["docx_1"], seen["docx_2"]
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="Uppfoljningsrapport-1-Regionstyrelsen-januari-april.docx"'
        in first["Content-Disposition"]
    )
    # re-rendering unchanged data gives the same content, kept once
    assert first.content == second.content
    [row] = [r for r in seen["stored_after_two"] if r["format"] == "docx"]
    assert (
        row["checksum"] == hashlib.sha256(first.content).hexdigest() == first["X-Checksum-SHA256"]
    )
    # the built-in template ("std") and the demo's own logo (its checksum after "+")
    assert row["size"] == len(first.content) and "-std+" in row["data_version"]


def test_the_document_is_in_swedish_whatever_the_readers_language(seen):
    # a public record: the same file for a reader who uses Uppsikt in English
    assert seen["docx_english"].content == seen["docx_1"].content


def test_the_pdf_download_is_a_pdf(seen):
    require(doc_pdf.available(), "WeasyPrint/Pango saknas")
    response = seen["pdf"]
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_without_the_pdf_engine_the_pdf_download_says_it_is_unavailable(seen):
    assert seen["pdf_unavailable"].status_code == 503
    assert "PDF är inte tillgänglig" in seen["pdf_unavailable"].content.decode()
    html = seen["preview_without_pdf"].content.decode()
    assert "PDF kan inte skapas på den här servern" in html
    assert "fil.pdf" not in html


def test_a_controller_writes_the_summary_and_the_documents_change(seen):
    assert seen["texts_form"].status_code == 200
    assert seen["texts_post"].status_code == 302
    assert seen["summary_after"] == "<p>Läget är <em>gott</em>.</p><p>Andra stycket.</p>"
    text = seen["docx_3_text"]
    assert "1 Sammanfattning\nLäget är gott.\nAndra stycket.\nEfter april" in text
    assert seen["docx_3"].content != seen["docx_1"].content


def test_a_stale_text_form_is_refused(seen):
    # the second post carried the version the first one replaced
    assert seen["stale_post"].status_code == 200
    assert "ändrats av någon annan" in seen["stale_post"].content.decode()


def test_a_text_version_that_is_no_number_answers_400_and_saves_nothing(seen):
    assert seen["bad_version_post"].status_code == 400
    assert seen["summary_after_bad_version"] == seen["summary_after"]


def test_the_administrator_replaces_the_template_and_the_docx_follows_it(seen):
    assert seen["template_post"].status_code == 302
    assert seen["bad_template_post"].status_code == 200
    assert "inte ett Word-dokument" in seen["bad_template_post"].content.decode()
    assert seen["controller_template"].status_code == 403
    assert seen["docx_4_font"] == "Liberation Serif"
    assert len(seen["stored_versions"]) == 3  # demo texts, new summary, new template


def test_uppsikt_render_writes_the_file_and_reports_checksum_and_data_version(seen):
    assert seen["cli_bytes"].startswith(b"PK")
    out = seen["cli_stdout"]
    assert "Uppföljningsrapport 1 januari–april – Regionstyrelsen" in out
    assert f"kontrollsumma (SHA-256) {hashlib.sha256(seen['cli_bytes']).hexdigest()}" in out
    assert "dataversion " in out


def test_uppsikt_render_refuses_bad_input_with_a_clear_message_and_writes_nothing(seen):
    assert seen["cli_errors"] == [
        "Organet XX finns inte.",
        "Okänd period 2024-UR9: ange t.ex. 2024-UR1, 2024-UR2, 2024-AR eller 2024-02.",
        "Perioden 2024-13 finns inte.",
        "En månadsrapport anges med månad, t.ex. 2024-02.",
        "Regionstyrelsen har ingen verksamhetsplan för 2030.",
    ]
    assert seen["cli_no_file"]


def test_the_group_report_renders_in_the_background_and_links_to_the_file(seen):
    assert "Region Halland totalt" in seen["group_preview"].content.decode()
    assert seen["job_start"].status_code == 302
    status, url, message = seen["job"]
    assert status == "done" and message.startswith("Koncernrapport Månadsrapport februari 2024")
    assert url == reverse(
        "reports:document_file",
        kwargs={"kind": "group", "code": "region", "ident": "2024-02", "fmt": "docx"},
    )
    assert seen["job_file"].status_code == 200 and seen["job_file"].content.startswith(b"PK")


def test_the_plan_preview_reads_its_year_from_the_address(seen):
    assert seen["plan_preview"].status_code == 200
