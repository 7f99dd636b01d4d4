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
