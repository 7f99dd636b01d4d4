"""The organisation the running request works in, as far as code below the organisation app
needs to know it: an id, for the audit trail and the permission checks.

``organisation.tenancy.OrganisationMiddleware`` opens the context for each request, with a
function that finds the organisation from the host name the first time it is asked (docs/adr/
0009). Outside a request (a command, a background job, a test calling a service) there is
none: ``in_organisation`` tells the two apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_resolver: ContextVar[Callable[[], int | None] | None] = ContextVar(
    "uppsikt_current_organisation", default=None
)


def in_organisation() -> bool:
    """Whether the code runs in a request's organisation context (even one that names no
    organisation); not in a command, a background job or a test calling a service."""
    return _resolver.get() is not None


def current_organisation_id() -> int | None:
    """The id of the organisation the current request works in; ``None`` outside a request,
    and in a request whose host name names no organisation."""
    resolve = _resolver.get()
    return resolve() if resolve is not None else None


@contextmanager
def organisation_context(resolve: Callable[[], int | None]) -> Iterator[None]:
    """Work in the organisation that ``resolve`` returns the id of (called when first asked)."""
    token = _resolver.set(resolve)
    try:
        yield
    finally:
        _resolver.reset(token)
