"""Shared test set-up. Prerequisites outside Python (Chromium, PostgreSQL, LibreOffice) make
their tests skip with a reason, unless UPPSIKT_REQUIRE_ALL=1, where a missing one fails."""

from __future__ import annotations

import os

import pytest


def require(condition: bool, reason: str) -> None:
    """Skip (or, with UPPSIKT_REQUIRE_ALL=1, fail) when a prerequisite is missing."""
    if condition:
        return
    if os.environ.get("UPPSIKT_REQUIRE_ALL") == "1":
        pytest.fail(f"missing prerequisite (UPPSIKT_REQUIRE_ALL=1): {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def require_prerequisite():
    return require


def _flush_past_the_truncate_triggers() -> None:
    """Tests that commit (``transaction=True``) empty the database with TRUNCATE afterwards;
    on PostgreSQL the tables of approved minutes and the audit trail refuse TRUNCATE, so the
    test suite's flush runs with triggers off for its transaction (as the superuser it is)."""
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except Exception:  # noqa: BLE001 - no PostgreSQL driver: nothing to patch
        return
    from django.db import transaction

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush


_flush_past_the_truncate_triggers()


def _flush_past_the_sqlite_triggers() -> None:
    """On SQLite the tables of approved minutes refuse DELETE by triggers, and the test suite's
    flush deletes every row: it takes the triggers away for the flush and puts them back."""
    from django.db.backends.sqlite3 import base  # the operations module is imported by base

    DatabaseOperations = base.DatabaseOperations  # noqa: N806

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        from uppsikt.meetings import triggers

        triggers.uninstall(self.connection)
        try:
            original(self, sql_list)
        finally:
            triggers.install(self.connection)

    DatabaseOperations.execute_sql_flush = execute_sql_flush


_flush_past_the_sqlite_triggers()


@pytest.fixture(autouse=True)
def _swedish_before_each_test():
    """Every test starts in the default language, Swedish: a page asked for in English
    (``set_language``) leaves English active in the thread, and a later test's service messages
    would otherwise come out English."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.activate("sv")
