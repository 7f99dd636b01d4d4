"""The keyed, chained checksum of approved minutes.

At approval every item is sealed: an HMAC-SHA256 over a canonical serialisation of every fact
the approval vouches for (``COVERED``: the item, the meeting's facts, its attendance, the
item's motions, votes and each member's vote, dissents, notes and recusals, and the signatures),
and over the checksum of the item approved before it in the body's year (``approval_sequence``),
so that a removed or reordered item breaks the chain. The minutes (the meeting) and each notice
on the notice board are sealed the same way, over the checksums of what they cover.

The key is not in the database: it is ``UPPSIKT_MINUTES_KEY`` (environment), or else the file
``minutes.key`` in the data directory, created with mode 0600 at first use. Someone who can
write the database but not read the key cannot forge a checksum: recomputing a plain hash no
longer passes. A checksum reads ``hmac-sha256:<key id>:<hex>``; the key id (the first 8 hex
digits of a hash of the key) says which key made it, so keys can be rotated: the first key
(line of the file, or comma-separated value) seals, the others still verify.

``COVERED`` (with ``COVERED_WHEN_SET``) and ``EXCLUDED`` together list every concrete field of the meetings models; a test
fails when a field is added to neither.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    AgendaItem,
    Approval,
    AssignmentReport,
    Attendance,
    Correction,
    DecisionAssignment,
    Dispatch,
    Dissent,
    FloorMotion,
    Meeting,
    MinutesItem,
    MinutesNote,
    MinutesSeries,
    Notice,
    PrivateNote,
    Recusal,
    SummonsRecipient,
    Vote,
    VoteCast,
)

SCHEME = "hmac-sha256"
FORMAT = 1

_BOOKKEEPING = "bookkeeping timestamp of the row; the approval's own times are covered"

# The fields of the meeting that are fixed once an item of it is approved (at once or with the
# minutes): they are in every item's checksum.
MEETING_FACTS = (
    "id",
    "organisation",
    "body",
    "date",
    "start_time",
    "place",
    "minutes_kept_at",
    "chair",
    "approvers",
    "approval_due",
    "secretary",
    "announced_on",
    "summons_sent_at",
    "held_at",
)

# A field named in the canonical form by another name than its own: the name it had when the
# form (``FORMAT``) was fixed. Checksums made then must still verify, so the form keeps it.
SERIALISED_AS: dict[type[models.Model], dict[str, str]] = {
    Meeting: {"summons_sent_at": "notice_sent_at"},
}

COVERED: dict[type[models.Model], tuple[str, ...]] = {
    MinutesItem: (
        "id",
        "meeting",
        "agenda_item",
        "body",
        "year",
        "number",
        "position",
        "title",
        "case",
        "proposal",
        "matter",
        "basis",
        "proposal_intro",
        "proposal_points",
        "decision_intro",
        "decision_points",
        "procedure",
        "dispatch_to",
        "secret",
        "approved_at",
        "approved_immediately",
        "approval_sequence",
    ),
    # the item's checksum covers MEETING_FACTS; the minutes' checksum also these two
    Meeting: (*MEETING_FACTS, "status", "approved_on"),
    Attendance: (
        "id",
        "meeting",
        "person",
        "membership",
        "role",
        "seat_label",
        "party",
        "deputy_order",
        "called",
        "present",
        "serving_for",
        "position",
    ),
    FloorMotion: (
        "id",
        "item",
        "position",
        "person",
        "role_label",
        "party",
        "kind",
        "text",
        "points",
        "withdrawn",
    ),
    Vote: ("id", "item", "position", "method", "yes_means", "no_means", "result"),
    VoteCast: ("id", "vote", "person", "party", "choice"),
    Dissent: ("id", "item", "person", "party", "reason"),
    MinutesNote: ("id", "item", "person", "party", "text"),
    Recusal: ("id", "item", "person", "party"),
    Approval: ("id", "meeting", "item", "person", "role", "method", "at", "recorded_by"),
    Notice: (
        "id",
        "organisation",
        "kind",
        "meeting",
        "item",
        "approved_on",
        "posted_on",
        "last_day",
        "appeal_last_day",
        "minutes_kept_at",
    ),
}

# Fields covered only when they hold a value: what the identity provider vouched for at an
# approval with e-ID. An approval made another way serialises as it did before they existed,
# so the checksums made then still verify; one made with e-ID is sealed with its evidence.
COVERED_WHEN_SET: dict[type[models.Model], tuple[str, ...]] = {
    Approval: (
        "eid_issuer",
        "eid_acr",
        "eid_subject",
        "eid_token_id",
        "eid_session_id",
        "eid_auth_time",
    ),
}

_WHOLE = "__all__"

EXCLUDED: dict[type[models.Model], dict[str, str]] = {
    MinutesItem: {
        "checksum": "the checksum itself",
        "version": "optimistic-locking counter of the draft; says nothing about the content",
        "created_at": _BOOKKEEPING,
        "updated_at": _BOOKKEEPING,
    },
    Meeting: {
        "checksum": "the checksum itself",
        "created_at": _BOOKKEEPING,
        "updated_at": _BOOKKEEPING,
    },
    Notice: {
        "checksum": "the checksum itself",
        "created_at": _BOOKKEEPING,
        "updated_at": _BOOKKEEPING,
    },
    **{
        m: {"created_at": _BOOKKEEPING, "updated_at": _BOOKKEEPING}
        for m in (Attendance, FloorMotion, Vote, Dissent, MinutesNote, Recusal, Approval)
    },
    MinutesSeries: {_WHOLE: "the counter of § numbers, not part of any minutes"},
    AgendaItem: {
        _WHOLE: "the plan before the meeting; the item copies what is decided and is covered"
    },
    Correction: {
        _WHOLE: "added after approval, beside the item; append-only in the model and database"
    },
    Dispatch: {_WHOLE: "a record of sending an extract after approval; carries the file's hash"},
    SummonsRecipient: {_WHOLE: "a record of sending the summons before the meeting"},
    DecisionAssignment: {_WHOLE: "follow-up of a decision, changes state after approval"},
    AssignmentReport: {_WHOLE: "follow-up of a decision, reported after approval"},
    PrivateNote: {_WHOLE: "a person's own note on the papers; private, never part of the minutes"},
}


# ---------------------------------------------------------------------------------------------
# The key


@dataclass(frozen=True)
class Key:
    id: str
    secret: bytes


def _key_id(secret: bytes) -> str:
    return hashlib.sha256(b"uppsikt-minutes-key:" + secret).hexdigest()[:8]


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "minutes.key"


def _read_keys() -> list[str]:
    configured = getattr(settings, "UPPSIKT_MINUTES_KEY", "") or ""
    if configured:
        return [k.strip() for k in configured.split(",") if k.strip()]
    path = key_file()
    try:
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    return [value]


def keys() -> list[Key]:
    """The keys, the one that seals first."""
    return [Key(_key_id(k.encode()), k.encode()) for k in _read_keys()]


# ---------------------------------------------------------------------------------------------
# The canonical form


def _value(obj: models.Model, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return []
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def row(obj: models.Model, names: tuple[str, ...] | None = None) -> dict:
    serialised_as = SERIALISED_AS.get(type(obj), {})
    content = {
        serialised_as.get(name, name): _value(obj, name) for name in (names or COVERED[type(obj)])
    }
    if names is None:
        for name in COVERED_WHEN_SET.get(type(obj), ()):
            value = _value(obj, name)
            if value not in ("", None):
                content[name] = value
    return content


def _rows(qs) -> list[dict]:
    return [row(o) for o in qs.order_by("pk")]


def _meeting_facts(meeting: Meeting) -> dict:
    return {
        "meeting": row(meeting, MEETING_FACTS),
        "attendance": _rows(Attendance._base_manager.filter(meeting_id=meeting.pk)),
    }


def item_content(item: MinutesItem, previous: str) -> dict:
    """Everything the approval of ``item`` vouches for, and the checksum before it."""
    meeting = Meeting._base_manager.get(pk=item.meeting_id)
    votes = []
    for vote in Vote._base_manager.filter(item_id=item.pk).order_by("pk"):
        votes.append({**row(vote), "casts": _rows(VoteCast._base_manager.filter(vote_id=vote.pk))})
    if item.approved_immediately:
        approvals = Approval._base_manager.filter(item_id=item.pk)
    else:
        approvals = Approval._base_manager.filter(meeting_id=item.meeting_id, item__isnull=True)
    return {
        "format": FORMAT,
        "item": row(item),
        **_meeting_facts(meeting),
        "motions": _rows(FloorMotion._base_manager.filter(item_id=item.pk)),
        "votes": votes,
        "dissents": _rows(Dissent._base_manager.filter(item_id=item.pk)),
        "notes": _rows(MinutesNote._base_manager.filter(item_id=item.pk)),
        "recusals": _rows(Recusal._base_manager.filter(item_id=item.pk)),
        "approvals": _rows(approvals),
        "previous": previous,
    }


def meeting_content(meeting: Meeting, item_sums: list[str]) -> dict:
    return {
        "format": FORMAT,
        "minutes": row(meeting),
        **_meeting_facts(meeting),
        "approvals": _rows(Approval._base_manager.filter(meeting_id=meeting.pk, item__isnull=True)),
        "items": item_sums,
    }


def notice_content(notice: Notice, sealed: str) -> dict:
    return {"format": FORMAT, "notice": row(notice), "announces": sealed}


# ---------------------------------------------------------------------------------------------
# Sealing and checking


def _digest(secret: bytes, content) -> str:
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret, data.encode("utf-8"), hashlib.sha256).hexdigest()


def mac(content) -> str:
    key = keys()[0]
    return f"{SCHEME}:{key.id}:{_digest(key.secret, content)}"


def matches(content, stored: str) -> bool:
    """Whether ``stored`` is a keyed checksum of ``content`` by one of the keys."""
    scheme, _sep, rest = (stored or "").partition(":")
    key_id, _sep, digest = rest.partition(":")
    if scheme != SCHEME:
        return False
    for key in keys():
        if key.id == key_id:
            return hmac.compare_digest(_digest(key.secret, content), digest)
    return False


def _chain_previous(item: MinutesItem) -> MinutesItem | None:
    if not item.approval_sequence or item.approval_sequence == 1:
        return None
    return (
        MinutesItem._base_manager.filter(
            body_id=item.body_id, year=item.year, approval_sequence=item.approval_sequence - 1
        )
        .exclude(pk=item.pk)
        .first()
    )


def item_seal(item: MinutesItem) -> None:
    """Give an item being approved its place in the chain and its checksum (in memory; the
    caller saves). The body's series row is locked so that two approvals chain one after
    the other."""
    MinutesSeries.objects.select_for_update().filter(body_id=item.body_id, year=item.year).first()
    last = (
        MinutesItem._base_manager.filter(
            body_id=item.body_id, year=item.year, approval_sequence__isnull=False
        )
        .exclude(pk=item.pk)
        .order_by("-approval_sequence")
        .first()
    )
    item.approval_sequence = (last.approval_sequence + 1) if last else 1
    item.checksum = mac(item_content(item, last.checksum if last else ""))


def meeting_seal(meeting: Meeting) -> None:
    """The minutes' checksum (in memory), over the checksums of its items."""
    meeting.checksum = mac(meeting_content(meeting, _item_sums(meeting)))


