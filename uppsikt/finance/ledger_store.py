"""Where the voucher rows' Parquet files are kept: the storage named ``ledger`` (docs/adr/0008,
docs/adr/0012). Only this module knows where that is.

An import's rows are a folder of part files, ``<name>/part-NNNNN.parquet``, its name kept in
``LedgerImport.transactions_file``. While an import reads its file, the parts are written into a
*staging* folder on local disk: inside the storage's own folder when the storage is on local disk
(so that keeping them is one rename, as fast as before), else a temporary folder, whose parts are
copied into the storage when the import's transaction keeps them and which is removed whatever
happens. Reading scans the files by path on local disk, and otherwise reads them through
``Storage.open`` (an object store, the in-memory storage of the tests).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

STORAGE = "ledger"
TEMP_PREFIX = "uppsikt-ledger-"


def storage() -> Storage:
    """The storage ``ledger``; where STORAGES names none (settings of one's own written before
    it), the folder ``UPPSIKT_LEDGER_DIR`` on local disk, as before."""
    if STORAGE in settings.STORAGES:
        return storages[STORAGE]
    return FileSystemStorage(location=settings.UPPSIKT_LEDGER_DIR)


def _local_root(store: Storage) -> Path | None:
    """The folder of a storage on local disk, None for any other storage."""
    if isinstance(store, FileSystemStorage):
        return Path(store.location)
    return None


def staging(prefix: str) -> Path:
    """A new empty local folder for an import's part files, named ``<prefix>-<random>``."""
    name = f"{prefix}-{uuid.uuid4().hex}"
    root = _local_root(storage())
    if root is not None:
        folder = root / name
        folder.mkdir(parents=True)
        return folder
    return Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{name}-"))


def discard(folder: Path) -> None:
    """Remove a staging folder and what is left in it."""
    shutil.rmtree(folder, ignore_errors=True)


def move_in(folder: Path, name: str) -> None:
    """Keep the part files of a staging folder as ``name``. On local disk the folder is renamed;
    otherwise each part is copied into the storage (and the folder is left for ``discard``)."""
    store = storage()
    root = _local_root(store)
    if root is not None:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        folder.rename(target)
        return
    for part in sorted(folder.glob("*.parquet")):
        with part.open("rb") as handle:
            wanted = f"{name}/{part.name}"
            kept = store.save(wanted, File(handle, name=part.name))
        if kept != wanted:  # names are fresh; a clash means another import wrote here
            store.delete(kept)
            raise FileExistsError(wanted)


def parts(name: str) -> list[str]:
    """The storage names of a kept import's part files, in order; [] when none are kept."""
    store = storage()
    try:
        _dirs, files = store.listdir(name)
    except FileNotFoundError:
        return []
    return [f"{name}/{f}" for f in sorted(files) if f.endswith(".parquet")]


def remove(name: str) -> None:
    """Remove a kept import's files (after its transaction failed)."""
    store = storage()
    root = _local_root(store)
    if root is not None:
        shutil.rmtree(root / name, ignore_errors=True)
        return
    for part in parts(name):
        store.delete(part)


def remove_staging(prefix: str) -> None:
    """Remove the staging folders named ``<prefix>-…`` that a dead import left behind (its job's
    clean-up): in the storage's folder on local disk, and in this machine's temporary folder."""
    root = _local_root(storage())
    if root is not None and root.is_dir():
        for folder in root.glob(f"{prefix}-*"):
            shutil.rmtree(folder, ignore_errors=True)
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}{prefix}-*"):
        shutil.rmtree(folder, ignore_errors=True)


def scan(names):
    """A lazy frame over the part files of the kept imports ``names`` (imports whose files are
    missing are left out), or None when there are none. Polars scans the files by path on
    local disk, so that only the row groups the filters need are read; from any other storage
    the files are read through ``Storage.open``."""
    import polars as pl

    store = storage()
    root = _local_root(store)
    if root is not None:
        globs = [str(root / name / "*.parquet") for name in names if (root / name).is_dir()]
        return pl.scan_parquet(globs) if globs else None
    sources = []
    for name in names:
        for part in parts(name):
            with store.open(part, "rb") as handle:
                sources.append(io.BytesIO(handle.read()))
    return pl.scan_parquet(sources) if sources else None
