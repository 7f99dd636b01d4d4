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


@pytest.fixture(autouse=True)
def _reference_data_forgotten():
    """Every test reads the organisation and the menus from its own database: a row of an
    earlier test's (rolled back, its key perhaps reused) is never kept for the next."""
    from uppsikt.core import kept_pages
    from uppsikt.organisation import reference

    reference.forget()
    kept_pages.forget_all()


def pytest_generate_tests(metafunc):
    """The file-handling tests run with each storage (docs/adr/0012): parametrised over
    ``kept_files`` = filesystem | memory, named in their ids (``[memory]``)."""
    from uppsikt.core.tests.kept_files import FILE_HANDLING, KINDS

    path = metafunc.definition.path
    try:
        relative = path.relative_to(metafunc.config.rootpath).as_posix()
    except ValueError:
        relative = ""
    named = {relative, f"{relative}::{metafunc.function.__name__}"}
    if named & FILE_HANDLING or metafunc.definition.get_closest_marker("storage"):
        if "kept_files" not in metafunc.fixturenames:
            metafunc.fixturenames.insert(0, "kept_files")
        metafunc.parametrize("kept_files", KINDS, indirect=True)


@pytest.fixture
def kept_files(request, settings, tmp_path_factory):
    """The storage of a file-handling test: the filesystem one (this run's folders) or Django's
    in-memory storage, under which nothing may be written to disk outside a temporary folder
    the test is given and which it must leave empty."""
    from uppsikt.config.test import storages_for_tests
    from uppsikt.core.tests.kept_files import nothing_kept_on_disk

    kind = getattr(request, "param", settings.UPPSIKT_TEST_STORAGE)
    settings.STORAGES = storages_for_tests(kind)
    if kind != "memory":
        yield kind
        return
    tmp_path_factory.getbasetemp()  # pytest's own folder is made before the watch starts
    with nothing_kept_on_disk(tmp_path_factory.mktemp("tempfiles", numbered=True)):
        yield kind
