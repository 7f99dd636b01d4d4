# ruff: noqa: S608 - fixed table and column names, no input
"""The database's own refusal to change approved minutes, on PostgreSQL and SQLite.

The same rules as the models (``sealed``), written as triggers so that SQL written around the
models is refused too:

* an approved item: only its ``checksum`` may be rewritten (re-sealing); never deleted;
* the motions, votes, dissents, notes and recusals of an approved item, and the votes cast in
  its votes: none added, changed or removed;
* the attendance and the approvers of a meeting with an approved item or approved minutes:
  none added, changed or removed;
* the meeting itself: once an item is approved only its status, approval day and checksum may
  change; once the minutes are approved only the checksum;
* signatures of an approved item or of approved minutes; corrections (always): never changed
  or removed;
* a notice of approval: only its posting day (at most two days after approval), its last day
  and appeal day (three weeks after posting, moved past holidays: 21–28 days) and its checksum
  may change (``notice_repost``, which seals it again); never removed. A change within those
  bounds made around the service is found by the notice's checksum;
* on PostgreSQL, ``TRUNCATE`` of any of these tables is refused (of the audit trail too, by
  the ``core`` migration ``audit_no_truncate``).

Installed by the ``meetings`` migration ``minutes_integrity`` and again after every
``migrate`` (``post_migrate``): SQLite drops a table's triggers when a later migration rebuilds
the table, and the SQLite triggers name the columns they compare.
"""

from __future__ import annotations

MESSAGE = "approved minutes cannot be changed"

ITEM_PARTS = [
    "meetings_floormotion",
    "meetings_vote",
    "meetings_dissent",
    "meetings_minutesnote",
    "meetings_recusal",
]
TRUNCATE_REFUSED = [
    "meetings_meeting",
    "meetings_meeting_approvers",
    "meetings_attendance",
    "meetings_minutesitem",
    *ITEM_PARTS,
    "meetings_votecast",
    "meetings_approval",
    "meetings_correction",
    "meetings_notice",
]

# ---------------------------------------------------------------------------------------------
# PostgreSQL

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION uppsikt_item_approved(p_item bigint) RETURNS boolean AS $$
    SELECT EXISTS (
        SELECT 1 FROM meetings_minutesitem WHERE id = p_item AND approved_at IS NOT NULL)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION uppsikt_meeting_sealed(p_meeting bigint) RETURNS boolean AS $$
    SELECT EXISTS (SELECT 1 FROM meetings_meeting WHERE id = p_meeting AND status = 'approved')
        OR EXISTS (SELECT 1 FROM meetings_minutesitem
                   WHERE meeting_id = p_meeting AND approved_at IS NOT NULL)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION uppsikt_only_changed(old_row jsonb, new_row jsonb, allowed text[])
RETURNS boolean AS $$
    SELECT (old_row - allowed) = (new_row - allowed)
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION uppsikt_minutes_item_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.approved_at IS NOT NULL THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
        IF NOT uppsikt_only_changed(to_jsonb(OLD), to_jsonb(NEW), ARRAY['checksum']) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_minutes_part_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF uppsikt_item_approved(OLD.item_id) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF uppsikt_item_approved(NEW.item_id) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_vote_cast_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF uppsikt_item_approved((SELECT item_id FROM meetings_vote WHERE id = OLD.vote_id)) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF uppsikt_item_approved((SELECT item_id FROM meetings_vote WHERE id = NEW.vote_id)) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_meeting_part_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF uppsikt_meeting_sealed(OLD.meeting_id) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF uppsikt_meeting_sealed(NEW.meeting_id) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_approval_immutable() RETURNS trigger AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT OLD.item_id AS item_id, OLD.meeting_id AS meeting_id
             WHERE TG_OP IN ('UPDATE', 'DELETE')
             UNION ALL
             SELECT NEW.item_id, NEW.meeting_id WHERE TG_OP IN ('INSERT', 'UPDATE') LOOP
        IF (r.item_id IS NOT NULL AND uppsikt_item_approved(r.item_id))
           OR (r.item_id IS NULL AND EXISTS (
               SELECT 1 FROM meetings_meeting WHERE id = r.meeting_id AND status = 'approved'))
        THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END LOOP;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_meeting_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'approved' THEN
        IF TG_OP = 'DELETE'
           OR NOT uppsikt_only_changed(to_jsonb(OLD), to_jsonb(NEW), ARRAY['checksum']) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    ELSIF uppsikt_meeting_sealed(OLD.id) THEN
        IF TG_OP = 'DELETE' OR NOT uppsikt_only_changed(
            to_jsonb(OLD), to_jsonb(NEW),
            ARRAY['status', 'approved_on', 'checksum', 'updated_at']) THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_notice_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.kind = 'approval' THEN
        IF TG_OP = 'DELETE' OR NOT uppsikt_only_changed(
            to_jsonb(OLD), to_jsonb(NEW),
            ARRAY['posted_on', 'last_day', 'appeal_last_day', 'checksum', 'updated_at'])
           OR NOT (NEW.posted_on BETWEEN OLD.approved_on AND OLD.approved_on + 2)
           OR NOT (NEW.appeal_last_day BETWEEN NEW.posted_on + 21 AND NEW.posted_on + 28)
           OR NEW.last_day IS DISTINCT FROM NEW.appeal_last_day THEN
            RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = '{MESSAGE} (' || TG_TABLE_NAME || ')';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION uppsikt_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE =
        TG_TABLE_NAME || ' cannot be truncated: it holds records that must be kept';
