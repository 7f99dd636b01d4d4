"""The organisation's document template: a .docx whose styles (fonts, headings, colours) and logo
every DOCX starts from; the PDF takes the same font, heading colour and logo from it.

Without an uploaded template, a built-in one is used (python-docx's default styles, set up
here) with the logo shipped in ``static/documents/logo.png``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REQUIRED_STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title")


@dataclass(frozen=True)
class Style:
    """What the PDF borrows from the template."""

    font: str = ""
    accent: str = ""  # RRGGBB of Heading 1
    logo: bytes = b""


@cache
def default_logo() -> bytes:
    return resources.files("uppsikt.documents").joinpath("static/documents/logo.png").read_bytes()


def logo_of(template: bytes) -> bytes:
    """The first PNG or JPEG image in the template (its logo), or b""."""
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        for name in sorted(z.namelist()):
            if name.startswith("word/media/") and name.lower().endswith((".png", ".jpg", ".jpeg")):
                return z.read(name)
    return b""


def check(template: bytes) -> None:
    """Raise ``DomainError`` unless ``template`` is a .docx with the styles a document needs."""
    import docx

    try:
        d = docx.Document(io.BytesIO(template))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise DomainError(_("Filen är inte ett Word-dokument (.docx).")) from exc
    names = {s.name for s in d.styles}
    missing = [s for s in REQUIRED_STYLES if s not in names]
    if missing:
        raise DomainError(
            _("Mallen saknar formatmallarna: %(styles)s.") % {"styles": ", ".join(missing)}
        )


def style_of(template: bytes | None) -> Style:
    import docx

    if not template:
        return Style(font="", accent="1F4E79", logo=default_logo())
    d = docx.Document(io.BytesIO(template))
    font = d.styles["Normal"].font.name or ""
    accent = ""
    try:
        colour = d.styles["Heading 1"].font.color
        if colour is not None and colour.type is not None and colour.rgb is not None:
            accent = str(colour.rgb)
    except KeyError:
        pass
    return Style(font=font, accent=accent, logo=logo_of(template) or default_logo())


def default_template() -> bytes:
    """The built-in template: clean sans-serif styles, dark-blue headings, the shipped logo."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    d = docx.Document()
    accent = RGBColor(0x1F, 0x4E, 0x79)
    normal = d.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (
        ("Heading 1", 16, 0),
        ("Heading 2", 13, 14),
        ("Heading 3", 11, 10),
        ("Heading 4", 10, 8),
    ):
        s = d.styles[name]
        s.font.name = "DejaVu Sans"
        s.font.size = Pt(size)
        s.font.bold = True
        s.font.italic = False
        s.font.color.rgb = accent
        s.paragraph_format.space_before = Pt(before)
        s.paragraph_format.space_after = Pt(6)
        s.paragraph_format.keep_with_next = True
    title = d.styles["Title"]
    title.font.name = "DejaVu Sans"
    title.font.size = Pt(30)
    title.font.color.rgb = accent
    if "Caption" not in [s.name for s in d.styles]:
        d.styles.add_style("Caption", WD_STYLE_TYPE.PARAGRAPH)
    caption = d.styles["Caption"]
    caption.font.name = "DejaVu Sans"
    caption.font.size = Pt(9)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0x1B, 0x1F, 0x24)
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    # The logo lives in the template (word/media), where an organisation's own template has it.
    d.add_picture(io.BytesIO(default_logo()), width=Cm(5))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
