"""Former name of ``uppsikt.documents.richtext_blocks``; goes when no import of it remains."""

from .richtext_blocks import *  # noqa: F403
from .richtext_blocks import blocks  # noqa: F401