def notice_seal(notice: Notice) -> None:
    """The notice's checksum, over what it announces; saved."""
    notice.checksum = mac(notice_content(notice, _announced(notice)))
    Notice.objects.filter(pk=notice.pk).update(checksum=notice.checksum)


def _item_sums(meeting: Meeting) -> list[str]:
    return list(
        MinutesItem._base_manager.filter(meeting_id=meeting.pk)
        .order_by("position", "pk")
        .values_list("checksum", flat=True)
    )


def _announced(notice: Notice) -> str:
    if notice.item_id is not None:
        return MinutesItem._base_manager.get(pk=notice.item_id).checksum
    return Meeting._base_manager.get(pk=notice.meeting_id).checksum


UNKEYED = gettext_lazy(
    "kontrollsumman är onycklad och kan vara förfalskad (från före nycklade kontrollsummor?)"
)


def _unkeyed(stored: str) -> bool:
    return bool(stored) and not stored.startswith(SCHEME + ":")


def item_problems(item: MinutesItem) -> list[str]:
    """What is wrong with an approved item's seal, as sentences; empty when it holds."""
    if _unkeyed(item.checksum):
        return [str(UNKEYED)]
    problems = []
    previous = _chain_previous(item)
    if item.approval_sequence is None:
        problems.append(_("saknar plats i justeringsordningen"))
    elif item.approval_sequence > 1 and previous is None:
        problems.append(
            _("den paragraf som justerades före (nr %(n)s i ordningen) saknas")
            % {"n": item.approval_sequence - 1}
        )
    if not matches(item_content(item, previous.checksum if previous else ""), item.checksum):
        problems.append(_("innehållet stämmer inte med kontrollsumman"))
    return problems


