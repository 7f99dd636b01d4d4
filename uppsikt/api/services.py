"""The API's writes: tokens (made, revoked, their use recorded) and the batch import of
measurements, which writes through planning's own service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.models import Body, Organisation, RoleGrant, Unit
from uppsikt.organisation.permissions import ensure_can, has_permission_anywhere
from uppsikt.planning import services as planning_services

from . import tokens
from .models import ApiToken, IdempotentReply

MAX_DAYS = 366


def _public(token: ApiToken) -> dict:
    data = snapshot(token) or {}
    data.pop("secret_hash", None)
    return data


@transaction.atomic
def api_token_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    owner,
    integration: str = "",
    permissions: list[str],
    units: list[Unit] = (),
    bodies: list[Body] = (),
    expires_at: dt.datetime,
) -> tuple[ApiToken, str]:
    """Make a token and return it with its secret, which is never shown again. Granting
    needs ``api.grant``; the token carries only permissions that both the granter and the
    owner hold, on no more than the owner's scope."""
    ensure_can(actor, "api.grant")
    if not name.strip():
        raise DomainError(_("Ange ett namn på nyckeln."))
    if not permissions:
        raise DomainError(_("Välj minst en behörighet."))
    unknown = [p for p in permissions if p not in tokens.TOKEN_PERMISSIONS]
    if unknown:
        raise DomainError(_("Okänd behörighet för en nyckel."))
    if not owner.is_active:
        raise DomainError(_("Ägaren har inget aktivt konto."))
    if not RoleGrant.objects.filter(user=owner, organisation=organisation).exists():
        raise DomainError(_("Ägaren har ingen roll i organisationen."))
    scopes = [*units, *bodies]
    if any(s.organisation_id != organisation.pk for s in scopes):
        raise DomainError(_("Enheterna och organen måste höra till organisationen."))
    now = timezone.now()
    if expires_at <= now or expires_at > now + dt.timedelta(days=MAX_DAYS):
        raise DomainError(_("Nyckeln ska gälla till en tidpunkt inom ett år från i dag."))
    for permission in permissions:
        held = tokens.owner_permission(permission)
        if not has_permission_anywhere(actor, held):
            raise DomainError(_("Du kan inte ge en nyckel en behörighet som du själv saknar."))
        if not tokens.owner_may_carry(owner, permission, scopes):
            raise DomainError(
                _("Ägaren saknar behörigheten „%(permission)s“ där nyckeln ska gälla.")
                % {"permission": tokens.TOKEN_PERMISSIONS[permission][1]}
            )
    secret = tokens.new_secret()
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip(),
        owner=owner,
        integration=integration.strip(),
        prefix=secret[: len(tokens.SECRET_PREFIX) + 4],
        secret_hash=tokens.secret_hash(secret),
        permissions=sorted(set(permissions)),
        expires_at=expires_at,
        created_by=actor,
    )
    token.units.set(units)
    token.bodies.set(bodies)
    after = _public(token)
    after["units"] = [u.code for u in units]
    after["bodies"] = [b.code for b in bodies]
    audit_record(actor=actor, action="api_token.create", obj=token, after=after)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    ensure_can(actor, "api.grant")
    if token.revoked_at is not None:
        raise DomainError(_("Nyckeln är redan återkallad."))
    before = _public(token)
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(
        actor=actor, action="api_token.revoke", obj=token, before=before, after=_public(token)
    )
    return token


def api_token_use(*, token: ApiToken, method: str, path: str) -> bool:
    """Record that the token was used: one audit row per token and minute (the first call
    of the minute, with its method and path) and every write; ``last_used_at`` with it.
    Returns whether a row was written."""
    now = timezone.now()
    write = method not in ("GET", "HEAD", "OPTIONS")
    minute = now.strftime("%Y%m%d%H%M")
    if not write and not cache.add(f"uppsikt:api:used:{token.pk}:{minute}", 1, timeout=120):
        return False
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit_record(
            actor=token.owner,
            action="api_token.use",
            obj=token,
            before=None,
            after={"last_used_at": now.isoformat()},
            detail={"method": method, "path": path[:200], "token": token.prefix},
        )
    return True


