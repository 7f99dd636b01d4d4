"""Former name of ``uppsikt.documents.document``; goes when no import of it remains."""

from .document import *  # noqa: F403
from .document import plain_text  # noqa: F401
