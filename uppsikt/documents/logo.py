"""The organisation's own logo: a PNG or JPEG an administrator uploads, kept beside the document
template (scope ``<organisation>/logo``) and used on the cover and letterhead of the PDF and DOCX
files and in the site's header. Without one, the template's logo (or the shipped one) is used.

An upload is checked by its content, not its name: Pillow must read it as PNG or JPEG within the
size limits, and what is kept is the image written again as PNG (no metadata, nothing else that
rode along in the file)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError

LOGO_SCOPE = "logo"
MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000  # pixels, either side, as uploaded
KEPT_SIDE = 1200  # pixels: what is kept is scaled down to this at most


def logo_scope(organisation_scope: str) -> str:
    """The scope of the logo beside the .docx template of ``organisation_scope``."""
    return f"{organisation_scope}/{LOGO_SCOPE}" if organisation_scope else LOGO_SCOPE


def is_logo_scope(scope: str) -> bool:
    return scope == LOGO_SCOPE or scope.endswith(f"/{LOGO_SCOPE}")


def normalise(content: bytes) -> bytes:
    """The uploaded image as the PNG that is kept; ``DomainError`` unless it is a PNG or JPEG
    Pillow reads, of at most ``MAX_BYTES`` and ``MAX_SIDE`` × ``MAX_SIDE`` pixels."""
    from PIL import Image, UnidentifiedImageError

    if not content:
        raise DomainError(_("Filen är tom."))
    if len(content) > MAX_BYTES:
        raise DomainError(
            _("Logotypen är för stor (högst %(max)d MB).") % {"max": MAX_BYTES // (1024 * 1024)}
        )
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in {"PNG", "JPEG"}:
                raise DomainError(_("Logotypen måste vara en PNG- eller JPEG-bild."))
            if width > MAX_SIDE or height > MAX_SIDE or width < 1 or height < 1:
                raise DomainError(
                    _("Logotypen får vara högst %(max)d × %(max)d bildpunkter.") % {"max": MAX_SIDE}
                )
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            image = image.convert("RGBA")
    except DomainError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise DomainError(_("Logotypen måste vara en PNG- eller JPEG-bild.")) from exc
    image.thumbnail((KEPT_SIDE, KEPT_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
