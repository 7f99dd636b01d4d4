"""Former name of ``uppsikt.core.html_sanitize``; goes when no import of it remains."""

from .html_sanitize import *  # noqa: F403
from .html_sanitize import sanitize  # noqa: F401
