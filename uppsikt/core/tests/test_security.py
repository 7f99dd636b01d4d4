"""Rich text sanitising, upload checks, production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uppsikt.core.exceptions import DomainError
from uppsikt.core.html_sanitize import sanitize
from uppsikt.core.uploads import MB, check_upload


def test_sanitize_keeps_simple_formatting():
    html = (
        "<h2>Mål</h2><p>Text med <strong>fet</strong> och <em>kursiv</em>.</p><ul><li>en</li></ul>"
    )
    assert sanitize(html) == html


def test_sanitize_removes_scripts_handlers_and_javascript_links():
    dirty = (
        '<p onclick="alert(1)">Hej<script>alert(2)</script></p>'
        '<a href="javascript:alert(3)">x</a><img src=x onerror=alert(4)>'
        '<a href="https://www.regionhalland.se/">länk</a><style>p{}</style>'
    )
    clean = sanitize(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "<img" not in clean and "<style" not in clean
    assert (
        '<a href="https://www.regionhalland.se/" rel="noopener noreferrer nofollow">länk</a>'
        in clean
    )


def test_upload_of_allowed_type_passes():
    check_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."), allowed={".pdf"})


def test_upload_with_wrong_extension_is_refused():
    with pytest.raises(DomainError, match="inte tillåten"):
        check_upload(SimpleUploadedFile("a.exe", b"MZ"), allowed={".pdf"})


def test_upload_that_lies_about_its_type_is_refused():
    with pytest.raises(DomainError, match="inte en giltig .pdf-fil"):
        check_upload(SimpleUploadedFile("a.pdf", b"<html>"), allowed={".pdf"})


def test_upload_over_the_limit_is_refused():
    big = SimpleUploadedFile("a.csv", b"x" * (MB + 1))
    with pytest.raises(DomainError, match="för stor"):
        check_upload(big, allowed={".csv"}, max_bytes=MB)
    check_upload(SimpleUploadedFile("b.csv", b"x" * MB), allowed={".csv"}, max_bytes=MB)


def test_binary_file_posing_as_csv_is_refused():
    with pytest.raises(DomainError, match="inte en textfil"):
        check_upload(SimpleUploadedFile("a.csv", b"a,b\x00c"), allowed={".csv"})


def test_a_compressed_file_posing_as_text_is_refused_with_a_clear_message():
    import gzip

    packed = gzip.compress(b"a,b\n1,2\n")
    with pytest.raises(DomainError, match="gzip-komprimerad; packa upp den"):
        check_upload(SimpleUploadedFile("a.csv", packed), allowed={".csv"})


def test_production_settings_pass_the_deployment_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uppsikt.config.production",
        "UPPSIKT_SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop",
        "UPPSIKT_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests in this process
    result = subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_the_demos_test_e_id(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uppsikt.config.production",
        "UPPSIKT_SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop",
        "UPPSIKT_DATA_DIR": str(tmp_path),
        "UPPSIKT_DEMO_EID": "1",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "UPPSIKT_DEMO_EID" in result.stderr + result.stdout