def meeting_problems(meeting: Meeting) -> list[str]:
    if _unkeyed(meeting.checksum):
        return [str(UNKEYED)]
    if matches(meeting_content(meeting, _item_sums(meeting)), meeting.checksum):
        return []
    return [_("protokollet stämmer inte med kontrollsumman")]


def notice_problems(notice: Notice) -> list[str]:
    if matches(notice_content(notice, _announced(notice)), notice.checksum):
        return []
    return [_("anslaget stämmer inte med kontrollsumman")]


def _legacy_item_ok(item: MinutesItem) -> bool:
    """An unkeyed SHA-256 checksum from before keyed checksums, over the content it covered."""
    from . import procedure

    return procedure.item_checksum(item) == item.checksum


def _item_refusal(item: MinutesItem, *, accept_unkeyed: bool) -> str | None:
    """Why ``item`` may not be sealed again, or ``None``."""
    legacy = not item.checksum.startswith(SCHEME + ":")
    if legacy and not accept_unkeyed:
        return f"{item.body_id}/{item.year} § {item.number} ({UNKEYED})"
    if (legacy and not _legacy_item_ok(item)) or (not legacy and item_problems(item)):
        return f"{item.body_id}/{item.year} § {item.number}"
    return None


def _meeting_verifies(meeting: Meeting, *, accept_unkeyed: bool) -> bool:
    from . import procedure

    if meeting.checksum.startswith(SCHEME + ":"):
        return not meeting_problems(meeting)
    if not accept_unkeyed:
        return False
    sums = [
        procedure.item_checksum(i)
        for i in meeting.items.select_related("case").order_by("position")
    ]
    return procedure.meeting_checksum(meeting, sums) == meeting.checksum


