"""Every kept file goes to the configured storage, and only there (docs/adr/0012).

This module is a file-handling one (kept_files.FILE_HANDLING): each test runs with the
filesystem storage and with Django's InMemoryStorage, and under the latter the data directory and
the filesystem storages' folders are watched, so that a file written past the storage fails it.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import polars as pl
import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from uppsikt.core.permissions import SYSTEM
from uppsikt.core.tests.kept_files import changes, nothing_kept_on_disk, snapshot
from uppsikt.documents import selectors as document_selectors
from uppsikt.documents import services as document_services
from uppsikt.finance import ledger_store, selectors
from uppsikt.finance.models import LedgerImport
from uppsikt.finance.services import ledger_import
from uppsikt.finance.tests.test_ledger import LEDGER, import_bytes
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db

STORAGE_CLASS = {"filesystem": FileSystemStorage, "memory": InMemoryStorage}


@pytest.fixture
def org():
    org = factories.organisation()
    factories.unit(org, "RK", cost_centres=["11"])
    return org


def test_the_test_runs_with_the_storage_of_its_id(kept_files):
    assert isinstance(storages["default"], STORAGE_CLASS[kept_files])
    assert isinstance(storages["ledger"], STORAGE_CLASS[kept_files])
    assert isinstance(ledger_store.storage(), STORAGE_CLASS[kept_files])


def test_the_voucher_rows_are_kept_in_the_ledger_storage_and_read_back(org, kept_files):
    imp = import_bytes(org, LEDGER.encode("cp437"), "region.se").ledger_import
    parts = ledger_store.parts(imp.transactions_file)
    assert parts and all(p.startswith(f"{org.slug}/{imp.pk}-") for p in parts)
    with storages["ledger"].open(parts[0], "rb") as handle:
        rows = pl.read_parquet(io.BytesIO(handle.read()))
    assert rows.height > 0 and {"account", "period", "cents"} <= set(rows.columns)
    # the drill-down reads them from there: account 4011 on cost centre 11, January and
    # February (test_vouchers.py reads the same ledger by hand)
    found, count = selectors.account_transactions(
        organisation=org, unit=None, year=2024, month=2, account="4011"
    )
    assert count == 3
    assert sorted(r["amount"] for r in found) == [80000, 95000, 98000]  # SIE sign: costs


def test_an_import_whose_transaction_fails_keeps_no_voucher_file(org, kept_files, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(ledger_import, "audit_record", fail)
    with pytest.raises(RuntimeError):
        import_bytes(org, LEDGER.encode("cp437"), "region.se")
    assert not LedgerImport.objects.exists()
    store = storages["ledger"]
    folders = store.listdir(org.slug)[0] if store.exists(org.slug) else []
    assert [part for f in folders for part in ledger_store.parts(f"{org.slug}/{f}")] == []


def test_a_rendered_document_is_kept_in_the_default_storage(kept_files):
    row = document_services.rendered_store(
        kind="followup", subject="RS/2024-UR1", fmt="pdf", content=b"%PDF-1.7 x",
        data_version="v1", actor=SYSTEM,
    )  # fmt: skip
    assert storages["default"].exists(row.file.name)
    assert document_selectors.rendered_content(row) == b"%PDF-1.7 x"


def test_an_hr_upload_is_staged_in_the_default_storage_and_removed_by_its_import(
    client, kept_files, settings
):
    from django.urls import reverse

    from uppsikt.organisation.models import Role
    from uppsikt.workforce.tests.test_import import ABSENCES, EMPLOYEES, EMPLOYMENTS

    org = factories.organisation()
    factories.unit(org, "RK")
    user = factories.user("hr")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    response = client.post(
        reverse("workforce:import"),
        {
            "employees": SimpleUploadedFile("employees.csv", EMPLOYEES.encode()),
            "employments": SimpleUploadedFile("employments.csv", EMPLOYMENTS.encode()),
            "absences": SimpleUploadedFile("absences.csv", ABSENCES.encode()),
        },
    )
    assert response.status_code in (200, 302)
    # the import ran at once (tests) and removed its three uploads from the storage
    store = storages["default"]
    assert not store.exists("uploads/hr") or store.listdir("uploads/hr")[1] == []


def test_the_watch_finds_a_file_written_past_the_storage_and_a_temporary_file_left(tmp_path):
    stray = Path(settings.DATA_DIR) / "stray-kept-file.txt"
    with (
        pytest.raises(AssertionError, match="kept outside the configured storage"),
        nothing_kept_on_disk(tmp_path / "own"),
    ):
        stray.write_text("x")
    stray.unlink()
    with (
        pytest.raises(AssertionError, match="temporary files left behind"),
        nothing_kept_on_disk(tmp_path / "own2"),
        tempfile.NamedTemporaryFile(delete=False) as left,
    ):
        left.write(b"x")
    assert Path(left.name).parent == tmp_path / "own2"


def test_snapshots_tell_new_and_changed_files_apart_from_unchanged_ones(tmp_path):
    (tmp_path / "same").write_text("a")
    (tmp_path / "changed").write_text("a")
    before = snapshot([tmp_path])
    (tmp_path / "changed").write_text("ab")
    (tmp_path / "new").write_text("a")
    assert changes(before, snapshot([tmp_path])) == [
        str(tmp_path / "changed"),
        str(tmp_path / "new"),
    ]


def test_settings_without_a_ledger_storage_keep_the_rows_in_the_ledger_folder(settings, tmp_path):
    settings.STORAGES = {"default": settings.STORAGES["default"]}
    settings.UPPSIKT_LEDGER_DIR = tmp_path / "ledger"
    store = ledger_store.storage()
    assert isinstance(store, FileSystemStorage)
    assert Path(store.location) == tmp_path / "ledger"
