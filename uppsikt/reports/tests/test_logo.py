"""The organisation's own logo: an administrator uploads a PNG or JPEG (checked by its content,
kept as PNG, audited); the documents and the site's header show it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.documents import render
from uppsikt.documents.document import Document, Paragraph
from uppsikt.documents.logo import normalise
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.reports import services

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image(fmt: str = "PNG", size=(40, 20), colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def org():
    org = factories.organisation(name="Region Exempel")
    factories.unit(org, "RK")
    return org


def admin(org):
    user = factories.user("admin")
    factories.grant(user, Role.ADMINISTRATOR, org)
    return user


def test_an_administrator_replaces_the_logo_kept_as_png_and_audited(org):
    row = services.organisation_logo_replace(
        organisation=org, name="logo.jpg", content=image("JPEG"), actor=admin(org)
    )
    assert bytes(row.content).startswith(PNG_SIGNATURE)  # a JPEG is kept as PNG
    from PIL import Image

    assert Image.open(io.BytesIO(bytes(row.content))).size == (40, 20)
    event = AuditEvent.objects.get(action="organisation_logo.replace")
    assert event.after["checksum"] == row.checksum


def test_a_large_logo_is_kept_at_1200_pixels_at_most(org):
    from PIL import Image

    kept = normalise(image(size=(2400, 600)))
    assert Image.open(io.BytesIO(kept)).size == (1200, 300)  # 2400 × 600 halved


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x89PNG\r\n\x1a\nnot really a picture",
        b"GIF89a" + b"\x00" * 40,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
)
def test_what_is_no_png_or_jpeg_is_refused(org, content):
    with pytest.raises(DomainError):
        services.organisation_logo_replace(
            organisation=org, name="logo.png", content=content, actor=admin(org)
        )


def test_a_gif_and_an_oversized_picture_are_refused():
    with pytest.raises(DomainError):
        normalise(image("GIF"))
    with pytest.raises(DomainError):
        normalise(image(size=(4001, 10)))  # wider than 4 000 pixels
    with pytest.raises(DomainError):
        normalise(b"\x89PNG" + b"\x00" * (2 * 1024 * 1024))  # over 2 MB


def test_only_an_organisation_wide_administrator_replaces_the_logo(org):
    unit_admin = factories.user("enhetsadmin")
    factories.grant(unit_admin, Role.ADMINISTRATOR, org, unit=org.units.get(code="RK"))
    controller = factories.user("controller")
    factories.grant(controller, Role.CONTROLLER, org)
    for actor in (unit_admin, controller):
        with pytest.raises(NotPermitted):
            services.organisation_logo_replace(
                organisation=org, name="logo.png", content=image(), actor=actor
            )
        with pytest.raises(NotPermitted):
            services.organisation_logo_reset(organisation=org, actor=actor)
    assert not AuditEvent.objects.filter(action="organisation_logo.replace").exists()


def test_the_documents_carry_the_logo_given():
    logo = normalise(image(colour=(1, 2, 3)))
    doc = Document(title="Brev", cover=False, toc=False, numbered=False)
    doc.section("Rubrik").add(Paragraph("Text"))
    docx = render.render(doc, "docx", logo=logo)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert logo in media
    html = render.render(doc, "html", logo=logo).decode()
    assert "data:image/png;base64," in html


def test_the_site_header_and_the_front_door_show_the_uploaded_logo(client, org):
    url = reverse("organisation:logo")
    assert client.get(url).status_code == 404  # none uploaded yet
    user = admin(org)
    client.force_login(user)
    response = client.post(
        reverse("reports:logo_upload"),
        {"logo": _upload("logo.png", image())},
    )
    assert response.status_code == 302
    page = client.get(reverse("reports:document_template")).content.decode()
    assert 'class="brand-logo"' in page and 'alt="Region Exempel"' in page
    # a file that only claims to be a PNG is refused with a message; the logo stays
    response = client.post(
        reverse("reports:logo_upload"), {"logo": _upload("logo.png", b"not a png")}, follow=True
    )
    assert "inte en giltig .png-fil" in response.content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)


def test_a_controller_cannot_post_a_logo(client, org):
    controller = factories.user("controller")
    factories.grant(controller, Role.CONTROLLER, org)
    client.force_login(controller)
    response = client.post(reverse("reports:logo_upload"), {"logo": _upload("l.png", image())})
    assert response.status_code == 403


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="image/png")


def test_the_demo_logo_is_marked_as_the_demos():
    """The demo's invented logo carries a "Demo" badge under the name: a filled badge with
    white lettering, kept when the logo is stored (as PNG)."""
    from PIL import Image

    from uppsikt.reports.demo import DEMO_MARK, DEMO_MARK_COLOUR, demo_logo

    logo = Image.open(io.BytesIO(normalise(demo_logo()))).convert("RGBA")
    left, top, right, bottom = DEMO_MARK
    badge = logo.crop((left + 12, top + 6, right - 12, bottom - 6))
    colours = badge.getcolors(maxcolors=100_000)
    filled = sum(n for n, c in colours if c == DEMO_MARK_COLOUR)
    lettering = sum(n for n, c in colours if c[:3] == (255, 255, 255) and c[3] == 255)
    area = badge.width * badge.height
    # the badge is mostly its colour, with the word in white (four letters: well over 5 %)
    assert filled > area / 2 and lettering > area / 20
    # the badge is a badge, not a band: the canvas right of it is transparent
    assert logo.getpixel((right + 10, bottom - 10))[3] == 0
