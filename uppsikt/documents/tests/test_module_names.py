"""The document model, rich text to blocks and the HTML sanitiser each have one name saying what
they are; the former, ambiguous names (``documents.model`` beside ``documents.models``, and two
``richtext`` modules doing different things) are gone."""

import importlib

import pytest


@pytest.mark.parametrize(
    "former", ["uppsikt.documents.model", "uppsikt.documents.richtext", "uppsikt.core.richtext"]
)
def test_the_former_ambiguous_module_names_are_gone(former):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(former)


def test_each_module_has_its_name():
    from uppsikt.core import html_sanitize
    from uppsikt.documents import document, richtext_blocks

    assert document.Document and richtext_blocks.blocks and html_sanitize.sanitize
