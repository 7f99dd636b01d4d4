"""Kept files in an S3-compatible object store (docs/deployment.md): the settings that
configure it, and the ledger's Parquet files, a rendered document and a record's file written to
and read from a bucket (moto's in-process S3), with nothing kept on local disk."""

from __future__ import annotations

import importlib.util

import pytest
from django.core.files.storage import storages

from conftest import require
from uppsikt.config.settings import s3_storage
from uppsikt.core.permissions import SYSTEM
from uppsikt.core.tests.kept_files import nothing_kept_on_disk

BUCKET = "uppsikt-kept"
REGION = "eu-north-1"


def test_the_bucket_and_its_options_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("UPPSIKT_S3_BUCKET", BUCKET)
    monkeypatch.setenv("UPPSIKT_S3_PREFIX", "/prod/")
    monkeypatch.setenv("UPPSIKT_S3_ENDPOINT_URL", "https://s3.region.internal")
    monkeypatch.setenv("UPPSIKT_S3_REGION", REGION)
    monkeypatch.setenv("UPPSIKT_S3_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("UPPSIKT_S3_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("UPPSIKT_S3_ADDRESSING_STYLE", "path")
    config = s3_storage("ledger")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"] == {
        "bucket_name": BUCKET,
        "location": "prod/ledger",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "endpoint_url": "https://s3.region.internal",
        "region_name": REGION,
        "access_key": "AKIDEXAMPLE",
        "secret_key": "secret",
        "addressing_style": "path",
    }


def test_keys_left_unset_are_left_to_boto3(monkeypatch):
    for name in ("PREFIX", "ENDPOINT_URL", "REGION", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY"):
        monkeypatch.delenv(f"UPPSIKT_S3_{name}", raising=False)
    monkeypatch.delenv("UPPSIKT_S3_ADDRESSING_STYLE", raising=False)
    monkeypatch.setenv("UPPSIKT_S3_BUCKET", BUCKET)
    options = s3_storage("files")["OPTIONS"]
    assert options["location"] == "files"
    assert not {"endpoint_url", "region_name", "access_key", "secret_key"} & set(options)


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    require(
        importlib.util.find_spec("moto") is not None
        and importlib.util.find_spec("storages") is not None,
        "moto and django-storages are not installed (pip install -e '.[test]')",
    )
    import boto3
    from moto import mock_aws

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "UPPSIKT_S3_BUCKET": BUCKET,
        "UPPSIKT_S3_PREFIX": "uppsikt",
        "UPPSIKT_S3_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        settings.STORAGES = {
            "default": s3_storage("files"),
            "ledger": s3_storage("ledger"),
            "staticfiles": settings.STORAGES["staticfiles"],
        }
        with nothing_kept_on_disk(tmp_path / "tempfiles"):
            yield client


def keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return sorted(o["Key"] for o in listing.get("Contents", []))


@pytest.mark.django_db
def test_the_voucher_rows_go_to_the_bucket_and_the_drill_down_reads_them(bucket):
    from uppsikt.finance import ledger_store, selectors
    from uppsikt.finance.tests.test_ledger import LEDGER, import_bytes
    from uppsikt.organisation.tests import factories

    org = factories.organisation()
    factories.unit(org, "RK", cost_centres=["11"])
    imp = import_bytes(org, LEDGER.encode("cp437"), "region.se").ledger_import
    prefix = f"uppsikt/ledger/{imp.transactions_file}/"
    kept = keys(bucket)
    assert kept and all(k.startswith(prefix) and k.endswith(".parquet") for k in kept)
    assert ledger_store.parts(imp.transactions_file) == [
        k.removeprefix("uppsikt/ledger/") for k in kept
    ]
    # account 4011 through February: 95 000 and 80 000 (31 January), 98 000 (29 February)
    rows, count = selectors.account_transactions(
        organisation=org, unit=None, year=2024, month=2, account="4011"
    )
    assert count == 3 and sorted(r["amount"] for r in rows) == [80000, 95000, 98000]
    # a unit's drill-down: cost centre 11 only
    page = selectors.voucher_page(
        organisation=org, unit=org.units.get(code="RK"), year=2024, month=2, account="4011"
    )
    assert page.count == 2


@pytest.mark.django_db
def test_a_failed_import_leaves_no_object_in_the_bucket(bucket, monkeypatch):
    from uppsikt.finance.services import ledger_import
    from uppsikt.finance.tests.test_ledger import LEDGER, import_bytes
    from uppsikt.organisation.tests import factories

    def fail(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(ledger_import, "audit_record", fail)
    org = factories.organisation()
    with pytest.raises(RuntimeError):
        import_bytes(org, LEDGER.encode("cp437"), "region.se")
    assert keys(bucket) == []


@pytest.mark.django_db
def test_a_rendered_document_is_kept_in_the_bucket_and_read_back(bucket):
    from uppsikt.documents import selectors, services

    row = services.rendered_store(
        kind="followup", subject="RS/2024-UR1", fmt="pdf", content=b"%PDF-1.7 x",
        data_version="v1", actor=SYSTEM,
    )  # fmt: skip
    assert keys(bucket) == [f"uppsikt/files/{row.file.name}"]
    assert selectors.rendered_content(row) == b"%PDF-1.7 x"
    assert storages["default"].exists(row.file.name)
    # the same content again is the same object, not a second one
    again = services.rendered_store(
        kind="followup", subject="RS/2024-UR2", fmt="pdf", content=b"%PDF-1.7 x",
        data_version="v1", actor=SYSTEM,
    )  # fmt: skip
    assert again.file.name == row.file.name and len(keys(bucket)) == 1
