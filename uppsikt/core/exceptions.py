"""Domain errors: raised by services, shown to people by views and commands."""

from __future__ import annotations

from django.core.exceptions import BadRequest


class DomainError(Exception):
    """A rule of the domain was broken. ``message`` is Swedish, ready to show."""

    def __init__(self, message: str, *, errors: list[str] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or []


class InvalidTransition(DomainError):
    pass


class NotPermitted(DomainError):
    """The acting user may not do this."""


class ImportFailed(DomainError):
    """An import was refused; ``errors`` lists every problem with file and line."""


class BadInput(DomainError, BadRequest):
    """Request input that cannot be what the form sends (an id that is no id, a number out of
    range). A view may show ``message``; uncaught, it answers 400 Bad Request."""


class NotFound(DomainError):
    """What was asked for does not exist (or is not in this organisation). Selectors raise it;
    uncaught, it answers 404 Not Found (``core.middleware.DomainErrorMiddleware``)."""