@transaction.atomic
def api_download_record(
    *, token: ApiToken, obj, what: str, name: str, sha256: str, path: str
) -> None:
    """Record that a file was handed out through the API: one audit row per download, on
    the object whose file it is, with the file's name and SHA-256 and the token."""
    audit_record(
        actor=token.owner,
        action="api.download",
        obj=obj,
        before=None,
        after=None,
        detail={
            "what": what,
            "name": name[:200],
            "sha256": sha256,
            "path": path[:200],
            "token": token.prefix,
        },
    )


def rate_limit_hit(*, token: ApiToken) -> int | None:
    """Count a call in the token's fixed window; the seconds to wait when over the limit."""
    limit = getattr(settings, "UPPSIKT_API_RATE_LIMIT", 600)
    window = getattr(settings, "UPPSIKT_API_RATE_WINDOW", 60)
    now = int(timezone.now().timestamp())
    start = now - now % window
    key = f"uppsikt:api:rate:{token.pk}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, start + window - now)
    return None


class ReplayConflict(DomainError):
    """The idempotency key was used before with another body."""


@dataclass
class BatchRow:
    """A row of a batch, resolved; ``problems`` are in Swedish."""

    index: int
    unit: Unit | None = None
    indicator: object = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    value: object = None
    not_reported: bool = False
    reason: str = ""
    provenance: str = ""
    problems: list[str] = field(default_factory=list)


class BatchRefused(DomainError):
    def __init__(self, message: str, *, rows: list[dict]):
        super().__init__(message)
        self.rows = rows


def replay_find(*, token: ApiToken, key: str, body_hash: str) -> IdempotentReply | None:
    reply = IdempotentReply.objects.filter(token=token, key=key).first()
    if reply is not None and reply.body_hash != body_hash:
        raise ReplayConflict(_("Idempotensnyckeln har redan använts med ett annat innehåll."))
    return reply


def measurements_import(
    *, token: ApiToken, rows: list[BatchRow], key: str, body_hash: str
) -> tuple[int, dict]:
    """Write every row or none (through ``planning.services.measurement_record``, as the
    screens do); with ``key``, keep the reply so that the same batch sent again gets it again.
    Rows that cannot be written raise ``BatchRefused`` with each row's problems."""
    refused = [r for r in rows if r.problems]
    if refused:
        raise BatchRefused(
            _("Ingen rad skrevs: %(n)d rader har fel.") % {"n": len(refused)},
            rows=[{"row": r.index, "problems": r.problems} for r in refused],
        )
    try:
        with transaction.atomic():
            ids = _write_rows(token=token, rows=rows)
            reply = {"written": len(ids), "measurements": ids}
            if key:
                IdempotentReply.objects.create(
                    token=token, key=key, body_hash=body_hash, status=201, reply=reply
                )
    except IntegrityError as exc:  # the same key at the same time
        raise ReplayConflict(_("Idempotensnyckeln används redan av en annan begäran.")) from exc
    return 201, reply


def _write_rows(*, token: ApiToken, rows: list[BatchRow]) -> list[int]:
    ids = []
    problems = []
    for row in rows:
        try:
            with transaction.atomic():
                m = planning_services.measurement_record(
                    actor=token.owner,
                    indicator=row.indicator,
                    unit=row.unit,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    value=row.value,
                    not_reported=row.not_reported,
                    reason=row.reason,
                    provenance=row.provenance or _("API: %(name)s") % {"name": token.name},
                )
            ids.append(m.pk)
        except DomainError as exc:
            problems.append({"row": row.index, "problems": [exc.message]})
    if problems:
        raise BatchRefused(
            _("Ingen rad skrevs: %(n)d rader har fel.") % {"n": len(problems)}, rows=problems
        )
    return ids