END;
$$ LANGUAGE plpgsql;
"""

_PG_ROW_TRIGGERS = [
    ("meetings_minutesitem", "UPDATE OR DELETE", "uppsikt_minutes_item_immutable"),
    *((t, "INSERT OR UPDATE OR DELETE", "uppsikt_minutes_part_immutable") for t in ITEM_PARTS),
    ("meetings_votecast", "INSERT OR UPDATE OR DELETE", "uppsikt_vote_cast_immutable"),
    ("meetings_attendance", "INSERT OR UPDATE OR DELETE", "uppsikt_meeting_part_immutable"),
    (
        "meetings_meeting_approvers",
        "INSERT OR UPDATE OR DELETE",
        "uppsikt_meeting_part_immutable",
    ),
    ("meetings_approval", "INSERT OR UPDATE OR DELETE", "uppsikt_approval_immutable"),
    ("meetings_meeting", "UPDATE OR DELETE", "uppsikt_meeting_immutable"),
    ("meetings_notice", "UPDATE OR DELETE", "uppsikt_notice_immutable"),
    ("meetings_correction", "UPDATE OR DELETE", "uppsikt_append_only"),
]


def _pg_install() -> str:
    sql = [_PG_FUNCTIONS]
    for table, events, function in _PG_ROW_TRIGGERS:
        sql.append(
            f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};\n"
            f"CREATE TRIGGER {table}_immutable BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}();\n"
        )
    for table in TRUNCATE_REFUSED:
        sql.append(
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n"
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION uppsikt_refuse_truncate();\n"
        )
    return "".join(sql)


def _pg_uninstall() -> str:
    sql = [
        f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};\n"
        for table, _events, _fn in _PG_ROW_TRIGGERS
    ]
    sql += [f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t};\n" for t in TRUNCATE_REFUSED]
    return "".join(sql)


# ---------------------------------------------------------------------------------------------
# SQLite

_ITEM_APPROVED = (
    "EXISTS (SELECT 1 FROM meetings_minutesitem WHERE id = {0} AND approved_at IS NOT NULL)"
)
_MEETING_APPROVED = "EXISTS (SELECT 1 FROM meetings_meeting WHERE id = {0} AND status = 'approved')"
_MEETING_SEALED = (
    "(" + _MEETING_APPROVED + " OR EXISTS (SELECT 1 FROM meetings_minutesitem "
    "WHERE meeting_id = {0} AND approved_at IS NOT NULL))"
)
_VOTE_APPROVED = _ITEM_APPROVED.format("(SELECT item_id FROM meetings_vote WHERE id = {0})")
_APPROVAL_SEALED = (
    "(({0}.item_id IS NOT NULL AND " + _ITEM_APPROVED.format("{0}.item_id") + ") OR "
    "({0}.item_id IS NULL AND " + _MEETING_APPROVED.format("{0}.meeting_id") + "))"
)


def _changed(columns: list[str], allowed: set[str]) -> str:
    parts = [f'NEW."{c}" IS NOT OLD."{c}"' for c in columns if c not in allowed]
    return "(" + " OR ".join(parts) + ")"


def _sqlite_rules(columns) -> list[tuple[str, str, str]]:
    """(table, event, condition) for every trigger."""
    rules = []
    item_cols = columns("meetings_minutesitem")
    rules += [
        ("meetings_minutesitem", "DELETE", "OLD.approved_at IS NOT NULL"),
        (
            "meetings_minutesitem",
            "UPDATE",
            f"OLD.approved_at IS NOT NULL AND {_changed(item_cols, {'checksum'})}",
        ),
    ]
    for table in ITEM_PARTS:
        rules += [
            (table, "INSERT", _ITEM_APPROVED.format("NEW.item_id")),
            (table, "DELETE", _ITEM_APPROVED.format("OLD.item_id")),
            (
                table,
                "UPDATE",
                f"{_ITEM_APPROVED.format('OLD.item_id')} OR {_ITEM_APPROVED.format('NEW.item_id')}",
            ),
        ]
    rules += [
        ("meetings_votecast", "INSERT", _VOTE_APPROVED.format("NEW.vote_id")),
        ("meetings_votecast", "DELETE", _VOTE_APPROVED.format("OLD.vote_id")),
        (
            "meetings_votecast",
            "UPDATE",
            f"{_VOTE_APPROVED.format('OLD.vote_id')} OR {_VOTE_APPROVED.format('NEW.vote_id')}",
        ),
    ]
    for table in ("meetings_attendance", "meetings_meeting_approvers"):
        rules += [
            (table, "INSERT", _MEETING_SEALED.format("NEW.meeting_id")),
            (table, "DELETE", _MEETING_SEALED.format("OLD.meeting_id")),
            (
                table,
                "UPDATE",
                f"{_MEETING_SEALED.format('OLD.meeting_id')} OR "
                f"{_MEETING_SEALED.format('NEW.meeting_id')}",
            ),
        ]
    rules += [
        ("meetings_approval", "INSERT", _APPROVAL_SEALED.format("NEW")),
        ("meetings_approval", "DELETE", _APPROVAL_SEALED.format("OLD")),
        (
            "meetings_approval",
            "UPDATE",
            f"{_APPROVAL_SEALED.format('OLD')} OR {_APPROVAL_SEALED.format('NEW')}",
        ),
    ]
    meeting_cols = columns("meetings_meeting")
    completing = {"status", "approved_on", "checksum", "updated_at"}
    rules += [
        ("meetings_meeting", "DELETE", _MEETING_SEALED.format("OLD.id")),
        (
            "meetings_meeting",
            "UPDATE",
            f"(OLD.status = 'approved' AND {_changed(meeting_cols, {'checksum'})}) OR "
            f"({_MEETING_SEALED.format('OLD.id')} AND {_changed(meeting_cols, completing)})",
        ),
    ]
    notice_cols = columns("meetings_notice")
    reposting = {"posted_on", "last_day", "appeal_last_day", "checksum", "updated_at"}
    rules += [
        ("meetings_notice", "DELETE", "OLD.kind = 'approval'"),
        (
            "meetings_notice",
            "UPDATE",
            f"OLD.kind = 'approval' AND ({_changed(notice_cols, reposting)} OR "
            "NEW.posted_on NOT BETWEEN OLD.approved_on AND date(OLD.approved_on, '+2 days') OR "
            "NEW.appeal_last_day NOT BETWEEN date(NEW.posted_on, '+21 days') "
            "AND date(NEW.posted_on, '+28 days') OR NEW.last_day IS NOT NEW.appeal_last_day)",
        ),
        ("meetings_correction", "DELETE", "1"),
        ("meetings_correction", "UPDATE", "1"),
    ]
    return rules


def _sqlite_statements(connection) -> tuple[list[str], list[str]]:
    with connection.cursor() as cursor:

        def columns(table):
            return [c.name for c in connection.introspection.get_table_description(cursor, table)]

        rules = _sqlite_rules(columns)
    drops, creates = [], []
    for n, (table, event, condition) in enumerate(rules):
        name = f"uppsikt_sealed_{table}_{event.lower()}_{n}"
        drops.append(f"DROP TRIGGER IF EXISTS {name}")
        creates.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
            f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE} ({table})'); END"
        )
    return drops, creates


def _sqlite_existing(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'uppsikt_sealed_%'"
        )
        return [r[0] for r in cursor.fetchall()]


# ---------------------------------------------------------------------------------------------


def install(connection) -> None:
    """Create (or replace) the triggers on this database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_pg_install())
    elif connection.vendor == "sqlite":
        uninstall(connection)
        _drops, creates = _sqlite_statements(connection)
        with connection.cursor() as cursor:
            for statement in creates:
                cursor.execute(statement)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_pg_uninstall())
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in _sqlite_existing(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
