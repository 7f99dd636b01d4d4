"""Demo step: approval with e-ID through the demo's Test-e-legitimation
(``organisation/testeid.py``, docs/oidc.md).

- The provider's RS256 key is made (``testeid.key_make``); ``uppsikt demo`` turns the provider
  on and points approval with e-ID at it.
- Regionstyrelsen's first vice chair gets a login (``justerare``) beside the chair's
  (``ledamot``): the two approvers of the board's minutes.
- A board meeting ten days ago is held and its minutes approved by both with e-ID: for each,
  an ID token minted by the demo's provider for the pending approval, checked by the same code
  as the step-up callback (``stepup.proof_from_id_token``: signature, issuer, audience, nonce,
  time, assurance level, the account), and the signature made by the meetings' service with
  that proof. Its notice is sealed like every other (docs/sealing.md), with a signature page
  that reads "E-legitimation, tillitsnivå …".
The board meeting held three days ago (the home step) waits for the same two, who approve it
in the browser through the provider.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import time

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services as org_services
from uppsikt.organisation import stepup, testeid
from uppsikt.organisation.demo import DEMO_PASSWORD, demo_email
from uppsikt.organisation.models import Role

from . import services
from .action_views import EID_PURPOSE
from .demo import _held, _seats
from .models import Approval

LOGINS = [("Förtroendevald (RS), justerare", "justerare", DEMO_PASSWORD)]
# Where the provider is taken to be served when the demo is loaded without `uppsikt demo`
# (the tests): the default address of `uppsikt demo`.
DEFAULT_BASE = "http://127.0.0.1:8000"


def _login(organisation, board, person):
    """A login for the board member ``person``, with the address the provider vouches for."""
    user = org_services.account_create(
        actor=SYSTEM,
        username="justerare",
        password=DEMO_PASSWORD,
        person=person,
        email=person.email or demo_email(person.first_name, person.last_name),
    )
    org_services.role_grant(
        actor=SYSTEM, user=user, role=Role.MEMBER, organisation=organisation, body=board
    )
    return user


def _provider_settings():
    """The provider's settings: those `uppsikt demo` set, or, loaded otherwise, the same for
    the demo's default address."""
    if testeid.enabled():
        return contextlib.nullcontext()
    return override_settings(**testeid.settings_for(DEFAULT_BASE))


def approve_with_eid(meeting, user) -> Approval:
    """``user`` signs ``meeting``'s minutes with e-ID: the provider's ID token for a pending
    approval, as ``stepup.begin`` keeps it, checked as the callback checks it."""
    nonce = secrets.token_urlsafe(32)
    pending = stepup.Pending(
        purpose=EID_PURPOSE,
        data={"meeting": meeting.pk},
        user_id=user.pk,
        nonce=nonce,
        verifier="",
        started=time.time(),
        return_to=meeting.get_absolute_url(),
    )
    id_token = testeid.id_token_mint(
        user=user,
        nonce=nonce,
        auth_time=time.time(),
        acr=stepup.required_acr()[0],
        issuer=settings.UPPSIKT_OIDC_ISSUER,
    )
    proof = stepup.proof_from_id_token(id_token, pending=pending)
    return services.minutes_approve(
        actor=user, meeting=meeting, method=Approval.Method.E_ID, proof=proof
    )


def load(*, context) -> None:
    organisation = context.organisation
    testeid.key_make()
    board = context.objects["bodies"]["RS"]
    day = timezone.localdate() - dt.timedelta(days=10)
    chair, vice_chair, _present = _seats(board, day)
    _login(organisation, board, vice_chair)
    meeting, chair, vice_chair = _held(
        board,
        day,
        agenda=[{"title": "Information om justering med e-legitimation", "kind": "information"}],
    )
    item = meeting.items.get()
    services.item_update(
        actor=SYSTEM,
        item=item,
        version=item.version,
        matter="Regionkontoret informerar om justering med e-legitimation och förseglade "
        "protokoll.",
        decision_intro="Regionstyrelsen beslutar att",
        decision_points=["anteckna informationen"],
        dispatch_to=["Regionkontoret"],
    )
    with _provider_settings():
        for person in (chair, vice_chair):
            approve_with_eid(meeting, person.user)
    context.objects.setdefault("meetings", {})["approved_with_eid"] = meeting
