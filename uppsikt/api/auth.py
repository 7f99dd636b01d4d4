"""Who calls: the bearer token, checked against the request's organisation, counted against
its rate limit, and its use recorded."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from . import services, tokens
from .errors import ApiError
from .models import ApiToken


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, "unauthenticated", message, headers={"WWW-Authenticate": "Bearer"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer upk_…``: a token of the organisation whose host name the
    request came to, neither expired nor revoked, with an active owner."""

    openapi_description = "API-nyckel från administrationssidan API-nycklar."

    def authenticate(self, request, token: str):
        organisation = request.organisation  # 404 for a host name of no organisation
        if not token.startswith(tokens.SECRET_PREFIX) or len(token) > 200:
            raise _unauthenticated(_("API-nyckeln är ogiltig."))
        found = (
            ApiToken.objects.select_related("owner")
            .filter(secret_hash=tokens.secret_hash(token))
            .first()
        )
        if found is None or not tokens.same_hash(found.secret_hash, token):
            raise _unauthenticated(_("API-nyckeln är ogiltig."))
        if found.organisation_id != organisation.pk:
            raise _unauthenticated(_("API-nyckeln gäller inte för den här organisationen."))
        if found.revoked_at is not None:
            raise _unauthenticated(_("API-nyckeln är återkallad."))
        if found.expires_at <= timezone.now():
            raise _unauthenticated(_("API-nyckeln har gått ut."))
        if not found.owner.is_active:
            raise _unauthenticated(_("API-nyckelns ägare har inget aktivt konto."))
        wait = services.rate_limit_hit(token=found)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                _("För många anrop med nyckeln. Försök igen om %(s)d sekunder.") % {"s": wait},
                details={"retry_after": wait},
                headers={"Retry-After": str(wait)},
            )
        services.api_token_use(token=found, method=request.method, path=request.path)
        request.api_token = found
        return found
