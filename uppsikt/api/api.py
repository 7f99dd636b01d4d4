"""The REST API of ``/api/v1/`` (Django Ninja, docs/adr/0011): its routers, its one error
shape, and the schema it publishes at ``/api/v1/openapi.json``."""

from __future__ import annotations

from django.http import Http404
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from uppsikt.core.exceptions import BadInput, DomainError, InvalidTransition, NotFound, NotPermitted

from .auth import TokenAuth
from .errors import ApiError, default_error, error_response, logger
from .routers import (
    cases,
    documents,
    finance,
    followup,
    meetings,
    organisation,
    planning,
    workforce,
)
from .services import BatchRefused, ReplayConflict

api = NinjaAPI(
    title="Uppsikt API",
    version="1",
    description=(
        "Uppsikts REST-API. Anropen görs med en API-nyckel (Authorization: Bearer …) från "
        "administrationssidan API-nycklar. Fel har alltid formen "
        '{"error": {"code", "message", "details"}} (docs/api.md).'
    ),
    auth=TokenAuth(),
    # the Swagger UI from the package's static files; no call to the outside validator
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)
api.add_router("", organisation.router)
api.add_router("", planning.router)
api.add_router("", followup.router)
api.add_router("", finance.router)
api.add_router("", workforce.router)
api.add_router("", meetings.router)
api.add_router("", cases.router)
api.add_router("", documents.router)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return default_error(401, headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return error_response(422, "invalid", _("Begäran innehåller fel."), details)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return default_error(exc.status_code)


@api.exception_handler(Http404)
def _http404(request, exc):
    return default_error(404)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return error_response(404, "not_found", exc.message)


@api.exception_handler(NotPermitted)
def _not_permitted(request, exc):
    return error_response(403, "forbidden", exc.message)


@api.exception_handler(BadInput)
def _bad_input(request, exc):
    return error_response(400, "bad_request", exc.message)


@api.exception_handler(ReplayConflict)
def _replay(request, exc):
    return error_response(409, "idempotency_conflict", exc.message)


@api.exception_handler(BatchRefused)
def _batch(request, exc: BatchRefused):
    return error_response(422, "batch_refused", exc.message, exc.rows)


@api.exception_handler(InvalidTransition)
def _transition(request, exc):
    return error_response(409, "invalid_transition", exc.message)


@api.exception_handler(DomainError)
def _domain(request, exc: DomainError):
    return error_response(422, "rejected", exc.message, exc.errors or None)


@api.exception_handler(RawPostDataException)
def _not_json(request, exc):
    # a form body (multipart) was read by the middleware before the API could
    return error_response(
        415,
        "unsupported_media_type",
        _("Skicka innehållet som JSON (Content-Type: application/json)."),
    )


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return default_error(500)
