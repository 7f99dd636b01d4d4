"""The slide deck writers: 16:9, from the organisation's template, native charts, stable bytes."""

from __future__ import annotations

import io

import pytest

from uppsikt.core.exceptions import DomainError
from uppsikt.documents import pptx, render
from uppsikt.documents.document import BulletList, Chart, Column, Paragraph, Row, Series, Table
from uppsikt.documents.slides import Deck, Slide


def _deck() -> Deck:
    deck = Deck("Nämndsdialog #2 2025", subtitle="Driftnämnden Regionservice")
    deck.slides.append(Slide("Nämndsdialog #2 2025", layout="title", lines=["Regionservice"]))
    deck.slides.append(
        Slide(
            "Medarbetare – personalomsättning",
            [Paragraph("Personalomsättning R12 = 9,54 %"), BulletList(["en", "två"])],
            aside=[
                Chart(
                    "Personalomsättning R12",
                    ["sep", "okt", "nov"],
                    [Series("R12", [9.1, 9.3, 9.54]), Series("Målvärde", [11, 11, 11], "dashed")],
                    alt="Från 9,1 % till 9,54 %.",
                    unit="%",
                )
            ],
        )
    )
    deck.slides.append(
        Slide(
            "Ekonomistyrning",
            [
                Table(
                    "Resultat",
                    [Column("Verksamhet"), Column("Prognos", "right")],
                    [Row("Ordinarie", "−1,0"), Row("Totalt", "+3,0", kind="total")],
                )
            ],
        )
    )
    return deck


def test_a_deck_is_16_to_9_with_every_slide_its_text_and_a_native_chart():
    from pptx import Presentation

    data = render.render(_deck(), "pptx")
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    slides = pptx.read(data)
    assert [s.lines[0] for s in slides] == [
        "Nämndsdialog #2 2025",
        "Medarbetare – personalomsättning",
        "Ekonomistyrning",
    ]
    assert "Personalomsättning R12 = 9,54 %" in slides[1].lines
    [chart] = slides[1].charts
    assert chart["series"] == {"R12": [9.1, 9.3, 9.54], "Målvärde": [11.0, 11.0, 11.0]}
    assert chart["alt"] == "Från 9,1 % till 9,54 %."
    assert "Totalt\t+3,0" in slides[2].lines
    # the built-in template has no logo of its own: the shipped one is on the title slide
    assert slides[0].pictures == 1


def test_the_same_deck_gives_the_same_bytes():
    assert render.render(_deck(), "pptx") == render.render(_deck(), "pptx")


def test_the_organisations_template_gives_the_layouts_and_its_example_slides_are_left_out():
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation(io.BytesIO(pptx.default_template()))
    example = prs.slides.add_slide(prs.slide_layouts[6])
    example.shapes.add_picture(io.BytesIO(_png()), Inches(1), Inches(1))
    buf = io.BytesIO()
    prs.save(buf)
    template = buf.getvalue()
    slides = pptx.read(render.render(_deck(), "pptx", template=template))
    assert len(slides) == 3
    # the template brings its own pictures (its logo): none is added
    assert slides[0].pictures == 0


def test_a_file_that_is_no_presentation_is_refused_as_a_template():
    with pytest.raises(DomainError, match="PowerPoint"):
        pptx.check(b"PK\x03\x04 not really")


def test_a_document_is_not_written_as_pptx():
    from uppsikt.documents.document import Document

    with pytest.raises(ValueError):
        render.render(Document("Rapport"), "pptx")


def _png() -> bytes:
    from uppsikt.documents.template import default_logo

    return default_logo()


def _goals_deck(goals: int) -> Deck:
    """A "Målstyrning" slide as the dialogue brief builds it: focus area and council goal
    left empty where the row above states them, a legend note under the table."""
    rows = []
    for n in range(goals):
        area = f"Fokusområde {n // 6 + 1}" if n % 6 == 0 else ""
        rows.append(
            Row(
                area,
                f"Fullmäktiges mål {n // 2 + 1}" if n % 2 == 0 else "",
                f"Nämndens mål {n + 1}: säkerställa att prioriterade delar av verksamheten "
                f"kan bedrivas även vid allvarliga störningar i samhället",
                "● Uppnås",
            )
        )
    table = Table(
        "Nämndens mål",
        [
            Column("Fokusområde", width=2.2),
            Column("Fullmäktiges mål", width=3),
            Column("Nämndens mål", width=4),
            Column("Prognos", width=1.6),
        ],
        rows,
        show_caption=False,
    )
    deck = Deck("Nämndsdialog", subtitle="Driftnämnden")
    deck.slides.append(Slide("Målstyrning", [table, Paragraph("Prognos: ● uppnås.", style="note")]))
    deck.slides.append(Slide("Nästa", [Paragraph("Text")]))
    return deck


