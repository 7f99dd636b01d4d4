"""The document model, rich text to blocks and the HTML sanitiser each have a name saying what
they are; the former names still import the same objects until no import of them remains."""


def test_the_document_model_is_documents_document_and_the_former_name_gives_the_same_classes():
    from uppsikt.documents import document, model

    assert model.Document is document.Document and model.plain_text is document.plain_text


def test_rich_text_to_blocks_is_richtext_blocks_and_the_former_name_gives_the_same_function():
    from uppsikt.documents import richtext, richtext_blocks

    assert richtext.blocks is richtext_blocks.blocks


def test_the_html_sanitiser_is_core_html_sanitize_and_the_former_name_gives_the_same_function():
    from uppsikt.core import html_sanitize, richtext

    assert richtext.sanitize is html_sanitize.sanitize