def reseal_all(*, accept_unkeyed: bool = False) -> int:
    """Seal every approved item, minutes and notice again with the current key, each body's
    year in the order of approval: to rotate the key, or (``accept_unkeyed``, once, right after
    the upgrade) to seal minutes that carry an unkeyed checksum from before keyed checksums.
    Refused (``DomainError``) unless everything verifies first, with the old keys or as the
    unkeyed checksum it had; returns the number of rows sealed. Unkeyed checksums are refused
    otherwise: anyone who can write the database can compute one."""
    from uppsikt.core.exceptions import DomainError

    items = list(
        MinutesItem._base_manager.filter(approved_at__isnull=False)
        .select_related("case")
        .order_by("body_id", "year", "approval_sequence", "pk")
    )
    meetings = list(Meeting._base_manager.filter(status=Meeting.Status.APPROVED).order_by("pk"))
    notices = list(Notice._base_manager.filter(kind=Notice.Kind.APPROVAL).order_by("pk"))
    bad = [r for item in items if (r := _item_refusal(item, accept_unkeyed=accept_unkeyed))]
    bad += [
        str(meeting)
        for meeting in meetings
        if not _meeting_verifies(meeting, accept_unkeyed=accept_unkeyed)
    ]
    bad += [
        f"{notice.meeting} ({_('anslag')})"
        for notice in notices
        if notice.checksum and notice_problems(notice)
    ]
    if bad:
        raise DomainError(
            _("Försegling avbruten; kontrollen misslyckas för: %(what)s") % {"what": ", ".join(bad)}
        )
    for item in items:
        previous = _chain_previous(item)
        item.checksum = mac(item_content(item, previous.checksum if previous else ""))
        MinutesItem.objects.filter(pk=item.pk).update(checksum=item.checksum)
    for meeting in meetings:
        meeting_seal(meeting)
        Meeting.objects.filter(pk=meeting.pk).update(checksum=meeting.checksum)
    for notice in notices:
        notice_seal(notice)
    return len(items) + len(meetings) + len(notices)
