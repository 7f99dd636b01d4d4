"""Simple rich text (headings, paragraphs, lists, emphasis, links), sanitised with nh3.

Text fields that people format (plan texts, comments, proposals) are stored sanitised, so that
whatever reaches a page or a document is safe to show as HTML.
"""

from __future__ import annotations

import nh3

TAGS = {"h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """Keep the allowed tags; drop scripts, styles, event handlers and unsafe links."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
