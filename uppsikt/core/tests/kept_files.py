"""The proof that kept files go only to the configured storage (docs/adr/0012).

The file-handling tests (``FILE_HANDLING`` below, or a test marked ``storage``) run twice, with
the filesystem storage and with Django's ``InMemoryStorage`` (``conftest.py``). Under the
in-memory storage, ``nothing_kept_on_disk`` watches the data directory and the filesystem
storages' folders, and gives the test a temporary folder of its own (``tempfile`` and
``TMPDIR``): the test fails when a file appears or changes in a watched folder, or when a
temporary working file outlives it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The test modules (or single tests, ``path::name``) that keep files: uploads, records' files, rendered documents, the ledger's
# Parquet files, HR extracts, archive packages, minutes and extracts, downloads.
FILE_HANDLING = frozenset(
    {
        "uppsikt/archive/tests/test_export.py",
        "uppsikt/cases/tests/test_register.py::test_a_record_keeps_its_attached_files",
        "uppsikt/cases/tests/test_register.py::test_an_upload_over_the_size_limit_is_refused",
        "uppsikt/core/tests/test_jobs.py",
        "uppsikt/core/tests/test_kept_files.py",
        "uppsikt/documents/tests/test_render_keep.py",
        "uppsikt/documents/tests/test_storage.py",
        "uppsikt/finance/tests/test_ledger.py",
        "uppsikt/finance/tests/test_vouchers.py",
        "uppsikt/meetings/tests/test_summons_render.py",
        "uppsikt/workforce/tests/test_abandoned_upload.py",
        "uppsikt/workforce/tests/test_views.py",
    }
)
KINDS = ("filesystem", "memory")


def snapshot(roots) -> dict[str, tuple[int, int]]:
    """Every file under ``roots``: its path → (size, modification time in ns)."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:  # removed while walking
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def changes(before: dict, after: dict) -> list[str]:
    """The files that appeared or changed between two snapshots, sorted."""
    return sorted(path for path, seen in after.items() if before.get(path) != seen)


def watched_roots() -> list[Path]:
    from django.conf import settings

    roots = {Path(settings.DATA_DIR), Path(settings.UPPSIKT_LEDGER_DIR)}
    roots.add(Path(getattr(settings, "UPPSIKT_MEDIA_DIR", settings.DATA_DIR)))
    return sorted(root for root in roots if root.exists())


@contextmanager
def nothing_kept_on_disk(own_temp: Path) -> Iterator[None]:
    """Fail (AssertionError) when the block writes a file to a watched folder, or leaves one in
    ``own_temp``, the temporary folder it is given."""
    own_temp.mkdir(parents=True, exist_ok=True)
    roots = watched_roots()
    before = snapshot(roots)
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(own_temp)
    os.environ["TMPDIR"] = str(own_temp)
    try:
        yield
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
    written = changes(before, snapshot(roots))
    left = sorted(str(p) for p in own_temp.rglob("*") if p.is_file())
    assert not written, f"kept outside the configured storage: {written}"
    assert not left, f"temporary files left behind: {left}"