def test_a_table_too_long_for_its_slide_goes_on_over_further_slides():
    """24 goals of two lines each do not fit one slide at 12 pt: the table goes on over
    "Målstyrning (forts.)" slides, each with the header and the legend; every goal comes once,
    in order, and a continuation's first row names its focus area and council goal again."""
    slides = pptx.read(render.render(_goals_deck(24), "pptx"))
    titles = [s.lines[0] for s in slides]
    parts = [s for s in slides if s.lines[0].startswith("Målstyrning")]
    assert len(parts) >= 2 and titles[-1] == "Nästa"
    assert titles[: len(parts)] == ["Målstyrning"] + ["Målstyrning (forts.)"] * (len(parts) - 1)
    goals = []
    for part in parts:
        assert "Fokusområde\tFullmäktiges mål\tNämndens mål\tPrognos" in part.lines
        assert "Prognos: ● uppnås." in part.lines
        rows = [line.split("\t") for line in part.lines if "\tNämndens mål " in line]
        goals += [int(r[2].split(":")[0].removeprefix("Nämndens mål ")) for r in rows]
        # the first row of every part states its focus area and council goal
        assert rows[0][0].startswith("Fokusområde ") and rows[0][1].startswith("Fullmäktiges")
        n = int(rows[0][2].split(":")[0].removeprefix("Nämndens mål ")) - 1
        assert rows[0][0] == f"Fokusområde {n // 6 + 1}"
        assert rows[0][1] == f"Fullmäktiges mål {n // 2 + 1}"
    assert goals == list(range(1, 25))
    # a short table stays on its slide
    short = pptx.read(render.render(_goals_deck(4), "pptx"))
    assert [s.lines[0] for s in short] == ["Målstyrning", "Nästa"]


def test_a_long_table_rendered_by_libreoffice_stays_above_the_slides_foot():
    """Through LibreOffice (which sets the template's font in a wider one): on every slide,
    no word of the table runs below the footer's line."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from conftest import require

    office = shutil.which("libreoffice") or shutil.which("soffice")
    require(office is not None, "LibreOffice saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) saknas")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.pptx"
        path.write_bytes(render.render(_goals_deck(24), "pptx"))
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(path)],
            capture_output=True,
            check=True,
            timeout=300,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )
        html = subprocess.run(
            ["pdftotext", "-bbox", str(Path(tmp) / "deck.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    import re

    pages = html.split("<page ")[1:]
    assert len(pages) >= 3
    for page in pages:
        words = [
            (float(y_min), float(y_max), word)
            for y_min, y_max, word in re.findall(
                r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page
            )
        ]
        # the footer's "N av M"
        [footer] = [
            y
            for i, (y, _y2, w) in enumerate(words[1:-1], start=1)
            if w == "av" and words[i - 1][2].isdigit() and words[i + 1][2].isdigit()
        ]
        # every other word of the slide ends above the footer's line
        body = [(y2, w) for y, y2, w in words if abs(y - footer) > 1]
        assert all(y2 < footer for y2, _w in body), [w for y2, w in body if y2 >= footer]


def test_the_organisations_logo_stands_on_the_title_slide_in_place_of_the_built_in_one():
    import zipfile

    from PIL import Image

    from uppsikt.documents.template import default_logo

    buf = io.BytesIO()
    Image.new("RGB", (60, 20), (10, 120, 60)).save(buf, "PNG")
    own = buf.getvalue()
    data = render.render(_deck(), "pptx", logo=own)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("ppt/media/")]
    assert own in media and default_logo() not in media
    assert pptx.read(data)[0].pictures == 1
