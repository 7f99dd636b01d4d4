"""Stored rich text becomes document blocks."""

from __future__ import annotations

from uppsikt.documents.document import BulletList, Paragraph, Text
from uppsikt.documents.richtext_blocks import blocks


def test_paragraphs_keep_emphasis_and_the_spaces_around_it():
    [p] = blocks("<p>dialog kring <em>Handlingsplan</em> hittills</p>")
    assert p.content == ("dialog kring ", Text("Handlingsplan", italic=True), " hittills")
    assert p.plain == "dialog kring Handlingsplan hittills"


def test_whitespace_collapses_like_a_browser_and_empty_paragraphs_vanish():
    out = blocks("<p>  a \n  b  </p><p> </p><p>c</p>")
    assert [b.plain for b in out] == ["a b", "c"]


def test_lists_and_headings():
    out = blocks("<h3>Rubrik</h3><ul><li>ett</li><li><strong>två</strong></li></ul>")
    assert isinstance(out[0], Paragraph) and out[0].content == (Text("Rubrik", bold=True),)
    assert isinstance(out[1], BulletList)
    assert [i.plain for i in out[1].items] == ["ett", "två"]


def test_empty_or_plain_text():
    assert blocks("") == [] and blocks(None) == []
    assert [b.plain for b in blocks("bara text")] == ["bara text"]
